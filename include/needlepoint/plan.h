/* Planning by facial map: zones in the documented order, a depth per zone within its safe range and
 * the setting's cap, passes, pattern, and the course of sessions. */
#ifndef NEEDLEPOINT_PLAN_H
#define NEEDLEPOINT_PLAN_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"
#include "needlepoint/screen.h"

#include <jansson.h>

struct np_plan_target {
	const struct np_indication *indication;
	const struct np_zone **zones;
	size_t n_zones;
};

/* A depth the practitioner chose for a zone of a target, instead of the pack's recommendation;
 * reading the request holds it within the zone's range and the setting's cap. */
struct np_plan_depth {
	const struct np_zone *zone;
	double depth_mm;
};

/* A plan request, checked against the pack; everything points into the pack. */
struct np_plan_request {
	const struct np_setting *setting;
	enum np_device device;
	const struct np_skin *skin;
	int fitzpatrick;          /* from the intake when one is given */
	struct np_intake *intake; /* the client's health history, or NULL; owned by the request */
	np_day start;
	struct np_plan_target *targets; /* the first is the primary indication */
	size_t n_targets;
	const struct np_zone **excluded; /* zones screening excluded */
	size_t n_excluded;
	struct np_plan_depth *depths; /* chosen depths, none by default */
	size_t n_depths;
	void *internal;
};

/* Read a plan request (docs/json.md). It needs the client's skin type: an "intake" (screened on
 * the start day, and obeyed) or at least "fitzpatrick"; neither is NP_EINVAL, never a default.
 * NP_EINVAL names the path and value on bad input. The caller owns *out (np_plan_request_free); it
 * refers to pack, which must outlive it. */
int np_plan_request_from_json(struct np_plan_request **out, const struct np_pack *pack,
                              const json_t *json);
void np_plan_request_free(struct np_plan_request *request);

enum np_depth_step {
	NP_DEPTH_RAISED_TO_ZONE = 1 << 0,  /* below the zone's range: raised to its minimum */
	NP_DEPTH_LOWERED_TO_ZONE = 1 << 1, /* above the zone's range: lowered to its maximum */
	NP_DEPTH_CAPPED = 1 << 2,          /* lowered to the setting's cap */
	NP_DEPTH_EASED = 1 << 3,           /* lowered towards the setting's recommended depth */
	NP_DEPTH_SKIN_SHIFTED = 1 << 4,    /* moved for the skin's thickness */
	NP_DEPTH_CHOSEN = 1 << 5,          /* the practitioner's choice, within range and cap */
	NP_DEPTH_ADJUSTED = 1 << 6,        /* lowered by an adjustment the screening triggered */
	NP_DEPTH_EVALUATED = 1 << 7,       /* lowered to the deepest setting the device was
	                                      evaluated at: only a practitioner goes deeper */
};

struct np_plan_zone {
	const struct np_zone *zone;
	const struct np_indication *indication;
	double target_mm;      /* the indication's target after the skin shift */
	double depth_mm;       /* what the plan recommends, or the practitioner chose */
	double recommended_mm; /* the pack's recommendation, when the practitioner chose */
	unsigned steps;        /* enum np_depth_step: how the target became the depth */
	double range_mm[2];    /* what the setting allows on the zone */
	const struct np_adjustment *adjusted; /* with NP_DEPTH_ADJUSTED */
	bool beyond_evaluated;                /* deeper than the device was evaluated at */
	int passes;
	const char *pattern;
	const struct np_rest_step *rest; /* the rest the depth needs (an override when used) */
	bool rest_overridden;
	int ladder_rest_days; /* the ladder's rest for the depth, for comparison */
};

enum np_exclusion {
	NP_EXCLUDED_SCREENING, /* screening excluded the zone */
	NP_EXCLUDED_DEVICE,    /* the device may not touch the zone */
	NP_EXCLUDED_DEPTH,     /* the setting's cap is below the zone's shallowest depth */
	NP_EXCLUDED_ADJUSTMENT /* the screening rules the device out there (RF over metal) */
};

struct np_plan_excluded {
	const struct np_zone *zone;
	enum np_exclusion why;
	const struct np_adjustment *adjustment; /* with NP_EXCLUDED_ADJUSTMENT */
};

struct np_plan_warning {
	const char *code;
	const char *message; /* owned by the plan */
	const struct np_sources *sources;
};

struct np_plan {
	const struct np_pack *pack;
	const struct np_setting *setting;
	enum np_device device;
	const struct np_skin *skin;
	int fitzpatrick; /* the client's skin type, from the intake or the request */
	const struct np_indication *primary;
	const struct np_indication **indications; /* every target's, in request order, once each */
	size_t n_indications;
	bool course;       /* the setting counts sessions; false: a home routine, counted in uses */
	int sessions;      /* 0 for a routine */
	int interval_days; /* for a routine: the rest between uses */
	np_day *dates;
	np_day reviews[4]; /* outcome reviews after the last session */
	size_t n_reviews;
	int anaesthetic_minutes;                    /* 0: no numbing cream */
	const struct np_adjustment *no_anaesthetic; /* why not, or NULL */
	const struct np_adjustment **adjustments;   /* every adjustment that limited the plan */
	size_t n_adjustments;
	const struct np_screening *screening; /* of the intake on the start day, or NULL */
	struct np_plan_zone *zones;           /* in the order of work */
	size_t n_zones;
	struct np_plan_excluded *excluded; /* in the order of work */
	size_t n_excluded;
	struct np_plan_warning *warnings;
	size_t n_warnings;
	void *internal;
};

/* Build a plan. The caller owns *out (np_plan_free); it refers to the pack, not to request. */
int np_plan_build(struct np_plan **out, const struct np_pack *pack,
                  const struct np_plan_request *request);
void np_plan_free(struct np_plan *plan);

/* The plan as the JSON contract, as compact text the caller frees (NULL when out of memory):
 * written straight from the plan, for an answer that needs no tree. */
char *np_plan_json(const struct np_plan *plan);
/* The same as a tree; a new reference the caller owns, NULL when out of memory. */
json_t *np_plan_to_json(const struct np_plan *plan);

/* Why a zone has its depth, as sentences naming rules and sources: up to max lines into lines,
 * each written into its own buffer of size bytes. Returns the number of lines. */
size_t np_plan_zone_why(const struct np_plan *plan, const struct np_plan_zone *pz,
                        char lines[][200], size_t max);

#endif
