/* What the record modules share: the store, the transaction runner, roles, rows as JSON. */
#ifndef NP_STORE_INTERNAL_H
#define NP_STORE_INTERNAL_H

#include "audit_key.h"
#include "db.h"
#include "jv.h"
#include "jw.h"
#include "try.h"
#include "needlepoint/store.h"

/* A clinic's chain head as this store last checkpointed it (or found it when it opened). */
struct np_anchored {
	long long clinic, seq;
};

/* An audit entry of a read, waiting for the group's writer (group.c). */
struct np_pending {
	struct np_actor actor;
	char action[32], entity[32];
	int64_t entity_id, client_id;
	char *detail;
};

struct np_store {
	struct np_db *db;
	const struct np_pack *pack;
	struct np_audit_key key;
	struct np_anchored *anchored;
	size_t n_anchored;
	/* a server's: its acts are written by the group's writer (SQLite; NULL: by itself) */
	struct np_store_group *group;
	/* inside a read of a grouped store: audit entries wait here */
	bool deferring;
	struct np_pending *pending;
	size_t n_pending, cap_pending;
};

/* Role sets an operation allows. */
#define NP_ROLE_BIT(r) (1u << (r))
#define NP_ROLES_ANY                                                                               \
	(NP_ROLE_BIT(NP_ROLE_ADMIN) | NP_ROLE_BIT(NP_ROLE_PRACTITIONER) |                          \
	 NP_ROLE_BIT(NP_ROLE_RECEPTION))
#define NP_ROLES_CLINICAL (NP_ROLE_BIT(NP_ROLE_ADMIN) | NP_ROLE_BIT(NP_ROLE_PRACTITIONER))
#define NP_ROLES_ADMIN    NP_ROLE_BIT(NP_ROLE_ADMIN)

/* The body of an operation, run inside its transaction; *out is its answer. */
typedef int (*np_store_fn)(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out);

/* Check the role (what names the act for the message: "read health histories"), begin a write
 * transaction, run fn, commit; roll back on any failure and leave *out NULL. A grouped store
 * hands the act to its group's writer (group.c). */
int np_store_tx(struct np_store *s, const struct np_actor *a, unsigned roles, const char *what,
                np_store_fn fn, void *ctx, json_t **out);
/* The same for an act that writes nothing but its audit entries: a grouped store runs it from a
 * snapshot on its own connection and hands the entries to the writer; answered once they are
 * durable. */
int np_store_read(struct np_store *s, const struct np_actor *a, unsigned roles, const char *what,
                  np_store_fn fn, void *ctx, json_t **out);
/* The writer's side of a grouped store (group.c): a write act run there, a read's waiting
 * entries appended there; each returns once its transaction is durable. */
int np_group_write(struct np_store *s, const struct np_actor *a, np_store_fn fn, void *ctx,
                   json_t **out);
int np_group_append(struct np_store *s);

/* An audit entry: what was done (action) to which record (entity, entity_id; 0 none) of which
 * client (0 none), with what the act named beyond it (detail: the codes a refusal gave, an
 * erasure's reason; never a person's data). When seal is set the act wrote the record, and the
 * record's hash as it now stands goes in (audit_seal.h). */
struct np_audit_entry {
	const char *action, *entity;
	int64_t entity_id, client_id;
	const char *detail;
	bool seal;
};
/* Append to the clinic's audit trail, in the caller's transaction. */
int np_audit_add(struct np_store *s, const struct np_actor *a, const struct np_audit_entry *e);
/* The same for an act that wrote nothing (a read, a search). */
int np_audit_append(struct np_store *s, const struct np_actor *a, const char *action,
                    const char *entity, int64_t entity_id, int64_t client_id);
/* The same for an act that wrote the record entity_id: sealed. */
int np_audit_write(struct np_store *s, const struct np_actor *a, const char *action,
                   const char *entity, int64_t entity_id, int64_t client_id);
/* An entry in a transaction of its own: for what is recorded though the act failed (a refusal,
 * a failed sign-in). Keeps the error the caller is about to return. */
