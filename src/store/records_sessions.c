/* Logging a session: what was done, zone by zone, with which device and which unit of a lot. The
 * safety gate decides on the client's record read in the same transaction; only then is the unit
 * taken and the session written. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/aftercare.h"
#include "needlepoint/error.h"
#include "needlepoint/gate.h"

#include <stdlib.h>
#include <string.h>

/* Of two sessions racing for one unit, the loser decides again on what the winner wrote. */
#define TAKE_ATTEMPTS 3

struct log_ctx {
	int64_t client;
	const json_t *in;
	const char *key; /* the device's idempotency key, or NULL */
};

static json_t *aftercare_for(const struct np_pack *pack, const struct np_session *in, int kind)
{
	struct np_aftercare_sheet *sheet = NULL;
	if (np_aftercare_build(&sheet, pack, in->date, in->deepest_mm, kind) != 0)
		return json_null();
	json_t *j = np_aftercare_to_json(sheet);
	np_aftercare_free(sheet);
	return j;
}

/* Where the session sits in its plan's course, and a warning past its end. At home there is no
 * course to count: the use of the roller is counted instead ("use 3 of 10"). */
static json_t *course(const struct np_pack *pack, const struct np_gate_facts *f, int64_t plan_id,
                      json_t *warnings)
{
	if (f->setting && !f->setting->course)
		return f->unit && !f->unit->single_use
		           ? json_pack("{s:s, s:i, s:i}", "kind", "routine", "use",
		                       f->unit->uses + 1, "of",
		                       pack->home.roller_replace_after_uses)
		           : NULL;
	if (plan_id == 0 || f->plan == NULL)
		return NULL;
	int number = f->plan->done + 1;
	if (number > f->plan->sessions)
		json_array_append_new(warnings, json_sprintf("session %d of %d: beyond the planned "
		                                             "course",
		                                             number, f->plan->sessions));
	return json_pack("{s:s, s:I, s:i, s:i}", "kind", "course", "plan", (json_int_t)plan_id,
	                 "session", number, "of", f->plan->sessions);
}

/* The session as it is kept: the input without its override, with the aftercare handed over,
 * the warnings and its place in the course. A new string the caller frees. */
static char *body_text(struct np_store *s, const struct log_ctx *c, const struct np_session *in,
                       const struct np_gate_input *facts, int64_t plan_id)
{
	int kind = facts->facts.device >= 0 ? facts->facts.device
	           : facts->facts.unit      ? facts->facts.unit->kind
	                                    : -1;
	json_t *body = json_deep_copy(c->in), *warnings = json_array();
	if (body == NULL || warnings == NULL) {
		json_decref(body);
		json_decref(warnings);
		return NULL;
	}
	json_object_del(body, "override");
	json_object_del(body, "idempotency_key"); /* how it was sent, not what was done */
	if (in->indication == NULL && facts->facts.plan)
		json_object_set_new(body, "indication",
		                    json_string(facts->facts.plan->indication->id));
	json_object_set_new(body, "aftercare", aftercare_for(s->pack, in, kind));
	json_t *place = course(s->pack, &facts->facts, plan_id, warnings);
	if (place)
		json_object_set_new(body, "course", place);
	if (facts->facts.setting && strcmp(facts->facts.setting->id, "home") == 0 &&
	    !in->sterilised_after)
		json_array_append_new(warnings, json_string(s->pack->home.sterilise));
	if (json_array_size(warnings))
		json_object_set(body, "warnings", warnings);
	json_decref(warnings);
	char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(body);
	return text;
}

/* Decide on the record as it is now: NP_EREFUSED, with the refusals, unless it may be logged. */
static int decide(struct np_store *s, const struct np_actor *a, const struct log_ctx *c,
                  const struct np_session *in, struct np_gate_input **facts,
                  struct np_gate_result **result, int64_t *plan_id)
{
	struct np_facts_want want = {.unit = in->unit,
	                             .device = in->device,
	                             .plan = in->plan,
	                             .on = in->date,
	                             .products = json_object_get(c->in, "products")};
	NP_TRY(np_store_facts(facts, s, a, c->client, &want, plan_id));
	NP_TRY(np_gate_session(result, s->pack, &(*facts)->facts, in));
	if ((*result)->decision == NP_GATE_REFUSED)
		return np_gate_refuse(*result, "session", false);
	return 0;
}

