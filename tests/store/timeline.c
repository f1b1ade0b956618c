/* The chart a page at a time, in the store suite: the pages of a timeline, walked from the newest,
 * are the whole timeline; the badges read the latest records whatever page is open; the rules read
 * the sessions whose rest may still run, a record made late included. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "kind id" of each entry of a timeline, oldest first, appended to out. */
static void entries(const json_t *timeline, char *out, size_t size)
{
	size_t i, len = strlen(out);
	json_t *e;
	json_array_foreach(timeline, i, e)
	{
		len += (size_t)snprintf(out + len, size - len, "%s %lld;",
		                        json_string_value(json_object_get(e, "kind")),
		                        (long long)json_integer_value(
		                            json_object_get(json_object_get(e, "record"), "id")));
		assert_true(len < size);
	}
}

/* A client of 1 health history, screening and consent and 25 sessions, a day apart from
 * 2027-01-01 (the first on the day of the consent) on the forehead and the glabella by turns,
 * and two outcomes on the last day. */
static int64_t long_client(struct np_store *s, struct fx_clinic *c)
{
	int64_t client = fx_ready_client(s, c, "2027-01-01");
	int64_t unit = fx_lot(s, c, 25, true), pen = fx_pen(s, c);
	char day[16] = "";
	for (int i = 0; i < 25; i++) {
		snprintf(day, sizeof day, "2027-01-%02d", 1 + i);
		fx_today(c, day);
		json_t *in = fx_session(day, pen, unit + i, i % 2 ? "glabella" : "forehead", 0.25),
		       *out = NULL;
		if (np_session_log(&out, s, &c->practitioner, client, in) != 0)
			fail_msg("session on %s: %s %s", day, np_error_last(), fx_refused_codes());
		json_decref(out);
		json_decref(in);
	}
	for (int v = 2; v <= 3; v++) {
		json_t *out = NULL,
		       *in = fx_json("{\"scale\": \"gais\", \"value\": %d, \"date\": \"%s\"}", v,
		                     day);
		assert_int_equal(np_outcome_add(&out, s, &c->practitioner, client, in), 0);
		json_decref(out);
		json_decref(in);
	}
	return client;
}

void the_timeline_pages_add_up_to_the_whole(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = long_client(s, &c);
	json_t *out = NULL;
	assert_int_equal(np_history(&out, s, &c.practitioner, client, NULL), 0);
	static char whole[4096], walked[4096], page_text[4096];
	whole[0] = '\0';
	entries(json_object_get(out, "timeline"), whole, sizeof whole);
	assert_int_equal(json_array_size(json_object_get(out, "timeline")), 30);
	assert_true(json_is_null(json_object_get(out, "more")));
	json_decref(out);

	/* a page of one splits two outcomes of a day; of three, the intake from the screening of
	 * its day; of seven, two sessions; of 100, nothing */
	const size_t limits[] = {1, 3, 7, 100};
	for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
		walked[0] = '\0';
		char before[64] = "";
		size_t pages = 0;
		do {
			struct np_page page = {.limit = limits[l],
			                       .before = before[0] ? before : NULL};
			assert_int_equal(np_history(&out, s, &c.practitioner, client, &page), 0);
			const json_t *tl = json_object_get(out, "timeline");
			assert_true(json_array_size(tl) <= limits[l]);
			assert_true(json_array_size(tl) > 0);
			/* each page is older than the last: it goes before what was walked */
			page_text[0] = '\0';
			entries(tl, page_text, sizeof page_text);
			size_t plen = strlen(page_text), wlen = strlen(walked);
			assert_true(plen + wlen < sizeof walked);
			memmove(walked + plen, walked, wlen + 1);
			memcpy(walked, page_text, plen);
			const char *more = json_string_value(json_object_get(out, "more"));
			snprintf(before, sizeof before, "%s", more ? more : "");
			/* the badges read the latest records, whatever the page */
			const json_t *latest = json_object_get(out, "latest");
			assert_string_equal(json_string_value(json_object_get(
			                        json_object_get(latest, "consent"), "status")),
			                    "valid");
			assert_non_null(
			    json_object_get(json_object_get(latest, "screening"), "id"));
			json_decref(out);
			pages++;
		} while (before[0]);
		assert_string_equal(walked, whole);
		assert_int_equal(pages, (30 + limits[l] - 1) / limits[l]);
	}

	/* one kind only; and a place no answer gave is refused, named */
	struct np_page sessions = {.limit = 100};
	assert_int_equal(np_chart_kinds(&sessions.kinds, "session"), 0);
	assert_int_equal(np_history(&out, s, &c.practitioner, client, &sessions), 0);
	assert_int_equal(json_array_size(json_object_get(out, "timeline")), 25);
	/* a session on the page leaves its aftercare to the session's own answer */
	const json_t *entry =
	    json_object_get(json_array_get(json_object_get(out, "timeline"), 0), "record");
	assert_non_null(json_object_get(entry, "zones"));
	assert_null(json_object_get(entry, "aftercare"));
	json_t *shown = NULL;
	assert_int_equal(np_session_show(&shown, s, &c.practitioner,
	                                 json_integer_value(json_object_get(entry, "id"))),
	                 0);
	assert_non_null(json_object_get(shown, "aftercare"));
	json_decref(shown);
	json_decref(out);
	fx_error(np_chart_kinds(&sessions.kinds, "session,visit"), NP_EINVAL, "kind: expected");
	const char *bad[] = {"yesterday", "2027-13-01.session.1", "2027-01-01.visit.1",
	                     "2027-01-01.session.x", "2027-01-01.session.1x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct np_page page = {.limit = 5, .before = bad[i]};
		fx_error(np_history(&out, s, &c.practitioner, client, &page), NP_EINVAL, "before");
	}
}

