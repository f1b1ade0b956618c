/* needlepoint lot: lots of cartridges, rollers and products; a lot's units are made with it. */
#include "cli.h"
#include "text.h"

int np_cmd_lot(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "list", "show", "recall", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	json_t *in = NULL, *out = NULL;
	int64_t id = 0;
	int rc = sub == 0   ? np_cli_read_input_at(cli, 1, &in)
	         : sub >= 2 ? np_cli_id(cli, "ID", cli->n_args > 1 ? cli->args[1] : NULL, &id)
	                    : 0;
	if (rc == 0 && sub == 3) {
		const char *reason = np_cli_value(cli, "reason");
		if (reason == NULL)
			return np_cli_fail(cli, NP_EXIT_USAGE,
			                   "--reason TEXT is needed: why the lot is "
			                   "recalled");
		in = json_pack("{s:s}", "reason", reason);
	}
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	rc = sub == 0   ? np_lot_add(&out, cli->store, &cli->actor, in)
	     : sub == 1 ? np_lot_list(&out, cli->store, &cli->actor)
	     : sub == 2 ? np_lot_show(&out, cli->store, &cli->actor, id)
	                : np_lot_recall(&out, cli->store, &cli->actor, id, in);
	json_decref(in);
	return np_cli_record(cli, rc, &out, sub == 1 ? np_text_records : np_text_record);
}
