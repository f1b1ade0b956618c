/* The store test suite: the same tests on SQLite and on PostgreSQL (NP_TEST_DB). Each test works
 * in a clinic of its own. */
#include "fixture.h"

#include "../../src/store/db.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
		json_t *in = json_pack("{s:s, s:s, s:s}", "name", hostile[i], "notes", hostile[i],
		                       "email", hostile[i]);
		json_t *out = NULL;
		assert_int_equal(np_client_add(&out, s, &c.reception, in), 0);
		int64_t id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		assert_int_equal(np_client_show(&out, s, &c.reception, id), 0);
		assert_string_equal(json_string_value(json_object_get(out, "name")), hostile[i]);
		assert_string_equal(json_string_value(json_object_get(out, "notes")), hostile[i]);
		json_decref(out);
		json_decref(in);
	}
	/* a search with LIKE's wildcards finds them literally */
	json_t *found = NULL;
	assert_int_equal(np_client_list(&found, s, &c.reception, "\\ % _", 10), 0);
	assert_int_equal(json_array_size(found), 1);
	json_decref(found);
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
	fx_error(np_history(&out, s, &b.practitioner, client), NP_ENOTFOUND, "client");
	fx_error(np_export(&out, s, &b.practitioner, client), NP_ENOTFOUND, "client");
	fx_error(np_erase(&out, s, &b.admin, client), NP_ENOTFOUND, "client");
	fx_error(np_intake_add(&out, s, &b.practitioner, client, in), NP_ENOTFOUND, "client");
	json_decref(in);
	int64_t unit = fx_lot(s, &a, 1, true), pen = fx_pen(s, &b);
	in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &b.practitioner, client, in, "x"), NP_ENOTFOUND, "client");
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
	fx_error(np_history(&out, s, &c.reception, client), NP_EFORBIDDEN, "health records");
	fx_error(np_audit_verify(&out, s, &c.practitioner), NP_EFORBIDDEN, "practitioner");
	fx_error(np_erase(&out, s, &c.practitioner, client), NP_EFORBIDDEN, "practitioner");
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
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	in = fx_session("2027-01-11", pen, unit, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in, NULL), NP_EREFUSED,
	         "newer health history");
	np_day on;
	np_date_parse(&on, "2027-01-11");
	assert_int_equal(np_screening_run(&out, s, &c.practitioner, client, on), 0);
	assert_string_equal(json_string_value(json_object_get(out, "decision")), "defer");
	json_decref(out);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in, NULL), NP_EREFUSED,
	         "says defer");
	json_decref(in);
}

/* A single-use unit is used once; rest, depth and consent hold; an override is recorded. */
static void sessions_keep_the_safety_rules(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t unit = fx_lot(s, &c, 3, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "cheek_left", 1.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in, NULL), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "unit"), "use")),
	                 1);
	assert_true(json_is_object(json_object_get(out, "aftercare")));
	int64_t first = fx_id(out);
	json_decref(in);
	/* the same unit again, too soon, too deep for the zone */
	in = fx_session("2027-01-12", pen, unit, "cheek_left", 2.5);
	int rc = np_session_log(&out, s, &c.practitioner, client, in, NULL);
	fx_error(rc, NP_EREFUSED, "single use and was used before");
	fx_error(rc, NP_EREFUSED, "rests until 2027-01-24");
	fx_error(rc, NP_EREFUSED, "outside its range");
	assert_null(out);
	/* reception may not log; a practitioner may override, and the reasons are kept */
	fx_error(np_session_log(&out, s, &c.reception, client, in, "because"), NP_EFORBIDDEN,
	         "log");
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in, "audit of reuse"), 0);
	json_t *ov = json_object_get(out, "override");
	assert_string_equal(json_string_value(json_object_get(ov, "reason")), "audit of reuse");
	assert_int_equal(json_array_size(json_object_get(ov, "refusals")), 3);
	json_decref(out);
	json_decref(in);
	/* an open adverse event blocks the next session until a follow-up resolves it */
	in =
	    fx_json("{\"type\": \"infection\", \"severity\": \"mild\", \"onset\": \"2027-01-13\"}");
	assert_int_equal(np_ae_add(&out, s, &c.practitioner, first, in), 0);
	int64_t ae = fx_id(out);
	json_decref(in);
	in = fx_session("2027-02-20", pen, unit + 1, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in, NULL), NP_EREFUSED,
	         "is still open");
	json_t *fu =
	    fx_json("{\"date\": \"2027-01-20\", \"status\": \"healed\", \"resolved\": true}");
	assert_int_equal(np_ae_follow_up(&out, s, &c.practitioner, ae, fu), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "resolved");
	json_decref(out);
	json_decref(fu);
	/* the screening of 2027-01-10 is stale by 2027-02-20 and the consent still holds */
	fx_error(np_session_log(&out, s, &c.practitioner, client, in, NULL), NP_EREFUSED, "stale");
	json_decref(in);
}

static void a_session_needs_consent_and_an_acknowledged_caution(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
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
	int rc = np_session_log(&out, s, &c.practitioner, client, in, NULL);
	fx_error(rc, NP_EREFUSED, "no practitioner has acknowledged");
	fx_error(rc, NP_EREFUSED, "no valid 'microneedling' consent");
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
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in, NULL), 0);
	json_decref(out);
	json_decref(in);
}

