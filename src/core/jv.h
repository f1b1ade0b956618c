/* Declared validation of JSON input: every object names its keys, every value its type and bounds,
 * and every failure names the JSON path (`zones[3].depth_mm`) and what was expected. */
#ifndef NP_JV_H
#define NP_JV_H

#include "needlepoint/date.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct np_jv {
	int code;         /* the error code failures carry: NP_EPACK or NP_EINVAL */
	const char *file; /* a prefix for messages (the pack's file name), or NULL */
	char path[256];
	size_t len;
};

/* Start at the top level. A failure leaves the path where it failed (callers return at once);
 * a validator that failed is started again with np_jv_init before it is used again. */
void np_jv_init(struct np_jv *jv, int code, const char *file);

/* Descend into a key or an index; each returns a mark for np_jv_pop to come back up. */
size_t np_jv_key(struct np_jv *jv, const char *key);
size_t np_jv_index(struct np_jv *jv, size_t index);
void np_jv_pop(struct np_jv *jv, size_t mark);

/* Fail at the current path: "file: path: message". Returns jv->code. */
int np_jv_fail(struct np_jv *jv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A short printable rendering of a value for messages, written into out. */
const char *np_jv_show(const json_t *value, char *out, size_t size);

/* Check that value is an object whose keys are all listed in keys (NULL-terminated). A name with a
 * leading '?' is optional; the others are required. */
int np_jv_object(struct np_jv *jv, const json_t *value, const char *const keys[]);

/* Typed fields of an object that passed np_jv_object. An absent optional field leaves *out as it
 * was and returns 0. Strings point into the JSON value and live as long as it does. */
int np_jv_string(struct np_jv *jv, const json_t *obj, const char *key, const char **out);
int np_jv_number(struct np_jv *jv, const json_t *obj, const char *key, double *out, double min,
                 double max);
int np_jv_int(struct np_jv *jv, const json_t *obj, const char *key, int *out, int min, int max);
int np_jv_bool(struct np_jv *jv, const json_t *obj, const char *key, bool *out);
int np_jv_array(struct np_jv *jv, const json_t *obj, const char *key, json_t **out);
/* A required, non-empty array. */
int np_jv_list(struct np_jv *jv, const json_t *obj, const char *key, json_t **out, size_t *n);
int np_jv_date(struct np_jv *jv, const json_t *obj, const char *key, np_day *out);
/* [lo, hi] with min <= lo <= hi <= max. */
int np_jv_range(struct np_jv *jv, const json_t *obj, const char *key, double out[2], double min,
                double max);
int np_jv_int_range(struct np_jv *jv, const json_t *obj, const char *key, int out[2], int min,
                    int max);

/* [x, y]: two numbers, each within min to max. */
int np_jv_point(struct np_jv *jv, const json_t *obj, const char *key, double out[2], double min,
                double max);

/* The value itself, for an element of an array: a string, checked. */
int np_jv_string_value(struct np_jv *jv, const json_t *value, const char **out);

#endif
