/* The protocol pack: the treatment's clinical knowledge as data, loaded strictly from JSON.
 *
 * Every number the engine uses comes from here, each with the sources it rests on. A pack is
 * immutable once loaded; everything it points to (strings included) lives until np_pack_free. */
#ifndef NEEDLEPOINT_PACK_H
#define NEEDLEPOINT_PACK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Evidence tiers, strongest first. */
enum np_tier {
	NP_TIER_LABEL,     /* FDA clearance, device labelling, regulator advisory */
	NP_TIER_TRIAL,     /* clinical trial, randomised or not */
	NP_TIER_SERIES,    /* case series, retrospective study */
	NP_TIER_REVIEW,    /* systematic or narrative review */
	NP_TIER_LAB,       /* animal or bench study */
	NP_TIER_CLINIC,    /* a clinic's or dermatologist's protocol */
	NP_TIER_VENDOR,    /* device maker's protocol, supplier chart, blog */
	NP_TIER_SEED,      /* one of the seed documents */
	NP_TIER_DERIVED,   /* arithmetic from other sourced numbers */
	NP_TIER_EDITORIAL, /* needlepoint's own conservative choice where no source gives a number
	                    */
	NP_TIER_COUNT
};

/* RF is radiofrequency microneedling: needles that deliver energy as well as punctures. */
enum np_device { NP_DEVICE_PEN, NP_DEVICE_ROLLER, NP_DEVICE_STAMP, NP_DEVICE_RF, NP_DEVICE_COUNT };

/* Screening decisions, weakest first, so that the strongest is the largest. */
enum np_decision { NP_PROCEED, NP_CAUTION, NP_DEFER, NP_DECLINE };

/* The kinds of term an intake may hold, each with its vocabulary in the pack. */
enum np_vocab {
	NP_VOCAB_CONDITIONS,
	NP_VOCAB_MEDICATIONS,
	NP_VOCAB_PROCEDURES,
	NP_VOCAB_ALLERGIES,
	NP_VOCAB_ZONE_FINDINGS,
	NP_VOCAB_COUNT
};

/* A source as a reviewer finds it: who (authors or a body), what (title), where (venue or URL),
 * when (year, or "n.d." for an undated page). citation is composed from them at load. */
struct np_source {
	const char *id;
	const char *citation;
	enum np_tier tier;
	const char *authors; /* or NULL when a body published it */
	const char *body;    /* or NULL */
	const char *title;
	const char *venue; /* journal, regulator's series, manual; or NULL with a URL */
	const char *url;   /* or NULL */
	const char *year;  /* "2014", or "n.d." */
	const char *note;  /* what the pack takes from it, or NULL */
};

/* A list of sources; the first is the one a chosen value rests on. */
struct np_sources {
	const struct np_source **v;
	size_t n;
};

struct np_term {
	const char *id;
	const char *name;
};

struct np_device_info {
	const char *id;
	const char *name;
	int passes; /* the passes a plan recommends */
	int passes_range[2];
	/* energy-based devices: what each session records besides depth and passes */
	bool energy;
	double energy_level_range[2]; /* on the device's own scale */
	int pulse_ms_range[2];
	const char **needle_types;
	size_t n_needle_types;
	struct np_sources sources;
};

struct np_setting {
	const char *id;
	const char *name;
	double depth_cap_mm;
	double recommended_mm; /* a gentler ceiling advised within the cap, or 0 for none */
	double zone_floor_mm;  /* replaces every zone's shallowest depth (home rollers), or 0 */
	bool course;           /* sessions form a course; false: a routine, counted in uses */
	unsigned devices;      /* bit (1u << enum np_device) per device allowed */
	struct np_sources sources;
};

struct np_skin {
	const char *id;
	double shift_mm; /* added to the indication's target before clamping */
	struct np_sources sources;
};

struct np_zone {
	const char *id;
	const char *name;
	const char *region;
	int order; /* place in the facial-mapping order, 1 first */
	double depth_mm[2];
	unsigned devices;
	const char *pattern[NP_DEVICE_COUNT]; /* motion pattern per allowed device, else NULL */
	const char *note;                     /* technique note, or NULL */
	const char *outline;                  /* SVG path data of the map outline */
	double label[2];                      /* where the map writes the zone's label */
	struct np_sources sources;
};

struct np_rest_step {
	double up_to_mm;
	int rest_days;
	struct np_sources sources;
};

