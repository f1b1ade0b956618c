/* needlepoint serve: the clinic's HTTP service on this machine. */
#include "cli.h"

#include "needlepoint/server.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* HOST:PORT into opt: an IPv4 address and a port from 0 to 65535. */
static int parse_listen(struct np_cli *cli, const char *text, struct np_server_options *opt,
                        char *host, size_t size)
{
	const char *colon = strrchr(text, ':');
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (colon == NULL || colon == text || (size_t)(colon - text) >= size || colon[1] == '\0' ||
	    *end != '\0' || port < 0 || port > 65535)
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "--listen: '%s': expected HOST:PORT, such as 127.0.0.1:8080",
		                   text);
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	opt->host = host;
	opt->port = (unsigned)port;
	return 0;
}

int np_cmd_serve(struct np_cli *cli)
{
	if (cli->n_args != 0)
		return np_cli_fail(cli, NP_EXIT_USAGE, "unexpected argument '%s'", cli->args[0]);
	struct np_server_options opt;
	np_server_defaults(&opt);
	char host[64];
	const char *listen = np_cli_value(cli, "listen");
	int rc = listen ? parse_listen(cli, listen, &opt, host, sizeof host) : 0;
	int threads = (int)opt.threads, timeout = (int)opt.timeout_seconds,
	    headers = (int)opt.header_seconds, every = (int)opt.checkpoint_seconds;
	if (rc == 0 && (rc = np_cli_int(cli, "threads", &threads)) == 0 &&
	    (rc = np_cli_int(cli, "timeout", &timeout)) == 0 &&
	    (rc = np_cli_int(cli, "checkpoint-every", &every)) == 0)
		rc = np_cli_int(cli, "header-deadline", &headers);
	if (rc != 0)
		return rc;
	if (every < 1 || every > 86400)
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "--checkpoint-every: %d: expected 1 to 86400 seconds", every);
	opt.checkpoint_seconds = (unsigned)every;
	if (headers < 1 || headers > 600)
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "--header-deadline: %d: expected 1 to 600 seconds", headers);
	opt.header_seconds = (unsigned)headers;
	if (threads < 1 || threads > 64)
		return np_cli_fail(cli, NP_EXIT_USAGE, "--threads: %d: expected 1 to 64", threads);
	if (timeout < 1 || timeout > 3600)
		return np_cli_fail(cli, NP_EXIT_USAGE, "--timeout: %d: expected 1 to 3600 seconds",
		                   timeout);
	opt.threads = (unsigned)threads;
	opt.timeout_seconds = (unsigned)timeout;
	opt.trust_proxy = np_cli_value(cli, "trust-proxy");
	unsigned char bin[16];
	if (opt.trust_proxy && inet_pton(AF_INET, opt.trust_proxy, bin) != 1 &&
	    inet_pton(AF_INET6, opt.trust_proxy, bin) != 1)
		return np_cli_fail(cli, NP_EXIT_USAGE,
		                   "--trust-proxy: '%s': expected the proxy's IP address, such as "
		                   "127.0.0.1",
		                   opt.trust_proxy);
	opt.public_origin = np_cli_value(cli, "public-origin");
	const char *o = opt.public_origin, *site = o ? strstr(o, "://") : NULL;
	if (o &&
	    (site == NULL || (strncmp(o, "https://", 8) != 0 && strncmp(o, "http://", 7) != 0) ||
	     site[3] == '\0' || strpbrk(site + 3, "/?# ") != NULL || strlen(o) > 200))
		return np_cli_fail(
		    cli, NP_EXIT_USAGE,
		    "--public-origin: '%s': expected the scheme and host browsers use, "
		    "such as https://clinic.example (no path)",
		    o);
	opt.db = np_cli_db(cli);
	opt.key = np_cli_key(cli);
	opt.pack = cli->pack;
	opt.pack_path = cli->protocol_path;
	const char *web = np_cli_value(cli, "web");
	const char *env = getenv("NEEDLEPOINT_WEB");
	char installed[4200];
	opt.web_root = web           ? web
	               : env && *env ? env
	                             : np_cli_data(installed, sizeof installed, "web");
	if (np_server_run(&opt, cli->out) != 0)
		return np_cli_fail_last(cli);
	return NP_EXIT_OK;
}
