/* Signing in as a clinic relies on it, against a real server on a fresh database: first-run
 * setup needs the code the console printed and the server's own address; passwords are worth
 * keeping; a guesser waits without locking the clinic out, counted per name and address even
 * when guesses come together and through a proxy; changing a password needs the current one and
 * ends the other sessions; an admin disables, changes roles and resets, and it is all audited. */
#include "client.h"
#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#define V1 "/api/v1"
#define PW "a long passphrase"

static struct server srv;
static char tmp[] = "/tmp/np-auth-XXXXXX", db[300];
static struct who ada;

/* A request as a browser behind the proxy sends it: from (the client's address, as the proxy
 * says in X-Forwarded-For; NULL: none), a Host (NULL: the server's), a body. */
static void ask(const char *method, const char *path, const char *from, const char *host,
                const struct who *who, const char *body, struct answer *a)
{
	char req[4096];
	int n = snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: ", method, path);
	n += host ? snprintf(req + n, sizeof req - (size_t)n, "%s", host)
	          : snprintf(req + n, sizeof req - (size_t)n, "127.0.0.1:%d", srv.port);
	n += snprintf(req + n, sizeof req - (size_t)n, "\r\nConnection: close\r\n");
	if (from)
		n += snprintf(req + n, sizeof req - (size_t)n, "X-Forwarded-For: %s\r\n", from);
	if (who)
		n += snprintf(req + n, sizeof req - (size_t)n,
		              "Cookie: np_session=%s\r\nX-CSRF-Token: %s\r\n", who->token,
		              who->csrf);
	if (body)
		n += snprintf(req + n, sizeof req - (size_t)n,
		              "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		              strlen(body), body);
	else
		n += snprintf(req + n, sizeof req - (size_t)n, "\r\n");
	assert_int_equal(http_raw(srv.port, req, (size_t)n, a), 0);
}

/* A sign-in of name with password from a client address; the status. */
static int sign_in(const char *name, const char *password, const char *from, struct who *who)
{
	char body[256];
	snprintf(body, sizeof body, "{\"name\": \"%s\", \"password\": \"%s\"}", name, password);
	struct answer a;
	ask("POST", V1 "/sign-in", from, NULL, NULL, body, &a);
	int status = a.status;
	if (who && status == 200) {
		char cookie[256];
		http_header(&a, "Set-Cookie", cookie, sizeof cookie);
		sscanf(cookie, "np_session=%63[^;]", who->token);
		snprintf(who->csrf, sizeof who->csrf, "%s",
		         json_string_value(json_object_get(a.json, "csrf")));
	}
	http_free(&a);
	return status;
}

static int status_of(const char *method, const char *path, const struct who *who, const char *body)
{
	struct answer a;
	ask(method, path, NULL, NULL, who, body, &a);
	int status = a.status;
	http_free(&a);
	return status;
}

static int64_t add_user(const char *name, const char *role)
{
	char body[256];
	snprintf(body, sizeof body,
	         "{\"name\": \"%s\", \"role\": \"%s\", \"password\": \"" PW "\"}", name, role);
	struct answer a;
	ask("POST", V1 "/users", NULL, NULL, &ada, body, &a);
	if (a.status != 201)
		fail_msg("user %s: %d %s", name, a.status, a.body);
	int64_t id = json_integer_value(json_object_get(a.json, "id"));
	http_free(&a);
	return id;
}

static int group_setup(void **state)
{
	(void)state;
	if (server_database(db, sizeof db, tmp, "auth.db") != 0)
		return -1;
	static const char *const extra[] = {"--trust-proxy", "127.0.0.1", NULL};
	server_start(&srv, NP_BIN, db, extra);
	return srv.setup_code[0] ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	int status = server_stop(&srv);
	return server_cleanup(tmp) == 0 && status == 0 ? 0 : -1;
}

static void test_setup_needs_its_code_and_the_servers_own_address(void **state)
{
	(void)state;
	char body[512], host[64];
	struct answer a;
	/* a page of another name that resolves here (DNS rebinding), even with the code */
	snprintf(body, sizeof body,
	         "{\"clinic\": \"Skin Studio\", \"admin\": \"ada\", \"time_zone\": \"UTC\", "
	         "\"password\": \"" PW "\", \"code\": \"%s\"}",
	         srv.setup_code);
	snprintf(host, sizeof host, "rebound.example:%d", srv.port);
	ask("POST", V1 "/setup", NULL, host, NULL, body, &a);
	assert_int_equal(a.status, 403);
	assert_string_equal(http_error(&a, "field"), "Host");
	http_free(&a);
	/* the server's address, a code that is not the one it printed */
	ask("POST", V1 "/setup", NULL, NULL, NULL,
	    "{\"clinic\": \"Skin Studio\", \"admin\": \"ada\", \"time_zone\": \"UTC\", "
	    "\"password\": \"" PW "\", \"code\": \"AAAA-AAAA\"}",
	    &a);
	assert_int_equal(a.status, 403);
	assert_string_equal(http_error(&a, "field"), "code");
	http_free(&a);
	ask("GET", V1 "/setup", NULL, NULL, NULL, NULL, &a);
	assert_true(json_is_true(json_object_get(a.json, "open")));
	http_free(&a);
	/* the code, at localhost */
	snprintf(host, sizeof host, "localhost:%d", srv.port);
	ask("POST", V1 "/setup", NULL, host, NULL, body, &a);
	assert_int_equal(a.status, 201);
	http_free(&a);
	assert_int_equal(sign_in("ada", PW, "192.0.2.1", &ada), 200);
}

static void test_passwords_worth_keeping(void **state)
{
	(void)state;
	static const char *const weak[][2] = {
	    {"aaaaaaaaaa", "palindrome"},
	    {"password12", "dictionary"},
	    {"pat-the-practitioner", "name"},
	    {"short", "10 to 1024"},
	};
	for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
		char body[256];
		snprintf(body, sizeof body,
		         "{\"name\": \"pat\", \"role\": \"practitioner\", \"password\": \"%s\"}",
		         weak[i][0]);
		struct answer a;
		ask("POST", V1 "/users", NULL, NULL, &ada, body, &a);
		if (a.status != 400 || strcmp(http_error(&a, "field"), "password") != 0 ||
		    strstr(http_error(&a, "message"), weak[i][1]) == NULL)
			fail_msg("'%s' was not refused for its %s: %d %s", weak[i][0], weak[i][1],
			         a.status, a.body);
		http_free(&a);
	}
	add_user("pat", "practitioner");
	add_user("rita", "reception");
}

