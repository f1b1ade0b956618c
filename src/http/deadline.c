/* The connection deadlines (deadline.h): a watch thread looks at every connection four times a
 * second and shuts down the ones past their deadline; libmicrohttpd then closes them. */
#include "deadline.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct conn {
	struct conn *prev, *next;
	struct np_deadlines *owner;
	int fd;
	double started;   /* the request's start: the connection's, or the last answer's */
	bool headers;     /* its headers are in */
	double body_from; /* when they were */
	size_t expected, received;
	bool shut;
};

struct np_deadlines {
	pthread_mutex_t lock;
	pthread_t thread;
	bool stop;
	unsigned header_seconds, grace_seconds;
	size_t min_rate;
	struct conn *head;
};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static bool late(const struct np_deadlines *d, const struct conn *c, double at)
{
	if (!c->headers)
		return at - c->started > d->header_seconds;
	if (c->received >= c->expected || at - c->body_from < d->grace_seconds)
		return false;
	return (double)c->received / (at - c->body_from) < (double)d->min_rate;
}

static void *watch(void *arg)
{
	struct np_deadlines *d = arg;
	for (;;) {
		nanosleep(&(struct timespec){0, 250 * 1000 * 1000}, NULL);
		pthread_mutex_lock(&d->lock);
		if (d->stop) {
			pthread_mutex_unlock(&d->lock);
			return NULL;
		}
		double at = now();
		/* under the lock, a connection cannot close: its descriptor is still its own */
		for (struct conn *c = d->head; c; c = c->next)
			if (!c->shut && late(d, c, at)) {
				shutdown(c->fd, SHUT_RDWR);
				c->shut = true;
			}
		pthread_mutex_unlock(&d->lock);
	}
}

struct np_deadlines *np_deadlines_start(unsigned header_seconds, size_t min_bytes_per_second,
                                        unsigned grace_seconds)
{
	struct np_deadlines *d = calloc(1, sizeof *d);
	if (d == NULL)
		return NULL;
	pthread_mutex_init(&d->lock, NULL);
	d->header_seconds = header_seconds;
	d->min_rate = min_bytes_per_second;
	d->grace_seconds = grace_seconds;
	if (pthread_create(&d->thread, NULL, watch, d) != 0) {
		pthread_mutex_destroy(&d->lock);
		free(d);
		return NULL;
	}
	return d;
}

void np_deadlines_stop(struct np_deadlines *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	d->stop = true;
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	while (d->head) {
		struct conn *c = d->head;
		d->head = c->next;
		free(c);
	}
	pthread_mutex_destroy(&d->lock);
	free(d);
}

void np_deadlines_notify(void *cls, struct MHD_Connection *connection, void **socket_context,
                         enum MHD_ConnectionNotificationCode code)
{
	struct np_deadlines *d = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info =
		    MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn *c = info ? calloc(1, sizeof *c) : NULL;
		*socket_context = c;
		if (c == NULL)
			return; /* not watched: the idle timeout still holds */
		c->owner = d;
		c->fd = info->connect_fd;
		c->started = now();
		pthread_mutex_lock(&d->lock);
		c->next = d->head;
		if (d->head)
			d->head->prev = c;
		d->head = c;
		pthread_mutex_unlock(&d->lock);
		return;
	}
	struct conn *c = *socket_context;
	if (c == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		d->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&d->lock);
	free(c);
	*socket_context = NULL;
}

static struct conn *conn_of(struct MHD_Connection *connection)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

void np_deadlines_headers(struct MHD_Connection *connection, size_t body_bytes)
{
	struct conn *c = conn_of(connection);
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->owner->lock);
	c->headers = true;
	c->body_from = now();
	c->expected = body_bytes;
	c->received = 0;
	pthread_mutex_unlock(&c->owner->lock);
}

void np_deadlines_body(struct MHD_Connection *connection, size_t n)
{
	struct conn *c = conn_of(connection);
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->owner->lock);
	c->received += n;
	pthread_mutex_unlock(&c->owner->lock);
}

void np_deadlines_done(struct MHD_Connection *connection)
{
	struct conn *c = conn_of(connection);
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->owner->lock);
	c->headers = false;
	c->started = now();
	pthread_mutex_unlock(&c->owner->lock);
}
