/* Time zones from the system's tz database, so that "today" is the clinic's day wherever the
 * server runs. A zone is read from its TZif file (RFC 8536) under TZDIR, else /usr/share/zoneinfo,
 * once per process, and never through the TZ environment variable, which threads share. */
#ifndef NEEDLEPOINT_TZ_H
#define NEEDLEPOINT_TZ_H

#include "needlepoint/date.h"

#include <stdbool.h>
#include <stdint.h>

struct np_tz;

/* The longest zone name accepted, without its terminator. */
#define NP_TZ_NAME_MAX 63

/* The zone called name ("Europe/London", "UTC"). A name that is not a zone of the database is
 * NP_EINVAL, naming it; an unreadable or damaged file NP_EIO. Zones are loaded once and kept
 * for the life of the process, shared by every thread: *out is borrowed, never freed. */
int np_tz_get(const struct np_tz **out, const char *name);

/* The zone's name, as it was asked for. */
const char *np_tz_name(const struct np_tz *tz);

/* The offset from UTC, in seconds, of local time in the zone at the instant when (Unix seconds). */
int32_t np_tz_offset(const struct np_tz *tz, int64_t when);

/* The calendar day in the zone at the instant when (Unix seconds). */
np_day np_tz_day(const struct np_tz *tz, int64_t when);

#endif
