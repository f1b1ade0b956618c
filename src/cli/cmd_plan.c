/* needlepoint plan: a plan request in, a plan out. */
#include "cli.h"
#include "text.h"

#include "needlepoint/plan.h"

static json_t *answer(const struct np_cli *cli, const json_t *input)
{
	struct np_plan_request *request = NULL;
	struct np_plan *plan = NULL;
	json_t *result = NULL;
	if (np_plan_request_from_json(&request, cli->pack, input) == 0 &&
	    np_plan_build(&plan, cli->pack, request) == 0)
		result = np_plan_to_json(plan);
	np_plan_free(plan);
	np_plan_request_free(request);
	return result;
}

int np_cmd_plan(struct np_cli *cli)
{
	return np_cli_answer_input(cli, answer, np_text_plan);
}
