/* The JSON helpers shared by every result's serialiser. */
#include "json_out.h"

#include <math.h>
#include <string.h>

json_t *np_json_sources(const struct np_sources *sources)
{
	json_t *ids = json_array();
	if (ids != NULL && np_json_add_sources(ids, sources) != 0) {
		json_decref(ids);
		return NULL;
	}
	return ids;
}

int np_json_add_sources(json_t *ids, const struct np_sources *sources)
{
	for (size_t i = 0; i < sources->n; i++) {
		bool seen = false;
		size_t j;
		json_t *id;
		json_array_foreach(ids, j, id) seen =
		    seen || strcmp(json_string_value(id), sources->v[i]->id) == 0;
		if (!seen && json_array_append_new(ids, json_string(sources->v[i]->id)) != 0)
			return -1;
	}
	return 0;
}

json_t *np_json_date(np_day day)
{
	if (day == NP_DAY_NONE)
		return json_null();
	char text[NP_DATE_LEN];
	np_date_format(day, text);
	return json_string(text);
}

json_t *np_json_mm(double mm)
{
	return json_real(round(mm * 100.0) / 100.0);
}

json_t *np_json_range(double lo, double hi)
{
	return json_pack("[oo]", np_json_mm(lo), np_json_mm(hi));
}

json_t *np_json_int_range(int lo, int hi)
{
	return json_pack("[ii]", lo, hi);
}

json_t *np_json_protocol(const struct np_pack *pack)
{
	return json_pack("{s:s, s:s}", "name", pack->name, "version", pack->version);
}
