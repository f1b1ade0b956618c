/* Appointments: the front desk books the next session of a client's plan. The safety gate decides
 * on the client's record read in the same transaction: a booking is refused while a zone of the
 * plan still rests on the day, once the plan's sessions are all done or booked, while an adverse
 * event is open or while screening defers or declines treatment; the front desk reads only when it
 * may be booked. An override a practitioner may give is kept with what it overrode. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"
#include "needlepoint/gate.h"

#include <string.h>

const struct np_col np_appointment_cols[] = {{"id", 'i'},
                                             {"client_id", 'i'},
                                             {"client", 't'},
                                             {"plan_id", 'i'},
                                             {"date", 't'},
                                             {"time", 't'},
                                             {"minutes", 'i'},
                                             {"session", 'i'},
                                             {"of", 'i'},
                                             {"note", 't'},
                                             {"status", 't'},
                                             {"override", 't'},
                                             {"overridden", 'j'},
                                             {"by", 't'},
                                             {"created_at", 't'},
                                             {"cancelled_at", 't'},
                                             {"cancel_reason", 't'},
                                             {"override_codes", 'j'},
                                             {"practitioner_id", 'i'},
                                             {"practitioner", 't'},
                                             {"room", 't'},
                                             {"moves", 'i'},
                                             {NULL, 0}};

struct book_ctx {
	int64_t client;
	const json_t *in;
};

/* "HH:MM" on a 24-hour clock. */
static int read_time(struct np_jv *jv, const json_t *in, const char **out)
{
	NP_TRY(np_jv_string(jv, in, "time", out));
	const char *t = *out;
	bool ok = strlen(t) == 5 && t[2] == ':' && t[0] >= '0' && t[0] <= '2' && t[1] >= '0' &&
	          t[1] <= '9' && t[3] >= '0' && t[3] <= '5' && t[4] >= '0' && t[4] <= '9' &&
	          (t[0] < '2' || t[1] <= '3');
	if (ok)
		return 0;
	np_jv_key(jv, "time");
	return np_jv_fail(jv, "'%s': expected a time HH:MM, 00:00 to 23:59", t);
}

/* Appointments as the actor may see them: an override's reason and what it overrode are a
 * practitioner's clinical words, so the front desk sees only that a booking was overridden. */
static json_t *appointments_json(const struct np_actor *a, const struct np_db_result *r)
{
	json_t *all = np_rows_json(r, np_appointment_cols);
	size_t i;
	json_t *one;
	json_array_foreach(all, i, one)
	{
		if (a->role != NP_ROLE_RECEPTION || json_is_null(json_object_get(one, "override")))
			continue;
		json_object_set_new(one, "override", json_string("(overridden by a practitioner)"));
		json_object_del(one, "overridden");
		json_object_del(one, "override_codes");
	}
	return all;
}

int np_appointment_answer(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_APPT_GET, id, a->clinic_id, "appointment"));
	json_t *all = appointments_json(a, r);
	json_t *one = json_incref(json_array_get(all, 0));
	json_decref(all);
	np_db_result_free(r);
	return np_store_answer(out, one);
}

struct booking_in {
	np_day day;
	const char *time, *note;
	int minutes, plan;
	struct np_override override;
};

static int read_booking(const struct np_pack *pack, const json_t *in, struct booking_in *b)
{
	static const char *const keys[] = {"date",          "time",  "?minutes",
	                                   "?plan",         "?note", "?override",
	                                   "?practitioner", "?room", NULL};
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	b->minutes = 60;
	NP_TRY(np_jv_object(&jv, in, keys));
	NP_TRY(np_jv_date(&jv, in, "date", &b->day));
	NP_TRY(read_time(&jv, in, &b->time));
	NP_TRY(np_jv_int(&jv, in, "minutes", &b->minutes, 5, 480));
	NP_TRY(np_jv_int(&jv, in, "plan", &b->plan, 1, INT32_MAX));
	NP_TRY(np_store_text(&jv, in, "note", &b->note, 2000));
	return np_override_from_json(&b->override, pack, in);
}

