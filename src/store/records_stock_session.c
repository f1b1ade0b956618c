/* What a session may take from stock, in one answer: for each open lot of needles its next unit
 * (a single-use lot hands out its units in order) or each reusable unit, and every sterile product
 * lot in date; each of them one the safety gate takes today. A used-up, expired or recalled lot is
 * not offered: it is archived (the lot list says so). */
#include "store_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/gate.h"

#include <string.h>

enum { U_ID, U_LOT, U_PRODUCT, U_LOT_NUMBER, U_KIND, U_EXPIRES, U_SINGLE, U_SEQ, U_USES, U_LEFT };
enum { P_ID, P_PRODUCT, P_LOT, P_EXPIRES, P_STERILE };

static int gate_takes_unit(struct np_store *s, const struct np_actor *a,
                           const struct np_db_result *r, size_t i, bool *takes)
{
	const char *kind = np_db_text(r, i, U_KIND);
	np_day expires;
	np_date_parse(&expires, np_db_text(r, i, U_EXPIRES));
	struct np_gate_unit unit = {.lot = np_db_text(r, i, U_LOT_NUMBER),
	                            .product = np_db_text(r, i, U_PRODUCT),
	                            .kind = kind ? np_pack_device(kind) : -1,
	                            .expires = expires,
	                            .single_use = np_db_int(r, i, U_SINGLE) != 0,
	                            .seq = (int)np_db_int(r, i, U_SEQ),
	                            .uses = (int)np_db_int(r, i, U_USES)};
	struct np_gate_facts facts = {.today = a->today,
	                              .setting =
	                                  np_pack_setting(s->pack, a->home ? "home" : "clinic"),
	                              .unit = &unit,
	                              .device = -1};
	struct np_gate_result *g = NULL;
	NP_TRY(np_gate_unit(&g, s->pack, &facts));
	*takes = g->n_refusals == 0;
	np_gate_free(g);
	return 0;
}

static int units_json(struct np_store *s, const struct np_actor *a, const char *today, json_t *list)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(today)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_STOCK_OPEN_UNITS, p, 2));
	int rc = 0;
	int64_t offered_lot = 0;
	for (size_t i = 0; i < r->rows && rc == 0; i++) {
		bool single = np_db_int(r, i, U_SINGLE) != 0;
		int64_t lot = np_db_int(r, i, U_LOT);
		if (single && lot == offered_lot)
			continue; /* a single-use lot offers its next unit only */
		bool takes = false;
		rc = gate_takes_unit(s, a, r, i, &takes);
		if (rc != 0 || !takes)
			continue;
		offered_lot = lot;
		json_t *u = json_pack(
		    "{sI sI ss ss ss ss sb si si si}", "id", (json_int_t)np_db_int(r, i, U_ID),
		    "lot_id", (json_int_t)lot, "product", np_db_text(r, i, U_PRODUCT), "lot",
		    np_db_text(r, i, U_LOT_NUMBER), "kind", np_db_text(r, i, U_KIND), "expires",
		    np_db_text(r, i, U_EXPIRES), "single_use", single, "seq",
		    (int)np_db_int(r, i, U_SEQ), "uses", (int)np_db_int(r, i, U_USES), "left",
		    (int)np_db_int(r, i, U_LEFT));
		if (u == NULL || json_array_append_new(list, u) != 0)
			rc = np_error_set(NP_ENOMEM, "out of memory listing stock");
	}
	np_db_result_free(r);
	return rc;
}

static int products_json(struct np_store *s, const struct np_actor *a, const char *today,
                         json_t *list)
{
	struct np_db_result *r = NULL;
	struct np_db_value p[] = {NP_DB_I(a->clinic_id), NP_DB_T(today)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_STOCK_OPEN_PRODUCTS, p, 2));
	int rc = 0;
	for (size_t i = 0; i < r->rows && rc == 0; i++) {
		np_day expires;
		np_date_parse(&expires, np_db_text(r, i, P_EXPIRES));
		struct np_gate_product product = {.name = np_db_text(r, i, P_PRODUCT),
		                                  .lot = np_db_text(r, i, P_LOT),
		                                  .in_stock = true,
		                                  .sterile = np_db_int(r, i, P_STERILE) != 0,
		                                  .expires = expires};
		struct np_gate_facts facts = {
		    .today = a->today,
		    .setting = np_pack_setting(s->pack, a->home ? "home" : "clinic"),
		    .device = -1,
		    .products = &product,
		    .n_products = 1};
		struct np_gate_result *g = NULL;
		rc = np_gate_products(&g, s->pack, &facts);
		if (rc != 0)
			break;
		bool takes = g->n_refusals == 0;
		np_gate_free(g);
		if (!takes)
			continue;
		json_t *o = json_pack("{sI ss ss ss}", "id", (json_int_t)np_db_int(r, i, P_ID),
		                      "product", product.name, "lot", product.lot, "expires",
		                      np_db_text(r, i, P_EXPIRES));
		if (o == NULL || json_array_append_new(list, o) != 0)
			rc = np_error_set(NP_ENOMEM, "out of memory listing stock");
	}
	np_db_result_free(r);
	return rc;
}

static int for_session(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	(void)ctx;
	char today[NP_DATE_LEN];
	np_date_format(a->today, today);
	json_t *units = json_array(), *products = json_array();
	int rc = units && products ? 0 : np_error_set(NP_ENOMEM, "out of memory listing stock");
	if (rc == 0)
		rc = units_json(s, a, today, units);
	if (rc == 0)
		rc = products_json(s, a, today, products);
	if (rc != 0) {
		json_decref(units);
		json_decref(products);
		return rc;
	}
	return np_store_answer(out, json_pack("{so so}", "units", units, "products", products));
}

int np_stock_for_session(json_t **out, struct np_store *s, const struct np_actor *a)
{
	return np_store_read(s, a, NP_ROLES_CLINICAL, "list stock", for_session, NULL, out);
}
