/* The route handlers, by what they serve; the table that names them is routes.c. */
#ifndef NP_HTTP_HANDLERS_H
#define NP_HTTP_HANDLERS_H

#include "http.h"

/* Shared shapes: the route's store operation on {id}, on {id} and the body, on the body, or on
 * nothing (a list). */
int np_h_by_id(struct np_http_req *req, struct np_http_resp *resp);
int np_h_by_id_in(struct np_http_req *req, struct np_http_resp *resp);
/* The erasure of a client, its reason from the body (the route table's by_id_in). */
int np_h_erase(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
               const json_t *in);
int np_h_with_in(struct np_http_req *req, struct np_http_resp *resp);
int np_h_list(struct np_http_req *req, struct np_http_resp *resp);

/* Records with their own parameters (handlers_records.c). */
int np_h_clients(struct np_http_req *req, struct np_http_resp *resp);
int np_h_screening_run(struct np_http_req *req, struct np_http_resp *resp);
int np_h_screening_ack(struct np_http_req *req, struct np_http_resp *resp);
int np_h_consent_sign(struct np_http_req *req, struct np_http_resp *resp);
int np_h_consent_list(struct np_http_req *req, struct np_http_resp *resp);
int np_h_outcome_trend(struct np_http_req *req, struct np_http_resp *resp);
int np_h_history(struct np_http_req *req, struct np_http_resp *resp);
int np_h_recall(struct np_http_req *req, struct np_http_resp *resp);
int np_h_export(struct np_http_req *req, struct np_http_resp *resp);
int np_h_appointments(struct np_http_req *req, struct np_http_resp *resp);
int np_h_appointments_ics(struct np_http_req *req, struct np_http_resp *resp);
int np_h_report(struct np_http_req *req, struct np_http_resp *resp);
int np_h_audit(struct np_http_req *req, struct np_http_resp *resp);
int np_h_audit_verify(struct np_http_req *req, struct np_http_resp *resp);

/* The engine, without records (handlers_engine.c). */
int np_h_screen(struct np_http_req *req, struct np_http_resp *resp);
int np_h_plan(struct np_http_req *req, struct np_http_resp *resp);
int np_h_map(struct np_http_req *req, struct np_http_resp *resp);
int np_h_map_zones(struct np_http_req *req, struct np_http_resp *resp);
int np_h_next(struct np_http_req *req, struct np_http_resp *resp);
int np_h_dose(struct np_http_req *req, struct np_http_resp *resp);
int np_h_aftercare(struct np_http_req *req, struct np_http_resp *resp);
int np_h_protocol(struct np_http_req *req, struct np_http_resp *resp);

/* Signing in (handlers_auth.c). */
int np_h_setup_state(struct np_http_req *req, struct np_http_resp *resp);
int np_h_setup(struct np_http_req *req, struct np_http_resp *resp);
int np_h_sign_in(struct np_http_req *req, struct np_http_resp *resp);
int np_h_sign_out(struct np_http_req *req, struct np_http_resp *resp);
int np_h_session(struct np_http_req *req, struct np_http_resp *resp);
int np_h_password(struct np_http_req *req, struct np_http_resp *resp);

#endif
