/* needlepoint audit: verify the hash chain of the audit trail, or list its latest entries. */
#include "cli.h"
#include "text.h"

static void text_verify(FILE *out, const json_t *v)
{
	json_t *broken = json_object_get(v, "broken_at");
	if (broken)
		fprintf(out, "audit trail broken at entry %lld: %s\n",
		        (long long)json_integer_value(json_object_get(broken, "seq")),
		        json_string_value(json_object_get(broken, "problem")));
	else
		fprintf(out, "audit trail ok: %lld entries\n",
		        (long long)json_integer_value(json_object_get(v, "entries")));
}

int np_cmd_audit(struct np_cli *cli)
{
	static const char *const subs[] = {"verify", "list", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int limit = 50;
	int rc = np_cli_int(cli, "limit", &limit);
	if (rc == 0)
		rc = np_cli_actor(cli);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (sub == 1)
		return np_cli_record(cli, np_audit_list(&out, cli->store, &cli->actor, limit), &out,
		                     np_text_records);
	if (np_audit_verify(&out, cli->store, &cli->actor) != 0)
		return np_cli_fail_last(cli);
	bool ok = json_is_true(json_object_get(out, "ok"));
	rc = np_cli_print_answer(cli, out, text_verify);
	return rc != 0 ? rc : ok ? NP_EXIT_OK : NP_EXIT_ERROR;
}