struct np_indication {
	const char *id;
	const char *name;
	const char **regions;
	size_t n_regions;
	double target_mm;
	double target_range_mm[2];
	int sessions;
	int sessions_range[2];
	int interval_days;
	int interval_range_days[2];
	bool has_rest_override; /* a stronger source allows a shorter rest */
	struct np_rest_step rest_override;
	const char *note; /* dissent or caveat shown with every plan, or NULL */
	struct np_sources sources;
};

enum np_trigger_kind {
	NP_TRIGGER_PREGNANT,
	NP_TRIGGER_BREASTFEEDING,
	NP_TRIGGER_AGE,
	NP_TRIGGER_FITZPATRICK,
	NP_TRIGGER_TERMS,   /* any of terms, of one vocabulary */
	NP_TRIGGER_UNLISTED /* any free-text entry the vocabulary does not hold */
};

enum np_window_unit { NP_WINDOW_NONE, NP_WINDOW_DAYS, NP_WINDOW_MONTHS };

struct np_rule {
	const char *id;
	enum np_trigger_kind kind;
	enum np_vocab vocab; /* with NP_TRIGGER_TERMS */
	const struct np_term **terms;
	size_t n_terms;
	int age_from, age_under; /* with NP_TRIGGER_AGE: from <= age < under */
	int fitzpatrick_from;    /* with NP_TRIGGER_FITZPATRICK */
	enum np_decision decision;
	enum np_window_unit window_unit;
	int window;                        /* days or months after the event (or the screening) */
	int window_range[2];               /* the range the sources give, in the same unit */
	enum np_window_unit inactive_unit; /* a rule without a window stops applying this long */
	int inactive_after;                /* after a medicine's last dose; NONE: it never stops */
	const struct np_zone **zones;      /* the zones a whole-client rule concerns most, if any */
	size_t n_zones;
	const char *message;
	struct np_sources sources;
};

struct np_checklist_item {
	const char *id;
	const char *text;
	struct np_sources sources;
};

/* Topical anaesthetic: how long it stays on, and where it may go without a physician. */
struct np_anaesthetic {
	int minutes;
	int range_minutes[2];
	int max_minutes;
	const char **regions; /* the regions it may cover unless a physician supervises */
	size_t n_regions;
	const char *limit; /* the advisory's reason, said with every refusal */
	struct np_sources sources;
};

/* What may touch open channels during needling: with from_stock, only a sterile product from a
 * lot in stock (never a cosmetic or vitamin C serum); text says why. */
struct np_product_rules {
	bool from_stock;
	const char *text;
	struct np_sources sources;
};

struct np_session_rules {
	struct np_checklist_item *checklist;
	size_t n_checklist;
	struct np_anaesthetic anaesthetic;
	struct np_product_rules products;
	int duration_minutes[2];
	const char *endpoint;
	const char *glide;
	struct np_sources sources;
};

struct np_home_rules {
	int roller_replace_after_uses;
	const char *sterilise;
	struct np_sources sources;
};

struct np_redness_step {
	double up_to_mm;
	int days[2];
	struct np_sources sources;
};

struct np_activity_step {
	double up_to_mm;
	int day;
};

struct np_activity {
	const char *id;
	const char *avoid;  /* said on day 0 */
	const char *resume; /* said on the day it is allowed again */
	struct np_activity_step *ladder;
	size_t n_ladder;
	struct np_sources sources;
};

struct np_timeline_entry {
	int day;
	unsigned devices; /* the devices it applies to */
	const char **do_items;
	size_t n_do;
	const char **avoid_items;
	size_t n_avoid;
	struct np_sources sources;
};

struct np_warning_sign {
	const char *text;
	unsigned devices; /* the devices it applies to */
	struct np_sources sources;
};

struct np_aftercare {
	struct np_redness_step *redness;
	size_t n_redness;
	struct np_activity *activities;
	size_t n_activities;
	int spf_from_day, spf_until_day; /* daily SPF from one day to the other */
	const char *spf_text;
	const char *spf_end_text;
	struct np_sources spf_sources;
	struct np_timeline_entry *timeline;
	size_t n_timeline;
	struct np_warning_sign *warning_signs;
	size_t n_warning_signs;
};

struct np_scale {
	const char *id;
	const char *name;
	double min, max;
	const char **labels; /* one per whole value from min, or none */
	size_t n_labels;
	const char *better; /* "lower", "higher" or "neither" (a type, not a grade) */
	struct np_sources sources;
};

/* A consent form a client signs; its text is what they read, versioned with the pack. */
struct np_consent_form {
	const char *id;
	const char *title;
	const char *version;
	int valid_months; /* the signature is due again after this */
	unsigned devices; /* also required before a session with these devices; 0: only if named */
	const char *text;
	struct np_sources sources;
};

