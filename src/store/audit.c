/* The audit trail: who did what to which record, when. Each clinic's entries form a chain: an
 * entry holds the hash of the one before, and its own hash is an HMAC keyed from the audit key
 * (audit_key.h), over its fields and the hash of the record it wrote (audit_seal.h). Whoever can
 * write the database but not read the key can change nothing without the chain, a record's seal
 * or a signed checkpoint saying so. */
#include "audit_seal.h"
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hash before the first entry of every clinic's chain. */
const char np_audit_genesis[] = "0000000000000000000000000000000000000000000000000000000000000000";

struct entry {
	long long clinic, seq, entity_id, client_id;
	const char *at, *user, *action, *entity, *prev, *detail, *record;
};

/* One hash, keyed or public, fed the same way. */
struct digest {
	bool keyed;
	crypto_hash_sha256_state sha;
	crypto_auth_hmacsha256_state mac;
};

static void feed(struct digest *d, const void *data, size_t len)
{
	if (d->keyed)
		crypto_auth_hmacsha256_update(&d->mac, data, len);
	else
		crypto_hash_sha256_update(&d->sha, data, len);
}

/* Every text goes in after its length, so that one field cannot pass for two. An entry up to
 * the clinic's legacy mark was written before the key, with a public hash and no detail or
 * seal; every later one is sealed with the key. */
static void entry_hash(char out[NP_AUDIT_HASH_HEX], const struct entry *e, bool keyed,
                       const struct np_audit_key *k)
{
	struct digest d = {.keyed = keyed};
	if (keyed)
		crypto_auth_hmacsha256_init(&d.mac, k->seal, sizeof k->seal);
	else
		crypto_hash_sha256_init(&d.sha);
	const char *texts[] = {e->prev, e->at, e->user, e->action, e->entity, e->detail, e->record};
	size_t n_texts = keyed ? 7 : 5;
	long long numbers[] = {e->clinic, e->seq, e->entity_id, e->client_id};
	char buf[64];
	for (size_t i = 0; i < n_texts; i++) {
		size_t len = texts[i] ? strlen(texts[i]) : 0;
		/* a keyed entry tells an absent text from an empty one */
		int n = snprintf(buf, sizeof buf, keyed && !texts[i] ? "-:" : "%zu:", len);
		feed(&d, buf, (size_t)n);
		feed(&d, texts[i] ? texts[i] : "", len);
	}
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		int n = snprintf(buf, sizeof buf, "|%lld", numbers[i]);
		feed(&d, buf, (size_t)n);
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	_Static_assert(crypto_auth_hmacsha256_BYTES == crypto_hash_sha256_BYTES, "one size");
	if (keyed)
		crypto_auth_hmacsha256_final(&d.mac, digest);
	else
		crypto_hash_sha256_final(&d.sha, digest);
	sodium_bin2hex(out, NP_AUDIT_HASH_HEX, digest, sizeof digest);
}

void np_audit_row_hash(char out[NP_AUDIT_HASH_HEX], const struct np_db_result *r, size_t i,
                       long long clinic, bool keyed, const struct np_audit_key *k)
{
	struct entry e = {.clinic = clinic,
	                  .seq = np_db_int(r, i, 0),
	                  .at = np_db_text(r, i, 1),
	                  .user = np_db_text(r, i, 2),
	                  .action = np_db_text(r, i, 3),
	                  .entity = np_db_text(r, i, 4),
	                  .entity_id = np_db_int(r, i, 5),
	                  .client_id = np_db_int(r, i, 6),
	                  .prev = np_db_text(r, i, 7),
	                  .detail = np_db_text(r, i, 9),
	                  .record = np_db_text(r, i, 10)};
	entry_hash(out, &e, keyed, k);
}

/* A read's entry, kept for the group's writer (group.c). */
static int defer(struct np_store *s, const struct np_actor *a, const struct np_audit_entry *in)
{
	if (in->seal)
		return np_error_set(NP_EINVAL, "a read wrote %s %lld", in->entity,
		                    (long long)in->entity_id);
	if (s->n_pending == s->cap_pending) {
		size_t cap = s->cap_pending ? 2 * s->cap_pending : 4;
		struct np_pending *more = realloc(s->pending, cap * sizeof *more);
		if (more == NULL)
			return np_store_nomem();
		s->pending = more;
		s->cap_pending = cap;
	}
	struct np_pending *p = &s->pending[s->n_pending];
	memset(p, 0, sizeof *p);
	p->actor = *a;
	snprintf(p->action, sizeof p->action, "%s", in->action);
	snprintf(p->entity, sizeof p->entity, "%s", in->entity);
	p->entity_id = in->entity_id;
	p->client_id = in->client_id;
	if (in->detail && (p->detail = strdup(in->detail)) == NULL)
		return np_store_nomem();
	s->n_pending++;
	return 0;
}