int np_audit_event(struct np_store *s, const struct np_actor *a, const struct np_audit_entry *e);
/* After an act ended rc: when it was refused (NP_EREFUSED), an entry "refused" of the entity for
 * the client, naming the codes, in its own transaction. Returns rc (or the entry's failure). */
int np_audit_refused(struct np_store *s, const struct np_actor *a, int rc, const char *entity,
                     int64_t client);
/* For every clinic of the database, fn with an actor of that clinic named name: what the
 * deployment does to every clinic's records (a backup, sealing at a key's making), in the caller's
 * transaction; stops at the first failure. */
int np_audit_each_clinic(struct np_store *s, const char *name,
                         int (*fn)(struct np_store *s, const struct np_actor *a, void *ctx),
                         void *ctx);
/* The chain heads of every clinic as they are now, for checkpoints to come. */
int np_audit_heads_seen(struct np_store *s);

/* A column of a row as JSON: i integer, t text, r real, b boolean, j JSON text. */
struct np_col {
	const char *name;
	char type;
};
/* The row as an object of the columns named (in order, ending at name NULL; a name NULL-skipped
 * column is "-"). A new reference, or NULL when out of memory or a j cell is not JSON. */
json_t *np_row_json(const struct np_db_result *r, size_t row, const struct np_col *cols);
/* Every row so, as an array. */
json_t *np_rows_json(const struct np_db_result *r, const struct np_col *cols);

/* One-row look-ups by (id, clinic): NP_ENOTFOUND naming what ("client 12") when absent. */
int np_store_get(struct np_store *s, struct np_db_result **out, enum np_sql stmt, int64_t id,
                 int64_t clinic, const char *what);
/* A query, then its first column of its first row as a number. */
int np_store_scalar(struct np_store *s, enum np_sql stmt, const struct np_db_value *params,
                    size_t n, int64_t *out);
/* An INSERT ... RETURNING id. */
int np_store_insert(struct np_store *s, enum np_sql stmt, const struct np_db_value *params,
                    size_t n, int64_t *id);

/* The input's "role": admin, practitioner or reception. */
int np_store_role(struct np_jv *jv, const json_t *in, enum np_role *out);
/* Text fields of an input: optional ones may be absent; max is in bytes. */
int np_store_text(struct np_jv *jv, const json_t *obj, const char *key, const char **out,
                  size_t max);

int np_store_nomem(void);
/* Take a new reference into *out, or fail for out of memory when it is NULL. */
int np_store_answer(json_t **out, json_t *answer);
/* Dates as text for SQL; buf holds at least 11 bytes. NULL for NP_DAY_NONE. */
const char *np_store_day(char *buf, np_day day);

/* Who acts, from the first row of a statement that starts with USER_ACTOR_COLS (sql.c), on the
 * clinic's day at the instant now (Unix seconds). */
int np_store_actor_row(struct np_actor *out, const struct np_db_result *r, int64_t now);
/* A new clinic and its first admin (np_store_init's body), inside the caller's transaction. */
int np_store_init_tx(struct np_store *s, const json_t *input, json_t **out);

/* A password's Argon2id string, after checking it is one to keep (field "password"): its length,
 * libpwquality's checks, and not the user's name nor holding it. */
#define NP_AUTH_HASH_BYTES 128
int np_auth_hash(char out[NP_AUTH_HASH_BYTES], const char *password, const char *user);
/* Argon2id with libsodium's interactive limits, at most np_auth_hash_limit() at once
 * (auth_hashing.c): a password's hash string (0, or -1 out of memory), and a check of one. */
int np_auth_argon2(char out[NP_AUTH_HASH_BYTES], const char *password);
bool np_auth_argon2_verify(const char *stored, const char *password);
/* Whether a hash string was made with other limits than today's (it is made again at the next
 * sign-in, so that every name takes the same time to check). */
bool np_auth_argon2_stale(const char *stored);
/* Why a password is not one to keep (NP_EINVAL, field "password"), or 0. */
int np_auth_check_password(const char *password, const char *user);
/* Keep a password's hash for user (in the actor's clinic), end the user's sessions but keep's
 * (unless end is false: the same password, hashed again), and write the entry action sealing the
 * user's record. */
