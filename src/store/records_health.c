/* The clinical record before treatment: health histories, screenings, consents and plans. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"
#include "needlepoint/gate.h"
#include "needlepoint/plan.h"
#include "needlepoint/screen.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static char *dump(const json_t *json)
{
	return json_dumps(json, JSON_COMPACT | JSON_REAL_PRECISION(10));
}

/* ---- health histories ---- */

const struct np_col np_intake_cols[] = {{"id", 'i'},     {"client_id", 'i'}, {"version", 'i'},
                                        {"intake", 'j'}, {"by", 't'},        {"created_at", 't'},
                                        {NULL, 0}};

struct client_ctx {
	int64_t client;
	const json_t *in;
	np_day on;
	const char *text;
	const char *text2;
};

static int intake_add(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct client_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->client));
	/* "based_on": the version the form was filled from (0: none yet), so that a history saved
	 * from an older one does not silently take the place of a newer one */
	const json_t *based = json_object_get(c->in, "based_on");
	if (based && (!json_is_integer(based) || json_integer_value(based) < 0))
		return np_error_set(NP_EINVAL,
		                    "based_on: expected the version of the health history "
		                    "the form was filled from (0 when there was none)");
	json_t *in = json_copy((json_t *)c->in);
	if (in == NULL)
		return np_store_nomem();
	json_object_del(in, "based_on");
	/* the engine reads it first: what is stored is an intake the engine understands */
	struct np_intake *intake = NULL;
	int rc = np_intake_from_json(&intake, s->pack, in);
	np_intake_free(intake);
	int64_t version = 0, id;
	struct np_db_value q[] = {NP_DB_I(c->client), NP_DB_I(a->clinic_id)};
	if (rc == 0)
		rc = np_store_scalar(s, NP_SQL_INTAKE_NEXT_VERSION, q, 2, &version);
	if (rc == 0 && based && json_integer_value(based) != version - 1)
		rc = np_error_set(
		    NP_ESTALE,
		    "the health history was changed by someone else since you opened it "
		    "(version %lld, now %lld)",
		    (long long)json_integer_value(based), (long long)version - 1);
	char *body = rc == 0 ? dump(in) : NULL, at[32];
	json_decref(in);
	NP_TRY(rc);
	if (body == NULL)
		return np_store_nomem();
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_I(c->client),  NP_DB_I(version),
	                          NP_DB_T(body),         NP_DB_I(a->user_id), NP_DB_T(at)};
	rc = np_store_insert(s, NP_SQL_INTAKE_ADD, p, 6, &id);
	free(body);
	NP_TRY(rc);
	NP_TRY(np_audit_write(s, a, "create", "intake", id, c->client));
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_INTAKE_GET, id, a->clinic_id, "intake"));
	rc = np_store_answer(out, np_row_json(r, 0, np_intake_cols));
	np_db_result_free(r);
	return rc;
}

int np_intake_add(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                  const json_t *in)
{
	struct client_ctx ctx = {.client = client, .in = in};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "record health histories", intake_add, &ctx,
	                   out);
}

/* A list of a client's records by one statement, with a read in the audit trail. */
struct list_ctx {
	int64_t client;
	enum np_sql stmt;
	const struct np_col *cols;
	const char *entity;
};

static int list_of_client(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct list_ctx *l = ctx;
	NP_TRY(np_store_client_check(s, a, l->client));
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(l->client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, l->stmt, p, 2));
	int rc = np_store_answer(out, np_rows_json(r, l->cols));
	np_db_result_free(r);
	return rc ? rc : np_audit_append(s, a, "read", l->entity, 0, l->client);
}

int np_intake_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client)
{
	struct list_ctx ctx = {client, NP_SQL_INTAKE_LIST, np_intake_cols, "intake"};
	return np_store_read(s, a, NP_ROLES_CLINICAL, "read health histories", list_of_client, &ctx,
	                     out);
}

/* ---- screenings ---- */

