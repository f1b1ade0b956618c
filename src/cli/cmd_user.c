/* needlepoint user: the clinic's users and their roles. */
#include "cli.h"
#include "text.h"

int np_cmd_user(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "list", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (sub == 1)
		return np_cli_record(cli, np_user_list(&out, cli->store, &cli->actor), &out,
		                     np_text_records);
	const char *role = np_cli_value(cli, "role");
	if (cli->n_args != 2 || role == NULL)
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "usage: needlepoint user add NAME --role ROLE");
	json_t *in = json_pack("{s:s, s:s}", "name", cli->args[1], "role", role);
	rc = np_user_add(&out, cli->store, &cli->actor, in);
	json_decref(in);
	return np_cli_record(cli, rc, &out, np_text_record);
}
