/* Signing in over the web: passwords hashed with Argon2id, sessions named by random tokens that
 * the database keeps only as hashes, a CSRF token per session, and first-run setup.
 *
 * Ownership: every function writes into memory the caller provides; nothing here allocates for
 * the caller except np_auth_setup's JSON answer, a new reference the caller releases. */
#ifndef NEEDLEPOINT_AUTH_H
#define NEEDLEPOINT_AUTH_H

#include "needlepoint/store.h"

#include <stdbool.h>
#include <stdint.h>

/* A session token or CSRF token: 32 random bytes as unpadded base64url, and its NUL. */
#define NP_AUTH_TOKEN_LEN 43

/* Passwords: at least this many bytes (a passphrase, not a PIN), at most the upper bound; and
 * one libpwquality passes (not a dictionary word, not a palindrome, not too simple) that does not
 * hold the user's name. */
#define NP_AUTH_PASSWORD_MIN 10
#define NP_AUTH_PASSWORD_MAX 1024

struct np_web_session {
	struct np_actor actor;
	char csrf[NP_AUTH_TOKEN_LEN + 1];
	int64_t created_at, seen_at; /* Unix seconds */
};

/* How long a session lives: since it was last used, and at most since it began. */
struct np_auth_expiry {
	int64_t idle_seconds;
	int64_t absolute_seconds;
};

/* Whether first-run setup is still open: no user exists and setup has not run. */
int np_auth_setup_open(bool *out, struct np_store *s);
/* First-run setup: {"clinic", "admin", "time_zone", "password"} makes the clinic (where it is:
 * its time zone) and its first admin, once.
 * Afterwards, or once any user exists, NP_ECONFLICT. */
int np_auth_setup(json_t **out, struct np_store *s, const json_t *in);
/* Change one's own password: current must be it (NP_EINVAL, field "current", otherwise); the new
 * one must be worth keeping (field "password"). Ends the user's other sessions, all but the one
 * whose token is keep (NULL: all). */
int np_auth_change_password(struct np_store *s, const struct np_actor *a, const char *current,
                            const char *password, const char *keep);
/* Set a user's password on the machine, as whoever runs it (the command line): the first
 * password of an admin, or a forgotten one. Ends the user's sessions; an audit entry. */
int np_auth_reset_password(struct np_store *s, const char *name, const char *password);

/* A try to sign in: who, with what, from which address (the client's, as the server knows it),
 * when (Unix seconds: the session's start). Its throttle runs on the real clock. */
struct np_sign_in {
	const char *name, *password, *address;
	int64_t now;
};
/* Check a name and a password and open a session: token receives what the cookie carries.
 * A wrong name, a wrong password, a disabled user and one without a password fail alike,
 * NP_EFORBIDDEN, in about the same time. Tries are counted per name and address in the database
 * and from the fourth failure on the next try from there waits (1 s, doubling to 15 minutes):
 * NP_ETHROTTLED with *wait the seconds left, before any password is checked. Another address is not
 * held back. Sign-ins and failures of a known name are audit entries of its clinic. */
int np_auth_sign_in(char token[NP_AUTH_TOKEN_LEN + 1], struct np_web_session *out,
                    struct np_store *s, const struct np_sign_in *in, int64_t *wait);
/* The session a token names. NP_ENOTFOUND when there is none, NP_EFORBIDDEN when it has expired
 * (it is ended then). Refreshes its last use at most once a minute. */
int np_auth_session(struct np_web_session *out, struct np_store *s, const char *token, int64_t now,
                    const struct np_auth_expiry *expiry);
/* End the session a token names; ending one that has ended is not an error. */
int np_auth_sign_out(struct np_store *s, const char *token, int64_t now);
/* Password hashes run at most this many at once (the machine's cores, 1 to 8: each takes 19 MiB),
 * and the most that have run at once since the process began. */
int np_auth_hash_limit(void);
int np_auth_hash_peak(void);
/* Equal tokens, compared in constant time; false when either is NULL or the lengths differ. */
bool np_auth_token_equal(const char *a, const char *b);

#endif
