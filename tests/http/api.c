/* The HTTP API over 127.0.0.1: every route in the table answered on its happy path, and refused
 * without a session (401), to the wrong role (403), without the CSRF token (403), with a bad body
 * (400 naming the field) and with an oversized body (413); clinics kept apart; hostile input.
 *
 * The server is the real binary (NP_BIN), on a SQLite file in a temporary folder or on the
 * PostgreSQL server in NP_TEST_DB. The tests run in order: the first fills the records the
 * others use. */
#include "client.h"
#include "http.h"
#include "needlepoint/error.h"
#include "server.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define PW "a long passphrase"

static struct server srv;
static int port;
static struct who ada, pat, rita; /* clinic A: admin, practitioner, reception */
static struct who bea, bo;        /* clinic B: admin, practitioner */
static char tmp[] = "/tmp/np-api-XXXXXX";
static char db[256];
static char today[16];
static int setup_status;

/* Values the happy path saves ("client" -> "12") for the paths and bodies after it. */
static struct {
	char name[32], value[64];
} vars[32];
static size_t n_vars;

static void set_var(const char *name, const char *value)
{
	for (size_t i = 0; i < n_vars; i++)
		if (strcmp(vars[i].name, name) == 0) {
			snprintf(vars[i].value, sizeof vars[i].value, "%s", value);
			return;
		}
	snprintf(vars[n_vars].name, sizeof vars[n_vars].name, "%s", name);
	snprintf(vars[n_vars++].value, sizeof vars[n_vars].value, "%s", value);
}

static const char *var(const char *name)
{
	for (size_t i = 0; i < n_vars; i++)
		if (strcmp(vars[i].name, name) == 0)
			return vars[i].value;
	fail_msg("no value for $%s yet", name);
	return "";
}

/* text with each $name replaced by its value, into a static buffer of its own. */
static const char *fill(const char *text, char *out, size_t size)
{
	size_t n = 0;
	for (const char *p = text; *p && n + 1 < size;) {
		if (*p == '$') {
			char name[32];
			size_t k = 0;
			for (p++; (*p >= 'a' && *p <= 'z') || *p == '_'; p++)
				if (k + 1 < sizeof name)
					name[k++] = *p;
			name[k] = '\0';
			n += (size_t)snprintf(out + n, size - n, "%s", var(name));
		} else {
			out[n++] = *p++;
		}
	}
	out[n < size ? n : size - 1] = '\0';
	return out;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot read %s", path);
	char *data = calloc(1, 1 << 16);
	size_t n = fread(data, 1, (1 << 16) - 1, f);
	data[n] = '\0';
	fclose(f);
	return data;
}

