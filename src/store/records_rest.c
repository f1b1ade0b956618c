/* What sessions and bookings share before they are kept: the list of refusals a practitioner may
 * override, and the rest of each zone, by the engine's schedule over every session the client
 * has had. The sessions go into the schedule without their indication, so no indication shortens
 * a rest here: the longer, pack-wide rest holds. */
#include "store_internal.h"

#include "buf.h"
#include "needlepoint/error.h"
#include "needlepoint/schedule.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int np_refuse(json_t *refusals, const char *rule, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return json_array_append_new(refusals,
	                             json_pack("{s:s, s:s}", "rule", rule, "message", msg)) == 0
	           ? 0
	           : np_store_nomem();
}

int np_refused(const json_t *refusals, const char *what, const char *hint)
{
	struct np_buf msg = NP_BUF_INIT;
	size_t i;
	json_t *v;
	np_buf_printf(&msg, "%s refused:", what);
	json_array_foreach(refusals, i, v)
	    np_buf_printf(&msg, "\n  %s: %s", json_string_value(json_object_get(v, "rule")),
	                  json_string_value(json_object_get(v, "message")));
	np_buf_printf(&msg, "\n(%s)", hint);
	int rc = np_error_set(NP_EREFUSED, "%s", msg.data ? msg.data : "refused");
	np_buf_release(&msg);
	return rc;
}

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

int np_store_check_rest(struct np_store *s, const struct np_actor *a, int64_t client, np_day day,
                        const json_t *zones, json_t *refusals)
{
	struct np_schedule *sched = NULL;
	int rc = np_store_schedule(s, a, client, day, &sched);
	for (size_t i = 0; rc == 0 && sched && i < sched->n_zones; i++) {
		const struct np_zone_rest *zr = &sched->zones[i];
		size_t k;
		json_t *zone;
		json_array_foreach(zones, k, zone)
		{
			const char *id = json_string_value(json_object_get(zone, "zone"));
			if (rc != 0 || id == NULL || strcmp(id, zr->zone->id) != 0 ||
			    zr->eligible_from <= day)
				continue;
			char from[NP_DATE_LEN], last[NP_DATE_LEN];
			np_date_format(zr->eligible_from, from);
			np_date_format(zr->last, last);
			rc = np_refuse(refusals, "rest",
			               "zone %s rests until %s: %.2g mm on %s needs %d days", id,
			               from, zr->depth_mm, last, zr->rest->rest_days);
		}
	}
	np_schedule_free(sched);
	return rc;
}
