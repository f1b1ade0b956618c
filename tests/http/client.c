/* The API tests' HTTP client (client.h). */
#define _GNU_SOURCE /* memmem */
#include "client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* A chunked body decoded where it lies: false when it stops before its last chunk (an answer
 * the server cut short). */
static bool unchunk(char *body, size_t *len)
{
	char *in = body, *out = body, *end = body + *len;
	for (;;) {
		char *eol = memmem(in, (size_t)(end - in), "\r\n", 2);
		if (eol == NULL)
			break;
		size_t n = strtoul(in, NULL, 16);
		in = eol + 2;
		if (n == 0) {
			*len = (size_t)(out - body);
			return true;
		}
		if ((size_t)(end - in) < n + 2)
			break;
		memmove(out, in, n);
		out += n;
		in += n + 2;
	}
	*len = (size_t)(out - body);
	return false;
}

int http_raw(int port, const char *request, size_t len, struct answer *out)
{
	memset(out, 0, sizeof *out);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (size_t sent = 0; sent < len;) {
		ssize_t n = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break; /* the server may answer (413) before it reads everything */
		sent += (size_t)n;
	}
	size_t cap = 1 << 16, got = 0;
	char *data = malloc(cap);
	for (;;) {
		if (got + 4096 > cap)
			data = realloc(data, cap *= 2);
		ssize_t n = recv(fd, data + got, cap - got - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	data[got] = '\0';
	char *end = strstr(data, "\r\n\r\n");
	if (end == NULL || sscanf(data, "HTTP/1.1 %d", &out->status) != 1) {
		free(data);
		return -1;
	}
	*end = '\0';
	out->head = data;
	out->body = end + 4;
	out->len = got - (size_t)(out->body - data);
	out->whole = true;
	char te[32];
	if (http_header(out, "Transfer-Encoding", te, sizeof te) &&
	    strcasecmp(te, "chunked") == 0) {
		out->whole = unchunk(out->body, &out->len);
		out->body[out->len] = '\0';
	}
	out->json = json_loadb(out->body, out->len, 0, NULL);
	return 0;
}

int http_call(int port, const char *method, const char *path, const struct who *who,
              const char *csrf, const char *body, struct answer *out)
{
	size_t blen = body ? strlen(body) : 0;
	size_t cap = blen + 2048;
	char *req = malloc(cap);
	int n = snprintf(req, cap, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n",
	                 method, path, port);
	if (who && who->token[0])
		n += snprintf(req + n, cap - (size_t)n, "Cookie: np_session=%s\r\n", who->token);
	if (csrf)
		n += snprintf(req + n, cap - (size_t)n, "X-CSRF-Token: %s\r\n", csrf);
	if (body)
		n += snprintf(req + n, cap - (size_t)n,
		              "Content-Type: application/json\r\nContent-Length: %zu\r\n", blen);
	n += snprintf(req + n, cap - (size_t)n, "\r\n");
	if (body)
		memcpy(req + n, body, blen);
	int rc = http_raw(port, req, (size_t)n + blen, out);
	free(req);
	return rc;
}

const char *http_header(const struct answer *a, const char *name, char *out, size_t size)
{
	size_t n = strlen(name);
	for (const char *p = a->head ? strstr(a->head, "\r\n") : NULL; p; p = strstr(p, "\r\n")) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			size_t len = strcspn(v, "\r");
			snprintf(out, size, "%.*s", (int)len, v);
			return out;
		}
	}
	return NULL;
}

const char *http_error(const struct answer *a, const char *what)
{
	const char *v = json_string_value(json_object_get(json_object_get(a->json, "error"), what));
	return v ? v : "";
}

void http_free(struct answer *a)
{
	json_decref(a->json);
	free(a->head);
	memset(a, 0, sizeof *a);
}

void http_sign_in(int port, const char *name, const char *password, struct who *who)
{
	memset(who, 0, sizeof *who);
	char body[512], cookie[256];
	snprintf(body, sizeof body, "{\"name\": \"%s\", \"password\": \"%s\"}", name, password);
	struct answer a;
	if (http_call(port, "POST", "/api/v1/sign-in", NULL, NULL, body, &a) != 0 ||
	    a.status != 200 || !http_header(&a, "Set-Cookie", cookie, sizeof cookie)) {
		fprintf(stderr, "sign in as %s failed: %d %.*s\n", name, a.status, (int)a.len,
		        a.body ? a.body : "");
		abort();
	}
	sscanf(cookie, "np_session=%63[^;]", who->token);
	snprintf(who->csrf, sizeof who->csrf, "%s",
	         json_string_value(json_object_get(a.json, "csrf")));
	http_free(&a);
}
