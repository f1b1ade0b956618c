/* Scheduling: when each zone may be needled again, from the depth last used there. */
#ifndef NEEDLEPOINT_SCHEDULE_H
#define NEEDLEPOINT_SCHEDULE_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"

#include <jansson.h>

struct np_history_zone {
	const struct np_zone *zone;
	double depth_mm;
};

struct np_history_session {
	np_day date;
	const struct np_indication *indication; /* NULL when not recorded */
	struct np_history_zone *zones;
	size_t n_zones;
};

/* A session history, checked against the pack; everything points into the pack. */
struct np_history {
	const struct np_setting *setting;
	struct np_history_session *sessions;
	size_t n_sessions;
	void *internal;
};

/* Read a history (docs/json.md). Session records with more fields (device, unit, products, ...)
 * are accepted; only what scheduling needs is read. The caller owns *out (np_history_free). */
int np_history_from_json(struct np_history **out, const struct np_pack *pack, const json_t *json);
void np_history_free(struct np_history *history);

struct np_zone_rest {
	const struct np_zone *zone;
	np_day last;     /* the session that sets the zone's rest */
	double depth_mm; /* the depth used there */
	const struct np_rest_step *rest;
	bool overridden; /* the indication's stronger source shortened the rest */
	np_day eligible_from;
};

struct np_schedule {
	const struct np_pack *pack;
	np_day on;
	np_day earliest; /* every zone of the history may be needled from here; NONE when empty */
	bool ready;
	struct np_zone_rest *zones; /* in the order of work */
	size_t n_zones;
	const char **warnings;
	size_t n_warnings;
	void *internal;
};

/* Work out each zone's rest on a day. The caller owns *out (np_schedule_free). */
int np_schedule_next(struct np_schedule **out, const struct np_pack *pack,
                     const struct np_history *history, np_day on);
void np_schedule_free(struct np_schedule *schedule);

/* The schedule as the JSON contract; a new reference the caller owns, NULL when out of memory. */
json_t *np_schedule_to_json(const struct np_schedule *schedule);

#endif
