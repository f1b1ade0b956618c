/* Logging a session: what was done, zone by zone, with which device and which unit of a lot, and
 * every safety rule checked first. A refusal lists every reason; an override records them. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/aftercare.h"
#include "needlepoint/error.h"

#include <string.h>

#define TEXT_MAX 20000

/* What a session record holds, read from its JSON. */
struct session_in {
	np_day date;
	const char *indication;
	int plan, device, unit;
	json_t *zones, *products;
	int anaesthetic_minutes;
	const char *endpoint, *reactions, *override;
	bool sterilised_before, sterilised_after;
	double deepest;
	int device_kind; /* enum np_device of the device or the unit's product, -1 unknown */
};

struct log_ctx {
	int64_t client;
	const json_t *in;
	const char *override;
	json_t *refusals; /* [{"rule", "message"}] */
	json_t *warnings;
};

static int read_zone(struct np_jv *jv, const struct np_pack *pack, const json_t *z,
                     struct session_in *in)
{
	static const char *const keys[] = {"zone", "depth_mm", "passes", "?pattern", NULL};
	const char *id = NULL, *pattern = NULL;
	double depth;
	int passes;
	NP_TRY(np_jv_object(jv, z, keys));
	NP_TRY(np_jv_string(jv, z, "zone", &id));
	if (np_pack_zone(pack, id) == NULL) {
		np_jv_key(jv, "zone");
		return np_jv_fail(jv, "unknown zone '%s'", id);
	}
	NP_TRY(np_jv_number(jv, z, "depth_mm", &depth, 0.01, 5.0));
	NP_TRY(np_jv_int(jv, z, "passes", &passes, 1, 20));
	NP_TRY(np_store_text(jv, z, "pattern", &pattern, 200));
	if (depth > in->deepest)
		in->deepest = depth;
	return 0;
}

static int read_product(struct np_jv *jv, const json_t *p)
{
	static const char *const keys[] = {"name", "lot", NULL};
	const char *name = NULL, *lot = NULL;
	NP_TRY(np_jv_object(jv, p, keys));
	NP_TRY(np_store_text(jv, p, "name", &name, 200));
	return np_store_text(jv, p, "lot", &lot, 100);
}

static int read_session(const struct np_pack *pack, const json_t *o, struct session_in *in)
{
	static const char *const keys[] = {"date",
	                                   "?indication",
	                                   "?plan",
	                                   "?device",
	                                   "unit",
	                                   "zones",
	                                   "?products",
	                                   "?anaesthetic_minutes",
	                                   "?endpoint",
	                                   "?reactions",
	                                   "?override",
	                                   "?sterilised_before",
	                                   "?sterilised_after",
	                                   NULL};
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	size_t n;
	NP_TRY(np_jv_object(&jv, o, keys));
	NP_TRY(np_jv_date(&jv, o, "date", &in->date));
	NP_TRY(np_jv_string(&jv, o, "indication", &in->indication));
	if (in->indication && np_pack_indication(pack, in->indication) == NULL) {
		np_jv_key(&jv, "indication");
		return np_jv_fail(&jv, "unknown indication '%s'", in->indication);
	}
	NP_TRY(np_jv_int(&jv, o, "plan", &in->plan, 1, 2147483647));
	NP_TRY(np_jv_int(&jv, o, "device", &in->device, 1, 2147483647));
	NP_TRY(np_jv_int(&jv, o, "unit", &in->unit, 1, 2147483647));
	NP_TRY(np_jv_list(&jv, o, "zones", &in->zones, &n));
	size_t mark = np_jv_key(&jv, "zones");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&jv, i);
		NP_TRY(read_zone(&jv, pack, json_array_get(in->zones, i), in));
		for (size_t j = 0; j < i; j++)
			if (json_equal(json_object_get(json_array_get(in->zones, j), "zone"),
			               json_object_get(json_array_get(in->zones, i), "zone")))
				return np_jv_fail(&jv, "zone '%s' is listed twice",
				                  json_string_value(json_object_get(
				                      json_array_get(in->zones, i), "zone")));
		np_jv_pop(&jv, m);
	}
	np_jv_pop(&jv, mark);
	NP_TRY(np_jv_array(&jv, o, "products", &in->products));
	mark = np_jv_key(&jv, "products");
	for (size_t i = 0; i < json_array_size(in->products); i++) {
		size_t m = np_jv_index(&jv, i);
		NP_TRY(read_product(&jv, json_array_get(in->products, i)));
		np_jv_pop(&jv, m);
	}
	np_jv_pop(&jv, mark);
	NP_TRY(np_jv_int(&jv, o, "anaesthetic_minutes", &in->anaesthetic_minutes, 0, 240));
	NP_TRY(np_store_text(&jv, o, "endpoint", &in->endpoint, TEXT_MAX));
	NP_TRY(np_store_text(&jv, o, "reactions", &in->reactions, TEXT_MAX));
	NP_TRY(np_store_text(&jv, o, "override", &in->override, TEXT_MAX));
	NP_TRY(np_jv_bool(&jv, o, "sterilised_before", &in->sterilised_before));
	return np_jv_bool(&jv, o, "sterilised_after", &in->sterilised_after);
}