static void cli(const char *input, const char *fmt, ...)
{
	char command[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(command, sizeof command, fmt, ap);
	va_end(ap);
	char line[1600];
	snprintf(line, sizeof line, "printf '%%s\\n' '%s' | %s --db '%s' >/dev/null", input,
	         command, db);
	if (system(line) != 0)
		fail_msg("failed: %s", line);
}

static int group_setup(void **state)
{
	(void)state;
	if (server_database(db, sizeof db, tmp, "api.db") != 0)
		return -1;
	/* the clinic is in UTC: its today is UTC's */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	set_var("today", today);
	static const char *const extra[] = {
	    "--timeout", "2", "--trust-proxy",   "127.0.0.1",
	    "--threads", "4", "--public-origin", "https://clinic.example",
	    NULL};
	server_start(&srv, NP_BIN, db, extra);
	port = srv.port;
	struct answer a;
	char body[256];
	snprintf(body, sizeof body,
	         "{\"clinic\": \"Skin Studio\", \"admin\": \"ada\", \"time_zone\": \"UTC\", "
	         "\"password\": \"" PW "\", \"code\": \"%s\"}",
	         srv.setup_code);
	http_call(port, "POST", "/api/v1/setup", NULL, NULL, body, &a);
	setup_status = a.status;
	http_free(&a);
	http_sign_in(port, "ada", PW, &ada);
	static const char *const users[][2] = {{"pat", "practitioner"}, {"rita", "reception"}};
	for (size_t i = 0; i < 2; i++) {
		snprintf(body, sizeof body,
		         "{\"name\": \"%s\", \"role\": \"%s\", \"password\": \"" PW "\"}",
		         users[i][0], users[i][1]);
		http_call(port, "POST", "/api/v1/users", &ada, ada.csrf, body, &a);
		if (a.status != 201)
			fail_msg("user %s: %d %s", users[i][0], a.status, a.body);
		http_free(&a);
	}
	http_sign_in(port, "pat", PW, &pat);
	http_sign_in(port, "rita", PW, &rita);
	/* a second clinic on the same server, made from the command line */
	cli("", "%s init --clinic 'Other Clinic' --admin bea --time-zone Europe/Paris", NP_BIN);
	cli(PW, "%s user password bea --as bea", NP_BIN);
	cli("", "%s user add bo --role practitioner --as bea", NP_BIN);
	cli(PW, "%s user password bo --as bea", NP_BIN);
	http_sign_in(port, "bea", PW, &bea);
	http_sign_in(port, "bo", PW, &bo);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	int status = server_stop(&srv);
	if (server_cleanup(tmp) != 0)
		return -1;
	return status == 0 ? 0 : -1; /* a clean exit on SIGTERM, and no leak under ASan */
}

/* One happy call: who, method, path, body, the status, what the answer says, what it saves. */
struct happy {
	struct who *who;
	const char *method, *pattern, *path, *body;
	int status;
	const char *says;     /* a substring of the answer, or NULL */
	const char *save;     /* save the answer's "id" (or the path given) under this name */
	const char *save_key; /* NULL for "id"; else a JSON pointer-ish: "units.0.id" */
};

#define V1 "/api/v1"

static const struct happy happy[] = {
    {NULL, "GET", V1 "/setup", V1 "/setup", NULL, 200, "\"open\":false", NULL, NULL},
    {&pat, "GET", V1 "/session", V1 "/session", NULL, 200, "\"role\":\"practitioner\"", NULL, NULL},
    /* one's own password, with the current one: changed, and changed back */
    {&rita, "POST", V1 "/password", V1 "/password",
     "{\"current\": \"" PW "\", \"password\": \"a different passphrase\"}", 200, "\"changed\":true",
     NULL, NULL},
    {&rita, "POST", V1 "/password", V1 "/password",
     "{\"current\": \"a different passphrase\", \"password\": \"" PW "\"}", 200, "\"changed\":true",
     NULL, NULL},
    {&ada, "GET", V1 "/users", V1 "/users", NULL, 200, "\"rita\"", NULL, NULL},
    {&ada, "POST", V1 "/users", V1 "/users", "{\"name\": \"sam\", \"role\": \"practitioner\"}", 201,
     "\"sam\"", "sam", "id"},
    {&ada, "PUT", V1 "/users/{id}", V1 "/users/$sam", "{\"role\": \"reception\"}", 200,
     "\"role\":\"reception\"", NULL, NULL},
    {&ada, "GET", V1 "/protocol", V1 "/protocol", NULL, 200, "\"zones\"", NULL, NULL},
    {&rita, "GET", V1 "/clinic", V1 "/clinic", NULL, 200, "\"time_zone\":\"UTC\"", NULL, NULL},
    {&ada, "PUT", V1 "/clinic", V1 "/clinic", "{\"name\": \"Skin Studio\", \"time_zone\": \"UTC\"}",
     200, "\"today\":\"", NULL, NULL},
    {&pat, "POST", V1 "/screen", V1 "/screen?on=2026-11-20",
     "{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"medications\": [{\"name\": "
     "\"isotretinoin\", \"last_dose\": \"2026-10-20\"}]}",
     200, "\"defer\"", NULL, NULL},
    {&pat, "POST", V1 "/plan", V1 "/plan", "@examples/plan.json", 200, "\"zones\"", NULL, NULL},
    {&pat, "POST", V1 "/map", V1 "/map", "@examples/plan.json", 200, "<svg", NULL, NULL},
    {&pat, "POST", V1 "/map/zones", V1 "/map/zones",
     "{\"title\": \"What was treated\", \"zones\": [{\"zone\": \"chin\", \"depth_mm\": 1.5}]}", 200,
     "1 · 1.5 mm", NULL, NULL},
    {&pat, "POST", V1 "/next", V1 "/next?on=2026-11-20",
     "{\"setting\": \"clinic\", \"sessions\": [{\"date\": \"2026-11-13\", \"zones\": "
     "[{\"zone\": \"forehead\", \"depth_mm\": 0.5}]}]}",
     200, "\"forehead\"", NULL, NULL},
    {&pat, "POST", V1 "/dose", V1 "/dose",
     "{\"device\": \"roller\", \"needles\": 192, \"drum_diameter\": 20, \"drum_width\": 20}", 200,
     "per_pass", NULL, NULL},
    {&pat, "POST", V1 "/aftercare", V1 "/aftercare", "{\"date\": \"$today\", \"depth\": 0.5}", 200,
     "\"timeline\"", NULL, NULL},
    {&rita, "POST", V1 "/clients", V1 "/clients",
     "{\"name\": \"Grace Hopper\", \"birth_date\": \"1990-01-01\", \"phone\": \"555\"}", 201,
     "\"Grace Hopper\"", "client", NULL},
    {&rita, "POST", V1 "/clients", V1 "/clients", "{\"name\": \"Erin Erased\"}", 201, NULL,
     "erased", NULL},
    {&rita, "GET", V1 "/clients", V1 "/clients?search=Grace&limit=5", NULL, 200, "\"Grace Hopper\"",
     NULL, NULL},
    {&rita, "GET", V1 "/clients/{id}", V1 "/clients/$client", NULL, 200, "\"555\"", NULL, NULL},
    {&rita, "PUT", V1 "/clients/{id}", V1 "/clients/$client", "{\"phone\": \"556\"}", 200,
     "\"556\"", NULL, NULL},
    {&pat, "POST", V1 "/clients/{id}/intakes", V1 "/clients/$client/intakes",
     "{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2, \"other\": {\"medications\": "
     "[\"evening primrose oil\"]}}",
     201, NULL, NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/intakes", V1 "/clients/$client/intakes", NULL, 200,
     "evening primrose oil", NULL, NULL},
    {&pat, "POST", V1 "/clients/{id}/screenings", V1 "/clients/$client/screenings", "{}", 201,
     "\"caution\"", "screening", NULL},
    {&pat, "POST", V1 "/screenings/{id}/ack", V1 "/screenings/$screening/ack",
     "{\"note\": \"discussed; no numbing cream\"}", 200, "discussed", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/screenings", V1 "/clients/$client/screenings", NULL, 200,
     "discussed", NULL, NULL},
    {&pat, "POST", V1 "/clients/{id}/consents", V1 "/clients/$client/consents",
     "{\"form\": \"microneedling\", \"signer\": \"Grace Hopper\"}", 201, "text_sha256", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/consents", V1 "/clients/$client/consents", NULL, 200,
     "microneedling", NULL, NULL},
    {&pat, "POST", V1 "/clients/{id}/plans", V1 "/clients/$client/plans",
     "{\"device\": \"pen\", \"skin\": \"normal\", \"fitzpatrick\": 2, \"start\": \"$today\", "
     "\"targets\": [{\"indication\": \"fine_lines\", \"zones\": [\"forehead\"]}]}",
     201, "forehead", "plan", NULL},
    {&pat, "GET", V1 "/clients/{id}/plans", V1 "/clients/$client/plans", NULL, 200, "forehead",
     NULL, NULL},
    {&pat, "POST", V1 "/devices", V1 "/devices", "{\"kind\": \"pen\", \"serial\": \"PEN-1\"}", 201,
     "PEN-1", "device", NULL},
    {&rita, "GET", V1 "/devices", V1 "/devices", NULL, 200, "PEN-1", NULL, NULL},
    {&pat, "POST", V1 "/lots", V1 "/lots",
     "{\"product\": \"cartridge 12-pin\", \"lot\": \"LOT-A1\", \"kind\": \"pen\", "
     "\"expires\": \"2030-01-01\", \"quantity\": 3, \"single_use\": true}",
     201, "LOT-A1", "lot", NULL},
    {&pat, "GET", V1 "/lots/{id}", V1 "/lots/$lot", NULL, 200, "LOT-A1", "unit", "units.0.id"},
    {&rita, "GET", V1 "/lots", V1 "/lots", NULL, 200, "LOT-A1", NULL, NULL},
    {&pat, "GET", V1 "/stock/session", V1 "/stock/session", NULL, 200, "\"units\"", NULL, NULL},
    /* the glide a session names: a sterile product from stock */
    {&pat, "POST", V1 "/lots", V1 "/lots",
     "{\"product\": \"hyaluronic serum\", \"lot\": \"HA-7\", \"kind\": \"product\", "
     "\"expires\": \"2030-01-01\", \"quantity\": 5, \"single_use\": true, \"sterile\": true}",
     201, "\"sterile\":true", NULL, NULL},
    {&pat, "POST", V1 "/clients/{id}/sessions", V1 "/clients/$client/sessions",
     "{\"date\": \"$today\", \"device\": $device, \"unit\": $unit, \"plan\": $plan, "
     "\"zones\": [{\"zone\": \"forehead\", \"depth_mm\": 0.5, \"passes\": 2, \"pattern\": "
     "\"circles\"}], \"products\": [{\"name\": \"hyaluronic serum\", \"lot\": \"HA-7\"}]}",
     201, "forehead", "session", NULL},
    {&pat, "GET", V1 "/sessions/{id}", V1 "/sessions/$session", NULL, 200, "HA-7", NULL, NULL},
    {&pat, "POST", V1 "/sessions/{id}/sterilised-after", V1 "/sessions/$session/sterilised-after",
     "{}", 200, "\"sterilised_after\":true", NULL, NULL},
    {&pat, "POST", V1 "/sessions/{id}/adverse-events", V1 "/sessions/$session/adverse-events",
     "{\"type\": \"prolonged erythema\", \"severity\": \"mild\", \"onset\": \"$today\"}", 201,
     "prolonged erythema", "ae", NULL},
    {&pat, "POST", V1 "/adverse-events/{id}/follow-ups", V1 "/adverse-events/$ae/follow-ups",
     "{\"date\": \"$today\", \"status\": \"settling\", \"resolved\": true}", 201, "settling", NULL,
     NULL},
    {&rita, "POST", V1 "/clients/{id}/appointments", V1 "/clients/$client/appointments",
     "{\"date\": \"2030-06-03\", \"time\": \"09:30\"}", 201, "\"session\":2", "appointment", NULL},
    {&rita, "GET", V1 "/clients/{id}/appointments", V1 "/clients/$client/appointments", NULL, 200,
     "\"09:30\"", NULL, NULL},
    {&rita, "GET", V1 "/clients/{id}/appointments.ics", V1 "/clients/$client/appointments.ics",
     NULL, 200, "DTSTART;TZID=UTC:20300603T093000", NULL, NULL},
    {&rita, "GET", V1 "/appointments", V1 "/appointments?from=2030-06-03&to=2030-06-09", NULL, 200,
     "\"Grace Hopper\"", NULL, NULL},
    {&rita, "GET", V1 "/practitioners", V1 "/practitioners", NULL, 200, "\"pat\"", NULL, NULL},
    {&rita, "POST", V1 "/appointments/{id}/move", V1 "/appointments/$appointment/move",
     "{\"date\": \"2030-06-04\", \"time\": \"11:00\"}", 200, "\"moves\":1", NULL, NULL},
    {&rita, "POST", V1 "/appointments/{id}/cancel", V1 "/appointments/$appointment/cancel",
     "{\"reason\": \"moved\"}", 200, "\"cancelled\"", NULL, NULL},
    {&pat, "POST", V1 "/clients/{id}/outcomes", V1 "/clients/$client/outcomes",
     "{\"scale\": \"glogau\", \"value\": 2, \"date\": \"$today\"}", 201, "glogau", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/outcomes", V1 "/clients/$client/outcomes?scale=glogau", NULL,
     200, "glogau", NULL, NULL},
    {&pat, "GET", V1 "/recall", V1 "/recall?lot=HA-7", NULL, 200, "Grace Hopper", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/history", V1 "/clients/$client/history", NULL, 200,
     "\"timeline\"", NULL, NULL},
    /* a page of the chart: where the older entries go on, and what a bad request names */
    {&pat, "GET", V1 "/clients/{id}/history", V1 "/clients/$client/history?limit=2", NULL, 200,
     "\"more\":\"20", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/history", V1 "/clients/$client/history?kind=outcome", NULL, 200,
     "\"more\":null", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/history", V1 "/clients/$client/history?limit=0", NULL, 400,
     "\"field\":\"limit\"", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/history", V1 "/clients/$client/history?before=yesterday", NULL,
     400, "\"field\":\"before\"", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/history", V1 "/clients/$client/history?kind=visit", NULL, 400,
     "\"field\":\"kind\"", NULL, NULL},
    {&pat, "GET", V1 "/clients/{id}/export", V1 "/clients/$client/export", NULL, 200,
     "evening primrose oil", NULL, NULL},
    {&ada, "DELETE", V1 "/clients/{id}", V1 "/clients/$erased",
     "{\"reason\": \"the person asked\"}", 200, NULL, NULL, NULL},
    {&ada, "GET", V1 "/audit", V1 "/audit?limit=500", NULL, 200, "\"user\":\"pat\"", NULL, NULL},
    {&ada, "GET", V1 "/report", V1 "/report?from=2020-01-01&to=2030-12-31", NULL, 200,
     "\"sessions_by_month\"", NULL, NULL},
    {&pat, "POST", V1 "/lots/{id}/recall", V1 "/lots/$lot/recall",
     "{\"reason\": \"the maker recalled it\"}", 200, "\"recall_reason\":\"the maker recalled it\"",
     NULL, NULL},
    {&ada, "GET", V1 "/audit/verify", V1 "/audit/verify", NULL, 200, "\"ok\":true", NULL, NULL},
};

static const char *saved(const json_t *answer, const char *key, char *out, size_t size)
{
	const json_t *v = answer;
	char path[64];
	snprintf(path, sizeof path, "%s", key ? key : "id");
	for (char *part = path, *next; part && v; part = next) {
		next = strchr(part, '.');
		if (next)
			*next++ = '\0';
		v = json_is_array(v) ? json_array_get(v, (size_t)strtoul(part, NULL, 10))
		                     : json_object_get(v, part);
	}
	if (!json_is_integer(v))
		fail_msg("no %s in the answer", key ? key : "id");
	snprintf(out, size, "%lld", (long long)json_integer_value(v));
	return out;
}

static const struct happy *happy_of(const struct np_route *r)
{
	for (size_t i = 0; i < sizeof happy / sizeof happy[0]; i++)
		if (strcmp(happy[i].method, r->method) == 0 &&
		    strcmp(happy[i].pattern, r->pattern) == 0)
			return &happy[i];
	return NULL;
}

static char *body_of(const struct happy *h)
{
	if (h->body == NULL)
		return NULL;
	if (h->body[0] == '@') {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", NP_SOURCE_DIR, h->body + 1);
		return slurp(path);
	}
	char *out = malloc(8192);
	fill(h->body, out, 8192);
	return out;
}

static void test_every_route_happy(void **state)
{
	(void)state;
	assert_int_equal(setup_status, 201);
	for (const struct np_route *r = np_routes; r->method; r++)
		if (happy_of(r) == NULL && strcmp(r->pattern, V1 "/setup") != 0 &&
		    strcmp(r->pattern, V1 "/sign-in") != 0 &&
		    strcmp(r->pattern, V1 "/sign-out") != 0)
			fail_msg("%s %s has no happy-path case in this test", r->method,
			         r->pattern);
	for (size_t i = 0; i < sizeof happy / sizeof happy[0]; i++) {
		const struct happy *h = &happy[i];
		char path[512], id[32];
		char *body = body_of(h);
		struct answer a;
		assert_int_equal(http_call(port, h->method, fill(h->path, path, sizeof path),
		                           h->who, h->who ? h->who->csrf : NULL, body, &a),
		                 0);
		if (a.status != h->status || (h->says && !strstr(a.body, h->says)))
			fail_msg("%s %s: %d, expected %d and '%s': %.600s", h->method, path,
			         a.status, h->status, h->says ? h->says : "", a.body);
		if (h->save)
			set_var(h->save, saved(a.json, h->save_key, id, sizeof id));
		free(body);
		http_free(&a);
	}
}

static struct who *allowed(const struct np_route *r)
{
	struct who *by_role[] = {&ada, &pat, &rita};
	for (int role = NP_ROLE_PRACTITIONER;; role = (role + 2) % 3) /* pat, then ada, then rita */
		if (r->roles & NP_HTTP_ROLE(role))
			return by_role[role];
}

static bool state_changing(const struct np_route *r)
{
	return strcmp(r->method, "GET") != 0;
}

/* A route's request as its happy case makes it, by who, with csrf and body as given. */
static struct answer call_route(const struct np_route *r, const struct who *who, const char *csrf,
                                const char *body_override)
{
	const struct happy *h = happy_of(r);
	char path[512];
	fill(h ? h->path : r->pattern, path, sizeof path);
	char *body = body_override ? strdup(body_override)
	             : h           ? body_of(h)
	             : r->body     ? strdup("{}")
	                           : NULL;
	struct answer a;
	assert_int_equal(http_call(port, r->method, path, who, csrf, body, &a), 0);
	free(body);
	return a;
}

static void expect(struct answer *a, const struct np_route *r, int status, const char *code,
                   const char *field)
{
	if (a->status != status || strcmp(http_error(a, "code"), code) != 0 ||
	    (field && strcmp(http_error(a, "field"), field) != 0))
		fail_msg("%s %s: %d %s (field '%s'), expected %d %s (field '%s'): %.300s",
		         r->method, r->pattern, a->status, http_error(a, "code"),
		         http_error(a, "field"), status, code, field ? field : "", a->body);
	http_free(a);
}

static void test_every_route_needs_a_session(void **state)
{
	(void)state;
	for (const struct np_route *r = np_routes; r->method; r++) {
		if (r->flags & NP_ROUTE_PUBLIC)
			continue;
		struct answer a = call_route(r, NULL, NULL, NULL);
		expect(&a, r, 401, "unauthenticated", NULL);
		struct who forged = {.token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
		a = call_route(r, &forged, NULL, NULL);
		expect(&a, r, 401, "unauthenticated", NULL);
	}
}

static void test_every_route_checks_the_role(void **state)
{
	(void)state;
	struct who *by_role[] = {&ada, &pat, &rita};
	int refused = 0;
	for (const struct np_route *r = np_routes; r->method; r++) {
		if (r->flags & NP_ROUTE_PUBLIC)
			continue;
		for (int role = 0; role < NP_ROLE_COUNT; role++) {
			if (r->roles & NP_HTTP_ROLE(role))
				continue;
			struct answer a = call_route(r, by_role[role], by_role[role]->csrf, NULL);
			expect(&a, r, 403, "forbidden", NULL);
			refused++;
		}
	}
	assert_true(refused >= 30); /* reception is kept from health data, others from admin */
}

static void test_every_change_needs_the_csrf_token(void **state)
{
	(void)state;
	for (const struct np_route *r = np_routes; r->method; r++) {
		if ((r->flags & NP_ROUTE_PUBLIC) || !state_changing(r))
			continue;
		struct who *who = allowed(r);
		struct answer a = call_route(r, who, NULL, NULL);
		expect(&a, r, 403, "csrf", "X-CSRF-Token");
		const char *other =
		    who == &pat ? ada.csrf : pat.csrf; /* a real token, not this one's */
		a = call_route(r, who, other, NULL);
		expect(&a, r, 403, "csrf", "X-CSRF-Token");
	}
}

static void test_every_body_is_checked(void **state)
{
	(void)state;
	for (const struct np_route *r = np_routes; r->method; r++) {
		if (r->body == NULL)
			continue;
		struct who *who = r->flags & NP_ROUTE_PUBLIC ? NULL : allowed(r);
		const char *csrf = who ? who->csrf : NULL;
		struct answer a = call_route(r, who, csrf, "[1, 2]");
		expect(&a, r, 400, "invalid", "body");
		a = call_route(r, who, csrf, "{\"zzz_unknown\": 1}");
		expect(&a, r, 400, "invalid", "zzz_unknown");
		if (r->body->open)
			continue;
		const struct np_field *f = r->body->fields;
		char wrong[128];
		snprintf(wrong, sizeof wrong, "{\"%s\": %s}", f->name,
		         f->type == NP_F_STRING ? "42" : "\"text\"");
		a = call_route(r, who, csrf, wrong);
		expect(&a, r, 400, "invalid", f->name);
		for (; f->name; f++)
			if (f->required)
				break;
		if (f->name) {
			a = call_route(r, who, csrf, "{}");
			expect(&a, r, 400, "invalid", f->name);
		}
	}
}

static void test_every_route_limits_the_body(void **state)
{
	(void)state;
	for (const struct np_route *r = np_routes; r->method; r++) {
		struct who *who = r->flags & NP_ROUTE_PUBLIC ? NULL : allowed(r);
		char path[512], req[2048];
		const struct happy *h = happy_of(r);
		fill(h ? h->path : r->pattern, path, sizeof path);
		int n = snprintf(req, sizeof req,
		                 "%s %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: "
		                 "np_session=%s\r\nX-CSRF-Token: %s\r\nContent-Type: "
		                 "application/json\r\nContent-Length: %d\r\n\r\n",
		                 r->method, path, who ? who->token : "", who ? who->csrf : "",
		                 (1 << 20) + 1);
		struct answer a;
		assert_int_equal(http_raw(port, req, (size_t)n, &a), 0);
		expect(&a, r, 413, "too_large", "body");
	}
}

/* Every route with an {id} of clinic A, as clinic B's admin: not found, and nothing changes. */
static void test_clinics_are_isolated(void **state)
{
	(void)state;
	int tried = 0;
	for (const struct np_route *r = np_routes; r->method; r++) {
		if (strstr(r->pattern, "{id}") == NULL)
			continue;
		struct who *b = r->roles & NP_HTTP_ROLE(NP_ROLE_PRACTITIONER) ? &bo : &bea;
		struct answer a = call_route(r, b, b->csrf, NULL);
		expect(&a, r, 404, "not_found", NULL);
		tried++;
	}
	assert_true(tried >= 15);
	static const char *const lists[] = {V1 "/clients?search=Grace",
	                                    V1 "/recall?lot=HA-7",
	                                    V1 "/lots",
	                                    V1 "/devices",
	                                    V1 "/users",
	                                    V1 "/audit?limit=10000"};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		struct answer a;
		assert_int_equal(http_call(port, "GET", lists[i], &bea, NULL, NULL, &a), 0);
		assert_int_equal(a.status, 200);
		if (strstr(a.body, "Grace") || strstr(a.body, "LOT-A1") ||
		    strstr(a.body, "PEN-1") || strstr(a.body, "\"pat\""))
			fail_msg("%s shows clinic A to clinic B: %.300s", lists[i], a.body);
		http_free(&a);
	}
	char path[128];
	struct answer a;
	http_call(port, "GET", fill(V1 "/clients/$client", path, sizeof path), &pat, NULL, NULL,
	          &a);
	assert_int_equal(a.status, 200); /* B's DELETE did not erase A's client */
	assert_non_null(strstr(a.body, "Grace Hopper"));
	http_free(&a);
}

static void test_hostile_text_comes_back_verbatim(void **state)
{
	(void)state;
	static const char *const hostile[] = {"Robert'); DROP TABLE clients;--",
	                                      "<script>alert(\"x\")</script>",
	                                      "' OR '1'='1",
	                                      "\\\"}]}, {\"role\": \"admin\"",
	                                      "Zoë 🙂 \u202e\u200b",
	                                      "%s%n%x $(reboot) `id`"};
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		json_t *in = json_pack("{s:s, s:s, s:s, s:s}", "name", hostile[i], "phone",
		                       hostile[i], "email", hostile[i], "desk_notes", hostile[i]);
		char *body = json_dumps(in, 0), path[128];
		struct answer a, b;
		http_call(port, "POST", V1 "/clients", &rita, rita.csrf, body, &a);
		assert_int_equal(a.status, 201);
		snprintf(path, sizeof path, V1 "/clients/%lld",
		         (long long)json_integer_value(json_object_get(a.json, "id")));
		http_call(port, "GET", path, &rita, NULL, NULL, &b);
		assert_int_equal(b.status, 200);
		const char *keys[] = {"name", "phone", "email", "desk_notes"};
		for (size_t k = 0; k < 4; k++)
			assert_string_equal(json_string_value(json_object_get(b.json, keys[k])),
			                    hostile[i]);
		http_free(&a);
		http_free(&b);
		free(body);
		/* and in the records with free text of their own */
		json_t *lot = json_pack("{s:s, s:s, s:s, s:s, s:i, s:b}", "product", hostile[i],
		                        "lot", hostile[i], "kind", "pen", "expires", "2031-01-01",
		                        "quantity", 1, "single_use", 1);
		body = json_dumps(lot, 0);
		http_call(port, "POST", V1 "/lots", &pat, pat.csrf, body, &a);
		assert_int_equal(a.status, 201);
		assert_string_equal(json_string_value(json_object_get(a.json, "lot")), hostile[i]);
		http_free(&a);
		free(body);
		json_t *outcome = json_pack("{s:s, s:i, s:s, s:s}", "scale", "glogau", "value", 3,
		                            "date", today, "note", hostile[i]);
		body = json_dumps(outcome, 0);
		http_call(port, "POST", fill(V1 "/clients/$client/outcomes", path, sizeof path),
		          &pat, pat.csrf, body, &a);
		assert_int_equal(a.status, 201);
		assert_string_equal(json_string_value(json_object_get(a.json, "note")), hostile[i]);
		http_free(&a);
		free(body);
		json_decref(in);
		json_decref(lot);
		json_decref(outcome);
	}
}

