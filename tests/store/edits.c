/* Tests for the optimistic concurrency of edits (records_people.c): an edit made from an older
 * version of a client's details is refused and applies nothing; the one made from the current
 * version applies and moves the version on. */
#include "fixture.h"

#include "needlepoint/error.h"
#include "needlepoint/store.h"

#include <string.h>

static int64_t version_of(json_t *client)
{
	return json_integer_value(json_object_get(client, "version"));
}

void an_edit_from_an_older_version_changes_nothing(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	json_t *out = NULL, *in = fx_json("{\"name\": \"Two Tabs\", \"phone\": \"555 0100\"}");
	assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
	assert_int_equal(version_of(out), 1);
	int64_t id = fx_id(out); /* which lets go of out */
	json_decref(in);
	/* two tabs opened the details at version 1; the first saves */
	in = fx_json("{\"phone\": \"555 0199\", \"version\": 1}");
	assert_int_equal(np_client_edit(&out, s, &c.reception, id, in), 0);
	assert_int_equal(version_of(out), 2);
	json_decref(out);
	json_decref(in);
	/* the second, made from version 1 too, is refused and changes nothing */
	in = fx_json(
	    "{\"phone\": \"555 0000\", \"desk_notes\": \"prefers mornings\", \"version\": 1}");
	fx_error(np_client_edit(&out, s, &c.reception, id, in), NP_ESTALE,
	         "changed by someone else");
	json_decref(in);
	assert_int_equal(np_client_show(&out, s, &c.reception, id), 0);
	assert_string_equal(json_string_value(json_object_get(out, "phone")), "555 0199");
	assert_true(json_is_null(json_object_get(out, "desk_notes")));
	assert_int_equal(version_of(out), 2);
	json_decref(out);
	/* kept and sent again from the version now there, it applies */
	in = fx_json("{\"phone\": \"555 0000\", \"version\": 2}");
	assert_int_equal(np_client_edit(&out, s, &c.reception, id, in), 0);
	assert_int_equal(version_of(out), 3);
	json_decref(out);
	json_decref(in);
	/* an edit that names no version applies to the current one (the command line's) */
	in = fx_json("{\"email\": \"two@tabs.example\"}");
	assert_int_equal(np_client_edit(&out, s, &c.reception, id, in), 0);
	assert_int_equal(version_of(out), 4);
	json_decref(out);
	json_decref(in);
	in = fx_json("{\"version\": \"4\"}");
	fx_error(np_client_edit(&out, s, &c.reception, id, in), NP_EINVAL, "version:");
	json_decref(in);
}

/* One person, one chart: a client with the name and birth date of one on file is not added
 * unless the input says it is another person. */
void a_second_chart_for_one_person_is_asked_about(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	json_t *out = NULL,
	       *in = fx_json("{\"name\": \"Mary Jackson\", \"birth_date\": \"1921-04-09\"}");
	assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
	json_decref(out);
	json_decref(in);
	in = fx_json("{\"name\": \"mary jackson\", \"birth_date\": \"1921-04-09\"}");
	fx_error(np_client_add(&out, s, &c.reception, in), NP_ECONFLICT,
	         "duplicate: mary jackson, born 1921-04-09, is on file already");
	json_decref(in);
	/* another birth date, or no birth date to compare, is another person */
	in = fx_json("{\"name\": \"Mary Jackson\", \"birth_date\": \"1950-04-09\"}");
	assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
	json_decref(out);
	json_decref(in);
	/* told it is someone else, it is added */
	in = fx_json(
	    "{\"name\": \"Mary Jackson\", \"birth_date\": \"1921-04-09\", \"duplicate\": true}");
	assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
	assert_null(json_object_get(out, "duplicate"));
	json_decref(out);
	json_decref(in);
}

/* A health history saved from the version before the newest is stopped, not stored as the
 * newest: what the other saved stays the client's history until someone chooses. */
void a_health_history_from_an_older_version_is_stopped(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10"); /* version 1 on file */
	json_t *out = NULL,
	       *in = fx_json("{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"allergies\": "
	                     "[\"lidocaine\"], \"based_on\": 1}");
	assert_int_equal(np_intake_add(&out, s, &c.practitioner, client, in), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
	assert_null(json_object_get(json_object_get(out, "intake"), "based_on"));
	json_decref(out);
	json_decref(in);
	/* the other tab, filled from version 1 too */
	in = fx_json("{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"based_on\": 1}");
	fx_error(np_intake_add(&out, s, &c.practitioner, client, in), NP_ESTALE,
	         "changed by someone else since you opened it (version 1, now 2)");
	json_decref(in);
	/* kept over it, from the newest */
	in = fx_json("{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"based_on\": 2}");
	assert_int_equal(np_intake_add(&out, s, &c.practitioner, client, in), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 3);
	json_decref(out);
	json_decref(in);
}

/* The clinic's details too: an edit from an older version changes nothing. */
void a_clinic_edit_from_an_older_version_changes_nothing(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	json_t *out = NULL;
	assert_int_equal(np_clinic_show(&out, s, &c.admin), 0);
	int64_t version = version_of(out);
	json_decref(out);
	json_t *in = fx_json("{\"phone\": \"555 0101\", \"version\": %lld}", (long long)version);
	assert_int_equal(np_clinic_edit(&out, s, &c.admin, in), 0);
	assert_int_equal(version_of(out), version + 1);
	json_decref(out);
	json_decref(in);
	in = fx_json("{\"phone\": \"555 0202\", \"version\": %lld}", (long long)version);
	fx_error(np_clinic_edit(&out, s, &c.admin, in), NP_ESTALE, "changed by someone else");
	json_decref(in);
	assert_int_equal(np_clinic_show(&out, s, &c.admin), 0);
	assert_string_equal(json_string_value(json_object_get(out, "phone")), "555 0101");
	json_decref(out);
}