/* The screening in force: the latest, on the latest health history, current on the day. */
static int check_screening(struct np_store *s, const struct np_actor *a, struct log_ctx *c,
                           const struct session_in *in)
{
	struct np_db_result *r = NULL, *i = NULL;
	struct np_db_value p[] = {NP_DB_I(c->client), NP_DB_I(a->clinic_id)};
	int rc = np_db_query(s->db, &r, NP_SQL_SCREENING_LATEST, p, 2);
	if (rc == 0)
		rc = np_db_query(s->db, &i, NP_SQL_INTAKE_LATEST, p, 2);
	if (rc != 0)
		goto done;
	char date[NP_DATE_LEN];
	np_date_format(in->date, date);
	if (r->rows == 0) {
		rc = np_refuse(c->refusals, "screening", "no screening: screen the client first");
		goto done;
	}
	np_day on;
	np_date_parse(&on, np_db_text(r, 0, 4));
	const char *decision = np_db_text(r, 0, 5);
	int valid = s->pack->records.screening_valid_days;
	if (np_db_int(r, 0, 2) != np_db_int(i, 0, 0))
		rc = np_refuse(c->refusals, "screening",
		               "screening %s is stale: a newer health history (version "
		               "%lld) was added since",
		               np_db_text(r, 0, 0), (long long)np_db_int(i, 0, 2));
	else if (on > in->date)
		rc = np_refuse(c->refusals, "screening",
		               "screening %s is dated %s, after the session", np_db_text(r, 0, 0),
		               np_db_text(r, 0, 4));
	else if (in->date - on >= valid)
		rc = np_refuse(c->refusals, "screening",
		               "screening %s of %s is stale: a screening is current "
		               "for %d days",
		               np_db_text(r, 0, 0), np_db_text(r, 0, 4), valid);
	else if (strcmp(decision, "caution") == 0 && np_db_text(r, 0, 12) == NULL)
		rc = np_refuse(c->refusals, "screening",
		               "screening %s is a caution that no practitioner has "
		               "acknowledged",
		               np_db_text(r, 0, 0));
	else if (strcmp(decision, "defer") == 0 || strcmp(decision, "decline") == 0)
		rc = np_refuse(c->refusals, "screening", "screening %s says %s%s%s",
		               np_db_text(r, 0, 0), decision, np_db_text(r, 0, 6) ? " until " : "",
		               np_db_text(r, 0, 6) ? np_db_text(r, 0, 6) : "");
	/* zones the screening excluded */
	json_t *result = rc == 0 ? json_loads(np_db_text(r, 0, 9), 0, NULL) : NULL;
	size_t k, z;
	json_t *ex, *zone;
	json_array_foreach(json_object_get(result, "excluded_zones"), k, ex)
	{
		json_array_foreach(in->zones, z, zone)
		{
			if (rc == 0 && json_equal(json_object_get(zone, "zone"), ex))
				rc = np_refuse(c->refusals, "screening_zone",
				               "zone %s was excluded by screening %s",
				               json_string_value(ex), np_db_text(r, 0, 0));
		}
	}
	json_decref(result);
done:
	np_db_result_free(r);
	np_db_result_free(i);
	return rc;
}

