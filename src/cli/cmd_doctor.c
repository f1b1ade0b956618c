/* needlepoint doctor: a deployment checked as its service will run it, each finding with what to
 * do about it. Nothing is changed but what opening the database does (its migrations, as the
 * service's start would apply them). */
#include "cli.h"

#include "needlepoint/error.h"
#include "needlepoint/pack.h"
#include "needlepoint/tz.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct findings {
	FILE *out;
	int fixes;
};

static void say(struct findings *f, bool ok, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void say(struct findings *f, bool ok, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(f->out, "%-4s %s: ", ok ? "ok" : "fix", what);
	vfprintf(f->out, fmt, ap);
	fputc('\n', f->out);
	va_end(ap);
	f->fixes += !ok;
}

/* A file of health records or of the key: its owner's alone (no bit for group or others). */
static void private_file(struct findings *f, const char *what, const char *path, bool needed)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		if (needed)
			say(f, false, what, "%s is missing", path);
		return;
	}
	if (st.st_mode & 077)
		say(f, false, what, "%s can be read by others (mode %03o): chmod 600 %s", path,
		    (unsigned)(st.st_mode & 0777), path);
	else
		say(f, true, what, "%s, its owner's alone", path);
}

static void pack(struct findings *f, const struct np_cli *cli, struct np_pack **out)
{
	*out = NULL;
	if (np_pack_load_file(out, cli->protocol_path) != 0)
		say(f, false, "protocol pack",
		    "%s: name a pack that loads with --protocol, "
		    "NEEDLEPOINT_PROTOCOL or the protocol setting",
		    np_error_last());
	else
		say(f, true, "protocol pack", "%s: %s %s", cli->protocol_path, (*out)->name,
		    (*out)->version);
}

static void web(struct findings *f, const struct np_cli *cli)
{
	char installed[4200], index[4300];
	const char *env = getenv("NEEDLEPOINT_WEB"), *conf = np_cli_setting(cli, "web");
	const char *dir = env && *env ? env
	                  : conf      ? conf
	                              : np_cli_data(installed, sizeof installed, "web");
	snprintf(index, sizeof index, "%s/index.html", dir);
	if (access(index, R_OK) != 0)
		say(f, false, "web files",
		    "%s has no index.html: name the browser's files with the "
		    "web setting, or reinstall",
		    dir);
	else
		say(f, true, "web files", "%s", dir);
}

/* The service's settings that only work together. */
static void proxy(struct findings *f, const struct np_cli *cli)
{
	const char *trust = np_cli_setting(cli, "trust-proxy");
	const char *origin = np_cli_setting(cli, "public-origin");
	if (trust && !origin)
		say(f, false, "proxy",
		    "trust-proxy is %s but public-origin is not set: sign-in through the proxy is "
		    "refused until it names the address browsers use (docs/deploy.md)",
		    trust);
	else if (trust)
		say(f, true, "proxy", "behind %s, browsers at %s", trust, origin);
}

static void clinics(struct findings *f, const json_t *clinic_list, int64_t now)
{
	size_t i;
	json_t *c;
	json_array_foreach(clinic_list, i, c)
	{
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *zone = json_string_value(json_object_get(c, "time_zone"));
		const char *last = json_string_value(json_object_get(c, "last_entry_at"));
		char what[300], day[NP_DATE_LEN];
		snprintf(what, sizeof what, "clinic '%s'", name ? name : "?");
		const struct np_tz *tz = NULL;
		if (np_tz_get(&tz, zone ? zone : "") != 0) {
			say(f, false, what,
			    "%s: set the clinic's time zone (needlepoint clinic set)",
			    np_error_last());
			continue;
		}
		np_date_format(np_tz_day(tz, now), day);
		char at[32];
		struct tm tm;
		time_t t = (time_t)now;
		gmtime_r(&t, &tm);
		strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (last && strcmp(last, at) > 0)
			say(f, false, what,
			    "the clock (%s) is behind the audit trail's newest entry (%s): set the "
			    "time (timedatectl set-ntp true) before the service runs",
			    at, last);
		else
			say(f, true, what, "time zone %s, today %s there", zone, day);
	}
	if (json_array_size(clinic_list) == 0)
		say(f, true, "clinics", "none yet: the first run of the service sets one up");
}

int np_cmd_doctor(struct np_cli *cli)
{
	if (cli->n_args != 0)
		return np_cli_fail(cli, NP_EXIT_USAGE, "unexpected argument '%s'", cli->args[0]);
	struct findings f = {cli->out, 0};
	const char *file = np_cli_config_file();
	say(&f, true, "configuration", "%s",
	    file[0] && access(file, R_OK) == 0 ? file : "none (options, environment, defaults)");
	struct np_pack *p = NULL;
	pack(&f, cli, &p);
	cli->pack = p;
	web(&f, cli);
	proxy(&f, cli);
	const char *db = np_cli_db(cli);
	bool sqlite = strstr(db, "://") == NULL;
	char key[4200];
	const char *k = np_cli_key(cli);
	if (k == NULL && sqlite)
		k = np_store_key_default(key, sizeof key, db);
	if (sqlite) {
		private_file(&f, "database file", db, false);
		if (k)
			private_file(&f, "audit key", k, false);
	}
	if (np_store_open_keyed(&cli->store, db, p, k) != 0) {
		say(&f, false, "database", "%s: %s", db, np_error_last());
		return f.fixes ? NP_EXIT_ERROR : NP_EXIT_OK;
	}
	json_t *s = NULL;
	if (np_store_survey(&s, cli->store) != 0) {
		say(&f, false, "database", "%s: %s", db, np_error_last());
		return NP_EXIT_ERROR;
	}
	say(&f, true, "database", "%s (%s)", db, json_string_value(json_object_get(s, "engine")));
	long long schema = json_integer_value(json_object_get(s, "schema")),
	          newest = json_integer_value(json_object_get(s, "newest"));
	say(&f, schema == newest, "migrations", "schema %lld of this program's %lld", schema,
	    newest);
	if (json_is_true(json_object_get(s, "integrity")))
		say(&f, true, "integrity", "the engine's check passes");
	else
		say(&f, false, "integrity",
		    "the engine's check fails: %s; restore the newest backup "
		    "(needlepoint-backup(1))",
		    np_error_last());
	clinics(&f, json_object_get(s, "clinics"), (int64_t)time(NULL));
	json_decref(s);
	fprintf(cli->out, "%s\n",
	        f.fixes ? "needlepoint doctor: fix what is marked fix, then run it again"
	                : "needlepoint doctor: all is well");
	return f.fixes ? NP_EXIT_ERROR : NP_EXIT_OK;
}
