/* needlepoint outcome: scores on the pack's scales, and a scale's trend for a client. */
#include "cli.h"
#include "text.h"

static void text_trend(FILE *out, const json_t *trend)
{
	fprintf(out, "%s (%g-%g)\n", json_string_value(json_object_get(trend, "name")),
	        json_number_value(json_object_get(trend, "min")),
	        json_number_value(json_object_get(trend, "max")));
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(trend, "points"), i, p)
	    fprintf(out, "%s  %g\n", json_string_value(json_object_get(p, "date")),
	            json_number_value(json_object_get(p, "value")));
	if (json_object_get(trend, "change"))
		fprintf(out, "change: %+g\n", json_number_value(json_object_get(trend, "change")));
}

int np_cmd_outcome(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "trend", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int64_t client;
	double value = 0;
	const char *scale = np_cli_value(cli, "scale");
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	if (rc == 0 && scale == NULL)
		rc = np_cli_fail(cli, NP_EXIT_USAGE, "--scale NAME is needed");
	if (rc == 0 && sub == 0 && np_cli_value(cli, "value") == NULL)
		rc = np_cli_fail(cli, NP_EXIT_USAGE, "--value V is needed");
	if (rc == 0 && sub == 0)
		rc = np_cli_number(cli, "value", &value);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (sub == 1)
		return np_cli_record(cli,
		                     np_outcome_trend(&out, cli->store, &cli->actor, client, scale),
		                     &out, text_trend);
	char date[NP_DATE_LEN];
	np_date_format(cli->on, date);
	json_t *in = json_pack("{s:s, s:f, s:s}", "scale", scale, "value", value, "date", date);
	if (in && np_cli_value(cli, "note"))
		json_object_set_new(in, "note", json_string(np_cli_value(cli, "note")));
	rc = np_outcome_add(&out, cli->store, &cli->actor, client, in);
	json_decref(in);
	return np_cli_record(cli, rc, &out, np_text_record);
}
