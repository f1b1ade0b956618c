/* The facts of a client's record the safety gate reads, gathered in one read inside the caller's
 * transaction, in the gate's own JSON shape (docs/json.md, "gate"), so that what the records
 * decide on is what the golden tests decide on. Nothing is decided here. */
#include "store_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/gate.h"

#include <string.h>

/* Zone ids the pack still knows, from a list of ids or of objects with "zone": a record made
 * under an older pack reads without the zones it no longer has. */
static bool known_zone(const struct np_pack *pack, const json_t *id)
{
	return json_is_string(id) && np_pack_zone(pack, json_string_value(id)) != NULL;
}

static json_t *screening(struct np_store *s, const struct np_actor *a, int64_t client)
{
	struct np_db_result *r = NULL, *i = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	json_t *out = NULL;
	if (np_db_query(s->db, &r, NP_SQL_SCREENING_LATEST, p, 2) != 0 ||
	    np_db_query(s->db, &i, NP_SQL_INTAKE_LATEST, p, 2) != 0)
		goto done;
	if (r->rows == 0) {
		out = json_null();
		goto done;
	}
	json_t *body = json_loads(np_db_text(r, 0, 9), 0, NULL);
	json_t *findings = json_array();
	size_t k;
	json_t *f;
	json_array_foreach(json_object_get(body, "findings"), k, f)
	{
		json_t *copy = json_deep_copy(f), *zones = json_object_get(copy, "zones");
		for (size_t z = json_array_size(zones); z-- > 0;)
			if (!known_zone(s->pack, json_array_get(zones, z)))
				json_array_remove(zones, z);
		json_array_append_new(findings, copy);
	}
	json_decref(body);
	out = json_pack("{s:s, s:b, s:b, s:o}", "on", np_db_text(r, 0, 4), "acknowledged",
	                np_db_text(r, 0, 12) != NULL, "latest_intake",
	                i->rows > 0 && np_db_int(i, 0, 0) == np_db_int(r, 0, 2), "findings",
	                findings);
	if (out == NULL)
		np_store_nomem();
done:
	np_db_result_free(r);
	np_db_result_free(i);
	return out;
}

static json_t *consents(struct np_store *s, const struct np_actor *a, int64_t client)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	if (np_db_query(s->db, &r, NP_SQL_CONSENT_LIST, p, 2) != 0)
		return NULL;
	json_t *all = json_array();
	for (size_t i = 0; all && i < r->rows; i++)
		json_array_append_new(
		    all, json_pack("{s:s, s:s, s:s, s:s}", "form", np_db_text(r, i, 2), "version",
		                   np_db_text(r, i, 3), "signed_on", np_db_text(r, i, 7),
		                   "expires_on", np_db_text(r, i, 8)));
	np_db_result_free(r);
	return all;
}

/* The longest rest the pack can ask for after any session: its rest ladder's longest step (an
 * indication's own rest is only ever shorter). */
static int longest_rest(const struct np_pack *pack)
{
	int days = 0;
	for (size_t i = 0; i < pack->n_rest; i++)
		if (pack->rest[i].rest_days > days)
			days = pack->rest[i].rest_days;
	return days;
}

/* The client's sessions as scheduling reads them (the day, the indication, each zone's depth):
 * those whose rest may still be running. A session more than the longest rest before the latest
 * one has a rest that ended before a session that came after it, so no rule reads it; the cost
 * of a chart or a log is the few sessions of the last weeks, not the client's whole history. */
