/* The API tests' server process (server.h). */
#include "server.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void server_start(struct server *s, const char *bin, const char *db, const char *const *extra)
{
	server_start_logged(s, bin, db, extra, NULL);
}

void server_start_logged(struct server *s, const char *bin, const char *db,
                         const char *const *extra, const char *log)
{
	int out[2];
	if (pipe(out) != 0)
		abort();
	const char *argv[32] = {bin, "serve", "--listen", "127.0.0.1:0", "--db", db};
	size_t n = 6;
	for (size_t i = 0; extra && extra[i] && n < 30; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	s->pid = fork();
	if (s->pid == 0) {
		dup2(out[1], 1);
		if (log != NULL) {
			int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd < 0 || dup2(fd, 2) < 0)
				_exit(126);
			close(fd);
		}
		close(out[0]);
		close(out[1]);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	FILE *f = fdopen(out[0], "r");
	char line[256] = "";
	s->port = 0;
	if (fgets(line, sizeof line, f) == NULL ||
	    sscanf(line, "listening on http://127.0.0.1:%d/", &s->port) != 1) {
		fprintf(stderr, "the server did not start: '%s'\n", line);
		abort();
	}
	/* the second line tells how to begin: on a first run, with the setup code */
	s->setup_code[0] = '\0';
	const char *code = fgets(line, sizeof line, f) ? strstr(line, "setup code ") : NULL;
	if (code)
		sscanf(code, "setup code %15s", s->setup_code);
	fclose(f);
}

int server_database(char *db, size_t size, char *tmp, const char *file)
{
	if (mkdtemp(tmp) == NULL)
		return -1;
	const char *pg = getenv("NP_TEST_DB");
	if (pg && *pg)
		snprintf(db, size, "%s", pg);
	else
		snprintf(db, size, "%s/%s", tmp, file);
	return 0;
}

int server_cleanup(const char *tmp)
{
	char command[400];
	snprintf(command, sizeof command, "rm -rf '%s'", tmp);
	return system(command) == 0 ? 0 : -1;
}

int server_stop(struct server *s)
{
	int status = 0;
	kill(s->pid, SIGTERM);
	if (waitpid(s->pid, &status, 0) != s->pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
