/* The safety gate's rules: every check a session, a booking or a plan must pass, each refusal
 * with its code, zone, field, sentence, rule and sources, and the override applied last. */
#include "needlepoint/gate.h"

#include "arena.h"
#include "needlepoint/error.h"
#include "try.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gate {
	const struct np_pack *pack;
	const struct np_gate_facts *facts;
	struct np_gate_result *result;
	struct np_arena *arena;
	size_t capacity;
};

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory deciding");
}

/* What a refusal rests on: a rule of the pack, with its sources as the pack has them or as ids
 * (a stored screening's finding). */
struct basis {
	const char *rule;
	const struct np_sources *sources;
	const char *const *ids;
	size_t n_ids;
};

static struct basis pack_rule(const char *rule, const struct np_sources *sources)
{
	return (struct basis){.rule = rule, .sources = sources};
}

static int add(struct gate *g, enum np_refusal_code code, const struct np_zone *zone,
               const char *field, np_day until, struct basis basis, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static int add(struct gate *g, enum np_refusal_code code, const struct np_zone *zone,
               const char *field, np_day until, struct basis basis, const char *fmt, ...)
{
	struct np_gate_result *r = g->result;
	if (r->n_refusals == g->capacity) /* sized for every check below: a bug */
		return np_error_set(NP_ENOMEM, "more refusals than the gate made room for");
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *message = np_arena_alloc(g->arena, (size_t)len + 2); /* room for a full stop */
	if (message == NULL)
		return nomem();
	va_start(ap, fmt);
	vsnprintf(message, (size_t)len + 1, fmt, ap);
	va_end(ap);
	/* a sentence: a capital first, a full stop last */
	if (message[0] >= 'a' && message[0] <= 'z')
		message[0] = (char)(message[0] - 'a' + 'A');
	if (len > 0 && strchr(".!?", message[len - 1]) == NULL)
		message[len] = '.'; /* the arena's memory is zeroed: still terminated */
	struct np_refusal *x = &r->refusals[r->n_refusals];
	x->code = code;
	x->zone = zone;
	x->field = field ? np_arena_strdup(g->arena, field) : NULL;
	x->message = message;
	x->rule = basis.rule ? np_arena_strdup(g->arena, basis.rule) : NULL;
	size_t n = basis.sources ? basis.sources->n : basis.n_ids;
	x->sources = np_arena_array(g->arena, n ? n : 1, sizeof *x->sources);
	if ((field && !x->field) || (basis.rule && !x->rule) || !x->sources)
		return nomem();
	for (size_t i = 0; i < n; i++)
		x->sources[i] = basis.sources ? basis.sources->v[i]->id : basis.ids[i];
	x->n_sources = n;
	x->who = g->pack->refusals.codes[code].who;
	x->until = until;
	r->n_refusals++;
	return 0;
}

static const char *day_text(struct gate *g, np_day day)
{
	char *text = np_arena_alloc(g->arena, NP_DATE_LEN);
	if (text)
		np_date_format(day, text);
	return text ? text : "?";
}

/* "zones[2]" and what follows it ("zones[2].depth_mm"): the input field of a proposal's zone. */
static const char *zone_field(struct gate *g, size_t i, const char *rest)
{
	char field[64];
	snprintf(field, sizeof field, "zones[%zu]%s", i, rest);
	return np_arena_strdup(g->arena, field);
}

/* ---- the screening ---- */

static struct basis finding_basis(const struct np_gate_finding *f)
{
	return (struct basis){.rule = f->rule, .ids = f->sources, .n_ids = f->n_sources};
}

static bool listed(const struct np_zone *const *zones, size_t n, const struct np_zone *zone)
{
	for (size_t i = 0; i < n; i++)
		if (zones[i] == zone)
			return true;
	return false;
}

/* A deferral stands on day until its date; one without a date until a new screening. */
static bool defers_on(const struct np_gate_finding *f, np_day day)
{
	return f->decision == NP_DEFER && (f->until == NP_DAY_NONE || f->until > day);
}

static const char *until_text(struct gate *g, np_day until)
{
	if (until == NP_DAY_NONE)
		return "until it resolves";
	char *text = np_arena_alloc(g->arena, 20);
	if (text) {
		memcpy(text, "until ", 6);
		np_date_format(until, text + 6);
	}
	return text ? text : "";
}

/* Whole-client findings that decline or defer, on day. */
static int client_findings(struct gate *g, np_day day)
{
	const struct np_gate_screening *s = g->facts->screening;
	for (size_t i = 0; s && i < s->n_findings; i++) {
		const struct np_gate_finding *f = &s->findings[i];
		if (f->zone_scoped)
			continue;
		if (f->decision == NP_DECLINE)
			NP_TRY(add(g, NP_REFUSE_SCREENING_DECLINES, NULL, NULL, NP_DAY_NONE,
			           finding_basis(f), "screening declines treatment: %s",
			           f->message));
		else if (defers_on(f, day))
			NP_TRY(add(g, NP_REFUSE_SCREENING_DEFERS, NULL, "date", f->until,
			           finding_basis(f), "screening defers treatment %s: %s",
			           until_text(g, f->until), f->message));
	}
	return 0;
}

/* Findings of a zone (a lesion, acne in it) that decline or defer it, for the zones proposed. */
static int zone_findings(struct gate *g, np_day day, const struct np_zone *zone, const char *field)
{
	const struct np_gate_screening *s = g->facts->screening;
	for (size_t i = 0; s && i < s->n_findings; i++) {
		const struct np_gate_finding *f = &s->findings[i];
		if (!f->zone_scoped || !listed(f->zones, f->n_zones, zone))
			continue;
		if (f->decision == NP_DECLINE)
			NP_TRY(add(g, NP_REFUSE_ZONE_DECLINED, zone, field, NP_DAY_NONE,
			           finding_basis(f), "%s: screening declines this zone: %s",
			           zone->name, f->message));
		else if (defers_on(f, day))
			NP_TRY(add(g, NP_REFUSE_ZONE_DEFERRED, zone, field, f->until,
			           finding_basis(f), "%s: screening defers this zone %s: %s",
			           zone->name, until_text(g, f->until), f->message));
	}
	return 0;
}

/* The screening in force on a session's day: there, current, and acknowledged if a caution. */
static int screening_in_force(struct gate *g, np_day day)
{
	const struct np_gate_screening *s = g->facts->screening;
	const struct np_records *rec = &g->pack->records;
	struct basis validity = pack_rule("records.screening_valid_days", &rec->sources);
	if (s == NULL)
		return add(g, NP_REFUSE_SCREENING_MISSING, NULL, NULL, NP_DAY_NONE, validity,
		           "the client has not been screened: screen the latest health history "
		           "first");
	if (s->on > day)
		return add(g, NP_REFUSE_SCREENING_MISSING, NULL, "date", NP_DAY_NONE, validity,
		           "the latest screening is dated %s, after this session: no screening "
		           "was in force on %s",
		           day_text(g, s->on), day_text(g, day));
	if (!s->latest_intake)
		NP_TRY(add(g, NP_REFUSE_SCREENING_STALE, NULL, NULL, NP_DAY_NONE, validity,
		           "the screening of %s was made before the latest health history: "
		           "screen again",
		           day_text(g, s->on)));
	else if (day - s->on >= rec->screening_valid_days)
		NP_TRY(add(g, NP_REFUSE_SCREENING_STALE, NULL, "date", NP_DAY_NONE, validity,
		           "the screening of %s is out of date on %s: a screening holds for %d "
		           "days",
		           day_text(g, s->on), day_text(g, day), rec->screening_valid_days));
	NP_TRY(client_findings(g, day));
	for (size_t i = 0; !s->acknowledged && i < s->n_findings; i++) {
		const struct np_gate_finding *f = &s->findings[i];
		if (f->decision == NP_CAUTION)
			NP_TRY(add(g, NP_REFUSE_CAUTION_UNACKNOWLEDGED, NULL, NULL, NP_DAY_NONE,
			           finding_basis(f),
			           "a caution no practitioner has acknowledged: %s", f->message));
	}
	return 0;
}

/* ---- consent ---- */

static int consent_form(struct gate *g, np_day day, const struct np_consent_form *form,
                        const char *rule)
{
	const struct np_gate_consent *latest = NULL;
	for (size_t i = 0; i < g->facts->n_consents; i++) {
		const struct np_gate_consent *c = &g->facts->consents[i];
		if (strcmp(c->form, form->id) == 0 && c->signed_on <= day && day < c->expires_on &&
		    (latest == NULL || c->signed_on >= latest->signed_on))
			latest = c;
	}
	struct basis basis = pack_rule(rule, &form->sources);
	if (latest == NULL)
		return add(g, NP_REFUSE_CONSENT_MISSING, NULL, "date", NP_DAY_NONE, basis,
		           "no valid consent on %s: the client signs '%s' before a session; it "
		           "holds for %d months",
		           day_text(g, day), form->title, form->valid_months);
	if (strcmp(latest->version, form->version) != 0)
		return add(g, NP_REFUSE_CONSENT_OUTDATED, NULL, NULL, NP_DAY_NONE, basis,
		           "the client signed version %s of '%s'; the form is now at version %s: "
		           "the client signs the current one",
		           latest->version, form->title, form->version);
	return 0;
}

/* The consent every session needs, and the one a device adds (RF: burns). kind < 0: not known. */
static int consent(struct gate *g, np_day day, int kind)
{
	const struct np_records *rec = &g->pack->records;
	NP_TRY(consent_form(g, day, rec->required_consent, "records.required_consent"));
	for (size_t i = 0; kind >= 0 && i < rec->n_consent_forms; i++) {
		const struct np_consent_form *f = &rec->consent_forms[i];
		if (f != rec->required_consent && (f->devices & (1u << kind)))
			NP_TRY(consent_form(g, day, f, "records.consent_forms.devices"));
	}
	return 0;
}

/* ---- rest ---- */

/* A rest refusal for each zone that still rests on day, by the one rest rule over the record. */
static int rest(struct gate *g, np_day day, const struct np_zone *const *zones, size_t n,
                bool zone_fields)
{
	const struct np_history *h = g->facts->history;
	if (h == NULL || h->n_sessions == 0)
		return 0;
	struct np_schedule *sched = NULL;
	NP_TRY(np_schedule_next(&sched, g->pack, h, day));
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < n; k++)
		for (size_t i = 0; rc == 0 && i < sched->n_zones; i++) {
			const struct np_zone_rest *zr = &sched->zones[i];
			if (zr->zone != zones[k] || zr->eligible_from <= day)
				continue;
			char rule[160] = "rest";
			for (size_t j = 0; zr->overridden && j < g->pack->n_indications; j++)
				if (&g->pack->indications[j].rest_override == zr->rest)
					snprintf(rule, sizeof rule, "indications.%s.rest_override",
					         g->pack->indications[j].id);
			rc =
			    add(g, NP_REFUSE_REST, zr->zone,
			        zone_fields ? zone_field(g, k, "") : "date", zr->eligible_from,
			        pack_rule(rule, &zr->rest->sources),
			        "%s: rests until %s; it was needled at %g mm on %s, which needs %d "
			        "days",
			        zr->zone->name, day_text(g, zr->eligible_from), zr->depth_mm,
			        day_text(g, zr->last), zr->rest->rest_days);
		}
	np_schedule_free(sched);
	return rc;
}

