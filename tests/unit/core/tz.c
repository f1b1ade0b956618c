/* Tests for src/core/tz.c: the clinic's day in its time zone, held against the C library's own
 * reading of the same tz database (safe here: this test has one thread). */
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include "helpers.h"

#include "needlepoint/tz.h"

#include <stdlib.h>
#include <time.h>

/* Zones with daylight time in both hemispheres, half-hour and 45-minute offsets, a zone that
 * moved its date line, a zone without daylight time, and UTC. */
static const char *const zones[] = {
    "Europe/London",    "Europe/Berlin",       "America/New_York", "America/Sao_Paulo",
    "Australia/Sydney", "Asia/Kolkata",        "Asia/Kathmandu",   "Pacific/Apia",
    "Pacific/Chatham",  "Africa/Casablanca",   "Asia/Tokyo",       "UTC",
    "America/Santiago", "Australia/Lord_Howe", "Europe/Dublin",    "America/St_Johns"};

static int32_t libc_offset(const char *zone, int64_t when)
{
	setenv("TZ", zone, 1);
	tzset();
	time_t t = (time_t)when;
	struct tm tm;
	localtime_r(&t, &tm);
	return (int32_t)tm.tm_gmtoff;
}

/* Random instants from 1970 to 2100 (past the last transition, where the footer's rule holds),
 * and the instants either side of every transition of a recent year. */
static void offsets_agree_with_the_c_library(void **state)
{
	(void)state;
	srand(20261201);
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		const struct np_tz *tz = NULL;
		if (np_tz_get(&tz, zones[z]) != 0)
			fail_msg("%s: %s", zones[z], np_error_last());
		for (int i = 0; i < 4000; i++) {
			int64_t when = (int64_t)((double)rand() / RAND_MAX * 4102444800.0);
			int32_t want = libc_offset(zones[z], when), got = np_tz_offset(tz, when);
			if (want != got)
				fail_msg("%s at %lld: %d, the C library says %d", zones[z],
				         (long long)when, got, want);
		}
		/* every hour of 2031 and 2061, beyond the tables: the footer's rule, to the hour */
		for (int64_t when = 1924992000; when < 1924992000 + 366 * 86400; when += 3600)
			assert_int_equal(np_tz_offset(tz, when), libc_offset(zones[z], when));
		for (int64_t when = 2871763200; when < 2871763200 + 366 * 86400; when += 3600)
			assert_int_equal(np_tz_offset(tz, when), libc_offset(zones[z], when));
	}
}

/* 23:30 UTC on 30 November is already 1 December in Berlin, and still 30 November in New York. */
static void the_day_is_the_zones_day(void **state)
{
	(void)state;
	const struct np_tz *berlin = NULL, *ny = NULL, *same = NULL;
	assert_int_equal(np_tz_get(&berlin, "Europe/Berlin"), 0);
	assert_int_equal(np_tz_get(&ny, "America/New_York"), 0);
	int64_t when = (int64_t)np_test_day("2026-11-30") * 86400 + 23 * 3600 + 30 * 60;
	assert_string_equal(np_test_date_text(np_tz_day(berlin, when)), "2026-12-01");
	assert_string_equal(np_test_date_text(np_tz_day(ny, when)), "2026-11-30");
	/* loaded once: the same zone again is the same object */
	assert_int_equal(np_tz_get(&same, "Europe/Berlin"), 0);
	assert_ptr_equal(same, berlin);
	assert_string_equal(np_tz_name(berlin), "Europe/Berlin");
}

static void names_outside_the_database_are_refused(void **state)
{
	(void)state;
	const char *bad[] = {"",
	                     "Mars/Olympus",
	                     "../../etc/passwd",
	                     "/etc/localtime",
	                     "Europe/../../x",
	                     "Europe//London",
	                     "Europe/London/",
	                     "a b",
	                     ".hidden"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const struct np_tz *tz = (const struct np_tz *)1;
		assert_int_equal(np_tz_get(&tz, bad[i]), NP_EINVAL);
		assert_null(tz);
		assert_error_contains("unknown time zone");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(offsets_agree_with_the_c_library),
	    cmocka_unit_test(the_day_is_the_zones_day),
	    cmocka_unit_test(names_outside_the_database_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