/* The badges come from the server: an adverse event stays on the chart's first page while it is
 * open, however many entries came after it, and leaves it when resolved. */
void open_events_stay_on_the_chart(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-01");
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	json_t *in = fx_session("2027-01-01", pen, unit, "forehead", 0.25), *out = NULL;
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	int64_t session = fx_id(out);
	json_decref(in);
	in = fx_json("{\"type\": \"prolonged erythema\", \"severity\": \"mild\", "
	             "\"onset\": \"2027-01-01\"}");
	assert_int_equal(np_ae_add(&out, s, &c.practitioner, session, in), 0);
	int64_t ae = fx_id(out);
	json_decref(in);
	for (int v = 1; v <= 3; v++) { /* newer entries push it off a page of two */
		in = fx_json("{\"scale\": \"gais\", \"value\": %d, \"date\": \"2027-01-0%d\"}", v,
		             v + 1);
		fx_today(&c, "2027-01-04");
		assert_int_equal(np_outcome_add(&out, s, &c.practitioner, client, in), 0);
		json_decref(out);
		json_decref(in);
	}
	struct np_page page = {.limit = 2};
	assert_int_equal(np_history(&out, s, &c.practitioner, client, &page), 0);
	const json_t *open = json_object_get(out, "open_adverse_events");
	assert_int_equal(json_array_size(open), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(open, 0), "id")), ae);
	assert_false(json_is_null(json_object_get(out, "more")));
	json_decref(out);
	in = fx_json("{\"date\": \"2027-01-04\", \"status\": \"settled\", \"resolved\": true}");
	assert_int_equal(np_ae_follow_up(&out, s, &c.practitioner, ae, in), 0);
	json_decref(out);
	json_decref(in);
	assert_int_equal(np_history(&out, s, &c.practitioner, client, &page), 0);
	assert_int_equal(json_array_size(json_object_get(out, "open_adverse_events")), 0);
	json_decref(out);
}

/* The rules read the sessions whose rest may still run. A record made late, dated long before the
 * latest session, is still held to the rest of the sessions around its own day. */
void a_late_record_keeps_the_rest_of_its_day(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-01");
	int64_t unit = fx_lot(s, &c, 4, true), pen = fx_pen(s, &c);
	/* the cheek at 1.5 mm on 1 January rests 14 days; the forehead is needled in April */
	json_t *in = fx_session("2027-01-01", pen, unit, "cheek_left", 1.5), *out = NULL;
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	fx_today(&c, "2027-04-01");
	const char *why = "the health history was gone through again by telephone";
	in = fx_override(fx_session("2027-04-01", pen, unit + 1, "forehead", 0.25),
	                 "screening_stale", why);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	/* written up in April, a cheek session of 5 January is refused: the cheek rested then */
	in = fx_session("2027-01-05", pen, unit + 2, "cheek_left", 1.0);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "rest");
	json_decref(in);
	/* and the one of 20 January is not */
	in = fx_session("2027-01-20", pen, unit + 2, "cheek_left", 1.0);
	if (np_session_log(&out, s, &c.practitioner, client, in) != 0)
		fail_msg("%s: %s", np_error_last(), fx_refused_codes());
	json_decref(out);
	json_decref(in);
	/* the lot's count of unused units is kept with each use: three taken, the refused one not
	 */
	assert_int_equal(np_lot_list(&out, s, &c.practitioner), 0);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(out, 0), "units_unused")), 1);
	json_decref(out);
}

