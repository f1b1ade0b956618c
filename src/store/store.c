/* Opening the store, acting as a user, and running every operation as one audited transaction. */
#include "audit_seal.h"
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const role_names[NP_ROLE_COUNT] = {"admin", "practitioner", "reception"};

const char *np_role_name(enum np_role role)
{
	return role >= 0 && role < NP_ROLE_COUNT ? role_names[role] : "?";
}

int np_store_nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory");
}

void np_store_now(char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *np_store_day(char *buf, np_day day)
{
	if (day == NP_DAY_NONE)
		return NULL;
	np_date_format(day, buf);
	return buf;
}

static bool is_postgresql(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

const char *np_store_key_default(char *buf, size_t size, const char *target)
{
	const char *env = getenv("NEEDLEPOINT_KEY");
	if (env && *env)
		return env;
	if (is_postgresql(target) || strcmp(target, ":memory:") == 0)
		return NULL;
	snprintf(buf, size, "%s.key", target);
	return buf;
}

/* The audit key: read, or made with the database's first entries (audit_key.h). */
static int open_key(struct np_store *s, const char *target, const char *key)
{
	char buf[NP_AUDIT_PATH_MAX];
	const char *path = key && *key ? key : np_store_key_default(buf, sizeof buf, target);
	if (path == NULL)
		return np_error_set(NP_EINVAL,
		                    "key: a PostgreSQL database needs the path of its audit key "
		                    "file (--key FILE, or NEEDLEPOINT_KEY)");
	int64_t keyed = 0, entries = 0;
	NP_TRY(np_store_scalar(s, NP_SQL_AUDIT_KEYED, NULL, 0, &keyed));
	bool created = false;
	NP_TRY(np_audit_key_load(&s->key, path, keyed == 0, &created));
	NP_TRY(np_store_scalar(s, NP_SQL_AUDIT_ANY, NULL, 0, &entries));
	if (created && entries > 0)
		NP_TRY(np_sealed_upgrade(s));
	/* a new key signs what it found, so that the trail before it is anchored too */
	return created ? np_audit_checkpoint(s, NULL, true, NULL) : np_audit_heads_seen(s);
}

static void drop_pending(struct np_store *s)
{
	for (size_t i = 0; i < s->n_pending; i++)
		free(s->pending[i].detail);
	s->n_pending = 0;
}

int np_store_open(struct np_store **out, const char *target, const struct np_pack *pack)
{
	return np_store_open_keyed(out, target, pack, NULL);
}

int np_store_open_keyed(struct np_store **out, const char *target, const struct np_pack *pack,
                        const char *key)
{
	*out = NULL;
	struct np_store *s = calloc(1, sizeof *s);
	if (s == NULL)
		return np_store_nomem();
	s->pack = pack;
	int rc = np_db_open(&s->db, target);
	if (rc == 0)
		rc = np_migrate(s->db);
	if (rc == 0)
		rc = open_key(s, target, key);
	if (rc != 0) {
		np_store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void np_store_close(struct np_store *store)
{
	if (store == NULL)
		return;
	np_db_close(store->db);
	sodium_memzero(&store->key, sizeof store->key);
	free(store->anchored);
	drop_pending(store);
	free(store->pending);
	free(store);
}

const char *np_store_engine(const struct np_store *store)
{
	return store->db->driver->name;
}

static int may(const struct np_actor *a, unsigned roles, const char *what)
{
	if (a && !(roles & NP_ROLE_BIT(a->role)))
		return np_error_set(NP_EFORBIDDEN, "%s '%s' may not %s", np_role_name(a->role),
		                    a->name, what);
	return 0;
}

int np_store_read(struct np_store *s, const struct np_actor *a, unsigned roles, const char *what,
                  np_store_fn fn, void *ctx, json_t **out)
{
	*out = NULL;
	if (s->group == NULL || s->deferring)
		return np_store_tx(s, a, roles, what, fn, ctx, out);
	NP_TRY(may(a, roles, what));
	const struct np_db_driver *d = s->db->driver;
	/* a snapshot: it never waits for the writer, nor the writer for it */
	NP_TRY(d->exec(s->db, "BEGIN"));
	json_t *answer = NULL;
	s->deferring = true;
	int rc = fn(s, a, ctx, &answer);
	s->deferring = false;
	if (rc == 0)
		rc = d->commit(s->db);
	else
		d->rollback(s->db);
	if (rc == 0)
		rc = np_group_append(s);
	drop_pending(s);
	if (rc != 0) {
		json_decref(answer);
		return rc;
	}
	*out = answer;
	return 0;
}

int np_store_tx(struct np_store *s, const struct np_actor *a, unsigned roles, const char *what,
                np_store_fn fn, void *ctx, json_t **out)
{
	*out = NULL;
	NP_TRY(may(a, roles, what));
	if (s->group && !s->deferring)
		return np_group_write(s, a, fn, ctx, out);
	const struct np_db_driver *d = s->db->driver;
	int rc = d->begin(s->db);
	if (rc != 0)
		return rc;
	json_t *answer = NULL;
	rc = fn(s, a, ctx, &answer);
	if (rc == 0)
		rc = d->commit(s->db);
	if (rc != 0) {
		/* keep the first error, a refusal's list included: the rollback's own outcome adds
		 * nothing the user can use */
		struct np_error_saved first;
		np_error_save(&first);
		d->rollback(s->db);
		np_error_restore(&first);
		json_decref(answer);
		return rc;
	}
	*out = answer;
	return 0;
}

int np_store_answer(json_t **out, json_t *answer)
{
	*out = answer;
	return answer ? 0 : np_store_nomem();
}

int np_store_get(struct np_store *s, struct np_db_result **out, enum np_sql stmt, int64_t id,
                 int64_t clinic, const char *what)
{
	struct np_db_value p[] = {NP_DB_I(id), NP_DB_I(clinic)};
	int rc = np_db_query(s->db, out, stmt, p, 2);
	if (rc != 0)
		return rc;
	if ((*out)->rows == 0) {
		np_db_result_free(*out);
		*out = NULL;
		return np_error_set(NP_ENOTFOUND, "%s %lld: no such record", what, (long long)id);
	}
	return 0;
}

int np_store_scalar(struct np_store *s, enum np_sql stmt, const struct np_db_value *params,
                    size_t n, int64_t *out)
{
	struct np_db_result *r = NULL;
	int rc = np_db_query(s->db, &r, stmt, params, n);
	if (rc == 0)
		*out = np_db_int(r, 0, 0);
	np_db_result_free(r);
	return rc;
}

int np_store_insert(struct np_store *s, enum np_sql stmt, const struct np_db_value *params,
                    size_t n, int64_t *id)
{
	return np_store_scalar(s, stmt, params, n, id);
}

int np_store_text(struct np_jv *jv, const json_t *obj, const char *key, const char **out,
                  size_t max)
{
	int rc = np_jv_string(jv, obj, key, out);
	/* absent: *out keeps what it held (an edit keeps the stored value) */
	if (rc != 0 || *out == NULL || json_object_get(obj, key) == NULL)
		return rc;
	size_t len = json_string_length(json_object_get(obj, key));
	if (len > max || strlen(*out) != len) {
		size_t mark = np_jv_key(jv, key);
		rc = len > max ? np_jv_fail(jv, "%zu bytes, expected at most %zu", len, max)
		               : np_jv_fail(jv, "holds a NUL character");
		np_jv_pop(jv, mark);
	}
	return rc;
}

json_t *np_row_json(const struct np_db_result *r, size_t row, const struct np_col *cols)
{
	json_t *o = json_object();
	for (size_t c = 0; o && cols[c].name; c++) {
		if (cols[c].type == '-')
			continue;
		const char *t = np_db_text(r, row, c);
		json_t *v;
		if (t == NULL)
			v = json_null();
		else if (cols[c].type == 'i')
			v = json_integer(np_db_int(r, row, c));
		else if (cols[c].type == 'r')
			v = json_real(np_db_real(r, row, c));
		else if (cols[c].type == 'b')
			v = json_boolean(np_db_int(r, row, c) != 0);
		else if (cols[c].type == 'j')
			v = json_loads(t, JSON_DECODE_ANY, NULL);
		else
			v = json_string(t);
		if (v == NULL || json_object_set_new(o, cols[c].name, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

json_t *np_rows_json(const struct np_db_result *r, const struct np_col *cols)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r->rows; i++)
		if (json_array_append_new(arr, np_row_json(r, i, cols)) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

int np_store_survey(json_t **out, struct np_store *s)
{
	*out = NULL;
	struct np_db_result *r = NULL;
	NP_TRY(np_db_query(s->db, &r, NP_SQL_MIGRATION_LAST, NULL, 0));
	int64_t schema = np_db_int(r, 0, 0);
	np_db_result_free(r);
	r = NULL;
	NP_TRY(np_db_query(s->db, &r, NP_SQL_SURVEY_CLINICS, NULL, 0));
	static const struct np_col cols[] = {
	    {"id", 'i'}, {"name", 't'}, {"time_zone", 't'}, {"last_entry_at", 't'}, {NULL, 0}};
	json_t *clinics = np_rows_json(r, cols);
	np_db_result_free(r);
	bool whole = s->db->driver->check(s->db) == 0;
	*out = json_pack("{s:s, s:I, s:i, s:b, s:o}", "engine", np_store_engine(s), "schema",
	                 (json_int_t)schema, "newest", np_migrate_count(), "integrity", whole,
	                 "clinics", clinics ? clinics : json_array());
	return *out ? 0 : np_store_nomem();
}

int np_store_check(struct np_store *s)
{
	return s->db->driver->check(s->db);
}

/* A backup is an entry of every clinic's trail: whose records went where. */
static int backup_entry(struct np_store *s, const struct np_actor *a, void *path)
{
	struct np_audit_entry e = {"backup", "database", 0, 0, path, false};
	return np_audit_add(s, a, &e);
}

static int backed_up(struct np_store *s, const struct np_actor *unused, void *ctx, json_t **out)
{
	(void)unused;
	NP_TRY(np_audit_each_clinic(s, "needlepoint backup", backup_entry, ctx));
	return np_store_answer(out, json_object());
}

int np_store_backup(struct np_store *s, const char *path)
{
	NP_TRY(s->db->driver->backup(s->db, path));
	json_t *out = NULL;
	int rc = np_store_tx(s, NULL, 0, "record the backup", backed_up, (void *)path, &out);
	json_decref(out);
	return rc;
}
