/* Shared by the unit tests: the standard pack and JSON from literals. */
#ifndef NP_TEST_HELPERS_H
#define NP_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "needlepoint/date.h"
#include "needlepoint/error.h"
#include "needlepoint/pack.h"

/* The standard pack, loaded once per test program; the tests must not free it. */
const struct np_pack *np_test_pack(void);

/* Parse JSON text, failing the test when it does not parse. The caller owns the value. */
json_t *np_test_json(const char *text);

/* A date from "YYYY-MM-DD", failing the test when it is not one. */
np_day np_test_day(const char *text);

/* The date as text, in a static buffer (one at a time). */
const char *np_test_date_text(np_day day);

/* Assert that the last error's message contains text. */
#define assert_error_contains(text)                                                                \
	do {                                                                                       \
		if (strstr(np_error_last(), (text)) == NULL)                                       \
			fail_msg("error '%s' does not contain '%s'", np_error_last(), (text));     \
	} while (0)

#endif