/* ---- depth, device and passes ---- */

static int depth(struct gate *g, size_t i, const struct np_zone *z, double mm)
{
	const struct np_setting *s = g->facts->setting;
	char rule[160];
	double range[2];
	np_setting_zone_range(s, z, range);
	if (mm > s->depth_cap_mm + 1e-9) {
		snprintf(rule, sizeof rule, "settings.%s.depth_cap_mm", s->id);
		return add(g, NP_REFUSE_DEPTH_OVER_CAP, z, zone_field(g, i, ".depth_mm"),
		           NP_DAY_NONE, pack_rule(rule, &s->sources),
		           "%s: %g mm is deeper than the %s cap of %g mm", z->name, mm, s->id,
		           s->depth_cap_mm);
	}
	if (mm < range[0] - 1e-9 || mm > range[1] + 1e-9) {
		bool floor = range[0] != z->depth_mm[0];
		snprintf(rule, sizeof rule,
		         floor ? "settings.%s.zone_floor_mm" : "zones.%s.depth_mm",
		         floor ? s->id : z->id);
		return add(g, NP_REFUSE_DEPTH_OUT_OF_RANGE, z, zone_field(g, i, ".depth_mm"),
		           NP_DAY_NONE, pack_rule(rule, floor ? &s->sources : &z->sources),
		           "%s: %g mm is outside its range of %g-%g mm %s", z->name, mm, range[0],
		           range[1], s->name);
	}
	return 0;
}

