/* needlepoint serve: the clinic's HTTP service on this machine. */
#include "cli.h"

#include "needlepoint/server.h"

#include <arpa/inet.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A setting's value out of its range: exit 2 naming where it came from (an option, or the
 * configuration file), the value and what was expected. */
static int out_of_range(const struct np_cli *cli, const char *name, const char *value,
                        const char *expected)
{
	char from[1200];
	return np_cli_fail(cli, NP_EXIT_USAGE, "%s: '%s': expected %s",
	                   np_cli_origin(cli, name, from, sizeof from), value, expected);
}

static int bounded(const struct np_cli *cli, const char *name, int v, int lo, int hi,
                   const char *what)
{
	if (v >= lo && v <= hi)
		return 0;
	char value[16], expected[64];
	snprintf(value, sizeof value, "%d", v);
	snprintf(expected, sizeof expected, "%d to %d%s", lo, hi, what);
	return out_of_range(cli, name, value, expected);
}

/* HOST:PORT into opt: an IPv4 address and a port from 0 to 65535. */
static int parse_listen(struct np_cli *cli, const char *text, struct np_server_options *opt,
                        char *host, size_t size)
{
	const char *colon = strrchr(text, ':');
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (colon == NULL || colon == text || (size_t)(colon - text) >= size || colon[1] == '\0' ||
	    *end != '\0' || port < 0 || port > 65535)
		return out_of_range(cli, "listen", text, "HOST:PORT, such as 127.0.0.1:8080");
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	opt->host = host;
	opt->port = (unsigned)port;
	return 0;
}

/* The origin browsers use through the proxy: a scheme and a host (and port), nothing after. */
static bool origin_ok(const char *o)
{
	const char *site = strstr(o, "://");
	return site && (strncmp(o, "https://", 8) == 0 || strncmp(o, "http://", 7) == 0) &&
	       site[3] != '\0' && strpbrk(site + 3, "/?# ") == NULL && strlen(o) <= 200;
}

/* Every option may come from the command line or the configuration file (needlepoint(1)). */
int np_cmd_serve(struct np_cli *cli)
{
	if (cli->n_args != 0)
		return np_cli_fail(cli, NP_EXIT_USAGE, "unexpected argument '%s'", cli->args[0]);
	struct np_server_options opt;
	np_server_defaults(&opt);
	char host[64];
	const char *listen = np_cli_setting(cli, "listen");
	int rc = listen ? parse_listen(cli, listen, &opt, host, sizeof host) : 0;
	int threads = (int)opt.threads, timeout = (int)opt.timeout_seconds,
	    headers = (int)opt.header_seconds, every = (int)opt.checkpoint_seconds;
	if (rc == 0 && (rc = np_cli_int(cli, "threads", &threads)) == 0 &&
	    (rc = np_cli_int(cli, "timeout", &timeout)) == 0 &&
	    (rc = np_cli_int(cli, "checkpoint-every", &every)) == 0)
		rc = np_cli_int(cli, "header-deadline", &headers);
	if (rc == 0)
		rc = bounded(cli, "checkpoint-every", every, 1, 86400, " seconds");
	if (rc == 0)
		rc = bounded(cli, "header-deadline", headers, 1, 600, " seconds");
	if (rc == 0)
		rc = bounded(cli, "threads", threads, 1, 64, "");
	if (rc == 0)
		rc = bounded(cli, "timeout", timeout, 1, 3600, " seconds");
	if (rc != 0)
		return rc;
	opt.checkpoint_seconds = (unsigned)every;
	opt.header_seconds = (unsigned)headers;
	opt.threads = (unsigned)threads;
	opt.timeout_seconds = (unsigned)timeout;
	opt.trust_proxy = np_cli_setting(cli, "trust-proxy");
	unsigned char bin[16];
	if (opt.trust_proxy && inet_pton(AF_INET, opt.trust_proxy, bin) != 1 &&
	    inet_pton(AF_INET6, opt.trust_proxy, bin) != 1)
		return out_of_range(cli, "trust-proxy", opt.trust_proxy,
		                    "the proxy's IP address, such as 127.0.0.1");
	opt.public_origin = np_cli_setting(cli, "public-origin");
	if (opt.public_origin && !origin_ok(opt.public_origin))
		return out_of_range(
		    cli, "public-origin", opt.public_origin,
		    "the scheme and host browsers use, such as https://clinic.example "
		    "(no path)");
	opt.db = np_cli_db(cli);
	opt.key = np_cli_key(cli);
	opt.pack = cli->pack;
	opt.pack_path = cli->protocol_path;
	const char *web = np_cli_value(cli, "web"), *conf = np_cli_config("web");
	const char *env = getenv("NEEDLEPOINT_WEB");
	char installed[4200];
	opt.web_root = web           ? web
	               : env && *env ? env
	               : conf        ? conf
	                             : np_cli_data(installed, sizeof installed, "web");
	if (np_server_run(&opt, cli->out) != 0)
		return np_cli_fail_last(cli);
	return NP_EXIT_OK;
}
