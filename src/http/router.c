/* The router: one place decides who may do what. It finds the route, checks the session, the
 * role and the CSRF token, parses the body and checks it against the route's schema, and only
 * then calls the handler. */
#include "http.h"

#include "needlepoint/error.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Deeper JSON than this is refused before jansson sees it: no input of ours nests so deep. */
#define MAX_DEPTH 32

int np_http_error(struct np_http_resp *resp, int status, const char *code, const char *field,
                  const char *fmt, ...)
{
	char message[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	json_decref(resp->json);
	resp->status = status;
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (e == NULL) /* a message that is not UTF-8 (it quotes input): say so without it */
		e = json_pack("{s:s, s:s}", "code", code, "message", "the request was refused");
	if (e && field)
		json_object_set_new(e, "field", json_string(field));
	resp->json = e ? json_pack("{s:o}", "error", e) : NULL;
	return 0;
}

/* The field a library message names first ("client.name: expected..."), into out; or NULL. */
static const char *message_field(const char *message, char *out, size_t size)
{
	size_t n = 0;
	for (const char *p = message; *p && *p != ':'; p++) {
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' ||
		          *p == '.' || *p == '[' || *p == ']' || (n > 0 && *p >= '0' && *p <= '9');
		if (!ok)
			return NULL;
		n++;
	}
	if (n == 0 || n >= size || message[n] != ':')
		return NULL;
	memcpy(out, message, n);
	out[n] = '\0';
	return out;
}

/* The engine's dose and aftercare name command-line options ("--drum-diameter: ..."); over HTTP
 * the same value is the field drum_diameter. */
static const char *as_field_message(const char *message, char *out, size_t size)
{
	if (strncmp(message, "--", 2) != 0)
		return message;
	snprintf(out, size, "%s", message + 2);
	for (char *p = out; *p && *p != ':'; p++)
		if (*p == '-')
			*p = '_';
	return out;
}

int np_http_fail_last(struct np_http_resp *resp, int rc)
{
	char text[1024];
	const char *message = as_field_message(np_error_last(), text, sizeof text);
	char field[128];
	switch (rc) {
	case NP_EINVAL:
	case NP_EPACK:
		return np_http_error(resp, 400, "invalid",
		                     message_field(message, field, sizeof field), "%s", message);
	case NP_ENOTFOUND:
		return np_http_error(resp, 404, "not_found", NULL, "%s", message);
	case NP_EFORBIDDEN:
		return np_http_error(resp, 403, "forbidden", NULL, "%s", message);
	case NP_EREFUSED: {
		/* the refusals as data, whole: {"code", "zone", "field", "message", "rule",
		 * "sources", "override"} each (needlepoint/gate.h) */
		np_http_error(resp, 409, "refused", NULL, "%s", message);
		json_t *refusals = (json_t *)np_error_refusals();
		if (refusals && resp->json)
			json_object_set(json_object_get(resp->json, "error"), "refusals", refusals);
		/* the first day every reason has cleared, as the gate decided it: a booking is
		 * offered it */
		if (*np_error_earliest() && resp->json)
			json_object_set_new(json_object_get(resp->json, "error"), "earliest",
			                    json_string(np_error_earliest()));
		return 0;
	}
	case NP_ETHROTTLED:
		if (resp->retry_after <= 0)
			resp->retry_after = 1;
		return np_http_error(resp, 429, "rate_limited", NULL, "%s", message);
	case NP_EUNAVAILABLE:
		fprintf(stderr, "needlepoint serve: %s\n", message);
		resp->retry_after = 5;
		return np_http_error(resp, 503, "unavailable", NULL,
		                     "the records cannot be reached just now; try again shortly");
	case NP_ESTALE:
		/* the edit was made from an older version: the browser offers to reload or keep it
		 */
		return np_http_error(resp, 412, "changed", NULL, "%s", message);
	case NP_ECONFLICT:
		return np_http_error(resp, 409, "conflict",
		                     message_field(message, field, sizeof field), "%s", message);
	default:
		/* the detail goes to the log, not to the browser */
		fprintf(stderr, "needlepoint serve: %s\n", message);
		return np_http_error(resp, 500, "internal", NULL,
		                     "the server could not finish the request; it is in the log");
	}
}

int np_http_answer(struct np_http_resp *resp, int rc, json_t *answer, int created)
{
	if (rc != 0) {
		json_decref(answer);
		return np_http_fail_last(resp, rc);
	}
	json_decref(resp->json);
	resp->json = answer;
	resp->status = created ? 201 : 200;
	return 0;
}

int np_http_text_answer(struct np_http_resp *resp, int rc, char *text)
{
	if (rc == 0 && text == NULL)
		rc = np_error_set(NP_ENOMEM, "out of memory");
	if (rc != 0) {
		free(text);
		return np_http_answer(resp, rc, NULL, false);
	}
	resp->body = text;
	resp->len = strlen(text);
	resp->content_type = "application/json";
	resp->status = 200;
	return 0;
}

const char *np_http_query(const struct np_http_req *req, const char *key)
{
	for (size_t i = 0; i < req->n_query; i++)
		if (strcmp(req->query[i].key, key) == 0)
			return req->query[i].value;
	return NULL;
}

int np_http_query_int(const struct np_http_req *req, struct np_http_resp *resp, const char *key,
                      int min, int max, int *out)
{
	const char *text = np_http_query(req, key);
	if (text == NULL)
		return 0;
	char *end;
	long v = strtol(text, &end, 10);
	if (*text == '\0' || *end != '\0' || v < min || v > max)
		return np_http_error(resp, 400, "invalid", key,
		                     "%s: expected a whole number from %d to %d", key, min, max) +
		       1;
	*out = (int)v;
	return 0;
}

int np_http_query_day(const struct np_http_req *req, struct np_http_resp *resp, const char *key,
                      np_day *out)
{
	const char *text = np_http_query(req, key);
	if (text && np_date_parse(out, text) != 0)
		return np_http_error(resp, 400, "invalid", key, "%s: %s", key, np_error_last()) + 1;
	return 0;
}

bool np_http_utf8(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t n;
		unsigned min;
		unsigned cp;
		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1, min = 0x80, cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, min = 0x800, cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return false;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

static const char *type_name(enum np_field_type t)
{
	static const char *const names[] = {"a string",      "a whole number", "a number",
	                                    "true or false", "an object",      "an array"};
	return names[t];
}

static bool type_ok(enum np_field_type t, const json_t *v)
{
	switch (t) {
	case NP_F_STRING:
		return json_is_string(v);
	case NP_F_INT:
		return json_is_integer(v);
	case NP_F_NUMBER:
		return json_is_number(v);
	case NP_F_BOOL:
		return json_is_boolean(v);
	case NP_F_OBJECT:
		return json_is_object(v);
	case NP_F_ARRAY:
		return json_is_array(v);
	}
	return false;
}

int np_http_check_body(const struct np_body *schema, const json_t *body, struct np_http_resp *resp)
{
	if (!json_is_object(body))
		return np_http_error(resp, 400, "invalid", "body", "body: expected a JSON object") +
		       1;
	if (schema->open)
		return 0;
	const char *key;
	const json_t *value;
	json_object_foreach((json_t *)body, key, value)
	{
		const struct np_field *f = schema->fields;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (f->name == NULL)
			return np_http_error(resp, 400, "invalid", key, "%s: unknown field", key) +
			       1;
		if (!type_ok(f->type, value))
			return np_http_error(resp, 400, "invalid", key, "%s: expected %s", key,
			                     type_name(f->type)) +
			       1;
	}
	for (const struct np_field *f = schema->fields; f->name; f++)
		if (f->required && json_object_get(body, f->name) == NULL)
			return np_http_error(resp, 400, "invalid", f->name,
			                     "%s: missing: this field is required", f->name) +
			       1;
	return 0;
}

/* How deep the JSON nests, counting brackets outside strings; stops counting past limit. */
static int json_depth(const char *text, size_t len, int limit)
{
	int depth = 0, deepest = 0;
	bool in_string = false;
	for (size_t i = 0; i < len && deepest <= limit; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (++depth > deepest)
				deepest = depth;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return deepest;
}

/* Split a path segment off *p: its start and length; false at the end. */
static bool segment(const char **p, const char **start, size_t *len)
{
	if (**p != '/')
		return false;
	*start = ++*p;
	while (**p && **p != '/')
		++*p;
	*len = (size_t)(*p - *start);
	return true;
}

/* Whether path fits pattern; the {id} segments' texts go into ids (as text, checked later). */
static bool match(const char *pattern, const char *path, const char *ids[NP_HTTP_MAX_IDS],
                  size_t id_len[NP_HTTP_MAX_IDS])
{
	size_t n_ids = 0;
	const char *ps, *qs;
	size_t pl, ql;
	for (;;) {
		bool more_pattern = segment(&pattern, &ps, &pl);
		bool more_path = segment(&path, &qs, &ql);
		if (!more_pattern || !more_path)
			return !more_pattern && !more_path && *path == '\0';
		if (pl == 4 && memcmp(ps, "{id}", 4) == 0) {
			if (n_ids == NP_HTTP_MAX_IDS || ql == 0)
				return false;
			ids[n_ids] = qs;
			id_len[n_ids++] = ql;
		} else if (pl != ql || memcmp(ps, qs, pl) != 0) {
			return false;
		}
	}
}

static bool parse_id(const char *text, size_t len, int64_t *out)
{
	if (len == 0 || len > 15 || text[0] == '0')
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		v = v * 10 + (text[i] - '0');
	}
	*out = v;
	return true;
}

static bool state_changing(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* The session cookie's value in a Cookie header, copied into out; false when absent. */
static bool cookie_token(const char *header, char out[NP_AUTH_TOKEN_LEN + 1])
{
	static const char name[] = NP_HTTP_COOKIE "=";
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		size_t len = strcspn(p, ";");
		if (strncmp(p, name, sizeof name - 1) == 0) {
			size_t v = len - (sizeof name - 1);
			if (v != NP_AUTH_TOKEN_LEN)
				return false;
			memcpy(out, p + sizeof name - 1, v);
			out[v] = '\0';
			return true;
		}
		p += len;
	}
	return false;
}

/* Whether the request came through the proxy the service was told to trust. */
static bool from_proxy(const struct np_http_ctx *ctx, const struct np_http_req *req)
{
	return ctx->trust_proxy && req->addr && strcmp(ctx->trust_proxy, req->addr) == 0;
}

/* The client: through the trusted proxy, the last address of X-Forwarded-For (the one the proxy
 * itself added: any before it the client may have written); else the peer. */
static void client_address(struct np_http_req *req, bool proxied)
{
	snprintf(req->client, sizeof req->client, "%s", req->addr ? req->addr : "");
	const char *list = req->forwarded_for;
	if (!proxied || list == NULL)
		return;
	const char *last = strrchr(list, ',');
	last = last ? last + 1 : list;
	last += strspn(last, " \t");
	char text[64];
	size_t n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof text)
		return;
	memcpy(text, last, n);
	text[n] = '\0';
	unsigned char bin[16];
	if (inet_pton(AF_INET, text, bin) == 1 || inet_pton(AF_INET6, text, bin) == 1)
		snprintf(req->client, sizeof req->client, "%s", text);
}

/* A public state-changing request (setup, sign-in) has no CSRF token to show: it must be JSON
 * (which a cross-site form cannot send without a preflight) and, when the browser says where it
 * comes from, come from here. */
/* A state-changing request without a session (sign-in, setup) comes from a page of this server:
 * no Origin (not a browser's cross-site request), the Origin of the Host it asked, or the public
 * origin the proxy in front serves it at. */
static bool same_origin(const struct np_http_req *req)
{
	if (req->origin == NULL)
		return true;
	if (req->ctx->public_origin && strcmp(req->origin, req->ctx->public_origin) == 0)
		return true;
	if (req->host == NULL)
		return false;
	const char *rest = strstr(req->origin, "://");
	return rest && strcmp(rest + 3, req->host) == 0;
}

static bool is_json(const char *content_type)
{
	static const char json[] = "application/json";
	return content_type && strncmp(content_type, json, sizeof json - 1) == 0 &&
	       (content_type[sizeof json - 1] == '\0' || content_type[sizeof json - 1] == ';');
}

static int parse_body(struct np_http_req *req, struct np_http_resp *resp)
{
	const struct np_route *r = req->route;
	if (!is_json(req->content_type))
		return np_http_error(resp, 415, "unsupported_media_type", "Content-Type",
		                     "Content-Type: expected application/json") +
		       1;
	if (req->body_len > req->ctx->max_body)
		return np_http_error(resp, 413, "too_large", "body",
		                     "body: %zu bytes is more than the %zu this server takes",
		                     req->body_len, req->ctx->max_body) +
		       1;
	if (req->body_len == 0)
		return np_http_error(resp, 400, "invalid", "body", "body: expected a JSON object") +
		       1;
	if (json_depth(req->body, req->body_len, MAX_DEPTH) > MAX_DEPTH)
		return np_http_error(resp, 400, "invalid", "body", "body: nested more than %d deep",
		                     MAX_DEPTH) +
		       1;
	json_error_t e;
	req->json = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &e);
	if (req->json == NULL)
		return np_http_error(resp, 400, "invalid", "body",
		                     "body: not JSON: %s (line %d, column %d)", e.text, e.line,
		                     e.column) +
		       1;
	return np_http_check_body(r->body, req->json, resp);
}