static int screening_answer(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_SCREENING_GET, id, a->clinic_id, "screening"));
	int rc = np_store_answer(out, np_screening_record(r, 0));
	np_db_result_free(r);
	return rc;
}

static int screening_run(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct client_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->client));
	NP_TRY(np_gate_record_day("on", c->on, a->today));
	struct np_db_result *r = NULL;
	struct np_db_value q[] = {NP_DB_I(c->client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_INTAKE_LATEST, q, 2));
	if (r->rows == 0) {
		np_db_result_free(r);
		return np_error_set(NP_EREFUSED,
		                    "client %lld has no health history yet: record one first",
		                    (long long)c->client);
	}
	int64_t intake_id = np_db_int(r, 0, 0);
	json_t *intake_json = json_loads(np_db_text(r, 0, 3), 0, NULL);
	np_db_result_free(r);
	struct np_intake *intake = NULL;
	struct np_screening *screening = NULL;
	json_t *result = NULL;
	int rc = intake_json ? np_intake_from_json(&intake, s->pack, intake_json)
	                     : np_error_set(NP_EDB, "the stored health history is not JSON");
	if (rc == 0)
		rc = np_screen_run(&screening, s->pack, intake, c->on);
	if (rc == 0 && (result = np_screening_to_json(screening)) == NULL)
		rc = np_store_nomem();
	char *body = rc == 0 ? dump(result) : NULL;
	if (rc == 0 && body == NULL)
		rc = np_store_nomem();
	int64_t id = 0;
	if (rc == 0) {
		char on[NP_DATE_LEN], until[NP_DATE_LEN], at[32];
		np_store_now(at, sizeof at);
		struct np_db_value p[] = {NP_DB_I(a->clinic_id),
		                          NP_DB_I(c->client),
		                          NP_DB_I(intake_id),
		                          NP_DB_T(np_store_day(on, c->on)),
		                          NP_DB_T(np_decision_name(screening->decision)),
		                          NP_DB_T(np_store_day(until, screening->until)),
		                          NP_DB_T(s->pack->name),
		                          NP_DB_T(s->pack->version),
		                          NP_DB_T(body),
		                          NP_DB_I(a->user_id),
		                          NP_DB_T(at)};
		rc = np_store_insert(s, NP_SQL_SCREENING_ADD, p, 11, &id);
	}
	free(body);
	json_decref(result);
	json_decref(intake_json);
	np_screening_free(screening);
	np_intake_free(intake);
	NP_TRY(rc);
	NP_TRY(np_audit_write(s, a, "create", "screening", id, c->client));
	return screening_answer(s, a, id, out);
}

int np_screening_run(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                     np_day on)
{
	struct client_ctx ctx = {.client = client, .on = on};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "screen health histories", screening_run, &ctx,
	                   out);
}

static int screening_ack(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct client_ctx *c = ctx; /* client holds the screening's id */
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_SCREENING_GET, c->client, a->clinic_id, "screening"));
	const char *decision = np_db_text(r, 0, 5);
	bool caution = strcmp(decision, "caution") == 0, done = np_db_text(r, 0, 12) != NULL;
	int64_t client = np_db_int(r, 0, 1);
	int rc = 0;
	if (!caution)
		rc = np_error_set(NP_EREFUSED,
		                  "screening %lld is '%s': only a caution is acknowledged",
		                  (long long)c->client, decision);
	else if (done)
		rc = np_error_set(NP_ECONFLICT, "screening %lld was acknowledged by %s on %s",
		                  (long long)c->client, np_db_text(r, 0, 12), np_db_text(r, 0, 13));
	np_db_result_free(r);
	NP_TRY(rc);
	if (c->text == NULL || c->text[strspn(c->text, " \t")] == '\0')
		return np_error_set(
		    NP_EINVAL, "--note: an acknowledgement says what was weighed, and is needed");
	if (strlen(c->text) > 20000)
		return np_error_set(NP_EINVAL, "--note: %zu bytes, expected at most 20000",
		                    strlen(c->text));
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(c->client), NP_DB_I(a->clinic_id), NP_DB_I(a->user_id),
	                          NP_DB_T(at), NP_DB_T(c->text)};
	NP_TRY(np_db_run(s->db, NP_SQL_SCREENING_ACK, p, 5, NULL));
	NP_TRY(np_audit_write(s, a, "acknowledge", "screening", c->client, client));
	return screening_answer(s, a, c->client, out);
}

