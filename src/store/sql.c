/* The statement table. Parameters are $1, $2, ... in both engines (SQLite reads $N as a named
 * parameter); a statement differs by engine only where the dialects do. */
#include "sql.h"

#include <string.h>

struct np_sql_entry {
	const char *name;
	const char *sql;
	const char *postgresql; /* when PostgreSQL needs its own text */
};

#define CLIENT_COLS                                                                                \
	"id, name, birth_date, fitzpatrick, phone, email, notes, created_at, updated_at, "         \
	"erased_at, desk_notes, COALESCE(version, 1)"
#define SCREENING_SELECT                                                                           \
	"SELECT s.id, s.client_id, s.intake_id, i.version, s.on_date, s.decision, s.until_date,"   \
	" s.protocol_name, s.protocol_version, s.body, cu.name, s.created_at, au.name, s.ack_at,"  \
	" s.ack_note FROM screenings s JOIN intakes i ON i.id = s.intake_id"                       \
	" JOIN users cu ON cu.id = s.created_by LEFT JOIN users au ON au.id = s.ack_by "
#define CONSENT_SELECT                                                                             \
	"SELECT id, client_id, form, form_version, text, text_sha256, signer, signed_on,"          \
	" expires_on, created_at FROM consents "
#define PLAN_SELECT                                                                                \
	"SELECT p.id, p.client_id, p.indication, p.sessions_planned, p.request, p.body,"           \
	" p.protocol_name, p.protocol_version, u.name, p.created_at, pp.sessions_done,"            \
	" pp.last_session_on FROM plans p JOIN users u ON u.id = p.created_by"                     \
	" JOIN plan_progress pp ON pp.plan_id = p.id "
#define DEVICE_SELECT "SELECT id, kind, model, serial, client_id, created_at FROM devices "
#define LOT_SELECT                                                                                 \
	"SELECT l.id, l.product, l.lot_number, l.expires_on, l.quantity, l.single_use,"            \
	" l.created_at, ls.unused, l.kind, l.recalled_at, l.recall_reason, l.sterile FROM lots l"  \
	" JOIN lot_stock ls ON ls.lot_id = l.id "
#define SESSION_SELECT                                                                             \
	"SELECT s.id, s.client_id, s.plan_id, s.on_date, u.name, s.device_id, s.unit_id,"          \
	" s.unit_use, s.indication, s.body, s.override_reason, s.overridden, s.created_at,"        \
	" l.product, l.lot_number, d.serial, s.override_codes FROM sessions s"                     \
	" JOIN users u ON u.id = s.practitioner_id JOIN units un ON un.id = s.unit_id"             \
	" JOIN lots l ON l.id = un.lot_id LEFT JOIN devices d ON d.id = s.device_id "
#define AE_SELECT                                                                                  \
	"SELECT id, client_id, session_id, type, severity, onset, note, status, resolved_on,"      \
	" created_at FROM adverse_events "
#define OUTCOME_SELECT                                                                             \
	"SELECT id, client_id, scale, value, on_date, note, created_at FROM outcomes "
#define APPT_SELECT                                                                                \
	"SELECT a.id, a.client_id, c.name, a.plan_id, a.on_date, a.at_time, a.minutes,"            \
	" a.course_session, a.course_of, a.note, a.status, a.override_reason, a.overridden,"       \
	" u.name, a.created_at, a.cancelled_at, a.cancel_reason, a.override_codes,"                \
	" a.practitioner_id, p.name, a.room, COALESCE(a.moves, 0) FROM appointments a"             \
	" JOIN clients c ON c.id = a.client_id JOIN users u ON u.id = a.created_by"                \
	" LEFT JOIN users p ON p.id = a.practitioner_id "
#define AUDIT_COLS                                                                                 \
	"SELECT seq, at, user_name, action, entity, entity_id, client_id, prev_hash, hash, "       \
	"detail,"                                                                                  \
	" record_hash FROM "                                                                       \
	"audit"                                                                                    \
	" WHERE clinic_id = $1 "
#define OF_CLIENT "WHERE client_id = $1 AND clinic_id = $2"
/* The places of a page of a client's records (part, day, id), newest first, each part read from
 * the end of its index by (client, clinic, day, id) alone, all parts in one statement: before a
 * day ($3), or on it ($3 <= DAY < $4, the day after) below an id ($5 to $11, by part); at most
 * $12 to $18 of each part. DAY is a date or a timestamp: both sort as text from their day. The
 * records themselves are then read by id, only those the page shows. */
#define PAGE_PART(k, table, day, below, fetch)                                                     \
	"SELECT " #k ", " day ", id FROM (SELECT " day ", id FROM " table " WHERE client_id = $1"  \
	" AND clinic_id = $2 AND (" day " < $3 OR (" day " >= $3 AND " day " < $4 AND id < " below \
	")) ORDER BY " day " DESC, id DESC LIMIT " fetch ") AS p" #k

/* The records of a page by their ids, in one statement per kind: $1 the ids, "12,15,20", $2 the
 * clinic; t is the table's alias and a dot, or nothing. */
#define ENTRIES_SQLITE(t)                                                                          \
	"WHERE " t "id IN (SELECT value FROM json_each('[' || $1 || ']')) AND " t "clinic_id = $2"
