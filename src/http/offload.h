/* Work taken off the event loop: a few threads that run what would hold a worker's connections
 * still (a password hashed, a whole record exported, the audit trail checked), so that the other
 * requests of that worker go on meanwhile. */
#ifndef NP_OFFLOAD_H
#define NP_OFFLOAD_H

#include <stddef.h>

struct np_offload;

/* Start n threads; NULL when out of memory or threads. */
struct np_offload *np_offload_start(size_t n);
/* Queue fn(arg) to run on one of the threads; 0, or -1 when the queue is stopping or out of
 * memory (the caller then runs it itself). arg stays the caller's. */
int np_offload_run(struct np_offload *q, void (*fn)(void *arg), void *arg);
/* Run what is queued, then end the threads and free q. NULL is allowed. */
void np_offload_stop(struct np_offload *q);

#endif
