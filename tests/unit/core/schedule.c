/* Tests for src/core/schedule.c and history.c: when each zone may be needled again. */
#include "helpers.h"

#include "needlepoint/schedule.h"

#include <string.h>

static struct np_schedule *next(const char *history_json, const char *on)
{
	json_t *j = np_test_json(history_json);
	struct np_history *h = NULL;
	struct np_schedule *s = NULL;
	if (np_history_from_json(&h, np_test_pack(), j) != 0)
		fail_msg("history rejected: %s", np_error_last());
	if (np_schedule_next(&s, np_test_pack(), h, np_test_day(on)) != 0)
		fail_msg("scheduling failed: %s", np_error_last());
	np_history_free(h);
	json_decref(j);
	return s;
}

static void the_issue_example(void **state)
{
	(void)state;
	struct np_schedule *s = next("{\"setting\": \"clinic\", \"sessions\": [{\"date\": "
	                             "\"2026-11-01\", \"indication\": \"acne_scars\", \"zones\": "
	                             "[{\"zone\": \"cheek_left\", \"depth_mm\": 1.5}]}]}",
	                             "2026-11-20");
	assert_string_equal(np_test_date_text(s->earliest), "2026-11-15");
	assert_true(s->ready);
	assert_int_equal(s->n_zones, 1);
	assert_int_equal(s->zones[0].rest->rest_days, 14);
	np_schedule_free(s);
	s = next("{\"setting\": \"clinic\", \"sessions\": [{\"date\": \"2026-11-01\", \"zones\": "
	         "[{\"zone\": \"cheek_left\", \"depth_mm\": 1.5}]}]}",
	         "2026-11-14");
	assert_false(s->ready);
	np_schedule_free(s);
}

static void a_deep_session_outlasts_a_later_shallow_one(void **state)
{
	(void)state;
	struct np_schedule *s =
	    next("{\"setting\": \"clinic\", \"sessions\": [{\"date\": \"2026-11-01\", "
	         "\"zones\": [{\"zone\": \"cheek_right\", \"depth_mm\": 2.0}]}, {\"date\": "
	         "\"2026-11-10\", \"zones\": [{\"zone\": \"cheek_right\", \"depth_mm\": 0.25}, "
	         "{\"zone\": \"forehead\", \"depth_mm\": 0.5}]}]}",
	         "2026-11-20");
	/* zones come in the order of work */
	assert_string_equal(s->zones[0].zone->id, "forehead");
	assert_string_equal(np_test_date_text(s->zones[0].eligible_from), "2026-11-17");
	assert_string_equal(s->zones[1].zone->id, "cheek_right");
	assert_string_equal(np_test_date_text(s->zones[1].last), "2026-11-01");
	assert_string_equal(np_test_date_text(s->zones[1].eligible_from), "2026-11-29");
	assert_string_equal(np_test_date_text(s->earliest), "2026-11-29");
	assert_false(s->ready);
	np_schedule_free(s);
}

static void alopecia_rests_a_week(void **state)
{
	(void)state;
	struct np_schedule *s = next("{\"setting\": \"clinic\", \"sessions\": [{\"date\": "
	                             "\"2026-12-28\", \"indication\": \"alopecia\", \"zones\": "
	                             "[{\"zone\": \"scalp\", \"depth_mm\": 1.5}]}]}",
	                             "2027-01-04");
	assert_true(s->zones[0].overridden);
	assert_string_equal(np_test_date_text(s->earliest), "2027-01-04");
	assert_true(s->ready);
	np_schedule_free(s);
}

static void an_empty_history_is_ready(void **state)
{
	(void)state;
	struct np_schedule *s = next("{\"setting\": \"home\", \"sessions\": []}", "2026-11-20");
	assert_int_equal(s->earliest, NP_DAY_NONE);
	assert_true(s->ready);
	np_schedule_free(s);
}

static void recorded_depths_over_the_cap_are_counted_and_flagged(void **state)
{
	(void)state;
	struct np_schedule *s = next("{\"setting\": \"home\", \"sessions\": [{\"date\": "
	                             "\"2026-11-01\", \"zones\": [{\"zone\": \"cheek_left\", "
	                             "\"depth_mm\": 1.0}]}]}",
	                             "2026-11-20");
	assert_int_equal(s->zones[0].rest->rest_days, 14);
	assert_int_equal(s->n_warnings, 1);
	assert_non_null(strstr(s->warnings[0], "over the home cap"));
	np_schedule_free(s);
}

