/* The request parser and router: a method, flags for the session and CSRF token, an address with
 * its query, and a body, all from the fuzzer's bytes, answered by np_http_handle over a real
 * SQLite store with a clinic, an admin and a session. */
#include "http.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_input.h"

static struct np_store *store;
static struct np_http_ctx ctx;
static char token[NP_AUTH_TOKEN_LEN + 1], csrf[NP_AUTH_TOKEN_LEN + 1], cookie[128];

static void start(void)
{
	char path[] = "/tmp/np-fuzz-http-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
	unlink(path);
	if (np_store_open(&store, path, fuzz_pack()) != 0)
		abort();
	json_t *out = NULL,
	       *in = json_pack("{s:s, s:s, s:s, s:s}", "clinic", "Fuzz", "admin", "ada",
	                       "time_zone", "UTC", "password", "a long passphrase");
	struct np_web_session s;
	struct np_sign_in try = {"ada", "a long passphrase", "127.0.0.1", 1};
	int64_t wait = 0;
	if (np_auth_setup(&out, store, in) != 0 ||
	    np_auth_sign_in(token, &s, store, &try, &wait) != 0)
		abort();
	json_decref(in);
	json_decref(out);
	memcpy(csrf, s.csrf, sizeof csrf);
	snprintf(cookie, sizeof cookie, NP_HTTP_COOKIE "=%s", token);
	ctx.pack = fuzz_pack();
	ctx.pack_json = json_object();
	ctx.web_root = NP_WEB_ROOT;
	ctx.expiry = (struct np_auth_expiry){INT64_MAX / 4, INT64_MAX / 4};
	ctx.max_body = 1 << 16;
}

/* "k=v&k2=v2" into the request's query, in place. */
static void split_query(struct np_http_req *req, char *q)
{
	for (char *p = q; p && *p;) {
		char *amp = strchr(p, '&');
		if (amp)
			*amp++ = '\0';
		char *eq = strchr(p, '=');
		if (eq)
			*eq++ = '\0';
		if (req->n_query == NP_HTTP_MAX_QUERY) {
			req->too_many_query = true;
			return;
		}
		req->query[req->n_query].key = p;
		req->query[req->n_query++].value = eq ? eq : "";
		p = amp;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
	if (store == NULL)
		start();
	if (size < 2)
		return 0;
	uint8_t flags = data[1];
	const char *method = methods[data[0] % 6];
	data += 2, size -= 2;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t path_len = nl ? (size_t)(nl - data) : size;
	char *path = malloc(path_len + 1);
	memcpy(path, data, path_len);
	path[path_len] = '\0';
	struct np_http_req req;
	memset(&req, 0, sizeof req);
	char *q = strchr(path, '?');
	if (q)
		*q++ = '\0';
	split_query(&req, q);
	req.method = method;
	req.path = path;
	req.cookie = flags & 1 ? cookie : flags & 8 ? "np_session=short" : NULL;
	req.csrf = flags & 2 ? csrf : NULL;
	req.content_type = flags & 4 ? "application/json" : "text/plain";
	req.addr = "127.0.0.1";
	req.host = "127.0.0.1";
	req.body = nl ? (const char *)nl + 1 : "";
	req.body_len = nl ? size - path_len - 1 : 0;
	struct np_http_resp resp;
	np_http_handle(&ctx, store, &req, &resp);
	if (resp.status < 200 || resp.status > 599 || (resp.json == NULL && resp.body == NULL))
		abort();
	fuzz_dump(json_incref(resp.json));
	np_http_resp_release(&resp);
	np_http_req_release(&req);
	free(path);
	return 0;
}
