/* Tests for src/core/gate.c beyond the golden cases in tests/gate/: the property that the plan,
 * the schedule, the bookings and the records agree on every date. */
#include "helpers.h"

#include "needlepoint/gate.h"

#include <stdio.h>
#include <stdlib.h>

static int pick(int n)
{
	return (int)((double)rand() / ((double)RAND_MAX + 1.0) * n);
}

/* A random plan request the engine takes: one or two targets of indications, each on zones of
 * its regions, a device the setting uses, a skin, a start day. NULL when the pick has no zone. */
static json_t *random_request(const struct np_pack *pack, const char *setting_id)
{
	const struct np_setting *setting = np_pack_setting(pack, setting_id);
	int device;
	do
		device = pick(NP_DEVICE_COUNT);
	while (!(setting->devices & (1u << device)));
	json_t *targets = json_array();
	bool used[64] = {false};
	int n_targets = 1 + pick(2);
	for (int t = 0; t < n_targets; t++) {
		const struct np_indication *ind =
		    &pack->indications[pick((int)pack->n_indications)];
		json_t *zones = json_array();
		for (size_t z = 0; z < pack->n_zones && z < 64; z++)
			if (!used[z] && np_indication_treats(ind, &pack->zones[z]) &&
			    pick(3) == 0) {
				used[z] = true;
				json_array_append_new(zones, json_string(pack->zones[z].id));
			}
		if (json_array_size(zones) == 0)
			json_decref(zones);
		else
			json_array_append_new(targets, json_pack("{s:s, s:o}", "indication",
			                                         ind->id, "zones", zones));
	}
	if (json_array_size(targets) == 0) {
		json_decref(targets);
		return NULL;
	}
	char start[NP_DATE_LEN];
	np_date_format(np_test_day("2026-01-01") + pick(1500), start);
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:o}", "setting", setting_id, "device",
	                 np_device_name((enum np_device)device), "skin",
	                 pack->skins[pick((int)pack->n_skins)].id, "fitzpatrick", 1 + pick(6),
	                 "start", start, "targets", targets);
}

/* The zones of a plan as a session treats them: the planned depth and passes. */
static json_t *zones_json(const struct np_plan *plan)
{
	json_t *zones = json_array();
	for (size_t z = 0; z < plan->n_zones; z++)
		json_array_append_new(
		    zones, json_pack("{s:s, s:f, s:i}", "zone", plan->zones[z].zone->id, "depth_mm",
		                     plan->zones[z].depth_mm, "passes", plan->zones[z].passes));
	return zones;
}

/* The sessions of a plan up to (not including) number n, as the records keep them. */
static json_t *sessions_before(const struct np_plan *plan, int n)
{
	json_t *sessions = json_array();
	for (int i = 0; i < n; i++) {
		json_t *zones = zones_json(plan);
		char day[NP_DATE_LEN];
		np_date_format(plan->dates[i], day);
		json_array_append_new(sessions,
		                      json_pack("{s:s, s:s, s:o}", "date", day, "indication",
		                                plan->primary->id, "zones", zones));
	}
	return sessions;
}

static void describe(const struct np_gate_result *r, const char *what, const json_t *req, int n)
{
	char *text = json_dumps(req, JSON_COMPACT);
	json_t *refusals = np_gate_refusals_json(r, false);
	char *why = json_dumps(refusals, JSON_COMPACT);
	fail_msg("%s %d of the plan of %s was refused: %s", what, n + 1, text, why);
}

/* Every date of a plan the engine made can be booked and logged without an override, on a clean
 * record: screened that day, consented, a fresh unit, nothing open. */
