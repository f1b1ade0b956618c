/* Small helpers shared by the functions that turn results into the JSON contract. */
#ifndef NP_JSON_OUT_H
#define NP_JSON_OUT_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"

#include <jansson.h>

/* Each returns a new reference, or NULL when out of memory. */
json_t *np_json_sources(const struct np_sources *sources);
json_t *np_json_date(np_day day); /* "YYYY-MM-DD", or null for NP_DAY_NONE */
json_t *np_json_mm(double mm);    /* a depth or a count rounded to 2 decimals */
json_t *np_json_range(double lo, double hi);
json_t *np_json_int_range(int lo, int hi);
json_t *np_json_protocol(const struct np_pack *pack);
/* Append sources to an array of source ids, skipping ids already there. */
int np_json_add_sources(json_t *ids, const struct np_sources *sources);

#endif
