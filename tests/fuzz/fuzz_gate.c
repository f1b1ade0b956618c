/* Fuzz target: the gate's facts and proposal through reading, deciding, the refusals as JSON (for
 * a practitioner and for the front desk) and a refusal as an error. */
#include "fuzz_input.h"

#include "needlepoint/error.h"
#include "needlepoint/gate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *json = fuzz_json(data, size);
	struct np_gate_input *in = NULL;
	struct np_gate_result *result = NULL;
	if (json != NULL && np_gate_input_from_json(&in, fuzz_pack(), json) == 0 &&
	    np_gate_run(&result, fuzz_pack(), in) == 0) {
		fuzz_dump(np_gate_to_json(result, false));
		fuzz_dump(np_gate_to_json(result, true));
		if (result->decision == NP_GATE_REFUSED)
			np_gate_refuse(result, "session", in->facts.front_desk);
	}
	np_error_clear();
	np_gate_free(result);
	np_gate_input_free(in);
	json_decref(json);
	return 0;
}
