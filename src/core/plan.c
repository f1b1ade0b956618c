/* The planner: depth per zone from the indication, the zone's range and the setting's limits;
 * the course from the primary indication, never faster than the deepest depth's rest. */
#include "needlepoint/plan.h"

#include "plan_internal.h"
#include "needlepoint/error.h"
#include "try.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory planning");
}

int np_plan_warn(struct builder *b, const char *code, const struct np_sources *sources,
                 const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (b->plan->n_warnings == b->max_warnings) /* sized for every warning below: a bug */
		return np_error_set(NP_ENOMEM, "too many plan warnings (%zu)", b->max_warnings);
	struct np_plan_warning *w = &b->plan->warnings[b->plan->n_warnings];
	w->code = code;
	w->sources = sources;
	w->message = np_arena_strdup(b->arena, text);
	if (w->message == NULL)
		return nomem();
	b->plan->n_warnings++;
	return 0;
}

static bool listed(const struct np_zone *const *zones, size_t n, const struct np_zone *z)
{
	for (size_t i = 0; i < n; i++)
		if (zones[i] == z)
			return true;
	return false;
}

/* Depths are set in hundredths of a millimetre on every device. */
static double hundredths(double mm)
{
	return round(mm * 100.0) / 100.0;
}

/* Choose the depth: the target moved for skin, clamped into what the setting allows on the zone,
 * towards the setting's recommended depth, under any adjustment the screening triggered, and never
 * deeper than the device was evaluated at unless the practitioner chose it. Returns false when the
 * setting cannot reach the zone at all. */
static bool choose_depth(struct builder *b, struct np_plan_zone *pz)
{
	const struct np_zone *z = pz->zone;
	const struct np_setting *s = b->request->setting;
	np_setting_zone_range(s, z, pz->range_mm);
	double lo = pz->range_mm[0], hi = pz->range_mm[1];
	double d = pz->indication->target_mm + b->request->skin->shift_mm;
	if (b->request->skin->shift_mm != 0.0)
		pz->steps |= NP_DEPTH_SKIN_SHIFTED;
	pz->target_mm = hundredths(d);
	if (d < lo) {
		d = lo;
		pz->steps |= NP_DEPTH_RAISED_TO_ZONE;
	} else if (d > z->depth_mm[1]) {
		d = z->depth_mm[1];
		pz->steps |= NP_DEPTH_LOWERED_TO_ZONE;
	}
	if (d > s->depth_cap_mm) {
		d = s->depth_cap_mm;
		pz->steps |= NP_DEPTH_CAPPED;
	}
	if (s->recommended_mm > 0 && d > s->recommended_mm) {
		double eased = s->recommended_mm > lo ? s->recommended_mm : lo;
		if (eased < d) {
			d = eased;
			pz->steps |= NP_DEPTH_EASED;
		}
	}
	const struct np_adjustment *adj = np_plan_depth_limit(b, pz->indication);
	if (adj != NULL && d > adj->depth_mm + 1e-9 && adj->depth_mm >= lo - 1e-9) {
		d = adj->depth_mm;
		pz->steps |= NP_DEPTH_ADJUSTED;
		pz->adjusted = adj;
	}
	double evaluated = b->pack->evaluated.over_mm;
	if (d > evaluated + 1e-9 && evaluated >= lo - 1e-9) {
		d = evaluated;
		pz->steps |= NP_DEPTH_EVALUATED;
	}
	pz->depth_mm = hundredths(d);
	bool reachable =
	    lo <= hi + 1e-9 && pz->depth_mm >= lo - 1e-9 && pz->depth_mm <= s->depth_cap_mm + 1e-9;
	for (size_t i = 0; reachable && i < b->request->n_depths; i++)
		if (b->request->depths[i].zone == z) {
			pz->recommended_mm = pz->depth_mm;
			pz->depth_mm = hundredths(b->request->depths[i].depth_mm);
			pz->steps |= NP_DEPTH_CHOSEN;
		}
	pz->beyond_evaluated = pz->depth_mm > evaluated + 1e-9;
	return reachable;
}

static void choose_rest(struct builder *b, struct np_plan_zone *pz)
{
	pz->ladder_rest_days =
	    np_rest_for(b->pack, pz->zone, NULL, pz->depth_mm, NULL, NULL)->rest_days;
	pz->rest = np_rest_for(b->pack, pz->zone, pz->indication, pz->depth_mm,
	                       &pz->rest_overridden, NULL);
}

static const struct np_indication *target_of(const struct np_plan_request *q,
                                             const struct np_zone *z)
{
	for (size_t t = 0; t < q->n_targets; t++)
		if (listed(q->targets[t].zones, q->targets[t].n_zones, z))
			return q->targets[t].indication;
	return NULL;
}

