/* Input, output and failure reporting shared by the commands. */
#include "cli.h"

#include "needlepoint/error.h"
#include "needlepoint/file.h"
#include "text.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Inputs are health histories and plans: a few kilobytes. Anything past this is a mistake. */
#define NP_CLI_MAX_INPUT (8u << 20)

int np_cli_fail(const struct np_cli *cli, int code, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "needlepoint%s%s: ", cli && cli->command ? " " : "",
	        cli && cli->command ? cli->command->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

/* A refusal: the list, readably on standard error, or as JSON on standard output with --json (the
 * HTTP API's error body); exit 3. */
static int refused(const struct np_cli *cli, const json_t *refusals)
{
	if (cli && cli->json) {
		json_t *body = json_pack("{s:{s:s, s:s, s:O}}", "error", "code", "refused",
		                         "message", np_error_last(), "refusals", refusals);
		np_cli_print_json(cli, body);
		return NP_EXIT_REFUSED;
	}
	np_cli_fail(cli, NP_EXIT_REFUSED, "%s:", np_error_last());
	np_text_refusals(stderr, refusals);
	bool may = false;
	size_t i;
	json_t *r;
	json_array_foreach(refusals, i, r) may =
	    may || strcmp(json_string_value(json_object_get(r, "override")), "never") != 0;
	if (may && cli && cli->command && np_cli_value(cli, "override") == NULL &&
	    strcmp(cli->command->name, "session") == 0)
		fprintf(stderr, "(who may override them logs it with --override CODE,... --reason "
		                "\"why\")\n");
	return NP_EXIT_REFUSED;
}

int np_cli_fail_last(const struct np_cli *cli)
{
	int code = np_error_code();
	if (code == NP_EREFUSED && np_error_refusals())
		return refused(cli, np_error_refusals());
	/* a pack file that cannot be opened was named by the user, and an id that is not there was
	 * typed by them: bad usage, like any input. A refusal is an answer that is not yes. */
	int exit_code =
	    (code == NP_EINVAL || code == NP_EPACK || code == NP_EIO || code == NP_ENOTFOUND)
	        ? NP_EXIT_USAGE
	    : code == NP_EREFUSED ? NP_EXIT_REFUSED
	                          : NP_EXIT_ERROR;
	return np_cli_fail(cli, exit_code, "%s", np_error_last());
}

const char *np_cli_value(const struct np_cli *cli, const char *name)
{
	for (int i = 0; i < NP_CLI_MAX_OPTIONS && cli->command->options[i].name; i++)
		if (strcmp(cli->command->options[i].name, name) == 0)
			return cli->values[i];
	return NULL;
}

const char *np_cli_setting(const struct np_cli *cli, const char *name)
{
	const char *v = np_cli_value(cli, name);
	return v ? v : np_cli_config(name);
}

const char *np_cli_origin(const struct np_cli *cli, const char *name, char *buf, size_t size)
{
	if (np_cli_value(cli, name))
		snprintf(buf, size, "--%s", name);
	else
		snprintf(buf, size, "%s in %s", name, np_cli_config_file());
	return buf;
}

int np_cli_number(const struct np_cli *cli, const char *name, double *out)
{
	const char *text = np_cli_setting(cli, name);
	if (text == NULL)
		return 0;
	char *end, from[1200];
	errno = 0;
	double v = strtod(text, &end);
	if (end == text || *end != '\0' || errno != 0 || !isfinite(v))
		return np_cli_fail(cli, NP_EXIT_USAGE, "%s: '%s' is not a number",
		                   np_cli_origin(cli, name, from, sizeof from), text);
	*out = v;
	return 0;
}

int np_cli_int(const struct np_cli *cli, const char *name, int *out)
{
	const char *text = np_cli_setting(cli, name);
	if (text == NULL)
		return 0;
	char *end, from[1200];
	errno = 0;
	long v = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || v < 0 || v > 1000000)
		return np_cli_fail(cli, NP_EXIT_USAGE, "%s: '%s' is not a whole number",
		                   np_cli_origin(cli, name, from, sizeof from), text);
	*out = (int)v;
	return 0;
}

int np_cli_read_input(const struct np_cli *cli, json_t **out)
{
	if (cli->n_args > 1)
		return np_cli_fail(cli, NP_EXIT_USAGE, "expected one input file, got %d",
		                   cli->n_args);
	const char *path = cli->n_args > 0 ? cli->args[0] : "-";
	bool stdin_input = strcmp(path, "-") == 0;
	const char *name = stdin_input ? "stdin" : path;
	char *data;
	size_t len;
	int rc = stdin_input ? np_read_stream(&data, &len, stdin, NP_CLI_MAX_INPUT, name)
	                     : np_read_file(&data, &len, path, NP_CLI_MAX_INPUT);
	if (rc != 0)
		return np_cli_fail(cli, rc == NP_ENOMEM ? NP_EXIT_ERROR : NP_EXIT_USAGE, "%s",
		                   np_error_last());
	json_error_t err;
	*out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	free(data);
	if (*out == NULL)
		return np_cli_fail(cli, NP_EXIT_USAGE, "%s: line %d, column %d: %s", name, err.line,
		                   err.column, err.text);
	return 0;
}

int np_cli_print_json(const struct np_cli *cli, json_t *json)
{
	if (json == NULL)
		return np_cli_fail(cli, NP_EXIT_ERROR, "out of memory");
	int rc = json_dumpf(json, cli->out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(json);
	fputc('\n', cli->out);
	return rc == 0 ? NP_EXIT_OK : np_cli_fail(cli, NP_EXIT_ERROR, "cannot write the output");
}

int np_cli_print_answer(const struct np_cli *cli, json_t *answer, np_cli_text_fn text)
{
	if (cli->json || answer == NULL)
		return np_cli_print_json(cli, answer);
	text(cli->out, answer);
	json_decref(answer);
	return NP_EXIT_OK;
}

int np_cli_answer_input(struct np_cli *cli,
                        json_t *(*answer)(const struct np_cli *cli, const json_t *input),
                        np_cli_text_fn text)
{
	json_t *input = NULL;
	int rc = np_cli_read_input(cli, &input);
	if (rc != 0)
		return rc;
	np_error_clear();
	json_t *result = answer(cli, input);
	json_decref(input);
	if (result == NULL && np_error_code() == NP_OK) /* a serialiser ran out of memory */
		return np_cli_fail(cli, NP_EXIT_ERROR, "out of memory");
	return result ? np_cli_print_answer(cli, result, text) : np_cli_fail_last(cli);
}

np_day np_cli_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return np_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
