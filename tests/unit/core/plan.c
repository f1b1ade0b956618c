/* Tests for src/core/plan.c and plan_request.c: depths within range and cap, the order of work,
 * exclusions, the course and its rest. */
#include "helpers.h"

#include "needlepoint/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct np_plan *plan_with(const struct np_pack *pack, const char *request_json)
{
	json_t *j = np_test_json(request_json);
	struct np_plan_request *q = NULL;
	struct np_plan *p = NULL;
	if (np_plan_request_from_json(&q, pack, j) != 0)
		fail_msg("request rejected: %s", np_error_last());
	if (np_plan_build(&p, pack, q) != 0)
		fail_msg("planning failed: %s", np_error_last());
	np_plan_request_free(q);
	json_decref(j);
	return p;
}

static struct np_plan *plan(const char *request_json)
{
	return plan_with(np_test_pack(), request_json);
}

static const struct np_plan_zone *zone(const struct np_plan *p, const char *id)
{
	for (size_t i = 0; i < p->n_zones; i++)
		if (strcmp(p->zones[i].zone->id, id) == 0)
			return &p->zones[i];
	return NULL;
}

static bool warned(const struct np_plan *p, const char *code)
{
	for (size_t i = 0; i < p->n_warnings; i++)
		if (strcmp(p->warnings[i].code, code) == 0)
			return true;
	return false;
}

static void the_issue_example_plans_as_documented(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"skin\": \"normal\", "
	         "\"fitzpatrick\": 3, \"start\": \"2026-12-01\", \"targets\": [{\"indication\": "
	         "\"acne_scars\", \"zones\": [\"cheek_left\", \"cheek_right\"]}, {\"indication\": "
	         "\"fine_lines\", \"zones\": [\"forehead\", \"periorbital_left\"]}], "
	         "\"excluded_zones\": []}");
	assert_int_equal(p->sessions, 3);
	assert_int_equal(p->interval_days, 28);
	assert_string_equal(np_test_date_text(p->dates[1]), "2026-12-29");
	assert_string_equal(np_test_date_text(p->dates[2]), "2027-01-26");
	/* the order of work: forehead, under the eye, then the cheeks from the right */
	assert_int_equal(p->n_zones, 4);
	assert_string_equal(p->zones[0].zone->id, "forehead");
	assert_string_equal(p->zones[1].zone->id, "periorbital_left");
	assert_string_equal(p->zones[2].zone->id, "cheek_right");
	assert_string_equal(p->zones[3].zone->id, "cheek_left");
	assert_true(zone(p, "forehead")->depth_mm == 0.5);
	assert_true(zone(p, "cheek_left")->depth_mm == 1.5);
	assert_int_equal(zone(p, "forehead")->passes, 3);
	assert_true(warned(p, "secondary_course")); /* fine lines usually take 4 sessions */
	np_plan_free(p);
}

static void home_caps_and_eases_the_depth(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"home\", \"device\": \"roller\", \"fitzpatrick\": 2, \"start\": "
	         "\"2026-12-01\", \"targets\": [{\"indication\": \"acne_scars\", "
	         "\"zones\": [\"cheek_left\"]}, {\"indication\": \"fine_lines\", "
	         "\"zones\": [\"forehead\"]}]}");
	const struct np_plan_zone *cheek = zone(p, "cheek_left"), *forehead = zone(p, "forehead");
	/* 1.5 mm for acne scars is over the home cap, and eases to the 0.25 mm recommended at
	 * home: the clinic's minimum of 0.5 mm on the cheek is not a home roller's */
	assert_true(cheek->depth_mm == 0.25);
	assert_true(cheek->range_mm[0] == 0.2 && cheek->range_mm[1] == 0.5);
	assert_true(cheek->steps & NP_DEPTH_CAPPED);
	assert_false(p->course);
	assert_int_equal(p->sessions, 0);
	assert_int_equal(p->interval_days, 2); /* the ladder's rest after 0.25 mm */
	/* 0.5 mm for fine lines eases to the 0.25 mm recommended at home */
	assert_true(forehead->depth_mm == 0.25);
	assert_true(forehead->steps & NP_DEPTH_EASED);
	assert_true(warned(p, "depth_capped"));
	np_plan_free(p);
}

