/* After the session: adverse events with their follow-ups, and outcomes on the pack's scales. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"
#include "needlepoint/gate.h"

#include <string.h>

static const struct np_col ae_cols[] = {
    {"id", 'i'},         {"client_id", 'i'}, {"session_id", 'i'},
    {"type", 't'},       {"severity", 't'},  {"onset", 't'},
    {"note", 't'},       {"status", 't'},    {"resolved_on", 't'},
    {"created_at", 't'}, {NULL, 0}};

static const struct np_col followup_cols[] = {
    {"id", 'i'},       {"ae_id", 'i'}, {"date", 't'},       {"status", 't'}, {"note", 't'},
    {"resolved", 'b'}, {"by", 't'},    {"created_at", 't'}, {NULL, 0}};

const struct np_col np_outcome_cols[] = {{"id", 'i'},         {"client_id", 'i'}, {"scale", 't'},
                                         {"value", 'r'},      {"date", 't'},      {"note", 't'},
                                         {"created_at", 't'}, {NULL, 0}};

static const char *const severities[] = {"mild", "moderate", "severe", NULL};

json_t *np_outcome_labelled(const struct np_pack *pack, json_t *o)
{
	const struct np_scale *scale =
	    o ? np_pack_scale(pack, json_string_value(json_object_get(o, "scale"))) : NULL;
	if (scale == NULL)
		return o;
	double value = json_number_value(json_object_get(o, "value"));
	const char *label = np_scale_label(scale, value);
	json_object_set_new(o, "scale_name", json_string(scale->name));
	json_object_set_new(o, "better", json_string(scale->better));
	json_object_set_new(o, "label", label ? json_string(label) : json_null());
	json_object_set_new(o, "shown",
	                    label ? json_sprintf("%s %g: %s", scale->name, value, label)
	                          : json_sprintf("%s %g", scale->name, value));
	return o;
}

/* An adverse event with its follow-ups. */
json_t *np_ae_record(struct np_store *s, const struct np_actor *a, const struct np_db_result *r,
                     size_t row)
{
	json_t *o = np_row_json(r, row, ae_cols);
	struct np_db_result *f = NULL;
	struct np_db_value p[] = {NP_DB_I(np_db_int(r, row, 0)), NP_DB_I(a->clinic_id)};
	if (o && np_db_query(s->db, &f, NP_SQL_FOLLOWUP_LIST, p, 2) == 0)
		json_object_set_new(o, "follow_ups", np_rows_json(f, followup_cols));
	np_db_result_free(f);
	return o;
}

static int ae_answer(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_AE_GET, id, a->clinic_id, "adverse event"));
	int rc = np_store_answer(out, np_ae_record(s, a, r, 0));
	np_db_result_free(r);
	return rc;
}

struct id_ctx {
	int64_t id;
	const json_t *in;
	const char *text;
};

static int ae_add(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"type", "severity", "onset", "?note", NULL};
	struct id_ctx *c = ctx;
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_SESSION_GET, c->id, a->clinic_id, "session"));
	int64_t client = np_db_int(r, 0, 1);
	np_day session_day;
	np_date_parse(&session_day, np_db_text(r, 0, 3));
	np_db_result_free(r);
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *type = NULL, *severity = NULL, *note = NULL;
	np_day onset;
	NP_TRY(np_jv_object(&jv, c->in, keys));
	NP_TRY(np_store_text(&jv, c->in, "type", &type, 200));
	if (*type == '\0') {
		np_jv_key(&jv, "type");
		return np_jv_fail(&jv, "empty: say what happened (infection, granuloma, PIH, ...)");
	}
	NP_TRY(np_store_text(&jv, c->in, "severity", &severity, 20));
	bool known = false;
	for (size_t i = 0; severities[i]; i++)
		known |= strcmp(severity, severities[i]) == 0;
	if (!known) {
		np_jv_key(&jv, "severity");
		return np_jv_fail(&jv, "unknown severity '%s': expected mild, moderate or severe",
		                  severity);
	}
	NP_TRY(np_jv_date(&jv, c->in, "onset", &onset));
	NP_TRY(np_gate_record_day("onset", onset, a->today));
	if (onset < session_day) {
		np_jv_key(&jv, "onset");
		return np_jv_fail(&jv, "%s is before the session it follows",
		                  json_string_value(json_object_get(c->in, "onset")));
	}
	NP_TRY(np_store_text(&jv, c->in, "note", &note, 20000));
	char at[32], on[NP_DATE_LEN];
	np_store_now(at, sizeof at);
	np_date_format(onset, on);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_I(client),     NP_DB_I(c->id),
	                          NP_DB_T(type),         NP_DB_T(severity),   NP_DB_T(on),
	                          NP_DB_T(note),         NP_DB_I(a->user_id), NP_DB_T(at)};
	int64_t id;
	NP_TRY(np_store_insert(s, NP_SQL_AE_ADD, p, 9, &id));
	NP_TRY(np_audit_write(s, a, "create", "adverse_event", id, client));
	return ae_answer(s, a, id, out);
}

int np_ae_add(json_t **out, struct np_store *s, const struct np_actor *a, int64_t session,
              const json_t *in)
{
	struct id_ctx ctx = {.id = session, .in = in};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "record adverse events", ae_add, &ctx, out);
}