static int device_on_zone(struct gate *g, size_t i, const struct np_session_zone *sz, int kind)
{
	const struct np_zone *z = sz->zone;
	const struct np_device_info *dev = &g->pack->devices[kind];
	char rule[160];
	if (!(z->devices & (1u << kind))) {
		snprintf(rule, sizeof rule, "zones.%s.devices", z->id);
		NP_TRY(add(g, NP_REFUSE_DEVICE_FORBIDDEN, z, zone_field(g, i, ""), NP_DAY_NONE,
		           pack_rule(rule, &z->sources), "%s: a %s is never used here", z->name,
		           dev->name));
	}
	if (sz->passes < dev->passes_range[0] || sz->passes > dev->passes_range[1]) {
		snprintf(rule, sizeof rule, "devices.%s.passes_range", dev->id);
		NP_TRY(add(g, NP_REFUSE_PASSES_OUT_OF_RANGE, z, zone_field(g, i, ".passes"),
		           NP_DAY_NONE, pack_rule(rule, &dev->sources),
		           "%s: %d passes; a %s takes %d-%d", z->name, sz->passes, dev->name,
		           dev->passes_range[0], dev->passes_range[1]));
	}
	return 0;
}

/* The kind of device used: the device named, else the unit's lot says. -1 when neither. */
static int device_kind(struct gate *g)
{
	const struct np_gate_facts *f = g->facts;
	if (f->device >= 0)
		return f->device;
	return f->unit ? f->unit->kind : -1;
}

