/* needlepoint protocol show|check: read a protocol pack, or check that it loads. */
#include "cli.h"
#include "text.h"

#include "needlepoint/pack.h"

#include <string.h>

static void sources(FILE *out, const struct np_sources *s)
{
	for (size_t i = 0; i < s->n; i++)
		fprintf(out, "%s%s", i ? ", " : "", s->v[i]->id);
}

static void show(FILE *out, const struct np_pack *p)
{
	fprintf(out, "%s (protocol %s, version %s)\n\nzones, in the order of work:\n", p->title,
	        p->name, p->version);
	for (size_t i = 0; i < p->n_zones; i++) {
		const struct np_zone *z = &p->zones[i];
		fprintf(out, "  %2d %-18s %-6s %g-%g mm  ", z->order, z->id, z->region,
		        z->depth_mm[0], z->depth_mm[1]);
		for (int d = 0; d < NP_DEVICE_COUNT; d++)
			if (z->devices & (1u << d))
				fprintf(out, "%s ", np_device_name((enum np_device)d));
		fprintf(out, "(");
		sources(out, &z->sources);
		fprintf(out, ")\n");
	}
	fprintf(out, "\nindications: target depth, sessions, interval (chosen, then the range)\n");
	for (size_t i = 0; i < p->n_indications; i++) {
		const struct np_indication *ind = &p->indications[i];
		fprintf(out,
		        "  %-15s %g mm (%g-%g)  %d sessions (%d-%d)  every %d days (%d-%d)  %s (",
		        ind->id, ind->target_mm, ind->target_range_mm[0], ind->target_range_mm[1],
		        ind->sessions, ind->sessions_range[0], ind->sessions_range[1],
		        ind->interval_days, ind->interval_range_days[0],
		        ind->interval_range_days[1], np_tier_name(np_sources_tier(&ind->sources)));
		sources(out, &ind->sources);
		fprintf(out, ")\n");
	}
	fprintf(out, "\nrest before the same zone again:\n");
	for (size_t i = 0; i < p->n_rest; i++) {
		fprintf(out, "  up to %g mm: %d days (", p->rest[i].up_to_mm, p->rest[i].rest_days);
		sources(out, &p->rest[i].sources);
		fprintf(out, ")\n");
	}
	fprintf(out, "\nsettings:\n");
	for (size_t i = 0; i < p->n_settings; i++) {
		const struct np_setting *st = &p->settings[i];
		fprintf(out, "  %-6s depth cap %g mm", st->id, st->depth_cap_mm);
		if (st->zone_floor_mm > 0)
			fprintf(out, ", every zone from %g mm", st->zone_floor_mm);
		if (st->recommended_mm > 0)
			fprintf(out, ", %g mm recommended", st->recommended_mm);
		fprintf(out, "%s (",
		        st->course ? ", a course of sessions" : ", a routine counted in uses");
		sources(out, &st->sources);
		fprintf(out, ")\n");
	}
	fprintf(out, "  plans never choose deeper than %g mm: %s (", p->evaluated.over_mm,
	        p->evaluated.text);
	sources(out, &p->evaluated.sources);
	const struct np_anaesthetic *an = &p->session.anaesthetic;
	fprintf(out, ")\n\nnumbing cream: %d minutes (%d-%d, at most %d): %s (", an->minutes,
	        an->range_minutes[0], an->range_minutes[1], an->max_minutes, an->limit);
	sources(out, &an->sources);
	fprintf(out, ")\n");
	fprintf(out, "\nscreening rules:\n");
	for (size_t i = 0; i < p->n_rules; i++)
		fprintf(out, "  %-8s %-26s %s\n", np_decision_name(p->rules[i].decision),
		        p->rules[i].id, p->rules[i].message);
	fprintf(out, "\nadjustments a screening makes to a plan:\n");
	for (size_t i = 0; i < p->n_adjustments; i++) {
		fprintf(out, "  %-28s %s (", p->adjustments[i].id, p->adjustments[i].message);
		sources(out, &p->adjustments[i].sources);
		fprintf(out, ")\n");
	}
	fprintf(out,
	        "\nrefusals, and who may override them (a reason of at least %d characters):\n",
	        p->refusals.reason_min_chars);
	for (int c = 0; c < NP_REFUSE_COUNT; c++)
		fprintf(out, "  %-22s %-12s %s\n", np_refusal_code_name((enum np_refusal_code)c),
		        np_override_name(p->refusals.codes[c].who), p->refusals.codes[c].name);
	fprintf(out, "\nintake vocabulary:\n");
	for (int v = 0; v < NP_VOCAB_COUNT; v++) {
		fprintf(out, "  %s:", np_vocab_name((enum np_vocab)v));
		for (size_t i = 0; i < p->n_vocab[v]; i++)
			fprintf(out, " %s", p->vocab[v][i].id);
		fprintf(out, "\n");
	}
	fprintf(out, "\nsources:\n");
	for (size_t i = 0; i < p->n_sources; i++)
		fprintf(out, "  %-26s %-9s %s%s%s\n", p->sources[i].id,
		        np_tier_name(p->sources[i].tier), p->sources[i].citation,
		        p->sources[i].note ? "\n                                       " : "",
		        p->sources[i].note ? p->sources[i].note : "");
	/* what the pack leaves out on purpose: kept in its document, as written */
	const json_t *omitted = json_object_get(np_pack_document(p), "omitted");
	if (json_array_size(omitted))
		fprintf(out, "\nleft out, and why:\n");
	size_t i;
	const json_t *o;
	json_array_foreach(omitted, i, o)
	    fprintf(out, "  %s: %s\n", json_string_value(json_object_get(o, "topic")),
	            json_string_value(json_object_get(o, "reason")));
}

/* The text view of a check report. */
static void check_text(FILE *out, const json_t *r)
{
	fprintf(out, "%s: ok: %s %s, %d zones, %d indications, %d rules, %d sources\n",
	        json_string_value(json_object_get(r, "file")),
	        json_string_value(json_object_get(r, "name")),
	        json_string_value(json_object_get(r, "version")),
	        (int)json_integer_value(json_object_get(r, "zones")),
	        (int)json_integer_value(json_object_get(r, "indications")),
	        (int)json_integer_value(json_object_get(r, "rules")),
	        (int)json_integer_value(json_object_get(r, "sources")));
}

int np_cmd_protocol(struct np_cli *cli)
{
	if (cli->n_args < 1 || cli->n_args > 2 ||
	    (strcmp(cli->args[0], "show") && strcmp(cli->args[0], "check")))
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "expected 'protocol show [FILE]' or "
		                   "'protocol check [FILE]'");
	const char *path = cli->n_args == 2 ? cli->args[1] : cli->protocol_path;
	struct np_pack *pack;
	if (np_pack_load_file(&pack, path) != 0)
		return np_cli_fail_last(cli);
	int rc = NP_EXIT_OK;
	if (strcmp(cli->args[0], "check") == 0) {
		rc = np_cli_print_answer(
		    cli,
		    json_pack("{s:s, s:b, s:s, s:s, s:i, s:i, s:i, s:i}", "file", path, "ok", 1,
		              "name", pack->name, "version", pack->version, "zones",
		              (int)pack->n_zones, "indications", (int)pack->n_indications, "rules",
		              (int)pack->n_rules, "sources", (int)pack->n_sources),
		    check_text);
	} else if (cli->json) {
		rc = np_cli_print_json(cli, json_deep_copy(np_pack_document(pack)));
	} else {
		show(cli->out, pack);
	}
	np_pack_free(pack);
	return rc;
}
