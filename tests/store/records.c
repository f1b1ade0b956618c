/* The store test suite: the same tests on SQLite and on PostgreSQL (NP_TEST_DB). Each test works
 * in a clinic of its own. */
#include "fixture.h"

#include "../../src/store/db.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int setup(void **state)
{
	*state = fx_open();
	return 0;
}

static int teardown(void **state)
{
	np_store_close(*state);
	return 0;
}

/* Text from a hostile or careless keyboard is kept exactly as typed. */
static void text_is_stored_verbatim(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	const char *hostile[] = {"Robert'); DROP TABLE clients;--", "<script>alert(1)</script>",
	                         "tab\there\nnew line \x01\x1f", "Zoë Ångström 名前 \\ % _",
	                         "' OR '1'='1"};
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		json_t *in = json_pack("{s:s, s:s, s:s}", "name", hostile[i], "desk_notes",
		                       hostile[i], "email", hostile[i]);
		json_t *out = NULL;
		assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
		int64_t id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		json_decref(in);
		in = json_pack("{s:s}", "notes", hostile[i]);
		assert_int_equal(np_client_edit(&out, s, &c.practitioner, id, in), 0);
		json_decref(out);
		json_decref(in);
		assert_int_equal(np_client_show(&out, s, &c.practitioner, id), 0);
		assert_string_equal(json_string_value(json_object_get(out, "name")), hostile[i]);
		assert_string_equal(json_string_value(json_object_get(out, "notes")), hostile[i]);
		assert_string_equal(json_string_value(json_object_get(out, "desk_notes")),
		                    hostile[i]);
		json_decref(out);
	}
	/* a search with LIKE's wildcards finds them literally */
	json_t *found = NULL;
	assert_int_equal(np_client_list(&found, s, &c.reception, "\\ % _", 10), 0);
	assert_int_equal(json_array_size(found), 1);
	json_decref(found);
}

/* Notes are clinical: the front desk neither reads nor writes them; it has its own field. */
static void reception_sees_only_the_front_desk_notes(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	json_t *out = NULL, *in = fx_json("{\"name\": \"Ada\", \"notes\": \"melasma on the "
	                                  "cheeks, on tranexamic acid\", \"desk_notes\": \"prefers "
	                                  "mornings\"}");
	assert_int_equal(np_client_add(&out, s, &c.practitioner, in), 0);
	int64_t id = fx_id(out);
	json_decref(in);
	assert_int_equal(np_client_show(&out, s, &c.reception, id), 0);
	assert_null(json_object_get(out, "notes"));
	assert_string_equal(json_string_value(json_object_get(out, "desk_notes")),
	                    "prefers mornings");
	json_decref(out);
	assert_int_equal(np_client_list(&out, s, &c.reception, "Ada", 10), 0);
	assert_null(json_object_get(json_array_get(out, 0), "notes"));
	json_decref(out);
	in = fx_json("{\"notes\": \"overwritten\"}");
	fx_error(np_client_edit(&out, s, &c.reception, id, in), NP_EFORBIDDEN, "notes");
	json_decref(in);
	in = fx_json("{\"name\": \"Bo\", \"notes\": \"x\"}");
	fx_error(np_client_add(&out, s, &c.reception, in), NP_EFORBIDDEN, "notes");
	json_decref(in);
	in = fx_json("{\"desk_notes\": \"prefers afternoons now\"}");
	assert_int_equal(np_client_edit(&out, s, &c.reception, id, in), 0);
	json_decref(out);
	json_decref(in);
	assert_int_equal(np_client_show(&out, s, &c.practitioner, id), 0);
	assert_string_equal(json_string_value(json_object_get(out, "notes")),
	                    "melasma on the cheeks, on tranexamic acid");
	json_decref(out);
}

static void bad_input_names_the_field(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	json_t *out = NULL;
	char *big = malloc(100 * 1024 + 1);
	memset(big, 'a', 100 * 1024);
	big[100 * 1024] = '\0';
	json_t *in = json_pack("{s:s}", "name", big);
	fx_error(np_client_add(&out, s, &c.reception, in), NP_EINVAL, "name: 102400 bytes");
	json_decref(in);
	free(big);
	in = fx_json("{\"name\": \"A\", \"birth_date\": \"2026-02-30\"}");
	fx_error(np_client_add(&out, s, &c.reception, in), NP_EINVAL, "birth_date");
	json_decref(in);
	in = fx_json("{\"name\": \"A\", \"fitzpatrick\": \"3\"}");
	fx_error(np_client_add(&out, s, &c.reception, in), NP_EINVAL, "fitzpatrick");
	json_decref(in);
	in = fx_json("{\"name\": \"A\", \"shoe_size\": 9}");
	fx_error(np_client_add(&out, s, &c.reception, in), NP_EINVAL, "unknown key 'shoe_size'");
	json_decref(in);
	fx_error(np_client_show(&out, s, &c.reception, 999999999), NP_ENOTFOUND,
	         "client 999999999");
	in = fx_json(
	    "{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"conditions\": [\"keloids\"]}");
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	fx_error(np_intake_add(&out, s, &c.practitioner, client, in), NP_EINVAL, "keloids");
	json_decref(in);
	assert_null(out);
}

/* No route from one clinic into another, not even by guessing ids. */
static void clinics_are_isolated(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic a, b;
	fx_clinic(s, &a, false);
	fx_clinic(s, &b, false);
	int64_t client = fx_ready_client(s, &a, "2027-01-10");
	json_t *out = NULL, *in = fx_json("{\"name\": \"x\"}");
	fx_error(np_client_show(&out, s, &b.admin, client), NP_ENOTFOUND, "client");
	fx_error(np_client_edit(&out, s, &b.admin, client, in), NP_ENOTFOUND, "client");
	fx_error(np_history(&out, s, &b.practitioner, client, NULL), NP_ENOTFOUND, "client");
	fx_error(np_export(&out, s, &b.practitioner, client), NP_ENOTFOUND, "client");
	fx_error(np_erase(&out, s, &b.admin, client, "made in error"), NP_ENOTFOUND, "client");
	fx_error(np_intake_add(&out, s, &b.practitioner, client, in), NP_ENOTFOUND, "client");
	json_decref(in);
	int64_t unit = fx_lot(s, &a, 1, true), pen = fx_pen(s, &b);
	in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &b.practitioner, client, in), NP_ENOTFOUND, "client");
	json_decref(in);
	assert_int_equal(np_client_list(&out, s, &b.reception, NULL, 100), 0);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
}

