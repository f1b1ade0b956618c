/* A small HTTP/1.1 client for the API tests: raw bytes out, one whole answer in. */
#ifndef NP_TEST_HTTP_CLIENT_H
#define NP_TEST_HTTP_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct answer {
	int status;
	char *head; /* the status line and headers */
	char *body;
	size_t len;
	json_t *json; /* the body parsed, when it is JSON */
	bool whole;   /* false: a chunked body the server cut short */
};

/* Who asks: the session cookie's token and the CSRF token, either may be NULL. */
struct who {
	char token[64];
	char csrf[64];
};

/* Send request (len bytes) to 127.0.0.1:port and read the answer until the server closes.
 * Returns 0, or -1 when the connection failed (status 0 then). */
int http_raw(int port, const char *request, size_t len, struct answer *out);
/* A request with Connection: close; body NULL for none; content_type defaults to JSON. */
int http_call(int port, const char *method, const char *path, const struct who *who,
              const char *csrf, const char *body, struct answer *out);
/* A header's value in an answer (copied into out), or NULL. */
const char *http_header(const struct answer *a, const char *name, char *out, size_t size);
/* The error's field, code or message, or "" when the answer has none. */
const char *http_error(const struct answer *a, const char *what);
void http_free(struct answer *a);

/* Sign in as name: fills who from the cookie and the session's CSRF token. Aborts on failure. */
void http_sign_in(int port, const char *name, const char *password, struct who *who);

#endif
