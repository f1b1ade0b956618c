/* needlepoint screen: an intake in, a decision out. */
#include "cli.h"
#include "text.h"

#include "needlepoint/screen.h"

static json_t *answer(const struct np_cli *cli, const json_t *input)
{
	struct np_intake *intake = NULL;
	struct np_screening *screening = NULL;
	json_t *result = NULL;
	if (np_intake_from_json(&intake, cli->pack, input) == 0 &&
	    np_screen_run(&screening, cli->pack, intake, cli->on) == 0)
		result = np_screening_to_json(screening);
	np_screening_free(screening);
	np_intake_free(intake);
	return result;
}

int np_cmd_screen(struct np_cli *cli)
{
	return np_cli_answer_input(cli, answer, np_text_screening);
}
