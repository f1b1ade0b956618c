/* The clinic's profile: the address, phone, email and logo a client reads on the handout and in
 * the calendar file. Kept apart from the clinic's row, one row a clinic, made by its first edit. */
#include "store_internal.h"

#include "needlepoint/error.h"

#include <string.h>

#define ADDRESS_MAX 300
#define PHONE_MAX   40
#define EMAIL_MAX   200
#define LOGO_MAX    (96 * 1024) /* a data: URL of a small image, as the handout prints it */
#define ROOMS_MAX   300

int np_profile_get(struct np_store *s, int64_t clinic, struct np_db_result **out)
{
	struct np_db_value p[] = {NP_DB_I(clinic)};
	return np_db_query(s->db, out, NP_SQL_PROFILE_GET, p, 1);
}

void np_profile_members(json_t *o, const struct np_db_result *r)
{
	static const char *const names[] = {"address", "phone", "email", "logo"};
	for (size_t i = 0; i < 4; i++) {
		const char *v = r && r->rows ? np_db_text(r, 0, i) : NULL;
		json_object_set_new(o, names[i], v ? json_string(v) : json_null());
	}
	/* the rooms the calendar books, as a list (kept as one comma-separated text) */
	json_t *rooms = json_array();
	for (const char *p = r && r->rows ? np_db_text(r, 0, 4) : NULL; rooms && p && *p;) {
		p += strspn(p, " ,");
		size_t n = strcspn(p, ",");
		size_t m = n;
		while (m > 0 && p[m - 1] == ' ')
			m--;
		if (m)
			json_array_append_new(rooms, json_stringn(p, m));
		p += n;
	}
	json_object_set_new(o, "rooms", rooms ? rooms : json_null());
}

/* One field of the input: absent keeps what was there, null clears it, text sets it. */
static int field(struct np_jv *jv, const json_t *in, const char *key, const char **value,
                 size_t max)
{
	json_t *v = json_object_get(in, key);
	if (v == NULL)
		return 0;
	const char *text = json_string_value(v);
	if (json_is_null(v) || (text && text[strspn(text, " \t")] == '\0')) {
		*value = NULL; /* null or blank: none */
		return 0;
	}
	return np_store_text(jv, in, key, value, max);
}

static bool email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	return at && at > e && at[1] != '\0' && strchr(at + 1, '@') == NULL &&
	       strpbrk(e, " \t\r\n<>\",;:") == NULL && strchr(at + 1, '.') != NULL;
}

static bool phone_ok(const char *p)
{
	return strspn(p, "+0123456789 ()-./") == strlen(p) && strpbrk(p, "0123456789") != NULL;
}

static bool logo_ok(const char *l)
{
	static const char *const kinds[] = {"data:image/png;base64,", "data:image/jpeg;base64,",
	                                    "data:image/webp;base64,"};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strncmp(l, kinds[i], strlen(kinds[i])) == 0)
			return strspn(l + strlen(kinds[i]),
			              "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			              "0123456789+/=") == strlen(l + strlen(kinds[i]));
	return false;
}

int np_profile_edit(struct np_store *s, int64_t clinic, struct np_jv *jv, const json_t *in)
{
	if (!json_object_get(in, "address") && !json_object_get(in, "phone") &&
	    !json_object_get(in, "email") && !json_object_get(in, "logo") &&
	    !json_object_get(in, "rooms"))
		return 0;
	struct np_db_result *r = NULL;
	NP_TRY(np_profile_get(s, clinic, &r));
	const char *address = np_db_text(r, 0, 0), *phone = np_db_text(r, 0, 1),
	           *email = np_db_text(r, 0, 2), *logo = np_db_text(r, 0, 3),
	           *rooms = np_db_text(r, 0, 4);
	int rc = field(jv, in, "address", &address, ADDRESS_MAX);
	if (rc == 0)
		rc = field(jv, in, "phone", &phone, PHONE_MAX);
	if (rc == 0 && phone && json_object_get(in, "phone") && !phone_ok(phone))
		rc = np_error_set(NP_EINVAL,
		                  "phone: '%.40s': expected digits, spaces and + ( ) - . /", phone);
	if (rc == 0)
		rc = field(jv, in, "email", &email, EMAIL_MAX);
	if (rc == 0 && email && json_object_get(in, "email") && !email_ok(email))
		rc = np_error_set(NP_EINVAL,
		                  "email: '%.60s': expected an address such as "
		                  "desk@clinic.example",
		                  email);
	if (rc == 0)
		rc = field(jv, in, "logo", &logo, LOGO_MAX);
	if (rc == 0 && logo && json_object_get(in, "logo") && !logo_ok(logo))
		rc = np_error_set(NP_EINVAL,
		                  "logo: expected a PNG, JPEG or WebP image as a data: URL "
		                  "(data:image/png;base64,...) of at most 96 KB");
	if (rc == 0)
		rc = field(jv, in, "rooms", &rooms, ROOMS_MAX);
	if (rc == 0 && rooms && strpbrk(rooms, "\r\n\t"))
		rc = np_error_set(NP_EINVAL, "rooms: expected the rooms' names on one line, "
		                             "separated by commas (Room 1, Room 2)");
	struct np_db_value p[] = {NP_DB_I(clinic), NP_DB_T(address), NP_DB_T(phone),
	                          NP_DB_T(email),  NP_DB_T(logo),    NP_DB_T(rooms)};
	if (rc == 0)
		rc = np_db_run(s->db, NP_SQL_PROFILE_SET, p, 6, NULL);
	np_db_result_free(r);
	return rc;
}
