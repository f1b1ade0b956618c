/* The facial map: a plan drawn as SVG, each zone shaded by its depth and labelled with its place in
 * the order and its depth; excluded zones hatched; a legend. */
#ifndef NEEDLEPOINT_MAP_H
#define NEEDLEPOINT_MAP_H

#include "needlepoint/plan.h"

/* Render plan as a standalone SVG document. *out is a NUL-terminated string the caller frees. */
int np_map_svg(char **out, const struct np_plan *plan);

#endif
