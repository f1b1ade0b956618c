/* Tests for src/core/jw.c: JSON written straight into text is what jansson writes for the same
 * values (JSON_COMPACT), escapes and reals included, so that an answer reads the same either way.
 */
#include "helpers.h"

#include "jw.h"

#include <limits.h>
#include <stdlib.h>

/* jansson's text for a value, compact. */
static char *jansson(json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(v);
	return text;
}

static void strings_are_escaped_as_jansson_escapes_them(void **state)
{
	(void)state;
	static const char *const texts[] = {"plain",
	                                    "",
	                                    "quote \" and backslash \\",
	                                    "line\nfeed\ttab\rreturn\bback\fform",
	                                    "control \x01\x1f end",
	                                    "slash / stays",
	                                    "utf-8: é, ü, 日本, 🙂",
	                                    "del \x7f"};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct np_jw w = NP_JW_INIT;
		np_jw_string(&w, texts[i]);
		char *ours = np_jw_detach(&w), *theirs = jansson(json_string(texts[i]));
		assert_non_null(theirs);
		assert_string_equal(ours, theirs);
		free(ours);
		free(theirs);
	}
}

static void reals_read_as_jansson_writes_them(void **state)
{
	(void)state;
	static const double reals[] = {0.0,   -0.0,    1.0,  1.5,  0.25,   0.1,
	                               1.15,  2.0 / 3, 1e20, 1e-7, -3.5e8, 123456789012345678.0,
	                               1e300, 5e-324,  -1.0, 1e16};
	for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
		struct np_jw w = NP_JW_INIT;
		np_jw_real(&w, reals[i]);
		char *ours = np_jw_detach(&w), *theirs = jansson(json_real(reals[i]));
		assert_string_equal(ours, theirs);
		free(ours);
		free(theirs);
	}
}

/* Sixteenths and whole numbers, which jw writes without printf, and the integers: as jansson. */
static void quarters_and_integers_read_as_jansson_writes_them(void **state)
{
	(void)state;
	for (long k = -40000; k <= 40000; k += 7) {
		double reals[] = {(double)k / 16, (double)k * 1e6 / 16, (double)k * 1e7 + 0.5,
		                  (double)k / 10};
		for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
			struct np_jw w = NP_JW_INIT;
			np_jw_real(&w, reals[i]);
			char *ours = np_jw_detach(&w), *theirs = jansson(json_real(reals[i]));
			assert_string_equal(ours, theirs);
			free(ours);
			free(theirs);
		}
		struct np_jw w = NP_JW_INIT;
		np_jw_int(&w, k * 1000003LL);
		char *ours = np_jw_detach(&w), *theirs = jansson(json_integer(k * 1000003LL));
		assert_string_equal(ours, theirs);
		free(ours);
		free(theirs);
	}
	static const long long edges[] = {0, -1, 9, 10, LLONG_MAX, LLONG_MIN};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		struct np_jw w = NP_JW_INIT;
		np_jw_int(&w, edges[i]);
		char *ours = np_jw_detach(&w), *theirs = jansson(json_integer(edges[i]));
		assert_string_equal(ours, theirs);
		free(ours);
		free(theirs);
	}
	static const double reals[] = {-0.0, 999999999999.9375, 1e12, 0.0625, -0.0625, 1e-5};
	for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
		struct np_jw w = NP_JW_INIT;
		np_jw_real(&w, reals[i]);
		char *ours = np_jw_detach(&w), *theirs = jansson(json_real(reals[i]));
		assert_string_equal(ours, theirs);
		free(ours);
		free(theirs);
	}
}

static void nesting_places_commas_and_closes_what_is_open(void **state)
{
	(void)state;
	struct np_jw w = NP_JW_INIT;
	np_jw_object(&w);
	np_jw_kint(&w, "a", -7);
	np_jw_key(&w, "b");
	np_jw_array(&w);
	np_jw_null(&w);
	np_jw_bool(&w, true);
	np_jw_object(&w);
	np_jw_end(&w);
	np_jw_array(&w);
	np_jw_end(&w);
	np_jw_string(&w, NULL);
	np_jw_end(&w);
	np_jw_kstring(&w, "c", "d");
	np_jw_key(&w, "e");
	np_jw_int_range(&w, 1, 2);
	np_jw_end(&w);
	char *ours = np_jw_detach(&w);
	json_t *tree = json_pack("{s:i, s:[n, b, {}, [], n], s:s, s:[i, i]}", "a", -7, "b", 1, "c",
	                         "d", "e", 1, 2);
	char *theirs = jansson(tree);
	assert_string_equal(ours, theirs);
	free(ours);
	free(theirs);
	/* more ends than opens is a failure, not text */
	np_jw_end(&w);
	assert_null(np_jw_detach(&w));
}

/* Stored JSON spliced in is placed as it stands, keys and values alike, and a tree is written as
 * jansson writes it. */
static void raw_text_and_trees_take_their_place_among_values(void **state)
{
	(void)state;
	struct np_jw w = NP_JW_INIT;
	np_jw_array(&w);
	np_jw_raw(&w, "{\"depth_mm\":0.3}", 16);
	np_jw_raw(&w, NULL, 0);
	np_jw_object(&w);
	np_jw_raw_key(&w, "a\\u00e9", 7);
	np_jw_raw(&w, "[1, 2]", 6);
	np_jw_key(&w, "t");
	json_t *tree = json_pack("{s:f, s:[s]}", "x", 0.3, "y", "\"");
	np_jw_tree(&w, tree);
	json_decref(tree);
	np_jw_end(&w);
	np_jw_tree(&w, NULL);
	np_jw_end(&w);
	char *ours = np_jw_detach(&w);
	assert_string_equal(ours, "[{\"depth_mm\":0.3},null,{\"a\\u00e9\":[1, 2],"
	                          "\"t\":{\"x\":0.29999999999999999,\"y\":[\"\\\"\"]}},null]");
	free(ours);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(strings_are_escaped_as_jansson_escapes_them),
	    cmocka_unit_test(reals_read_as_jansson_writes_them),
	    cmocka_unit_test(quarters_and_integers_read_as_jansson_writes_them),
	    cmocka_unit_test(nesting_places_commas_and_closes_what_is_open),
	    cmocka_unit_test(raw_text_and_trees_take_their_place_among_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
