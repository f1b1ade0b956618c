/* needlepoint plan: a plan request in, a plan out. */
#include "cli.h"
#include "text.h"

#include "needlepoint/plan.h"

#include <string.h>

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

static void text_stored(FILE *out, const json_t *record)
{
	np_text_plan(out, json_object_get(record, "plan"));
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(json_object_get(record, "plan"), "screening_cautions"),
	                   i, c) fprintf(out, "screening caution: %s\n", json_string_value(c));
	json_int_t planned = json_integer_value(json_object_get(record, "sessions_planned"));
	if (planned == 0) /* a home routine: uses of the roller are counted, not sessions */
		fprintf(out, "stored: plan %lld, a routine\n",
		        (long long)json_integer_value(json_object_get(record, "id")));
	else
		fprintf(out, "stored: plan %lld, %lld of %lld sessions done\n",
		        (long long)json_integer_value(json_object_get(record, "id")),
		        (long long)json_integer_value(json_object_get(record, "sessions_done")),
		        (long long)planned);
}

/* plan add|list --client ID: the records' side of planning. */
static int stored(struct np_cli *cli, bool add)
{
	int64_t client;
	json_t *in = NULL, *out = NULL;
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	if (rc == 0 && add)
		rc = np_cli_read_input_at(cli, 1, &in);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	rc = add ? np_plan_add(&out, cli->store, &cli->actor, client, in)
	         : np_plan_list(&out, cli->store, &cli->actor, client);
	json_decref(in);
	return np_cli_record(cli, rc, &out, add ? text_stored : np_text_records);
}

int np_cmd_plan(struct np_cli *cli)
{
	const char *sub = cli->n_args > 0 ? cli->args[0] : NULL;
	if (sub && (strcmp(sub, "add") == 0 || strcmp(sub, "list") == 0))
		return stored(cli, sub[0] == 'a');
	if (np_cli_value(cli, "client"))
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "--client goes with 'plan add' or 'plan list'");
	return np_cli_answer_input(cli, answer, np_text_plan);
}
