/* needlepoint aftercare: the dated timeline a client takes home. */
#include "cli.h"
#include "text.h"

#include "needlepoint/aftercare.h"
#include "needlepoint/error.h"

int np_cmd_aftercare(struct np_cli *cli)
{
	const char *date_text = np_cli_value(cli, "date");
	const char *device_text = np_cli_value(cli, "device");
	if (cli->n_args != 0)
		return np_cli_fail(cli, NP_EXIT_USAGE, "unexpected argument '%s'", cli->args[0]);
	if (date_text == NULL || np_cli_value(cli, "depth") == NULL)
		return np_cli_fail(cli, NP_EXIT_USAGE, "needs --date DATE and --depth MM");
	np_day date;
	if (np_date_parse(&date, date_text) != 0)
		return np_cli_fail(cli, NP_EXIT_USAGE, "--date: %s", np_error_last());
	double depth = 0;
	int rc = np_cli_number(cli, "depth", &depth);
	if (rc != 0)
		return rc;
	int device = -1;
	if (device_text != NULL && (device = np_pack_device(device_text)) < 0)
		return np_cli_fail(
		    cli, NP_EXIT_USAGE,
		    "--device: unknown device '%s': expected pen, roller, stamp or rf",
		    device_text);
	struct np_aftercare_sheet *sheet;
	if (np_aftercare_build(&sheet, cli->pack, date, depth, device) != 0)
		return np_cli_fail_last(cli);
	json_t *answer = np_aftercare_to_json(sheet);
	np_aftercare_free(sheet);
	return np_cli_print_answer(cli, answer, np_text_aftercare);
}
