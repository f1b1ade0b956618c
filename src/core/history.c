/* Reading a session history, the input of scheduling. */
#include "needlepoint/schedule.h"

#include "arena.h"
#include "jv.h"
#include "needlepoint/error.h"
#include "pack_internal.h"
#include "try.h"

#include <stdlib.h>

struct history_reader {
	struct np_jv jv;
	const struct np_pack *pack;
	struct np_arena *arena;
};

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory reading the history");
}

static int zone_entry(struct history_reader *r, const json_t *o, struct np_history_zone *hz)
{
	/* passes and pattern belong to the full session record and are not needed here */
	static const char *const keys[] = {"zone", "depth_mm", "?passes", "?pattern", NULL};
	const char *id = NULL;
	NP_TRY(np_jv_object(&r->jv, o, keys));
	NP_TRY(np_jv_string(&r->jv, o, "zone", &id));
	hz->zone = np_pack_zone(r->pack, id);
	if (hz->zone == NULL) {
		np_jv_key(&r->jv, "zone");
		return np_jv_fail(&r->jv, "unknown zone '%s'", id);
	}
	/* a depth past the rest table was recorded over the rules once: it still counts, with the
	 * table's longest rest (np_rest_for) */
	return np_jv_number(&r->jv, o, "depth_mm", &hz->depth_mm, 0.01, NP_DEPTH_LIMIT_MM);
}

static int session_entry(struct history_reader *r, const json_t *o, struct np_history_session *s)
{
	static const char *const keys[] = {
	    "date",          "?indication",          "zones",     "?device",    "?unit",
	    "?products",     "?anaesthetic_minutes", "?endpoint", "?reactions", "?override",
	    "?practitioner", "?aftercare",           NULL};
	const char *indication = NULL;
	json_t *zones;
	NP_TRY(np_jv_object(&r->jv, o, keys));
	NP_TRY(np_jv_date(&r->jv, o, "date", &s->date));
	NP_TRY(np_jv_string(&r->jv, o, "indication", &indication));
	if (indication != NULL) {
		s->indication = np_pack_indication(r->pack, indication);
		if (s->indication == NULL) {
			np_jv_key(&r->jv, "indication");
			return np_jv_fail(&r->jv, "unknown indication '%s'", indication);
		}
	}
	NP_TRY(np_jv_list(&r->jv, o, "zones", &zones, &s->n_zones));
	s->zones = np_arena_array(r->arena, s->n_zones, sizeof *s->zones);
	if (s->zones == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "zones");
	for (size_t i = 0; i < s->n_zones; i++) {
		size_t m = np_jv_index(&r->jv, i);
		NP_TRY(zone_entry(r, json_array_get(zones, i), &s->zones[i]));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

static int read_history(struct history_reader *r, const json_t *root, struct np_history *h)
{
	static const char *const keys[] = {"setting", "sessions", NULL};
	const char *setting = NULL;
	json_t *sessions;
	NP_TRY(np_jv_object(&r->jv, root, keys));
	NP_TRY(np_jv_string(&r->jv, root, "setting", &setting));
	h->setting = np_pack_setting(r->pack, setting);
	if (h->setting == NULL) {
		np_jv_key(&r->jv, "setting");
		return np_jv_fail(&r->jv, "unknown setting '%s': expected clinic or home", setting);
	}
	NP_TRY(np_jv_array(&r->jv, root, "sessions", &sessions));
	h->n_sessions = json_array_size(sessions);
	h->sessions =
	    np_arena_array(r->arena, h->n_sessions ? h->n_sessions : 1, sizeof *h->sessions);
	if (h->sessions == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "sessions");
	for (size_t i = 0; i < h->n_sessions; i++) {
		size_t m = np_jv_index(&r->jv, i);
		NP_TRY(session_entry(r, json_array_get(sessions, i), &h->sessions[i]));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

int np_history_from_json(struct np_history **out, const struct np_pack *pack, const json_t *json)
{
	*out = NULL;
	struct np_arena *arena;
	struct np_history *h = np_arena_new_object(&arena, sizeof *h);
	if (h == NULL)
		return nomem();
	h->internal = arena;
	struct history_reader r = {.pack = pack, .arena = arena};
	np_jv_init(&r.jv, NP_EINVAL, NULL);
	int rc = read_history(&r, json, h);
	if (rc != 0) {
		np_history_free(h);
		return rc;
	}
	*out = h;
	return 0;
}

void np_history_free(struct np_history *history)
{
	if (history != NULL)
		np_arena_free(history->internal);
}
