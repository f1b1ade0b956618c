/* needlepoint plan: a plan request in, a plan out. */
#include "cli.h"
#include "text.h"

#include "needlepoint/plan.h"

int np_cmd_plan(struct np_cli *cli)
{
	json_t *input = NULL, *answer = NULL;
	struct np_plan_request *request = NULL;
	struct np_plan *plan = NULL;
	int rc = np_cli_read_input(cli, &input);
	if (rc != 0)
		goto done;
	if (np_plan_request_from_json(&request, cli->pack, input) != 0 ||
	    np_plan_build(&plan, cli->pack, request) != 0) {
		rc = np_cli_fail_last(cli);
		goto done;
	}
	answer = np_plan_to_json(plan);
	if (cli->json) {
		rc = np_cli_print_json(cli, answer);
		answer = NULL;
	} else if (answer != NULL) {
		np_text_plan(cli->out, answer);
	} else {
		rc = np_cli_fail(cli, NP_EXIT_ERROR, "out of memory");
	}
done:
	json_decref(answer);
	np_plan_free(plan);
	np_plan_request_free(request);
	json_decref(input);
	return rc;
}