int np_screening_ack(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                     const char *note)
{
	if (a->role != NP_ROLE_PRACTITIONER && !(a->home && a->role == NP_ROLE_ADMIN))
		return np_error_set(NP_EFORBIDDEN,
		                    "%s '%s' may not acknowledge a caution: a practitioner does",
		                    np_role_name(a->role), a->name);
	struct client_ctx ctx = {.client = id, .text = note};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "acknowledge screenings", screening_ack, &ctx,
	                   out);
}

static int screening_list(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	int64_t client = *(int64_t *)ctx;
	NP_TRY(np_store_client_check(s, a, client));
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_SCREENING_LIST, p, 2));
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r->rows; i++)
		if (json_array_append_new(arr, np_screening_record(r, i)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	np_db_result_free(r);
	NP_TRY(np_store_answer(out, arr));
	return np_audit_append(s, a, "read", "screening", 0, client);
}

int np_screening_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client)
{
	return np_store_read(s, a, NP_ROLES_CLINICAL, "read screenings", screening_list, &client,
	                     out);
}

/* ---- consents ---- */

const struct np_col np_consent_cols[] = {
    {"id", 'i'},         {"client_id", 'i'},   {"form", 't'},   {"version", 't'},
    {"text", 't'},       {"text_sha256", 't'}, {"signer", 't'}, {"signed_on", 't'},
    {"expires_on", 't'}, {"created_at", 't'},  {NULL, 0}};

static int consent_sign(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct client_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->client));
	NP_TRY(np_gate_record_day("on", c->on, a->today));
	const struct np_consent_form *f = np_pack_consent_form(s->pack, c->text);
	if (f == NULL) {
		char known[512] = "";
		for (size_t i = 0; i < s->pack->records.n_consent_forms; i++)
			snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
			         i ? ", " : "", s->pack->records.consent_forms[i].id);
		return np_error_set(NP_EINVAL, "--form: unknown consent form '%s': expected %s",
		                    c->text, known);
	}
	const char *signer = c->text2;
	if (signer == NULL || signer[strspn(signer, " \t")] == '\0')
		return np_error_set(NP_EINVAL, "--signer: the name of who signs is needed");
	if (strlen(signer) > 200)
		return np_error_set(NP_EINVAL, "--signer: %zu bytes, expected at most 200",
		                    strlen(signer));
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[sizeof digest * 2 + 1], on[NP_DATE_LEN], expires[NP_DATE_LEN], at[32];
	crypto_hash_sha256(digest, (const unsigned char *)f->text, strlen(f->text));
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	np_store_now(at, sizeof at);
	np_date_format(c->on, on);
	np_date_format(np_date_add_months(c->on, f->valid_months), expires);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_I(c->client), NP_DB_T(f->id),
	                          NP_DB_T(f->version),   NP_DB_T(f->text),   NP_DB_T(hex),
	                          NP_DB_T(signer),       NP_DB_T(on),        NP_DB_T(expires),
	                          NP_DB_I(a->user_id),   NP_DB_T(at)};
	int64_t id;
	NP_TRY(np_store_insert(s, NP_SQL_CONSENT_ADD, p, 11, &id));
	NP_TRY(np_audit_write(s, a, "create", "consent", id, c->client));
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_CONSENT_GET, id, a->clinic_id, "consent"));
	int rc = np_store_answer(out, np_row_json(r, 0, np_consent_cols));
	np_db_result_free(r);
	return rc;
}

