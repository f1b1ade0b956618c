/* Every statement of the store reads by an index: each one of src/store/sql.c is explained on a
 * seeded database and a scan of a table that grows with the clinic fails the test, naming the
 * statement. SQLite's EXPLAIN QUERY PLAN, without statistics, is the plan for a clinic of years:
 * any SCAN of such a table fails. PostgreSQL's planner prices a few rows as cheap to walk in any
 * order, so there sequential scans are priced out and one that remains is a statement no index
 * serves at all. The few statements that read every row on purpose say why below. A page of a
 * client's records (a statement named ..._PAGE) is read in order from its index, never sorted: a
 * sort reads every record of the client to give the newest few. */
#include "fixture.h"

#include "../../src/store/sql.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tables whose rows grow with a clinic's work. */
static const char *const growing[] = {"clients",
                                      "intakes",
                                      "screenings",
                                      "consents",
                                      "plans",
                                      "sessions",
                                      "session_lots",
                                      "units",
                                      "lots",
                                      "devices",
                                      "adverse_events",
                                      "ae_followups",
                                      "outcomes",
                                      "appointments",
                                      "audit",
                                      "web_sessions",
                                      "sign_in_throttle",
                                      "users",
                                      NULL};

/* Statements that read a whole table on purpose, and why. */
static const struct {
	enum np_sql stmt;
	const char *why;
} whole[] = {
    {NP_SQL_USER_COUNT, "first-run setup asks whether any user exists: it stops at the first"},
    {NP_SQL_USER_FIRST_TWO, "the command line's only user: it stops at the second"},
};

/* Statements that must start from a small table, and which. */
static const struct {
	enum np_sql stmt;
	const char *table;
} starts[] = {
    {NP_SQL_RECALL, "lots"}, /* a recall reads the lot's sessions, not the clinic's */
};

static const char *start_of(enum np_sql stmt)
{
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++)
		if (starts[i].stmt == stmt)
			return starts[i].table;
	return NULL;
}

static bool allowed(enum np_sql stmt)
{
	for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
		if (whole[i].stmt == stmt)
			return true;
	return false;
}

static bool grows(const char *table, size_t len)
{
	for (size_t i = 0; growing[i]; i++)
		if (strlen(growing[i]) == len && strncmp(growing[i], table, len) == 0)
			return true;
	return false;
}

/* A page of a client's records, read from the end of an index. */
static bool paged(enum np_sql stmt)
{
	const char *name = np_sql_name(stmt);
	size_t n = strlen(name);
	return n > 5 && strcmp(name + n - 5, "_PAGE") == 0;
}

/* The highest $N of a statement. */
static int params(const char *sql)
{
	int most = 0;
	for (const char *p = strchr(sql, '$'); p; p = strchr(p + 1, '$')) {
		int n = (int)strtol(p + 1, NULL, 10);
		most = n > most ? n : most;
	}
	return most;
}

/* The table a plan's name stands for: the name, or the table the statement gives that alias
 * ("FROM sessions s", "JOIN units un"). Written into out. */
static const char *table_of(const char *sql, const char *name, size_t len, char *out, size_t size)
{
	snprintf(out, size, "%.*s", (int)len, name);
	static const char *const before[] = {"FROM ", "JOIN ", NULL};
	for (size_t k = 0; before[k]; k++)
		for (const char *p = strstr(sql, before[k]); p; p = strstr(p + 1, before[k])) {
			const char *t = p + 5;
			size_t tn = strcspn(t, " ");
			const char *alias = t + tn + (t[tn] == ' ');
			size_t an = strcspn(alias, " ");
			if (an == len && strncmp(alias, name, len) == 0) {
				snprintf(out, size, "%.*s", (int)tn, t);
				return out;
			}
		}
	return out;
}

/* Whether a plan's "SEARCH x ..." or "SCAN x ..." (from its name on) reads a growing table. */
static bool reads_growing(const char *sql, const char *name)
{
	char table[64];
	table_of(sql, name, strcspn(name, " "), table, sizeof table);
	return grows(table, strlen(table));
}

