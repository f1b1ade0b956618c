/* The store tests' fixture: see fixture.h. */
#include "fixture.h"

#include "../../src/store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const struct np_pack *fx_pack(void)
{
	static struct np_pack *pack;
	if (pack == NULL && np_pack_load_file(&pack, NP_STANDARD_PACK) != 0)
		fail_msg("standard pack: %s", np_error_last());
	return pack;
}

const char *fx_target(void)
{
	static char path[256];
	const char *env = getenv("NP_TEST_DB");
	if (env && *env)
		return env;
	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/np-store-test-%ld.db", (long)getpid());
	return path;
}

struct np_store *fx_open(void)
{
	struct np_store *s = NULL;
	if (np_store_open(&s, fx_target(), fx_pack()) != 0)
		fail_msg("open %s: %s", fx_target(), np_error_last());
	return s;
}

json_t *fx_json(const char *fmt, ...)
{
	char text[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	json_error_t err;
	json_t *j = json_loads(text, 0, &err);
	if (j == NULL)
		fail_msg("bad test JSON: %s: %s", err.text, text);
	return j;
}

int64_t fx_id(json_t *answer)
{
	assert_non_null(answer);
	int64_t id = json_integer_value(json_object_get(answer, "id"));
	json_decref(answer);
	return id;
}

static void must(int rc, const char *what)
{
	if (rc != 0)
		fail_msg("%s: %s", what, np_error_last());
}

void fx_clinic(struct np_store *s, struct fx_clinic *c, bool home)
{
	static int n;
	char name[64], user[128];
	/* unique across processes and runs on one database */
	snprintf(name, sizeof name, "%ld-%d-%ld", (long)getpid(), ++n, (long)time(NULL));
	json_t *out = NULL;
	json_t *in = fx_json("{\"clinic\": \"clinic %s\", \"admin\": \"admin-%s\", "
	                     "\"time_zone\": \"UTC\", \"home\": %s}",
	                     name, name, home ? "true" : "false");
	must(np_store_init(&out, s, in), "init");
	c->home_client = json_integer_value(json_object_get(out, "client_id"));
	json_decref(in);
	json_decref(out);
	snprintf(user, sizeof user, "admin-%s", name);
	must(np_store_actor(&c->admin, s, user), "admin");
	const char *roles[] = {"practitioner", "reception"};
	struct np_actor *actors[] = {&c->practitioner, &c->reception};
	for (int i = 0; i < 2; i++) {
		snprintf(user, sizeof user, "%s-%s", roles[i], name);
		in = fx_json("{\"name\": \"%s\", \"role\": \"%s\"}", user, roles[i]);
		must(np_user_add(&out, s, &c->admin, in), "user add");
		json_decref(in);
		json_decref(out);
		must(np_store_actor(actors[i], s, user), "actor");
	}
}

void fx_today(struct fx_clinic *c, const char *day)
{
	np_day d;
	if (np_date_parse(&d, day) != 0)
		fail_msg("bad test day %s", day);
	c->admin.today = c->practitioner.today = c->reception.today = d;
}

int64_t fx_ready_client(struct np_store *s, struct fx_clinic *c, const char *day)
{
	fx_today(c, day);
	const struct np_actor *p = &c->practitioner;
	json_t *out = NULL, *in;
	int64_t client = c->home_client;
	if (!client) {
		/* each a person of their own, however many the test makes alike */
		in = fx_json(
		    "{\"name\": \"Client\", \"birth_date\": \"1990-01-01\", \"duplicate\": true}");
		must(np_client_add(&out, s, p, in), "client add");
		json_decref(in);
		client = fx_id(out);
	}
	in = fx_json("{\"birth_date\": \"1990-01-01\", \"fitzpatrick\": 2}");
	must(np_intake_add(&out, s, p, client, in), "intake add");
	json_decref(in);
	json_decref(out);
	np_day on;
	np_date_parse(&on, day);
	must(np_screening_run(&out, s, p, client, on), "screen");
	assert_string_equal(json_string_value(json_object_get(out, "decision")), "proceed");
	json_decref(out);
	must(np_consent_sign(&out, s, p, client, "microneedling", "Client", on), "consent");
	json_decref(out);
	return client;
}

int64_t fx_lot(struct np_store *s, const struct fx_clinic *c, int n, bool single_use)
{
	return fx_lot_of(s, c, n, single_use, c->admin.home ? "roller" : "pen");
}

int64_t fx_lot_of(struct np_store *s, const struct fx_clinic *c, int n, bool single_use,
                  const char *kind)
{
	static int lots;
	json_t *out = NULL;
	json_t *in = fx_json("{\"product\": \"cartridge\", \"lot\": \"L%ld-%d\", \"kind\": \"%s\", "
	                     "\"expires\": \"2030-01-01\", \"quantity\": %d, \"single_use\": %s}",
	                     (long)getpid(), ++lots, kind, n, single_use ? "true" : "false");
	must(np_lot_add(&out, s, &c->practitioner, in), "lot add");
	json_decref(in);
	int64_t first = json_integer_value(
	    json_object_get(json_array_get(json_object_get(out, "units"), 0), "id"));
	json_decref(out);
	return first;
}

void fx_product(struct np_store *s, const struct fx_clinic *c, const char *name, const char *lot,
                bool sterile)
{
	json_t *out = NULL;
	json_t *in = fx_json("{\"product\": \"%s\", \"lot\": \"%s\", \"kind\": \"product\", "
	                     "\"expires\": \"2030-01-01\", \"quantity\": 10, \"single_use\": true, "
	                     "\"sterile\": %s}",
	                     name, lot, sterile ? "true" : "false");
	must(np_lot_add(&out, s, &c->practitioner, in), "product lot add");
	json_decref(in);
	json_decref(out);
}

int64_t fx_pen(struct np_store *s, const struct fx_clinic *c)
{
	static int pens;
	json_t *out = NULL;
	json_t *in = fx_json("{\"kind\": \"%s\", \"serial\": \"SN-%ld-%d\"}",
	                     c->admin.home ? "roller" : "pen", (long)getpid(), ++pens);
	must(np_device_add(&out, s, &c->practitioner, in), "device add");
	json_decref(in);
	return fx_id(out);
}

json_t *fx_session(const char *day, int64_t device, int64_t unit, const char *zone, double depth)
{
	json_t *in = fx_json("{\"date\": \"%s\", \"unit\": %lld, \"zones\": [{\"zone\": "
	                     "\"%s\", \"depth_mm\": %g, \"passes\": 2, \"pattern\": \"circles\"}], "
	                     "\"sterilised_before\": true, \"sterilised_after\": true}",
	                     day, (long long)unit, zone, depth);
	if (device)
		json_object_set_new(in, "device", json_integer(device));
	return in;
}

json_t *fx_passes(json_t *in, int passes)
{
	json_object_set_new(json_array_get(json_object_get(in, "zones"), 0), "passes",
	                    json_integer(passes));
	return in;
}

void fx_sql(const char *fmt, ...)
{
	char sql[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	struct np_db *db = NULL;
	if (np_db_open(&db, fx_target()) != 0 || db->driver->exec(db, sql) != 0)
		fail_msg("%s: %s", sql, np_error_last());
	np_db_close(db);
}

json_t *fx_override(json_t *in, const char *codes, const char *reason)
{
	json_t *list = json_array();
	for (const char *p = codes; *p;) {
		size_t n = strcspn(p, ",");
		json_array_append_new(list, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	json_object_set_new(in, "override",
	                    json_pack("{s:o, s:s}", "codes", list, "reason", reason));
	return in;
}

const char *fx_refused_codes(void)
{
	static char codes[1024];
	codes[0] = '\0';
	size_t i;
	json_t *r;
	json_array_foreach(np_error_refusals(), i, r)
	    snprintf(codes + strlen(codes), sizeof codes - strlen(codes), "%s%s", i ? "," : "",
	             json_string_value(json_object_get(r, "code")));
	return codes;
}

void fx_error(int rc, int code, const char *text)
{
	if (rc != code)
		fail_msg("expected error %d, got %d: %s", code, rc, np_error_last());
	if (strstr(np_error_last(), text) == NULL)
		fail_msg("'%s' not in the error: %s", text, np_error_last());
}

void fx_audit_ok(struct np_store *s, const struct np_actor *admin)
{
	json_t *out = NULL;
	must(np_audit_verify(&out, s, admin), "audit verify");
	if (!json_is_true(json_object_get(out, "ok"))) {
		char *text = json_dumps(json_object_get(out, "problems"), JSON_INDENT(1));
		fail_msg("the audit trail does not verify: %s", text);
	}
	json_decref(out);
}

void fx_cleanup(void)
{
	if (getenv("NP_TEST_DB") != NULL)
		return;
	char path[300];
	const char *suffixes[] = {"", "-wal", "-shm", ".key", ".checkpoints"};
	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof path, "%s%s", fx_target(), suffixes[i]);
		unlink(path);
	}
}
