/* Tests for src/core/map.c: every zone drawn, planned zones labelled, excluded zones hatched. */
#include "helpers.h"

#include "needlepoint/map.h"

#include <stdlib.h>
#include <string.h>

static char *draw(const char *request_json)
{
	json_t *j = np_test_json(request_json);
	struct np_plan_request *q;
	struct np_plan *p;
	char *svg;
	assert_int_equal(np_plan_request_from_json(&q, np_test_pack(), j), 0);
	assert_int_equal(np_plan_build(&p, np_test_pack(), q), 0);
	assert_int_equal(np_map_svg(&svg, p), 0);
	np_plan_free(p);
	np_plan_request_free(q);
	json_decref(j);
	return svg;
}

/* The text of the <g> element drawing zone id. */
static char *zone_group(const char *svg, const char *id)
{
	char open[64];
	snprintf(open, sizeof open, "<g id=\"zone-%s\"", id);
	const char *start = strstr(svg, open);
	if (start == NULL)
		return NULL;
	const char *end = strstr(start, "</g>");
	return strndup(start, (size_t)(end - start));
}

static void draws_every_zone_of_the_pack(void **state)
{
	(void)state;
	char *svg = draw("{\"setting\": \"clinic\", \"device\": \"pen\", \"fitzpatrick\": 2, "
	                 "\"start\": \"2026-12-01\", "
	                 "\"targets\": [{\"indication\": \"acne_scars\", \"zones\": [\"chin\"]}]}");
	assert_true(strncmp(svg, "<svg ", 5) == 0);
	for (size_t i = 0; i < np_test_pack()->n_zones; i++) {
		char *g = zone_group(svg, np_test_pack()->zones[i].id);
		if (g == NULL)
			fail_msg("zone '%s' is not drawn", np_test_pack()->zones[i].id);
		free(g);
	}
	assert_non_null(strstr(svg, "</svg>"));
	free(svg);
}

static void labels_order_and_depth_and_hatches_exclusions(void **state)
{
	(void)state;
	char *svg =
	    draw("{\"setting\": \"clinic\", \"device\": \"roller\", \"fitzpatrick\": 2, \"start\": "
	         "\"2026-12-01\", \"targets\": [{\"indication\": \"acne_scars\", \"zones\": "
	         "[\"cheek_right\", \"cheek_left\"]}, {\"indication\": \"fine_lines\", "
	         "\"zones\": [\"periorbital_left\"]}], \"excluded_zones\": [\"cheek_left\"]}");
	char *cheek = zone_group(svg, "cheek_right");
	assert_non_null(strstr(cheek, "class=\"zone planned\""));
	assert_non_null(strstr(cheek, ">5 · 1.5</text>"));
	char *excluded = zone_group(svg, "cheek_left");
	assert_non_null(strstr(excluded, "url(#hatch)"));
	char *eye = zone_group(svg, "periorbital_left"); /* the roller may not go there */
	assert_non_null(strstr(eye, "url(#hatch)"));
	char *idle = zone_group(svg, "neck");
	assert_non_null(strstr(idle, "class=\"zone idle\""));
	assert_null(strstr(idle, "<text"));
	assert_non_null(strstr(svg, "acne scars, fine lines"));
	free(cheek);
	free(excluded);
	free(eye);
	free(idle);
	free(svg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(draws_every_zone_of_the_pack),
	    cmocka_unit_test(labels_order_and_depth_and_hatches_exclusions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