static int ae_follow_up(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"date", "status", "?note", "?resolved", NULL};
	struct id_ctx *c = ctx;
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_AE_GET, c->id, a->clinic_id, "adverse event"));
	int64_t client = np_db_int(r, 0, 1);
	bool was_resolved = strcmp(np_db_text(r, 0, 7), "resolved") == 0;
	np_db_result_free(r);
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *status = NULL, *note = NULL;
	np_day date;
	bool resolved = false;
	NP_TRY(np_jv_object(&jv, c->in, keys));
	NP_TRY(np_jv_date(&jv, c->in, "date", &date));
	NP_TRY(np_gate_record_day("date", date, a->today));
	NP_TRY(np_store_text(&jv, c->in, "status", &status, 200));
	if (*status == '\0') {
		np_jv_key(&jv, "status");
		return np_jv_fail(&jv, "empty: say how it is (improving, unchanged, worse, ...)");
	}
	NP_TRY(np_store_text(&jv, c->in, "note", &note, 20000));
	NP_TRY(np_jv_bool(&jv, c->in, "resolved", &resolved));
	if (was_resolved)
		return np_error_set(NP_ECONFLICT, "adverse event %lld is resolved already",
		                    (long long)c->id);
	char at[32], on[NP_DATE_LEN];
	np_store_now(at, sizeof at);
	np_date_format(date, on);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_I(c->id), NP_DB_T(on),
	                          NP_DB_T(status),       NP_DB_T(note),  NP_DB_I(resolved),
	                          NP_DB_I(a->user_id),   NP_DB_T(at)};
	int64_t id;
	NP_TRY(np_store_insert(s, NP_SQL_FOLLOWUP_ADD, p, 8, &id));
	struct np_db_value set[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id),
	                            NP_DB_T(resolved ? "resolved" : "open"),
	                            NP_DB_T(resolved ? on : NULL)};
	NP_TRY(np_db_run(s->db, NP_SQL_AE_SET_STATUS, set, 4, NULL));
	NP_TRY(np_audit_write(s, a, "create", "ae_followup", id, client));
	NP_TRY(np_audit_write(s, a, "follow_up", "adverse_event", c->id, client));
	return ae_answer(s, a, c->id, out);
}

int np_ae_follow_up(json_t **out, struct np_store *s, const struct np_actor *a, int64_t ae,
                    const json_t *in)
{
	struct id_ctx ctx = {.id = ae, .in = in};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "record adverse events", ae_follow_up, &ctx,
	                   out);
}

static int outcome_add(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"scale", "value", "date", "?note", NULL};
	struct id_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->id));
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *scale_id = NULL, *note = NULL;
	np_day date;
	double value;
	NP_TRY(np_jv_object(&jv, c->in, keys));
	NP_TRY(np_jv_string(&jv, c->in, "scale", &scale_id));
	const struct np_scale *scale = np_pack_scale(s->pack, scale_id);
	if (scale == NULL) {
		np_jv_key(&jv, "scale");
		return np_jv_fail(&jv, "unknown scale '%s'", scale_id);
	}
	NP_TRY(np_jv_number(&jv, c->in, "value", &value, scale->min, scale->max));
	if (scale->n_labels > 0 && value != (double)(long)value) {
		np_jv_key(&jv, "value");
		return np_jv_fail(&jv, "%g: the %s scale takes whole values", value, scale->id);
	}
	NP_TRY(np_jv_date(&jv, c->in, "date", &date));
	NP_TRY(np_gate_record_day("date", date, a->today));
	NP_TRY(np_store_text(&jv, c->in, "note", &note, 20000));
	char at[32], on[NP_DATE_LEN];
	np_store_now(at, sizeof at);
	np_date_format(date, on);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_I(c->id), NP_DB_T(scale->id),
	                          NP_DB_R(value),        NP_DB_T(on),    NP_DB_T(note),
	                          NP_DB_I(a->user_id),   NP_DB_T(at)};
	int64_t id;
	NP_TRY(np_store_insert(s, NP_SQL_OUTCOME_ADD, p, 8, &id));
	NP_TRY(np_audit_write(s, a, "create", "outcome", id, c->id));
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_OUTCOME_GET, id, a->clinic_id, "outcome"));
	int rc =
	    np_store_answer(out, np_outcome_labelled(s->pack, np_row_json(r, 0, np_outcome_cols)));
	np_db_result_free(r);
	return rc;
}

int np_outcome_add(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                   const json_t *in)
{
	struct id_ctx ctx = {.id = client, .in = in};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "record outcomes", outcome_add, &ctx, out);
}

/* One scale's values over time, with the change from the first. */
static int outcome_trend(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct id_ctx *c = ctx;
	NP_TRY(np_store_client_check(s, a, c->id));
	const struct np_scale *scale = c->text ? np_pack_scale(s->pack, c->text) : NULL;
	if (scale == NULL)
		return np_error_set(NP_EINVAL, "--scale: unknown scale '%s'",
		                    c->text ? c->text : "");
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id), NP_DB_T(scale->id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_OUTCOME_LIST, p, 3));
	json_t *points = np_rows_json(r, np_outcome_cols);
	size_t i;
	json_t *pt;
	json_array_foreach(points, i, pt) np_outcome_labelled(s->pack, pt);
	json_t *o = json_pack("{s:I, s:s, s:s, s:f, s:f, s:s, s:o}", "client_id", (json_int_t)c->id,
	                      "scale", scale->id, "name", scale->name, "min", scale->min, "max",
	                      scale->max, "better", scale->better, "points", points);
	if (o && r->rows > 0)
		json_object_set_new(o, "change",
		                    json_real(np_db_real(r, r->rows - 1, 3) - np_db_real(r, 0, 3)));
	np_db_result_free(r);
	NP_TRY(np_store_answer(out, o));
	return np_audit_append(s, a, "read", "outcome", 0, c->id);
}

int np_outcome_trend(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                     const char *scale)
{
	struct id_ctx ctx = {.id = client, .text = scale};
	return np_store_read(s, a, NP_ROLES_CLINICAL, "read outcomes", outcome_trend, &ctx, out);
}
