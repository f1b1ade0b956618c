/* needlepoint next: a session history in, when each zone may be needled again. */
#include "cli.h"
#include "text.h"

#include "needlepoint/schedule.h"

int np_cmd_next(struct np_cli *cli)
{
	json_t *input = NULL, *answer = NULL;
	struct np_history *history = NULL;
	struct np_schedule *schedule = NULL;
	int rc = np_cli_read_input(cli, &input);
	if (rc != 0)
		goto done;
	if (np_history_from_json(&history, cli->pack, input) != 0 ||
	    np_schedule_next(&schedule, cli->pack, history, cli->on) != 0) {
		rc = np_cli_fail_last(cli);
		goto done;
	}
	answer = np_schedule_to_json(schedule);
	if (cli->json) {
		rc = np_cli_print_json(cli, answer);
		answer = NULL;
	} else if (answer != NULL) {
		np_text_schedule(cli->out, answer);
	} else {
		rc = np_cli_fail(cli, NP_EXIT_ERROR, "out of memory");
	}
done:
	json_decref(answer);
	np_schedule_free(schedule);
	np_history_free(history);
	json_decref(input);
	return rc;
}
