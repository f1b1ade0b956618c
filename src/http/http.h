/* The HTTP service's insides, free of libmicrohttpd: a request as the router sees it, the answer
 * it builds, the route table and the body schemas. server.c adapts libmicrohttpd to this, and
 * the fuzz target drives np_http_handle directly.
 *
 * Ownership: a request's memory (its arena, its parsed body) belongs to the request and goes with
 * np_http_req_release; an answer owns its JSON and its bytes until np_http_resp_release. */
#ifndef NP_HTTP_H
#define NP_HTTP_H

#include "arena.h"
#include "needlepoint/auth.h"
#include "needlepoint/date.h"
#include "needlepoint/pack.h"
#include "needlepoint/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the service is, shared by every request (read-only once serving). */
struct np_http_ctx {
	const struct np_pack *pack;
	json_t *pack_json;    /* the pack file as it was loaded, for GET /api/v1/protocol */
	const char *web_root; /* the browser UI's files */
	struct np_auth_expiry expiry;
	size_t max_body; /* bytes; a larger body is answered 413 */
	/* the address of the TLS proxy in front, whose X-Forwarded-For and X-Forwarded-Proto are
	 * believed (from it alone); NULL: none */
	const char *trust_proxy;
	const char *public_origin; /* np_server_options' */
	/* first-run setup's one-time code, printed on the server's console; "" when setup was
	 * done before the server started */
	char setup_code[16];
};

struct np_http_param {
	const char *key, *value;
};

#define NP_HTTP_MAX_QUERY 16
#define NP_HTTP_MAX_IDS   2

struct np_route;

struct np_http_req {
	/* what arrived; the strings belong to the caller and outlive the request */
	const char *method, *path;
	struct np_http_param query[NP_HTTP_MAX_QUERY];
	size_t n_query;
	bool too_many_query; /* more parameters than NP_HTTP_MAX_QUERY */
	const char *cookie;  /* the Cookie header */
	const char *csrf;    /* the X-CSRF-Token header */
	const char *content_type, *origin, *host, *forwarded_proto, *forwarded_for;
	const char *addr; /* the peer's address, as text */
	bool tls;
	const char *body;
	size_t body_len;

	/* what the router found */
	struct np_http_ctx *ctx;
	struct np_store *store;
	const struct np_route *route;
	int64_t ids[NP_HTTP_MAX_IDS]; /* the {id}s of the pattern, in order */
	json_t *json;                 /* the parsed body, for routes that take one */
	struct np_web_session session;
	char token[NP_AUTH_TOKEN_LEN + 1]; /* the session cookie's value */
	int64_t now;
	np_day today;
	struct np_arena arena;
	/* the client's address: the peer's, or what the trusted proxy says it forwarded */
	char client[64];
	/* where an answer too long to hold may be written as it is read (a route run off the loop:
	 * server.c), NULL where it may not: the first piece sends 200 with JSON */
	np_write_fn stream;
	void *stream_ctx;
};

struct np_http_resp {
	int status;
	json_t *json; /* an answer in JSON, or */
	char *body;   /* bytes (malloc'd) of content_type */
	size_t len;
	const char *content_type;
	char set_cookie[256];
	int retry_after; /* seconds, for 429; 0 for none */
	bool cacheable;  /* static files; API answers are never stored */
	bool https;      /* the request came over TLS: Strict-Transport-Security */
	bool streamed;   /* the answer went out through req->stream as it was written */
};

/* Field types a body schema declares. */
enum np_field_type { NP_F_STRING, NP_F_INT, NP_F_NUMBER, NP_F_BOOL, NP_F_OBJECT, NP_F_ARRAY };

struct np_field {
	const char *name;
	enum np_field_type type;
	bool required;
};

/* A body: its fields (ending at name NULL), or open: an object whose keys the engine's own
 * validator names (intake, plan request, session). NULL schema: no body. */
struct np_body {
	bool open;
	const struct np_field *fields;
};