static void roles_are_enforced(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL, *in = fx_json("{\"birth_date\": \"1990-01-01\"}");
	fx_error(np_intake_add(&out, s, &c.reception, client, in), NP_EFORBIDDEN, "reception");
	fx_error(np_history(&out, s, &c.reception, client, NULL), NP_EFORBIDDEN, "health records");
	fx_error(np_audit_verify(&out, s, &c.practitioner), NP_EFORBIDDEN, "practitioner");
	fx_error(np_erase(&out, s, &c.practitioner, client, "made in error"), NP_EFORBIDDEN,
	         "practitioner");
	json_decref(in);
	in = fx_json("{\"name\": \"x\", \"role\": \"admin\"}");
	fx_error(np_user_add(&out, s, &c.practitioner, in), NP_EFORBIDDEN, "add users");
	json_decref(in);
}

static void health_histories_are_versioned(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL,
	       *in = fx_json(
	           "{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"pregnant\": true}");
	assert_int_equal(np_intake_add(&out, s, &c.practitioner, client, in), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
	json_decref(out);
	json_decref(in);
	assert_int_equal(np_intake_list(&out, s, &c.practitioner, client), 0);
	assert_int_equal(json_array_size(out), 2);
	json_decref(out);
	/* the old screening is stale now: a session is refused until screened again */
	fx_today(&c, "2027-01-11");
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	in = fx_session("2027-01-11", pen, unit, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "screening_stale");
	np_day on;
	np_date_parse(&on, "2027-01-11");
	assert_int_equal(np_screening_run(&out, s, &c.practitioner, client, on), 0);
	assert_string_equal(json_string_value(json_object_get(out, "decision")), "defer");
	json_decref(out);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "screening_defers");
	json_decref(in);
}

/* The gate holds: a single-use unit is used once, rest, depth and consent hold, and an override
 * lifts only what it names and what who gives it may lift; it is kept with who, when and why. */
static void sessions_keep_the_safety_rules(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t unit = fx_lot(s, &c, 3, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "cheek_left", 1.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "unit"), "use")),
	                 1);
	assert_true(json_is_object(json_object_get(out, "aftercare")));
	assert_true(json_is_null(json_object_get(out, "override")));
	int64_t first = fx_id(out);
	json_decref(in);
	/* the same unit again, too soon, too deep for the zone: every reason, as data */
	fx_today(&c, "2027-01-12");
	in = fx_session("2027-01-12", pen, unit, "cheek_left", 2.5);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED,
	         "for 3 reasons");
	assert_string_equal(fx_refused_codes(), "rest,depth_out_of_range,unit_reused");
	const json_t *rest = json_array_get(np_error_refusals(), 0);
	assert_string_equal(json_string_value(json_object_get(rest, "message")),
	                    "Left cheek: rests until 2027-01-24; it was needled at 1.5 mm on "
	                    "2027-01-10, which needs 14 days.");
	assert_string_equal(json_string_value(json_object_get(rest, "zone")), "cheek_left");
	assert_string_equal(json_string_value(json_object_get(rest, "override")), "practitioner");
	assert_null(out);
	/* an override naming every code cannot reuse a single-use unit: no override lifts that */
	fx_override(in, "rest,depth_out_of_range,unit_reused",
	            "a trial of the new cartridge today");
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED,
	         "1 no override lifts");
	/* the front desk may not log at all */
	fx_error(np_session_log(&out, s, &c.reception, client, in), NP_EFORBIDDEN, "log");
	json_decref(in);
	/* a fresh unit: an override that leaves a code out lifts nothing */
	in = fx_override(fx_session("2027-01-12", pen, unit + 1, "cheek_left", 2.5), "rest",
	                 "deep boxcar scars, agreed with the client");
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "rest,depth_out_of_range");
	/* one that names both logs it, and keeps who, when, why, the codes and the refusals */
	fx_override(in, "rest,depth_out_of_range", "deep boxcar scars, agreed with the client");
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_t *ov = json_object_get(out, "override");
	assert_string_equal(json_string_value(json_object_get(ov, "reason")),
	                    "deep boxcar scars, agreed with the client");
	assert_string_equal(json_string_value(json_object_get(ov, "by")), c.practitioner.name);
	assert_non_null(json_string_value(json_object_get(ov, "at")));
	assert_int_equal(json_array_size(json_object_get(ov, "codes")), 2);
	assert_int_equal(json_array_size(json_object_get(ov, "refusals")), 2);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(ov, "refusals"), 1), "code")),
	                    "depth_out_of_range");
	assert_null(json_object_get(out, "override_codes"));
	json_decref(out);
	json_decref(in);
	/* an open adverse event blocks the next session until a follow-up resolves it */
	fx_today(&c, "2027-01-13");
	in =
	    fx_json("{\"type\": \"infection\", \"severity\": \"mild\", \"onset\": \"2027-01-13\"}");
	assert_int_equal(np_ae_add(&out, s, &c.practitioner, first, in), 0);
	int64_t ae = fx_id(out);
	json_decref(in);
	fx_today(&c, "2027-02-20");
	in = fx_session("2027-02-20", pen, unit + 2, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "screening_stale,adverse_event_open");
	json_t *fu =
	    fx_json("{\"date\": \"2027-01-20\", \"status\": \"healed\", \"resolved\": true}");
	assert_int_equal(np_ae_follow_up(&out, s, &c.practitioner, ae, fu), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "resolved");
	json_decref(out);
	json_decref(fu);
	/* the screening of 2027-01-10 is stale by 2027-02-20 and the consent still holds */
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "screening_stale");
	/* an override's reason says something: not a dot, not one thing repeated */
	fx_override(in, "screening_stale", ".");
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EINVAL,
	         "override.reason: '.': say why, in at least 20 characters");
	fx_override(in, "screening_stale", "parent asked parent asked parent asked");
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EINVAL, "repeating");
	json_object_set_new(in, "override", json_string("parent asked, please go ahead now"));
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EINVAL,
	         "name the refusals it overrides");
	fx_override(in, "all", "everything was checked in person today");
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EINVAL,
	         "unknown refusal code 'all'");
	json_decref(in);
	fx_audit_ok(s, &c.admin);
}

