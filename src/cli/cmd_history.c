/* needlepoint history: a client's whole chart as a timeline. */
#include "cli.h"
#include "text.h"

int np_cmd_history(struct np_cli *cli)
{
	return np_cli_client_answer(cli, np_history, np_text_history);
}
