/* Reading the gate's facts and a proposal from JSON (docs/json.md, "gate"): the store gathers a
 * client's record into this shape, and the golden tests under tests/gate/ are written in it. */
#include "needlepoint/gate.h"

#include "arena.h"
#include "jv.h"
#include "needlepoint/error.h"
#include "try.h"

#include <string.h>

struct reader {
	struct np_jv jv;
	const struct np_pack *pack;
	struct np_arena *arena;
	struct np_gate_input *in;
};

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory reading the facts");
}

static int strings(struct reader *r, const json_t *o, const char *key, const char ***out, size_t *n)
{
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&r->jv, o, key, &arr));
	*n = json_array_size(arr);
	if ((*out = np_arena_array(r->arena, *n ? *n : 1, sizeof **out)) == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, key);
	for (size_t i = 0; i < *n; i++) {
		size_t m = np_jv_index(&r->jv, i);
		NP_TRY(np_jv_string_value(&r->jv, json_array_get(arr, i), &(*out)[i]));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	return 0;
}

static int zones(struct reader *r, const json_t *o, const char *key, const struct np_zone ***out,
                 size_t *n)
{
	const char **ids;
	NP_TRY(strings(r, o, key, &ids, n));
	if ((*out = np_arena_array(r->arena, *n ? *n : 1, sizeof **out)) == NULL)
		return nomem();
	for (size_t i = 0; i < *n; i++) {
		const char *id = ids[i];
		if (((*out)[i] = np_pack_zone(r->pack, id)) == NULL) {
			np_jv_key(&r->jv, key);
			np_jv_index(&r->jv, i);
			return np_jv_fail(&r->jv, "unknown zone '%s'", id);
		}
	}
	return 0;
}

static int decision(struct reader *r, const json_t *o, enum np_decision *out)
{
	const char *name = NULL;
	NP_TRY(np_jv_string(&r->jv, o, "decision", &name));
	for (int d = NP_PROCEED; d <= NP_DECLINE; d++)
		if (strcmp(name, np_decision_name((enum np_decision)d)) == 0) {
			*out = (enum np_decision)d;
			return 0;
		}
	np_jv_key(&r->jv, "decision");
	return np_jv_fail(&r->jv, "'%s': expected proceed, caution, defer or decline", name);
}

static int day_or_null(struct reader *r, const json_t *o, const char *key, np_day *out)
{
	*out = NP_DAY_NONE;
	if (json_is_null(json_object_get(o, key)))
		return 0;
	return np_jv_date(&r->jv, o, key, out);
}

/* A finding as np_screening_to_json wrote it. */
static int finding(struct reader *r, const json_t *o, struct np_gate_finding *f)
{
	static const char *const keys[] = {"rule",    "decision", "scope",   "until",     "zones",
	                                   "message", "?tier",    "sources", "?unlisted", NULL};
	const char *scope = NULL;
	NP_TRY(np_jv_object(&r->jv, o, keys));
	NP_TRY(np_jv_string(&r->jv, o, "rule", &f->rule));
	NP_TRY(decision(r, o, &f->decision));
	NP_TRY(np_jv_string(&r->jv, o, "scope", &scope));
	f->zone_scoped = strcmp(scope, "zones") == 0;
	NP_TRY(day_or_null(r, o, "until", &f->until));
	NP_TRY(zones(r, o, "zones", &f->zones, &f->n_zones));
	NP_TRY(np_jv_string(&r->jv, o, "message", &f->message));
	return strings(r, o, "sources", &f->sources, &f->n_sources);
}

static int screening(struct reader *r, const json_t *facts, struct np_gate_facts *out)
{
	static const char *const keys[] = {"on", "acknowledged", "latest_intake", "findings", NULL};
	const json_t *o = json_object_get(facts, "screening");
	if (o == NULL || json_is_null(o))
		return 0;
	struct np_gate_screening *s = np_arena_alloc(r->arena, sizeof *s);
	if (s == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "screening");
	NP_TRY(np_jv_object(&r->jv, o, keys));
	NP_TRY(np_jv_date(&r->jv, o, "on", &s->on));
	NP_TRY(np_jv_bool(&r->jv, o, "acknowledged", &s->acknowledged));
	NP_TRY(np_jv_bool(&r->jv, o, "latest_intake", &s->latest_intake));
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&r->jv, o, "findings", &arr));
	s->n_findings = json_array_size(arr);
	s->findings =
	    np_arena_array(r->arena, s->n_findings ? s->n_findings : 1, sizeof *s->findings);
	if (s->findings == NULL)
		return nomem();
	size_t k = np_jv_key(&r->jv, "findings");
	for (size_t i = 0; i < s->n_findings; i++) {
		size_t m = np_jv_index(&r->jv, i);
		NP_TRY(finding(r, json_array_get(arr, i), &s->findings[i]));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, k);
	np_jv_pop(&r->jv, mark);
	out->screening = s;
	return 0;
}

