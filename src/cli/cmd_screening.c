/* needlepoint screening: a client's stored screenings, and a practitioner's acknowledgement of a
 * caution. (Screening itself is `needlepoint screen --client ID`.) */
#include "cli.h"
#include "text.h"

int np_cmd_screening(struct np_cli *cli)
{
	static const char *const subs[] = {"list", "ack", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int64_t id;
	int rc = sub == 0 ? np_cli_id(cli, "--client", np_cli_value(cli, "client"), &id)
	                  : np_cli_id(cli, "ID", cli->n_args > 1 ? cli->args[1] : NULL, &id);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	rc = sub == 0
	         ? np_screening_list(&out, cli->store, &cli->actor, id)
	         : np_screening_ack(&out, cli->store, &cli->actor, id, np_cli_value(cli, "note"));
	return np_cli_record(cli, rc, &out, sub == 0 ? np_text_records : np_text_record);
}
