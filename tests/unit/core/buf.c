/* Tests for src/core/buf.c: the growable string buffer behind the map. */
#include "helpers.h"

#include "buf.h"

#include <stdlib.h>

static void appends_and_formats_past_its_first_allocation(void **state)
{
	(void)state;
	struct np_buf b = NP_BUF_INIT;
	for (int i = 0; i < 1000; i++)
		np_buf_printf(&b, "%d,", i);
	np_buf_append(&b, "end");
	char *text = np_buf_detach(&b);
	assert_non_null(text);
	assert_true(strncmp(text, "0,1,2,", 6) == 0);
	assert_non_null(strstr(text, ",999,end"));
	assert_int_equal(b.len, 0); /* detached: the buffer is empty again */
	free(text);
}

static void escapes_text_for_xml(void **state)
{
	(void)state;
	struct np_buf b = NP_BUF_INIT;
	np_buf_append_xml(&b, "<script>alert('x') & \"y\"</script>");
	assert_string_equal(
	    b.data, "&lt;script&gt;alert(&apos;x&apos;) &amp; &quot;y&quot;&lt;/script&gt;");
	np_buf_release(&b);
}

static void an_empty_buffer_detaches_as_an_empty_string(void **state)
{
	(void)state;
	struct np_buf b = NP_BUF_INIT;
	char *text = np_buf_detach(&b);
	assert_string_equal(text, "");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(appends_and_formats_past_its_first_allocation),
	    cmocka_unit_test(escapes_text_for_xml),
	    cmocka_unit_test(an_empty_buffer_detaches_as_an_empty_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
