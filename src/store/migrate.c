/* The schema, as numbered migrations applied on open, once, under a lock both engines honour. */
#include "db.h"
#include "migrate.h"

#include "buf.h"
#include "needlepoint/error.h"

#include <string.h>

/* @ID@ is the engine's generated id column; everything else is the SQL both engines share.
 * Dates are ISO text (YYYY-MM-DD), times ISO text in UTC; booleans are integers. */
static const char *const migrations[] = {
    /* 1: the clinical record */
    "CREATE TABLE clinics (id @ID@, name TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('clinic', 'home')), created_at TEXT NOT NULL);"
    "CREATE TABLE users (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " name TEXT NOT NULL UNIQUE,"
    " role TEXT NOT NULL CHECK (role IN ('admin', 'practitioner', 'reception')),"
    " created_at TEXT NOT NULL);"
    "CREATE TABLE clients (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " name TEXT, birth_date TEXT, fitzpatrick INTEGER, phone TEXT, email TEXT, notes TEXT,"
    " created_at TEXT NOT NULL, updated_at TEXT, erased_at TEXT);"
    "CREATE INDEX clients_by_name ON clients (clinic_id, name);"
    "CREATE TABLE intakes (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " client_id BIGINT NOT NULL REFERENCES clients (id), version INTEGER NOT NULL,"
    " body TEXT NOT NULL, created_by BIGINT NOT NULL REFERENCES users (id),"
    " created_at TEXT NOT NULL, UNIQUE (client_id, version));"
    "CREATE TABLE screenings (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " client_id BIGINT NOT NULL REFERENCES clients (id),"
    " intake_id BIGINT NOT NULL REFERENCES intakes (id), on_date TEXT NOT NULL,"
    " decision TEXT NOT NULL, until_date TEXT, protocol_name TEXT NOT NULL,"
    " protocol_version TEXT NOT NULL, body TEXT NOT NULL,"
    " created_by BIGINT NOT NULL REFERENCES users (id), created_at TEXT NOT NULL,"
    " ack_by BIGINT REFERENCES users (id), ack_at TEXT, ack_note TEXT);"
    "CREATE INDEX screenings_by_client ON screenings (client_id, id);"
    "CREATE TABLE consents (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " client_id BIGINT NOT NULL REFERENCES clients (id), form TEXT NOT NULL,"
    " form_version TEXT NOT NULL, text TEXT NOT NULL, text_sha256 TEXT NOT NULL,"
    " signer TEXT NOT NULL, signed_on TEXT NOT NULL, expires_on TEXT NOT NULL,"
    " created_by BIGINT NOT NULL REFERENCES users (id), created_at TEXT NOT NULL);"
    "CREATE TABLE plans (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " client_id BIGINT NOT NULL REFERENCES clients (id), indication TEXT NOT NULL,"
    " sessions_planned INTEGER NOT NULL, request TEXT NOT NULL, body TEXT NOT NULL,"
    " protocol_name TEXT NOT NULL, protocol_version TEXT NOT NULL,"
    " created_by BIGINT NOT NULL REFERENCES users (id), created_at TEXT NOT NULL);"
    "CREATE TABLE devices (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " kind TEXT NOT NULL CHECK (kind IN ('pen', 'roller', 'stamp')), model TEXT,"
    " serial TEXT NOT NULL, client_id BIGINT REFERENCES clients (id),"
    " created_at TEXT NOT NULL, UNIQUE (clinic_id, serial));"
    "CREATE TABLE lots (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " product TEXT NOT NULL, lot_number TEXT NOT NULL, expires_on TEXT NOT NULL,"
    " quantity INTEGER NOT NULL, single_use INTEGER NOT NULL, created_at TEXT NOT NULL,"
    " UNIQUE (clinic_id, product, lot_number));"
    "CREATE TABLE units (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " lot_id BIGINT NOT NULL REFERENCES lots (id), seq INTEGER NOT NULL,"
    " uses INTEGER NOT NULL DEFAULT 0, UNIQUE (lot_id, seq));"
    "CREATE TABLE sessions (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " client_id BIGINT NOT NULL REFERENCES clients (id), plan_id BIGINT REFERENCES plans (id),"
    " on_date TEXT NOT NULL, practitioner_id BIGINT NOT NULL REFERENCES users (id),"
    " device_id BIGINT REFERENCES devices (id), unit_id BIGINT NOT NULL REFERENCES units (id),"
    " unit_use INTEGER NOT NULL, indication TEXT, body TEXT NOT NULL, override_reason TEXT,"
    " overridden TEXT, created_at TEXT NOT NULL);"
    "CREATE INDEX sessions_by_client ON sessions (client_id, on_date);"
    "CREATE INDEX sessions_by_unit ON sessions (unit_id);"
    "CREATE TABLE session_lots (session_id BIGINT NOT NULL REFERENCES sessions (id),"
    " clinic_id BIGINT NOT NULL REFERENCES clinics (id), product TEXT NOT NULL,"
    " lot_number TEXT NOT NULL);"
    "CREATE INDEX session_lots_by_lot ON session_lots (clinic_id, lot_number);"
    "CREATE TABLE adverse_events (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " client_id BIGINT NOT NULL REFERENCES clients (id),"
    " session_id BIGINT NOT NULL REFERENCES sessions (id), type TEXT NOT NULL,"
    " severity TEXT NOT NULL, onset TEXT NOT NULL, note TEXT, status TEXT NOT NULL,"
    " resolved_on TEXT, created_by BIGINT NOT NULL REFERENCES users (id),"
    " created_at TEXT NOT NULL);"
    "CREATE TABLE ae_followups (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " ae_id BIGINT NOT NULL REFERENCES adverse_events (id), on_date TEXT NOT NULL,"
    " status TEXT NOT NULL, note TEXT, resolved INTEGER NOT NULL,"
    " created_by BIGINT NOT NULL REFERENCES users (id), created_at TEXT NOT NULL);"
    "CREATE TABLE outcomes (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " client_id BIGINT NOT NULL REFERENCES clients (id), scale TEXT NOT NULL,"
    " value DOUBLE PRECISION NOT NULL, on_date TEXT NOT NULL, note TEXT,"
    " created_by BIGINT NOT NULL REFERENCES users (id), created_at TEXT NOT NULL);"
    /* the audit outlives erasure: it names ids, never a person's data */
    "CREATE TABLE audit (id @ID@, clinic_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
    " at TEXT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL,"
    " entity_id BIGINT, client_id BIGINT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL,"
    " UNIQUE (clinic_id, seq));"
    "CREATE TABLE audit_heads (clinic_id BIGINT PRIMARY KEY REFERENCES clinics (id),"
    " seq BIGINT NOT NULL, hash TEXT NOT NULL);",
    /* 2: signing in over the web. Passwords are Argon2id strings; a session is kept as a hash
     * of its token, so a copy of the database does not hold a way in. Times are Unix seconds. */
    "ALTER TABLE users ADD COLUMN password_hash TEXT;"
    "CREATE TABLE web_sessions (id @ID@, token_hash TEXT NOT NULL UNIQUE,"
    " user_id BIGINT NOT NULL REFERENCES users (id), csrf TEXT NOT NULL,"
    " created_at BIGINT NOT NULL, seen_at BIGINT NOT NULL, ended_at BIGINT);"
    "CREATE INDEX web_sessions_by_user ON web_sessions (user_id);"
    /* first-run setup happens once: its row's key admits one value */
    "CREATE TABLE setup (id INTEGER PRIMARY KEY CHECK (id = 1), done_at TEXT NOT NULL);",
    /* 3: appointments. A booking keeps its place in the course and, when the safety checks
     * were overridden, the reason and what was overridden. Times are the clinic's local HH:MM. */
    "CREATE TABLE appointments (id @ID@, clinic_id BIGINT NOT NULL REFERENCES clinics (id),"
    " client_id BIGINT NOT NULL REFERENCES clients (id), plan_id BIGINT REFERENCES plans (id),"
    " on_date TEXT NOT NULL, at_time TEXT NOT NULL, minutes INTEGER NOT NULL,"
    " course_session INTEGER, course_of INTEGER, note TEXT,"
    " status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')), override_reason TEXT,"
    " overridden TEXT, created_by BIGINT NOT NULL REFERENCES users (id),"
    " created_at TEXT NOT NULL, cancelled_by BIGINT REFERENCES users (id), cancelled_at TEXT,"
    " cancel_reason TEXT);"
    "CREATE INDEX appointments_by_day ON appointments (clinic_id, on_date, at_time);"
    "CREATE INDEX appointments_by_client ON appointments (client_id, on_date);",
    /* 4: the safety gate. A clinic's time zone says what "today" is there (NULL: the server's,
     * for clinics made before); a lot says which device its units fit (NULL: not said, inferred
     * from the device a session names) and may be recalled; an override keeps the codes it
     * lifted. Records kept before are not rewritten: they read as they were. */
    "ALTER TABLE clinics ADD COLUMN time_zone TEXT;"
    "ALTER TABLE lots ADD COLUMN kind TEXT CHECK (kind IN ('pen', 'roller', 'stamp'));"
    "ALTER TABLE lots ADD COLUMN recalled_at TEXT;"
    "ALTER TABLE lots ADD COLUMN recall_reason TEXT;"
    "ALTER TABLE sessions ADD COLUMN override_codes TEXT;"
    "ALTER TABLE appointments ADD COLUMN override_codes TEXT;"
    "CREATE INDEX sessions_by_plan ON sessions (plan_id);",
    /* 5: the kinds of device are the protocol pack's (RF joined them), checked against the pack
     * in C: the tables no longer hold their own copy of the list. Engine by engine (below). */
    NULL,
    /* 6: a lot of a product for the skin (kind 'product': a glide, a serum) says whether it is
     * sterile; only sterile products from stock go on open channels. NULL: not a product. */
    "ALTER TABLE lots ADD COLUMN sterile INTEGER;",
    /* 7: notes are clinical (practitioners and admins); the front desk has its own field for
     * contact and booking matters. Notes written before stay clinical. */
    "ALTER TABLE clients ADD COLUMN desk_notes TEXT;",
    /* 8: an erased client is known by a pseudonym where the records kept must name someone (a
     * recall); the person is gone from them */
    "ALTER TABLE clients ADD COLUMN pseudonym TEXT;",
    /* 9: an anchored audit trail. An entry names what it is about beyond the record (the codes
     * a refusal named, an erasure's reason) and seals the record it wrote with its hash; entries
     * are sealed with a key kept outside the database. The entries made before were chained with
     * a public hash: each clinic's head says up to where, and its signed checkpoints say it too. */
    "ALTER TABLE audit ADD COLUMN detail TEXT;"
    "ALTER TABLE audit ADD COLUMN record_hash TEXT;"
    "ALTER TABLE audit_heads ADD COLUMN legacy BIGINT NOT NULL DEFAULT 0;"
    "UPDATE audit_heads SET legacy = seq;",
    /* 10: signing in that a stranger cannot turn against the clinic. A user can be disabled
     * (kept, for the records that name them). Failed sign-ins are counted per name and address,
     * in the database so that restarts and servers sharing it see the same count; each failure
     * pushes the next try further off. next_at is Unix milliseconds. */
    "ALTER TABLE users ADD COLUMN disabled_at TEXT;"
    "CREATE TABLE sign_in_throttle (name TEXT NOT NULL, address TEXT NOT NULL,"
    " failures INTEGER NOT NULL, next_at BIGINT NOT NULL, PRIMARY KEY (name, address));"
    "CREATE INDEX sign_in_throttle_by_time ON sign_in_throttle (next_at);",
    /* 11: every read by an index (tests/store/plans.c holds it): a client's records by client
     * (and clinic, which every statement names too, so that the planner need not choose), a
     * clinic's by clinic (what the audit's check reads), a session's lots by session, a lot by its
     * number (where a recall starts); then the
     * engines' statistics, so that their planners know the tables as they are */
    "CREATE INDEX users_by_clinic ON users (clinic_id, id);"
    "CREATE INDEX intakes_by_client ON intakes (client_id, clinic_id, id);"
    "CREATE INDEX intakes_by_clinic ON intakes (clinic_id, id);"
    "CREATE INDEX screenings_of_client ON screenings (client_id, clinic_id, id);"
    "CREATE INDEX screenings_by_clinic ON screenings (clinic_id, id);"
    "CREATE INDEX consents_by_client ON consents (client_id, clinic_id, id);"
    "CREATE INDEX consents_by_clinic ON consents (clinic_id, id);"
    "CREATE INDEX plans_by_client ON plans (client_id, clinic_id, id);"
    "CREATE INDEX plans_by_clinic ON plans (clinic_id, id);"
    "CREATE INDEX devices_by_client ON devices (client_id, clinic_id);"
    "CREATE INDEX sessions_by_clinic ON sessions (clinic_id, id);"
    "CREATE INDEX session_lots_by_session ON session_lots (session_id);"
    "CREATE INDEX adverse_events_by_client ON adverse_events (client_id, clinic_id, id);"
    "CREATE INDEX adverse_events_by_clinic ON adverse_events (clinic_id, id);"
    "CREATE INDEX ae_followups_by_ae ON ae_followups (ae_id, id);"
    "CREATE INDEX ae_followups_by_clinic ON ae_followups (clinic_id, id);"
    "CREATE INDEX outcomes_by_client ON outcomes (client_id, clinic_id, id);"
    "CREATE INDEX outcomes_by_clinic ON outcomes (clinic_id, id);"
    "CREATE INDEX lots_by_number ON lots (clinic_id, lot_number);"
    "ANALYZE;",
    /* 12: who else a unit served, found from the unit and read in order from the index: with the
     * statistics of a busy database, an index of the unit alone lost to walking every session in
     * client order (8 ms a session at 40,000 sessions) */
    "CREATE INDEX sessions_by_unit_client ON sessions (unit_id, clinic_id, client_id);"
    "DROP INDEX sessions_by_unit;"
    "ANALYZE;",
    /* 13: what a chart shows costs by what it shows. The counts a plan and a lot are read with
     * are kept, in the transaction that changes them, in tables of their own (beside the sealed
     * records, whose seals cover every column); a client's records are indexed by their day, so
     * that the latest N of each kind are read from the end of an index and no further
     * (records_chart.c); the indexes by client and id they replace go. */
    "CREATE TABLE plan_progress (plan_id BIGINT PRIMARY KEY REFERENCES plans (id),"
    " clinic_id BIGINT NOT NULL, sessions_done INTEGER NOT NULL, last_session_on TEXT);"
    "INSERT INTO plan_progress (plan_id, clinic_id, sessions_done, last_session_on)"
    " SELECT p.id, p.clinic_id, (SELECT count(*) FROM sessions x WHERE x.plan_id = p.id),"
    " (SELECT max(x.on_date) FROM sessions x WHERE x.plan_id = p.id) FROM plans p;"
    "CREATE TABLE lot_stock (lot_id BIGINT PRIMARY KEY REFERENCES lots (id),"
    " clinic_id BIGINT NOT NULL, unused INTEGER NOT NULL);"
    "INSERT INTO lot_stock (lot_id, clinic_id, unused) SELECT l.id, l.clinic_id,"
    " (SELECT count(*) FROM units u WHERE u.lot_id = l.id AND u.uses = 0) FROM lots l;"
    "CREATE INDEX intakes_by_client_day ON intakes (client_id, clinic_id, created_at, id);"
    "DROP INDEX intakes_by_client;"
    "CREATE INDEX screenings_by_client_day ON screenings (client_id, clinic_id, on_date, id);"
    "DROP INDEX screenings_of_client;"
    "DROP INDEX screenings_by_client;"
    "CREATE INDEX consents_by_client_day ON consents (client_id, clinic_id, signed_on, id);"
    "DROP INDEX consents_by_client;"
    "CREATE INDEX plans_by_client_day ON plans (client_id, clinic_id, created_at, id);"
    "DROP INDEX plans_by_client;"
    "CREATE INDEX sessions_by_client_day ON sessions (client_id, clinic_id, on_date, id);"
    "DROP INDEX sessions_by_client;"
    "CREATE INDEX adverse_events_by_client_day ON adverse_events"
    " (client_id, clinic_id, onset, id);"
    "DROP INDEX adverse_events_by_client;"
    "CREATE INDEX outcomes_by_client_day ON outcomes (client_id, clinic_id, on_date, id);"
    "DROP INDEX outcomes_by_client;"
    "CREATE INDEX appointments_by_client_day ON appointments"
    " (client_id, clinic_id, on_date, at_time, id);"
    "DROP INDEX appointments_by_client;"
    "CREATE INDEX ae_followups_of_ae ON ae_followups (ae_id, clinic_id, id);"
    "DROP INDEX ae_followups_by_ae;"
    "ANALYZE;",
    /* 14: the clinic's profile (address, phone, email, logo: the handout and the calendar print
     * them), apart from clinics, whose rows the audit seals as they are; and the installation's
     * own random id, which keeps its calendar events apart from every other's */
    "CREATE TABLE clinic_profiles (clinic_id BIGINT PRIMARY KEY REFERENCES clinics (id),"
    " address TEXT, phone TEXT, email TEXT, logo TEXT);"
    "CREATE TABLE installation (id INTEGER PRIMARY KEY, uid TEXT NOT NULL);"
    "INSERT INTO installation (id, uid) VALUES (1, lower(hex(randomblob(16))));",
    /* 15: edits that cannot undo one another. A client's details carry a version that each edit
     * moves on; an edit made from an older version is refused (HTTP 412), never applied over
     * the newer one. NULL reads as 1: the rows before it keep their audit seals as they were. */
    "ALTER TABLE clients ADD COLUMN version INTEGER;",
    /* 16: the calendar. A booking is with a practitioner and may be in a room (the clinic lists
     * its rooms); a moved booking counts its moves, which a calendar file reads as SEQUENCE.
     * NULL in the rows before: unassigned, no room, never moved. */
    "ALTER TABLE appointments ADD COLUMN practitioner_id BIGINT REFERENCES users (id);"
    "ALTER TABLE appointments ADD COLUMN room TEXT;"
    "ALTER TABLE appointments ADD COLUMN moves INTEGER;"
    "ALTER TABLE clinic_profiles ADD COLUMN rooms TEXT;",
    /* 17: a session sent again is not logged twice. A phone that logged a use offline sends it
     * when back online with the key it made for it; the same key answers the session kept. */
    "ALTER TABLE sessions ADD COLUMN idempotency_key TEXT;"
    "CREATE UNIQUE INDEX sessions_by_key ON sessions (clinic_id, idempotency_key);",
    /* 18: the clinic's report counts a session's adverse events from the session */
    "CREATE INDEX adverse_events_by_session ON adverse_events (session_id, id);",
    /* 19: the clinic's details carry a version too, as a client's do (15): an edit made from an
     * older one is refused. NULL reads as 1. */
    "ALTER TABLE clinics ADD COLUMN version INTEGER;",
};

