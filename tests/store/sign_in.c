/* Sign-ins that arrive together hash their passwords a few at a time (64 MiB each), all of them
 * answered. Run by records.c on both engines. */
#include "fixture.h"

#include "needlepoint/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct attempt {
	char name[160];
	int rc;
};

static void *sign_in(void *arg)
{
	struct attempt *t = arg;
	struct np_store *s = fx_open();
	char token[NP_AUTH_TOKEN_LEN + 1];
	struct np_web_session w;
	int64_t wait = 0;
	struct np_sign_in in = {t->name, "a long passphrase", "192.0.2.80", 1000};
	t->rc = np_auth_sign_in(token, &w, s, &in, &wait);
	np_store_close(s);
	return NULL;
}

void sign_ins_hash_a_few_at_a_time(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	enum { N = 8 };
	struct attempt tries[N];
	pthread_t threads[N];
	for (int i = 0; i < N; i++) {
		/* eight people of the clinic, each with a password, signing in at once */
		snprintf(tries[i].name, sizeof tries[i].name, "%s-%d", c.practitioner.name, i);
		json_t *out = NULL, *in = fx_json("{\"name\": \"%s\", \"role\": \"practitioner\"}",
		                                  tries[i].name);
		assert_int_equal(np_user_add(&out, s, &c.admin, in), 0);
		json_decref(out);
		json_decref(in);
		assert_int_equal(np_auth_reset_password(s, tries[i].name, "a long passphrase"), 0);
	}
	for (int i = 0; i < N; i++)
		pthread_create(&threads[i], NULL, sign_in, &tries[i]);
	for (int i = 0; i < N; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(tries[i].rc, 0);
	}
	assert_true(np_auth_hash_peak() >= 1);
	if (np_auth_hash_peak() > np_auth_hash_limit())
		fail_msg("%d hashes ran at once, beyond the limit of %d", np_auth_hash_peak(),
		         np_auth_hash_limit());
}

/* A password hashed with older limits is hashed again at its next sign-in, with today's: the
 * person notices nothing (their other sessions go on), the trail says so, and it verifies. */
void older_hashes_are_made_again_at_sign_in(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	assert_int_equal(np_auth_reset_password(s, c.practitioner.name, "a long passphrase"), 0);
	char token[NP_AUTH_TOKEN_LEN + 1], old[NP_AUTH_TOKEN_LEN + 1], hash[crypto_pwhash_STRBYTES];
	struct np_web_session w;
	int64_t wait = 0;
	struct np_sign_in in = {c.practitioner.name, "a long passphrase", "192.0.2.90", 1000};
	assert_int_equal(np_auth_sign_in(old, &w, s, &in, &wait), 0);
	/* as libsodium's interactive limits made it, before */
	assert_int_equal(
	    crypto_pwhash_str_alg(hash, "a long passphrase", 17, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13),
	    0);
	fx_sql("UPDATE users SET password_hash = '%s' WHERE name = '%s'", hash,
	       c.practitioner.name);
	assert_int_equal(np_auth_sign_in(token, &w, s, &in, &wait), 0);
	struct np_auth_expiry e = {3600, 3600};
	assert_int_equal(np_auth_session(&w, s, old, 1000, &e), 0);
	json_t *list = NULL;
	assert_int_equal(np_audit_list(&list, s, &c.admin, 5), 0);
	bool again = false;
	size_t i;
	json_t *entry;
	json_array_foreach(list, i, entry)
	{
		again = again || strcmp(json_string_value(json_object_get(entry, "action")),
		                        "rehash-password") == 0;
	}
	json_decref(list);
	assert_true(again);
	fx_audit_ok(s, &c.admin);
	/* and once only */
	assert_int_equal(np_auth_sign_in(token, &w, s, &in, &wait), 0);
	assert_int_equal(np_audit_list(&list, s, &c.admin, 3), 0);
	json_array_foreach(list, i, entry)
	{
		assert_string_not_equal(json_string_value(json_object_get(entry, "action")),
		                        "rehash-password");
	}
	json_decref(list);
}