static void a_session_needs_consent_and_an_acknowledged_caution(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	fx_today(&c, "2027-01-10");
	json_t *out = NULL, *in = fx_json("{\"name\": \"C\"}");
	assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
	int64_t client = fx_id(out);
	json_decref(in);
	in = fx_json(
	    "{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"allergies\": [\"lidocaine\"]}");
	assert_int_equal(np_intake_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	np_day on;
	np_date_parse(&on, "2027-01-10");
	assert_int_equal(np_screening_run(&out, s, &c.practitioner, client, on), 0);
	assert_string_equal(json_string_value(json_object_get(out, "decision")), "caution");
	int64_t screening = fx_id(out);
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "caution_unacknowledged,consent_missing");
	/* no override lifts a missing consent */
	fx_override(in, "caution_unacknowledged,consent_missing",
	            "the client consented aloud today");
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	json_object_del(in, "override");
	fx_error(np_screening_ack(&out, s, &c.reception, screening, "ok"), NP_EFORBIDDEN,
	         "caution");
	fx_error(np_screening_ack(&out, s, &c.practitioner, screening, " "), NP_EINVAL, "--note");
	assert_int_equal(np_screening_ack(&out, s, &c.practitioner, screening, "no lidocaine"), 0);
	json_decref(out);
	assert_int_equal(
	    np_consent_sign(&out, s, &c.practitioner, client, "microneedling", "C", on), 0);
	assert_string_equal(json_string_value(json_object_get(out, "expires_on")), "2028-01-10");
	assert_int_equal(strlen(json_string_value(json_object_get(out, "text_sha256"))), 64);
	json_decref(out);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
}

/* At home: the roller's uses are counted and it is due for replacement after the pack's number;
 * it is sterilised before each use, whether or not the session names the device. */
