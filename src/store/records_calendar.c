/* The calendar: who a booking is with and where, no practitioner or room booked twice at once
 * (needlepoint/slots.h decides), and moving a booking, which the safety gate decides on again for
 * its new day. */
#include "store_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/gate.h"
#include "needlepoint/slots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROOM_MAX 60

/* Whether room is one of the clinic's rooms ("rooms" of its profile, comma-separated). */
static bool listed_room(const char *rooms, const char *room)
{
	size_t len = strlen(room);
	for (const char *p = rooms; p && *p;) {
		p += strspn(p, " ,");
		size_t n = strcspn(p, ",");
		size_t m = n;
		while (m > 0 && p[m - 1] == ' ')
			m--;
		if (m == len && strncmp(p, room, len) == 0)
			return true;
		p += n;
	}
	return false;
}

int np_calendar_place(struct np_store *s, const struct np_actor *a, const json_t *in,
                      struct np_place *out)
{
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	int practitioner = 0;
	NP_TRY(np_jv_int(&jv, in, "practitioner", &practitioner, 1, INT32_MAX));
	NP_TRY(np_store_text(&jv, in, "room", &out->room, ROOM_MAX));
	out->practitioner = practitioner;
	if (practitioner) {
		struct np_db_result *r = NULL;
		struct np_db_value p[] = {NP_DB_I(practitioner), NP_DB_I(a->clinic_id)};
		NP_TRY(np_db_query(s->db, &r, NP_SQL_USER_BOOKABLE, p, 2));
		bool found = r->rows == 1;
		np_db_result_free(r);
		if (!found)
			return np_error_set(
			    NP_EINVAL,
			    "practitioner: %d: expected a practitioner of the clinic who "
			    "still signs in",
			    practitioner);
	}
	if (out->room) {
		struct np_db_result *r = NULL;
		NP_TRY(np_profile_get(s, a->clinic_id, &r));
		bool ok = r->rows && listed_room(np_db_text(r, 0, 4), out->room);
		np_db_result_free(r);
		if (!ok)
			return np_error_set(
			    NP_EINVAL,
			    "room: '%s': expected one of the clinic's rooms (the admin "
			    "lists them with the clinic's details)",
			    out->room);
	}
	return 0;
}

int np_calendar_check(struct np_store *s, const struct np_actor *a, const char *date,
                      const char *time, int minutes, const struct np_place *place, int64_t except)
{
	struct np_slot want = {.id = except,
	                       .start = np_slot_minutes(time),
	                       .minutes = minutes,
	                       .practitioner = place->practitioner,
	                       .room = place->room};
	if (want.practitioner == 0 && want.room == NULL)
		return 0;
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(date), NP_DB_I(except)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_APPT_DAY_BOOKED, p, 3));
	struct np_slot *day = calloc(r->rows ? r->rows : 1, sizeof *day);
	if (day == NULL) {
		np_db_result_free(r);
		return np_error_set(NP_ENOMEM, "out of memory reading the day's bookings");
	}
	for (size_t i = 0; i < r->rows; i++)
		day[i] = (struct np_slot){.id = np_db_int(r, i, 0),
		                          .start = np_slot_minutes(np_db_text(r, i, 1)),
		                          .minutes = (int)np_db_int(r, i, 2),
		                          .practitioner = np_db_int(r, i, 3),
		                          .room = np_db_text(r, i, 4)};
	int by_room = 0, rc = 0;
	const struct np_slot *clash = np_slot_clash(&want, day, r->rows, &by_room);
	if (clash) {
		size_t i = (size_t)(clash - day);
		int end = clash->start + clash->minutes;
		const char *client = np_db_text(r, i, 5);
		if (by_room)
			rc = np_error_set(NP_ECONFLICT,
			                  "room: %s is taken from %s to %02d:%02d that day (%s)",
			                  clash->room, np_db_text(r, i, 1), end / 60 % 24, end % 60,
			                  client ? client : "a client");
		else
			rc = np_error_set(
			    NP_ECONFLICT,
			    "practitioner: %s has %s booked from %s to %02d:%02d that day",
			    np_db_text(r, i, 6), client ? client : "a client", np_db_text(r, i, 1),
			    end / 60 % 24, end % 60);
	}
	free(day);
	np_db_result_free(r);
	return rc;
}

struct move_ctx {
	int64_t id;
	const json_t *in;
};

/* Move a booking to another day, time, practitioner or room: the safety gate decides on the new
 * day as for a new booking (the booking itself held out of the counts), then no one is booked
 * twice. What the input leaves out stays as it was. */