static int book(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct book_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->client));
	struct booking_in b = {0};
	struct np_place place = {0};
	NP_TRY(read_booking(s->pack, c->in, &b));
	NP_TRY(np_gate_booking_day("date", b.day, a->today));
	NP_TRY(np_calendar_place(s, a, c->in, &place));
	/* the plan it books: the one named, else the client's latest; none: a consultation */
	struct np_gate_input *facts = NULL;
	struct np_gate_result *result = NULL;
	struct np_facts_want want = {.plan = b.plan, .on = b.day};
	struct np_gate_booking booking = {.date = b.day, .override = &b.override};
	struct np_kept_override kept = {0};
	int64_t plan_id = 0, id = 0;
	int rc = np_store_facts(&facts, s, a, c->client, &want, &plan_id);
	if (rc == 0)
		rc = np_gate_booking(&result, s->pack, &facts->facts, &booking);
	if (rc == 0 && result->decision == NP_GATE_REFUSED)
		rc = np_gate_refuse(result, "booking", a->role == NP_ROLE_RECEPTION);
	if (rc == 0)
		rc = np_store_kept_override(&kept, result, &b.override);
	char date[NP_DATE_LEN];
	np_date_format(b.day, date);
	if (rc == 0) /* after the gate: what is clinical comes first */
		rc = np_calendar_check(s, a, date, b.time, b.minutes, &place, 0);
	if (rc == 0) {
		const struct np_gate_plan *plan = facts->facts.plan;
		char at[32];
		np_store_now(at, sizeof at);
		struct np_db_value p[] = {
		    NP_DB_I(a->clinic_id),
		    NP_DB_I(c->client),
		    plan_id ? NP_DB_I(plan_id) : NP_DB_NONE,
		    NP_DB_T(date),
		    NP_DB_T(b.time),
		    NP_DB_I(b.minutes),
		    plan ? NP_DB_I(plan->done + plan->booked + 1) : NP_DB_NONE,
		    plan ? NP_DB_I(plan->sessions) : NP_DB_NONE,
		    NP_DB_T(b.note),
		    NP_DB_T(kept.reason),
		    NP_DB_T(kept.refusals),
		    NP_DB_I(a->user_id),
		    NP_DB_T(at),
		    NP_DB_T(kept.codes),
		    place.practitioner ? NP_DB_I(place.practitioner) : NP_DB_NONE,
		    NP_DB_T(place.room)};
		rc = np_store_insert(s, NP_SQL_APPT_ADD, p, 16, &id);
	}
	np_gate_free(result);
	np_gate_input_free(facts);
	if (rc == 0)
		rc = np_audit_write(s, a, "create", "appointment", id, c->client);
	if (rc == 0 && kept.reason) {
		struct np_audit_entry e = {"override", "appointment", id,
		                           c->client,  kept.codes,    false};
		rc = np_audit_add(s, a, &e);
	}
	np_store_kept_override_release(&kept);
	NP_TRY(rc);
	return np_appointment_answer(s, a, id, out);
}

int np_appointment_book(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                        const json_t *in)
{
	struct book_ctx ctx = {.client = client, .in = in};
	int rc = np_store_tx(s, a, NP_ROLES_ANY, "book appointments", book, &ctx, out);
	return np_audit_refused(s, a, rc, "appointment", client);
}

struct cancel_ctx {
	int64_t id;
	const json_t *in;
};

static int cancel(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"?reason", NULL};
	struct cancel_ctx *c = ctx;
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_APPT_GET, c->id, a->clinic_id, "appointment"));
	int64_t client = np_db_int(r, 0, 1);
	np_db_result_free(r);
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *reason = NULL;
	NP_TRY(np_jv_object(&jv, c->in, keys));
	NP_TRY(np_store_text(&jv, c->in, "reason", &reason, 2000));
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id), NP_DB_I(a->user_id),
	                          NP_DB_T(at), NP_DB_T(reason)};
	int64_t moved = 0;
	NP_TRY(np_db_run(s->db, NP_SQL_APPT_CANCEL, p, 5, &moved));
	if (moved != 1)
		return np_error_set(NP_ECONFLICT, "appointment %lld was cancelled before",
		                    (long long)c->id);
	NP_TRY(np_audit_write(s, a, "cancel", "appointment", c->id, client));
	return np_appointment_answer(s, a, c->id, out);
}

int np_appointment_cancel(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                          const json_t *in)
{
	struct cancel_ctx ctx = {.id = id, .in = in};
	return np_store_tx(s, a, NP_ROLES_ANY, "cancel appointments", cancel, &ctx, out);
}

struct range_ctx {
	const char *from, *to;
};

static int range(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct range_ctx *c = ctx;
	const char *names[] = {"from", "to"}, *days[] = {c->from, c->to};
	np_day parsed[2];
	for (int i = 0; i < 2; i++)
		if (days[i] == NULL || np_date_parse(&parsed[i], days[i]) != 0)
			return np_error_set(NP_EINVAL, "%s: '%s': expected a date YYYY-MM-DD",
			                    names[i], days[i] ? days[i] : "");
	if (parsed[1] < parsed[0] || parsed[1] - parsed[0] > 62)
		return np_error_set(NP_EINVAL, "to: %s: expected a day from %s to 62 days after",
		                    c->to, c->from);
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(c->from), NP_DB_T(c->to)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_APPT_RANGE, p, 3));
	int rc = np_store_answer(out, appointments_json(a, r));
	np_db_result_free(r);
	return rc ? rc : np_audit_append(s, a, "read", "appointments", 0, 0);
}

int np_appointment_range(json_t **out, struct np_store *s, const struct np_actor *a,
                         const char *from, const char *to)
{
	struct range_ctx ctx = {.from = from, .to = to};
	return np_store_read(s, a, NP_ROLES_ANY, "read appointments", range, &ctx, out);
}

static int of_client(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	int64_t client = *(int64_t *)ctx;
	NP_TRY(np_store_client_check(s, a, client));
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_APPT_CLIENT, p, 2));
	int rc = np_store_answer(out, appointments_json(a, r));
	np_db_result_free(r);
	return rc ? rc : np_audit_append(s, a, "read", "appointments", 0, client);
}

int np_appointment_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client)
{
	return np_store_read(s, a, NP_ROLES_ANY, "read appointments", of_client, &client, out);
}
