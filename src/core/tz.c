/* Time zones: a TZif file's transitions, and its footer's POSIX rule for the years after them. */
#include "needlepoint/tz.h"

#include "needlepoint/error.h"
#include "needlepoint/file.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A TZif file of the tz database is a few kilobytes; this bounds a damaged one. */
#define TZIF_MAX (1u << 20)

/* A daylight-saving rule of the footer: "M3.5.0/1", "J60" or "59", with its local time. */
struct tz_rule {
	char kind; /* 'M' month.week.day, 'J' Julian day 1-365 without Feb 29, 'D' day 0-365 */
	int month, week, wday, day;
	int32_t time; /* seconds after local midnight; may be negative or past a day */
};

/* The footer: standard time, and daylight-saving time between two rules, if any. */
struct tz_posix {
	bool present;
	int32_t std_offset, dst_offset; /* seconds east of UTC */
	bool has_dst;
	struct tz_rule start, end;
};

struct np_tz {
	char name[NP_TZ_NAME_MAX + 1];
	size_t n_times;
	int64_t *times;     /* transitions, rising */
	unsigned char *idx; /* the type in force from each transition */
	size_t n_types;
	int32_t *offsets;      /* per type, seconds east of UTC */
	struct tz_posix posix; /* for instants after the last transition */
	struct np_tz *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct np_tz *loaded;

/* Zone names are paths under the database: letters, digits and "_+-" in components, none empty
 * or starting with a dot, so that a name can never leave the database's directory. */
static bool valid_name(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > NP_TZ_NAME_MAX || name[0] == '/' || name[len - 1] == '/')
		return false;
	for (const char *p = name; *p; p++) {
		bool start = p == name || p[-1] == '/';
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' || c == '/';
		if (!ok || (start && (c == '/' || c == '.')))
			return false;
	}
	return true;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* "[+-]hh[:mm[:ss]]": seconds, POSIX's sign (positive west of Greenwich). */
static const char *posix_time(const char *p, int32_t *out)
{
	int sign = 1;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	int32_t parts[3] = {0, 0, 0};
	for (int i = 0; i < 3; i++) {
		if (*p < '0' || *p > '9')
			return i == 0 ? NULL : p;
		int v = 0;
		while (*p >= '0' && *p <= '9' && v < 1000)
			v = v * 10 + (*p++ - '0');
		parts[i] = v;
		if (i < 2 && *p == ':')
			p++;
		else
			break;
	}
	*out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
	return p;
}

/* An abbreviation: letters, or anything in angle brackets ("<+03>"). */
static const char *posix_name(const char *p)
{
	if (*p == '<') {
		const char *end = strchr(p, '>');
		return end ? end + 1 : NULL;
	}
	const char *start = p;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	return p - start >= 3 ? p : NULL;
}

static const char *posix_number(const char *p, int *out)
{
	if (*p < '0' || *p > '9')
		return NULL;
	int v = 0;
	while (*p >= '0' && *p <= '9' && v < 10000)
		v = v * 10 + (*p++ - '0');
	*out = v;
	return p;
}

static const char *posix_rule(const char *p, struct tz_rule *r)
{
	r->time = 2 * 3600;
	if (*p == 'M') {
		r->kind = 'M';
		if ((p = posix_number(p + 1, &r->month)) == NULL || *p++ != '.' ||
		    (p = posix_number(p, &r->week)) == NULL || *p++ != '.' ||
		    (p = posix_number(p, &r->wday)) == NULL)
			return NULL;
		if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->wday > 6)
			return NULL;
	} else if (*p == 'J') {
		r->kind = 'J';
		if ((p = posix_number(p + 1, &r->day)) == NULL || r->day < 1 || r->day > 365)
			return NULL;
	} else {
		r->kind = 'D';
		if ((p = posix_number(p, &r->day)) == NULL || r->day > 365)
			return NULL;
	}
	if (*p == '/')
		p = posix_time(p + 1, &r->time);
	return p;
}

