/* The planner: depth per zone from the indication, the zone's range and the setting's limits;
 * the course from the primary indication, never faster than the deepest depth's rest. */
#include "needlepoint/plan.h"

#include "arena.h"
#include "needlepoint/error.h"
#include "try.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct builder {
	struct np_plan *plan;
	struct np_arena *arena;
	const struct np_pack *pack;
	const struct np_plan_request *request;
	size_t max_warnings;
};

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory planning");
}

static int warn(struct builder *b, const char *code, const struct np_sources *sources,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int warn(struct builder *b, const char *code, const struct np_sources *sources,
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

/* Choose the depth: the target moved for skin, clamped into the zone, then under the setting's
 * cap and towards its recommended depth, never below the zone's shallowest. Returns false when
 * the setting cannot reach the zone at all. */
static bool choose_depth(struct builder *b, struct np_plan_zone *pz)
{
	const struct np_zone *z = pz->zone;
	const struct np_setting *s = b->request->setting;
	double d = pz->indication->target_mm + b->request->skin->shift_mm;
	if (b->request->skin->shift_mm != 0.0)
		pz->steps |= NP_DEPTH_SKIN_SHIFTED;
	pz->target_mm = hundredths(d);
	if (d < z->depth_mm[0]) {
		d = z->depth_mm[0];
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
		double eased =
		    s->recommended_mm > z->depth_mm[0] ? s->recommended_mm : z->depth_mm[0];
		if (eased < d) {
			d = eased;
			pz->steps |= NP_DEPTH_EASED;
		}
	}
	pz->depth_mm = hundredths(d);
	bool reachable =
	    pz->depth_mm >= z->depth_mm[0] - 1e-9 && pz->depth_mm <= s->depth_cap_mm + 1e-9;
	for (size_t i = 0; reachable && i < b->request->n_depths; i++)
		if (b->request->depths[i].zone == z) {
			pz->recommended_mm = pz->depth_mm;
			pz->depth_mm = hundredths(b->request->depths[i].depth_mm);
			pz->steps |= NP_DEPTH_CHOSEN;
		}
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

static void exclude(struct np_plan *p, const struct np_zone *z, enum np_exclusion why)
{
	p->excluded[p->n_excluded].zone = z;
	p->excluded[p->n_excluded].why = why;
	p->n_excluded++;
}

/* Walk the pack's zones in the order of work, planning or excluding each requested zone. */
static void plan_zones(struct builder *b)
{
	const struct np_plan_request *q = b->request;
	struct np_plan *p = b->plan;
	for (size_t i = 0; i < b->pack->n_zones; i++) {
		const struct np_zone *z = &b->pack->zones[i];
		const struct np_indication *ind = target_of(q, z);
		if (listed(q->excluded, q->n_excluded, z)) {
			exclude(p, z, NP_EXCLUDED_SCREENING);
			continue;
		}
		if (ind == NULL)
			continue;
		if (!(z->devices & (1u << q->device))) {
			exclude(p, z, NP_EXCLUDED_DEVICE);
			continue;
		}
		struct np_plan_zone *pz = &p->zones[p->n_zones];
		memset(pz, 0, sizeof *pz);
		pz->zone = z;
		pz->indication = ind;
		if (!choose_depth(b, pz)) {
			exclude(p, z, NP_EXCLUDED_DEPTH);
			continue;
		}
		pz->passes = b->pack->devices[q->device].passes;
		pz->pattern = z->pattern[q->device];
		choose_rest(b, pz);
		p->n_zones++;
	}
}

/* The course follows the primary indication, and waits at least the rest its deepest zone needs. */
static int plan_course(struct builder *b)
{
	struct np_plan *p = b->plan;
	const struct np_indication *primary = p->primary;
	p->sessions = p->n_zones ? primary->sessions : 0;
	p->interval_days = primary->interval_days;
	const struct np_plan_zone *longest = NULL;
	for (size_t i = 0; i < p->n_zones; i++) {
		const struct np_plan_zone *pz = &p->zones[i];
		if (longest == NULL || pz->rest->rest_days > longest->rest->rest_days)
			longest = pz;
		if (pz->rest_overridden)
			NP_TRY(warn(b, "rest_override", &pz->rest->sources,
			            "%s: rest after %g mm shortened from %d to %d days by the "
			            "%s protocol's stronger source",
			            pz->zone->id, pz->depth_mm, pz->ladder_rest_days,
			            pz->rest->rest_days, pz->indication->id));
	}
	if (longest != NULL && longest->rest->rest_days > p->interval_days) {
		NP_TRY(warn(b, "interval_raised", &longest->rest->sources,
		            "interval raised from %d to %d days: %s needs %d days of rest after "
		            "%g mm",
		            p->interval_days, longest->rest->rest_days, longest->zone->id,
		            longest->rest->rest_days, longest->depth_mm));
		p->interval_days = longest->rest->rest_days;
	}
	p->dates =
	    np_arena_array(b->arena, p->sessions ? (size_t)p->sessions : 1, sizeof *p->dates);
	if (p->dates == NULL)
		return nomem();
	for (int i = 0; i < p->sessions; i++)
		p->dates[i] = b->request->start + i * p->interval_days;
	if (p->n_zones == 0)
		NP_TRY(warn(b, "nothing_to_treat", &b->pack->mapping_sources,
		            "no requested zone can be treated with this device in this setting"));
	return 0;
}

static int plan_warnings(struct builder *b)
{
	const struct np_plan_request *q = b->request;
	struct np_plan *p = b->plan;
	for (size_t t = 0; t < p->n_indications; t++) {
		const struct np_indication *ind = p->indications[t];
		if (ind != p->primary && (ind->sessions != p->primary->sessions ||
		                          ind->interval_days != p->primary->interval_days))
			NP_TRY(warn(b, "secondary_course", &ind->sources,
			            "%s is usually %d sessions every %d days; this course follows "
			            "%s, the first target",
			            ind->id, ind->sessions, ind->interval_days, p->primary->id));
		if (ind->note)
			NP_TRY(warn(b, "indication_note", &ind->sources, "%s: %s", ind->id,
			            ind->note));
	}
	for (size_t i = 0; i < p->n_zones; i++)
		if (p->zones[i].steps & NP_DEPTH_CAPPED)
			NP_TRY(warn(b, "depth_capped", &q->setting->sources,
			            "%s: %s's target of %g mm is over the %s cap; planned at %g mm",
			            p->zones[i].zone->id, p->zones[i].indication->id,
			            p->zones[i].target_mm, q->setting->id, p->zones[i].depth_mm));
	if (strcmp(q->setting->id, "home") == 0 && p->n_zones > 0)
		NP_TRY(warn(b, "home_care", &b->pack->home.sources,
		            "at home: %s; replace a roller after %d uses", b->pack->home.sterilise,
		            b->pack->home.roller_replace_after_uses));
	for (size_t r = 0; r < b->pack->n_rules; r++) {
		const struct np_rule *rule = &b->pack->rules[r];
		if (rule->kind == NP_TRIGGER_FITZPATRICK &&
		    q->fitzpatrick >= rule->fitzpatrick_from)
			NP_TRY(warn(b, rule->id, &rule->sources, "%s", rule->message));
	}
	return 0;
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
	p->primary = request->targets[0].indication;
	p->indications = np_arena_array(arena, request->n_targets, sizeof *p->indications);
	for (size_t t = 0; p->indications && t < request->n_targets; t++) {
		bool seen = false;
		for (size_t u = 0; u < p->n_indications; u++)
			seen = seen || p->indications[u] == request->targets[t].indication;
		if (!seen)
			p->indications[p->n_indications++] = request->targets[t].indication;
	}
	struct builder b = {.plan = p, .arena = arena, .pack = pack, .request = request};
	/* at most: two per indication, two per zone (override, cap), one per skin-type rule, and
	 * interval_raised, nothing_to_treat and home_care */
	b.max_warnings = 2 * request->n_targets + 2 * pack->n_zones + pack->n_rules + 3;
	p->zones = np_arena_array(arena, pack->n_zones, sizeof *p->zones);
	p->excluded = np_arena_array(arena, pack->n_zones, sizeof *p->excluded);
	p->warnings = np_arena_array(arena, b.max_warnings, sizeof *p->warnings);
	int rc = (p->zones && p->excluded && p->warnings && p->indications) ? 0 : nomem();
	if (rc == 0) {
		plan_zones(&b);
		rc = plan_course(&b);
	}
	if (rc == 0)
		rc = plan_warnings(&b);
	if (rc != 0) {
		np_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

void np_plan_free(struct np_plan *plan)
{
	if (plan != NULL)
		np_arena_free(plan->internal);
}
