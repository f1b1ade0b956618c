/* needlepoint erase: remove the person from a client's records, saying why; what a clinic must
 * keep stays, under a pseudonym. */
#include "cli.h"
#include "text.h"

int np_cmd_erase(struct np_cli *cli)
{
	int64_t client;
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	const char *reason = np_cli_value(cli, "reason");
	if (rc == 0 && reason == NULL)
		return np_cli_fail(
		    cli, NP_EXIT_USAGE,
		    "--reason TEXT is needed: why the record is erased (the person's "
		    "request, a record made in error), without their name");
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (np_erase(&out, cli->store, &cli->actor, client, reason) != 0)
		return np_cli_fail_last(cli);
	return np_cli_print_answer(cli, out, np_text_record);
}