static int device(struct gate *g, int kind)
{
	const struct np_gate_facts *f = g->facts;
	const struct np_gate_unit *u = f->unit;
	if (kind < 0)
		return add(g, NP_REFUSE_DEVICE_UNKNOWN, NULL, "device", NP_DAY_NONE,
		           pack_rule(NULL, NULL),
		           "neither a device nor the needle unit's lot (%s, lot %s) says what kind "
		           "of device was used: name the device",
		           u ? u->product : "?", u ? u->lot : "?");
	if (f->device >= 0 && u && u->kind >= 0 && u->kind != f->device)
		NP_TRY(add(
		    g, NP_REFUSE_DEVICE_MISMATCH, NULL, "unit", NP_DAY_NONE, pack_rule(NULL, NULL),
		    "unit %d of lot %s (%s) is for a %s, not the %s named", u->seq, u->lot,
		    u->product, g->pack->devices[u->kind].name, g->pack->devices[f->device].name));
	if (!(f->setting->devices & (1u << kind))) {
		char rule[160];
		snprintf(rule, sizeof rule, "settings.%s.devices", f->setting->id);
		NP_TRY(add(g, NP_REFUSE_DEVICE_FORBIDDEN, NULL, "device", NP_DAY_NONE,
		           pack_rule(rule, &f->setting->sources),
		           "a %s is not used in the %s setting", g->pack->devices[kind].name,
		           f->setting->id));
	}
	return 0;
}

/* ---- what the screening rules out for a device, and the topical anaesthetic ---- */

static const struct np_gate_finding *finding_for(const struct gate *g, const struct np_rule *rule)
{
	const struct np_gate_screening *s = g->facts->screening;
	for (size_t i = 0; s && i < s->n_findings; i++)
		if (strcmp(s->findings[i].rule, rule->id) == 0)
			return &s->findings[i];
	return NULL;
}

static bool names_zone(const struct np_gate_finding *f, const struct np_zone *z)
{
	return f->zone_scoped && listed(f->zones, f->n_zones, z);
}

/* A depth an adjustment limits for the session's indication (pigment in darker skin): over it is
 * outside the zone's range for this client, which a practitioner may override with a reason. */
static int adjusted_depth(struct gate *g, const struct np_session *s, const struct np_adjustment *a,
                          const char *rule)
{
	const struct np_indication *ind = s->indication    ? s->indication
	                                  : g->facts->plan ? g->facts->plan->indication
	                                                   : NULL;
	bool applies = a->n_indications == 0;
	for (size_t k = 0; ind && k < a->n_indications; k++)
		applies = applies || a->indications[k] == ind;
	for (size_t z = 0; applies && z < s->n_zones; z++)
		if (s->zones[z].depth_mm > a->depth_mm + 1e-9)
			NP_TRY(add(g, NP_REFUSE_DEPTH_OUT_OF_RANGE, s->zones[z].zone,
			           zone_field(g, z, ".depth_mm"), NP_DAY_NONE,
			           pack_rule(rule, &a->sources),
			           "%s: %g mm is deeper than %g mm: %s", s->zones[z].zone->name,
			           s->zones[z].depth_mm, a->depth_mm, a->message));
	return 0;
}

