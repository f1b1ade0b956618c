/* Shared by the planner's files: the plan in the making. */
#ifndef NP_PLAN_INTERNAL_H
#define NP_PLAN_INTERNAL_H

#include "arena.h"
#include "needlepoint/plan.h"

struct builder {
	struct np_plan *plan;
	struct np_arena *arena;
	const struct np_pack *pack;
	const struct np_plan_request *request;
	size_t max_warnings;
	struct np_screening *screening; /* of the request's intake, or NULL; owned here */
	bool *triggered;                /* per pack rule: the client's screening triggered it */
	bool client_refused;            /* the screening declines or defers the whole client */
	np_day start;                   /* the request's, or the end of a dated deferral */
};

int np_plan_warn(struct builder *b, const char *code, const struct np_sources *sources,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Screen the request's intake on the start day (or take the skin type alone) and note the rules
 * it triggers; a declining or open deferral excludes every zone, a dated one moves the start. */
int np_plan_screen(struct builder *b);

/* The adjustment that limits the depth of a zone treated for an indication, or NULL. */
const struct np_adjustment *np_plan_depth_limit(const struct builder *b,
                                                const struct np_indication *indication);

/* The adjustment that rules the plan's device out on a zone, or NULL. */
const struct np_adjustment *np_plan_zone_refusal(const struct builder *b,
                                                 const struct np_zone *zone);

/* Whether the screening zone-excludes the zone (a deferral or a decline of the zone). */
bool np_plan_zone_screened_out(const struct builder *b, const struct np_zone *zone);

/* Numbing cream: the pack's minutes, or none when an adjustment says so. */
void np_plan_anaesthetic(struct builder *b);

/* Record that an adjustment limited the plan (once). */
int np_plan_applied(struct builder *b, const struct np_adjustment *a);

#endif