static int consents(struct reader *r, const json_t *facts, struct np_gate_facts *out)
{
	static const char *const keys[] = {"form", "version", "signed_on", "expires_on", NULL};
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&r->jv, facts, "consents", &arr));
	size_t n = json_array_size(arr);
	struct np_gate_consent *c = np_arena_array(r->arena, n ? n : 1, sizeof *c);
	if (c == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "consents");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&r->jv, i);
		const json_t *o = json_array_get(arr, i);
		NP_TRY(np_jv_object(&r->jv, o, keys));
		NP_TRY(np_jv_string(&r->jv, o, "form", &c[i].form));
		NP_TRY(np_jv_string(&r->jv, o, "version", &c[i].version));
		NP_TRY(np_jv_date(&r->jv, o, "signed_on", &c[i].signed_on));
		NP_TRY(np_jv_date(&r->jv, o, "expires_on", &c[i].expires_on));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	out->consents = c;
	out->n_consents = n;
	return 0;
}

static int device_kind(struct reader *r, const json_t *o, const char *key, int *out)
{
	*out = -1;
	const json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v))
		return 0;
	const char *name;
	NP_TRY(np_jv_string(&r->jv, o, key, &name));
	if ((*out = np_pack_device(name)) < 0) {
		np_jv_key(&r->jv, key);
		return np_jv_fail(&r->jv, "unknown device '%s': expected pen, roller, stamp or rf",
		                  name);
	}
	return 0;
}

/* "products": the session's products as the stock knows them. */
static int products(struct reader *r, const json_t *facts, struct np_gate_facts *out)
{
	static const char *const keys[] = {"name",     "lot",       "in_stock", "?sterile",
	                                   "?expires", "?recalled", NULL};
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&r->jv, facts, "products", &arr));
	size_t n = arr ? json_array_size(arr) : 0;
	struct np_gate_product *p = np_arena_array(r->arena, n ? n : 1, sizeof *p);
	if (p == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "products");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&r->jv, i);
		const json_t *o = json_array_get(arr, i);
		NP_TRY(np_jv_object(&r->jv, o, keys));
		NP_TRY(np_jv_string(&r->jv, o, "name", &p[i].name));
		NP_TRY(np_jv_string(&r->jv, o, "lot", &p[i].lot));
		NP_TRY(np_jv_bool(&r->jv, o, "in_stock", &p[i].in_stock));
		NP_TRY(np_jv_bool(&r->jv, o, "sterile", &p[i].sterile));
		if (p[i].in_stock) {
			if (json_object_get(o, "expires") == NULL)
				return np_jv_fail(&r->jv,
				                  "expires: missing: a lot in stock has its "
				                  "expiry date");
			NP_TRY(np_jv_date(&r->jv, o, "expires", &p[i].expires));
			if (!json_is_null(json_object_get(o, "recalled")))
				NP_TRY(np_jv_string(&r->jv, o, "recalled", &p[i].recalled));
		}
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	out->products = p;
	out->n_products = n;
	return 0;
}

static int unit(struct reader *r, const json_t *facts, struct np_gate_facts *out)
{
	static const char *const keys[] = {"seq",     "lot",        "product",  "kind",
	                                   "expires", "single_use", "recalled", "uses",
	                                   "clients", NULL};
	const json_t *o = json_object_get(facts, "unit");
	if (o == NULL || json_is_null(o))
		return 0;
	struct np_gate_unit *u = np_arena_alloc(r->arena, sizeof *u);
	if (u == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "unit");
	NP_TRY(np_jv_object(&r->jv, o, keys));
	NP_TRY(np_jv_int(&r->jv, o, "seq", &u->seq, 1, INT32_MAX));
	NP_TRY(np_jv_string(&r->jv, o, "lot", &u->lot));
	NP_TRY(np_jv_string(&r->jv, o, "product", &u->product));
	NP_TRY(device_kind(r, o, "kind", &u->kind));
	NP_TRY(np_jv_date(&r->jv, o, "expires", &u->expires));
	NP_TRY(np_jv_bool(&r->jv, o, "single_use", &u->single_use));
	if (!json_is_null(json_object_get(o, "recalled")))
		NP_TRY(np_jv_string(&r->jv, o, "recalled", &u->recalled));
	NP_TRY(np_jv_int(&r->jv, o, "uses", &u->uses, 0, INT32_MAX));
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&r->jv, o, "clients", &arr));
	u->n_clients = json_array_size(arr);
	int64_t *clients =
	    np_arena_array(r->arena, u->n_clients ? u->n_clients : 1, sizeof *clients);
	if (clients == NULL)
		return nomem();
	for (size_t i = 0; i < u->n_clients; i++) {
		const json_t *v = json_array_get(arr, i);
		if (!json_is_integer(v)) {
			np_jv_key(&r->jv, "clients");
			np_jv_index(&r->jv, i);
			return np_jv_fail(&r->jv, "expected a client id");
		}
		clients[i] = json_integer_value(v);
	}
	u->clients = clients;
	np_jv_pop(&r->jv, mark);
	out->unit = u;
	return 0;
}

