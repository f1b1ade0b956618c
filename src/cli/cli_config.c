/* The configuration file (cli.h): NEEDLEPOINT_CONFIG, else ~/.config/needlepoint/config. Lines of
 * "name = value"; # starts a comment line. A name it does not know, or a line without "=", is an
 * error naming the file and the line: a setting mistyped must not pass for a default. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the file may set: every serve option, the database and its key, the acting user, the
 * pack. The command line and the environment come first (needlepoint(1)). */
static const char *const names[] = {
    "db",          "key",          "user",    "protocol",        "listen",
    "web",         "threads",      "timeout", "header-deadline", "checkpoint-every",
    "trust-proxy", "public-origin"};
enum { N_NAMES = sizeof names / sizeof names[0] };

static char values[N_NAMES][1024];
static char file[1024];

static const char *config_path(void)
{
	const char *env = getenv("NEEDLEPOINT_CONFIG"), *home = getenv("HOME");
	if (env && *env)
		snprintf(file, sizeof file, "%s", env);
	else if (home && *home)
		snprintf(file, sizeof file, "%s/.config/needlepoint/config", home);
	else
		file[0] = '\0';
	return file;
}

static char *trim(char *text)
{
	text += strspn(text, " \t");
	char *end = text + strlen(text);
	while (end > text && strchr(" \t\r\n", end[-1]))
		*--end = '\0';
	return text;
}

int np_cli_config_load(char *why, size_t size)
{
	const char *path = config_path();
	FILE *f = path[0] ? fopen(path, "r") : NULL;
	if (f == NULL) /* none: every setting from the command line, the environment or default */
		return 0;
	char line[1200];
	int n = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		n++;
		char *text = trim(line), *eq = strchr(text, '=');
		if (*text == '\0' || *text == '#')
			continue;
		if (eq == NULL) {
			snprintf(why, size, "%s:%d: '%.60s': expected NAME = VALUE", path, n, text);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *name = trim(text), *value = trim(eq + 1);
		size_t k = 0;
		while (k < N_NAMES && strcmp(names[k], name) != 0)
			k++;
		if (k == N_NAMES) {
			snprintf(
			    why, size,
			    "%s:%d: '%.60s' is not a setting; expected db, key, user, protocol, "
			    "listen, web, threads, timeout, header-deadline, checkpoint-every, "
			    "trust-proxy or public-origin",
			    path, n, name);
			rc = -1;
		} else
			snprintf(values[k], sizeof values[k], "%s", value);
	}
	fclose(f);
	return rc;
}

const char *np_cli_config(const char *name)
{
	for (size_t k = 0; k < N_NAMES; k++)
		if (strcmp(names[k], name) == 0)
			return values[k][0] ? values[k] : NULL;
	return NULL;
}

const char *np_cli_config_file(void)
{
	return file;
}
