/* The route table: every address of the API, who may use it, and the body it takes. The router
 * enforces all of it; docs/openapi.json describes the same table and the tests hold them equal. */
#include "handlers.h"

#define F(name, type, required)                                                                    \
	{                                                                                          \
		name, NP_F_##type, required                                                        \
	}
#define END                                                                                        \
	{                                                                                          \
		NULL, NP_F_STRING, false                                                           \
	}

static const struct np_body open_body = {true, NULL};
static const struct np_body no_body = {false, (const struct np_field[]){END}};

static const struct np_body clinic_body = {
    false, (const struct np_field[]){F("name", STRING, false), F("time_zone", STRING, false),
                                     F("address", STRING, false), F("phone", STRING, false),
                                     F("email", STRING, false), F("logo", STRING, false),
                                     F("rooms", STRING, false), F("version", INT, false), END}};
static const struct np_body recall_body = {
    false, (const struct np_field[]){F("reason", STRING, true), END}};
static const struct np_body erase_body = {
    false, (const struct np_field[]){F("reason", STRING, true), END}};
static const struct np_body sign_in_body = {
    false, (const struct np_field[]){F("name", STRING, true), F("password", STRING, true), END}};
static const struct np_body setup_body = {
    false, (const struct np_field[]){F("clinic", STRING, true), F("admin", STRING, true),
                                     F("time_zone", STRING, true), F("password", STRING, true),
                                     F("code", STRING, true), F("address", STRING, false),
                                     F("phone", STRING, false), F("email", STRING, false),
                                     F("home", BOOL, false), F("client", OBJECT, false), END}};
static const struct np_body password_body = {
    false, (const struct np_field[]){F("current", STRING, true), F("password", STRING, true), END}};
static const struct np_body user_edit_body = {
    false, (const struct np_field[]){F("role", STRING, false), F("disabled", BOOL, false),
                                     F("password", STRING, false), END}};
static const struct np_body user_body = {
    false, (const struct np_field[]){F("name", STRING, true), F("role", STRING, true),
                                     F("password", STRING, false), END}};
static const struct np_body client_body = {
    false,
    (const struct np_field[]){F("name", STRING, false), F("birth_date", STRING, false),
                              F("fitzpatrick", INT, false), F("phone", STRING, false),
                              F("email", STRING, false), F("notes", STRING, false),
                              F("desk_notes", STRING, false), F("duplicate", BOOL, false), END}};
/* an edit names the version of the details it was made from (optimistic concurrency) */
static const struct np_body client_edit_body = {
    false,
    (const struct np_field[]){F("name", STRING, false), F("birth_date", STRING, false),
                              F("fitzpatrick", INT, false), F("phone", STRING, false),
                              F("email", STRING, false), F("notes", STRING, false),
                              F("desk_notes", STRING, false), F("version", INT, false), END}};
static const struct np_body screening_body = {
    false, (const struct np_field[]){F("on", STRING, false), END}};
static const struct np_body ack_body = {false,
                                        (const struct np_field[]){F("note", STRING, true), END}};
static const struct np_body consent_body = {
    false, (const struct np_field[]){F("form", STRING, true), F("signer", STRING, true),
                                     F("on", STRING, false), END}};
static const struct np_body device_body = {
    false, (const struct np_field[]){F("kind", STRING, true), F("serial", STRING, true),
                                     F("model", STRING, false), F("client", INT, false), END}};
static const struct np_body lot_body = {
    false, (const struct np_field[]){F("product", STRING, true), F("lot", STRING, true),
                                     F("kind", STRING, true), F("expires", STRING, true),
                                     F("quantity", INT, true), F("single_use", BOOL, true),
                                     F("sterile", BOOL, false), END}};
static const struct np_body ae_body = {
    false, (const struct np_field[]){F("type", STRING, true), F("severity", STRING, true),
                                     F("onset", STRING, true), F("note", STRING, false), END}};
static const struct np_body follow_up_body = {
    false, (const struct np_field[]){F("date", STRING, true), F("status", STRING, true),
                                     F("note", STRING, false), F("resolved", BOOL, false), END}};
static const struct np_body outcome_body = {
    false, (const struct np_field[]){F("scale", STRING, true), F("value", NUMBER, true),
                                     F("date", STRING, true), F("note", STRING, false), END}};
