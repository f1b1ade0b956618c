/* The clinical records: clinics, users, clients, health histories, screenings, consents, plans,
 * devices, lots, sessions, adverse events, outcomes and the audit trail, on SQLite or PostgreSQL.
 *
 * Every operation acts for a user (struct np_actor) inside that user's clinic: an id of another
 * clinic is "not found". Every operation is one transaction and appends to the audit trail,
 * reads of a client's record included. Records go in and come out as JSON (docs/records.md);
 * each answer is a new reference the caller owns. On failure an operation returns a negative
 * enum np_error with np_error_last() naming the field, the value and what was expected. */
#ifndef NEEDLEPOINT_STORE_H
#define NEEDLEPOINT_STORE_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

struct np_store;

enum np_role { NP_ROLE_ADMIN, NP_ROLE_PRACTITIONER, NP_ROLE_RECEPTION, NP_ROLE_COUNT };

/* Who acts: a user of one clinic, with a role, on a day. A home log's clinic is the person's own.
 * today is the clinic's calendar day in its time zone when the actor was found (np_store_actor,
 * np_auth_session): computed once per command or request, it is the "today" of every rule, and
 * no clinical record may be dated after it. A tool acting for another day sets it. */
struct np_actor {
	int64_t clinic_id;
	int64_t user_id;
	char name[128];
	enum np_role role;
	bool home; /* the clinic is a personal log at home: the pack's "home" setting applies */
	char
	    time_zone[64]; /* the clinic's IANA time zone; empty: the server's, for older clinics */
	np_day today;
};

/* Open a database (a SQLite file, or a postgresql:// URL) and bring its schema up to date.
 * pack is borrowed and must outlive the store. *out is owned by the caller (np_store_close).
 * key is the audit key file (docs/security.md); NULL or "" takes np_store_key_default. The key
 * is made (mode 0600) when the database has no entry sealed with one yet; a database with sealed
 * entries and no key file does not open. np_store_open is np_store_open_keyed with key NULL. */
int np_store_open(struct np_store **out, const char *target, const struct np_pack *pack);
int np_store_open_keyed(struct np_store **out, const char *target, const struct np_pack *pack,
                        const char *key);
/* The key file of a target when none is given: NEEDLEPOINT_KEY, else a SQLite file's path and
 * ".key" (written into buf); NULL for PostgreSQL, which must be told. */
const char *np_store_key_default(char *buf, size_t size, const char *target);
void np_store_close(struct np_store *store);

/* Group commit for a server's workers on one SQLite database: a writer of its own (a connection
 * and a thread) writes their acts many to a transaction, each answered once it is durable; reads
 * run on each worker's own connection from a snapshot. *out is NULL for PostgreSQL, which groups
 * its commits itself. Stop it after the stores that joined it have stopped acting. */
struct np_store_group;
int np_store_group_start(struct np_store_group **out, const char *target,
                         const struct np_pack *pack, const char *key);
void np_store_group_stop(struct np_store_group *group);
/* Route a store's acts through group (NULL: none). The store must not be acting. */
void np_store_join(struct np_store *store, struct np_store_group *group);
/* Transactions committed and acts they held, so far. */
void np_store_group_stats(struct np_store_group *group, long *commits, long *acts);
const char *np_store_engine(const struct np_store *store); /* "sqlite" or "postgresql" */

const char *np_role_name(enum np_role role);

/* A new clinic with its first admin: {"clinic": NAME, "admin": NAME, "time_zone": IANA NAME,
 * "home": false}. A home log also gets its one client, the person: {"clinic", "admin",
 * "time_zone", "home": true, "client": {...}}. */
int np_store_init(json_t **out, struct np_store *store, const json_t *input);
/* The user a command acts as, on the clinic's day now. name NULL picks the only user of a
 * database that has one. */
int np_store_actor(struct np_actor *out, struct np_store *store, const char *name);

/* The actor's clinic: {"id", "name", "kind", "time_zone", "today", "created_at"}; edit (admin)
 * changes {"name", "time_zone"}. */
int np_clinic_show(json_t **out, struct np_store *s, const struct np_actor *a);
int np_clinic_edit(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in);

/* Users of the actor's clinic (admin only): {"name", "role", "password"?}; a user without a
 * password cannot sign in over the web until one is set (needlepoint/auth.h). */
int np_user_add(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in);
int np_user_list(json_t **out, struct np_store *s, const struct np_actor *a);
/* An admin changes another user of the clinic: {"role", "disabled" (true: the user signs in and
 * acts nowhere, their records stay), "password" (a reset)}, each optional. Any change ends the
 * user's sessions and is an audit entry. An admin's own account is changed by another admin
 * (NP_EINVAL): the clinic keeps the admin who acts. The answer is the user. */
int np_user_edit(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                 const json_t *in);