/* What the records need from the pack: the consents, and how long a screening stays current. */
struct np_records {
	int screening_valid_days;
	struct np_consent_form *consent_forms;
	size_t n_consent_forms;
	const struct np_consent_form *required_consent; /* needed before every session */
	int review_months[4]; /* outcome reviews this many months after a course's last session */
	size_t n_review_months;
	struct np_sources review_sources;
	struct np_sources sources;
};

/* A depth past which the cleared device was not evaluated: a notice, not a refusal. */
struct np_depth_notice {
	double over_mm;
	const char *text;
	struct np_sources sources;
};

/* How a screening changes a plan: when the client's screening triggered one of rules (and the
 * plan treats one of indications, with one of devices, when listed), the plan is limited. */
enum np_adjust_kind {
	NP_ADJUST_DEPTH,          /* no deeper than depth_mm on the indication's zones */
	NP_ADJUST_NO_ANAESTHETIC, /* no numbing cream */
	NP_ADJUST_REFUSED,        /* the device may not be used on this client at all */
	NP_ADJUST_ZONES,          /* the device may not be used on the finding's zones */
};

struct np_adjustment {
	const char *id;
	const struct np_rule **rules;
	size_t n_rules;
	const struct np_indication **indications; /* none: any */
	size_t n_indications;
	unsigned devices; /* 0: any */
	enum np_adjust_kind kind;
	double depth_mm;
	const char *message;
	struct np_sources sources;
};

/* What the safety gate (needlepoint/gate.h) can refuse: one code per rule it holds. */
enum np_refusal_code {
	NP_REFUSE_SCREENING_MISSING,
	NP_REFUSE_SCREENING_STALE,
	NP_REFUSE_SCREENING_DECLINES,
	NP_REFUSE_SCREENING_DEFERS,
	NP_REFUSE_CAUTION_UNACKNOWLEDGED,
	NP_REFUSE_ZONE_DECLINED,
	NP_REFUSE_ZONE_DEFERRED,
	NP_REFUSE_CONSENT_MISSING,
	NP_REFUSE_CONSENT_OUTDATED,
	NP_REFUSE_REST,
	NP_REFUSE_DEPTH_OVER_CAP,
	NP_REFUSE_DEPTH_OUT_OF_RANGE,
	NP_REFUSE_PASSES_OUT_OF_RANGE,
	NP_REFUSE_DEVICE_FORBIDDEN,
	NP_REFUSE_DEVICE_UNKNOWN,
	NP_REFUSE_DEVICE_MISMATCH,
	NP_REFUSE_UNIT_REUSED,
	NP_REFUSE_UNIT_OTHER_CLIENT,
	NP_REFUSE_UNIT_WORN_OUT,
	NP_REFUSE_LOT_EXPIRED,
	NP_REFUSE_LOT_RECALLED,
	NP_REFUSE_ADVERSE_EVENT_OPEN,
	NP_REFUSE_NOT_STERILISED,
	NP_REFUSE_COURSE_COMPLETE,
	NP_REFUSE_ANAESTHETIC,
	NP_REFUSE_DEVICE_CONTRAINDICATED,
	NP_REFUSE_PRODUCT_NOT_FROM_STOCK,
	NP_REFUSE_PRODUCT_NOT_STERILE,
	NP_REFUSE_COUNT
};

/* Who may override a refusal: a practitioner (or an admin), an admin only, or nobody. At home the
 * person counts as a practitioner for their own log. */
enum np_override_by { NP_OVERRIDE_PRACTITIONER = 1, NP_OVERRIDE_ADMIN = 2, NP_OVERRIDE_NEVER = 3 };

struct np_refusal_rule {
	const char *name; /* what it is, in a practitioner's words: "rest before re-needling" */
	enum np_override_by who; /* who may override it */
};

/* The pack's override policy: for every refusal code, who may lift it, and how much an override's
 * reason must say. */
struct np_refusal_policy {
	struct np_refusal_rule codes[NP_REFUSE_COUNT];
	int reason_min_chars;
	struct np_sources sources;
};

