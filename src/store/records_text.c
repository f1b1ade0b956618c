/* Records written as JSON text, splicing what the store keeps as JSON text instead of parsing it
 * and writing it again: the chart's answer is made so (records_timeline.c). The trees the other
 * answers give are this text parsed, so each record has one writer and reads the same either way
 * (tests/store/timeline.c holds the chart's entries equal to the records' own answers). */
#include "store_internal.h"

#include "json_scan.h"
#include "needlepoint/error.h"

#include <stdlib.h>
#include <string.h>

void np_row_jw(struct np_jw *w, const struct np_db_result *r, size_t row, const struct np_col *cols)
{
	for (size_t c = 0; cols[c].name; c++) {
		if (cols[c].type == '-')
			continue;
		np_jw_key(w, cols[c].name);
		const char *t = np_db_text(r, row, c);
		if (t == NULL)
			np_jw_null(w);
		else if (cols[c].type == 'i')
			np_jw_int(w, (long long)np_db_int(r, row, c));
		else if (cols[c].type == 'r')
			np_jw_real(w, np_db_real(r, row, c));
		else if (cols[c].type == 'b')
			np_jw_bool(w, np_db_int(r, row, c) != 0);
		else if (cols[c].type == 'j')
			np_jw_raw(w, t, strlen(t));
		else
			np_jw_string(w, t);
	}
}

json_t *np_jw_parsed(struct np_jw *w)
{
	char *text = np_jw_detach(w);
	json_t *tree = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
	free(text);
	return tree;
}

int np_pieces_hand_on(struct np_pieces *p, bool all)
{
	if (p->w.buf.failed)
		return np_store_nomem();
	if (p->w.buf.len == 0 || (!all && p->w.buf.len < NP_PIECE))
		return 0;
	p->started = true;
	if (p->write(p->ctx, p->w.buf.data, p->w.buf.len) != 0)
		return np_error_set(NP_EIO, "the answer's reader went away");
	p->w.buf.len = 0;
	p->w.buf.data[0] = '\0';
	return 0;
}

int np_pieces_to_buf(void *ctx, const char *text, size_t len)
{
	struct np_buf *b = ctx;
	np_buf_append_n(b, text, len);
	return b->failed;
}

/* ---- sessions ---- */

/* The columns of SESSION_SELECT (sql.c) a session's record shows as they are; the rest are
 * gathered into its device, unit and override. */
static const struct np_col session_cols[] = {
    {"id", 'i'},           {"client_id", 'i'}, {"plan_id", 'i'}, {"date", 't'},
    {"practitioner", 't'}, {"device_id", '-'}, {"unit_id", '-'}, {"unit_use", '-'},
    {"indication", 't'},   {"body", '-'},      {"reason", '-'},  {"overridden", '-'},
    {"created_at", 't'},   {NULL, 0}};
enum { S_BY = 4, S_DEVICE = 5, S_UNIT = 6, S_USE = 7, S_BODY = 9, S_REASON = 10, S_REFUSALS = 11 };
enum { S_AT = 12, S_PRODUCT = 13, S_LOT = 14, S_SERIAL = 15, S_CODES = 16 };

static bool shown_column(const struct np_col *cols, const struct np_json_member *m)
{
	for (size_t c = 0; cols[c].name; c++)
		if (cols[c].type != '-' && np_json_member_is(m, cols[c].name))
			return true;
	return false;
}

static void session_device(struct np_jw *w, const struct np_db_result *r, size_t row)
{
	np_jw_key(w, "device");
	if (np_db_text(r, row, S_DEVICE) == NULL) {
		np_jw_null(w);
		return;
	}
	np_jw_object(w);
	np_jw_kint(w, "id", (long long)np_db_int(r, row, S_DEVICE));
	np_jw_kstring(w, "serial", np_db_text(r, row, S_SERIAL));
	np_jw_end(w);
}

static void session_unit(struct np_jw *w, const struct np_db_result *r, size_t row)
{
	np_jw_key(w, "unit");
	np_jw_object(w);
	np_jw_kint(w, "id", (long long)np_db_int(r, row, S_UNIT));
	np_jw_kstring(w, "product", np_db_text(r, row, S_PRODUCT));
	np_jw_kstring(w, "lot", np_db_text(r, row, S_LOT));
	np_jw_kint(w, "use", (long long)np_db_int(r, row, S_USE));
	np_jw_end(w);
}

/* An override keeps who, when, why, the codes named (none before they were kept) and the
 * refusals lifted, as they were written then. */
static void session_override(struct np_jw *w, const struct np_db_result *r, size_t row)
{
	np_jw_key(w, "override");
	const char *refusals = np_db_text(r, row, S_REFUSALS), *codes = np_db_text(r, row, S_CODES);
	if (refusals == NULL) {
		np_jw_null(w);
		return;
	}
	np_jw_object(w);
	np_jw_kstring(w, "reason", np_db_text(r, row, S_REASON));
	np_jw_kstring(w, "by", np_db_text(r, row, S_BY));
	np_jw_kstring(w, "at", np_db_text(r, row, S_AT));
	np_jw_key(w, "codes");
	np_jw_raw(w, codes ? codes : "[]", codes ? strlen(codes) : 2);
	np_jw_key(w, "refusals");
	np_jw_raw(w, refusals, strlen(refusals));
	np_jw_end(w);
}

