/* Calendar arithmetic by day numbers (Howard Hinnant's days-from-civil method), no time zones. */
#include "needlepoint/date.h"
#include "needlepoint/error.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int np_date_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool np_date_valid_ymd(int year, int month, int mday)
{
	return year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && mday >= 1 &&
	       mday <= np_date_days_in_month(year, month);
}

np_day np_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	const int era = (y >= 0 ? y : y - 399) / 400;
	const int yoe = y - era * 400;
	const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void np_date_to_ymd(np_day day, int *year, int *month, int *mday)
{
	const int z = day + 719468;
	const int era = (z >= 0 ? z : z - 146096) / 146097;
	const int doe = z - era * 146097;
	const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const int mp = (5 * doy + 2) / 153;
	const int d = doy - (153 * mp + 2) / 5 + 1;
	const int m = mp + (mp < 10 ? 3 : -9);
	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*mday = d;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int np_date_parse(np_day *out, const char *text)
{
	if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return np_error_set(NP_EINVAL, "'%s' is not a date: expected YYYY-MM-DD",
		                    text ? text : "");
	const int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return np_error_set(NP_EINVAL, "'%s' is not a date: expected YYYY-MM-DD", text);
	if (!np_date_valid_ymd(y, m, d))
		return np_error_set(NP_EINVAL, "'%s' is not a calendar day", text);
	*out = np_date_from_ymd(y, m, d);
	return 0;
}

void np_date_format(np_day day, char out[NP_DATE_LEN])
{
	int y, m, d;
	np_date_to_ymd(day, &y, &m, &d);
	snprintf(out, NP_DATE_LEN, "%04d-%02d-%02d", y, m, d);
}

np_day np_date_add_months(np_day day, int months)
{
	int y, m, d;
	np_date_to_ymd(day, &y, &m, &d);
	int index = y * 12 + (m - 1) + months;
	y = index / 12;
	m = index % 12 + 1;
	const int last = np_date_days_in_month(y, m);
	return np_date_from_ymd(y, m, d > last ? last : d);
}

int np_date_years_between(np_day birth, np_day on)
{
	int by, bm, bd, oy, om, od;
	np_date_to_ymd(birth, &by, &bm, &bd);
	np_date_to_ymd(on, &oy, &om, &od);
	int years = oy - by;
	if (om < bm || (om == bm && od < bd))
		years--;
	return years;
}