/* The footer's TZ string: "GMT0BST,M3.5.0/1,M10.5.0", "<+03>-3", "EST5EDT,M3.2.0,M11.1.0". */
static bool posix_parse(const char *s, struct tz_posix *out)
{
	const char *p = posix_name(s);
	int32_t std = 0;
	if (p == NULL || (p = posix_time(p, &std)) == NULL)
		return false;
	out->std_offset = -std;
	out->dst_offset = out->std_offset + 3600;
	out->has_dst = *p != '\0';
	if (!out->has_dst)
		return true;
	if ((p = posix_name(p)) == NULL)
		return false;
	if (*p != ',' && *p != '\0') {
		int32_t dst;
		if ((p = posix_time(p, &dst)) == NULL)
			return false;
		out->dst_offset = -dst;
	}
	if (*p == '\0') /* no rule given: POSIX leaves it to the implementation; the US rule */
		p = ",M3.2.0,M11.1.0";
	if (*p++ != ',' || (p = posix_rule(p, &out->start)) == NULL || *p++ != ',' ||
	    (p = posix_rule(p, &out->end)) == NULL)
		return false;
	return *p == '\0';
}

/* The local midnight of a rule's day in year, as days since 1970-01-01. */
static np_day rule_day(const struct tz_rule *r, int year)
{
	if (r->kind == 'J') {
		/* 1-365, February 29 never counted */
		bool leap = np_date_days_in_month(year, 2) == 29;
		return np_date_from_ymd(year, 1, 1) + r->day - 1 + (leap && r->day >= 60);
	}
	if (r->kind == 'D')
		return np_date_from_ymd(year, 1, 1) + r->day;
	np_day first = np_date_from_ymd(year, r->month, 1);
	int wday_first = (int)(((first % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
	np_day d = first + (r->wday - wday_first + 7) % 7 + (r->week - 1) * 7;
	int days = np_date_days_in_month(year, r->month);
	while (d >= first + days)
		d -= 7;
	return d;
}

static int32_t posix_offset(const struct tz_posix *z, int64_t when)
{
	if (!z->has_dst)
		return z->std_offset;
	int year, month, mday;
	int64_t day = (when + z->std_offset) / 86400 - ((when + z->std_offset) % 86400 < 0);
	np_date_to_ymd((np_day)day, &year, &month, &mday);
	/* daylight time starts at the rule's local standard time, ends at its local daylight time
	 */
	int64_t start = (int64_t)rule_day(&z->start, year) * 86400 + z->start.time - z->std_offset;
	int64_t end = (int64_t)rule_day(&z->end, year) * 86400 + z->end.time - z->dst_offset;
	bool dst = start < end ? when >= start && when < end : !(when >= end && when < start);
	return dst ? z->dst_offset : z->std_offset;
}

int32_t np_tz_offset(const struct np_tz *tz, int64_t when)
{
	if (tz->n_times == 0 || when < tz->times[0]) {
		if (tz->n_times == 0 && tz->posix.present)
			return posix_offset(&tz->posix, when);
		return tz->offsets[0];
	}
	if (when >= tz->times[tz->n_times - 1] && tz->posix.present)
		return posix_offset(&tz->posix, when);
	size_t lo = 0, hi = tz->n_times; /* the last transition at or before when */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz->times[mid] <= when)
			lo = mid;
		else
			hi = mid;
	}
	return tz->offsets[tz->idx[lo]];
}

np_day np_tz_day(const struct np_tz *tz, int64_t when)
{
	int64_t local = when + np_tz_offset(tz, when);
	return (np_day)(local / 86400 - (local % 86400 < 0));
}

const char *np_tz_name(const struct np_tz *tz)
{
	return tz->name;
}

struct tzif_counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static bool read_counts(const unsigned char *p, size_t len, struct tzif_counts *c)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return false;
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chars = be32(p + 40);
	return c->type >= 1 && c->type <= 256 && c->time <= 100000 && c->leap <= 10000 &&
	       c->chars <= 10000 && c->isut <= 256 && c->isstd <= 256;
}

static size_t block_size(const struct tzif_counts *c, size_t time_size)
{
	return c->time * time_size + c->time + c->type * 6 + c->chars + c->leap * (time_size + 4) +
	       c->isstd + c->isut;
}

static int damaged(const char *name)
{
	return np_error_set(NP_EIO, "time zone '%s': its file in the tz database is damaged", name);
}

