/* The audit trail holds against someone who can write the database but cannot read the audit
 * key: an edited, deleted, cut, re-chained or wiped trail and a changed record are all named by
 * verify; refusals, overrides and erasures are entries. Run by records.c on both engines. */
#include "fixture.h"

#include "../../src/store/db.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Verify finds what is wrong and says so in words holding text. */
static void verify_finds(struct np_store *s, const struct np_actor *admin, const char *text)
{
	json_t *out = NULL;
	assert_int_equal(np_audit_verify(&out, s, admin), 0);
	char *all = json_dumps(json_object_get(out, "problems"), 0);
	if (json_is_true(json_object_get(out, "ok")))
		fail_msg("verify found nothing wrong; expected '%s'", text);
	if (strstr(all, text) == NULL)
		fail_msg("verify did not say '%s': %s", text, all);
	free(all);
	json_decref(out);
}

/* A clinic with a client screened and consented, a session logged: a dozen entries. */
static int64_t busy_clinic(struct np_store *s, struct fx_clinic *c, int64_t *session)
{
	fx_clinic(s, c, false);
	int64_t client = fx_ready_client(s, c, "2027-01-10");
	int64_t unit = fx_lot(s, c, 2, true), pen = fx_pen(s, c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	assert_int_equal(np_session_log(&out, s, &c->practitioner, client, in), 0);
	json_decref(in);
	*session = fx_id(out);
	assert_int_equal(np_history(&out, s, &c->practitioner, client, NULL), 0);
	json_decref(out);
	fx_audit_ok(s, &c->admin);
	return client;
}

void audit_catches_an_edited_entry(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	int64_t session;
	busy_clinic(s, &c, &session);
	/* who read the chart is rewritten */
	fx_sql("UPDATE audit SET user_name = 'nobody' WHERE clinic_id = %lld AND seq = 3",
	       (long long)c.admin.clinic_id);
	verify_finds(s, &c.admin, "entry 3: its content does not match its seal");
}

void audit_catches_a_deleted_entry(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	int64_t session;
	busy_clinic(s, &c, &session);
	fx_sql("DELETE FROM audit WHERE clinic_id = %lld AND seq = 4",
	       (long long)c.admin.clinic_id);
	verify_finds(s, &c.admin, "entry 5: an entry is missing before it");
}

void audit_catches_a_truncated_trail(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	int64_t session;
	busy_clinic(s, &c, &session);
	assert_int_equal(np_audit_checkpoint(s, NULL, false, NULL), 0);
	/* the last two entries go, and the head is moved back to match */
	long long clinic = c.admin.clinic_id;
	fx_sql("DELETE FROM audit WHERE clinic_id = %lld AND seq > (SELECT seq - 2 FROM audit_heads"
	       " WHERE clinic_id = %lld)",
	       clinic, clinic);
	fx_sql("UPDATE audit_heads SET seq = seq - 2, hash = (SELECT hash FROM audit WHERE"
	       " clinic_id = %lld AND seq = audit_heads.seq - 2) WHERE clinic_id = %lld",
	       clinic, clinic);
	verify_finds(s, &c.admin, "entries are missing at the end");
}

/* The chain as needlepoint computed it before the key: what anyone can compute. */
static void public_hash(char out[65], const struct np_db_result *r, size_t i, long long clinic,
                        const char *prev)
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	const char *texts[] = {prev, np_db_text(r, i, 1), np_db_text(r, i, 2), np_db_text(r, i, 3),
	                       np_db_text(r, i, 4)};
	long long numbers[] = {clinic, np_db_int(r, i, 0), np_db_int(r, i, 5), np_db_int(r, i, 6)};
	char buf[64];
	for (size_t k = 0; k < 5; k++) {
		size_t len = texts[k] ? strlen(texts[k]) : 0;
		int n = snprintf(buf, sizeof buf, "%zu:", len);
		crypto_hash_sha256_update(&st, (unsigned char *)buf, (unsigned long long)n);
		crypto_hash_sha256_update(&st, (const unsigned char *)(texts[k] ? texts[k] : ""),
		                          len);
	}
	for (size_t k = 0; k < 4; k++) {
		int n = snprintf(buf, sizeof buf, "|%lld", numbers[k]);
		crypto_hash_sha256_update(&st, (unsigned char *)buf, (unsigned long long)n);
	}
	unsigned char d[32];
	crypto_hash_sha256_final(&st, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

void audit_catches_a_rechained_trail(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	int64_t session;
	busy_clinic(s, &c, &session);
	assert_int_equal(np_audit_checkpoint(s, NULL, false, NULL), 0);
	long long clinic = c.admin.clinic_id;
	/* an entry rewritten, and every hash after it computed again the public way, with the
	 * clinic's trail declared to be from before the key */
	fx_sql("UPDATE audit SET user_name = 'nobody' WHERE clinic_id = %lld AND seq = 3", clinic);
	struct np_db *db = NULL;
	struct np_db_result *r = NULL;
	assert_int_equal(np_db_open(&db, fx_target()), 0);
	struct np_db_value p[] = {NP_DB_I(clinic), NP_DB_I(0), NP_DB_I(1000000)};
	assert_int_equal(np_db_query(db, &r, NP_SQL_AUDIT_PAGE, p, 3), 0);
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
	for (size_t i = 0; i < r->rows; i++) {
		char hash[65], sql[300];
		public_hash(hash, r, i, clinic, prev);
		snprintf(sql, sizeof sql,
		         "UPDATE audit SET prev_hash = '%s', hash = '%s' WHERE clinic_id = %lld"
		         " AND seq = %lld",
		         prev, hash, clinic, (long long)np_db_int(r, i, 0));
		assert_int_equal(db->driver->exec(db, sql), 0);
		memcpy(prev, hash, sizeof prev);
	}
	fx_sql("UPDATE audit_heads SET hash = '%s', legacy = seq WHERE clinic_id = %lld", prev,
	       clinic);
	np_db_result_free(r);
	np_db_close(db);
	verify_finds(s, &c.admin, "predate the audit key");
	verify_finds(s, &c.admin, "does not match its seal");
}

void audit_catches_a_wiped_trail(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	int64_t session;
	busy_clinic(s, &c, &session);
	assert_int_equal(np_audit_checkpoint(s, NULL, false, NULL), 0);
	long long clinic = c.admin.clinic_id;
	fx_sql("DELETE FROM audit WHERE clinic_id = %lld", clinic);
	fx_sql("DELETE FROM audit_heads WHERE clinic_id = %lld", clinic);
	verify_finds(s, &c.admin, "entries are missing at the end");
	verify_finds(s, &c.admin, "has no audit entry");
}

void audit_catches_a_changed_record(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	int64_t session;
	busy_clinic(s, &c, &session);
	/* the depth a session went to, as someone with the database's password would mend it */
	fx_sql("UPDATE sessions SET body = replace(body, '0.5', '2.5') WHERE id = %lld",
	       (long long)session);
	char text[64];
	snprintf(text, sizeof text, "session %lld was changed outside needlepoint",
	         (long long)session);
	verify_finds(s, &c.admin, text);
	fx_sql("UPDATE sessions SET body = replace(body, '2.5', '0.5') WHERE id = %lld",
	       (long long)session);
	fx_audit_ok(s, &c.admin);
	/* a record slipped in beside the others */
	fx_sql("INSERT INTO outcomes (clinic_id, client_id, scale, value, on_date, created_by,"
	       " created_at) SELECT clinic_id, client_id, 'acne_scar_grade', 1, on_date,"
	       " practitioner_id, created_at FROM sessions WHERE id = %lld",
	       (long long)session);
	verify_finds(s, &c.admin, "has no audit entry: it was written outside needlepoint");
}

/* The entry of the latest act of a kind, from the trail's tail. */
static json_t *entry(struct np_store *s, const struct np_actor *admin, const char *action,
                     const char *entity)
{
	json_t *list = NULL, *e;
	size_t i;
	assert_int_equal(np_audit_list(&list, s, admin, 20), 0);
	json_array_foreach(list, i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "action")), action) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "entity")), entity) == 0) {
			json_incref(e);
			json_decref(list);
			return e;
		}
	}
	fail_msg("no '%s %s' entry in the audit trail", action, entity);
	return NULL;
}