enum np_route_flags {
	NP_ROUTE_PUBLIC = 1 << 0,  /* no sign-in: setup, sign-in */
	NP_ROUTE_CREATES = 1 << 1, /* answers 201 Created */
	NP_ROUTE_SLOW = 1 << 2,    /* hashes a password or reads a whole record: off the loop */
};

/* Role bits a route allows, as the store's (NP_ROLE_BIT). */
#define NP_HTTP_ROLE(r)  (1u << (r))
#define NP_HTTP_ANY      7u
#define NP_HTTP_CLINICAL (NP_HTTP_ROLE(NP_ROLE_ADMIN) | NP_HTTP_ROLE(NP_ROLE_PRACTITIONER))
#define NP_HTTP_ADMIN    NP_HTTP_ROLE(NP_ROLE_ADMIN)

typedef int (*np_http_handler)(struct np_http_req *req, struct np_http_resp *resp);

struct np_route {
	const char *method;
	const char *pattern; /* "/api/v1/clients/{id}/history": {id} is a whole number from 1 */
	np_http_handler handler;
	unsigned roles;
	unsigned flags;
	const struct np_body *body;
	const char *summary;
	/* the store operation a shared handler calls, by the shape its handler expects */
	int (*by_id)(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id);
	int (*by_id_in)(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
	                const json_t *in);
	int (*with_in)(json_t **out, struct np_store *s, const struct np_actor *a,
	               const json_t *in);
	int (*list)(json_t **out, struct np_store *s, const struct np_actor *a);
};

/* The one route table, ending at method NULL (routes.c). */
extern const struct np_route np_routes[];

/* Answer one request: route, sign-in, role, CSRF, body, handler; static files outside /api/.
 * store is the calling thread's own. Always fills resp; never fails. */
void np_http_handle(struct np_http_ctx *ctx, struct np_store *store, struct np_http_req *req,
                    struct np_http_resp *resp);
void np_http_req_release(struct np_http_req *req);
/* Whether the route of a method and path (without its query) is marked NP_ROUTE_SLOW. */
bool np_http_slow(const char *method, const char *path);
void np_http_resp_release(struct np_http_resp *resp);

/* Set resp to an error: {"error": {"code", "message", "field"?}}. Returns 0 (handled). */
int np_http_error(struct np_http_resp *resp, int status, const char *code, const char *field,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The library's last error as an answer: its code mapped to a status, the field it names. */
int np_http_fail_last(struct np_http_resp *resp, int rc);
/* A store or engine call's result: 200 (or created) with *answer taken, else the error. An answer
 * NULL after rc 0 (out of memory) becomes 500 in np_http_handle. */
int np_http_answer(struct np_http_resp *resp, int rc, json_t *answer, int created);
/* The same for an answer written as JSON text (no tree built to be dumped), which resp takes;
 * NULL text is out of memory. */
int np_http_text_answer(struct np_http_resp *resp, int rc, char *text);

/* A query parameter's value, or NULL. */
const char *np_http_query(const struct np_http_req *req, const char *key);
/* Typed query parameters: absent leaves *out alone; a bad value is answered 400 (returns 1). */
int np_http_query_int(const struct np_http_req *req, struct np_http_resp *resp, const char *key,
                      int min, int max, int *out);
int np_http_query_day(const struct np_http_req *req, struct np_http_resp *resp, const char *key,
                      np_day *out);

/* Whether text is valid UTF-8 with no NUL before len. */
bool np_http_utf8(const char *text, size_t len);

/* Check a parsed body against its schema; 400 naming the field on failure (returns 1). */
int np_http_check_body(const struct np_body *schema, const json_t *body, struct np_http_resp *resp);

/* Static files of the browser UI (static.c). */
void np_http_static(struct np_http_ctx *ctx, const struct np_http_req *req,
                    struct np_http_resp *resp);

/* Every header an answer carries besides its type: the security headers, caching, the cookie. */
void np_http_each_header(const struct np_http_resp *resp,
                         void (*fn)(void *arg, const char *name, const char *value), void *arg);

/* The session cookie's name. */
#define NP_HTTP_COOKIE "np_session"

#endif
