/* The safety gate: whether a session, a booking or a plan may go ahead, decided once, here.
 *
 * Pure functions: the facts of the client's record (gathered by the store in one read, or read
 * from JSON by np_gate_facts_from_json) and a proposal in, the complete list of refusals out,
 * each with its code, the zone and input field it concerns, a sentence in a practitioner's words,
 * the pack rule and sources it rests on, and who may override it (the pack's refusals section).
 * An override lifts a refusal only when it names the refusal's code and the actor may lift it;
 * a refusal the pack marks "never" stands whatever is said. No SQL, no I/O, no clock: "today" is
 * one of the facts. */
#ifndef NEEDLEPOINT_GATE_H
#define NEEDLEPOINT_GATE_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"
#include "needlepoint/plan.h"
#include "needlepoint/schedule.h"
#include "needlepoint/session.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* How far an actor may override: the front desk not at all, a practitioner (or the person at home,
 * for their own log) what the pack gives practitioners, an admin also what it gives admins. */
enum np_authority { NP_AUTHORITY_NONE, NP_AUTHORITY_PRACTITIONER, NP_AUTHORITY_ADMIN };

/* A finding of the screening in force, as it was stored (its rule may be of an older pack). */
struct np_gate_finding {
	const char *rule;
	enum np_decision decision;
	np_day until; /* NP_DAY_NONE: until it resolves */
	bool zone_scoped;
	const struct np_zone **zones;
	size_t n_zones;
	const char *message;
	const char **sources;
	size_t n_sources;
};

/* The client's latest screening. */
struct np_gate_screening {
	np_day on;
	bool acknowledged;  /* a caution a practitioner acknowledged */
	bool latest_intake; /* made on the client's latest health history */
	struct np_gate_finding *findings;
	size_t n_findings;
};

/* A signed consent: its form, the form's version, and the days it holds. */
struct np_gate_consent {
	const char *form, *version;
	np_day signed_on, expires_on;
};

/* The needle unit (cartridge, roller, stamp head) a session takes, with its lot. */
struct np_gate_unit {
	int seq; /* its number within the lot */
	const char *lot, *product;
	int kind; /* enum np_device the lot is for, or -1 when the lot does not say */
	np_day expires;
	bool single_use;
	const char *recalled; /* the recall's reason, or NULL */
	int uses;
	const int64_t *clients; /* the clients it was used on */
	size_t n_clients;
};

/* A product a session names (glide, serum), as the stock knows it. */
struct np_gate_product {
	const char *name, *lot; /* as the session names it */
	bool in_stock;          /* a product lot of the stock has this lot number */
	bool sterile;           /* the stock says the lot is sterile */
	np_day expires;         /* with in_stock */
	const char *recalled;   /* the recall's reason, or NULL */
};

struct np_gate_event {
	const char *type;
	np_day onset;
};

/* The plan a session or a booking belongs to. */
struct np_gate_plan {
	const struct np_indication *indication;
	int sessions, done, booked; /* planned; logged; booked after the last one logged */
	const struct np_zone **zones;
	size_t n_zones;
};

/* Everything the gate knows of a client's record on a day. Borrowed throughout. */
struct np_gate_facts {
	np_day today;
	const struct np_setting *setting;
	enum np_authority authority; /* of who acts */
	bool front_desk; /* who acts is the front desk (its view of a booking is reduced) */
	int64_t client;
	const struct np_gate_screening *screening; /* NULL: never screened */
	const struct np_gate_consent *consents;
	size_t n_consents;
	const struct np_history *history;       /* the client's sessions, for rest */
	const struct np_gate_unit *unit;        /* the unit a session takes */
	int device;                             /* enum np_device of the device named, or -1 */
	const struct np_gate_product *products; /* the session's products, in its order */
	size_t n_products;
	const struct np_gate_event *events; /* open adverse events */
	size_t n_events;
	const struct np_gate_plan *plan; /* NULL: none */
};

struct np_refusal {
	enum np_refusal_code code;
	const struct np_zone *zone; /* NULL: the whole proposal */
	const char *field;          /* the input field it concerns ("zones[1].depth_mm"), or NULL */
	const char *message;        /* a practitioner's sentence: names, dates, no codes */
	const char *rule;           /* the pack rule it rests on ("rest", a screening rule's id) */
	const char **sources;       /* source ids */
	size_t n_sources;
	enum np_override_by who; /* who may override it */
	bool lifted;             /* an override named it and the actor may lift it */
	np_day until;            /* the first day it no longer stands; NP_DAY_NONE when no date */
};