static void a_home_roller_is_counted_and_replaced(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, true);
	int64_t me = fx_ready_client(s, &c, "2027-01-01");
	int64_t roller = fx_lot(s, &c, 1, false), device = fx_pen(s, &c);
	int limit = fx_pack()->home.roller_replace_after_uses;
	json_t *out = NULL, *in;
	for (int i = 0; i < limit; i++) {
		char day[32];
		snprintf(day, sizeof day, "2027-01-%02d", 1 + 2 * i);
		fx_today(&c, day);
		/* every other use names no device: the lot says it is a roller */
		in = fx_session(day, i % 2 ? 0 : device, roller, "forehead", 0.25);
		fx_passes(in, 8); /* a roller's passes */
		if (i < 2) {      /* not sterilised: refused */
			json_object_set_new(in, "sterilised_before", json_false());
			fx_error(np_session_log(&out, s, &c.admin, me, in), NP_EREFUSED, "refused");
			assert_string_equal(fx_refused_codes(), "not_sterilised");
			json_object_set_new(in, "sterilised_before", json_true());
		}
		/* a screening stays current for its days: screen again as the log goes on */
		np_day on;
		np_date_parse(&on, day);
		assert_int_equal(np_screening_run(&out, s, &c.admin, me, on), 0);
		json_decref(out);
		if (np_session_log(&out, s, &c.admin, me, in) != 0)
			fail_msg("use %d: %s", i + 1, np_error_last());
		assert_int_equal(
		    json_integer_value(json_object_get(json_object_get(out, "unit"), "use")),
		    i + 1);
		/* a routine, not a course: "use 3 of 10" on this roller */
		json_t *place = json_object_get(out, "course");
		assert_string_equal(json_string_value(json_object_get(place, "kind")), "routine");
		assert_int_equal(json_integer_value(json_object_get(place, "use")), i + 1);
		assert_int_equal(json_integer_value(json_object_get(place, "of")), limit);
		json_decref(out);
		json_decref(in);
	}
	fx_today(&c, "2027-02-01");
	in = fx_session("2027-02-01", device, roller, "forehead", 0.25);
	fx_passes(in, 8);
	np_day on;
	np_date_parse(&on, "2027-02-01");
	assert_int_equal(np_screening_run(&out, s, &c.admin, me, on), 0);
	json_decref(out);
	fx_error(np_session_log(&out, s, &c.admin, me, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "unit_worn_out");
	json_decref(in);
	/* a home roller's 0.25 mm on the cheek: the clinic's minimum of 0.5 mm is not for it */
	in = fx_session("2027-02-01", device, fx_lot(s, &c, 1, false), "cheek_right", 0.25);
	fx_passes(in, 8);
	if (np_session_log(&out, s, &c.admin, me, in) != 0)
		fail_msg("0.25 mm on the cheek at home: %s", np_error_last());
	json_decref(out);
	json_decref(in);
	/* the home cap: 1 mm on the cheek is past what home allows, and no override lifts it */
	in = fx_session("2027-02-01", device, fx_lot(s, &c, 1, false), "cheek_left", 1.0);
	fx_passes(in, 8);
	fx_override(in, "depth_over_cap", "my skin takes it well, I have done it before");
	fx_error(np_session_log(&out, s, &c.admin, me, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "depth_over_cap");
	assert_non_null(strstr(
	    json_string_value(json_object_get(json_array_get(np_error_refusals(), 0), "message")),
	    "deeper than the home cap of 0.5 mm"));
	json_decref(in);
}

/* A declining screening is a hard stop: no override, whoever gives it, lifts it, and every
 * declining rule is said. The 15-year-old with keloids and a bleeding disorder of the issue. */
static void a_decline_is_never_overridden(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL, *in = fx_json("{\"birth_date\": \"2011-06-01\", \"fitzpatrick\": 2, "
	                                  "\"conditions\": [\"keloid_history\", "
	                                  "\"bleeding_disorder\"]}");
	assert_int_equal(np_intake_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	np_day on;
	np_date_parse(&on, "2027-01-10");
	assert_int_equal(np_screening_run(&out, s, &c.practitioner, client, on), 0);
	json_decref(out);
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	in = fx_override(fx_session("2027-01-10", pen, unit, "forehead", 0.5), "screening_declines",
	                 "the parent asked for it and signed for it");
	const struct np_actor *who[] = {&c.practitioner, &c.admin};
	for (int i = 0; i < 2; i++) {
		fx_error(np_session_log(&out, s, who[i], client, in), NP_EREFUSED, "refused");
		assert_string_equal(fx_refused_codes(),
		                    "screening_declines,screening_declines,screening_declines");
		const char *rules[] = {"age_under_18", "keloid_history", "bleeding_disorder"};
		for (size_t k = 0; k < 3; k++)
			assert_string_equal(json_string_value(json_object_get(
			                        json_array_get(np_error_refusals(), k), "rule")),
			                    rules[k]);
	}
	json_decref(in);
	/* a plan for her is refused the same way */
	in = fx_json("{\"device\": \"pen\", \"start\": \"2027-01-10\", \"targets\": "
	             "[{\"indication\": \"acne_scars\", \"zones\": [\"cheek_left\"]}]}");
	fx_error(np_plan_add(&out, s, &c.practitioner, client, in), NP_EREFUSED,
	         "plan was refused");
	json_decref(in);
}

/* In a clinic a needle unit serves one client, whatever its lot says; a lot's kind stands in for
 * a device the session does not name; a recalled lot serves no one. */
static void a_needle_unit_serves_one_client(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t one = fx_ready_client(s, &c, "2027-01-10"),
	        two = fx_ready_client(s, &c, "2027-01-10");
	int64_t reusable = fx_lot(s, &c, 1, false), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, reusable, "forehead", 0.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, one, in), 0);
	json_decref(out);
	fx_override(in, "unit_other_client", "the same pack, opened for both sisters");
	fx_error(np_session_log(&out, s, &c.practitioner, two, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "unit_other_client");
	json_decref(in);
	/* a roller unit under the eye with no device named: the lot says roller */
	int64_t roller = fx_lot_of(s, &c, 1, true, "roller");
	in = fx_session("2027-01-10", 0, roller, "periorbital_left", 0.25);
	fx_passes(in, 10);
	fx_error(np_session_log(&out, s, &c.practitioner, two, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "device_forbidden");
	json_decref(in);
	/* a lot kept before lots said their kind: with no device named, the kind is unknown */
	int64_t old = fx_lot(s, &c, 1, true);
	fx_sql("UPDATE lots SET kind = NULL WHERE id = (SELECT lot_id FROM units WHERE id = %lld)",
	       (long long)old);
	in = fx_session("2027-01-10", 0, old, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, two, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "device_unknown");
	json_object_set_new(in, "device", json_integer(pen)); /* naming the device answers it */
	assert_int_equal(np_session_log(&out, s, &c.practitioner, two, in), 0);
	json_decref(out);
	json_decref(in);
	/* a recalled lot, recalled by a practitioner (not the front desk), once */
	int64_t unit = fx_lot(s, &c, 2, true);
	json_t *lot = NULL, *units = NULL;
	assert_int_equal(np_lot_list(&units, s, &c.practitioner), 0);
	int64_t lot_id = json_integer_value(
	    json_object_get(json_array_get(units, json_array_size(units) - 1), "id"));
	json_decref(units);
	json_t *why = fx_json("{\"reason\": \"sterility breach reported by the maker\"}");
	fx_error(np_lot_recall(&lot, s, &c.reception, lot_id, why), NP_EFORBIDDEN, "recall");
	assert_int_equal(np_lot_recall(&lot, s, &c.practitioner, lot_id, why), 0);
	assert_non_null(json_string_value(json_object_get(lot, "recalled_at")));
	json_decref(lot);
	fx_error(np_lot_recall(&lot, s, &c.practitioner, lot_id, why), NP_ECONFLICT, "before");
	json_decref(why);
	in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, one, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "rest,lot_recalled");
	json_decref(in);
}

/* No clinical record is dated after the clinic's today: checks cannot be met in advance. */
static void records_are_not_dated_after_today(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	np_day tomorrow;
	np_date_parse(&tomorrow, "2027-01-11");
	json_t *out = NULL;
	fx_error(np_screening_run(&out, s, &c.practitioner, client, tomorrow), NP_EINVAL,
	         "on: 2027-01-11 is after today (2027-01-10 at the clinic)");
	fx_error(np_consent_sign(&out, s, &c.practitioner, client, "microneedling", "C", tomorrow),
	         NP_EINVAL, "on: 2027-01-11 is after today");
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	json_t *in = fx_session("2027-01-11", pen, unit, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EINVAL,
	         "date: 2027-01-11");
	json_decref(in);
	in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	int64_t session = fx_id(out);
	json_decref(in);
	in = fx_json("{\"type\": \"bruise\", \"severity\": \"mild\", \"onset\": \"2027-01-11\"}");
	fx_error(np_ae_add(&out, s, &c.practitioner, session, in), NP_EINVAL, "onset: 2027-01-11");
	json_decref(in);
	in = fx_json("{\"scale\": \"gais\", \"value\": 2, \"date\": \"2027-01-11\"}");
	fx_error(np_outcome_add(&out, s, &c.practitioner, client, in), NP_EINVAL,
	         "date: 2027-01-11");
	json_decref(in);
}

/* The plan, the schedule, the bookings and the records agree: alopecia's weekly sessions on the
 * scalp are booked and logged on the plan's own dates, none overridden. */
static void the_alopecia_plan_is_followed_week_by_week(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL, *in = fx_json("{\"device\": \"pen\", \"start\": \"2027-01-10\", "
	                                  "\"targets\": [{\"indication\": \"alopecia\", \"zones\": "
	                                  "[\"scalp\"]}]}");
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(in);
	json_t *course = json_object_get(json_object_get(out, "plan"), "course");
	json_t *dates = json_incref(json_object_get(course, "dates"));
	json_t *zone = json_array_get(json_object_get(json_object_get(out, "plan"), "zones"), 0);
	double depth = json_number_value(json_object_get(zone, "depth_mm"));
	int passes = (int)json_integer_value(json_object_get(zone, "passes"));
	json_decref(out);
	assert_int_equal(json_array_size(dates), 12);
	int64_t unit = fx_lot(s, &c, 12, true), pen = fx_pen(s, &c);
	for (size_t i = 0; i < json_array_size(dates); i++) {
		const char *day = json_string_value(json_array_get(dates, i));
		fx_today(&c, day);
		np_day on;
		np_date_parse(&on, day);
		if (i % 4 == 0) { /* a screening holds 30 days */
			assert_int_equal(np_screening_run(&out, s, &c.practitioner, client, on), 0);
			json_decref(out);
		}
		in = fx_session(day, pen, unit + (int64_t)i, "scalp", depth);
		fx_passes(in, passes);
		if (np_session_log(&out, s, &c.practitioner, client, in) != 0)
			fail_msg("session %zu on %s: %s", i + 1, day, np_error_last());
		assert_true(json_is_null(json_object_get(out, "override")));
		json_decref(out);
		json_decref(in);
		if (i + 1 < json_array_size(dates)) { /* the front desk books the next one */
			in = fx_json("{\"date\": \"%s\", \"time\": \"10:00\"}",
			             json_string_value(json_array_get(dates, i + 1)));
			if (np_appointment_book(&out, s, &c.reception, client, in) != 0)
				fail_msg("booking %zu: %s", i + 2, np_error_last());
			json_decref(out);
			json_decref(in);
		}
	}
	json_decref(dates);
}

/* Records kept before the gate, with depths it now refuses (overridden then), still read, show,
 * export and count for rest. */
static void records_kept_before_still_read(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t unit = fx_lot(s, &c, 2, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "chin", 1.0);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	int64_t id = fx_id(out);
	json_decref(in);
	/* as an older needlepoint kept an overridden 4 mm session: a reason and [{rule, message}]
	 */
	fx_sql("UPDATE sessions SET body = '{\"date\": \"2027-01-10\", \"unit\": %lld, "
	       "\"zones\": [{\"zone\": \"chin\", \"depth_mm\": 4.0, \"passes\": 2}]}', "
	       "override_reason = 'deep scar revision', overridden = '[{\"rule\": "
	       "\"depth_cap\", \"message\": \"zone chin: 4 mm is deeper than the clinic cap\"}]' "
	       "WHERE id = %lld",
	       (long long)unit, (long long)id);
	assert_int_equal(np_session_show(&out, s, &c.practitioner, id), 0);
	json_t *ov = json_object_get(out, "override");
	assert_string_equal(json_string_value(json_object_get(ov, "reason")), "deep scar revision");
	assert_int_equal(json_array_size(json_object_get(ov, "codes")), 0);
	json_decref(out);
	fx_today(&c, "2027-02-01");
	assert_int_equal(np_history(&out, s, &c.practitioner, client, NULL), 0);
	json_t *next = json_array_get(json_object_get(json_object_get(out, "next"), "zones"), 0);
	assert_int_equal(json_integer_value(json_object_get(next, "rest_days")), 42);
	json_decref(out);
	assert_int_equal(np_export(&out, s, &c.practitioner, client), 0);
	json_decref(out);
	in = fx_session("2027-02-01", pen, unit + 1, "chin", 1.0);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "rest");
	json_decref(in);
}

