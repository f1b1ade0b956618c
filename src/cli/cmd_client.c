/* needlepoint client: add, find, show and edit clients. */
#include "cli.h"
#include "text.h"

int np_cmd_client(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "list", "show", "edit", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int64_t id = 0;
	int rc = sub >= 2 ? np_cli_id(cli, "ID", cli->n_args > 1 ? cli->args[1] : NULL, &id) : 0;
	json_t *in = NULL, *out = NULL;
	if (rc == 0 && (sub == 0 || sub == 3))
		rc = np_cli_read_input_at(cli, sub == 0 ? 1 : 2, &in);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	np_cli_text_fn text = np_text_record;
	if (sub == 0)
		rc = np_client_add(&out, cli->store, &cli->actor, in);
	else if (sub == 1) {
		rc = np_client_list(&out, cli->store, &cli->actor, np_cli_value(cli, "name"), 100);
		text = np_text_records;
	} else if (sub == 2)
		rc = np_client_show(&out, cli->store, &cli->actor, id);
	else
		rc = np_client_edit(&out, cli->store, &cli->actor, id, in);
	json_decref(in);
	return np_cli_record(cli, rc, &out, text);
}
