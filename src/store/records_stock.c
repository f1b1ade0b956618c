/* Stock: devices (pens, rollers, stamps; the clinic's or a home client's) and lots of cartridges,
 * rollers and products, each lot with its units so that a single-use unit is used once. */
#include "store_internal.h"

#include "migrate.h"
#include "needlepoint/error.h"
#include "needlepoint/gate.h"

#include <string.h>

/* A lot's units are rows; a delivery of more than this is a typing mistake. */
#define LOT_MAX_UNITS 10000

static const struct np_col device_cols[] = {
    {"id", 'i'},        {"kind", 't'},       {"model", 't'}, {"serial", 't'},
    {"client_id", 'i'}, {"created_at", 't'}, {NULL, 0}};

static const struct np_col lot_cols[] = {
    {"id", 'i'},       {"product", 't'},     {"lot", 't'},           {"expires", 't'},
    {"quantity", 'i'}, {"single_use", 'b'},  {"created_at", 't'},    {"units_unused", 'i'},
    {"kind", 't'},     {"recalled_at", 't'}, {"recall_reason", 't'}, {"sterile", 'b'},
    {NULL, 0}};

/* A lot of kind "product" is a product for the skin (a glide, a serum), not needles. */
static bool is_product(const char *kind)
{
	return kind != NULL && strcmp(kind, "product") == 0;
}

static int device_add(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"kind", "serial", "?model", "?client", NULL};
	const json_t *in = ctx;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *kind = NULL, *serial = NULL, *model = NULL;
	int client = 0;
	NP_TRY(np_jv_object(&jv, in, keys));
	NP_TRY(np_store_text(&jv, in, "kind", &kind, 20));
	if (np_pack_device(kind) < 0) {
		np_jv_key(&jv, "kind");
		return np_jv_fail(&jv, "unknown device '%s': expected pen, roller, stamp or rf",
		                  kind);
	}
	NP_TRY(np_store_text(&jv, in, "serial", &serial, 200));
	if (*serial == '\0') {
		np_jv_key(&jv, "serial");
		return np_jv_fail(&jv, "empty: a device is known by its serial number");
	}
	NP_TRY(np_store_text(&jv, in, "model", &model, 200));
	NP_TRY(np_jv_int(&jv, in, "client", &client, 1, 2147483647));
	if (client) {
		struct np_db_result *r = NULL;
		int rc = np_store_get(s, &r, NP_SQL_CLIENT_GET, client, a->clinic_id, "client");
		np_db_result_free(r);
		if (rc != 0)
			return np_error_prefix("client");
	}
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id),
	                          NP_DB_T(kind),
	                          NP_DB_T(model),
	                          NP_DB_T(serial),
	                          client ? NP_DB_I(client) : NP_DB_NONE,
	                          NP_DB_T(at)};
	int64_t id;
	int rc = np_store_insert(s, NP_SQL_DEVICE_ADD, p, 6, &id);
	if (rc == NP_ECONFLICT)
		return np_error_set(rc, "serial: a device '%s' exists already", serial);
	NP_TRY(rc);
	NP_TRY(np_audit_write(s, a, "create", "device", id, client));
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_DEVICE_GET, id, a->clinic_id, "device"));
	rc = np_store_answer(out, np_row_json(r, 0, device_cols));
	np_db_result_free(r);
	return rc;
}

int np_device_add(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in)
{
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "add devices", device_add, (void *)in, out);
}

static int device_list(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_DEVICE_LIST, p, 1));
	int rc = np_store_answer(out, np_rows_json(r, device_cols));
	np_db_result_free(r);
	return rc;
}

int np_device_list(json_t **out, struct np_store *s, const struct np_actor *a)
{
	return np_store_read(s, a, NP_ROLES_ANY, "list devices", device_list, NULL, out);
}

/* A product lot's units (packets) may go on open channels today when the gate takes the lot:
 * sterile, in date, not recalled. */
static int product_usable(struct np_store *s, const struct np_actor *a,
                          const struct np_db_result *lot, np_day expires, json_t *units)
{
	struct np_gate_product product = {.name = np_db_text(lot, 0, 1),
	                                  .lot = np_db_text(lot, 0, 2),
	                                  .in_stock = true,
	                                  .sterile = np_db_int(lot, 0, 11) != 0,
	                                  .expires = expires,
	                                  .recalled = np_db_text(lot, 0, 10)};
	struct np_gate_facts facts = {.today = a->today,
	                              .setting =
	                                  np_pack_setting(s->pack, a->home ? "home" : "clinic"),
	                              .device = -1,
	                              .products = &product,
	                              .n_products = 1};
	struct np_gate_result *r = NULL;
	NP_TRY(np_gate_products(&r, s->pack, &facts));
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u)
	{
		json_object_set_new(u, "usable", json_boolean(r->n_refusals == 0));
		json_object_set_new(
		    u, "why", r->n_refusals ? json_string(r->refusals[0].message) : json_null());
	}
	np_gate_free(r);
	return 0;
}

