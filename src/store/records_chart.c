/* The chart as a whole: a session's record, the export of everything held about a client, their
 * erasure, and the recall of a lot. The chart's timeline is records_timeline.c. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"
#include "needlepoint/schedule.h"

#include <sodium.h>
#include <string.h>

int np_store_erased(const struct np_db_result *r, int64_t client)
{
	return np_db_text(r, 0, 9) != NULL
	           ? np_error_set(NP_ENOTFOUND, "client %lld: erased", (long long)client)
	           : 0;
}

int np_store_client_check(struct np_store *s, const struct np_actor *a, int64_t client)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_CLIENT_GET, client, a->clinic_id, "client"));
	int rc = np_store_erased(r, client);
	np_db_result_free(r);
	return rc;
}

int np_session_json(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_SESSION_GET, id, a->clinic_id, "session"));
	int rc = np_store_answer(out, np_session_record(r, 0));
	np_db_result_free(r);
	return rc;
}

static int session_show(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	int64_t id = *(int64_t *)ctx;
	NP_TRY(np_session_json(s, a, id, out));
	return np_audit_append(s, a, "read", "session", id,
	                       json_integer_value(json_object_get(*out, "client_id")));
}

int np_session_show(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id)
{
	return np_store_read(s, a, NP_ROLES_CLINICAL, "read sessions", session_show, &id, out);
}

/* ---- export ---- */

/* An export written as it is read, as a recall is: the client checked and the trail's entry
 * written (durable before anything is sent), then every record in a snapshot of its own. */
struct export_ctx {
	int64_t client;
	struct np_pieces out;
};

static int export_entry(struct np_store *s, const struct np_actor *a, void *ctx, json_t **unused)
{
	struct export_ctx *c = ctx;
	(void)unused;
	NP_TRY(np_store_client_check(s, a, c->client));
	return np_audit_append(s, a, "export", "client", c->client, c->client);
}

static int export_records(struct np_store *s, const struct np_actor *a, void *ctx, json_t **unused)
{
	struct export_ctx *c = ctx;
	struct np_jw *w = &c->out.w;
	(void)unused;
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_CLIENT_GET, c->client, a->clinic_id, "client"));
	np_jw_object(w);
	np_jw_kint(w, "format", 1);
	np_jw_kstring(w, "engine", np_store_engine(s));
	np_jw_kstring(w, "protocol", s->pack->name);
	np_jw_key(w, "client");
	np_jw_object(w);
	np_row_jw(w, r, 0, np_client_cols);
	np_jw_end(w);
	np_db_result_free(r);
	NP_TRY(np_chart_write(s, a, c->client, &c->out));
	np_jw_end(w);
	return np_pieces_hand_on(&c->out, true);
}

int np_export_write(struct np_store *s, const struct np_actor *a, int64_t client, np_write_fn write,
                    void *ctx)
{
	struct export_ctx c = {client, {.w = NP_JW_INIT, .write = write, .ctx = ctx}};
	json_t *none = NULL;
	int rc = np_store_read(s, a, NP_ROLES_CLINICAL, "export health records", export_entry, &c,
	                       &none);
	if (rc == 0)
		rc = np_store_read(s, a, NP_ROLES_CLINICAL, "export health records", export_records,
		                   &c, &none);
	json_decref(none);
	np_buf_release(&c.out.w.buf);
	return rc;
}

int np_export(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client)
{
	struct np_buf b = NP_BUF_INIT;
	*out = NULL;
	int rc = np_export_write(s, a, client, np_pieces_to_buf, &b);
	if (rc == 0 && (*out = json_loads(b.data ? b.data : "", 0, NULL)) == NULL)
		rc = np_store_nomem();
	np_buf_release(&b);
	return rc;
}

/* Erasure removes the person and keeps what a clinic must keep for recall and liability: the
 * sessions with their lots, the adverse events, the plans' results, under a pseudonym. The
 * health history, the screenings' findings, a consent's signer, notes and contact details are
 * blanked; no row is deleted, so no id of theirs is given to anyone else. */
