/* An admin's hold on the clinic's users: a role changed, a user disabled or enabled again, a
 * password reset. Each ends the user's sessions, so that what changed holds from the next
 * request, and each is an entry of the audit trail. No admin does any of it to themselves: the
 * clinic always keeps the admin who acts. */
#include "migrate.h"
#include "needlepoint/auth.h"
#include "needlepoint/error.h"
#include "store_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct edit_ctx {
	int64_t id;
	const json_t *in;
	const char *hash; /* of a password given, or NULL */
};

static const struct np_col user_cols[] = {{"id", 'i'},         {"name", 't'},        {"role", 't'},
                                          {"created_at", 't'}, {"disabled_at", 't'}, {NULL, 0}};

static int user_edit(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"?role", "?disabled", "?password", NULL};
	const struct edit_ctx *c = ctx;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	NP_TRY(np_jv_object(&jv, c->in, keys));
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_USER_GET, c->id, a->clinic_id, "user"));
	char name[128], role_was[32];
	bool was_disabled = np_db_text(r, 0, 4) != NULL;
	snprintf(name, sizeof name, "%s", np_db_text(r, 0, 1));
	snprintf(role_was, sizeof role_was, "%s", np_db_text(r, 0, 2));
	np_db_result_free(r);
	if (c->id == a->user_id)
		return np_error_set(NP_EINVAL,
		                    "user: an admin does not change their own role, access or "
		                    "password here: another admin does, and your password is "
		                    "changed with your current one");
	int64_t now = (int64_t)time(NULL);
	bool ended = false;
	if (json_object_get(c->in, "role")) {
		enum np_role role;
		NP_TRY(np_store_role(&jv, c->in, &role));
		if (strcmp(np_role_name(role), role_was) != 0) {
			struct np_db_value p[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id),
			                          NP_DB_T(np_role_name(role))};
			NP_TRY(np_db_run(s->db, NP_SQL_USER_SET_ROLE, p, 3, NULL));
			char detail[80];
			snprintf(detail, sizeof detail, "%s to %s", role_was, np_role_name(role));
			struct np_audit_entry e = {"change-role", "user", c->id, 0, detail, true};
			NP_TRY(np_audit_add(s, a, &e));
			ended = true;
		}
	}
	bool disabled = was_disabled;
	NP_TRY(np_jv_bool(&jv, c->in, "disabled", &disabled));
	if (disabled != was_disabled) {
		char at[32];
		np_store_now(at, sizeof at);
		struct np_db_value p[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id),
		                          NP_DB_T(disabled ? at : NULL)};
		NP_TRY(np_db_run(s->db, NP_SQL_USER_SET_DISABLED, p, 3, NULL));
		NP_TRY(np_audit_write(s, a, disabled ? "disable" : "enable", "user", c->id, 0));
		ended = true;
	}
	if (c->hash) {
		struct np_db_value p[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id), NP_DB_T(c->hash)};
		NP_TRY(np_db_run(s->db, NP_SQL_USER_SET_HASH, p, 3, NULL));
		NP_TRY(np_audit_write(s, a, "reset-password", "user", c->id, 0));
		ended = true;
	}
	if (ended)
		NP_TRY(np_auth_end_sessions(s, c->id, NULL, now));
	NP_TRY(np_store_get(s, &r, NP_SQL_USER_GET, c->id, a->clinic_id, "user"));
	int rc = np_store_answer(out, np_row_json(r, 0, user_cols));
	np_db_result_free(r);
	return rc;
}

int np_user_edit(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                 const json_t *in)
{
	*out = NULL;
	struct edit_ctx ctx = {id, in, NULL};
	char hash[NP_AUTH_HASH_BYTES];
	json_t *password = json_object_get(in, "password");
	if (password && !json_is_string(password))
		return np_error_set(NP_EINVAL, "password: expected a string");
	/* hashed before the transaction, and only for an admin: the hash is slow on purpose */
	if (password && a->role == NP_ROLE_ADMIN) {
		struct np_db_result *r = NULL;
		NP_TRY(np_store_get(s, &r, NP_SQL_USER_GET, id, a->clinic_id, "user"));
		char name[128];
		snprintf(name, sizeof name, "%s", np_db_text(r, 0, 1));
		np_db_result_free(r);
		NP_TRY(np_auth_hash(hash, json_string_value(password), name));
		ctx.hash = hash;
	}
	int rc = np_store_tx(s, a, NP_ROLES_ADMIN, "change users", user_edit, &ctx, out);
	sodium_memzero(hash, sizeof hash);
	return rc;
}
