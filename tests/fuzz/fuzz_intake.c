/* Fuzz target: an intake through reading, screening on two days, and the JSON answer. */
#include "fuzz_input.h"

#include "needlepoint/screen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *json = fuzz_json(data, size);
	struct np_intake *intake = NULL;
	if (json != NULL && np_intake_from_json(&intake, fuzz_pack(), json) == 0) {
		np_day days[] = {np_date_from_ymd(2026, 11, 20), np_date_from_ymd(1900, 1, 1)};
		for (size_t i = 0; i < 2; i++) {
			struct np_screening *s = NULL;
			if (np_screen_run(&s, fuzz_pack(), intake, days[i]) == 0)
				fuzz_dump(np_screening_to_json(s));
			np_screening_free(s);
		}
	}
	np_intake_free(intake);
	json_decref(json);
	return 0;
}
