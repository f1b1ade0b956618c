/* needlepoint ae: adverse events after a session, and their follow-ups. */
#include "cli.h"
#include "text.h"

int np_cmd_ae(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "follow-up", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = sub == 0 ? np_cli_id(cli, "--session", np_cli_value(cli, "session"), &id)
	                  : np_cli_id(cli, "ID", cli->n_args > 1 ? cli->args[1] : NULL, &id);
	if (rc == 0)
		rc = np_cli_read_input_at(cli, sub == 0 ? 1 : 2, &in);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	rc = sub == 0 ? np_ae_add(&out, cli->store, &cli->actor, id, in)
	              : np_ae_follow_up(&out, cli->store, &cli->actor, id, in);
	json_decref(in);
	return np_cli_record(cli, rc, &out, np_text_record);
}
