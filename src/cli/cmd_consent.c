/* needlepoint consent: sign a form of the pack; list a client's consents and whether each holds. */
#include "cli.h"
#include "text.h"

int np_cmd_consent(struct np_cli *cli)
{
	static const char *const subs[] = {"sign", "list", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int64_t client;
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	if (rc == 0 && sub == 0 && np_cli_value(cli, "form") == NULL)
		rc = np_cli_fail(cli, NP_EXIT_USAGE, "--form NAME is needed");
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	rc = sub == 0
	         ? np_consent_sign(&out, cli->store, &cli->actor, client, np_cli_value(cli, "form"),
	                           np_cli_value(cli, "signer"), cli->on)
	         : np_consent_list(&out, cli->store, &cli->actor, client, cli->on);
	return np_cli_record(cli, rc, &out, sub == 0 ? np_text_record : np_text_records);
}
