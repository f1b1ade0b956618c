/* A plan as the JSON contract, with the reasons for every depth (docs/json.md), written
 * straight into text; the tree is that text parsed, for callers that read it. */
#include "needlepoint/plan.h"

#include "buf.h"
#include "jw.h"

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

static void sources(struct np_jw *w, const struct np_sources *s)
{
	const struct np_sources *lists[] = {s};
	np_jw_sources(w, lists, 1);
}

static void tier(struct np_jw *w, const char *key, const struct np_sources *s)
{
	np_jw_kstring(w, key, np_tier_name(np_sources_tier(s)));
}

static void zone(struct np_jw *w, const struct np_plan *plan, const struct np_plan_zone *pz)
{
	char lines[8][200];
	size_t n = np_plan_zone_why(plan, pz, lines, 8);
	/* the zone's, the indication's, then what moved the depth, then the rest's */
	const struct np_sources *lists[8];
	size_t k = 0;
	lists[k++] = &pz->zone->sources;
	lists[k++] = &pz->indication->sources;
	if (pz->steps & (NP_DEPTH_CAPPED | NP_DEPTH_EASED) || plan->setting->zone_floor_mm > 0)
		lists[k++] = &plan->setting->sources;
	if (pz->steps & NP_DEPTH_SKIN_SHIFTED)
		lists[k++] = &plan->skin->sources;
	if (pz->adjusted)
		lists[k++] = &pz->adjusted->sources;
	if (pz->steps & NP_DEPTH_EVALUATED || pz->beyond_evaluated)
		lists[k++] = &plan->pack->evaluated.sources;
	lists[k++] = &pz->rest->sources;
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
	np_jw_object(w);
	np_jw_kstring(w, "zone", pz->zone->id);
	np_jw_kstring(w, "name", pz->zone->name);
	np_jw_kint(w, "order", pz->zone->order);
	np_jw_kstring(w, "indication", pz->indication->id);
	np_jw_key(w, "depth_mm");
	np_jw_mm(w, pz->depth_mm);
	np_jw_key(w, "range_mm");
	np_jw_range(w, pz->range_mm[0], pz->range_mm[1]);
	np_jw_kstring(w, "depth_tier",
	              depth_basis ? np_tier_name(np_sources_tier(depth_basis)) : "practitioner");
	np_jw_kint(w, "passes", pz->passes);
	np_jw_key(w, "passes_range");
	np_jw_int_range(w, dev->passes_range[0], dev->passes_range[1]);
	tier(w, "passes_tier", &dev->sources);
	np_jw_kstring(w, "pattern", pz->pattern);
	np_jw_kint(w, "rest_days", pz->rest->rest_days);
	tier(w, "rest_tier", &pz->rest->sources);
	np_jw_key(w, "beyond_evaluated");
	np_jw_bool(w, pz->beyond_evaluated);
	np_jw_key(w, "why");
	np_jw_array(w);
	for (size_t i = 0; i < n; i++)
		np_jw_string(w, lines[i]);
	np_jw_end(w);
	np_jw_key(w, "sources");
	np_jw_sources(w, lists, k);
	np_jw_end(w);
}

static void excluded(struct np_jw *w, const struct np_plan *plan, const struct np_plan_excluded *e)
{
	struct np_buf reason = NP_BUF_INIT;
	const struct np_sources *by = &e->zone->sources;
	static const struct np_sources none = {NULL, 0};
	switch (e->why) {
	case NP_EXCLUDED_SCREENING:
		np_buf_append(&reason, "excluded by screening");
		by = &none;
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
		by = &plan->setting->sources;
		break;
	case NP_EXCLUDED_ADJUSTMENT:
		np_buf_append(&reason, e->adjustment->message);
		by = &e->adjustment->sources;
		break;
	}
	char *text = np_buf_detach(&reason);
	if (text == NULL) {
		w->buf.failed = 1;
		return;
	}
	np_jw_object(w);
	np_jw_kstring(w, "zone", e->zone->id);
	np_jw_kstring(w, "reason", text);
	np_jw_key(w, "sources");
	sources(w, by);
	np_jw_end(w);
	free(text);
}

static void days(struct np_jw *w, const np_day *d, size_t n)
{
	np_jw_array(w);
	for (size_t i = 0; i < n; i++)
		np_jw_date(w, d[i]);
	np_jw_end(w);
}

/* A course: sessions and interval, each with its range and tier, the dates and the reviews. A
 * routine (home): the rest between uses and when to replace the roller, nothing to count down. */
