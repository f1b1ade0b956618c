/* The calendar in the store suite (records_calendar.c): no practitioner and no room booked twice
 * at once, bookings with whom and where, and moving one, which the safety gate decides on again
 * and the calendar file counts. */
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

static int book_at(struct np_store *s, const struct np_actor *a, int64_t client, const char *fmt,
                   int64_t *id)
{
	json_t *in = fx_json("%s", fmt), *out = NULL;
	int rc = np_appointment_book(&out, s, a, client, in);
	json_decref(in);
	if (rc == 0)
		*id = fx_id(out);
	return rc;
}

static int move_to(struct np_store *s, const struct np_actor *a, int64_t id, const char *body)
{
	json_t *in = fx_json("%s", body), *out = NULL;
	int rc = np_appointment_move(&out, s, a, id, in);
	json_decref(in);
	json_decref(out);
	return rc;
}

void the_calendar_books_no_one_twice(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	fx_today(&c, "2027-03-01");
	json_t *out = NULL, *in = fx_json("{\"name\": \"First\"}");
	assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
	int64_t one = fx_id(out);
	json_decref(in);
	in = fx_json("{\"name\": \"Second\"}");
	assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
	int64_t two = fx_id(out);
	json_decref(in);
	char body[256];
	long long pat = (long long)c.practitioner.user_id;
	int64_t first = 0, other = 0;
	snprintf(body, sizeof body,
	         "{\"date\": \"2027-03-02\", \"time\": \"10:00\", \"minutes\": 60, "
	         "\"practitioner\": %lld}",
	         pat);
	assert_int_equal(book_at(s, &c.reception, one, body, &first), 0);
	/* the same practitioner half an hour later: refused, saying who has whom when */
	snprintf(body, sizeof body,
	         "{\"date\": \"2027-03-02\", \"time\": \"10:30\", \"practitioner\": %lld}", pat);
	fx_error(book_at(s, &c.reception, two, body, &other), NP_ECONFLICT,
	         "has First booked from 10:00 to 11:00 that day");
	/* from the hour on, or with no one named, it goes */
	snprintf(body, sizeof body,
	         "{\"date\": \"2027-03-02\", \"time\": \"11:00\", \"practitioner\": %lld}", pat);
	assert_int_equal(book_at(s, &c.reception, two, body, &other), 0);
	/* the front desk cannot book someone who does not treat */
	snprintf(body, sizeof body,
	         "{\"date\": \"2027-03-03\", \"time\": \"11:00\", \"practitioner\": %lld}",
	         (long long)c.reception.user_id);
	int64_t none = 0;
	fx_error(book_at(s, &c.reception, two, body, &none), NP_EINVAL, "practitioner:");

	/* rooms: the clinic lists them; one holds one treatment at a time */
	in = fx_json("{\"rooms\": \"Room 1, Room 2\"}");
	assert_int_equal(np_clinic_edit(&out, s, &c.admin, in), 0);
	assert_int_equal(json_array_size(json_object_get(out, "rooms")), 2);
	json_decref(out);
	json_decref(in);
	int64_t roomed = 0;
	assert_int_equal(
	    book_at(s, &c.reception, one,
	            "{\"date\": \"2027-03-04\", \"time\": \"14:00\", \"room\": \"Room 1\"}",
	            &roomed),
	    0);
	fx_error(book_at(s, &c.reception, two,
	                 "{\"date\": \"2027-03-04\", \"time\": \"14:30\", \"room\": \"Room 1\"}",
	                 &none),
	         NP_ECONFLICT, "room: Room 1 is taken from 14:00 to 15:00 that day (First)");
	assert_int_equal(
	    book_at(s, &c.reception, two,
	            "{\"date\": \"2027-03-04\", \"time\": \"14:30\", \"room\": \"Room 2\"}", &none),
	    0);
	fx_error(book_at(s, &c.reception, two,
	                 "{\"date\": \"2027-03-04\", \"time\": \"16:30\", \"room\": \"Cellar\"}",
	                 &none),
	         NP_EINVAL, "room: 'Cellar'");

	/* moving the second client onto the first's hour is refused and changes nothing */
	snprintf(body, sizeof body, "{\"date\": \"2027-03-02\", \"time\": \"10:15\"}");
	fx_error(move_to(s, &c.reception, other, body), NP_ECONFLICT, "has First booked");
	assert_int_equal(np_appointment_list(&out, s, &c.reception, two), 0);
	json_t *a = json_array_get(out, 0);
	assert_string_equal(json_string_value(json_object_get(a, "time")), "11:00");
	assert_string_equal(json_string_value(json_object_get(a, "status")), "booked");
	json_decref(out);
	/* to the next day it moves, keeping its practitioner; the calendar file counts the move */
	assert_int_equal(
	    move_to(s, &c.reception, other, "{\"date\": \"2027-03-03\", \"time\": \"09:00\"}"), 0);
	assert_int_equal(np_appointment_list(&out, s, &c.reception, two), 0);
	a = json_array_get(out, 0);
	assert_int_equal(json_integer_value(json_object_get(a, "id")), other);
	assert_string_equal(json_string_value(json_object_get(a, "date")), "2027-03-03");
	assert_int_equal(json_integer_value(json_object_get(a, "practitioner_id")), pat);
	assert_int_equal(json_integer_value(json_object_get(a, "moves")), 1);
	json_decref(out);
	char *ics = NULL;
	assert_int_equal(np_appointment_ics(&ics, s, &c.reception, two), 0);
	assert_non_null(strstr(ics, "SEQUENCE:1\r\n"));
	free(ics);
	/* not to a day gone by, and not once cancelled */
	fx_error(move_to(s, &c.reception, other, "{\"date\": \"2027-02-27\", \"time\": \"09:00\"}"),
	         NP_EINVAL, "date");
	fx_error(move_to(s, &c.reception, other, "{\"date\": \"2027-03-05\"}"), NP_EINVAL, "time");
	fx_error(move_to(s, &c.reception, other, "{\"date\": \"2027-03-05\", \"time\": \"25:00\"}"),
	         NP_EINVAL, "'25:00'");
	in = fx_json("{\"reason\": \"the client is ill\"}");
	assert_int_equal(np_appointment_cancel(&out, s, &c.reception, other, in), 0);
	json_decref(out);
	json_decref(in);
	fx_error(move_to(s, &c.reception, other, "{\"date\": \"2027-03-05\", \"time\": \"09:00\"}"),
	         NP_ECONFLICT, "cancelled");
	/* its hour is free again */
	snprintf(body, sizeof body,
	         "{\"date\": \"2027-03-03\", \"time\": \"09:00\", \"practitioner\": %lld}", pat);
	assert_int_equal(book_at(s, &c.reception, one, body, &none), 0);
}