/* An indication's shorter rest is for the zones it treats: alopecia's week is the scalp's, and a
 * cheek needled in the same session rests as the table says. */
static void an_indications_rest_is_for_its_own_zones(void **state)
{
	(void)state;
	struct np_schedule *s = next("{\"setting\": \"clinic\", \"sessions\": [{\"date\": "
	                             "\"2026-11-13\", \"indication\": \"alopecia\", \"zones\": "
	                             "[{\"zone\": \"scalp\", \"depth_mm\": 1.5}, {\"zone\": "
	                             "\"cheek_left\", \"depth_mm\": 1.5}]}]}",
	                             "2026-11-20");
	assert_int_equal(s->n_zones, 2);
	assert_string_equal(s->zones[0].zone->id, "cheek_left");
	assert_int_equal(s->zones[0].rest->rest_days, 14);
	assert_false(s->zones[0].overridden);
	assert_string_equal(s->zones[1].zone->id, "scalp");
	assert_int_equal(s->zones[1].rest->rest_days, 7);
	assert_true(s->zones[1].overridden);
	np_schedule_free(s);
}

/* A depth past the rest table, overridden into the record once, still counts: the longest rest. */
static void a_depth_past_the_table_takes_the_longest_rest(void **state)
{
	(void)state;
	struct np_schedule *s = next("{\"setting\": \"clinic\", \"sessions\": [{\"date\": "
	                             "\"2026-11-01\", \"zones\": [{\"zone\": \"chin\", "
	                             "\"depth_mm\": 4.0}]}]}",
	                             "2026-11-20");
	const struct np_pack *pack = np_test_pack();
	assert_int_equal(s->zones[0].rest->rest_days, pack->rest[pack->n_rest - 1].rest_days);
	assert_int_equal(s->n_warnings, 2);
	assert_non_null(strstr(s->warnings[0], "deeper than the rest table reaches"));
	np_schedule_free(s);
}

static void bad_histories_name_the_field(void **state)
{
	(void)state;
	struct {
		const char *json, *message;
	} cases[] = {
	    {"{\"setting\": \"clinic\", \"sessions\": [{\"date\": \"2026-11-01\", \"zones\": "
	     "[{\"zone\": \"cheek_left\", \"depth_mm\": 5.5}]}]}",
	     "sessions[0].zones[0].depth_mm: 5.5 is out of range"},
	    {"{\"setting\": \"clinic\", \"sessions\": [{\"date\": \"2026-11-31\", \"zones\": "
	     "[{\"zone\": \"cheek_left\", \"depth_mm\": 1}]}]}",
	     "sessions[0].date: \"2026-11-31\" is not a date"},
	    {"{\"setting\": \"clinic\", \"sessions\": [{\"date\": \"2026-11-01\", \"zones\": []}]}",
	     "sessions[0].zones: expected a non-empty array"},
	    {"{\"setting\": \"clinic\", \"sessions\": [{\"date\": \"2026-11-01\", \"indication\": "
	     "\"acne\", \"zones\": [{\"zone\": \"chin\", \"depth_mm\": 1}]}]}",
	     "sessions[0].indication: unknown indication 'acne'"},
	    {"{\"setting\": \"clinic\"}", "sessions: missing"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *j = np_test_json(cases[i].json);
		struct np_history *h;
		assert_int_equal(np_history_from_json(&h, np_test_pack(), j), NP_EINVAL);
		assert_error_contains(cases[i].message);
		json_decref(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_issue_example),
	    cmocka_unit_test(a_deep_session_outlasts_a_later_shallow_one),
	    cmocka_unit_test(alopecia_rests_a_week),
	    cmocka_unit_test(an_empty_history_is_ready),
	    cmocka_unit_test(recorded_depths_over_the_cap_are_counted_and_flagged),
	    cmocka_unit_test(an_indications_rest_is_for_its_own_zones),
	    cmocka_unit_test(a_depth_past_the_table_takes_the_longest_rest),
	    cmocka_unit_test(bad_histories_name_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
