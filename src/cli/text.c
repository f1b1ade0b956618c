/* Text views of the answers, read from the same JSON the --json option prints, so that both say
 * the same thing. */
#include "text.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static double num(const json_t *obj, const char *key)
{
	return json_number_value(json_object_get(obj, key));
}

void np_text_list(FILE *out, const json_t *strings)
{
	size_t i;
	json_t *s;
	json_array_foreach(strings, i, s) fprintf(out, "%s%s", i ? ", " : "", json_string_value(s));
}

static void upper(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s, out);
}

static void protocol_line(FILE *out, const json_t *j)
{
	const json_t *p = json_object_get(j, "protocol");
	fprintf(out, "protocol: %s %s\n", str(p, "name"), str(p, "version"));
}

void np_text_screening(FILE *out, const json_t *s)
{
	fprintf(out, "decision: ");
	upper(out, str(s, "decision"));
	if (json_is_string(json_object_get(s, "until")))
		fprintf(out, " until %s", str(s, "until"));
	else if (strcmp(str(s, "decision"), "defer") == 0)
		fprintf(out, " until resolved");
	fprintf(out, "  (screened on %s)\n", str(s, "on"));
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(s, "findings"), i, f)
	{
		fprintf(out, "  %-8s %s", str(f, "decision"), str(f, "rule"));
		if (json_is_string(json_object_get(f, "until")))
			fprintf(out, " until %s", str(f, "until"));
		if (json_array_size(json_object_get(f, "zones"))) {
			bool only = strcmp(str(f, "scope"), "zones") == 0;
			fprintf(out, only ? " (these zones only: " : " (above all: ");
			np_text_list(out, json_object_get(f, "zones"));
			fprintf(out, ")");
		}
		fprintf(out, "\n           %s\n", str(f, "message"));
		size_t k;
		json_t *u;
		json_array_foreach(json_object_get(f, "unlisted"), k, u)
		    fprintf(out, "           - %s: %s\n", str(u, "kind"), str(u, "text"));
		fprintf(out, "           tier %s; sources: ", str(f, "tier"));
		np_text_list(out, json_object_get(f, "sources"));
		fputc('\n', out);
	}
	if (json_array_size(json_object_get(s, "findings")) == 0)
		fprintf(out, "  no rule of the protocol applies\n");
	if (json_array_size(json_object_get(s, "excluded_zones"))) {
		fprintf(out, "excluded zones: ");
		np_text_list(out, json_object_get(s, "excluded_zones"));
		fputc('\n', out);
	}
	protocol_line(out, s);
}

static void warnings(FILE *out, const json_t *list)
{
	if (json_array_size(list) == 0)
		return;
	fprintf(out, "warnings:\n");
	size_t i;
	json_t *w;
	json_array_foreach(list, i, w)
	{
		if (json_is_string(w)) {
			fprintf(out, "  - %s\n", json_string_value(w));
			continue;
		}
		fprintf(out, "  - %s (", str(w, "message"));
		np_text_list(out, json_object_get(w, "sources"));
		fprintf(out, ")\n");
	}
}

static void int_range(char *out, size_t size, const json_t *range)
{
	snprintf(out, size, "%d-%d", (int)json_number_value(json_array_get(range, 0)),
	         (int)json_number_value(json_array_get(range, 1)));
}