static void bad(const char *method, const char *path, const char *content_type, const char *body,
                size_t len, int status, const char *field)
{
	char req[4096];
	int n =
	    snprintf(req, sizeof req,
	             "%s %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: np_session=%s\r\n"
	             "X-CSRF-Token: %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n\r\n",
	             method, path, rita.token, rita.csrf, content_type, len);
	char *all = malloc((size_t)n + len);
	memcpy(all, req, (size_t)n);
	memcpy(all + n, body, len);
	struct answer a;
	assert_int_equal(http_raw(port, all, (size_t)n + len, &a), 0);
	free(all);
	if (a.status != status || (field && strcmp(http_error(&a, "field"), field) != 0))
		fail_msg("%s %s [%.40s]: %d field '%s', expected %d '%s': %.300s", method, path,
		         body, a.status, http_error(&a, "field"), status, field ? field : "",
		         a.body);
	http_free(&a);
}

static void test_hostile_bodies_and_addresses(void **state)
{
	(void)state;
#define BAD(body, status, field)                                                                   \
	bad("POST", V1 "/clients", "application/json", body, sizeof body - 1, status, field)
	BAD("{\"name\": \"Gr", 400, "body");
	BAD("{\"name\": \"a\"} trailing", 400, "body");
	BAD("{\"name\": \"\xff\xfe\"}", 400, "body");
	BAD("{\"name\": \"a\\u0000b\"}", 400, "body");
	BAD("{\"fitzpatrick\": 99999999999999999999999999}", 400, "body");
	BAD("{\"fitzpatrick\": 1e999}", 400, "body");
	BAD("{\"name\": \"a\", \"fitzpatrick\": 9223372036854775807}", 400, "fitzpatrick");
	BAD("{\"name\": \"a\", \"name\": \"b\"}", 400, "body");
	BAD("", 400, "body");
#undef BAD
	char deep[20001];
	memset(deep, '[', 10000);
	memset(deep + 10000, ']', 10000);
	deep[20000] = '\0';
	bad("POST", V1 "/clients", "application/json", deep, 20000, 400, "body");
	bad("POST", V1 "/clients", "text/plain", "{}", 2, 415, "Content-Type");
	bad("POST", V1 "/clients", "application/x-www-form-urlencoded", "name=x", 6, 415,
	    "Content-Type");
	bad("GET", V1 "/clients?search=%ff%fe", "application/json", "", 0, 400, "address");
	bad("GET", V1 "/clients?limit=1e9", "application/json", "", 0, 400, "limit");
	bad("GET", V1 "/clients/0", "application/json", "", 0, 400, "id");
	bad("GET", V1 "/clients/abc", "application/json", "", 0, 400, "id");
	bad("GET", V1 "/clients/99999999999999999999", "application/json", "", 0, 400, "id");
	bad("GET", V1 "/clients", "application/json", "{}", 2, 400, "body");
	bad("GET", V1 "/no-such-thing", "application/json", "", 0, 404, NULL);
	bad("PATCH", V1 "/clients", "application/json", "{}", 2, 405, NULL);
	/* a header block bigger than the server takes */
	size_t big = 100000;
	char *req = malloc(big + 200);
	int n = snprintf(req, 200, "GET " V1 "/setup HTTP/1.1\r\nHost: x\r\nX-Big: ");
	memset(req + n, 'a', big);
	memcpy(req + n + big, "\r\n\r\n", 4);
	struct answer a;
	int rc = http_raw(port, req, (size_t)n + big + 4, &a);
	free(req);
	assert_true(rc != 0 || (a.status >= 400 && a.status < 500));
	http_free(&a);
	/* and the server is still there */
	http_call(port, "GET", V1 "/setup", NULL, NULL, NULL, &a);
	assert_int_equal(a.status, 200);
	http_free(&a);
}

