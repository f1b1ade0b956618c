/* Loading a protocol pack: the document, its sources, and the shared checking helpers. */
#include "pack_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const top_keys[] = {
    "format",    "name",     "version",    "title",     "sources",         "?omitted",
    "devices",   "settings", "skin",       "zones",     "mapping",         "indications",
    "rest",      "home",     "vocabulary", "screening", "session",         "density",
    "aftercare", "outcomes", "records",    "refusals",  "evaluated_depth", "adjustments",
    NULL};

int np_ld_nomem(struct np_loader *ld)
{
	(void)ld;
	return np_error_set(NP_ENOMEM, "out of memory loading the protocol pack");
}

int np_ld_list(struct np_loader *ld, const json_t *obj, const char *key, json_t **out, size_t *n)
{
	return np_jv_list(&ld->jv, obj, key, out, n);
}

int np_ld_unique(struct np_loader *ld, const char *id, const char *const *seen, size_t n_seen)
{
	for (size_t i = 0; i < n_seen; i++)
		if (seen[i] && strcmp(seen[i], id) == 0)
			return np_jv_fail(&ld->jv, "duplicate id '%s'", id);
	return 0;
}

int np_ld_sources(struct np_loader *ld, const json_t *obj, const char *key, struct np_sources *out)
{
	json_t *arr;
	size_t n;
	NP_TRY(np_ld_list(ld, obj, key, &arr, &n));
	out->v = np_arena_array(ld->arena, n, sizeof *out->v);
	if (out->v == NULL)
		return np_ld_nomem(ld);
	out->n = n;
	size_t mark = np_jv_key(&ld->jv, key);
	for (size_t i = 0; i < n; i++) {
		const char *id;
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(np_jv_string_value(&ld->jv, json_array_get(arr, i), &id));
		out->v[i] = np_pack_source(ld->pack, id);
		if (out->v[i] == NULL)
			return np_jv_fail(&ld->jv,
			                  "unknown source '%s': expected an id from sources", id);
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

int np_ld_devices(struct np_loader *ld, const json_t *obj, const char *key, unsigned *out)
{
	json_t *arr;
	size_t n;
	NP_TRY(np_ld_list(ld, obj, key, &arr, &n));
	size_t mark = np_jv_key(&ld->jv, key);
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		const char *id;
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(np_jv_string_value(&ld->jv, json_array_get(arr, i), &id));
		int d = np_pack_device(id);
		if (d < 0)
			return np_jv_fail(
			    &ld->jv, "unknown device '%s': expected pen, roller, stamp or rf", id);
		*out |= 1u << d;
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

int np_ld_strings(struct np_loader *ld, const json_t *obj, const char *key, const char ***out,
                  size_t *n)
{
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&ld->jv, obj, key, &arr));
	*n = arr ? json_array_size(arr) : 0;
	*out = np_arena_array(ld->arena, *n ? *n : 1, sizeof **out);
	if (*out == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, key);
	for (size_t i = 0; i < *n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(np_jv_string_value(&ld->jv, json_array_get(arr, i), &(*out)[i]));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

/* What a reviewer needs to find a source: who, what, where, when. The citation line the program
 * prints is composed from them. */
static int source_fields(struct np_loader *ld, const json_t *s, struct np_source *src)
{
	NP_TRY(np_jv_string(&ld->jv, s, "authors", &src->authors));
	NP_TRY(np_jv_string(&ld->jv, s, "body", &src->body));
	NP_TRY(np_jv_string(&ld->jv, s, "title", &src->title));
	NP_TRY(np_jv_string(&ld->jv, s, "venue", &src->venue));
	NP_TRY(np_jv_string(&ld->jv, s, "url", &src->url));
	NP_TRY(np_jv_string(&ld->jv, s, "year", &src->year));
	NP_TRY(np_jv_string(&ld->jv, s, "note", &src->note));
	if ((src->authors == NULL) == (src->body == NULL))
		return np_jv_fail(&ld->jv,
		                  "source '%s' cannot be found from what the pack says: "
		                  "expected its authors or the body that published it, "
		                  "not both",
		                  src->id);
	if (src->venue == NULL && src->url == NULL)
		return np_jv_fail(&ld->jv,
		                  "source '%s' cannot be found from what the pack says: "
		                  "expected its venue (journal, series, manual) or a URL",
		                  src->id);
	bool year = strcmp(src->year, "n.d.") == 0 ||
	            (strlen(src->year) == 4 && strspn(src->year, "0123456789") == 4);
	if (!year) {
		np_jv_key(&ld->jv, "year");
		return np_jv_fail(&ld->jv,
		                  "expected a year such as 2014, or n.d. for an undated "
		                  "page, got '%s'",
		                  src->year);
	}
	char line[2048];
	snprintf(line, sizeof line, "%s. %s. %s%s%s, %s", src->authors ? src->authors : src->body,
	         src->title, src->venue ? src->venue : "", src->venue && src->url ? ", " : "",
	         src->url ? src->url : "", src->year);
	char *c = np_arena_strdup(ld->arena, line);
	if (c == NULL)
		return np_ld_nomem(ld);
	src->citation = c;
	return 0;
}

static int load_sources(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"id",     "tier", "?authors", "?body", "title",
	                                   "?venue", "?url", "year",     "?note", NULL};
	json_t *arr;
	size_t n;
	NP_TRY(np_ld_list(ld, root, "sources", &arr, &n));
	struct np_pack *p = ld->pack;
	p->sources = np_arena_array(ld->arena, n, sizeof *p->sources);
	if (p->sources == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "sources");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *s = json_array_get(arr, i);
		struct np_source *src = &p->sources[i];
		const char *tier = NULL;
		NP_TRY(np_jv_object(&ld->jv, s, keys));
		NP_TRY(np_jv_string(&ld->jv, s, "id", &src->id));
		NP_TRY(np_jv_string(&ld->jv, s, "tier", &tier));
		if (np_pack_source(p, src->id) != NULL) {
			size_t k = np_jv_key(&ld->jv, "id");
			NP_TRY(np_jv_fail(&ld->jv, "duplicate source id '%s'", src->id));
			np_jv_pop(&ld->jv, k);
		}
		src->tier = NP_TIER_COUNT;
		for (int t = 0; t < NP_TIER_COUNT; t++)
			if (strcmp(tier, np_tier_name((enum np_tier)t)) == 0)
				src->tier = (enum np_tier)t;
		if (src->tier == NP_TIER_COUNT) {
			np_jv_key(&ld->jv, "tier");
			return np_jv_fail(
			    &ld->jv,
			    "unknown tier '%s': expected label, trial, series, review, "
			    "lab, clinic, vendor, seed, derived or editorial",
			    tier);
		}
		NP_TRY(source_fields(ld, s, src));
		p->n_sources = i + 1;
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

/* Omissions are documentation: what the pack leaves out on purpose, and why. */
static int load_omitted(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"topic", "reason", "sources", NULL};
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&ld->jv, root, "omitted", &arr));
	if (arr == NULL)
		return 0;
	size_t mark = np_jv_key(&ld->jv, "omitted");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		const char *text;
		struct np_sources sources;
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_string(&ld->jv, o, "topic", &text));
		NP_TRY(np_jv_string(&ld->jv, o, "reason", &text));
		NP_TRY(np_ld_sources(ld, o, "sources", &sources));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_document(struct np_loader *ld, const json_t *root)
{
	int format = 0;
	NP_TRY(np_jv_object(&ld->jv, root, top_keys));
	NP_TRY(np_jv_int(&ld->jv, root, "format", &format, 1, 1));
	NP_TRY(np_jv_string(&ld->jv, root, "name", &ld->pack->name));
	NP_TRY(np_jv_string(&ld->jv, root, "version", &ld->pack->version));
	NP_TRY(np_jv_string(&ld->jv, root, "title", &ld->pack->title));
	NP_TRY(load_sources(ld, root));
	NP_TRY(load_omitted(ld, root));
	NP_TRY(np_pack_load_clinical(ld, root));
	NP_TRY(np_pack_load_screening(ld, root));
	NP_TRY(np_pack_load_limits(ld, root));
	NP_TRY(np_pack_load_care(ld, root));
	NP_TRY(np_pack_load_records(ld, root));
	NP_TRY(np_pack_load_refusals(ld, root));
	return 0;
}