static void exclude(struct np_plan *p, const struct np_zone *z, enum np_exclusion why,
                    const struct np_adjustment *adjustment)
{
	p->excluded[p->n_excluded].zone = z;
	p->excluded[p->n_excluded].why = why;
	p->excluded[p->n_excluded].adjustment = adjustment;
	p->n_excluded++;
}

/* Walk the pack's zones in the order of work, planning or excluding each requested zone. */
static int plan_zones(struct builder *b)
{
	const struct np_plan_request *q = b->request;
	struct np_plan *p = b->plan;
	for (size_t i = 0; i < b->pack->n_zones; i++) {
		const struct np_zone *z = &b->pack->zones[i];
		const struct np_indication *ind = target_of(q, z);
		if (listed(q->excluded, q->n_excluded, z) ||
		    (ind != NULL && np_plan_zone_screened_out(b, z))) {
			exclude(p, z, NP_EXCLUDED_SCREENING, NULL);
			continue;
		}
		if (ind == NULL)
			continue;
		if (!(z->devices & (1u << q->device))) {
			exclude(p, z, NP_EXCLUDED_DEVICE, NULL);
			continue;
		}
		const struct np_adjustment *refusal = np_plan_zone_refusal(b, z);
		if (refusal != NULL) {
			exclude(p, z, NP_EXCLUDED_ADJUSTMENT, refusal);
			NP_TRY(np_plan_applied(b, refusal));
			continue;
		}
		struct np_plan_zone *pz = &p->zones[p->n_zones];
		memset(pz, 0, sizeof *pz);
		pz->zone = z;
		pz->indication = ind;
		if (!choose_depth(b, pz)) {
			exclude(p, z, NP_EXCLUDED_DEPTH, NULL);
			continue;
		}
		if (pz->adjusted)
			NP_TRY(np_plan_applied(b, pz->adjusted));
		pz->passes = b->pack->devices[q->device].passes;
		pz->pattern = z->pattern[q->device];
		choose_rest(b, pz);
		p->n_zones++;
	}
	return 0;
}

static const char *zone_name(const struct np_plan_zone *pz)
{
	return pz->zone->name;
}

/* The course follows the primary indication, and waits at least the rest its deepest zone needs.
 * A setting without a course (home) has a routine instead: the rest between uses. */
static int plan_course(struct builder *b)
{
	struct np_plan *p = b->plan;
	const struct np_indication *primary = p->primary;
	p->course = b->request->setting->course;
	p->sessions = p->n_zones && p->course ? primary->sessions : 0;
	p->interval_days = p->course ? primary->interval_days : 0;
	const struct np_plan_zone *longest = NULL;
	for (size_t i = 0; i < p->n_zones; i++) {
		const struct np_plan_zone *pz = &p->zones[i];
		if (longest == NULL || pz->rest->rest_days > longest->rest->rest_days)
			longest = pz;
		if (pz->rest_overridden)
			NP_TRY(
			    np_plan_warn(b, "rest_override", &pz->rest->sources,
			                 "%s: rest after %g mm shortened from %d to %d days by the "
			                 "%s protocol's stronger source",
			                 zone_name(pz), pz->depth_mm, pz->ladder_rest_days,
			                 pz->rest->rest_days, pz->indication->name));
	}
	if (!p->course && longest != NULL)
		p->interval_days = longest->rest->rest_days;
	else if (longest != NULL && longest->rest->rest_days > p->interval_days) {
		NP_TRY(
		    np_plan_warn(b, "interval_raised", &longest->rest->sources,
		                 "interval raised from %d to %d days: the %s needs %d days of rest "
		                 "after %g mm",
		                 p->interval_days, longest->rest->rest_days, zone_name(longest),
		                 longest->rest->rest_days, longest->depth_mm));
		p->interval_days = longest->rest->rest_days;
	}
	p->dates =
	    np_arena_array(b->arena, p->sessions ? (size_t)p->sessions : 1, sizeof *p->dates);
	if (p->dates == NULL)
		return nomem();
	for (int i = 0; i < p->sessions; i++)
		p->dates[i] = b->start + i * p->interval_days;
	const struct np_records *rec = &b->pack->records;
	for (size_t i = 0; p->sessions > 0 && i < rec->n_review_months; i++)
		p->reviews[p->n_reviews++] =
		    np_date_add_months(p->dates[p->sessions - 1], rec->review_months[i]);
	if (p->n_zones == 0)
		NP_TRY(np_plan_warn(b, "nothing_to_treat", &b->pack->mapping_sources,
		                    "no requested zone can be treated with this device in this "
		                    "setting for this client"));
	return 0;
}

