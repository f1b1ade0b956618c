/* The command line's shared pieces: the command table's shape, parsed options, input and output. */
#ifndef NP_CLI_H
#define NP_CLI_H

#include "needlepoint/date.h"
#include "needlepoint/pack.h"
#include "needlepoint/store.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes: 0 answered (whatever the decision), 1 anything else, 2 bad input or usage, 3 a
 * record refused: by the safety gate (the refusals on standard error, or as JSON with --json), or
 * one the record does not allow yet (a screening before any health history). */
enum { NP_EXIT_OK = 0, NP_EXIT_ERROR = 1, NP_EXIT_USAGE = 2, NP_EXIT_REFUSED = 3 };

/* What a command takes, so that main() parses and loads it once, centrally. */
enum np_cli_flags {
	NP_CLI_PACK = 1 << 0,  /* needs the protocol pack (--protocol FILE) */
	NP_CLI_JSON = 1 << 1,  /* --json */
	NP_CLI_ON = 1 << 2,    /* --on DATE, default today */
	NP_CLI_INPUT = 1 << 3, /* reads JSON from FILE or stdin */
	NP_CLI_STORE = 1 << 4, /* the records: --db PATH|URL and --as NAME */
	NP_CLI_DB = 1 << 5,    /* the records' database only: --db PATH|URL */
};

#define NP_CLI_MAX_OPTIONS 12
#define NP_CLI_MAX_ARGS    4

struct np_cli_option {
	const char *name; /* without the leading dashes */
	const char *arg;  /* the value's name in help, or NULL for a flag */
	const char *help;
};

struct np_cli;

struct np_cli_command {
	const char *name;
	int (*run)(struct np_cli *cli);
	unsigned flags;
	const char *usage; /* after "needlepoint " */
	const char *summary;
	struct np_cli_option options[NP_CLI_MAX_OPTIONS]; /* command-specific; ends at name NULL */
};

struct np_cli {
	const struct np_cli_command *command;
	struct np_pack *pack; /* loaded when the command has NP_CLI_PACK */
	bool json;
	np_day on;
	bool
	    on_given; /* --on was given; else on is today (the clinic's, once the actor is known) */
	const char *protocol_path;
	const char *values[NP_CLI_MAX_OPTIONS]; /* the command's options, by index; NULL unset */
	const char *args[NP_CLI_MAX_ARGS];      /* positional arguments */
	int n_args;
	FILE *out;
	const char *db;  /* --db, else NEEDLEPOINT_DB, else the config file, else the default */
	const char *key; /* --key, else NEEDLEPOINT_KEY, else the config file, else beside the db */
	const char *as;  /* --as, else NEEDLEPOINT_USER, else the config file */
	struct np_store *store; /* opened by np_cli_store, closed by main */
	struct np_actor actor;
};

/* The database a command names: --db, NEEDLEPOINT_DB, the config file's db, or the default. */
const char *np_cli_db(const struct np_cli *cli);
/* The records' database, opened on first use, and the user acting (np_cli_actor), whose clinic's
 * today becomes --on's default. Exit code. */
int np_cli_store(struct np_cli *cli);
int np_cli_actor(struct np_cli *cli);
/* The audit key file: --key, NEEDLEPOINT_KEY, the config file's "key"; NULL: the store's default
 * (beside a SQLite file). */
const char *np_cli_key(const struct np_cli *cli);
/* The folder of the program's own files (the standard pack in protocols/, the browser's files in
 * web/): PREFIX/share/needlepoint beside PREFIX/bin/needlepoint as installed, or share/needlepoint
 * beside it in a build tree; never a path compiled in. Static storage. */
const char *np_cli_data_dir(void);
/* A file of it, into out (size bytes); returns out. */
const char *np_cli_data(char *out, size_t size, const char *file);
/* The configuration file (NEEDLEPOINT_CONFIG, else ~/.config/needlepoint/config), read once at
 * start: 0, or -1 with why (the file, the line and what is wrong) when a line is not a setting. */
int np_cli_config_load(char *why, size_t size);
/* Its value of a setting ("db", "user", "key", "protocol", or a serve option such as "listen"),
 * or NULL; see needlepoint(1). */
const char *np_cli_config(const char *name);
/* The file read (for messages about a value from it). */
const char *np_cli_config_file(void);
/* A record id given as an option or argument: a whole number from 1. Exit code. */
int np_cli_id(const struct np_cli *cli, const char *what, const char *text, int64_t *out);
/* The subcommand (args[0]) among names (NULL-ended): its index, or -1 after a usage message. */
int np_cli_subcommand(const struct np_cli *cli, const char *const *names);
/* Read JSON input from args[index] (or stdin for "-" or when absent). Exit code. */
int np_cli_read_input_at(const struct np_cli *cli, int index, json_t **out);

