/* Text views of records: a record as "key: value" lines, a list as one line per record, and a
 * chart as a dated timeline. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

static void value(FILE *out, const json_t *v)
{
	if (json_is_string(v))
		fputs(json_string_value(v), out);
	else if (json_is_array(v) && json_array_size(v) == 0)
		fputs("none", out);
	else if (json_is_null(v))
		fputs("-", out);
	else {
		char *text =
		    json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(10));
		fputs(text ? text : "?", out);
		free(text);
	}
}

void np_text_record(FILE *out, const json_t *record)
{
	if (json_is_array(record)) {
		np_text_records(out, record);
		return;
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)record, key, v)
	{
		/* long texts and the engine's answers are for --json */
		if (strcmp(key, "text") == 0 || strcmp(key, "aftercare") == 0 ||
		    strcmp(key, "result") == 0 || strcmp(key, "plan") == 0 ||
		    strcmp(key, "request") == 0 || strcmp(key, "intake") == 0)
			continue;
		fprintf(out, "%s: ", key);
		value(out, v);
		fputc('\n', out);
	}
}

/* The fields that say what a record is, in the order shown. */
static const char *const summary_keys[] = {
    "name",      "role",       "kind",      "serial",       "product",  "lot",
    "expires",   "version",    "on",        "date",         "decision", "form",
    "signed_on", "expires_on", "status",    "indication",   "scale",    "value",
    "type",      "severity",   "seq",       "at",           "user",     "action",
    "entity",    "entity_id",  "client_id", "units_unused", NULL};

void np_text_records(FILE *out, const json_t *records)
{
	size_t i;
	json_t *r;
	if (json_array_size(records) == 0)
		fputs("(none)\n", out);
	json_array_foreach(records, i, r)
	{
		json_t *id = json_object_get(r, "id");
		if (id)
			fprintf(out, "%lld", (long long)json_integer_value(id));
		for (size_t k = 0; summary_keys[k]; k++) {
			json_t *v = json_object_get(r, summary_keys[k]);
			if (v == NULL || json_is_null(v))
				continue;
			fputs(id || k ? "  " : "", out);
			value(out, v);
		}
		fputc('\n', out);
	}
}

static const char *summary(const json_t *e, char *buf, size_t size)
{
	const char *kind = json_string_value(json_object_get(e, "kind"));
	const json_t *r = json_object_get(e, "record");
#define S(key) json_string_value(json_object_get(r, key))
	if (strcmp(kind, "intake") == 0)
		snprintf(buf, size, "health history, version %lld",
		         (long long)json_integer_value(json_object_get(r, "version")));
	else if (strcmp(kind, "screening") == 0)
		snprintf(buf, size, "screening: %s%s%s%s", S("decision"),
		         S("until") ? " until " : "", S("until") ? S("until") : "",
		         json_is_object(json_object_get(r, "acknowledged")) ? " (acknowledged)"
		                                                            : "");
	else if (strcmp(kind, "consent") == 0)
		snprintf(buf, size, "consent '%s' v%s signed by %s, due again %s", S("form"),
		         S("version"), S("signer"), S("expires_on"));
	else if (strcmp(kind, "plan") == 0 &&
	         json_integer_value(json_object_get(r, "sessions_planned")) == 0)
		snprintf(buf, size, "plan: %s, a routine at home", S("indication"));
	else if (strcmp(kind, "plan") == 0)
		snprintf(buf, size, "plan: %s, %lld sessions", S("indication"),
		         (long long)json_integer_value(json_object_get(r, "sessions_planned")));
	else if (strcmp(kind, "session") == 0) {
		int n = snprintf(buf, size, "session by %s:", S("practitioner"));
		size_t i;
		json_t *z;
		json_array_foreach(json_object_get(r, "zones"), i, z)
		{
			if (n > 0 && (size_t)n < size)
				n += snprintf(buf + n, size - (size_t)n, " %s %.2g mm",
				              json_string_value(json_object_get(z, "zone")),
				              json_number_value(json_object_get(z, "depth_mm")));
		}
		if (json_is_object(json_object_get(r, "override")) && n > 0 && (size_t)n < size)
			snprintf(buf + n, size - (size_t)n, " (overridden)");
	} else if (strcmp(kind, "adverse_event") == 0)
		snprintf(buf, size, "adverse event: %s, %s, %s", S("type"), S("severity"),
		         S("status"));
	else if (strcmp(kind, "outcome") == 0 && json_is_string(json_object_get(r, "shown")))
		snprintf(buf, size, "outcome: %s (%s is better)", S("shown"), S("better"));
	else if (strcmp(kind, "outcome") == 0)
		snprintf(buf, size, "outcome: %s %g", S("scale"),
		         json_number_value(json_object_get(r, "value")));
	else
		snprintf(buf, size, "%s", kind);
#undef S
	return buf;
}

void np_text_history(FILE *out, const json_t *chart)
{
	const json_t *c = json_object_get(chart, "client");
	fprintf(out, "client %lld: %s\n", (long long)json_integer_value(json_object_get(c, "id")),
	        json_string_value(json_object_get(c, "name")));
	size_t i;
	json_t *e;
	char buf[1024];
	const char *more = json_string_value(json_object_get(chart, "more"));
	if (more)
		fprintf(out, "(older entries continue before %s)\n", more);
	json_array_foreach(json_object_get(chart, "timeline"), i, e)
	    fprintf(out, "%s  %s\n", json_string_value(json_object_get(e, "date")),
	            summary(e, buf, sizeof buf));
	json_array_foreach(json_object_get(chart, "reviews"), i, e)
	    fprintf(out, "%s  outcome review, %lld months after the course (plan %lld): %s\n",
	            json_string_value(json_object_get(e, "due")),
	            (long long)json_integer_value(json_object_get(e, "months")),
	            (long long)json_integer_value(json_object_get(e, "plan")),
	            json_string_value(json_object_get(e, "status")));
}
