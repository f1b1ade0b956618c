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
	bool floor = pz->range_mm[0] != z->depth_mm[0]; /* the setting's own floor (home) */
	if (n < max && (pz->steps & NP_DEPTH_RAISED_TO_ZONE))
		snprintf(lines[n++], 200, "raised to %g mm, the shallowest %s (range %g-%g mm, %s)",
		         pz->range_mm[0], floor ? s->name : "of the zone", pz->range_mm[0],
		         pz->range_mm[1], first_source(floor ? &s->sources : &z->sources));
	else if (n < max && (pz->steps & NP_DEPTH_LOWERED_TO_ZONE))
		snprintf(lines[n++], 200,
		         "lowered to %g mm, the zone's deepest (range %g-%g mm, %s)",
		         z->depth_mm[1], z->depth_mm[0], z->depth_mm[1], first_source(&z->sources));
	else if (n < max && floor)
		snprintf(lines[n++], 200, "within the range %s, %g-%g mm (%s)", s->name,
		         pz->range_mm[0], pz->range_mm[1], first_source(&s->sources));
	else if (n < max)
		snprintf(lines[n++], 200, "within the zone's range %g-%g mm (%s)", z->depth_mm[0],
		         z->depth_mm[1], first_source(&z->sources));
	if (n < max && (pz->steps & NP_DEPTH_CAPPED))
		snprintf(lines[n++], 200, "capped at %g mm, the limit %s (%s)", s->depth_cap_mm,
		         s->name, first_source(&s->sources));
	if (n < max && (pz->steps & NP_DEPTH_EASED))
		snprintf(lines[n++], 200, "eased to %g mm: %g mm is the depth recommended %s (%s)",
		         pz->depth_mm, s->recommended_mm, s->name, first_source(&s->sources));
	if (n < max && (pz->steps & NP_DEPTH_ADJUSTED))
		snprintf(lines[n++], 200, "lowered to %g mm: %s (%s)", pz->adjusted->depth_mm,
		         pz->adjusted->message, first_source(&pz->adjusted->sources));
	if (n < max && (pz->steps & NP_DEPTH_EVALUATED))
		snprintf(lines[n++], 200, "lowered to %g mm: deeper is %s (%s)",
		         plan->pack->evaluated.over_mm, plan->pack->evaluated.text,
		         first_source(&plan->pack->evaluated.sources));
	if (n < max && (pz->steps & NP_DEPTH_CHOSEN))
		snprintf(lines[n++], 200,
		         "set to %g mm by the practitioner (the protocol's %g mm), within %g-%g mm",
		         pz->depth_mm, pz->recommended_mm, pz->range_mm[0], pz->range_mm[1]);
	if (n < max && pz->beyond_evaluated)
		snprintf(lines[n++], 200, "%g mm is %s (over %g mm, %s)", pz->depth_mm,
		         plan->pack->evaluated.text, plan->pack->evaluated.over_mm,
		         first_source(&plan->pack->evaluated.sources));
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
		if (pz->steps & (NP_DEPTH_CAPPED | NP_DEPTH_EASED) ||
		    plan->setting->zone_floor_mm > 0)
			np_json_add_sources(sources, &plan->setting->sources);
		if (pz->steps & NP_DEPTH_SKIN_SHIFTED)
			np_json_add_sources(sources, &plan->skin->sources);
		if (pz->adjusted)
			np_json_add_sources(sources, &pz->adjusted->sources);
		if (pz->steps & NP_DEPTH_EVALUATED || pz->beyond_evaluated)
			np_json_add_sources(sources, &plan->pack->evaluated.sources);
		np_json_add_sources(sources, &pz->rest->sources);
	}
	const struct np_device_info *dev = &plan->pack->devices[plan->device];
	/* the depth rests on the indication's target, unless a limit set it */
	const struct np_sources *depth_basis =
	    pz->steps & NP_DEPTH_CHOSEN                      ? NULL
	    : pz->adjusted                                   ? &pz->adjusted->sources
	    : pz->steps & NP_DEPTH_EVALUATED                 ? &plan->pack->evaluated.sources
	    : pz->steps & (NP_DEPTH_CAPPED | NP_DEPTH_EASED) ? &plan->setting->sources
	    : pz->steps & (NP_DEPTH_RAISED_TO_ZONE | NP_DEPTH_LOWERED_TO_ZONE)
	        ? &pz->zone->sources
	        : &pz->indication->sources;
	return json_pack("{s:s, s:s, s:i, s:s, s:o, s:o, s:s, s:i, s:o, s:s, s:s, s:i, s:s, s:b, "
	                 "s:o, s:o}",
	                 "zone", pz->zone->id, "name", pz->zone->name, "order", pz->zone->order,
	                 "indication", pz->indication->id, "depth_mm", np_json_mm(pz->depth_mm),
	                 "range_mm", np_json_range(pz->range_mm[0], pz->range_mm[1]), "depth_tier",
	                 depth_basis ? np_tier_name(np_sources_tier(depth_basis)) : "practitioner",
	                 "passes", pz->passes, "passes_range",
	                 np_json_int_range(dev->passes_range[0], dev->passes_range[1]),
	                 "passes_tier", np_tier_name(np_sources_tier(&dev->sources)), "pattern",
	                 pz->pattern, "rest_days", pz->rest->rest_days, "rest_tier",
	                 np_tier_name(np_sources_tier(&pz->rest->sources)), "beyond_evaluated",
	                 pz->beyond_evaluated, "why", why, "sources", sources);
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
		              "the cap %s of %g mm is below the %s's shallowest depth, %g mm",
		              plan->setting->name, plan->setting->depth_cap_mm, e->zone->name,
		              e->zone->depth_mm[0]);
		sources = &plan->setting->sources;
		break;
	case NP_EXCLUDED_ADJUSTMENT:
		np_buf_append(&reason, e->adjustment->message);
		sources = &e->adjustment->sources;
		break;
	}
	char *text = np_buf_detach(&reason);
	json_t *j = text ? json_pack("{s:s, s:s, s:o}", "zone", e->zone->id, "reason", text,
	                             "sources", np_json_sources(sources))
	                 : NULL;
	free(text);
	return j;
}

