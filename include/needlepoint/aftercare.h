/* Aftercare: the dated timeline a client takes home after a session. */
#ifndef NEEDLEPOINT_AFTERCARE_H
#define NEEDLEPOINT_AFTERCARE_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"

#include <jansson.h>

struct np_aftercare_day {
	int day; /* after the session: 0 is the session's day */
	np_day date;
	const char **do_items; /* strings owned by the pack */
	size_t n_do;
	const char **avoid_items;
	size_t n_avoid;
};

struct np_allowed {
	const struct np_activity *activity;
	int day;
	np_day date;
};

struct np_aftercare_sheet {
	const struct np_pack *pack;
	np_day date;
	double depth_mm;
	int device; /* enum np_device, or -1 when not given */
	const struct np_redness_step *redness;
	struct np_allowed *allowed; /* in the pack's order of activities */
	size_t n_allowed;
	np_day spf_until;
	struct np_aftercare_day *days; /* by day */
	size_t n_days;
	void *internal;
};

/* Build the timeline for a session on date at depth_mm; device is an enum np_device or -1.
 * NP_EINVAL names the option for a depth the pack does not cover. The caller owns *out
 * (np_aftercare_free); it refers to pack. */
int np_aftercare_build(struct np_aftercare_sheet **out, const struct np_pack *pack, np_day date,
                       double depth_mm, int device);
void np_aftercare_free(struct np_aftercare_sheet *sheet);

/* A new reference the caller owns, NULL when out of memory. */
json_t *np_aftercare_to_json(const struct np_aftercare_sheet *sheet);

#endif
