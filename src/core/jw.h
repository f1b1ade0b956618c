/* JSON written straight into a buffer, as jansson's JSON_COMPACT writes it (the same escapes,
 * the same reals), for answers that need no tree: the engine's screening and plan, and the chart,
 * which splices the records stored as JSON text in as they stand. A writer is a stack of open
 * objects and arrays; every value or key is placed after a comma when one is due. */
#ifndef NP_JW_H
#define NP_JW_H

#include "buf.h"

#include "needlepoint/date.h"
#include "needlepoint/pack.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define NP_JW_DEPTH 16

struct np_jw {
	struct np_buf buf;        /* the text so far; buf.failed after an allocation failed */
	bool more[NP_JW_DEPTH];   /* at each depth: whether a value was written there */
	char closer[NP_JW_DEPTH]; /* at each depth: '}' or ']' */
	bool keyed;               /* a key was written: its value follows, without a comma */
	unsigned depth;
};

#define NP_JW_INIT                                                                                 \
	{                                                                                          \
		.buf = NP_BUF_INIT                                                                 \
	}

void np_jw_object(struct np_jw *w); /* { */
void np_jw_array(struct np_jw *w);  /* [ */
void np_jw_end(struct np_jw *w);    /* } or ], whichever is open */
void np_jw_key(struct np_jw *w, const char *key);
void np_jw_string(struct np_jw *w, const char *s); /* NULL: null */
void np_jw_int(struct np_jw *w, long long v);
void np_jw_real(struct np_jw *w, double v);
void np_jw_bool(struct np_jw *w, bool v);
void np_jw_null(struct np_jw *w);

/* The contract's shapes (json_out.h writes the same as trees). */
void np_jw_date(struct np_jw *w, np_day day); /* "YYYY-MM-DD", or null */
void np_jw_mm(struct np_jw *w, double mm);    /* rounded to 2 decimals */
void np_jw_range(struct np_jw *w, double lo, double hi);
void np_jw_int_range(struct np_jw *w, int lo, int hi);
void np_jw_protocol(struct np_jw *w, const struct np_pack *pack);
/* The ids of every list's sources, in order, each once. */
void np_jw_sources(struct np_jw *w, const struct np_sources *const lists[], size_t n);

/* A value that is JSON text already (a record as the store keeps it), placed as it stands; NULL
 * text: null. */
void np_jw_raw(struct np_jw *w, const char *json, size_t len);
/* A key already escaped as JSON writes it (one found in stored text), without its quotes. */
void np_jw_raw_key(struct np_jw *w, const char *key, size_t len);
/* A tree, as jansson writes it compact (NULL: null). */
void np_jw_tree(struct np_jw *w, const json_t *tree);

/* Key and value at once. */
void np_jw_kstring(struct np_jw *w, const char *key, const char *s);
void np_jw_kint(struct np_jw *w, const char *key, long long v);

/* The text, the caller's to free; NULL when an allocation failed. w is reset. */
char *np_jw_detach(struct np_jw *w);

#endif
