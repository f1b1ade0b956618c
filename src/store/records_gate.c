/* What sessions and bookings share around the gate's decision: an override as it is kept with
 * the record. */
#include "store_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/gate.h"

#include <stdlib.h>

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