static void test_static_files_and_headers(void **state)
{
	(void)state;
	struct answer a;
	char v[512];
	http_call(port, "GET", "/", NULL, NULL, NULL, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, "<form id=\"sign-in\""));
	assert_non_null(http_header(&a, "Content-Security-Policy", v, sizeof v));
	assert_non_null(strstr(v, "script-src 'self'"));
	assert_non_null(strstr(v, "frame-ancestors 'none'"));
	assert_null(strstr(v, "unsafe-inline"));
	assert_string_equal(http_header(&a, "X-Content-Type-Options", v, sizeof v), "nosniff");
	assert_non_null(http_header(&a, "Referrer-Policy", v, sizeof v));
	http_free(&a);
	http_call(port, "GET", V1 "/clients", &rita, NULL, NULL, &a);
	assert_string_equal(http_header(&a, "Cache-Control", v, sizeof v), "no-store");
	assert_string_equal(http_header(&a, "X-Content-Type-Options", v, sizeof v), "nosniff");
	http_free(&a);
	static const char *const outside[] = {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt",
	                                      "/.hidden",           "/app.js/..",
	                                      "/nope.html",         "//etc/passwd"};
	for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
		http_call(port, "GET", outside[i], NULL, NULL, NULL, &a);
		if (a.status != 404 && a.status != 400)
			fail_msg("%s: %d", outside[i], a.status);
		http_free(&a);
	}
	/* no inline script in the UI's pages: the CSP would refuse it anyway */
	char *page = slurp(NP_SOURCE_DIR "/web/index.html");
	for (char *p = strstr(page, "<script"); p; p = strstr(p + 1, "<script"))
		assert_non_null(strstr(p, "src="));
	assert_null(strstr(page, " onclick="));
	assert_null(strstr(page, " onload="));
	free(page);
}