/* The pack's adjustments that refuse a device (RF with a pacemaker), a device on a zone (RF over
 * threads), numbing cream (an allergy) or a depth (pigment in darker skin), for the screening's
 * findings. */
static int adjustments(struct gate *g, const struct np_session *s, int kind)
{
	for (size_t i = 0; i < g->pack->n_adjustments; i++) {
		const struct np_adjustment *a = &g->pack->adjustments[i];
		if (a->devices && (kind < 0 || !(a->devices & (1u << kind))))
			continue;
		char rule[160];
		snprintf(rule, sizeof rule, "adjustments.%s", a->id);
		for (size_t r = 0; r < a->n_rules; r++) {
			const struct np_gate_finding *f = finding_for(g, a->rules[r]);
			if (f == NULL)
				continue;
			if (a->kind == NP_ADJUST_DEPTH) {
				NP_TRY(adjusted_depth(g, s, a, rule));
				break;
			}
			if (a->kind == NP_ADJUST_REFUSED) {
				NP_TRY(add(g, NP_REFUSE_DEVICE_CONTRAINDICATED, NULL, "device",
				           NP_DAY_NONE, pack_rule(rule, &a->sources), "%s",
				           a->message));
				break;
			}
			if (a->kind == NP_ADJUST_NO_ANAESTHETIC && s->anaesthetic_minutes > 0) {
				NP_TRY(add(g, NP_REFUSE_ANAESTHETIC, NULL, "anaesthetic_minutes",
				           NP_DAY_NONE, pack_rule(rule, &a->sources), "%s",
				           a->message));
				break;
			}
			for (size_t z = 0; a->kind == NP_ADJUST_ZONES && z < s->n_zones; z++)
				if (names_zone(f, s->zones[z].zone))
					NP_TRY(add(g, NP_REFUSE_DEVICE_CONTRAINDICATED,
					           s->zones[z].zone, zone_field(g, z, ""),
					           NP_DAY_NONE, pack_rule(rule, &a->sources),
					           "%s: %s", s->zones[z].zone->name, a->message));
		}
	}
	return 0;
}

/* Numbing cream within the advisory's limits: how long, and where. */
static int anaesthetic(struct gate *g, const struct np_session *s)
{
	const struct np_anaesthetic *a = &g->pack->session.anaesthetic;
	if (s->anaesthetic_minutes <= 0)
		return 0;
	if (s->anaesthetic_minutes > a->max_minutes)
		NP_TRY(add(g, NP_REFUSE_ANAESTHETIC, NULL, "anaesthetic_minutes", NP_DAY_NONE,
		           pack_rule("session.anaesthetic.max_minutes", &a->sources),
		           "numbing cream for %d minutes, longer than %d: %s",
		           s->anaesthetic_minutes, a->max_minutes, a->limit));
	for (size_t z = 0; z < s->n_zones; z++)
		if (!np_anaesthetic_allowed(g->pack, s->zones[z].zone))
			NP_TRY(add(g, NP_REFUSE_ANAESTHETIC, s->zones[z].zone, zone_field(g, z, ""),
			           NP_DAY_NONE,
			           pack_rule("session.anaesthetic.regions", &a->sources),
			           "%s: numbing cream here is outside its limits: %s",
			           s->zones[z].zone->name, a->limit));
	return 0;
}

/* An energy-based device records its energy; nothing else does. A bad record, not a refusal. */
static int energy(struct gate *g, const struct np_session *s, int kind)
{
	if (kind < 0)
		return 0;
	const struct np_device_info *dev = &g->pack->devices[kind];
	if (dev->energy && !s->energy.present)
		return np_error_set(NP_EINVAL,
		                    "energy: a session with %s records its energy level, "
		                    "pulse duration and needle type",
		                    dev->name);
	if (!dev->energy && s->energy.present)
		return np_error_set(NP_EINVAL, "energy: a session with a %s records no energy",
		                    dev->name);
	return 0;
}

/* ---- what touches open channels ---- */

static const char *product_field(struct gate *g, size_t i)
{
	char field[32];
	snprintf(field, sizeof field, "products[%zu]", i);
	return np_arena_strdup(g->arena, field);
}

