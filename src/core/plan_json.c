/* A plan as the JSON contract, with the reasons for every depth (docs/json.md). */
#include "needlepoint/plan.h"

#include "buf.h"
#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *first_source(const struct np_sources *s)
{
	return s->n ? s->v[0]->id : "unsourced";
}

size_t np_plan_zone_why(const struct np_plan *plan, const struct np_plan_zone *pz,
                        char lines[][200], size_t max)
{
	const struct np_zone *z = pz->zone;
	const struct np_setting *s = plan->setting;
	size_t n = 0;
	if (n < max && (pz->steps & NP_DEPTH_SKIN_SHIFTED))
		snprintf(lines[n++], 200, "%s: target %g mm, %g mm for %s skin (%s, %s)",
		         pz->indication->name, pz->indication->target_mm, pz->target_mm,
		         plan->skin->id, first_source(&pz->indication->sources),
		         first_source(&plan->skin->sources));
	else if (n < max)
		snprintf(lines[n++], 200, "%s: target %g mm (%s)", pz->indication->name,
		         pz->indication->target_mm, first_source(&pz->indication->sources));
	if (n < max && (pz->steps & NP_DEPTH_RAISED_TO_ZONE))
		snprintf(lines[n++], 200,
		         "raised to %g mm, the zone's shallowest (range %g-%g mm, %s)",
		         z->depth_mm[0], z->depth_mm[0], z->depth_mm[1], first_source(&z->sources));
	else if (n < max && (pz->steps & NP_DEPTH_LOWERED_TO_ZONE))
		snprintf(lines[n++], 200,
		         "lowered to %g mm, the zone's deepest (range %g-%g mm, %s)",
		         z->depth_mm[1], z->depth_mm[0], z->depth_mm[1], first_source(&z->sources));
	else if (n < max)
		snprintf(lines[n++], 200, "within the zone's range %g-%g mm (%s)", z->depth_mm[0],
		         z->depth_mm[1], first_source(&z->sources));
	if (n < max && (pz->steps & NP_DEPTH_CAPPED))
		snprintf(lines[n++], 200, "capped at %g mm, the %s limit (%s)", s->depth_cap_mm,
		         s->id, first_source(&s->sources));
	if (n < max && (pz->steps & NP_DEPTH_EASED))
		snprintf(lines[n++], 200, "eased to %g mm: %g mm is the depth recommended %s (%s)",
		         pz->depth_mm, s->recommended_mm, s->name, first_source(&s->sources));
	if (n < max && (pz->steps & NP_DEPTH_CHOSEN))
		snprintf(lines[n++], 200,
		         "set to %g mm by the practitioner (the protocol's %g mm), within %g-%g mm",
		         pz->depth_mm, pz->recommended_mm, z->depth_mm[0],
		         z->depth_mm[1] < s->depth_cap_mm ? z->depth_mm[1] : s->depth_cap_mm);
	if (n < max && pz->rest_overridden)
		snprintf(lines[n++], 200, "rest %d days after %g mm (%s), not the ladder's %d",
		         pz->rest->rest_days, pz->depth_mm, first_source(&pz->rest->sources),
		         pz->ladder_rest_days);
	else if (n < max)
		snprintf(lines[n++], 200, "rest %d days after %g mm (%s)", pz->rest->rest_days,
		         pz->depth_mm, first_source(&pz->rest->sources));
	return n;
}

static json_t *zone_json(const struct np_plan *plan, const struct np_plan_zone *pz)
{
	char lines[8][200];
	size_t n = np_plan_zone_why(plan, pz, lines, 8);
	json_t *why = json_array();
	for (size_t i = 0; why != NULL && i < n; i++)
		json_array_append_new(why, json_string(lines[i]));
	json_t *sources = np_json_sources(&pz->zone->sources);
	if (sources != NULL) {
		np_json_add_sources(sources, &pz->indication->sources);
		if (pz->steps & (NP_DEPTH_CAPPED | NP_DEPTH_EASED))
			np_json_add_sources(sources, &plan->setting->sources);
		if (pz->steps & NP_DEPTH_SKIN_SHIFTED)
			np_json_add_sources(sources, &plan->skin->sources);
		np_json_add_sources(sources, &pz->rest->sources);
	}
	return json_pack("{s:s, s:s, s:i, s:s, s:o, s:o, s:i, s:s, s:i, s:o, s:o}", "zone",
	                 pz->zone->id, "name", pz->zone->name, "order", pz->zone->order,
	                 "indication", pz->indication->id, "depth_mm", np_json_mm(pz->depth_mm),
	                 "range_mm", np_json_range(pz->zone->depth_mm[0], pz->zone->depth_mm[1]),
	                 "passes", pz->passes, "pattern", pz->pattern, "rest_days",
	                 pz->rest->rest_days, "why", why, "sources", sources);
}

