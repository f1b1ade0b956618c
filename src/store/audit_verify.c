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
	char hash[NP_AUDIT_HASH_HEX];
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
			struct seal *found =
			    n ? bsearch(&key, seals, n, sizeof *seals, seal_key) : NULL;
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

/* The signed checkpoints of the clinic, and the chain's hash at each entry they signed (read
 * as the chain goes by: the trail itself is read a page at a time, never whole). */
struct checkpoints {
	struct np_checkpoint *all;
	size_t n, forged, forged_lines[4];
	struct signed_at {
		long long seq;
		char hash[NP_AUDIT_HASH_HEX];
	} * at; /* by seq, one per entry signed */
	size_t n_at;
};

static int at_order(const void *pa, const void *pb)
{
	const struct signed_at *a = pa, *b = pb;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static struct signed_at *signed_at(const struct checkpoints *cp, long long seq)
{
	struct signed_at key = {.seq = seq};
	return bsearch(&key, cp->at, cp->n_at, sizeof *cp->at, at_order);
}

static void check_checkpoints(const struct np_store *s, struct verify *v,
                              const struct checkpoints *cp, size_t entries, long long db_legacy,
                              json_t *o)
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
		else if (c->seq > 0 && strcmp(signed_at(cp, c->seq)->hash, c->head) != 0)
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

/* Entries are read this many at a time. */
#define PAGE 4096

struct chain {
	long long legacy, entries;
	char prev[NP_AUDIT_HASH_HEX];
	struct seal *seals;
	size_t n_seals, cap_seals;
};

/* One page of entries against the chain so far: links, seals, and the hashes checkpoints signed. */
static int check_page(const struct np_store *s, const struct np_actor *a, struct verify *v,
                      const struct np_db_result *r, struct chain *c, struct checkpoints *cp)
{
	for (size_t i = 0; i < r->rows; i++) {
		long long seq = np_db_int(r, i, 0);
		const char *stored = np_db_text(r, i, 8), *link = np_db_text(r, i, 7);
		char hash[NP_AUDIT_HASH_HEX];
		np_audit_row_hash(hash, r, i, a->clinic_id, seq > c->legacy, &s->key);
		c->entries++;
		if (seq != c->entries)
			problem(v, seq, NULL, "entry %lld: an entry is missing before it", seq);
		else if (link == NULL || strcmp(link, c->prev) != 0)
			problem(v, seq, NULL, "entry %lld does not follow the entry before it",
			        seq);
		if (stored == NULL || strcmp(stored, hash) != 0)
			problem(v, seq, NULL,
			        "entry %lld: its content does not match its seal (changed, or "
			        "written without the audit key)",
			        seq);
		/* the chain goes on from what is stored, so that each later break shows too */
		snprintf(c->prev, sizeof c->prev, "%s", stored ? stored : "");
		struct signed_at *at = signed_at(cp, c->entries);
		if (at)
			snprintf(at->hash, sizeof at->hash, "%s", c->prev);
		const struct np_sealed *e = np_sealed_find(np_db_text(r, i, 4));
		if (np_db_text(r, i, 10) == NULL || e == NULL)
			continue;
		if (c->n_seals == c->cap_seals) {
			size_t cap = c->cap_seals ? 2 * c->cap_seals : 256;
			struct seal *more = realloc(c->seals, cap * sizeof *more);
			if (more == NULL)
				return np_store_nomem();
			c->seals = more;
			c->cap_seals = cap;
		}
		struct seal *sl = &c->seals[c->n_seals++];
		*sl = (struct seal){e, np_db_int(r, i, 5), seq, "", false};
		snprintf(sl->hash, sizeof sl->hash, "%s", np_db_text(r, i, 10));
	}
	return 0;
}

/* The entries each checkpoint signed, to be filled as the chain goes by. */
static int want_signed(struct checkpoints *cp)
{
	cp->at = calloc(cp->n + 1, sizeof *cp->at);
	if (cp->at == NULL)
		return np_store_nomem();
	for (size_t i = 0; i < cp->n; i++)
		cp->at[cp->n_at++].seq = cp->all[i].seq;
	qsort(cp->at, cp->n_at, sizeof *cp->at, at_order);
	size_t kept = 0;
	for (size_t i = 0; i < cp->n_at; i++)
		if (kept == 0 || cp->at[kept - 1].seq != cp->at[i].seq)
			cp->at[kept++] = cp->at[i];
	cp->n_at = kept;
	return 0;
}

static int verify(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	struct np_db_result *head = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	struct checkpoints cp = {0};
	struct chain c = {0};
	struct verify v = {json_array(), 0};
	json_t *o = json_object();
	int rc = v.problems && o ? 0 : np_store_nomem();
	if (rc == 0)
		rc = np_db_query(s->db, &head, NP_SQL_AUDIT_HEAD, p, 1);
	if (rc == 0)
		rc = np_checkpoint_read(&cp.all, &cp.n, &cp.forged, cp.forged_lines, &s->key,
		                        a->clinic_id);
	if (rc == 0)
		rc = want_signed(&cp);
	if (rc != 0)
		goto done;
	/* which entries predate the key: a signed checkpoint says it, else the database */
	long long db_legacy = np_db_int(head, 0, 2);
	c.legacy = cp.n > 0 ? cp.all[0].legacy : db_legacy;
	snprintf(c.prev, sizeof c.prev, "%s", np_audit_genesis);
	for (long long after = 0;;) {
		struct np_db_result *r = NULL;
		struct np_db_value q[] = {NP_DB_I(a->clinic_id), NP_DB_I(after), NP_DB_I(PAGE)};
		if ((rc = np_db_query(s->db, &r, NP_SQL_AUDIT_PAGE, q, 3)) == 0)
			rc = check_page(s, a, &v, r, &c, &cp);
		size_t rows = r ? r->rows : 0;
		if (rows > 0)
			after = np_db_int(r, rows - 1, 0);
		np_db_result_free(r);
		if (rc != 0)
			goto done;
		if (rows < PAGE)
			break;
	}
	long long head_seq = np_db_int(head, 0, 0);
	if (head_seq != c.entries)
		problem(&v, head_seq, NULL,
		        "the trail's head names entry %lld, the trail holds %lld", head_seq,
		        c.entries);
	/* the latest seal of each record, then the records */
	if (c.n_seals > 0)
		qsort(c.seals, c.n_seals, sizeof *c.seals, seal_order);
	size_t kept = 0;
	for (size_t i = 0; i < c.n_seals; i++) {
		if (kept > 0 && seal_key(&c.seals[kept - 1], &c.seals[i]) == 0)
			kept--;
		c.seals[kept++] = c.seals[i];
	}
	size_t checked = 0;
	if ((rc = check_records(s, a, &v, c.seals, kept, &checked)) != 0)
		goto done;
	check_checkpoints(s, &v, &cp, (size_t)c.entries, db_legacy, o);
	json_object_set_new(o, "ok", json_boolean(v.total == 0));
	json_object_set_new(o, "entries", json_integer((json_int_t)c.entries));
	json_object_set_new(o, "records", json_integer((json_int_t)checked));
	json_object_set_new(o, "problems", json_incref(v.problems));
	json_object_set_new(o, "problems_total", json_integer((json_int_t)v.total));
	rc = np_store_answer(out, json_incref(o));
	if (rc == 0)
		rc = np_audit_append(s, a, "verify", "audit", 0, 0);
done:
	json_decref(o);
	json_decref(v.problems);
	free(c.seals);
	free(cp.all);
	free(cp.at);
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