/* Whether each unit could serve a session today, whoever it is for, as the gate says: "usable",
 * and "why" not, in its words. The session screen offers what the gate would take. */
static int usable(struct np_store *s, const struct np_actor *a, const struct np_db_result *lot,
                  json_t *units)
{
	np_day expires;
	np_date_parse(&expires, np_db_text(lot, 0, 3));
	const char *kind = np_db_text(lot, 0, 8);
	if (is_product(kind))
		return product_usable(s, a, lot, expires, units);
	struct np_gate_unit unit = {.lot = np_db_text(lot, 0, 2),
	                            .product = np_db_text(lot, 0, 1),
	                            .kind = kind ? np_pack_device(kind) : -1,
	                            .expires = expires,
	                            .single_use = np_db_int(lot, 0, 5) != 0,
	                            .recalled = np_db_text(lot, 0, 10)};
	struct np_gate_facts facts = {.today = a->today,
	                              .setting =
	                                  np_pack_setting(s->pack, a->home ? "home" : "clinic"),
	                              .unit = &unit,
	                              .device = -1};
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u)
	{
		unit.seq = (int)json_integer_value(json_object_get(u, "seq"));
		unit.uses = (int)json_integer_value(json_object_get(u, "uses"));
		struct np_gate_result *r = NULL;
		NP_TRY(np_gate_unit(&r, s->pack, &facts));
		json_object_set_new(u, "usable", json_boolean(r->n_refusals == 0));
		json_object_set_new(
		    u, "why", r->n_refusals ? json_string(r->refusals[0].message) : json_null());
		np_gate_free(r);
	}
	return 0;
}

/* A lot with its units. */
static int lot_json(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out)
{
	static const struct np_col unit_cols[] = {
	    {"id", 'i'}, {"seq", 'i'}, {"uses", 'i'}, {NULL, 0}};
	struct np_db_result *r = NULL, *u = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_LOT_GET, id, a->clinic_id, "lot"));
	json_t *o = np_row_json(r, 0, lot_cols);
	struct np_db_value p[] = {NP_DB_I(id), NP_DB_I(a->clinic_id)};
	int rc = np_db_query(s->db, &u, NP_SQL_UNIT_LIST, p, 2);
	json_t *units = rc == 0 ? np_rows_json(u, unit_cols) : NULL;
	if (rc == 0 && units)
		rc = usable(s, a, r, units);
	if (rc == 0 && o)
		json_object_set_new(o, "units", json_incref(units));
	json_decref(units);
	np_db_result_free(r);
	np_db_result_free(u);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	return np_store_answer(out, o);
}

static int lot_add(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"product",  "lot",        "kind",     "expires",
	                                   "quantity", "single_use", "?sterile", NULL};
	const json_t *in = ctx;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *product = NULL, *lot = NULL, *kind = NULL;
	np_day expires;
	int quantity = 0;
	bool single_use = true;
	NP_TRY(np_jv_object(&jv, in, keys));
	NP_TRY(np_store_text(&jv, in, "product", &product, 200));
	NP_TRY(np_store_text(&jv, in, "lot", &lot, 100));
	if (*product == '\0' || *lot == '\0') {
		np_jv_key(&jv, *product ? "lot" : "product");
		return np_jv_fail(&jv, "empty: a lot is known by its product and lot number");
	}
	/* what its units fit: a session that names no device takes its kind from here; or
	 * "product", a product for the skin, which says whether it is sterile */
	NP_TRY(np_store_text(&jv, in, "kind", &kind, 20));
	if (np_pack_device(kind) < 0 && !is_product(kind)) {
		np_jv_key(&jv, "kind");
		return np_jv_fail(&jv,
		                  "unknown kind '%s': expected the device its units fit (pen, "
		                  "roller, stamp or rf) or product (a glide or serum)",
		                  kind);
	}
	bool sterile = false;
	if (is_product(kind) && json_object_get(in, "sterile") == NULL) {
		np_jv_key(&jv, "sterile");
		return np_jv_fail(&jv,
		                  "missing: say whether the product is sterile (true or false)");
	}
	if (!is_product(kind) && json_object_get(in, "sterile") != NULL) {
		np_jv_key(&jv, "sterile");
		return np_jv_fail(&jv, "only a product lot says whether it is sterile");
	}
	NP_TRY(np_jv_bool(&jv, in, "sterile", &sterile));
	NP_TRY(np_jv_date(&jv, in, "expires", &expires));
	NP_TRY(np_jv_int(&jv, in, "quantity", &quantity, 1, LOT_MAX_UNITS));
	NP_TRY(np_jv_bool(&jv, in, "single_use", &single_use));
	char at[32], exp[NP_DATE_LEN];
	np_store_now(at, sizeof at);
	np_date_format(expires, exp);
	struct np_db_value p[] = {NP_DB_I(a->clinic_id),
	                          NP_DB_T(product),
	                          NP_DB_T(lot),
	                          NP_DB_T(exp),
	                          NP_DB_I(quantity),
	                          NP_DB_I(single_use),
	                          NP_DB_T(at),
	                          NP_DB_T(kind),
	                          is_product(kind) ? NP_DB_I(sterile) : NP_DB_NONE};
	int64_t id, unit;
	int rc = np_store_insert(s, NP_SQL_LOT_ADD, p, 9, &id);
	if (rc == NP_ECONFLICT)
		return np_error_set(rc, "lot: '%s' of '%s' is in stock already", lot, product);
	NP_TRY(rc);
	struct np_db_value stock[] = {NP_DB_I(id), NP_DB_I(a->clinic_id), NP_DB_I(quantity)};
	NP_TRY(np_db_run(s->db, NP_SQL_LOT_STOCK_ADD, stock, 3, NULL));
	for (int i = 1; i <= quantity; i++) {
		struct np_db_value u[] = {NP_DB_I(a->clinic_id), NP_DB_I(id), NP_DB_I(i)};
		NP_TRY(np_store_insert(s, NP_SQL_UNIT_ADD, u, 3, &unit));
	}
	NP_TRY(np_audit_write(s, a, "create", "lot", id, 0));
	return lot_json(s, a, id, out);
}

