/* Tests for src/core/screen.c and intake.c: the decision, its date, and the reasons. */
#include "helpers.h"

#include "needlepoint/screen.h"

#include <stdio.h>
#include <string.h>

/* Screen an intake given as JSON text on a day; fails the test on an error. */
static struct np_screening *screen(const char *intake_json, const char *on)
{
	json_t *j = np_test_json(intake_json);
	struct np_intake *in = NULL;
	struct np_screening *s = NULL;
	if (np_intake_from_json(&in, np_test_pack(), j) != 0)
		fail_msg("intake rejected: %s", np_error_last());
	if (np_screen_run(&s, np_test_pack(), in, np_test_day(on)) != 0)
		fail_msg("screening failed: %s", np_error_last());
	np_intake_free(in);
	json_decref(j);
	return s;
}

static const struct np_finding *finding(const struct np_screening *s, const char *rule)
{
	for (size_t i = 0; i < s->n_findings; i++)
		if (strcmp(s->findings[i].rule->id, rule) == 0)
			return &s->findings[i];
	return NULL;
}

#define ADULT "\"birth_date\": \"1990-04-02\", \"fitzpatrick\": 2"

static void healthy_adult_proceeds(void **state)
{
	(void)state;
	struct np_screening *s = screen("{" ADULT "}", "2026-11-20");
	assert_int_equal(s->decision, NP_PROCEED);
	assert_int_equal(s->until, NP_DAY_NONE);
	assert_int_equal(s->n_findings, 0);
	assert_int_equal(s->n_excluded, 0);
	np_screening_free(s);
}

static void age_decides_at_the_birthday(void **state)
{
	(void)state;
	const char *minor = "{\"birth_date\": \"2008-11-21\", \"fitzpatrick\": 2}";
	struct np_screening *s = screen(minor, "2026-11-20");
	assert_int_equal(s->decision, NP_DECLINE);
	assert_non_null(finding(s, "age_under_18"));
	np_screening_free(s);
	s = screen(minor, "2026-11-21"); /* the 18th birthday */
	assert_int_equal(s->decision, NP_CAUTION);
	assert_non_null(finding(s, "age_18_to_21"));
	np_screening_free(s);
	s = screen(minor, "2030-11-21"); /* 22: the cleared population */
	assert_int_equal(s->decision, NP_PROCEED);
	np_screening_free(s);
}

static void isotretinoin_defers_six_calendar_months(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"medications\": [{\"name\": \"isotretinoin\", "
	           "\"last_dose\": \"2026-08-31\"}]}",
	           "2026-11-20");
	assert_int_equal(s->decision, NP_DEFER);
	assert_string_equal(np_test_date_text(s->until), "2027-02-28");
	const struct np_finding *f = finding(s, "isotretinoin");
	assert_non_null(f);
	assert_string_equal(np_test_date_text(f->until), "2027-02-28");
	assert_int_equal(np_sources_tier(&f->rule->sources), NP_TIER_LABEL);
	np_screening_free(s);
	/* on the day the window ends, the rule no longer applies */
	s = screen("{" ADULT ", \"medications\": [{\"name\": \"isotretinoin\", "
	           "\"last_dose\": \"2026-08-31\"}]}",
	           "2027-02-28");
	assert_int_equal(s->decision, NP_PROCEED);
	assert_null(finding(s, "isotretinoin"));
	np_screening_free(s);
}

static void still_taking_defers_without_a_date(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"medications\": [{\"name\": \"isotretinoin\"}]}", "2026-11-20");
	assert_int_equal(s->decision, NP_DEFER);
	assert_int_equal(s->until, NP_DAY_NONE);
	np_screening_free(s);
}

