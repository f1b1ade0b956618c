/* The browser UI's files, from the web root: plain names only, never outside it. */
#include "http.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The UI is small; anything bigger under web/ is not ours to serve. */
#define MAX_FILE (8u << 20)

static const struct {
	const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* Letters, digits, '-', '_' and '.', in segments that do not start with a dot. */
static bool plain(const char *path)
{
	if (*path == '\0')
		return false;
	for (const char *p = path; *p; p++) {
		bool start = p == path || p[-1] == '/';
		if (start && (*p == '.' || *p == '/'))
			return false;
		bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		          (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' ||
		          *p == '/';
		if (!ok)
			return false;
	}
	return true;
}

static int read_file(int dir, const char *name, char **out, size_t *len)
{
	int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	char *data = NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > MAX_FILE ||
	    (data = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return -1;
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(data);
		return -1;
	}
	*out = data;
	*len = got;
	return 0;
}

void np_http_static(struct np_http_ctx *ctx, const struct np_http_req *req,
                    struct np_http_resp *resp)
{
	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
		np_http_error(resp, 405, "method_not_allowed", NULL, "%s is not allowed here",
		              req->method);
		return;
	}
	const char *name = strcmp(req->path, "/") == 0 ? "index.html" : req->path + 1;
	const char *type = type_of(name);
	int dir = -1;
	if (!plain(name) || type == NULL ||
	    (dir = open(ctx->web_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    read_file(dir, name, &resp->body, &resp->len) != 0) {
		if (dir >= 0)
			close(dir);
		np_http_error(resp, 404, "not_found", NULL, "no such page");
		return;
	}
	close(dir);
	resp->status = 200;
	resp->content_type = type;
	resp->cacheable = true;
}
