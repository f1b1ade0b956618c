/* A client's booked appointments as an iCalendar file (RFC 5545) the client can add to a
 * calendar: one event per booking, at the clinic's local time, named without any health detail. */
#include "store_internal.h"

#include "buf.h"
#include "needlepoint/error.h"

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

static int ics(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	int64_t client = *(int64_t *)ctx;
	NP_TRY(np_store_client_check(s, a, client));
	struct np_db_result *clinic = NULL, *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &clinic, NP_SQL_CLINIC_GET, p + 1, 1));
	int rc = np_db_query(s->db, &r, NP_SQL_APPT_CLIENT, p, 2);
	struct np_buf b = NP_BUF_INIT;
	np_buf_append(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	                  "PRODID:-//needlepoint//appointments//EN\r\n"
	                  "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	for (size_t i = 0; rc == 0 && i < r->rows; i++) {
		if (strcmp(np_db_text(r, i, 10), "booked") != 0)
			continue;
		char uid[96], stamp[32], start[32], at[24], summary[96], duration[24];
		snprintf(uid, sizeof uid, "appointment-%lld-clinic-%lld@needlepoint",
		         (long long)np_db_int(r, i, 0), (long long)a->clinic_id);
		compact(stamp, sizeof stamp, np_db_text(r, i, 14));
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
		line(&b, "DTSTART", start, false);
		line(&b, "DURATION", duration, false);
		line(&b, "SUMMARY", summary, true);
		line(&b, "LOCATION", np_db_text(clinic, 0, 1), true);
		np_buf_append(&b, "STATUS:CONFIRMED\r\nEND:VEVENT\r\n");
	}
	np_buf_append(&b, "END:VCALENDAR\r\n");
	np_db_result_free(r);
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
