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

/* The text of the element tag opens for zone id: its outline (tag "path id=\"zone-") or its
 * label (tag "text data-for=\""). */
static char *element(const char *svg, const char *tag, const char *id)
{
	char open[96];
	snprintf(open, sizeof open, "<%s%s\"", tag, id);
	const char *start = strstr(svg, open);
	if (start == NULL)
		return NULL;
	const char *name_end = strchr(tag, ' ');
	char close[32];
	snprintf(close, sizeof close, "</%.*s>", (int)(name_end - tag), tag);
	const char *end = strstr(start, close);
	return strndup(start, (size_t)(end - start));
}

static char *zone_group(const char *svg, const char *id)
{
	return element(svg, "path id=\"zone-", id);
}

static char *zone_label(const char *svg, const char *id)
{
	return element(svg, "text data-for=\"", id);
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
	/* numbered in the order of work among the planned zones: the right cheek comes first */
	char *cheek_label = zone_label(svg, "cheek_right");
	assert_non_null(strstr(cheek_label, ">right cheek</tspan>"));
	assert_non_null(strstr(cheek_label, ">1 · 1.5 mm</tspan>"));
	char *excluded = zone_group(svg, "cheek_left");
	assert_non_null(strstr(excluded, "url(#hatch)"));
	char *eye = zone_group(svg, "periorbital_left"); /* the roller may not go there */
	assert_non_null(strstr(eye, "url(#hatch)"));
	char *idle = zone_group(svg, "neck");
	assert_non_null(strstr(idle, "class=\"zone idle\""));
	/* an idle zone is named, with nothing more */
	char *idle_label = zone_label(svg, "neck");
	assert_non_null(strstr(idle_label, ">neck</tspan>"));
	assert_null(strstr(idle_label, " mm"));
	/* a long name in two lines */
	char *long_label = zone_label(svg, "glabella");
	assert_non_null(strstr(long_label, ">between the</tspan>"));
	assert_non_null(strstr(long_label, ">eyebrows</tspan>"));
	assert_non_null(strstr(svg, "acne scars, fine lines"));
	free(cheek);
	free(cheek_label);
	free(excluded);
	free(eye);
	free(idle);
	free(idle_label);
	free(long_label);
	free(svg);
}

static char *draw_zones(const char *json_text, int expect)
{
	json_t *j = np_test_json(json_text);
	char *svg = NULL;
	assert_int_equal(np_map_svg_from_json(&svg, np_test_pack(), j), expect);
	json_decref(j);
	return svg;
}

/* The map of a session or of nothing planned yet: the same drawing, from the zones named. */
static void draws_the_zones_a_request_names(void **state)
{
	(void)state;
	char *svg = draw_zones("{\"title\": \"What was treated\", \"zones\": [{\"zone\": \"chin\", "
	                       "\"depth_mm\": 1.25}], \"excluded\": [\"nose\"]}",
	                       0);
	assert_non_null(strstr(svg, "<title id=\"map-title\">What was treated</title>"));
	char *chin = zone_label(svg, "chin");
	assert_non_null(strstr(chin, ">1 · 1.25 mm</tspan>"));
	char *nose = zone_group(svg, "nose");
	assert_non_null(strstr(nose, "url(#hatch)"));
	free(chin);
	free(nose);
	free(svg);
	svg = draw_zones("{\"title\": \"Nothing yet\"}", 0);
	assert_null(strstr(svg, "class=\"zone planned\""));
	free(svg);
	/* zones alone: none of them taken for an exclusion */
	svg = draw_zones("{\"title\": \"x\", \"zones\": [{\"zone\": \"neck\", \"depth_mm\": 0.5}]}",
	                 0);
	char *neck = zone_group(svg, "neck");
	assert_non_null(strstr(neck, "class=\"zone planned\""));
	free(neck);
	free(svg);
	/* bad input names the path and the value */
	assert_null(draw_zones("{\"title\": \"x\", \"zones\": [{\"zone\": \"elbow\", "
	                       "\"depth_mm\": 1}]}",
	                       NP_EINVAL));
	assert_non_null(strstr(np_error_last(), "zones[0].zone"));
	assert_non_null(strstr(np_error_last(), "elbow"));
	assert_null(draw_zones("{\"zones\": []}", NP_EINVAL));
	assert_non_null(strstr(np_error_last(), "title"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(draws_every_zone_of_the_pack),
	    cmocka_unit_test(labels_order_and_depth_and_hatches_exclusions),
	    cmocka_unit_test(draws_the_zones_a_request_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
