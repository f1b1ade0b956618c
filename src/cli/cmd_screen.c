/* needlepoint screen: an intake in, a decision out. */
#include "cli.h"
#include "text.h"

#include "needlepoint/screen.h"

int np_cmd_screen(struct np_cli *cli)
{
	json_t *input = NULL, *answer = NULL;
	struct np_intake *intake = NULL;
	struct np_screening *screening = NULL;
	int rc = np_cli_read_input(cli, &input);
	if (rc != 0)
		goto done;
	if (np_intake_from_json(&intake, cli->pack, input) != 0 ||
	    np_screen_run(&screening, cli->pack, intake, cli->on) != 0) {
		rc = np_cli_fail_last(cli);
		goto done;
	}
	answer = np_screening_to_json(screening);
	if (cli->json) {
		rc = np_cli_print_json(cli, answer);
		answer = NULL;
	} else if (answer != NULL) {
		np_text_screening(cli->out, answer);
	} else {
		rc = np_cli_fail(cli, NP_EXIT_ERROR, "out of memory");
	}
done:
	json_decref(answer);
	np_screening_free(screening);
	np_intake_free(intake);
	json_decref(input);
	return rc;
}
