/* Deadlines a connection keeps whatever it trickles: its request's line and headers within an
 * absolute time, its body at a minimum rate. libmicrohttpd's own timeout counts only idle time,
 * so a client sending a byte a second would hold a connection for ever. */
#ifndef NP_HTTP_DEADLINE_H
#define NP_HTTP_DEADLINE_H

#include "mhd_api.h"
#include <stddef.h>

struct np_deadlines;

/* Start the watch: headers within header_seconds of a request's start; a body at least
 * min_bytes_per_second once grace_seconds have passed. NULL when out of memory (or a thread could
 * not start). The caller frees it with np_deadlines_stop after the daemon has stopped. */
struct np_deadlines *np_deadlines_start(unsigned header_seconds, size_t min_bytes_per_second,
                                        unsigned grace_seconds);
void np_deadlines_stop(struct np_deadlines *d);

/* MHD_OPTION_NOTIFY_CONNECTION, with d as its closure. */
void np_deadlines_notify(void *d, struct MHD_Connection *c, void **socket_context,
                         enum MHD_ConnectionNotificationCode code);

/* The request's headers are in; its body, body_bytes long, follows. */
void np_deadlines_headers(struct MHD_Connection *c, size_t body_bytes);
/* n more bytes of the body arrived. */
void np_deadlines_body(struct MHD_Connection *c, size_t n);
/* The request is answered: the next on the connection starts its own clock. */
void np_deadlines_done(struct MHD_Connection *c);

#endif
