/* needlepoint dose roller|pen: puncture density and the passes the target needs. */
#include "cli.h"
#include "text.h"

#include "needlepoint/dose.h"

#include <string.h>

/* Every option the device's formula needs must be given, and no option of the other device. */
static int require(const struct np_cli *cli, const char *const need[], const char *const refuse[])
{
	for (size_t i = 0; need[i]; i++)
		if (np_cli_value(cli, need[i]) == NULL)
			return np_cli_fail(cli, NP_EXIT_USAGE, "dose %s needs --%s", cli->args[0],
			                   need[i]);
	for (size_t i = 0; refuse[i]; i++)
		if (np_cli_value(cli, refuse[i]) != NULL)
			return np_cli_fail(cli, NP_EXIT_USAGE, "--%s is not an option of dose %s",
			                   refuse[i], cli->args[0]);
	return 0;
}

int np_cmd_dose(struct np_cli *cli)
{
	static const char *const roller[] = {"needles", "drum-diameter", "drum-width", NULL};
	static const char *const pen[] = {"needles", "frequency", "speed", "width", NULL};
	static const char *const roller_only[] = {"drum-diameter", "drum-width", NULL};
	static const char *const pen_only[] = {"frequency", "speed", "width", NULL};
	if (cli->n_args != 1 || (strcmp(cli->args[0], "roller") && strcmp(cli->args[0], "pen")))
		return np_cli_fail(
		    cli, NP_EXIT_USAGE,
		    "expected 'dose roller' or 'dose pen' (see 'needlepoint help dose')");
	bool is_roller = strcmp(cli->args[0], "roller") == 0;
	int rc = require(cli, is_roller ? roller : pen, is_roller ? pen_only : roller_only);
	int needles = 0, passes = 0;
	double a = 0, b = 0, c = 0;
	if (rc == 0 && (rc = np_cli_int(cli, "needles", &needles)) == 0)
		rc = np_cli_int(cli, "passes", &passes);
	if (rc == 0 && np_cli_value(cli, "passes") && passes == 0)
		rc = np_cli_fail(cli, NP_EXIT_USAGE, "--passes: expected at least 1");
	if (rc == 0 && is_roller && (rc = np_cli_number(cli, "drum-diameter", &a)) == 0)
		rc = np_cli_number(cli, "drum-width", &b);
	if (rc == 0 && !is_roller && (rc = np_cli_number(cli, "frequency", &a)) == 0 &&
	    (rc = np_cli_number(cli, "speed", &b)) == 0)
		rc = np_cli_number(cli, "width", &c);
	if (rc != 0)
		return rc;
	struct np_dose dose;
	if ((is_roller ? np_dose_roller(&dose, cli->pack, needles, a, b, passes)
	               : np_dose_pen(&dose, cli->pack, needles, a, b, c, passes)) != 0)
		return np_cli_fail_last(cli);
	return np_cli_print_answer(cli, np_dose_to_json(&dose, cli->pack), np_text_dose);
}
