/* Tests for src/store/records_stock_session.c: what the session screen offers from stock, in one
 * answer, is what the safety gate takes today, one unit per single-use lot. */
#include "fixture.h"

#include "needlepoint/error.h"
#include "needlepoint/store.h"

#include <string.h>

/* The offered unit of the lot whose first unit is first, or NULL. */
static json_t *offered(json_t *stock, int64_t first)
{
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(stock, "units"), i, u)
	{
		int64_t id = json_integer_value(json_object_get(u, "id"));
		if (id >= first && id < first + 100)
			return u;
	}
	return NULL;
}

static size_t offered_of_lot(json_t *stock, int64_t first)
{
	size_t i, n = 0;
	json_t *u;
	json_array_foreach(json_object_get(stock, "units"), i, u)
	{
		int64_t id = json_integer_value(json_object_get(u, "id"));
		n += id >= first && id < first + 100;
	}
	return n;
}

void stock_offers_each_open_lot_its_next_unit(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t pen = fx_pen(s, &c);
	int64_t lot = fx_lot(s, &c, 3, true);
	int64_t spent = fx_lot(s, &c, 1, true);
	int64_t expired = fx_lot(s, &c, 2, true);
	fx_sql("UPDATE lots SET expires_on = '2027-01-09' WHERE id = (SELECT lot_id FROM units "
	       "WHERE id = %lld)",
	       (long long)expired);
	fx_product(s, &c, "sterile glide", "G-1", true);
	fx_product(s, &c, "tap water", "W-1", false);
	json_t *out = NULL;
	for (int64_t unit = lot; unit <= spent; unit += spent - lot) {
		json_t *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
		assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
		json_decref(out);
		json_decref(in);
		fx_sql("DELETE FROM sessions WHERE unit_id = %lld",
		       (long long)unit); /* rest aside */
	}
	json_t *stock = NULL;
	assert_int_equal(np_stock_for_session(&stock, s, &c.practitioner), 0);
	/* the first lot: its unit 1 was used, so its unit 2 is offered, and only that one */
	json_t *next = offered(stock, lot);
	assert_non_null(next);
	assert_int_equal(json_integer_value(json_object_get(next, "id")), lot + 1);
	assert_int_equal(json_integer_value(json_object_get(next, "seq")), 2);
	assert_int_equal(json_integer_value(json_object_get(next, "left")), 2);
	assert_int_equal(offered_of_lot(stock, lot), 1);
	/* a used-up lot and an expired one are not offered at all */
	assert_null(offered(stock, spent));
	assert_null(offered(stock, expired));
	/* a sterile product is; one the gate would refuse on open channels is not */
	json_t *products = json_object_get(stock, "products");
	assert_int_equal(json_array_size(products), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(products, 0), "lot")),
	                    "G-1");
	json_decref(stock);
	/* the front desk does not choose needles */
	fx_error(np_stock_for_session(&stock, s, &c.reception), NP_EFORBIDDEN, "stock");
}
