/* Reading a health history (the input of screening) against the pack's vocabulary. */
#include "needlepoint/screen.h"

#include "arena.h"
#include "jv.h"
#include "needlepoint/error.h"
#include "pack_internal.h"

#include <stdlib.h>
#include <string.h>

struct intake_reader {
	struct np_jv jv;
	const struct np_pack *pack;
	struct np_arena *arena;
};

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory reading the intake");
}

/* A vocabulary term at the current path, or a failure naming what the pack knows. */
static int term(struct intake_reader *r, const json_t *value, enum np_vocab v,
                const struct np_term **out)
{
	const char *id;
	NP_TRY(np_jv_string_value(&r->jv, value, &id));
	*out = np_pack_term(r->pack, v, id);
	if (*out == NULL)
		return np_jv_fail(&r->jv, "unknown %s '%s': see 'needlepoint protocol show'",
		                  np_vocab_singular(v), id);
	return 0;
}

/* Fail when the same term is listed twice, which would hide a typing mistake. */
static int once(struct intake_reader *r, const struct np_term *t, const struct np_term *const *seen,
                size_t n, enum np_vocab v)
{
	for (size_t i = 0; i < n; i++)
		if (seen[i] == t)
			return np_jv_fail(&r->jv, "%s '%s' is listed twice", np_vocab_singular(v),
			                  t->id);
	return 0;
}

