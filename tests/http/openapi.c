/* docs/openapi.json describes the route table exactly: every route there with its roles, whether
 * it needs a session and the body it takes, and nothing the table does not have. */
#include "http.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static json_t *doc;

static int load(void **state)
{
	(void)state;
	json_error_t e;
	doc = json_load_file(NP_SOURCE_DIR "/docs/openapi.json", JSON_REJECT_DUPLICATES, &e);
	if (doc == NULL)
		fail_msg("docs/openapi.json: %s (line %d)", e.text, e.line);
	return 0;
}

static int unload(void **state)
{
	(void)state;
	json_decref(doc);
	return 0;
}

static void lower(const char *in, char *out, size_t size)
{
	size_t i = 0;
	for (; in[i] && i + 1 < size; i++)
		out[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32 : in[i]);
	out[i] = '\0';
}

static void test_every_route_is_documented(void **state)
{
	(void)state;
	json_t *paths = json_object_get(doc, "paths");
	for (const struct np_route *r = np_routes; r->method; r++) {
		char method[8];
		lower(r->method, method, sizeof method);
		json_t *op = json_object_get(json_object_get(paths, r->pattern), method);
		if (op == NULL)
			fail_msg("%s %s is not in docs/openapi.json", r->method, r->pattern);
		json_t *roles = json_object_get(op, "x-roles");
		unsigned documented = 0;
		size_t i;
		json_t *v;
		json_array_foreach(roles, i, v)
		{
			for (int role = 0; role < NP_ROLE_COUNT; role++)
				if (strcmp(json_string_value(v), np_role_name(role)) == 0)
					documented |= NP_HTTP_ROLE(role);
		}
		if (documented != r->roles)
			fail_msg("%s %s: x-roles says %#x, the table %#x", r->method, r->pattern,
			         documented, r->roles);
		json_t *security = json_object_get(op, "security");
		bool public = security && json_array_size(security) == 0;
		if (public != ((r->flags & NP_ROUTE_PUBLIC) != 0))
			fail_msg("%s %s: public in one, not in the other", r->method, r->pattern);
		if ((json_object_get(op, "requestBody") != NULL) != (r->body != NULL))
			fail_msg("%s %s: a body in one, not in the other", r->method, r->pattern);
		const char *ok = r->flags & NP_ROUTE_CREATES ? "201" : "200";
		if (json_object_get(json_object_get(op, "responses"), ok) == NULL)
			fail_msg("%s %s: no %s answer documented", r->method, r->pattern, ok);
	}
}

/* The body schemas' fields, as the router checks them. */
static void test_every_body_schema_is_documented(void **state)
{
	(void)state;
	json_t *paths = json_object_get(doc, "paths");
	json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	for (const struct np_route *r = np_routes; r->method; r++) {
		if (r->body == NULL || r->body->open)
			continue;
		char method[8];
		lower(r->method, method, sizeof method);
		const char *ref = json_string_value(json_object_get(
		    json_object_get(
		        json_object_get(
		            json_object_get(
		                json_object_get(
		                    json_object_get(json_object_get(paths, r->pattern), method),
		                    "requestBody"),
		                "content"),
		            "application/json"),
		        "schema"),
		    "$ref"));
		assert_non_null(ref);
		const char *name = strrchr(ref, '/') + 1;
		json_t *props = json_object_get(json_object_get(schemas, name), "properties");
		size_t n = 0;
		for (const struct np_field *f = r->body->fields; f->name; f++, n++)
			if (json_object_get(props, f->name) == NULL)
				fail_msg("%s %s: field %s is not in schema %s", r->method,
				         r->pattern, f->name, name);
		if (json_object_size(props) != n)
			fail_msg("%s %s: schema %s has %zu fields, the route %zu", r->method,
			         r->pattern, name, json_object_size(props), n);
	}
}

static void test_nothing_is_documented_that_is_not_served(void **state)
{
	(void)state;
	const char *path, *method;
	json_t *ops, *op;
	json_object_foreach(json_object_get(doc, "paths"), path, ops)
	{
		json_object_foreach(ops, method, op)
		{
			const struct np_route *r = np_routes;
			for (char m[8]; r->method; r++) {
				lower(r->method, m, sizeof m);
				if (strcmp(m, method) == 0 && strcmp(r->pattern, path) == 0)
					break;
			}
			if (r->method == NULL)
				fail_msg(
				    "docs/openapi.json has %s %s, which the server does not serve",
				    method, path);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_route_is_documented),
	    cmocka_unit_test(test_every_body_schema_is_documented),
	    cmocka_unit_test(test_nothing_is_documented_that_is_not_served),
	};
	return cmocka_run_group_tests(tests, load, unload);
}