static int write_session(struct np_store *s, const struct np_actor *a, const struct log_ctx *c,
                         const struct np_session *in, const struct np_gate_input *facts,
                         const struct np_gate_result *result, int64_t plan_id, int64_t *id)
{
	struct np_kept_override kept;
	NP_TRY(np_store_kept_override(&kept, result, &in->override));
	char *text = body_text(s, c, in, facts, plan_id);
	char date[NP_DATE_LEN], at[32];
	np_date_format(in->date, date);
	np_store_now(at, sizeof at);
	const char *indication = in->indication      ? in->indication->id
	                         : facts->facts.plan ? facts->facts.plan->indication->id
	                                             : NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id),
	                          NP_DB_I(c->client),
	                          plan_id ? NP_DB_I(plan_id) : NP_DB_NONE,
	                          NP_DB_T(date),
	                          NP_DB_I(a->user_id),
	                          in->device ? NP_DB_I(in->device) : NP_DB_NONE,
	                          NP_DB_I(in->unit),
	                          NP_DB_I(facts->facts.unit->uses + 1),
	                          NP_DB_T(indication),
	                          NP_DB_T(text),
	                          NP_DB_T(kept.reason),
	                          NP_DB_T(kept.refusals),
	                          NP_DB_T(at),
	                          NP_DB_T(kept.codes),
	                          NP_DB_T(c->key)};
	int rc = text ? np_store_insert(s, NP_SQL_SESSION_ADD, p, 15, id) : np_store_nomem();
	for (size_t i = 0; rc == 0 && i < in->n_products; i++) {
		struct np_db_value q[] = {NP_DB_I(*id), NP_DB_I(a->clinic_id),
		                          NP_DB_T(in->products[i].name),
		                          NP_DB_T(in->products[i].lot)};
		rc = np_db_run(s->db, NP_SQL_SESSION_LOT_ADD, q, 4, NULL);
	}
	free(text);
	struct np_db_value progress[] = {NP_DB_I(plan_id), NP_DB_I(a->clinic_id), NP_DB_T(date)};
	if (rc == 0 && plan_id)
		rc = np_db_run(s->db, NP_SQL_PLAN_PROGRESS_SESSION, progress, 3, NULL);
	if (rc == 0)
		rc = np_audit_write(s, a, "create", "session", *id, c->client);
	if (rc == 0 && kept.reason) {
		struct np_audit_entry e = {"override", "session",  *id,
		                           c->client,  kept.codes, false};
		rc = np_audit_add(s, a, &e);
	}
	np_store_kept_override_release(&kept);
	return rc;
}

/* The key a device made for this session, when it may send it more than once: the session kept
 * under it already, if any, is the answer. */
static int sent_before(struct np_store *s, const struct np_actor *a, struct log_ctx *c, int64_t *id)
{
	json_t *key = json_object_get(c->in, "idempotency_key");
	if (key == NULL)
		return 0;
	c->key = json_string_value(key);
	size_t len = c->key ? strlen(c->key) : 0;
	if (len < 8 || len > 100 ||
	    strspn(c->key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                   "0123456789-_") != len)
		return np_error_set(NP_EINVAL,
		                    "idempotency_key: expected 8 to 100 letters, digits, "
		                    "'-' or '_', made once for this session");
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(c->key)};
	struct np_db_result *r = NULL;
	NP_TRY(np_db_query(s->db, &r, NP_SQL_SESSION_BY_KEY, p, 2));
	*id = r->rows ? np_db_int(r, 0, 0) : 0;
	bool theirs = r->rows && np_db_int(r, 0, 1) != c->client;
	np_db_result_free(r);
	if (theirs)
		return np_error_set(NP_ECONFLICT, "idempotency_key: already used for another "
		                                  "client's session: make a new one");
	return 0;
}

