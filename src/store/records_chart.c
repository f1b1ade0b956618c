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

static int client_record(struct np_store *s, const struct np_actor *a, int64_t client, json_t **out)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_CLIENT_GET, client, a->clinic_id, "client"));
	int rc = np_store_answer(out, np_row_json(r, 0, np_client_cols));
	np_db_result_free(r);
	return rc;
}

static int export(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	int64_t client = *(int64_t *)ctx;
	NP_TRY(np_store_client_check(s, a, client));
	json_t *chart = NULL;
	NP_TRY(client_record(s, a, client, &chart));
	json_t *o = json_pack("{s:i, s:s, s:s, s:o}", "format", 1, "engine", np_store_engine(s),
	                      "protocol", s->pack->name, "client", chart);
	int rc = o ? np_chart_gather(s, a, client, o) : np_store_nomem();
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return np_audit_append(s, a, "export", "client", client, client);
}

int np_export(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client)
{
	return np_store_read(s, a, NP_ROLES_CLINICAL, "export health records", export, &client,
	                     out);
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
	struct np_jw w;
	np_write_fn write;
	void *write_ctx;
	bool started; /* something was handed on */
};

enum { RECALL_PIECE = 32 * 1024 };

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

static int recall_hand_on(struct recall_ctx *c)
{
	if (c->w.buf.failed)
		return np_store_nomem();
	if (c->w.buf.len == 0)
		return 0;
	c->started = true;
	if (c->write(c->write_ctx, c->w.buf.data, c->w.buf.len) != 0)
		return np_error_set(NP_EIO, "recall: the answer's reader went away");
	c->w.buf.len = 0;
	c->w.buf.data[0] = '\0';
	return 0;
}

static int recall_row(const struct np_db_result *r, void *ctx)
{
	static const struct np_col cols[] = {
	    {"session_id", 'i'}, {"date", 't'},    {"client_id", 'i'},
	    {"name", 't'},       {"phone", 't'},   {"email", 't'},
	    {"product", 't'},    {"used_as", 't'}, {NULL, 0}};
	struct recall_ctx *c = ctx;
	np_jw_object(&c->w);
	np_row_jw(&c->w, r, 0, cols);
	np_jw_end(&c->w);
	return c->w.buf.len >= RECALL_PIECE ? recall_hand_on(c) : 0;
}

static int recall_rows(struct np_store *s, const struct np_actor *a, void *ctx, json_t **unused)
{
	struct recall_ctx *c = ctx;
	(void)unused;
	np_jw_object(&c->w);
	np_jw_kstring(&c->w, "lot", c->lot);
	np_jw_kint(&c->w, "clients", (long long)c->clients);
	np_jw_key(&c->w, "sessions");
	np_jw_array(&c->w);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(c->lot), NP_DB_I(c->last)};
	NP_TRY(s->db->driver->each(s->db, NP_SQL_RECALL, p, 3, recall_row, c));
	np_jw_end(&c->w);
	np_jw_end(&c->w);
	return recall_hand_on(c);
}

int np_recall_write(struct np_store *s, const struct np_actor *a, const char *lot,
                    np_write_fn write, void *ctx)
{
	if (lot == NULL || *lot == '\0' || strlen(lot) > 100)
		return np_error_set(NP_EINVAL, "LOT: expected a lot number of 1 to 100 bytes");
	struct recall_ctx c = {.lot = lot, .w = NP_JW_INIT, .write = write, .write_ctx = ctx};
	json_t *none = NULL;
	int rc = np_store_read(s, a, NP_ROLES_CLINICAL, "run a recall", recall_head, &c, &none);
	if (rc == 0)
		rc = np_store_read(s, a, NP_ROLES_CLINICAL, "run a recall", recall_rows, &c, &none);
	json_decref(none);
	np_buf_release(&c.w.buf);
	return rc;
}

static int to_buffer(void *ctx, const char *text, size_t len)
{
	struct np_buf *b = ctx;
	np_buf_append_n(b, text, len);
	return b->failed;
}

int np_recall(json_t **out, struct np_store *s, const struct np_actor *a, const char *lot)
{
	struct np_buf b = NP_BUF_INIT;
	*out = NULL;
	int rc = np_recall_write(s, a, lot, to_buffer, &b);
	if (rc == 0 && (*out = json_loads(b.data ? b.data : "", 0, NULL)) == NULL)
		rc = np_store_nomem();
	np_buf_release(&b);
	return rc;
}