static void detail_is(json_t *e, const char *detail)
{
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(e, "detail")), detail);
	json_decref(e);
}

void audit_records_refusals_overrides_and_erasures(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int64_t client = fx_ready_client(s, &c, "2027-01-10");
	int64_t unit = fx_lot(s, &c, 2, true), pen = fx_pen(s, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	/* the same unit again: refused, and the refusal is an entry though nothing was logged */
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	json_t *refused = entry(s, &c.admin, "refused", "session");
	assert_int_equal(json_integer_value(json_object_get(refused, "client_id")), client);
	detail_is(refused, fx_refused_codes());
	json_decref(in);
	/* an override names its codes: the screening of 2027-01-10 is stale by 2027-02-20 */
	fx_today(&c, "2027-02-20");
	in = fx_session("2027-02-20", pen, unit + 1, "forehead", 0.5);
	fx_error(np_session_log(&out, s, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "screening_stale");
	fx_override(in, "screening_stale", "nothing has changed since; asked and checked today");
	assert_int_equal(np_session_log(&out, s, &c.practitioner, client, in), 0);
	json_decref(out);
	json_decref(in);
	detail_is(entry(s, &c.admin, "override", "session"), "[\"screening_stale\"]");
	/* an erasure says why, and cannot go without */
	fx_error(np_erase(&out, s, &c.admin, client, " "), NP_EINVAL, "reason");
	assert_int_equal(np_erase(&out, s, &c.admin, client, "the person asked, by letter"), 0);
	json_decref(out);
	detail_is(entry(s, &c.admin, "erase", "client"), "the person asked, by letter");
	fx_audit_ok(s, &c.admin);
}

void audit_key_is_private_and_needed(void **state)
{
	(void)state;
	char dir[] = "/tmp/np-key-XXXXXX", db[64], key[80];
	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/clinic.db", dir);
	snprintf(key, sizeof key, "%s/audit.key", dir);
	struct np_store *s = NULL;
	assert_int_equal(np_store_open_keyed(&s, db, fx_pack(), key), 0);
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	int written = 0;
	assert_int_equal(np_audit_checkpoint(s, NULL, false, &written), 0);
	assert_int_equal(written, 1);
	np_store_close(s);
	struct stat st;
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a key others can read is refused until it is private again */
	assert_int_equal(chmod(key, 0644), 0);
	fx_error(np_store_open_keyed(&s, db, fx_pack(), key), NP_EIO, "chmod 600");
	assert_int_equal(chmod(key, 0600), 0);
	/* without its key, a database with a sealed trail does not open, and no new key is made
	 * in its place */
	char moved[96];
	snprintf(moved, sizeof moved, "%s.away", key);
	assert_int_equal(rename(key, moved), 0);
	fx_error(np_store_open_keyed(&s, db, fx_pack(), key), NP_EIO, "audit key");
	assert_int_equal(access(key, F_OK), -1);
	assert_int_equal(rename(moved, key), 0);
	assert_int_equal(np_store_open_keyed(&s, db, fx_pack(), key), 0);
	np_store_close(s);
	/* the checkpoints are its user's alone too */
	char checkpoints[96];
	snprintf(checkpoints, sizeof checkpoints, "%s/audit.checkpoints", dir);
	assert_int_equal(stat(checkpoints, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	const char *files[] = {db, key, checkpoints};
	for (size_t i = 0; i < 3; i++)
		unlink(files[i]);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", db);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", db);
	unlink(wal);
	rmdir(dir);
}
