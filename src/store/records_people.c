/* Clinics, users and clients: who works where, and who is treated. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"
#include "needlepoint/tz.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Bounds on what people type: generous for real use, firm against a pasted megabyte. */
#define NAME_MAX_BYTES  200
#define SHORT_MAX_BYTES 200
#define NOTES_MAX_BYTES 20000

const struct np_col np_client_cols[] = {{"id", 'i'},
                                        {"name", 't'},
                                        {"birth_date", 't'},
                                        {"fitzpatrick", 'i'},
                                        {"phone", 't'},
                                        {"email", 't'},
                                        {"notes", 't'},
                                        {"created_at", 't'},
                                        {"updated_at", 't'},
                                        {"erased_at", 't'},
                                        {"desk_notes", 't'},
                                        {"version", 'i'},
                                        {NULL, 0}};

/* Notes are clinical text: the front desk neither reads nor writes them (its own are
 * desk_notes). A client as the actor may see it. */
static json_t *for_actor(const struct np_actor *a, json_t *client)
{
	if (client != NULL && a->role == NP_ROLE_RECEPTION)
		json_object_del(client, "notes");
	return client;
}

static int notes_allowed(const struct np_actor *a, const json_t *in)
{
	if (a->role == NP_ROLE_RECEPTION && json_is_object(in) && json_object_get(in, "notes"))
		return np_error_set(NP_EFORBIDDEN,
		                    "notes: clinical notes are for practitioners; the front desk "
		                    "writes its own in desk_notes");
	return 0;
}

int np_store_role(struct np_jv *jv, const json_t *in, enum np_role *out)
{
	const char *role = NULL;
	NP_TRY(np_jv_string(jv, in, "role", &role));
	for (int r = 0; r < NP_ROLE_COUNT; r++)
		if (strcmp(role, np_role_name(r)) == 0) {
			*out = r;
			return 0;
		}
	np_jv_key(jv, "role");
	return np_jv_fail(jv, "unknown role '%s': expected admin, practitioner or reception", role);
}

static int add_user(struct np_store *s, int64_t clinic, const char *name, const char *role,
                    int64_t *id)
{
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(clinic), NP_DB_T(name), NP_DB_T(role), NP_DB_T(at)};
	int rc = np_store_insert(s, NP_SQL_USER_ADD, p, 4, id);
	if (rc == NP_ECONFLICT)
		return np_error_set(NP_ECONFLICT, "name: a user '%s' exists already", name);
	return rc;
}

/* A client's fields, checked; fields absent stay as they were in *c. */
struct client_fields {
	const char *name, *birth_date, *phone, *email, *notes, *desk_notes;
	int fitzpatrick; /* 0 when not given */
};

static int read_client(const json_t *in, struct client_fields *c, bool need_name)
{
	static const char *const keys[] = {"?name",  "?birth_date", "?fitzpatrick", "?phone",
	                                   "?email", "?notes",      "?desk_notes",  NULL};
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	NP_TRY(np_jv_object(&jv, in, keys));
	NP_TRY(np_store_text(&jv, in, "name", &c->name, NAME_MAX_BYTES));
	if (need_name && c->name == NULL) {
		np_jv_key(&jv, "name");
		return np_jv_fail(&jv, "missing: this field is required");
	}
	if (c->name != NULL && c->name[strspn(c->name, " \t")] == '\0') {
		np_jv_key(&jv, "name");
		return np_jv_fail(&jv, "empty: a client needs a name");
	}
	np_day birth = NP_DAY_NONE;
	NP_TRY(np_jv_date(&jv, in, "birth_date", &birth));
	if (birth != NP_DAY_NONE)
		c->birth_date = json_string_value(json_object_get(in, "birth_date"));
	NP_TRY(np_jv_int(&jv, in, "fitzpatrick", &c->fitzpatrick, 1, 6));
	NP_TRY(np_store_text(&jv, in, "phone", &c->phone, SHORT_MAX_BYTES));
	NP_TRY(np_store_text(&jv, in, "email", &c->email, SHORT_MAX_BYTES));
	NP_TRY(np_store_text(&jv, in, "notes", &c->notes, NOTES_MAX_BYTES));
	return np_store_text(&jv, in, "desk_notes", &c->desk_notes, NOTES_MAX_BYTES);
}

