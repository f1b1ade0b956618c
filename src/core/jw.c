/* JSON written straight into a buffer (jw.h). */
#include "jw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void put(struct np_jw *w, const char *text, size_t len)
{
	np_buf_append_n(&w->buf, text, len);
}

/* Before a value or a key: the comma after the one before it, if any. */
static void next(struct np_jw *w)
{
	if (w->keyed) {
		w->keyed = false;
		return;
	}
	if (w->more[w->depth])
		put(w, ",", 1);
	w->more[w->depth] = true;
}

static void open(struct np_jw *w, char c)
{
	next(w);
	put(w, &c, 1);
	if (w->depth + 1 >= NP_JW_DEPTH) {
		w->buf.failed = 1; /* deeper than any answer goes */
		return;
	}
	w->more[++w->depth] = false;
	w->closer[w->depth] = c == '{' ? '}' : ']';
}

void np_jw_object(struct np_jw *w)
{
	open(w, '{');
}

void np_jw_array(struct np_jw *w)
{
	open(w, '[');
}

void np_jw_end(struct np_jw *w)
{
	if (w->depth == 0) {
		w->buf.failed = 1; /* nothing is open */
		return;
	}
	put(w, &w->closer[w->depth--], 1);
}

/* A string as jansson writes it: quotes, backslash and control characters escaped (those
 * without a short escape as \u00XX), everything else as it is. Written straight into the buffer,
 * room made once for the worst case. */
static void string(struct np_jw *w, const char *s)
{
	size_t n = strlen(s);
	struct np_buf *b = &w->buf;
	if (np_buf_reserve(b, 6 * n + 2) != 0)
		return;
	static const char hex[] = "0123456789ABCDEF";
	char *out = b->data + b->len;
	*out++ = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\') {
			*out++ = (char)c;
			continue;
		}
		*out++ = '\\';
		switch (c) {
		case '"':
		case '\\':
			*out++ = (char)c;
			break;
		case '\b':
			*out++ = 'b';
			break;
		case '\f':
			*out++ = 'f';
			break;
		case '\n':
			*out++ = 'n';
			break;
		case '\r':
			*out++ = 'r';
			break;
		case '\t':
			*out++ = 't';
			break;
		default:
			memcpy(out, "u00", 3);
			out[3] = hex[c >> 4];
			out[4] = hex[c & 15];
			out += 5;
		}
	}
	*out++ = '"';
	b->len = (size_t)(out - b->data);
	b->data[b->len] = '\0';
}

void np_jw_key(struct np_jw *w, const char *key)
{
	next(w);
	string(w, key);
	put(w, ":", 1);
	w->keyed = true;
}

void np_jw_raw_key(struct np_jw *w, const char *key, size_t len)
{
	next(w);
	put(w, "\"", 1);
	put(w, key, len);
	put(w, "\":", 2);
	w->keyed = true;
}

void np_jw_raw(struct np_jw *w, const char *json, size_t len)
{
	if (json == NULL) {
		np_jw_null(w);
		return;
	}
	next(w);
	put(w, json, len);
}

/* jansson's writer hands the text over piece by piece. */
static int tree_part(const char *text, size_t len, void *w)
{
	put(w, text, len);
	return 0;
}