static int move(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"date",          "time",  "?minutes", "?override",
	                                   "?practitioner", "?room", NULL};
	const struct move_ctx *c = ctx;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	NP_TRY(np_jv_object(&jv, c->in, keys));
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_APPT_GET, c->id, a->clinic_id, "appointment"));
	int64_t client = np_db_int(r, 0, 1), plan_id = np_db_int(r, 0, 3);
	bool booked = strcmp(np_db_text(r, 0, 10), "booked") == 0;
	int minutes = (int)np_db_int(r, 0, 6);
	struct np_place place = {.practitioner = np_db_int(r, 0, 18)};
	char room[ROOM_MAX + 1] = "";
	if (np_db_text(r, 0, 20)) {
		snprintf(room, sizeof room, "%s", np_db_text(r, 0, 20));
		place.room = room;
	}
	np_db_result_free(r);
	if (!booked)
		return np_error_set(NP_ECONFLICT, "appointment %lld: cancelled, so not moved",
		                    (long long)c->id);
	np_day day;
	const char *time = NULL;
	NP_TRY(np_jv_date(&jv, c->in, "date", &day));
	NP_TRY(np_store_text(&jv, c->in, "time", &time, 5));
	if (time == NULL || np_slot_minutes(time) < 0) {
		np_jv_key(&jv, "time");
		return np_jv_fail(&jv, "'%s': expected a time HH:MM, 00:00 to 23:59",
		                  time ? time : "");
	}
	NP_TRY(np_jv_int(&jv, c->in, "minutes", &minutes, 5, 480));
	struct np_place given = {0};
	NP_TRY(np_calendar_place(s, a, c->in, &given));
	if (json_object_get(c->in, "practitioner"))
		place.practitioner = given.practitioner;
	if (json_object_get(c->in, "room"))
		place.room = given.room;
	struct np_override override = {0};
	NP_TRY(np_override_from_json(&override, s->pack, c->in));
	NP_TRY(np_gate_booking_day("date", day, a->today));
	struct np_db_value hold[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_run(s->db, NP_SQL_APPT_HOLD, hold, 2, NULL));
	struct np_gate_input *facts = NULL;
	struct np_gate_result *result = NULL;
	struct np_facts_want want = {.plan = plan_id, .on = day};
	struct np_gate_booking booking = {.date = day, .override = &override};
	struct np_kept_override kept = {0};
	int64_t found_plan = 0;
	int rc = np_store_facts(&facts, s, a, client, &want, &found_plan);
	if (rc == 0)
		rc = np_gate_booking(&result, s->pack, &facts->facts, &booking);
	if (rc == 0 && result->decision == NP_GATE_REFUSED)
		rc = np_gate_refuse(result, "move", a->role == NP_ROLE_RECEPTION);
	if (rc == 0)
		rc = np_store_kept_override(&kept, result, &override);
	char date[NP_DATE_LEN];
	np_date_format(day, date);
	if (rc == 0)
		rc = np_calendar_check(s, a, date, time, minutes, &place, c->id);
	if (rc == 0) {
		struct np_db_value p[] = {
		    NP_DB_I(c->id),
		    NP_DB_I(a->clinic_id),
		    NP_DB_T(date),
		    NP_DB_T(time),
		    NP_DB_I(minutes),
		    place.practitioner ? NP_DB_I(place.practitioner) : NP_DB_NONE,
		    NP_DB_T(place.room),
		    NP_DB_T(kept.reason),
		    NP_DB_T(kept.refusals),
		    NP_DB_T(kept.codes)};
		rc = np_db_run(s->db, NP_SQL_APPT_MOVE, p, 10, NULL);
	}
	np_gate_free(result);
	np_gate_input_free(facts);
	if (rc == 0)
		rc = np_audit_write(s, a, "move", "appointment", c->id, client);
	if (rc == 0 && kept.reason) {
		struct np_audit_entry e = {"override", "appointment", c->id,
		                           client,     kept.codes,    false};
		rc = np_audit_add(s, a, &e);
	}
	np_store_kept_override_release(&kept);
	NP_TRY(rc);
	return np_appointment_answer(s, a, c->id, out);
}

int np_appointment_move(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                        const json_t *in)
{
	struct move_ctx ctx = {.id = id, .in = in};
	int rc = np_store_tx(s, a, NP_ROLES_ANY, "book appointments", move, &ctx, out);
	return np_audit_refused(s, a, rc, "appointment", id);
}

static int practitioners(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	static const struct np_col cols[] = {{"id", 'i'}, {"name", 't'}, {NULL, 0}};
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_PRACTITIONERS, p, 1));
	int rc = np_store_answer(out, np_rows_json(r, cols));
	np_db_result_free(r);
	return rc;
}

int np_practitioner_list(json_t **out, struct np_store *s, const struct np_actor *a)
{
	return np_store_read(s, a, NP_ROLES_ANY, "list practitioners", practitioners, NULL, out);
}
