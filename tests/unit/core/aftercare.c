/* Tests for src/core/aftercare.c: the dated timeline by depth and device. */
#include "helpers.h"

#include "needlepoint/aftercare.h"

#include <string.h>

static struct np_aftercare_sheet *sheet(const char *date, double depth, int device)
{
	struct np_aftercare_sheet *s = NULL;
	if (np_aftercare_build(&s, np_test_pack(), np_test_day(date), depth, device) != 0)
		fail_msg("aftercare failed: %s", np_error_last());
	return s;
}

static np_day allowed(const struct np_aftercare_sheet *s, const char *activity)
{
	for (size_t i = 0; i < s->n_allowed; i++)
		if (strcmp(s->allowed[i].activity->id, activity) == 0)
			return s->allowed[i].date;
	fail_msg("no activity '%s'", activity);
	return NP_DAY_NONE;
}

static void dates_follow_the_session(void **state)
{
	(void)state;
	struct np_aftercare_sheet *s = sheet("2026-12-28", 1.5, NP_DEVICE_PEN);
	assert_string_equal(np_test_date_text(allowed(s, "makeup")), "2026-12-29");
	assert_string_equal(np_test_date_text(allowed(s, "exercise")), "2026-12-31");
	assert_string_equal(np_test_date_text(allowed(s, "sun_exposure")), "2027-01-04");
	assert_string_equal(np_test_date_text(s->spf_until), "2027-01-11");
	assert_int_equal(s->redness->days[0], 4);
	assert_int_equal(s->redness->days[1], 5);
	/* the timeline runs by day, day 0 first */
	assert_int_equal(s->days[0].day, 0);
	for (size_t i = 1; i < s->n_days; i++)
		assert_true(s->days[i - 1].day < s->days[i].day);
	np_aftercare_free(s);
}

static void retinoids_wait_longer_after_deep_needling(void **state)
{
	(void)state;
	struct np_aftercare_sheet *s = sheet("2026-11-20", 1.0, NP_DEVICE_PEN);
	assert_string_equal(np_test_date_text(allowed(s, "retinoids")), "2026-11-25");
	np_aftercare_free(s);
	s = sheet("2026-11-20", 1.25, NP_DEVICE_PEN);
	assert_string_equal(np_test_date_text(allowed(s, "retinoids")), "2026-11-27");
	np_aftercare_free(s);
	s = sheet("2026-11-20", 0.25, NP_DEVICE_PEN);
	assert_int_equal(s->redness->days[1], 3);
	np_aftercare_free(s);
}

static bool says(const struct np_aftercare_day *d, const char *text)
{
	for (size_t i = 0; i < d->n_do; i++)
		if (strstr(d->do_items[i], text))
			return true;
	return false;
}

static void roller_care_only_for_rollers(void **state)
{
	(void)state;
	struct np_aftercare_sheet *roller = sheet("2026-11-20", 0.25, NP_DEVICE_ROLLER);
	struct np_aftercare_sheet *pen = sheet("2026-11-20", 0.25, NP_DEVICE_PEN);
	assert_true(says(&roller->days[0], "isopropyl alcohol"));
	assert_false(says(&pen->days[0], "isopropyl alcohol"));
	np_aftercare_free(roller);
	np_aftercare_free(pen);
}

static void depths_beyond_the_pack_are_refused(void **state)
{
	(void)state;
	struct np_aftercare_sheet *s;
	assert_int_equal(np_aftercare_build(&s, np_test_pack(), 0, 3.5, -1), NP_EINVAL);
	assert_error_contains("--depth: 3.5 mm is out of range");
	assert_int_equal(np_aftercare_build(&s, np_test_pack(), 0, 0, -1), NP_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(dates_follow_the_session),
	    cmocka_unit_test(retinoids_wait_longer_after_deep_needling),
	    cmocka_unit_test(roller_care_only_for_rollers),
	    cmocka_unit_test(depths_beyond_the_pack_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
