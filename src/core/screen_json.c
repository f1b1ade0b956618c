/* A screening as the JSON contract (docs/json.md). */
#include "needlepoint/screen.h"

#include "json_out.h"

static json_t *zone_ids(const struct np_zone *const *zones, size_t n)
{
	json_t *ids = json_array();
	for (size_t i = 0; ids != NULL && i < n; i++)
		if (json_array_append_new(ids, json_string(zones[i]->id)) != 0) {
			json_decref(ids);
			return NULL;
		}
	return ids;
}

static json_t *finding_json(const struct np_finding *f)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o}", "rule", f->rule->id,
	                      "decision", np_decision_name(f->decision), "scope",
	                      f->zone_scoped ? "zones" : "client", "until", np_json_date(f->until),
	                      "zones", zone_ids(f->zones, f->n_zones), "message", f->rule->message,
	                      "tier", np_tier_name(np_sources_tier(&f->rule->sources)), "sources",
	                      np_json_sources(&f->rule->sources));
	if (j == NULL || f->n_unlisted == 0)
		return j;
	json_t *entries = json_array();
	for (size_t i = 0; entries != NULL && i < f->n_unlisted; i++)
		json_array_append_new(entries, json_pack("{s:s, s:s}", "kind",
		                                         np_vocab_singular(f->unlisted[i]->kind),
		                                         "text", f->unlisted[i]->text));
	json_object_set_new(j, "unlisted", entries);
	return j;
}

json_t *np_screening_to_json(const struct np_screening *s)
{
	json_t *findings = json_array();
	for (size_t i = 0; findings != NULL && i < s->n_findings; i++)
		if (json_array_append_new(findings, finding_json(&s->findings[i])) != 0) {
			json_decref(findings);
			findings = NULL;
		}
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "decision",
	                 np_decision_name(s->decision), "until", np_json_date(s->until), "on",
	                 np_json_date(s->on), "findings", findings, "excluded_zones",
	                 zone_ids(s->excluded, s->n_excluded), "protocol",
	                 np_json_protocol(s->pack));
}
