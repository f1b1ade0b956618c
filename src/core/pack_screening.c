/* Loading the screening sections of a pack: the intake vocabulary and the screening rules. */
#include "pack_internal.h"

#include <string.h>

static int load_vocabulary(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"conditions", "medications",   "procedures",
	                                   "allergies",  "zone_findings", NULL};
	static const char *const term_keys[] = {"id", "name", NULL};
	const json_t *voc = json_object_get(root, "vocabulary");
	struct np_pack *p = ld->pack;
	size_t mark = np_jv_key(&ld->jv, "vocabulary");
	NP_TRY(np_jv_object(&ld->jv, voc, keys));
	for (int v = 0; v < NP_VOCAB_COUNT; v++) {
		json_t *arr;
		size_t n;
		NP_TRY(np_ld_list(ld, voc, np_vocab_name((enum np_vocab)v), &arr, &n));
		p->vocab[v] = np_arena_array(ld->arena, n, sizeof *p->vocab[v]);
		if (p->vocab[v] == NULL)
			return np_ld_nomem(ld);
		size_t k = np_jv_key(&ld->jv, np_vocab_name((enum np_vocab)v));
		for (size_t i = 0; i < n; i++) {
			size_t m = np_jv_index(&ld->jv, i);
			const json_t *o = json_array_get(arr, i);
			struct np_term *t = &p->vocab[v][i];
			NP_TRY(np_jv_object(&ld->jv, o, term_keys));
			NP_TRY(np_jv_string(&ld->jv, o, "id", &t->id));
			if (np_pack_term(p, (enum np_vocab)v, t->id))
				return np_jv_fail(&ld->jv, "duplicate %s '%s'",
				                  np_vocab_singular((enum np_vocab)v), t->id);
			NP_TRY(np_jv_string(&ld->jv, o, "name", &t->name));
			p->n_vocab[v] = i + 1;
			np_jv_pop(&ld->jv, m);
		}
		np_jv_pop(&ld->jv, k);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_terms(struct np_loader *ld, const json_t *trigger, enum np_vocab v,
                      struct np_rule *r)
{
	json_t *arr;
	size_t n;
	const char *key = np_vocab_name(v);
	NP_TRY(np_ld_list(ld, trigger, key, &arr, &n));
	r->kind = NP_TRIGGER_TERMS;
	r->vocab = v;
	r->n_terms = n;
	r->terms = np_arena_array(ld->arena, n, sizeof *r->terms);
	if (r->terms == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, key);
	for (size_t i = 0; i < n; i++) {
		const char *id;
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(np_jv_string_value(&ld->jv, json_array_get(arr, i), &id));
		r->terms[i] = np_pack_term(ld->pack, v, id);
		if (r->terms[i] == NULL)
			return np_jv_fail(&ld->jv,
			                  "unknown %s '%s': expected an id from vocabulary.%s",
			                  np_vocab_singular(v), id, key);
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_trigger(struct np_loader *ld, const json_t *rule, struct np_rule *r)
{
	static const char *const keys[] = {
	    "?pregnant",      "?breastfeeding", "?age",        "?fitzpatrick_from",
	    "?conditions",    "?medications",   "?procedures", "?allergies",
	    "?zone_findings", "?unlisted",      NULL};
	static const char *const age_keys[] = {"?from", "?under", NULL};
	const json_t *t = json_object_get(rule, "trigger");
	size_t mark = np_jv_key(&ld->jv, "trigger");
	NP_TRY(np_jv_object(&ld->jv, t, keys));
	if (json_object_size(t) != 1)
		return np_jv_fail(&ld->jv, "expected exactly one trigger, got %zu",
		                  json_object_size(t));
	bool flag = false;
	if (json_object_get(t, "pregnant") || json_object_get(t, "breastfeeding") ||
	    json_object_get(t, "unlisted")) {
		const char *key = json_object_get(t, "pregnant")        ? "pregnant"
		                  : json_object_get(t, "breastfeeding") ? "breastfeeding"
		                                                        : "unlisted";
		NP_TRY(np_jv_bool(&ld->jv, t, key, &flag));
		if (!flag) {
			np_jv_key(&ld->jv, key);
			return np_jv_fail(&ld->jv, "expected true: a rule triggers on what is so");
		}
		r->kind = key[0] == 'p'   ? NP_TRIGGER_PREGNANT
		          : key[0] == 'b' ? NP_TRIGGER_BREASTFEEDING
		                          : NP_TRIGGER_UNLISTED;
	} else if (json_object_get(t, "age")) {
		const json_t *age = json_object_get(t, "age");
		size_t k = np_jv_key(&ld->jv, "age");
		NP_TRY(np_jv_object(&ld->jv, age, age_keys));
		r->kind = NP_TRIGGER_AGE;
		r->age_from = 0;
		r->age_under = 200;
		NP_TRY(np_jv_int(&ld->jv, age, "from", &r->age_from, 0, 150));
		NP_TRY(np_jv_int(&ld->jv, age, "under", &r->age_under, 1, 200));
		if (json_object_size(age) == 0 || r->age_from >= r->age_under)
			return np_jv_fail(&ld->jv,
			                  "expected from < under, with at least one of them");
		np_jv_pop(&ld->jv, k);
	} else if (json_object_get(t, "fitzpatrick_from")) {
		r->kind = NP_TRIGGER_FITZPATRICK;
		NP_TRY(np_jv_int(&ld->jv, t, "fitzpatrick_from", &r->fitzpatrick_from, 1, 6));
	} else {
		for (int v = 0; v < NP_VOCAB_COUNT; v++)
			if (json_object_get(t, np_vocab_name((enum np_vocab)v)))
				NP_TRY(load_terms(ld, t, (enum np_vocab)v, r));
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_window(struct np_loader *ld, const json_t *rule, struct np_rule *r)
{
	static const char *const keys[] = {"?days", "?months", "range", NULL};
	const json_t *w = json_object_get(rule, "window");
	if (w == NULL)
		return 0;
	size_t mark = np_jv_key(&ld->jv, "window");
	NP_TRY(np_jv_object(&ld->jv, w, keys));
	bool days = json_object_get(w, "days") != NULL, months = json_object_get(w, "months");
	if (days == months)
		return np_jv_fail(&ld->jv, "expected exactly one of days or months");
	r->window_unit = days ? NP_WINDOW_DAYS : NP_WINDOW_MONTHS;
	NP_TRY(np_jv_int_range(&ld->jv, w, "range", r->window_range, 1, days ? 3650 : 120));
	NP_TRY(np_jv_int(&ld->jv, w, days ? "days" : "months", &r->window, r->window_range[0],
	                 r->window_range[1]));
	if (r->decision != NP_DEFER)
		return np_jv_fail(&ld->jv, "a window goes with a 'defer' decision only");
	np_jv_pop(&ld->jv, mark);
	return 0;
}

/* "inactive_after": a rule without a window on a medicine stops applying once the last dose is
 * this long past (an anticoagulant stopped years ago). */
static int load_inactive_after(struct np_loader *ld, const json_t *rule, struct np_rule *r)
{
	static const char *const keys[] = {"?days", "?months", NULL};
	const json_t *w = json_object_get(rule, "inactive_after");
	if (w == NULL)
		return 0;
	size_t mark = np_jv_key(&ld->jv, "inactive_after");
	NP_TRY(np_jv_object(&ld->jv, w, keys));
	bool days = json_object_get(w, "days") != NULL, months = json_object_get(w, "months");
	if (days == months)
		return np_jv_fail(&ld->jv, "expected exactly one of days or months");
	if (r->window_unit != NP_WINDOW_NONE ||
	    !(r->kind == NP_TRIGGER_TERMS && r->vocab == NP_VOCAB_MEDICATIONS))
		return np_jv_fail(&ld->jv, "inactive_after goes with a medication rule that has "
		                           "no window");
	r->inactive_unit = days ? NP_WINDOW_DAYS : NP_WINDOW_MONTHS;
	NP_TRY(np_jv_int(&ld->jv, w, days ? "days" : "months", &r->inactive_after, 1,
	                 days ? 3650 : 120));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_rule_zones(struct np_loader *ld, const json_t *o, struct np_rule *r)
{
	const char **ids;
	NP_TRY(np_ld_strings(ld, o, "zones", &ids, &r->n_zones));
	r->zones = np_arena_array(ld->arena, r->n_zones ? r->n_zones : 1, sizeof *r->zones);
	if (r->zones == NULL)
		return np_ld_nomem(ld);
	for (size_t i = 0; i < r->n_zones; i++) {
		r->zones[i] = np_pack_zone(ld->pack, ids[i]);
		if (r->zones[i] == NULL) {
			np_jv_key(&ld->jv, "zones");
			np_jv_index(&ld->jv, i);
			return np_jv_fail(&ld->jv, "unknown zone '%s': expected an id from zones",
			                  ids[i]);
		}
	}
	if (r->n_zones && r->kind == NP_TRIGGER_TERMS && r->vocab == NP_VOCAB_ZONE_FINDINGS) {
		np_jv_key(&ld->jv, "zones");
		return np_jv_fail(&ld->jv, "a zone-finding rule takes its zones from the intake");
	}
	return 0;
}

static int load_rule(struct np_loader *ld, const json_t *o, struct np_rule *r)
{
	static const char *const keys[] = {"id",      "trigger",         "decision",
	                                   "?window", "?zones",          "message",
	                                   "sources", "?inactive_after", NULL};
	const char *decision;
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_string(&ld->jv, o, "id", &r->id));
	NP_TRY(np_jv_string(&ld->jv, o, "decision", &decision));
	r->decision = (enum np_decision) - 1;
	for (int d = NP_PROCEED; d <= NP_DECLINE; d++)
		if (strcmp(decision, np_decision_name((enum np_decision)d)) == 0)
			r->decision = (enum np_decision)d;
	if ((int)r->decision < 0) {
		np_jv_key(&ld->jv, "decision");
		return np_jv_fail(&ld->jv,
		                  "unknown decision '%s': expected proceed, caution, defer "
		                  "or decline",
		                  decision);
	}
	NP_TRY(load_trigger(ld, o, r));
	if (r->kind == NP_TRIGGER_TERMS && r->vocab == NP_VOCAB_ZONE_FINDINGS &&
	    r->decision == NP_PROCEED) {
		np_jv_key(&ld->jv, "decision");
		return np_jv_fail(&ld->jv, "a zone-finding rule cautions, defers or declines its "
		                           "zones, got 'proceed'");
	}
	NP_TRY(load_window(ld, o, r));
	NP_TRY(load_inactive_after(ld, o, r));
	NP_TRY(load_rule_zones(ld, o, r));
	NP_TRY(np_jv_string(&ld->jv, o, "message", &r->message));
	NP_TRY(np_ld_sources(ld, o, "sources", &r->sources));
	return 0;
}

/* A term no rule looks at would be accepted in an intake and then silently ignored. */
static int check_terms_used(struct np_loader *ld)
{
	const struct np_pack *p = ld->pack;
	for (int v = 0; v < NP_VOCAB_COUNT; v++)
		for (size_t i = 0; i < p->n_vocab[v]; i++) {
			bool used = false;
			for (size_t r = 0; r < p->n_rules && !used; r++)
				for (size_t t = 0; t < p->rules[r].n_terms && !used; t++)
					used = p->rules[r].terms[t] == &p->vocab[v][i];
			if (!used) {
				np_jv_key(&ld->jv, "vocabulary");
				np_jv_key(&ld->jv, np_vocab_name((enum np_vocab)v));
				np_jv_index(&ld->jv, i);
				return np_jv_fail(
				    &ld->jv, "%s '%s' is triggered by no screening rule",
				    np_vocab_singular((enum np_vocab)v), p->vocab[v][i].id);
			}
		}
	return 0;
}

int np_pack_load_screening(struct np_loader *ld, const json_t *root)
{
	json_t *arr;
	size_t n;
	struct np_pack *p = ld->pack;
	NP_TRY(load_vocabulary(ld, root));
	NP_TRY(np_ld_list(ld, root, "screening", &arr, &n));
	p->rules = np_arena_array(ld->arena, n, sizeof *p->rules);
	if (p->rules == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "screening");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(load_rule(ld, json_array_get(arr, i), &p->rules[i]));
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->rules[j].id, p->rules[i].id) == 0) {
				np_jv_key(&ld->jv, "id");
				return np_jv_fail(&ld->jv, "duplicate rule id '%s'",
				                  p->rules[i].id);
			}
		p->n_rules = i + 1;
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return check_terms_used(ld);
}