int np_consent_sign(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                    const char *form, const char *signer, np_day on)
{
	struct client_ctx ctx = {.client = client, .text = form, .text2 = signer, .on = on};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "record consents", consent_sign, &ctx, out);
}

void np_consent_status(json_t *consent, np_day on)
{
	const char *signed_on = json_string_value(json_object_get(consent, "signed_on"));
	const char *expires = json_string_value(json_object_get(consent, "expires_on"));
	json_object_set_new(consent, "status",
	                    json_string(np_consent_state(signed_on, expires, on)));
}

static int consent_list(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct client_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->client));
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(c->client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_CONSENT_LIST, p, 2));
	json_t *arr = np_rows_json(r, np_consent_cols);
	np_db_result_free(r);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		np_consent_status(v, c->on);
	}
	NP_TRY(np_store_answer(out, arr));
	return np_audit_append(s, a, "read", "consent", 0, c->client);
}

int np_consent_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                    np_day on)
{
	struct client_ctx ctx = {.client = client, .on = on};
	return np_store_read(s, a, NP_ROLES_CLINICAL, "read consents", consent_list, &ctx, out);
}

/* ---- plans ---- */

/* The request as the client's record completes it: the setting of the log, the client's skin
 * type, and the zones the current screening excluded, with its cautions carried onto the plan. */
static int complete_request(struct np_store *s, const struct np_actor *a, int64_t client,
                            json_t *req, json_t **cautions)
{
	if (!json_is_object(req))
		return 0; /* the engine names the problem */
	if (json_object_get(req, "setting") == NULL)
		json_object_set_new(req, "setting", json_string(a->home ? "home" : "clinic"));
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	/* the plan obeys the health history the latest screening read, over any intake or skin type
	 * the request carries (the browser's preview sends the same) */
	{
		NP_TRY(np_db_query(s->db, &r, NP_SQL_SCREENING_LATEST_INTAKE, p, 2));
		json_t *intake = r->rows ? json_loads(np_db_text(r, 0, 0), 0, NULL) : NULL;
		np_db_result_free(r);
		r = NULL;
		if (intake != NULL) {
			json_object_set_new(req, "intake", intake);
			json_object_del(req, "fitzpatrick");
		}
	}
	/* never screened: the skin type the client's record holds, if it holds one */
	if (json_object_get(req, "intake") == NULL && json_object_get(req, "fitzpatrick") == NULL) {
		NP_TRY(np_store_get(s, &r, NP_SQL_CLIENT_GET, client, a->clinic_id, "client"));
		if (np_db_text(r, 0, 3) != NULL)
			json_object_set_new(req, "fitzpatrick", json_integer(np_db_int(r, 0, 3)));
		np_db_result_free(r);
		r = NULL;
	}
	NP_TRY(np_db_query(s->db, &r, NP_SQL_SCREENING_LATEST, p, 2));
	json_t *result = r->rows ? json_loads(np_db_text(r, 0, 9), 0, NULL) : NULL;
	np_db_result_free(r);
	if (result == NULL)
		return 0;
	json_t *excluded = json_object_get(result, "excluded_zones");
	if (json_array_size(excluded) > 0 && json_object_get(req, "excluded_zones") == NULL)
		json_object_set(req, "excluded_zones", excluded);
	*cautions = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(result, "findings"), i, f)
	{
		if (strcmp(json_string_value(json_object_get(f, "decision")), "caution") == 0)
			json_array_append(*cautions, json_object_get(f, "message"));
	}
	json_decref(result);
	return 0;
}

/* Whether the plan may be kept: the gate, on the client's record, with the request's override. */
static int gate(struct np_store *s, const struct np_actor *a, const struct client_ctx *c,
                const struct np_plan *plan)
{
	struct np_override override;
	NP_TRY(np_override_from_json(&override, s->pack, c->in));
	struct np_gate_input *facts = NULL;
	struct np_gate_result *result = NULL;
	struct np_facts_want want = {0};
	int64_t plan_id;
	int rc = np_store_facts(&facts, s, a, c->client, &want, &plan_id);
	if (rc == 0)
		rc = np_gate_plan(&result, s->pack, &facts->facts, plan, &override);
	if (rc == 0 && result->decision == NP_GATE_REFUSED)
		rc = np_gate_refuse(result, "plan", false);
	np_gate_free(result);
	np_gate_input_free(facts);
	return rc;
}