int np_lot_add(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in)
{
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "add lots", lot_add, (void *)in, out);
}

static int lot_list(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_LOT_LIST, p, 1));
	json_t *lots = np_rows_json(r, lot_cols);
	char today[NP_DATE_LEN];
	np_date_format(a->today, today);
	for (size_t i = 0; lots && i < r->rows; i++) {
		/* archived: no session will take from it again, so the stock screen files it away
		 */
		const char *expires = np_db_text(r, i, 3), *kind = np_db_text(r, i, 8);
		bool used_up =
		    !is_product(kind) && np_db_int(r, i, 5) != 0 && np_db_int(r, i, 7) == 0;
		bool archived =
		    np_db_text(r, i, 9) != NULL || strcmp(expires, today) < 0 || used_up;
		json_object_set_new(json_array_get(lots, i), "archived", json_boolean(archived));
	}
	int rc = np_store_answer(out, lots);
	np_db_result_free(r);
	return rc;
}

int np_lot_list(json_t **out, struct np_store *s, const struct np_actor *a)
{
	return np_store_read(s, a, NP_ROLES_ANY, "list lots", lot_list, NULL, out);
}

static int lot_show(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	return lot_json(s, a, *(int64_t *)ctx, out);
}

int np_lot_show(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id)
{
	return np_store_read(s, a, NP_ROLES_ANY, "list lots", lot_show, &id, out);
}

struct recall_ctx {
	int64_t id;
	const json_t *in;
};

static int lot_recall(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	static const char *const keys[] = {"reason", NULL};
	const struct recall_ctx *c = ctx;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	const char *reason = NULL;
	NP_TRY(np_jv_object(&jv, c->in, keys));
	NP_TRY(np_store_text(&jv, c->in, "reason", &reason, 2000));
	if (reason[strspn(reason, " \t")] == '\0') {
		np_jv_key(&jv, "reason");
		return np_jv_fail(&jv, "empty: say why the lot is recalled");
	}
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_LOT_GET, c->id, a->clinic_id, "lot"));
	bool before = np_db_text(r, 0, 9) != NULL;
	np_db_result_free(r);
	if (before)
		return np_error_set(NP_ECONFLICT, "lot %lld was recalled before", (long long)c->id);
	char at[32];
	np_store_now(at, sizeof at);
	struct np_db_value p[] = {NP_DB_I(c->id), NP_DB_I(a->clinic_id), NP_DB_T(at),
	                          NP_DB_T(reason)};
	NP_TRY(np_db_run(s->db, NP_SQL_LOT_RECALL, p, 4, NULL));
	NP_TRY(np_audit_write(s, a, "recall", "lot", c->id, 0));
	return lot_json(s, a, c->id, out);
}

int np_lot_recall(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                  const json_t *in)
{
	struct recall_ctx ctx = {id, in};
	return np_store_tx(s, a, NP_ROLES_CLINICAL, "recall lots", lot_recall, &ctx, out);
}
