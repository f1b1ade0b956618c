/* JSON members found in text (json_scan.h). */
#include "json_scan.h"

#include <string.h>

static const char *space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Past a string whose opening quote is at p; NULL when it does not close. */
static const char *string_end(const char *p)
{
	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return NULL;
		if (*p == '\\' && *++p == '\0')
			return NULL;
	}
	return p + 1;
}

/* Past the value that starts at p: a string, an object or array with everything in it, or a
 * number or literal up to what ends it; NULL when it does not end. */
static const char *value_end(const char *p)
{
	if (*p == '"')
		return string_end(p);
	if (*p == '{' || *p == '[') {
		size_t depth = 0;
		do {
			if (*p == '"') {
				if ((p = string_end(p)) == NULL)
					return NULL;
				continue;
			}
			if (*p == '{' || *p == '[')
				depth++;
			else if (*p == '}' || *p == ']')
				depth--;
			else if (*p == '\0')
				return NULL;
			p++;
		} while (depth > 0);
		return p;
	}
	const char *start = p;
	while (*p && strchr(",}] \t\n\r", *p) == NULL)
		p++;
	return p > start ? p : NULL;
}

int np_json_scan_start(struct np_json_scan *scan, const char *text)
{
	const char *p = text ? space(text) : NULL;
	if (p == NULL || *p != '{')
		return -1;
	scan->at = p + 1;
	scan->started = false;
	return 0;
}

int np_json_scan_next(struct np_json_scan *scan, struct np_json_member *m)
{
	const char *p = space(scan->at);
	if (*p == '}')
		return 0;
	if (scan->started) {
		if (*p != ',')
			return -1;
		p = space(p + 1);
	}
	if (*p != '"')
		return -1;
	const char *key_end = string_end(p);
	if (key_end == NULL)
		return -1;
	m->key = p + 1;
	m->key_len = (size_t)(key_end - p - 2);
	p = space(key_end);
	if (*p != ':')
		return -1;
	p = space(p + 1);
	const char *end = value_end(p);
	if (end == NULL)
		return -1;
	m->value = p;
	m->value_len = (size_t)(end - p);
	scan->at = end;
	scan->started = true;
	return 1;
}

bool np_json_member_is(const struct np_json_member *m, const char *key)
{
	return strlen(key) == m->key_len && memcmp(m->key, key, m->key_len) == 0;
}