/* A refusal of twelve zones comes back whole: every zone, every sentence to its end. */
static void a_refusal_of_twelve_zones_is_whole(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	static const char *const face[] = {
	    "glabella",   "forehead", "periorbital_right", "periorbital_left", "cheek_right",
	    "cheek_left", "chin",     "jawline_right",     "jawline_left",     "upper_lip",
	    "nose",       "neck"};
	json_t *zones = json_array();
	for (size_t i = 0; i < 12; i++)
		json_array_append_new(zones, json_pack("{s:s, s:f, s:i}", "zone", face[i],
		                                       "depth_mm", 0.5, "passes", 2));
	int64_t unit = fx_lot(s, &c, 2, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	json_object_set(in, "zones", zones);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	fx_today(&c, "2027-01-11");
	json_object_set_new(in, "date", json_string("2027-01-11"));
	json_object_set_new(in, "unit", json_integer(unit + 1));
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "12 reasons");
	const json_t *all = np_error_refusals();
	assert_int_equal(json_array_size(all), 12);
	for (size_t i = 0; i < 12; i++) {
		const char *m =
		    json_string_value(json_object_get(json_array_get(all, i), "message"));
		assert_non_null(strstr(m, "which needs 7 days."));
	}
	json_decref(in);
	json_decref(zones);
}

/* Today is the clinic's day in its own time zone: set at init, changed by an admin. */
static void the_clinics_today_is_its_own(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	json_t *out = NULL, *in = fx_json("{\"time_zone\": \"Mars/Olympus\"}");
	fx_error(np_clinic_edit(&out, s, &c.admin, in), NP_EINVAL, "time_zone: unknown time zone");
	json_decref(in);
	in = fx_json("{\"time_zone\": \"Pacific/Kiritimati\"}");
	fx_error(np_clinic_edit(&out, s, &c.practitioner, in), NP_EFORBIDDEN, "edit the clinic");
	assert_int_equal(np_clinic_edit(&out, s, &c.admin, in), 0);
	json_decref(out);
	json_decref(in);
	struct np_actor east, west;
	assert_int_equal(np_store_actor(&east, s, c.admin.name), 0);
	assert_string_equal(east.time_zone, "Pacific/Kiritimati");
	in = fx_json("{\"time_zone\": \"Pacific/Pago_Pago\"}");
	assert_int_equal(np_clinic_edit(&out, s, &c.admin, in), 0);
	json_decref(in);
	assert_int_equal(np_store_actor(&west, s, c.admin.name), 0);
	/* 25 hours apart: never the same day */
	assert_true(east.today > west.today);
	assert_string_equal(json_string_value(json_object_get(out, "time_zone")),
	                    "Pacific/Pago_Pago");
	json_decref(out);
	assert_int_equal(np_clinic_show(&out, s, &west), 0);
	char today[NP_DATE_LEN];
	np_date_format(west.today, today);
	assert_string_equal(json_string_value(json_object_get(out, "today")), today);
	json_decref(out);
}

/* Erasure: the person goes (name, contact, notes, health history); what recall and liability
 * need stays, under a pseudonym; the audit still verifies. */
static void erase_keeps_what_a_clinic_must_keep(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	json_object_set_new(in, "products", fx_json("[{\"name\": \"glide\", \"lot\": \"G-1\"}]"));
	/* only sterile products from stock touch open channels */
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "product_not_from_stock");
	fx_product(s, &c, "glide", "G-1", false);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "product_not_sterile");
	fx_override(in, "product_not_sterile", "the packet said sterile, the stock entry is wrong");
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	json_object_del(in, "override");
	fx_product(s, &c, "hyaluronic glide", "G-2", true);
	json_object_set_new(in, "products",
	                    fx_json("[{\"name\": \"hyaluronic glide\", \"lot\": \"G-2\"}]"));
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	assert_int_equal(np_recall(&out, s, &c.practitioner, "G-2"), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "clients")), 1);
	json_decref(out);
	assert_int_equal(np_erase(&out, s, &c.admin, client, "the person asked"), 0);
	const char *pseudonym = json_string_value(json_object_get(out, "pseudonym"));
	assert_non_null(pseudonym);
	char named[64];
	snprintf(named, sizeof named, "%s", pseudonym);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "blanked"), "intakes")), 1);
	json_decref(out);
	fx_error(np_history(&out, s, &c.practitioner, client, NULL), NP_ENOTFOUND, "erased");
	/* the lot's recall still reaches the session, naming the pseudonym and no contact */
	assert_int_equal(np_recall(&out, s, &c.practitioner, "G-2"), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "clients")), 1);
	json_t *row = json_array_get(json_object_get(out, "sessions"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "name")), named);
	assert_null(json_string_value(json_object_get(row, "phone")));
	json_decref(out);
	assert_int_equal(np_audit_verify(&out, s, &c.admin), 0);
	assert_true(json_is_true(json_object_get(out, "ok")));
	json_decref(out);
}

