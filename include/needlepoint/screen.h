/* Screening: a health history (intake) in, a decision out, each finding with its rule and sources.
 */
#ifndef NEEDLEPOINT_SCREEN_H
#define NEEDLEPOINT_SCREEN_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"

#include <jansson.h>

struct np_medication_entry {
	const struct np_term *term;
	np_day last_dose; /* NP_DAY_NONE: still taking it */
};

struct np_procedure_entry {
	const struct np_term *term;
	np_day date;
};

struct np_zone_finding {
	const struct np_zone *zone;
	const struct np_term *finding;
};

/* A free-text entry the vocabulary does not hold: a practitioner must review it. */
struct np_unlisted {
	enum np_vocab kind; /* conditions, medications or allergies */
	const char *text;
};

/* A health history, checked against the pack's vocabulary. Terms and zones point into the pack. */
struct np_intake {
	np_day birth_date;
	int fitzpatrick;
	bool pregnant, breastfeeding;
	const struct np_term **conditions;
	size_t n_conditions;
	struct np_medication_entry *medications;
	size_t n_medications;
	struct np_procedure_entry *procedures;
	size_t n_procedures;
	const struct np_term **allergies;
	size_t n_allergies;
	struct np_zone_finding *zone_findings;
	size_t n_zone_findings;
	struct np_unlisted *unlisted; /* "other": what the vocabulary has no word for */
	size_t n_unlisted;
	void *internal;
};

/* Read an intake (the JSON contract in docs/json.md). On bad input returns NP_EINVAL with the
 * path and value named (`conditions[1]: unknown condition 'keloids'`). The caller owns *out and
 * frees it with np_intake_free; it refers to pack, which must outlive it. */
int np_intake_from_json(struct np_intake **out, const struct np_pack *pack, const json_t *json);
void np_intake_free(struct np_intake *intake);

struct np_finding {
	const struct np_rule *rule;
	enum np_decision decision;
	np_day until; /* a dated deferral; NP_DAY_NONE when it lasts until something resolves */
	const struct np_zone **zones; /* excluded zones for a zone finding; concerned zones else */
	size_t n_zones;
	bool zone_scoped;                    /* a zone finding: it concerns only its zones */
	const struct np_unlisted **unlisted; /* with an "unlisted" rule: the entries to review */
	size_t n_unlisted;
};

struct np_screening {
	np_day on;
	enum np_decision decision;
	np_day until;                /* the latest dated deferral, or NP_DAY_NONE */
	struct np_finding *findings; /* strongest first, then in the pack's rule order */
	size_t n_findings;
	const struct np_zone **excluded; /* deferred or declined zones, in the pack's zone order */
	size_t n_excluded;
	const struct np_pack *pack;
	void *internal;
};

/* Screen an intake on a day. A procedure dated after the day is NP_EINVAL: the intake is wrong,
 * not a reason to defer. The caller owns *out (np_screening_free); it refers to pack. */
int np_screen_run(struct np_screening **out, const struct np_pack *pack,
                  const struct np_intake *intake, np_day on);
void np_screening_free(struct np_screening *screening);

/* The screening as the JSON contract, as compact text the caller frees (NULL when out of
 * memory): written straight from the screening, for an answer that needs no tree. */
char *np_screening_json(const struct np_screening *screening);
/* The same as a tree; a new reference the caller owns, NULL when out of memory. */
json_t *np_screening_to_json(const struct np_screening *screening);

#endif
