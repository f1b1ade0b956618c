/* needlepoint session: log a session (the safety gate decides; a refusal lists every reason, and
 * who may lift them overrides by naming their codes with a reason), or show one. */
#include "cli.h"
#include "text.h"

#include <string.h>

/* --override CODE,... --reason TEXT: the input's "override" ({"codes", "reason"}), which the
 * records check as they check one sent in the input itself. */
static int add_override(const struct np_cli *cli, json_t *in)
{
	const char *codes = np_cli_value(cli, "override"), *reason = np_cli_value(cli, "reason");
	if (codes == NULL && reason == NULL)
		return 0;
	if (codes == NULL || reason == NULL)
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "--override CODE,... and --reason TEXT go together: name the "
		                   "refusals it lifts and say why");
	json_t *list = json_array();
	for (const char *p = codes; list && *p;) {
		size_t n = strcspn(p, ",");
		json_array_append_new(list, json_stringn(p, n));
		p += n + (p[n] == ',');
	}
	if (list == NULL || !json_is_object(in) ||
	    json_object_set_new(in, "override",
	                        json_pack("{s:o, s:s}", "codes", list, "reason", reason)) != 0)
		return np_cli_fail(cli, NP_EXIT_USAGE, "the session's input is not a JSON object");
	return 0;
}

int np_cmd_session(struct np_cli *cli)
{
	static const char *const subs[] = {"log", "show", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = sub == 0 ? np_cli_id(cli, "--client", np_cli_value(cli, "client"), &id)
	                  : np_cli_id(cli, "ID", cli->n_args > 1 ? cli->args[1] : NULL, &id);
	if (rc == 0 && sub == 0)
		rc = np_cli_read_input_at(cli, 1, &in);
	if (rc == 0 && sub == 0)
		rc = add_override(cli, in);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0) {
		json_decref(in);
		return rc;
	}
	rc = sub == 0 ? np_session_log(&out, cli->store, &cli->actor, id, in)
	              : np_session_show(&out, cli->store, &cli->actor, id);
	json_decref(in);
	return np_cli_record(cli, rc, &out, np_text_record);
}
