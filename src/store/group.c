/* Group commit on SQLite: the acts of a server's workers are written by one writer, many to a
 * transaction, and each worker is answered once the transaction that holds its act is durable:
 * one fsync for many requests, as PostgreSQL's commit does on its own. A write act runs whole on
 * the writer, inside a savepoint of its own, so that one that fails undoes only itself. A read
 * runs on its worker's connection, from a snapshot that never waits for the writer; its audit
 * entries wait in the worker's store and go to the writer afterwards, so the read is answered
 * only once they are durable. The chain stays exact: one writer appends. */
#include "store_internal.h"

#include "needlepoint/error.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many acts to a transaction: a batch is what queued while the last one wrote. */
#define BATCH_MAX 128

struct act {
	/* a write act: fn run with the writer's store; or a read's entries to append */
	const struct np_actor *actor;
	np_store_fn fn;
	void *ctx;
	const struct np_pending *entries;
	size_t n_entries;
	/* what came of it, for the worker */
	int rc;
	struct np_error_saved error;
	json_t *out;
	bool done;
	struct act *next;
};

struct np_store_group {
	struct np_store *writer;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
	struct act *head, *tail;
	bool stopping;
	long commits, acts;
};

static void keep_error(struct act *t, int rc)
{
	t->rc = rc;
	np_error_save(&t->error);
}

static int run_act(struct np_store *w, struct act *t)
{
	if (t->fn)
		return t->fn(w, t->actor, t->ctx, &t->out);
	for (size_t i = 0; i < t->n_entries; i++) {
		const struct np_pending *p = &t->entries[i];
		struct np_audit_entry e = {p->action,    p->entity, p->entity_id,
		                           p->client_id, p->detail, false};
		NP_TRY(np_audit_add(w, &p->actor, &e));
	}
	return 0;
}

/* One transaction for a batch: each act in a savepoint, one commit for all. */
static void write_batch(struct np_store_group *g, struct act *batch)
{
	struct np_db *db = g->writer->db;
	const struct np_db_driver *d = db->driver;
	int rc = d->begin(db);
	for (struct act *t = batch; t; t = t->next) {
		if (rc != 0) {
			keep_error(t, rc);
			continue;
		}
		int act_rc = d->exec(db, "SAVEPOINT act");
		if (act_rc == 0)
			act_rc = run_act(g->writer, t);
		if (act_rc != 0) {
			keep_error(t, act_rc);
			json_decref(t->out);
			t->out = NULL;
			if (d->exec(db, "ROLLBACK TO act") != 0 || d->exec(db, "RELEASE act") != 0)
				rc = np_error_code();
		} else if ((act_rc = d->exec(db, "RELEASE act")) != 0) {
			keep_error(t, act_rc);
			rc = act_rc;
		}
	}
	if (rc == 0)
		rc = d->commit(db);
	if (rc != 0) {
		/* nothing of the batch is kept: every act that had gone through fails with why */
		char why[1024];
		int code = np_error_code();
		snprintf(why, sizeof why, "%s", np_error_last());
		d->rollback(db);
		for (struct act *t = batch; t; t = t->next)
			if (t->rc == 0) {
				np_error_set(code, "%s", why);
				keep_error(t, code ? code : NP_EDB);
				json_decref(t->out);
				t->out = NULL;
			}
	}
}

static void *writer(void *arg)
{
	struct np_store_group *g = arg;
	pthread_mutex_lock(&g->lock);
	for (;;) {
		while (g->head == NULL && !g->stopping)
			pthread_cond_wait(&g->work, &g->lock);
		if (g->head == NULL)
			break;
		/* everything that queued, up to a batch */
		struct act *batch = g->head, *last = batch;
		long n = 1;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		g->head = last->next;
		if (g->head == NULL)
			g->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&g->lock);
		write_batch(g, batch);
		pthread_mutex_lock(&g->lock);
		for (struct act *t = batch; t; t = t->next)
			t->done = true;
		g->commits++;
		g->acts += n;
		pthread_cond_broadcast(&g->done);
	}
	pthread_mutex_unlock(&g->lock);
	np_error_clear();
	return NULL;
}

int np_store_group_start(struct np_store_group **out, const char *target,
                         const struct np_pack *pack, const char *key)
{
	*out = NULL;
	if (strstr(target, "://") != NULL)
		return 0; /* PostgreSQL groups its own commits */
	struct np_store_group *g = calloc(1, sizeof *g);
	if (g == NULL)
		return np_store_nomem();
	NP_TRY(np_store_open_keyed(&g->writer, target, pack, key));
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->work, NULL);
	pthread_cond_init(&g->done, NULL);
	if (pthread_create(&g->thread, NULL, writer, g) != 0) {
		np_store_close(g->writer);
		free(g);
		return np_error_set(NP_ENOMEM, "cannot start the writer thread");
	}
	*out = g;
	return 0;
}

void np_store_group_stop(struct np_store_group *g)
{
	if (g == NULL)
		return;
	pthread_mutex_lock(&g->lock);
	g->stopping = true;
	pthread_cond_signal(&g->work);
	pthread_mutex_unlock(&g->lock);
	pthread_join(g->thread, NULL);
	np_store_close(g->writer);
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->work);
	pthread_cond_destroy(&g->done);
	free(g);
}

void np_store_join(struct np_store *s, struct np_store_group *g)
{
	s->group = g;
}

void np_store_group_stats(struct np_store_group *g, long *commits, long *acts)
{
	pthread_mutex_lock(&g->lock);
	*commits = g->commits;
	*acts = g->acts;
	pthread_mutex_unlock(&g->lock);
}

/* Hand an act to the writer and wait until its transaction is durable (or failed). */
static int submit(struct np_store_group *g, struct act *t, json_t **out)
{
	pthread_mutex_lock(&g->lock);
	if (g->tail)
		g->tail->next = t;
	else
		g->head = t;
	g->tail = t;
	pthread_cond_signal(&g->work);
	while (!t->done)
		pthread_cond_wait(&g->done, &g->lock);
	pthread_mutex_unlock(&g->lock);
	if (t->rc != 0) {
		np_error_restore(&t->error);
		return t->rc;
	}
	if (out)
		*out = t->out;
	else
		json_decref(t->out);
	return 0;
}

int np_group_write(struct np_store *s, const struct np_actor *a, np_store_fn fn, void *ctx,
                   json_t **out)
{
	struct act t = {.actor = a, .fn = fn, .ctx = ctx};
	return submit(s->group, &t, out);
}

int np_group_append(struct np_store *s)
{
	if (s->n_pending == 0)
		return 0;
	struct act t = {.entries = s->pending, .n_entries = s->n_pending};
	return submit(s->group, &t, NULL);
}
