/* A growable, always NUL-terminated string buffer for building text (the SVG map, reasons). */
#ifndef NP_BUF_H
#define NP_BUF_H

#include <stddef.h>

struct np_buf {
	char *data; /* owned; NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	int failed; /* set when an allocation failed; later appends do nothing */
};

#define NP_BUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0, 0                                                                      \
	}

void np_buf_append(struct np_buf *b, const char *text);
/* Room for extra more bytes and the NUL after them, for a writer that fills data + len itself
 * (then moves len on and writes the NUL): 0, or -1 when an allocation failed (failed is set). */
int np_buf_reserve(struct np_buf *b, size_t extra);
/* Append n bytes of text (which need not end there). */
void np_buf_append_n(struct np_buf *b, const char *text, size_t n);
void np_buf_printf(struct np_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append text with &, <, >, " and ' escaped for XML. */
void np_buf_append_xml(struct np_buf *b, const char *text);
/* Hand the string to the caller (who frees it) and reset b; NULL when an allocation failed. */
char *np_buf_detach(struct np_buf *b);
void np_buf_release(struct np_buf *b);

#endif