static void course(struct np_jw *w, const struct np_plan *plan)
{
	const struct np_pack *pack = plan->pack;
	const struct np_indication *ind = plan->primary;
	np_jw_object(w);
	if (!plan->course) {
		/* the rest between uses is the longest a zone needs: its step's sources */
		const struct np_sources *rest = &pack->home.sources;
		for (size_t i = 0; i < plan->n_zones; i++)
			if (plan->zones[i].rest->rest_days == plan->interval_days)
				rest = &plan->zones[i].rest->sources;
		np_jw_kstring(w, "kind", "routine");
		np_jw_kstring(w, "indication", ind->id);
		np_jw_kint(w, "rest_days", plan->interval_days);
		tier(w, "rest_tier", rest);
		np_jw_key(w, "rest_sources");
		sources(w, rest);
		np_jw_kint(w, "replace_after_uses", pack->home.roller_replace_after_uses);
		tier(w, "replace_tier", &pack->home.sources);
		np_jw_key(w, "sources");
		sources(w, &pack->home.sources);
		np_jw_end(w);
		return;
	}
	np_jw_kstring(w, "kind", "course");
	np_jw_kstring(w, "indication", ind->id);
	np_jw_kint(w, "sessions", plan->sessions);
	np_jw_key(w, "sessions_range");
	np_jw_int_range(w, ind->sessions_range[0], ind->sessions_range[1]);
	np_jw_kint(w, "interval_days", plan->interval_days);
	np_jw_key(w, "interval_range_days");
	np_jw_int_range(w, ind->interval_range_days[0], ind->interval_range_days[1]);
	tier(w, "tier", &ind->sources);
	np_jw_key(w, "dates");
	days(w, plan->dates, (size_t)plan->sessions);
	np_jw_key(w, "reviews");
	days(w, plan->reviews, plan->n_reviews);
	np_jw_key(w, "review_sources");
	sources(w, &pack->records.review_sources);
	np_jw_key(w, "sources");
	sources(w, &ind->sources);
	np_jw_end(w);
}

static void anaesthetic(struct np_jw *w, const struct np_plan *plan)
{
	const struct np_anaesthetic *a = &plan->pack->session.anaesthetic;
	np_jw_object(w);
	if (plan->no_anaesthetic) {
		np_jw_kint(w, "minutes", 0);
		np_jw_kstring(w, "none", plan->no_anaesthetic->message);
		np_jw_key(w, "sources");
		sources(w, &plan->no_anaesthetic->sources);
		np_jw_end(w);
		return;
	}
	np_jw_kint(w, "minutes", plan->anaesthetic_minutes);
	np_jw_key(w, "range_minutes");
	np_jw_int_range(w, a->range_minutes[0], a->range_minutes[1]);
	np_jw_kint(w, "max_minutes", a->max_minutes);
	np_jw_key(w, "regions");
	np_jw_array(w);
	for (size_t i = 0; i < a->n_regions; i++)
		np_jw_string(w, a->regions[i]);
	np_jw_end(w);
	np_jw_kstring(w, "limit", a->limit);
	tier(w, "tier", &a->sources);
	np_jw_key(w, "sources");
	sources(w, &a->sources);
	np_jw_end(w);
}

char *np_plan_json(const struct np_plan *plan)
{
	const struct np_pack *pack = plan->pack;
	struct np_jw w = NP_JW_INIT;
	np_jw_object(&w);
	np_jw_kstring(&w, "setting", plan->setting->id);
	np_jw_kstring(&w, "device", np_device_name(plan->device));
	np_jw_kstring(&w, "skin", plan->skin->id);
	np_jw_kint(&w, "fitzpatrick", plan->fitzpatrick);
	np_jw_key(&w, "course");
	course(&w, plan);
	np_jw_key(&w, "zones");
	np_jw_array(&w);
	for (size_t i = 0; i < plan->n_zones; i++)
		zone(&w, plan, &plan->zones[i]);
	np_jw_end(&w);
	np_jw_key(&w, "excluded");
	np_jw_array(&w);
	for (size_t i = 0; i < plan->n_excluded; i++)
		excluded(&w, plan, &plan->excluded[i]);
	np_jw_end(&w);
	np_jw_key(&w, "density");
	np_jw_object(&w);
	np_jw_key(&w, "target_per_cm2");
	np_jw_int_range(&w, pack->density_target[0], pack->density_target[1]);
	tier(&w, "tier", &pack->density_sources);
	np_jw_key(&w, "sources");
	sources(&w, &pack->density_sources);
	np_jw_end(&w);
	np_jw_key(&w, "anaesthetic");
	anaesthetic(&w, plan);
	np_jw_key(&w, "adjustments");
	np_jw_array(&w);
	for (size_t i = 0; i < plan->n_adjustments; i++) {
		const struct np_adjustment *a = plan->adjustments[i];
		np_jw_object(&w);
		np_jw_kstring(&w, "id", a->id);
		np_jw_kstring(&w, "message", a->message);
		tier(&w, "tier", &a->sources);
		np_jw_key(&w, "sources");
		sources(&w, &a->sources);
		np_jw_end(&w);
	}
	np_jw_end(&w);
	np_jw_key(&w, "duration_minutes");
	np_jw_int_range(&w, pack->session.duration_minutes[0], pack->session.duration_minutes[1]);
	np_jw_key(&w, "finish");
	np_jw_object(&w);
	np_jw_kstring(&w, "text", pack->mapping_finish);
	np_jw_key(&w, "sources");
	sources(&w, &pack->mapping_sources);
	np_jw_end(&w);
	np_jw_key(&w, "warnings");
	np_jw_array(&w);
	for (size_t i = 0; i < plan->n_warnings; i++) {
		np_jw_object(&w);
		np_jw_kstring(&w, "code", plan->warnings[i].code);
		np_jw_kstring(&w, "message", plan->warnings[i].message);
		np_jw_key(&w, "sources");
		sources(&w, plan->warnings[i].sources);
		np_jw_end(&w);
	}
	np_jw_end(&w);
	np_jw_key(&w, "protocol");
	np_jw_protocol(&w, pack);
	np_jw_end(&w);
	return np_jw_detach(&w);
}

json_t *np_plan_to_json(const struct np_plan *plan)
{
	char *text = np_plan_json(plan);
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return j;
}