/* The command table (main.c) and the commands. */
extern const struct np_cli_command np_cli_commands[];
int np_cmd_screen(struct np_cli *cli);
int np_cmd_plan(struct np_cli *cli);
int np_cmd_next(struct np_cli *cli);
int np_cmd_gate(struct np_cli *cli);
int np_cmd_dose(struct np_cli *cli);
int np_cmd_aftercare(struct np_cli *cli);
int np_cmd_map(struct np_cli *cli);
int np_cmd_protocol(struct np_cli *cli);
int np_cmd_init(struct np_cli *cli);
int np_cmd_user(struct np_cli *cli);
int np_cmd_client(struct np_cli *cli);
int np_cmd_intake(struct np_cli *cli);
int np_cmd_screening(struct np_cli *cli);
int np_cmd_consent(struct np_cli *cli);
int np_cmd_device(struct np_cli *cli);
int np_cmd_lot(struct np_cli *cli);
int np_cmd_session(struct np_cli *cli);
int np_cmd_ae(struct np_cli *cli);
int np_cmd_outcome(struct np_cli *cli);
int np_cmd_recall(struct np_cli *cli);
int np_cmd_history(struct np_cli *cli);
int np_cmd_export(struct np_cli *cli);
int np_cmd_erase(struct np_cli *cli);
int np_cmd_backup(struct np_cli *cli);
int np_cmd_doctor(struct np_cli *cli);
int np_cmd_audit(struct np_cli *cli);
int np_cmd_serve(struct np_cli *cli);
int np_cmd_clinic(struct np_cli *cli);

/* Report a failure on stderr as "needlepoint CMD: message" and return the exit code for it. */
int np_cli_fail(const struct np_cli *cli, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same for the library's last error (np_error_last), mapping its code to an exit code. */
int np_cli_fail_last(const struct np_cli *cli);

/* The value of the command's option name, or NULL when not given. */
const char *np_cli_value(const struct np_cli *cli, const char *name);
/* The same, else the configuration file's value of that name (serve's options). */
const char *np_cli_setting(const struct np_cli *cli, const char *name);
/* Where a setting's value came from, for a message: "--threads", or "threads in FILE"; into buf. */
const char *np_cli_origin(const struct np_cli *cli, const char *name, char *buf, size_t size);
/* Parse a number option; *out untouched and 0 returned when absent; 2 after a message on error. */
int np_cli_number(const struct np_cli *cli, const char *name, double *out);
int np_cli_int(const struct np_cli *cli, const char *name, int *out);

/* Read the command's JSON input: the first positional argument, or stdin for "-" or none.
 * *out is a new reference the caller owns. Returns an exit code (0 when read). */
int np_cli_read_input(const struct np_cli *cli, json_t **out);

/* Print JSON (indented, one trailing newline) to cli->out; takes the reference. Exit code. */
int np_cli_print_json(const struct np_cli *cli, json_t *json);

/* A text view of an answer (text.h). */
typedef void (*np_cli_text_fn)(FILE *out, const json_t *answer);

/* Print a record's answer (*answer, read after rc was computed), or report the failure of
 * the call that made it (rc). Takes the reference. */
int np_cli_record(const struct np_cli *cli, int rc, json_t **answer, np_cli_text_fn text);

/* The shape of history, export and erase: --client ID, act as the user, print the answer (as
 * JSON whatever --json says when text is NULL). Exit code. */
int np_cli_client_answer(struct np_cli *cli,
                         int (*op)(json_t **out, struct np_store *s, const struct np_actor *a,
                                   int64_t client),
                         np_cli_text_fn text);

/* Print an answer as JSON with --json, else as text; takes the reference. Exit code. */
int np_cli_print_answer(const struct np_cli *cli, json_t *answer, np_cli_text_fn text);

/* The shape of screen, plan and next: read the JSON input, answer it, print the answer. answer
 * returns a new reference, or NULL with the library's error set (np_error_last). Exit code. */
int np_cli_answer_input(struct np_cli *cli,
                        json_t *(*answer)(const struct np_cli *cli, const json_t *input),
                        np_cli_text_fn text);

/* Today's date on this machine's calendar: the day of the engine's commands, which read no
 * clinic's records (a clinic's commands take its own day, np_cli_actor). */
np_day np_cli_today(void);

#endif
