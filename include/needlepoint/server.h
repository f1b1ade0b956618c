/* The clinic's HTTP service: the JSON API under /api/v1/ and the browser UI's files.
 *
 * Ownership: the options and the pack belong to the caller and must outlive np_server_run. */
#ifndef NEEDLEPOINT_SERVER_H
#define NEEDLEPOINT_SERVER_H

#include "needlepoint/auth.h"
#include "needlepoint/pack.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct np_server_options {
	const char *host;            /* an IPv4 address to listen on */
	unsigned port;               /* 0: any free port (the first line printed says which) */
	const char *db;              /* a SQLite file or a postgresql:// URL */
	const char *key;             /* the audit key file (NULL: np_store_key_default) */
	unsigned checkpoint_seconds; /* how often the audit trail's heads are signed, when moved */
	const struct np_pack *pack;
	const char *pack_path; /* the pack's file, served to admins as it is */
	const char *web_root;
	unsigned threads;
	unsigned timeout_seconds; /* a connection idle this long is closed */
	size_t max_body;          /* bytes of a request body */
	size_t max_header;        /* bytes of a request's line and headers */
	unsigned max_connections, max_per_address;
	unsigned header_seconds; /* a request's line and headers arrive within this, whatever */
	size_t min_body_rate;    /* bytes a second a body keeps up once it is 5 s old */
	/* the address of a TLS proxy in front (IPv4 or IPv6 text): only from it are X-Forwarded-For
	 * (the client's address) and X-Forwarded-Proto believed. NULL: no proxy. */
	const char *trust_proxy;
	/* the origin browsers use to reach the service through its proxy
	 * ("https://clinic.example"): a sign-in or setup from its pages is this server's, whatever
	 * Host the proxy sends. NULL: only an Origin naming the request's own Host is. */
	const char *public_origin;
	struct np_auth_expiry expiry;
};

/* Defaults for everything but db, pack, pack_path and web_root. */
void np_server_defaults(struct np_server_options *opt);

/* Serve until SIGTERM or SIGINT, then stop taking connections, finish the requests in flight and
 * return 0. The first line on out is "listening on http://HOST:PORT/", the next how to sign in.
 * The caller must not have SIGTERM or SIGINT handlers of its own. Returns an error code (and the
 * error) when the service cannot start. */
int np_server_run(const struct np_server_options *opt, FILE *out);

#endif
