/* Start `needlepoint serve` for a test on 127.0.0.1 and a free port, and stop it. */
#ifndef NP_TEST_HTTP_SERVER_H
#define NP_TEST_HTTP_SERVER_H

#include <sys/types.h>

struct server {
	pid_t pid;
	int port;
	char setup_code[16]; /* what it printed for first-run setup, or "" */
};

/* Start the binary on db with extra arguments (NULL-ended); waits for its address. Aborts when
 * it does not start. */
void server_start(struct server *s, const char *bin, const char *db, const char *const *extra);
/* The same, its standard error written to the file log (the log a service keeps). */
void server_start_logged(struct server *s, const char *bin, const char *db,
                         const char *const *extra, const char *log);
/* SIGTERM, and the exit status it ended with (-1 when killed by a signal). */
int server_stop(struct server *s);

/* The database of a test run: NP_TEST_DB (PostgreSQL, from with-postgres.sh), else file in a new
 * folder made from tmp (a mkdtemp template, filled in). -1 when the folder cannot be made. */
int server_database(char *db, size_t size, char *tmp, const char *file);
/* Remove that folder; -1 when it cannot be. */
int server_cleanup(const char *tmp);

#endif