struct np_pack {
	const char *name;
	const char *version;
	const char *title;
	struct np_source *sources;
	size_t n_sources;
	struct np_device_info devices[NP_DEVICE_COUNT];
	struct np_setting *settings;
	size_t n_settings;
	struct np_skin *skins;
	size_t n_skins;
	struct np_zone *zones; /* sorted by order */
	size_t n_zones;
	const char *mapping_finish;
	struct np_sources mapping_sources;
	struct np_indication *indications;
	size_t n_indications;
	struct np_rest_step *rest; /* by rising depth */
	size_t n_rest;
	struct np_home_rules home;
	struct np_term *vocab[NP_VOCAB_COUNT];
	size_t n_vocab[NP_VOCAB_COUNT];
	struct np_rule *rules;
	size_t n_rules;
	struct np_adjustment *adjustments;
	size_t n_adjustments;
	struct np_depth_notice evaluated;
	struct np_session_rules session;
	int density_target[2];
	struct np_sources density_sources;
	struct np_aftercare aftercare;
	struct np_scale *scales;
	size_t n_scales;
	struct np_records records;
	struct np_refusal_policy refusals;
	void *internal; /* the JSON document and allocations, owned by the pack */
};

/* Load and check a pack from a file. On failure *out is NULL and the error names the file, the
 * JSON path and what was expected. The caller owns *out and frees it with np_pack_free. */
int np_pack_load_file(struct np_pack **out, const char *path);

/* The same from JSON text already in memory; name stands for the file in messages. */
int np_pack_load_text(struct np_pack **out, const char *text, size_t len, const char *name);

void np_pack_free(struct np_pack *pack);

/* The pack's JSON document as loaded, owned by the pack. */
const json_t *np_pack_document(const struct np_pack *pack);

/* Look-ups by id; each returns NULL when the pack has no such entry. */
const struct np_zone *np_pack_zone(const struct np_pack *pack, const char *id);
const struct np_indication *np_pack_indication(const struct np_pack *pack, const char *id);
const struct np_setting *np_pack_setting(const struct np_pack *pack, const char *id);
const struct np_skin *np_pack_skin(const struct np_pack *pack, const char *id);
const struct np_source *np_pack_source(const struct np_pack *pack, const char *id);
const struct np_term *np_pack_term(const struct np_pack *pack, enum np_vocab vocab, const char *id);
const struct np_consent_form *np_pack_consent_form(const struct np_pack *pack, const char *id);
const struct np_scale *np_pack_scale(const struct np_pack *pack, const char *id);
int np_pack_device(const char *id); /* enum np_device, or -1 */

/* The rest a zone needs after a depth, from the ladder; NULL when depth is beyond the ladder. */
const struct np_rest_step *np_pack_rest_for(const struct np_pack *pack, double depth_mm);

/* The depths a setting allows on a zone: its floor (or the zone's shallowest) up to the zone's
 * deepest within the setting's cap. */
void np_setting_zone_range(const struct np_setting *setting, const struct np_zone *zone,
                           double out[2]);

/* Whether the anaesthetic may cover a zone without a physician: the zone is in its regions. */
bool np_anaesthetic_allowed(const struct np_pack *pack, const struct np_zone *zone);

/* A scale's label for a value ("mild"), or NULL when the scale has none for it. */
const char *np_scale_label(const struct np_scale *scale, double value);

/* Whether an indication is treated on a zone: the zone lies in one of the indication's regions. */
bool np_indication_treats(const struct np_indication *indication, const struct np_zone *zone);

/* The one rest rule: the rest a zone needs after being needled at depth_mm for an indication
 * (NULL when none was recorded). The ladder's step for the depth, unless the indication's stronger
 * source allows a shorter rest and the zone lies in the indication's regions (alopecia: the scalp
 * only). A depth deeper than the ladder reaches (a record overridden before) takes its deepest
 * step. *overridden says whether the indication's rest was used, *beyond whether the depth was
 * past the ladder (either may be NULL). Points into the pack. */
const struct np_rest_step *np_rest_for(const struct np_pack *pack, const struct np_zone *zone,
                                       const struct np_indication *indication, double depth_mm,
                                       bool *overridden, bool *beyond);

/* The strongest tier of a list of sources (its first source's tier when the list is ordered). */
enum np_tier np_sources_tier(const struct np_sources *sources);

const char *np_tier_name(enum np_tier tier);
const char *np_device_name(enum np_device device);
const char *np_decision_name(enum np_decision decision);
const char *np_vocab_name(enum np_vocab vocab);              /* "conditions", ... */
const char *np_vocab_singular(enum np_vocab vocab);          /* "condition", ... */
const char *np_refusal_code_name(enum np_refusal_code code); /* "rest", "unit_reused", ... */
int np_refusal_code(const char *name);                       /* enum np_refusal_code, or -1 */
const char *np_override_name(enum np_override_by who);       /* "practitioner", ... */

#endif