/* Migrations whose SQL differs by engine: version, driver name, script. SQLite cannot drop a
 * CHECK constraint, nor rebuild a table inside a transaction while foreign keys are on (a rename
 * rewrites the references to it): it edits the constraint out of the table's definition, which
 * its documentation allows for loosening a constraint, reloads the schema, and changes the schema
 * cookie so that other connections reload it too. */
static const struct {
	int version;
	const char *engine;
	const char *sql;
} engine_migrations[] = {
    {5, "sqlite",
     "PRAGMA writable_schema = ON;"
     "UPDATE sqlite_schema SET sql = replace(sql,"
     " 'kind TEXT NOT NULL CHECK (kind IN (''pen'', ''roller'', ''stamp''))', 'kind TEXT NOT NULL')"
     " WHERE type = 'table' AND name = 'devices';"
     "UPDATE sqlite_schema SET sql = replace(sql,"
     " 'kind TEXT CHECK (kind IN (''pen'', ''roller'', ''stamp''))', 'kind TEXT')"
     " WHERE type = 'table' AND name = 'lots';"
     "PRAGMA writable_schema = RESET;"
     "CREATE TABLE schema_reload (x INTEGER); DROP TABLE schema_reload;"},
    {5, "postgresql",
     "ALTER TABLE devices DROP CONSTRAINT IF EXISTS devices_kind_check;"
     "ALTER TABLE lots DROP CONSTRAINT IF EXISTS lots_kind_check;"},
    {14, "postgresql",
     "CREATE TABLE clinic_profiles (clinic_id BIGINT PRIMARY KEY REFERENCES clinics (id),"
     " address TEXT, phone TEXT, email TEXT, logo TEXT);"
     "CREATE TABLE installation (id INTEGER PRIMARY KEY, uid TEXT NOT NULL);"
     "INSERT INTO installation (id, uid) VALUES (1, md5(random()::text || "
     "clock_timestamp()::text));"},
};

