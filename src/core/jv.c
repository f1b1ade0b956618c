/* The JSON validator behind strict pack loading and every input the engine reads. */
#include "jv.h"

#include "needlepoint/error.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void np_jv_init(struct np_jv *jv, int code, const char *file)
{
	jv->code = code;
	jv->file = file;
	jv->path[0] = '\0';
	jv->len = 0;
}

size_t np_jv_key(struct np_jv *jv, const char *key)
{
	size_t mark = jv->len;
	int n = snprintf(jv->path + jv->len, sizeof jv->path - jv->len, "%s%s", jv->len ? "." : "",
	                 key);
	if (n > 0)
		jv->len += (size_t)n < sizeof jv->path - jv->len ? (size_t)n
		                                                 : sizeof jv->path - jv->len - 1;
	return mark;
}

size_t np_jv_index(struct np_jv *jv, size_t index)
{
	size_t mark = jv->len;
	int n = snprintf(jv->path + jv->len, sizeof jv->path - jv->len, "[%zu]", index);
	if (n > 0)
		jv->len += (size_t)n < sizeof jv->path - jv->len ? (size_t)n
		                                                 : sizeof jv->path - jv->len - 1;
	return mark;
}

void np_jv_pop(struct np_jv *jv, size_t mark)
{
	jv->len = mark;
	jv->path[mark] = '\0';
}

int np_jv_fail(struct np_jv *jv, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	const char *path = jv->len ? jv->path : "(top level)";
	if (jv->file)
		return np_error_set(jv->code, "%s: %s: %s", jv->file, path, message);
	return np_error_set(jv->code, "%s: %s", path, message);
}

