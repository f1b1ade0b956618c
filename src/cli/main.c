/* needlepoint: the command table and the one place that parses options and loads the pack. */
#include "cli.h"

#include "needlepoint/error.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define JSON_INPUT (NP_CLI_PACK | NP_CLI_JSON | NP_CLI_INPUT)
#define RECORDS    (NP_CLI_PACK | NP_CLI_JSON | NP_CLI_STORE)
#define NO_OPTIONS                                                                                 \
	{                                                                                          \
		{                                                                                  \
			NULL, NULL, NULL                                                           \
		}                                                                                  \
	}

const struct np_cli_command np_cli_commands[] = {
    {"screen",
     np_cmd_screen,
     JSON_INPUT | NP_CLI_ON | NP_CLI_STORE,
     "screen [--on DATE] [--json] [--protocol FILE] [FILE|-]\n"
     "       needlepoint screen --client ID [--on DATE] [--json] [--db PATH|URL] [--as NAME]",
     "screen a health history: proceed, caution, defer until a date, or decline",
     {{"client", "ID", "screen the client's latest health history and keep the result"},
      {NULL, NULL, NULL}}},
    {"plan",
     np_cmd_plan,
     JSON_INPUT | NP_CLI_STORE,
     "plan [--json] [--protocol FILE] [FILE|-]\n"
     "       needlepoint plan add|list --client ID [--json] [--db PATH|URL] [--as NAME] "
     "[FILE|-]",
     "plan a course by facial map: zones in order, depth, passes, pattern, dates",
     {{"client", "ID", "the client whose plan is kept (plan add, plan list)"}, {NULL, NULL, NULL}}},
    {"next",
     np_cmd_next,
     JSON_INPUT | NP_CLI_ON,
     "next [--on DATE] [--json] [--protocol FILE] [FILE|-]",
     "say when each zone of a session history may be needled again",
     {{NULL, NULL, NULL}}},
    {"gate",
     np_cmd_gate,
     JSON_INPUT,
     "gate [--json] [--protocol FILE] [FILE|-]",
     "whether a session, a booking or a plan may go ahead, from a client's record: the safety "
     "gate",
     {{NULL, NULL, NULL}}},
    {"dose",
     np_cmd_dose,
     NP_CLI_PACK | NP_CLI_JSON,
     "dose roller --needles N --drum-diameter MM --drum-width MM [--passes K] [--json]\n"
     "       needlepoint dose pen --needles N --frequency HZ --speed MM_PER_S --width MM "
     "[--passes K] [--json]",
     "puncture density per cm2 of a roller or a pen, and the passes the target needs",
     {{"needles", "N", "needles on the drum or in the cartridge"},
      {"drum-diameter", "MM", "roller drum diameter in mm"},
      {"drum-width", "MM", "roller drum width in mm"},
      {"frequency", "HZ", "pen needle frequency in Hz"},
      {"speed", "MM_PER_S", "pen glide speed in mm per second"},
      {"width", "MM", "pen footprint width in mm"},
      {"passes", "K", "passes over the same skin (default: the pack's, by device)"},
      {NULL, NULL, NULL}}},
    {"aftercare",
     np_cmd_aftercare,
     NP_CLI_PACK | NP_CLI_JSON,
     "aftercare --date DATE --depth MM [--device pen|roller|stamp|rf] [--json] [--protocol FILE]",
     "the dated aftercare timeline a client takes home",
     {{"date", "DATE", "the session's date, YYYY-MM-DD"},
      {"depth", "MM", "the deepest depth used, in mm"},
      {"device", "DEVICE", "pen, roller, stamp or rf"},
      {NULL, NULL, NULL}}},
    {"map",
     np_cmd_map,
     NP_CLI_PACK | NP_CLI_INPUT,
     "map [--protocol FILE] [FILE|-]",
     "draw a plan request as an SVG facial map",
     {{NULL, NULL, NULL}}},
    {"protocol",
     np_cmd_protocol,
     NP_CLI_JSON,
     "protocol show|check [--json] [FILE]",
     "show a protocol pack, or check that it loads",
     {{NULL, NULL, NULL}}},
    {"init",
     np_cmd_init,
     RECORDS,
     "init --clinic NAME --admin NAME --time-zone ZONE [--home] [--json] [--db PATH|URL]",
     "start the records: a clinic (or a personal log at home) and its first admin",
     {{"clinic", "NAME", "the clinic's name (for --home: the log's name)"},
      {"admin", "NAME", "the first user, an admin (for --home: the person)"},
      {"time-zone", "ZONE", "where the clinic is: a tz database name, e.g. Europe/London"},
      {"home", NULL, "a personal log for one person at home"},
      {NULL, NULL, NULL}}},
    {"clinic",
     np_cmd_clinic,
     RECORDS,
     "clinic show | edit [--name NAME] [--time-zone ZONE] [--address TEXT] [--phone NUMBER] "
     "[--email ADDRESS] [--json] [--db PATH|URL] [--as NAME]",
     "the clinic: its name, its time zone and so its today, and what the handout and the "
     "calendar print of it",
     {{"name", "NAME", "clinic edit: the clinic's new name"},
      {"time-zone", "ZONE", "clinic edit: a tz database name, e.g. Europe/London"},
      {"address", "TEXT", "clinic edit: its postal address (\"\" clears it)"},
      {"phone", "NUMBER", "clinic edit: the number clients call"},
      {"email", "ADDRESS", "clinic edit: its email, the organizer of its calendar events"},
      {NULL, NULL, NULL}}},
    {"user",
     np_cmd_user,
     RECORDS,
     "user add NAME --role ROLE | user password NAME | user list [--json] [--db PATH|URL] "
     "[--as NAME]",
     "the clinic's users and their roles: admin, practitioner, reception",
     {{"role", "ROLE", "admin, practitioner or reception"}, {NULL, NULL, NULL}}},
    {"client",
     np_cmd_client,
     RECORDS,
     "client add [FILE|-] | list [--name TEXT] | show ID | edit ID [FILE|-] [--json] "
     "[--db PATH|URL] [--as NAME]",
     "clients: name, birth date, contact, Fitzpatrick type, notes",
     {{"name", "TEXT", "client list: clients whose name holds TEXT"}, {NULL, NULL, NULL}}},
    {"intake",
     np_cmd_intake,
     RECORDS,
     "intake add|list --client ID [--json] [--db PATH|URL] [--as NAME] [FILE|-]",
     "a client's health histories: every version kept",
     {{"client", "ID", "the client"}, {NULL, NULL, NULL}}},
    {"screening",
     np_cmd_screening,
     RECORDS,
     "screening list --client ID | ack ID --note TEXT [--json] [--db PATH|URL] [--as NAME]",
     "a client's stored screenings; a practitioner acknowledges a caution",
     {{"client", "ID", "the client"},
      {"note", "TEXT", "what the practitioner weighed in acknowledging"},
      {NULL, NULL, NULL}}},
    {"consent",
     np_cmd_consent,
     RECORDS | NP_CLI_ON,
     "consent sign --client ID --form NAME --signer NAME | list --client ID [--on DATE] "
     "[--json] [--db PATH|URL] [--as NAME]",
     "consents: the pack's form text and version, signed, due again after its period",
     {{"client", "ID", "the client"},
      {"form", "NAME", "the pack's consent form"},
      {"signer", "NAME", "who signs"},
      {NULL, NULL, NULL}}},
    {"device", np_cmd_device, RECORDS,
     "device add [FILE|-] | list [--json] [--db PATH|URL] [--as NAME]",
     "devices: pens, rollers, stamps and RF devices with their serials", NO_OPTIONS},
    {"lot",
     np_cmd_lot,
     RECORDS,
     "lot add [FILE|-] | list | show ID | recall ID --reason TEXT [--json] [--db PATH|URL] "
     "[--as NAME]",
     "lots of cartridges, rollers and products, with their units; a recalled lot serves no "
     "session",
     {{"reason", "TEXT", "lot recall: why the lot is recalled"}, {NULL, NULL, NULL}}},
    {"session",
     np_cmd_session,
     RECORDS,
     "session log --client ID [--override CODE,... --reason TEXT] [FILE|-] | show ID "
     "[--json] [--db PATH|URL] [--as NAME]",
     "log a session, refused with its reasons when a safety rule stands against it",
     {{"client", "ID", "the client"},
      {"override", "CODE,...", "log it despite these refusals, when your role may lift them"},
      {"reason", "TEXT", "why the override is right: kept with the session"},
      {NULL, NULL, NULL}}},
    {"ae",
     np_cmd_ae,
     RECORDS,
     "ae add --session ID [FILE|-] | follow-up ID [FILE|-] [--json] [--db PATH|URL] "
     "[--as NAME]",
     "adverse events after a session, and their follow-ups",
     {{"session", "ID", "the session the event follows"}, {NULL, NULL, NULL}}},
    {"outcome",
     np_cmd_outcome,
     RECORDS | NP_CLI_ON,
     "outcome add --client ID --scale NAME --value V [--on DATE] | trend --client ID --scale "
     "NAME [--json] [--db PATH|URL] [--as NAME]",
     "outcomes on the pack's scales, and their trend",
     {{"client", "ID", "the client"},
      {"scale", "NAME", "the pack's scale (goodman_baron, glogau, gais, ...)"},
      {"value", "V", "the score"},
      {"note", "TEXT", "a note with the score"},
      {NULL, NULL, NULL}}},
    {"recall", np_cmd_recall, RECORDS, "recall LOT [--json] [--db PATH|URL] [--as NAME]",
     "every client and session treated with a lot, with contact details", NO_OPTIONS},
    {"history",
     np_cmd_history,
     RECORDS,
     "history --client ID [--limit N] [--before PLACE] [--kind KINDS] [--json] [--db PATH|URL]"
     " [--as NAME]",
     "a client's chart: the timeline whole, or a page of it",
     {{"client", "ID", "the client"},
      {"limit", "N", "at most the N newest entries (default: every one)"},
      {"before", "PLACE", "the entries before this place: the \"more\" of the page before"},
      {"kind", "KINDS",
       "only these kinds, by comma: intake, screening, consent, plan, session,"
       " adverse_event, outcome"},
      {NULL, NULL, NULL}}},
    {"export",
     np_cmd_export,
     RECORDS,
     "export --client ID [--db PATH|URL] [--as NAME]",
     "a client's whole record as JSON",
     {{"client", "ID", "the client"}, {NULL, NULL, NULL}}},
    {"erase",
     np_cmd_erase,
     RECORDS,
     "erase --client ID --reason TEXT [--json] [--db PATH|URL] [--as NAME]",
     "remove the person from a client's records; keep what a clinic must keep",
     {{"client", "ID", "the client"},
      {"reason", "TEXT", "why (kept in the audit trail: write it without the person's name)"},
      {NULL, NULL, NULL}}},
    {"backup",
     np_cmd_backup,
     NP_CLI_DB,
     "backup FILE | --into DIR [--keep N] [--db PATH|URL] [--key FILE]",
     "a consistent copy of the records while they are in use",
     {{"into", "DIR",
       "a copy named by when it was made (needlepoint-TIME.db) in DIR, which the daily timer "
       "uses"},
      {"keep", "N", "with --into: keep the N newest copies there, remove older ones (default 14)"},
      {NULL, NULL, NULL}}},
    {"doctor", np_cmd_doctor, NP_CLI_DB, "doctor [--db PATH|URL] [--key FILE] [--protocol FILE]",
     "check a deployment as its service will run it: the pack, the web files, the settings, "
     "the database and its key, each clinic's time zone and the clock; each finding says what "
     "to fix",
     NO_OPTIONS},
    {"audit",
     np_cmd_audit,
     RECORDS,
     "audit verify | list [--limit N] | checkpoint [--json] [--db PATH|URL] [--key FILE] "
     "[--as NAME]",
     "the sealed audit trail: verify it and its signed checkpoints, list its latest "
     "entries, or sign a checkpoint now",
     {{"limit", "N", "audit list: how many of the latest entries (default 50)"},
      {NULL, NULL, NULL}}},
    {"serve",
     np_cmd_serve,
     NP_CLI_PACK | NP_CLI_DB,
     "serve [--listen HOST:PORT] [--web DIR] [--threads N] [--timeout SECONDS] "
     "[--header-deadline SECONDS] [--checkpoint-every SECONDS] [--trust-proxy ADDRESS] "
     "[--public-origin URL] [--db PATH|URL] [--key FILE]",
     "the clinic's HTTP service: the JSON API and the browser UI, until SIGTERM",
     {{"listen", "HOST:PORT", "the address to listen on (default 127.0.0.1:8080; port 0: any)"},
      {"web", "DIR", "the browser UI's files (default: those installed with the program)"},
      {"threads", "N", "worker threads (default 4)"},
      {"timeout", "SECONDS", "close a connection idle this long (default 15)"},
      {"header-deadline", "SECONDS",
       "close a connection whose request line and headers take longer, however they trickle "
       "(default 10)"},
      {"checkpoint-every", "SECONDS", "sign the audit trail's new entries this often (default 60)"},
      {"trust-proxy", "ADDRESS",
       "the TLS proxy in front: its X-Forwarded-For and -Proto are believed, from it alone"},
      {"public-origin", "URL",
       "the address browsers use through the proxy (https://clinic.example): sign-in from its "
       "pages is this server's"},
      {NULL, NULL, NULL}}},
    {NULL, NULL, 0, NULL, NULL, {{NULL, NULL, NULL}}},
};

