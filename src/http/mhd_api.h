/* libmicrohttpd's functions, loaded when the service starts (dynload.h), so that commands which
 * never serve do not load it and GnuTLS under it. Include after <microhttpd.h>: each MHD
 * function the service calls becomes a call through the table. */
#ifndef NP_MHD_API_H
#define NP_MHD_API_H

#include <microhttpd.h>

#define NP_MHD_FUNCTIONS(X)                                                                        \
	X(MHD_add_response_header)                                                                 \
	X(MHD_create_response_from_buffer)                                                         \
	X(MHD_create_response_from_callback)                                                       \
	X(MHD_destroy_response)                                                                    \
	X(MHD_get_connection_info)                                                                 \
	X(MHD_get_connection_values)                                                               \
	X(MHD_get_daemon_info)                                                                     \
	X(MHD_lookup_connection_value)                                                             \
	X(MHD_queue_response)                                                                      \
	X(MHD_quiesce_daemon)                                                                      \
	X(MHD_resume_connection)                                                                   \
	X(MHD_start_daemon)                                                                        \
	X(MHD_stop_daemon)                                                                         \
	X(MHD_suspend_connection)

struct np_mhd_api {
#define NP_MHD_SLOT(f) __typeof__(f) *f;
	NP_MHD_FUNCTIONS(NP_MHD_SLOT)
#undef NP_MHD_SLOT
};

extern struct np_mhd_api np_mhd;

/* Load libmicrohttpd once; 0, or NP_EIO saying it is missing. */
int np_mhd_load(void);

#ifndef NP_MHD_API_SELF
#define MHD_add_response_header           (np_mhd.MHD_add_response_header)
#define MHD_create_response_from_buffer   (np_mhd.MHD_create_response_from_buffer)
#define MHD_create_response_from_callback (np_mhd.MHD_create_response_from_callback)
#define MHD_destroy_response              (np_mhd.MHD_destroy_response)
#define MHD_get_connection_info           (np_mhd.MHD_get_connection_info)
#define MHD_get_connection_values         (np_mhd.MHD_get_connection_values)
#define MHD_get_daemon_info               (np_mhd.MHD_get_daemon_info)
#define MHD_lookup_connection_value       (np_mhd.MHD_lookup_connection_value)
#define MHD_queue_response                (np_mhd.MHD_queue_response)
#define MHD_quiesce_daemon                (np_mhd.MHD_quiesce_daemon)
#define MHD_resume_connection             (np_mhd.MHD_resume_connection)
#define MHD_start_daemon                  (np_mhd.MHD_start_daemon)
#define MHD_stop_daemon                   (np_mhd.MHD_stop_daemon)
#define MHD_suspend_connection            (np_mhd.MHD_suspend_connection)
#endif

#endif
