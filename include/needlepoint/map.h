/* The facial map: the pack's zone outlines over a face and two body figures, as SVG. Each zone is
 * named on the map; a planned one is shaded by its depth and labelled with its place in the order
 * of work and its depth; an excluded one is hatched. The one drawing of the map: the command line,
 * the plan's map over HTTP and the browser's interactive map all come from np_map_draw. */
#ifndef NEEDLEPOINT_MAP_H
#define NEEDLEPOINT_MAP_H

#include "needlepoint/plan.h"

#include <jansson.h>
#include <stdbool.h>

enum np_map_mark { NP_MAP_IDLE, NP_MAP_PLANNED, NP_MAP_EXCLUDED };

/* How one zone is shown. */
struct np_map_zone {
	enum np_map_mark mark;
	double depth_mm; /* when planned */
	const char
	    *detail; /* when planned: what the zone's tooltip adds after the depth, or NULL */
};

/* What a map shows. zones has one entry per zone of pack, in the pack's order (zones[i] shows
 * pack->zones[i]). Everything is borrowed from the caller. */
struct np_map_view {
	const struct np_pack *pack;
	const struct np_map_zone *zones;
	const char *title;   /* the drawing's accessible title */
	const char *heading; /* a line printed above the figures, or NULL for none */
	const char *subline; /* a second, smaller line under the heading, or NULL */
};

/* Draw view as a standalone SVG document. *out is a NUL-terminated string the caller frees. */
int np_map_draw(char **out, const struct np_map_view *view);

/* Draw a plan: its zones planned in the order of work, its exclusions hatched, its indications,
 * setting, device and course as the heading. *out is the caller's to free. */
int np_map_svg(char **out, const struct np_plan *plan);

/* Draw the zones a request names: {"zones": [{"zone", "depth_mm"}], "excluded": [zone ids],
 * "title"}, all optional but "title" (docs/json.md). Bad input is NP_EINVAL naming the path and
 * the value. *out is the caller's to free. */
int np_map_svg_from_json(char **out, const struct np_pack *pack, const json_t *json);

#endif
