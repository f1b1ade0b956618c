/* Passwords worth keeping, and changing them: one's own with the current one, another's by an
 * admin, or on the machine by whoever runs it. A change ends the user's other sessions. */
#include "needlepoint/auth.h"

#include "migrate.h"
#include "needlepoint/error.h"
#include "store_internal.h"

#include <pthread.h>
#include <pwquality.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* cracklib, under libpwquality, keeps state of its own: one check at a time */
static pthread_mutex_t quality_lock = PTHREAD_MUTEX_INITIALIZER;

/* Whether text holds name, ignoring case. */
static bool holds(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = text; n > 0 && *p; p++)
		if (strncasecmp(p, name, n) == 0)
			return true;
	return false;
}

int np_auth_check_password(const char *password, const char *user)
{
	size_t n = password ? strlen(password) : 0;
	if (n < NP_AUTH_PASSWORD_MIN || n > NP_AUTH_PASSWORD_MAX)
		return np_error_set(NP_EINVAL, "password: expected %d to %d characters, got %zu",
		                    NP_AUTH_PASSWORD_MIN, NP_AUTH_PASSWORD_MAX, n);
	if (user && strlen(user) >= 3 && holds(password, user))
		return np_error_set(NP_EINVAL,
		                    "password: it holds the user's name; choose one that "
		                    "does not");
	pthread_mutex_lock(&quality_lock);
	pwquality_settings_t *settings = pwquality_default_settings();
	void *aux = NULL;
	char why[PWQ_MAX_ERROR_MESSAGE_LEN] = "", buf[PWQ_MAX_ERROR_MESSAGE_LEN] = "";
	int score =
	    settings ? pwquality_check(settings, password, NULL, user, &aux) : PWQ_ERROR_MEM_ALLOC;
	if (score < 0) {
		/* the sentence is returned, written into why or not */
		const char *said = pwquality_strerror(buf, sizeof buf, score, aux);
		snprintf(why, sizeof why, "%s", said ? said : "it is too simple");
	}
	pwquality_free_settings(settings);
	pthread_mutex_unlock(&quality_lock);
	if (score == PWQ_ERROR_MEM_ALLOC)
		return np_error_set(NP_ENOMEM, "out of memory checking a password");
	if (score < 0) {
		/* libpwquality's sentence, in the lower case of the other messages */
		if (why[0] >= 'A' && why[0] <= 'Z')
			why[0] = (char)(why[0] - 'A' + 'a');
		return np_error_set(NP_EINVAL, "password: %s; choose a longer passphrase", why);
	}
	return 0;
}

int np_auth_end_sessions(struct np_store *s, int64_t user, const char *keep, int64_t now)
{
	char hash[65] = "";
	if (keep) {
		unsigned char h[32];
		crypto_generichash(h, sizeof h, (const unsigned char *)keep, strlen(keep), NULL, 0);
		sodium_bin2hex(hash, sizeof hash, h, sizeof h);
	}
	struct np_db_value p[] = {NP_DB_I(now), NP_DB_I(user), NP_DB_T(hash)};
	return np_db_run(s->db, NP_SQL_WEB_SESSION_END_USER, p, 3, NULL);
}

struct change_ctx {
	const char *hash, *keep, *action;
	int64_t user, now;
	bool end;
};

/* The new hash kept, the user's other sessions ended, sealed in the audit trail. */
static int store_hash(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	const struct change_ctx *c = ctx;
	struct np_db_value p[] = {NP_DB_I(c->user), NP_DB_I(a->clinic_id), NP_DB_T(c->hash)};
	int64_t changed = 0;
	NP_TRY(np_db_run(s->db, NP_SQL_USER_SET_HASH, p, 3, &changed));
	if (changed == 0)
		return np_error_set(NP_ENOTFOUND, "user %lld: no such user in this clinic",
		                    (long long)c->user);
	if (c->end)
		NP_TRY(np_auth_end_sessions(s, c->user, c->keep, c->now));
	NP_TRY(np_audit_write(s, a, c->action, "user", c->user, 0));
	return np_store_answer(out, json_object());
}

int np_auth_store_password(struct np_store *s, const struct np_actor *a, int64_t user,
                           const char *hash, const char *keep, const char *action, bool end)
{
	struct change_ctx c = {hash, keep, action, user, (int64_t)time(NULL), end};
	json_t *out = NULL;
	int rc = np_store_tx(s, a, NP_ROLES_ANY, "set passwords", store_hash, &c, &out);
	json_decref(out);
	return rc;
}

int np_auth_change_password(struct np_store *s, const struct np_actor *a, const char *current,
                            const char *password, const char *keep)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_USER_GET, a->user_id, a->clinic_id, "user"));
	char stored[NP_AUTH_HASH_BYTES] = "";
	snprintf(stored, sizeof stored, "%s", np_db_text(r, 0, 5) ? np_db_text(r, 0, 5) : "");
	np_db_result_free(r);
	/* a user with a password proves it; the first one is set on the machine or by an admin */
	if (stored[0] == '\0' || current == NULL || !np_auth_argon2_verify(stored, current))
		return np_error_set(NP_EINVAL, "current: not your current password");
	if (strcmp(current, password) == 0)
		return np_error_set(NP_EINVAL, "password: the same as the current one");
	char hash[NP_AUTH_HASH_BYTES];
	NP_TRY(np_auth_hash(hash, password, a->name));
	int rc = np_auth_store_password(s, a, a->user_id, hash, keep, "change-password", true);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int np_auth_reset_password(struct np_store *s, const char *name, const char *password)
{
	struct np_actor user;
	NP_TRY(np_store_actor(&user, s, name));
	char hash[NP_AUTH_HASH_BYTES];
	NP_TRY(np_auth_hash(hash, password, user.name));
	/* done on the machine: the entry says so, in the user's clinic */
	struct np_actor machine = user;
	snprintf(machine.name, sizeof machine.name, "needlepoint (on the machine)");
	machine.role = NP_ROLE_ADMIN;
	int rc =
	    np_auth_store_password(s, &machine, user.user_id, hash, NULL, "reset-password", true);
	sodium_memzero(hash, sizeof hash);
	return rc;
}