static void test_sign_in_sessions_and_sign_out(void **state)
{
	(void)state;
	struct answer a;
	char cookie[256];
	http_call(port, "POST", V1 "/sign-in", NULL, NULL,
	          "{\"name\": \"pat\", \"password\": \"" PW "\"}", &a);
	assert_int_equal(a.status, 200);
	assert_non_null(http_header(&a, "Set-Cookie", cookie, sizeof cookie));
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Strict"));
	assert_null(strstr(cookie, "Secure"));
	http_free(&a);
	/* behind a TLS proxy (the test server trusts X-Forwarded-Proto) the cookie is Secure */
	static const char creds[] = "{\"name\": \"pat\", \"password\": \"" PW "\"}";
	char req[512];
	int n = snprintf(req, sizeof req,
	                 "POST " V1 "/sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	                 "X-Forwarded-Proto: https\r\nContent-Type: application/json\r\n"
	                 "Content-Length: %zu\r\n\r\n%s",
	                 sizeof creds - 1, creds);
	assert_int_equal(http_raw(port, req, (size_t)n, &a), 0);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(http_header(&a, "Set-Cookie", cookie, sizeof cookie), "; Secure"));
	assert_non_null(http_header(&a, "Strict-Transport-Security", cookie, sizeof cookie));
	http_free(&a);
	/* wrong passwords and unknown names fail alike */
	http_call(port, "POST", V1 "/sign-in", NULL, NULL,
	          "{\"name\": \"pat\", \"password\": \"wrong password\"}", &a);
	assert_int_equal(a.status, 401);
	char first[256];
	snprintf(first, sizeof first, "%s", http_error(&a, "message"));
	http_free(&a);
	http_call(port, "POST", V1 "/sign-in", NULL, NULL,
	          "{\"name\": \"nobody\", \"password\": \"wrong password\"}", &a);
	assert_int_equal(a.status, 401);
	assert_string_equal(http_error(&a, "message"), first);
	http_free(&a);
	/* a cross-site sign-in is refused */
	const char cross[] =
	    "POST " V1 "/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	    "Origin: http://evil.example\r\nContent-Type: application/json\r\n"
	    "Content-Length: 2\r\n\r\n{}";
	assert_int_equal(http_raw(port, cross, sizeof cross - 1, &a), 0);
	assert_int_equal(a.status, 403);
	http_free(&a);
	/* through the proxy, from a page of the public origin, whatever Host the proxy sends; a
	 * look-alike of it is still another site */
	static const char *const origins[] = {
	    "https://clinic.example", "https://clinic.example.evil", "http://clinic.example"};
	for (size_t i = 0; i < 3; i++) {
		char proxied[512];
		int len =
		    snprintf(proxied, sizeof proxied,
		             "POST " V1 "/sign-in HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		             "Connection: close\r\nOrigin: %s\r\n"
		             "X-Forwarded-Proto: https\r\nX-Forwarded-For: 198.51.100.%zu\r\n"
		             "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
		             port, origins[i], 10 + i, sizeof creds - 1, creds);
		assert_int_equal(http_raw(port, proxied, (size_t)len, &a), 0);
		assert_int_equal(a.status, i == 0 ? 200 : 403);
		http_free(&a);
	}
	/* sign-out ends the session: its cookie no longer opens anything */
	struct who p2;
	http_sign_in(port, "pat", PW, &p2);
	http_call(port, "POST", V1 "/sign-out", &p2, p2.csrf, NULL, &a);
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(http_header(&a, "Set-Cookie", cookie, sizeof cookie), "Max-Age=0"));
	http_free(&a);
	http_call(port, "GET", V1 "/session", &p2, NULL, NULL, &a);
	assert_int_equal(a.status, 401);
	http_free(&a);
	/* setup is closed once done, its code or not */
	char setup[256];
	snprintf(setup, sizeof setup,
	         "{\"clinic\": \"X\", \"admin\": \"eve\", \"time_zone\": \"UTC\", \"password\": "
	         "\"" PW "\", \"code\": \"%s\"}",
	         srv.setup_code);
	http_call(port, "POST", V1 "/setup", NULL, NULL, setup, &a);
	assert_int_equal(a.status, 409);
	http_free(&a);
}