static const struct np_cli_command *find(const char *name)
{
	for (const struct np_cli_command *c = np_cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void usage_all(FILE *f)
{
	fprintf(f, "usage: needlepoint [--version] [--help] <command> [<args>]\n\n"
	           "microneedling screening, planning, scheduling and aftercare\n\ncommands:\n");
	for (const struct np_cli_command *c = np_cli_commands; c->name; c++)
		fprintf(f, "   %-10s %s\n", c->name, c->summary);
	fprintf(f, "\n'needlepoint help <command>' or 'man needlepoint-<command>' tells more.\n");
}

static void usage_command(FILE *f, const struct np_cli_command *c)
{
	fprintf(f, "usage: needlepoint %s\n\n%s\n", c->usage, c->summary);
	bool any = false;
	for (int i = 0; i < NP_CLI_MAX_OPTIONS && c->options[i].name; i++) {
		if (!any)
			fprintf(f, "\noptions:\n");
		any = true;
		char left[40];
		snprintf(left, sizeof left, "--%s %s", c->options[i].name,
		         c->options[i].arg ? c->options[i].arg : "");
		fprintf(f, "   %-24s %s\n", left, c->options[i].help);
	}
	if (c->flags &
	    (NP_CLI_ON | NP_CLI_JSON | NP_CLI_PACK | NP_CLI_INPUT | NP_CLI_STORE | NP_CLI_DB))
		fprintf(f, "%s", any ? "" : "\noptions:\n");
	if (c->flags & NP_CLI_ON)
		fprintf(f, "   %-24s %s\n", "--on DATE", "the day to decide for (default: today)");
	if (c->flags & NP_CLI_JSON)
		fprintf(f, "   %-24s %s\n", "--json", "answer in JSON (docs/json.md)");
	if (c->flags & (NP_CLI_STORE | NP_CLI_DB))
		fprintf(
		    f, "   %-24s %s\n", "--db PATH|URL",
		    "the records: a SQLite file or a postgresql:// URL (default: NEEDLEPOINT_DB, "
		    "the config file, ./needlepoint.db)");
	if (c->flags & (NP_CLI_STORE | NP_CLI_DB))
		fprintf(f, "   %-24s %s\n", "--key FILE",
		        "the audit key (default: NEEDLEPOINT_KEY, the config file, the SQLite "
		        "file's path and .key)");
	if (c->flags & NP_CLI_STORE) {
		fprintf(f, "   %-24s %s\n", "--as NAME",
		        "the user who acts (default: NEEDLEPOINT_USER, the config file, the only "
		        "user)");
	}
	if (c->flags & NP_CLI_PACK)
		fprintf(f, "   %-24s %s\n", "--protocol FILE",
		        "the clinic's protocol pack (default: the standard pack)");
	if (c->flags & NP_CLI_INPUT)
		fprintf(f, "   %-24s %s\n", "FILE|-", "the JSON input; stdin when - or absent");
}

/* One option: a global one (--json, --on, --protocol, --help) or one of the command's. */
static int option(struct np_cli *cli, int argc, char **argv, int *i)
{
	const char *arg = argv[*i] + 2, *value = NULL;
	char name[64];
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	if (len >= sizeof name)
		return np_cli_fail(cli, NP_EXIT_USAGE, "unknown option '%s'", argv[*i]);
	memcpy(name, arg, len);
	name[len] = '\0';
	const struct np_cli_command *c = cli->command;
	bool store = ((cli->command->flags & (NP_CLI_STORE | NP_CLI_DB)) &&
	              (strcmp(name, "db") == 0 || strcmp(name, "key") == 0)) ||
	             ((cli->command->flags & NP_CLI_STORE) && strcmp(name, "as") == 0);
	bool takes_value = strcmp(name, "on") == 0 || strcmp(name, "protocol") == 0 || store;
	int index = -1;
	for (int k = 0; k < NP_CLI_MAX_OPTIONS && c->options[k].name; k++)
		if (strcmp(c->options[k].name, name) == 0) {
			index = k;
			takes_value = c->options[k].arg != NULL;
		}
	bool known = index >= 0 || (strcmp(name, "json") == 0 && (c->flags & NP_CLI_JSON)) ||
	             (strcmp(name, "on") == 0 && (c->flags & NP_CLI_ON)) ||
	             strcmp(name, "protocol") == 0 || store;
	if (!known)
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "unknown option '--%s' (see 'needlepoint help %s')", name,
		                   c->name);
	if (takes_value) {
		if (eq)
			value = eq + 1;
		else if (*i + 1 < argc)
			value = argv[++*i];
		else
			return np_cli_fail(cli, NP_EXIT_USAGE, "--%s needs a value", name);
	} else if (eq) {
		return np_cli_fail(cli, NP_EXIT_USAGE, "--%s takes no value", name);
	}
	if (index >= 0)
		cli->values[index] = value ? value : "";
	else if (strcmp(name, "json") == 0)
		cli->json = true;
	else if (strcmp(name, "protocol") == 0)
		cli->protocol_path = value;
	else if (strcmp(name, "db") == 0)
		cli->db = value;
	else if (strcmp(name, "key") == 0)
		cli->key = value;
	else if (strcmp(name, "as") == 0)
		cli->as = value;
	else if (np_date_parse(&cli->on, value) != 0)
		return np_cli_fail(cli, NP_EXIT_USAGE, "--on: %s", np_error_last());
	else
		cli->on_given = true;
	return 0;
}

static int parse(struct np_cli *cli, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage_command(stdout, cli->command);
			return -1;
		}
		if (strncmp(argv[i], "--", 2) == 0 && argv[i][2] != '\0') {
			int rc = option(cli, argc, argv, &i);
			if (rc != 0)
				return rc;
		} else if (cli->n_args < NP_CLI_MAX_ARGS) {
			cli->args[cli->n_args++] = argv[i];
		} else {
			return np_cli_fail(cli, NP_EXIT_USAGE,
			                   "too many arguments (see 'needlepoint help %s')",
			                   cli->command->name);
		}
	}
	return 0;
}