static int check_consent(struct np_store *s, const struct np_actor *a, struct log_ctx *c,
                         const struct session_in *in)
{
	const struct np_consent_form *f = s->pack->records.required_consent;
	char date[NP_DATE_LEN];
	np_date_format(in->date, date);
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(c->client), NP_DB_I(a->clinic_id), NP_DB_T(f->id),
	                          NP_DB_T(date)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_CONSENT_CURRENT, p, 4));
	int rc = r->rows ? 0
	                 : np_refuse(c->refusals, "consent",
	                             "no valid '%s' consent on %s: it is signed with "
	                             "'consent sign' and is due again after %d months",
	                             f->id, date, f->valid_months);
	np_db_result_free(r);
	return rc;
}

/* Each zone's depth within its range and the setting's cap, with a device the zone allows. */
static int check_zones(struct np_store *s, const struct np_actor *a, struct log_ctx *c,
                       const struct session_in *in)
{
	const struct np_setting *setting = np_pack_setting(s->pack, a->home ? "home" : "clinic");
	size_t i;
	json_t *zone;
	json_array_foreach(in->zones, i, zone)
	{
		const struct np_zone *z =
		    np_pack_zone(s->pack, json_string_value(json_object_get(zone, "zone")));
		double d = json_number_value(json_object_get(zone, "depth_mm"));
		int passes = (int)json_integer_value(json_object_get(zone, "passes"));
		if (d < z->depth_mm[0] || d > z->depth_mm[1])
			NP_TRY(np_refuse(c->refusals, "depth",
			                 "zone %s: %g mm is outside its range %g-%g mm", z->id, d,
			                 z->depth_mm[0], z->depth_mm[1]));
		if (d > setting->depth_cap_mm)
			NP_TRY(np_refuse(c->refusals, "depth_cap",
			                 "zone %s: %g mm is deeper than the %s cap of %g mm", z->id,
			                 d, setting->id, setting->depth_cap_mm));
		if (in->device_kind < 0)
			continue;
		const struct np_device_info *dev = &s->pack->devices[in->device_kind];
		if (!(z->devices & (1u << in->device_kind)))
			NP_TRY(np_refuse(c->refusals, "device",
			                 "zone %s may not be treated with a %s", z->id, dev->id));
		if (passes < dev->passes_range[0] || passes > dev->passes_range[1])
			NP_TRY(np_refuse(c->refusals, "passes",
			                 "zone %s: %d passes, the %s takes %d-%d", z->id, passes,
			                 dev->id, dev->passes_range[0], dev->passes_range[1]));
	}
	if (in->device_kind >= 0 && !(setting->devices & (1u << in->device_kind)))
		NP_TRY(np_refuse(c->refusals, "device", "a %s is not used in the %s setting",
		                 s->pack->devices[in->device_kind].id, setting->id));
	return 0;
}

struct unit_state {
	int64_t lot_id, uses;
	bool single_use;
};

static int check_unit(struct np_store *s, const struct np_actor *a, struct log_ctx *c,
                      const struct session_in *in, struct unit_state *u)
{
	struct np_db_result *r = NULL;
	int rc = np_store_get(s, &r, NP_SQL_UNIT_GET, in->unit, a->clinic_id, "unit");
	if (rc != 0)
		return np_error_prefix("unit");
	u->lot_id = np_db_int(r, 0, 1);
	u->uses = np_db_int(r, 0, 3);
	u->single_use = np_db_int(r, 0, 7) != 0;
	const char *lot = np_db_text(r, 0, 5), *expires = np_db_text(r, 0, 6);
	char date[NP_DATE_LEN];
	np_date_format(in->date, date);
	int limit = s->pack->home.roller_replace_after_uses;
	if (u->single_use && u->uses > 0)
		rc =
		    np_refuse(c->refusals, "single_use",
		              "unit %d of lot %s is single use and was used before", in->unit, lot);
	else if (!u->single_use && u->uses >= limit)
		rc = np_refuse(c->refusals, "replace",
		               "unit %d of lot %s has been used %lld times: replace it "
		               "after %d uses",
		               in->unit, lot, (long long)u->uses, limit);
	if (rc == 0 && strcmp(expires, date) < 0)
		rc = np_refuse(c->refusals, "expired", "lot %s expired on %s", lot, expires);
	np_db_result_free(r);
	return rc;
}