static int insert_client(struct np_store *s, int64_t clinic, const struct client_fields *c,
                         int64_t *id)
{
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {
	    NP_DB_I(clinic),        NP_DB_T(c->name),
	    NP_DB_T(c->birth_date), c->fitzpatrick ? NP_DB_I(c->fitzpatrick) : NP_DB_NONE,
	    NP_DB_T(c->phone),      NP_DB_T(c->email),
	    NP_DB_T(c->notes),      NP_DB_T(at),
	    NP_DB_T(c->desk_notes)};
	return np_store_insert(s, NP_SQL_CLIENT_ADD, p, 9, id);
}

static int client_json(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out)
{
	struct np_db_result *r = NULL;
	int rc = np_store_get(s, &r, NP_SQL_CLIENT_GET, id, a->clinic_id, "client");
	if (rc == 0)
		rc = np_store_answer(out, for_actor(a, np_row_json(r, 0, np_client_cols)));
	np_db_result_free(r);
	return rc;
}

/* A time zone field: required, a zone of the tz database. */
static int read_time_zone(struct np_jv *jv, const json_t *in, const char **out)
{
	NP_TRY(np_store_text(jv, in, "time_zone", out, NP_TZ_NAME_MAX));
	const struct np_tz *tz;
	if (*out == NULL || np_tz_get(&tz, *out) == 0)
		return 0;
	char why[300];
	snprintf(why, sizeof why, "%s", np_error_last());
	np_jv_key(jv, "time_zone");
	return np_jv_fail(jv, "%s", why);
}

struct init_ctx {
	const json_t *in;
};

static int init(struct np_store *s, const struct np_actor *unused, void *ctx, json_t **out)
{
	(void)unused;
	static const char *const keys[] = {"clinic",   "admin",  "time_zone", "?home", "?client",
	                                   "?address", "?phone", "?email",    "?logo", NULL};
	const json_t *in = ((struct init_ctx *)ctx)->in;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *clinic = NULL, *admin = NULL, *time_zone = NULL;
	bool home = false;
	NP_TRY(np_jv_object(&jv, in, keys));
	NP_TRY(np_store_text(&jv, in, "clinic", &clinic, NAME_MAX_BYTES));
	NP_TRY(np_store_text(&jv, in, "admin", &admin, NAME_MAX_BYTES));
	NP_TRY(read_time_zone(&jv, in, &time_zone));
	NP_TRY(np_jv_bool(&jv, in, "home", &home));
	if (*admin == '\0') {
		np_jv_key(&jv, "admin");
		return np_jv_fail(&jv, "empty: the first user needs a name");
	}
	char at[32];
	np_store_now(at, sizeof at);
	int64_t clinic_id, user_id, client_id = 0;
	struct np_db_value p[] = {NP_DB_T(clinic), NP_DB_T(home ? "home" : "clinic"),
	                          NP_DB_T(time_zone), NP_DB_T(at)};
	NP_TRY(np_store_insert(s, NP_SQL_CLINIC_ADD, p, 4, &clinic_id));
	NP_TRY(add_user(s, clinic_id, admin, "admin", &user_id));
	struct np_actor a = {
	    .clinic_id = clinic_id, .user_id = user_id, .role = NP_ROLE_ADMIN, .home = home};
	snprintf(a.name, sizeof a.name, "%s", admin);
	NP_TRY(np_profile_edit(s, clinic_id, &jv, in));
	NP_TRY(np_audit_write(s, &a, "create", "clinic", clinic_id, 0));
	NP_TRY(np_audit_write(s, &a, "create", "user", user_id, 0));
	json_t *client = json_object_get(in, "client");
	if (home) {
		/* the log's one client is the person who keeps it */
		struct client_fields c = {.name = admin};
		if (client && read_client(client, &c, false) != 0)
			return np_error_prefix("client");
		NP_TRY(insert_client(s, clinic_id, &c, &client_id));
		NP_TRY(np_audit_write(s, &a, "create", "client", client_id, client_id));
	} else if (client) {
		np_jv_key(&jv, "client");
		return np_jv_fail(&jv, "only a home log (--home) starts with its client");
	}
	json_t *o =
	    json_pack("{s:I, s:s, s:s, s:s, s:{s:I, s:s, s:s}}", "clinic_id", (json_int_t)clinic_id,
	              "clinic", clinic, "kind", home ? "home" : "clinic", "time_zone", time_zone,
	              "admin", "id", (json_int_t)user_id, "name", admin, "role", "admin");
	if (o && client_id)
		json_object_set_new(o, "client_id", json_integer(client_id));
	return np_store_answer(out, o);
}

