/* Reading a plan request against the pack. */
#include "needlepoint/plan.h"

#include "arena.h"
#include "jv.h"
#include "needlepoint/error.h"
#include "pack_internal.h"

#include <stdio.h>
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
		double range[2];
		np_setting_zone_range(q->setting, d->zone, range);
		NP_TRY(np_jv_number(&r->jv, o, "depth_mm", &d->depth_mm, 0.0, 10.0));
		if (d->depth_mm < range[0] - 1e-9 || d->depth_mm > range[1] + 1e-9) {
			np_jv_key(&r->jv, "depth_mm");
			return np_jv_fail(
			    &r->jv,
			    "%g mm is outside the safe depth of the %s: %g-%g mm (its "
			    "range, capped at %g mm)",
			    d->depth_mm, d->zone->name, range[0], range[1],
			    q->setting->depth_cap_mm);
		}
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

/* The client's health history, which the plan obeys; without it, at least the skin type. */
static int read_intake(struct request_reader *r, const json_t *root, struct np_plan_request *q)
{
	const json_t *intake = json_object_get(root, "intake");
	if (intake == NULL) {
		if (q->fitzpatrick != 0)
			return 0;
		np_jv_key(&r->jv, "fitzpatrick");
		return np_jv_fail(&r->jv, "missing: give the client's intake, or at least the "
		                          "Fitzpatrick skin type (1-6); it is never assumed");
	}
	if (json_object_get(root, "fitzpatrick")) {
		np_jv_key(&r->jv, "fitzpatrick");
		return np_jv_fail(&r->jv, "the intake gives the skin type: leave this out");
	}
	int rc = np_intake_from_json(&q->intake, r->pack, intake);
	if (rc != 0) { /* say where, in the request, the intake went wrong */
		char message[1024];
		snprintf(message, sizeof message, "intake.%s", np_error_last());
		return np_error_set(rc, "%s", message);
	}
	q->fitzpatrick = q->intake->fitzpatrick;
	return 0;
}

static int read_request(struct request_reader *r, const json_t *root, struct np_plan_request *q)
{
	static const char *const keys[] = {"setting", "device",  "?skin",           "?fitzpatrick",
	                                   "start",   "targets", "?excluded_zones", "?depths",
	                                   "?intake", NULL};
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
		                  d < 0 ? "unknown device '%s': expected pen, roller, stamp or rf"
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
	NP_TRY(read_intake(r, root, q));
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
	if (request != NULL) {
		np_intake_free(request->intake);
		np_arena_free(request->internal);
	}
}