/* The seconds a 429 asks to wait, or 0 for any other answer. */
static long guess_from(const char *name, const char *password, const char *from, int *status)
{
	char body[256], wait[16];
	snprintf(body, sizeof body, "{\"name\": \"%s\", \"password\": \"%s\"}", name, password);
	struct answer a;
	ask("POST", V1 "/sign-in", from, NULL, NULL, body, &a);
	*status = a.status;
	long seconds = a.status == 429 && http_header(&a, "Retry-After", wait, sizeof wait)
	                   ? strtol(wait, NULL, 10)
	                   : 0;
	http_free(&a);
	return seconds;
}

static void test_a_guesser_waits_and_the_clinic_does_not(void **state)
{
	(void)state;
	/* a stranger guesses pat's password from one address, through the proxy, as fast as the
	 * server lets them: three guesses are free, then each waits longer */
	int checked = 0, status;
	while (checked < 6) {
		long wait = guess_from("pat", "guess guess guess", "203.0.113.7", &status);
		if (status == 429) {
			assert_true(wait >= 1);
			assert_true(checked >= 4); /* no wait before the fourth failure */
			sleep((unsigned)wait);
			continue;
		}
		assert_int_equal(status, 401);
		checked++;
	}
	/* six failures: the next try from there waits four seconds, the right password too */
	long wait = guess_from("pat", PW, "203.0.113.7", &status);
	assert_int_equal(status, 429);
	assert_true(wait >= 2 && wait <= 4);
	/* pat, at the clinic's own address behind the same proxy, is not held back */
	assert_int_equal(sign_in("pat", PW, "192.0.2.44", NULL), 200);
	/* the address is the one the proxy added, not one the client wrote before it */
	assert_int_equal(sign_in("pat", PW, "192.0.2.44, 203.0.113.7", NULL), 429);
	assert_int_equal(sign_in("pat", PW, "203.0.113.7, 192.0.2.44", NULL), 200);
	/* after the wait, pat signs in from there too */
	sleep((unsigned)wait + 1);
	assert_int_equal(sign_in("pat", PW, "203.0.113.7", NULL), 200);
}

