/* What sessions and bookings share around the gate's decision: the clinic's today, and an
 * override as it is kept with the record. */
#include "store_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/gate.h"

#include <stdlib.h>

int np_store_not_after_today(const struct np_actor *a, const char *key, np_day day)
{
	if (day <= a->today)
		return 0;
	char d[NP_DATE_LEN], t[NP_DATE_LEN];
	np_date_format(day, d);
	np_date_format(a->today, t);
	return np_error_set(NP_EINVAL,
	                    "%s: %s is after today (%s at the clinic): a record is dated on or "
	                    "before the day it happened",
	                    key, d, t);
}

int np_store_kept_override(struct np_kept_override *out, const struct np_gate_result *result,
                           const struct np_override *override)
{
	*out = (struct np_kept_override){0};
	if (result->decision != NP_GATE_OVERRIDDEN)
		return 0;
	json_t *codes = json_array();
	for (int c = 0; codes && c < NP_REFUSE_COUNT; c++)
		if (override->codes[c])
			json_array_append_new(
			    codes, json_string(np_refusal_code_name((enum np_refusal_code)c)));
	json_t *refusals = np_gate_refusals_json(result, false);
	out->reason = override->reason;
	out->codes = codes ? json_dumps(codes, JSON_COMPACT) : NULL;
	out->refusals = refusals ? json_dumps(refusals, JSON_COMPACT) : NULL;
	json_decref(codes);
	json_decref(refusals);
	if (out->codes == NULL || out->refusals == NULL) {
		np_store_kept_override_release(out);
		return np_store_nomem();
	}
	return 0;
}

void np_store_kept_override_release(struct np_kept_override *k)
{
	free(k->codes);
	free(k->refusals);
	*k = (struct np_kept_override){0};
}