static void until_is_the_latest_dated_deferral(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"procedures\": [{\"name\": \"botulinum_toxin\", \"date\": "
	           "\"2026-11-10\"}, {\"name\": \"chemical_peel\", \"date\": \"2026-11-01\"}]}",
	           "2026-11-20");
	assert_int_equal(s->decision, NP_DEFER);
	assert_string_equal(np_test_date_text(finding(s, "toxin_or_filler")->until), "2026-11-24");
	assert_string_equal(np_test_date_text(finding(s, "peel_or_laser")->until), "2026-12-01");
	assert_string_equal(np_test_date_text(s->until), "2026-12-01");
	np_screening_free(s);
	/* a deferral until something resolves leaves no date to give */
	s = screen("{" ADULT ", \"conditions\": [\"cold_sore_active\"], \"procedures\": "
	           "[{\"name\": \"botulinum_toxin\", \"date\": \"2026-11-10\"}]}",
	           "2026-11-20");
	assert_int_equal(s->decision, NP_DEFER);
	assert_int_equal(s->until, NP_DAY_NONE);
	np_screening_free(s);
}

static void conditions_count_from_the_screening_day(void **state)
{
	(void)state;
	struct np_screening *s = screen("{" ADULT ", \"conditions\": [\"sunburn\"]}", "2026-12-28");
	assert_int_equal(s->decision, NP_DEFER);
	assert_string_equal(np_test_date_text(s->until), "2027-01-04");
	np_screening_free(s);
}

static void decline_is_strongest(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"pregnant\": true, \"conditions\": [\"keloid_history\", "
	           "\"herpes_history\"]}",
	           "2026-11-20");
	assert_int_equal(s->decision, NP_DECLINE);
	assert_int_equal(s->until, NP_DAY_NONE);
	/* findings come strongest first */
	assert_int_equal(s->findings[0].decision, NP_DECLINE);
	assert_int_equal(s->findings[1].decision, NP_DEFER);
	assert_int_equal(s->findings[2].decision, NP_CAUTION);
	np_screening_free(s);
}

static void zone_findings_exclude_zones_and_raise_to_caution_at_most(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"zone_findings\": [{\"zone\": \"cheek_left\", \"finding\": "
	           "\"lesion\"}, {\"zone\": \"chin\", \"finding\": \"active_acne\"}]}",
	           "2026-11-20");
	assert_int_equal(s->decision, NP_CAUTION);
	assert_int_equal(s->n_excluded, 2);
	assert_string_equal(s->excluded[0]->id, "cheek_left");
	assert_string_equal(s->excluded[1]->id, "chin");
	const struct np_finding *f = finding(s, "zone_lesion");
	assert_int_equal(f->decision, NP_DECLINE);
	assert_true(f->zone_scoped);
	assert_int_equal(f->n_zones, 1);
	np_screening_free(s);
}

static void whole_client_caution_names_the_zones_it_concerns(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"conditions\": [\"herpes_history\"]}", "2026-11-20");
	const struct np_finding *f = finding(s, "herpes_history");
	assert_int_equal(s->decision, NP_CAUTION);
	assert_false(f->zone_scoped);
	assert_int_equal(f->n_zones, 2);
	assert_int_equal(s->n_excluded, 0); /* concerned, not excluded */
	np_screening_free(s);
}

static void fitzpatrick_four_and_over_is_caution(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 4}", "2026-11-20");
	assert_int_equal(s->decision, NP_CAUTION);
	assert_non_null(finding(s, "fitzpatrick_pih"));
	np_screening_free(s);
}

static void expect_bad(const char *text, const char *message)
{
	json_t *j = np_test_json(text);
	struct np_intake *in = (struct np_intake *)1;
	assert_int_equal(np_intake_from_json(&in, np_test_pack(), j), NP_EINVAL);
	assert_null(in);
	assert_error_contains(message);
	json_decref(j);
}