static bool all_utf8(const struct np_http_req *req)
{
	if (!np_http_utf8(req->path, strlen(req->path)))
		return false;
	for (size_t i = 0; i < req->n_query; i++)
		if (!np_http_utf8(req->query[i].key, strlen(req->query[i].key)) ||
		    !np_http_utf8(req->query[i].value, strlen(req->query[i].value)))
			return false;
	return true;
}

bool np_http_slow(const char *method, const char *path)
{
	const char *id_text[NP_HTTP_MAX_IDS];
	size_t id_len[NP_HTTP_MAX_IDS];
	for (const struct np_route *r = np_routes; r->method; r++)
		if (strcmp(r->method, method) == 0 && match(r->pattern, path, id_text, id_len))
			return (r->flags & NP_ROUTE_SLOW) != 0;
	return false;
}

static void route(struct np_http_req *req, struct np_http_resp *resp)
{
	const char *id_text[NP_HTTP_MAX_IDS];
	size_t id_len[NP_HTTP_MAX_IDS];
	bool path_known = false;
	for (const struct np_route *r = np_routes; r->method; r++) {
		if (!match(r->pattern, req->path, id_text, id_len))
			continue;
		path_known = true;
		if (strcmp(r->method, req->method) == 0) {
			req->route = r;
			break;
		}
	}
	if (req->route == NULL) {
		if (path_known)
			np_http_error(resp, 405, "method_not_allowed", NULL,
			              "%s is not allowed here", req->method);
		else
			np_http_error(resp, 404, "not_found", NULL, "no such address in the API");
		return;
	}
	const struct np_route *r = req->route;
	if (!(r->flags & NP_ROUTE_PUBLIC)) {
		int rc = cookie_token(req->cookie, req->token)
		             ? np_auth_session(&req->session, req->store, req->token, req->now,
		                               &req->ctx->expiry)
		             : np_error_set(NP_ENOTFOUND, "no session: sign in");
		if (rc == NP_ENOTFOUND || rc == NP_EFORBIDDEN) {
			np_http_error(resp, 401, "unauthenticated", NULL, "%s", np_error_last());
			return;
		}
		if (rc != 0) {
			np_http_fail_last(resp, rc);
			return;
		}
		/* "today" is the signed-in user's clinic's, in its time zone, found once here */
		req->today = req->session.actor.today;
		if (!(r->roles & NP_HTTP_ROLE(req->session.actor.role))) {
			np_http_error(resp, 403, "forbidden", NULL, "%s '%s' may not use %s %s",
			              np_role_name(req->session.actor.role),
			              req->session.actor.name, r->method, r->pattern);
			return;
		}
		if (state_changing(r->method) &&
		    !np_auth_token_equal(req->csrf, req->session.csrf)) {
			np_http_error(resp, 403, "csrf", "X-CSRF-Token",
			              "X-CSRF-Token: %s: send the token from GET /api/v1/session",
			              req->csrf ? "does not match the session's" : "missing");
			return;
		}
	} else if (state_changing(r->method) && !same_origin(req)) {
		np_http_error(resp, 403, "forbidden", "Origin", "Origin: not this server");
		return;
	}
	for (size_t i = 0; i < NP_HTTP_MAX_IDS; i++)
		req->ids[i] = 0;
	for (size_t i = 0, k = 0; r->pattern[i]; i++) {
		if (strncmp(r->pattern + i, "{id}", 4) != 0)
			continue;
		if (!parse_id(id_text[k], id_len[k], &req->ids[k])) {
			np_http_error(resp, 400, "invalid", "id",
			              "id: expected a whole number from 1 in the address");
			return;
		}
		k++;
	}
	if (r->body && parse_body(req, resp) != 0)
		return;
	if (!r->body && req->body_len > 0) {
		np_http_error(resp, 400, "invalid", "body", "body: %s %s takes none", r->method,
		              r->pattern);
		return;
	}
	np_error_clear();
	r->handler(req, resp);
}

