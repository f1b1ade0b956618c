/* Loading what limits a plan besides the zone and the setting: the topical anaesthetic, the depth
 * the cleared device was evaluated at, and the adjustments a screening makes to a plan. */
#include "pack_internal.h"

#include <string.h>

int np_pack_load_anaesthetic(struct np_loader *ld, const json_t *session, struct np_anaesthetic *a)
{
	static const char *const keys[] = {"minutes", "range_minutes", "max_minutes", "regions",
	                                   "limit",   "sources",       NULL};
	const json_t *o = json_object_get(session, "anaesthetic");
	size_t mark = np_jv_key(&ld->jv, "anaesthetic");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_int_range(&ld->jv, o, "range_minutes", a->range_minutes, 1, 240));
	NP_TRY(np_jv_int(&ld->jv, o, "minutes", &a->minutes, a->range_minutes[0],
	                 a->range_minutes[1]));
	NP_TRY(np_jv_int(&ld->jv, o, "max_minutes", &a->max_minutes, a->range_minutes[1], 240));
	NP_TRY(np_ld_strings(ld, o, "regions", &a->regions, &a->n_regions));
	for (size_t i = 0; i < a->n_regions; i++)
		if (!np_ld_region_known(ld->pack, a->regions[i])) {
			np_jv_key(&ld->jv, "regions");
			np_jv_index(&ld->jv, i);
			return np_jv_fail(&ld->jv, "unknown region '%s': no zone has it",
			                  a->regions[i]);
		}
	NP_TRY(np_jv_string(&ld->jv, o, "limit", &a->limit));
	NP_TRY(np_ld_sources(ld, o, "sources", &a->sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_evaluated(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"over_mm", "notice", "sources", NULL};
	struct np_depth_notice *e = &ld->pack->evaluated;
	const json_t *o = json_object_get(root, "evaluated_depth");
	size_t mark = np_jv_key(&ld->jv, "evaluated_depth");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_number(&ld->jv, o, "over_mm", &e->over_mm, 0.05, NP_DEPTH_LIMIT_MM));
	NP_TRY(np_jv_string(&ld->jv, o, "notice", &e->text));
	NP_TRY(np_ld_sources(ld, o, "sources", &e->sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static const struct np_rule *rule_by_id(const struct np_pack *p, const char *id)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (strcmp(p->rules[i].id, id) == 0)
			return &p->rules[i];
	return NULL;
}

/* "when": {"rules": [...], "indications"?: [...], "devices"?: [...]} */
static int load_when(struct np_loader *ld, const json_t *o, struct np_adjustment *a)
{
	static const char *const keys[] = {"rules", "?indications", "?devices", NULL};
	const json_t *w = json_object_get(o, "when");
	size_t mark = np_jv_key(&ld->jv, "when");
	NP_TRY(np_jv_object(&ld->jv, w, keys));
	const char **ids;
	NP_TRY(np_ld_strings(ld, w, "rules", &ids, &a->n_rules));
	a->rules = np_arena_array(ld->arena, a->n_rules ? a->n_rules : 1, sizeof *a->rules);
	if (a->rules == NULL)
		return np_ld_nomem(ld);
	size_t k = np_jv_key(&ld->jv, "rules");
	if (a->n_rules == 0)
		return np_jv_fail(&ld->jv, "expected at least one screening rule");
	for (size_t i = 0; i < a->n_rules; i++) {
		a->rules[i] = rule_by_id(ld->pack, ids[i]);
		if (a->rules[i] == NULL) {
			np_jv_index(&ld->jv, i);
			return np_jv_fail(
			    &ld->jv, "unknown screening rule '%s': expected an id from screening",
			    ids[i]);
		}
	}
	np_jv_pop(&ld->jv, k);
	NP_TRY(np_ld_strings(ld, w, "indications", &ids, &a->n_indications));
	a->indications = np_arena_array(ld->arena, a->n_indications ? a->n_indications : 1,
	                                sizeof *a->indications);
	if (a->indications == NULL)
		return np_ld_nomem(ld);
	for (size_t i = 0; i < a->n_indications; i++) {
		a->indications[i] = np_pack_indication(ld->pack, ids[i]);
		if (a->indications[i] == NULL) {
			np_jv_key(&ld->jv, "indications");
			np_jv_index(&ld->jv, i);
			return np_jv_fail(&ld->jv, "unknown indication '%s'", ids[i]);
		}
	}
	if (json_object_get(w, "devices"))
		NP_TRY(np_ld_devices(ld, w, "devices", &a->devices));
	np_jv_pop(&ld->jv, mark);
	return 0;
}

/* "limit": exactly one of {"depth_mm": 1.0}, {"anaesthetic": "none"}, {"device": "refused"},
 * {"zones": "refused"}. */
static int load_limit(struct np_loader *ld, const json_t *o, struct np_adjustment *a)
{
	static const char *const keys[] = {"?depth_mm", "?anaesthetic", "?device", "?zones", NULL};
	const json_t *l = json_object_get(o, "limit");
	size_t mark = np_jv_key(&ld->jv, "limit");
	NP_TRY(np_jv_object(&ld->jv, l, keys));
	if (json_object_size(l) != 1)
		return np_jv_fail(&ld->jv, "expected exactly one limit, got %zu",
		                  json_object_size(l));
	const char *word = NULL, *want = "refused", *key;
	if (json_object_get(l, "depth_mm")) {
		a->kind = NP_ADJUST_DEPTH;
		NP_TRY(np_jv_number(&ld->jv, l, "depth_mm", &a->depth_mm, 0.05, NP_DEPTH_LIMIT_MM));
		np_jv_pop(&ld->jv, mark);
		return 0;
	}
	if (json_object_get(l, "anaesthetic")) {
		a->kind = NP_ADJUST_NO_ANAESTHETIC;
		key = "anaesthetic";
		want = "none";
	} else if (json_object_get(l, "device")) {
		a->kind = NP_ADJUST_REFUSED;
		key = "device";
	} else {
		a->kind = NP_ADJUST_ZONES;
		key = "zones";
	}
	NP_TRY(np_jv_string(&ld->jv, l, key, &word));
	if (strcmp(word, want) != 0) {
		np_jv_key(&ld->jv, key);
		return np_jv_fail(&ld->jv, "expected '%s', got '%s'", want, word);
	}
	if (a->kind != NP_ADJUST_NO_ANAESTHETIC && a->devices == 0)
		return np_jv_fail(&ld->jv,
		                  "a refusal names the devices it refuses in when.devices");
	np_jv_pop(&ld->jv, mark);
	return 0;
}

static int load_adjustments(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"id", "when", "limit", "message", "sources", NULL};
	struct np_pack *p = ld->pack;
	json_t *arr;
	NP_TRY(np_ld_list(ld, root, "adjustments", &arr, &p->n_adjustments));
	p->adjustments = np_arena_array(ld->arena, p->n_adjustments, sizeof *p->adjustments);
	if (p->adjustments == NULL)
		return np_ld_nomem(ld);
	size_t mark = np_jv_key(&ld->jv, "adjustments");
	for (size_t i = 0; i < p->n_adjustments; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		const json_t *o = json_array_get(arr, i);
		struct np_adjustment *a = &p->adjustments[i];
		NP_TRY(np_jv_object(&ld->jv, o, keys));
		NP_TRY(np_jv_string(&ld->jv, o, "id", &a->id));
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->adjustments[j].id, a->id) == 0)
				return np_jv_fail(&ld->jv, "duplicate adjustment '%s'", a->id);
		NP_TRY(load_when(ld, o, a));
		NP_TRY(load_limit(ld, o, a));
		NP_TRY(np_jv_string(&ld->jv, o, "message", &a->message));
		NP_TRY(np_ld_sources(ld, o, "sources", &a->sources));
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, mark);
	return 0;
}

int np_pack_load_limits(struct np_loader *ld, const json_t *root)
{
	NP_TRY(load_evaluated(ld, root));
	return load_adjustments(ld, root);
}