static int events(struct reader *r, const json_t *facts, struct np_gate_facts *out)
{
	static const char *const keys[] = {"type", "onset", NULL};
	json_t *arr = NULL;
	NP_TRY(np_jv_array(&r->jv, facts, "adverse_events", &arr));
	size_t n = json_array_size(arr);
	struct np_gate_event *e = np_arena_array(r->arena, n ? n : 1, sizeof *e);
	if (e == NULL)
		return nomem();
	size_t mark = np_jv_key(&r->jv, "adverse_events");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&r->jv, i);
		const json_t *o = json_array_get(arr, i);
		NP_TRY(np_jv_object(&r->jv, o, keys));
		NP_TRY(np_jv_string(&r->jv, o, "type", &e[i].type));
		NP_TRY(np_jv_date(&r->jv, o, "onset", &e[i].onset));
		np_jv_pop(&r->jv, m);
	}
	np_jv_pop(&r->jv, mark);
	out->events = e;
	out->n_events = n;
	return 0;
}

static int plan(struct reader *r, const json_t *facts, struct np_gate_facts *out)
{
	static const char *const keys[] = {"indication", "sessions", "done",
	                                   "booked",     "zones",    NULL};
	const json_t *o = json_object_get(facts, "plan");
	if (o == NULL || json_is_null(o))
		return 0;
	struct np_gate_plan *p = np_arena_alloc(r->arena, sizeof *p);
	if (p == NULL)
		return nomem();
	const char *indication = NULL;
	size_t mark = np_jv_key(&r->jv, "plan");
	NP_TRY(np_jv_object(&r->jv, o, keys));
	NP_TRY(np_jv_string(&r->jv, o, "indication", &indication));
	if ((p->indication = np_pack_indication(r->pack, indication)) == NULL) {
		np_jv_key(&r->jv, "indication");
		return np_jv_fail(&r->jv, "unknown indication '%s'", indication);
	}
	NP_TRY(np_jv_int(&r->jv, o, "sessions", &p->sessions, 0, 1000));
	NP_TRY(np_jv_int(&r->jv, o, "done", &p->done, 0, 100000));
	NP_TRY(np_jv_int(&r->jv, o, "booked", &p->booked, 0, 100000));
	NP_TRY(zones(r, o, "zones", &p->zones, &p->n_zones));
	np_jv_pop(&r->jv, mark);
	out->plan = p;
	return 0;
}

static int authority(struct reader *r, const json_t *facts, struct np_gate_facts *out)
{
	const char *as = NULL;
	NP_TRY(np_jv_string(&r->jv, facts, "as", &as));
	bool home = strcmp(out->setting->id, "home") == 0;
	out->front_desk = strcmp(as, "reception") == 0;
	if (strcmp(as, "admin") == 0)
		out->authority = home ? NP_AUTHORITY_PRACTITIONER : NP_AUTHORITY_ADMIN;
	else if (strcmp(as, "practitioner") == 0)
		out->authority = NP_AUTHORITY_PRACTITIONER;
	else if (out->front_desk)
		out->authority = NP_AUTHORITY_NONE;
	else {
		np_jv_key(&r->jv, "as");
		return np_jv_fail(&r->jv, "'%s': expected admin, practitioner or reception", as);
	}
	return 0;
}

static int facts(struct reader *r, const json_t *o, struct np_gate_facts *f)
{
	static const char *const keys[] = {
	    "today",     "setting",   "as",    "client",  "?screening",
	    "?consents", "?sessions", "?unit", "?device", "?adverse_events",
	    "?plan",     "?products", NULL};
	const char *setting = NULL;
	int client = 0;
	size_t mark = np_jv_key(&r->jv, "facts");
	NP_TRY(np_jv_object(&r->jv, o, keys));
	NP_TRY(np_jv_date(&r->jv, o, "today", &f->today));
	NP_TRY(np_jv_string(&r->jv, o, "setting", &setting));
	if ((f->setting = np_pack_setting(r->pack, setting)) == NULL) {
		np_jv_key(&r->jv, "setting");
		return np_jv_fail(&r->jv, "unknown setting '%s': expected clinic or home", setting);
	}
	NP_TRY(authority(r, o, f));
	NP_TRY(np_jv_int(&r->jv, o, "client", &client, 1, INT32_MAX));
	f->client = client;
	NP_TRY(screening(r, o, f));
	NP_TRY(consents(r, o, f));
	/* the client's sessions are a history, read as scheduling reads one */
	json_t *sessions = json_object_get(o, "sessions");
	json_t *h = json_pack("{s:s, s:o}", "setting", setting, "sessions",
	                      sessions ? json_incref(sessions) : json_array());
	struct np_history *history = NULL;
	int rc = h ? np_history_from_json(&history, r->pack, h) : nomem();
	json_decref(h);
	if (rc != 0)
		return np_error_prefix("facts");
	r->in->history = history;
	f->history = history;
	NP_TRY(unit(r, o, f));
	NP_TRY(products(r, o, f));
	NP_TRY(device_kind(r, o, "device", &f->device));
	NP_TRY(events(r, o, f));
	NP_TRY(plan(r, o, f));
	np_jv_pop(&r->jv, mark);
	return 0;
}