int np_store_init(json_t **out, struct np_store *store, const json_t *input)
{
	struct init_ctx ctx = {input};
	return np_store_tx(store, NULL, 0, "create a clinic", init, &ctx, out);
}

int np_store_init_tx(struct np_store *s, const json_t *input, json_t **out)
{
	struct init_ctx ctx = {input};
	return init(s, NULL, &ctx, out);
}

/* The clinic's day at the instant now: in its time zone, or, for a clinic made before clinics had
 * one, in the server's. */
static int clinic_today(struct np_actor *a, const char *time_zone, int64_t now)
{
	if (time_zone == NULL) {
		time_t t = (time_t)now;
		struct tm tm;
		localtime_r(&t, &tm);
		a->today = np_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		return 0;
	}
	const struct np_tz *tz = NULL;
	if (np_tz_get(&tz, time_zone) != 0)
		return np_error_set(
		    NP_EDB,
		    "the clinic's time zone '%s' is not in this server's tz database: "
		    "install tzdata, or set another with 'needlepoint clinic edit'",
		    time_zone);
	snprintf(a->time_zone, sizeof a->time_zone, "%s", time_zone);
	a->today = np_tz_day(tz, now);
	return 0;
}

int np_store_actor_row(struct np_actor *out, const struct np_db_result *r, int64_t now)
{
	out->user_id = np_db_int(r, 0, 0);
	out->clinic_id = np_db_int(r, 0, 1);
	snprintf(out->name, sizeof out->name, "%s", np_db_text(r, 0, 2));
	out->role = NP_ROLE_RECEPTION;
	for (int k = 0; k < NP_ROLE_COUNT; k++)
		if (strcmp(np_db_text(r, 0, 3), np_role_name(k)) == 0)
			out->role = k;
	out->home = strcmp(np_db_text(r, 0, 4), "home") == 0;
	out->time_zone[0] = '\0';
	return clinic_today(out, np_db_text(r, 0, 5), now);
}

int np_store_actor(struct np_actor *out, struct np_store *store, const char *name)
{
	memset(out, 0, sizeof *out);
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_T(name)};
	int rc = name ? np_db_query(store->db, &r, NP_SQL_USER_BY_NAME, p, 1)
	              : np_db_query(store->db, &r, NP_SQL_USER_FIRST_TWO, NULL, 0);
	if (rc != 0)
		return rc;
	if (r->rows == 0)
		rc = name ? np_error_set(NP_ENOTFOUND, "--as: no user '%s'", name)
		          : np_error_set(
		                NP_ENOTFOUND,
		                "the database has no users: start it with 'needlepoint init'");
	else if (name == NULL && r->rows > 1)
		rc = np_error_set(NP_EINVAL, "--as: the database has several users: say which one "
		                             "acts (--as NAME or NEEDLEPOINT_USER)");
	else
		rc = np_store_actor_row(out, r, (int64_t)time(NULL));
	np_db_result_free(r);
	return rc;
}

static int clinic_json(struct np_store *s, const struct np_actor *a, json_t **out)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_CLINIC_GET, p, 1));
	char today[NP_DATE_LEN];
	np_date_format(a->today, today);
	json_t *o = r->rows
	                ? json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:I}", "id",
	                            (json_int_t)np_db_int(r, 0, 0), "name", np_db_text(r, 0, 1),
	                            "kind", np_db_text(r, 0, 2), "time_zone", np_db_text(r, 0, 4),
	                            "today", today, "created_at", np_db_text(r, 0, 3), "version",
	                            (json_int_t)np_db_int(r, 0, 5))
	                : NULL;
	np_db_result_free(r);
	r = NULL;
	int rc = o ? np_profile_get(s, a->clinic_id, &r) : 0;
	if (o && rc == 0)
		np_profile_members(o, r);
	np_db_result_free(r);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	return np_store_answer(out, o);
}

static int clinic_show(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	return clinic_json(s, a, out);
}

int np_clinic_show(json_t **out, struct np_store *s, const struct np_actor *a)
{
	return np_store_read(s, a, NP_ROLES_ANY, "read the clinic", clinic_show, NULL, out);
}

