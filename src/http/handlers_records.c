/* Handlers over the records: each reads what the route gives and calls one store operation, as
 * the signed-in user. The store scopes everything to that user's clinic and audits it. */
#include "handlers.h"

#include "needlepoint/error.h"

#include <string.h>

#define ACTOR(req) (&(req)->session.actor)

static bool creates(const struct np_http_req *req)
{
	return (req->route->flags & NP_ROUTE_CREATES) != 0;
}

int np_h_by_id(struct np_http_req *req, struct np_http_resp *resp)
{
	json_t *out = NULL;
	int rc = req->route->by_id(&out, req->store, ACTOR(req), req->ids[0]);
	return np_http_answer(resp, rc, out, creates(req));
}

int np_h_erase(json_t **out, struct np_store *s, const struct np_actor *a, int64_t id,
               const json_t *in)
{
	return np_erase(out, s, a, id, json_string_value(json_object_get(in, "reason")));
}

int np_h_by_id_in(struct np_http_req *req, struct np_http_resp *resp)
{
	json_t *out = NULL;
	int rc = req->route->by_id_in(&out, req->store, ACTOR(req), req->ids[0], req->json);
	return np_http_answer(resp, rc, out, creates(req));
}

int np_h_with_in(struct np_http_req *req, struct np_http_resp *resp)
{
	json_t *out = NULL;
	int rc = req->route->with_in(&out, req->store, ACTOR(req), req->json);
	return np_http_answer(resp, rc, out, creates(req));
}

int np_h_list(struct np_http_req *req, struct np_http_resp *resp)
{
	json_t *out = NULL;
	int rc = req->route->list(&out, req->store, ACTOR(req));
	return np_http_answer(resp, rc, out, false);
}

/* A required query parameter; 400 naming it when absent (returns NULL). */
static const char *required(const struct np_http_req *req, struct np_http_resp *resp,
                            const char *key)
{
	const char *v = np_http_query(req, key);
	if (v == NULL || *v == '\0')
		np_http_error(resp, 400, "invalid", key, "%s: missing: add ?%s=... to the address",
		              key, key);
	return v && *v ? v : NULL;
}

/* A date field of the body, else today; 400 naming it when it is not a date (returns 1). */
static int body_day(const struct np_http_req *req, struct np_http_resp *resp, const char *key,
                    np_day *out)
{
	*out = req->today;
	const char *text = json_string_value(json_object_get(req->json, key));
	if (text && np_date_parse(out, text) != 0)
		return np_http_error(resp, 400, "invalid", key, "%s: %s", key, np_error_last()) + 1;
	return 0;
}

int np_h_clients(struct np_http_req *req, struct np_http_resp *resp)
{
	int limit = 50;
	if (np_http_query_int(req, resp, "limit", 1, 500, &limit) != 0)
		return 0;
	json_t *out = NULL;
	int rc = np_client_list(&out, req->store, ACTOR(req), np_http_query(req, "search"), limit);
	return np_http_answer(resp, rc, out, false);
}

/* The chart: its badges and a page of its timeline, at most ?limit entries (20 unless asked) of
 * the ?kind given, older ones by ?before. */
int np_h_history(struct np_http_req *req, struct np_http_resp *resp)
{
	int limit = 20;
	if (np_http_query_int(req, resp, "limit", 1, 500, &limit) != 0)
		return 0;
	struct np_page page = {.limit = (size_t)limit, .before = np_http_query(req, "before")};
	const char *kinds = np_http_query(req, "kind");
	if (kinds && np_chart_kinds(&page.kinds, kinds) != 0)
		return np_http_error(resp, 400, "invalid", "kind", "%s", np_error_last());
	char *out = NULL;
	int rc = np_history_text(&out, req->store, ACTOR(req), req->ids[0], &page);
	return np_http_text_answer(resp, rc, out);
}

int np_h_screening_run(struct np_http_req *req, struct np_http_resp *resp)
{
	np_day on;
	if (body_day(req, resp, "on", &on) != 0)
		return 0;
	json_t *out = NULL;
	int rc = np_screening_run(&out, req->store, ACTOR(req), req->ids[0], on);
	return np_http_answer(resp, rc, out, true);
}

int np_h_screening_ack(struct np_http_req *req, struct np_http_resp *resp)
{
	const char *note = json_string_value(json_object_get(req->json, "note"));
	json_t *out = NULL;
	int rc = np_screening_ack(&out, req->store, ACTOR(req), req->ids[0], note);
	return np_http_answer(resp, rc, out, false);
}

int np_h_consent_sign(struct np_http_req *req, struct np_http_resp *resp)
{
	np_day on;
	if (body_day(req, resp, "on", &on) != 0)
		return 0;
	json_t *out = NULL;
	int rc = np_consent_sign(&out, req->store, ACTOR(req), req->ids[0],
	                         json_string_value(json_object_get(req->json, "form")),
	                         json_string_value(json_object_get(req->json, "signer")), on);
	return np_http_answer(resp, rc, out, true);
}

