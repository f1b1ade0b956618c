/* An answer sent while it is written (stream.h). */
#include "stream.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct np_stream {
	pthread_mutex_t lock;
	pthread_cond_t room; /* the writer waits on it for the reader to take */
	struct MHD_Connection *c;
	size_t start, len; /* the bytes not yet taken: data[start, start + len) */
	bool ended, whole; /* the writer is done; and the answer is complete */
	bool suspended;    /* the reader found nothing and sleeps until the writer wakes it */
	bool gone;         /* MHD is done with the response */
	int holders;       /* the writer and the response */
	char data[NP_STREAM_CAP];
};

struct np_stream *np_stream_new(struct MHD_Connection *c)
{
	struct np_stream *st = malloc(sizeof *st);
	if (st == NULL)
		return NULL;
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->room, NULL);
	st->c = c;
	st->start = st->len = 0;
	st->ended = st->whole = st->suspended = st->gone = false;
	st->holders = 2;
	return st;
}

/* Let go of one hold, under the lock; the last frees it. */
static void let_go(struct np_stream *st)
{
	bool last = --st->holders == 0;
	pthread_mutex_unlock(&st->lock);
	if (last) {
		pthread_cond_destroy(&st->room);
		pthread_mutex_destroy(&st->lock);
		free(st);
	}
}

/* Under the lock: wake a reader that sleeps. Its connection is suspended, so it is still there
 * (MHD neither times out nor closes a suspended connection). */
static void wake(struct np_stream *st)
{
	if (st->suspended) {
		st->suspended = false;
		MHD_resume_connection(st->c);
	}
}

int np_stream_put(struct np_stream *st, const char *text, size_t len)
{
	pthread_mutex_lock(&st->lock);
	while (len > 0 && !st->gone) {
		if (st->start + st->len == NP_STREAM_CAP && st->start > 0) {
			memmove(st->data, st->data + st->start, st->len); /* room at the front */
			st->start = 0;
		}
		size_t room = NP_STREAM_CAP - st->start - st->len;
		if (room == 0) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += NP_STREAM_WAIT;
			if (pthread_cond_timedwait(&st->room, &st->lock, &until) == ETIMEDOUT &&
			    NP_STREAM_CAP - st->start - st->len == 0)
				break; /* a reader that takes nothing */
			continue;
		}
		size_t n = len < room ? len : room;
		memcpy(st->data + st->start + st->len, text, n);
		st->len += n;
		text += n;
		len -= n;
		wake(st);
	}
	int rc = len == 0 ? 0 : -1;
	pthread_mutex_unlock(&st->lock);
	return rc;
}

void np_stream_end(struct np_stream *st, bool whole)
{
	pthread_mutex_lock(&st->lock);
	st->ended = true;
	st->whole = whole;
	if (!st->gone)
		wake(st);
	let_go(st);
}

static ssize_t take(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct np_stream *st = cls;
	(void)pos;
	pthread_mutex_lock(&st->lock);
	ssize_t n;
	if (st->len > 0) {
		size_t k = st->len < max ? st->len : max;
		memcpy(buf, st->data + st->start, k);
		st->start += k;
		st->len -= k;
		if (st->len == 0)
			st->start = 0;
		pthread_cond_signal(&st->room);
		n = (ssize_t)k;
	} else if (st->ended) {
		n = st->whole ? MHD_CONTENT_READER_END_OF_STREAM
		              : MHD_CONTENT_READER_END_WITH_ERROR;
	} else { /* nothing yet: sleep until the writer puts some (microhttpd.h's way) */
		st->suspended = true;
		MHD_suspend_connection(st->c);
		n = 0;
	}
	pthread_mutex_unlock(&st->lock);
	return n;
}

static void done(void *cls)
{
	struct np_stream *st = cls;
	pthread_mutex_lock(&st->lock);
	st->gone = true;
	pthread_cond_signal(&st->room);
	let_go(st);
}

struct MHD_Response *np_stream_response(struct np_stream *st)
{
	struct MHD_Response *r =
	    MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, take, st, done);
	if (r == NULL)
		done(st);
	return r;
}
