/* A session record as a practitioner proposes it (docs/records.md), and an override: read and
 * checked against the pack before anything decides whether it may go ahead (needlepoint/gate.h). */
#ifndef NEEDLEPOINT_SESSION_H
#define NEEDLEPOINT_SESSION_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* An override: the refusal codes it lifts, by name, and the practitioner's reason. */
struct np_override {
	bool present;
	bool codes[NP_REFUSE_COUNT];
	const char *reason;
};

/* Read "override": {"codes": ["rest", ...], "reason": "..."} from obj (absent: not present). The
 * codes must be the pack's, the reason at least the pack's refusals.reason_min_chars characters
 * and more than punctuation or one thing repeated; NP_EINVAL names the field. Strings point into
 * obj. */
int np_override_from_json(struct np_override *out, const struct np_pack *pack, const json_t *obj);

struct np_session_zone {
	const struct np_zone *zone;
	double depth_mm;
	int passes;
	const char *pattern; /* or NULL */
};

struct np_session_product {
	const char *name, *lot;
};

/* A session to log. Strings point into the JSON it was read from, which must outlive it. */
/* What an energy-based (RF) session records besides depth and passes. */
struct np_energy {
	bool present;
	double level;            /* on the device's own scale */
	int pulse_ms;            /* pulse duration */
	const char *needle_type; /* one of the device's needle types */
};

struct np_session {
	np_day date;
	const struct np_indication *indication; /* NULL when not named (the plan's, if any) */
	int64_t plan, device, unit; /* record ids; 0 when not named (unit is required) */
	struct np_session_zone *zones;
	size_t n_zones;
	struct np_session_product *products;
	size_t n_products;
	int anaesthetic_minutes;
	struct np_energy energy;
	const char *endpoint, *reactions; /* or NULL */
	bool sterilised_before, sterilised_after;
	double deepest_mm;
	struct np_override override;
	void *internal;
};

/* Read a session (docs/records.md). NP_EINVAL names the field and value on bad input. The caller
 * owns *out (np_session_free); it refers to the pack and to json. */
int np_session_from_json(struct np_session **out, const struct np_pack *pack, const json_t *json);
void np_session_free(struct np_session *session);

#endif
