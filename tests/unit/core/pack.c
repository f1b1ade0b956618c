/* Tests for the protocol pack (src/core/pack*.c): the standard pack keeps the JSON contract, and
 * loading is strict, naming the file, the JSON path and what was expected. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The contract of the issue that introduced the engine: names users and tests depend on. */
static const char *const contract_zones[] = {"glabella",
                                             "forehead",
                                             "periorbital_left",
                                             "periorbital_right",
                                             "nose",
                                             "cheek_left",
                                             "cheek_right",
                                             "chin",
                                             "jawline_left",
                                             "jawline_right",
                                             "upper_lip",
                                             "neck",
                                             "decolletage",
                                             "scalp",
                                             "abdomen",
                                             "thighs",
                                             "buttocks",
                                             "arms",
                                             "back",
                                             NULL};
static const char *const contract_indications[] = {
    "acne_scars", "fine_lines",   "wrinkles",   "melasma",       "pigmentation", "enlarged_pores",
    "texture",    "rejuvenation", "sun_damage", "stretch_marks", "scars",        "alopecia",
    NULL};
static const char *const contract_vocab[NP_VOCAB_COUNT][20] = {
    [NP_VOCAB_CONDITIONS] = {"active_infection", "cold_sore_active", "herpes_history",
                             "active_acne", "keloid_history", "bleeding_disorder",
                             "cancer_treatment", "cancer_risk", "skin_cancer", "immunosuppressed",
                             "diabetes_uncontrolled", "eczema_flare", "psoriasis_flare",
                             "rosacea_flare", "rash", "open_wound", "sunburn", NULL},
    [NP_VOCAB_MEDICATIONS] = {"isotretinoin", "topical_retinoid", "exfoliating_acid",
                              "anticoagulant", "antiplatelet", "chemotherapy", "radiotherapy",
                              NULL},
    [NP_VOCAB_PROCEDURES] = {"botulinum_toxin", "dermal_filler", "chemical_peel",
                             "laser_resurfacing", NULL},
    [NP_VOCAB_ALLERGIES] = {"topical_anaesthetic", "lidocaine", "nickel", NULL},
    [NP_VOCAB_ZONE_FINDINGS] = {"active_acne", "infection", "lesion", "rash", "open_wound", NULL},
};

static void standard_pack_keeps_the_contract(void **state)
{
	(void)state;
	const struct np_pack *p = np_test_pack();
	assert_string_equal(p->name, "standard");
	for (size_t i = 0; contract_zones[i]; i++)
		assert_non_null(np_pack_zone(p, contract_zones[i]));
	for (size_t i = 0; contract_indications[i]; i++)
		assert_non_null(np_pack_indication(p, contract_indications[i]));
	for (int v = 0; v < NP_VOCAB_COUNT; v++)
		for (size_t i = 0; contract_vocab[v][i]; i++)
			if (np_pack_term(p, (enum np_vocab)v, contract_vocab[v][i]) == NULL)
				fail_msg("%s '%s' is missing", np_vocab_singular((enum np_vocab)v),
				         contract_vocab[v][i]);
}

static void zones_follow_the_documented_order_of_work(void **state)
{
	(void)state;
	const struct np_pack *p = np_test_pack();
	static const char *const face[] = {
	    "glabella",   "forehead", "periorbital_right", "periorbital_left", "cheek_right",
	    "cheek_left", "chin",     "jawline_right",     "jawline_left",     "upper_lip"};
	for (size_t i = 0; i < sizeof face / sizeof face[0]; i++)
		assert_string_equal(p->zones[i].id, face[i]);
	for (size_t i = 1; i < p->n_zones; i++)
		assert_true(p->zones[i - 1].order < p->zones[i].order);
	/* the nose, neck, scalp and body come after the face */
	assert_true(np_pack_zone(p, "nose")->order > np_pack_zone(p, "upper_lip")->order);
	assert_true(np_pack_zone(p, "abdomen")->order > np_pack_zone(p, "scalp")->order);
}

static void eyes_are_pen_only_and_home_is_capped(void **state)
{
	(void)state;
	const struct np_pack *p = np_test_pack();
	unsigned pen = 1u << NP_DEVICE_PEN;
	unsigned rf = 1u << NP_DEVICE_RF; /* RF follows the pens' zones */
	assert_int_equal(np_pack_zone(p, "periorbital_left")->devices, pen | rf);
	assert_int_equal(np_pack_zone(p, "periorbital_right")->devices, pen | rf);
	assert_true(np_pack_setting(p, "home")->depth_cap_mm == 0.5);
	assert_true(np_pack_setting(p, "home")->recommended_mm == 0.25);
	assert_true(np_pack_setting(p, "home")->zone_floor_mm == 0.2);
	assert_false(np_pack_setting(p, "home")->course);
	assert_int_equal(p->home.roller_replace_after_uses, 10);
}

static void rest_ladder_is_read_by_depth(void **state)
{
	(void)state;
	const struct np_pack *p = np_test_pack();
	assert_int_equal(np_pack_rest_for(p, 0.25)->rest_days, 2);
	assert_int_equal(np_pack_rest_for(p, 0.3)->rest_days, 2);
	assert_int_equal(np_pack_rest_for(p, 0.5)->rest_days, 7);
	assert_int_equal(np_pack_rest_for(p, 1.0)->rest_days, 14);
	assert_int_equal(np_pack_rest_for(p, 1.5)->rest_days, 14);
	assert_int_equal(np_pack_rest_for(p, 1.75)->rest_days, 28);
	assert_int_equal(np_pack_rest_for(p, 2.5)->rest_days, 42);
	assert_null(np_pack_rest_for(p, 3.5));
}