enum np_gate_decision { NP_GATE_GO, NP_GATE_OVERRIDDEN, NP_GATE_REFUSED };

struct np_gate_result {
	enum np_gate_decision decision;
	struct np_refusal *refusals; /* every one, in the order of the checks and of the zones */
	size_t n_refusals;
	np_day earliest; /* refused: the first day every refusal has cleared, or NP_DAY_NONE */
	void *internal;
};

/* A booking: the day, and the zones of the plan it books. */
struct np_gate_booking {
	np_day date;
	const struct np_override *override;
};

/* Whether a session may be logged. The caller owns *out (np_gate_free). */
int np_gate_session(struct np_gate_result **out, const struct np_pack *pack,
                    const struct np_gate_facts *facts, const struct np_session *session);
/* Whether the next session of facts->plan (or a consultation, without one) may be booked. */
int np_gate_booking(struct np_gate_result **out, const struct np_pack *pack,
                    const struct np_gate_facts *facts, const struct np_gate_booking *booking);
/* The clinic's today bounds the days a proposal may have: a clinical record (a session, a
 * screening, a consent, an adverse event's onset, an outcome) is not dated after it, so no check
 * can be met in advance; a booking is not before it. NP_EINVAL naming field otherwise. */
int np_gate_record_day(const char *field, np_day day, np_day today);
int np_gate_booking_day(const char *field, np_day day, np_day today);

/* Whether a unit (facts->unit) could serve a session on facts->today, before knowing whom for
 * (facts->client 0): its own refusals only: single use and used, worn out, expired, recalled. */
int np_gate_unit(struct np_gate_result **out, const struct np_pack *pack,
                 const struct np_gate_facts *facts);
/* Whether products (facts->products) may touch open channels on facts->today: from stock,
 * sterile, not expired, not recalled, when the pack asks for it. */
int np_gate_products(struct np_gate_result **out, const struct np_pack *pack,
                     const struct np_gate_facts *facts);
/* Whether a plan the engine built may be kept for the client. */
int np_gate_plan(struct np_gate_result **out, const struct np_pack *pack,
                 const struct np_gate_facts *facts, const struct np_plan *plan,
                 const struct np_override *override);
void np_gate_free(struct np_gate_result *result);

/* The refusals as the JSON contract: [{"code", "zone", "field", "message", "rule", "sources",
 * "override"}]. For the front desk (facts->front_desk) one refusal says only when a booking may
 * be made ("not bookable before DATE; a practitioner can tell you why"). A new reference. */
json_t *np_gate_refusals_json(const struct np_gate_result *result, bool front_desk);
/* {"decision": "go"|"overridden"|"refused", "refusals": [...], "earliest": DATE|null}. */
json_t *np_gate_to_json(const struct np_gate_result *result, bool front_desk);

/* A refusal as an error: NP_EREFUSED with a one-line summary ("the session was refused: 2
 * reasons") and the refusals as the error's detail (np_error_refusals). what: "session". */
int np_gate_refuse(const struct np_gate_result *result, const char *what, bool front_desk);

/* Facts and a proposal from JSON (docs/json.md, "gate"), for the golden tests and for
 * 'needlepoint gate'. The caller owns *out (np_gate_input_free), which holds a reference to the
 * JSON it was read from. */
struct np_gate_input {
	struct np_gate_facts facts;
	struct np_session *session; /* one of the three proposals */
	struct np_gate_booking *booking;
	struct np_plan *plan;
	struct np_override plan_override;
	struct np_history *history; /* the facts' sessions, owned */
	json_t *json;               /* the document read, held */
	void *internal;
};
int np_gate_input_from_json(struct np_gate_input **out, const struct np_pack *pack,
                            const json_t *json);
/* The facts alone ({"today", "setting", "as", ...}, the value of "facts" above), for a caller
 * that holds its proposal already: the records. No proposal is set. */
int np_gate_facts_from_json(struct np_gate_input **out, const struct np_pack *pack,
                            const json_t *facts);
void np_gate_input_free(struct np_gate_input *input);
/* Run the gate on an input read so. */
int np_gate_run(struct np_gate_result **out, const struct np_pack *pack,
                const struct np_gate_input *input);

#endif
