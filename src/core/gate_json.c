/* The gate's answer as the JSON contract, the front desk's reduced view of it, and a refusal as an
 * error that carries the list. */
#include "needlepoint/gate.h"

#include "json_out.h"
#include "needlepoint/error.h"

#include <stdio.h>
#include <string.h>

static json_t *string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *refusal_json(const struct np_refusal *x)
{
	json_t *sources = json_array();
	for (size_t i = 0; sources && i < x->n_sources; i++)
		if (json_array_append_new(sources, json_string(x->sources[i])) != 0) {
			json_decref(sources);
			sources = NULL;
		}
	return json_pack(
	    "{s:s, s:o, s:o, s:s, s:o, s:o, s:s, s:o}", "code", np_refusal_code_name(x->code),
	    "zone", string_or_null(x->zone ? x->zone->id : NULL), "field", string_or_null(x->field),
	    "message", x->message, "rule", string_or_null(x->rule), "sources", sources, "override",
	    np_override_name(x->who), "until", np_json_date(x->until));
}

/* The front desk learns when, not why: one refusal naming the first day it can be booked. */
static json_t *front_desk_json(const struct np_gate_result *r)
{
	char message[160], day[NP_DATE_LEN];
	enum np_override_by who = NP_OVERRIDE_PRACTITIONER;
	for (size_t i = 0; i < r->n_refusals; i++)
		if (r->refusals[i].who > who)
			who = r->refusals[i].who;
	if (r->earliest != NP_DAY_NONE) {
		np_date_format(r->earliest, day);
		snprintf(message, sizeof message,
		         "Not bookable before %s; a practitioner can tell you why.", day);
	} else {
		snprintf(message, sizeof message,
		         "Not bookable for now; a practitioner can tell you why.");
	}
	return json_pack("[{s:s, s:n, s:s, s:s, s:n, s:[], s:s, s:o}]", "code", "not_bookable",
	                 "zone", "field", "date", "message", message, "rule", "sources", "override",
	                 np_override_name(who), "until", np_json_date(r->earliest));
}

json_t *np_gate_refusals_json(const struct np_gate_result *r, bool front_desk)
{
	if (front_desk && r->n_refusals > 0)
		return front_desk_json(r);
	json_t *all = json_array();
	for (size_t i = 0; all && i < r->n_refusals; i++)
		if (json_array_append_new(all, refusal_json(&r->refusals[i])) != 0) {
			json_decref(all);
			return NULL;
		}
	return all;
}

json_t *np_gate_to_json(const struct np_gate_result *r, bool front_desk)
{
	static const char *const decisions[] = {"go", "overridden", "refused"};
	return json_pack("{s:s, s:o, s:o}", "decision", decisions[r->decision], "refusals",
	                 np_gate_refusals_json(r, front_desk), "earliest",
	                 np_json_date(r->earliest));
}

/* The refusal kept as the failure, with the gate's earliest day beside it. */
static int refused(int rc, const struct np_gate_result *r)
{
	char day[NP_DATE_LEN] = "";
	if (r->earliest != NP_DAY_NONE)
		np_date_format(r->earliest, day);
	np_error_earliest_set(day);
	return rc;
}

int np_gate_refuse(const struct np_gate_result *r, const char *what, bool front_desk)
{
	json_t *list = np_gate_refusals_json(r, front_desk);
	if (list == NULL)
		return np_error_set(NP_ENOMEM, "out of memory");
	if (front_desk)
		return refused(np_error_refused(list, "%s",
		                                json_string_value(json_object_get(
		                                    json_array_get(list, 0), "message"))),
		               r);
	size_t by[NP_OVERRIDE_NEVER + 1] = {0};
	for (size_t i = 0; i < r->n_refusals; i++)
		if (!r->refusals[i].lifted)
			by[r->refusals[i].who]++;
	char counts[200] = "";
	const char *parts[] = {NULL, "a practitioner may override", "an admin may override",
	                       "no override lifts"};
	for (int w = NP_OVERRIDE_NEVER; w >= NP_OVERRIDE_PRACTITIONER; w--)
		if (by[w])
			snprintf(counts + strlen(counts), sizeof counts - strlen(counts),
			         "%s%zu %s", counts[0] ? ", " : "", by[w], parts[w]);
	return refused(np_error_refused(list, "the %s was refused, for %zu reason%s (%s)", what,
	                                r->n_refusals, r->n_refusals == 1 ? "" : "s", counts),
	               r);
}
