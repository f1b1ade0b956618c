/* Schema migrations: numbered, applied on open, safe when two processes open at once. */
#ifndef NP_MIGRATE_H
#define NP_MIGRATE_H

#include "db.h"

/* Bring the database to the newest schema in one transaction, under the migration lock. */
int np_migrate(struct np_db *db);
/* The newest schema version this program knows. */
int np_migrate_count(void);
/* The time now in UTC, ISO 8601 to the second ("2026-11-21T09:30:00Z"), written into out. */
void np_store_now(char *out, size_t size);

#endif
