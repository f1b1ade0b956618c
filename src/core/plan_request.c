/* Reading a plan request against the pack. */
#include "needlepoint/plan.h"

#include "arena.h"
#include "jv.h"
#include "needlepoint/error.h"
#include "pack_internal.h"

#include <stdlib.h>
#include <string.h>

struct request_reader {
	struct np_jv jv;
	const struct np_pack *pack;
	struct np_arena *arena;
	const struct np_zone **planned; /* zones already in a target, to catch repeats */
	size_t n_planned;
};

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory reading the plan request");
}

static int zone_at(struct request_reader *r, const json_t *value, const struct np_zone **out)
{
	const char *id;
	NP_TRY(np_jv_string_value(&r->jv, value, &id));
	*out = np_pack_zone(r->pack, id);
	if (*out == NULL)
		return np_jv_fail(&r->jv, "unknown zone '%s'", id);
	return 0;
}

static int target(struct request_reader *r, const json_t *o, struct np_plan_target *t)
{
	static const char *const keys[] = {"indication", "zones", NULL};
	const char *id;
	json_t *zones;
	NP_TRY(np_jv_object(&r->jv, o, keys));
	NP_TRY(np_jv_string(&r->jv, o, "indication", &id));
	t->indication = np_pack_indication(r->pack, id);
	if (t->indication == NULL) {
		np_jv_key(&r->jv, "indication");
		return np_jv_fail(&r->jv, "unknown indication '%s'", id);
	}
	NP_TRY(np_jv_list(&r->jv, o, "zones", &zones, &t->n_zones));
	t->zones = np_arena_array(r->arena, t->n_zones, sizeof *t->zones);
	if (t->zones == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "zones");
	for (size_t i = 0; i < t->n_zones; i++) {
		size_t m = np_jv_index(&r->jv, i);
		NP_TRY(zone_at(r, json_array_get(zones, i), &t->zones[i]));
		const struct np_zone *z = t->zones[i];
		if (!np_indication_treats(t->indication, z))
			return np_jv_fail(&r->jv,
			                  "indication '%s' is not treated on zone '%s' (a %s zone)",
			                  t->indication->id, z->id, z->region);
		for (size_t j = 0; j < r->n_planned; j++)
			if (r->planned[j] == z)
				return np_jv_fail(&r->jv,
				                  "zone '%s' is already in an earlier target: "
				                  "one indication per zone",
				                  z->id);
		r->planned[r->n_planned++] = z;
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

static int named(struct request_reader *r, const json_t *root, const char *key, const char **id)
{
	*id = NULL;
	NP_TRY(np_jv_string(&r->jv, root, key, id));
	if (*id == NULL) {
		np_jv_key(&r->jv, key);
		return np_jv_fail(&r->jv, "missing: this field is required");
	}
	return 0;
}

/* "depths": [{"zone", "depth_mm"}]: a planned zone each, once, within the zone's range and the
 * setting's cap. */
static int read_depths(struct request_reader *r, const json_t *root, struct np_plan_request *q)
{
	static const char *const keys[] = {"zone", "depth_mm", NULL};
	json_t *depths = NULL;
	NP_TRY(np_jv_array(&r->jv, root, "depths", &depths));
	q->n_depths = depths ? json_array_size(depths) : 0;
	q->depths = np_arena_array(r->arena, q->n_depths ? q->n_depths : 1, sizeof *q->depths);
	if (q->depths == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "depths");
	for (size_t i = 0; i < q->n_depths; i++) {
		size_t m = np_jv_index(&r->jv, i);
		const json_t *o = json_array_get(depths, i);
		struct np_plan_depth *d = &q->depths[i];
		NP_TRY(np_jv_object(&r->jv, o, keys));
		size_t k = np_jv_key(&r->jv, "zone");
		NP_TRY(zone_at(r, json_object_get(o, "zone"), &d->zone));
		bool planned = false;
		for (size_t j = 0; j < r->n_planned; j++)
			planned = planned || r->planned[j] == d->zone;
		if (!planned)
			return np_jv_fail(&r->jv, "zone '%s' is in no target", d->zone->id);
		for (size_t j = 0; j < i; j++)
			if (q->depths[j].zone == d->zone)
				return np_jv_fail(&r->jv, "zone '%s' has a depth already",
				                  d->zone->id);
		np_jv_pop(&r->jv, k);
		double lo = d->zone->depth_mm[0], hi = d->zone->depth_mm[1];
		if (q->setting->depth_cap_mm < hi)
			hi = q->setting->depth_cap_mm;
		NP_TRY(np_jv_number(&r->jv, o, "depth_mm", &d->depth_mm, 0.0, 10.0));
		if (d->depth_mm < lo - 1e-9 || d->depth_mm > hi + 1e-9) {
			np_jv_key(&r->jv, "depth_mm");
			return np_jv_fail(&r->jv,
			                  "%g mm is outside the safe depth of %s: %g-%g mm (the "
			                  "zone's range within the %s cap of %g mm)",
			                  d->depth_mm, d->zone->id, lo, hi, q->setting->id,
			                  q->setting->depth_cap_mm);
		}
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

static int read_request(struct request_reader *r, const json_t *root, struct np_plan_request *q)
{
	static const char *const keys[] = {"setting",         "device",  "?skin",
	                                   "?fitzpatrick",    "start",   "targets",
	                                   "?excluded_zones", "?depths", NULL};
	const char *setting, *device, *skin = "normal";
	NP_TRY(np_jv_object(&r->jv, root, keys));
	NP_TRY(named(r, root, "setting", &setting));
	q->setting = np_pack_setting(r->pack, setting);
	if (q->setting == NULL) {
		np_jv_key(&r->jv, "setting");
		return np_jv_fail(&r->jv, "unknown setting '%s': expected clinic or home", setting);
	}
	NP_TRY(named(r, root, "device", &device));
	int d = np_pack_device(device);
	if (d < 0 || !(q->setting->devices & (1u << d))) {
		np_jv_key(&r->jv, "device");
		return np_jv_fail(&r->jv,
		                  d < 0 ? "unknown device '%s': expected pen, roller or stamp"
		                        : "device '%s' is not used in this setting",
		                  device);
	}
	q->device = (enum np_device)d;
	NP_TRY(np_jv_string(&r->jv, root, "skin", &skin));
	q->skin = np_pack_skin(r->pack, skin);
	if (q->skin == NULL) {
		np_jv_key(&r->jv, "skin");
		return np_jv_fail(&r->jv, "unknown skin '%s': expected thin, normal or thick",
		                  skin);
	}
	NP_TRY(np_jv_int(&r->jv, root, "fitzpatrick", &q->fitzpatrick, 1, 6));
	NP_TRY(np_jv_date(&r->jv, root, "start", &q->start));

	json_t *targets;
	NP_TRY(np_jv_list(&r->jv, root, "targets", &targets, &q->n_targets));
	q->targets = np_arena_array(r->arena, q->n_targets, sizeof *q->targets);
	r->planned = np_arena_array(r->arena, r->pack->n_zones, sizeof *r->planned);
	if (q->targets == NULL || r->planned == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "targets");
	for (size_t i = 0; i < q->n_targets; i++) {
		size_t m = np_jv_index(&r->jv, i);
		NP_TRY(target(r, json_array_get(targets, i), &q->targets[i]));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);

	json_t *excluded = NULL;
	NP_TRY(np_jv_array(&r->jv, root, "excluded_zones", &excluded));
	q->n_excluded = excluded ? json_array_size(excluded) : 0;
	q->excluded =
	    np_arena_array(r->arena, q->n_excluded ? q->n_excluded : 1, sizeof *q->excluded);
	if (q->excluded == NULL)
		return nomem();
	mark = np_jv_key(&r->jv, "excluded_zones");
	for (size_t i = 0; i < q->n_excluded; i++) {
		size_t m = np_jv_index(&r->jv, i);
		NP_TRY(zone_at(r, json_array_get(excluded, i), &q->excluded[i]));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return read_depths(r, root, q);
}

int np_plan_request_from_json(struct np_plan_request **out, const struct np_pack *pack,
                              const json_t *json)
{
	*out = NULL;
	struct np_arena *arena;
	struct np_plan_request *q = np_arena_new_object(&arena, sizeof *q);
	if (q == NULL)
		return nomem();
	q->internal = arena;
	struct request_reader r = {.pack = pack, .arena = arena};
	np_jv_init(&r.jv, NP_EINVAL, NULL);
	int rc = read_request(&r, json, q);
	if (rc != 0) {
		np_plan_request_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

void np_plan_request_free(struct np_plan_request *request)
{
	if (request != NULL)
		np_arena_free(request->internal);
}
