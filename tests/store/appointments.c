/* Appointments in the store suite: a booking waits for the zones' rest, stays within the planned
 * course and waits for open adverse events and deferrals, unless a practitioner overrides. */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

static int64_t book(struct np_store *s, const struct np_actor *a, int64_t client, const char *body,
                    const char *codes)
{
	json_t *in = fx_json("%s", body), *out = NULL;
	if (codes)
		fx_override(in, codes, "travelling; the skin was checked today");
	int rc = np_appointment_book(&out, s, a, client, in);
	json_decref(in);
	if (rc != 0)
		return -rc;
	return fx_id(out);
}

static const char *message(void)
{
	return json_string_value(
	    json_object_get(json_array_get(np_error_refusals(), 0), "message"));
}

void appointments_wait_until_it_is_safe(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t
	    *out = NULL,
	    *in = fx_json(
	        "{\"device\": \"pen\", \"start\": \"2027-01-10\", \"targets\": [{\"indication\": "
	        "\"acne_scars\", \"zones\": [\"cheek_left\"]}]}");
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, client, in), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "sessions_planned")), 3);
	json_decref(out);
	json_decref(in);
	int64_t unit = fx_lot(s, &c, 2, true), pen = fx_pen(s, &c);
	in = fx_session("2027-01-10", pen, unit, "cheek_left", 1.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	int64_t session = fx_id(out);
	json_decref(in);

	/* 1.5 mm rests 14 days: the front desk is told when, not why, and its override lifts
	 * nothing; a practitioner reads the reason */
	const char *early = "{\"date\": \"2027-01-20\", \"time\": \"10:00\"}";
	fx_error((int)-book(s, &c.reception, client, early, NULL), NP_EREFUSED,
	         "Not bookable before 2027-01-24; a practitioner can tell you why");
	assert_string_equal(fx_refused_codes(), "not_bookable");
	assert_string_equal(message(),
	                    "Not bookable before 2027-01-24; a practitioner can tell you why.");
	fx_error((int)-book(s, &c.reception, client, early, "rest"), NP_EREFUSED, "Not bookable");
	fx_error((int)-book(s, &c.practitioner, client, early, NULL), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "rest");
	assert_non_null(strstr(message(), "Left cheek: rests until 2027-01-24"));
	/* a practitioner's override keeps the reason, the codes and what it overrode */
	int64_t second = book(s, &c.practitioner, client, early, "rest");
	assert_true(second > 0);
	assert_int_equal(np_appointment_list(&out, s, &c.practitioner, client), 0);
	json_t *a = json_array_get(out, 0);
	assert_int_equal(json_integer_value(json_object_get(a, "session")), 2);
	assert_int_equal(json_integer_value(json_object_get(a, "of")), 3);
	assert_string_equal(json_string_value(json_object_get(a, "override")),
	                    "travelling; the skin was checked today");
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(a, "overridden"), 0), "code")),
	                    "rest");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(a, "override_codes"), 0)), "rest");
	json_decref(out);
	/* the front desk sees that it was overridden, not the clinical reasons */
	assert_int_equal(np_appointment_list(&out, s, &c.reception, client), 0);
	a = json_array_get(out, 0);
	assert_string_equal(json_string_value(json_object_get(a, "override")),
	                    "(overridden by a practitioner)");
	assert_null(json_object_get(a, "overridden"));
	assert_null(json_object_get(a, "override_codes"));
	json_decref(out);

	/* the third session fits; a fourth is past the planned course */
	int64_t third =
	    book(s, &c.reception, client, "{\"date\": \"2027-02-07\", \"time\": \"09:30\"}", NULL);
	assert_true(third > 0);
	const char *fourth = "{\"date\": \"2027-03-07\", \"time\": \"09:30\", \"minutes\": 45}";
	fx_error((int)-book(s, &c.practitioner, client, fourth, NULL), NP_EREFUSED, "refused");
	assert_string_equal(message(),
	                    "The course of 3 sessions is complete: 1 done and 2 booked.");
	fx_error((int)-book(s, &c.reception, client, fourth, NULL), NP_EREFUSED,
	         "Not bookable for now");
	/* cancelling frees the place, once */
	in = fx_json("{\"reason\": \"moved\"}");
	assert_int_equal(np_appointment_cancel(&out, s, &c.reception, third, in), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "cancelled");
	json_decref(out);
	fx_error(np_appointment_cancel(&out, s, &c.reception, third, in), NP_ECONFLICT,
	         "cancelled before");
	json_decref(in);

	/* an open adverse event holds the next booking; the front desk reads no diagnosis */
	fx_today(&c, "2027-01-12");
	in =
	    fx_json("{\"type\": \"infection\", \"severity\": \"mild\", \"onset\": \"2027-01-12\"}");
	assert_int_equal(np_ae_add(&out, s, &c.practitioner, session, in), 0);
	json_decref(out);
	json_decref(in);
	fx_error((int)-book(s, &c.practitioner, client, fourth, NULL), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "adverse_event_open");
	assert_non_null(strstr(message(), "infection"));
	fx_error((int)-book(s, &c.reception, client, fourth, NULL), NP_EREFUSED, "Not bookable");
	char *all = json_dumps(np_error_refusals(), 0);
	assert_null(strstr(all, "infection"));
	assert_null(strstr(all, "adverse"));
	free(all);
	assert_null(strstr(np_error_last(), "infection"));

	/* bad input names the field */
	fx_error((int)-book(s, &c.reception, client,
	                    "{\"date\": \"2027-03-07\", \"time\": \"9:00\"}", NULL),
	         NP_EINVAL, "time");
	fx_error((int)-book(s, &c.reception, client,
	                    "{\"date\": \"2027-01-11\", \"time\": \"09:00\"}", NULL),
	         NP_EINVAL, "in the past (today is 2027-01-12 at the clinic)");
	fx_error(np_appointment_range(&out, s, &c.reception, "2027-02-01", "2027-01-01"), NP_EINVAL,
	         "to:");

	/* the day and week view, and the client's calendar file: the booked ones, and the cancelled
	 * one as cancelled, so that the client's calendar drops it */
	assert_int_equal(np_appointment_range(&out, s, &c.reception, "2027-01-17", "2027-02-13"),
	                 0);
	assert_int_equal(json_array_size(out), 2);
	json_decref(out);
	char *ics = NULL;
	assert_int_equal(np_appointment_ics(&ics, s, &c.reception, client), 0);
	assert_non_null(strstr(ics, "BEGIN:VCALENDAR\r\n"));
	assert_non_null(strstr(ics, "DTSTART;TZID=UTC:20270120T100000\r\n"));
	assert_non_null(strstr(ics, "SUMMARY:Microneedling: session 2 of 3\r\n"));
	const char *gone = strstr(ics, "DTSTART;TZID=UTC:20270207T093000\r\n");
	assert_non_null(gone);
	const char *end = strstr(gone, "END:VEVENT");
	const char *status = strstr(gone, "STATUS:CANCELLED\r\n");
	assert_true(status && end && status < end);
	free(ics);

	/* the chart looks ahead on the clinic's today: each zone's next day and the bookings */
	assert_int_equal(np_history(&out, s, &c.practitioner, client, NULL), 0);
	json_t *next = json_object_get(out, "next");
	assert_string_equal(json_string_value(json_object_get(next, "on")), "2027-01-12");
	json_t *zone = json_array_get(json_object_get(next, "zones"), 0);
	assert_string_equal(json_string_value(json_object_get(zone, "eligible_from")),
	                    "2027-01-24");
	assert_int_equal(json_array_size(json_object_get(out, "appointments")), 2);
	json_decref(out);
	fx_audit_ok(s, &c.admin);
}