void np_session_jw(struct np_jw *w, const struct np_db_result *r, size_t row, bool aftercare)
{
	np_jw_object(w);
	np_row_jw(w, r, row, session_cols);
	/* the recorded body spread into the row, its device, unit and override where it names them
	 */
	struct np_json_scan scan;
	struct np_json_member m;
	bool device = false, unit = false, override = false;
	int more = np_json_scan_start(&scan, np_db_text(r, row, S_BODY)) == 0 ? 1 : -1;
	while (more == 1 && (more = np_json_scan_next(&scan, &m)) == 1) {
		if (shown_column(session_cols, &m) ||
		    (!aftercare && np_json_member_is(&m, "aftercare")))
			continue;
		if (np_json_member_is(&m, "device"))
			device = true, session_device(w, r, row);
		else if (np_json_member_is(&m, "unit"))
			unit = true, session_unit(w, r, row);
		else if (np_json_member_is(&m, "override"))
			override = true, session_override(w, r, row);
		else {
			np_jw_raw_key(w, m.key, m.key_len);
			np_jw_raw(w, m.value, m.value_len);
		}
	}
	if (more < 0)
		w->buf.failed = 1; /* the stored body is not an object */
	if (!device)
		session_device(w, r, row);
	if (!unit)
		session_unit(w, r, row);
	if (!override)
		session_override(w, r, row);
	np_jw_end(w);
}

json_t *np_session_record(const struct np_db_result *r, size_t row)
{
	struct np_jw w = NP_JW_INIT;
	np_session_jw(&w, r, row, true);
	return np_jw_parsed(&w);
}

/* ---- screenings and plans ---- */

static const struct np_col screening_cols[] = {
    {"id", 'i'},       {"client_id", 'i'}, {"intake_id", 'i'}, {"intake_version", 'i'},
    {"on", 't'},       {"decision", 't'},  {"until", 't'},     {"protocol_name", '-'},
    {"protocol", '-'}, {"result", 'j'},    {"by", 't'},        {"created_at", 't'},
    {"ack_by", '-'},   {"ack_at", '-'},    {"ack_note", '-'},  {NULL, 0}};

static void protocol(struct np_jw *w, const struct np_db_result *r, size_t row, size_t name)
{
	np_jw_key(w, "protocol");
	np_jw_object(w);
	np_jw_kstring(w, "name", np_db_text(r, row, name));
	np_jw_kstring(w, "version", np_db_text(r, row, name + 1));
	np_jw_end(w);
}

void np_screening_jw(struct np_jw *w, const struct np_db_result *r, size_t row)
{
	np_jw_object(w);
	np_row_jw(w, r, row, screening_cols);
	protocol(w, r, row, 7);
	np_jw_key(w, "acknowledged");
	if (np_db_text(r, row, 12)) {
		np_jw_object(w);
		np_jw_kstring(w, "by", np_db_text(r, row, 12));
		np_jw_kstring(w, "at", np_db_text(r, row, 13));
		np_jw_kstring(w, "note", np_db_text(r, row, 14));
		np_jw_end(w);
	} else
		np_jw_null(w);
	np_jw_end(w);
}

json_t *np_screening_record(const struct np_db_result *r, size_t row)
{
	struct np_jw w = NP_JW_INIT;
	np_screening_jw(&w, r, row);
	return np_jw_parsed(&w);
}

static const struct np_col plan_cols[] = {
    {"id", 'i'},      {"client_id", 'i'},  {"indication", 't'},    {"sessions_planned", 'i'},
    {"request", 'j'}, {"plan", 'j'},       {"protocol_name", '-'}, {"protocol_version", '-'},
    {"by", 't'},      {"created_at", 't'}, {"sessions_done", 'i'}, {"last_session_on", 't'},
    {NULL, 0}};

void np_plan_jw(struct np_jw *w, const struct np_db_result *r, size_t row)
{
	np_jw_object(w);
	np_row_jw(w, r, row, plan_cols);
	protocol(w, r, row, 6);
	np_jw_end(w);
}

json_t *np_plan_record(const struct np_db_result *r, size_t row)
{
	struct np_jw w = NP_JW_INIT;
	np_plan_jw(&w, r, row);
	return np_jw_parsed(&w);
}

/* ---- consents ---- */

const char *np_consent_state(const char *signed_on, const char *expires_on, np_day on)
{
	char day[NP_DATE_LEN];
	np_date_format(on, day);
	return strcmp(day, signed_on ? signed_on : "") < 0     ? "not yet signed"
	       : strcmp(day, expires_on ? expires_on : "") < 0 ? "valid"
	                                                       : "expired";
}

void np_consent_jw(struct np_jw *w, const struct np_db_result *r, size_t row, np_day on)
{
	np_jw_object(w);
	np_row_jw(w, r, row, np_consent_cols);
	np_jw_kstring(w, "status",
	              np_consent_state(np_db_text(r, row, 7), np_db_text(r, row, 8), on));
	np_jw_end(w);
}
