/* needlepoint erase: remove a client's data; the audit trail keeps ids and actions. */
#include "cli.h"
#include "text.h"

int np_cmd_erase(struct np_cli *cli)
{
	return np_cli_client_answer(cli, np_erase, np_text_record);
}
