/* Screening: which of the pack's rules an intake triggers on a day, and the decision they make. */
#include "needlepoint/screen.h"

#include "arena.h"
#include "needlepoint/error.h"

#include <stdlib.h>
#include <string.h>

static np_day after(enum np_window_unit unit, int n, np_day anchor)
{
	return unit == NP_WINDOW_DAYS ? anchor + n : np_date_add_months(anchor, n);
}

/* A triggered rule's finding in the making: active, and until when. */
struct hit {
	bool active;
	bool open_ended; /* some trigger has no date to count the window from */
	np_day until;
};

/* Count a trigger whose event happened on anchor (or NP_DAY_NONE: it is ongoing). */
static void hit_event(struct hit *h, const struct np_rule *rule, np_day anchor, np_day on)
{
	if (rule->window_unit == NP_WINDOW_NONE) {
		/* a medicine stopped long enough ago no longer concerns a rule without a window */
		if (anchor != NP_DAY_NONE && rule->inactive_unit != NP_WINDOW_NONE) {
			if (after(rule->inactive_unit, rule->inactive_after, anchor) <= on)
				return;
		}
		h->active = true;
		h->open_ended = true;
		return;
	}
	if (anchor == NP_DAY_NONE) {
		h->active = true;
		h->open_ended = true;
		return;
	}
	np_day end = after(rule->window_unit, rule->window, anchor);
	if (end > on) { /* the window is still open on the day of screening */
		h->active = true;
		if (h->until == NP_DAY_NONE || end > h->until)
			h->until = end;
	}
}

static bool listed(const struct np_rule *rule, const struct np_term *t)
{
	for (size_t i = 0; i < rule->n_terms; i++)
		if (rule->terms[i] == t)
			return true;
	return false;
}

/* The whole-client triggers; conditions count from the day of screening ("sunburn: 7 days"). */
static struct hit evaluate(const struct np_rule *rule, const struct np_intake *in, np_day on)
{
	struct hit h = {false, false, NP_DAY_NONE};
	int age;
	switch (rule->kind) {
	case NP_TRIGGER_PREGNANT:
		if (in->pregnant)
			hit_event(&h, rule, NP_DAY_NONE, on);
		break;
	case NP_TRIGGER_BREASTFEEDING:
		if (in->breastfeeding)
			hit_event(&h, rule, NP_DAY_NONE, on);
		break;
	case NP_TRIGGER_AGE:
		age = np_date_years_between(in->birth_date, on);
		if (age >= rule->age_from && age < rule->age_under)
			hit_event(&h, rule, on, on);
		break;
	case NP_TRIGGER_FITZPATRICK:
		if (in->fitzpatrick >= rule->fitzpatrick_from)
			hit_event(&h, rule, on, on);
		break;
	case NP_TRIGGER_UNLISTED:
		if (in->n_unlisted > 0)
			hit_event(&h, rule, on, on);
		break;
	case NP_TRIGGER_TERMS:
		switch (rule->vocab) {
		case NP_VOCAB_CONDITIONS:
			for (size_t i = 0; i < in->n_conditions; i++)
				if (listed(rule, in->conditions[i]))
					hit_event(&h, rule, on, on);
			break;
		case NP_VOCAB_MEDICATIONS:
			for (size_t i = 0; i < in->n_medications; i++)
				if (listed(rule, in->medications[i].term))
					hit_event(&h, rule, in->medications[i].last_dose, on);
			break;
		case NP_VOCAB_PROCEDURES:
			for (size_t i = 0; i < in->n_procedures; i++)
				if (listed(rule, in->procedures[i].term))
					hit_event(&h, rule, in->procedures[i].date, on);
			break;
		case NP_VOCAB_ALLERGIES:
			for (size_t i = 0; i < in->n_allergies; i++)
				if (listed(rule, in->allergies[i]))
					hit_event(&h, rule, on, on);
			break;
		case NP_VOCAB_ZONE_FINDINGS:
		case NP_VOCAB_COUNT:
			break;
		}
		break;
	}
	if (h.open_ended)
		h.until = NP_DAY_NONE;
	return h;
}

/* Zones named by the intake's zone findings that trigger rule, in the pack's zone order. */
static size_t zone_hits(const struct np_pack *pack, const struct np_rule *rule,
                        const struct np_intake *in, const struct np_zone **out)
{
	size_t n = 0;
	for (size_t z = 0; z < pack->n_zones; z++)
		for (size_t i = 0; i < in->n_zone_findings; i++)
			if (in->zone_findings[i].zone == &pack->zones[z] &&
			    listed(rule, in->zone_findings[i].finding)) {
				out[n++] = &pack->zones[z];
				break;
			}
	return n;
}

static bool is_zone_rule(const struct np_rule *rule)
{
	return rule->kind == NP_TRIGGER_TERMS && rule->vocab == NP_VOCAB_ZONE_FINDINGS;
}

static int add_finding(struct np_screening *s, struct np_arena *arena, const struct np_rule *rule,
                       np_day until, const struct np_zone *const *zones, size_t n_zones,
                       bool zone_scoped)
{
	struct np_finding *f = &s->findings[s->n_findings++];
	f->rule = rule;
	f->decision = rule->decision;
	f->until = until;
	f->zone_scoped = zone_scoped;
	f->n_zones = n_zones;
	f->zones = np_arena_array(arena, n_zones ? n_zones : 1, sizeof *f->zones);
	if (f->zones == NULL)
		return np_error_set(NP_ENOMEM, "out of memory screening");
	if (n_zones)
		memcpy(f->zones, zones, n_zones * sizeof *zones);
	return 0;
}

