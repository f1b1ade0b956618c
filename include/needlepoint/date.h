/* Calendar days: parsing, formatting and arithmetic on the proleptic Gregorian calendar. */
#ifndef NEEDLEPOINT_DATE_H
#define NEEDLEPOINT_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* A calendar day, counted from 1970-01-01 (day 0). */
typedef int32_t np_day;

/* "No date": a deferral that lasts until something resolves, a dose never recorded. */
#define NP_DAY_NONE INT32_MIN

/* The length of "YYYY-MM-DD" plus its terminator. */
#define NP_DATE_LEN 11

/* Parse exactly "YYYY-MM-DD" (years 1900-2999), rejecting days the month does not have. */
int np_date_parse(np_day *out, const char *text);

/* Write "YYYY-MM-DD" into out. */
void np_date_format(np_day day, char out[NP_DATE_LEN]);

np_day np_date_from_ymd(int year, int month, int mday);
void np_date_to_ymd(np_day day, int *year, int *month, int *mday);
bool np_date_valid_ymd(int year, int month, int mday);
int np_date_days_in_month(int year, int month);

/* Add calendar months, clamping to the month's last day: 2026-08-31 + 6 months = 2027-02-28. */
np_day np_date_add_months(np_day day, int months);

/* Completed years from birth to on (an age); negative when on is before birth. */
int np_date_years_between(np_day birth, np_day on);

#endif
