/* Loading the clinical sections of a pack: devices, settings, skin, zones, indications, rest. */
#include "pack_internal.h"

#include <string.h>

/* "energy": what a session with an energy-based device records besides depth and passes. */
static int load_energy(struct np_loader *ld, const json_t *o, struct np_device_info *dev)
{
	static const char *const keys[] = {"level_range", "pulse_ms_range", "needle_types", NULL};
	const json_t *e = json_object_get(o, "energy");
	if (e == NULL)
		return 0;
	size_t mark = np_jv_key(&ld->jv, "energy");
	NP_TRY(np_jv_object(&ld->jv, e, keys));
	dev->energy = true;
	NP_TRY(np_jv_range(&ld->jv, e, "level_range", dev->energy_level_range, 0.01, 1000));
	NP_TRY(np_jv_int_range(&ld->jv, e, "pulse_ms_range", dev->pulse_ms_range, 1, 10000));
	NP_TRY(np_ld_strings(ld, e, "needle_types", &dev->needle_types, &dev->n_needle_types));
	if (dev->n_needle_types == 0)
		return np_jv_fail(&ld->jv, "expected the needle types a session may record");
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_devices(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"id",      "name",    "passes", "passes_range",
	                                   "?energy", "sources", NULL};
	json_t *arr;
	size_t n;
	NP_TRY(np_ld_list(ld, root, "devices", &arr, &n));
	size_t mark = np_jv_key(&ld->jv, "devices");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		const char *id;
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_string(&ld->jv, o, "id", &id));
		int d = np_pack_device(id);
		if (d < 0)
			return np_jv_fail(
			    &ld->jv, "unknown device '%s': expected pen, roller, stamp or rf", id);
		struct np_device_info *dev = &ld->pack->devices[d];
		if (dev->id != NULL)
			return np_jv_fail(&ld->jv, "duplicate device '%s'", id);
		dev->id = id;
		NP_TRY(np_jv_string(&ld->jv, o, "name", &dev->name));
		NP_TRY(np_jv_int_range(&ld->jv, o, "passes_range", dev->passes_range, 1, 50));
		NP_TRY(np_jv_int(&ld->jv, o, "passes", &dev->passes, dev->passes_range[0],
		                 dev->passes_range[1]));
		NP_TRY(load_energy(ld, o, dev));
		NP_TRY(np_ld_sources(ld, o, "sources", &dev->sources));
		np_jv_pop(&ld->jv, m);
	}
	for (int d = 0; d < NP_DEVICE_COUNT; d++)
		if (ld->pack->devices[d].id == NULL)
			return np_jv_fail(&ld->jv, "device '%s' is missing",
			                  np_device_name((enum np_device)d));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_settings(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"id",
	                                   "name",
	                                   "depth_cap_mm",
	                                   "course",
	                                   "?recommended_mm",
	                                   "?zone_floor_mm",
	                                   "devices",
	                                   "sources",
	                                   NULL};
	json_t *arr;
	size_t n;
	struct np_pack *p = ld->pack;
	NP_TRY(np_ld_list(ld, root, "settings", &arr, &n));
	p->settings = np_arena_array(ld->arena, n, sizeof *p->settings);
	if (p->settings == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "settings");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_setting *s = &p->settings[i];
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_string(&ld->jv, o, "id", &s->id));
		if (np_pack_setting(p, s->id))
			return np_jv_fail(&ld->jv, "duplicate setting '%s'", s->id);
		NP_TRY(np_jv_string(&ld->jv, o, "name", &s->name));
		NP_TRY(np_jv_number(&ld->jv, o, "depth_cap_mm", &s->depth_cap_mm, 0.05,
		                    NP_DEPTH_LIMIT_MM));
		NP_TRY(np_jv_number(&ld->jv, o, "recommended_mm", &s->recommended_mm, 0.05,
		                    s->depth_cap_mm));
		NP_TRY(np_jv_number(&ld->jv, o, "zone_floor_mm", &s->zone_floor_mm, 0.05,
		                    s->depth_cap_mm));
		NP_TRY(np_jv_bool(&ld->jv, o, "course", &s->course));
		NP_TRY(np_ld_devices(ld, o, "devices", &s->devices));
		NP_TRY(np_ld_sources(ld, o, "sources", &s->sources));
		p->n_settings = i + 1;
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_skin(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"id", "shift_mm", "sources", NULL};
	json_t *arr;
	size_t n;
	struct np_pack *p = ld->pack;
	NP_TRY(np_ld_list(ld, root, "skin", &arr, &n));
	p->skins = np_arena_array(ld->arena, n, sizeof *p->skins);
	if (p->skins == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "skin");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_skin *s = &p->skins[i];
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_string(&ld->jv, o, "id", &s->id));
		if (np_pack_skin(p, s->id))
			return np_jv_fail(&ld->jv, "duplicate skin type '%s'", s->id);
		NP_TRY(np_jv_number(&ld->jv, o, "shift_mm", &s->shift_mm, -1.0, 1.0));
		NP_TRY(np_ld_sources(ld, o, "sources", &s->sources));
		p->n_skins = i + 1;
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_patterns(struct np_loader *ld, const json_t *o, struct np_zone *z)
{
	static const char *const keys[] = {"?pen", "?roller", "?stamp", "?rf", NULL};
	const json_t *pat = json_object_get(o, "pattern");
	size_t mark = np_jv_key(&ld->jv, "pattern");
	NP_TRY(np_jv_object(&ld->jv, pat, keys));
	for (int d = 0; d < NP_DEVICE_COUNT; d++) {
		const char *name = np_device_name((enum np_device)d);
		NP_TRY(np_jv_string(&ld->jv, pat, name, &z->pattern[d]));
		bool allowed = z->devices & (1u << d);
		if (allowed && z->pattern[d] == NULL)
			return np_jv_fail(&ld->jv, "missing the %s pattern: the zone allows a %s",
			                  name, name);
		if (!allowed && z->pattern[d] != NULL)
			return np_jv_fail(&ld->jv,
			                  "a %s pattern for a zone whose devices leave out the %s",
			                  name, name);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_zone(struct np_loader *ld, const json_t *o, struct np_zone *z)
{
	static const char *const keys[] = {"id",       "name",    "region",  "order",
	                                   "depth_mm", "devices", "pattern", "?note",
	                                   "outline",  "label",   "sources", NULL};
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_string(&ld->jv, o, "id", &z->id));
	if (np_pack_zone(ld->pack, z->id))
		return np_jv_fail(&ld->jv, "duplicate zone '%s'", z->id);
	NP_TRY(np_jv_string(&ld->jv, o, "name", &z->name));
	NP_TRY(np_jv_string(&ld->jv, o, "region", &z->region));
	NP_TRY(np_jv_int(&ld->jv, o, "order", &z->order, 1, 1000));
	NP_TRY(np_jv_range(&ld->jv, o, "depth_mm", z->depth_mm, 0.05, NP_DEPTH_LIMIT_MM));
	NP_TRY(np_ld_devices(ld, o, "devices", &z->devices));
	NP_TRY(load_patterns(ld, o, z));
	NP_TRY(np_jv_string(&ld->jv, o, "note", &z->note));
	NP_TRY(np_jv_string(&ld->jv, o, "outline", &z->outline));
	NP_TRY(np_jv_point(&ld->jv, o, "label", z->label, 0, 10000));
	NP_TRY(np_ld_sources(ld, o, "sources", &z->sources));
	return 0;
}

static int load_zones(struct np_loader *ld, const json_t *root)
{
	json_t *arr;
	size_t n;
	struct np_pack *p = ld->pack;
	NP_TRY(np_ld_list(ld, root, "zones", &arr, &n));
	p->zones = np_arena_array(ld->arena, n, sizeof *p->zones);
	if (p->zones == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "zones");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		struct np_zone *z = &p->zones[i];
		NP_TRY(load_zone(ld, json_array_get(arr, i), z));
		for (size_t j = 0; j < i; j++)
			if (p->zones[j].order == z->order) {
				np_jv_key(&ld->jv, "order");
				return np_jv_fail(&ld->jv,
				                  "order %d is also zone '%s''s: each zone "
				                  "needs its own place in the order",
				                  z->order, p->zones[j].id);
			}
		p->n_zones = i + 1;
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	/* Keep zones in the documented order of work, whatever order the file lists them in. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && p->zones[j - 1].order > p->zones[j].order; j--) {
			struct np_zone t = p->zones[j];
			p->zones[j] = p->zones[j - 1];
			p->zones[j - 1] = t;
		}
	return 0;
}

static int load_mapping(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"finish", "sources", NULL};
	const json_t *o = json_object_get(root, "mapping");
	size_t mark = np_jv_key(&ld->jv, "mapping");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_string(&ld->jv, o, "finish", &ld->pack->mapping_finish));
	NP_TRY(np_ld_sources(ld, o, "sources", &ld->pack->mapping_sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_rest_step(struct np_loader *ld, const json_t *o, struct np_rest_step *r)
{
	static const char *const keys[] = {"up_to_mm", "rest_days", "sources", NULL};
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_number(&ld->jv, o, "up_to_mm", &r->up_to_mm, 0.05, NP_DEPTH_LIMIT_MM));
	NP_TRY(np_jv_int(&ld->jv, o, "rest_days", &r->rest_days, 1, 365));
	NP_TRY(np_ld_sources(ld, o, "sources", &r->sources));
	return 0;
}

bool np_ld_region_known(const struct np_pack *p, const char *region)
{
	for (size_t i = 0; i < p->n_zones; i++)
		if (strcmp(p->zones[i].region, region) == 0)
			return true;
	return false;
}

static int load_indication(struct np_loader *ld, const json_t *o, struct np_indication *ind)
{
	static const char *const keys[] = {"id",
	                                   "name",
	                                   "regions",
	                                   "target_mm",
	                                   "target_range_mm",
	                                   "sessions",
	                                   "sessions_range",
	                                   "interval_days",
	                                   "interval_range_days",
	                                   "?rest_override",
	                                   "?note",
	                                   "sources",
	                                   NULL};
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_string(&ld->jv, o, "id", &ind->id));
	if (np_pack_indication(ld->pack, ind->id))
		return np_jv_fail(&ld->jv, "duplicate indication '%s'", ind->id);
	NP_TRY(np_jv_string(&ld->jv, o, "name", &ind->name));
	NP_TRY(np_ld_strings(ld, o, "regions", &ind->regions, &ind->n_regions));
	size_t mark = np_jv_key(&ld->jv, "regions");
	if (ind->n_regions == 0)
		return np_jv_fail(&ld->jv, "expected a non-empty array of zone regions");
	for (size_t r = 0; r < ind->n_regions; r++)
		if (!np_ld_region_known(ld->pack, ind->regions[r])) {
			np_jv_index(&ld->jv, r);
			return np_jv_fail(&ld->jv, "unknown region '%s': no zone has it",
			                  ind->regions[r]);
		}
	np_jv_pop(&ld->jv, mark);
	NP_TRY(np_jv_range(&ld->jv, o, "target_range_mm", ind->target_range_mm, 0.05,
	                   NP_DEPTH_LIMIT_MM));
	NP_TRY(np_jv_number(&ld->jv, o, "target_mm", &ind->target_mm, ind->target_range_mm[0],
	                    ind->target_range_mm[1]));
	NP_TRY(np_jv_int_range(&ld->jv, o, "sessions_range", ind->sessions_range, 1, 100));
	NP_TRY(np_jv_int(&ld->jv, o, "sessions", &ind->sessions, ind->sessions_range[0],
	                 ind->sessions_range[1]));
	NP_TRY(
	    np_jv_int_range(&ld->jv, o, "interval_range_days", ind->interval_range_days, 1, 730));
	NP_TRY(np_jv_int(&ld->jv, o, "interval_days", &ind->interval_days,
	                 ind->interval_range_days[0], ind->interval_range_days[1]));
	const json_t *ov = json_object_get(o, "rest_override");
	if (ov != NULL) {
		size_t k = np_jv_key(&ld->jv, "rest_override");
		NP_TRY(load_rest_step(ld, ov, &ind->rest_override));
		ind->has_rest_override = true;
		np_jv_pop(&ld->jv, k);
	}
	NP_TRY(np_jv_string(&ld->jv, o, "note", &ind->note));
	NP_TRY(np_ld_sources(ld, o, "sources", &ind->sources));
	return 0;
}

static int load_indications(struct np_loader *ld, const json_t *root)
{
	json_t *arr;
	size_t n;
	struct np_pack *p = ld->pack;
	NP_TRY(np_ld_list(ld, root, "indications", &arr, &n));
	p->indications = np_arena_array(ld->arena, n, sizeof *p->indications);
	if (p->indications == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "indications");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(load_indication(ld, json_array_get(arr, i), &p->indications[i]));
		p->n_indications = i + 1;
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_rest(struct np_loader *ld, const json_t *root)
{
	json_t *arr;
	size_t n;
	struct np_pack *p = ld->pack;
	NP_TRY(np_ld_list(ld, root, "rest", &arr, &n));
	p->rest = np_arena_array(ld->arena, n, sizeof *p->rest);
	if (p->rest == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "rest");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(load_rest_step(ld, json_array_get(arr, i), &p->rest[i]));
		if (i > 0 && !(p->rest[i].up_to_mm > p->rest[i - 1].up_to_mm))
			return np_jv_fail(&ld->jv,
			                  "up_to_mm %g does not rise above the step before "
			                  "(%g): list the ladder from shallow to deep",
			                  p->rest[i].up_to_mm, p->rest[i - 1].up_to_mm);
		if (i > 0 && p->rest[i].rest_days < p->rest[i - 1].rest_days)
			return np_jv_fail(&ld->jv,
			                  "rest_days %d is shorter than for a shallower "
			                  "depth (%d): deeper needling never rests less",
			                  p->rest[i].rest_days, p->rest[i - 1].rest_days);
		p->n_rest = i + 1;
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_home(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"roller_replace_after_uses", "sterilise", "sources",
	                                   NULL};
	const json_t *o = json_object_get(root, "home");
	size_t mark = np_jv_key(&ld->jv, "home");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_int(&ld->jv, o, "roller_replace_after_uses",
	                 &ld->pack->home.roller_replace_after_uses, 1, 1000));
	NP_TRY(np_jv_string(&ld->jv, o, "sterilise", &ld->pack->home.sterilise));
	NP_TRY(np_ld_sources(ld, o, "sources", &ld->pack->home.sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

/* Every depth a zone or a setting allows must have a rest on the ladder. */
static int check_coverage(struct np_loader *ld)
{
	const struct np_pack *p = ld->pack;
	double top = p->rest[p->n_rest - 1].up_to_mm;
	for (size_t i = 0; i < p->n_zones; i++)
		if (p->zones[i].depth_mm[1] > top) {
			np_jv_key(&ld->jv, "rest");
			return np_jv_fail(&ld->jv,
			                  "the ladder stops at %g mm but zone '%s' goes to %g mm",
			                  top, p->zones[i].id, p->zones[i].depth_mm[1]);
		}
	for (size_t i = 0; i < p->n_settings; i++)
		if (p->settings[i].depth_cap_mm > top) {
			np_jv_key(&ld->jv, "rest");
			return np_jv_fail(&ld->jv,
			                  "the ladder stops at %g mm but setting '%s' allows %g mm",
			                  top, p->settings[i].id, p->settings[i].depth_cap_mm);
		}
	for (const char *need[] = {"clinic", "home"}, **s = need; s < need + 2; s++)
		if (np_pack_setting(p, *s) == NULL) {
			np_jv_key(&ld->jv, "settings");
			return np_jv_fail(&ld->jv, "setting '%s' is missing", *s);
		}
	if (np_pack_skin(p, "normal") == NULL) {
		np_jv_key(&ld->jv, "skin");
		return np_jv_fail(&ld->jv, "skin type 'normal' is missing");
	}
	return 0;
}

int np_pack_load_clinical(struct np_loader *ld, const json_t *root)
{
	NP_TRY(load_devices(ld, root));
	NP_TRY(load_settings(ld, root));
	NP_TRY(load_skin(ld, root));
	NP_TRY(load_zones(ld, root));
	NP_TRY(load_mapping(ld, root));
	NP_TRY(load_indications(ld, root));
	NP_TRY(load_rest(ld, root));
	NP_TRY(load_home(ld, root));
	return check_coverage(ld);
}
