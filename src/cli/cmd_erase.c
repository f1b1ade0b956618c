/* needlepoint erase: remove the person from a client's records; what a clinic must keep stays,
 * under a pseudonym. */
#include "cli.h"
#include "text.h"

int np_cmd_erase(struct np_cli *cli)
{
	return np_cli_client_answer(cli, np_erase, np_text_record);
}
