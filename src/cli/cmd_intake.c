/* needlepoint intake: a client's health histories, every version kept. */
#include "cli.h"
#include "text.h"

int np_cmd_intake(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "list", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int64_t client;
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	json_t *in = NULL, *out = NULL;
	if (rc == 0 && sub == 0)
		rc = np_cli_read_input_at(cli, 1, &in);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	rc = sub == 0 ? np_intake_add(&out, cli->store, &cli->actor, client, in)
	              : np_intake_list(&out, cli->store, &cli->actor, client);
	json_decref(in);
	return np_cli_record(cli, rc, &out, np_text_record);
}
