/* needlepoint recall: every client and session treated with a lot, to contact them. */
#include "cli.h"
#include "text.h"

static void text_recall(FILE *out, const json_t *recall)
{
	fprintf(out, "lot %s: %lld clients\n", json_string_value(json_object_get(recall, "lot")),
	        (long long)json_integer_value(json_object_get(recall, "clients")));
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(recall, "sessions"), i, s)
	{
#define S(k)                                                                                       \
	(json_string_value(json_object_get(s, k)) ? json_string_value(json_object_get(s, k)) : "-")
		fprintf(out, "%s  session %lld  client %lld  %s  %s  %s  (%s)\n", S("date"),
		        (long long)json_integer_value(json_object_get(s, "session_id")),
		        (long long)json_integer_value(json_object_get(s, "client_id")), S("name"),
		        S("phone"), S("email"), S("used_as"));
#undef S
	}
}

int np_cmd_recall(struct np_cli *cli)
{
	if (cli->n_args != 1)
		return np_cli_fail(cli, NP_EXIT_USAGE, "usage: needlepoint %s",
		                   cli->command->usage);
	int rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	return np_cli_record(cli, np_recall(&out, cli->store, &cli->actor, cli->args[0]), &out,
	                     text_recall);
}
