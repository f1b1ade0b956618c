/* needlepoint map: a plan request in, an SVG facial map out. */
#include "cli.h"

#include "needlepoint/map.h"

#include <stdlib.h>

int np_cmd_map(struct np_cli *cli)
{
	json_t *input = NULL;
	struct np_plan_request *request = NULL;
	struct np_plan *plan = NULL;
	char *svg = NULL;
	int rc = np_cli_read_input(cli, &input);
	if (rc != 0)
		goto done;
	if (np_plan_request_from_json(&request, cli->pack, input) != 0 ||
	    np_plan_build(&plan, cli->pack, request) != 0 || np_map_svg(&svg, plan) != 0) {
		rc = np_cli_fail_last(cli);
		goto done;
	}
	fputs(svg, cli->out);
done:
	free(svg);
	np_plan_free(plan);
	np_plan_request_free(request);
	json_decref(input);
	return rc;
}
