/* Fuzz target: a session history through reading, scheduling and the JSON answer. */
#include "fuzz_input.h"

#include "needlepoint/schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *json = fuzz_json(data, size);
	struct np_history *history = NULL;
	struct np_schedule *schedule = NULL;
	if (json != NULL && np_history_from_json(&history, fuzz_pack(), json) == 0 &&
	    np_schedule_next(&schedule, fuzz_pack(), history, np_date_from_ymd(2026, 11, 20)) == 0)
		fuzz_dump(np_schedule_to_json(schedule));
	np_schedule_free(schedule);
	np_history_free(history);
	json_decref(json);
	return 0;
}