/* Clients: {"name", "birth_date", "fitzpatrick", "phone", "email", "notes"}. edit replaces the
 * fields given. list finds by part of the name (NULL or "" lists all), at most limit. */
int np_client_add(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in);
int np_client_edit(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                   const json_t *in);
int np_client_show(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id);
int np_client_list(json_t **out, struct np_store *s, const struct np_actor *a, const char *search,
                   int limit);

/* Health histories: the engine's intake format; each add is a new version. */
int np_intake_add(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                  const json_t *in);
int np_intake_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client);

/* Screen the latest health history on a day and keep the result with its intake version and
 * protocol. A caution is acknowledged by a practitioner with a note. */
int np_screening_run(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                     np_day on);
int np_screening_ack(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                     const char *note);
int np_screening_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client);

/* Sign a consent form of the pack: its text, version and SHA-256 are kept. */
int np_consent_sign(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                    const char *form, const char *signer, np_day on);
int np_consent_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                    np_day on);

/* Plans: the engine's plan request in, the plan built and kept. */
int np_plan_add(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                const json_t *in);
int np_plan_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client);

/* Stock: devices {"kind", "serial", "model", "client"} and lots {"product", "lot", "kind" (the
 * device its units fit: pen, roller or stamp), "expires", "quantity", "single_use"}; a lot's units
 * are created with it. A recalled lot ({"reason"}) serves no further session. */
int np_device_add(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in);
int np_device_list(json_t **out, struct np_store *s, const struct np_actor *a);
int np_lot_add(json_t **out, struct np_store *s, const struct np_actor *a, const json_t *in);
int np_lot_list(json_t **out, struct np_store *s, const struct np_actor *a);
int np_lot_show(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id);
int np_lot_recall(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                  const json_t *in);
/* What a session may take today, in one answer: {"units": [{"id", "lot_id", "product", "lot",
 * "kind", "expires", "single_use", "seq", "uses", "left"}], "products": [{"id", "product", "lot",
 * "expires"}]}: each open needle lot's next unit (every unit of a reusable lot) and each product
 * lot, only those the safety gate takes today, the soonest to expire first. */
int np_stock_for_session(json_t **out, struct np_store *s, const struct np_actor *a);

/* Log a session (docs/records.md). The safety gate (needlepoint/gate.h) decides on the client's
 * record read in the same transaction: refused with NP_EREFUSED, the refusals in
 * np_error_refusals(), unless the input's "override" names every code and the actor may lift
 * each; then it is logged with the override's reason and codes, the refusals, who and when. */
int np_session_log(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                   const json_t *in);
int np_session_show(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id);
/* The roller was sterilised again after the session's use: recorded after the fact ({}), which
 * takes the reminder out of the session's warnings. Saying it twice changes nothing. */
int np_session_sterilised(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                          const json_t *in);

/* Adverse events {"type", "severity", "onset", "note"} and follow-ups {"date", "status",
 * "note", "resolved"}. */
int np_ae_add(json_t **out, struct np_store *s, const struct np_actor *a, int64_t session,
              const json_t *in);
int np_ae_follow_up(json_t **out, struct np_store *s, const struct np_actor *a, int64_t ae,
                    const json_t *in);

/* Outcomes on the pack's scales: {"scale", "value", "date", "note"}; trend lists one scale. */
int np_outcome_add(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                   const json_t *in);
int np_outcome_trend(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                     const char *scale);

/* Appointments {"date", "time" (HH:MM, the clinic's local time), "minutes" (60), "plan" (the
 * client's latest), "note", "override" ({"codes", "reason"})}. The safety gate decides: a booking
 * is refused (NP_EREFUSED, np_error_refusals()) while a zone of the plan rests on the day, once
 * the plan's sessions are all done or booked, while an adverse event is open or screening defers
 * or declines; the front desk reads only when it may be booked. An override that names the codes
 * and that the actor may lift books it, kept with what it overrode. Without a plan it is a
 * consultation. Any role books, lists and cancels ({"reason"}); range lists the clinic's days
 * from..to (at most 62 days apart). ics sets *out to an iCalendar text of the client's booked
 * appointments (the caller frees it). */
int np_appointment_book(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
                        const json_t *in);
int np_appointment_cancel(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                          const json_t *in);
/* Move a booking: {"date", "time", "minutes", "practitioner", "room", "override"}, the first two
 * required, the rest kept when left out. The safety gate decides on the new day as for a new
 * booking; no practitioner or room is booked twice at once (NP_ECONFLICT); the booking keeps its
 * id, and counts the move, which its calendar file carries as SEQUENCE. */
int np_appointment_move(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
                        const json_t *in);
/* The clinic's report from one day to another (admins): {from, to, sessions_by_month: [{month,
 * sessions}], adverse_events: [{device, device_name, indication, indication_name, sessions,
 * events, per_100}], overrides: [{practitioner, sessions, sessions_overridden,
 * bookings_overridden}], outcomes: [{indication, indication_name, scale, scale_name, better,
 * clients, compared, mean_change}]}: each figure one query over the records. */