/* A database from before the counts were kept (migration 13) is counted as it opens: its plans'
 * sessions and last session day, its lots' unused units, and its indexes by day. */
void counts_are_made_when_an_older_database_opens(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-01");
	json_t *out = NULL, *in = fx_json("{\"device\": \"pen\", \"start\": \"2027-01-01\", "
	                                  "\"targets\": [{\"indication\": \"acne_scars\", "
	                                  "\"zones\": [\"forehead\"]}]}");
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	int64_t unit = fx_lot(s, &c, 3, true), pen = fx_pen(s, &c);
	static const char *const days[] = {"2027-01-01", "2027-01-09"};
	for (int i = 0; i < 2; i++) {
		fx_today(&c, days[i]);
		in = fx_session(days[i], pen, unit + i, "forehead", 0.25);
		assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
		json_decref(out);
		json_decref(in);
	}
	/* as needlepoint left it before: no counts, the indexes by client and id */
	fx_sql("DROP TABLE plan_progress");
	fx_sql("DROP TABLE lot_stock");
	fx_sql("DROP TABLE clinic_profiles"); /* and what came after it */
	fx_sql("DROP TABLE installation");
	fx_sql("ALTER TABLE clients DROP COLUMN version");
	fx_sql("ALTER TABLE appointments DROP COLUMN practitioner_id");
	fx_sql("ALTER TABLE appointments DROP COLUMN room");
	fx_sql("ALTER TABLE appointments DROP COLUMN moves");
	fx_sql("ALTER TABLE clinics DROP COLUMN version");
	fx_sql("DROP INDEX adverse_events_by_session");
	fx_sql("DROP INDEX sessions_by_key");
	fx_sql("ALTER TABLE sessions DROP COLUMN idempotency_key");
	static const char *const tables[] = {"intakes",  "screenings",  "consents",
	                                     "plans",    "sessions",    "adverse_events",
	                                     "outcomes", "appointments"};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		fx_sql("DROP INDEX %s_by_client_day", tables[i]);
	fx_sql("DROP INDEX ae_followups_of_ae");
	fx_sql("CREATE INDEX intakes_by_client ON intakes (client_id, clinic_id, id);"
	       "CREATE INDEX screenings_of_client ON screenings (client_id, clinic_id, id);"
	       "CREATE INDEX screenings_by_client ON screenings (client_id, id);"
	       "CREATE INDEX consents_by_client ON consents (client_id, clinic_id, id);"
	       "CREATE INDEX plans_by_client ON plans (client_id, clinic_id, id);");
	fx_sql("CREATE INDEX sessions_by_client ON sessions (client_id, on_date);"
	       "CREATE INDEX adverse_events_by_client ON adverse_events (client_id, clinic_id, id);"
	       "CREATE INDEX outcomes_by_client ON outcomes (client_id, clinic_id, id);"
	       "CREATE INDEX appointments_by_client ON appointments (client_id, on_date);"
	       "CREATE INDEX ae_followups_by_ae ON ae_followups (ae_id, id);");
	fx_sql("DELETE FROM schema_migrations WHERE version >= 13");
	struct np_store *again = fx_open(); /* migrates */
	assert_int_equal(np_plan_list(&out, again, &c.practitioner, client), 0);
	const json_t *plan = json_array_get(out, 0);
	assert_int_equal(json_integer_value(json_object_get(plan, "sessions_done")), 2);
	assert_string_equal(json_string_value(json_object_get(plan, "last_session_on")),
	                    "2027-01-09");
	json_decref(out);
	assert_int_equal(np_lot_list(&out, again, &c.practitioner), 0);
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(out, 0), "units_unused")), 1);
	json_decref(out);
	/* and the next session is counted on from there */
	fx_today(&c, "2027-01-17");
	in = fx_session("2027-01-17", pen, unit + 2, "forehead", 0.25);
	assert_int_equal(np_session_log(&out, again, &c.practitioner, client, in), 0);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "course"), "session")), 3);
	json_decref(out);
	json_decref(in);
	np_store_close(again);
}

