/* The audit trail: who did what to which record, when; hash-chained per clinic, so that a
 * changed, removed or reordered entry breaks the chain from there on. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)
/* The hash before the first entry of every clinic's chain. */
static const char genesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

struct entry {
	long long clinic, seq, entity_id, client_id;
	const char *at, *user, *action, *entity, *prev;
};

/* Every text goes in after its length, so that one field cannot pass for two. */
static void entry_hash(char out[HASH_HEX], const struct entry *e)
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	const char *texts[] = {e->prev, e->at, e->user, e->action, e->entity};
	long long numbers[] = {e->clinic, e->seq, e->entity_id, e->client_id};
	char buf[64];
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		size_t len = texts[i] ? strlen(texts[i]) : 0;
		int n = snprintf(buf, sizeof buf, "%zu:", len);
		crypto_hash_sha256_update(&st, (const unsigned char *)buf, (unsigned long long)n);
		crypto_hash_sha256_update(&st, (const unsigned char *)(texts[i] ? texts[i] : ""),
		                          len);
	}
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		int n = snprintf(buf, sizeof buf, "|%lld", numbers[i]);
		crypto_hash_sha256_update(&st, (const unsigned char *)buf, (unsigned long long)n);
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, HASH_HEX, digest, sizeof digest);
}

int np_audit_append(struct np_store *s, const struct np_actor *a, const char *action,
                    const char *entity, int64_t entity_id, int64_t client_id)
{
	struct np_db_result *head = NULL;
	struct np_db_value hp[] = {NP_DB_I(a->clinic_id), NP_DB_T(genesis)};
	int rc = np_db_query(s->db, &head, NP_SQL_AUDIT_HEAD, hp, 1);
	if (rc == 0 && head->rows == 0) {
		np_db_result_free(head);
		head = NULL;
		rc = np_db_run(s->db, NP_SQL_AUDIT_HEAD_INIT, hp, 2, NULL);
		if (rc == 0)
			rc = np_db_query(s->db, &head, NP_SQL_AUDIT_HEAD, hp, 1);
	}
	if (rc != 0) {
		np_db_result_free(head);
		return rc;
	}
	char at[32], hash[HASH_HEX], prev[HASH_HEX];
	np_store_now(at, sizeof at);
	snprintf(prev, sizeof prev, "%s", np_db_text(head, 0, 1) ? np_db_text(head, 0, 1) : "");
	struct entry e = {.clinic = a->clinic_id,
	                  .seq = np_db_int(head, 0, 0) + 1,
	                  .entity_id = entity_id,
	                  .client_id = client_id,
	                  .at = at,
	                  .user = a->name,
	                  .action = action,
	                  .entity = entity,
	                  .prev = prev};
	np_db_result_free(head);
	entry_hash(hash, &e);
	struct np_db_value p[] = {NP_DB_I(e.clinic),
	                          NP_DB_I(e.seq),
	                          NP_DB_T(at),
	                          NP_DB_T(a->name),
	                          NP_DB_T(action),
	                          NP_DB_T(entity),
	                          entity_id ? NP_DB_I(entity_id) : NP_DB_NONE,
	                          client_id ? NP_DB_I(client_id) : NP_DB_NONE,
	                          NP_DB_T(prev),
	                          NP_DB_T(hash)};
	rc = np_db_run(s->db, NP_SQL_AUDIT_ADD, p, 10, NULL);
	struct np_db_value set[] = {NP_DB_I(e.clinic), NP_DB_I(e.seq), NP_DB_T(hash)};
	return rc ? rc : np_db_run(s->db, NP_SQL_AUDIT_HEAD_SET, set, 3, NULL);
}

static const struct np_col audit_cols[] = {
    {"seq", 'i'},       {"at", 't'},        {"user", 't'},      {"action", 't'}, {"entity", 't'},
    {"entity_id", 'i'}, {"client_id", 'i'}, {"prev_hash", 't'}, {"hash", 't'},   {NULL, 0}};

/* Recompute the chain from the start; the head must name the last entry. */
static int verify(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	struct np_db_result *r = NULL, *head = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	int rc = np_db_query(s->db, &r, NP_SQL_AUDIT_ALL, p, 1);
	if (rc == 0)
		rc = np_db_query(s->db, &head, NP_SQL_AUDIT_HEAD, p, 1);
	if (rc != 0)
		goto done;
	const char *prev = genesis, *problem = NULL;
	long long broken = 0;
	for (size_t i = 0; i < r->rows && !problem; i++) {
		char hash[HASH_HEX];
		struct entry e = {.clinic = a->clinic_id,
		                  .seq = np_db_int(r, i, 0),
		                  .at = np_db_text(r, i, 1),
		                  .user = np_db_text(r, i, 2),
		                  .action = np_db_text(r, i, 3),
		                  .entity = np_db_text(r, i, 4),
		                  .entity_id = np_db_int(r, i, 5),
		                  .client_id = np_db_int(r, i, 6),
		                  .prev = np_db_text(r, i, 7)};
		entry_hash(hash, &e);
		broken = e.seq;
		if (e.seq != (long long)i + 1)
			problem = "an entry is missing before this one";
		else if (e.prev == NULL || strcmp(e.prev, prev) != 0)
			problem = "it does not follow the entry before it";
		else if (np_db_text(r, i, 8) == NULL || strcmp(np_db_text(r, i, 8), hash) != 0)
			problem = "its content does not match its hash";
		prev = np_db_text(r, i, 8);
	}
	long long head_seq = np_db_int(head, 0, 0);
	if (!problem && head_seq != (long long)r->rows) {
		problem = "entries are missing at the end";
		broken = head_seq;
	}
	json_t *o = json_pack("{s:b, s:I}", "ok", problem == NULL, "entries", (json_int_t)r->rows);
	if (o && problem)
		json_object_set_new(
		    o, "broken_at",
		    json_pack("{s:I, s:s}", "seq", (json_int_t)broken, "problem", problem));
	rc = np_store_answer(out, o);
	if (rc == 0)
		rc = np_audit_append(s, a, "verify", "audit", 0, 0);
done:
	np_db_result_free(r);
	np_db_result_free(head);
	return rc;
}

int np_audit_verify(json_t **out, struct np_store *s, const struct np_actor *a)
{
	return np_store_tx(s, a, NP_ROLES_ADMIN, "verify the audit trail", verify, NULL, out);
}

static int list(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_I(*(int *)ctx)};
	int rc = np_db_query(s->db, &r, NP_SQL_AUDIT_TAIL, p, 2);
	if (rc == 0)
		rc = np_store_answer(out, np_rows_json(r, audit_cols));
	np_db_result_free(r);
	return rc;
}

int np_audit_list(json_t **out, struct np_store *s, const struct np_actor *a, int limit)
{
	return np_store_tx(s, a, NP_ROLES_ADMIN, "read the audit trail", list, &limit, out);
}
