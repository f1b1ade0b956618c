/* Tests for src/core/jv.c: declared validation that names the path of every failure. */
#include "helpers.h"

#include "jv.h"

static void unknown_and_missing_keys_are_named(void **state)
{
	(void)state;
	static const char *const keys[] = {"id", "?note", NULL};
	struct np_jv jv;
	np_jv_init(&jv, NP_EPACK, "f.json");
	json_t *ok = np_test_json("{\"id\": \"x\"}");
	json_t *extra = np_test_json("{\"id\": \"x\", \"colour\": 1}");
	json_t *missing = np_test_json("{\"note\": \"n\"}");
	size_t mark = np_jv_key(&jv, "zones");
	np_jv_index(&jv, 3);
	assert_int_equal(np_jv_object(&jv, ok, keys), 0);
	assert_int_equal(np_jv_object(&jv, extra, keys), NP_EPACK);
	assert_string_equal(np_error_last(), "f.json: zones[3].colour: unknown key 'colour'");
	assert_int_equal(np_jv_object(&jv, missing, keys), NP_EPACK);
	assert_string_equal(np_error_last(),
	                    "f.json: zones[3].id: missing: this field is required");
	np_jv_pop(&jv, mark);
	assert_string_equal(jv.path, "");
	json_decref(ok);
	json_decref(extra);
	json_decref(missing);
}

static void typed_fields_check_type_and_bounds(void **state)
{
	(void)state;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	json_t *o = np_test_json("{\"n\": 7, \"s\": \"\", \"r\": [1, \"a\"], \"b\": 1, "
	                         "\"x\": 1.5, \"d\": \"2026-02-29\"}");
	int i;
	double d, r[2];
	bool b;
	const char *s;
	np_day day;
	assert_int_equal(np_jv_int(&jv, o, "n", &i, 1, 6), NP_EINVAL);
	assert_string_equal(np_error_last(), "n: 7 is out of range: expected 1 to 6");
	np_jv_init(&jv, NP_EINVAL, NULL);
	assert_int_equal(np_jv_int(&jv, o, "x", &i, 0, 6), NP_EINVAL);
	assert_string_equal(np_error_last(), "x: expected a whole number, got 1.5");
	np_jv_init(&jv, NP_EINVAL, NULL);
	assert_int_equal(np_jv_string(&jv, o, "s", &s), NP_EINVAL);
	np_jv_init(&jv, NP_EINVAL, NULL);
	assert_int_equal(np_jv_range(&jv, o, "r", r, 0, 10), NP_EINVAL);
	assert_string_equal(np_error_last(), "r: expected [min, max], got [1,\"a\"]");
	np_jv_init(&jv, NP_EINVAL, NULL);
	assert_int_equal(np_jv_bool(&jv, o, "b", &b), NP_EINVAL);
	np_jv_init(&jv, NP_EINVAL, NULL);
	assert_int_equal(np_jv_date(&jv, o, "d", &day), NP_EINVAL);
	np_jv_init(&jv, NP_EINVAL, NULL);
	d = 42;
	assert_int_equal(np_jv_number(&jv, o, "absent", &d, 0, 1), 0);
	assert_true(d == 42); /* an absent optional field leaves the value alone */
	json_decref(o);
}

static void messages_stay_one_printable_line(void **state)
{
	(void)state;
	struct np_jv jv;
	np_jv_init(&jv, NP_EINVAL, NULL);
	json_t *o = np_test_json("{\"n\": \"line\\nbreak and a very long value that goes on and on "
	                         "and on well past sixty characters\"}");
	int i;
	assert_int_equal(np_jv_int(&jv, o, "n", &i, 0, 1), NP_EINVAL);
	assert_null(strchr(np_error_last(), '\n'));
	assert_non_null(strstr(np_error_last(), "..."));
	json_decref(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(unknown_and_missing_keys_are_named),
	    cmocka_unit_test(typed_fields_check_type_and_bounds),
	    cmocka_unit_test(messages_stay_one_printable_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
