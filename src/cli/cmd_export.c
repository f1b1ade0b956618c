/* needlepoint export: a client's whole record as JSON, always. */
#include "cli.h"

int np_cmd_export(struct np_cli *cli)
{
	int64_t client;
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (np_export(&out, cli->store, &cli->actor, client) != 0)
		return np_cli_fail_last(cli);
	return np_cli_print_json(cli, out);
}