static void test_sessions_expire(void **state)
{
	(void)state;
	struct np_store *s;
	assert_int_equal(np_store_open(&s, db, NULL), 0);
	struct np_auth_expiry e = {.idle_seconds = 600, .absolute_seconds = 3600};
	char token[NP_AUTH_TOKEN_LEN + 1];
	struct np_web_session w;
	int64_t t = 1000000, wait = 0;
	struct np_sign_in in = {"pat", PW, "192.0.2.1", t};
	assert_int_equal(np_auth_sign_in(token, &w, s, &in, &wait), 0);
	assert_int_equal(np_auth_session(&w, s, token, t + 500, &e), 0);
	assert_int_equal(np_auth_session(&w, s, token, t + 1000, &e), 0); /* used at +500 */
	assert_int_equal(np_auth_session(&w, s, token, t + 1000 + 601, &e), NP_EFORBIDDEN);
	assert_int_equal(np_auth_session(&w, s, token, t + 1000, &e), NP_ENOTFOUND); /* ended */
	assert_int_equal(np_auth_sign_in(token, &w, s, &in, &wait), 0);
	for (int64_t k = 500; k < 3600; k += 500)
		assert_int_equal(np_auth_session(&w, s, token, t + k, &e), 0);
	assert_int_equal(np_auth_session(&w, s, token, t + 3601, &e), NP_EFORBIDDEN);
	np_store_close(s);
}

static void test_reads_of_a_chart_are_audited(void **state)
{
	(void)state;
	struct answer a;
	char path[128];
	http_call(port, "GET", fill(V1 "/clients/$client/history", path, sizeof path), &pat, NULL,
	          NULL, &a);
	assert_int_equal(a.status, 200);
	http_free(&a);
	http_call(port, "GET", V1 "/audit?limit=5", &ada, NULL, NULL, &a);
	assert_int_equal(a.status, 200);
	json_t *entry = json_array_get(json_object_get(a.json, "entries"), 0);
	if (entry == NULL)
		entry = json_array_get(a.json, 0);
	assert_string_equal(json_string_value(json_object_get(entry, "user")), "pat");
	assert_int_equal(json_integer_value(json_object_get(entry, "client_id")),
	                 strtoll(var("client"), NULL, 10));
	http_free(&a);
}

static int open_connection(int port_no)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port_no)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	struct timeval tv = {.tv_sec = 10};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Clients that send half a request and stall hold no worker: others are answered at once, and
 * the stalled connections are closed after the idle timeout (2 s here). */
static void test_slow_clients_time_out(void **state)
{
	(void)state;
	enum { SLOW = 12 };
	int fds[SLOW];
	static const char half[] =
	    "POST " V1 "/clients HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n";
	for (int i = 0; i < SLOW; i++) {
		fds[i] = open_connection(port);
		assert_int_equal(send(fds[i], half, sizeof half - 1, MSG_NOSIGNAL),
		                 (ssize_t)(sizeof half - 1));
	}
	double start = seconds();
	struct answer a;
	http_call(port, "GET", V1 "/setup", NULL, NULL, NULL, &a);
	assert_int_equal(a.status, 200);
	assert_true(seconds() - start < 1.0);
	http_free(&a);
	for (int i = 0; i < SLOW; i++) {
		char buf[512];
		ssize_t n = recv(fds[i], buf, sizeof buf, 0); /* closed (0), perhaps after a 408 */
		assert_true(n >= 0);
		close(fds[i]);
	}
	double waited = seconds() - start;
	assert_true(waited >= 1.0 && waited < 8.0);
}

/* A connection from a given loopback address (127.0.0.N), not yet sending anything. */
static int open_from(int port_no, int n)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in from = {.sin_family = AF_INET};
	char addr[32];
	snprintf(addr, sizeof addr, "127.0.0.%d", n);
	inet_pton(AF_INET, addr, &from.sin_addr);
	assert_int_equal(bind(fd, (struct sockaddr *)&from, sizeof from), 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port_no)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

/* 500 connections from 8 addresses trickle their headers a byte at a time, each well inside the
 * idle timeout: a normal request is still answered within a second, and the tricklers are cut at
 * the header deadline rather than held for as long as they trickle. */
