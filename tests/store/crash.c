/* Crash: a process logging sessions is killed with SIGKILL at random moments; every session it
 * reported as logged before the kill must be in the database afterwards, and the database must
 * pass its integrity check. Runs on the engine of NP_TEST_DB, else SQLite. */
#include "fixture.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS    8
#define MAX_ACKED 100000

static int64_t acked[MAX_ACKED];
static size_t n_acked;

/* Units of the lot: more than the sessions of every round together. */
#define UNITS 10000

/* The child: log sessions until killed, writing each id once np_session_log returned it. Each
 * takes a new single-use unit, from the first the rounds before may not have used; one they
 * did is refused, and the next is taken. */
static void logger(int fd, const struct fx_clinic *c, int64_t client, int64_t pen, int64_t unit,
                   size_t from)
{
	struct np_store *s = NULL;
	if (np_store_open(&s, fx_target(), fx_pack()) != 0)
		_exit(10);
	for (size_t i = from;; i++) {
		if (i >= UNITS)
			_exit(13);
		json_t *out = NULL,
		       *in = fx_override(
		           fx_session("2027-01-10", pen, unit + (int64_t)i, "forehead", 0.5),
		           "rest", "the crash test logs a session every moment");
		int rc = np_session_log(&out, s, &c->practitioner, client, in);
		json_decref(in);
		if (rc == NP_EREFUSED)
			continue;
		if (rc != 0)
			_exit(11);
		char line[32];
		int n = snprintf(line, sizeof line, "%lld\n",
		                 (long long)json_integer_value(json_object_get(out, "id")));
		if (write(fd, line, (size_t)n) != n)
			_exit(12);
		json_decref(out);
	}
}

static void read_acks(FILE *f)
{
	long long id;
	while (fscanf(f, "%lld", &id) == 1 && n_acked < MAX_ACKED)
		acked[n_acked++] = id;
}

static void acknowledged_sessions_survive_sigkill(void **state)
{
	(void)state;
	struct np_store *s = fx_open();
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t pen = fx_pen(s, &c), unit = fx_lot(s, &c, UNITS, true);
	np_store_close(s);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	for (int round = 0; round < ROUNDS; round++) {
		int fds[2];
		assert_int_equal(pipe(fds), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			logger(fds[1], &c, client, pen, unit, n_acked);
		}
		close(fds[1]);
		long ms = 50 + rand() % 400;
		nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000L}, NULL);
		kill(pid, SIGKILL);
		int status;
		waitpid(pid, &status, 0);
		if (!WIFSIGNALED(status))
			fail_msg("the logger stopped by itself: exit %d", WEXITSTATUS(status));
		FILE *f = fdopen(fds[0], "r");
		read_acks(f);
		fclose(f);
	}
	printf("%zu sessions acknowledged across %d kills\n", n_acked, ROUNDS);
	assert_true(n_acked > 0);
	s = fx_open();
	assert_int_equal(np_store_check(s), 0);
	for (size_t i = 0; i < n_acked; i++) {
		json_t *out = NULL;
		if (np_session_show(&out, s, &c.practitioner, acked[i]) != 0)
			fail_msg("session %lld was acknowledged and is lost: %s",
			         (long long)acked[i], np_error_last());
		json_decref(out);
	}
	np_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(acknowledged_sessions_survive_sigkill)};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fx_cleanup();
	return failed;
}