int np_auth_store_password(struct np_store *s, const struct np_actor *a, int64_t user,
                           const char *hash, const char *keep, const char *action, bool end);
/* End every web session of a user but the one whose token is keep (NULL: all). */
int np_auth_end_sessions(struct np_store *s, int64_t user, const char *keep, int64_t now);

/* Sign-in throttling (auth_throttle.c). Reserve a try of name from address now (the real clock,
 * to the millisecond): counted as a failure (*failures, this one included) until
 * np_throttle_clear forgives it; NP_ETHROTTLED, with *wait the seconds left (rounded up), while
 * the last try's wait runs. */
int np_throttle_reserve(struct np_store *s, const char *name, const char *address, int *failures,
                        int64_t *wait);
int np_throttle_clear(struct np_store *s, const char *name, const char *address);
/* The wait after a number of failures, in seconds: none for the first three, then 1 doubling to
 * 900. */
int64_t np_throttle_delay(int failures);

/* A client of the actor's clinic who has not been erased, else NP_ENOTFOUND. */
int np_store_client_check(struct np_store *s, const struct np_actor *a, int64_t client);
/* NP_ENOTFOUND naming the client when the row CLIENT_GET read is of an erased client, else 0. */
int np_store_erased(const struct np_db_result *r, int64_t client);

/* What the gate reads beyond the client's own record: the unit and the device a session names
 * (0: none) and the plan (0: the client's latest, if any). */
struct np_facts_want {
	int64_t unit, device, plan;
	np_day on; /* the day the gate decides for (a session's, a booking's); 0: today */
	const json_t *products; /* the session's products ([{name, lot}]), or NULL */
};
/* The client's sessions as scheduling reads them, the same as the gate's facts hold them; *out
 * is the caller's (np_history_free). */
struct np_history;
int np_store_history(struct np_history **out, struct np_store *s, const struct np_actor *a,
                     int64_t client, np_day on);
/* The facts of a client's record for the safety gate (needlepoint/gate.h), read in the caller's
 * transaction; *out is the caller's (np_gate_input_free), *plan_id the plan found (0: none). A
 * unit, device or plan that is not there (or of another clinic) is NP_ENOTFOUND, named. */
struct np_gate_input;
int np_store_facts(struct np_gate_input **out, struct np_store *s, const struct np_actor *a,
                   int64_t client, const struct np_facts_want *want, int64_t *plan_id);
/* An override as it is kept: the reason, the codes it named (JSON text, the caller frees) and the
 * refusals it lifted (JSON text, the caller frees); all NULL when nothing was overridden. */
struct np_gate_result;
struct np_override;
struct np_kept_override {
	const char *reason;
	char *codes, *refusals;
};
int np_store_kept_override(struct np_kept_override *out, const struct np_gate_result *result,
                           const struct np_override *override);
void np_store_kept_override_release(struct np_kept_override *k);

/* The columns of the records read by one statement each (sql.c). */
/* The outcome reviews of the client's completed courses (plans with id, sessions_planned,
 * sessions_done and last_session_on; outcomes as the outcome list reads them), each {plan, months,
 * due, status: due|upcoming|recorded, sources}. A new array, NULL out of memory. */
json_t *np_chart_reviews(const struct np_pack *pack, const json_t *plans, const json_t *outcomes,
                         np_day today);

/* An outcome row with its scale's name, label for the value ("mild") and which way is better;
 * o itself (NULL stays NULL). */
json_t *np_outcome_labelled(const struct np_pack *pack, json_t *o);

extern const struct np_col np_client_cols[], np_intake_cols[], np_consent_cols[], np_outcome_cols[],
    np_appointment_cols[];

/* The clinic's profile (records_profile.c): its row (address, phone, email, logo, rooms; none
 * before its first edit), those as members of o (null where unset; rooms a list), and an edit of
 * whichever the input names (null or blank clears one), each checked, in the caller's
 * transaction. */