/* At home: the roller's uses are counted and it is due for replacement after the pack's number. */
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
		in = fx_session(day, device, roller, "forehead", 0.25);
		json_object_set_new(json_array_get(json_object_get(in, "zones"), 0), "passes",
		                    json_integer(8)); /* a roller's passes */
		if (i == 0) {                         /* not sterilised: refused */
			json_object_set_new(in, "sterilised_before", json_false());
			fx_error(np_session_log(&out, s, &c.admin, me, in, NULL), NP_EREFUSED,
			         "sterilise");
			json_object_set_new(in, "sterilised_before", json_true());
		}
		/* a screening stays current for its days: screen again as the log goes on */
		np_day on;
		np_date_parse(&on, day);
		assert_int_equal(np_screening_run(&out, s, &c.admin, me, on), 0);
		json_decref(out);
		if (np_session_log(&out, s, &c.admin, me, in, NULL) != 0)
			fail_msg("use %d: %s", i + 1, np_error_last());
		assert_int_equal(
		    json_integer_value(json_object_get(json_object_get(out, "unit"), "use")),
		    i + 1);
		json_decref(out);
		json_decref(in);
	}
	in = fx_session("2027-02-01", device, roller, "forehead", 0.25);
	np_day on;
	np_date_parse(&on, "2027-02-01");
	assert_int_equal(np_screening_run(&out, s, &c.admin, me, on), 0);
	json_decref(out);
	fx_error(np_session_log(&out, s, &c.admin, me, in, NULL), NP_EREFUSED, "replace it");
	json_decref(in);
	/* the home cap: 0.5 mm on the forehead is past what home allows */
	in = fx_session("2027-02-01", device, fx_lot(s, &c, 1, false), "cheek_left", 1.0);
	fx_error(np_session_log(&out, s, &c.admin, me, in, NULL), NP_EREFUSED, "home cap");
	json_decref(in);
}

static void the_audit_chain_detects_a_change(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	json_t *out = NULL;
	assert_int_equal(np_history(&out, s, &c.practitioner, client), 0);
	json_decref(out);
	assert_int_equal(np_audit_verify(&out, s, &c.admin), 0);
	assert_true(json_is_true(json_object_get(out, "ok")));
	assert_true(json_integer_value(json_object_get(out, "entries")) >= 6);
	json_decref(out);
	/* someone with the database's password rewrites who read the chart */
	struct np_db *db = NULL;
	assert_int_equal(np_db_open(&db, fx_target()), 0);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "UPDATE audit SET user_name = 'nobody' WHERE clinic_id = %lld "
	         "AND seq = 3",
	         (long long)c.admin.clinic_id);
	assert_int_equal(db->driver->exec(db, sql), 0);
	np_db_close(db);
	assert_int_equal(np_audit_verify(&out, s, &c.admin), 0);
	assert_false(json_is_true(json_object_get(out, "ok")));
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "broken_at"), "seq")), 3);
	json_decref(out);
}

static void erase_keeps_only_the_audit(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t unit = fx_lot(s, &c, 1, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	json_object_set_new(in, "products", fx_json("[{\"name\": \"glide\", \"lot\": \"G-1\"}]"));
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in, NULL), 0);
	json_decref(out);
	json_decref(in);
	assert_int_equal(np_recall(&out, s, &c.practitioner, "G-1"), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "clients")), 1);
	json_decref(out);
	assert_int_equal(np_erase(&out, s, &c.admin, client), 0);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "removed"), "sessions")), 1);
	json_decref(out);
	fx_error(np_history(&out, s, &c.practitioner, client), NP_ENOTFOUND, "erased");
	assert_int_equal(np_recall(&out, s, &c.practitioner, "G-1"), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "clients")), 0);
	json_decref(out);
	assert_int_equal(np_audit_verify(&out, s, &c.admin), 0);
	assert_true(json_is_true(json_object_get(out, "ok")));
	json_decref(out);
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
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in, NULL), 0);
	json_t *course = json_object_get(out, "course");
	assert_int_equal(json_integer_value(json_object_get(course, "session")), 1);
	assert_int_equal(json_integer_value(json_object_get(course, "of")), 3);
	assert_string_equal(json_string_value(json_object_get(out, "indication")), "acne_scars");
	json_decref(out);
	json_decref(in);
	in = fx_json("{\"scale\": \"gais\", \"value\": 2, \"date\": \"2027-04-10\"}");
	assert_int_equal(np_outcome_add(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	in = fx_json("{\"scale\": \"gais\", \"value\": 9, \"date\": \"2027-04-10\"}");
	fx_error(np_outcome_add(&out, s, &c.practitioner, client, in), NP_EINVAL, "value");
	json_decref(in);
	assert_int_equal(np_history(&out, s, &c.practitioner, client), 0);
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

/* Two processes take the same single-use unit at the same moment: exactly one has it. */
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
				json_t *out = NULL,
				       *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
				int rc = np_session_log(&out, mine, &c.practitioner, clients[k], in,
				                        NULL);
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
	    cmocka_unit_test_setup_teardown(the_audit_chain_detects_a_change, setup, teardown),
	    cmocka_unit_test_setup_teardown(erase_keeps_only_the_audit, setup, teardown),
	    cmocka_unit_test_setup_teardown(history_and_export_hold_the_whole_chart, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(appointments_wait_until_it_is_safe, setup, teardown),
	    cmocka_unit_test_setup_teardown(two_processes_race_for_one_unit, setup, teardown),
	    cmocka_unit_test_setup_teardown(migrations_apply_once, setup, teardown),
	};
	printf("store tests on %s\n", fx_target());
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (getenv("NP_TEST_DB") == NULL) {
		char path[300];
		const char *suffixes[] = {"", "-wal", "-shm"};
		for (int i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "%s%s", fx_target(), suffixes[i]);
			unlink(path);
		}
	}
	return failed;
}
