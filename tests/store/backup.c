/* A backup taken while the clinic works, in the store suite: it finishes while another connection
 * goes on writing, the writes are not held up, and the copy opens whole with its key. */
#include "fixture.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct worker {
	atomic_bool stop;
	atomic_int written;
	int failed;
};

/* Another connection adding clients, a durable transaction each, until told to stop. */
static void *works(void *arg)
{
	struct worker *w = arg;
	struct np_store *s = fx_open();
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	json_t *in = fx_json("{\"name\": \"walk-in\"}");
	while (!atomic_load(&w->stop)) {
		json_t *out = NULL;
		if (np_client_add(&out, s, &c.reception, in) != 0) {
			w->failed = 1;
			break;
		}
		json_decref(out);
		atomic_fetch_add(&w->written, 1);
	}
	json_decref(in);
	np_store_close(s);
	return NULL;
}

static int written(struct worker *w)
{
	return atomic_load(&w->written);
}

static void wait_for(struct worker *w, int n)
{
	for (int i = 0; i < 5000 && written(w) < n; i++)
		nanosleep(&(struct timespec){0, 1000 * 1000}, NULL);
	assert_true(written(w) >= n);
}

void a_backup_finishes_while_the_clinic_works(void **state)
{
	struct np_store *s = *state;
	if (strstr(fx_target(), "://"))
		skip(); /* PostgreSQL's copy is pg_dump's */
	char dir[] = "/tmp/np-backup-XXXXXX", copy[96], key[128], from[300];
	assert_non_null(mkdtemp(dir));
	snprintf(copy, sizeof copy, "%s/copy.db", dir);
	struct worker w = {.failed = 0};
	pthread_t t;
	pthread_create(&t, NULL, works, &w);
	wait_for(&w, 20); /* the clinic is at work */
	int before = written(&w);
	assert_int_equal(np_store_backup(s, copy), 0);
	/* and goes on after it, not held up */
	wait_for(&w, written(&w) + 20);
	atomic_store(&w.stop, true);
	pthread_join(t, NULL);
	assert_int_equal(w.failed, 0);
	assert_true(written(&w) > before);
	/* the copy opens with a copy of the key beside it, and is whole */
	snprintf(from, sizeof from, "%s.key", fx_target());
	snprintf(key, sizeof key, "%s.key", copy);
	FILE *in = fopen(from, "rb"), *out = fopen(key, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
	assert_int_equal(chmod(key, 0600), 0); /* a key others can read is refused */
	struct np_store *c = NULL;
	if (np_store_open(&c, copy, fx_pack()) != 0)
		fail_msg("the copy: %s", np_error_last());
	assert_int_equal(np_store_check(c), 0);
	np_store_close(c);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}
