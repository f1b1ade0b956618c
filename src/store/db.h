/* The storage interface: a versioned table of functions that each database engine implements.
 *
 * The records (records_*.c) speak only to this interface. SQL lives in the statement table
 * (sql.h), always with bound parameters written $1, $2, ...; a driver prepares each statement once
 * per connection and caches it by its index. */
#ifndef NP_DB_H
#define NP_DB_H

#include "sql.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NP_DB_DRIVER_VERSION 1
/* The widest row a statement of the table returns. */
#define NP_DB_MAX_COLS 32

enum np_db_type { NP_DB_NULL, NP_DB_TEXT, NP_DB_INT, NP_DB_REAL };

/* A parameter; text is borrowed for the call. */
struct np_db_value {
	enum np_db_type type;
	const char *text;
	int64_t i;
	double r;
};

static inline struct np_db_value np_db_text_value(const char *s)
{
	return (struct np_db_value){.type = s ? NP_DB_TEXT : NP_DB_NULL, .text = s};
}
/* Text, or SQL NULL for a NULL pointer. */
#define NP_DB_T(s) np_db_text_value(s)
#define NP_DB_I(n) ((struct np_db_value){.type = NP_DB_INT, .i = (n)})
#define NP_DB_R(x) ((struct np_db_value){.type = NP_DB_REAL, .r = (x)})
#define NP_DB_NONE ((struct np_db_value){.type = NP_DB_NULL})

/* The rows a query returned, every cell as text (NULL for SQL NULL). Owned by the caller, freed
 * with np_db_result_free. */
struct np_db_result {
	size_t rows, cols, cap;
	char **cells;    /* rows * cols */
	int64_t changes; /* rows an INSERT, UPDATE or DELETE touched */
};

struct np_db;

struct np_db_driver {
	int version; /* NP_DB_DRIVER_VERSION */
	const char *name;
	/* Open a connection; *out owned by the caller, closed with close (which accepts NULL). */
	int (*open)(struct np_db **out, const char *target);
	void (*close)(struct np_db *db);
	/* Run a script of statements without parameters (migrations). */
	int (*exec)(struct np_db *db, const char *sql);
	/* Run statement stmt of the table with n parameters; *out as above. */
	int (*query)(struct np_db *db, struct np_db_result **out, enum np_sql stmt,
	             const struct np_db_value *params, size_t n);
	/* Run statement stmt, handing its rows to fn one at a time (each as row 0 of a result
	 * that holds it alone); stops at fn's first nonzero, which it returns. What is held stays
	 * one row however many there are: a recall of a lot of every session. */
	int (*each)(struct np_db *db, enum np_sql stmt, const struct np_db_value *params, size_t n,
	            int (*fn)(const struct np_db_result *row, void *ctx), void *ctx);
	/* A write transaction: begin waits for other writers as long as the engine allows. */
	int (*begin)(struct np_db *db);
	int (*commit)(struct np_db *db);
	int (*rollback)(struct np_db *db);
	/* Inside a transaction: hold the lock that serialises migrations until it ends. */
	int (*lock_migrations)(struct np_db *db);
	/* A consistent copy of the database in a file, while others go on using it. */
	int (*backup)(struct np_db *db, const char *path);
	/* After an erasure: what the engine still holds of overwritten data leaves its files
	 * (SQLite: a checkpoint that truncates the write-ahead log; with secure_delete the pages
	 * are zeroed). */
	int (*scrub)(struct np_db *db);
	/* The engine's own integrity check; 0 when it passes. */
	int (*check)(struct np_db *db);
	/* The column type of a generated id in this engine's DDL. */
	const char *id_type;
};

/* Every connection starts with its driver. */
struct np_db {
	const struct np_db_driver *driver;
};

extern const struct np_db_driver np_db_sqlite;
extern const struct np_db_driver np_db_postgresql;

/* Open by target: postgres:// or postgresql:// URLs go to PostgreSQL, anything else is a SQLite
 * file. The driver's version is checked. */
int np_db_open(struct np_db **out, const char *target);
void np_db_close(struct np_db *db);

/* np_db_query through the driver; a helper that frees nothing on failure (*out is NULL). */
int np_db_query(struct np_db *db, struct np_db_result **out, enum np_sql stmt,
                const struct np_db_value *params, size_t n);
/* The same when the rows are not wanted; *changes (may be NULL) gets the rows touched. */
int np_db_run(struct np_db *db, enum np_sql stmt, const struct np_db_value *params, size_t n,
              int64_t *changes);
void np_db_result_free(struct np_db_result *result);
/* Let go of its rows, keeping it for more. */
void np_db_result_clear(struct np_db_result *result);

/* A cell (NULL for SQL NULL), and as a number (0 for NULL). */
const char *np_db_text(const struct np_db_result *r, size_t row, size_t col);
int64_t np_db_int(const struct np_db_result *r, size_t row, size_t col);
double np_db_real(const struct np_db_result *r, size_t row, size_t col);

/* A result set being filled by a driver: cells appended row by row. */
struct np_db_result *np_db_result_new(size_t cols);
int np_db_result_add_row(struct np_db_result *r, const char *const *cells, const size_t *lens);

#endif
