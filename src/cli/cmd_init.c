/* needlepoint init: a new clinic (or a personal log at home) with its first admin. */
#include "cli.h"
#include "text.h"

int np_cmd_init(struct np_cli *cli)
{
	const char *clinic = np_cli_value(cli, "clinic"), *admin = np_cli_value(cli, "admin");
	const char *zone = np_cli_value(cli, "time-zone");
	bool home = np_cli_value(cli, "home") != NULL;
	if (admin == NULL)
		return np_cli_fail(cli, NP_EXIT_USAGE, "--admin NAME is needed: the first user");
	if (clinic == NULL && !home)
		return np_cli_fail(cli, NP_EXIT_USAGE, "--clinic NAME is needed");
	/* "today" is the clinic's day: where it is is asked for, never assumed */
	if (zone == NULL)
		return np_cli_fail(
		    cli, NP_EXIT_USAGE,
		    "--time-zone ZONE is needed: where the clinic is, as a tz database "
		    "name such as Europe/London");
	int rc = np_cli_store(cli);
	if (rc != 0)
		return rc;
	json_t *in = json_pack("{s:s, s:s, s:s, s:b}", "clinic", clinic ? clinic : admin, "admin",
	                       admin, "time_zone", zone, "home", home);
	json_t *out = NULL;
	rc = in ? np_store_init(&out, cli->store, in) : -1;
	json_decref(in);
	return np_cli_record(cli, rc, &out, np_text_record);
}
