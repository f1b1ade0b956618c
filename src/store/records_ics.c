/* A client's appointments as an iCalendar file (RFC 5545, published as RFC 5546 says) the client
 * adds to a calendar: one event per booking at the clinic's local time in its own zone, named
 * without any health detail, with a reminder the day before; a cancelled booking stays, as
 * cancelled, so that the calendar drops it. */
#include "store_internal.h"

#include "buf.h"
#include "needlepoint/error.h"
#include "needlepoint/tz.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A content line: TEXT escaped (backslash, semicolon, comma, newline), folded at 75 octets
 * without splitting a UTF-8 sequence, ended by CRLF. */
static void line(struct np_buf *b, const char *name, const char *text, bool escape)
{
	struct np_buf l = NP_BUF_INIT;
	np_buf_append(&l, name);
	np_buf_append(&l, ":");
	for (const char *p = text; *p; p++) {
		if (escape && (*p == '\\' || *p == ';' || *p == ','))
			np_buf_printf(&l, "\\%c", *p);
		else if (escape && *p == '\n')
			np_buf_append(&l, "\\n");
		else if (escape && *p == '\r')
			continue;
		else
			np_buf_printf(&l, "%c", *p);
	}
	const unsigned char *s = (const unsigned char *)(l.data ? l.data : "");
	size_t n = strlen((const char *)s), width = 0;
	for (size_t i = 0; i < n; i++) {
		bool continuation = (s[i] & 0xC0) == 0x80;
		if (width >= 75 && !continuation) {
			np_buf_append(b, "\r\n ");
			width = 1;
		}
		np_buf_printf(b, "%c", s[i]);
		width++;
	}
	np_buf_append(b, "\r\n");
	np_buf_release(&l);
}

/* "2026-11-21T02:34:05Z" -> "20261121T023405Z"; "2026-12-19" "10:00" -> "20261219T100000". */
static void compact(char *out, size_t size, const char *iso)
{
	size_t k = 0;
	for (const char *p = iso; *p && k + 1 < size; p++)
		if (*p != '-' && *p != ':')
			out[k++] = *p;
	out[k] = '\0';
}

/* Local wall time (seconds as if UTC) as YYYYMMDDTHHMMSS. */
static void local_stamp(char out[32], int64_t wall)
{
	np_day day = (np_day)(wall >= 0 ? wall / 86400 : (wall - 86399) / 86400);
	int64_t rest = wall - (int64_t)day * 86400;
	int y, m, d;
	np_date_to_ymd(day, &y, &m, &d);
	snprintf(out, 32, "%04d%02d%02dT%02d%02d%02d", y, m, d, (int)(rest / 3600),
	         (int)(rest / 60 % 60), (int)(rest % 60));
}

static void offset_text(char out[16], int32_t seconds)
{
	int32_t a = seconds < 0 ? -seconds : seconds;
	if (a % 60)
		snprintf(out, 16, "%c%02d%02d%02d", seconds < 0 ? '-' : '+', a / 3600 % 100,
		         a / 60 % 60, a % 60);
	else
		snprintf(out, 16, "%c%02d%02d", seconds < 0 ? '-' : '+', a / 3600 % 100,
		         a / 60 % 60);
}

static void zone_part(struct np_buf *b, const char *kind, int64_t wall, int32_t from, int32_t to)
{
	char start[32], f[16], t[16];
	local_stamp(start, wall);
	offset_text(f, from);
	offset_text(t, to);
	np_buf_printf(b, "BEGIN:%s\r\nDTSTART:%s\r\nTZOFFSETFROM:%s\r\nTZOFFSETTO:%s\r\nEND:%s\r\n",
	              kind, start, f, t, kind);
}

/* The clinic's zone as the events need it (RFC 5545 3.6.5): its offset from a little before the
 * first to a little after the last, and every change of it between, found a day at a time and
 * then to the second, each as the local time it happens in the offset it leaves. */
