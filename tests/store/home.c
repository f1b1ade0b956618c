/* A home log in the store suite: a use sent twice (a phone back online) is logged once, and the
 * roller's sterilisation after the use is recorded after it happened. */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

void a_use_sent_twice_is_logged_once(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, true);
	int64_t me = fx_ready_client(s, &c, "2027-01-01");
	int64_t roller = fx_lot(s, &c, 1, false), device = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-01", device, roller, "forehead", 0.25);
	fx_passes(in, 8);
	json_object_set_new(in, "sterilised_before", json_true());
	json_object_set_new(in, "sterilised_after", json_false()); /* not yet: it is asked after */
	json_object_set_new(in, "idempotency_key", json_string("phone-7f3a9c2e-0001"));
	assert_int_equal(np_session_log(&out, s, &c.admin, me, in), 0);
	int64_t first = json_integer_value(json_object_get(out, "id"));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "unit"), "use")),
	                 1);
	/* not yet sterilised after: the session reminds of it */
	char *warned = json_dumps(json_object_get(out, "warnings"), 0);
	assert_non_null(warned);
	assert_non_null(strstr(warned, "terilise"));
	free(warned);
	assert_null(json_object_get(out, "idempotency_key"));
	json_decref(out);
	/* the phone did not hear the answer and sends it again: the same session, counted once */
	assert_int_equal(np_session_log(&out, s, &c.admin, me, in), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "id")), first);
	json_decref(out);
	json_t *history = NULL;
	assert_int_equal(np_history(&history, s, &c.admin, me, NULL), 0);
	size_t sessions = 0, i;
	json_t *e;
	json_array_foreach(json_object_get(history, "timeline"), i, e) sessions +=
	    strcmp(json_string_value(json_object_get(e, "kind")) ?: "", "session") == 0;
	assert_int_equal(sessions, 1);
	json_decref(history);
	/* a key is letters, digits, - and _ */
	json_object_set_new(in, "idempotency_key", json_string("short"));
	fx_error(np_session_log(&out, s, &c.admin, me, in), NP_EINVAL, "idempotency_key");
	json_decref(in);
	/* sterilised after the use: recorded once done, the reminder gone */
	assert_int_equal(np_session_sterilised(&out, s, &c.admin, first, NULL), 0);
	assert_true(json_is_true(json_object_get(out, "sterilised_after")));
	assert_null(json_object_get(out, "warnings"));
	json_decref(out);
	assert_int_equal(np_session_sterilised(&out, s, &c.admin, first, NULL), 0);
	json_decref(out);
	fx_audit_ok(s, &c.admin);
}
