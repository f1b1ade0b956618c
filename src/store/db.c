/* Choosing a driver for a database target, and the result sets every driver fills. */
#include "db.h"

#include "needlepoint/error.h"

#include <stdlib.h>
#include <string.h>

int np_db_open(struct np_db **out, const char *target)
{
	*out = NULL;
	bool pg =
	    strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
	const struct np_db_driver *d = pg ? &np_db_postgresql : &np_db_sqlite;
	if (d->version != NP_DB_DRIVER_VERSION)
		return np_error_set(NP_EDB,
		                    "the %s driver speaks version %d of the interface, not %d",
		                    d->name, d->version, NP_DB_DRIVER_VERSION);
	return d->open(out, target);
}

void np_db_close(struct np_db *db)
{
	if (db)
		db->driver->close(db);
}

int np_db_query(struct np_db *db, struct np_db_result **out, enum np_sql stmt,
                const struct np_db_value *params, size_t n)
{
	*out = NULL;
	return db->driver->query(db, out, stmt, params, n);
}

int np_db_run(struct np_db *db, enum np_sql stmt, const struct np_db_value *params, size_t n,
              int64_t *changes)
{
	struct np_db_result *r = NULL;
	int rc = db->driver->query(db, &r, stmt, params, n);
	if (rc == 0 && changes)
		*changes = r->changes;
	np_db_result_free(r);
	return rc;
}

void np_db_result_clear(struct np_db_result *result)
{
	for (size_t i = 0; i < result->rows * result->cols; i++)
		free(result->cells[i]);
	result->rows = 0;
}

void np_db_result_free(struct np_db_result *result)
{
	if (result == NULL)
		return;
	for (size_t i = 0; i < result->rows * result->cols; i++)
		free(result->cells[i]);
	free(result->cells);
	free(result);
}

const char *np_db_text(const struct np_db_result *r, size_t row, size_t col)
{
	if (r == NULL || row >= r->rows || col >= r->cols)
		return NULL;
	return r->cells[row * r->cols + col];
}

int64_t np_db_int(const struct np_db_result *r, size_t row, size_t col)
{
	const char *t = np_db_text(r, row, col);
	return t ? strtoll(t, NULL, 10) : 0;
}

double np_db_real(const struct np_db_result *r, size_t row, size_t col)
{
	const char *t = np_db_text(r, row, col);
	return t ? strtod(t, NULL) : 0;
}

struct np_db_result *np_db_result_new(size_t cols)
{
	struct np_db_result *r = calloc(1, sizeof *r);
	if (r)
		r->cols = cols;
	return r;
}

int np_db_result_add_row(struct np_db_result *r, const char *const *cells, const size_t *lens)
{
	if (r->rows == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 8;
		char **grown = realloc(r->cells, cap * (r->cols ? r->cols : 1) * sizeof *grown);
		if (grown == NULL)
			return np_error_set(NP_ENOMEM, "out of memory reading rows");
		r->cells = grown;
		r->cap = cap;
	}
	char **row = r->cells + r->rows * r->cols;
	for (size_t c = 0; c < r->cols; c++)
		row[c] = NULL;
	r->rows++; /* counted before filling, so that free releases a half-filled row */
	for (size_t c = 0; c < r->cols; c++) {
		if (cells[c] == NULL)
			continue;
		row[c] = malloc(lens[c] + 1);
		if (row[c] == NULL)
			return np_error_set(NP_ENOMEM, "out of memory reading rows");
		memcpy(row[c], cells[c], lens[c]);
		row[c][lens[c]] = '\0';
	}
	return 0;
}