static void vtimezone(struct np_buf *b, const struct np_tz *tz, int64_t first, int64_t last)
{
	int64_t t = first - 2 * 86400, end = last + 2 * 86400;
	int32_t off = np_tz_offset(tz, t);
	line(b, "BEGIN", "VTIMEZONE", false);
	line(b, "TZID", np_tz_name(tz), false);
	zone_part(b, "STANDARD", t + off, off, off);
	for (; t < end; t += 86400) {
		int32_t next = np_tz_offset(tz, t + 86400);
		if (next == off)
			continue;
		int64_t lo = t, hi = t + 86400; /* off at lo, next at hi */
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			if (np_tz_offset(tz, mid) == off)
				lo = mid;
			else
				hi = mid;
		}
		zone_part(b, next > off ? "DAYLIGHT" : "STANDARD", hi + off, off, next);
		off = next;
	}
	line(b, "END", "VTIMEZONE", false);
}

/* An appointment's start as Unix seconds: its local day and time in the zone. */
static int64_t start_of(const struct np_tz *tz, const char *date, const char *time)
{
	np_day day = 0;
	int h = 0, m = 0;
	np_date_parse(&day, date);
	sscanf(time ? time : "", "%d:%d", &h, &m);
	int64_t wall = (int64_t)day * 86400 + h * 3600 + m * 60;
	return wall - np_tz_offset(tz, wall - np_tz_offset(tz, wall));
}

/* The clinic as the event names it: where (its name, and address when it has one) and who
 * organizes it (its email: RFC 5546 publishes every event with an organizer). */
static void clinic_lines(struct np_buf *b, const struct np_db_result *clinic,
                         const struct np_db_result *profile)
{
	const char *name = np_db_text(clinic, 0, 1), *address = np_db_text(profile, 0, 0),
	           *email = np_db_text(profile, 0, 2);
	struct np_buf where = NP_BUF_INIT;
	np_buf_append(&where, name ? name : "");
	if (address)
		np_buf_printf(&where, ", %s", address);
	line(b, "LOCATION", where.data ? where.data : "", true);
	np_buf_release(&where);
	if (email) {
		/* CN is a quoted parameter value: no DQUOTE or control character in it */
		struct np_buf org = NP_BUF_INIT;
		np_buf_append(&org, "ORGANIZER;CN=\"");
		for (const char *p = name ? name : ""; *p; p++)
			if (*p != '"' && (unsigned char)*p >= 0x20)
				np_buf_printf(&org, "%c", *p);
		np_buf_append(&org, "\"");
		char mailto[256];
		snprintf(mailto, sizeof mailto, "mailto:%s", email);
		line(b, org.data ? org.data : "ORGANIZER", mailto, false);
		np_buf_release(&org);
	}
}