static int check_events(struct np_store *s, const struct np_actor *a, struct log_ctx *c)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(c->client), NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_AE_OPEN, p, 2));
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < r->rows; i++)
		rc = np_refuse(c->refusals, "adverse_event",
		               "adverse event %s (%s, since %s) is still open", np_db_text(r, i, 0),
		               np_db_text(r, i, 3), np_db_text(r, i, 5));
	np_db_result_free(r);
	return rc;
}

/* The device named, of this clinic, gives the device kind the zone checks need. */
static int read_device(struct np_store *s, const struct np_actor *a, struct session_in *in)
{
	in->device_kind = -1;
	if (!in->device)
		return 0;
	struct np_db_result *r = NULL;
	int rc = np_store_get(s, &r, NP_SQL_DEVICE_GET, in->device, a->clinic_id, "device");
	if (rc != 0)
		return np_error_prefix("device");
	in->device_kind = np_pack_device(np_db_text(r, 0, 1));
	np_db_result_free(r);
	return 0;
}

/* The plan the session belongs to: the one named, else the client's latest, if any. */
static int read_plan(struct np_store *s, const struct np_actor *a, struct log_ctx *c,
                     struct session_in *in, int64_t *plan_id, json_t **course)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(in->plan ? in->plan : c->client), NP_DB_I(a->clinic_id)};
	int rc = np_db_query(s->db, &r, in->plan ? NP_SQL_PLAN_GET : NP_SQL_PLAN_LATEST, p, 2);
	if (rc != 0)
		return rc;
	if (r->rows == 0 || np_db_int(r, 0, 1) != c->client) {
		np_db_result_free(r);
		return in->plan ? np_error_set(NP_ENOTFOUND,
		                               "plan: plan %d of client %lld: no such "
		                               "record",
		                               in->plan, (long long)c->client)
		                : 0;
	}
	*plan_id = np_db_int(r, 0, 0);
	int64_t planned = np_db_int(r, 0, 3), number = np_db_int(r, 0, 10) + 1;
	const struct np_indication *planned_for = np_pack_indication(s->pack, np_db_text(r, 0, 2));
	if (in->indication == NULL && planned_for) /* the plan's: the pack's string outlives r */
		in->indication = planned_for->id;
	*course = json_pack("{s:I, s:I, s:I}", "plan", (json_int_t)*plan_id, "session",
	                    (json_int_t)number, "of", (json_int_t)planned);
	if (number > planned)
		json_array_append_new(
		    c->warnings, json_sprintf("session %lld of %lld: beyond the planned course",
		                              (long long)number, (long long)planned));
	np_db_result_free(r);
	return 0;
}

static json_t *aftercare_for(const struct np_pack *pack, const struct session_in *in)
{
	struct np_aftercare_sheet *sheet = NULL;
	if (np_aftercare_build(&sheet, pack, in->date, in->deepest, in->device_kind) != 0)
		return json_null();
	json_t *j = np_aftercare_to_json(sheet);
	np_aftercare_free(sheet);
	return j;
}

