/* audit verify: the chain of entries, the records they sealed, and the signed checkpoints. */
#include "audit_seal.h"
#include "store_internal.h"

#include "needlepoint/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many problems are listed; "problems_total" counts them all. */
#define PROBLEMS_LISTED 50

struct verify {
	json_t *problems;
	size_t total;
};

static void problem(struct verify *v, long long seq, const char *record, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(struct verify *v, long long seq, const char *record, const char *fmt, ...)
{
	if (v->total++ >= PROBLEMS_LISTED || v->problems == NULL)
		return;
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	json_t *p = json_pack("{s:s}", "problem", text);
	if (p && seq > 0)
		json_object_set_new(p, "seq", json_integer(seq));
	if (p && record)
		json_object_set_new(p, "record", json_string(record));
	json_array_append_new(v->problems, p);
}

/* The latest seal of each record, from the entries. */
struct seal {
	const struct np_sealed *e;
	int64_t id;
	long long seq;
	const char *hash;
	bool found;
};

static int seal_order(const void *pa, const void *pb)
{
	const struct seal *a = pa, *b = pb;
	if (a->e != b->e)
		return a->e < b->e ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int seal_key(const void *pa, const void *pb)
{
	const struct seal *a = pa, *b = pb;
	if (a->e != b->e)
		return a->e < b->e ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The records of the clinic against their latest seals. */
static int check_records(struct np_store *s, const struct np_actor *a, struct verify *v,
                         struct seal *seals, size_t n, size_t *checked)
{
	for (const struct np_sealed *e = np_sealed; e->entity; e++) {
		struct np_db_result *ids = NULL;
		struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
		NP_TRY(np_db_query(s->db, &ids, e->ids, p, 1));
		for (size_t i = 0; i < ids->rows; i++) {
			struct seal key = {.e = e, .id = np_db_int(ids, i, 0)};
			char name[96], hash[NP_AUDIT_HASH_HEX];
			snprintf(name, sizeof name, "%s %lld", e->called, (long long)key.id);
			int rc = np_sealed_hash(hash, s, e, key.id);
			if (rc != 0) {
				np_db_result_free(ids);
				return rc;
			}
			++*checked;
			struct seal *found = bsearch(&key, seals, n, sizeof *seals, seal_key);
			if (found == NULL)
				problem(v, 0, name,
				        "%s has no audit entry: it was written outside needlepoint",
				        name);
			else if (found->found = true, strcmp(found->hash, hash) != 0)
				problem(v, found->seq, name,
				        "%s was changed outside needlepoint after entry %lld", name,
				        found->seq);
		}
		np_db_result_free(ids);
	}
	for (size_t i = 0; i < n; i++)
		if (!seals[i].found) {
			char name[96];
			snprintf(name, sizeof name, "%s %lld", seals[i].e->called,
			         (long long)seals[i].id);
			problem(v, seals[i].seq, name, "%s was removed: entry %lld wrote it", name,
			        seals[i].seq);
		}
	return 0;
}

/* The signed checkpoints of the clinic against the chain. hashes[i] is entry i + 1's. */
struct checkpoints {
	struct np_checkpoint *all;
	size_t n, forged, forged_lines[4];
};

static void check_checkpoints(const struct np_store *s, struct verify *v,
                              const struct checkpoints *cp, char (*hashes)[NP_AUDIT_HASH_HEX],
                              size_t entries, long long db_legacy, json_t *o)
{
	const struct np_checkpoint *cps = cp->all;
	size_t n = cp->n, forged = cp->forged;
	const size_t *forged_lines = cp->forged_lines;
	for (size_t i = 0; i < forged && i < 4; i++)
		problem(v, 0, NULL,
		        "line %zu of the checkpoint file %s is not a checkpoint signed by this "
		        "key",
		        forged_lines[i], s->key.checkpoints);
	long long anchored = 0;
	for (size_t i = 0; i < n; i++) {
		const struct np_checkpoint *c = &cps[i];
		if (c->legacy != db_legacy)
			problem(
			    v, 0, NULL,
			    "the checkpoint of %s (line %zu) says entries up to %lld predate the "
			    "audit key; the database says %lld",
			    c->at, c->line, c->legacy, db_legacy);
		if (c->seq > (long long)entries)
			problem(v, c->seq, NULL,
			        "entries are missing at the end: the checkpoint of %s (line %zu) "
			        "signed entry %lld, the trail holds %zu",
			        c->at, c->line, c->seq, entries);
		else if (c->seq > 0 && strcmp(hashes[c->seq - 1], c->head) != 0)
			problem(
			    v, c->seq, NULL,
			    "the trail was rewritten up to entry %lld: it no longer reaches the "
			    "head the checkpoint of %s (line %zu) signed",
			    c->seq, c->at, c->line);
		if (c->seq > anchored)
			anchored = c->seq;
	}
	json_object_set_new(o, "checkpoints", json_integer((json_int_t)n));
	json_object_set_new(o, "anchored", json_integer(anchored));
	json_object_set_new(
	    o, "unanchored",
	    json_integer(anchored < (long long)entries ? (json_int_t)entries - anchored : 0));
}

static int verify(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	struct np_db_result *r = NULL, *head = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	char(*hashes)[NP_AUDIT_HASH_HEX] = NULL;
	struct seal *seals = NULL;
	struct checkpoints cp = {0};
	struct verify v = {json_array(), 0};
	json_t *o = json_object();
	int rc = v.problems && o ? 0 : np_store_nomem();
	if (rc == 0)
		rc = np_db_query(s->db, &r, NP_SQL_AUDIT_ALL, p, 1);
	if (rc == 0)
		rc = np_db_query(s->db, &head, NP_SQL_AUDIT_HEAD, p, 1);
	if (rc == 0 && (hashes = calloc(r->rows + 1, sizeof *hashes)) == NULL)
		rc = np_store_nomem();
	if (rc == 0 && (seals = calloc(r->rows + 1, sizeof *seals)) == NULL)
		rc = np_store_nomem();
	if (rc != 0)
		goto done;
	/* which entries predate the key: a signed checkpoint says it, else the database */
	long long db_legacy = np_db_int(head, 0, 2), legacy = db_legacy;
	rc = np_checkpoint_read(&cp.all, &cp.n, &cp.forged, cp.forged_lines, &s->key, a->clinic_id);
	if (rc != 0)
		goto done;
	if (cp.n > 0)
		legacy = cp.all[0].legacy;
	const char *prev = np_audit_genesis;
	size_t n_seals = 0;
	for (size_t i = 0; i < r->rows; i++) {
		long long seq = np_db_int(r, i, 0);
		const char *stored = np_db_text(r, i, 8), *link = np_db_text(r, i, 7);
		np_audit_row_hash(hashes[i], r, i, a->clinic_id, seq > legacy, &s->key);
		if (seq != (long long)i + 1)
			problem(&v, seq, NULL, "entry %lld: an entry is missing before it", seq);
		else if (link == NULL || strcmp(link, prev) != 0)
			problem(&v, seq, NULL, "entry %lld does not follow the entry before it",
			        seq);
		if (stored == NULL || strcmp(stored, hashes[i]) != 0)
			problem(&v, seq, NULL,
			        "entry %lld: its content does not match its seal (changed, or "
			        "written without the audit key)",
			        seq);
		/* the chain goes on from what is stored, so that each later break shows too */
		snprintf(hashes[i], sizeof hashes[i], "%s", stored ? stored : "");
		prev = stored ? stored : "";
		const struct np_sealed *e = np_sealed_find(np_db_text(r, i, 4));
		if (np_db_text(r, i, 10) && e)
			seals[n_seals++] =
			    (struct seal){e, np_db_int(r, i, 5), seq, np_db_text(r, i, 10), false};
	}
	long long head_seq = np_db_int(head, 0, 0);
	if (head_seq != (long long)r->rows)
		problem(&v, head_seq, NULL,
		        "the trail's head names entry %lld, the trail holds %zu", head_seq,
		        r->rows);
	/* the latest seal of each record, then the records */
	qsort(seals, n_seals, sizeof *seals, seal_order);
	size_t kept = 0;
	for (size_t i = 0; i < n_seals; i++) {
		if (kept > 0 && seal_key(&seals[kept - 1], &seals[i]) == 0)
			kept--;
		seals[kept++] = seals[i];
	}
	size_t checked = 0;
	if ((rc = check_records(s, a, &v, seals, kept, &checked)) != 0)
		goto done;
	check_checkpoints(s, &v, &cp, hashes, r->rows, db_legacy, o);
	json_object_set_new(o, "ok", json_boolean(v.total == 0));
	json_object_set_new(o, "entries", json_integer((json_int_t)r->rows));
	json_object_set_new(o, "records", json_integer((json_int_t)checked));
	json_object_set_new(o, "problems", json_incref(v.problems));
	json_object_set_new(o, "problems_total", json_integer((json_int_t)v.total));
	rc = np_store_answer(out, json_incref(o));
	if (rc == 0)
		rc = np_audit_append(s, a, "verify", "audit", 0, 0);
done:
	json_decref(o);
	json_decref(v.problems);
	free(hashes);
	free(seals);
	free(cp.all);
	np_db_result_free(r);
	np_db_result_free(head);
	return rc;
}

int np_audit_verify(json_t **out, struct np_store *s, const struct np_actor *a)
{
	NP_TRY(np_store_read(s, a, NP_ROLES_ADMIN, "verify the audit trail", verify, NULL, out));
	/* on demand: what was just verified is signed */
	int rc = np_audit_checkpoint(s, NULL, false, NULL);
	if (rc != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
