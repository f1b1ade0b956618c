/* The growable string buffer. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int np_buf_reserve(struct np_buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	char *data = realloc(b->data, cap);
	if (data == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = data;
	b->cap = cap;
	return 0;
}

void np_buf_append_n(struct np_buf *b, const char *text, size_t n)
{
	if (np_buf_reserve(b, n) != 0)
		return;
	memcpy(b->data + b->len, text, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void np_buf_append(struct np_buf *b, const char *text)
{
	np_buf_append_n(b, text, strlen(text));
}

void np_buf_printf(struct np_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || np_buf_reserve(b, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void np_buf_append_xml(struct np_buf *b, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '&':
			np_buf_append(b, "&amp;");
			break;
		case '<':
			np_buf_append(b, "&lt;");
			break;
		case '>':
			np_buf_append(b, "&gt;");
			break;
		case '"':
			np_buf_append(b, "&quot;");
			break;
		case '\'':
			np_buf_append(b, "&apos;");
			break;
		default:
			np_buf_append_n(b, p, 1);
		}
	}
}

char *np_buf_detach(struct np_buf *b)
{
	char *data = b->failed ? NULL : b->data;
	if (b->failed)
		free(b->data);
	else if (data == NULL)
		data = calloc(1, 1);
	*b = (struct np_buf)NP_BUF_INIT;
	return data;
}

void np_buf_release(struct np_buf *b)
{
	free(b->data);
	*b = (struct np_buf)NP_BUF_INIT;
}
