/* The records from the command line: which database, who acts, record ids and answers. */
#include "cli.h"

#include "needlepoint/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NP_CLI_DEFAULT_DB "needlepoint.db"

/* The config file: NEEDLEPOINT_CONFIG, else ~/.config/needlepoint/config; lines "key = value",
 * '#' comments. Read once. */
static const char *first(const char *a, const char *b, const char *c)
{
	return a && *a ? a : b && *b ? b : c;
}

const char *np_cli_db(const struct np_cli *cli)
{
	const char *db = first(cli->db, getenv("NEEDLEPOINT_DB"), np_cli_config("db"));
	return db ? db : NP_CLI_DEFAULT_DB;
}

const char *np_cli_key(const struct np_cli *cli)
{
	return first(cli->key, getenv("NEEDLEPOINT_KEY"), np_cli_config("key"));
}

int np_cli_store(struct np_cli *cli)
{
	if (cli->store)
		return 0;
	if (np_store_open_keyed(&cli->store, np_cli_db(cli), cli->pack, np_cli_key(cli)) != 0)
		return np_cli_fail_last(cli);
	return 0;
}

int np_cli_actor(struct np_cli *cli)
{
	int rc = np_cli_store(cli);
	if (rc != 0)
		return rc;
	const char *as = first(cli->as, getenv("NEEDLEPOINT_USER"), np_cli_config("user"));
	if (np_store_actor(&cli->actor, cli->store, as) != 0)
		return np_cli_fail_last(cli);
	if (!cli->on_given)
		cli->on = cli->actor.today;
	return 0;
}

int np_cli_id(const struct np_cli *cli, const char *what, const char *text, int64_t *out)
{
	if (text == NULL)
		return np_cli_fail(cli, NP_EXIT_USAGE, "%s is needed (see 'needlepoint help %s')",
		                   what, cli->command->name);
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || v < 1)
		return np_cli_fail(cli, NP_EXIT_USAGE, "%s: '%s' is not a record id", what, text);
	*out = v;
	return 0;
}

int np_cli_subcommand(const struct np_cli *cli, const char *const *names)
{
	const char *sub = cli->n_args > 0 ? cli->args[0] : NULL;
	for (int i = 0; sub && names[i]; i++)
		if (strcmp(sub, names[i]) == 0)
			return i;
	np_cli_fail(cli, NP_EXIT_USAGE, "%s '%s': expected %s",
	            sub ? "unknown subcommand"
	                : "a "
	                  "subcommand is needed",
	            sub ? sub : "", cli->command->usage);
	return -1;
}

int np_cli_read_input_at(const struct np_cli *cli, int index, json_t **out)
{
	struct np_cli shifted = *cli;
	shifted.n_args = cli->n_args - index;
	for (int i = 0; i < shifted.n_args; i++)
		shifted.args[i] = cli->args[i + index];
	if (shifted.n_args > 1)
		return np_cli_fail(cli, NP_EXIT_USAGE, "expected one input file, got %d",
		                   shifted.n_args);
	return np_cli_read_input(&shifted, out);
}

int np_cli_record(const struct np_cli *cli, int rc, json_t **answer, np_cli_text_fn text)
{
	if (rc != 0)
		return np_cli_fail_last(cli);
	return np_cli_print_answer(cli, *answer, text);
}

int np_cli_client_answer(struct np_cli *cli,
                         int (*op)(json_t **out, struct np_store *s, const struct np_actor *a,
                                   int64_t client),
                         np_cli_text_fn text)
{
	int64_t client;
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (op(&out, cli->store, &cli->actor, client) != 0)
		return np_cli_fail_last(cli);
	return text ? np_cli_print_answer(cli, out, text) : np_cli_print_json(cli, out);
}
