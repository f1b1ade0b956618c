/* needlepoint export: a client's whole record as JSON, always. */
#include "cli.h"

int np_cmd_export(struct np_cli *cli)
{
	return np_cli_client_answer(cli, np_export, NULL);
}
