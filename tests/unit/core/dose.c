/* Tests for src/core/dose.c: puncture density by the published formulas. */
#include "helpers.h"

#include "needlepoint/dose.h"

#include <math.h>

static void the_standard_roller_gives_fifteen_per_pass(void **state)
{
	(void)state;
	struct np_dose d;
	assert_int_equal(np_dose_roller(&d, np_test_pack(), 192, 20, 20, 15), 0);
	assert_true(fabs(d.per_pass_per_cm2 - 15.279) < 0.001);
	assert_true(fabs(d.total_per_cm2 - 229.18) < 0.01);
	assert_int_equal(d.passes_for_target, 17);
	assert_int_equal(d.target_per_cm2[0], 250);
	assert_int_equal(d.target_per_cm2[1], 300);
	json_t *j = np_dose_to_json(&d, np_test_pack());
	assert_true(json_real_value(json_object_get(j, "per_pass_per_cm2")) == 15.28);
	assert_true(json_real_value(json_object_get(j, "total_per_cm2")) == 229.2);
	json_decref(j);
}

static void passes_default_to_the_device(void **state)
{
	(void)state;
	struct np_dose d;
	assert_int_equal(np_dose_roller(&d, np_test_pack(), 192, 20, 20, 0), 0);
	assert_int_equal(d.passes, np_test_pack()->devices[NP_DEVICE_ROLLER].passes);
	assert_int_equal(np_dose_pen(&d, np_test_pack(), 12, 100, 20, 6, 0), 0);
	assert_int_equal(d.passes, np_test_pack()->devices[NP_DEVICE_PEN].passes);
}

static void pen_density_is_punctures_over_swept_area(void **state)
{
	(void)state;
	struct np_dose d;
	/* 11 needles at 90 Hz (Dermapen), gliding 30 mm/s with a 5 mm footprint:
	 * 990 punctures per second over 1.5 cm2 per second = 660 per cm2 per pass */
	assert_int_equal(np_dose_pen(&d, np_test_pack(), 11, 90, 30, 5, 1), 0);
	assert_true(fabs(d.per_pass_per_cm2 - 660.0) < 1e-9);
	assert_int_equal(d.passes_for_target, 1);
}

static void nonsense_is_refused_by_name(void **state)
{
	(void)state;
	struct np_dose d;
	assert_int_equal(np_dose_roller(&d, np_test_pack(), 0, 20, 20, 1), NP_EINVAL);
	assert_error_contains("--needles: 0 is out of range");
	assert_int_equal(np_dose_roller(&d, np_test_pack(), 192, 0, 20, 1), NP_EINVAL);
	assert_error_contains("--drum-diameter");
	assert_int_equal(np_dose_pen(&d, np_test_pack(), 12, 100, NAN, 5, 1), NP_EINVAL);
	assert_error_contains("--speed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(the_standard_roller_gives_fifteen_per_pass),
	    cmocka_unit_test(passes_default_to_the_device),
	    cmocka_unit_test(pen_density_is_punctures_over_swept_area),
	    cmocka_unit_test(nonsense_is_refused_by_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
