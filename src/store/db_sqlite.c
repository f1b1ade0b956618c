/* The SQLite driver: the embedded default. WAL with full synchronous commits, so that a session
 * acknowledged is on disk; foreign keys on; writers wait for each other rather than fail. */
#include "db.h"

#include "needlepoint/error.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How long a writer waits for another before giving up: long enough for any one command. */
#define NP_SQLITE_BUSY_MS 30000

struct np_sqlite {
	struct np_db base;
	sqlite3 *db;
	sqlite3_stmt *stmts[NP_SQL_COUNT];
};

static int fail(struct np_sqlite *s, const char *what)
{
	int ext = sqlite3_extended_errcode(s->db);
	int code = (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
	               ? NP_ECONFLICT
	               : NP_EDB;
	return np_error_set(code, "sqlite: %s: %s", what, sqlite3_errmsg(s->db));
}

static void sq_close(struct np_db *db)
{
	struct np_sqlite *s = (struct np_sqlite *)db;
	if (s == NULL)
		return;
	for (size_t i = 0; i < NP_SQL_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	/* statistics that keep up with a growing clinic, as SQLite advises: a bounded look at the
	 * tables this connection's queries leaned on, done as it closes */
	if (s->db)
		sqlite3_exec(s->db, "PRAGMA analysis_limit = 400; PRAGMA optimize;", NULL, NULL,
		             NULL);
	sqlite3_close(s->db);
	free(s);
}

static int sq_exec(struct np_db *db, const char *sql)
{
	struct np_sqlite *s = (struct np_sqlite *)db;
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : fail(s, "exec");
}

/* Health records are for the program's own user alone: a database or backup file the program
 * creates is made 0600 before SQLite opens it; SQLite gives its -wal and -shm files the mode of
 * the database. A file that exists keeps the mode its owner gave it. */
static int private_file(const char *path)
{
	if (strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0 || path[0] == '\0')
		return 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
	if (fd >= 0)
		close(fd);
	else if (errno != EEXIST)
		return np_error_set(NP_EIO, "cannot create '%s': %s", path, strerror(errno));
	return 0;
}

static int sq_open(struct np_db **out, const char *target)
{
	*out = NULL;
	struct np_sqlite *s = calloc(1, sizeof *s);
	if (s == NULL)
		return np_error_set(NP_ENOMEM, "out of memory opening the database");
	s->base.driver = &np_db_sqlite;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (private_file(target) != 0) {
		free(s);
		return np_error_code();
	}
	if (sqlite3_open_v2(target, &s->db, flags, NULL) != SQLITE_OK) {
		int rc = np_error_set(NP_EDB, "cannot open the database '%s': %s", target,
		                      s->db ? sqlite3_errmsg(s->db) : "out of memory");
		sq_close(&s->base);
		return rc;
	}
	sqlite3_busy_timeout(s->db, NP_SQLITE_BUSY_MS);
	sqlite3_extended_result_codes(s->db, 1);
	/* journal_mode answers a row, so it goes through exec like the rest */
	/* secure_delete: what a record overwrote or deleted is zeroed, not left in free space
	 * (Debian's SQLite is built so; this says it for any build) */
	int rc = sq_exec(&s->base, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	                           "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;");
	if (rc != 0) {
		char prefix[600];
		snprintf(prefix, sizeof prefix, "cannot open the database '%s'", target);
		rc = np_error_prefix(prefix);
		sq_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return 0;
}

static int bind(struct np_sqlite *s, sqlite3_stmt *st, const struct np_db_value *params, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char name[24];
		snprintf(name, sizeof name, "$%zu", i + 1);
		int idx = sqlite3_bind_parameter_index(st, name);
		if (idx == 0)
			continue; /* a statement need not use every parameter */
		int rc;
		switch (params[i].type) {
		case NP_DB_TEXT:
			rc = sqlite3_bind_text(st, idx, params[i].text, -1, SQLITE_STATIC);
			break;
		case NP_DB_INT:
			rc = sqlite3_bind_int64(st, idx, params[i].i);
			break;
		case NP_DB_REAL:
			rc = sqlite3_bind_double(st, idx, params[i].r);
			break;
		default:
			rc = sqlite3_bind_null(st, idx);
		}
		if (rc != SQLITE_OK)
			return fail(s, "bind");
	}
	return 0;
}

/* Rows of stmt into a result: every one kept (fn NULL), or each handed to fn and let go. */
static int steps(struct np_sqlite *s, struct np_db_result **out, enum np_sql stmt,
                 const struct np_db_value *params, size_t n,
                 int (*fn)(const struct np_db_result *row, void *ctx), void *ctx);

static int sq_query(struct np_db *db, struct np_db_result **out, enum np_sql stmt,
                    const struct np_db_value *params, size_t n)
{
	return steps((struct np_sqlite *)db, out, stmt, params, n, NULL, NULL);
}

static int sq_each(struct np_db *db, enum np_sql stmt, const struct np_db_value *params, size_t n,
                   int (*fn)(const struct np_db_result *row, void *ctx), void *ctx)
{
	struct np_db_result *r = NULL;
	int rc = steps((struct np_sqlite *)db, &r, stmt, params, n, fn, ctx);
	np_db_result_free(r);
	return rc;
}

static int steps(struct np_sqlite *s, struct np_db_result **out, enum np_sql stmt,
                 const struct np_db_value *params, size_t n,
                 int (*fn)(const struct np_db_result *row, void *ctx), void *ctx)
{
	sqlite3_stmt *st = s->stmts[stmt];
	if (st == NULL) {
		if (sqlite3_prepare_v3(s->db, np_sql_text(stmt, "sqlite"), -1,
		                       SQLITE_PREPARE_PERSISTENT, &s->stmts[stmt],
		                       NULL) != SQLITE_OK)
			return fail(s, np_sql_name(stmt));
		st = s->stmts[stmt];
	}
	int rc = bind(s, st, params, n);
	size_t cols = (size_t)sqlite3_column_count(st);
	if (cols > NP_DB_MAX_COLS)
		rc = np_error_set(NP_EDB, "%s: %zu columns, more than %d", np_sql_name(stmt), cols,
		                  NP_DB_MAX_COLS);
	struct np_db_result *r = rc == 0 ? np_db_result_new(cols) : NULL;
	if (rc == 0 && r == NULL)
		rc = np_error_set(NP_ENOMEM, "out of memory reading rows");
	while (rc == 0) {
		int step = sqlite3_step(st);
		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = fail(s, np_sql_name(stmt));
			break;
		}
		const char *cells[NP_DB_MAX_COLS];
		size_t lens[NP_DB_MAX_COLS];
		for (size_t c = 0; c < cols; c++) {
			cells[c] = (const char *)sqlite3_column_text(st, (int)c);
			lens[c] = (size_t)sqlite3_column_bytes(st, (int)c);
		}
		rc = np_db_result_add_row(r, cells, lens);
		if (rc == 0 && fn) {
			rc = fn(r, ctx);
			np_db_result_clear(r);
		}
	}
	if (rc == 0)
		r->changes = sqlite3_changes64(s->db);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != 0) {
		np_db_result_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* IMMEDIATE takes the write lock at once, so two writers queue instead of deadlocking later. */
static int sq_begin(struct np_db *db)
{
	return sq_exec(db, "BEGIN IMMEDIATE");
}

static int sq_commit(struct np_db *db)
{
	return sq_exec(db, "COMMIT");
}

static int sq_rollback(struct np_db *db)
{
	struct np_sqlite *s = (struct np_sqlite *)db;
	if (sqlite3_get_autocommit(s->db))
		return 0;
	return sq_exec(db, "ROLLBACK");
}

/* BEGIN IMMEDIATE already holds the only write lock there is. */
static int sq_lock_migrations(struct np_db *db)
{
	(void)db;
	return 0;
}

/* The write-ahead log still holds the pages as they were before an erasure: checkpoint them into
 * the database (zeroed there by secure_delete) and truncate the log. */
static int sq_scrub(struct np_db *db)
{
	struct np_sqlite *s = (struct np_sqlite *)db;
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
	if (rc != SQLITE_OK)
		return np_error_set(NP_EDB,
		                    "the erasure is done, but the write-ahead log could not be "
		                    "cleared yet (%s): it will be at the next checkpoint",
		                    sqlite3_errstr(rc));
	return 0;
}

/* VACUUM INTO writes a consistent copy from one read transaction: under WAL the clinic goes on
 * writing meanwhile, and unlike the online backup API it never starts over when they do. A backup
 * goes to a new (or empty) file, never over an older copy. */
static int sq_backup(struct np_db *db, const char *path)
{
	struct np_sqlite *s = (struct np_sqlite *)db;
	struct stat st;
	if (stat(path, &st) == 0 && st.st_size > 0)
		return np_error_set(NP_EINVAL, "'%s' exists: a backup goes to a new file", path);
	if (private_file(path) != 0)
		return np_error_code();
	char *sql = sqlite3_mprintf("VACUUM INTO %Q", path);
	if (sql == NULL)
		return np_error_set(NP_ENOMEM, "out of memory backing up");
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return np_error_set(NP_EIO, "backup to '%s' failed: %s", path,
		                    sqlite3_errmsg(s->db));
	/* the copy opens as the database does */
	sqlite3 *dest = NULL;
	rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dest, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_close(dest);
	return rc == SQLITE_OK ? 0 : np_error_set(NP_EIO, "backup to '%s' failed", path);
}

static int count_row(void *count, int n, char **values, char **names)
{
	(void)n, (void)values, (void)names;
	++*(int *)count;
	return 0;
}

static int sq_check(struct np_db *db)
{
	struct np_sqlite *s = (struct np_sqlite *)db;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return fail(s, "integrity_check");
	int rc = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && strcmp(line, "ok") != 0 && rc == 0)
			rc = np_error_set(NP_EDB, "integrity check: %s", line);
	}
	sqlite3_finalize(st);
	int broken = 0;
	if (rc == 0 &&
	    sqlite3_exec(s->db, "PRAGMA foreign_key_check", count_row, &broken, NULL) != 0)
		rc = fail(s, "foreign_key_check");
	if (rc == 0 && broken > 0)
		rc = np_error_set(NP_EDB, "integrity check: %d rows refer to records not there",
		                  broken);
	return rc;
}

const struct np_db_driver np_db_sqlite = {
    .version = NP_DB_DRIVER_VERSION,
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .query = sq_query,
    .each = sq_each,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .lock_migrations = sq_lock_migrations,
    .backup = sq_backup,
    .scrub = sq_scrub,
    .check = sq_check,
    .id_type = "INTEGER PRIMARY KEY",
};
