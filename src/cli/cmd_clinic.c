/* needlepoint clinic: the clinic's name and time zone, and so the day its rules call today. */
#include "cli.h"
#include "text.h"

int np_cmd_clinic(struct np_cli *cli)
{
	static const char *const subs[] = {"show", "edit", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (sub == 0) {
		rc = np_clinic_show(&out, cli->store, &cli->actor);
	} else {
		const char *name = np_cli_value(cli, "name"),
		           *zone = np_cli_value(cli, "time-zone");
		if (name == NULL && zone == NULL)
			return np_cli_fail(
			    cli, NP_EXIT_USAGE,
			    "clinic edit: say what changes: --name NAME, --time-zone ZONE");
		json_t *in = json_object();
		if (name)
			json_object_set_new(in, "name", json_string(name));
		if (zone)
			json_object_set_new(in, "time_zone", json_string(zone));
		rc = np_clinic_edit(&out, cli->store, &cli->actor, in);
		json_decref(in);
	}
	return np_cli_record(cli, rc, &out, np_text_record);
}
