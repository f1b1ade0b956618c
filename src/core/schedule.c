/* Scheduling: each zone rests by the depth last used there (or an indication's stronger source). */
#include "needlepoint/schedule.h"

#include "arena.h"
#include "json_out.h"
#include "needlepoint/error.h"
#include "try.h"

#include <stdio.h>
#include <stdlib.h>

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory scheduling");
}

static int add_warning(struct np_schedule *s, struct np_arena *arena, const char *text)
{
	s->warnings[s->n_warnings] = np_arena_strdup(arena, text);
	if (s->warnings[s->n_warnings] == NULL)
		return nomem();
	s->n_warnings++;
	return 0;
}

/* Depths outside the setting's cap, the zone's range or the rest ladder were recorded (a
 * practitioner overrode the rules then), so they count; say so, in the order of the history. */
static int check_depth(struct np_schedule *s, struct np_arena *arena, const struct np_pack *pack,
                       const struct np_history *h, size_t i, size_t j)
{
	const struct np_history_session *hs = &h->sessions[i];
	const struct np_history_zone *hz = &hs->zones[j];
	char text[320], day[NP_DATE_LEN];
	np_date_format(hs->date, day);
	const struct np_rest_step *deepest = &pack->rest[pack->n_rest - 1];
	if (hz->depth_mm > deepest->up_to_mm + 1e-9) {
		snprintf(text, sizeof text,
		         "%s on %s: %g mm is deeper than the rest table reaches (%g mm): its "
		         "longest rest, %d days, is counted",
		         hz->zone->name, day, hz->depth_mm, deepest->up_to_mm, deepest->rest_days);
		NP_TRY(add_warning(s, arena, text));
	}
	if (hz->depth_mm > h->setting->depth_cap_mm + 1e-9) {
		snprintf(text, sizeof text, "%s on %s: %g mm is over the %s cap of %g mm",
		         hz->zone->name, day, hz->depth_mm, h->setting->id,
		         h->setting->depth_cap_mm);
		return add_warning(s, arena, text);
	}
	if (hz->depth_mm < hz->zone->depth_mm[0] - 1e-9 ||
	    hz->depth_mm > hz->zone->depth_mm[1] + 1e-9) {
		snprintf(text, sizeof text, "%s on %s: %g mm is outside its range of %g-%g mm",
		         hz->zone->name, day, hz->depth_mm, hz->zone->depth_mm[0],
		         hz->zone->depth_mm[1]);
		return add_warning(s, arena, text);
	}
	return 0;
}

static int schedule(struct np_schedule *s, struct np_arena *arena, const struct np_pack *pack,
                    const struct np_history *h)
{
	size_t entries = 0;
	for (size_t i = 0; i < h->n_sessions; i++)
		entries += h->sessions[i].n_zones;
	s->zones = np_arena_array(arena, pack->n_zones, sizeof *s->zones);
	/* at most two warnings per recorded zone: past the ladder, and past the cap or range */
	s->warnings = np_arena_array(arena, entries ? 2 * entries : 1, sizeof *s->warnings);
	if (s->zones == NULL || s->warnings == NULL)
		return nomem();
	s->earliest = NP_DAY_NONE;
	for (size_t z = 0; z < pack->n_zones; z++) {
		struct np_zone_rest *zr = &s->zones[s->n_zones];
		zr->zone = NULL;
		for (size_t i = 0; i < h->n_sessions; i++) {
			const struct np_history_session *hs = &h->sessions[i];
			for (size_t j = 0; j < hs->n_zones; j++) {
				if (hs->zones[j].zone != &pack->zones[z])
					continue;
				bool overridden;
				const struct np_rest_step *rest =
				    np_rest_for(pack, &pack->zones[z], hs->indication,
				                hs->zones[j].depth_mm, &overridden, NULL);
				np_day eligible = hs->date + rest->rest_days;
				if (zr->zone == NULL || eligible > zr->eligible_from ||
				    (eligible == zr->eligible_from && hs->date > zr->last)) {
					zr->zone = &pack->zones[z];
					zr->last = hs->date;
					zr->depth_mm = hs->zones[j].depth_mm;
					zr->rest = rest;
					zr->overridden = overridden;
					zr->eligible_from = eligible;
				}
			}
		}
		if (zr->zone == NULL)
			continue;
		if (s->earliest == NP_DAY_NONE || zr->eligible_from > s->earliest)
			s->earliest = zr->eligible_from;
		s->n_zones++;
	}
	for (size_t i = 0; i < h->n_sessions; i++)
		for (size_t j = 0; j < h->sessions[i].n_zones; j++) {
			int rc = check_depth(s, arena, pack, h, i, j);
			if (rc != 0)
				return rc;
		}
	s->ready = s->earliest == NP_DAY_NONE || s->on >= s->earliest;
	return 0;
}

int np_schedule_next(struct np_schedule **out, const struct np_pack *pack,
                     const struct np_history *history, np_day on)
{
	*out = NULL;
	struct np_arena *arena;
	struct np_schedule *s = np_arena_new_object(&arena, sizeof *s);
	if (s == NULL)
		return nomem();
	s->internal = arena;
	s->pack = pack;
	s->on = on;
	int rc = schedule(s, arena, pack, history);
	if (rc != 0) {
		np_schedule_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void np_schedule_free(struct np_schedule *schedule)
{
	if (schedule != NULL)
		np_arena_free(schedule->internal);
}

json_t *np_schedule_to_json(const struct np_schedule *s)
{
	json_t *zones = json_array(), *warnings = json_array();
	for (size_t i = 0; zones && i < s->n_zones; i++) {
		const struct np_zone_rest *zr = &s->zones[i];
		json_array_append_new(
		    zones,
		    json_pack("{s:s, s:o, s:o, s:i, s:b, s:o, s:b, s:o}", "zone", zr->zone->id,
		              "last", np_json_date(zr->last), "depth_mm", np_json_mm(zr->depth_mm),
		              "rest_days", zr->rest->rest_days, "rest_overridden", zr->overridden,
		              "eligible_from", np_json_date(zr->eligible_from), "ready",
		              s->on >= zr->eligible_from, "sources",
		              np_json_sources(&zr->rest->sources)));
	}
	for (size_t i = 0; warnings && i < s->n_warnings; i++)
		json_array_append_new(warnings, json_string(s->warnings[i]));
	return json_pack("{s:o, s:o, s:b, s:o, s:o, s:o}", "on", np_json_date(s->on), "earliest",
	                 np_json_date(s->earliest), "ready", s->ready, "zones", zones, "warnings",
	                 warnings, "protocol", np_json_protocol(s->pack));
}
