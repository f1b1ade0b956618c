/* Outcome reviews a chart shows: a course is reviewed at the pack's months (3 and 6) after its
 * last session, when results are judged. */
#include "store_internal.h"

#include "needlepoint/date.h"

#include <string.h>

/* Whether an outcome was recorded on or after a day. */
static bool recorded_since(const json_t *outcomes, np_day day)
{
	size_t i;
	json_t *o;
	json_array_foreach(outcomes, i, o)
	{
		np_day d;
		if (np_date_parse(&d, json_string_value(json_object_get(o, "date"))) == 0 &&
		    d >= day)
			return true;
	}
	return false;
}

static json_t *source_ids(const struct np_sources *sources)
{
	json_t *ids = json_array();
	for (size_t i = 0; ids && i < sources->n; i++)
		json_array_append_new(ids, json_string(sources->v[i]->id));
	return ids;
}

json_t *np_chart_reviews(const struct np_pack *pack, const json_t *plans, const json_t *outcomes,
                         np_day today)
{
	const struct np_records *rec = &pack->records;
	json_t *out = json_array();
	size_t i;
	json_t *plan;
	json_array_foreach(plans, i, plan)
	{
		json_int_t planned = json_integer_value(json_object_get(plan, "sessions_planned"));
		json_int_t done = json_integer_value(json_object_get(plan, "sessions_done"));
		if (planned <= 0 || done < planned) /* a course still going, or a home routine */
			continue;
		json_int_t id = json_integer_value(json_object_get(plan, "id"));
		/* the day of its last session, kept with the plan as each session is logged */
		const char *on = json_string_value(json_object_get(plan, "last_session_on"));
		np_day last;
		if (on == NULL || np_date_parse(&last, on) != 0)
			continue;
		for (size_t k = 0; out && k < rec->n_review_months; k++) {
			np_day due = np_date_add_months(last, rec->review_months[k]);
			char day[NP_DATE_LEN];
			np_date_format(due, day);
			const char *status = recorded_since(outcomes, due) ? "recorded"
			                     : due <= today                ? "due"
			                                                   : "upcoming";
			json_array_append_new(
			    out, json_pack("{s:I, s:i, s:s, s:s, s:o}", "plan", id, "months",
			                   rec->review_months[k], "due", day, "status", status,
			                   "sources", source_ids(&rec->review_sources)));
		}
	}
	return out;
}