/* One line per request on stderr, for journald: when, the method, the route's pattern (never the
 * address itself: a query may hold a name), the status, how long, and the user's id. Never a
 * password, a token or a health datum. */
static void log_request(const struct np_http_req *req, const struct np_http_resp *resp,
                        const struct timespec *start)
{
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - start->tv_sec) * 1000.0 +
	            (double)(end.tv_nsec - start->tv_nsec) / 1e6;
	char at[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	const char *route = req->route                                        ? req->route->pattern
	                    : req->path && strncmp(req->path, "/api", 4) == 0 ? "(no route)"
	                                                                      : "(static file)";
	fprintf(stderr,
	        "needlepoint serve: time=%s method=%s route=%s status=%d ms=%.1f user=%lld "
	        "from=%s\n",
	        at, req->method && strlen(req->method) < 16 ? req->method : "(invalid)", route,
	        resp->status, ms, (long long)req->session.actor.user_id,
	        req->client[0] ? req->client : "-");
}

void np_http_handle(struct np_http_ctx *ctx, struct np_store *store, struct np_http_req *req,
                    struct np_http_resp *resp)
{
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	memset(resp, 0, sizeof *resp);
	req->ctx = ctx;
	req->store = store;
	req->route = NULL;
	req->json = NULL;
	req->now = (int64_t)time(NULL);
	req->today = NP_DAY_NONE; /* the clinic's, once the session says which clinic */
	bool proxied = from_proxy(ctx, req);
	client_address(req, proxied);
	resp->https = req->tls || (proxied && req->forwarded_proto &&
	                           strcmp(req->forwarded_proto, "https") == 0);
	if (req->method == NULL || req->path == NULL || req->path[0] != '/') {
		np_http_error(resp, 400, "invalid", NULL, "not an HTTP request this server reads");
	} else if (!all_utf8(req)) {
		np_http_error(resp, 400, "invalid", "address",
		              "address: the path or the query is not UTF-8");
	} else if (req->too_many_query) {
		np_http_error(resp, 400, "invalid", "address",
		              "address: more than %d query parameters", NP_HTTP_MAX_QUERY);
	} else if (strncmp(req->path, "/api/", 5) == 0 || strcmp(req->path, "/api") == 0) {
		route(req, resp);
	} else {
		np_http_static(ctx, req, resp);
	}
	if (resp->json == NULL && resp->body == NULL && resp->status != 204 && !resp->streamed)
		np_http_error(resp, 500, "internal", NULL, "out of memory");
	np_error_clear(); /* a refusal's list lives with this thread until cleared */
	log_request(req, resp, &start);
}