static const struct np_body dose_body = {
    false,
    (const struct np_field[]){F("device", STRING, true), F("needles", INT, true),
                              F("drum_diameter", NUMBER, false), F("drum_width", NUMBER, false),
                              F("frequency", NUMBER, false), F("speed", NUMBER, false),
                              F("width", NUMBER, false), F("passes", INT, false), END}};
static const struct np_body aftercare_body = {
    false, (const struct np_field[]){F("date", STRING, true), F("depth", NUMBER, true),
                                     F("device", STRING, false), END}};

static const struct np_body appointment_body = {
    false, (const struct np_field[]){F("date", STRING, true), F("time", STRING, true),
                                     F("minutes", INT, false), F("plan", INT, false),
                                     F("note", STRING, false), F("override", OBJECT, false),
                                     F("practitioner", INT, false), F("room", STRING, false), END}};
static const struct np_body move_body = {
    false, (const struct np_field[]){F("date", STRING, true), F("time", STRING, true),
                                     F("minutes", INT, false), F("override", OBJECT, false),
                                     F("practitioner", INT, false), F("room", STRING, false), END}};
static const struct np_body cancel_body = {
    false, (const struct np_field[]){F("reason", STRING, false), END}};

#define ANY      NP_HTTP_ANY
#define CLINICAL NP_HTTP_CLINICAL
#define ADMIN    NP_HTTP_ADMIN
#define PUBLIC   NP_ROUTE_PUBLIC
#define CREATES  NP_ROUTE_CREATES
#define SLOW     NP_ROUTE_SLOW
#define V1       "/api/v1"
#define ROUTE(m, p, h, r, f, b, s)                                                                 \
	.method = m, .pattern = p, .handler = h, .roles = r, .flags = f, .body = b, .summary = s