void np_jw_tree(struct np_jw *w, const json_t *tree)
{
	if (tree == NULL) {
		np_jw_null(w);
		return;
	}
	next(w);
	if (json_dump_callback(tree, tree_part, w, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
		w->buf.failed = 1;
}

void np_jw_string(struct np_jw *w, const char *s)
{
	if (s == NULL) {
		np_jw_null(w);
		return;
	}
	next(w);
	string(w, s);
}

/* The digits of v, written backwards from end; returns where they start. */
static char *digits(char *end, unsigned long long v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

void np_jw_int(struct np_jw *w, long long v)
{
	char text[24], *end = text + sizeof text;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char *start = digits(end, u);
	if (v < 0)
		*--start = '-';
	next(w);
	put(w, start, (size_t)(end - start));
}

/* A real that is a whole number of sixteenths below 10^12 (a depth of 0.25 or 1.5 mm, most of
 * what an answer holds) has an exact decimal of at most 16 digits, which is what %.17g prints:
 * written without printf. False for any other. */
static bool sixteenths(struct np_jw *w, double v)
{
	double a = fabs(v);
	if (!(a < 1e12) || a * 16 != floor(a * 16))
		return false;
	char text[40], *end = text + sizeof text, *p = end;
	unsigned long long whole = (unsigned long long)a;
	unsigned frac = (unsigned)((a - (double)whole) * 16) * 625; /* ten-thousandths */
	if (frac == 0)
		*--p = '0';
	else {
		int places = 4;
		while (frac % 10 == 0)
			frac /= 10, places--;
		for (; places > 0; places--, frac /= 10)
			*--p = (char)('0' + frac % 10);
	}
	*--p = '.';
	p = digits(p, whole);
	if (signbit(v))
		*--p = '-';
	next(w);
	put(w, p, (size_t)(end - p));
	return true;
}

/* As jansson writes a real: 17 significant digits, always a dot or an exponent, and an exponent
 * without its '+' or leading zeros. */
void np_jw_real(struct np_jw *w, double v)
{
	if (sixteenths(w, v))
		return;
	char text[40];
	snprintf(text, sizeof text, "%.17g", v);
	if (strchr(text, '.') == NULL && strchr(text, 'e') == NULL)
		memcpy(text + strlen(text), ".0", 3); /* 40 bytes hold %.17g and three more */
	char *e = strchr(text, 'e');
	if (e) {
		char *from = e + 1, *to = e + 1;
		if (*from == '+')
			from++;
		else if (*from == '-')
			*to++ = *from++;
		while (*from == '0' && from[1] != '\0')
			from++;
		memmove(to, from, strlen(from) + 1);
	}
	next(w);
	put(w, text, strlen(text));
}

void np_jw_bool(struct np_jw *w, bool v)
{
	next(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void np_jw_null(struct np_jw *w)
{
	next(w);
	put(w, "null", 4);
}

void np_jw_date(struct np_jw *w, np_day day)
{
	if (day == NP_DAY_NONE) {
		np_jw_null(w);
		return;
	}
	char text[NP_DATE_LEN];
	np_date_format(day, text);
	np_jw_string(w, text);
}

void np_jw_mm(struct np_jw *w, double mm)
{
	np_jw_real(w, round(mm * 100.0) / 100.0);
}

void np_jw_range(struct np_jw *w, double lo, double hi)
{
	np_jw_array(w);
	np_jw_mm(w, lo);
	np_jw_mm(w, hi);
	np_jw_end(w);
}

void np_jw_int_range(struct np_jw *w, int lo, int hi)
{
	np_jw_array(w);
	np_jw_int(w, lo);
	np_jw_int(w, hi);
	np_jw_end(w);
}

void np_jw_protocol(struct np_jw *w, const struct np_pack *pack)
{
	np_jw_object(w);
	np_jw_kstring(w, "name", pack->name);
	np_jw_kstring(w, "version", pack->version);
	np_jw_end(w);
}

void np_jw_sources(struct np_jw *w, const struct np_sources *const lists[], size_t n)
{
	np_jw_array(w);
	for (size_t l = 0; l < n; l++)
		for (size_t i = 0; i < lists[l]->n; i++) {
			const struct np_source *s = lists[l]->v[i];
			bool seen = false;
			for (size_t k = 0; k <= l && !seen; k++)
				for (size_t j = 0; j < (k == l ? i : lists[k]->n) && !seen; j++)
					seen = lists[k]->v[j] == s ||
					       strcmp(lists[k]->v[j]->id, s->id) == 0;
			if (!seen)
				np_jw_string(w, s->id);
		}
	np_jw_end(w);
}

void np_jw_kstring(struct np_jw *w, const char *key, const char *s)
{
	np_jw_key(w, key);
	np_jw_string(w, s);
}

void np_jw_kint(struct np_jw *w, const char *key, long long v)
{
	np_jw_key(w, key);
	np_jw_int(w, v);
}

char *np_jw_detach(struct np_jw *w)
{
	char *text = np_buf_detach(&w->buf);
	*w = (struct np_jw)NP_JW_INIT;
	return text;
}