static void every_planned_date_is_bookable_and_loggable(void **state)
{
	(void)state;
	const struct np_pack *pack = np_test_pack();
	srand(11);
	int plans = 0;
	for (int round = 0; round < 3000; round++) {
		const char *setting = round % 3 == 2 ? "home" : "clinic";
		json_t *req = random_request(pack, setting);
		if (req == NULL)
			continue;
		struct np_plan_request *q = NULL;
		struct np_plan *plan = NULL;
		if (np_plan_request_from_json(&q, pack, req) != 0 ||
		    np_plan_build(&plan, pack, q) != 0)
			fail_msg("the engine refused its own kind of request: %s", np_error_last());
		if (plan->n_zones == 0) {
			np_plan_free(plan);
			np_plan_request_free(q);
			json_decref(req);
			continue;
		}
		plans++;
		const struct np_zone **zones = calloc(plan->n_zones, sizeof *zones);
		for (size_t z = 0; z < plan->n_zones; z++)
			zones[z] = plan->zones[z].zone;
		for (int i = 0; i < plan->sessions; i++) {
			json_t *h = json_pack("{s:s, s:o}", "setting", setting, "sessions",
			                      sessions_before(plan, i));
			struct np_history *history = NULL;
			assert_int_equal(np_history_from_json(&history, pack, h), 0);
			struct np_gate_screening screening = {.on = plan->dates[i],
			                                      .latest_intake = true};
			/* every form the pack has: the required one, and a device's own (RF) */
			struct np_gate_consent consents[8];
			size_t n_consents = 0;
			for (size_t f = 0; f < pack->records.n_consent_forms && f < 8; f++)
				consents[n_consents++] = (struct np_gate_consent){
				    .form = pack->records.consent_forms[f].id,
				    .version = pack->records.consent_forms[f].version,
				    .signed_on = plan->dates[i],
				    .expires_on = np_date_add_months(plan->dates[i], 12)};
			struct np_gate_unit unit = {.seq = 1,
			                            .lot = "L",
			                            .product = "unit",
			                            .kind = (int)plan->device,
			                            .expires = plan->dates[i] + 365,
			                            .single_use = true};
			struct np_gate_plan p = {.indication = plan->primary,
			                         .sessions = plan->sessions,
			                         .done = i,
			                         .zones = zones,
			                         .n_zones = plan->n_zones};
			struct np_gate_facts facts = {.today = plan->dates[i],
			                              .setting = plan->setting,
			                              .authority = NP_AUTHORITY_PRACTITIONER,
			                              .client = 1,
			                              .screening = &screening,
			                              .consents = consents,
			                              .n_consents = n_consents,
			                              .history = history,
			                              .unit = &unit,
			                              .device = (int)plan->device,
			                              .plan = &p};
			char day[NP_DATE_LEN];
			np_date_format(plan->dates[i], day);
			json_t *proposal =
			    json_pack("{s:s, s:s, s:i, s:o, s:b}", "date", day, "indication",
			              plan->primary->id, "unit", 1, "zones", zones_json(plan),
			              "sterilised_before", true);
			if (pack->devices[plan->device].energy)
				json_object_set_new(
				    proposal, "energy",
				    json_pack("{s:f, s:i, s:s}", "level", 10.0, "pulse_ms", 100,
				              "needle_type",
				              pack->devices[plan->device].needle_types[0]));
			struct np_session *session = NULL;
			assert_int_equal(np_session_from_json(&session, pack, proposal), 0);
			struct np_gate_result *r = NULL;
			assert_int_equal(np_gate_session(&r, pack, &facts, session), 0);
			if (r->decision != NP_GATE_GO)
				describe(r, "session", req, i);
			np_gate_free(r);
			struct np_gate_booking booking = {.date = plan->dates[i]};
			assert_int_equal(np_gate_booking(&r, pack, &facts, &booking), 0);
			if (r->decision != NP_GATE_GO)
				describe(r, "booking", req, i);
			np_gate_free(r);
			np_session_free(session);
			json_decref(proposal);
			np_history_free(history);
			json_decref(h);
		}
		free(zones);
		np_plan_free(plan);
		np_plan_request_free(q);
		json_decref(req);
	}
	assert_true(plans > 1000);
}

/* The clinic's today bounds a record's day from above and a booking's from below, naming the field.
 */
static void today_bounds_records_and_bookings(void **state)
{
	(void)state;
	np_day today = np_test_day("2027-01-10");
	assert_int_equal(np_gate_record_day("date", today, today), 0);
	assert_int_equal(np_gate_record_day("onset", today + 1, today), NP_EINVAL);
	assert_error_contains("onset: 2027-01-11 is after today (2027-01-10 at the clinic)");
	assert_int_equal(np_gate_booking_day("date", today, today), 0);
	assert_int_equal(np_gate_booking_day("date", today - 1, today), NP_EINVAL);
	assert_error_contains(
	    "date: 2027-01-09 is in the past (today is 2027-01-10 at the clinic)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_planned_date_is_bookable_and_loggable),
	    cmocka_unit_test(today_bounds_records_and_bookings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
