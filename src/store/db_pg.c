/* The PostgreSQL driver, through libpq: for clinics that outgrow one machine. Statements are
 * prepared once per connection by their index in the table; parameters go as text. */
#include "db.h"
#include "pq_api.h"
#include "try.h"

#include "needlepoint/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Any fixed number serialises migrations among every process that opens the database. */
#define NP_PG_MIGRATION_LOCK 0x6e70 /* "np" */

struct np_pg {
	struct np_db base;
	PGconn *conn;
	bool prepared[NP_SQL_COUNT];
};

static int fail_result(struct np_pg *p, PGresult *res, const char *what)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	int code = state && strcmp(state, "23505") == 0 ? NP_ECONFLICT
	           : PQstatus(p->conn) != CONNECTION_OK ? NP_EUNAVAILABLE /* the server is gone */
	                                                : NP_EDB;
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(p->conn);
	int rc = np_error_set(code, "postgresql: %s: %.*s", what, (int)strcspn(msg, "\n"), msg);
	PQclear(res);
	return rc;
}

static void pg_close(struct np_db *db)
{
	struct np_pg *p = (struct np_pg *)db;
	if (p == NULL)
		return;
	PQfinish(p->conn);
	free(p);
}

/* Every connection's settings: notices (IF NOT EXISTS ...) are not the user's business; and a
 * statement is planned once, when prepared, not again at every run (PostgreSQL plans each of the
 * first five runs anew and may keep doing so, which cost a chart more than running it). Every
 * statement finds its rows by client or id in an index (tests/store/plans.c), which a generic
 * plan does as well as one made for the values. */
#define SESSION_SETTINGS                                                                           \
	"SET client_min_messages = warning; SET plan_cache_mode = force_generic_plan"

static int pg_exec(struct np_db *db, const char *sql)
{
	struct np_pg *p = (struct np_pg *)db;
	PGresult *res = PQexec(p->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return fail_result(p, res, "exec");
	PQclear(res);
	return 0;
}

static int pg_open(struct np_db **out, const char *target)
{
	*out = NULL;
	NP_TRY(np_pq_load());
	struct np_pg *p = calloc(1, sizeof *p);
	if (p == NULL)
		return np_error_set(NP_ENOMEM, "out of memory opening the database");
	p->base.driver = &np_db_postgresql;
	p->conn = PQconnectdb(target);
	if (p->conn == NULL || PQstatus(p->conn) != CONNECTION_OK) {
		const char *msg = p->conn ? PQerrorMessage(p->conn) : "out of memory";
		int rc = np_error_set(NP_EDB, "cannot connect to PostgreSQL: %.*s",
		                      (int)strcspn(msg, "\n"), msg);
		pg_close(&p->base);
		return rc;
	}
	int rc = pg_exec(&p->base, SESSION_SETTINGS);
	if (rc != 0) {
		pg_close(&p->base);
		return rc;
	}
	*out = &p->base;
	return 0;
}

/* A connection lost (the server restarted, the network dropped) is opened again at the start of
 * the next transaction, never inside one: what a transaction did is never replayed. Its prepared
 * statements went with it. */
static int reconnect(struct np_pg *p)
{
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		const char *msg = PQerrorMessage(p->conn);
		return np_error_set(NP_EUNAVAILABLE, "PostgreSQL does not answer: %.*s",
		                    (int)strcspn(msg, "\n"), msg);
	}
	memset(p->prepared, 0, sizeof p->prepared);
	return pg_exec(&p->base, SESSION_SETTINGS);
}