/* Each product from stock, sterile, in date and not recalled, when the pack asks for it. */
static int products(struct gate *g, np_day day)
{
	const struct np_product_rules *rules = &g->pack->session.products;
	if (!rules->from_stock)
		return 0;
	struct basis basis = pack_rule("session.products", &rules->sources);
	for (size_t i = 0; i < g->facts->n_products; i++) {
		const struct np_gate_product *p = &g->facts->products[i];
		const char *field = product_field(g, i);
		if (!p->in_stock)
			NP_TRY(add(g, NP_REFUSE_PRODUCT_NOT_FROM_STOCK, NULL, field, NP_DAY_NONE,
			           basis, "%s (lot %s) is not a product lot in stock: %s", p->name,
			           p->lot, rules->text));
		else if (!p->sterile)
			NP_TRY(add(g, NP_REFUSE_PRODUCT_NOT_STERILE, NULL, field, NP_DAY_NONE,
			           basis, "%s (lot %s) is not sterile: %s", p->name, p->lot,
			           rules->text));
		if (p->in_stock && p->expires < day)
			NP_TRY(add(g, NP_REFUSE_LOT_EXPIRED, NULL, field, NP_DAY_NONE,
			           pack_rule(NULL, NULL), "%s: lot %s expired on %s", p->name,
			           p->lot, day_text(g, p->expires)));
		if (p->in_stock && p->recalled)
			NP_TRY(add(g, NP_REFUSE_LOT_RECALLED, NULL, field, NP_DAY_NONE,
			           pack_rule(NULL, NULL), "%s: lot %s is recalled: %s", p->name,
			           p->lot, p->recalled));
	}
	return 0;
}

/* ---- the needle unit ---- */

static const struct np_checklist_item *checklist_item(const struct np_pack *pack, const char *id)
{
	for (size_t i = 0; i < pack->session.n_checklist; i++)
		if (strcmp(pack->session.checklist[i].id, id) == 0)
			return &pack->session.checklist[i];
	return NULL;
}

static int unit(struct gate *g, np_day day)
{
	const struct np_gate_facts *f = g->facts;
	const struct np_gate_unit *u = f->unit;
	if (u == NULL)
		return 0;
	bool home = strcmp(f->setting->id, "home") == 0;
	const struct np_checklist_item *sterile = checklist_item(g->pack, "sterile_device");
	struct basis single = sterile
	                          ? pack_rule("session.checklist.sterile_device", &sterile->sources)
	                          : pack_rule(NULL, NULL);
	bool other = false;
	for (size_t i = 0; i < u->n_clients; i++)
		other = other || u->clients[i] != f->client;
	/* in a clinic a needle unit serves one client, whatever its lot says; at home a roller
	 * belongs to the one person the log keeps */
	if (other && !home && f->client != 0)
		NP_TRY(add(g, NP_REFUSE_UNIT_OTHER_CLIENT, NULL, "unit", NP_DAY_NONE, single,
		           "unit %d of lot %s (%s) was used on another client: in a clinic a "
		           "needle unit serves one client",
		           u->seq, u->lot, u->product));
	int limit = g->pack->home.roller_replace_after_uses;
	if (u->single_use && u->uses > 0)
		NP_TRY(add(g, NP_REFUSE_UNIT_REUSED, NULL, "unit", NP_DAY_NONE, single,
		           "unit %d of lot %s (%s) is single use and was used before", u->seq,
		           u->lot, u->product));
	else if (!u->single_use && u->uses >= limit)
		NP_TRY(
		    add(g, NP_REFUSE_UNIT_WORN_OUT, NULL, "unit", NP_DAY_NONE,
		        pack_rule("home.roller_replace_after_uses", &g->pack->home.sources),
		        "unit %d of lot %s (%s) has been used %d times: replace it after %d uses",
		        u->seq, u->lot, u->product, u->uses, limit));
	if (u->expires < day)
		NP_TRY(add(g, NP_REFUSE_LOT_EXPIRED, NULL, "unit", NP_DAY_NONE,
		           pack_rule(NULL, NULL), "lot %s (%s) expired on %s", u->lot, u->product,
		           day_text(g, u->expires)));
	if (u->recalled)
		NP_TRY(add(g, NP_REFUSE_LOT_RECALLED, NULL, "unit", NP_DAY_NONE,
		           pack_rule(NULL, NULL), "lot %s (%s) is recalled: %s", u->lot, u->product,
		           u->recalled));
	return 0;
}

