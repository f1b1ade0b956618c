/* Loading the override policy: every refusal code the gate raises, with who may lift it. */
#include "pack_internal.h"

#include <string.h>

static int load_code(struct np_loader *ld, const json_t *o, bool seen[NP_REFUSE_COUNT])
{
	static const char *const keys[] = {"code", "name", "override", NULL};
	const char *code = NULL, *who = NULL, *name = NULL;
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_string(&ld->jv, o, "code", &code));
	int c = np_refusal_code(code);
	if (c < 0 || seen[c]) {
		np_jv_key(&ld->jv, "code");
		return np_jv_fail(&ld->jv,
		                  c < 0 ? "unknown refusal code '%s': 'needlepoint protocol show' "
		                          "lists the codes"
		                        : "refusal code '%s' is listed twice",
		                  code);
	}
	seen[c] = true;
	NP_TRY(np_jv_string(&ld->jv, o, "name", &name));
	NP_TRY(np_jv_string(&ld->jv, o, "override", &who));
	struct np_refusal_rule *r = &ld->pack->refusals.codes[c];
	r->name = name;
	if (strcmp(who, "never") == 0)
		r->who = NP_OVERRIDE_NEVER;
	else if (strcmp(who, "practitioner") == 0)
		r->who = NP_OVERRIDE_PRACTITIONER;
	else if (strcmp(who, "admin") == 0)
		r->who = NP_OVERRIDE_ADMIN;
	else {
		np_jv_key(&ld->jv, "override");
		return np_jv_fail(&ld->jv, "'%s': expected never, practitioner or admin", who);
	}
	return 0;
}

int np_pack_load_refusals(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"reason_min_chars", "codes", "sources", NULL};
	struct np_refusal_policy *policy = &ld->pack->refusals;
	const json_t *o = json_object_get(root, "refusals");
	size_t mark = np_jv_key(&ld->jv, "refusals");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_int(&ld->jv, o, "reason_min_chars", &policy->reason_min_chars, 1, 1000));
	json_t *codes;
	size_t n;
	NP_TRY(np_ld_list(ld, o, "codes", &codes, &n));
	bool seen[NP_REFUSE_COUNT] = {false};
	size_t k = np_jv_key(&ld->jv, "codes");
	for (size_t i = 0; i < n; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(load_code(ld, json_array_get(codes, i), seen));
		np_jv_pop(&ld->jv, m);
	}
	for (int c = 0; c < NP_REFUSE_COUNT; c++)
		if (!seen[c])
			return np_jv_fail(&ld->jv,
			                  "refusal code '%s' is missing: say who may override it "
			                  "(never, practitioner or admin)",
			                  np_refusal_code_name((enum np_refusal_code)c));
	np_jv_pop(&ld->jv, k);
	NP_TRY(np_ld_sources(ld, o, "sources", &policy->sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}
