/* The unit tests' shared helpers. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static struct np_pack *pack;

static void free_pack(void)
{
	np_pack_free(pack);
}

const struct np_pack *np_test_pack(void)
{
	if (pack == NULL) {
		if (np_pack_load_file(&pack, NP_STANDARD_PACK) != 0)
			fail_msg("the standard pack does not load: %s", np_error_last());
		atexit(free_pack);
	}
	return pack;
}

json_t *np_test_json(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (j == NULL)
		fail_msg("test JSON does not parse: %s: %s", e.text, text);
	return j;
}

np_day np_test_day(const char *text)
{
	np_day d = 0;
	if (np_date_parse(&d, text) != 0)
		fail_msg("'%s' is not a date", text);
	return d;
}

const char *np_test_date_text(np_day day)
{
	static char text[NP_DATE_LEN];
	np_date_format(day, text);
	return text;
}