static int clinic_edit(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"?name", "?time_zone", "?address", "?phone", "?email",
	                                   "?logo", "?rooms",     "?version", NULL};
	const json_t *in = ctx;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_CLINIC_GET, p, 1));
	const char *name = np_db_text(r, 0, 1), *time_zone = np_db_text(r, 0, 4);
	int rc = np_jv_object(&jv, in, keys);
	if (rc == 0)
		rc = np_store_text(&jv, in, "name", &name, NAME_MAX_BYTES);
	if (rc == 0 && name[strspn(name, " \t")] == '\0')
		rc = np_error_set(NP_EINVAL, "name: empty: a clinic needs a name");
	if (rc == 0)
		rc = read_time_zone(&jv, in, &time_zone);
	/* the version the edit was made from: the one it applies to (the current one if unsaid) */
	int current = (int)np_db_int(r, 0, 5), from = current;
	if (rc == 0)
		rc = np_jv_int(&jv, in, "version", &from, 1, INT32_MAX);
	struct np_db_value q[] = {NP_DB_I(a->clinic_id), NP_DB_T(name), NP_DB_T(time_zone),
	                          NP_DB_I(from)};
	int64_t changed = 0;
	if (rc == 0)
		rc = np_db_run(s->db, NP_SQL_CLINIC_UPDATE, q, 4, &changed);
	if (rc == 0 && changed == 0)
		rc = np_error_set(
		    NP_ESTALE,
		    "the clinic's details were changed by someone else since you opened "
		    "them (version %d, now %d)",
		    from, from == current ? current + 1 : current);
	if (rc == 0)
		rc = np_profile_edit(s, a->clinic_id, &jv, in);
	/* the answer's today is the clinic's day in the zone just set (a copy: the zone kept may
	 * be the row's, let go here) */
	char zone[NP_TZ_NAME_MAX + 1];
	snprintf(zone, sizeof zone, "%s", time_zone ? time_zone : "");
	np_db_result_free(r);
	NP_TRY(rc);
	NP_TRY(np_audit_write(s, a, "update", "clinic", a->clinic_id, 0));
	struct np_actor now = *a;
	NP_TRY(clinic_today(&now, zone[0] ? zone : NULL, (int64_t)time(NULL)));
	return clinic_json(s, &now, out);
}

int np_clinic_edit(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in)
{
	return np_store_tx(s, a, NP_ROLES_ADMIN, "edit the clinic", clinic_edit, (void *)in, out);
}

struct user_ctx {
	const json_t *in;
	const char *hash; /* of the password given, or NULL */
};

static int user_add(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"name", "role", "?password", NULL};
	const struct user_ctx *c = ctx;
	const json_t *in = c->in;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *name = NULL;
	enum np_role role = NP_ROLE_RECEPTION;
	NP_TRY(np_jv_object(&jv, in, keys));
	NP_TRY(np_store_text(&jv, in, "name", &name, NAME_MAX_BYTES));
	if (*name == '\0') {
		np_jv_key(&jv, "name");
		return np_jv_fail(&jv, "empty: a user needs a name");
	}
	NP_TRY(np_store_role(&jv, in, &role));
	int64_t id;
	NP_TRY(add_user(s, a->clinic_id, name, np_role_name(role), &id));
	if (c->hash) {
		struct np_db_value p[] = {NP_DB_T(c->hash), NP_DB_T(name), NP_DB_I(a->clinic_id)};
		NP_TRY(np_db_run(s->db, NP_SQL_USER_PASSWORD_SET, p, 3, NULL));
	}
	NP_TRY(np_audit_write(s, a, "create", "user", id, 0));
	return np_store_answer(out, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name,
	                                      "role", np_role_name(role)));
}

int np_user_add(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in)
{
	*out = NULL;
	struct user_ctx ctx = {in, NULL};
	char hash[NP_AUTH_HASH_BYTES];
	json_t *password = json_object_get(in, "password");
	if (password && !json_is_string(password))
		return np_error_set(NP_EINVAL, "password: expected a string");
	/* hashed before the transaction: the hash is slow on purpose, the lock should not be */
	if (password && a->role == NP_ROLE_ADMIN) {
		NP_TRY(np_auth_hash(hash, json_string_value(password),
		                    json_string_value(json_object_get(in, "name"))));
		ctx.hash = hash;
	}
	return np_store_tx(s, a, NP_ROLES_ADMIN, "add users", user_add, &ctx, out);
}