static int events(struct gate *g)
{
	for (size_t i = 0; i < g->facts->n_events; i++) {
		const struct np_gate_event *e = &g->facts->events[i];
		NP_TRY(add(g, NP_REFUSE_ADVERSE_EVENT_OPEN, NULL, NULL, NP_DAY_NONE,
		           pack_rule(NULL, NULL),
		           "an adverse event (%s, since %s) is still open: follow it up first",
		           e->type, day_text(g, e->onset)));
	}
	return 0;
}

/* ---- the decision ---- */

static int start(struct gate *g, struct np_gate_result **out, const struct np_pack *pack,
                 const struct np_gate_facts *facts, size_t zones)
{
	*out = NULL;
	struct np_arena *arena;
	struct np_gate_result *r = np_arena_new_object(&arena, sizeof *r);
	if (r == NULL)
		return nomem();
	r->internal = arena;
	size_t findings = facts->screening ? facts->screening->n_findings : 0;
	/* at most: per zone, rest, two of depth, device, passes and two findings; per finding two;
	 * per event one; and a dozen of the whole proposal */
	*g = (struct gate){.pack = pack,
	                   .facts = facts,
	                   .result = r,
	                   .arena = arena,
	                   .capacity = 6 * zones * (findings + 1) + 2 * findings +
	                               (zones + 1) * (pack->n_adjustments + 1) * (findings + 1) +
	                               facts->n_events + 3 * facts->n_products + 16};
	r->refusals = np_arena_array(arena, g->capacity, sizeof *r->refusals);
	if (r->refusals == NULL) {
		np_arena_free(arena);
		return nomem();
	}
	return 0;
}

/* Apply the override and settle the decision; the earliest day every refusal clears. */
static int finish(struct gate *g, int rc, const struct np_override *ov, struct np_gate_result **out)
{
	struct np_gate_result *r = g->result;
	if (rc != 0) {
		np_gate_free(r);
		return rc;
	}
	bool all_lifted = true;
	r->earliest = NP_DAY_NONE;
	bool dated = true;
	for (size_t i = 0; i < r->n_refusals; i++) {
		struct np_refusal *x = &r->refusals[i];
		x->lifted = ov && ov->present && ov->codes[x->code] &&
		            x->who != NP_OVERRIDE_NEVER && (int)g->facts->authority >= (int)x->who;
		all_lifted = all_lifted && x->lifted;
		dated = dated && x->until != NP_DAY_NONE;
		if (x->until != NP_DAY_NONE &&
		    (r->earliest == NP_DAY_NONE || x->until > r->earliest))
			r->earliest = x->until;
	}
	if (!dated)
		r->earliest = NP_DAY_NONE;
	r->decision = r->n_refusals == 0 ? NP_GATE_GO
	              : all_lifted       ? NP_GATE_OVERRIDDEN
	                                 : NP_GATE_REFUSED;
	*out = r;
	return 0;
}

int np_gate_session(struct np_gate_result **out, const struct np_pack *pack,
                    const struct np_gate_facts *facts, const struct np_session *s)
{
	struct gate g;
	NP_TRY(start(&g, out, pack, facts, s->n_zones));
	const struct np_zone **zones = np_arena_array(g.arena, s->n_zones, sizeof *zones);
	int rc = zones ? screening_in_force(&g, s->date) : nomem();
	for (size_t i = 0; rc == 0 && i < s->n_zones; i++) {
		zones[i] = s->zones[i].zone;
		rc = zone_findings(&g, s->date, zones[i], zone_field(&g, i, ""));
	}
	int kind = device_kind(&g);
	if (rc == 0)
		rc = consent(&g, s->date, kind);
	if (rc == 0)
		rc = rest(&g, s->date, zones, s->n_zones, true);
	for (size_t i = 0; rc == 0 && i < s->n_zones; i++) {
		rc = depth(&g, i, s->zones[i].zone, s->zones[i].depth_mm);
		if (rc == 0 && kind >= 0)
			rc = device_on_zone(&g, i, &s->zones[i], kind);
	}
	if (rc == 0)
		rc = device(&g, kind);
	if (rc == 0)
		rc = energy(&g, s, kind);
	if (rc == 0)
		rc = adjustments(&g, s, kind);
	if (rc == 0)
		rc = anaesthetic(&g, s);
	if (rc == 0)
		rc = unit(&g, s->date);
	if (rc == 0)
		rc = products(&g, s->date);
	if (rc == 0)
		rc = events(&g);
	if (rc == 0 && strcmp(facts->setting->id, "home") == 0 && kind == NP_DEVICE_ROLLER &&
	    !s->sterilised_before)
		rc = add(&g, NP_REFUSE_NOT_STERILISED, NULL, "sterilised_before", NP_DAY_NONE,
		         pack_rule("home.sterilise", &pack->home.sources),
		         "the roller was not sterilised before use: %s", pack->home.sterilise);
	return finish(&g, rc, &s->override, out);
}

