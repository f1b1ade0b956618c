/* Shared by the store tests: a database per run (NP_TEST_DB, else a new SQLite file), a clinic
 * per test so that tests never see each other's records, and clients ready to be treated. */
#ifndef NP_TEST_FIXTURE_H
#define NP_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "needlepoint/error.h"
#include "needlepoint/pack.h"
#include "needlepoint/store.h"

/* The standard pack, loaded once. */
const struct np_pack *fx_pack(void);
/* The database target of this run: NP_TEST_DB, else a SQLite file made once in /tmp. */
const char *fx_target(void);
/* A new store on the target; fails the test when it does not open. */
struct np_store *fx_open(void);

/* A new clinic (or home log) in UTC with an admin, a practitioner and a receptionist, whose names
 * are unique in the database; the actors are filled in. */
struct fx_clinic {
	struct np_actor admin, practitioner, reception;
	int64_t home_client; /* a home log's one client */
};
void fx_clinic(struct np_store *s, struct fx_clinic *c, bool home);
/* Act on day: the clinic's today for all three actors, as a clinic living that day would. */
void fx_today(struct fx_clinic *c, const char *day);

/* JSON from text, failing the test when it does not parse. */
json_t *fx_json(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The id of a record answer, and the answer released. */
int64_t fx_id(json_t *answer);

/* A client ready for a session on day, which becomes the clinic's today: intake (no findings),
 * screening and consent. */
int64_t fx_ready_client(struct np_store *s, struct fx_clinic *c, const char *day);
/* A lot of a product for the skin (a glide), sterile or not, in the clinic's stock. */
void fx_product(struct np_store *s, const struct fx_clinic *c, const char *name, const char *lot,
                bool sterile);
/* A lot of n single-use (or reusable) units for the clinic's pens (a home log's rollers);
 * returns the first unit's id (ids run on). */
int64_t fx_lot(struct np_store *s, const struct fx_clinic *c, int n, bool single_use);
/* The same of a kind of device: "pen", "roller" or "stamp". */
int64_t fx_lot_of(struct np_store *s, const struct fx_clinic *c, int n, bool single_use,
                  const char *kind);
/* A pen of the clinic. */
int64_t fx_pen(struct np_store *s, const struct fx_clinic *c);
/* A session of one zone at a depth, as JSON (device 0: none named). */
json_t *fx_session(const char *day, int64_t device, int64_t unit, const char *zone, double depth);
/* Set the passes of a session input's first zone (a roller takes more than a pen). Returns in. */
json_t *fx_passes(json_t *in, int passes);
/* Run SQL on the test database behind the store's back, as someone with its password could,
 * or as an older needlepoint wrote it; fails the test when it does not run. */
void fx_sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Add an override to an input: the codes, comma-separated, and a reason. Returns in. */
json_t *fx_override(json_t *in, const char *codes, const char *reason);
/* The codes of the last refusal's list, comma-separated, in order ("rest,unit_reused"). */
const char *fx_refused_codes(void);

/* Assert the last error's code and that its message holds text. */
void fx_error(int rc, int code, const char *text);

/* Assert that the actor's clinic's audit trail verifies, naming its problems when it does not. */
void fx_audit_ok(struct np_store *s, const struct np_actor *admin);
/* Remove the SQLite files of the run (the database, its log, its audit key and checkpoints);
 * nothing for NP_TEST_DB. */
void fx_cleanup(void);

/* Tests kept in their own files, run by records.c. */
void appointments_wait_until_it_is_safe(void **state);
void audit_catches_an_edited_entry(void **state);
void audit_catches_a_deleted_entry(void **state);
void audit_catches_a_truncated_trail(void **state);
void audit_catches_a_rechained_trail(void **state);
void audit_catches_a_wiped_trail(void **state);
void audit_catches_a_changed_record(void **state);
void audit_records_refusals_overrides_and_erasures(void **state);
void audit_key_is_private_and_needed(void **state);
void sign_ins_hash_a_few_at_a_time(void **state);
void older_hashes_are_made_again_at_sign_in(void **state);
void acts_are_written_many_to_a_commit(void **state);
void the_timeline_pages_add_up_to_the_whole(void **state);
void open_events_stay_on_the_chart(void **state);
void a_page_shows_each_record_as_its_own_answer(void **state);
void a_recall_is_written_a_piece_at_a_time(void **state);
void the_clinic_profile_is_what_the_admin_set(void **state);
void stock_offers_each_open_lot_its_next_unit(void **state);
void an_edit_from_an_older_version_changes_nothing(void **state);
void the_calendar_books_no_one_twice(void **state);
void a_use_sent_twice_is_logged_once(void **state);
void a_second_chart_for_one_person_is_asked_about(void **state);
void the_report_counts_what_the_records_hold(void **state);
void a_health_history_from_an_older_version_is_stopped(void **state);
void a_clinic_edit_from_an_older_version_changes_nothing(void **state);
void a_late_record_keeps_the_rest_of_its_day(void **state);
void a_backup_finishes_while_the_clinic_works(void **state);
void counts_are_made_when_an_older_database_opens(void **state);

#endif
