/* The clinic's report in the store suite (records_reports.c): each figure counted from the records
 * this test makes, so that a figure the report got wrong shows as a number that differs. */
#include "fixture.h"

#include <math.h>
#include <string.h>

static json_t *row_with(json_t *list, const char *key, const char *value)
{
	size_t i;
	json_t *row;
	json_array_foreach(list, i, row) if (strcmp(json_string_value(json_object_get(row, key)),
	                                            value) == 0) return row;
	return NULL;
}

static int64_t num(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

static void log_session(struct np_store *s, struct fx_clinic *c, int64_t client, const char *day,
                        int64_t pen, int64_t unit, const char *override, int64_t *id)
{
	fx_today(c, day);
	np_day on;
	np_date_parse(&on, day);
	json_t *out = NULL;
	assert_int_equal(np_screening_run(&out, s, &c->practitioner, client, on), 0);
	json_decref(out);
	json_t *in = fx_session(day, pen, unit, "cheek_left", 1.5);
	if (override)
		fx_override(in, override, "travelling for work; the skin was checked today");
	if (np_session_log(&out, s, &c->practitioner, client, in) != 0)
		fail_msg("session on %s: %s", day, np_error_last());
	*id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	json_decref(in);
}

void the_report_counts_what_the_records_hold(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t grace = fx_ready_client(s, &c, "2027-01-10");
	int64_t other = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL,
	       *in = fx_json("{\"device\": \"pen\", \"start\": \"2027-01-10\", \"targets\": "
	                     "[{\"indication\": \"acne_scars\", \"zones\": [\"cheek_left\"]}]}");
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, grace, in), 0);
	json_decref(out);
	json_decref(in);
	int64_t unit = fx_lot(s, &c, 3, true), pen = fx_pen(s, &c), first, second, third;
	/* three sessions: one in January, two in February, the last over the rest with an override
	 */
	log_session(s, &c, grace, "2027-01-10", pen, unit, NULL, &first);
	log_session(s, &c, grace, "2027-02-10", pen, unit + 1, NULL, &second);
	log_session(s, &c, grace, "2027-02-15", pen, unit + 2, "rest", &third);
	/* one adverse event, after the first */
	in = fx_json("{\"type\": \"prolonged erythema\", \"severity\": \"mild\", \"onset\": "
	             "\"2027-01-12\"}");
	assert_int_equal(np_ae_add(&out, s, &c.practitioner, first, in), 0);
	json_decref(out);
	json_decref(in);
	/* scores: Grace 3 then 2 on the acne-scar grade; the other client once, with no plan */
	const char *scores[][3] = {
	    {"3", "2027-01-10", "g"}, {"2", "2027-02-15", "g"}, {"2", "2027-02-15", "o"}};
	for (size_t i = 0; i < 3; i++) {
		in = fx_json("{\"scale\": \"goodman_baron\", \"value\": %s, \"date\": \"%s\"}",
		             scores[i][0], scores[i][1]);
		assert_int_equal(np_outcome_add(&out, s, &c.practitioner,
		                                scores[i][2][0] == 'g' ? grace : other, in),
		                 0);
		json_decref(out);
		json_decref(in);
	}
	/* the front desk and practitioners do not read the clinic's report */
	fx_error(np_report(&out, s, &c.practitioner, "2027-01-01", "2027-03-31"), NP_EFORBIDDEN,
	         "report");
	assert_int_equal(np_report(&out, s, &c.admin, "2027-01-01", "2027-03-31"), 0);
	json_t *months = json_object_get(out, "sessions_by_month");
	assert_int_equal(json_array_size(months), 2);
	assert_int_equal(num(row_with(months, "month", "2027-01"), "sessions"), 1);
	assert_int_equal(num(row_with(months, "month", "2027-02"), "sessions"), 2);
	json_t *events = row_with(json_object_get(out, "adverse_events"), "device", "pen");
	assert_string_equal(json_string_value(json_object_get(events, "indication_name")),
	                    "acne scars");
	assert_int_equal(num(events, "sessions"), 3);
	assert_int_equal(num(events, "events"), 1);
	assert_true(fabs(json_real_value(json_object_get(events, "per_100")) - 100.0 / 3) < 1e-9);
	json_t *who = json_array_get(json_object_get(out, "overrides"), 0);
	assert_int_equal(num(who, "sessions"), 3);
	assert_int_equal(num(who, "sessions_overridden"), 1);
	json_t *scar = row_with(json_object_get(out, "outcomes"), "indication", "acne_scars");
	assert_int_equal(num(scar, "clients"), 1);
	assert_int_equal(num(scar, "compared"), 1);
	assert_true(fabs(json_real_value(json_object_get(scar, "mean_change")) + 1.0) < 1e-9);
	json_t *none = row_with(json_object_get(out, "outcomes"), "indication", "");
	assert_int_equal(num(none, "clients"), 1);
	assert_true(json_is_null(json_object_get(none, "mean_change")));
	json_decref(out);
	/* a period that holds only February */
	assert_int_equal(np_report(&out, s, &c.admin, "2027-02-01", "2027-02-28"), 0);
	assert_int_equal(json_array_size(json_object_get(out, "sessions_by_month")), 1);
	assert_int_equal(
	    num(row_with(json_object_get(out, "adverse_events"), "device", "pen"), "events"), 0);
	json_decref(out);
	fx_error(np_report(&out, s, &c.admin, "2027-03-01", "2027-02-01"), NP_EINVAL, "to:");
	(void)second;
	(void)third;
}
