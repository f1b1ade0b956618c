/* First-run setup, signing in and out, the session's own facts, passwords. */
#include "handlers.h"

#include "needlepoint/error.h"

#include <stdio.h>
#include <string.h>

static const char *text(const json_t *body, const char *key)
{
	return json_string_value(json_object_get(body, key));
}

int np_h_setup_state(struct np_http_req *req, struct np_http_resp *resp)
{
	bool open = false;
	int rc = np_auth_setup_open(&open, req->store);
	return np_http_answer(resp, rc, rc ? NULL : json_pack("{s:b}", "open", open), false);
}

int np_h_setup(struct np_http_req *req, struct np_http_resp *resp)
{
	json_t *out = NULL;
	int rc = np_auth_setup(&out, req->store, req->json);
	return np_http_answer(resp, rc, out, true);
}

static void cookie(struct np_http_resp *resp, const char *value, int64_t max_age)
{
	snprintf(resp->set_cookie, sizeof resp->set_cookie,
	         NP_HTTP_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s", value,
	         (long long)max_age, resp->https ? "; Secure" : "");
}

/* Who is signed in, and the clinic's today: the browser's "today" is the clinic's, not its own. */
static json_t *session_json(const struct np_web_session *s, const struct np_auth_expiry *e)
{
	int64_t idle = s->seen_at + e->idle_seconds, absolute = s->created_at + e->absolute_seconds;
	char today[NP_DATE_LEN];
	np_date_format(s->actor.today, today);
	return json_pack("{s:s, s:s, s:I, s:b, s:s, s:I, s:s, s:s?}", "name", s->actor.name, "role",
	                 np_role_name(s->actor.role), "clinic_id", (json_int_t)s->actor.clinic_id,
	                 "home", s->actor.home, "csrf", s->csrf, "expires_at",
	                 (json_int_t)(idle < absolute ? idle : absolute), "today", today,
	                 "time_zone", s->actor.time_zone[0] ? s->actor.time_zone : NULL);
}

int np_h_sign_in(struct np_http_req *req, struct np_http_resp *resp)
{
	const char *name = text(req->json, "name"), *password = text(req->json, "password");
	struct np_ratelimit *rl = req->ctx->limiter;
	int wait = np_ratelimit_check(rl, name, req->addr, req->now);
	if (wait > 0) {
		resp->retry_after = wait;
		return np_http_error(resp, 429, "rate_limited", NULL,
		                     "too many failed sign-ins: try again in %d seconds", wait);
	}
	int rc = np_auth_sign_in(req->token, &req->session, req->store, name, password, req->now);
	if (rc == NP_EFORBIDDEN) {
		np_ratelimit_failed(rl, name, req->addr, req->now);
		return np_http_error(resp, 401, "unauthenticated", NULL, "%s", np_error_last());
	}
	if (rc != 0)
		return np_http_fail_last(resp, rc);
	np_ratelimit_succeeded(rl, name);
	cookie(resp, req->token, req->ctx->expiry.absolute_seconds);
	return np_http_answer(resp, 0, session_json(&req->session, &req->ctx->expiry), false);
}

int np_h_sign_out(struct np_http_req *req, struct np_http_resp *resp)
{
	int rc = np_auth_sign_out(req->store, req->token, req->now);
	if (rc == 0)
		cookie(resp, "", 0);
	return np_http_answer(resp, rc, rc ? NULL : json_pack("{s:b}", "signed_out", 1), false);
}

int np_h_session(struct np_http_req *req, struct np_http_resp *resp)
{
	return np_http_answer(resp, 0, session_json(&req->session, &req->ctx->expiry), false);
}

int np_h_password(struct np_http_req *req, struct np_http_resp *resp)
{
	const char *name = text(req->json, "name");
	int rc = np_auth_set_password(req->store, &req->session.actor, name,
	                              text(req->json, "password"));
	return np_http_answer(resp, rc, rc ? NULL : json_pack("{s:s, s:b}", "name", name, "set", 1),
	                      false);
}