struct erase_ctx {
	int64_t client;
	const char *reason;
};

/* Each step blanks a kind of record; every record it touched is sealed again as it is left. */
static int erase_step(struct np_store *s, const struct np_actor *a, enum np_sql step,
                      enum np_sql ids, const char *entity, int64_t client, int64_t *n)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, ids, p, 2));
	int rc = np_db_run(s->db, step, p, 2, n);
	for (size_t i = 0; rc == 0 && i < r->rows; i++)
		rc = np_audit_write(s, a, "erase", entity, np_db_int(r, i, 0), client);
	np_db_result_free(r);
	return rc;
}

static int erase(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const struct {
		enum np_sql step, ids;
		const char *entity;
	} steps[] = {
	    {NP_SQL_ERASE_APPOINTMENTS, NP_SQL_ERASE_IDS_APPT, "appointment"},
	    {NP_SQL_ERASE_OUTCOMES, NP_SQL_ERASE_IDS_OUTCOME, "outcome"},
	    {NP_SQL_ERASE_PLANS, NP_SQL_ERASE_IDS_PLAN, "plan"},
	    {NP_SQL_ERASE_CONSENTS, NP_SQL_ERASE_IDS_CONSENT, "consent"},
	    {NP_SQL_ERASE_SCREENINGS, NP_SQL_ERASE_IDS_SCREENING, "screening"},
	    {NP_SQL_ERASE_INTAKES, NP_SQL_ERASE_IDS_INTAKE, "intake"},
	    {NP_SQL_ERASE_DEVICES, NP_SQL_ERASE_IDS_DEVICE, "device"},
	};
	const struct erase_ctx *c = ctx;
	int64_t client = c->client;
	NP_TRY(np_store_client_check(s, a, client));
	json_t *blanked = json_object();
	if (blanked == NULL)
		return np_store_nomem();
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		int64_t n = 0;
		int rc = erase_step(s, a, steps[i].step, steps[i].ids, steps[i].entity, client, &n);
		if (rc != 0) {
			json_decref(blanked);
			return rc;
		}
		/* "ERASE_INTAKES" -> "intakes" */
		char key[40];
		snprintf(key, sizeof key, "%s", np_sql_name(steps[i].step) + 6);
		for (char *k = key; *k; k++)
			*k = (char)(*k >= 'A' && *k <= 'Z' ? *k - 'A' + 'a' : *k);
		json_object_set_new(blanked, key, json_integer(n));
	}
	char at[32], pseudonym[40];
	unsigned char random[6];
	char hex[sizeof random * 2 + 1];
	randombytes_buf(random, sizeof random);
	sodium_bin2hex(hex, sizeof hex, random, sizeof random);
	snprintf(pseudonym, sizeof pseudonym, "erased client %s", hex);
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id), NP_DB_T(at),
	                          NP_DB_T(pseudonym)};
	int rc = np_db_run(s->db, NP_SQL_CLIENT_ERASE, p, 4, NULL);
	struct np_audit_entry e = {"erase", "client", client, client, c->reason, true};
	if (rc == 0)
		rc = np_audit_add(s, a, &e);
	if (rc != 0) {
		json_decref(blanked);
		return rc;
	}
	return np_store_answer(out, json_pack("{s:I, s:s, s:s, s:o, s:[sss]}", "client_id",
	                                      (json_int_t)client, "erased_at", at, "pseudonym",
	                                      pseudonym, "blanked", blanked, "kept", "sessions",
	                                      "adverse_events", "lots"));
}

