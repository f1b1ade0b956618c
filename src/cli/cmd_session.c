/* needlepoint session: log a session (refused with its reasons when a safety rule stands against
 * it, unless a practitioner overrides with a reason), or show one. */
#include "cli.h"
#include "text.h"

int np_cmd_session(struct np_cli *cli)
{
	static const char *const subs[] = {"log", "show", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = sub == 0 ? np_cli_id(cli, "--client", np_cli_value(cli, "client"), &id)
	                  : np_cli_id(cli, "ID", cli->n_args > 1 ? cli->args[1] : NULL, &id);
	if (rc == 0 && sub == 0)
		rc = np_cli_read_input_at(cli, 1, &in);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	rc = sub == 0 ? np_session_log(&out, cli->store, &cli->actor, id, in,
	                               np_cli_value(cli, "override"))
	              : np_session_show(&out, cli->store, &cli->actor, id);
	json_decref(in);
	return np_cli_record(cli, rc, &out, np_text_record);
}