static void text_course(FILE *out, const json_t *p, const json_t *course)
{
	char sessions[32], interval[32];
	if (strcmp(str(course, "kind"), "routine") == 0) {
		fprintf(out,
		        "routine for %s (%s, %s, %s skin): rest %d days between uses (%s); "
		        "replace the roller after %d uses (%s)\n",
		        str(course, "indication"), str(p, "setting"), str(p, "device"),
		        str(p, "skin"), (int)num(course, "rest_days"), str(course, "rest_tier"),
		        (int)num(course, "replace_after_uses"), str(course, "replace_tier"));
		return;
	}
	int_range(sessions, sizeof sessions, json_object_get(course, "sessions_range"));
	int_range(interval, sizeof interval, json_object_get(course, "interval_range_days"));
	fprintf(out,
	        "course: %d sessions (%s) every %d days (%s), for %s (%s; %s, %s, %s skin)\n"
	        "  dates: ",
	        (int)num(course, "sessions"), sessions, (int)num(course, "interval_days"), interval,
	        str(course, "indication"), str(course, "tier"), str(p, "setting"), str(p, "device"),
	        str(p, "skin"));
	np_text_list(out, json_object_get(course, "dates"));
	if (json_array_size(json_object_get(course, "reviews"))) {
		fprintf(out, "\n  outcome reviews: ");
		np_text_list(out, json_object_get(course, "reviews"));
		fprintf(out, " (");
		np_text_list(out, json_object_get(course, "review_sources"));
		fprintf(out, ")");
	}
	fputc('\n', out);
}

static void text_anaesthetic(FILE *out, const json_t *a)
{
	if (json_is_string(json_object_get(a, "none"))) {
		fprintf(out, "anaesthetic: %s (", str(a, "none"));
		np_text_list(out, json_object_get(a, "sources"));
		fprintf(out, ")\n");
		return;
	}
	char range[32];
	int_range(range, sizeof range, json_object_get(a, "range_minutes"));
	fprintf(out, "anaesthetic: numbing cream %d minutes (%s, at most %d; %s) on ",
	        (int)num(a, "minutes"), range, (int)num(a, "max_minutes"), str(a, "tier"));
	np_text_list(out, json_object_get(a, "regions"));
	fprintf(out, " only\n  %s\n", str(a, "limit"));
}

void np_text_plan(FILE *out, const json_t *p)
{
	text_course(out, p, json_object_get(p, "course"));
	fprintf(out, "\norder  zone               depth   range        passes  indication\n");
	size_t i;
	json_t *z;
	json_array_foreach(json_object_get(p, "zones"), i, z)
	{
		const json_t *range = json_object_get(z, "range_mm");
		char range_text[32], depth_text[16], passes[16];
		snprintf(range_text, sizeof range_text, "%g-%g mm",
		         json_number_value(json_array_get(range, 0)),
		         json_number_value(json_array_get(range, 1)));
		snprintf(depth_text, sizeof depth_text, "%g mm", num(z, "depth_mm"));
		int_range(passes, sizeof passes, json_object_get(z, "passes_range"));
		fprintf(out, "%5d  %-18s %-7s %-12s %3d (%s)  %s\n", (int)num(z, "order"),
		        str(z, "name"), depth_text, range_text, (int)num(z, "passes"), passes,
		        str(z, "indication"));
		fprintf(out, "       depth: %s; passes: %s; rest: %s\n", str(z, "depth_tier"),
		        str(z, "passes_tier"), str(z, "rest_tier"));
		fprintf(out, "       pattern: %s\n", str(z, "pattern"));
		size_t k;
		json_t *why;
		json_array_foreach(json_object_get(z, "why"), k, why)
		    fprintf(out, "       - %s\n", json_string_value(why));
	}
	json_t *e;
	json_array_foreach(json_object_get(p, "excluded"), i, e)
	{
		fprintf(out, "%s%s: %s\n", i ? "  " : "excluded:\n  ", str(e, "zone"),
		        str(e, "reason"));
	}
	const json_t *density = json_object_get(p, "density");
	const json_t *target = json_object_get(density, "target_per_cm2");
	const json_t *minutes = json_object_get(p, "duration_minutes");
	fprintf(out, "\ndensity target %g-%g punctures/cm2 (%s); needling %g-%g minutes\n",
	        json_number_value(json_array_get(target, 0)),
	        json_number_value(json_array_get(target, 1)), str(density, "tier"),
	        json_number_value(json_array_get(minutes, 0)),
	        json_number_value(json_array_get(minutes, 1)));
	text_anaesthetic(out, json_object_get(p, "anaesthetic"));
	fprintf(out, "finish: %s\n", str(json_object_get(p, "finish"), "text"));
	warnings(out, json_object_get(p, "warnings"));
	protocol_line(out, p);
}

