/* What the audit seals: the records an entry wrote, by entity name, and the hash of a record as
 * it stands. Internal to the store. */
#ifndef NP_AUDIT_SEAL_H
#define NP_AUDIT_SEAL_H

#include "audit_key.h"
#include "store_internal.h"

struct np_sealed {
	const char *entity; /* as audit entries name it: "session" */
	const char *called; /* as a reader calls it: "adverse event" */
	enum np_sql one;    /* the record: SELECT * ... WHERE id = $1 */
	enum np_sql ids;    /* the ids of a clinic's records ($1 the clinic) */
	enum np_sql parts;  /* rows kept with it (NP_SQL_COUNT: none), by its id */
};

/* The entities whose records are sealed, ending at entity NULL. */
extern const struct np_sealed np_sealed[];
/* The entity by name, or NULL when its entries seal nothing (a read, a search). */
const struct np_sealed *np_sealed_find(const char *entity);
/* The SHA-256 (hex) of the record id of the entity as it stands, parts included: every column
 * that is not NULL, by its place. NP_ENOTFOUND when there is no such record. */
int np_sealed_hash(char out[NP_AUDIT_HASH_HEX], struct np_store *s, const struct np_sealed *e,
                   int64_t id);

/* Seal every record there is, in one transaction: when the audit key is made for a database
 * whose trail predates it, its records are sealed as they stand then. */
int np_sealed_upgrade(struct np_store *s);
/* The hash before the first entry of every clinic's chain. */
extern const char np_audit_genesis[];
/* The hash entry row i of an audit query (AUDIT_COLS, sql.c) should carry: keyed with the audit
 * key, or (an entry from before the key) public. */
void np_audit_row_hash(char out[NP_AUDIT_HASH_HEX], const struct np_db_result *r, size_t i,
                       long long clinic, bool keyed, const struct np_audit_key *k);

#endif