/* A client that is not the proxy: its X-Forwarded-For is its own invention. */
static void test_only_the_proxy_names_the_client(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(sign_in("rita", "guess guess guess", "198.51.100.20", NULL), 401);
	assert_int_equal(sign_in("rita", PW, "198.51.100.20", NULL), 429);
	/* from 127.0.0.2, claiming the throttled address: counted as 127.0.0.2 */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in from = {.sin_family = AF_INET}, to = {.sin_family = AF_INET};
	inet_pton(AF_INET, "127.0.0.2", &from.sin_addr);
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	to.sin_port = htons((uint16_t)srv.port);
	assert_int_equal(bind(fd, (struct sockaddr *)&from, sizeof from), 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&to, sizeof to), 0);
	static const char body[] = "{\"name\": \"rita\", \"password\": \"" PW "\"}";
	char req[512], answer[2048] = "";
	int n = snprintf(req, sizeof req,
	                 "POST " V1 "/sign-in HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: "
	                 "close\r\nX-Forwarded-For: 198.51.100.20\r\nContent-Type: "
	                 "application/json\r\nContent-Length: %zu\r\n\r\n%s",
	                 srv.port, sizeof body - 1, body);
	assert_int_equal(write(fd, req, (size_t)n), n);
	size_t got = 0;
	ssize_t r;
	while ((r = read(fd, answer + got, sizeof answer - 1 - got)) > 0)
		got += (size_t)r;
	close(fd);
	assert_non_null(strstr(answer, "HTTP/1.1 200"));
}

struct guess {
	int status;
};

static void *guess(void *arg)
{
	struct guess *g = arg;
	g->status = sign_in("ada", "guess guess guess", "198.51.100.9", NULL);
	return NULL;
}

static void test_parallel_guesses_are_counted_one_by_one(void **state)
{
	(void)state;
	enum { N = 12 };
	pthread_t t[N];
	struct guess g[N];
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, guess, &g[i]);
	int checked = 0, held = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		checked += g[i].status == 401;
		held += g[i].status == 429;
	}
	/* three free tries, the fourth sets the wait: no more are checked while it runs (one more
	 * if the test itself ran past that second) */
	if (checked < 4 || checked > 5 || checked + held != N)
		fail_msg("%d guesses checked and %d held of %d", checked, held, N);
}

/* The order answers came back in. */
static atomic_int answered;

struct timed {
	const char *from;
	int status, order;
};

static void *signs_in(void *arg)
{
	struct timed *t = arg;
	t->status = sign_in("ada", PW, t->from, NULL);
	t->order = atomic_fetch_add(&answered, 1);
	return NULL;
}

/* A password is hashed off the worker's loop: with one worker, a request behind four sign-ins is
 * answered while they are still being checked, not after them. */
static void test_a_sign_in_does_not_hold_up_the_others(void **state)
{
	(void)state;
	struct server shared = srv;
	static const char *const one_worker[] = {"--threads", "1", NULL};
	server_start(&srv, NP_BIN, db, one_worker);
	enum { N = 4 };
	static const char *const from[N] = {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"};
	pthread_t t[N];
	struct timed s[N];
	atomic_store(&answered, 0);
	for (int i = 0; i < N; i++) {
		s[i] = (struct timed){.from = from[i]};
		pthread_create(&t[i], NULL, signs_in, &s[i]);
	}
	nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL); /* they are on their way */
	int setup = status_of("GET", V1 "/setup", NULL, NULL);
	int setup_order = atomic_fetch_add(&answered, 1);
	int last = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(s[i].status, 200);
		last = s[i].order > last ? s[i].order : last;
	}
	assert_int_equal(setup, 200);
	assert_int_equal(server_stop(&srv), 0);
	srv = shared;
	if (setup_order > last)
		fail_msg("the request behind %d sign-ins waited for all of them", N);
}

static void test_a_password_change_needs_the_current_one_and_ends_other_sessions(void **state)
{
	(void)state;
	struct who here, there;
	assert_int_equal(sign_in("pat", PW, "192.0.2.50", &here), 200);
	assert_int_equal(sign_in("pat", PW, "192.0.2.51", &there), 200);
	struct answer a;
	ask("POST", V1 "/password", NULL, NULL, &here,
	    "{\"current\": \"not my password\", \"password\": \"a newer passphrase\"}", &a);
	assert_int_equal(a.status, 400);
	assert_string_equal(http_error(&a, "field"), "current");
	http_free(&a);
	ask("POST", V1 "/password", NULL, NULL, &here,
	    "{\"current\": \"" PW "\", \"password\": \"password12\"}", &a);
	assert_int_equal(a.status, 400);
	assert_string_equal(http_error(&a, "field"), "password");
	http_free(&a);
	assert_int_equal(status_of("POST", V1 "/password", &here,
	                           "{\"current\": \"" PW
	                           "\", \"password\": \"a newer passphrase\"}"),
	                 200);
	/* this session goes on; the other one has ended */
	assert_int_equal(status_of("GET", V1 "/session", &here, NULL), 200);
	assert_int_equal(status_of("GET", V1 "/session", &there, NULL), 401);
	assert_int_equal(sign_in("pat", PW, "192.0.2.52", NULL), 401);
	assert_int_equal(sign_in("pat", "a newer passphrase", "192.0.2.52", NULL), 200);
}

