/* Loading the records section of a pack: consent forms and how long a screening stays current. */
#include "pack_internal.h"

#include <string.h>

static int load_form(struct np_loader *ld, const json_t *o, struct np_consent_form *f)
{
	static const char *const keys[] = {"id",   "title",    "version", "valid_months",
	                                   "text", "?devices", "sources", NULL};
	NP_TRY(np_jv_object(&ld->jv, o, keys));
	NP_TRY(np_jv_string(&ld->jv, o, "id", &f->id));
	NP_TRY(np_jv_string(&ld->jv, o, "title", &f->title));
	NP_TRY(np_jv_string(&ld->jv, o, "version", &f->version));
	NP_TRY(np_jv_int(&ld->jv, o, "valid_months", &f->valid_months, 1, 120));
	NP_TRY(np_jv_string(&ld->jv, o, "text", &f->text));
	if (json_object_get(o, "devices"))
		NP_TRY(np_ld_devices(ld, o, "devices", &f->devices));
	return np_ld_sources(ld, o, "sources", &f->sources);
}

int np_pack_load_records(struct np_loader *ld, const json_t *root)
{
	static const char *const keys[] = {"screening_valid_days",
	                                   "consent_forms",
	                                   "required_consent",
	                                   "reviews",
	                                   "sources",
	                                   NULL};
	static const char *const review_keys[] = {"months_after_last", "sources", NULL};
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
	const json_t *rv = json_object_get(o, "reviews");
	k = np_jv_key(&ld->jv, "reviews");
	NP_TRY(np_jv_object(&ld->jv, rv, review_keys));
	NP_TRY(np_ld_list(ld, rv, "months_after_last", &arr, &r->n_review_months));
	if (r->n_review_months > sizeof r->review_months / sizeof *r->review_months)
		return np_jv_fail(&ld->jv, "expected at most 4 reviews, got %zu",
		                  r->n_review_months);
	size_t kk = np_jv_key(&ld->jv, "months_after_last");
	for (size_t i = 0; i < r->n_review_months; i++) {
		json_t *v = json_array_get(arr, i);
		size_t m = np_jv_index(&ld->jv, i);
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 60 ||
		    (i > 0 && json_integer_value(v) <= r->review_months[i - 1]))
			return np_jv_fail(&ld->jv, "expected rising whole months from 1 to 60");
		r->review_months[i] = (int)json_integer_value(v);
		np_jv_pop(&ld->jv, m);
	}
	np_jv_pop(&ld->jv, kk);
	NP_TRY(np_ld_sources(ld, rv, "sources", &r->review_sources));
	np_jv_pop(&ld->jv, k);
	NP_TRY(np_ld_sources(ld, o, "sources", &r->sources));
	np_jv_pop(&ld->jv, mark);
	return 0;
}