/* --protocol, else NEEDLEPOINT_PROTOCOL, else the configuration file's, else the standard pack
 * installed with the program. */
static const char *default_protocol(void)
{
	static char path[4200];
	const char *env = getenv("NEEDLEPOINT_PROTOCOL"), *conf = np_cli_config("protocol");
	return env && *env ? env
	       : conf      ? conf
	                   : np_cli_data(path, sizeof path, "protocols/standard.json");
}

static int run(const struct np_cli_command *c, int argc, char **argv)
{
	struct np_cli cli = {.command = c, .out = stdout};
	cli.on = np_cli_today();
	int rc = parse(&cli, argc, argv);
	if (rc != 0)
		return rc < 0 ? NP_EXIT_OK : rc;
	char why[1400];
	if (np_cli_config_load(why, sizeof why) != 0)
		return np_cli_fail(&cli, NP_EXIT_USAGE, "%s", why);
	if (cli.protocol_path == NULL)
		cli.protocol_path = default_protocol();
	if ((c->flags & NP_CLI_PACK) && np_pack_load_file(&cli.pack, cli.protocol_path) != 0)
		return np_cli_fail_last(&cli);
	rc = c->run(&cli);
	/* what this command added to the audit trail is signed before it ends */
	if (cli.store && np_audit_checkpoint(cli.store, NULL, false, NULL) != 0 && rc == 0)
		rc = np_cli_fail_last(&cli);
	np_store_close(cli.store);
	np_pack_free(cli.pack);
	if (fflush(stdout) != 0)
		return np_cli_fail(&cli, NP_EXIT_ERROR, "cannot write the output");
	return rc;
}

int main(int argc, char **argv)
{
	/* whatever the program writes (databases, backups, logs) is its user's alone */
	umask(S_IRWXG | S_IRWXO);
	if (argc < 2) {
		usage_all(stderr);
		return NP_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("needlepoint %s\n", NP_VERSION);
		return NP_EXIT_OK;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		usage_all(stdout);
		return NP_EXIT_OK;
	}
	if (strcmp(name, "help") == 0) {
		if (argc < 3) {
			usage_all(stdout);
			return NP_EXIT_OK;
		}
		const struct np_cli_command *c = find(argv[2]);
		if (c == NULL)
			return np_cli_fail(NULL, NP_EXIT_USAGE, "'%s' is not a command", argv[2]);
		usage_command(stdout, c);
		return NP_EXIT_OK;
	}
	const struct np_cli_command *c = find(name);
	if (c == NULL) {
		np_cli_fail(NULL, NP_EXIT_USAGE, "'%s' is not a command (see 'needlepoint --help')",
		            name);
		return NP_EXIT_USAGE;
	}
	return run(c, argc - 2, argv + 2);
}
