/* A recall written as it is read, in the store suite: the lot's sessions are handed on in pieces
 * of a bounded size that make the same answer as the recall held whole, and a reader that stops
 * stops the writing. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pieces {
	size_t n, most, stop_at; /* stop_at: refuse that piece (0: none) */
	struct {
		char *data;
		size_t len;
	} text;
};

static int take(void *ctx, const char *text, size_t len)
{
	struct pieces *p = ctx;
	p->n++;
	if (p->stop_at && p->n == p->stop_at)
		return 1;
	p->most = len > p->most ? len : p->most;
	p->text.data = realloc(p->text.data, p->text.len + len + 1);
	memcpy(p->text.data + p->text.len, text, len);
	p->text.len += len;
	p->text.data[p->text.len] = '\0';
	return 0;
}

void a_recall_is_written_a_piece_at_a_time(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	char lot[64]; /* the lot's number, as the session names it */
	snprintf(lot, sizeof lot, "%s",
	         json_string_value(json_object_get(json_object_get(out, "unit"), "lot")));
	assert_true(lot[0] != '\0');
	json_decref(out);
	json_decref(in);
	/* 3,000 more sessions with that lot's unit, as years of a clinic would have */
	fx_sql(
	    "INSERT INTO sessions (clinic_id, client_id, plan_id, on_date, practitioner_id,"
	    " device_id, unit_id, unit_use, indication, body, created_at)"
	    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
	    " SELECT clinic_id, client_id, plan_id, on_date, practitioner_id, device_id, unit_id,"
	    " unit_use, indication, body, created_at FROM sessions, n WHERE unit_id = %lld",
	    (long long)unit);
	struct pieces p = {0};
	assert_int_equal(np_recall_write(s, &c.practitioner, lot, take, &p), 0);
	assert_true(p.n > 4);            /* never held whole: a piece at a time */
	assert_true(p.most < 40 * 1024); /* each a few tens of kB */
	json_t *streamed = json_loads(p.text.data, 0, NULL), *whole = NULL;
	assert_non_null(streamed);
	assert_int_equal(json_array_size(json_object_get(streamed, "sessions")), 3001);
	assert_int_equal(np_recall(&whole, s, &c.practitioner, lot), 0);
	assert_true(json_equal(streamed, whole));
	json_decref(streamed);
	json_decref(whole);
	free(p.text.data);

	/* the reader goes away at the third piece: nothing more is written, and it is an error */
	struct pieces stopped = {.stop_at = 3};
	assert_int_not_equal(np_recall_write(s, &c.practitioner, lot, take, &stopped), 0);
	assert_int_equal(stopped.n, 3);
	free(stopped.text.data);
	/* before anything is written, what is wrong is said and nothing goes */
	struct pieces none = {0};
	fx_error(np_recall_write(s, &c.practitioner, "", take, &none), NP_EINVAL, "LOT");
	fx_error(np_recall_write(s, &c.reception, lot, take, &none), NP_EFORBIDDEN, "");
	assert_int_equal(none.n, 0);
}
