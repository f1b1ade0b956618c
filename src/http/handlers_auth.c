/* First-run setup, signing in and out, the session's own facts, passwords. */
#include "handlers.h"

#include "needlepoint/error.h"

#include <arpa/inet.h>
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

/* Setup is done at the server's own address, an IP address or localhost: a page of another
 * name that resolves here (DNS rebinding) does not reach it. */
static bool host_is_local(const char *host)
{
	if (host == NULL)
		return false;
	char name[64];
	const char *colon = host[0] == '[' ? strstr(host, "]:") : strrchr(host, ':');
	size_t n = colon ? (size_t)(colon - host) + (host[0] == '[') : strlen(host);
	if (n >= sizeof name)
		return false;
	memcpy(name, host + (host[0] == '['), n - 2 * (host[0] == '['));
	name[n - 2 * (host[0] == '[')] = '\0';
	unsigned char bin[16];
	return strcmp(name, "localhost") == 0 || inet_pton(AF_INET, name, bin) == 1 ||
	       inet_pton(AF_INET6, name, bin) == 1;
}

int np_h_setup(struct np_http_req *req, struct np_http_resp *resp)
{
	if (!host_is_local(req->host))
		return np_http_error(
		    resp, 403, "forbidden", "Host",
		    "Host: first-run setup is done at the server's own address (its "
		    "IP address, or localhost on the machine), not through a name");
	const char *code = text(req->json, "code");
	if (req->ctx->setup_code[0] == '\0' || !np_auth_token_equal(code, req->ctx->setup_code))
		return np_http_error(resp, 403, "forbidden", "code",
		                     "code: not the setup code the server printed when it started");
	json_t *in = json_deep_copy(req->json), *out = NULL;
	if (in == NULL)
		return np_http_error(resp, 500, "internal", NULL, "out of memory");
	json_object_del(in, "code");
	int rc = np_auth_setup(&out, req->store, in);
	json_decref(in);
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
	return json_pack("{s:s, s:I, s:s, s:I, s:b, s:s, s:I, s:s, s:s?}", "name", s->actor.name,
	                 "user_id", (json_int_t)s->actor.user_id, "role",
	                 np_role_name(s->actor.role), "clinic_id", (json_int_t)s->actor.clinic_id,
	                 "home", s->actor.home, "csrf", s->csrf, "expires_at",
	                 (json_int_t)(idle < absolute ? idle : absolute), "today", today,
	                 "time_zone", s->actor.time_zone[0] ? s->actor.time_zone : NULL);
}

int np_h_sign_in(struct np_http_req *req, struct np_http_resp *resp)
{
	struct np_sign_in in = {text(req->json, "name"), text(req->json, "password"), req->client,
	                        req->now};
	int64_t wait = 0;
	int rc = np_auth_sign_in(req->token, &req->session, req->store, &in, &wait);
	if (rc == NP_EFORBIDDEN)
		return np_http_error(resp, 401, "unauthenticated", NULL, "%s", np_error_last());
	if (rc == NP_ETHROTTLED)
		resp->retry_after = (int)wait;
	if (rc != 0)
		return np_http_fail_last(resp, rc);
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
	int rc =
	    np_auth_change_password(req->store, &req->session.actor, text(req->json, "current"),
	                            text(req->json, "password"), req->token);
	return np_http_answer(resp, rc, rc ? NULL : json_pack("{s:b}", "changed", 1), false);
}