static int user_list(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	static const struct np_col cols[] = {{"id", 'i'},          {"name", 't'},
	                                     {"role", 't'},        {"created_at", 't'},
	                                     {"disabled_at", 't'}, {NULL, 0}};
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	int rc = np_db_query(s->db, &r, NP_SQL_USER_LIST, p, 1);
	if (rc == 0)
		rc = np_store_answer(out, np_rows_json(r, cols));
	np_db_result_free(r);
	return rc;
}

int np_user_list(json_t **out, struct np_store *s, const struct np_actor *a)
{
	return np_store_read(s, a, NP_ROLES_ANY, "list users", user_list, NULL, out);
}

/* The client on file already with the same name and birth date, if any: two charts for one
 * person split their record (the rest a zone needs, an allergy), so a second is made only when
 * the input says it is another person ("duplicate": true). */
static int same_person(struct np_store *s, const struct np_actor *a, const struct client_fields *c,
                       bool another)
{
	if (another || c->birth_date == NULL)
		return 0;
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(c->name), NP_DB_T(c->birth_date)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_CLIENT_SAME, p, 3));
	bool found = r->rows > 0;
	np_db_result_free(r);
	if (found)
		return np_error_set(
		    NP_ECONFLICT,
		    "duplicate: %s, born %s, is on file already: open that chart, or "
		    "add this one if it is another person",
		    c->name, c->birth_date);
	return 0;
}

static int client_add(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct client_fields c = {0};
	int64_t id;
	NP_TRY(notes_allowed(a, ctx));
	json_t *in = json_copy((json_t *)ctx);
	if (in == NULL)
		return np_store_nomem();
	bool another = json_is_true(json_object_get(in, "duplicate"));
	json_object_del(in, "duplicate");
	int rc = read_client(in, &c, true);
	if (rc == 0)
		rc = same_person(s, a, &c, another);
	if (rc == 0)
		rc = insert_client(s, a->clinic_id, &c, &id);
	json_decref(in);
	NP_TRY(rc);
	NP_TRY(np_audit_write(s, a, "create", "client", id, id));
	return client_json(s, a, id, out);
}

int np_client_add(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in)
{
	return np_store_tx(s, a, NP_ROLES_ANY, "add clients", client_add, (void *)in, out);
}

struct edit_ctx {
	int64_t id;
	const json_t *in;
};

static int stale(int64_t id, int64_t from, int64_t now)
{
	return np_error_set(
	    NP_ESTALE,
	    "client %lld: the details were changed by someone else since you opened "
	    "them (version %lld, now %lld)",
	    (long long)id, (long long)from, (long long)now);
}