static json_t *excluded_json(const struct np_plan *plan, const struct np_plan_excluded *e)
{
	struct np_buf reason = NP_BUF_INIT;
	const struct np_sources *sources = &e->zone->sources;
	static const struct np_sources none = {NULL, 0};
	switch (e->why) {
	case NP_EXCLUDED_SCREENING:
		np_buf_append(&reason, "excluded by screening");
		sources = &none;
		break;
	case NP_EXCLUDED_DEVICE:
		np_buf_printf(&reason, "no %s here (%s)", np_device_name(plan->device),
		              e->zone->name);
		if (e->zone->note)
			np_buf_printf(&reason, ": %s", e->zone->note);
		break;
	case NP_EXCLUDED_DEPTH:
		np_buf_printf(&reason,
		              "the %s cap of %g mm is below the %s's shallowest depth, %g mm",
		              plan->setting->id, plan->setting->depth_cap_mm, e->zone->name,
		              e->zone->depth_mm[0]);
		sources = &plan->setting->sources;
		break;
	}
	char *text = np_buf_detach(&reason);
	json_t *j = text ? json_pack("{s:s, s:s, s:o}", "zone", e->zone->id, "reason", text,
	                             "sources", np_json_sources(sources))
	                 : NULL;
	free(text);
	return j;
}

static json_t *dates_json(const struct np_plan *plan)
{
	json_t *dates = json_array();
	for (int i = 0; dates != NULL && i < plan->sessions; i++)
		json_array_append_new(dates, np_json_date(plan->dates[i]));
	return dates;
}

json_t *np_plan_to_json(const struct np_plan *plan)
{
	const struct np_pack *pack = plan->pack;
	json_t *zones = json_array(), *excluded = json_array(), *warnings = json_array();
	for (size_t i = 0; zones && i < plan->n_zones; i++)
		json_array_append_new(zones, zone_json(plan, &plan->zones[i]));
	for (size_t i = 0; excluded && i < plan->n_excluded; i++)
		json_array_append_new(excluded, excluded_json(plan, &plan->excluded[i]));
	for (size_t i = 0; warnings && i < plan->n_warnings; i++)
		json_array_append_new(warnings,
		                      json_pack("{s:s, s:s, s:o}", "code", plan->warnings[i].code,
		                                "message", plan->warnings[i].message, "sources",
		                                np_json_sources(plan->warnings[i].sources)));
	json_t *course =
	    json_pack("{s:i, s:i, s:o, s:s, s:o}", "sessions", plan->sessions, "interval_days",
	              plan->interval_days, "dates", dates_json(plan), "indication",
	              plan->primary->id, "sources", np_json_sources(&plan->primary->sources));
	return json_pack(
	    "{s:s, s:s, s:s, s:o, s:o, s:o, s:{s:o, s:o}, s:i, s:o, s:{s:s, s:o}, s:o, s:o}",
	    "setting", plan->setting->id, "device", np_device_name(plan->device), "skin",
	    plan->skin->id, "course", course, "zones", zones, "excluded", excluded, "density",
	    "target_per_cm2", np_json_int_range(pack->density_target[0], pack->density_target[1]),
	    "sources", np_json_sources(&pack->density_sources), "anaesthetic_minutes",
	    pack->session.anaesthetic_minutes, "duration_minutes",
	    np_json_int_range(pack->session.duration_minutes[0], pack->session.duration_minutes[1]),
	    "finish", "text", pack->mapping_finish, "sources",
	    np_json_sources(&pack->mapping_sources), "warnings", warnings, "protocol",
	    np_json_protocol(pack));
}