static json_t *days_json(const np_day *days, size_t n)
{
	json_t *dates = json_array();
	for (size_t i = 0; dates != NULL && i < n; i++)
		json_array_append_new(dates, np_json_date(days[i]));
	return dates;
}

/* A course: sessions and interval, each with its range and tier, the dates and the reviews. A
 * routine (home): the rest between uses and when to replace the roller, nothing to count down. */
static json_t *course_json(const struct np_plan *plan)
{
	const struct np_pack *pack = plan->pack;
	const struct np_indication *ind = plan->primary;
	if (!plan->course) {
		/* the rest between uses is the longest a zone needs: its step's sources */
		const struct np_sources *rest = &pack->home.sources;
		for (size_t i = 0; i < plan->n_zones; i++)
			if (plan->zones[i].rest->rest_days == plan->interval_days)
				rest = &plan->zones[i].rest->sources;
		return json_pack("{s:s, s:s, s:i, s:s, s:o, s:i, s:s, s:o}", "kind", "routine",
		                 "indication", ind->id, "rest_days", plan->interval_days,
		                 "rest_tier", np_tier_name(np_sources_tier(rest)), "rest_sources",
		                 np_json_sources(rest), "replace_after_uses",
		                 pack->home.roller_replace_after_uses, "replace_tier",
		                 np_tier_name(np_sources_tier(&pack->home.sources)), "sources",
		                 np_json_sources(&pack->home.sources));
	}
	return json_pack(
	    "{s:s, s:s, s:i, s:o, s:i, s:o, s:s, s:o, s:o, s:o, s:o}", "kind", "course",
	    "indication", ind->id, "sessions", plan->sessions, "sessions_range",
	    np_json_int_range(ind->sessions_range[0], ind->sessions_range[1]), "interval_days",
	    plan->interval_days, "interval_range_days",
	    np_json_int_range(ind->interval_range_days[0], ind->interval_range_days[1]), "tier",
	    np_tier_name(np_sources_tier(&ind->sources)), "dates",
	    days_json(plan->dates, (size_t)plan->sessions), "reviews",
	    days_json(plan->reviews, plan->n_reviews), "review_sources",
	    np_json_sources(&pack->records.review_sources), "sources",
	    np_json_sources(&ind->sources));
}

static json_t *anaesthetic_json(const struct np_plan *plan)
{
	const struct np_anaesthetic *a = &plan->pack->session.anaesthetic;
	if (plan->no_anaesthetic)
		return json_pack("{s:i, s:s, s:o}", "minutes", 0, "none",
		                 plan->no_anaesthetic->message, "sources",
		                 np_json_sources(&plan->no_anaesthetic->sources));
	json_t *regions = json_array();
	for (size_t i = 0; regions && i < a->n_regions; i++)
		json_array_append_new(regions, json_string(a->regions[i]));
	return json_pack(
	    "{s:i, s:o, s:i, s:o, s:s, s:s, s:o}", "minutes", plan->anaesthetic_minutes,
	    "range_minutes", np_json_int_range(a->range_minutes[0], a->range_minutes[1]),
	    "max_minutes", a->max_minutes, "regions", regions, "limit", a->limit, "tier",
	    np_tier_name(np_sources_tier(&a->sources)), "sources", np_json_sources(&a->sources));
}

static json_t *adjustments_json(const struct np_plan *plan)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr != NULL && i < plan->n_adjustments; i++) {
		const struct np_adjustment *a = plan->adjustments[i];
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}", "id", a->id, "message",
		                                     a->message, "tier",
		                                     np_tier_name(np_sources_tier(&a->sources)),
		                                     "sources", np_json_sources(&a->sources)));
	}
	return arr;
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
	return json_pack(
	    "{s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:{s:o, s:s, s:o}, s:o, s:o, s:o, s:{s:s, s:o}, "
	    "s:o, s:o}",
	    "setting", plan->setting->id, "device", np_device_name(plan->device), "skin",
	    plan->skin->id, "fitzpatrick", plan->fitzpatrick, "course", course_json(plan), "zones",
	    zones, "excluded", excluded, "density", "target_per_cm2",
	    np_json_int_range(pack->density_target[0], pack->density_target[1]), "tier",
	    np_tier_name(np_sources_tier(&pack->density_sources)), "sources",
	    np_json_sources(&pack->density_sources), "anaesthetic", anaesthetic_json(plan),
	    "adjustments", adjustments_json(plan), "duration_minutes",
	    np_json_int_range(pack->session.duration_minutes[0], pack->session.duration_minutes[1]),
	    "finish", "text", pack->mapping_finish, "sources",
	    np_json_sources(&pack->mapping_sources), "warnings", warnings, "protocol",
	    np_json_protocol(pack));
}
