/* Look-ups into a loaded pack, the names of its enumerations, and freeing it. */
#include "pack_internal.h"

#include <stdlib.h>
#include <string.h>

void np_pack_free(struct np_pack *pack)
{
	if (pack == NULL)
		return;
	struct np_pack_internal *in = pack->internal;
	if (in != NULL) {
		json_decref(in->root);
		np_arena_release(&in->arena);
		free(in);
	}
	free(pack);
}

const json_t *np_pack_document(const struct np_pack *pack)
{
	const struct np_pack_internal *in = pack->internal;
	return in->root;
}

#define FIND(array, count, id)                                                                     \
	do {                                                                                       \
		for (size_t i_ = 0; i_ < (count); i_++)                                            \
			if ((array)[i_].id != NULL && strcmp((array)[i_].id, (id)) == 0)           \
				return &(array)[i_];                                               \
		return NULL;                                                                       \
	} while (0)

const struct np_zone *np_pack_zone(const struct np_pack *pack, const char *id)
{
	FIND(pack->zones, pack->n_zones, id);
}

const struct np_indication *np_pack_indication(const struct np_pack *pack, const char *id)
{
	FIND(pack->indications, pack->n_indications, id);
}

const struct np_setting *np_pack_setting(const struct np_pack *pack, const char *id)
{
	FIND(pack->settings, pack->n_settings, id);
}

const struct np_skin *np_pack_skin(const struct np_pack *pack, const char *id)
{
	FIND(pack->skins, pack->n_skins, id);
}

const struct np_consent_form *np_pack_consent_form(const struct np_pack *pack, const char *id)
{
	FIND(pack->records.consent_forms, pack->records.n_consent_forms, id);
}

const struct np_scale *np_pack_scale(const struct np_pack *pack, const char *id)
{
	FIND(pack->scales, pack->n_scales, id);
}

const struct np_source *np_pack_source(const struct np_pack *pack, const char *id)
{
	FIND(pack->sources, pack->n_sources, id);
}

const struct np_term *np_pack_term(const struct np_pack *pack, enum np_vocab vocab, const char *id)
{
	FIND(pack->vocab[vocab], pack->n_vocab[vocab], id);
}

const struct np_rest_step *np_pack_rest_for(const struct np_pack *pack, double depth_mm)
{
	for (size_t i = 0; i < pack->n_rest; i++)
		if (depth_mm <= pack->rest[i].up_to_mm + 1e-9)
			return &pack->rest[i];
	return NULL;
}

bool np_indication_treats(const struct np_indication *indication, const struct np_zone *zone)
{
	for (size_t i = 0; i < indication->n_regions; i++)
		if (strcmp(indication->regions[i], zone->region) == 0)
			return true;
	return false;
}

const struct np_rest_step *np_rest_for(const struct np_pack *pack, const struct np_zone *zone,
                                       const struct np_indication *indication, double depth_mm,
                                       bool *overridden, bool *beyond)
{
	const struct np_rest_step *step = np_pack_rest_for(pack, depth_mm);
	bool past = step == NULL;
	if (past)
		step = &pack->rest[pack->n_rest - 1];
	bool shorter = indication && indication->has_rest_override &&
	               np_indication_treats(indication, zone) &&
	               depth_mm <= indication->rest_override.up_to_mm + 1e-9 &&
	               indication->rest_override.rest_days < step->rest_days;
	if (overridden)
		*overridden = shorter;
	if (beyond)
		*beyond = past;
	return shorter ? &indication->rest_override : step;
}

void np_setting_zone_range(const struct np_setting *setting, const struct np_zone *zone,
                           double out[2])
{
	out[0] = setting->zone_floor_mm > 0 ? setting->zone_floor_mm : zone->depth_mm[0];
	out[1] =
	    zone->depth_mm[1] < setting->depth_cap_mm ? zone->depth_mm[1] : setting->depth_cap_mm;
}

bool np_anaesthetic_allowed(const struct np_pack *pack, const struct np_zone *zone)
{
	const struct np_anaesthetic *a = &pack->session.anaesthetic;
	for (size_t i = 0; i < a->n_regions; i++)
		if (strcmp(a->regions[i], zone->region) == 0)
			return true;
	return false;
}

const char *np_scale_label(const struct np_scale *scale, double value)
{
	double at = value - scale->min;
	if (scale->n_labels == 0 || at < 0 || at != (double)(size_t)at ||
	    (size_t)at >= scale->n_labels)
		return NULL;
	return scale->labels[(size_t)at];
}

static const char *const device_names[NP_DEVICE_COUNT] = {"pen", "roller", "stamp", "rf"};

int np_pack_device(const char *id)
{
	for (int d = 0; d < NP_DEVICE_COUNT; d++)
		if (strcmp(device_names[d], id) == 0)
			return d;
	return -1;
}

const char *np_device_name(enum np_device device)
{
	return device_names[device];
}

enum np_tier np_sources_tier(const struct np_sources *sources)
{
	return sources->n ? sources->v[0]->tier : NP_TIER_EDITORIAL;
}

const char *np_tier_name(enum np_tier tier)
{
	static const char *const names[NP_TIER_COUNT] = {"label",   "trial",    "series", "review",
	                                                 "lab",     "clinic",   "vendor", "seed",
	                                                 "derived", "editorial"};
	return names[tier];
}

const char *np_decision_name(enum np_decision decision)
{
	static const char *const names[] = {"proceed", "caution", "defer", "decline"};
	return names[decision];
}

const char *np_vocab_name(enum np_vocab vocab)
{
	static const char *const names[NP_VOCAB_COUNT] = {"conditions", "medications", "procedures",
	                                                  "allergies", "zone_findings"};
	return names[vocab];
}

const char *np_vocab_singular(enum np_vocab vocab)
{
	static const char *const names[NP_VOCAB_COUNT] = {"condition", "medication", "procedure",
	                                                  "allergy", "zone finding"};
	return names[vocab];
}

static const char *const refusal_codes[NP_REFUSE_COUNT] = {"screening_missing",
                                                           "screening_stale",
                                                           "screening_declines",
                                                           "screening_defers",
                                                           "caution_unacknowledged",
                                                           "zone_declined",
                                                           "zone_deferred",
                                                           "consent_missing",
                                                           "consent_outdated",
                                                           "rest",
                                                           "depth_over_cap",
                                                           "depth_out_of_range",
                                                           "passes_out_of_range",
                                                           "device_forbidden",
                                                           "device_unknown",
                                                           "device_mismatch",
                                                           "unit_reused",
                                                           "unit_other_client",
                                                           "unit_worn_out",
                                                           "lot_expired",
                                                           "lot_recalled",
                                                           "adverse_event_open",
                                                           "not_sterilised",
                                                           "course_complete",
                                                           "anaesthetic",
                                                           "device_contraindicated",
                                                           "product_not_from_stock",
                                                           "product_not_sterile"};

const char *np_refusal_code_name(enum np_refusal_code code)
{
	return refusal_codes[code];
}

int np_refusal_code(const char *name)
{
	for (int c = 0; c < NP_REFUSE_COUNT; c++)
		if (strcmp(refusal_codes[c], name) == 0)
			return c;
	return -1;
}

const char *np_override_name(enum np_override_by who)
{
	return who == NP_OVERRIDE_PRACTITIONER ? "practitioner"
	       : who == NP_OVERRIDE_ADMIN      ? "admin"
	                                       : "never";
}