int np_report(json_t **out, struct np_store *s, const struct np_actor *a, const char *from,
              const char *to);
/* Who may be booked: [{"id", "name"}] of the clinic's practitioners and admins still signing in,
 * for everyone who books (the front desk too). */
int np_practitioner_list(json_t **out, struct np_store *s, const struct np_actor *a);
int np_appointment_range(json_t **out, struct np_store *s, const struct np_actor *a,
                         const char *from, const char *to);
int np_appointment_list(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client);
int np_appointment_ics(char **out, struct np_store *s, const struct np_actor *a, int64_t client);

/* Every client and session treated with a lot number, with contact details. */
int np_recall(json_t **out, struct np_store *s, const struct np_actor *a, const char *lot);
/* Where an answer written as it is read goes, a piece at a time (text is not NUL-terminated and
 * is the writer's): 0 to go on, nonzero to stop it (the reader went away). */
typedef int (*np_write_fn)(void *ctx, const char *text, size_t len);
/* The same recall written as it is read, never held whole: what is held stays flat however many
 * sessions used the lot. Its entry in the audit trail is durable before the first piece. An error
 * found before the first piece returns with nothing written; after it, the text stops short and
 * the error is returned (the reader must not take it for a whole answer). */
int np_recall_write(struct np_store *s, const struct np_actor *a, const char *lot,
                    np_write_fn write, void *ctx);
/* A page of a chart's timeline: at most limit entries (0: every one), the newest before the place
 * `before` names (an answer's "more", owned by the caller; NULL: from the newest), of the kinds
 * in the mask (bit k for the chart's part k, as np_chart_kinds reads them; 0: every kind). */
struct np_page {
	size_t limit;
	const char *before;
	unsigned kinds;
};
/* The kinds named in a comma-separated list ("session,adverse_event") as a mask for np_page.
 * NP_EINVAL naming the first it does not know. */
int np_chart_kinds(unsigned *out, const char *list);
/* A client's chart: {client, latest: {intake, screening, consent, plan}, open_adverse_events,
 * timeline, more, next, appointments, reviews}. What the badges read costs by what they show;
 * the timeline is the page asked for (NULL: every entry), oldest first, and "more" the place the
 * next older page starts, or null. An unreadable place is NP_EINVAL naming "before". */
int np_history(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
               const struct np_page *page);
/* The same chart as compact JSON text (its records spliced in as stored, not parsed and written
 * again: what the HTTP answer sends); *out is the caller's to free. */
int np_history_text(char **out, struct np_store *s, const struct np_actor *a, int64_t client,
                    const struct np_page *page);
/* Every record held about a client, in full. */
int np_export(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client);
/* The same export written as it is read (np_recall_write says how), never held whole. */
int np_export_write(struct np_store *s, const struct np_actor *a, int64_t client, np_write_fn write,
                    void *ctx);
/* Remove a person's data (admin), saying why (reason: kept in the audit trail, which names ids and
 * acts, never the person; write it without their name). */
int np_erase(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
             const char *reason);

/* A consistent copy while the database is in use (SQLite), into a new or empty file; PostgreSQL
 * names pg_dump. The deployment's act (no user acts: whoever can read the database file can copy
 * it), kept as an entry "backup" in every clinic's audit trail naming the file. */
int np_store_backup(struct np_store *s, const char *path);
/* What needlepoint doctor reads of a database, without changing it: {engine, schema (the
 * version it is at), newest (this program's), integrity (the engine's check passed), clinics:
 * [{id, name, time_zone, last_entry_at (its audit trail's newest entry, or null)}]}. */
int np_store_survey(json_t **out, struct np_store *s);
/* The engine's integrity check. */
int np_store_check(struct np_store *s);
/* Check the actor's clinic's audit trail (admin): every entry's seal and link, every record
 * against the seal of the last entry that wrote it, and every signed checkpoint in the file
 * beside the key; then sign a checkpoint. {"ok", "entries", "records", "checkpoints",
 * "anchored" (the last entry a checkpoint signed), "unanchored" (entries after it), "problems":
 * [{"problem", "seq"?, "record"?}] (the first 50), "problems_total"}. */
int np_audit_verify(json_t **out, struct np_store *s, const struct np_actor *a);
/* Sign the head of every clinic's chain that moved since this store last did (all: every one)
 * and append the checkpoints to the file beside the key (made 0600), durably; each line also
 * goes to log when it is not NULL. *written (may be NULL) counts them. A deployment's act: no
 * actor. */
int np_audit_checkpoint(struct np_store *s, FILE *log, bool all, int *written);
int np_audit_list(json_t **out, struct np_store *s, const struct np_actor *a, int limit);

#endif