#define ENTRIES_PG(t)                                                                              \
	"WHERE " t "id = ANY (CAST(string_to_array($1, ',') AS BIGINT[])) AND " t "clinic_id = $2"
#define ENTRIES(id, select, t) S2(id, select ENTRIES_SQLITE(t), select ENTRIES_PG(t))
#define INTAKE_SELECT                                                                              \
	"SELECT i.id, i.client_id, i.version, i.body, u.name, i.created_at"                        \
	" FROM intakes i JOIN users u ON u.id = i.created_by "

static const struct np_sql_entry table[NP_SQL_COUNT] = {
/* The columns np_store_actor_row reads, first in every statement that finds who acts. */
#define USER_ACTOR_COLS "SELECT u.id, u.clinic_id, u.name, u.role, c.kind, c.time_zone"

#define S(id, text)      [NP_SQL_##id] = {#id, text, NULL}
#define S2(id, text, pg) [NP_SQL_##id] = {#id, text, pg}
    S(MIGRATION_LAST, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"),
    S(MIGRATION_ADD, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)"),
    S(CLINIC_ADD, "INSERT INTO clinics (name, kind, time_zone, created_at) VALUES ($1, $2, $3, $4)"
                  " RETURNING id"),
    S(CLINIC_GET, "SELECT id, name, kind, created_at, time_zone, COALESCE(version, 1) FROM clinics"
                  " WHERE id = $1"),
    /* compare and set, as for a client's details */
    S(CLINIC_UPDATE, "UPDATE clinics SET name = $2, time_zone = $3,"
                     " version = COALESCE(version, 1) + 1 WHERE id = $1"
                     " AND COALESCE(version, 1) = $4"),
    S(PROFILE_GET, "SELECT address, phone, email, logo, rooms FROM clinic_profiles"
                   " WHERE clinic_id = $1"),
    S(PROFILE_SET, "INSERT INTO clinic_profiles (clinic_id, address, phone, email, logo, rooms)"
                   " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (clinic_id) DO UPDATE SET"
                   " address = excluded.address, phone = excluded.phone,"
                   " email = excluded.email, logo = excluded.logo, rooms = excluded.rooms"),
    S(INSTALLATION_UID, "SELECT uid FROM installation WHERE id = 1"),
    S(USER_ADD, "INSERT INTO users (clinic_id, name, role, created_at) VALUES ($1, $2, $3, $4)"
                " RETURNING id"),
    /* a disabled user acts nowhere: not on the command line, not over HTTP */
    S(USER_BY_NAME, USER_ACTOR_COLS " FROM users u JOIN clinics c ON c.id = u.clinic_id"
                                    " WHERE u.name = $1 AND u.disabled_at IS NULL"),
    S(USER_FIRST_TWO, USER_ACTOR_COLS " FROM users u JOIN clinics c ON c.id = u.clinic_id"
                                      " WHERE u.disabled_at IS NULL ORDER BY u.id LIMIT 2"),
    S(USER_LIST, "SELECT id, name, role, created_at, disabled_at FROM users WHERE clinic_id = $1"
                 " ORDER BY id"),
    S(USER_GET, "SELECT id, name, role, created_at, disabled_at, password_hash FROM users"
                " WHERE id = $1 AND clinic_id = $2"),
    S(USER_SET_ROLE, "UPDATE users SET role = $3 WHERE id = $1 AND clinic_id = $2"),
    S(USER_SET_DISABLED, "UPDATE users SET disabled_at = $3 WHERE id = $1 AND clinic_id = $2"),
    S(USER_SET_HASH, "UPDATE users SET password_hash = $3 WHERE id = $1 AND clinic_id = $2"),
    /* failed sign-ins of a name from an address (auth_throttle.c) */
    S(THROTTLE_MAKE, "INSERT INTO sign_in_throttle (name, address, failures, next_at)"
                     " VALUES ($1, $2, 0, 0) ON CONFLICT (name, address) DO NOTHING"),
    S2(THROTTLE_GET,
       "SELECT failures, next_at FROM sign_in_throttle WHERE name = $1 AND address = $2",
       "SELECT failures, next_at FROM sign_in_throttle WHERE name = $1 AND address = $2"
       " FOR UPDATE"),
    S(THROTTLE_SET, "UPDATE sign_in_throttle SET failures = $3, next_at = $4"
                    " WHERE name = $1 AND address = $2"),
    S(THROTTLE_CLEAR, "DELETE FROM sign_in_throttle WHERE name = $1 AND address = $2"),
    S(THROTTLE_FORGET, "DELETE FROM sign_in_throttle WHERE next_at < $1"),
    S(CLIENT_ADD, "INSERT INTO clients (clinic_id, name, birth_date, fitzpatrick, phone, email,"
                  " notes, created_at, desk_notes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                  " RETURNING id"),
    S(CLIENT_GET, "SELECT " CLIENT_COLS " FROM clients WHERE id = $1 AND clinic_id = $2"),
    /* compare and set: the edit applies to the version it was made from, or to none */
    S(CLIENT_UPDATE, "UPDATE clients SET name = $3, birth_date = $4, fitzpatrick = $5, phone = $6,"
                     " email = $7, notes = $8, updated_at = $9, desk_notes = $10,"
                     " version = COALESCE(version, 1) + 1 WHERE id = $1 AND clinic_id = $2"
                     " AND erased_at IS NULL AND COALESCE(version, 1) = $11"),
    S(CLIENT_SEARCH, "SELECT " CLIENT_COLS " FROM clients WHERE clinic_id = $1"
                     " AND erased_at IS NULL AND lower(name) LIKE lower($2) ESCAPE '\\'"
                     " ORDER BY lower(name), id LIMIT $3"),
    S(CLIENT_ERASE, "UPDATE clients SET name = NULL, birth_date = NULL, fitzpatrick = NULL,"
                    " phone = NULL, email = NULL, notes = NULL, desk_notes = NULL, erased_at = $3,"
                    " pseudonym = $4"
                    " WHERE id = $1 AND clinic_id = $2"),
    S(INTAKE_NEXT_VERSION, "SELECT COALESCE(MAX(version), 0) + 1 FROM intakes " OF_CLIENT),
    S(INTAKE_ADD, "INSERT INTO intakes (clinic_id, client_id, version, body, created_by,"
                  " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"),
    S(INTAKE_GET, "SELECT i.id, i.client_id, i.version, i.body, u.name, i.created_at"
                  " FROM intakes i JOIN users u ON u.id = i.created_by"
                  " WHERE i.id = $1 AND i.clinic_id = $2"),
    ENTRIES(INTAKE_ENTRIES, INTAKE_SELECT, "i."),
    S(INTAKE_LATEST, "SELECT i.id, i.client_id, i.version, i.body, u.name, i.created_at"
                     " FROM intakes i JOIN users u ON u.id = i.created_by"
                     " WHERE i.client_id = $1 AND i.clinic_id = $2"
                     " ORDER BY i.version DESC LIMIT 1"),
    S(INTAKE_LIST, "SELECT i.id, i.client_id, i.version, i.body, u.name, i.created_at"
                   " FROM intakes i JOIN users u ON u.id = i.created_by"
                   " WHERE i.client_id = $1 AND i.clinic_id = $2 ORDER BY i.version"),
    S(SCREENING_ADD, "INSERT INTO screenings (clinic_id, client_id, intake_id, on_date, decision,"
                     " until_date, protocol_name, protocol_version, body, created_by, created_at)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"),
    S(SCREENING_GET, SCREENING_SELECT "WHERE s.id = $1 AND s.clinic_id = $2"),
    ENTRIES(SCREENING_ENTRIES, SCREENING_SELECT, "s."),
    S(SCREENING_LATEST, SCREENING_SELECT "WHERE s.client_id = $1 AND s.clinic_id = $2"
                                         " ORDER BY s.on_date DESC, s.id DESC LIMIT 1"),
    S(SCREENING_LATEST_INTAKE,
      "SELECT i.body FROM screenings s JOIN intakes i ON i.id = s.intake_id"
      " WHERE s.client_id = $1 AND s.clinic_id = $2 ORDER BY s.on_date DESC, s.id DESC LIMIT 1"),
    S(SCREENING_LIST, SCREENING_SELECT "WHERE s.client_id = $1 AND s.clinic_id = $2"
                                       " ORDER BY s.on_date, s.id"),
    S(SCREENING_ACK, "UPDATE screenings SET ack_by = $3, ack_at = $4, ack_note = $5"
                     " WHERE id = $1 AND clinic_id = $2 AND ack_by IS NULL"),
    S(CONSENT_ADD, "INSERT INTO consents (clinic_id, client_id, form, form_version, text,"
                   " text_sha256, signer, signed_on, expires_on, created_by, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"),
    S(CONSENT_GET, CONSENT_SELECT "WHERE id = $1 AND clinic_id = $2"),
    ENTRIES(CONSENT_ENTRIES, CONSENT_SELECT, ""),
    S(CONSENT_LIST, CONSENT_SELECT OF_CLIENT " ORDER BY signed_on, id"),
    S(CONSENT_LATEST, CONSENT_SELECT OF_CLIENT " ORDER BY signed_on DESC, id DESC LIMIT 1"),
    S(CONSENT_CURRENT, CONSENT_SELECT OF_CLIENT " AND form = $3 AND signed_on <= $4"
                                                " AND expires_on > $4 ORDER BY id DESC LIMIT 1"),
    S(PLAN_ADD, "INSERT INTO plans (clinic_id, client_id, indication, sessions_planned, request,"
                " body, protocol_name, protocol_version, created_by, created_at)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"),
    S(PLAN_GET, PLAN_SELECT "WHERE p.id = $1 AND p.clinic_id = $2"),
    ENTRIES(PLAN_ENTRIES, PLAN_SELECT, "p."),
    S(PLAN_LATEST, PLAN_SELECT "WHERE p.client_id = $1 AND p.clinic_id = $2"
                               " ORDER BY p.created_at DESC, p.id DESC LIMIT 1"),
    S(PLAN_LIST, PLAN_SELECT "WHERE p.client_id = $1 AND p.clinic_id = $2"
                             " ORDER BY p.created_at, p.id"),
    /* what an outcome review reads of each plan: no request, no plan to parse */
    S(PLAN_PROGRESS_LIST, "SELECT p.id, p.sessions_planned, pp.sessions_done, pp.last_session_on"
                          " FROM plans p JOIN plan_progress pp ON pp.plan_id = p.id"
                          " WHERE p.client_id = $1 AND p.clinic_id = $2"
                          " ORDER BY p.created_at, p.id"),
    S(PLAN_PROGRESS_ADD, "INSERT INTO plan_progress (plan_id, clinic_id, sessions_done)"
                         " VALUES ($1, $2, 0)"),
    /* a session of the plan, counted in the transaction that logs it */
    S(PLAN_PROGRESS_SESSION, "UPDATE plan_progress SET sessions_done = sessions_done + 1,"
                             " last_session_on = CASE WHEN last_session_on IS NULL"
                             " OR last_session_on < $3 THEN $3 ELSE last_session_on END"
                             " WHERE plan_id = $1 AND clinic_id = $2"),
    S(DEVICE_ADD, "INSERT INTO devices (clinic_id, kind, model, serial, client_id, created_at)"
                  " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"),
    S(DEVICE_GET, DEVICE_SELECT "WHERE id = $1 AND clinic_id = $2"),
    S(DEVICE_LIST, DEVICE_SELECT "WHERE clinic_id = $1 ORDER BY id"),
    S(LOT_ADD, "INSERT INTO lots (clinic_id, product, lot_number, expires_on, quantity,"
               " single_use, created_at, kind, sterile) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
               " $9) RETURNING id"),
    /* the product lot a session's product names: by lot number, the same product first */
    S(PRODUCT_LOT, "SELECT l.product, l.lot_number, l.expires_on, l.sterile, l.recall_reason"
                   " FROM lots l WHERE l.clinic_id = $1 AND l.lot_number = $2"
                   " AND l.kind = 'product' ORDER BY CASE WHEN l.product = $3 THEN 0 ELSE 1 END,"
                   " l.id LIMIT 1"),
    S(LOT_RECALL, "UPDATE lots SET recalled_at = $3, recall_reason = $4"
                  " WHERE id = $1 AND clinic_id = $2 AND recalled_at IS NULL"),
    S(LOT_GET, LOT_SELECT "WHERE l.id = $1 AND l.clinic_id = $2"),
    S(LOT_LIST, LOT_SELECT "WHERE l.clinic_id = $1 ORDER BY l.id"),
    S(UNIT_ADD, "INSERT INTO units (clinic_id, lot_id, seq) VALUES ($1, $2, $3) RETURNING id"),
    S(LOT_STOCK_ADD, "INSERT INTO lot_stock (lot_id, clinic_id, unused) VALUES ($1, $2, $3)"),
    /* a unit used for the first time leaves its lot's unused ones */
    S(LOT_STOCK_TAKE, "UPDATE lot_stock SET unused = unused - 1 WHERE clinic_id = $2"
                      " AND lot_id = (SELECT lot_id FROM units WHERE id = $1 AND clinic_id = $2)"),
    S(UNIT_GET, "SELECT u.id, u.lot_id, u.seq, u.uses, l.product, l.lot_number, l.expires_on,"
                " l.single_use, l.kind, l.recall_reason FROM units u JOIN lots l ON l.id = u.lot_id"
                " WHERE u.id = $1 AND u.clinic_id = $2"),
    /* the clients a unit was used on */
    S(UNIT_CLIENTS, "SELECT DISTINCT client_id FROM sessions WHERE unit_id = $1 AND clinic_id = $2"
                    " ORDER BY client_id"),
    S(UNIT_LIST, "SELECT id, seq, uses FROM units WHERE lot_id = $1 AND clinic_id = $2"
                 " ORDER BY seq"),
    /* what a session may take, in one read: the units of needle lots still open (not recalled,
     * in date on $2), unused when single use; the soonest to expire first */
    S(STOCK_OPEN_UNITS,
      "SELECT u.id, l.id, l.product, l.lot_number, l.kind, l.expires_on, l.single_use, u.seq,"
      " u.uses, ls.unused FROM units u JOIN lots l ON l.id = u.lot_id"
      " JOIN lot_stock ls ON ls.lot_id = l.id WHERE l.clinic_id = $1 AND l.kind <> 'product'"
      " AND l.recalled_at IS NULL AND l.expires_on >= $2 AND (l.single_use = 0 OR u.uses = 0)"
      " ORDER BY l.expires_on, l.id, u.seq"),
    S(STOCK_OPEN_PRODUCTS, "SELECT l.id, l.product, l.lot_number, l.expires_on, l.sterile"
                           " FROM lots l WHERE l.clinic_id = $1 AND l.kind = 'product'"
                           " AND l.recalled_at IS NULL AND l.expires_on >= $2"
                           " ORDER BY l.product, l.expires_on, l.id"),
    /* compare and set: of two sessions that read the same count, only one moves it on */
    S(UNIT_USE, "UPDATE units SET uses = uses + 1 WHERE id = $1 AND clinic_id = $2 AND uses = $3"),
    S(SESSION_ADD, "INSERT INTO sessions (clinic_id, client_id, plan_id, on_date, practitioner_id,"
                   " device_id, unit_id, unit_use, indication, body, override_reason, overridden,"
                   " created_at, override_codes, idempotency_key) VALUES ($1, $2, $3, $4, $5, $6,"
                   " $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id"),
    /* the report of a period ($2 to $3): each figure one query over the records themselves */
    S(REPORT_MONTHS, "SELECT substr(on_date, 1, 7), count(*) FROM sessions WHERE clinic_id = $1"
                     " AND on_date >= $2 AND on_date <= $3 GROUP BY substr(on_date, 1, 7)"
                     " ORDER BY 1"),
    /* sessions and their adverse events by the device used (the lot's kind when none was
     * named) and the indication */
    S(REPORT_EVENTS,
      "SELECT COALESCE(d.kind, l.kind, ''), COALESCE(s.indication, ''), count(DISTINCT s.id),"
      " count(DISTINCT ae.id) FROM sessions s LEFT JOIN devices d ON d.id = s.device_id"
      " JOIN units u ON u.id = s.unit_id JOIN lots l ON l.id = u.lot_id"
      " LEFT JOIN adverse_events ae ON ae.session_id = s.id WHERE s.clinic_id = $1"
      " AND s.on_date >= $2 AND s.on_date <= $3"
      " GROUP BY COALESCE(d.kind, l.kind, ''), COALESCE(s.indication, '') ORDER BY 1, 2"),
    S(REPORT_OVERRIDES, "SELECT u.name, count(*), sum(CASE WHEN s.override_reason IS NULL"
                        " THEN 0 ELSE 1 END) FROM sessions s JOIN users u"
                        " ON u.id = s.practitioner_id WHERE s.clinic_id = $1 AND s.on_date >= $2"
                        " AND s.on_date <= $3 GROUP BY u.name ORDER BY u.name"),
    S(REPORT_BOOKING_OVERRIDES, "SELECT u.name, count(*) FROM appointments a JOIN users u"
                                " ON u.id = a.created_by WHERE a.clinic_id = $1"
                                " AND a.override_reason IS NOT NULL AND a.on_date >= $2"
                                " AND a.on_date <= $3 GROUP BY u.name ORDER BY u.name"),
    /* each client's scores in the period, under the indication of their latest plan */
    S(REPORT_OUTCOMES,
      "SELECT COALESCE((SELECT p.indication FROM plans p WHERE p.client_id = o.client_id"
      " AND p.clinic_id = o.clinic_id ORDER BY p.id DESC LIMIT 1), ''), o.scale, o.client_id,"
      " o.value FROM outcomes o WHERE o.clinic_id = $1 AND o.on_date >= $2 AND o.on_date <= $3"
      " ORDER BY 1, 2, 3, o.on_date, o.id"),
    S(CLIENT_SAME, "SELECT id FROM clients WHERE clinic_id = $1 AND erased_at IS NULL"
                   " AND lower(name) = lower($2) AND birth_date = $3"),
    S(SESSION_BY_KEY, "SELECT id, client_id FROM sessions WHERE clinic_id = $1"
                      " AND idempotency_key = $2"),
    S(SESSION_BODY, "SELECT body, client_id FROM sessions WHERE id = $1 AND clinic_id = $2"),
    S(SESSION_BODY_SET, "UPDATE sessions SET body = $3 WHERE id = $1 AND clinic_id = $2"),
    S(SESSION_GET, SESSION_SELECT "WHERE s.id = $1 AND s.clinic_id = $2"),
    /* the sessions a chart's page shows (which leaves out their aftercare: records_text.c) */
    ENTRIES(SESSION_ENTRIES, SESSION_SELECT, "s."),
    S(SESSION_LIST,
      SESSION_SELECT "WHERE s.client_id = $1 AND s.clinic_id = $2 ORDER BY s.on_date, s.id"),
    S(SESSION_LAST_DAY, "SELECT max(on_date) FROM sessions " OF_CLIENT),
    /* what scheduling reads of the sessions from a day on (records_facts.c): their zones, not
     * the whole body with its aftercare */
    S2(SESSION_SINCE,
       "SELECT on_date, indication, json_extract(body, '$.zones') FROM sessions " OF_CLIENT
       " AND on_date >= $3 ORDER BY on_date, id",
       "SELECT on_date, indication, (body::jsonb -> 'zones')::text FROM sessions " OF_CLIENT
       " AND on_date >= $3 ORDER BY on_date, id"),
    S(SESSION_LOT_ADD, "INSERT INTO session_lots (session_id, clinic_id, product, lot_number)"
                       " VALUES ($1, $2, $3, $4)"),
    S(AE_ADD, "INSERT INTO adverse_events (clinic_id, client_id, session_id, type, severity,"
              " onset, note, status, created_by, created_at)"
              " VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9) RETURNING id"),
    S(AE_GET, AE_SELECT "WHERE id = $1 AND clinic_id = $2"),
    ENTRIES(AE_ENTRIES, AE_SELECT, ""),
    S(AE_LIST, AE_SELECT OF_CLIENT " ORDER BY onset, id"),
    S(AE_OPEN, AE_SELECT OF_CLIENT " AND status <> 'resolved' ORDER BY onset, id"),
    S(AE_SET_STATUS, "UPDATE adverse_events SET status = $3, resolved_on = $4"
                     " WHERE id = $1 AND clinic_id = $2"),
    S(FOLLOWUP_ADD, "INSERT INTO ae_followups (clinic_id, ae_id, on_date, status, note, resolved,"
                    " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                    " RETURNING id"),
    S(FOLLOWUP_LIST, "SELECT f.id, f.ae_id, f.on_date, f.status, f.note, f.resolved, u.name,"
                     " f.created_at FROM ae_followups f JOIN users u ON u.id = f.created_by"
                     " WHERE f.ae_id = $1 AND f.clinic_id = $2 ORDER BY f.id"),
    S(OUTCOME_ADD, "INSERT INTO outcomes (clinic_id, client_id, scale, value, on_date, note,"
                   " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                   " RETURNING id"),
    S(OUTCOME_GET, OUTCOME_SELECT "WHERE id = $1 AND clinic_id = $2"),
    ENTRIES(OUTCOME_ENTRIES, OUTCOME_SELECT, ""),
    /* the page of a chart, one part a line */
    /* clang-format off */
    S(TIMELINE_PAGE,
      PAGE_PART(0, "intakes", "created_at", "$5", "$12") " UNION ALL "
      PAGE_PART(1, "screenings", "on_date", "$6", "$13") " UNION ALL "
      PAGE_PART(2, "consents", "signed_on", "$7", "$14") " UNION ALL "
      PAGE_PART(3, "plans", "created_at", "$8", "$15") " UNION ALL "
      PAGE_PART(4, "sessions", "on_date", "$9", "$16") " UNION ALL "
      PAGE_PART(5, "adverse_events", "onset", "$10", "$17") " UNION ALL "
      PAGE_PART(6, "outcomes", "on_date", "$11", "$18")),
    /* clang-format on */
    S(OUTCOME_LIST, OUTCOME_SELECT OF_CLIENT " AND (CAST($3 AS TEXT) IS NULL OR scale = $3)"
                                             " ORDER BY on_date, id"),
    /* driven from the lot: its units, the sessions that used them; never the clinic's
     * sessions all read to find a few (tests/store/plans.c) */
    /* a recall is read in two steps (records_chart.c): how many clients and up to which
     * session, then the sessions up to that one, written as they are read */
    S(RECALL_HEAD, "SELECT count(DISTINCT client_id), COALESCE(max(id), 0) FROM ("
                   "SELECT s.id, s.client_id FROM lots l JOIN units un ON un.lot_id = l.id"
                   " JOIN sessions s ON s.unit_id = un.id"
                   " WHERE l.clinic_id = $1 AND l.lot_number = $2"
                   " UNION ALL SELECT s.id, s.client_id FROM session_lots sl"
                   " JOIN sessions s ON s.id = sl.session_id"
                   " WHERE sl.clinic_id = $1 AND sl.lot_number = $2) treated"),
    S(RECALL, "SELECT s.id, s.on_date, c.id, COALESCE(c.name, c.pseudonym), c.phone, c.email,"
              " l.product, 'cartridge'"
              " FROM lots l JOIN units un ON un.lot_id = l.id"
              " JOIN sessions s ON s.unit_id = un.id JOIN clients c ON c.id = s.client_id"
              " WHERE l.clinic_id = $1 AND l.lot_number = $2 AND s.id <= $3"
              " UNION ALL SELECT s.id, s.on_date, c.id, COALESCE(c.name, c.pseudonym), c.phone,"
              " c.email, sl.product,"
              " 'product' FROM session_lots sl JOIN sessions s ON s.id = sl.session_id"
              " JOIN clients c ON c.id = s.client_id"
              " WHERE sl.clinic_id = $1 AND sl.lot_number = $2 AND s.id <= $3"
              " ORDER BY 3, 2, 1"),
    S(APPT_ADD,
      "INSERT INTO appointments (clinic_id, client_id, plan_id, on_date, at_time,"
      " minutes, course_session, course_of, note, status, override_reason, overridden,"
      " created_by, created_at, override_codes, practitioner_id, room) VALUES ($1, $2, $3,"
      " $4, $5, $6, $7, $8, $9, 'booked', $10, $11, $12, $13, $14, $15, $16)"
      " RETURNING id"),
    /* the day's bookings a new or moved one must not overlap (the one moved left out) */
    S(APPT_DAY_BOOKED, "SELECT a.id, a.at_time, a.minutes, a.practitioner_id, a.room, c.name,"
                       " p.name FROM appointments a JOIN clients c ON c.id = a.client_id"
                       " LEFT JOIN users p ON p.id = a.practitioner_id WHERE a.clinic_id = $1"
                       " AND a.on_date = $2 AND a.status = 'booked' AND a.id <> $3"),
    /* a move: held out of the counts while the gate decides on its new day, then moved */
    S(APPT_HOLD, "UPDATE appointments SET status = 'cancelled' WHERE id = $1 AND clinic_id = $2"
                 " AND status = 'booked'"),
    S(APPT_MOVE,
      "UPDATE appointments SET status = 'booked', on_date = $3, at_time = $4,"
      " minutes = $5, practitioner_id = $6, room = $7, moves = COALESCE(moves, 0) + 1,"
      " override_reason = COALESCE($8, override_reason),"
      " overridden = COALESCE($9, overridden),"
      " override_codes = COALESCE($10, override_codes) WHERE id = $1 AND clinic_id = $2"),
    /* who may be booked: the clinic's practitioners and admins still signing in */
    S(USER_BOOKABLE, "SELECT name FROM users WHERE id = $1 AND clinic_id = $2"
                     " AND role IN ('practitioner', 'admin') AND disabled_at IS NULL"),
    S(PRACTITIONERS,
      "SELECT id, name FROM users WHERE clinic_id = $1"
      " AND role IN ('practitioner', 'admin') AND disabled_at IS NULL ORDER BY name, id"),
    S(APPT_GET, APPT_SELECT "WHERE a.id = $1 AND a.clinic_id = $2"),
    S(APPT_RANGE, APPT_SELECT "WHERE a.clinic_id = $1 AND a.on_date >= $2 AND a.on_date <= $3"
                              " ORDER BY a.on_date, a.at_time, a.id"),
    S(APPT_CLIENT, APPT_SELECT "WHERE a.client_id = $1 AND a.clinic_id = $2"
                               " ORDER BY a.on_date, a.at_time, a.id"),
    /* what a chart shows: the client's appointments from a day on */
    S(APPT_CLIENT_AHEAD, APPT_SELECT "WHERE a.client_id = $1 AND a.clinic_id = $2"
                                     " AND a.on_date >= $3 ORDER BY a.on_date, a.at_time, a.id"),
    /* booked sessions still ahead of the plan: after the last one logged */
    S(APPT_BOOKED_AHEAD,
      "SELECT count(*) FROM appointments WHERE plan_id = $1 AND clinic_id = $2"
      " AND status = 'booked' AND on_date > COALESCE((SELECT MAX(on_date) FROM sessions"
      " WHERE plan_id = $1), '')"),
    S(APPT_CANCEL, "UPDATE appointments SET status = 'cancelled', cancelled_by = $3,"
                   " cancelled_at = $4, cancel_reason = $5"
                   " WHERE id = $1 AND clinic_id = $2 AND status = 'booked'"),
    /* erasure blanks the person and keeps what a clinic must keep (sessions, their lots, adverse
     * events, plans' results): no row goes, so no id is ever given again */
    S(ERASE_APPOINTMENTS, "UPDATE appointments SET note = NULL, override_reason = NULL,"
                          " cancel_reason = NULL " OF_CLIENT),
    S(ERASE_OUTCOMES, "UPDATE outcomes SET note = NULL " OF_CLIENT),
    S(ERASE_PLANS, "UPDATE plans SET request = '{\"erased\": true}' " OF_CLIENT),
    S(ERASE_CONSENTS, "UPDATE consents SET signer = '' " OF_CLIENT),
    S(ERASE_SCREENINGS,
      "UPDATE screenings SET body = '{\"erased\": true}', ack_note = NULL " OF_CLIENT),
    S(ERASE_INTAKES, "UPDATE intakes SET body = '{\"erased\": true}' " OF_CLIENT),
    S(ERASE_DEVICES, "UPDATE devices SET client_id = NULL " OF_CLIENT),
    /* the chain's head, locked in PostgreSQL so that appends queue; SQLite has one writer */
    S2(AUDIT_HEAD, "SELECT seq, hash, legacy FROM audit_heads WHERE clinic_id = $1",
       "SELECT seq, hash, legacy FROM audit_heads WHERE clinic_id = $1 FOR UPDATE"),
    S(AUDIT_HEAD_INIT, "INSERT INTO audit_heads (clinic_id, seq, hash) VALUES ($1, 0, $2)"),
    S(AUDIT_HEAD_SET, "UPDATE audit_heads SET seq = $2, hash = $3 WHERE clinic_id = $1"),
    S(AUDIT_ADD, "INSERT INTO audit (clinic_id, seq, at, user_name, action, entity, entity_id,"
                 " client_id, prev_hash, hash, detail, record_hash)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"),
    /* the trail a page at a time: verify never holds it whole */
    S(AUDIT_PAGE, AUDIT_COLS "AND seq > $2 ORDER BY seq LIMIT $3"),
    S(AUDIT_TAIL, AUDIT_COLS "ORDER BY seq DESC LIMIT $2"),
    /* needlepoint doctor: every clinic with its time zone and its trail's newest entry */
    S(SURVEY_CLINICS, "SELECT c.id, c.name, c.time_zone, (SELECT a.at FROM audit a"
                      " WHERE a.clinic_id = c.id ORDER BY a.seq DESC LIMIT 1) FROM clinics c"
                      " ORDER BY c.id"),
    S(USER_COUNT, "SELECT COUNT(*) FROM users"),
    S(SETUP_MARK, "INSERT INTO setup (id, done_at) VALUES (1, $1)"),
    S(USER_SIGN_IN, USER_ACTOR_COLS ", u.password_hash FROM users u"
                                    " JOIN clinics c ON c.id = u.clinic_id WHERE u.name = $1"
                                    " AND u.disabled_at IS NULL"),
    S(USER_PASSWORD_SET, "UPDATE users SET password_hash = $1 WHERE name = $2 AND clinic_id = $3"),
    S(WEB_SESSION_ADD, "INSERT INTO web_sessions (token_hash, user_id, csrf, created_at, seen_at)"
                       " VALUES ($1, $2, $3, $4, $5) RETURNING id"),
    S(WEB_SESSION_GET, USER_ACTOR_COLS ", s.id, s.csrf, s.created_at, s.seen_at"
                                       " FROM web_sessions s JOIN users u ON u.id = s.user_id"
                                       " JOIN clinics c ON c.id = u.clinic_id"
                                       " WHERE s.token_hash = $1 AND s.ended_at IS NULL"
                                       " AND u.disabled_at IS NULL"),
    S(WEB_SESSION_SEEN, "UPDATE web_sessions SET seen_at = $1 WHERE id = $2"),
    S(WEB_SESSION_END, "UPDATE web_sessions SET ended_at = $1 WHERE token_hash = $2"
                       " AND ended_at IS NULL"),
    /* every session of a user but the one named ('' for none) */
    S(WEB_SESSION_END_USER, "UPDATE web_sessions SET ended_at = $1 WHERE user_id = $2"
                            " AND ended_at IS NULL AND token_hash <> $3"),
    /* a record as the audit seals it: every column, in the table's order (audit_seal.c) */
    S(SEAL_CLINIC, "SELECT * FROM clinics WHERE id = $1"),
    S(SEAL_IDS_CLINIC, "SELECT id FROM clinics WHERE id = $1 ORDER BY id"),
    S(SEAL_USER, "SELECT * FROM users WHERE id = $1"),
    S(SEAL_IDS_USER, "SELECT id FROM users WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_CLIENT, "SELECT * FROM clients WHERE id = $1"),
    S(SEAL_IDS_CLIENT, "SELECT id FROM clients WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_INTAKE, "SELECT * FROM intakes WHERE id = $1"),
    S(SEAL_IDS_INTAKE, "SELECT id FROM intakes WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_SCREENING, "SELECT * FROM screenings WHERE id = $1"),
    S(SEAL_IDS_SCREENING, "SELECT id FROM screenings WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_CONSENT, "SELECT * FROM consents WHERE id = $1"),
    S(SEAL_IDS_CONSENT, "SELECT id FROM consents WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_PLAN, "SELECT * FROM plans WHERE id = $1"),
    S(SEAL_IDS_PLAN, "SELECT id FROM plans WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_DEVICE, "SELECT * FROM devices WHERE id = $1"),
    S(SEAL_IDS_DEVICE, "SELECT id FROM devices WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_LOT, "SELECT * FROM lots WHERE id = $1"),
    S(SEAL_IDS_LOT, "SELECT id FROM lots WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_SESSION, "SELECT * FROM sessions WHERE id = $1"),
    S(SEAL_IDS_SESSION, "SELECT id FROM sessions WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_AE, "SELECT * FROM adverse_events WHERE id = $1"),
    S(SEAL_IDS_AE, "SELECT id FROM adverse_events WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_AE_FOLLOWUP, "SELECT * FROM ae_followups WHERE id = $1"),
    S(SEAL_IDS_AE_FOLLOWUP, "SELECT id FROM ae_followups WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_OUTCOME, "SELECT * FROM outcomes WHERE id = $1"),
    S(SEAL_IDS_OUTCOME, "SELECT id FROM outcomes WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_APPT, "SELECT * FROM appointments WHERE id = $1"),
    S(SEAL_IDS_APPT, "SELECT id FROM appointments WHERE clinic_id = $1 ORDER BY id"),
    S(SEAL_SESSION_LOTS, "SELECT * FROM session_lots WHERE session_id = $1"
                         " ORDER BY product, lot_number"),
    S(AUDIT_HEADS, "SELECT clinic_id, seq, hash, legacy FROM audit_heads ORDER BY clinic_id"),
    S(AUDIT_ANY, "SELECT count(*) FROM audit_heads WHERE seq > 0"),
    S(AUDIT_KEYED, "SELECT count(*) FROM audit_heads WHERE seq > legacy"),
    S(CLINIC_IDS, "SELECT id FROM clinics ORDER BY id"),
    S(ERASE_IDS_INTAKE, "SELECT id FROM intakes " OF_CLIENT " ORDER BY created_at, id"),
    S(ERASE_IDS_SCREENING, "SELECT id FROM screenings " OF_CLIENT " ORDER BY on_date, id"),
    S(ERASE_IDS_CONSENT, "SELECT id FROM consents " OF_CLIENT " ORDER BY signed_on, id"),
    S(ERASE_IDS_PLAN, "SELECT id FROM plans " OF_CLIENT " ORDER BY created_at, id"),
    S(ERASE_IDS_DEVICE, "SELECT id FROM devices " OF_CLIENT " ORDER BY id"),
    S(ERASE_IDS_OUTCOME, "SELECT id FROM outcomes " OF_CLIENT " ORDER BY on_date, id"),
    S(ERASE_IDS_APPT, "SELECT id FROM appointments " OF_CLIENT " ORDER BY id"),
#undef S
#undef S2
};

const char *np_sql_text(enum np_sql stmt, const char *engine)
{
	const struct np_sql_entry *e = &table[stmt];
	return strcmp(engine, "postgresql") == 0 && e->postgresql ? e->postgresql : e->sql;
}

const char *np_sql_name(enum np_sql stmt)
{
	return table[stmt].name ? table[stmt].name : "?";
}
