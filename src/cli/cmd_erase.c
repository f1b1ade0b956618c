/* needlepoint erase: remove a client's data; the audit trail keeps ids and actions. */
#include "cli.h"
#include "text.h"

int np_cmd_erase(struct np_cli *cli)
{
	int64_t client;
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	return np_cli_record(cli, np_erase(&out, cli->store, &cli->actor, client), &out,
	                     np_text_record);
}