static void bad_intakes_name_the_field_and_value(void **state)
{
	(void)state;
	expect_bad("{" ADULT ", \"conditions\": [\"rash\", \"keloids\"]}",
	           "conditions[1]: unknown condition 'keloids'");
	expect_bad("{" ADULT ", \"conditions\": [\"rash\", \"rash\"]}",
	           "conditions[1]: condition 'rash' is listed twice");
	expect_bad("{\"birth_date\": \"1990-02-30\", \"fitzpatrick\": 2}",
	           "birth_date: \"1990-02-30\" is not a date");
	expect_bad("{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 7}",
	           "fitzpatrick: 7 is out of range: expected 1 to 6");
	expect_bad("{\"birth_date\": \"1990-01-01\"}", "fitzpatrick: missing");
	expect_bad("{" ADULT ", \"pregnant\": \"no\"}", "pregnant: expected true or false");
	expect_bad("{" ADULT ", \"medications\": [{\"name\": \"aspirn\"}]}",
	           "medications[0].name: unknown medication 'aspirn'");
	expect_bad("{" ADULT ", \"other\": {\"medications\": [\"\"]}}",
	           "other.medications[0]: expected a non-empty string");
	expect_bad("{" ADULT ", \"other\": {\"habits\": [\"smoking\"]}}",
	           "other.habits: unknown key 'habits'");
	expect_bad("{" ADULT ", \"procedures\": [{\"name\": \"chemical_peel\"}]}",
	           "procedures[0].date: missing");
	expect_bad("{" ADULT ", \"zone_findings\": [{\"zone\": \"elbow\", \"finding\": \"rash\"}]}",
	           "zone_findings[0].zone: unknown zone 'elbow'");
	expect_bad("{" ADULT ", \"smoker\": true}", "smoker: unknown key 'smoker'");
	expect_bad("[]", "(top level): expected an object");
}

/* Revision 3: an ended medicine stops counting, unlisted entries need review, a future
 * procedure is an error, zone-level findings entered without zones defer the client. */
static void anticoagulant_stopped_long_ago_no_longer_applies(void **state)
{
	(void)state;
	struct np_screening *s = screen("{" ADULT ", \"medications\": [{\"name\": "
	                                "\"anticoagulant\", \"last_dose\": \"2020-03-01\"}]}",
	                                "2026-11-20");
	assert_int_equal(s->decision, NP_PROCEED);
	np_screening_free(s);
	s = screen("{" ADULT ", \"medications\": [{\"name\": \"anticoagulant\", "
	           "\"last_dose\": \"2026-11-10\"}]}",
	           "2026-11-20");
	assert_int_equal(s->decision, NP_CAUTION);
	assert_non_null(finding(s, "blood_thinner"));
	np_screening_free(s);
	s = screen("{" ADULT ", \"medications\": [{\"name\": \"anticoagulant\"}]}", "2026-11-20");
	assert_int_equal(s->decision, NP_CAUTION); /* still taking it */
	np_screening_free(s);
}

static void unlisted_entries_need_a_practitioner(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"other\": {\"conditions\": [\"hidradenitis\"]}}", "2026-11-20");
	assert_int_equal(s->decision, NP_CAUTION);
	const struct np_finding *f = finding(s, "unlisted");
	assert_non_null(f);
	assert_int_equal(f->n_unlisted, 1);
	assert_string_equal(f->unlisted[0]->text, "hidradenitis");
	np_screening_free(s);
}

static void zone_level_findings_without_zones_defer(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"conditions\": [\"active_acne\"]}", "2026-11-20");
	assert_int_equal(s->decision, NP_DEFER);
	assert_int_equal(s->until, NP_DAY_NONE);
	np_screening_free(s);
	/* with its zones, only the zones are deferred; a zone caution excludes nothing */
	s = screen("{" ADULT ", \"zone_findings\": [{\"zone\": \"chin\", \"finding\": "
	           "\"active_acne\"}, {\"zone\": \"forehead\", \"finding\": \"implant\"}]}",
	           "2026-11-20");
	assert_int_equal(s->decision, NP_CAUTION);
	assert_int_equal(s->n_excluded, 1);
	assert_string_equal(s->excluded[0]->id, "chin");
	np_screening_free(s);
}