int np_audit_add(struct np_store *s, const struct np_actor *a, const struct np_audit_entry *in)
{
	if (s->deferring)
		return defer(s, a, in);
	char record[NP_AUDIT_HASH_HEX] = "";
	const struct np_sealed *sealed = in->seal ? np_sealed_find(in->entity) : NULL;
	if (in->seal && (sealed == NULL || in->entity_id == 0))
		return np_error_set(NP_EINVAL, "an audit entry cannot seal %s %lld", in->entity,
		                    (long long)in->entity_id);
	if (sealed)
		NP_TRY(np_sealed_hash(record, s, sealed, in->entity_id));
	struct np_db_result *head = NULL;
	struct np_db_value hp[] = {NP_DB_I(a->clinic_id), NP_DB_T(np_audit_genesis)};
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
	char at[32], hash[NP_AUDIT_HASH_HEX], prev[NP_AUDIT_HASH_HEX];
	np_store_now(at, sizeof at);
	snprintf(prev, sizeof prev, "%s", np_db_text(head, 0, 1) ? np_db_text(head, 0, 1) : "");
	struct entry e = {.clinic = a->clinic_id,
	                  .seq = np_db_int(head, 0, 0) + 1,
	                  .entity_id = in->entity_id,
	                  .client_id = in->client_id,
	                  .at = at,
	                  .user = a->name,
	                  .action = in->action,
	                  .entity = in->entity,
	                  .prev = prev,
	                  .detail = in->detail,
	                  .record = sealed ? record : NULL};
	np_db_result_free(head);
	entry_hash(hash, &e, true, &s->key);
	struct np_db_value p[] = {NP_DB_I(e.clinic),
	                          NP_DB_I(e.seq),
	                          NP_DB_T(at),
	                          NP_DB_T(a->name),
	                          NP_DB_T(in->action),
	                          NP_DB_T(in->entity),
	                          in->entity_id ? NP_DB_I(in->entity_id) : NP_DB_NONE,
	                          in->client_id ? NP_DB_I(in->client_id) : NP_DB_NONE,
	                          NP_DB_T(prev),
	                          NP_DB_T(hash),
	                          NP_DB_T(in->detail),
	                          NP_DB_T(e.record)};
	rc = np_db_run(s->db, NP_SQL_AUDIT_ADD, p, 12, NULL);
	struct np_db_value set[] = {NP_DB_I(e.clinic), NP_DB_I(e.seq), NP_DB_T(hash)};
	return rc ? rc : np_db_run(s->db, NP_SQL_AUDIT_HEAD_SET, set, 3, NULL);
}

int np_audit_append(struct np_store *s, const struct np_actor *a, const char *action,
                    const char *entity, int64_t entity_id, int64_t client_id)
{
	struct np_audit_entry e = {action, entity, entity_id, client_id, NULL, false};
	return np_audit_add(s, a, &e);
}

int np_audit_write(struct np_store *s, const struct np_actor *a, const char *action,
                   const char *entity, int64_t entity_id, int64_t client_id)
{
	struct np_audit_entry e = {action, entity, entity_id, client_id, NULL, true};
	return np_audit_add(s, a, &e);
}

static int event(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	NP_TRY(np_audit_add(s, a, ctx));
	return np_store_answer(out, json_object());
}

int np_audit_event(struct np_store *s, const struct np_actor *a, const struct np_audit_entry *e)
{
	struct np_error_saved before;
	np_error_save(&before);
	json_t *out = NULL;
	int rc = np_store_tx(s, a, NP_ROLES_ANY, "be audited", event, (void *)e, &out);
	json_decref(out);
	if (rc != 0) {
		json_decref(before.refusals);
		return rc;
	}
	np_error_restore(&before);
	return 0;
}

int np_audit_refused(struct np_store *s, const struct np_actor *a, int rc, const char *entity,
                     int64_t client)
{
	if (rc != NP_EREFUSED || a == NULL)
		return rc;
	/* the codes refused, as the refusal listed them */
	char codes[512] = "";
	size_t i, len = 0;
	json_t *r;
	json_array_foreach(np_error_refusals(), i, r)
	{
		const char *code = json_string_value(json_object_get(r, "code"));
		int n = snprintf(codes + len, sizeof codes - len, "%s%s", len ? "," : "",
		                 code ? code : "?");
		if (n < 0 || (size_t)n >= sizeof codes - len)
			break;
		len += (size_t)n;
	}
	struct np_audit_entry e = {"refused", entity, 0, client, codes, false};
	int logged = np_audit_event(s, a, &e);
	return logged ? logged : rc;
}

