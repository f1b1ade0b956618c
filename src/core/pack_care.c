/* Loading the care sections of a pack: the session, density, aftercare and outcome scales. */
#include "pack_internal.h"

#include <string.h>

/* "products": {"from_stock", "text", "sources"}; without it, products are only recorded. */
static int load_products(struct np_loader *ld, const json_t *session, struct np_product_rules *p)
{
	static const char *const keys[] = {"from_stock", "text", "sources", NULL};
	const json_t *o = json_object_get(session, "products");
	if (o == NULL)
		return 0;
	size_t mark = np_jv_key(&ld->jv, "products");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_bool(&ld->jv, o, "from_stock", &p->from_stock));
	NP_TRY(np_jv_string(&ld->jv, o, "text", &p->text));
	NP_TRY(np_ld_sources(ld, o, "sources", &p->sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_session(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"checklist",        "anaesthetic", "?products",
	                                   "duration_minutes", "endpoint",    "glide",
	                                   "sources",          NULL};
	static const char *const item_keys[] = {"id", "text", "sources", NULL};
	struct np_session_rules *s = &ld->pack->session;
	const json_t *o = json_object_get(root, "session");
	size_t mark = np_jv_key(&ld->jv, "session");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	json_t *arr;
	NP_TRY(np_ld_list(ld, o, "checklist", &arr, &s->n_checklist));
	s->checklist = np_arena_array(ld->arena, s->n_checklist, sizeof *s->checklist);
	if (s->checklist == NULL)
		return np_ld_nomem(ld);
	size_t k = np_jv_key(&ld->jv, "checklist");
	for (size_t i = 0; i < s->n_checklist; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *item = json_array_get(arr, i);
		struct np_checklist_item *c = &s->checklist[i];
		NP_TRY(np_jv_object(&ld->jv, item, item_keys));
		NP_TRY(np_jv_string(&ld->jv, item, "id", &c->id));
		for (size_t j = 0; j < i; j++)
			if (strcmp(s->checklist[j].id, c->id) == 0)
				return np_jv_fail(&ld->jv, "duplicate checklist id '%s'", c->id);
		NP_TRY(np_jv_string(&ld->jv, item, "text", &c->text));
		NP_TRY(np_ld_sources(ld, item, "sources", &c->sources));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, k);
	NP_TRY(np_pack_load_anaesthetic(ld, o, &s->anaesthetic));
	NP_TRY(load_products(ld, o, &s->products));
	NP_TRY(np_jv_int_range(&ld->jv, o, "duration_minutes", s->duration_minutes, 1, 480));
	NP_TRY(np_jv_string(&ld->jv, o, "endpoint", &s->endpoint));
	NP_TRY(np_jv_string(&ld->jv, o, "glide", &s->glide));
	NP_TRY(np_ld_sources(ld, o, "sources", &s->sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_density(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"target_per_cm2", "sources", NULL};
	const json_t *o = json_object_get(root, "density");
	size_t mark = np_jv_key(&ld->jv, "density");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_int_range(&ld->jv, o, "target_per_cm2", ld->pack->density_target, 1, 100000));
	NP_TRY(np_ld_sources(ld, o, "sources", &ld->pack->density_sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

/* Ladders by depth rise strictly and reach the deepest depth any setting allows. */
static int check_ladder_step(struct np_loader *ld, double prev, double up_to, bool last)
{
	double deepest = 0;
	for (size_t s = 0; s < ld->pack->n_settings; s++)
		if (ld->pack->settings[s].depth_cap_mm > deepest)
			deepest = ld->pack->settings[s].depth_cap_mm;
	if (!(up_to > prev))
		return np_jv_fail(&ld->jv, "up_to_mm %g does not rise above the step before (%g)",
		                  up_to, prev);
	if (last && up_to < deepest)
		return np_jv_fail(&ld->jv, "the ladder stops at %g mm but a setting allows %g mm",
		                  up_to, deepest);
	return 0;
}

static int load_redness(struct np_loader *ld, const json_t *care)
{
	static const char *const keys[] = {"up_to_mm", "days", "sources", NULL};
	struct np_aftercare *a = &ld->pack->aftercare;
	json_t *arr;
	NP_TRY(np_ld_list(ld, care, "redness", &arr, &a->n_redness));
	a->redness = np_arena_array(ld->arena, a->n_redness, sizeof *a->redness);
	if (a->redness == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "redness");
	for (size_t i = 0; i < a->n_redness; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_redness_step *r = &a->redness[i];
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_number(&ld->jv, o, "up_to_mm", &r->up_to_mm, 0.05, NP_DEPTH_LIMIT_MM));
		NP_TRY(np_jv_int_range(&ld->jv, o, "days", r->days, 0, 60));
		NP_TRY(np_ld_sources(ld, o, "sources", &r->sources));
		NP_TRY(check_ladder_step(ld, i ? a->redness[i - 1].up_to_mm : 0, r->up_to_mm,
		                         i + 1 == a->n_redness));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_activity(struct np_loader *ld, const json_t *o, struct np_activity *act)
{
	static const char *const keys[] = {"id", "avoid", "resume", "ladder", "sources", NULL};
	static const char *const step_keys[] = {"up_to_mm", "day", NULL};
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_string(&ld->jv, o, "id", &act->id));
	NP_TRY(np_jv_string(&ld->jv, o, "avoid", &act->avoid));
	NP_TRY(np_jv_string(&ld->jv, o, "resume", &act->resume));
	json_t *arr;
	NP_TRY(np_ld_list(ld, o, "ladder", &arr, &act->n_ladder));
	act->ladder = np_arena_array(ld->arena, act->n_ladder, sizeof *act->ladder);
	if (act->ladder == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "ladder");
	for (size_t i = 0; i < act->n_ladder; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *s = json_array_get(arr, i);
		NP_TRY(np_jv_object(&ld->jv, s, step_keys));
		NP_TRY(np_jv_number(&ld->jv, s, "up_to_mm", &act->ladder[i].up_to_mm, 0.05,
		                    NP_DEPTH_LIMIT_MM));
		NP_TRY(np_jv_int(&ld->jv, s, "day", &act->ladder[i].day, 1, 365));
		NP_TRY(check_ladder_step(ld, i ? act->ladder[i - 1].up_to_mm : 0,
		                         act->ladder[i].up_to_mm, i + 1 == act->n_ladder));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return np_ld_sources(ld, o, "sources", &act->sources);
}

static int load_activities(struct np_loader *ld, const json_t *care)
{
	struct np_aftercare *a = &ld->pack->aftercare;
	json_t *arr;
	NP_TRY(np_ld_list(ld, care, "activities", &arr, &a->n_activities));
	a->activities = np_arena_array(ld->arena, a->n_activities, sizeof *a->activities);
	if (a->activities == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "activities");
	for (size_t i = 0; i < a->n_activities; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(load_activity(ld, json_array_get(arr, i), &a->activities[i]));
		for (size_t j = 0; j < i; j++)
			if (strcmp(a->activities[j].id, a->activities[i].id) == 0)
				return np_jv_fail(&ld->jv, "duplicate activity '%s'",
				                  a->activities[i].id);
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_spf(struct np_loader *ld, const json_t *care)
{
	static const char *const keys[] = {"from_day", "until_day", "text",
	                                   "end_text", "sources",   NULL};
	struct np_aftercare *a = &ld->pack->aftercare;
	const json_t *o = json_object_get(care, "spf");
	size_t mark = np_jv_key(&ld->jv, "spf");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_int(&ld->jv, o, "from_day", &a->spf_from_day, 0, 30));
	NP_TRY(np_jv_int(&ld->jv, o, "until_day", &a->spf_until_day, a->spf_from_day, 365));
	NP_TRY(np_jv_string(&ld->jv, o, "text", &a->spf_text));
	NP_TRY(np_jv_string(&ld->jv, o, "end_text", &a->spf_end_text));
	NP_TRY(np_ld_sources(ld, o, "sources", &a->spf_sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_timeline(struct np_loader *ld, const json_t *care)
{
	static const char *const keys[] = {"day", "?devices", "?do", "?avoid", "sources", NULL};
	struct np_aftercare *a = &ld->pack->aftercare;
	json_t *arr;
	NP_TRY(np_ld_list(ld, care, "timeline", &arr, &a->n_timeline));
	a->timeline = np_arena_array(ld->arena, a->n_timeline, sizeof *a->timeline);
	if (a->timeline == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "timeline");
	for (size_t i = 0; i < a->n_timeline; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_timeline_entry *e = &a->timeline[i];
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_int(&ld->jv, o, "day", &e->day, 0, 365));
		e->devices = (1u << NP_DEVICE_COUNT) - 1;
		if (json_object_get(o, "devices"))
			NP_TRY(np_ld_devices(ld, o, "devices", &e->devices));
		NP_TRY(np_ld_strings(ld, o, "do", &e->do_items, &e->n_do));
		NP_TRY(np_ld_strings(ld, o, "avoid", &e->avoid_items, &e->n_avoid));
		if (e->n_do + e->n_avoid == 0)
			return np_jv_fail(&ld->jv, "expected something to do or avoid");
		NP_TRY(np_ld_sources(ld, o, "sources", &e->sources));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_warning_signs(struct np_loader *ld, const json_t *care)
{
	static const char *const keys[] = {"text", "?devices", "sources", NULL};
	struct np_aftercare *a = &ld->pack->aftercare;
	json_t *arr;
	NP_TRY(np_ld_list(ld, care, "warning_signs", &arr, &a->n_warning_signs));
	a->warning_signs = np_arena_array(ld->arena, a->n_warning_signs, sizeof *a->warning_signs);
	if (a->warning_signs == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "warning_signs");
	for (size_t i = 0; i < a->n_warning_signs; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_string(&ld->jv, o, "text", &a->warning_signs[i].text));
		a->warning_signs[i].devices = (1u << NP_DEVICE_COUNT) - 1;
		if (json_object_get(o, "devices"))
			NP_TRY(np_ld_devices(ld, o, "devices", &a->warning_signs[i].devices));
		NP_TRY(np_ld_sources(ld, o, "sources", &a->warning_signs[i].sources));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_aftercare(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"redness",  "activities",    "spf",
	                                   "timeline", "warning_signs", NULL};
	const json_t *care = json_object_get(root, "aftercare");
	size_t mark = np_jv_key(&ld->jv, "aftercare");
	NP_TRY(np_jv_object(&ld->jv, care, keys));
	NP_TRY(load_redness(ld, care));
	NP_TRY(load_activities(ld, care));
	NP_TRY(load_spf(ld, care));
	NP_TRY(load_timeline(ld, care));
	NP_TRY(load_warning_signs(ld, care));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_outcomes(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"id",      "name",   "min",     "max",
	                                   "?labels", "better", "sources", NULL};
	struct np_pack *p = ld->pack;
	json_t *arr;
	NP_TRY(np_ld_list(ld, root, "outcomes", &arr, &p->n_scales));
	p->scales = np_arena_array(ld->arena, p->n_scales, sizeof *p->scales);
	if (p->scales == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "outcomes");
	for (size_t i = 0; i < p->n_scales; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_scale *s = &p->scales[i];
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_string(&ld->jv, o, "id", &s->id));
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->scales[j].id, s->id) == 0)
				return np_jv_fail(&ld->jv, "duplicate scale '%s'", s->id);
		NP_TRY(np_jv_string(&ld->jv, o, "name", &s->name));
		NP_TRY(np_jv_number(&ld->jv, o, "min", &s->min, -1000, 1000));
		NP_TRY(np_jv_number(&ld->jv, o, "max", &s->max, s->min + 1, 1000));
		NP_TRY(np_ld_strings(ld, o, "labels", &s->labels, &s->n_labels));
		if (s->n_labels != 0 && s->n_labels != (size_t)(s->max - s->min) + 1)
			return np_jv_fail(&ld->jv,
			                  "expected %zu labels, one per value from %g to %g",
			                  (size_t)(s->max - s->min) + 1, s->min, s->max);
		const char *better;
		NP_TRY(np_jv_string(&ld->jv, o, "better", &better));
		if (strcmp(better, "lower") != 0 && strcmp(better, "higher") != 0 &&
		    strcmp(better, "neither") != 0) {
			np_jv_key(&ld->jv, "better");
			return np_jv_fail(&ld->jv, "expected lower, higher or neither, got '%s'",
			                  better);
		}
		s->better = better;
		NP_TRY(np_ld_sources(ld, o, "sources", &s->sources));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

int np_pack_load_care(struct np_loader *ld, const json_t *root)
{
	NP_TRY(load_session(ld, root));
	NP_TRY(load_density(ld, root));
	NP_TRY(load_aftercare(ld, root));
	return load_outcomes(ld, root);
}
