/* Answers too long to hold, sent as they are read: a recall of a lot that every session of a
 * clinic used, and the export of a client of 1,000 sessions, arrive whole while the server's
 * memory stays as it was, and a reader that goes away mid-answer lets the writer go (the threads
 * that hash sign-ins are free again). On SQLite and on PostgreSQL, on a clinic built by
 * bench_records. */
#include "client.h"
#include "server.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#define V1       "/api/v1"
#define SESSIONS 40000 /* the lot BULK-0's, every session of the clinic but one */

static struct server srv;
static char tmp[] = "/tmp/np-stream-XXXXXX", db[300];
static struct who who;
static char long_client[24]; /* the client of 1,000 sessions */

static int group_setup(void **state)
{
	(void)state;
	if (server_database(db, sizeof db, tmp, "stream.db") != 0)
		return -1;
	char command[1200], user[64] = "";
	long long client = 0;
	snprintf(command, sizeof command, "'%s' '%s' '%s' %d prepare 1", NP_BENCH_RECORDS, NP_PACK,
	         db, SESSIONS);
	FILE *p = popen(command, "r");
	if (p == NULL ||
	    fscanf(p, "user %63s client %*d ready %*d unit %*d long %lld", user, &client) != 2 ||
	    pclose(p) != 0)
		fail_msg("the clinic was not built: %s", command);
	snprintf(long_client, sizeof long_client, "%lld", client);
	server_start(&srv, NP_BIN, db, NULL);
	http_sign_in(srv.port, user, "bench passphrase", &who);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	int status = server_stop(&srv);
	if (server_cleanup(tmp) != 0)
		return -1;
	return status == 0 ? 0 : -1;
}

/* The server's peak resident memory (VmHWM), in kB. */
static long peak_kb(void)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)srv.pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	assert_true(kb > 0);
	return kb;
}

static void recall(const char *lot, struct answer *a)
{
	char path[128];
	snprintf(path, sizeof path, V1 "/recall?lot=%s", lot);
	assert_int_equal(http_call(srv.port, "GET", path, &who, NULL, NULL, a), 0);
	assert_int_equal(a->status, 200);
	assert_true(a->whole);
	assert_non_null(a->json);
}

static void a_recall_of_every_session_arrives_whole_in_flat_memory(void **state)
{
	(void)state;
	struct answer a;
	recall("MODEL",
	       &a); /* the first opens what a recall reads with; it is not what is measured */
	assert_int_equal(json_array_size(json_object_get(a.json, "sessions")), 1);
	http_free(&a);
	long before = peak_kb();
	recall("BULK-0", &a);
	long grown = peak_kb() - before;
	const json_t *sessions = json_object_get(a.json, "sessions");
	assert_int_equal(json_array_size(sessions), SESSIONS);
	assert_int_equal(json_integer_value(json_object_get(a.json, "clients")), SESSIONS / 20);
	/* by client, then day: a client's sessions together, to be called once */
	const json_t *first = json_array_get(sessions, 0), *second = json_array_get(sessions, 1);
	assert_int_equal(json_integer_value(json_object_get(first, "client_id")),
	                 json_integer_value(json_object_get(second, "client_id")));
	assert_true(strcmp(json_string_value(json_object_get(first, "date")),
	                   json_string_value(json_object_get(second, "date"))) <= 0);
	size_t len = a.len;
	char te[32];
	bool sent_as_read = http_header(&a, "Transfer-Encoding", te, sizeof te) != NULL;
	http_free(&a);
#if !defined(__SANITIZE_ADDRESS__)
	/* held: a fraction of what it sent (a tree of it would take ten times its size) */
	if (grown * 1024 > (long)len / 4)
		fail_msg("the server grew by %ld kB sending %zu bytes", grown, len);
#else
	(void)grown, (void)len; /* AddressSanitizer keeps what is freed: no measure here */
#endif
	assert_true(sent_as_read);
}

/* An export of a client of years of sessions, each with its aftercare, arrives whole and sent as
 * it was read, the server's memory as it was. */
static void an_export_of_years_arrives_whole_in_flat_memory(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, V1 "/clients/%s/export", long_client);
	struct answer a;
	assert_int_equal(http_call(srv.port, "GET", path, &who, NULL, NULL, &a), 0); /* warm */
	http_free(&a);
	long before = peak_kb();
	assert_int_equal(http_call(srv.port, "GET", path, &who, NULL, NULL, &a), 0);
	long grown = peak_kb() - before;
	assert_int_equal(a.status, 200);
	assert_true(a.whole);
	const json_t *sessions = json_object_get(a.json, "sessions");
	assert_int_equal(json_array_size(sessions), 1000);
	assert_non_null(json_object_get(json_array_get(sessions, 999), "aftercare"));
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(a.json, "client"), "id")),
	    strtoll(long_client, NULL, 10));
	char te[32];
	bool sent_as_read = http_header(&a, "Transfer-Encoding", te, sizeof te) != NULL;
	size_t len = a.len;
	http_free(&a);
#if !defined(__SANITIZE_ADDRESS__)
	if (grown * 1024 > (long)len / 4)
		fail_msg("the server grew by %ld kB sending %zu bytes", grown, len);
#else
	(void)grown, (void)len;
#endif
	assert_true(sent_as_read);
}

/* Start a recall and go away after its first bytes. */
static void abandon(void)
{
	char req[512];
	int n = snprintf(req, sizeof req,
	                 "GET " V1 "/recall?lot=BULK-0 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
	                 "Cookie: np_session=%s\r\n\r\n",
	                 srv.port, who.token);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(send(fd, req, (size_t)n, 0), n);
	char some[4096];
	assert_true(recv(fd, some, sizeof some, 0) > 0);
	close(fd);
}

static void a_reader_that_goes_away_lets_the_writer_go(void **state)
{
	(void)state;
	/* more than the threads that run slow routes: were their writers stuck, a sign-in (which
	 * runs there too) would wait for them */
	for (int i = 0; i < 10; i++)
		abandon();
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct answer a;
	assert_int_equal(http_call(srv.port, "GET", V1 "/recall?lot=MODEL", &who, NULL, NULL, &a),
	                 0);
	assert_int_equal(a.status, 200);
	http_free(&a);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (s > 10) /* a writer gives up on a reader after 30 s: this is not that */
		fail_msg("a recall behind abandoned ones waited %.1f s", s);
	recall("BULK-0", &a);
	assert_int_equal(json_array_size(json_object_get(a.json, "sessions")), SESSIONS);
	http_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_recall_of_every_session_arrives_whole_in_flat_memory),
	    cmocka_unit_test(an_export_of_years_arrives_whole_in_flat_memory),
	    cmocka_unit_test(a_reader_that_goes_away_lets_the_writer_go),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