int np_gate_booking(struct np_gate_result **out, const struct np_pack *pack,
                    const struct np_gate_facts *facts, const struct np_gate_booking *b)
{
	const struct np_gate_plan *plan = facts->plan;
	struct gate g;
	NP_TRY(start(&g, out, pack, facts, plan ? plan->n_zones : 0));
	int rc = client_findings(&g, b->date);
	if (rc == 0 && plan)
		rc = rest(&g, b->date, plan->zones, plan->n_zones, false);
	if (rc == 0 && plan && facts->setting->course &&
	    plan->done + plan->booked + 1 > plan->sessions) {
		char rule[160];
		snprintf(rule, sizeof rule, "indications.%s.sessions", plan->indication->id);
		rc = add(&g, NP_REFUSE_COURSE_COMPLETE, NULL, NULL, NP_DAY_NONE,
		         pack_rule(rule, &plan->indication->sources),
		         "the course of %d sessions is complete: %d done and %d booked",
		         plan->sessions, plan->done, plan->booked);
	}
	if (rc == 0)
		rc = events(&g);
	return finish(&g, rc, b->override, out);
}

int np_gate_record_day(const char *field, np_day day, np_day today)
{
	if (day <= today)
		return 0;
	char d[NP_DATE_LEN], t[NP_DATE_LEN];
	np_date_format(day, d);
	np_date_format(today, t);
	return np_error_set(NP_EINVAL,
	                    "%s: %s is after today (%s at the clinic): a record is dated on or "
	                    "before the day it happened",
	                    field, d, t);
}

int np_gate_booking_day(const char *field, np_day day, np_day today)
{
	if (day >= today)
		return 0;
	char d[NP_DATE_LEN], t[NP_DATE_LEN];
	np_date_format(day, d);
	np_date_format(today, t);
	return np_error_set(NP_EINVAL, "%s: %s is in the past (today is %s at the clinic)", field,
	                    d, t);
}

int np_gate_unit(struct np_gate_result **out, const struct np_pack *pack,
                 const struct np_gate_facts *facts)
{
	struct gate g;
	NP_TRY(start(&g, out, pack, facts, 0));
	return finish(&g, unit(&g, facts->today), NULL, out);
}

int np_gate_plan(struct np_gate_result **out, const struct np_pack *pack,
                 const struct np_gate_facts *facts, const struct np_plan *plan,
                 const struct np_override *override)
{
	struct gate g;
	NP_TRY(start(&g, out, pack, facts, plan->n_zones));
	/* a plan looks ahead: whole-client deferrals end, declines do not */
	const struct np_gate_screening *s = facts->screening;
	int rc = 0;
	for (size_t i = 0; rc == 0 && s && i < s->n_findings; i++)
		if (!s->findings[i].zone_scoped && s->findings[i].decision == NP_DECLINE)
			rc = add(&g, NP_REFUSE_SCREENING_DECLINES, NULL, NULL, NP_DAY_NONE,
			         finding_basis(&s->findings[i]), "screening declines treatment: %s",
			         s->findings[i].message);
	np_day first = plan->sessions > 0 ? plan->dates[0] : facts->today;
	for (size_t i = 0; rc == 0 && i < plan->n_zones; i++) {
		const struct np_zone *z = plan->zones[i].zone;
		rc = zone_findings(&g, first, z, NULL);
		if (rc == 0)
			rc = depth(&g, i, z, plan->zones[i].depth_mm);
	}
	return finish(&g, rc, override, out);
}

void np_gate_free(struct np_gate_result *result)
{
	if (result != NULL)
		np_arena_free(result->internal);
}

int np_gate_products(struct np_gate_result **out, const struct np_pack *pack,
                     const struct np_gate_facts *facts)
{
	struct gate g;
	NP_TRY(start(&g, out, pack, facts, 0));
	return finish(&g, products(&g, facts->today), NULL, out);
}
