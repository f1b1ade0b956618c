/* needlepoint history: a client's chart, its timeline whole or a page at a time. */
#include "cli.h"
#include "text.h"

#include "needlepoint/error.h"

int np_cmd_history(struct np_cli *cli)
{
	int64_t client;
	int limit = 0;
	struct np_page page = {.before = np_cli_value(cli, "before")};
	int rc = np_cli_id(cli, "--client", np_cli_value(cli, "client"), &client);
	if (rc == 0)
		rc = np_cli_int(cli, "limit", &limit);
	if (rc == 0 && limit < 0)
		rc = np_cli_fail(cli, 2, "--limit: expected a whole number of entries, 1 or more");
	page.limit = (size_t)limit;
	const char *kinds = np_cli_value(cli, "kind");
	if (rc == 0 && kinds && np_chart_kinds(&page.kinds, kinds) != 0)
		rc = np_cli_fail_last(cli);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (np_history(&out, cli->store, &cli->actor, client, &page) != 0)
		return np_cli_fail_last(cli);
	return np_cli_print_answer(cli, out, np_text_history);
}