static int client_edit(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct edit_ctx *e = ctx;
	struct np_db_result *r = NULL;
	NP_TRY(notes_allowed(a, e->in));
	NP_TRY(np_store_get(s, &r, NP_SQL_CLIENT_GET, e->id, a->clinic_id, "client"));
	if (np_db_text(r, 0, 9) != NULL) {
		np_db_result_free(r);
		return np_error_set(NP_ENOTFOUND, "client %lld: erased", (long long)e->id);
	}
	/* the version the edit was made from: the one it applies to (the current one if unsaid) */
	int64_t current = np_db_int(r, 0, 11), from = current;
	const json_t *version = json_object_get(e->in, "version");
	if (version && (!json_is_integer(version) || json_integer_value(version) < 1)) {
		np_db_result_free(r);
		return np_error_set(NP_EINVAL,
		                    "version: expected the version of the client's details "
		                    "the edit was made from, a whole number from 1");
	}
	if (version)
		from = json_integer_value(version);
	if (from != current) {
		np_db_result_free(r);
		return stale(e->id, from, current);
	}
	struct client_fields c = {.name = np_db_text(r, 0, 1),
	                          .birth_date = np_db_text(r, 0, 2),
	                          .fitzpatrick = (int)np_db_int(r, 0, 3),
	                          .phone = np_db_text(r, 0, 4),
	                          .email = np_db_text(r, 0, 5),
	                          .notes = np_db_text(r, 0, 6),
	                          .desk_notes = np_db_text(r, 0, 10)};
	/* a field given as null is cleared: the others are read as a client's fields */
	json_t *given = json_is_object(e->in) ? json_copy((json_t *)e->in) : NULL;
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(given, tmp, key,
	                         v) if (json_is_null(v) || strcmp(key, "version") == 0)
	    json_object_del(given, key);
	int rc = read_client(given ? given : e->in, &c, false);
	json_object_foreach((json_t *)e->in, key, v)
	{
		if (!json_is_null(v) || rc != 0 || strcmp(key, "version") == 0)
			continue;
		if (strcmp(key, "name") == 0)
			rc = np_error_set(NP_EINVAL, "name: a client needs a name");
		else if (strcmp(key, "birth_date") == 0)
			c.birth_date = NULL;
		else if (strcmp(key, "fitzpatrick") == 0)
			c.fitzpatrick = 0;
		else if (strcmp(key, "phone") == 0)
			c.phone = NULL;
		else if (strcmp(key, "email") == 0)
			c.email = NULL;
		else if (strcmp(key, "notes") == 0)
			c.notes = NULL;
		else if (strcmp(key, "desk_notes") == 0)
			c.desk_notes = NULL;
		else
			rc = np_error_set(NP_EINVAL, "%s: unknown key '%s'", key, key);
	}
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(e->id),
	                          NP_DB_I(a->clinic_id),
	                          NP_DB_T(c.name),
	                          NP_DB_T(c.birth_date),
	                          c.fitzpatrick ? NP_DB_I(c.fitzpatrick) : NP_DB_NONE,
	                          NP_DB_T(c.phone),
	                          NP_DB_T(c.email),
	                          NP_DB_T(c.notes),
	                          NP_DB_T(at),
	                          NP_DB_T(c.desk_notes),
	                          NP_DB_I(from)};
	int64_t changed = 0;
	if (rc == 0)
		rc = np_db_run(s->db, NP_SQL_CLIENT_UPDATE, p, 11, &changed);
	if (rc == 0 && changed == 0) /* another edit landed between the read and this one */
		rc = stale(e->id, from, from + 1);
	json_decref(given);
	np_db_result_free(r);
	if (rc == 0)
		rc = np_audit_write(s, a, "update", "client", e->id, e->id);
	return rc ? rc : client_json(s, a, e->id, out);
}

int np_client_edit(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                   const json_t *in)
{
	struct edit_ctx ctx = {id, in};
	return np_store_tx(s, a, NP_ROLES_ANY, "edit clients", client_edit, &ctx, out);
}

static int client_show(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	int64_t id = *(int64_t *)ctx;
	NP_TRY(client_json(s, a, id, out));
	return np_audit_append(s, a, "read", "client", id, id);
}

int np_client_show(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id)
{
	return np_store_read(s, a, NP_ROLES_ANY, "read clients", client_show, &id, out);
}

struct search_ctx {
	const char *search;
	int limit;
};

static int client_list(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct search_ctx *c = ctx;
	/* the search is a part of the name: LIKE's own wildcards in it are taken literally */
	size_t len = c->search ? strlen(c->search) : 0;
	if (len > NAME_MAX_BYTES)
		return np_error_set(NP_EINVAL, "--name: %zu bytes, expected at most %d", len,
		                    NAME_MAX_BYTES);
	char pattern[2 * NAME_MAX_BYTES + 3], *p = pattern;
	*p++ = '%';
	for (size_t i = 0; i < len; i++) {
		if (c->search[i] == '%' || c->search[i] == '_' || c->search[i] == '\\')
			*p++ = '\\';
		*p++ = c->search[i];
	}
	*p++ = '%';
	*p = '\0';
	struct np_db_result *r = NULL;
	struct np_db_value params[] = {NP_DB_I(a->clinic_id), NP_DB_T(pattern), NP_DB_I(c->limit)};
	int rc = np_db_query(s->db, &r, NP_SQL_CLIENT_SEARCH, params, 3);
	json_t *found = rc == 0 ? np_rows_json(r, np_client_cols) : NULL;
	size_t i;
	json_t *one;
	json_array_foreach(found, i, one) for_actor(a, one);
	if (rc == 0)
		rc = np_store_answer(out, found);
	np_db_result_free(r);
	return rc ? rc : np_audit_append(s, a, "search", "client", 0, 0);
}

int np_client_list(json_t **out, struct np_store *s, const struct np_actor *a, const char *search,
                   int limit)
{
	struct search_ctx ctx = {search, limit > 0 ? limit : 100};
	return np_store_read(s, a, NP_ROLES_ANY, "list clients", client_list, &ctx, out);
}