static int prepare(struct np_pg *p, enum np_sql stmt)
{
	if (p->prepared[stmt])
		return 0;
	char name[16];
	snprintf(name, sizeof name, "s%d", (int)stmt);
	PGresult *res = PQprepare(p->conn, name, np_sql_text(stmt, "postgresql"), 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return fail_result(p, res, np_sql_name(stmt));
	PQclear(res);
	p->prepared[stmt] = true;
	return 0;
}

static int query_once(struct np_pg *p, struct np_db_result **out, enum np_sql stmt,
                      const struct np_db_value *params, size_t n);

/* A statement outside a transaction (a session's look-up) is run again once on a connection
 * opened again, as a transaction's first statement would be; inside one it never is. A lost
 * connection that cannot be had again is NP_EUNAVAILABLE. */
static int pg_query(struct np_db *db, struct np_db_result **out, enum np_sql stmt,
                    const struct np_db_value *params, size_t n)
{
	struct np_pg *p = (struct np_pg *)db;
	bool idle =
	    PQtransactionStatus(p->conn) == PQTRANS_IDLE || PQstatus(p->conn) != CONNECTION_OK;
	if (PQstatus(p->conn) != CONNECTION_OK) {
		int rc = reconnect(p);
		if (rc != 0)
			return rc;
	}
	int rc = query_once(p, out, stmt, params, n);
	if (rc == 0 || PQstatus(p->conn) == CONNECTION_OK)
		return rc;
	if (!idle) {
		const char *msg = np_error_last();
		char why[512];
		snprintf(why, sizeof why, "%s", msg);
		return np_error_set(NP_EUNAVAILABLE, "%s", why);
	}
	rc = reconnect(p);
	return rc != 0 ? rc : query_once(p, out, stmt, params, n);
}

/* Parameters as libpq takes them: text, numbers written into numbers[i]. */
static void text_values(const struct np_db_value *params, size_t n, char numbers[][32],
                        const char **values)
{
	for (size_t i = 0; i < n; i++) {
		switch (params[i].type) {
		case NP_DB_TEXT:
			values[i] = params[i].text;
			break;
		case NP_DB_INT:
			snprintf(numbers[i], 32, "%lld", (long long)params[i].i);
			values[i] = numbers[i];
			break;
		case NP_DB_REAL:
			snprintf(numbers[i], 32, "%.17g", params[i].r);
			values[i] = numbers[i];
			break;
		default:
			values[i] = NULL;
		}
	}
}

/* Row by row (libpq's single-row mode), inside the caller's transaction: never reconnected. Every
 * result is read to its end, fn's refusal included, as libpq asks before the next statement. */
static int pg_each(struct np_db *db, enum np_sql stmt, const struct np_db_value *params, size_t n,
                   int (*fn)(const struct np_db_result *row, void *ctx), void *ctx)
{
	struct np_pg *p = (struct np_pg *)db;
	if (n > NP_DB_MAX_COLS)
		return np_error_set(NP_EDB, "%s: too many parameters", np_sql_name(stmt));
	NP_TRY(prepare(p, stmt));
	char numbers[NP_DB_MAX_COLS][32];
	const char *values[NP_DB_MAX_COLS];
	text_values(params, n, numbers, values);
	char name[16];
	snprintf(name, sizeof name, "s%d", (int)stmt);
	if (!PQsendQueryPrepared(p->conn, name, (int)n, values, NULL, NULL, 0))
		return fail_result(p, NULL, np_sql_name(stmt));
	PQsetSingleRowMode(p->conn);
	struct np_db_result *r = NULL;
	int rc = 0;
	PGresult *res;
	while ((res = PQgetResult(p->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_SINGLE_TUPLE && rc == 0) {
			size_t cols = (size_t)PQnfields(res);
			if (r == NULL &&
			    (cols > NP_DB_MAX_COLS || (r = np_db_result_new(cols)) == NULL))
				rc = np_error_set(NP_ENOMEM, "out of memory reading rows");
			const char *cells[NP_DB_MAX_COLS];
			size_t lens[NP_DB_MAX_COLS];
			for (size_t c = 0; rc == 0 && c < cols; c++) {
				cells[c] =
				    PQgetisnull(res, 0, (int)c) ? NULL : PQgetvalue(res, 0, (int)c);
				lens[c] = (size_t)PQgetlength(res, 0, (int)c);
			}
			if (rc == 0 && (rc = np_db_result_add_row(r, cells, lens)) == 0)
				rc = fn(r, ctx);
			if (r)
				np_db_result_clear(r);
		} else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && rc == 0) {
			rc = fail_result(p, res, np_sql_name(stmt));
			continue; /* fail_result let it go */
		}
		PQclear(res);
	}
	np_db_result_free(r);
	return rc;
}

static int query_once(struct np_pg *p, struct np_db_result **out, enum np_sql stmt,
                      const struct np_db_value *params, size_t n)
{
	if (n > NP_DB_MAX_COLS)
		return np_error_set(NP_EDB, "%s: too many parameters", np_sql_name(stmt));
	int rc = prepare(p, stmt);
	if (rc != 0)
		return rc;
	char numbers[NP_DB_MAX_COLS][32];
	const char *values[NP_DB_MAX_COLS];
	text_values(params, n, numbers, values);
	char name[16];
	snprintf(name, sizeof name, "s%d", (int)stmt);
	PGresult *res = PQexecPrepared(p->conn, name, (int)n, values, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return fail_result(p, res, np_sql_name(stmt));
	size_t cols = (size_t)PQnfields(res);
	struct np_db_result *r = cols <= NP_DB_MAX_COLS ? np_db_result_new(cols) : NULL;
	rc = r ? 0 : np_error_set(NP_ENOMEM, "out of memory reading rows");
	for (int row = 0; rc == 0 && row < PQntuples(res); row++) {
		const char *cells[NP_DB_MAX_COLS];
		size_t lens[NP_DB_MAX_COLS];
		for (size_t c = 0; c < cols; c++) {
			cells[c] =
			    PQgetisnull(res, row, (int)c) ? NULL : PQgetvalue(res, row, (int)c);
			lens[c] = (size_t)PQgetlength(res, row, (int)c);
		}
		rc = np_db_result_add_row(r, cells, lens);
	}
	if (rc == 0) {
		const char *touched = PQcmdTuples(res);
		r->changes = touched && *touched ? strtoll(touched, NULL, 10) : 0;
	}
	PQclear(res);
	if (rc != 0) {
		np_db_result_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

static int pg_begin(struct np_db *db)
{
	struct np_pg *p = (struct np_pg *)db;
	static const char begin[] = "BEGIN ISOLATION LEVEL READ COMMITTED";
	if (PQstatus(p->conn) != CONNECTION_OK) {
		int rc = reconnect(p);
		if (rc != 0)
			return rc;
	}
	int rc = pg_exec(db, begin);
	if (rc != 0 && PQstatus(p->conn) != CONNECTION_OK) {
		rc = reconnect(p);
		if (rc == 0)
			rc = pg_exec(db, begin);
	}
	return rc;
}

static int pg_commit(struct np_db *db)
{
	return pg_exec(db, "COMMIT");
}

static int pg_rollback(struct np_db *db)
{
	struct np_pg *p = (struct np_pg *)db;
	if (PQtransactionStatus(p->conn) == PQTRANS_IDLE)
		return 0;
	return pg_exec(db, "ROLLBACK");
}

static int pg_lock_migrations(struct np_db *db)
{
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%d)", NP_PG_MIGRATION_LOCK);
	return pg_exec(db, sql);
}

/* A live copy of a PostgreSQL database is pg_dump's work, and it takes a consistent snapshot
 * while others write; the program does not pretend to do it over one connection. */
static int pg_backup(struct np_db *db, const char *path)
{
	(void)db;
	return np_error_set(NP_EINVAL,
	                    "backup of a PostgreSQL database: run pg_dump --format=custom --file "
	                    "'%s' with the same connection string (docs/records.md)",
	                    path);
}

/* PostgreSQL keeps dead row versions until VACUUM reuses their space, and even then does not
 * overwrite them: docs/records.md names VACUUM FULL, off-hours, for a clinic that needs the text
 * gone from the table files. Nothing to do within a request. */
static int pg_scrub(struct np_db *db)
{
	(void)db;
	return 0;
}

/* PostgreSQL checks its pages as it reads them and enforces the foreign keys itself; what is
 * left to ask is that the server answers and that no index was left invalid. */
static int pg_check(struct np_db *db)
{
	struct np_pg *p = (struct np_pg *)db;
	PGresult *res = PQexec(p->conn, "SELECT count(*) FROM pg_index WHERE NOT indisvalid");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return fail_result(p, res, "check");
	long invalid = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return invalid == 0 ? 0
	                    : np_error_set(NP_EDB, "integrity check: %ld invalid indexes", invalid);
}

const struct np_db_driver np_db_postgresql = {
    .version = NP_DB_DRIVER_VERSION,
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .query = pg_query,
    .each = pg_each,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .lock_migrations = pg_lock_migrations,
    .backup = pg_backup,
    .scrub = pg_scrub,
    .check = pg_check,
    .id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
};