static json_t *sessions(struct np_store *s, const struct np_actor *a, int64_t client, np_day on)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id), NP_DB_NONE};
	if (np_db_query(s->db, &r, NP_SQL_SESSION_LAST_DAY, p, 2) != 0)
		return NULL;
	np_day last = NP_DAY_NONE;
	const char *day = r->rows ? np_db_text(r, 0, 0) : NULL; /* NULL: no session yet */
	if (day && np_date_parse(&last, day) != 0)
		last = NP_DAY_NONE;
	np_db_result_free(r);
	if (last == NP_DAY_NONE)
		return json_array();
	char since[NP_DATE_LEN];
	/* a day asked about before the latest session (a record made late) reads back from there */
	np_date_format((on != NP_DAY_NONE && on < last ? on : last) - longest_rest(s->pack), since);
	p[2] = NP_DB_T(since);
	if (np_db_query(s->db, &r, NP_SQL_SESSION_SINCE, p, 3) != 0)
		return NULL;
	json_t *all = json_array();
	for (size_t i = 0; all && i < r->rows; i++) {
		const char *text = np_db_text(r, i, 2);
		json_t *recorded = text ? json_loads(text, 0, NULL) : NULL, *zones = json_array();
		size_t k;
		json_t *z;
		json_array_foreach(recorded, k, z)
		{
			if (known_zone(s->pack, json_object_get(z, "zone")))
				json_array_append_new(
				    zones,
				    json_pack("{s:O, s:O}", "zone", json_object_get(z, "zone"),
				              "depth_mm", json_object_get(z, "depth_mm")));
		}
		json_decref(recorded);
		const char *ind = np_db_text(r, i, 1);
		if (json_array_size(zones) == 0) {
			json_decref(zones);
			continue;
		}
		json_t *one = json_pack("{s:s, s:o}", "date", np_db_text(r, i, 0), "zones", zones);
		if (one && ind && np_pack_indication(s->pack, ind))
			json_object_set_new(one, "indication", json_string(ind));
		json_array_append_new(all, one);
	}
	np_db_result_free(r);
	return all;
}

int np_store_history(struct np_history **out, struct np_store *s, const struct np_actor *a,
                     int64_t client, np_day on)
{
	*out = NULL;
	json_t *all = sessions(s, a, client, on);
	if (all == NULL)
		return np_error_code() != NP_OK ? np_error_code() : np_store_nomem();
	json_t *h =
	    json_pack("{s:s, s:o}", "setting", a->home ? "home" : "clinic", "sessions", all);
	int rc = h ? np_history_from_json(out, s->pack, h) : np_store_nomem();
	json_decref(h);
	return rc;
}

static json_t *unit(struct np_store *s, const struct np_actor *a, int64_t id)
{
	struct np_db_result *r = NULL, *c = NULL;
	if (np_store_get(s, &r, NP_SQL_UNIT_GET, id, a->clinic_id, "unit") != 0) {
		np_error_prefix("unit");
		return NULL;
	}
	struct np_db_value p[] = {NP_DB_I(id), NP_DB_I(a->clinic_id)};
	json_t *out = NULL;
	if (np_db_query(s->db, &c, NP_SQL_UNIT_CLIENTS, p, 2) == 0) {
		json_t *clients = json_array();
		for (size_t i = 0; clients && i < c->rows; i++)
			json_array_append_new(clients, json_integer(np_db_int(c, i, 0)));
		out = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:b, s:s?, s:I, s:o}", "seq",
		                (json_int_t)np_db_int(r, 0, 2), "lot", np_db_text(r, 0, 5),
		                "product", np_db_text(r, 0, 4), "kind", np_db_text(r, 0, 8),
		                "expires", np_db_text(r, 0, 6), "single_use",
		                np_db_int(r, 0, 7) != 0, "recalled", np_db_text(r, 0, 9), "uses",
		                (json_int_t)np_db_int(r, 0, 3), "clients", clients);
		if (out == NULL)
			np_store_nomem();
	}
	np_db_result_free(r);
	np_db_result_free(c);
	return out;
}

static json_t *device(struct np_store *s, const struct np_actor *a, int64_t id)
{
	struct np_db_result *r = NULL;
	if (np_store_get(s, &r, NP_SQL_DEVICE_GET, id, a->clinic_id, "device") != 0) {
		np_error_prefix("device");
		return NULL;
	}
	json_t *out = json_string(np_db_text(r, 0, 1));
	np_db_result_free(r);
	return out ? out : (np_store_nomem(), NULL);
}

static json_t *events(struct np_store *s, const struct np_actor *a, int64_t client)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	if (np_db_query(s->db, &r, NP_SQL_AE_OPEN, p, 2) != 0)
		return NULL;
	json_t *all = json_array();
	for (size_t i = 0; all && i < r->rows; i++)
		json_array_append_new(all, json_pack("{s:s, s:s}", "type", np_db_text(r, i, 3),
		                                     "onset", np_db_text(r, i, 5)));
	np_db_result_free(r);
	return all;
}