static void test_trickling_clients_do_not_stop_service(void **state)
{
	(void)state;
	enum { ADDRESSES = 8, EACH = 63 };
	static const char *const extra[] = {"--timeout", "2", "--header-deadline", "3", NULL};
	struct server own;
	server_start(&own, NP_BIN, db, extra);
	static int fds[ADDRESSES * EACH];
	for (int i = 0; i < ADDRESSES * EACH; i++)
		fds[i] = open_from(own.port, 2 + i / EACH);
	static const char line[] = "GET " V1 "/setup HTTP/1.1\r\nX-Slow: ";
	double start = seconds(), answered = 0;
	bool cut = false;
	for (int tick = 0; seconds() - start < 6.0; tick++) {
		/* every connection sends one more byte, inside the 2 s idle timeout */
		int open = 0;
		for (int i = 0; i < ADDRESSES * EACH; i++)
			if (fds[i] >= 0 && send(fds[i], line + (size_t)tick % (sizeof line - 1), 1,
			                        MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
				open++;
		if (tick == 2) {
			double asked = seconds();
			struct answer a;
			http_call(own.port, "GET", V1 "/setup", NULL, NULL, NULL, &a);
			assert_int_equal(a.status, 200);
			answered = seconds() - asked;
			http_free(&a);
		}
		if (seconds() - start > 4.5 && open == 0)
			cut = true;
		nanosleep(&(struct timespec){0, 500 * 1000 * 1000}, NULL);
	}
	for (int i = 0; i < ADDRESSES * EACH; i++)
		close(fds[i]);
	assert_int_equal(server_stop(&own), 0);
	if (answered >= 1.0)
		fail_msg("a normal request waited %.2f s behind the trickling clients", answered);
	if (!cut)
		fail_msg("the trickling clients were not cut at the header deadline");
}

/* A body that trickles (two bytes a second) is cut once it is past its grace, though each byte
 * comes well inside the idle timeout. */
static void test_a_trickling_body_is_cut(void **state)
{
	(void)state;
	static const char *const extra[] = {"--timeout", "2", NULL};
	struct server own;
	server_start(&own, NP_BIN, db, extra);
	int fd = open_connection(own.port);
	static const char head[] = "POST " V1 "/sign-in HTTP/1.1\r\nHost: x\r\n"
	                           "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
	assert_int_equal(send(fd, head, sizeof head - 1, MSG_NOSIGNAL), (ssize_t)(sizeof head - 1));
	double start = seconds();
	bool cut = false;
	while (!cut && seconds() - start < 12.0) {
		nanosleep(&(struct timespec){0, 500 * 1000 * 1000}, NULL);
		cut = send(fd, " ", 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1;
	}
	double after = seconds() - start;
	close(fd);
	assert_int_equal(server_stop(&own), 0);
	if (!cut || after < 5.0)
		fail_msg("the trickling body was %s after %.1f s", cut ? "cut" : "still read",
		         after);
}

/* SIGTERM: the request in flight is finished, then the server exits 0. */
static void test_sigterm_finishes_requests_in_flight(void **state)
{
	(void)state;
	struct server second;
	server_start(&second, NP_BIN, db, NULL);
	static const char body[] = "{\"name\": \"pat\", \"password\": \"" PW "\"}";
	char head[256];
	int n = snprintf(head, sizeof head,
	                 "POST " V1 "/sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	                 "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	                 sizeof body - 1);
	int fd = open_connection(second.port);
	assert_int_equal(send(fd, head, (size_t)n, MSG_NOSIGNAL), n);
	assert_int_equal(send(fd, body, 10, MSG_NOSIGNAL), 10);
	nanosleep(&(struct timespec){0, 200 * 1000 * 1000}, NULL);
	kill(second.pid, SIGTERM);
	nanosleep(&(struct timespec){0, 300 * 1000 * 1000}, NULL);
	assert_int_equal(send(fd, body + 10, sizeof body - 11, MSG_NOSIGNAL),
	                 (ssize_t)(sizeof body - 11));
	char buf[4096];
	size_t got = 0;
	for (ssize_t k; (k = recv(fd, buf + got, sizeof buf - 1 - got, 0)) > 0;)
		got += (size_t)k;
	buf[got] = '\0';
	close(fd);
	assert_non_null(strstr(buf, "HTTP/1.1 200"));
	int status = 0;
	assert_int_equal(waitpid(second.pid, &status, 0), second.pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A request that gives its length twice (two Content-Length, or one beside chunked encoding) is
 * refused and its connection closed: what follows on it is never read as another request. */
static void test_conflicting_framing_is_refused_and_closed(void **state)
{
	(void)state;
	static const char *const requests[] = {
	    "POST " V1 "/sign-in HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
	    "GET " V1 "/session HTTP/1.1\r\nHost: x\r\n\r\n",
	    "POST " V1 "/sign-in HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n"
	    "\r\nhelloGET " V1 "/session HTTP/1.1\r\nHost: x\r\n\r\n"};
	for (size_t i = 0; i < 2; i++) {
		struct answer a;
		assert_int_equal(http_raw(port, requests[i], strlen(requests[i]), &a), 0);
		assert_int_equal(a.status, 400);
		assert_non_null(strstr(a.body, "framing"));
		assert_null(strstr(a.body, "HTTP/1.1")); /* no second answer on it */
		http_free(&a);
	}
}

/* PostgreSQL restarted under the running server: service comes back by itself, and until it
 * does the answer is 503 with Retry-After, never a 500. */
static void test_service_returns_after_postgresql_restarts(void **state)
{
	(void)state;
	const char *restart = getenv("NP_TEST_PG_RESTART");
	if (restart == NULL || *restart == '\0')
		skip(); /* SQLite has no server to lose */
	struct answer a;
	http_call(port, "GET", V1 "/clients", &pat, NULL, NULL, &a);
	assert_int_equal(a.status, 200);
	http_free(&a);
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s >/dev/null 2>&1", restart);
	assert_int_equal(system(cmd), 0);
	int status = 0;
	for (int i = 0; i < 100 && status != 200; i++) {
		/* every worker thread holds its own connection: ask more than once per turn */
		http_call(port, "GET", V1 "/clients", &pat, NULL, NULL, &a);
		status = a.status;
		if (status != 200 && status != 503)
			fail_msg("after the restart: %d %s", status, a.body);
		if (status == 503)
			assert_non_null(strstr(a.body, "unavailable"));
		http_free(&a);
		if (status != 200)
			nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
	}
	assert_int_equal(status, 200);
	for (int i = 0; i < 16; i++) { /* and on every worker's connection */
		http_call(port, "GET", V1 "/clients", &pat, NULL, NULL, &a);
		if (a.status != 200)
			fail_msg("worker %d after the restart: %d %s", i, a.status, a.body);
		http_free(&a);
	}
}

/* The log has a line per request (method, route, status, time, user) and no secret in it: not
 * a password, not a session token, not a name searched for. */
static void test_the_log_says_each_request_and_no_secret(void **state)
{
	(void)state;
	char log[160];
	snprintf(log, sizeof log, "%s/serve.log", tmp);
	struct server logged;
	server_start_logged(&logged, NP_BIN, db, NULL, log);
	struct answer a;
	http_call(logged.port, "POST", V1 "/sign-in", NULL, NULL,
	          "{\"name\": \"pat\", \"password\": \"wrong horse battery\"}", &a);
	assert_int_equal(a.status, 401);
	http_free(&a);
	struct who me;
	http_sign_in(logged.port, "pat", PW, &me);
	http_call(logged.port, "GET", V1 "/clients?search=Grace", &me, NULL, NULL, &a);
	assert_int_equal(a.status, 200);
	http_free(&a);
	http_call(logged.port, "GET", V1 "/nothing-here", &me, NULL, NULL, &a);
	http_free(&a);
	assert_int_equal(server_stop(&logged), 0);
	FILE *f = fopen(log, "r");
	assert_non_null(f);
	char text[16384];
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	if (!strstr(text, "method=POST route=/api/v1/sign-in status=401") ||
	    !strstr(text, "method=GET route=/api/v1/clients status=200") ||
	    !strstr(text, "route=(no route) status=404"))
		fail_msg("the log lacks a request line:\n%s", text);
	if (strstr(text, "wrong horse") || strstr(text, PW) || strstr(text, "Grace") ||
	    strstr(text, me.token))
		fail_msg("the log holds a secret or a name:\n%s", text);
	assert_non_null(strstr(text, "user=0"));
}

/* A client of clinic A screened and consented today, over the API: its id. */
static long long ready_client(const char *name)
{
	char body[256], path[128];
	struct answer a;
	snprintf(body, sizeof body, "{\"name\": \"%s\"}", name);
	http_call(port, "POST", V1 "/clients", &rita, rita.csrf, body, &a);
	assert_int_equal(a.status, 201);
	long long id = json_integer_value(json_object_get(a.json, "id"));
	http_free(&a);
	snprintf(path, sizeof path, V1 "/clients/%lld/intakes", id);
	http_call(port, "POST", path, &pat, pat.csrf,
	          "{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2}", &a);
	assert_int_equal(a.status, 201);
	http_free(&a);
	snprintf(path, sizeof path, V1 "/clients/%lld/screenings", id);
	http_call(port, "POST", path, &pat, pat.csrf, "{}", &a);
	assert_int_equal(a.status, 201);
	http_free(&a);
	snprintf(path, sizeof path, V1 "/clients/%lld/consents", id);
	http_call(port, "POST", path, &pat, pat.csrf,
	          "{\"form\": \"microneedling\", \"signer\": \"the client\"}", &a);
	assert_int_equal(a.status, 201);
	http_free(&a);
	return id;
}

/* A lot of n single-use pen cartridges: its first unit's id. */
static long long new_lot(const char *number, int n)
{
	char body[256];
	struct answer a;
	snprintf(body, sizeof body,
	         "{\"product\": \"cartridge\", \"lot\": \"%s\", \"kind\": \"pen\", \"expires\": "
	         "\"2030-01-01\", \"quantity\": %d, \"single_use\": true}",
	         number, n);
	http_call(port, "POST", V1 "/lots", &pat, pat.csrf, body, &a);
	assert_int_equal(a.status, 201);
	long long unit = json_integer_value(
	    json_object_get(json_array_get(json_object_get(a.json, "units"), 0), "id"));
	http_free(&a);
	return unit;
}

static const char *const refusal_keys[] = {"code", "zone",    "field",   "message",
                                           "rule", "sources", "override"};

/* A refusal is 409 with the list, whole: every reason with its seven keys; an override names its
 * codes; the front desk reads when, not why, and its override lifts nothing. */
static void test_refusals_are_data(void **state)
{
	(void)state;
	long long client = ready_client("Ida Refused"), unit = new_lot("LOT-R1", 3);
	char path[128], body[1024];
	struct answer a;
	snprintf(path, sizeof path, V1 "/clients/%lld/sessions", client);
	snprintf(body, sizeof body,
	         "{\"date\": \"%s\", \"unit\": %lld, \"zones\": [{\"zone\": \"cheek_left\", "
	         "\"depth_mm\": 1.5, \"passes\": 3}]}",
	         today, unit);
	http_call(port, "POST", path, &pat, pat.csrf, body, &a);
	assert_int_equal(a.status, 201);
	http_free(&a);
	/* the same unit, the same zone, too deep: three reasons, as data */
	snprintf(body, sizeof body,
	         "{\"date\": \"%s\", \"unit\": %lld, \"zones\": [{\"zone\": \"cheek_left\", "
	         "\"depth_mm\": 2.5, \"passes\": 3}]}",
	         today, unit);
	http_call(port, "POST", path, &pat, pat.csrf, body, &a);
	assert_int_equal(a.status, 409);
	assert_string_equal(http_error(&a, "code"), "refused");
	json_t *refusals = json_object_get(json_object_get(a.json, "error"), "refusals");
	assert_int_equal(json_array_size(refusals), 3);
	size_t i;
	json_t *r;
	json_array_foreach(refusals, i, r)
	{
		for (size_t k = 0; k < 7; k++)
			if (json_object_get(r, refusal_keys[k]) == NULL)
				fail_msg("refusal %zu has no %s", i, refusal_keys[k]);
		const char *m = json_string_value(json_object_get(r, "message"));
		/* in a practitioner's words: no zone ids, no codes, no options */
		assert_null(strstr(m, "cheek_left"));
		assert_null(strstr(m, "--"));
		const char *code = json_string_value(json_object_get(r, "code"));
		if (strchr(code, '_')) /* "rest" is also a word */
			assert_null(strstr(m, code));
	}
	assert_string_equal(json_string_value(json_object_get(json_array_get(refusals, 2), "code")),
	                    "unit_reused");
	http_free(&a);
	/* an override as a bare reason is bad input, naming the field */
	snprintf(body, sizeof body,
	         "{\"date\": \"%s\", \"unit\": %lld, \"zones\": [{\"zone\": \"cheek_left\", "
	         "\"depth_mm\": 2.5, \"passes\": 3}], \"override\": \"parent asked, go ahead\"}",
	         today, unit + 1);
	http_call(port, "POST", path, &pat, pat.csrf, body, &a);
	assert_int_equal(a.status, 400);
	assert_string_equal(http_error(&a, "field"), "override");
	http_free(&a);
	/* named codes lift what a practitioner may */
	snprintf(body, sizeof body,
	         "{\"date\": \"%s\", \"unit\": %lld, \"zones\": [{\"zone\": \"cheek_left\", "
	         "\"depth_mm\": 2.0, \"passes\": 3}], \"override\": {\"codes\": [\"rest\"], "
	         "\"reason\": \"a second pass the client asked for, checked\"}}",
	         today, unit + 1);
	http_call(port, "POST", path, &pat, pat.csrf, body, &a);
	assert_int_equal(a.status, 201);
	assert_string_equal(json_string_value(json_array_get(
	                        json_object_get(json_object_get(a.json, "override"), "codes"), 0)),
	                    "rest");
	http_free(&a);
	/* the front desk books: refused with when, not why; its override lifts nothing */
	snprintf(path, sizeof path, V1 "/clients/%lld/appointments", client);
	snprintf(body, sizeof body, "{\"date\": \"%s\", \"time\": \"10:00\"}", today);
	http_call(port, "POST", path, &rita, rita.csrf, body, &a);
	assert_int_equal(a.status, 201); /* a consultation: no plan */
	http_free(&a);
	snprintf(body, sizeof body,
	         "{\"device\": \"pen\", \"start\": \"%s\", \"targets\": [{\"indication\": "
	         "\"acne_scars\", \"zones\": [\"cheek_left\"]}]}",
	         today);
	snprintf(path, sizeof path, V1 "/clients/%lld/plans", client);
	http_call(port, "POST", path, &pat, pat.csrf, body, &a);
	assert_int_equal(a.status, 201);
	http_free(&a);
	snprintf(path, sizeof path, V1 "/clients/%lld/appointments", client);
	snprintf(body, sizeof body,
	         "{\"date\": \"%s\", \"time\": \"11:00\", \"override\": {\"codes\": [\"rest\"], "
	         "\"reason\": \"the client asked for an earlier date\"}}",
	         today);
	http_call(port, "POST", path, &rita, rita.csrf, body, &a);
	assert_int_equal(a.status, 409);
	refusals = json_object_get(json_object_get(a.json, "error"), "refusals");
	assert_int_equal(json_array_size(refusals), 1);
	const char *m = json_string_value(json_object_get(json_array_get(refusals, 0), "message"));
	assert_non_null(strstr(m, "Not bookable before "));
	assert_non_null(strstr(m, "a practitioner can tell you why"));
	assert_null(strstr(a.body, "mm"));
	assert_null(strstr(a.body, "rest"));
	http_free(&a);
}

/* Clients of one clinic race for one single-use unit, every request with an override of all it
 * names: exactly one has it. */
static void test_one_unit_one_winner(void **state)
{
	(void)state;
	enum { RACERS = 6 };
	long long clients[RACERS], unit = new_lot("LOT-RACE", 1);
	for (int i = 0; i < RACERS; i++) {
		char name[32];
		snprintf(name, sizeof name, "Racer %d", i);
		clients[i] = ready_client(name);
	}
	int go[2];
	assert_int_equal(pipe(go), 0);
	pid_t pids[RACERS];
	for (int i = 0; i < RACERS; i++) {
		if ((pids[i] = fork()) == 0) {
			close(go[1]);
			char b, path[128], body[1024];
			if (read(go[0], &b, 1) < 0)
				_exit(11);
			snprintf(path, sizeof path, V1 "/clients/%lld/sessions", clients[i]);
			snprintf(body, sizeof body,
			         "{\"date\": \"%s\", \"unit\": %lld, \"zones\": [{\"zone\": "
			         "\"forehead\", \"depth_mm\": 0.5, \"passes\": 2}], \"override\": "
			         "{\"codes\": [\"unit_reused\", \"unit_other_client\", \"rest\"], "
			         "\"reason\": \"all six clients came at the same minute\"}}",
			         today, unit);
			struct answer a;
			http_call(port, "POST", path, &pat, pat.csrf, body, &a);
			int status = a.status;
			const char *code =
			    status == 409 ? json_string_value(json_object_get(
			                        json_array_get(json_object_get(
			                                           json_object_get(a.json, "error"),
			                                           "refusals"),
			                                       0),
			                        "code"))
			                  : "";
			bool unit_refused = code && (strcmp(code, "unit_reused") == 0 ||
			                             strcmp(code, "unit_other_client") == 0);
			http_free(&a);
			_exit(status == 201 ? 0 : status == 409 && unit_refused ? 3 : 12);
		}
	}
	close(go[0]);
	close(go[1]);
	int won = 0, refused = 0;
	for (int i = 0; i < RACERS; i++) {
		int status;
		waitpid(pids[i], &status, 0);
		assert_true(WIFEXITED(status));
		won += WEXITSTATUS(status) == 0;
		refused += WEXITSTATUS(status) == 3;
	}
	assert_int_equal(won, 1);
	assert_int_equal(refused, RACERS - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_route_happy),
	    cmocka_unit_test(test_every_route_needs_a_session),
	    cmocka_unit_test(test_every_route_checks_the_role),
	    cmocka_unit_test(test_every_change_needs_the_csrf_token),
	    cmocka_unit_test(test_every_body_is_checked),
	    cmocka_unit_test(test_every_route_limits_the_body),
	    cmocka_unit_test(test_clinics_are_isolated),
	    cmocka_unit_test(test_hostile_text_comes_back_verbatim),
	    cmocka_unit_test(test_hostile_bodies_and_addresses),
	    cmocka_unit_test(test_refusals_are_data),
	    cmocka_unit_test(test_one_unit_one_winner),
	    cmocka_unit_test(test_static_files_and_headers),
	    cmocka_unit_test(test_sign_in_sessions_and_sign_out),
	    cmocka_unit_test(test_sessions_expire),
	    cmocka_unit_test(test_reads_of_a_chart_are_audited),
	    cmocka_unit_test(test_slow_clients_time_out),
	    cmocka_unit_test(test_trickling_clients_do_not_stop_service),
	    cmocka_unit_test(test_a_trickling_body_is_cut),
	    cmocka_unit_test(test_sigterm_finishes_requests_in_flight),
	    cmocka_unit_test(test_the_log_says_each_request_and_no_secret),
	    cmocka_unit_test(test_conflicting_framing_is_refused_and_closed),
	    cmocka_unit_test(test_service_returns_after_postgresql_restarts),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