static const char *migration_sql(const struct np_db *db, int version)
{
	for (size_t i = 0; i < sizeof engine_migrations / sizeof engine_migrations[0]; i++)
		if (engine_migrations[i].version == version &&
		    strcmp(engine_migrations[i].engine, db->driver->name) == 0)
			return engine_migrations[i].sql;
	return migrations[version - 1];
}

int np_migrate_count(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

static int apply(struct np_db *db, int version)
{
	struct np_buf sql = NP_BUF_INIT;
	const char *text = migration_sql(db, version);
	if (text == NULL)
		return np_error_set(NP_EDB, "migration %d has no SQL for %s", version,
		                    db->driver->name);
	for (const char *p = text; *p;) {
		if (strncmp(p, "@ID@", 4) == 0) {
			np_buf_append(&sql, db->driver->id_type);
			p += 4;
		} else {
			np_buf_printf(&sql, "%c", *p++);
		}
	}
	int rc = sql.failed ? np_error_set(NP_ENOMEM, "out of memory migrating")
	                    : db->driver->exec(db, sql.data);
	np_buf_release(&sql);
	if (rc != 0)
		return rc;
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(version), NP_DB_T(at)};
	return np_db_run(db, NP_SQL_MIGRATION_ADD, p, 2, NULL);
}

int np_migrate(struct np_db *db)
{
	const struct np_db_driver *d = db->driver;
	int rc = d->begin(db);
	if (rc != 0)
		return rc;
	struct np_db_result *r = NULL;
	if ((rc = d->lock_migrations(db)) != 0 ||
	    (rc = d->exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
	                      "PRIMARY KEY, applied_at TEXT NOT NULL)")) != 0 ||
	    (rc = np_db_query(db, &r, NP_SQL_MIGRATION_LAST, NULL, 0)) != 0)
		goto done;
	int have = (int)np_db_int(r, 0, 0);
	if (have > np_migrate_count()) {
		rc = np_error_set(NP_EDB,
		                  "the database is at schema version %d, newer than this program "
		                  "knows (%d): use a newer needlepoint",
		                  have, np_migrate_count());
		goto done;
	}
	for (int v = have + 1; v <= np_migrate_count() && rc == 0; v++)
		rc = apply(db, v);
done:
	np_db_result_free(r);
	if (rc != 0) {
		d->rollback(db);
		return rc;
	}
	return d->commit(db);
}
