/* needlepoint history: a client's whole chart as a timeline. */
#include "cli.h"
#include "text.h"

int np_cmd_history(struct np_cli *cli)
{
	int64_t client;
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	return np_cli_record(cli, np_history(&out, cli->store, &cli->actor, client), &out,
	                     np_text_history);
}
