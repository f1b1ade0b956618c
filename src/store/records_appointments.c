/* Appointments: the front desk books the next session of a client's plan. A booking is refused,
 * with every reason, while a zone of the plan still rests on the day, once the plan's sessions are
 * all done or booked, while an adverse event is open or while screening defers treatment; a
 * practitioner books it anyway with the reason, which is kept with what was overridden. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"

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
                                             {NULL, 0}};

struct book_ctx {
	int64_t client;
	const json_t *in;
	json_t *refusals; /* [{"rule", "message"}] */
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

/* The plan's sessions: done, and booked ahead of the last one done. */
static int check_course(struct np_store *s, const struct np_actor *a, struct book_ctx *c,
                        const struct np_db_result *plan, int64_t *number)
{
	int64_t planned = np_db_int(plan, 0, 3), done = np_db_int(plan, 0, 10), ahead = 0;
	struct np_db_value p[] = {NP_DB_I(np_db_int(plan, 0, 0)), NP_DB_I(a->clinic_id)};
	NP_TRY(np_store_scalar(s, NP_SQL_APPT_BOOKED_AHEAD, p, 2, &ahead));
	*number = done + ahead + 1;
	if (*number <= planned)
		return 0;
	return np_refuse(c->refusals, "course",
	                 "plan %lld is a course of %lld sessions: %lld done and %lld booked",
	                 (long long)np_db_int(plan, 0, 0), (long long)planned, (long long)done,
	                 (long long)ahead);
}

/* Open adverse events and a screening that defers or declines. The messages name no diagnosis:
 * the front desk reads them. */
static int check_client(struct np_store *s, const struct np_actor *a, struct book_ctx *c,
                        np_day day)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(c->client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_AE_OPEN, p, 2));
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < r->rows; i++)
		rc = np_refuse(
		    c->refusals, "adverse_event",
		    "adverse event %s, since %s, is still open: a practitioner follows it "
		    "up first",
		    np_db_text(r, i, 0), np_db_text(r, i, 5));
	np_db_result_free(r);
	r = NULL;
	if (rc == 0)
		rc = np_db_query(s->db, &r, NP_SQL_SCREENING_LATEST, p, 2);
	if (rc == 0 && r->rows > 0) {
		const char *decision = np_db_text(r, 0, 5), *until = np_db_text(r, 0, 6);
		char date[NP_DATE_LEN];
		np_date_format(day, date);
		if (strcmp(decision, "decline") == 0)
			rc = np_refuse(c->refusals, "screening", "screening %s declines treatment",
			               np_db_text(r, 0, 0));
		else if (strcmp(decision, "defer") == 0 &&
		         (until == NULL || strcmp(until, date) > 0))
			rc = np_refuse(c->refusals, "screening",
			               "screening %s defers treatment %s%s", np_db_text(r, 0, 0),
			               until ? "until " : "until it resolves", until ? until : "");
	}
	np_db_result_free(r);
	return rc;
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
	}
	return all;
}

static int appt_answer(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_APPT_GET, id, a->clinic_id, "appointment"));
	json_t *all = appointments_json(a, r);
	json_t *one = json_incref(json_array_get(all, 0));
	json_decref(all);
	np_db_result_free(r);
	return np_store_answer(out, one);
}