static void every_number_has_a_source(void **state)
{
	(void)state;
	const struct np_pack *p = np_test_pack();
	for (size_t i = 0; i < p->n_zones; i++)
		assert_true(p->zones[i].sources.n > 0);
	for (size_t i = 0; i < p->n_indications; i++)
		assert_true(p->indications[i].sources.n > 0);
	for (size_t i = 0; i < p->n_rules; i++)
		assert_true(p->rules[i].sources.n > 0);
	for (size_t i = 0; i < p->n_rest; i++)
		assert_true(p->rest[i].sources.n > 0);
	assert_true(p->density_sources.n > 0);
}

/* Load the standard pack's document after a change, expecting an error containing want. */
static void expect_error(void (*change)(json_t *), const char *want)
{
	json_error_t e;
	json_t *doc = json_load_file(NP_STANDARD_PACK, 0, &e);
	assert_non_null(doc);
	change(doc);
	char *text = json_dumps(doc, 0);
	struct np_pack *p = (struct np_pack *)1;
	int rc = np_pack_load_text(&p, text, strlen(text), "mutant.json");
	free(text);
	json_decref(doc);
	assert_int_equal(rc, NP_EPACK);
	assert_null(p);
	assert_error_contains("mutant.json: ");
	assert_error_contains(want);
}

static json_t *at(json_t *doc, const char *section, size_t index)
{
	return json_array_get(json_object_get(doc, section), index);
}

static void unknown_key(json_t *d)
{
	json_object_set_new(at(d, "zones", 1), "depth", json_real(1));
}
static void missing_field(json_t *d)
{
	json_object_del(at(d, "indications", 0), "sessions");
}
static void upside_down(json_t *d)
{
	json_object_set_new(at(d, "zones", 0), "depth_mm", json_pack("[f,f]", 2.0, 0.5));
}
static void unknown_source(json_t *d)
{
	json_array_append_new(json_object_get(at(d, "screening", 2), "sources"),
	                      json_string("nobody2099"));
}
static void unknown_zone(json_t *d)
{
	json_object_set_new(at(d, "screening", 5), "zones", json_pack("[s]", "elbow"));
}
static void unused_term(json_t *d)
{
	json_array_append_new(json_object_get(json_object_get(d, "vocabulary"), "allergies"),
	                      json_pack("{s:s, s:s}", "id", "latex", "name", "latex"));
}
static void shallow_ladder(json_t *d)
{
	json_array_remove(json_object_get(d, "rest"), 4);
}

static void loading_is_strict_and_names_the_path(void **state)
{
	(void)state;
	expect_error(unknown_key, "zones[1].depth: unknown key 'depth'");
	expect_error(missing_field, "indications[0].sessions: missing");
	expect_error(upside_down, "zones[0].depth_mm: upside-down range [2.0,0.5]");
	expect_error(unknown_source, "screening[2].sources[");
	expect_error(unknown_source, "unknown source 'nobody2099'");
	expect_error(unknown_zone, "screening[5].zones[0]: unknown zone 'elbow'");
	expect_error(unused_term, "allergy 'latex' is triggered by no screening rule");
	expect_error(shallow_ladder,
	             "rest: the ladder stops at 2 mm but setting 'clinic' allows 3 mm");
}

static void expect_scenario(const char *dir, const char *prefix, const char *id)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s/%s%s.in.json", NP_TEST_SCENARIOS, dir, prefix, id);
	if (access(path, R_OK) != 0)
		fail_msg("no scenario for '%s': expected %s", id, path);
}

/* A rule, zone, indication or adjustment added to the standard pack comes with the scenario that
 * shows it. */
static void every_rule_zone_and_indication_has_a_scenario(void **state)
{
	(void)state;
	const struct np_pack *p = np_test_pack();
	for (size_t i = 0; i < p->n_rules; i++)
		expect_scenario("screen", "rule_", p->rules[i].id);
	for (size_t i = 0; i < p->n_zones; i++)
		expect_scenario("plan", "zone_", p->zones[i].id);
	for (size_t i = 0; i < p->n_indications; i++)
		expect_scenario("plan", "indication_", p->indications[i].id);
	for (size_t i = 0; i < p->n_adjustments; i++)
		expect_scenario("plan", "adjustment_", p->adjustments[i].id);
}

static void missing_file_is_an_io_error(void **state)
{
	(void)state;
	struct np_pack *p;
	assert_int_equal(np_pack_load_file(&p, "/nonexistent/pack.json"), NP_EIO);
	assert_null(p);
	assert_error_contains("/nonexistent/pack.json");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(standard_pack_keeps_the_contract),
	    cmocka_unit_test(zones_follow_the_documented_order_of_work),
	    cmocka_unit_test(eyes_are_pen_only_and_home_is_capped),
	    cmocka_unit_test(rest_ladder_is_read_by_depth),
	    cmocka_unit_test(every_number_has_a_source),
	    cmocka_unit_test(loading_is_strict_and_names_the_path),
	    cmocka_unit_test(every_rule_zone_and_indication_has_a_scenario),
	    cmocka_unit_test(missing_file_is_an_io_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
