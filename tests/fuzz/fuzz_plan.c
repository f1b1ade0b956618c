/* Fuzz target: a plan request through reading, planning, the JSON answer and the map. */
#include "fuzz_input.h"

#include "needlepoint/map.h"
#include "needlepoint/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *json = fuzz_json(data, size);
	struct np_plan_request *request = NULL;
	struct np_plan *plan = NULL;
	if (json != NULL && np_plan_request_from_json(&request, fuzz_pack(), json) == 0 &&
	    np_plan_build(&plan, fuzz_pack(), request) == 0) {
		fuzz_dump(np_plan_to_json(plan));
		char *svg = NULL;
		if (np_map_svg(&svg, plan) == 0)
			free(svg);
	}
	np_plan_free(plan);
	np_plan_request_free(request);
	json_decref(json);
	return 0;
}