int np_pack_load_text(struct np_pack **out, const char *text, size_t len, const char *name)
{
	*out = NULL;
	struct np_pack *pack = calloc(1, sizeof *pack);
	struct np_pack_internal *in = calloc(1, sizeof *in);
	if (pack == NULL || in == NULL) {
		free(pack);
		free(in);
		return np_error_set(NP_ENOMEM, "out of memory loading the protocol pack");
	}
	pack->internal = in;
	json_error_t jerr;
	in->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (in->root == NULL) {
		np_pack_free(pack);
		return np_error_set(NP_EPACK, "%s: line %d, column %d: %s", name, jerr.line,
		                    jerr.column, jerr.text);
	}
	struct np_loader ld = {.pack = pack, .arena = &in->arena};
	np_jv_init(&ld.jv, NP_EPACK, name);
	int rc = load_document(&ld, in->root);
	if (rc != 0) {
		np_pack_free(pack);
		return rc;
	}
	*out = pack;
	return 0;
}

/* Packs are tens of kilobytes; anything past this is not a pack. */
#define NP_PACK_MAX_BYTES (16u << 20)

int np_pack_load_file(struct np_pack **out, const char *path)
{
	*out = NULL;
	char *text;
	size_t len;
	int rc = np_read_file(&text, &len, path, NP_PACK_MAX_BYTES);
	if (rc == 0)
		rc = np_pack_load_text(out, text, len, path);
	else if (rc ==
	         NP_EINVAL) { /* a pack that is not there is a pack error; copy, not overlap */
		char message[1024];
		snprintf(message, sizeof message, "%s", np_error_last());
		rc = np_error_set(NP_EPACK, "%s", message);
	}
	free(text);
	return rc;
}