static void rollers_never_go_near_the_eyes(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"clinic\", \"device\": \"roller\", \"fitzpatrick\": 2, \"start\": "
	         "\"2026-12-01\", \"targets\": [{\"indication\": \"fine_lines\", "
	         "\"zones\": [\"periorbital_left\", \"forehead\"]}]}");
	assert_null(zone(p, "periorbital_left"));
	assert_int_equal(p->n_excluded, 1);
	assert_string_equal(p->excluded[0].zone->id, "periorbital_left");
	assert_int_equal(p->excluded[0].why, NP_EXCLUDED_DEVICE);
	np_plan_free(p);
}

static void skin_thickness_shifts_within_the_range(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"skin\": "
	         "\"thick\", \"fitzpatrick\": 2, \"start\": \"2026-12-01\", \"targets\": "
	         "[{\"indication\": \"fine_lines\", \"zones\": [\"forehead\", "
	         "\"upper_lip\"]}]}");
	assert_true(zone(p, "forehead")->depth_mm == 0.75);
	/* the upper lip stops at 0.5 mm */
	assert_true(zone(p, "upper_lip")->depth_mm == 0.5);
	assert_true(zone(p, "upper_lip")->steps & NP_DEPTH_LOWERED_TO_ZONE);
	np_plan_free(p);
}

static void interval_waits_for_the_deepest_rest(void **state)
{
	(void)state;
	/* thick skin alone never takes a plan past the 1.5 mm the device was evaluated at */
	struct np_plan *p =
	    plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"skin\": "
	         "\"thick\", \"fitzpatrick\": 2, \"start\": \"2026-12-01\", \"targets\": "
	         "[{\"indication\": \"stretch_marks\", \"zones\": [\"abdomen\"]}]}");
	assert_true(zone(p, "abdomen")->depth_mm == 1.5);
	assert_true(zone(p, "abdomen")->steps & NP_DEPTH_EVALUATED);
	assert_false(warned(p, "beyond_evaluated"));
	np_plan_free(p);
	/* a practitioner may go deeper: the plan says it is beyond the evaluated settings, and
	 * the course waits the 28 days 2.0 mm rests */
	p = plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": 2, "
	         "\"start\": \"2026-12-01\", \"targets\": [{\"indication\": \"acne_scars\", "
	         "\"zones\": [\"cheek_left\"]}], \"depths\": [{\"zone\": \"cheek_left\", "
	         "\"depth_mm\": 2.0}]}");
	assert_true(zone(p, "cheek_left")->beyond_evaluated);
	assert_true(warned(p, "beyond_evaluated"));
	assert_int_equal(p->interval_days, 28);
	np_plan_free(p);
}

static void a_stronger_source_may_shorten_the_rest_and_says_so(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": 2, \"start\": "
	         "\"2026-12-01\", \"targets\": [{\"indication\": \"alopecia\", "
	         "\"zones\": [\"scalp\"]}]}");
	assert_int_equal(p->interval_days, 7);
	assert_int_equal(p->sessions, 12);
	assert_true(zone(p, "scalp")->rest_overridden);
	assert_true(warned(p, "rest_override"));
	np_plan_free(p);
}

static void screening_exclusions_are_kept(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": 2, \"start\": "
	         "\"2026-12-01\", \"targets\": [{\"indication\": \"acne_scars\", "
	         "\"zones\": [\"cheek_left\", \"chin\"]}], \"excluded_zones\": "
	         "[\"cheek_left\"]}");
	assert_null(zone(p, "cheek_left"));
	assert_non_null(zone(p, "chin"));
	assert_int_equal(p->excluded[0].why, NP_EXCLUDED_SCREENING);
	np_plan_free(p);
}

/* The safety property: whatever the request, a depth is inside the range the setting allows on
 * the zone (at home from its floor), never past the depth the device was evaluated at, and the
 * course never comes back before a zone's rest is over. */