static int add_unlisted(struct np_finding *f, struct np_arena *arena, const struct np_intake *in)
{
	f->unlisted = np_arena_array(arena, in->n_unlisted, sizeof *f->unlisted);
	if (f->unlisted == NULL)
		return np_error_set(NP_ENOMEM, "out of memory screening");
	/* copied: a screening outlives the intake it was made from */
	for (size_t i = 0; i < in->n_unlisted; i++) {
		struct np_unlisted *u = np_arena_alloc(arena, sizeof *u);
		if (u == NULL || (u->text = np_arena_strdup(arena, in->unlisted[i].text)) == NULL)
			return np_error_set(NP_ENOMEM, "out of memory screening");
		u->kind = in->unlisted[i].kind;
		f->unlisted[i] = u;
	}
	f->n_unlisted = in->n_unlisted;
	return 0;
}

/* Strongest first; rules keep the pack's order within a decision. */
static void sort_findings(struct np_screening *s)
{
	for (size_t i = 1; i < s->n_findings; i++)
		for (size_t j = i; j > 0 && s->findings[j - 1].decision < s->findings[j].decision;
		     j--) {
			struct np_finding t = s->findings[j];
			s->findings[j] = s->findings[j - 1];
			s->findings[j - 1] = t;
		}
}

static void decide(struct np_screening *s)
{
	bool zone_findings = false, open_deferral = false;
	s->decision = NP_PROCEED;
	s->until = NP_DAY_NONE;
	for (size_t i = 0; i < s->n_findings; i++) {
		const struct np_finding *f = &s->findings[i];
		if (f->zone_scoped) {
			zone_findings = true;
			continue;
		}
		if (f->decision > s->decision)
			s->decision = f->decision;
		if (f->decision == NP_DEFER) {
			if (f->until == NP_DAY_NONE)
				open_deferral = true;
			else if (s->until == NP_DAY_NONE || f->until > s->until)
				s->until = f->until;
		}
	}
	/* A zone finding raises the client's decision to caution at most. */
	if (zone_findings && s->decision < NP_CAUTION)
		s->decision = NP_CAUTION;
	if (s->decision != NP_DEFER || open_deferral)
		s->until = NP_DAY_NONE;
}

static int run(struct np_screening *s, struct np_arena *arena, const struct np_pack *pack,
               const struct np_intake *in)
{
	const struct np_zone **zones = np_arena_array(arena, pack->n_zones, sizeof *zones);
	s->findings = np_arena_array(arena, pack->n_rules, sizeof *s->findings);
	s->excluded = np_arena_array(arena, pack->n_zones, sizeof *s->excluded);
	bool *excluded = np_arena_array(arena, pack->n_zones, sizeof *excluded);
	if (zones == NULL || s->findings == NULL || s->excluded == NULL || excluded == NULL)
		return np_error_set(NP_ENOMEM, "out of memory screening");
	for (size_t r = 0; r < pack->n_rules; r++) {
		const struct np_rule *rule = &pack->rules[r];
		int rc = 0;
		if (is_zone_rule(rule)) {
			size_t n = zone_hits(pack, rule, in, zones);
			if (n > 0)
				rc = add_finding(s, arena, rule, NP_DAY_NONE, zones, n, true);
			for (size_t i = 0; rule->decision >= NP_DEFER && i < n; i++)
				excluded[zones[i] - pack->zones] = true;
		} else {
			struct hit h = evaluate(rule, in, s->on);
			if (h.active)
				rc = add_finding(s, arena, rule, h.until, rule->zones,
				                 rule->n_zones, false);
			if (rc == 0 && h.active && rule->kind == NP_TRIGGER_UNLISTED)
				rc = add_unlisted(&s->findings[s->n_findings - 1], arena, in);
		}
		if (rc != 0)
			return rc;
	}
	for (size_t z = 0; z < pack->n_zones; z++)
		if (excluded[z])
			s->excluded[s->n_excluded++] = &pack->zones[z];
	sort_findings(s);
	decide(s);
	return 0;
}

int np_screen_run(struct np_screening **out, const struct np_pack *pack,
                  const struct np_intake *intake, np_day on)
{
	*out = NULL;
	if (intake->birth_date > on) {
		char b[NP_DATE_LEN], o[NP_DATE_LEN];
		np_date_format(intake->birth_date, b);
		np_date_format(on, o);
		return np_error_set(NP_EINVAL, "birth_date: '%s' is after the screening date %s", b,
		                    o);
	}
	for (size_t i = 0; i < intake->n_procedures; i++)
		if (intake->procedures[i].date > on) {
			char d[NP_DATE_LEN], o[NP_DATE_LEN];
			np_date_format(intake->procedures[i].date, d);
			np_date_format(on, o);
			return np_error_set(
			    NP_EINVAL,
			    "procedures[%zu].date: '%s' is after the screening date "
			    "%s: record a procedure once it has happened",
			    i, d, o);
		}
	struct np_arena *arena;
	struct np_screening *s = np_arena_new_object(&arena, sizeof *s);
	if (s == NULL)
		return np_error_set(NP_ENOMEM, "out of memory screening");
	s->internal = arena;
	s->pack = pack;
	s->on = on;
	int rc = run(s, arena, pack, intake);
	if (rc != 0) {
		np_screening_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void np_screening_free(struct np_screening *screening)
{
	if (screening != NULL)
		np_arena_free(screening->internal);
}