static int proposal(struct reader *r, const json_t *root)
{
	struct np_gate_input *in = r->in;
	const json_t *session = json_object_get(root, "session");
	const json_t *booking = json_object_get(root, "booking");
	const json_t *plan_request = json_object_get(root, "plan");
	if (!!session + !!booking + !!plan_request != 1)
		return np_jv_fail(&r->jv, "expected one proposal: a session, a booking or a plan");
	if (session) {
		if (np_session_from_json(&in->session, r->pack, session) != 0)
			return np_error_prefix("session");
		return 0;
	}
	if (booking) {
		static const char *const keys[] = {"date", "?override", NULL};
		struct np_gate_booking *b = np_arena_alloc(r->arena, sizeof *b);
		struct np_override *ov = np_arena_alloc(r->arena, sizeof *ov);
		if (b == NULL || ov == NULL)
			return nomem();
		np_jv_key(&r->jv, "booking");
		NP_TRY(np_jv_object(&r->jv, booking, keys));
		NP_TRY(np_jv_date(&r->jv, booking, "date", &b->date));
		if (np_override_from_json(ov, r->pack, booking) != 0)
			return np_error_prefix("booking");
		b->override = ov;
		in->booking = b;
		return 0;
	}
	/* a plan request as 'needlepoint plan' reads it, with the override beside it */
	json_t *req = json_deep_copy(plan_request);
	if (req == NULL)
		return nomem();
	json_object_del(req, "override");
	struct np_plan_request *q = NULL;
	int rc = np_plan_request_from_json(&q, r->pack, req);
	if (rc == 0)
		rc = np_plan_build(&in->plan, r->pack, q);
	np_plan_request_free(q);
	json_decref(req);
	if (rc == 0 && np_override_from_json(&in->plan_override, r->pack, plan_request) != 0)
		rc = np_error_code();
	return rc != 0 ? np_error_prefix("plan") : 0;
}

static int read_input(struct np_gate_input **out, const struct np_pack *pack, const json_t *json,
                      bool with_proposal)
{
	static const char *const keys[] = {"facts", "?session", "?booking", "?plan", NULL};
	*out = NULL;
	struct np_arena *arena;
	struct np_gate_input *in = np_arena_new_object(&arena, sizeof *in);
	if (in == NULL)
		return nomem();
	in->internal = arena;
	in->json = json_incref((json_t *)json);
	struct reader r = {.pack = pack, .arena = arena, .in = in};
	np_jv_init(&r.jv, NP_EINVAL, NULL);
	int rc = 0;
	if (!with_proposal) {
		rc = facts(&r, json, &in->facts);
	} else if ((rc = np_jv_object(&r.jv, json, keys)) == 0 &&
	           (rc = facts(&r, json_object_get(json, "facts"), &in->facts)) == 0) {
		np_jv_init(&r.jv, NP_EINVAL, NULL);
		rc = proposal(&r, json);
	}
	if (rc != 0) {
		np_gate_input_free(in);
		return rc;
	}
	*out = in;
	return 0;
}

int np_gate_input_from_json(struct np_gate_input **out, const struct np_pack *pack,
                            const json_t *json)
{
	return read_input(out, pack, json, true);
}

int np_gate_facts_from_json(struct np_gate_input **out, const struct np_pack *pack,
                            const json_t *facts)
{
	return read_input(out, pack, facts, false);
}

void np_gate_input_free(struct np_gate_input *in)
{
	if (in == NULL)
		return;
	json_decref(in->json);
	np_history_free(in->history);
	np_session_free(in->session);
	np_plan_free(in->plan);
	np_arena_free(in->internal);
}

int np_gate_run(struct np_gate_result **out, const struct np_pack *pack,
                const struct np_gate_input *in)
{
	if (in->session)
		return np_gate_session(out, pack, &in->facts, in->session);
	if (in->booking)
		return np_gate_booking(out, pack, &in->facts, in->booking);
	return np_gate_plan(out, pack, &in->facts, in->plan, &in->plan_override);
}