static int session_log(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct log_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->client));
	int64_t kept = 0;
	NP_TRY(sent_before(s, a, c, &kept));
	if (kept) /* sent again: what was logged then is the answer */
		return np_session_json(s, a, kept, out);
	struct np_session *in = NULL;
	NP_TRY(np_session_from_json(&in, s->pack, c->in));
	int rc = np_gate_record_day("date", in->date, a->today);
	struct np_gate_input *facts = NULL;
	struct np_gate_result *result = NULL;
	int64_t plan_id = 0, id = 0, moved = 0;
	/* take the unit by compare-and-set on its count: a session that raced for it and lost
	 * reads the record again, and the gate decides on what the winner wrote */
	for (int attempt = 0; rc == 0 && moved != 1 && attempt < TAKE_ATTEMPTS; attempt++) {
		np_gate_input_free(facts);
		np_gate_free(result);
		facts = NULL;
		result = NULL;
		rc = decide(s, a, c, in, &facts, &result, &plan_id);
		struct np_db_value use[] = {NP_DB_I(in->unit), NP_DB_I(a->clinic_id),
		                            NP_DB_I(rc == 0 ? facts->facts.unit->uses : 0)};
		if (rc == 0)
			rc = np_db_run(s->db, NP_SQL_UNIT_USE, use, 3, &moved);
	}
	/* the lot's count of unused units, kept with the use that changes it */
	struct np_db_value unit[] = {NP_DB_I(in->unit), NP_DB_I(a->clinic_id)};
	if (rc == 0 && moved == 1 && facts->facts.unit->uses == 0)
		rc = np_db_run(s->db, NP_SQL_LOT_STOCK_TAKE, unit, 2, NULL);
	if (rc == 0 && moved != 1)
		rc = np_error_set(NP_ECONFLICT, "unit: taken by other sessions at the same moment: "
		                                "try again");
	if (rc == 0)
		rc = write_session(s, a, c, in, facts, result, plan_id, &id);
	np_gate_free(result);
	np_gate_input_free(facts);
	np_session_free(in);
	NP_TRY(rc);
	return np_session_json(s, a, id, out);
}

int np_session_log(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                   const json_t *in)
{
	struct log_ctx ctx = {.client = client, .in = in};
	int rc = np_store_tx(s, a, NP_ROLES_CLINICAL, "log sessions", session_log, &ctx, out);
	return np_audit_refused(s, a, rc, "session", client);
}

struct sterilised_ctx {
	int64_t id;
};

/* The roller was sterilised again after its use: recorded once it was done, never promised
 * before (the session's reminder to do it leaves its warnings). */
static int sterilised(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	const struct sterilised_ctx *c = ctx;
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_SESSION_BODY, c->id, a->clinic_id, "session"));
	int64_t client = np_db_int(r, 0, 1);
	json_t *body = json_loads(np_db_text(r, 0, 0), 0, NULL);
	np_db_result_free(r);
	if (body == NULL)
		return np_error_set(NP_EDB, "session %lld: its record does not read",
		                    (long long)c->id);
	if (json_is_true(json_object_get(body, "sterilised_after"))) {
		json_decref(body);
		return np_session_json(s, a, c->id, out); /* said before: nothing new */
	}
	json_object_set_new(body, "sterilised_after", json_true());
	json_t *warnings = json_object_get(body, "warnings");
	size_t i;
	json_t *w;
	json_array_foreach(warnings, i,
	                   w) if (json_is_string(w) &&
	                          strcmp(json_string_value(w), s->pack->home.sterilise) == 0)
	{
		json_array_remove(warnings, i);
		break;
	}
	if (warnings && json_array_size(warnings) == 0)
		json_object_del(body, "warnings");
	char *text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(body);
	if (text == NULL)
		return np_store_nomem();
	struct np_db_value p[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id), NP_DB_T(text)};
	int rc = np_db_run(s->db, NP_SQL_SESSION_BODY_SET, p, 3, NULL);
	free(text);
	NP_TRY(rc);
	NP_TRY(np_audit_write(s, a, "sterilised-after", "session", c->id, client));
	return np_session_json(s, a, c->id, out);
}

int np_session_sterilised(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                          const json_t *in)
{
	(void)in;
	struct sterilised_ctx ctx = {.id = id};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "log sessions", sterilised, &ctx, out);
}
