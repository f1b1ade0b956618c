/* When each of a client's zones may be needled again: the engine's schedule over every session
 * the client has had. Sessions, appointments and the chart all ask it. The sessions go in
 * without their indication, so no indication shortens a rest here: the longer, pack-wide rest
 * holds. */
#include "store_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/schedule.h"

int np_store_schedule(struct np_store *s, const struct np_actor *a, int64_t client, np_day on,
                      struct np_schedule **out)
{
	*out = NULL;
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_SESSION_LIST, p, 2));
	json_t *sessions = json_array();
	for (size_t i = 0; sessions && i < r->rows; i++) {
		json_t *body = json_loads(np_db_text(r, i, 9), 0, NULL);
		json_t *entry = json_pack("{s:s, s:O?}", "date", np_db_text(r, i, 3), "zones",
		                          json_object_get(body, "zones"));
		json_decref(body);
		if (json_array_append_new(sessions, entry) != 0) {
			json_decref(sessions);
			sessions = NULL;
		}
	}
	size_t n = r->rows;
	np_db_result_free(r);
	json_t *history =
	    json_pack("{s:s, s:o?}", "setting", a->home ? "home" : "clinic", "sessions", sessions);
	if (history == NULL)
		return np_store_nomem();
	int rc = 0;
	if (n > 0) {
		struct np_history *h = NULL;
		rc = np_history_from_json(&h, s->pack, history);
		if (rc == 0)
			rc = np_schedule_next(out, s->pack, h, on);
		np_history_free(h);
	}
	json_decref(history);
	return rc;
}