/* "SCAN sessions" or "SCAN s USING INDEX ..." in SQLite's plan, an alias read as its table. */
static int scans_sqlite(sqlite3 *db, enum np_sql stmt, char *out, size_t size)
{
	char sql[4096];
	snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", np_sql_text(stmt, "sqlite"));
	/* a statement that names something narrower than the clinic (a client, a unit, a plan,
	 * a lot, a session, an adverse event) must be found by it */
	static const char *const narrower[] = {
	    "client_id = $",  "unit_id = $", "plan_id = $", "lot_id = $",
	    "session_id = $", "ae_id = $",   NULL};
	bool by_client = false;
	for (size_t k = 0; narrower[k]; k++)
		by_client = by_client || strstr(np_sql_text(stmt, "sqlite"), narrower[k]) != NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", np_sql_name(stmt), sqlite3_errmsg(db));
	int found = 0;
	const char *start = start_of(stmt);
	bool first = true;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);
		/* the first table read of each part of the statement ("SEARCH l USING ..."): the
		 * table is named as the statement names it, an alias, so the test names that */
		if (start && detail && first &&
		    (strncmp(detail, "SEARCH ", 7) == 0 || strncmp(detail, "SCAN ", 5) == 0)) {
			const char *t = detail + (detail[1] == 'E' ? 7 : 5);
			size_t n = strcspn(t, " ");
			if (!(n == strlen(start) && strncmp(t, start, n) == 0) &&
			    !(n == 1 && t[0] == start[0])) {
				snprintf(out, size, "starts from %s, not %s", detail, start);
				found = 1;
			}
			first = false;
		}
		if (detail && paged(stmt) && strstr(detail, "TEMP B-TREE")) {
			snprintf(out, size, "sorts a page: %s", detail);
			found = 1;
		}
		if (detail && strncmp(detail, "SCAN ", 5) == 0 &&
		    reads_growing(np_sql_text(stmt, "sqlite"), detail + 5)) {
			snprintf(out, size, "%s", detail);
			found = 1;
		}
		/* a client's records (a unit's, a plan's ...) found among all the clinic's: its
		 * cost grows with the clinic, not with what it asks for */
		if (detail && strncmp(detail, "SEARCH ", 7) == 0 && by_client &&
		    reads_growing(np_sql_text(stmt, "sqlite"), detail + 7) &&
		    strstr(detail, "(clinic_id=?)")) {
			snprintf(out, size, "%s", detail);
			found = 1;
		}
	}
	sqlite3_finalize(st);
	return found;
}

static int scans_postgresql(PGconn *pg, enum np_sql stmt, char *out, size_t size)
{
	const char *text = np_sql_text(stmt, "postgresql");
	char sql[4096];
	snprintf(sql, sizeof sql, "PREPARE q AS %s", text);
	PGresult *r = PQexec(pg, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", np_sql_name(stmt), PQerrorMessage(pg));
	PQclear(r);
	int n = params(text), len = snprintf(sql, sizeof sql, "EXPLAIN EXECUTE q");
	for (int i = 0; i < n; i++)
		len += snprintf(sql + len, sizeof sql - (size_t)len, "%s'1'", i ? ", " : "(");
	snprintf(sql + len, sizeof sql - (size_t)len, "%s", n ? ")" : "");
	r = PQexec(pg, sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", np_sql_name(stmt), PQerrorMessage(pg));
	int found = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *line = PQgetvalue(r, i, 0), *seq = strstr(line, "Seq Scan on ");
		if (paged(stmt) && strstr(line, "Sort  (")) {
			snprintf(out, size, "sorts a page: %s", line);
			found = 1;
		}
		if (seq && grows(seq + 12, strcspn(seq + 12, " "))) {
			snprintf(out, size, "%s", seq);
			found = 1;
		}
	}
	PQclear(r);
	PQclear(PQexec(pg, "DEALLOCATE q"));
	return found;
}

static void every_statement_reads_by_an_index(void **state)
{
	struct np_store *s = *state;
	/* a clinic at work: every table has rows */
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t unit = fx_lot(s, &c, 2, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	if (np_session_log(&out, s, &c.practitioner, client, in) != 0)
		fail_msg("session: %s", np_error_last());
	json_decref(out);
	json_decref(in);
	bool pg = strstr(fx_target(), "://") != NULL;
	sqlite3 *lite = NULL;
	PGconn *conn = NULL;
	if (pg) {
		conn = PQconnectdb(fx_target());
		assert_int_equal(PQstatus(conn), CONNECTION_OK);
		PQclear(PQexec(conn, "ANALYZE"));
		PQclear(PQexec(conn, "SET enable_seqscan = off"));
		/* the plans the server runs: made once for any values (db_pg.c) */
		PQclear(PQexec(conn, "SET plan_cache_mode = force_generic_plan"));
	} else {
		/* no ANALYZE: the statistics of a few rows would price every scan as cheap, and the
		 * plan wanted is the one for a clinic of years */
		assert_int_equal(sqlite3_open(fx_target(), &lite), SQLITE_OK);
	}
	int bad = 0;
	for (int i = 0; i < NP_SQL_COUNT; i++) {
		const char *text = np_sql_text(i, pg ? "postgresql" : "sqlite");
		if (text == NULL || allowed(i) || strncmp(text, "INSERT", 6) == 0)
			continue;
		char scan[512] = "";
		if (pg ? scans_postgresql(conn, i, scan, sizeof scan)
		       : scans_sqlite(lite, i, scan, sizeof scan)) {
			fprintf(stderr, "%s reads more than it needs: %s\n", np_sql_name(i), scan);
			bad++;
		}
	}
	if (lite)
		sqlite3_close(lite);
	if (conn)
		PQfinish(conn);
	if (bad)
		fail_msg("%d statements scan a table that grows with the clinic", bad);
}

static int setup(void **state)
{
	*state = fx_open();
	return 0;
}

static int teardown(void **state)
{
	np_store_close(*state);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(every_statement_reads_by_an_index, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fx_cleanup();
	return failed;
}