static void a_procedure_after_the_screening_day_is_bad_input(void **state)
{
	(void)state;
	json_t *j = np_test_json("{" ADULT ", \"procedures\": [{\"name\": \"chemical_peel\", "
	                         "\"date\": \"2026-12-01\"}]}");
	struct np_intake *in = NULL;
	assert_int_equal(np_intake_from_json(&in, np_test_pack(), j), 0);
	struct np_screening *s = (struct np_screening *)1;
	assert_int_equal(np_screen_run(&s, np_test_pack(), in, np_test_day("2026-11-20")),
	                 NP_EINVAL);
	assert_null(s);
	assert_error_contains("procedures[0].date: '2026-12-01' is after the screening date");
	np_intake_free(in);
	json_decref(j);
}

static void nursing_defers(void **state)
{
	(void)state;
	struct np_screening *s = screen("{" ADULT ", \"breastfeeding\": true}", "2026-11-20");
	assert_int_equal(s->decision, NP_DEFER);
	assert_int_equal(np_sources_tier(&finding(s, "breastfeeding")->rule->sources),
	                 NP_TIER_LABEL);
	np_screening_free(s);
}

static void birth_after_the_screening_day_is_bad_input(void **state)
{
	(void)state;
	json_t *j = np_test_json("{\"birth_date\": \"2027-01-01\", \"fitzpatrick\": 2}");
	struct np_intake *in;
	struct np_screening *s;
	assert_int_equal(np_intake_from_json(&in, np_test_pack(), j), 0);
	assert_int_equal(np_screen_run(&s, np_test_pack(), in, np_test_day("2026-11-20")),
	                 NP_EINVAL);
	assert_error_contains("birth_date");
	np_intake_free(in);
	json_decref(j);
}

static void json_keeps_the_contract(void **state)
{
	(void)state;
	struct np_screening *s =
	    screen("{" ADULT ", \"medications\": [{\"name\": \"isotretinoin\", "
	           "\"last_dose\": \"2026-09-01\"}]}",
	           "2026-11-20");
	json_t *j = np_screening_to_json(s);
	assert_string_equal(json_string_value(json_object_get(j, "decision")), "defer");
	assert_string_equal(json_string_value(json_object_get(j, "until")), "2027-03-01");
	json_t *f = json_array_get(json_object_get(j, "findings"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "rule")), "isotretinoin");
	assert_string_equal(json_string_value(json_object_get(f, "tier")), "label");
	assert_true(json_array_size(json_object_get(f, "sources")) > 0);
	assert_true(json_is_array(json_object_get(f, "zones")));
	assert_true(json_is_array(json_object_get(j, "excluded_zones")));
	json_t *p = json_object_get(j, "protocol");
	assert_string_equal(json_string_value(json_object_get(p, "name")), "standard");
	json_decref(j);
	np_screening_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(healthy_adult_proceeds),
	    cmocka_unit_test(age_decides_at_the_birthday),
	    cmocka_unit_test(isotretinoin_defers_six_calendar_months),
	    cmocka_unit_test(still_taking_defers_without_a_date),
	    cmocka_unit_test(until_is_the_latest_dated_deferral),
	    cmocka_unit_test(conditions_count_from_the_screening_day),
	    cmocka_unit_test(decline_is_strongest),
	    cmocka_unit_test(zone_findings_exclude_zones_and_raise_to_caution_at_most),
	    cmocka_unit_test(whole_client_caution_names_the_zones_it_concerns),
	    cmocka_unit_test(fitzpatrick_four_and_over_is_caution),
	    cmocka_unit_test(bad_intakes_name_the_field_and_value),
	    cmocka_unit_test(birth_after_the_screening_day_is_bad_input),
	    cmocka_unit_test(anticoagulant_stopped_long_ago_no_longer_applies),
	    cmocka_unit_test(unlisted_entries_need_a_practitioner),
	    cmocka_unit_test(zone_level_findings_without_zones_defer),
	    cmocka_unit_test(a_procedure_after_the_screening_day_is_bad_input),
	    cmocka_unit_test(nursing_defers),
	    cmocka_unit_test(json_keeps_the_contract),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