/* Read the transitions and types of one data block (32- or 64-bit times). */
static int read_block(struct np_tz *tz, const unsigned char *p, const struct tzif_counts *c,
                      size_t time_size)
{
	tz->n_times = c->time;
	tz->n_types = c->type;
	tz->times = calloc(c->time ? c->time : 1, sizeof *tz->times);
	tz->idx = calloc(c->time ? c->time : 1, 1);
	tz->offsets = calloc(c->type, sizeof *tz->offsets);
	if (!tz->times || !tz->idx || !tz->offsets)
		return np_error_set(NP_ENOMEM, "out of memory reading a time zone");
	for (size_t i = 0; i < c->time; i++)
		tz->times[i] = time_size == 8 ? be64(p + 8 * i) : (int32_t)be32(p + 4 * i);
	p += c->time * time_size;
	for (size_t i = 0; i < c->time; i++)
		if ((tz->idx[i] = p[i]) >= c->type)
			return damaged(tz->name);
	p += c->time;
	for (size_t i = 0; i < c->type; i++)
		tz->offsets[i] = (int32_t)be32(p + 6 * i);
	return 0;
}

static int parse(struct np_tz *tz, const unsigned char *data, size_t len)
{
	struct tzif_counts c;
	if (!read_counts(data, len, &c) || 44 + block_size(&c, 4) > len)
		return damaged(tz->name);
	if (data[4] < '2') /* version 1: 32-bit times and no footer */
		return read_block(tz, data + 44, &c, 4);
	const unsigned char *v2 = data + 44 + block_size(&c, 4);
	size_t rest = len - (size_t)(v2 - data);
	if (!read_counts(v2, rest, &c) || 44 + block_size(&c, 8) > rest)
		return damaged(tz->name);
	int rc = read_block(tz, v2 + 44, &c, 8);
	if (rc != 0)
		return rc;
	const char *footer = (const char *)v2 + 44 + block_size(&c, 8);
	size_t left = len - (size_t)((const unsigned char *)footer - data);
	char rule[128];
	if (left >= 2 && footer[0] == '\n') {
		const char *end = memchr(footer + 1, '\n', left - 1);
		size_t n = end ? (size_t)(end - footer - 1) : 0;
		if (end == NULL || n >= sizeof rule)
			return damaged(tz->name);
		memcpy(rule, footer + 1, n);
		rule[n] = '\0';
		if (n > 0) {
			if (!posix_parse(rule, &tz->posix))
				return damaged(tz->name);
			tz->posix.present = true;
		}
	}
	return 0;
}

static void tz_free(struct np_tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->times);
	free(tz->idx);
	free(tz->offsets);
	free(tz);
}

static int load(struct np_tz **out, const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	char *data = NULL;
	size_t len = 0;
	if (np_read_file(&data, &len, path, TZIF_MAX) != 0) {
		free(data);
		return np_error_set(NP_EINVAL,
		                    "unknown time zone '%s': expected a name of the tz database, "
		                    "such as Europe/London or America/New_York",
		                    name);
	}
	struct np_tz *tz = calloc(1, sizeof *tz);
	int rc = tz ? 0 : np_error_set(NP_ENOMEM, "out of memory reading a time zone");
	if (rc == 0) {
		snprintf(tz->name, sizeof tz->name, "%s", name);
		rc = parse(tz, (const unsigned char *)data, len);
	}
	free(data);
	if (rc != 0) {
		tz_free(tz);
		return rc;
	}
	*out = tz;
	return 0;
}

int np_tz_get(const struct np_tz **out, const char *name)
{
	*out = NULL;
	if (name == NULL || !valid_name(name))
		return np_error_set(NP_EINVAL,
		                    "unknown time zone '%s': expected a name of the tz database, "
		                    "such as Europe/London or America/New_York",
		                    name ? name : "");
	pthread_mutex_lock(&lock);
	struct np_tz *tz = loaded;
	while (tz && strcmp(tz->name, name) != 0)
		tz = tz->next;
	int rc = 0;
	if (tz == NULL && (rc = load(&tz, name)) == 0) {
		tz->next = loaded;
		loaded = tz;
	}
	pthread_mutex_unlock(&lock);
	*out = rc == 0 ? tz : NULL;
	return rc;
}
