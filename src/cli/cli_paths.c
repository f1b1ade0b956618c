/* Where the program's own files are (cli.h): beside the program, as it was installed or built. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NP_DATA_FROM_BIN
#define NP_DATA_FROM_BIN "../share/needlepoint"
#endif

/* The folder of the running program, from /proc/self/exe (its real place, links followed). */
static int program_dir(char *out, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", out, size - 1);
	if (n <= 0)
		return -1;
	out[n] = '\0';
	char *slash = strrchr(out, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	return 0;
}

const char *np_cli_data_dir(void)
{
	static char dir[PATH_MAX];
	if (dir[0])
		return dir;
	char bin[PATH_MAX / 2], probe[PATH_MAX];
	if (program_dir(bin, sizeof bin) != 0) {
		snprintf(dir, sizeof dir, "%s", "/usr/share/needlepoint");
		return dir;
	}
	/* installed: PREFIX/bin/needlepoint and PREFIX/share/needlepoint; built: BUILD/needlepoint
	 * and BUILD/share/needlepoint, which CMake links to the source's protocols/ and web/ */
	const char *const places[] = {NP_DATA_FROM_BIN, "share/needlepoint"};
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		snprintf(probe, sizeof probe, "%s/%s/protocols/standard.json", bin, places[i]);
		if (access(probe, R_OK) == 0) {
			snprintf(probe, sizeof probe, "%s/%s", bin, places[i]);
			/* /usr/share/needlepoint, not /usr/bin/../share/needlepoint */
			if (realpath(probe, dir) == NULL)
				snprintf(dir, sizeof dir, "%s", probe);
			return dir;
		}
	}
	snprintf(dir, sizeof dir, "%s/%s", bin, NP_DATA_FROM_BIN); /* named when it is missing */
	return dir;
}

const char *np_cli_data(char *out, size_t size, const char *file)
{
	snprintf(out, size, "%s/%s", np_cli_data_dir(), file);
	return out;
}