static int session_log(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	struct log_ctx *c = ctx;
	struct session_in in = {.device_kind = -1};
	NP_TRY(np_store_client_check(s, a, c->client));
	NP_TRY(read_session(s->pack, c->in, &in));
	NP_TRY(read_device(s, a, &in));
	const char *override = c->override ? c->override : in.override;
	if (override && override[strspn(override, " \t")] == '\0')
		return np_error_set(NP_EINVAL, "override: an override needs its reason");
	int64_t plan_id = 0;
	json_t *course = NULL;
	struct unit_state unit = {0};
	NP_TRY(read_plan(s, a, c, &in, &plan_id, &course));
	int rc = check_screening(s, a, c, &in);
	if (rc == 0)
		rc = check_consent(s, a, c, &in);
	if (rc == 0)
		rc = np_store_check_rest(s, a, c->client, in.date, in.zones, c->refusals);
	if (rc == 0)
		rc = check_zones(s, a, c, &in);
	if (rc == 0)
		rc = check_unit(s, a, c, &in, &unit);
	if (rc == 0)
		rc = check_events(s, a, c);
	if (rc == 0 && a->home && in.device_kind == NP_DEVICE_ROLLER && !in.sterilised_before)
		rc = np_refuse(c->refusals, "sterilise", "%s", s->pack->home.sterilise);
	if (rc == 0 && a->home && !in.sterilised_after)
		json_array_append_new(c->warnings, json_sprintf("%s", s->pack->home.sterilise));
	if (rc == 0 && json_array_size(c->refusals) > 0 && override == NULL)
		rc = np_refused(c->refusals, "session",
		                "a practitioner may log it with --override \"reason\"");
	if (rc == 0 && json_array_size(c->refusals) > 0 && a->role != NP_ROLE_PRACTITIONER &&
	    !a->home)
		rc = np_error_set(NP_EFORBIDDEN, "%s '%s' may not override: a practitioner does",
		                  np_role_name(a->role), a->name);
	/* take the unit: of two sessions racing for it, one moves its count and the other fails */
	int64_t moved = 0;
	struct np_db_value use[] = {NP_DB_I(in.unit), NP_DB_I(a->clinic_id), NP_DB_I(unit.uses)};
	if (rc == 0)
		rc = np_db_run(s->db, NP_SQL_UNIT_USE, use, 3, &moved);
	if (rc == 0 && moved != 1)
		rc = np_error_set(NP_EREFUSED,
		                  "session refused:\n  single_use: unit %d was just "
		                  "used by another session",
		                  in.unit);
	json_t *body = NULL;
	char *text = NULL, *overridden = NULL;
	int64_t id = 0;
	if (rc == 0) {
		body = json_deep_copy(c->in);
		json_object_del(body, "override");
		json_object_set_new(body, "aftercare", aftercare_for(s->pack, &in));
		if (json_array_size(c->warnings))
			json_object_set(body, "warnings", c->warnings);
		if (course)
			json_object_set(body, "course", course);
		text = json_dumps(body, JSON_COMPACT | JSON_REAL_PRECISION(10));
		if (json_array_size(c->refusals))
			overridden = json_dumps(c->refusals, JSON_COMPACT);
		char date[NP_DATE_LEN], at[32];
		np_date_format(in.date, date);
		np_store_now(at, sizeof at);
		struct np_db_value p[] = {NP_DB_I(a->clinic_id),
		                          NP_DB_I(c->client),
		                          plan_id ? NP_DB_I(plan_id) : NP_DB_NONE,
		                          NP_DB_T(date),
		                          NP_DB_I(a->user_id),
		                          in.device ? NP_DB_I(in.device) : NP_DB_NONE,
		                          NP_DB_I(in.unit),
		                          NP_DB_I(unit.uses + 1),
		                          NP_DB_T(in.indication),
		                          NP_DB_T(text),
		                          NP_DB_T(overridden ? override : NULL),
		                          NP_DB_T(overridden),
		                          NP_DB_T(at)};
		rc = text ? np_store_insert(s, NP_SQL_SESSION_ADD, p, 13, &id) : np_store_nomem();
	}
	size_t i;
	json_t *prod;
	json_array_foreach(in.products, i, prod)
	{
		struct np_db_value p[] = {NP_DB_I(id), NP_DB_I(a->clinic_id),
		                          NP_DB_T(json_string_value(json_object_get(prod, "name"))),
		                          NP_DB_T(json_string_value(json_object_get(prod, "lot")))};
		if (rc == 0)
			rc = np_db_run(s->db, NP_SQL_SESSION_LOT_ADD, p, 4, NULL);
	}
	free(text);
	free(overridden);
	json_decref(body);
	json_decref(course);
	NP_TRY(rc);
	NP_TRY(np_audit_append(s, a, "create", "session", id, c->client));
	return np_session_json(s, a, id, out);
}

int np_session_log(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                   const json_t *in, const char *override)
{
	struct log_ctx ctx = {.client = client, .in = in, .override = override};
	ctx.refusals = json_array();
	ctx.warnings = json_array();
	int rc = ctx.refusals && ctx.warnings
	             ? np_store_tx(s, a, NP_ROLES_CLINICAL, "log sessions", session_log, &ctx, out)
	             : np_store_nomem();
	json_decref(ctx.refusals);
	json_decref(ctx.warnings);
	return rc;
}
