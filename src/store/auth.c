/* Passwords, web sessions and first-run setup (needlepoint/auth.h). */
#include "needlepoint/auth.h"

#include "jv.h"
#include "migrate.h"
#include "needlepoint/error.h"
#include "store_internal.h"
#include "try.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Seconds between writes of a session's last use: reads stay reads. */
#define SEEN_GRANULARITY 60

_Static_assert(NP_AUTH_HASH_BYTES == crypto_pwhash_STRBYTES, "the hash buffer fits libsodium's");

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ready = -1;

static void sodium_start(void)
{
	sodium_ready = sodium_init() < 0 ? -1 : 0;
}

static int need_sodium(void)
{
	pthread_once(&sodium_once, sodium_start);
	return sodium_ready == 0 ? 0 : np_error_set(NP_EIO, "libsodium could not start");
}

int np_auth_hash(char out[NP_AUTH_HASH_BYTES], const char *password, const char *user)
{
	NP_TRY(need_sodium());
	NP_TRY(np_auth_check_password(password, user));
	if (np_auth_argon2(out, password) != 0)
		return np_error_set(NP_ENOMEM, "out of memory hashing a password");
	return 0;
}

static void random_token(char out[NP_AUTH_TOKEN_LEN + 1])
{
	unsigned char bytes[32];
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2base64(out, NP_AUTH_TOKEN_LEN + 1, bytes, sizeof bytes,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* What the database keeps of a token: its BLAKE2b hash in hex. */
static void token_hash(char out[65], const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

bool np_auth_token_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	size_t n = strlen(a);
	return n == strlen(b) && n > 0 && sodium_memcmp(a, b, n) == 0;
}

int np_auth_setup_open(bool *out, struct np_store *s)
{
	int64_t users = 0;
	NP_TRY(np_store_scalar(s, NP_SQL_USER_COUNT, NULL, 0, &users));
	*out = users == 0;
	return 0;
}

struct setup_ctx {
	json_t *init; /* the input without its password */
	const char *hash;
};

static int setup(struct np_store *s, const struct np_actor *unused, void *ctx, json_t **out)
{
	(void)unused;
	struct setup_ctx *c = ctx;
	int64_t users = 0;
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value mark[] = {NP_DB_T(at)};
	NP_TRY(np_store_scalar(s, NP_SQL_USER_COUNT, NULL, 0, &users));
	int rc = users ? NP_ECONFLICT : np_db_run(s->db, NP_SQL_SETUP_MARK, mark, 1, NULL);
	if (rc == NP_ECONFLICT)
		return np_error_set(NP_ECONFLICT, "setup is done: sign in, or ask an admin for an "
		                                  "account");
	NP_TRY(rc);
	NP_TRY(np_store_init_tx(s, c->init, out));
	json_t *admin = json_object_get(*out, "admin");
	struct np_actor a;
	NP_TRY(np_store_actor(&a, s, json_string_value(json_object_get(admin, "name"))));
	struct np_db_value p[] = {NP_DB_T(c->hash), NP_DB_T(a.name), NP_DB_I(a.clinic_id)};
	NP_TRY(np_db_run(s->db, NP_SQL_USER_PASSWORD_SET, p, 3, NULL));
	return np_audit_write(s, &a, "set-password", "user", a.user_id, 0);
}

int np_auth_setup(json_t **out, struct np_store *s, const json_t *in)
{
	*out = NULL;
	static const char *const keys[] = {"clinic", "admin",  "time_zone", "password", "?address",
	                                   "?phone", "?email", "?home",     "?client",  NULL};
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *password = NULL;
	NP_TRY(np_jv_object(&jv, in, keys));
	NP_TRY(np_jv_string(&jv, in, "password", &password));
	/* refused before the hash: a closed setup must not be a way to make the server work */
	bool open = false;
	NP_TRY(np_auth_setup_open(&open, s));
	if (!open)
		return np_error_set(NP_ECONFLICT, "setup is done: sign in, or ask an admin for an "
		                                  "account");
	char hash[NP_AUTH_HASH_BYTES];
	NP_TRY(np_auth_hash(hash, password, json_string_value(json_object_get(in, "admin"))));
	struct setup_ctx ctx = {json_deep_copy(in), hash};
	if (ctx.init == NULL)
		return np_store_nomem();
	json_object_del(ctx.init, "password");
	int rc = np_store_tx(s, NULL, 0, "set up", setup, &ctx, out);
	json_decref(ctx.init);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

/* A hash no password matches, checked when the name is unknown so that the answer takes as long
 * as for a known name. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	char random[NP_AUTH_TOKEN_LEN + 1];
	random_token(random);
	if (np_auth_argon2(dummy_hash, random) != 0)
		dummy_hash[0] = '\0';
}

static int refused(void)
{
	return np_error_set(NP_EFORBIDDEN, "the name or the password is wrong");
}

/* A try that failed, in the audit trail of the user it named (an unknown name has no clinic:
 * the request log has it). After enough failures the wait is a lock-out, and says so. */
static void failed(struct np_store *s, const struct np_actor *user, const char *address,
                   int failures)
{
	char detail[160];
	int64_t wait = np_throttle_delay(failures);
	snprintf(detail, sizeof detail, "from %s; failure %d; next try in %lld s",
	         address && *address ? address : "-", failures, (long long)wait);
	struct np_audit_entry e = {wait >= 60 ? "sign-in-locked" : "sign-in-failed",
	                           "user",
	                           user->user_id,
	                           0,
	                           detail,
	                           false};
	np_audit_event(s, user, &e);
}

int np_auth_sign_in(char token[NP_AUTH_TOKEN_LEN + 1], struct np_web_session *out,
                    struct np_store *s, const struct np_sign_in *in, int64_t *wait)
{
	memset(out, 0, sizeof *out);
	token[0] = '\0';
	*wait = 0;
	NP_TRY(need_sodium());
	const char *name = in->name ? in->name : "", *password = in->password;
	int failures = 0;
	/* counted before the password is checked: guesses sent together wait their turn */
	NP_TRY(np_throttle_reserve(s, name, in->address, &failures, wait));
	pthread_once(&dummy_once, make_dummy);
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_T(name)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_USER_SIGN_IN, p, 1));
	const char *stored = r->rows ? np_db_text(r, 0, 6) : NULL;
	struct np_actor user = {0};
	bool known = r->rows > 0 && np_store_actor_row(&user, r, in->now) == 0;
	if (stored == NULL)
		stored = dummy_hash;
	bool ok = password && strlen(password) <= NP_AUTH_PASSWORD_MAX &&
	          np_auth_argon2_verify(stored, password) && known && stored != dummy_hash;
	bool stale = ok && np_auth_argon2_stale(stored);
	np_db_result_free(r);
	if (!ok) {
		if (known)
			failed(s, &user, in->address, failures);
		return refused();
	}
	out->actor = user;
	NP_TRY(np_throttle_clear(s, name, in->address));
	/* a hash made with older limits is made again with today's: every name then takes the
	 * same time to check as the unknown ones */
	char again[NP_AUTH_HASH_BYTES];
	if (stale && np_auth_argon2(again, password) == 0)
		NP_TRY(np_auth_store_password(s, &user, user.user_id, again, NULL,
		                              "rehash-password", false));
	sodium_memzero(again, sizeof again);
	char hash[65];
	random_token(token);
	random_token(out->csrf);
	token_hash(hash, token);
	out->created_at = out->seen_at = in->now;
	struct np_db_value q[] = {NP_DB_T(hash), NP_DB_I(out->actor.user_id), NP_DB_T(out->csrf),
	                          NP_DB_I(in->now), NP_DB_I(in->now)};
	int64_t id;
	NP_TRY(np_store_insert(s, NP_SQL_WEB_SESSION_ADD, q, 5, &id));
	char detail[80];
	snprintf(detail, sizeof detail, "from %s", in->address && *in->address ? in->address : "-");
	struct np_audit_entry e = {"sign-in", "user", user.user_id, 0, detail, false};
	return np_audit_event(s, &out->actor, &e);
}

int np_auth_session(struct np_web_session *out, struct np_store *s, const char *token, int64_t now,
                    const struct np_auth_expiry *expiry)
{
	memset(out, 0, sizeof *out);
	NP_TRY(need_sodium());
	if (token == NULL || strlen(token) != NP_AUTH_TOKEN_LEN)
		return np_error_set(NP_ENOTFOUND, "no session: sign in");
	char hash[65];
	token_hash(hash, token);
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_T(hash)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_WEB_SESSION_GET, p, 1));
	if (r->rows == 0) {
		np_db_result_free(r);
		return np_error_set(NP_ENOTFOUND, "no session: sign in");
	}
	int rc = np_store_actor_row(&out->actor, r, now);
	int64_t id = np_db_int(r, 0, 6);
	snprintf(out->csrf, sizeof out->csrf, "%s", np_db_text(r, 0, 7));
	out->created_at = np_db_int(r, 0, 8);
	out->seen_at = np_db_int(r, 0, 9);
	np_db_result_free(r);
	NP_TRY(rc);
	if (now - out->seen_at > expiry->idle_seconds ||
	    now - out->created_at > expiry->absolute_seconds) {
		np_auth_sign_out(s, token, now);
		memset(out, 0, sizeof *out);
		return np_error_set(NP_EFORBIDDEN, "the session has expired: sign in again");
	}
	if (now - out->seen_at >= SEEN_GRANULARITY) {
		struct np_db_value q[] = {NP_DB_I(now), NP_DB_I(id)};
		NP_TRY(np_db_run(s->db, NP_SQL_WEB_SESSION_SEEN, q, 2, NULL));
		out->seen_at = now;
	}
	return 0;
}

int np_auth_sign_out(struct np_store *s, const char *token, int64_t now)
{
	if (token == NULL)
		return 0;
	char hash[65];
	NP_TRY(need_sodium());
	token_hash(hash, token);
	struct np_db_value p[] = {NP_DB_I(now), NP_DB_T(hash)};
	return np_db_run(s->db, NP_SQL_WEB_SESSION_END, p, 2, NULL);
}
