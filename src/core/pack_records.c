/* Loading the records section of a pack: consent forms and how long a screening stays current. */
#include "pack_internal.h"

#include <string.h>

static int load_form(struct np_loader *ld, const json_t *o, struct np_consent_form *f)
{
	static const char *const keys[] = {"id",   "title",   "version", "valid_months",
	                                   "text", "sources", NULL};
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_string(&ld->jv, o, "id", &f->id));
	NP_TRY(np_jv_string(&ld->jv, o, "title", &f->title));
	NP_TRY(np_jv_string(&ld->jv, o, "version", &f->version));
	NP_TRY(np_jv_int(&ld->jv, o, "valid_months", &f->valid_months, 1, 120));
	NP_TRY(np_jv_string(&ld->jv, o, "text", &f->text));
	return np_ld_sources(ld, o, "sources", &f->sources);
}

int np_pack_load_records(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"screening_valid_days", "consent_forms",
	                                   "required_consent", "sources", NULL};
	struct np_records *r = &ld->pack->records;
	const json_t *o = json_object_get(root, "records");
	size_t mark = np_jv_key(&ld->jv, "records");
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_int(&ld->jv, o, "screening_valid_days", &r->screening_valid_days, 1, 365));
	json_t *arr;
	NP_TRY(np_ld_list(ld, o, "consent_forms", &arr, &r->n_consent_forms));
	r->consent_forms = np_arena_array(ld->arena, r->n_consent_forms, sizeof *r->consent_forms);
	if (r->consent_forms == NULL)
		return np_ld_nomem(ld);
	size_t k = np_jv_key(&ld->jv, "consent_forms");
	for (size_t i = 0; i < r->n_consent_forms; i++) {
		size_t m = np_jv_index(&ld->jv, i);
		NP_TRY(load_form(ld, json_array_get(arr, i), &r->consent_forms[i]));
		for (size_t j = 0; j < i; j++)
			if (strcmp(r->consent_forms[j].id, r->consent_forms[i].id) == 0)
				return np_jv_fail(&ld->jv, "duplicate consent form '%s'",
				                  r->consent_forms[i].id);
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, k);
	const char *required = NULL;
	NP_TRY(np_jv_string(&ld->jv, o, "required_consent", &required));
	r->required_consent = np_pack_consent_form(ld->pack, required);
	if (r->required_consent == NULL) {
		np_jv_key(&ld->jv, "required_consent");
		return np_jv_fail(&ld->jv, "unknown consent form '%s'", required);
	}
	NP_TRY(np_ld_sources(ld, o, "sources", &r->sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}
