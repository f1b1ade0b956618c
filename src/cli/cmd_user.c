/* needlepoint user: the clinic's users and their roles. */
#include "cli.h"
#include "text.h"

#include "needlepoint/auth.h"

#include <string.h>

/* The first line of stdin, without its line end: the password of name, set on the machine (the
 * first password of an admin, or a forgotten one). */
static int read_password(struct np_cli *cli, const char *name)
{
	char line[NP_AUTH_PASSWORD_MAX + 2];
	if (fgets(line, sizeof line, stdin) == NULL)
		return np_cli_fail(cli, NP_EXIT_USAGE, "password: expected it on stdin");
	line[strcspn(line, "\r\n")] = '\0';
	int rc = np_auth_reset_password(cli->store, name, line);
	memset(line, 0, sizeof line);
	if (rc != 0)
		return np_cli_fail_last(cli);
	fprintf(cli->out, "password set for %s\n", name);
	return NP_EXIT_OK;
}

int np_cmd_user(struct np_cli *cli)
{
	static const char *const subs[] = {"add", "list", "password", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	json_t *out = NULL;
	int rc = 0;
	if (sub == 2) {
		/* the machine's act: whoever runs it may write the database anyway */
		if (cli->n_args != 2)
			return np_cli_fail(cli, NP_EXIT_USAGE,
			                   "usage: needlepoint user password NAME");
		return (rc = np_cli_store(cli)) != 0 ? rc : read_password(cli, cli->args[1]);
	}
	if ((rc = np_cli_actor(cli)) != 0)
		return rc;
	if (sub == 1)
		return np_cli_record(cli, np_user_list(&out, cli->store, &cli->actor), &out,
		                     np_text_records);
	const char *role = np_cli_value(cli, "role");
	if (cli->n_args != 2 || role == NULL)
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "usage: needlepoint user add NAME --role ROLE");
	json_t *in = json_pack("{s:s, s:s}", "name", cli->args[1], "role", role);
	rc = np_user_add(&out, cli->store, &cli->actor, in);
	json_decref(in);
	return np_cli_record(cli, rc, &out, np_text_record);
}
