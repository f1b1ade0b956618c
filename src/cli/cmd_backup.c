/* needlepoint backup: a consistent copy of the records while they are in use. The deployment's
 * act, on this machine: no user of a clinic acts, every clinic's trail records it. With --into,
 * the copy is named by the time it was made and only the --keep newest of those stay: what the
 * service's daily timer runs. */
#include "cli.h"

#include "needlepoint/error.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define PREFIX "needlepoint-"
#define SUFFIX ".db"
/* needlepoint-20261202T081500.123Z.db: names that sort as the times they were made */
#define NAME_LEN (sizeof PREFIX - 1 + 20 + sizeof SUFFIX - 1)

static bool made_here(const char *name)
{
	size_t len = strlen(name);
	return len == NAME_LEN && strncmp(name, PREFIX, sizeof PREFIX - 1) == 0 &&
	       strcmp(name + len - (sizeof SUFFIX - 1), SUFFIX) == 0 &&
	       name[sizeof PREFIX - 1 + 8] == 'T' && name[sizeof PREFIX - 1 + 19] == 'Z';
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Remove all but the keep newest copies in dir: how many went, or -1 when dir cannot be read. */
static int prune(const char *dir, int keep)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!made_here(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			char **grown = realloc(names, cap * sizeof *names);
			if (grown == NULL)
				break;
			names = grown;
		}
		if ((names[n] = strdup(e->d_name)) != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	int removed = 0;
	for (size_t i = 0; i + (size_t)keep < n; i++) {
		char path[4200];
		static const char *const parts[] = {"", "-wal", "-shm"};
		for (size_t p = 0; p < 3; p++) {
			snprintf(path, sizeof path, "%s/%s%s", dir, names[i], parts[p]);
			if (unlink(path) == 0 && p == 0)
				removed++;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return removed;
}

int np_cmd_backup(struct np_cli *cli)
{
	const char *into = np_cli_value(cli, "into");
	int keep = 14;
	int rc = np_cli_int(cli, "keep", &keep);
	if (rc != 0)
		return rc;
	if ((into == NULL) == (cli->n_args != 1) || (into == NULL && np_cli_value(cli, "keep")))
		return np_cli_fail(cli, NP_EXIT_USAGE, "usage: needlepoint %s",
		                   cli->command->usage);
	if (keep < 1 || keep > 3650)
		return np_cli_fail(cli, NP_EXIT_USAGE, "--keep: '%d': expected 1 to 3650 copies",
		                   keep);
	char file[4200];
	if (into) {
		struct timeval now;
		gettimeofday(&now, NULL);
		struct tm tm;
		gmtime_r(&now.tv_sec, &tm);
		char stamp[32];
		strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
		snprintf(file, sizeof file, "%s/" PREFIX "%s.%03dZ" SUFFIX, into, stamp,
		         (int)(now.tv_usec / 1000));
	} else
		snprintf(file, sizeof file, "%s", cli->args[0]);
	if ((rc = np_cli_store(cli)) != 0)
		return rc;
	if (np_store_backup(cli->store, file) != 0)
		return np_cli_fail_last(cli);
	fprintf(cli->out, "backed up to %s\n", file);
	if (into) {
		int removed = prune(into, keep);
		if (removed < 0)
			return np_cli_fail(cli, NP_EXIT_ERROR,
			                   "--into: %s: cannot be read to keep %d", into, keep);
		fprintf(cli->out, "kept the %d newest in %s; removed %d older\n", keep, into,
		        removed);
	}
	return NP_EXIT_OK;
}
