/* A small pool of threads over one queue (offload.h). */
#include "offload.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct job {
	void (*fn)(void *arg);
	void *arg;
	struct job *next;
};

struct np_offload {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct job *head, *tail;
	bool stopping;
	size_t n;
	pthread_t threads[];
};

static void *work(void *arg)
{
	struct np_offload *q = arg;
	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->head == NULL && !q->stopping)
			pthread_cond_wait(&q->more, &q->lock);
		struct job *j = q->head;
		if (j == NULL)
			break; /* stopping, and nothing left */
		q->head = j->next;
		if (q->head == NULL)
			q->tail = NULL;
		pthread_mutex_unlock(&q->lock);
		j->fn(j->arg);
		free(j);
		pthread_mutex_lock(&q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct np_offload *np_offload_start(size_t n)
{
	struct np_offload *q = calloc(1, sizeof *q + n * sizeof q->threads[0]);
	if (q == NULL)
		return NULL;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->more, NULL);
	for (; q->n < n; q->n++)
		if (pthread_create(&q->threads[q->n], NULL, work, q) != 0)
			break;
	if (q->n == 0) {
		np_offload_stop(q);
		return NULL;
	}
	return q;
}

int np_offload_run(struct np_offload *q, void (*fn)(void *arg), void *arg)
{
	struct job *j = malloc(sizeof *j);
	if (j == NULL)
		return -1;
	*j = (struct job){fn, arg, NULL};
	pthread_mutex_lock(&q->lock);
	bool taken = !q->stopping;
	if (taken) {
		if (q->tail)
			q->tail->next = j;
		else
			q->head = j;
		q->tail = j;
		pthread_cond_signal(&q->more);
	}
	pthread_mutex_unlock(&q->lock);
	if (!taken)
		free(j);
	return taken ? 0 : -1;
}

void np_offload_stop(struct np_offload *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = true;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->lock);
	for (size_t i = 0; i < q->n; i++)
		pthread_join(q->threads[i], NULL);
	pthread_cond_destroy(&q->more);
	pthread_mutex_destroy(&q->lock);
	free(q);
}