static int term_list(struct intake_reader *r, const json_t *root, enum np_vocab v,
                     const struct np_term ***out, size_t *n)
{
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&r->jv, root, np_vocab_name(v), &arr));
	*n = arr ? json_array_size(arr) : 0;
	*out = np_arena_array(r->arena, *n ? *n : 1, sizeof **out);
	if (*out == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, np_vocab_name(v));
	for (size_t i = 0; i < *n; i++) {
		size_t m = np_jv_index(&r->jv, i);
		NP_TRY(term(r, json_array_get(arr, i), v, &(*out)[i]));
		NP_TRY(once(r, (*out)[i], *out, i, v));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

/* medications, procedures and zone_findings are arrays of small objects. */
static int object_list(struct intake_reader *r, const json_t *root, const char *key, json_t **arr,
                       size_t *n, size_t size, void **out)
{
	*arr = NULL;
	NP_TRY(np_jv_array(&r->jv, root, key, arr));
	*n = *arr ? json_array_size(*arr) : 0;
	*out = np_arena_array(r->arena, *n ? *n : 1, size);
	return *out == NULL ? nomem() : 0;
}

static int medications(struct intake_reader *r, const json_t *root, struct np_intake *in)
{
	static const char *const keys[] = {"name", "?last_dose", NULL};
	json_t *arr;
	void *mem;
	NP_TRY(object_list(r, root, "medications", &arr, &in->n_medications,
	                   sizeof *in->medications, &mem));
	in->medications = mem;
	size_t mark = np_jv_key(&r->jv, "medications");
	for (size_t i = 0; i < in->n_medications; i++) {
		size_t m = np_jv_index(&r->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_medication_entry *e = &in->medications[i];
		NP_TRY(np_jv_object(&r->jv, o, keys));
		size_t k = np_jv_key(&r->jv, "name");
		NP_TRY(term(r, json_object_get(o, "name"), NP_VOCAB_MEDICATIONS, &e->term));
		np_jv_pop(&r->jv, k);
		for (size_t j = 0; j < i; j++)
			if (in->medications[j].term == e->term)
				return np_jv_fail(&r->jv, "medication '%s' is listed twice",
				                  e->term->id);
		e->last_dose = NP_DAY_NONE;
		NP_TRY(np_jv_date(&r->jv, o, "last_dose", &e->last_dose));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

static int procedures(struct intake_reader *r, const json_t *root, struct np_intake *in)
{
	static const char *const keys[] = {"name", "date", NULL};
	json_t *arr;
	void *mem;
	NP_TRY(object_list(r, root, "procedures", &arr, &in->n_procedures, sizeof *in->procedures,
	                   &mem));
	in->procedures = mem;
	size_t mark = np_jv_key(&r->jv, "procedures");
	for (size_t i = 0; i < in->n_procedures; i++) {
		size_t m = np_jv_index(&r->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_procedure_entry *e = &in->procedures[i];
		NP_TRY(np_jv_object(&r->jv, o, keys));
		size_t k = np_jv_key(&r->jv, "name");
		NP_TRY(term(r, json_object_get(o, "name"), NP_VOCAB_PROCEDURES, &e->term));
		np_jv_pop(&r->jv, k);
		NP_TRY(np_jv_date(&r->jv, o, "date", &e->date));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

static int zone_findings(struct intake_reader *r, const json_t *root, struct np_intake *in)
{
	static const char *const keys[] = {"zone", "finding", NULL};
	json_t *arr;
	void *mem;
	NP_TRY(object_list(r, root, "zone_findings", &arr, &in->n_zone_findings,
	                   sizeof *in->zone_findings, &mem));
	in->zone_findings = mem;
	size_t mark = np_jv_key(&r->jv, "zone_findings");
	for (size_t i = 0; i < in->n_zone_findings; i++) {
		size_t m = np_jv_index(&r->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_zone_finding *e = &in->zone_findings[i];
		const char *zone;
		NP_TRY(np_jv_object(&r->jv, o, keys));
		NP_TRY(np_jv_string(&r->jv, o, "zone", &zone));
		e->zone = np_pack_zone(r->pack, zone);
		if (e->zone == NULL) {
			np_jv_key(&r->jv, "zone");
			return np_jv_fail(&r->jv, "unknown zone '%s'", zone);
		}
		size_t k = np_jv_key(&r->jv, "finding");
		NP_TRY(term(r, json_object_get(o, "finding"), NP_VOCAB_ZONE_FINDINGS, &e->finding));
		np_jv_pop(&r->jv, k);
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

/* "other": {"conditions": [text], "medications": [text], "allergies": [text]}: what the
 * vocabulary has no word for, kept as written for a practitioner to review. */
static int unlisted(struct intake_reader *r, const json_t *root, struct np_intake *in)
{
	static const char *const keys[] = {"?conditions", "?medications", "?allergies", NULL};
	static const enum np_vocab kinds[] = {NP_VOCAB_CONDITIONS, NP_VOCAB_MEDICATIONS,
	                                      NP_VOCAB_ALLERGIES};
	const json_t *o = json_object_get(root, "other");
	if (o == NULL)
		return 0;
	size_t mark = np_jv_key(&r->jv, "other");
	NP_TRY(np_jv_object(&r->jv, o, keys));
	size_t total = 0;
	for (size_t k = 0; k < 3; k++)
		total += json_array_size(json_object_get(o, np_vocab_name(kinds[k])));
	in->unlisted = np_arena_array(r->arena, total ? total : 1, sizeof *in->unlisted);
	if (in->unlisted == NULL)
		return nomem();
	for (size_t k = 0; k < 3; k++) {
		const char **texts;
		size_t n = 0;
		struct np_jv *jv = &r->jv;
		json_t *arr = NULL;
		NP_TRY(np_jv_array(jv, o, np_vocab_name(kinds[k]), &arr));
		n = arr ? json_array_size(arr) : 0;
		texts = np_arena_array(r->arena, n ? n : 1, sizeof *texts);
		if (texts == NULL)
			return nomem();
		size_t km = np_jv_key(jv, np_vocab_name(kinds[k]));
		for (size_t i = 0; i < n; i++) {
			size_t m = np_jv_index(jv, i);
			NP_TRY(np_jv_string_value(jv, json_array_get(arr, i), &texts[i]));
			if (strlen(texts[i]) > 200)
				return np_jv_fail(jv, "expected at most 200 characters, got %zu",
				                  strlen(texts[i]));
			in->unlisted[in->n_unlisted].kind = kinds[k];
			in->unlisted[in->n_unlisted].text = texts[i];
			in->n_unlisted++;
			np_jv_pop(jv, m);
		}
		np_jv_pop(jv, km);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

static int read_intake(struct intake_reader *r, const json_t *root, struct np_intake *in)
{
	static const char *const keys[] = {"birth_date",     "fitzpatrick", "?pregnant",
	                                   "?breastfeeding", "?conditions", "?medications",
	                                   "?procedures",    "?allergies",  "?zone_findings",
	                                   "?other",         NULL};
	NP_TRY(np_jv_object(&r->jv, root, keys));
	NP_TRY(np_jv_date(&r->jv, root, "birth_date", &in->birth_date));
	NP_TRY(np_jv_int(&r->jv, root, "fitzpatrick", &in->fitzpatrick, 1, 6));
	NP_TRY(np_jv_bool(&r->jv, root, "pregnant", &in->pregnant));
	NP_TRY(np_jv_bool(&r->jv, root, "breastfeeding", &in->breastfeeding));
	NP_TRY(term_list(r, root, NP_VOCAB_CONDITIONS, &in->conditions, &in->n_conditions));
	NP_TRY(medications(r, root, in));
	NP_TRY(procedures(r, root, in));
	NP_TRY(term_list(r, root, NP_VOCAB_ALLERGIES, &in->allergies, &in->n_allergies));
	NP_TRY(unlisted(r, root, in));
	return zone_findings(r, root, in);
}

int np_intake_from_json(struct np_intake **out, const struct np_pack *pack, const json_t *json)
{
	*out = NULL;
	struct np_arena *arena;
	struct np_intake *in = np_arena_new_object(&arena, sizeof *in);
	if (in == NULL)
		return nomem();
	in->internal = arena;
	struct intake_reader r = {.pack = pack, .arena = arena};
	np_jv_init(&r.jv, NP_EINVAL, NULL);
	int rc = read_intake(&r, json, in);
	if (rc != 0) {
		np_intake_free(in);
		return rc;
	}
	*out = in;
	return 0;
}

void np_intake_free(struct np_intake *intake)
{
	if (intake != NULL)
		np_arena_free(intake->internal);
}
