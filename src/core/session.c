/* Reading a session record and an override, against the pack. */
#include "needlepoint/session.h"

#include "arena.h"
#include "jv.h"
#include "needlepoint/error.h"
#include "pack_internal.h"

#include <string.h>

/* Free text a practitioner types (endpoint, reactions, a reason): generous, but bounded. */
#define TEXT_MAX 20000

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory reading the session");
}

/* A text field: optional, at most max bytes, no NUL inside. */
static int text(struct np_jv *jv, const json_t *o, const char *key, const char **out, size_t max)
{
	NP_TRY(np_jv_string(jv, o, key, out));
	const json_t *v = json_object_get(o, key);
	if (v == NULL)
		return 0;
	size_t len = json_string_length(v);
	if (len <= max && strlen(*out) == len)
		return 0;
	np_jv_key(jv, key);
	return len > max ? np_jv_fail(jv, "%zu bytes, expected at most %zu", len, max)
	                 : np_jv_fail(jv, "holds a NUL character");
}

static bool letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c >= 0x80;
}

/* Whether the letters of a reason are one shorter run said again and again ("ok ok ok",
 * "asdfasdf", "parent asked, parent asked"). */
static bool repeats(const char *reason)
{
	char seq[512];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)reason; *p && n < sizeof seq; p++)
		if (letter(*p))
			seq[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	for (size_t period = 1; period <= n / 2; period++) {
		size_t i = period;
		while (i < n && seq[i] == seq[i - period])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static int check_reason(struct np_jv *jv, const struct np_pack *pack, const char *reason)
{
	size_t chars = 0, letters = 0;
	const unsigned char *start = (const unsigned char *)reason;
	while (*start == ' ' || *start == '\t' || *start == '\n')
		start++;
	for (const unsigned char *p = start; *p; p++) {
		if ((*p & 0xc0) == 0x80) /* a continuation byte: part of the character before */
			continue;
		chars++;
		letters += letter(*p);
	}
	int min = pack->refusals.reason_min_chars;
	np_jv_key(jv, "reason");
	if (chars < (size_t)min)
		return np_jv_fail(jv, "'%s': say why, in at least %d characters", reason, min);
	if (letters * 2 < (size_t)min)
		return np_jv_fail(jv, "'%s': say why in words, not punctuation", reason);
	if (repeats(reason))
		return np_jv_fail(jv, "'%s': say why, without repeating the same words", reason);
	return 0;
}

int np_override_from_json(struct np_override *out, const struct np_pack *pack, const json_t *obj)
{
	static const char *const keys[] = {"codes", "reason", NULL};
	memset(out, 0, sizeof *out);
	const json_t *o = json_object_get(obj, "override");
	if (o == NULL)
		return 0;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	np_jv_key(&jv, "override");
	if (json_is_string(o))
		return np_jv_fail(&jv, "name the refusals it overrides and why: {\"codes\": "
		                       "[\"rest\"], \"reason\": \"...\"}");
	NP_TRY(np_jv_object(&jv, o, keys));
	json_t *codes;
	size_t n;
	NP_TRY(np_jv_list(&jv, o, "codes", &codes, &n));
	size_t mark = np_jv_key(&jv, "codes");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&jv, i);
		const char *name;
		NP_TRY(np_jv_string_value(&jv, json_array_get(codes, i), &name));
		int code = np_refusal_code(name);
		if (code < 0)
			return np_jv_fail(&jv,
			                  "unknown refusal code '%s': an override names the codes "
			                  "of the refusal it lifts",
			                  name);
		out->codes[code] = true;
		np_jv_pop(&jv, m);
	}
	np_jv_pop(&jv, mark);
	NP_TRY(text(&jv, o, "reason", &out->reason, TEXT_MAX));
	NP_TRY(check_reason(&jv, pack, out->reason));
	out->present = true;
	return 0;
}

static int read_zone(struct np_jv *jv, const struct np_pack *pack, const json_t *o,
                     struct np_session_zone *z)
{
	static const char *const keys[] = {"zone", "depth_mm", "passes", "?pattern", NULL};
	const char *id = NULL;
	NP_TRY(np_jv_object(jv, o, keys));
	NP_TRY(np_jv_string(jv, o, "zone", &id));
	if ((z->zone = np_pack_zone(pack, id)) == NULL) {
		np_jv_key(jv, "zone");
		return np_jv_fail(jv, "unknown zone '%s'", id);
	}
	/* a depth over the cap is the gate's refusal, not a typing mistake: only the bound of
	 * what any needle reaches is checked here */
	NP_TRY(np_jv_number(jv, o, "depth_mm", &z->depth_mm, 0.01, NP_DEPTH_LIMIT_MM));
	NP_TRY(np_jv_int(jv, o, "passes", &z->passes, 1, 100));
	return text(jv, o, "pattern", &z->pattern, 200);
}

static int read_zones(struct np_jv *jv, struct np_arena *arena, const struct np_pack *pack,
                      const json_t *root, struct np_session *s)
{
	json_t *zones;
	NP_TRY(np_jv_list(jv, root, "zones", &zones, &s->n_zones));
	if ((s->zones = np_arena_array(arena, s->n_zones, sizeof *s->zones)) == NULL)
		return nomem();
	size_t mark = np_jv_key(jv, "zones");
	for (size_t i = 0; i < s->n_zones; i++) {
		size_t m = np_jv_index(jv, i);
		NP_TRY(read_zone(jv, pack, json_array_get(zones, i), &s->zones[i]));
		for (size_t j = 0; j < i; j++)
			if (s->zones[j].zone == s->zones[i].zone)
				return np_jv_fail(jv, "zone '%s' is listed twice",
				                  s->zones[i].zone->id);
		if (s->zones[i].depth_mm > s->deepest_mm)
			s->deepest_mm = s->zones[i].depth_mm;
		np_jv_pop(jv, m);
	}
	np_jv_pop(jv, mark);
	return 0;
}

