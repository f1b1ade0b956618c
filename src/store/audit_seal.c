/* Record hashes for the audit trail (audit_seal.h). A column that is NULL adds nothing, so a
 * column a later migration adds (NULL in the rows before it) leaves their hashes as they were. */
#include "audit_seal.h"

#include "needlepoint/error.h"

#include <stdio.h>
#include <string.h>

#define SEALED(name, called, stmt, parts)                                                          \
	{                                                                                          \
		name, called, NP_SQL_SEAL_##stmt, NP_SQL_SEAL_IDS_##stmt, parts                    \
	}
const struct np_sealed np_sealed[] = {
    SEALED("clinic", "clinic", CLINIC, NP_SQL_COUNT),
    SEALED("user", "user", USER, NP_SQL_COUNT),
    SEALED("client", "client", CLIENT, NP_SQL_COUNT),
    SEALED("intake", "health history", INTAKE, NP_SQL_COUNT),
    SEALED("screening", "screening", SCREENING, NP_SQL_COUNT),
    SEALED("consent", "consent", CONSENT, NP_SQL_COUNT),
    SEALED("plan", "plan", PLAN, NP_SQL_COUNT),
    SEALED("device", "device", DEVICE, NP_SQL_COUNT),
    SEALED("lot", "lot", LOT, NP_SQL_COUNT),
    SEALED("session", "session", SESSION, NP_SQL_SEAL_SESSION_LOTS),
    SEALED("adverse_event", "adverse event", AE, NP_SQL_COUNT),
    SEALED("ae_followup", "adverse event follow-up", AE_FOLLOWUP, NP_SQL_COUNT),
    SEALED("outcome", "outcome", OUTCOME, NP_SQL_COUNT),
    SEALED("appointment", "appointment", APPT, NP_SQL_COUNT),
    {NULL, NULL, NP_SQL_COUNT, NP_SQL_COUNT, NP_SQL_COUNT},
};

const struct np_sealed *np_sealed_find(const char *entity)
{
	for (const struct np_sealed *e = np_sealed; entity && e->entity; e++)
		if (strcmp(e->entity, entity) == 0)
			return e;
	return NULL;
}

static void add_rows(crypto_hash_sha256_state *st, const struct np_db_result *r, const char *tag)
{
	char buf[64];
	for (size_t row = 0; row < r->rows; row++) {
		int n = snprintf(buf, sizeof buf, "%s%zu;", tag, row);
		crypto_hash_sha256_update(st, (const unsigned char *)buf, (unsigned long long)n);
		for (size_t col = 0; col < r->cols; col++) {
			const char *v = np_db_text(r, row, col);
			if (v == NULL)
				continue;
			size_t len = strlen(v);
			n = snprintf(buf, sizeof buf, "%zu:%zu:", col, len);
			crypto_hash_sha256_update(st, (const unsigned char *)buf,
			                          (unsigned long long)n);
			crypto_hash_sha256_update(st, (const unsigned char *)v, len);
		}
	}
}

int np_sealed_hash(char out[NP_AUDIT_HASH_HEX], struct np_store *s, const struct np_sealed *e,
                   int64_t id)
{
	struct np_db_result *r = NULL, *parts = NULL;
	struct np_db_value p[] = {NP_DB_I(id)};
	NP_TRY(np_db_query(s->db, &r, e->one, p, 1));
	int rc = r->rows == 1 ? 0
	                      : np_error_set(NP_ENOTFOUND, "%s %lld: no such record", e->called,
	                                     (long long)id);
	if (rc == 0 && e->parts != NP_SQL_COUNT)
		rc = np_db_query(s->db, &parts, e->parts, p, 1);
	if (rc == 0) {
		crypto_hash_sha256_state st;
		unsigned char digest[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_init(&st);
		add_rows(&st, r, "row");
		if (parts)
			add_rows(&st, parts, "part");
		crypto_hash_sha256_final(&st, digest);
		sodium_bin2hex(out, NP_AUDIT_HASH_HEX, digest, sizeof digest);
	}
	np_db_result_free(r);
	np_db_result_free(parts);
	return rc;
}

/* Seal every record of a clinic as it stands. */
static int seal_clinic(struct np_store *s, const struct np_actor *a, void *ctx)
{
	(void)ctx;
	int rc = 0;
	for (const struct np_sealed *e = np_sealed; e->entity && rc == 0; e++) {
		struct np_db_result *ids = NULL;
		struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
		rc = np_db_query(s->db, &ids, e->ids, p, 1);
		for (size_t i = 0; rc == 0 && i < ids->rows; i++)
			rc = np_audit_write(s, a, "seal", e->entity, np_db_int(ids, i, 0), 0);
		np_db_result_free(ids);
	}
	return rc;
}

/* Seal every record of every clinic, as needlepoint found them when their audit key was made. */
static int seal_all(struct np_store *s, const struct np_actor *unused, void *ctx, json_t **out)
{
	(void)unused;
	NP_TRY(np_audit_each_clinic(s, "needlepoint", seal_clinic, ctx));
	return np_store_answer(out, json_object());
}

int np_sealed_upgrade(struct np_store *s)
{
	json_t *out = NULL;
	int rc = np_store_tx(s, NULL, 0, "seal the records", seal_all, NULL, &out);
	json_decref(out);
	return rc;
}