int np_profile_get(struct np_store *s, int64_t clinic, struct np_db_result **out);
void np_profile_members(json_t *o, const struct np_db_result *r);
int np_profile_edit(struct np_store *s, int64_t clinic, struct np_jv *jv, const json_t *in);

/* The calendar (records_calendar.c). Who a booking is with and where: "practitioner" (a user id
 * of the clinic who may treat and still signs in) and "room" (one the clinic lists) of in, each
 * optional; room points into in. Then whether that place is free on date from time for minutes,
 * the booking except left out (0 for a new one): NP_ECONFLICT naming who or which room has whom
 * then. */
struct np_place {
	int64_t practitioner; /* 0: not said */
	const char *room;     /* NULL: none */
};
int np_calendar_place(struct np_store *s, const struct np_actor *a, const json_t *in,
                      struct np_place *out);
int np_calendar_check(struct np_store *s, const struct np_actor *a, const char *date,
                      const char *time, int minutes, const struct np_place *place, int64_t except);
/* An appointment as the actor may see it (records_appointments.c). */
int np_appointment_answer(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out);

/* A consent's "status" on a day: "valid", "expired" or "not yet signed"; into its tree, or from
 * its dates. */
void np_consent_status(json_t *consent, np_day on);
const char *np_consent_state(const char *signed_on, const char *expires_on, np_day on);

/* The kind of a chart's part by name ("session"), its place in the chart's order, or -1. */
int np_chart_kind(const char *kind);
/* Every record of the client, whole, as members of the object open in out's writer, by part
 * ("intakes": [...], "sessions": [...], ...), handed on as they are read. */
struct np_pieces;
int np_chart_write(struct np_store *s, const struct np_actor *a, int64_t client,
                   struct np_pieces *out);

/* Records as JSON text from their rows (the columns of their statements in sql.c), written into
 * w (records_text.c): stored JSON is spliced in as it stands, not parsed. A session leaves out
 * its aftercare timeline unless asked for it; a consent says whether it holds on the day. */
void np_screening_jw(struct np_jw *w, const struct np_db_result *r, size_t row);
void np_plan_jw(struct np_jw *w, const struct np_db_result *r, size_t row);
void np_session_jw(struct np_jw *w, const struct np_db_result *r, size_t row, bool aftercare);
void np_consent_jw(struct np_jw *w, const struct np_db_result *r, size_t row, np_day on);
/* The columns of a row as members of the object open in w (as np_row_json makes them). */
void np_row_jw(struct np_jw *w, const struct np_db_result *r, size_t row,
               const struct np_col *cols);
/* What w holds, parsed: a new reference, NULL when out of memory; w is reset. */
json_t *np_jw_parsed(struct np_jw *w);
/* An answer written as it is read: the text grows in w and is handed on to write in pieces of
 * about NP_PIECE bytes, never held whole (a recall, an export). */
#define NP_PIECE (32 * 1024)
struct np_pieces {
	struct np_jw w;
	np_write_fn write;
	void *ctx;
	bool started; /* a piece went: an error now cuts the answer short */
};
/* Hand on what w holds when it has grown to a piece (or whatever it holds, when all): 0, or an
 * error when out of memory or the reader stopped. */
int np_pieces_hand_on(struct np_pieces *p, bool all);
/* Write into a growing buffer (ctx: a struct np_buf), for the answers held whole after all. */
int np_pieces_to_buf(void *ctx, const char *text, size_t len);

/* The same records as trees: that text parsed. New references, NULL when out of memory. */
json_t *np_screening_record(const struct np_db_result *r, size_t row);
json_t *np_plan_record(const struct np_db_result *r, size_t row);
json_t *np_session_record(const struct np_db_result *r, size_t row);
json_t *np_ae_record(struct np_store *s, const struct np_actor *a, const struct np_db_result *r,
                     size_t row);
/* A session by id as JSON, without an audit entry (the caller writes one). */
int np_session_json(struct np_store *s, const struct np_actor *a, int64_t id, json_t **out);

#endif