static void check_every_plan_is_safe(const struct np_pack *pack)
{
	static const char *const settings[] = {"clinic", "home"};
	static const char *const skins[] = {"thin", "normal", "thick"};
	static const char *const devices[] = {"pen", "roller", "stamp", "rf"};
	int plans = 0;
	for (size_t i = 0; i < pack->n_indications; i++)
		for (size_t z = 0; z < pack->n_zones; z++)
			for (size_t n = 0; n < 2 * 3 * 4; n++) {
				const char *setting = settings[n / 12], *skin = skins[n / 4 % 3];
				const char *device = devices[n % 4];
				if (!(np_pack_setting(pack, setting)->devices &
				      (1u << np_pack_device(device))))
					continue;
				const struct np_indication *ind = &pack->indications[i];
				const struct np_zone *zn = &pack->zones[z];
				bool region = false;
				for (size_t r = 0; r < ind->n_regions; r++)
					region = region || !strcmp(ind->regions[r], zn->region);
				if (!region)
					continue;
				char text[512];
				snprintf(
				    text, sizeof text,
				    "{\"setting\": \"%s\", \"device\": \"%s\", \"skin\": \"%s\", "
				    "\"fitzpatrick\": 2, \"start\": \"2026-12-01\", \"targets\": "
				    "[{\"indication\": "
				    "\"%s\", \"zones\": [\"%s\"]}]}",
				    setting, device, skin, ind->id, zn->id);
				struct np_plan *p = plan_with(pack, text);
				double range[2];
				np_setting_zone_range(np_pack_setting(pack, setting), zn, range);
				for (size_t k = 0; k < p->n_zones; k++) {
					double depth = p->zones[k].depth_mm;
					if (depth < range[0] - 1e-9 || depth > range[1] + 1e-9 ||
					    depth > pack->evaluated.over_mm + 1e-9)
						fail_msg("%s: %g mm on %s is unsafe", text, depth,
						         zn->id);
					int rest = np_pack_rest_for(pack, depth)->rest_days;
					assert_true(p->interval_days >= rest ||
					            p->zones[k].rest_overridden);
					assert_true(p->zones[k].indication == ind);
				}
				assert_int_equal(p->n_zones + p->n_excluded, 1);
				np_plan_free(p);
				plans++;
			}
	assert_true(plans > 500);
}

static void no_plan_leaves_the_safe_range(void **state)
{
	(void)state;
	check_every_plan_is_safe(np_test_pack());
}

/* The same with only the cap to protect the home setting: no gentler recommended depth. */
static void no_plan_leaves_the_safe_range_without_a_recommended_depth(void **state)
{
	(void)state;
	json_error_t e;
	json_t *doc = json_load_file(NP_STANDARD_PACK, 0, &e);
	json_t *settings = json_object_get(doc, "settings");
	for (size_t i = 0; i < json_array_size(settings); i++)
		json_object_del(json_array_get(settings, i), "recommended_mm");
	char *text = json_dumps(doc, 0);
	struct np_pack *pack;
	assert_int_equal(np_pack_load_text(&pack, text, strlen(text), "no-recommended.json"), 0);
	check_every_plan_is_safe(pack);
	np_pack_free(pack);
	free(text);
	json_decref(doc);
}

static void expect_bad(const char *text, const char *message)
{
	json_t *j = np_test_json(text);
	struct np_plan_request *q = (struct np_plan_request *)1;
	assert_int_equal(np_plan_request_from_json(&q, np_test_pack(), j), NP_EINVAL);
	assert_null(q);
	assert_error_contains(message);
	json_decref(j);
}

#define HEAD                                                                                       \
	"{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": 2, \"start\": "           \
	"\"2026-12-01\", "

static void bad_requests_name_the_field_and_value(void **state)
{
	(void)state;
	expect_bad(HEAD "\"targets\": [{\"indication\": \"acne\", \"zones\": [\"chin\"]}]}",
	           "targets[0].indication: unknown indication 'acne'");
	expect_bad(HEAD "\"targets\": [{\"indication\": \"alopecia\", \"zones\": [\"chin\"]}]}",
	           "targets[0].zones[0]: indication 'alopecia' is not treated on zone 'chin'");
	expect_bad(HEAD "\"targets\": [{\"indication\": \"acne_scars\", \"zones\": [\"chin\"]}, "
	                "{\"indication\": \"fine_lines\", \"zones\": [\"chin\"]}]}",
	           "targets[1].zones[0]: zone 'chin' is already in an earlier target");
	expect_bad(HEAD "\"targets\": []}", "targets: expected a non-empty array");
	expect_bad(HEAD "\"targets\": [{\"indication\": \"acne_scars\", \"zones\": []}]}",
	           "targets[0].zones: expected a non-empty array");
	expect_bad("{\"setting\": \"spa\", \"device\": \"pen\", \"fitzpatrick\": 2, \"start\": "
	           "\"2026-12-01\", "
	           "\"targets\": []}",
	           "setting: unknown setting 'spa'");
	expect_bad("{\"setting\": \"clinic\", \"device\": \"laser\", \"fitzpatrick\": 2, "
	           "\"start\": \"2026-12-01\", "
	           "\"targets\": []}",
	           "device: unknown device 'laser'");
	expect_bad("{\"setting\": \"clinic\", \"device\": \"pen\", \"skin\": \"oily\", "
	           "\"fitzpatrick\": 2, \"start\": "
	           "\"2026-12-01\", \"targets\": []}",
	           "skin: unknown skin 'oily'");
	expect_bad("{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": 2, \"start\": "
	           "\"2026-02-30\", "
	           "\"targets\": []}",
	           "start: \"2026-02-30\" is not a date");
	expect_bad(HEAD "\"targets\": [{\"indication\": \"acne_scars\", \"zones\": [\"chin\"]}], "
	                "\"excluded_zones\": [\"ear\"]}",
	           "excluded_zones[0]: unknown zone 'ear'");
}

