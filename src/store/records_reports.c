/* The clinic's report of a period: sessions a month, adverse events per 100 sessions by device and
 * indication, overrides by practitioner, and outcomes by indication. Each figure is one query over
 * the records (sql.c), named here as the pack names things. */
#include "store_internal.h"

#include "needlepoint/error.h"

#include <stdlib.h>
#include <string.h>

static const char *indication_name(const struct np_pack *pack, const char *id)
{
	const struct np_indication *i = id && *id ? np_pack_indication(pack, id) : NULL;
	return i ? i->name : id && *id ? id : "none said";
}

static const char *device_name(const char *kind)
{
	int d = kind && *kind ? np_pack_device(kind) : -1;
	return d >= 0 ? np_device_name((enum np_device)d) : "not said";
}

static int query(struct np_store *s, const struct np_actor *a, enum np_sql stmt, const char *from,
                 const char *to, struct np_db_result **r)
{
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(from), NP_DB_T(to)};
	return np_db_query(s->db, r, stmt, p, 3);
}

static json_t *months(const struct np_db_result *r)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < r->rows; i++)
		json_array_append_new(list, json_pack("{s:s, s:I}", "month", np_db_text(r, i, 0),
		                                      "sessions", (json_int_t)np_db_int(r, i, 1)));
	return list;
}

static json_t *events(const struct np_pack *pack, const struct np_db_result *r)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < r->rows; i++) {
		json_int_t n = np_db_int(r, i, 2), e = np_db_int(r, i, 3);
		json_array_append_new(
		    list,
		    json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:f}", "device", np_db_text(r, i, 0),
		              "device_name", device_name(np_db_text(r, i, 0)), "indication",
		              np_db_text(r, i, 1), "indication_name",
		              indication_name(pack, np_db_text(r, i, 1)), "sessions", n, "events",
		              e, "per_100", n ? 100.0 * (double)e / (double)n : 0.0));
	}
	return list;
}

static json_t *overrides(const struct np_db_result *sessions, const struct np_db_result *bookings)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < sessions->rows; i++)
		json_array_append_new(list, json_pack("{s:s, s:I, s:I, s:I}", "practitioner",
		                                      np_db_text(sessions, i, 0), "sessions",
		                                      (json_int_t)np_db_int(sessions, i, 1),
		                                      "sessions_overridden",
		                                      (json_int_t)np_db_int(sessions, i, 2),
		                                      "bookings_overridden", (json_int_t)0));
	for (size_t i = 0; list && i < bookings->rows; i++) {
		const char *who = np_db_text(bookings, i, 0);
		json_t *row = NULL;
		size_t k;
		json_t *x;
		json_array_foreach(
		    list, k, x) if (strcmp(json_string_value(json_object_get(x, "practitioner")),
		                           who) == 0) row = x;
		if (row == NULL) {
			row = json_pack("{s:s, s:I, s:I, s:I}", "practitioner", who, "sessions",
			                (json_int_t)0, "sessions_overridden", (json_int_t)0,
			                "bookings_overridden", (json_int_t)0);
			json_array_append_new(list, row);
		}
		json_object_set_new(row, "bookings_overridden",
		                    json_integer(np_db_int(bookings, i, 1)));
	}
	return list;
}

/* Per indication and scale: the clients scored, and over those scored twice or more the mean
 * change from their first score to their latest in the period. */
static json_t *outcomes(const struct np_pack *pack, const struct np_db_result *r)
{
	json_t *list = json_array();
	size_t i = 0;
	while (list && i < r->rows) {
		const char *ind = np_db_text(r, i, 0), *scale = np_db_text(r, i, 1);
		int clients = 0, compared = 0;
		double change = 0;
		while (i < r->rows && strcmp(np_db_text(r, i, 0), ind) == 0 &&
		       strcmp(np_db_text(r, i, 1), scale) == 0) {
			int64_t client = np_db_int(r, i, 2);
			double first = np_db_real(r, i, 3), last = first;
			size_t n = 0;
			for (; i < r->rows && strcmp(np_db_text(r, i, 0), ind) == 0 &&
			       strcmp(np_db_text(r, i, 1), scale) == 0 &&
			       np_db_int(r, i, 2) == client;
			     i++, n++)
				last = np_db_real(r, i, 3);
			clients++;
			if (n > 1) {
				compared++;
				change += last - first;
			}
		}
		const struct np_scale *sc = np_pack_scale(pack, scale);
		json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i}", "indication", ind,
		                        "indication_name", indication_name(pack, ind), "scale",
		                        scale, "scale_name", sc ? sc->name : scale, "better",
		                        sc ? sc->better : "neither", "clients", clients, "compared",
		                        compared);
		if (row)
			json_object_set_new(row, "mean_change",
			                    compared ? json_real(change / compared) : json_null());
		json_array_append_new(list, row);
	}
	return list;
}

struct report_ctx {
	const char *from, *to;
};

static int report(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	const struct report_ctx *c = ctx;
	const char *names[] = {"from", "to"}, *days[] = {c->from, c->to};
	np_day parsed[2];
	for (int i = 0; i < 2; i++)
		if (days[i] == NULL || np_date_parse(&parsed[i], days[i]) != 0)
			return np_error_set(NP_EINVAL, "%s: '%s': expected a date YYYY-MM-DD",
			                    names[i], days[i] ? days[i] : "");
	if (parsed[1] < parsed[0])
		return np_error_set(NP_EINVAL, "to: %s: expected a day from %s on", c->to, c->from);
	enum np_sql stmts[] = {NP_SQL_REPORT_MONTHS, NP_SQL_REPORT_EVENTS, NP_SQL_REPORT_OVERRIDES,
	                       NP_SQL_REPORT_BOOKING_OVERRIDES, NP_SQL_REPORT_OUTCOMES};
	struct np_db_result *r[5] = {0};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < 5; i++)
		rc = query(s, a, stmts[i], c->from, c->to, &r[i]);
	json_t *o = rc == 0 ? json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "from", c->from, "to",
	                                c->to, "sessions_by_month", months(r[0]), "adverse_events",
	                                events(s->pack, r[1]), "overrides", overrides(r[2], r[3]),
	                                "outcomes", outcomes(s->pack, r[4]))
	                    : NULL;
	for (size_t i = 0; i < 5; i++)
		np_db_result_free(r[i]);
	NP_TRY(rc);
	NP_TRY(np_store_answer(out, o));
	return np_audit_append(s, a, "read", "report", 0, 0);
}

int np_report(json_t **out, struct np_store *s, const struct np_actor *a, const char *from,
              const char *to)
{
	struct report_ctx ctx = {.from = from, .to = to};
	return np_store_read(s, a, NP_ROLES_ADMIN, "read the clinic's report", report, &ctx, out);
}
