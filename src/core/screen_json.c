/* A screening as the JSON contract (docs/json.md), written straight into text; the tree is that
 * text parsed, for callers that read it. */
#include "needlepoint/screen.h"

#include "jw.h"

#include <stdlib.h>

static void zone_ids(struct np_jw *w, const struct np_zone *const *zones, size_t n)
{
	np_jw_array(w);
	for (size_t i = 0; i < n; i++)
		np_jw_string(w, zones[i]->id);
	np_jw_end(w);
}

static void finding(struct np_jw *w, const struct np_finding *f)
{
	const struct np_sources *sources[] = {&f->rule->sources};
	np_jw_object(w);
	np_jw_kstring(w, "rule", f->rule->id);
	np_jw_kstring(w, "decision", np_decision_name(f->decision));
	np_jw_kstring(w, "scope", f->zone_scoped ? "zones" : "client");
	np_jw_key(w, "until");
	np_jw_date(w, f->until);
	np_jw_key(w, "zones");
	zone_ids(w, f->zones, f->n_zones);
	np_jw_kstring(w, "message", f->rule->message);
	np_jw_kstring(w, "tier", np_tier_name(np_sources_tier(&f->rule->sources)));
	np_jw_key(w, "sources");
	np_jw_sources(w, sources, 1);
	if (f->n_unlisted) {
		np_jw_key(w, "unlisted");
		np_jw_array(w);
		for (size_t i = 0; i < f->n_unlisted; i++) {
			np_jw_object(w);
			np_jw_kstring(w, "kind", np_vocab_singular(f->unlisted[i]->kind));
			np_jw_kstring(w, "text", f->unlisted[i]->text);
			np_jw_end(w);
		}
		np_jw_end(w);
	}
	np_jw_end(w);
}

char *np_screening_json(const struct np_screening *s)
{
	struct np_jw w = NP_JW_INIT;
	np_jw_object(&w);
	np_jw_kstring(&w, "decision", np_decision_name(s->decision));
	np_jw_key(&w, "until");
	np_jw_date(&w, s->until);
	np_jw_key(&w, "on");
	np_jw_date(&w, s->on);
	np_jw_key(&w, "findings");
	np_jw_array(&w);
	for (size_t i = 0; i < s->n_findings; i++)
		finding(&w, &s->findings[i]);
	np_jw_end(&w);
	np_jw_key(&w, "excluded_zones");
	zone_ids(&w, s->excluded, s->n_excluded);
	np_jw_key(&w, "protocol");
	np_jw_protocol(&w, s->pack);
	np_jw_end(&w);
	return np_jw_detach(&w);
}

json_t *np_screening_to_json(const struct np_screening *s)
{
	char *text = np_screening_json(s);
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return j;
}
