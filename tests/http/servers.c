/* Several servers on one database, as a clinic chain runs them behind a proxy: a session opened
 * on one holds on the other, failed sign-ins count together, and writes raced through both keep
 * one exact audit chain. On SQLite (one file, two processes) and on PostgreSQL. */
#include "client.h"
#include "server.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define V1 "/api/v1"
#define PW "a long passphrase"

static struct server one, two;
static char tmp[] = "/tmp/np-servers-XXXXXX", db[300];
static struct who ada;

static int status_of(const struct server *s, const char *method, const char *path,
                     const struct who *who, const char *body)
{
	struct answer a;
	assert_int_equal(http_call(s->port, method, path, who, who ? who->csrf : NULL, body, &a),
	                 0);
	int status = a.status;
	http_free(&a);
	return status;
}

/* A sign-in through the proxy, from a client address, at server s. */
static int sign_in_from(const struct server *s, const char *password, const char *from)
{
	char body[128], req[512];
	snprintf(body, sizeof body, "{\"name\": \"ada\", \"password\": \"%s\"}", password);
	int n =
	    snprintf(req, sizeof req,
	             "POST " V1 "/sign-in HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
	             "X-Forwarded-For: %s\r\nContent-Type: application/json\r\n"
	             "Content-Length: %zu\r\n\r\n%s",
	             s->port, from, strlen(body), body);
	struct answer a;
	assert_int_equal(http_raw(s->port, req, (size_t)n, &a), 0);
	int status = a.status;
	http_free(&a);
	return status;
}

static int group_setup(void **state)
{
	(void)state;
	if (server_database(db, sizeof db, tmp, "chain.db") != 0)
		return -1;
	static const char *const extra[] = {"--trust-proxy", "127.0.0.1", "--checkpoint-every", "1",
	                                    NULL};
	server_start(&one, NP_BIN, db, extra);
	server_start(&two, NP_BIN, db, extra);
	char body[256];
	snprintf(body, sizeof body,
	         "{\"clinic\": \"Chain\", \"admin\": \"ada\", \"time_zone\": \"UTC\", "
	         "\"password\": \"" PW "\", \"code\": \"%s\"}",
	         one.setup_code);
	struct answer a;
	http_call(one.port, "POST", V1 "/setup", NULL, NULL, body, &a);
	int status = a.status;
	http_free(&a);
	if (status != 201)
		return -1;
	http_sign_in(one.port, "ada", PW, &ada);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	int a = server_stop(&one), b = server_stop(&two);
	return server_cleanup(tmp) == 0 && a == 0 && b == 0 ? 0 : -1;
}

static void test_a_session_holds_on_every_server(void **state)
{
	(void)state;
	assert_int_equal(status_of(&two, "GET", V1 "/session", &ada, NULL), 200);
	struct who there;
	http_sign_in(two.port, "ada", PW, &there);
	assert_int_equal(status_of(&one, "GET", V1 "/session", &there, NULL), 200);
	/* signed out on one, ended on both */
	assert_int_equal(status_of(&one, "POST", V1 "/sign-out", &there, NULL), 200);
	assert_int_equal(status_of(&two, "GET", V1 "/session", &there, NULL), 401);
}

static void test_failed_sign_ins_count_together(void **state)
{
	(void)state;
	/* two wrong guesses at each server from one address: the fourth sets the wait for both */
	assert_int_equal(sign_in_from(&one, "guess guess guess", "203.0.113.9"), 401);
	assert_int_equal(sign_in_from(&two, "guess guess guess", "203.0.113.9"), 401);
	assert_int_equal(sign_in_from(&one, "guess guess guess", "203.0.113.9"), 401);
	assert_int_equal(sign_in_from(&two, "guess guess guess", "203.0.113.9"), 401);
	assert_int_equal(sign_in_from(&one, PW, "203.0.113.9"), 429);
	assert_int_equal(sign_in_from(&two, PW, "203.0.113.9"), 429);
	/* the clinic, from its own address, signs in at either */
	assert_int_equal(sign_in_from(&two, PW, "192.0.2.7"), 200);
}

struct writer {
	const struct server *s;
	int made;
};

static void *write_clients(void *arg)
{
	struct writer *w = arg;
	for (int i = 0; i < 15; i++) {
		char body[96];
		snprintf(body, sizeof body, "{\"name\": \"client %d of %d\"}", i, w->s->port);
		w->made += status_of(w->s, "POST", V1 "/clients", &ada, body) == 201;
	}
	return NULL;
}

static void test_writes_raced_through_both_keep_one_chain(void **state)
{
	(void)state;
	struct answer a;
	http_call(one.port, "GET", V1 "/audit/verify", &ada, NULL, NULL, &a);
	long long before = json_integer_value(json_object_get(a.json, "entries"));
	http_free(&a);
	pthread_t t[4];
	struct writer w[4] = {{&one, 0}, {&two, 0}, {&one, 0}, {&two, 0}};
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, write_clients, &w[i]);
	int made = 0;
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		made += w[i].made;
	}
	assert_int_equal(made, 60);
	/* both servers have signed checkpoints of the same chain by now */
	sleep(2);
	http_call(two.port, "GET", V1 "/audit/verify", &ada, NULL, NULL, &a);
	if (!json_is_true(json_object_get(a.json, "ok")))
		fail_msg("the chain does not verify: %s", a.body);
	/* every write is one entry, and the verify before it one more */
	assert_int_equal(json_integer_value(json_object_get(a.json, "entries")), before + 1 + 60);
	assert_true(json_integer_value(json_object_get(a.json, "checkpoints")) >= 2);
	http_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_session_holds_on_every_server),
	    cmocka_unit_test(test_failed_sign_ins_count_together),
	    cmocka_unit_test(test_writes_raced_through_both_keep_one_chain),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