/* The plan named, else the client's latest (none: null); *id its id, 0 for none. */
static json_t *plan(struct np_store *s, const struct np_actor *a, int64_t client, int64_t named,
                    int64_t *id)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(named ? named : client), NP_DB_I(a->clinic_id)};
	*id = 0;
	if (np_db_query(s->db, &r, named ? NP_SQL_PLAN_GET : NP_SQL_PLAN_LATEST, p, 2) != 0)
		return NULL;
	if (r->rows == 0 || np_db_int(r, 0, 1) != client) {
		np_db_result_free(r);
		if (named)
			np_error_set(NP_ENOTFOUND, "plan: plan %lld of client %lld: no such record",
			             (long long)named, (long long)client);
		return named ? NULL : json_null();
	}
	*id = np_db_int(r, 0, 0);
	int64_t booked = 0;
	struct np_db_value q[] = {NP_DB_I(*id), NP_DB_I(a->clinic_id)};
	json_t *out = NULL;
	if (np_store_scalar(s, NP_SQL_APPT_BOOKED_AHEAD, q, 2, &booked) == 0) {
		json_t *body = json_loads(np_db_text(r, 0, 5), 0, NULL), *zones = json_array();
		size_t k;
		json_t *z;
		json_array_foreach(json_object_get(body, "zones"), k, z)
		{
			if (known_zone(s->pack, json_object_get(z, "zone")))
				json_array_append(zones, json_object_get(z, "zone"));
		}
		json_decref(body);
		out = json_pack("{s:s, s:I, s:I, s:I, s:o}", "indication", np_db_text(r, 0, 2),
		                "sessions", (json_int_t)np_db_int(r, 0, 3), "done",
		                (json_int_t)np_db_int(r, 0, 10), "booked", (json_int_t)booked,
		                "zones", zones);
		if (out == NULL)
			np_store_nomem();
	}
	np_db_result_free(r);
	return out;
}

/* The session's products as the stock knows them: each by its lot number among the product lots. */
static json_t *products(struct np_store *s, const struct np_actor *a, const json_t *named)
{
	json_t *all = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(named, i, p)
	{
		const char *name = json_string_value(json_object_get(p, "name"));
		const char *lot = json_string_value(json_object_get(p, "lot"));
		if (all == NULL || name == NULL || lot == NULL)
			continue; /* the session reader names what is wrong with it */
		struct np_db_result *r = NULL;
		struct np_db_value q[] = {NP_DB_I(a->clinic_id), NP_DB_T(lot), NP_DB_T(name)};
		if (np_db_query(s->db, &r, NP_SQL_PRODUCT_LOT, q, 3) != 0) {
			json_decref(all);
			return NULL;
		}
		json_t *one =
		    r->rows
		        ? json_pack("{s:s, s:s, s:b, s:b, s:s, s:s?}", "name", name, "lot", lot,
		                    "in_stock", 1, "sterile", np_db_int(r, 0, 3) != 0, "expires",
		                    np_db_text(r, 0, 2), "recalled", np_db_text(r, 0, 4))
		        : json_pack("{s:s, s:s, s:b}", "name", name, "lot", lot, "in_stock", 0);
		np_db_result_free(r);
		json_array_append_new(all, one);
	}
	return all;
}

int np_store_facts(struct np_gate_input **out, struct np_store *s, const struct np_actor *a,
                   int64_t client, const struct np_facts_want *want, int64_t *plan_id)
{
	*out = NULL;
	*plan_id = 0;
	char today[NP_DATE_LEN];
	np_date_format(a->today, today);
	json_t *facts = json_pack("{s:s, s:s, s:s, s:I}", "today", today, "setting",
	                          a->home ? "home" : "clinic", "as", np_role_name(a->role),
	                          "client", (json_int_t)client);
	if (facts == NULL)
		return np_store_nomem();
	np_error_clear();
	struct {
		const char *key;
		json_t *value;
	} parts[] = {
	    {"screening", screening(s, a, client)},
	    {"consents", consents(s, a, client)},
	    {"sessions", sessions(s, a, client, want->on ? want->on : a->today)},
	    {"unit", want->unit ? unit(s, a, want->unit) : json_null()},
	    {"device", want->device ? device(s, a, want->device) : json_null()},
	    {"adverse_events", events(s, a, client)},
	    {"plan", plan(s, a, client, want->plan, plan_id)},
	    {"products", want->products ? products(s, a, want->products) : json_array()},
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i].value == NULL && rc == 0)
			rc = np_error_code() != NP_OK ? np_error_code() : np_store_nomem();
		if (parts[i].value)
			json_object_set_new(facts, parts[i].key, parts[i].value);
	}
	if (rc == 0 && np_gate_facts_from_json(out, s->pack, facts) != 0) {
		char why[900];
		snprintf(why, sizeof why, "%s", np_error_last());
		rc = np_error_set(NP_EDB, "the client's stored record does not read: %s", why);
	}
	json_decref(facts);
	return rc;
}