int np_erase(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
             const char *reason)
{
	*out = NULL;
	size_t len = reason ? strlen(reason) : 0;
	if (len == 0 || reason[strspn(reason, " \t\n")] == '\0' || len > 500)
		return np_error_set(NP_EINVAL,
		                    "reason: %s; an erasure says why it was done (the person's "
		                    "request, a record made in error), in at most 500 bytes",
		                    len ? (len > 500 ? "too long" : "blank") : "missing");
	struct erase_ctx ctx = {client, reason};
	NP_TRY(np_store_tx(s, a, NP_ROLES_ADMIN, "erase a client's record", erase, &ctx, out));
	/* and out of the files: the engine's own way to let go of what it overwrote */
	return s->db->driver->scrub(s->db);
}

/* ---- recall ---- */

/* A recall written as it is read: how many clients, and up to which session, in the snapshot
 * that writes the entry of the trail (durable before anything is sent); then, in a snapshot of its
 * own, the sessions up to that one, a row at a time, the text handed on whenever it has grown. */
struct recall_ctx {
	const char *lot;
	int64_t clients, last;
	struct np_pieces out;
};

static int recall_head(struct np_store *s, const struct np_actor *a, void *ctx, json_t **unused)
{
	struct recall_ctx *c = ctx;
	(void)unused;
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(c->lot)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_RECALL_HEAD, p, 2));
	c->clients = np_db_int(r, 0, 0);
	c->last = np_db_int(r, 0, 1);
	np_db_result_free(r);
	return np_audit_append(s, a, "recall", "lot", 0, 0);
}

static int recall_row(const struct np_db_result *r, void *ctx)
{
	static const struct np_col cols[] = {
	    {"session_id", 'i'}, {"date", 't'},    {"client_id", 'i'},
	    {"name", 't'},       {"phone", 't'},   {"email", 't'},
	    {"product", 't'},    {"used_as", 't'}, {NULL, 0}};
	struct recall_ctx *c = ctx;
	np_jw_object(&c->out.w);
	np_row_jw(&c->out.w, r, 0, cols);
	np_jw_end(&c->out.w);
	return np_pieces_hand_on(&c->out, false);
}

static int recall_rows(struct np_store *s, const struct np_actor *a, void *ctx, json_t **unused)
{
	struct recall_ctx *c = ctx;
	(void)unused;
	struct np_jw *w = &c->out.w;
	np_jw_object(w);
	np_jw_kstring(w, "lot", c->lot);
	np_jw_kint(w, "clients", (long long)c->clients);
	np_jw_key(w, "sessions");
	np_jw_array(w);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(c->lot), NP_DB_I(c->last)};
	NP_TRY(s->db->driver->each(s->db, NP_SQL_RECALL, p, 3, recall_row, c));
	np_jw_end(w);
	np_jw_end(w);
	return np_pieces_hand_on(&c->out, true);
}

int np_recall_write(struct np_store *s, const struct np_actor *a, const char *lot,
                    np_write_fn write, void *ctx)
{
	if (lot == NULL || *lot == '\0' || strlen(lot) > 100)
		return np_error_set(NP_EINVAL, "LOT: expected a lot number of 1 to 100 bytes");
	struct recall_ctx c = {.lot = lot, .out = {.w = NP_JW_INIT, .write = write, .ctx = ctx}};
	json_t *none = NULL;
	int rc = np_store_read(s, a, NP_ROLES_CLINICAL, "run a recall", recall_head, &c, &none);
	if (rc == 0)
		rc = np_store_read(s, a, NP_ROLES_CLINICAL, "run a recall", recall_rows, &c, &none);
	json_decref(none);
	np_buf_release(&c.out.w.buf);
	return rc;
}

int np_recall(json_t **out, struct np_store *s, const struct np_actor *a, const char *lot)
{
	struct np_buf b = NP_BUF_INIT;
	*out = NULL;
	int rc = np_recall_write(s, a, lot, np_pieces_to_buf, &b);
	if (rc == 0 && (*out = json_loads(b.data ? b.data : "", 0, NULL)) == NULL)
		rc = np_store_nomem();
	np_buf_release(&b);
	return rc;
}
