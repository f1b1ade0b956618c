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
		static const char *const options[][2] = {{"name", "name"},
		                                         {"time-zone", "time_zone"},
		                                         {"address", "address"},
		                                         {"phone", "phone"},
		                                         {"email", "email"}};
		json_t *in = json_object();
		for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
			const char *v = np_cli_value(cli, options[i][0]);
			if (v)
				json_object_set_new(in, options[i][1], json_string(v));
		}
		if (json_object_size(in) == 0) {
			json_decref(in);
			return np_cli_fail(
			    cli, NP_EXIT_USAGE,
			    "clinic edit: say what changes: --name NAME, --time-zone ZONE, "
			    "--address TEXT, --phone NUMBER, --email ADDRESS");
		}
		rc = np_clinic_edit(&out, cli->store, &cli->actor, in);
		json_decref(in);
	}
	return np_cli_record(cli, rc, &out, np_text_record);
}
