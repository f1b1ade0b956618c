/* needlepoint lot: lots of cartridges, rollers and products; a lot's units are made with it. */
#include "cli.h"
#include "text.h"

int np_cmd_lot(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "list", "show", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	json_t *in = NULL, *out = NULL;
	int64_t id = 0;
	int rc = sub == 0   ? np_cli_read_input_at(cli, 1, &in)
	         : sub == 2 ? np_cli_id(cli, "ID", cli->n_args > 1 ? cli->args[1] : NULL, &id)
	                    : 0;
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	rc = sub == 0   ? np_lot_add(&out, cli->store, &cli->actor, in)
	     : sub == 1 ? np_lot_list(&out, cli->store, &cli->actor)
	                : np_lot_show(&out, cli->store, &cli->actor, id);
	json_decref(in);
	return np_cli_record(cli, rc, &out, sub == 1 ? np_text_records : np_text_record);
}