const char *np_jv_show(const json_t *value, char *out, size_t size)
{
	char *text = value ? json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	if (text == NULL) {
		snprintf(out, size, "%s", value ? "a value" : "nothing");
		return out;
	}
	/* Keep messages one short, printable line whatever the input held. */
	size_t j = 0;
	for (size_t i = 0; text[i] && j + 4 < size; i++) {
		unsigned char c = (unsigned char)text[i];
		out[j++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
		if (j >= 60 && text[i + 1]) {
			memcpy(out + j, "...", 3);
			j += 3;
			break;
		}
	}
	out[j] = '\0';
	free(text);
	return out;
}

static bool listed(const char *const keys[], const char *key, bool *required)
{
	for (size_t i = 0; keys[i]; i++) {
		const char *name = keys[i][0] == '?' ? keys[i] + 1 : keys[i];
		if (strcmp(name, key) == 0) {
			*required = keys[i][0] != '?';
			return true;
		}
	}
	return false;
}

int np_jv_object(struct np_jv *jv, const json_t *value, const char *const keys[])
{
	char shown[80];
	if (!json_is_object(value))
		return np_jv_fail(jv, "expected an object, got %s",
		                  np_jv_show(value, shown, sizeof shown));
	const char *key;
	json_t *member;
	json_object_foreach((json_t *)value, key, member)
	{
		bool required;
		if (!listed(keys, key, &required)) {
			size_t mark = np_jv_key(jv, key);
			int rc = np_jv_fail(jv, "unknown key '%s'", key);
			np_jv_pop(jv, mark);
			return rc;
		}
	}
	for (size_t i = 0; keys[i]; i++) {
		if (keys[i][0] != '?' && json_object_get(value, keys[i]) == NULL) {
			size_t mark = np_jv_key(jv, keys[i]);
			int rc = np_jv_fail(jv, "missing: this field is required");
			np_jv_pop(jv, mark);
			return rc;
		}
	}
	return 0;
}

/* Look a field up, descend into its path; returns NULL (and no mark) when absent. */
static json_t *field(struct np_jv *jv, const json_t *obj, const char *key, size_t *mark)
{
	json_t *v = json_object_get(obj, key);
	if (v != NULL)
		*mark = np_jv_key(jv, key);
	return v;
}

static int finish(struct np_jv *jv, size_t mark, int rc)
{
	if (rc == 0)
		np_jv_pop(jv, mark);
	return rc;
}

int np_jv_string_value(struct np_jv *jv, const json_t *value, const char **out)
{
	char shown[80];
	if (!json_is_string(value) || json_string_length(value) == 0)
		return np_jv_fail(jv, "expected a non-empty string, got %s",
		                  np_jv_show(value, shown, sizeof shown));
	if (strlen(json_string_value(value)) != json_string_length(value))
		return np_jv_fail(jv, "expected a string without NUL characters");
	*out = json_string_value(value);
	return 0;
}

int np_jv_string(struct np_jv *jv, const json_t *obj, const char *key, const char **out)
{
	size_t mark;
	json_t *v = field(jv, obj, key, &mark);
	if (v == NULL)
		return 0;
	return finish(jv, mark, np_jv_string_value(jv, v, out));
}

static int number_value(struct np_jv *jv, const json_t *v, double *out, double min, double max)
{
	char shown[80];
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return np_jv_fail(jv, "expected a number, got %s",
		                  np_jv_show(v, shown, sizeof shown));
	double d = json_number_value(v);
	if (d < min || d > max)
		return np_jv_fail(jv, "%s is out of range: expected %g to %g",
		                  np_jv_show(v, shown, sizeof shown), min, max);
	*out = d;
	return 0;
}

int np_jv_number(struct np_jv *jv, const json_t *obj, const char *key, double *out, double min,
                 double max)
{
	size_t mark;
	json_t *v = field(jv, obj, key, &mark);
	if (v == NULL)
		return 0;
	return finish(jv, mark, number_value(jv, v, out, min, max));
}

static int int_value(struct np_jv *jv, const json_t *v, int *out, int min, int max)
{
	char shown[80];
	if (!json_is_integer(v))
		return np_jv_fail(jv, "expected a whole number, got %s",
		                  np_jv_show(v, shown, sizeof shown));
	json_int_t i = json_integer_value(v);
	if (i < min || i > max)
		return np_jv_fail(jv, "%s is out of range: expected %d to %d",
		                  np_jv_show(v, shown, sizeof shown), min, max);
	*out = (int)i;
	return 0;
}

int np_jv_int(struct np_jv *jv, const json_t *obj, const char *key, int *out, int min, int max)
{
	size_t mark;
	json_t *v = field(jv, obj, key, &mark);
	if (v == NULL)
		return 0;
	return finish(jv, mark, int_value(jv, v, out, min, max));
}

int np_jv_bool(struct np_jv *jv, const json_t *obj, const char *key, bool *out)
{
	char shown[80];
	size_t mark;
	json_t *v = field(jv, obj, key, &mark);
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return np_jv_fail(jv, "expected true or false, got %s",
		                  np_jv_show(v, shown, sizeof shown));
	*out = json_is_true(v);
	return finish(jv, mark, 0);
}

int np_jv_array(struct np_jv *jv, const json_t *obj, const char *key, json_t **out)
{
	char shown[80];
	size_t mark;
	json_t *v = field(jv, obj, key, &mark);
	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return np_jv_fail(jv, "expected an array, got %s",
		                  np_jv_show(v, shown, sizeof shown));
	*out = v;
	return finish(jv, mark, 0);
}

int np_jv_list(struct np_jv *jv, const json_t *obj, const char *key, json_t **out, size_t *n)
{
	json_t *arr = NULL;
	int rc = np_jv_array(jv, obj, key, &arr);
	if (rc != 0)
		return rc;
	if (arr == NULL || json_array_size(arr) == 0) {
		size_t mark = np_jv_key(jv, key);
		rc = np_jv_fail(jv, arr ? "expected a non-empty array"
		                        : "missing: this field is required");
		np_jv_pop(jv, mark);
		return rc;
	}
	*out = arr;
	*n = json_array_size(arr);
	return 0;
}

int np_jv_date(struct np_jv *jv, const json_t *obj, const char *key, np_day *out)
{
	char shown[80];
	size_t mark;
	json_t *v = field(jv, obj, key, &mark);
	if (v == NULL)
		return 0;
	if (!json_is_string(v) || np_date_parse(out, json_string_value(v)) != 0)
		return np_jv_fail(jv, "%s is not a date: expected a calendar day as YYYY-MM-DD",
		                  np_jv_show(v, shown, sizeof shown));
	return finish(jv, mark, 0);
}

static bool two_numbers(const json_t *v)
{
	return json_is_array(v) && json_array_size(v) == 2 &&
	       json_is_number(json_array_get(v, 0)) && json_is_number(json_array_get(v, 1));
}

/* Two numbers at key; what names the expected form in messages. Returns 0 with *v NULL when
 * absent, 0 with *v set when read (the path still at key), else a failure. */
static int pair(struct np_jv *jv, const json_t *obj, const char *key, const char *what,
                double out[2], json_t **v, size_t *mark)
{
	char shown[80];
	*v = field(jv, obj, key, mark);
	if (*v == NULL)
		return 0;
	if (!two_numbers(*v))
		return np_jv_fail(jv, "expected %s, got %s", what,
		                  np_jv_show(*v, shown, sizeof shown));
	out[0] = json_number_value(json_array_get(*v, 0));
	out[1] = json_number_value(json_array_get(*v, 1));
	return 0;
}

int np_jv_point(struct np_jv *jv, const json_t *obj, const char *key, double out[2], double min,
                double max)
{
	char shown[80];
	size_t mark;
	json_t *v;
	int rc = pair(jv, obj, key, "[x, y]", out, &v, &mark);
	if (rc != 0 || v == NULL)
		return rc;
	if (out[0] < min || out[0] > max || out[1] < min || out[1] > max)
		return np_jv_fail(jv, "%s is out of bounds: expected %g to %g",
		                  np_jv_show(v, shown, sizeof shown), min, max);
	return finish(jv, mark, 0);
}

int np_jv_range(struct np_jv *jv, const json_t *obj, const char *key, double out[2], double min,
                double max)
{
	char shown[80];
	size_t mark;
	json_t *v;
	double r[2];
	int rc = pair(jv, obj, key, "[min, max]", r, &v, &mark);
	if (rc != 0 || v == NULL)
		return rc;
	if (!(r[0] <= r[1]))
		return np_jv_fail(jv, "upside-down range %s: expected [min, max] with min <= max",
		                  np_jv_show(v, shown, sizeof shown));
	if (r[0] < min || r[1] > max)
		return np_jv_fail(jv, "range %s is out of bounds: expected within %g to %g",
		                  np_jv_show(v, shown, sizeof shown), min, max);
	out[0] = r[0];
	out[1] = r[1];
	return finish(jv, mark, 0);
}

int np_jv_int_range(struct np_jv *jv, const json_t *obj, const char *key, int out[2], int min,
                    int max)
{
	char shown[80];
	double r[2];
	json_t *v = json_object_get(obj, key);
	if (v == NULL)
		return 0;
	int rc = np_jv_range(jv, obj, key, r, min, max);
	if (rc != 0)
		return rc;
	if (!json_is_integer(json_array_get(v, 0)) || !json_is_integer(json_array_get(v, 1))) {
		size_t mark = np_jv_key(jv, key);
		rc = np_jv_fail(jv, "expected [min, max] in whole numbers, got %s",
		                np_jv_show(v, shown, sizeof shown));
		np_jv_pop(jv, mark);
		return rc;
	}
	out[0] = (int)r[0];
	out[1] = (int)r[1];
	return 0;
}