int np_h_consent_list(struct np_http_req *req, struct np_http_resp *resp)
{
	np_day on = req->today;
	if (np_http_query_day(req, resp, "on", &on) != 0)
		return 0;
	json_t *out = NULL;
	int rc = np_consent_list(&out, req->store, ACTOR(req), req->ids[0], on);
	return np_http_answer(resp, rc, out, false);
}

int np_h_outcome_trend(struct np_http_req *req, struct np_http_resp *resp)
{
	const char *scale = required(req, resp, "scale");
	if (scale == NULL)
		return 0;
	json_t *out = NULL;
	int rc = np_outcome_trend(&out, req->store, ACTOR(req), req->ids[0], scale);
	return np_http_answer(resp, rc, out, false);
}

/* An answer written into the request's stream: whether any of it went. */
struct piped {
	struct np_http_req *req;
	bool begun;
};

static int pipe_piece(void *ctx, const char *text, size_t len)
{
	struct piped *p = ctx;
	p->begun = true;
	return p->req->stream(p->req->stream_ctx, text, len);
}

/* An answer that may be longer than is worth holding: off the loop it is sent as it is read, in
 * a memory that does not grow with it; an error before the first byte is answered as any error,
 * one after it cuts the answer short (server.c). Without a stream it is held and sent whole. */
static int streamed(struct np_http_req *req, struct np_http_resp *resp,
                    int (*write)(struct np_http_req *req, np_write_fn to, void *ctx),
                    int (*whole)(struct np_http_req *req, json_t **out))
{
	if (req->stream == NULL) {
		json_t *out = NULL;
		int rc = whole(req, &out);
		return np_http_answer(resp, rc, out, false);
	}
	struct piped p = {req, false};
	int rc = write(req, pipe_piece, &p);
	if (rc == 0) {
		resp->status = 200;
		resp->streamed = true;
		return 0;
	}
	return np_http_answer(resp, rc, NULL, false);
}

static int recall_write(struct np_http_req *req, np_write_fn to, void *ctx)
{
	return np_recall_write(req->store, ACTOR(req), np_http_query(req, "lot"), to, ctx);
}

static int recall_whole(struct np_http_req *req, json_t **out)
{
	return np_recall(out, req->store, ACTOR(req), np_http_query(req, "lot"));
}

/* A recall: every session of a lot, which may be every session the clinic logged in a year. */
int np_h_recall(struct np_http_req *req, struct np_http_resp *resp)
{
	if (required(req, resp, "lot") == NULL)
		return 0;
	return streamed(req, resp, recall_write, recall_whole);
}

static int export_write(struct np_http_req *req, np_write_fn to, void *ctx)
{
	return np_export_write(req->store, ACTOR(req), req->ids[0], to, ctx);
}

static int export_whole(struct np_http_req *req, json_t **out)
{
	return np_export(out, req->store, ACTOR(req), req->ids[0]);
}

/* An export: every record of a client, years of sessions with their aftercare. */
int np_h_export(struct np_http_req *req, struct np_http_resp *resp)
{
	return streamed(req, resp, export_write, export_whole);
}

int np_h_audit(struct np_http_req *req, struct np_http_resp *resp)
{
	int limit = 100;
	if (np_http_query_int(req, resp, "limit", 1, 10000, &limit) != 0)
		return 0;
	json_t *out = NULL;
	int rc = np_audit_list(&out, req->store, ACTOR(req), limit);
	return np_http_answer(resp, rc, out, false);
}

int np_h_audit_verify(struct np_http_req *req, struct np_http_resp *resp)
{
	json_t *out = NULL;
	int rc = np_audit_verify(&out, req->store, ACTOR(req));
	return np_http_answer(resp, rc, out, false);
}

int np_h_appointments(struct np_http_req *req, struct np_http_resp *resp)
{
	const char *from = required(req, resp, "from");
	const char *to = from ? required(req, resp, "to") : NULL;
	if (to == NULL)
		return 0;
	json_t *out = NULL;
	int rc = np_appointment_range(&out, req->store, ACTOR(req), from, to);
	return np_http_answer(resp, rc, out, false);
}

int np_h_report(struct np_http_req *req, struct np_http_resp *resp)
{
	const char *from = required(req, resp, "from");
	const char *to = from ? required(req, resp, "to") : NULL;
	if (to == NULL)
		return 0;
	json_t *out = NULL;
	int rc = np_report(&out, req->store, ACTOR(req), from, to);
	return np_http_answer(resp, rc, out, false);
}

int np_h_appointments_ics(struct np_http_req *req, struct np_http_resp *resp)
{
	char *ics = NULL;
	int rc = np_appointment_ics(&ics, req->store, ACTOR(req), req->ids[0]);
	if (rc != 0)
		return np_http_fail_last(resp, rc);
	resp->status = 200;
	resp->body = ics;
	resp->len = strlen(ics);
	resp->content_type = "text/calendar; charset=utf-8";
	return 0;
}