static int read_products(struct np_jv *jv, struct np_arena *arena, const json_t *root,
                         struct np_session *s)
{
	static const char *const keys[] = {"name", "lot", NULL};
	json_t *products = NULL;
	NP_TRY(np_jv_array(jv, root, "products", &products));
	s->n_products = json_array_size(products);
	s->products = np_arena_array(arena, s->n_products ? s->n_products : 1, sizeof *s->products);
	if (s->products == NULL)
		return nomem();
	size_t mark = np_jv_key(jv, "products");
	for (size_t i = 0; i < s->n_products; i++) {
		size_t m = np_jv_index(jv, i);
		const json_t *p = json_array_get(products, i);
		NP_TRY(np_jv_object(jv, p, keys));
		NP_TRY(text(jv, p, "name", &s->products[i].name, 200));
		NP_TRY(text(jv, p, "lot", &s->products[i].lot, 100));
		np_jv_pop(jv, m);
	}
	np_jv_pop(jv, mark);
	return 0;
}

static int id(struct np_jv *jv, const json_t *o, const char *key, int64_t *out)
{
	int v = 0;
	NP_TRY(np_jv_int(jv, o, key, &v, 1, INT32_MAX));
	*out = v;
	return 0;
}

/* "energy": {"level", "pulse_ms", "needle_type"}, within what the RF device allows. Whether the
 * session's device needs it is the gate's to say: only it knows the device. */
static int read_energy(struct np_jv *jv, const struct np_pack *pack, const json_t *o,
                       struct np_energy *e)
{
	static const char *const keys[] = {"level", "pulse_ms", "needle_type", NULL};
	const json_t *en = json_object_get(o, "energy");
	const struct np_device_info *rf = &pack->devices[NP_DEVICE_RF];
	if (en == NULL)
		return 0;
	size_t mark = np_jv_key(jv, "energy");
	if (!rf->energy)
		return np_jv_fail(jv, "the protocol records no energy for any device");
	NP_TRY(np_jv_object(jv, en, keys));
	NP_TRY(np_jv_number(jv, en, "level", &e->level, rf->energy_level_range[0],
	                    rf->energy_level_range[1]));
	NP_TRY(np_jv_int(jv, en, "pulse_ms", &e->pulse_ms, rf->pulse_ms_range[0],
	                 rf->pulse_ms_range[1]));
	NP_TRY(np_jv_string(jv, en, "needle_type", &e->needle_type));
	bool known = false;
	for (size_t i = 0; i < rf->n_needle_types; i++)
		known = known || strcmp(rf->needle_types[i], e->needle_type) == 0;
	if (!known) {
		np_jv_key(jv, "needle_type");
		return np_jv_fail(jv, "unknown needle type '%s': expected %s%s", e->needle_type,
		                  rf->needle_types[0], rf->n_needle_types > 1 ? ", ..." : "");
	}
	e->present = true;
	np_jv_pop(jv, mark);
	return 0;
}

static int read_session(struct np_jv *jv, struct np_arena *arena, const struct np_pack *pack,
                        const json_t *o, struct np_session *s)
{
	static const char *const keys[] = {
	    "date",
	    "?indication",
	    "?plan",
	    "?device",
	    "unit",
	    "zones",
	    "?products",
	    "?anaesthetic_minutes",
	    "?endpoint",
	    "?reactions",
	    "?override",
	    "?sterilised_before",
	    "?sterilised_after",
	    "?energy",
	    "?idempotency_key", /* the store's: sent twice, kept once */
	    NULL};
	const char *indication = NULL;
	NP_TRY(np_jv_object(jv, o, keys));
	NP_TRY(np_jv_date(jv, o, "date", &s->date));
	NP_TRY(np_jv_string(jv, o, "indication", &indication));
	if (indication && (s->indication = np_pack_indication(pack, indication)) == NULL) {
		np_jv_key(jv, "indication");
		return np_jv_fail(jv, "unknown indication '%s'", indication);
	}
	NP_TRY(id(jv, o, "plan", &s->plan));
	NP_TRY(id(jv, o, "device", &s->device));
	NP_TRY(id(jv, o, "unit", &s->unit));
	NP_TRY(read_zones(jv, arena, pack, o, s));
	NP_TRY(read_products(jv, arena, o, s));
	NP_TRY(np_jv_int(jv, o, "anaesthetic_minutes", &s->anaesthetic_minutes, 0, 240));
	NP_TRY(text(jv, o, "endpoint", &s->endpoint, TEXT_MAX));
	NP_TRY(text(jv, o, "reactions", &s->reactions, TEXT_MAX));
	NP_TRY(np_jv_bool(jv, o, "sterilised_before", &s->sterilised_before));
	NP_TRY(np_jv_bool(jv, o, "sterilised_after", &s->sterilised_after));
	NP_TRY(read_energy(jv, pack, o, &s->energy));
	return np_override_from_json(&s->override, pack, o);
}

int np_session_from_json(struct np_session **out, const struct np_pack *pack, const json_t *json)
{
	*out = NULL;
	struct np_arena *arena;
	struct np_session *s = np_arena_new_object(&arena, sizeof *s);
	if (s == NULL)
		return nomem();
	s->internal = arena;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	int rc = read_session(&jv, arena, pack, json, s);
	if (rc != 0) {
		np_session_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void np_session_free(struct np_session *session)
{
	if (session != NULL)
		np_arena_free(session->internal);
}
