/* How a plan obeys the client's screening: the pack's adjustments (a rule triggered, for these
 * indications and devices, limits the plan), the zones the screening excludes, and a deferral. */
#include "plan_internal.h"

#include "needlepoint/error.h"
#include "try.h"

#include <string.h>

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory planning");
}

int np_plan_screen(struct builder *b)
{
	const struct np_pack *pack = b->pack;
	const struct np_plan_request *q = b->request;
	b->triggered =
	    np_arena_array(b->arena, pack->n_rules ? pack->n_rules : 1, sizeof *b->triggered);
	if (b->triggered == NULL)
		return nomem();
	if (q->intake == NULL) { /* the skin type alone */
		for (size_t r = 0; r < pack->n_rules; r++)
			b->triggered[r] = pack->rules[r].kind == NP_TRIGGER_FITZPATRICK &&
			                  q->fitzpatrick >= pack->rules[r].fitzpatrick_from;
		return 0;
	}
	NP_TRY(np_screen_run(&b->screening, pack, q->intake, q->start));
	const struct np_screening *s = b->screening;
	b->plan->screening = s;
	for (size_t i = 0; i < s->n_findings; i++)
		b->triggered[s->findings[i].rule - pack->rules] = true;
	if (s->decision == NP_DECLINE || (s->decision == NP_DEFER && s->until == NP_DAY_NONE)) {
		b->client_refused = true;
		for (size_t i = 0; i < s->n_findings; i++)
			if (!s->findings[i].zone_scoped && s->findings[i].decision >= NP_DEFER)
				NP_TRY(
				    np_plan_warn(b, "screening", &s->findings[i].rule->sources,
				                 "the screening %s treatment: %s",
				                 s->decision == NP_DECLINE ? "declines" : "defers",
				                 s->findings[i].rule->message));
	} else if (s->decision == NP_DEFER && s->until > b->start) {
		char on[NP_DATE_LEN];
		np_date_format(s->until, on);
		for (size_t i = 0; i < s->n_findings; i++)
			if (!s->findings[i].zone_scoped && s->findings[i].until == s->until)
				NP_TRY(np_plan_warn(b, "screening", &s->findings[i].rule->sources,
				                    "the course starts on %s, when the screening's "
				                    "deferral ends: %s",
				                    on, s->findings[i].rule->message));
		b->start = s->until;
	}
	return 0;
}

static bool any_triggered(const struct builder *b, const struct np_adjustment *a)
{
	for (size_t i = 0; i < a->n_rules; i++)
		if (b->triggered[a->rules[i] - b->pack->rules])
			return true;
	return false;
}

static bool for_device(const struct builder *b, const struct np_adjustment *a)
{
	return a->devices == 0 || (a->devices & (1u << b->request->device));
}

const struct np_adjustment *np_plan_depth_limit(const struct builder *b,
                                                const struct np_indication *indication)
{
	const struct np_adjustment *best = NULL;
	for (size_t i = 0; i < b->pack->n_adjustments; i++) {
		const struct np_adjustment *a = &b->pack->adjustments[i];
		if (a->kind != NP_ADJUST_DEPTH || !for_device(b, a) || !any_triggered(b, a))
			continue;
		bool listed = a->n_indications == 0;
		for (size_t k = 0; k < a->n_indications; k++)
			listed = listed || a->indications[k] == indication;
		if (listed && (best == NULL || a->depth_mm < best->depth_mm))
			best = a;
	}
	return best;
}

/* The zones a rule's finding names in this screening. */
static bool finding_names(const struct np_screening *s, const struct np_rule *rule,
                          const struct np_zone *zone)
{
	for (size_t i = 0; s && i < s->n_findings; i++) {
		const struct np_finding *f = &s->findings[i];
		if (f->rule != rule || !f->zone_scoped)
			continue;
		for (size_t z = 0; z < f->n_zones; z++)
			if (f->zones[z] == zone)
				return true;
	}
	return false;
}

const struct np_adjustment *np_plan_zone_refusal(const struct builder *b,
                                                 const struct np_zone *zone)
{
	for (size_t i = 0; i < b->pack->n_adjustments; i++) {
		const struct np_adjustment *a = &b->pack->adjustments[i];
		if (!for_device(b, a) || !any_triggered(b, a))
			continue;
		if (a->kind == NP_ADJUST_REFUSED)
			return a;
		if (a->kind != NP_ADJUST_ZONES)
			continue;
		for (size_t r = 0; r < a->n_rules; r++)
			if (finding_names(b->screening, a->rules[r], zone))
				return a;
	}
	return NULL;
}

bool np_plan_zone_screened_out(const struct builder *b, const struct np_zone *zone)
{
	const struct np_screening *s = b->screening;
	if (b->client_refused)
		return true;
	for (size_t i = 0; s && i < s->n_excluded; i++)
		if (s->excluded[i] == zone)
			return true;
	return false;
}

void np_plan_anaesthetic(struct builder *b)
{
	b->plan->anaesthetic_minutes = b->pack->session.anaesthetic.minutes;
	for (size_t i = 0; i < b->pack->n_adjustments; i++) {
		const struct np_adjustment *a = &b->pack->adjustments[i];
		if (a->kind == NP_ADJUST_NO_ANAESTHETIC && for_device(b, a) &&
		    any_triggered(b, a)) {
			b->plan->anaesthetic_minutes = 0;
			b->plan->no_anaesthetic = a;
			np_plan_applied(b, a);
			return;
		}
	}
}

int np_plan_applied(struct builder *b, const struct np_adjustment *a)
{
	struct np_plan *p = b->plan;
	for (size_t i = 0; i < p->n_adjustments; i++)
		if (p->adjustments[i] == a)
			return 0;
	p->adjustments[p->n_adjustments++] = a; /* sized for every adjustment of the pack */
	return 0;
}