/* An erased client's name is in no file of the SQLite database afterwards, and the ids of the
 * records erased are never given to anyone else. */
static void erased_names_leave_the_files(void **state)
{
	(void)state;
	if (strncmp(fx_target(), "postgresql:", 11) == 0 || strstr(fx_target(), "://"))
		skip(); /* PostgreSQL: VACUUM FULL, as docs/records.md says */
	char dir[] = "/tmp/np-erase-XXXXXX", db[64];
	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/clinic.db", dir);
	struct np_store *s = NULL;
	assert_int_equal(np_store_open(&s, db, fx_pack()), 0);
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	fx_today(&c, "2027-01-10");
	static const char name[] = "Zebedee Quintessence-Marlowe";
	json_t *out = NULL, *in = fx_json("{\"name\": \"%s\", \"phone\": \"%s 555\", "
	                                  "\"notes\": \"%s notes\", \"desk_notes\": \"%s desk\"}",
	                                  name, name, name, name);
	assert_int_equal(np_client_add(&out, s, &c.practitioner, in), 0);
	int64_t client = fx_id(out);
	json_decref(in);
	in = fx_json("{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"other\": "
	             "{\"conditions\": [\"%s's own condition\"]}}",
	             name);
	assert_int_equal(np_intake_add(&out, s, &c.practitioner, client, in), 0);
	int64_t intake = fx_id(out);
	json_decref(in);
	np_day on;
	np_date_parse(&on, "2027-01-10");
	assert_int_equal(np_screening_run(&out, s, &c.practitioner, client, on), 0);
	json_decref(out);
	assert_int_equal(
	    np_consent_sign(&out, s, &c.practitioner, client, "microneedling", name, on), 0);
	json_decref(out);
	/* the name has reached the database file itself, not only its log */
	np_store_close(s);
	assert_int_equal(np_store_open(&s, db, fx_pack()), 0);
	assert_int_equal(np_erase(&out, s, &c.admin, client, "the person asked"), 0);
	json_decref(out);
	/* a new client and history after it: new ids */
	in = fx_json("{\"name\": \"Next\"}");
	assert_int_equal(np_client_add(&out, s, &c.practitioner, in), 0);
	int64_t next = fx_id(out);
	assert_true(next > client);
	json_decref(in);
	in = fx_json("{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 3}");
	assert_int_equal(np_intake_add(&out, s, &c.practitioner, next, in), 0);
	assert_true(fx_id(out) > intake);
	json_decref(in);
	/* while the database is open, its write-ahead log with it */
	const char *files[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char path[96];
		snprintf(path, sizeof path, "%s%s", db, files[i]);
		FILE *f = fopen(path, "rb");
		if (f == NULL)
			continue;
		static char data[8 << 20];
		size_t n = fread(data, 1, sizeof data, f);
		fclose(f);
		for (size_t k = 0; k + 7 <= n; k++)
			if (memcmp(data + k, "Zebedee", 7) == 0)
				fail_msg("the erased name is still in %s at byte %zu", path, k);
	}
	np_store_close(s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void history_and_export_hold_the_whole_chart(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL, *in = fx_json("{\"device\": \"pen\", \"start\": \"2027-01-10\", "
	                                  "\"targets\": [{\"indication\": \"acne_scars\", "
	                                  "\"zones\": [\"forehead\"]}]}");
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_t *course = json_object_get(out, "course");
	assert_int_equal(json_integer_value(json_object_get(course, "session")), 1);
	assert_int_equal(json_integer_value(json_object_get(course, "of")), 3);
	assert_string_equal(json_string_value(json_object_get(out, "indication")), "acne_scars");
	json_decref(out);
	json_decref(in);
	fx_today(&c, "2027-04-10");
	in = fx_json("{\"scale\": \"gais\", \"value\": 2, \"date\": \"2027-04-10\"}");
	assert_int_equal(np_outcome_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	in = fx_json("{\"scale\": \"gais\", \"value\": 9, \"date\": \"2027-04-10\"}");
	fx_error(np_outcome_add(&out, s, &c.practitioner, client, in), NP_EINVAL, "value");
	json_decref(in);
	assert_int_equal(np_history(&out, s, &c.practitioner, client, NULL), 0);
	const char *kinds[] = {"intake", "screening", "consent", "plan", "session", "outcome"};
	json_t *timeline = json_object_get(out, "timeline");
	for (size_t k = 0; k < 6; k++) {
		bool seen = false;
		size_t i;
		json_t *e;
		json_array_foreach(timeline, i, e) seen |=
		    strcmp(json_string_value(json_object_get(e, "kind")), kinds[k]) == 0;
		if (!seen)
			fail_msg("no %s in the timeline", kinds[k]);
	}
	json_decref(out);
	assert_int_equal(np_export(&out, s, &c.practitioner, client), 0);
	assert_int_equal(json_array_size(json_object_get(out, "sessions")), 1);
	assert_string_equal(json_string_value(json_object_get(out, "engine")), np_store_engine(s));
	json_decref(out);
}

/* Outcomes read as the scale says them; a finished course is reviewed at 3 and 6 months after
 * its last session, due on the clinic's today once that day comes. */
static void outcomes_are_labelled_and_courses_reviewed(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL, *in = fx_json("{\"scale\": \"goodman_baron\", \"value\": 2, "
	                                  "\"date\": \"2027-01-10\"}");
	assert_int_equal(np_outcome_add(&out, s, &c.practitioner, client, in), 0);
	assert_string_equal(json_string_value(json_object_get(out, "label")), "mild");
	assert_string_equal(json_string_value(json_object_get(out, "better")), "lower");
	assert_string_equal(json_string_value(json_object_get(out, "shown")),
	                    "Goodman & Baron qualitative acne-scar grade 2: mild");
	json_decref(out);
	json_decref(in);
	/* a course of 2 (melasma), logged: the last session on 2027-02-01 */
	in = fx_json("{\"device\": \"pen\", \"start\": \"2027-01-10\", \"targets\": "
	             "[{\"indication\": \"melasma\", \"zones\": [\"forehead\"]}]}");
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	int64_t pen = fx_pen(s, &c);
	const char *days[] = {"2027-01-10", "2027-02-01"};
	for (int i = 0; i < 2; i++) {
		fx_today(&c, days[i]);
		in = fx_session(days[i], pen, fx_lot(s, &c, 1, true), "forehead", 0.75);
		assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
		json_decref(out);
		json_decref(in);
	}
	fx_today(&c, "2027-06-01");
	assert_int_equal(np_history(&out, s, &c.practitioner, client, NULL), 0);
	json_t *reviews = json_object_get(out, "reviews");
	assert_int_equal(json_array_size(reviews), 2);
	json_t *r3 = json_array_get(reviews, 0), *r6 = json_array_get(reviews, 1);
	assert_string_equal(json_string_value(json_object_get(r3, "due")), "2027-05-01");
	assert_string_equal(json_string_value(json_object_get(r3, "status")), "due");
	assert_string_equal(json_string_value(json_object_get(r6, "due")), "2027-08-01");
	assert_string_equal(json_string_value(json_object_get(r6, "status")), "upcoming");
	json_decref(out);
	/* an outcome recorded after the 3-month review is due marks it recorded */
	in = fx_json("{\"scale\": \"gais\", \"value\": 2, \"date\": \"2027-06-01\"}");
	assert_int_equal(np_outcome_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	assert_int_equal(np_history(&out, s, &c.practitioner, client, NULL), 0);
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(json_object_get(out, "reviews"), 0), "status")),
	                    "recorded");
	json_decref(out);
}

/* A plan takes the client's skin type from the latest screening's intake, or, never screened,
 * from the client's record; with neither it is asked for, not assumed. */
static void a_plan_takes_the_skin_type_from_the_record(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	fx_today(&c, "2027-01-10");
	json_t *out = NULL, *plan = fx_json("{\"device\": \"pen\", \"start\": \"2027-01-10\", "
	                                    "\"targets\": [{\"indication\": \"melasma\", "
	                                    "\"zones\": [\"cheek_left\"]}]}");
	json_t *in = fx_json("{\"name\": \"Type V\", \"birth_date\": \"1985-01-01\", "
	                     "\"fitzpatrick\": 5}");
	assert_int_equal(np_client_add(&out, s, &c.practitioner, in), 0);
	int64_t typed = fx_id(out);
	json_decref(in);
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, typed, plan), 0);
	json_t *zone = json_array_get(json_object_get(json_object_get(out, "plan"), "zones"), 0);
	assert_true(json_real_value(json_object_get(zone, "depth_mm")) == 1.0); /* pigment cap */
	json_decref(out);
	in = fx_json("{\"name\": \"Untyped\", \"birth_date\": \"1985-01-01\"}");
	assert_int_equal(np_client_add(&out, s, &c.practitioner, in), 0);
	int64_t untyped = fx_id(out);
	json_decref(in);
	fx_error(np_plan_add(&out, s, &c.practitioner, untyped, plan), NP_EINVAL,
	         "fitzpatrick: missing");
	/* once screened, the screening's intake holds, over the record */
	in = fx_json("{\"birth_date\": \"1985-01-01\", \"fitzpatrick\": 2}");
	assert_int_equal(np_intake_add(&out, s, &c.practitioner, typed, in), 0);
	json_decref(out);
	json_decref(in);
	np_day on;
	np_date_parse(&on, "2027-01-10");
	assert_int_equal(np_screening_run(&out, s, &c.practitioner, typed, on), 0);
	json_decref(out);
	assert_int_equal(np_plan_add(&out, s, &c.practitioner, typed, plan), 0);
	zone = json_array_get(json_object_get(json_object_get(out, "plan"), "zones"), 0);
	assert_true(json_real_value(json_object_get(zone, "depth_mm")) == 1.5);
	json_decref(out);
	json_decref(plan);
}

