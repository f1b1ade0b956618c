/* needlepoint device: pens, rollers and stamps, the clinic's or a home client's. */
#include "cli.h"
#include "text.h"

int np_cmd_device(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "list", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	json_t *in = NULL, *out = NULL;
	int rc = sub == 0 ? np_cli_read_input_at(cli, 1, &in) : 0;
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	rc = sub == 0 ? np_device_add(&out, cli->store, &cli->actor, in)
	              : np_device_list(&out, cli->store, &cli->actor);
	json_decref(in);
	return np_cli_record(cli, rc, &out, sub == 0 ? np_text_record : np_text_records);
}