void np_http_req_release(struct np_http_req *req)
{
	json_decref(req->json);
	req->json = NULL;
	np_arena_release(&req->arena);
}

void np_http_resp_release(struct np_http_resp *resp)
{
	json_decref(resp->json);
	free(resp->body);
	resp->json = NULL;
	resp->body = NULL;
}

void np_http_each_header(const struct np_http_resp *resp,
                         void (*fn)(void *arg, const char *name, const char *value), void *arg)
{
	/* scripts and styles come from files of this server only: no inline script anywhere */
	fn(arg, "Content-Security-Policy",
	   "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	   "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
	   "frame-ancestors 'none'");
	fn(arg, "X-Content-Type-Options", "nosniff");
	fn(arg, "X-Frame-Options", "DENY");
	fn(arg, "Referrer-Policy", "no-referrer");
	fn(arg, "Cross-Origin-Opener-Policy", "same-origin");
	fn(arg, "Cross-Origin-Resource-Policy", "same-origin");
	fn(arg, "Cache-Control", resp->cacheable ? "no-cache" : "no-store");
	if (!resp->cacheable)
		fn(arg, "Pragma", "no-cache");
	if (resp->https)
		fn(arg, "Strict-Transport-Security", "max-age=31536000");
	if (resp->set_cookie[0])
		fn(arg, "Set-Cookie", resp->set_cookie);
	if (resp->retry_after > 0) {
		char seconds[16];
		snprintf(seconds, sizeof seconds, "%d", resp->retry_after);
		fn(arg, "Retry-After", seconds);
	}
}