/* RF microneedling end to end: its device and cartridges are stock like any other, a session
 * records its energy and needs the RF consent besides the usual one. */
static void an_rf_session_records_its_energy(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL, *in = fx_json("{\"kind\": \"rf\", \"serial\": \"RF-1\"}");
	assert_int_equal(np_device_add(&out, s, &c.practitioner, in), 0);
	int64_t rf = fx_id(out);
	json_decref(in);
	int64_t unit = fx_lot_of(s, &c, 2, true, "rf");
	in = fx_session("2027-01-10", rf, unit, "cheek_left", 1.0);
	fx_passes(in, 1);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EINVAL, "energy");
	json_object_set_new(in, "energy",
	                    fx_json("{\"level\": 20, \"pulse_ms\": 300, \"needle_type\": "
	                            "\"insulated\"}"));
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "consent_missing"); /* the RF consent */
	np_day on;
	np_date_parse(&on, "2027-01-10");
	assert_int_equal(
	    np_consent_sign(&out, s, &c.practitioner, client, "rf_microneedling", "Client", on), 0);
	json_decref(out);
	if (np_session_log(&out, s, &c.practitioner, client, in) != 0)
		fail_msg("RF session: %s", np_error_last());
	json_t *energy = json_object_get(out, "energy");
	assert_int_equal(json_integer_value(json_object_get(energy, "pulse_ms")), 300);
	assert_string_equal(json_string_value(json_object_get(energy, "needle_type")), "insulated");
	json_decref(out);
	json_decref(in);
}

/* A database and a backup the program creates are its user's alone (0600), and so are SQLite's
 * write-ahead log and shared memory beside it, whatever the process's umask. */