void np_text_schedule(FILE *out, const json_t *s)
{
	fprintf(out, "on %s: %s", str(s, "on"),
	        json_is_true(json_object_get(s, "ready")) ? "ready" : "not yet");
	if (json_is_string(json_object_get(s, "earliest")))
		fprintf(out, " (every zone may be needled from %s)", str(s, "earliest"));
	fprintf(out, "\n");
	size_t i;
	json_t *z;
	json_array_foreach(json_object_get(s, "zones"), i, z) fprintf(
	    out, "  %-18s last %s at %g mm: rest %d days, from %s%s\n", str(z, "zone"),
	    str(z, "last"), num(z, "depth_mm"), (int)num(z, "rest_days"), str(z, "eligible_from"),
	    json_is_true(json_object_get(z, "rest_overridden")) ? " (indication's rest)" : "");
	if (json_array_size(json_object_get(s, "zones")) == 0)
		fprintf(out, "  no session in the history\n");
	warnings(out, json_object_get(s, "warnings"));
	protocol_line(out, s);
}

void np_text_refusals(FILE *out, const json_t *refusals)
{
	size_t i;
	json_t *r;
	json_array_foreach(refusals, i, r)
	{
		const char *who = str(r, "override");
		fprintf(out, "  - %s\n    (%s; %s)\n", str(r, "message"), str(r, "code"),
		        strcmp(who, "never") == 0   ? "no override lifts it"
		        : strcmp(who, "admin") == 0 ? "an admin may override it"
		                                    : "a practitioner may override it");
	}
}

void np_text_gate(FILE *out, const json_t *g)
{
	const char *decision = str(g, "decision");
	const json_t *refusals = json_object_get(g, "refusals");
	if (strcmp(decision, "go") == 0)
		fprintf(out, "go: nothing stands against it\n");
	else
		fprintf(out, "%s: %zu reason%s\n", decision, json_array_size(refusals),
		        json_array_size(refusals) == 1 ? "" : "s");
	np_text_refusals(out, refusals);
	if (json_is_string(json_object_get(g, "earliest")))
		fprintf(out, "earliest: %s\n", str(g, "earliest"));
}

void np_text_dose(FILE *out, const json_t *d)
{
	const json_t *target = json_object_get(d, "target_per_cm2");
	fprintf(out,
	        "%s: %g punctures/cm2 per pass; %d passes give %g/cm2\n"
	        "target %g-%g/cm2: %d passes reach it (",
	        str(d, "device"), num(d, "per_pass_per_cm2"), (int)num(d, "passes"),
	        num(d, "total_per_cm2"), json_number_value(json_array_get(target, 0)),
	        json_number_value(json_array_get(target, 1)), (int)num(d, "passes_for_target"));
	np_text_list(out, json_object_get(d, "sources"));
	fprintf(out, ")\n");
}

void np_text_aftercare(FILE *out, const json_t *a)
{
	const json_t *red = json_object_get(a, "redness_days");
	fprintf(out, "aftercare for %g mm on %s: expect redness for %g-%g days\n",
	        num(a, "depth_mm"), str(a, "date"), json_number_value(json_array_get(red, 0)),
	        json_number_value(json_array_get(red, 1)));
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(a, "timeline"), i, d)
	{
		fprintf(out, "\nday %d, %s\n", (int)num(d, "day"), str(d, "date"));
		size_t k;
		json_t *item;
		json_array_foreach(json_object_get(d, "do"), k, item)
		    fprintf(out, "  + %s\n", json_string_value(item));
		json_array_foreach(json_object_get(d, "avoid"), k, item)
		    fprintf(out, "  - %s\n", json_string_value(item));
	}
	fprintf(out,
	        "\ndaily sun protection until %s\ncontact the clinic for: ", str(a, "spf_until"));
	np_text_list(out, json_object_get(a, "warning_signs"));
	fprintf(out, "\n");
	protocol_line(out, a);
}