static int ics(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	int64_t client = *(int64_t *)ctx;
	NP_TRY(np_store_client_check(s, a, client));
	struct np_db_result *clinic = NULL, *profile = NULL, *inst = NULL, *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	int rc = np_db_query(s->db, &clinic, NP_SQL_CLINIC_GET, p + 1, 1);
	if (rc == 0)
		rc = np_profile_get(s, a->clinic_id, &profile);
	if (rc == 0)
		rc = np_db_query(s->db, &inst, NP_SQL_INSTALLATION_UID, NULL, 0);
	if (rc == 0)
		rc = np_db_query(s->db, &r, NP_SQL_APPT_CLIENT, p, 2);
	const struct np_tz *tz = NULL;
	const char *zone = clinic ? np_db_text(clinic, 0, 4) : NULL;
	if (rc == 0 && np_tz_get(&tz, zone ? zone : "UTC") != 0)
		rc = np_tz_get(&tz, "UTC");
	struct np_buf b = NP_BUF_INIT;
	np_buf_append(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	                  "PRODID:-//needlepoint//appointments//EN\r\nCALSCALE:GREGORIAN\r\n");
	/* published (RFC 5546) by its organizer, the clinic's email; without one, a plain calendar
	 */
	if (rc == 0 && np_db_text(profile, 0, 2))
		np_buf_append(&b, "METHOD:PUBLISH\r\n");
	int64_t first = INT64_MAX, last = INT64_MIN;
	for (size_t i = 0; rc == 0 && i < r->rows; i++) {
		int64_t at = start_of(tz, np_db_text(r, i, 4), np_db_text(r, i, 5));
		first = at < first ? at : first;
		last = at > last ? at : last;
	}
	if (rc == 0 && r->rows)
		vtimezone(&b, tz, first, last);
	for (size_t i = 0; rc == 0 && i < r->rows; i++) {
		bool cancelled = strcmp(np_db_text(r, i, 10), "cancelled") == 0;
		if (!cancelled && strcmp(np_db_text(r, i, 10), "booked") != 0)
			continue;
		char uid[160], stamp[32], start[32], at[24], summary[96], duration[24];
		/* the same appointment, the same UID, in this installation and no other */
		snprintf(uid, sizeof uid, "appointment-%lld@%s.needlepoint",
		         (long long)np_db_int(r, i, 0), np_db_text(inst, 0, 0));
		/* stamped when it last changed: booked, or cancelled */
		compact(stamp, sizeof stamp,
		        np_db_text(r, i, cancelled && np_db_text(r, i, 15) ? 15 : 14));
		snprintf(at, sizeof at, "%sT%s00", np_db_text(r, i, 4), np_db_text(r, i, 5));
		compact(start, sizeof start, at);
		snprintf(duration, sizeof duration, "PT%lldM", (long long)np_db_int(r, i, 6));
		if (np_db_text(r, i, 7))
			snprintf(summary, sizeof summary, "Microneedling: session %lld of %lld",
			         (long long)np_db_int(r, i, 7), (long long)np_db_int(r, i, 8));
		else
			snprintf(summary, sizeof summary, "Microneedling: consultation");
		np_buf_append(&b, "BEGIN:VEVENT\r\n");
		line(&b, "UID", uid, false);
		line(&b, "DTSTAMP", stamp, false);
		/* each move is a revision of the event, and so is its cancellation */
		np_buf_printf(&b, "SEQUENCE:%lld\r\n",
		              (long long)np_db_int(r, i, 21) + (cancelled ? 1 : 0));
		char dtstart[96];
		snprintf(dtstart, sizeof dtstart, "DTSTART;TZID=%s", np_tz_name(tz));
		line(&b, dtstart, start, false);
		line(&b, "DURATION", duration, false);
		line(&b, "SUMMARY", summary, true);
		clinic_lines(&b, clinic, profile);
		np_buf_append(&b, cancelled ? "STATUS:CANCELLED\r\n" : "STATUS:CONFIRMED\r\n");
		if (!cancelled) {
			np_buf_append(&b, "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P1D\r\n");
			line(&b, "DESCRIPTION", summary, true);
			np_buf_append(&b, "END:VALARM\r\n");
		}
		np_buf_append(&b, "END:VEVENT\r\n");
	}
	np_buf_append(&b, "END:VCALENDAR\r\n");
	np_db_result_free(r);
	np_db_result_free(inst);
	np_db_result_free(profile);
	np_db_result_free(clinic);
	if (rc == 0)
		rc = b.failed ? np_store_nomem()
		              : np_store_answer(out, json_pack("{s:s}", "ics", b.data));
	np_buf_release(&b);
	return rc ? rc : np_audit_append(s, a, "read", "appointments", 0, client);
}

int np_appointment_ics(char **out, struct np_store *s, const struct np_actor *a, int64_t client)
{
	*out = NULL;
	json_t *answer = NULL;
	NP_TRY(np_store_read(s, a, NP_ROLES_ANY, "read appointments", ics, &client, &answer));
	*out = strdup(json_string_value(json_object_get(answer, "ics")));
	json_decref(answer);
	return *out ? 0 : np_store_nomem();
}
