/* needlepoint next: a session history in, when each zone may be needled again. */
#include "cli.h"
#include "text.h"

#include "needlepoint/schedule.h"

static json_t *answer(const struct np_cli *cli, const json_t *input)
{
	struct np_history *history = NULL;
	struct np_schedule *schedule = NULL;
	json_t *result = NULL;
	if (np_history_from_json(&history, cli->pack, input) == 0 &&
	    np_schedule_next(&schedule, cli->pack, history, cli->on) == 0)
		result = np_schedule_to_json(schedule);
	np_schedule_free(schedule);
	np_history_free(history);
	return result;
}

int np_cmd_next(struct np_cli *cli)
{
	return np_cli_answer_input(cli, answer, np_text_schedule);
}