const struct np_route np_routes[] = {
    /* signing in */
    {ROUTE("GET", V1 "/setup", np_h_setup_state, 0, PUBLIC, NULL,
           "whether first-run setup is open")},
    {ROUTE("POST", V1 "/setup", np_h_setup, 0, PUBLIC | CREATES | SLOW, &setup_body,
           "first-run setup: the clinic and its first admin, once, with the code the server "
           "printed")},
    {ROUTE("POST", V1 "/sign-in", np_h_sign_in, 0, PUBLIC | SLOW, &sign_in_body,
           "sign in: a session cookie")},
    {ROUTE("POST", V1 "/sign-out", np_h_sign_out, ANY, 0, NULL, "end the session")},
    {ROUTE("GET", V1 "/session", np_h_session, ANY, 0, NULL,
           "who is signed in, and the CSRF token")},
    {ROUTE("POST", V1 "/password", np_h_password, ANY, SLOW, &password_body,
           "change one's own password, with the current one; ends one's other sessions")},
    /* the clinic */
    {ROUTE("GET", V1 "/users", np_h_list, ADMIN, 0, NULL, "the clinic's users"),
     .list = np_user_list},
    {ROUTE("POST", V1 "/users", np_h_with_in, ADMIN, CREATES | SLOW, &user_body, "add a user"),
     .with_in = np_user_add},
    {ROUTE("PUT", V1 "/users/{id}", np_h_by_id_in, ADMIN, SLOW, &user_edit_body,
           "change a user: role, disabled, a password reset; ends their sessions"),
     .by_id_in = np_user_edit},
    {ROUTE("GET", V1 "/report", np_h_report, ADMIN, 0, NULL,
           "the clinic's report from one day to another (?from, ?to)")},
    {ROUTE("GET", V1 "/audit", np_h_audit, ADMIN, 0, NULL, "the audit trail, newest first")},
    {ROUTE("GET", V1 "/audit/verify", np_h_audit_verify, ADMIN, SLOW, NULL,
           "check the audit trail's hash chain")},
    {ROUTE("GET", V1 "/protocol", np_h_protocol, ANY, 0, NULL, "the protocol pack in use")},
    {ROUTE("GET", V1 "/clinic", np_h_list, ANY, 0, NULL,
           "the clinic: its name, its time zone and its today"),
     .list = np_clinic_show},
    {ROUTE("PUT", V1 "/clinic", np_h_with_in, ADMIN, 0, &clinic_body,
           "change the clinic's name, time zone, address, phone, email or logo"),
     .with_in = np_clinic_edit},
    /* the engine */
    {ROUTE("POST", V1 "/screen", np_h_screen, CLINICAL, 0, &open_body,
           "screen a health history (not kept)")},
    {ROUTE("POST", V1 "/plan", np_h_plan, CLINICAL, 0, &open_body, "plan a course (not kept)")},
    {ROUTE("POST", V1 "/map", np_h_map, CLINICAL, 0, &open_body, "a plan's facial map, as SVG")},
    {ROUTE("POST", V1 "/map/zones", np_h_map_zones, CLINICAL, 0, &open_body,
           "the facial map of the zones named (a session's, or none yet), as SVG")},
    {ROUTE("POST", V1 "/next", np_h_next, CLINICAL, 0, &open_body,
           "when each zone may be needled again")},
    {ROUTE("POST", V1 "/dose", np_h_dose, CLINICAL, 0, &dose_body, "puncture density of a device")},
    {ROUTE("POST", V1 "/aftercare", np_h_aftercare, CLINICAL, 0, &aftercare_body,
           "the dated aftercare timeline")},
    /* clients: reception works here too */
    {ROUTE("GET", V1 "/clients", np_h_clients, ANY, 0, NULL, "find clients")},
    {ROUTE("POST", V1 "/clients", np_h_with_in, ANY, CREATES, &client_body, "add a client"),
     .with_in = np_client_add},
    {ROUTE("GET", V1 "/clients/{id}", np_h_by_id, ANY, 0, NULL, "a client's details"),
     .by_id = np_client_show},
    {ROUTE("PUT", V1 "/clients/{id}", np_h_by_id_in, ANY, 0, &client_edit_body,
           "edit a client (412 when made from an older version)"),
     .by_id_in = np_client_edit},
    {ROUTE("DELETE", V1 "/clients/{id}", np_h_by_id_in, ADMIN, 0, &erase_body,
           "erase a client's data, saying why"),
     .by_id_in = np_h_erase},
    /* the chart */
    {ROUTE("GET", V1 "/clients/{id}/history", np_h_history, CLINICAL, 0, NULL,
           "the chart: its badges and a page of its timeline (?limit, ?before, ?kind)")},
    {ROUTE("GET", V1 "/clients/{id}/export", np_h_export, CLINICAL, SLOW, NULL,
           "every record in full")},
    {ROUTE("GET", V1 "/clients/{id}/intakes", np_h_by_id, CLINICAL, 0, NULL, "health histories"),
     .by_id = np_intake_list},
    {ROUTE("POST", V1 "/clients/{id}/intakes", np_h_by_id_in, CLINICAL, CREATES, &open_body,
           "a new health history version"),
     .by_id_in = np_intake_add},
    {ROUTE("GET", V1 "/clients/{id}/screenings", np_h_by_id, CLINICAL, 0, NULL, "screenings"),
     .by_id = np_screening_list},
    {ROUTE("POST", V1 "/clients/{id}/screenings", np_h_screening_run, CLINICAL, CREATES,
           &screening_body, "screen the latest health history and keep the result")},
    {ROUTE("POST", V1 "/screenings/{id}/ack", np_h_screening_ack, CLINICAL, 0, &ack_body,
           "acknowledge a caution (practitioner)")},
    {ROUTE("GET", V1 "/clients/{id}/consents", np_h_consent_list, CLINICAL, 0, NULL,
           "consents and whether each is current")},
    {ROUTE("POST", V1 "/clients/{id}/consents", np_h_consent_sign, CLINICAL, CREATES, &consent_body,
           "sign a consent form of the pack")},
    {ROUTE("GET", V1 "/clients/{id}/plans", np_h_by_id, CLINICAL, 0, NULL, "plans"),
     .by_id = np_plan_list},
    {ROUTE("POST", V1 "/clients/{id}/plans", np_h_by_id_in, CLINICAL, CREATES, &open_body,
           "plan a course and keep it"),
     .by_id_in = np_plan_add},
    {ROUTE("POST", V1 "/clients/{id}/sessions", np_h_by_id_in, CLINICAL, CREATES, &open_body,
           "log a session (the safety gate's refusals, unless an override lifts them)"),
     .by_id_in = np_session_log},
    {ROUTE("GET", V1 "/sessions/{id}", np_h_by_id, CLINICAL, 0, NULL, "a session"),
     .by_id = np_session_show},
    {ROUTE("POST", V1 "/sessions/{id}/sterilised-after", np_h_by_id_in, CLINICAL, 0, &no_body,
           "the roller was sterilised again after the session's use"),
     .by_id_in = np_session_sterilised},
    {ROUTE("POST", V1 "/sessions/{id}/adverse-events", np_h_by_id_in, CLINICAL, CREATES, &ae_body,
           "record an adverse event"),
     .by_id_in = np_ae_add},
    {ROUTE("POST", V1 "/adverse-events/{id}/follow-ups", np_h_by_id_in, CLINICAL, CREATES,
           &follow_up_body, "follow an adverse event up"),
     .by_id_in = np_ae_follow_up},
    {ROUTE("GET", V1 "/clients/{id}/outcomes", np_h_outcome_trend, CLINICAL, 0, NULL,
           "an outcome scale's trend")},
    {ROUTE("POST", V1 "/clients/{id}/outcomes", np_h_by_id_in, CLINICAL, CREATES, &outcome_body,
           "record an outcome"),
     .by_id_in = np_outcome_add},
    /* appointments: the front desk books; a practitioner overrides a refusal with its reason */
    {ROUTE("GET", V1 "/appointments", np_h_appointments, ANY, 0, NULL,
           "the clinic's appointments from one day to another")},
    {ROUTE("GET", V1 "/clients/{id}/appointments", np_h_by_id, ANY, 0, NULL,
           "a client's appointments"),
     .by_id = np_appointment_list},
    {ROUTE("POST", V1 "/clients/{id}/appointments", np_h_by_id_in, ANY, CREATES, &appointment_body,
           "book an appointment (refused with every reason, unless a practitioner overrides)"),
     .by_id_in = np_appointment_book},
    {ROUTE("GET", V1 "/clients/{id}/appointments.ics", np_h_appointments_ics, ANY, 0, NULL,
           "a client's booked appointments, as iCalendar")},
    {ROUTE("POST", V1 "/appointments/{id}/cancel", np_h_by_id_in, ANY, 0, &cancel_body,
           "cancel an appointment"),
     .by_id_in = np_appointment_cancel},
    {ROUTE("GET", V1 "/practitioners", np_h_list, ANY, 0, NULL,
           "who may be booked: the clinic's practitioners"),
     .list = np_practitioner_list},
    {ROUTE("POST", V1 "/appointments/{id}/move", np_h_by_id_in, ANY, 0, &move_body,
           "move an appointment to another day, time, practitioner or room"),
     .by_id_in = np_appointment_move},
    /* stock */
    {ROUTE("GET", V1 "/devices", np_h_list, ANY, 0, NULL, "devices"), .list = np_device_list},
    {ROUTE("POST", V1 "/devices", np_h_with_in, CLINICAL, CREATES, &device_body, "add a device"),
     .with_in = np_device_add},
    {ROUTE("GET", V1 "/lots", np_h_list, ANY, 0, NULL, "lots"), .list = np_lot_list},
    {ROUTE("GET", V1 "/stock/session", np_h_list, CLINICAL, 0, NULL,
           "what a session may take from stock today: each open lot's next unit, and products"),
     .list = np_stock_for_session},
    {ROUTE("POST", V1 "/lots", np_h_with_in, CLINICAL, CREATES, &lot_body,
           "add a lot and its units"),
     .with_in = np_lot_add},
    {ROUTE("GET", V1 "/lots/{id}", np_h_by_id, ANY, 0, NULL, "a lot and its units"),
     .by_id = np_lot_show},
    {ROUTE("POST", V1 "/lots/{id}/recall", np_h_by_id_in, CLINICAL, 0, &recall_body,
           "recall a lot: its units serve no further session"),
     .by_id_in = np_lot_recall},
    {ROUTE("GET", V1 "/recall", np_h_recall, CLINICAL, SLOW, NULL,
           "the clients and sessions a lot number reached")},
    {.method = NULL},
};