static void test_an_admin_disables_changes_roles_and_resets(void **state)
{
	(void)state;
	int64_t sam = add_user("sam", "reception");
	struct who s1;
	char path[64];
	snprintf(path, sizeof path, V1 "/users/%lld", (long long)sam);
	assert_int_equal(sign_in("sam", PW, "192.0.2.60", &s1), 200);
	/* disabled: the session ends, and sam cannot sign in, as if the name were unknown */
	assert_int_equal(status_of("PUT", path, &ada, "{\"disabled\": true}"), 200);
	assert_int_equal(status_of("GET", V1 "/session", &s1, NULL), 401);
	assert_int_equal(sign_in("sam", PW, "192.0.2.60", NULL), 401);
	assert_int_equal(status_of("PUT", path, &ada, "{\"disabled\": false}"), 200);
	assert_int_equal(sign_in("sam", PW, "192.0.2.60", &s1), 200);
	/* a new role holds from the next sign-in: the session in the old role ends */
	assert_int_equal(status_of("PUT", path, &ada, "{\"role\": \"practitioner\"}"), 200);
	assert_int_equal(status_of("GET", V1 "/session", &s1, NULL), 401);
	assert_int_equal(sign_in("sam", PW, "192.0.2.60", &s1), 200);
	struct answer a;
	ask("GET", V1 "/session", NULL, NULL, &s1, NULL, &a);
	assert_string_equal(json_string_value(json_object_get(a.json, "role")), "practitioner");
	http_free(&a);
	/* a reset: a password worth keeping, and the sessions end */
	assert_int_equal(status_of("PUT", path, &ada, "{\"password\": \"aaaaaaaaaa\"}"), 400);
	assert_int_equal(status_of("PUT", path, &ada, "{\"password\": \"reset by the owner\"}"),
	                 200);
	assert_int_equal(status_of("GET", V1 "/session", &s1, NULL), 401);
	assert_int_equal(sign_in("sam", "reset by the owner", "192.0.2.60", NULL), 200);
	/* the admin keeps their own account */
	ask("GET", V1 "/session", NULL, NULL, &ada, NULL, &a);
	http_free(&a);
	struct answer users;
	ask("GET", V1 "/users", NULL, NULL, &ada, NULL, &users);
	int64_t self = json_integer_value(json_object_get(json_array_get(users.json, 0), "id"));
	http_free(&users);
	snprintf(path, sizeof path, V1 "/users/%lld", (long long)self);
	assert_int_equal(status_of("PUT", path, &ada, "{\"disabled\": true}"), 400);
	/* all of it is in the audit trail, and the trail verifies */
	ask("GET", V1 "/audit?limit=200", NULL, NULL, &ada, NULL, &a);
	static const char *const acts[] = {"disable",        "enable",          "change-role",
	                                   "reset-password", "change-password", "sign-in",
	                                   "sign-in-failed"};
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++) {
		char needle[64];
		snprintf(needle, sizeof needle, "\"action\":\"%s\"", acts[i]);
		char *all = json_dumps(a.json, JSON_COMPACT);
		if (strstr(all, needle) == NULL)
			fail_msg("no '%s' entry in the audit trail", acts[i]);
		free(all);
	}
	http_free(&a);
	ask("GET", V1 "/audit/verify", NULL, NULL, &ada, NULL, &a);
	assert_true(json_is_true(json_object_get(a.json, "ok")));
	http_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_setup_needs_its_code_and_the_servers_own_address),
	    cmocka_unit_test(test_passwords_worth_keeping),
	    cmocka_unit_test(test_a_guesser_waits_and_the_clinic_does_not),
	    cmocka_unit_test(test_only_the_proxy_names_the_client),
	    cmocka_unit_test(test_parallel_guesses_are_counted_one_by_one),
	    cmocka_unit_test(test_a_sign_in_does_not_hold_up_the_others),
	    cmocka_unit_test(test_a_password_change_needs_the_current_one_and_ends_other_sessions),
	    cmocka_unit_test(test_an_admin_disables_changes_roles_and_resets),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
