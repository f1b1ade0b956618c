/* The clinic's profile, in the store suite: an admin sets what the handout and the calendar print
 * (address, phone, email, logo), each checked; what an edit does not name stays; a blank clears
 * one; and an edit of the name alone keeps the clinic's day in its zone. */
#include "fixture.h"

#include <string.h>

static json_t *edit(struct np_store *s, const struct fx_clinic *c, const char *body, int want)
{
	json_t *in = fx_json("%s", body), *out = NULL;
	int rc = np_clinic_edit(&out, s, &c->admin, in);
	json_decref(in);
	if (rc != want)
		fail_msg("%s: %d (%s), expected %d", body, rc, np_error_last(), want);
	return out;
}

/* An edit the store refuses, with the error's code and what its message says. */
static void refused(struct np_store *s, const struct np_actor *a, const char *body, int code,
                    const char *says)
{
	json_t *in = fx_json("%s", body), *out = NULL;
	fx_error(np_clinic_edit(&out, s, a, in), code, says);
	json_decref(in);
	json_decref(out);
}

static const char *text(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

void the_clinic_profile_is_what_the_admin_set(void **state)
{
	struct np_store *s = *state;
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	json_t *out =
	    edit(s, &c,
	         "{\"address\": \"12 rue de la Paix, Paris\", \"phone\": \"+33 1 23 45 67 89\","
	         " \"email\": \"desk@skin.example\","
	         " \"logo\": \"data:image/png;base64,iVBORw0KGgo=\"}",
	         0);
	assert_string_equal(text(out, "address"), "12 rue de la Paix, Paris");
	assert_string_equal(text(out, "phone"), "+33 1 23 45 67 89");
	assert_string_equal(text(out, "email"), "desk@skin.example");
	assert_string_equal(text(out, "logo"), "data:image/png;base64,iVBORw0KGgo=");
	json_decref(out);
	/* the name alone: the profile stays, and the clinic's day is still its zone's */
	out = edit(s, &c, "{\"name\": \"Skin Studio Paris\"}", 0);
	assert_string_equal(text(out, "name"), "Skin Studio Paris");
	assert_string_equal(text(out, "phone"), "+33 1 23 45 67 89");
	assert_non_null(text(out, "today"));
	json_decref(out);
	/* a blank clears one; the others stay */
	out = edit(s, &c, "{\"phone\": \"\"}", 0);
	assert_true(json_is_null(json_object_get(out, "phone")));
	assert_string_equal(text(out, "email"), "desk@skin.example");
	json_decref(out);
	/* what cannot be a phone, an email or an image is refused, named */
	refused(s, &c.admin, "{\"phone\": \"call us\"}", NP_EINVAL, "phone: 'call us'");
	refused(s, &c.admin, "{\"email\": \"desk at skin\"}", NP_EINVAL, "email: 'desk at skin'");
	refused(s, &c.admin, "{\"logo\": \"data:text/html;base64,PHNjcmlwdD4=\"}", NP_EINVAL,
	        "logo: expected a PNG, JPEG or WebP image");
	/* the front desk reads it, and may not change it */
	assert_int_equal(np_clinic_show(&out, s, &c.reception), 0);
	assert_string_equal(text(out, "email"), "desk@skin.example");
	json_decref(out);
	refused(s, &c.reception, "{\"phone\": \"+33 1\"}", NP_EFORBIDDEN, "");
}