/* A page's records are the records as their own answers give them (the export's, which reads
 * each whole), a session less its aftercare: the chart writes them as text from what is stored,
 * an override, an adverse event with its follow-up and a consent's status on the day included. */
void a_page_shows_each_record_as_its_own_answer(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL,
	       *in = fx_json("{\"device\": \"pen\", \"start\": \"2027-01-10\", "
	                     "\"targets\": [{\"indication\": \"acne_scars\", \"zones\": "
	                     "[\"cheek_left\"]}]}");
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	int64_t unit = fx_lot(s, &c, 2, true), pen = fx_pen(s, &c);
	in = fx_session("2027-01-10", pen, unit, "cheek_left", 1.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	int64_t session = fx_id(out);
	json_decref(in);
	/* the cheek rests: a second session the same week is an override, kept with the session */
	fx_today(&c, "2027-01-12");
	in = fx_override(fx_session("2027-01-12", pen, unit + 1, "cheek_left", 1.5), "rest",
	                 "the client travels abroad for three months");
	if (np_session_log(&out, s, &c.practitioner, client, in) != 0)
		fail_msg("%s %s", np_error_last(), fx_refused_codes());
	json_decref(out);
	json_decref(in);
	in = fx_json("{\"type\": \"prolonged erythema\", \"severity\": \"mild\", "
	             "\"onset\": \"2027-01-12\", \"note\": \"warm, \\\"tight\\\"\\nto touch\"}");
	assert_int_equal(np_ae_add(&out, s, &c.practitioner, session, in), 0);
	int64_t ae = fx_id(out);
	json_decref(in);
	fx_today(&c, "2027-01-13");
	in = fx_json("{\"date\": \"2027-01-13\", \"status\": \"fading\", \"resolved\": false}");
	assert_int_equal(np_ae_follow_up(&out, s, &c.practitioner, ae, in), 0);
	json_decref(out);
	json_decref(in);
	in = fx_json("{\"scale\": \"gais\", \"value\": 2, \"date\": \"2027-01-13\"}");
	assert_int_equal(np_outcome_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);

	json_t *whole = NULL;
	assert_int_equal(np_export(&whole, s, &c.practitioner, client), 0);
	assert_int_equal(np_history(&out, s, &c.practitioner, client, NULL), 0);
	const json_t *tl = json_object_get(out, "timeline");
	assert_int_equal(json_array_size(tl), 8); /* intake to outcome, every kind */
	size_t i;
	json_t *e;
	bool overridden = false;
	json_array_foreach(tl, i, e)
	{
		char plural[32];
		const char *kind = json_string_value(json_object_get(e, "kind"));
		snprintf(plural, sizeof plural, "%ss", kind);
		const json_t *record = json_object_get(e, "record");
		json_int_t id = json_integer_value(json_object_get(record, "id"));
		json_t *own = NULL;
		size_t j;
		json_t *r;
		json_array_foreach(json_object_get(whole, plural), j, r)
		{
			if (json_integer_value(json_object_get(r, "id")) == id)
				own = json_deep_copy(r);
		}
		assert_non_null(own);
		if (strcmp(kind, "session") == 0) {
			assert_non_null(json_object_get(own, "aftercare"));
			json_object_del(own, "aftercare");
			overridden |= !json_is_null(json_object_get(record, "override"));
		}
		if (!json_equal(record, own)) {
			char *a = json_dumps(record, JSON_COMPACT),
			     *b = json_dumps(own, JSON_COMPACT);
			fail_msg("%s %lld on the page:\n%s\nits own answer:\n%s", kind,
			         (long long)id, a, b);
		}
		json_decref(own);
	}
	assert_true(overridden);
	/* the badges too: the latest plan and consent as their own answers */
	const json_t *latest = json_object_get(out, "latest");
	assert_true(json_equal(json_object_get(latest, "plan"),
	                       json_array_get(json_object_get(whole, "plans"), 0)));
	assert_true(json_equal(json_object_get(latest, "consent"),
	                       json_array_get(json_object_get(whole, "consents"), 0)));
	json_decref(whole);
	json_decref(out);
}