static int plan_add(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct client_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->client));
	json_t *req = json_deep_copy(c->in), *cautions = NULL, *plan_json = NULL;
	json_object_del(req, "override"); /* the gate's, not the engine's */
	struct np_plan_request *request = NULL;
	struct np_plan *plan = NULL;
	char *req_text = NULL, *plan_text = NULL;
	int64_t id = 0;
	int rc = req ? complete_request(s, a, c->client, req, &cautions) : np_store_nomem();
	if (rc == 0)
		rc = np_plan_request_from_json(&request, s->pack, req);
	if (rc == 0 && strcmp(request->setting->id, a->home ? "home" : "clinic") != 0)
		rc = np_error_set(NP_EINVAL, "setting: '%s' in a %s log", request->setting->id,
		                  a->home ? "home" : "clinic");
	if (rc == 0)
		rc = np_plan_build(&plan, s->pack, request);
	if (rc == 0)
		rc = gate(s, a, c, plan);
	if (rc == 0 && (plan_json = np_plan_to_json(plan)) == NULL)
		rc = np_store_nomem();
	if (rc == 0 && cautions && json_array_size(cautions) > 0)
		json_object_set(plan_json, "screening_cautions", cautions);
	if (rc == 0 && ((req_text = dump(req)) == NULL || (plan_text = dump(plan_json)) == NULL))
		rc = np_store_nomem();
	if (rc == 0) {
		char at[32];
		np_store_now(at, sizeof at);
		struct np_db_value p[] = {NP_DB_I(a->clinic_id),      NP_DB_I(c->client),
		                          NP_DB_T(plan->primary->id), NP_DB_I(plan->sessions),
		                          NP_DB_T(req_text),          NP_DB_T(plan_text),
		                          NP_DB_T(s->pack->name),     NP_DB_T(s->pack->version),
		                          NP_DB_I(a->user_id),        NP_DB_T(at)};
		rc = np_store_insert(s, NP_SQL_PLAN_ADD, p, 10, &id);
		struct np_db_value q[] = {NP_DB_I(id), NP_DB_I(a->clinic_id)};
		if (rc == 0)
			rc = np_db_run(s->db, NP_SQL_PLAN_PROGRESS_ADD, q, 2, NULL);
	}
	free(req_text);
	free(plan_text);
	json_decref(plan_json);
	json_decref(cautions);
	json_decref(req);
	np_plan_free(plan);
	np_plan_request_free(request);
	NP_TRY(rc);
	NP_TRY(np_audit_write(s, a, "create", "plan", id, c->client));
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_PLAN_GET, id, a->clinic_id, "plan"));
	rc = np_store_answer(out, np_plan_record(r, 0));
	np_db_result_free(r);
	return rc;
}

int np_plan_add(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                const json_t *in)
{
	struct client_ctx ctx = {.client = client, .in = in};
	int rc = np_store_tx(s, a, NP_ROLES_CLINICAL, "record plans", plan_add, &ctx, out);
	return np_audit_refused(s, a, rc, "plan", client);
}

static int plan_list(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	int64_t client = *(int64_t *)ctx;
	NP_TRY(np_store_client_check(s, a, client));
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_PLAN_LIST, p, 2));
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r->rows; i++)
		json_array_append_new(arr, np_plan_record(r, i));
	np_db_result_free(r);
	NP_TRY(np_store_answer(out, arr));
	return np_audit_append(s, a, "read", "plan", 0, client);
}

int np_plan_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client)
{
	return np_store_read(s, a, NP_ROLES_CLINICAL, "read plans", plan_list, &client, out);
}