int np_audit_each_clinic(struct np_store *s, const char *name,
                         int (*fn)(struct np_store *s, const struct np_actor *a, void *ctx),
                         void *ctx)
{
	struct np_db_result *clinics = NULL;
	NP_TRY(np_db_query(s->db, &clinics, NP_SQL_CLINIC_IDS, NULL, 0));
	int rc = 0;
	for (size_t i = 0; i < clinics->rows && rc == 0; i++) {
		struct np_actor a = {.clinic_id = np_db_int(clinics, i, 0)};
		snprintf(a.name, sizeof a.name, "%s", name);
		rc = fn(s, &a, ctx);
	}
	np_db_result_free(clinics);
	return rc;
}

static const struct np_col audit_cols[] = {
    {"seq", 'i'},    {"at", 't'},        {"user", 't'},        {"action", 't'},
    {"entity", 't'}, {"entity_id", 'i'}, {"client_id", 'i'},   {"prev_hash", 't'},
    {"hash", 't'},   {"detail", 't'},    {"record_hash", 't'}, {NULL, 0}};

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
	return np_store_read(s, a, NP_ROLES_ADMIN, "read the audit trail", list, &limit, out);
}

static struct np_anchored *anchored(struct np_store *s, long long clinic)
{
	for (size_t i = 0; i < s->n_anchored; i++)
		if (s->anchored[i].clinic == clinic)
			return &s->anchored[i];
	struct np_anchored *more = realloc(s->anchored, (s->n_anchored + 1) * sizeof *more);
	if (more == NULL)
		return NULL;
	s->anchored = more;
	more[s->n_anchored] = (struct np_anchored){clinic, -1};
	return &more[s->n_anchored++];
}

/* Each clinic's head, and what to do with it: note it, or sign what moved (all: every one). */
static int heads(struct np_store *s, bool sign, bool all, FILE *log, int *written)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_db_query(s->db, &r, NP_SQL_AUDIT_HEADS, NULL, 0));
	char *lines = NULL;
	size_t len = 0;
	int rc = 0, n = 0;
	char at[32];
	np_store_now(at, sizeof at);
	for (size_t i = 0; i < r->rows && rc == 0; i++) {
		struct np_anchored *an = anchored(s, np_db_int(r, i, 0));
		if (an == NULL) {
			rc = np_store_nomem();
			break;
		}
		if (!sign) {
			an->seq = np_db_int(r, i, 1);
			continue;
		}
		if (!all && an->seq == np_db_int(r, i, 1))
			continue;
		struct np_checkpoint c = {
		    .clinic = an->clinic, .seq = np_db_int(r, i, 1), .legacy = np_db_int(r, i, 3)};
		snprintf(c.head, sizeof c.head, "%s", np_db_text(r, i, 2));
		snprintf(c.at, sizeof c.at, "%s", at);
		char line[512];
		rc = np_checkpoint_format(line, sizeof line, &s->key, &c);
		char *more = rc == 0 ? realloc(lines, len + strlen(line) + 1) : NULL;
		if (rc == 0 && more == NULL)
			rc = np_store_nomem();
		if (rc != 0)
			break;
		lines = more;
		memcpy(lines + len, line, strlen(line) + 1);
		len += strlen(line);
		n++;
	}
	if (rc == 0 && len > 0)
		rc = np_checkpoint_append(&s->key, lines, len);
	if (rc == 0 && sign) {
		/* noted only once they are durable */
		for (size_t i = 0; i < r->rows; i++)
			anchored(s, np_db_int(r, i, 0))->seq = np_db_int(r, i, 1);
		if (log && lines) {
			for (char *line = lines, *end; *line; line = end + 1) {
				end = strchr(line, '\n');
				fprintf(log, "needlepoint: %.*s\n", (int)(end - line), line);
			}
			fflush(log);
		}
	}
	if (written)
		*written = rc == 0 ? n : 0;
	free(lines);
	np_db_result_free(r);
	return rc;
}

int np_audit_heads_seen(struct np_store *s)
{
	return heads(s, false, false, NULL, NULL);
}

int np_audit_checkpoint(struct np_store *s, FILE *log, bool all, int *written)
{
	return heads(s, true, all, log, written);
}
