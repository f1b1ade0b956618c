/* An answer sent while it is written: a bounded buffer between the thread that writes it (an
 * offload thread reading the database, records that may run to millions of rows) and the worker
 * that sends it. The worker's connection sleeps (suspended) while there is nothing to send; the
 * writer waits while the buffer is full. What is held stays NP_STREAM_CAP bytes, however long
 * the answer. */
#ifndef NP_STREAM_H
#define NP_STREAM_H

#include "mhd_api.h"

#include <stdbool.h>
#include <stddef.h>

#define NP_STREAM_CAP (256 * 1024)
/* How long a writer waits for a reader that takes nothing before it gives up, in seconds. */
#define NP_STREAM_WAIT 30

struct np_stream;

/* A stream for connection c, held by its writer and by its response (np_stream_response); NULL
 * when out of memory. */
struct np_stream *np_stream_new(struct MHD_Connection *c);
/* The writer's side: 0, or -1 when the reader went away or took nothing for NP_STREAM_WAIT
 * seconds (the writer then stops). */
int np_stream_put(struct np_stream *st, const char *text, size_t len);
/* The writer is done (whole: the answer is complete; else it is cut short, and the client sees an
 * answer that did not end) and lets go of the stream. */
void np_stream_end(struct np_stream *st, bool whole);
/* The reader's side: a response of unknown length (chunked) that sends what is put, and lets go
 * of the stream when MHD is done with it; NULL when out of memory (the reader's hold released). */
struct MHD_Response *np_stream_response(struct np_stream *st);

#endif