static void json_gives_reasons_and_sources(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"home\", \"device\": \"roller\", \"fitzpatrick\": 2, \"start\": "
	         "\"2026-12-01\", \"targets\": [{\"indication\": \"acne_scars\", "
	         "\"zones\": [\"cheek_left\"]}]}");
	json_t *j = np_plan_to_json(p);
	json_t *z = json_array_get(json_object_get(j, "zones"), 0);
	json_t *why = json_object_get(z, "why");
	bool capped = false;
	for (size_t i = 0; i < json_array_size(why); i++)
		capped =
		    capped || strstr(json_string_value(json_array_get(why, i)),
		                     "capped at 0.5 mm, the limit at home (needlepoint_editorial)");
	assert_true(capped);
	assert_true(json_array_size(json_object_get(z, "sources")) > 2);
	assert_int_equal(json_integer_value(json_object_get(z, "order")), 6);
	json_decref(j);
	np_plan_free(p);
}

/* Revision 3: the plan obeys the client's screening through the pack's adjustments. */
#define INTAKE(extra) "\"intake\": {\"birth_date\": \"1985-05-05\", \"fitzpatrick\": 5" extra "}"

static bool adjusted(const struct np_plan *p, const char *id)
{
	for (size_t i = 0; i < p->n_adjustments; i++)
		if (strcmp(p->adjustments[i]->id, id) == 0)
			return true;
	return false;
}

static void an_anaesthetic_allergy_means_no_numbing_cream(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"start\": "
	         "\"2026-12-01\", " INTAKE(
	             ", \"allergies\": [\"lidocaine\"]") ", "
	                                                 "\"targets\": [{\"indication\": "
	                                                 "\"fine_lines\", \"zones\": "
	                                                 "[\"forehead\"]}]}");
	assert_int_equal(p->anaesthetic_minutes, 0);
	assert_non_null(p->no_anaesthetic);
	assert_true(adjusted(p, "no_numbing_with_allergy"));
	json_t *j = np_plan_to_json(p);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "anaesthetic"), "none")),
	    "no numbing cream: allergy to topical anaesthetic");
	json_decref(j);
	np_plan_free(p);
	p = plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": 2, "
	         "\"start\": \"2026-12-01\", \"targets\": [{\"indication\": \"fine_lines\", "
	         "\"zones\": [\"forehead\"]}]}");
	assert_int_equal(p->anaesthetic_minutes, 30);
	np_plan_free(p);
}

static void pigment_in_darker_skin_is_capped_with_its_reason(void **state)
{
	(void)state;
	struct np_plan *p =
	    plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"start\": "
	         "\"2026-12-01\", " INTAKE(
	             "") ", \"targets\": [{\"indication\": "
	                 "\"melasma\", \"zones\": [\"cheek_left\"]}, {\"indication\": "
	                 "\"acne_scars\", \"zones\": [\"cheek_right\"]}]}");
	assert_true(zone(p, "cheek_left")->depth_mm == 1.0);
	assert_true(zone(p, "cheek_left")->steps & NP_DEPTH_ADJUSTED);
	/* acne scars are not a pigment indication: not limited */
	assert_true(zone(p, "cheek_right")->depth_mm == 1.5);
	assert_true(adjusted(p, "pigment_in_darker_skin"));
	np_plan_free(p);
	/* the same melasma in type II skin: the indication's 1.5 mm */
	p = plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": 2, "
	         "\"start\": \"2026-12-01\", \"targets\": [{\"indication\": \"melasma\", "
	         "\"zones\": [\"cheek_left\"]}]}");
	assert_true(zone(p, "cheek_left")->depth_mm == 1.5);
	np_plan_free(p);
}

