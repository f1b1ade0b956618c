/* needlepoint backup: a consistent copy of the records while they are in use. The deployment's
 * act, on this machine: no user of a clinic acts, every clinic's trail records it. */
#include "cli.h"

#include "needlepoint/error.h"

int np_cmd_backup(struct np_cli *cli)
{
	if (cli->n_args != 1)
		return np_cli_fail(cli, NP_EXIT_USAGE, "usage: needlepoint %s",
		                   cli->command->usage);
	int rc = np_cli_store(cli);
	if (rc != 0)
		return rc;
	if (np_store_backup(cli->store, cli->args[0]) != 0)
		return np_cli_fail_last(cli);
	fprintf(cli->out, "backed up to %s\n", cli->args[0]);
	return NP_EXIT_OK;
}
