/* Tests for src/core/date.c: calendar days, month arithmetic, ages. */
#include "helpers.h"

#include <string.h>

static void parses_calendar_days_only(void **state)
{
	(void)state;
	np_day d;
	assert_int_equal(np_date_parse(&d, "2024-02-29"), 0);
	assert_int_equal(np_date_parse(&d, "2026-02-29"), NP_EINVAL);
	assert_error_contains("'2026-02-29' is not a calendar day");
	assert_int_equal(np_date_parse(&d, "2026-02-30"), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, "2026-04-31"), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, "2026-13-01"), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, "2026-00-10"), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, "2026-1-01"), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, "2026-01-01x"), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, "20260101"), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, "2026-0a-01"), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, ""), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, NULL), NP_EINVAL);
	assert_int_equal(np_date_parse(&d, "1970-01-01"), 0);
	assert_int_equal(d, 0);
}

static void round_trips_every_day_of_three_centuries(void **state)
{
	(void)state;
	np_day first = np_date_from_ymd(1900, 1, 1), last = np_date_from_ymd(2200, 12, 31);
	int y, m, d, py = 1899, pm = 12, pd = 31;
	for (np_day day = first; day <= last; day++) {
		np_date_to_ymd(day, &y, &m, &d);
		assert_true(np_date_valid_ymd(y, m, d) || y > 2999);
		assert_int_equal(np_date_from_ymd(y, m, d), day);
		/* each day follows the one before */
		bool next = (y == py && m == pm && d == pd + 1) ||
		            (y == py && m == pm + 1 && d == 1) || (y == py + 1 && m == 1 && d == 1);
		assert_true(next);
		py = y, pm = m, pd = d;
	}
}

static void formats_as_iso(void **state)
{
	(void)state;
	char text[NP_DATE_LEN];
	np_date_format(np_date_from_ymd(2027, 3, 1), text);
	assert_string_equal(text, "2027-03-01");
}

static void adds_months_clamping_to_the_last_day(void **state)
{
	(void)state;
	struct {
		const char *from;
		int months;
		const char *to;
	} cases[] = {
	    {"2026-08-31", 6, "2027-02-28"},  {"2027-08-31", 6, "2028-02-29"},
	    {"2026-01-31", 1, "2026-02-28"},  {"2024-01-31", 1, "2024-02-29"},
	    {"2026-03-31", 1, "2026-04-30"},  {"2026-12-15", 1, "2027-01-15"},
	    {"2026-09-01", 6, "2027-03-01"},  {"2026-05-31", -3, "2026-02-28"},
	    {"2024-02-29", 12, "2025-02-28"}, {"2026-07-31", 12, "2027-07-31"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		np_day d = np_date_add_months(np_test_day(cases[i].from), cases[i].months);
		assert_string_equal(np_test_date_text(d), cases[i].to);
	}
}

static void counts_completed_years(void **state)
{
	(void)state;
	np_day birth = np_test_day("2008-11-20");
	assert_int_equal(np_date_years_between(birth, np_test_day("2026-11-19")), 17);
	assert_int_equal(np_date_years_between(birth, np_test_day("2026-11-20")), 18);
	np_day leap = np_test_day("2004-02-29");
	assert_int_equal(np_date_years_between(leap, np_test_day("2026-02-28")), 21);
	assert_int_equal(np_date_years_between(leap, np_test_day("2026-03-01")), 22);
	assert_int_equal(np_date_years_between(leap, np_test_day("2028-02-29")), 24);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_calendar_days_only),
	    cmocka_unit_test(round_trips_every_day_of_three_centuries),
	    cmocka_unit_test(formats_as_iso),
	    cmocka_unit_test(adds_months_clamping_to_the_last_day),
	    cmocka_unit_test(counts_completed_years),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