static int book(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"date",  "time",      "?minutes", "?plan",
	                                   "?note", "?override", NULL};
	struct book_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->client));
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	np_day day;
	const char *time = NULL, *note = NULL, *override = NULL;
	int minutes = 60, plan_id = 0;
	NP_TRY(np_jv_object(&jv, c->in, keys));
	NP_TRY(np_jv_date(&jv, c->in, "date", &day));
	NP_TRY(read_time(&jv, c->in, &time));
	if (json_object_get(c->in, "minutes"))
		NP_TRY(np_jv_int(&jv, c->in, "minutes", &minutes, 5, 480));
	if (json_object_get(c->in, "plan"))
		NP_TRY(np_jv_int(&jv, c->in, "plan", &plan_id, 1, INT32_MAX));
	NP_TRY(np_store_text(&jv, c->in, "note", &note, 2000));
	NP_TRY(np_store_text(&jv, c->in, "override", &override, 2000));
	if (override && override[strspn(override, " \t")] == '\0')
		return np_error_set(NP_EINVAL, "override: an override needs its reason");
	char at[32], date[NP_DATE_LEN];
	np_store_now(at, sizeof at);
	np_date_format(day, date);
	if (strncmp(date, at, 10) < 0)
		return np_error_set(NP_EINVAL, "date: %s is in the past", date);

	/* the plan it belongs to: the one named, else the client's latest; none: a consultation */
	struct np_db_result *plan = NULL;
	struct np_db_value pp[] = {NP_DB_I(plan_id ? plan_id : c->client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &plan, plan_id ? NP_SQL_PLAN_GET : NP_SQL_PLAN_LATEST, pp, 2));
	int rc = 0;
	if (plan_id && (plan->rows == 0 || np_db_int(plan, 0, 1) != c->client))
		rc = np_error_set(NP_ENOTFOUND, "plan: plan %d of client %lld: no such record",
		                  plan_id, (long long)c->client);
	int64_t number = 0, planned = 0, pid = 0;
	if (rc == 0 && plan->rows > 0) {
		pid = np_db_int(plan, 0, 0);
		planned = np_db_int(plan, 0, 3);
		json_t *body = json_loads(np_db_text(plan, 0, 5), 0, NULL);
		rc = body ? np_store_check_rest(s, a, c->client, day,
		                                json_object_get(body, "zones"), c->refusals)
		          : np_store_nomem();
		json_decref(body);
		if (rc == 0)
			rc = check_course(s, a, c, plan, &number);
	}
	np_db_result_free(plan);
	if (rc == 0)
		rc = check_client(s, a, c, day);
	bool overriding = rc == 0 && json_array_size(c->refusals) > 0;
	if (overriding && override == NULL)
		rc = np_refused(c->refusals, "booking",
		                "a practitioner may book it with an override and its reason");
	else if (overriding && a->role != NP_ROLE_PRACTITIONER && !a->home)
		rc = np_error_set(NP_EFORBIDDEN, "%s '%s' may not override: a practitioner does",
		                  np_role_name(a->role), a->name);
	char *overridden = overriding ? json_dumps(c->refusals, JSON_COMPACT) : NULL;
	if (rc == 0 && overriding && overridden == NULL)
		rc = np_store_nomem();
	int64_t id = 0;
	if (rc == 0) {
		struct np_db_value p[] = {NP_DB_I(a->clinic_id),
		                          NP_DB_I(c->client),
		                          pid ? NP_DB_I(pid) : NP_DB_NONE,
		                          NP_DB_T(date),
		                          NP_DB_T(time),
		                          NP_DB_I(minutes),
		                          pid ? NP_DB_I(number) : NP_DB_NONE,
		                          pid ? NP_DB_I(planned) : NP_DB_NONE,
		                          NP_DB_T(note),
		                          NP_DB_T(overriding ? override : NULL),
		                          NP_DB_T(overridden),
		                          NP_DB_I(a->user_id),
		                          NP_DB_T(at)};
		rc = np_store_insert(s, NP_SQL_APPT_ADD, p, 13, &id);
	}
	free(overridden);
	NP_TRY(rc);
	NP_TRY(np_audit_append(s, a, "create", "appointment", id, c->client));
	return appt_answer(s, a, id, out);
}

int np_appointment_book(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                        const json_t *in)
{
	struct book_ctx ctx = {.client = client, .in = in, .refusals = json_array()};
	int rc = ctx.refusals
	             ? np_store_tx(s, a, NP_ROLES_ANY, "book appointments", book, &ctx, out)
	             : np_store_nomem();
	json_decref(ctx.refusals);
	return rc;
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
	NP_TRY(np_audit_append(s, a, "cancel", "appointment", c->id, client));
	return appt_answer(s, a, c->id, out);
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
	return np_store_tx(s, a, NP_ROLES_ANY, "read appointments", range, &ctx, out);
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
	return np_store_tx(s, a, NP_ROLES_ANY, "read appointments", of_client, &client, out);
}