static int plan_warnings(struct builder *b)
{
	const struct np_plan_request *q = b->request;
	struct np_plan *p = b->plan;
	for (size_t t = 0; t < p->n_indications; t++) {
		const struct np_indication *ind = p->indications[t];
		if (p->course && ind != p->primary &&
		    (ind->sessions != p->primary->sessions ||
		     ind->interval_days != p->primary->interval_days))
			NP_TRY(np_plan_warn(b, "secondary_course", &ind->sources,
			                    "%s is usually %d sessions every %d days; this course "
			                    "follows %s, the first target",
			                    ind->name, ind->sessions, ind->interval_days,
			                    p->primary->name));
		if (ind->note)
			NP_TRY(np_plan_warn(b, "indication_note", &ind->sources, "%s: %s",
			                    ind->name, ind->note));
	}
	for (size_t i = 0; i < p->n_zones; i++) {
		const struct np_plan_zone *pz = &p->zones[i];
		if (pz->steps & NP_DEPTH_CAPPED)
			NP_TRY(
			    np_plan_warn(b, "depth_capped", &q->setting->sources,
			                 "%s: the %s target of %g mm is over the cap %s; planned "
			                 "at %g mm",
			                 zone_name(pz), pz->indication->name, pz->target_mm,
			                 q->setting->name, pz->depth_mm));
		if (pz->beyond_evaluated)
			NP_TRY(np_plan_warn(b, "beyond_evaluated", &b->pack->evaluated.sources,
			                    "%s: %g mm is %s (%g mm)", zone_name(pz), pz->depth_mm,
			                    b->pack->evaluated.text, b->pack->evaluated.over_mm));
	}
	if (!p->course && p->n_zones > 0)
		NP_TRY(np_plan_warn(b, "home_care", &b->pack->home.sources,
		                    "%s: %s; replace a roller after %d uses", q->setting->name,
		                    b->pack->home.sterilise,
		                    b->pack->home.roller_replace_after_uses));
	for (size_t i = 0; i < p->n_adjustments; i++)
		NP_TRY(np_plan_warn(b, "adjustment", &p->adjustments[i]->sources, "%s",
		                    p->adjustments[i]->message));
	for (size_t r = 0; r < b->pack->n_rules; r++) {
		const struct np_rule *rule = &b->pack->rules[r];
		if (rule->kind == NP_TRIGGER_FITZPATRICK && b->triggered[r])
			NP_TRY(np_plan_warn(b, rule->id, &rule->sources, "%s", rule->message));
	}
	return 0;
}

static int build(struct builder *b)
{
	NP_TRY(np_plan_screen(b));
	np_plan_anaesthetic(b);
	NP_TRY(plan_zones(b));
	NP_TRY(plan_course(b));
	return plan_warnings(b);
}

int np_plan_build(struct np_plan **out, const struct np_pack *pack,
                  const struct np_plan_request *request)
{
	*out = NULL;
	if (request->n_targets == 0)
		return np_error_set(NP_EINVAL, "targets: expected at least one target");
	struct np_arena *arena;
	struct np_plan *p = np_arena_new_object(&arena, sizeof *p);
	if (p == NULL)
		return nomem();
	p->internal = arena;
	p->pack = pack;
	p->setting = request->setting;
	p->device = request->device;
	p->skin = request->skin;
	p->fitzpatrick = request->fitzpatrick;
	p->primary = request->targets[0].indication;
	p->indications = np_arena_array(arena, request->n_targets, sizeof *p->indications);
	for (size_t t = 0; p->indications && t < request->n_targets; t++) {
		bool seen = false;
		for (size_t u = 0; u < p->n_indications; u++)
			seen = seen || p->indications[u] == request->targets[t].indication;
		if (!seen)
			p->indications[p->n_indications++] = request->targets[t].indication;
	}
	struct builder b = {
	    .plan = p, .arena = arena, .pack = pack, .request = request, .start = request->start};
	/* at most: two per indication, three per zone (override, cap, evaluated), one per
	 * whole-client screening finding, one per rule (skin type) and per adjustment, and
	 * interval_raised, nothing_to_treat and home_care */
	b.max_warnings = 2 * request->n_targets + 3 * pack->n_zones + 2 * pack->n_rules +
	                 pack->n_adjustments + 3;
	p->zones = np_arena_array(arena, pack->n_zones, sizeof *p->zones);
	p->excluded = np_arena_array(arena, pack->n_zones, sizeof *p->excluded);
	p->warnings = np_arena_array(arena, b.max_warnings, sizeof *p->warnings);
	p->adjustments = np_arena_array(arena, pack->n_adjustments ? pack->n_adjustments : 1,
	                                sizeof *p->adjustments);
	int rc = (p->zones && p->excluded && p->warnings && p->indications && p->adjustments)
	             ? build(&b)
	             : nomem();
	if (rc != 0) {
		np_screening_free(b.screening);
		p->screening = NULL;
		np_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void np_plan_free(struct np_plan *plan)
{
	if (plan != NULL) {
		np_screening_free((struct np_screening *)plan->screening);
		np_arena_free(plan->internal);
	}
}
