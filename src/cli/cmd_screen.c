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

/* The stored screening's text: the decision as the engine says it, then what was kept. */
static void text_stored(FILE *out, const json_t *record)
{
	np_text_screening(out, json_object_get(record, "result"));
	fprintf(out, "stored: screening %lld of health history version %lld\n",
	        (long long)json_integer_value(json_object_get(record, "id")),
	        (long long)json_integer_value(json_object_get(record, "intake_version")));
}

int np_cmd_screen(struct np_cli *cli)
{
	const char *client_text = np_cli_value(cli, "client");
	if (client_text == NULL)
		return np_cli_answer_input(cli, answer, np_text_screening);
	int64_t client;
	int rc = np_cli_id(cli, "--client", client_text, &client);
	if (rc == 0 && cli->n_args > 0)
		rc = np_cli_fail(cli, NP_EXIT_USAGE,
		                 "--client screens the stored health history: no FILE is read");
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	return np_cli_record(cli, np_screening_run(&out, cli->store, &cli->actor, client, cli->on),
	                     &out, text_stored);
}
