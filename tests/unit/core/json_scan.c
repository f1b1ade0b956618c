/* Tests for src/core/json_scan.c: the members of an object's text are found where they stand,
 * whatever their values hold, and text that is not an object is said to be so. */
#include "helpers.h"

#include "json_scan.h"

#include <stdio.h>

/* "key=value;" for every member, into out. */
static int members(const char *text, char *out, size_t size)
{
	struct np_json_scan scan;
	if (np_json_scan_start(&scan, text) != 0)
		return -1;
	struct np_json_member m;
	size_t len = 0;
	int rc;
	out[0] = '\0';
	while ((rc = np_json_scan_next(&scan, &m)) == 1)
		len += (size_t)snprintf(out + len, size - len, "%.*s=%.*s;", (int)m.key_len, m.key,
		                        (int)m.value_len, m.value);
	return rc;
}

static void every_member_is_found_with_its_whole_value(void **state)
{
	(void)state;
	char out[512];
	assert_int_equal(
	    members("{\"unit\":7,\"zones\":[{\"zone\":\"chin\",\"d\":[1,{\"x\":\"]}\"}]}],"
	            "\"note\":\"a \\\"quoted\\\" , }\",\"ok\":true,\"none\":null,"
	            "\"e\":-1.5e-3}",
	            out, sizeof out),
	    0);
	assert_string_equal(out, "unit=7;zones=[{\"zone\":\"chin\",\"d\":[1,{\"x\":\"]}\"}]}];"
	                         "note=\"a \\\"quoted\\\" , }\";ok=true;none=null;e=-1.5e-3;");
	/* space between the parts, as another writer may leave it */
	assert_int_equal(members(" { \"a\" : { \"b\" : 1 } , \"c\" : [ ] }", out, sizeof out), 0);
	assert_string_equal(out, "a={ \"b\" : 1 };c=[ ];");
	assert_int_equal(members("{}", out, sizeof out), 0);
	assert_string_equal(out, "");
}

static void keys_compare_as_written(void **state)
{
	(void)state;
	struct np_json_scan scan;
	struct np_json_member m;
	assert_int_equal(np_json_scan_start(&scan, "{\"aftercare\":[],\"after\":1}"), 0);
	assert_int_equal(np_json_scan_next(&scan, &m), 1);
	assert_true(np_json_member_is(&m, "aftercare"));
	assert_false(np_json_member_is(&m, "after"));
	assert_int_equal(np_json_scan_next(&scan, &m), 1);
	assert_true(np_json_member_is(&m, "after"));
	assert_false(np_json_member_is(&m, "aftercare"));
	assert_int_equal(np_json_scan_next(&scan, &m), 0);
}

static void text_that_is_not_an_object_is_refused(void **state)
{
	(void)state;
	char out[128];
	static const char *const broken[] = {
	    "{\"a\":\"open",     "{\"a\":[1,2", "{\"a\" 1}",          "{a:1}",
	    "{\"a\":1 \"b\":2}", "{\"a\":}",    "{\"a\":{\"b\":\"\\",
	};
	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++)
		assert_int_equal(members(broken[i], out, sizeof out), -1);
	struct np_json_scan scan;
	assert_int_equal(np_json_scan_start(&scan, "[1]"), -1);
	assert_int_equal(np_json_scan_start(&scan, "  "), -1);
	assert_int_equal(np_json_scan_start(&scan, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_member_is_found_with_its_whole_value),
	    cmocka_unit_test(keys_compare_as_written),
	    cmocka_unit_test(text_that_is_not_an_object_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