static void files_are_private(void **state)
{
	(void)state;
	if (strncmp(fx_target(), "postgresql:", 11) == 0 || strstr(fx_target(), "://"))
		skip(); /* PostgreSQL keeps its own files */
	char dir[] = "/tmp/np-private-XXXXXX", db[64], copy[80];
	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/clinic.db", dir);
	snprintf(copy, sizeof copy, "%s/copy.db", dir);
	mode_t old = umask(0); /* the most permissive a caller could leave */
	struct np_store *s = NULL;
	assert_int_equal(np_store_open(&s, db, fx_pack()), 0);
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	assert_int_equal(np_store_backup(s, copy), 0);
	assert_int_equal(np_audit_checkpoint(s, NULL, false, NULL), 0);
	/* the key and its checkpoints with them */
	const char *files[] = {db, copy, "-wal", "-shm", ".key", ".checkpoints"};
	for (size_t i = 0; i < 6; i++) {
		char path[96];
		if (files[i][0] == '-' || files[i][0] == '.')
			snprintf(path, sizeof path, "%s%s", db, files[i]);
		else
			snprintf(path, sizeof path, "%s", files[i]);
		struct stat st;
		if (stat(path, &st) != 0 && files[i][0] == '-')
			continue; /* SQLite may have removed its side files */
		if (stat(path, &st) != 0)
			fail_msg("%s was not made", path);
		if ((st.st_mode & 0777) != 0600)
			fail_msg("%s is %o, expected 600", path, (unsigned)(st.st_mode & 0777));
	}
	np_store_close(s);
	umask(old);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Two processes take the same single-use unit at the same moment, each overriding what it can:
 * exactly one has it. */
static void two_processes_race_for_one_unit(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t pen = fx_pen(s, &c);
	for (int round = 0; round < 5; round++) {
		int64_t clients[2] = {fx_ready_client(s, &c, "2027-01-10"),
		                      fx_ready_client(s, &c, "2027-01-10")};
		int64_t unit = fx_lot(s, &c, 1, true);
		int go[2];
		assert_int_equal(pipe(go), 0);
		pid_t pids[2];
		for (int k = 0; k < 2; k++) {
			pids[k] = fork();
			assert_true(pids[k] >= 0);
			if (pids[k] == 0) {
				struct np_store *mine = NULL;
				if (np_store_open(&mine, fx_target(), fx_pack()) != 0)
					_exit(10);
				close(go[1]);
				char b;
				if (read(go[0], &b, 1) < 0) /* both start when the pipe closes */
					_exit(11);
				/* each with an override of everything it may be refused for */
				json_t *out = NULL,
				       *in = fx_override(
				           fx_session("2027-01-10", pen, unit, "forehead", 0.5),
				           "unit_reused,unit_other_client,rest",
				           "both clients were booked at the same minute");
				int rc =
				    np_session_log(&out, mine, &c.practitioner, clients[k], in);
				_exit(rc == 0 ? 0 : rc == NP_EREFUSED ? 3 : 12);
			}
		}
		close(go[0]);
		nanosleep(&(struct timespec){0, 100000000}, NULL);
		close(go[1]);
		int ok = 0, refused = 0;
		for (int k = 0; k < 2; k++) {
			int status;
			waitpid(pids[k], &status, 0);
			assert_true(WIFEXITED(status));
			ok += WEXITSTATUS(status) == 0;
			refused += WEXITSTATUS(status) == 3;
		}
		assert_int_equal(ok, 1);
		assert_int_equal(refused, 1);
	}
}

static void migrations_apply_once(void **state)
{
	(void)state;
	struct np_store *again = fx_open(); /* a second open finds the schema current */
	assert_int_equal(np_store_check(again), 0);
	np_store_close(again);
	struct np_db *db = NULL;
	assert_int_equal(np_db_open(&db, fx_target()), 0);
	struct np_db_result *r = NULL;
	assert_int_equal(np_db_query(db, &r, NP_SQL_MIGRATION_LAST, NULL, 0), 0);
	assert_true(np_db_int(r, 0, 0) >= 1);
	np_db_result_free(r);
	np_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(text_is_stored_verbatim, setup, teardown),
	    cmocka_unit_test_setup_teardown(bad_input_names_the_field, setup, teardown),
	    cmocka_unit_test_setup_teardown(clinics_are_isolated, setup, teardown),
	    cmocka_unit_test_setup_teardown(roles_are_enforced, setup, teardown),
	    cmocka_unit_test_setup_teardown(health_histories_are_versioned, setup, teardown),
	    cmocka_unit_test_setup_teardown(sessions_keep_the_safety_rules, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_session_needs_consent_and_an_acknowledged_caution,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(a_home_roller_is_counted_and_replaced, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_decline_is_never_overridden, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_needle_unit_serves_one_client, setup, teardown),
	    cmocka_unit_test_setup_teardown(records_are_not_dated_after_today, setup, teardown),
	    cmocka_unit_test_setup_teardown(the_alopecia_plan_is_followed_week_by_week, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(records_kept_before_still_read, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_refusal_of_twelve_zones_is_whole, setup, teardown),
	    cmocka_unit_test_setup_teardown(the_clinics_today_is_its_own, setup, teardown),
	    cmocka_unit_test_setup_teardown(erase_keeps_what_a_clinic_must_keep, setup, teardown),
	    cmocka_unit_test(erased_names_leave_the_files),
	    cmocka_unit_test_setup_teardown(history_and_export_hold_the_whole_chart, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(appointments_wait_until_it_is_safe, setup, teardown),
	    cmocka_unit_test_setup_teardown(two_processes_race_for_one_unit, setup, teardown),
	    cmocka_unit_test_setup_teardown(outcomes_are_labelled_and_courses_reviewed, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(a_plan_takes_the_skin_type_from_the_record, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(an_rf_session_records_its_energy, setup, teardown),
	    cmocka_unit_test(files_are_private),
	    cmocka_unit_test_setup_teardown(reception_sees_only_the_front_desk_notes, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(migrations_apply_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_catches_an_edited_entry, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_catches_a_deleted_entry, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_catches_a_truncated_trail, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_catches_a_rechained_trail, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_catches_a_wiped_trail, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_catches_a_changed_record, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_records_refusals_overrides_and_erasures, setup,
	                                    teardown),
	    cmocka_unit_test(audit_key_is_private_and_needed),
	    cmocka_unit_test_setup_teardown(sign_ins_hash_a_few_at_a_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(older_hashes_are_made_again_at_sign_in, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(acts_are_written_many_to_a_commit, setup, teardown),
	    cmocka_unit_test_setup_teardown(the_timeline_pages_add_up_to_the_whole, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(open_events_stay_on_the_chart, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_page_shows_each_record_as_its_own_answer, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(a_recall_is_written_a_piece_at_a_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(the_clinic_profile_is_what_the_admin_set, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(stock_offers_each_open_lot_its_next_unit, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(an_edit_from_an_older_version_changes_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(the_calendar_books_no_one_twice, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_use_sent_twice_is_logged_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_second_chart_for_one_person_is_asked_about, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(the_report_counts_what_the_records_hold, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(a_health_history_from_an_older_version_is_stopped,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(a_clinic_edit_from_an_older_version_changes_nothing,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(a_late_record_keeps_the_rest_of_its_day, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(a_backup_finishes_while_the_clinic_works, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(counts_are_made_when_an_older_database_opens, setup,
	                                    teardown),
	};
	printf("store tests on %s\n", fx_target());
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fx_cleanup();
	return failed;
}
