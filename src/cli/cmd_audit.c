/* needlepoint audit: verify the audit trail (its entries, the records they sealed and the signed
 * checkpoints), list its latest entries, or sign a checkpoint now. */
#include "cli.h"
#include "text.h"

static void text_verify(FILE *out, const json_t *v)
{
	bool ok = json_is_true(json_object_get(v, "ok"));
	long long entries = json_integer_value(json_object_get(v, "entries")),
	          records = json_integer_value(json_object_get(v, "records")),
	          checkpoints = json_integer_value(json_object_get(v, "checkpoints")),
	          unanchored = json_integer_value(json_object_get(v, "unanchored"));
	if (ok)
		fprintf(out,
		        "audit trail ok: %lld entries, %lld records as they were written, %lld "
		        "signed checkpoints",
		        entries, records, checkpoints);
	else
		fprintf(out, "audit trail NOT ok: %lld problems",
		        (long long)json_integer_value(json_object_get(v, "problems_total")));
	if (ok && unanchored > 0)
		fprintf(out, " (the last %lld entries are signed from now on)", unanchored);
	fprintf(out, "\n");
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(v, "problems"), i, p)
	{
		fprintf(out, "  %s\n", json_string_value(json_object_get(p, "problem")));
	}
}

int np_cmd_audit(struct np_cli *cli)
{
	static const char *const subs[] = {"verify", "list", "checkpoint", NULL};
	int sub = np_cli_subcommand(cli, subs);
	if (sub < 0)
		return NP_EXIT_USAGE;
	int limit = 50;
	int rc = np_cli_int(cli, "limit", &limit);
	if (rc != 0)
		return rc;
	json_t *out = NULL;
	if (sub == 2) {
		/* the deployment's act, for every clinic of the database: no one acts */
		int written = 0;
		if ((rc = np_cli_store(cli)) != 0)
			return rc;
		if (np_audit_checkpoint(cli->store, cli->out, true, &written) != 0)
			return np_cli_fail_last(cli);
		if (written == 0)
			fprintf(cli->out, "no audit trail yet: nothing to sign\n");
		return NP_EXIT_OK;
	}
	if ((rc = np_cli_actor(cli)) != 0)
		return rc;
	if (sub == 1)
		return np_cli_record(cli, np_audit_list(&out, cli->store, &cli->actor, limit), &out,
		                     np_text_records);
	if (np_audit_verify(&out, cli->store, &cli->actor) != 0)
		return np_cli_fail_last(cli);
	bool ok = json_is_true(json_object_get(out, "ok"));
	rc = np_cli_print_answer(cli, out, text_verify);
	return rc != 0 ? rc : ok ? NP_EXIT_OK : NP_EXIT_ERROR;
}