static void rf_is_refused_with_implanted_electronics(void **state)
{
	(void)state;
	struct np_plan *p = plan(
	    "{\"setting\": \"clinic\", \"device\": \"rf\", \"start\": "
	    "\"2026-12-01\", " INTAKE(
	        ", \"conditions\": [\"implanted_electronics\"]") ", "
	                                                         "\"targets\": [{\"indication\": "
	                                                         "\"acne_scars\", \"zones\": "
	                                                         "[\"cheek_left\", \"chin\"]}]}");
	assert_int_equal(p->n_zones, 0);
	assert_int_equal(p->n_excluded, 2);
	assert_int_equal(p->excluded[0].why, NP_EXCLUDED_ADJUSTMENT);
	assert_true(warned(p, "nothing_to_treat"));
	np_plan_free(p);
	/* a pen is fine */
	p = plan(
	    "{\"setting\": \"clinic\", \"device\": \"pen\", \"start\": \"2026-12-01\", " INTAKE(
	        ", \"conditions\": [\"implanted_electronics\"]") ", \"targets\": "
	                                                         "[{\"indication\": "
	                                                         "\"acne_scars\", \"zones\": "
	                                                         "[\"cheek_left\"]}]}");
	assert_int_equal(p->n_zones, 1);
	np_plan_free(p);
	/* metal in one zone rules RF out there only */
	p = plan("{\"setting\": \"clinic\", \"device\": \"rf\", \"start\": \"2026-12-01\", " INTAKE(
	    ", \"zone_findings\": [{\"zone\": \"chin\", \"finding\": "
	    "\"implant\"}]") ", \"targets\": [{\"indication\": \"acne_scars\", "
	                     "\"zones\": [\"cheek_left\", \"chin\"]}]}");
	assert_int_equal(p->n_zones, 1);
	assert_string_equal(p->excluded[0].zone->id, "chin");
	np_plan_free(p);
}

static void no_skin_type_is_never_assumed(void **state)
{
	(void)state;
	expect_bad("{\"setting\": \"clinic\", \"device\": \"pen\", \"start\": \"2026-12-01\", "
	           "\"targets\": [{\"indication\": \"melasma\", \"zones\": [\"chin\"]}]}",
	           "fitzpatrick: missing");
}

static void a_course_is_reviewed_at_3_and_6_months(void **state)
{
	(void)state;
	struct np_plan *p = plan("{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": "
	                         "2, \"start\": \"2026-12-01\", \"targets\": [{\"indication\": "
	                         "\"acne_scars\", \"zones\": [\"chin\"]}]}");
	assert_int_equal(p->n_reviews, 2);
	assert_string_equal(np_test_date_text(p->dates[p->sessions - 1]), "2027-01-26");
	assert_string_equal(np_test_date_text(p->reviews[0]), "2027-04-26");
	assert_string_equal(np_test_date_text(p->reviews[1]), "2027-07-26");
	np_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_issue_example_plans_as_documented),
	    cmocka_unit_test(home_caps_and_eases_the_depth),
	    cmocka_unit_test(rollers_never_go_near_the_eyes),
	    cmocka_unit_test(skin_thickness_shifts_within_the_range),
	    cmocka_unit_test(interval_waits_for_the_deepest_rest),
	    cmocka_unit_test(a_stronger_source_may_shorten_the_rest_and_says_so),
	    cmocka_unit_test(screening_exclusions_are_kept),
	    cmocka_unit_test(no_plan_leaves_the_safe_range),
	    cmocka_unit_test(an_anaesthetic_allergy_means_no_numbing_cream),
	    cmocka_unit_test(pigment_in_darker_skin_is_capped_with_its_reason),
	    cmocka_unit_test(rf_is_refused_with_implanted_electronics),
	    cmocka_unit_test(no_skin_type_is_never_assumed),
	    cmocka_unit_test(a_course_is_reviewed_at_3_and_6_months),
	    cmocka_unit_test(no_plan_leaves_the_safe_range_without_a_recommended_depth),
	    cmocka_unit_test(bad_requests_name_the_field_and_value),
	    cmocka_unit_test(json_gives_reasons_and_sources),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
