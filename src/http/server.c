/* libmicrohttpd under the router: a pool of worker threads, firm limits, one database
 * connection per worker, and a clean stop on SIGTERM. */
#include "needlepoint/server.h"

#include "deadline.h"
#include "http.h"
#include "try.h"
#include "needlepoint/error.h"

#include <sodium.h>

#include <arpa/inet.h>
#include "mhd_api.h"
#include "offload.h"
#include "stream.h"
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64

/* The shutdown waits this long for requests in flight before it closes them. */
#define DRAIN_SECONDS 30

struct server {
	const struct np_server_options *opt;
	struct np_http_ctx ctx;
	atomic_int in_flight;
	pthread_mutex_t lock; /* guards stores */
	struct np_store *stores[MAX_THREADS + 1];
	size_t n_stores;
	struct np_store_group *group; /* SQLite: the writer every worker's acts go through */
	struct np_offload *offload;   /* slow routes run there, their connections suspended */
};

/* A worker's own database connection: SQLite and libpq connections are one thread's each. */
static _Thread_local struct np_store *thread_store;

static struct np_store *store_for_thread(struct server *srv)
{
	if (thread_store)
		return thread_store;
	struct np_store *s = NULL;
	pthread_mutex_lock(&srv->lock);
	if (srv->n_stores < sizeof srv->stores / sizeof srv->stores[0] &&
	    np_store_open_keyed(&s, srv->opt->db, srv->opt->pack, srv->opt->key) == 0) {
		np_store_join(s, srv->group);
		srv->stores[srv->n_stores++] = s;
	}
	pthread_mutex_unlock(&srv->lock);
	return thread_store = s;
}

struct offloaded;
static void offloaded_let_go(struct offloaded *o);

/* What a connection's request gathers while its body arrives. */
struct pending {
	struct offloaded *job; /* the request while it runs off the loop */
	char *body;
	size_t len, cap;
	bool too_large;
};

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	struct server *srv = cls;
	np_deadlines_done(c); /* the next request on the connection starts its own clock */
	struct pending *p = *con_cls;
	if (p == NULL)
		return;
	/* a job still running keeps its connection suspended, or it writes into a stream of its
	 * own: either way it holds the request until it ends */
	if (p->job)
		offloaded_let_go(p->job);
	free(p->body);
	free(p);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

static void add_header(void *arg, const char *name, const char *value)
{
	MHD_add_response_header(arg, name, value);
}

static enum MHD_Result send_answer(struct MHD_Connection *c, struct np_http_resp *resp)
{
	char *data = resp->body;
	size_t len = resp->len;
	const char *type = resp->content_type;
	if (data == NULL && resp->json) {
		data = json_dumps(resp->json, JSON_COMPACT);
		len = data ? strlen(data) : 0;
		type = "application/json";
	}
	resp->body = NULL;
	if (data == NULL && resp->status != 204)
		return MHD_NO;
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    len, data ? data : (char *)"", data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (r == NULL) {
		free(data);
		return MHD_NO;
	}
	if (type)
		MHD_add_response_header(r, "Content-Type", type);
	np_http_each_header(resp, add_header, r);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result refuse(struct MHD_Connection *c, int status, const char *code,
                              const char *field, const char *message)
{
	struct np_http_resp resp;
	memset(&resp, 0, sizeof resp);
	np_http_error(&resp, status, code, field, "%s", message);
	enum MHD_Result ok = send_answer(c, &resp);
	np_http_resp_release(&resp);
	return ok;
}

/* Conflicting framing: two Content-Length headers, or one beside Transfer-Encoding (RFC 9112,
 * 6.3). A proxy and this server could read the body differently, so the request is refused and
 * the connection closed rather than kept. */
static enum MHD_Result count_length(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
	(void)kind, (void)value;
	if (strcasecmp(key, "Content-Length") == 0)
		(*(int *)cls)++;
	return MHD_YES;
}

static bool framing_conflicts(struct MHD_Connection *c)
{
	int lengths = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_length, &lengths);
	return lengths > 1 ||
	       (lengths == 1 &&
	        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding") != NULL);
}

static enum MHD_Result refuse_and_close(struct MHD_Connection *c)
{
	struct np_http_resp resp;
	memset(&resp, 0, sizeof resp);
	np_http_error(&resp, 400, "invalid", "framing",
	              "framing: a request gives its length once, by Content-Length or by "
	              "Transfer-Encoding, not both");
	char *data = json_dumps(resp.json, JSON_COMPACT);
	np_http_resp_release(&resp);
	if (data == NULL)
		return MHD_NO;
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(strlen(data), data, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "application/json");
	MHD_add_response_header(r, "Connection", "close");
	enum MHD_Result ok = MHD_queue_response(c, 400, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result query_value(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	(void)kind;
	struct np_http_req *req = cls;
	if (req->n_query == NP_HTTP_MAX_QUERY) {
		req->too_many_query = true;
		return MHD_NO;
	}
	req->query[req->n_query].key = key;
	req->query[req->n_query++].value = value ? value : "";
	return MHD_YES;
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* The request as the router reads it; its strings are the connection's (and p's), valid until
 * it completes, suspended or not. addr is where the client's address is written. */
static void read_request(struct np_http_req *req_out, struct MHD_Connection *c, const char *url,
                         const char *method, struct pending *p, char addr[INET6_ADDRSTRLEN])
{
	struct np_http_req req;
	memset(&req, 0, sizeof req);
	req.method = method;
	req.path = url;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_value, &req);
	req.cookie = header(c, "Cookie");
	req.csrf = header(c, "X-CSRF-Token");
	req.content_type = header(c, "Content-Type");
	req.origin = header(c, "Origin");
	req.host = header(c, "Host");
	req.forwarded_proto = header(c, "X-Forwarded-Proto");
	req.forwarded_for = header(c, "X-Forwarded-For");
	addr[0] = '\0';
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (info && info->client_addr && info->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)info->client_addr)->sin_addr, addr,
		          INET6_ADDRSTRLEN);
	req.addr = addr;
	req.body = p->body ? p->body : "";
	req.body_len = p->len;
	*req_out = req;
}

/* A request's strings copied into its own arena: one run off the loop outlives what MHD keeps
 * of the connection (a streamed answer goes on after the connection is let go). */
static void keep_request(struct np_http_req *req)
{
	struct np_arena *a = &req->arena;
	const char **texts[] = {
	    &req->method, &req->path, &req->cookie,          &req->csrf,         &req->content_type,
	    &req->origin, &req->host, &req->forwarded_proto, &req->forwarded_for};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (*texts[i])
			*texts[i] = np_arena_strdup(a, *texts[i]);
	for (size_t i = 0; i < req->n_query; i++) {
		req->query[i].key = np_arena_strdup(a, req->query[i].key);
		if (req->query[i].value)
			req->query[i].value = np_arena_strdup(a, req->query[i].value);
	}
	char *body = np_arena_alloc(a, req->body_len + 1);
	if (body) {
		memcpy(body, req->body, req->body_len);
		body[req->body_len] = '\0';
	} else
		req->body_len = 0; /* out of memory: the handler finds no body */
	req->body = body ? body : "";
}

/* A request run off the loop: what its handler reads, and the answer it made, or the stream it
 * writes its answer into. Held by its connection and by the thread that runs it. */
struct offloaded {
	struct server *srv;
	struct MHD_Connection *c;
	struct np_http_req req;
	char addr[INET6_ADDRSTRLEN];
	struct np_http_resp resp;
	atomic_bool done; /* the answer is made, or its stream has begun */
	atomic_int holders;
	struct np_stream *stream;
	struct np_http_resp head; /* what a stream's headers say, kept when it began */
};

static void offloaded_let_go(struct offloaded *o)
{
	if (atomic_fetch_sub(&o->holders, 1) == 1) {
		np_http_resp_release(&o->resp);
		free(o);
	}
}

/* The handler's req->stream: the first piece begins the answer (the worker is woken to send it,
 * 200 with the headers the request earned), the rest follow as the client takes them. */
static int stream_write(void *ctx, const char *text, size_t len)
{
	struct offloaded *o = ctx;
	if (o->stream)
		return np_stream_put(o->stream, text, len);
	if ((o->stream = np_stream_new(o->c)) == NULL)
		return -1;
	o->head = (struct np_http_resp){.https = o->resp.https};
	memcpy(o->head.set_cookie, o->resp.set_cookie, sizeof o->head.set_cookie);
	int rc = np_stream_put(o->stream, text, len); /* room for it: nothing is taken yet */
	atomic_store(&o->done, true);
	MHD_resume_connection(o->c);
	return rc;
}

static void handle(struct server *srv, struct np_http_req *req, struct np_http_resp *resp)
{
	struct np_store *store = store_for_thread(srv);
	if (store == NULL) {
		memset(resp, 0, sizeof *resp);
		np_http_error(resp, 503, "unavailable", NULL, "the database cannot be opened");
		return;
	}
	np_http_handle(&srv->ctx, store, req, resp);
}

/* On an offload thread: the handler, then the connection back to its worker, which sends the
 * answer (access_handler). */
static void run_offloaded(void *arg)
{
	struct offloaded *o = arg;
	o->req.stream = stream_write;
	o->req.stream_ctx = o;
	handle(o->srv, &o->req, &o->resp);
	np_http_req_release(&o->req);
	if (o->stream) /* begun: it ends whole, or cut short when the handler failed after */
		np_stream_end(o->stream, o->resp.streamed);
	else {
		atomic_store(&o->done, true);
		MHD_resume_connection(o->c);
	}
	offloaded_let_go(o);
}

/* A slow route (one that hashes a password or reads a whole record) runs on the offload threads
 * while its connection is suspended, so that the worker's other connections go on: true when it
 * was handed over. */
static bool hand_over(struct server *srv, struct MHD_Connection *c, const char *url,
                      const char *method, struct pending *p)
{
	if (srv->offload == NULL || !np_http_slow(method, url))
		return false;
	struct offloaded *o = calloc(1, sizeof *o);
	if (o == NULL)
		return false;
	o->srv = srv;
	o->c = c;
	atomic_init(&o->holders, 2); /* the connection's and the thread's */
	read_request(&o->req, c, url, method, p, o->addr);
	keep_request(&o->req);
	p->job = o;
	MHD_suspend_connection(c);
	/* the pool stopping (or out of memory): the job runs here, and resumes the connection
	 * the same way, to be answered when it is called again */
	if (np_offload_run(srv->offload, run_offloaded, o) != 0)
		run_offloaded(o);
	return true;
}

/* An answer written as it is read (stream.h): 200, JSON, the headers of every answer. */
static enum MHD_Result send_stream(struct MHD_Connection *c, struct offloaded *o)
{
	struct MHD_Response *r = np_stream_response(o->stream);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "application/json");
	np_http_each_header(&o->head, add_header, r);
	enum MHD_Result ok = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result answer(struct server *srv, struct MHD_Connection *c, const char *url,
                              const char *method, struct pending *p)
{
	struct offloaded *o = p->job;
	if (o != NULL) { /* resumed: its answer is made, or its stream has begun */
		if (!atomic_load(&o->done))
			return MHD_YES;
		if (o->stream) /* the job goes on writing: the request is let go when it completes
		                */
			return send_stream(c, o);
		enum MHD_Result ok = send_answer(c, &o->resp);
		p->job = NULL;
		offloaded_let_go(o);
		return ok;
	}
	if (hand_over(srv, c, url, method, p))
		return MHD_YES;
	struct np_http_req req;
	char addr[INET6_ADDRSTRLEN];
	read_request(&req, c, url, method, p, addr);
	struct np_http_resp resp;
	handle(srv, &req, &resp);
	enum MHD_Result ok = send_answer(c, &resp);
	np_http_resp_release(&resp);
	np_http_req_release(&req);
	return ok;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *c, const char *url,
                                      const char *method, const char *version,
                                      const char *upload_data, size_t *upload_data_size,
                                      void **con_cls)
{
	(void)version;
	struct server *srv = cls;
	struct pending *p = *con_cls;
	size_t max = srv->ctx.max_body;
	if (p == NULL) {
		if ((p = calloc(1, sizeof *p)) == NULL)
			return MHD_NO;
		*con_cls = p;
		atomic_fetch_add(&srv->in_flight, 1);
		const char *declared = header(c, "Content-Length");
		np_deadlines_headers(c, declared ? (size_t)strtoull(declared, NULL, 10) : 0);
		if (framing_conflicts(c)) {
			p->too_large = true; /* its body, if any, is not read */
			return refuse_and_close(c);
		}
		const char *length = header(c, "Content-Length");
		if (length && strtoull(length, NULL, 10) > max)
			return refuse(c, 413, "too_large", "body",
			              "body: more than this server takes");
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		np_deadlines_body(c, n);
		if (p->too_large)
			return MHD_YES;
		if (n > max - p->len) {
			p->too_large = true;
			return refuse(c, 413, "too_large", "body",
			              "body: more than this server takes");
		}
		if (p->len + n + 1 > p->cap) {
			size_t cap = (p->len + n + 1) * 2;
			char *grown = realloc(p->body, cap > max + 1 ? max + 1 : cap);
			if (grown == NULL)
				return MHD_NO;
			p->body = grown;
			p->cap = cap > max + 1 ? max + 1 : cap;
		}
		memcpy(p->body + p->len, upload_data, n);
		p->len += n;
		p->body[p->len] = '\0';
		return MHD_YES;
	}
	if (p->too_large)
		return MHD_YES;
	return answer(srv, c, url, method, p);
}

void np_server_defaults(struct np_server_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->host = "127.0.0.1";
	opt->port = 8080;
	opt->threads = 4;
	opt->timeout_seconds = 15;
	opt->max_body = 1u << 20;
	opt->max_header = 32u << 10;
	/* room for many more connections than one address may hold, so that a few addresses
	 * trickling cannot fill it */
	opt->max_connections = 2048;
	opt->max_per_address = 64;
	opt->header_seconds = 10;
	opt->min_body_rate = 256;
	opt->checkpoint_seconds = 60;
	opt->expiry.idle_seconds = 30 * 60;
	opt->expiry.absolute_seconds = 12 * 60 * 60;
}

/* First-run setup's one-time code: eight letters and digits that cannot be misread. */
static void make_setup_code(char out[16])
{
	static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 9; i++)
		out[i] = i == 4 ? '-' : alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[9] = '\0';
}

static void first_steps(struct server *srv, unsigned port, FILE *out)
{
	const struct np_server_options *opt = srv->opt;
	struct np_store *s = NULL;
	bool open = false;
	if (np_store_open_keyed(&s, opt->db, opt->pack, opt->key) == 0)
		np_auth_setup_open(&open, s);
	np_store_close(s);
	fprintf(out, "listening on http://%s:%u/\n", opt->host, port);
	if (open)
		fprintf(out,
		        "first run: open the address to set up the clinic and its first admin, "
		        "with the setup code %s\n",
		        srv->ctx.setup_code);
	else
		fprintf(out, "sign in at the address; an admin without a password sets one with "
		             "'needlepoint user password NAME'\n");
	fflush(out);
}

/* Wait for SIGTERM or SIGINT, which every thread has blocked; meanwhile sign the audit trail's
 * heads that moved, every checkpoint_seconds, to the checkpoint file and the log. */
static void wait_for_stop(const struct np_server_options *opt, struct np_store *anchor)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	struct timespec every = {opt->checkpoint_seconds ? opt->checkpoint_seconds : 60, 0};
	for (;;) {
		int sig = sigtimedwait(&set, NULL, &every);
		if (sig == SIGTERM || sig == SIGINT)
			return;
		if (anchor && np_audit_checkpoint(anchor, stderr, false, NULL) != 0)
			fprintf(stderr, "needlepoint serve: audit checkpoint: %s\n",
			        np_error_last());
	}
}

static int load_pack_json(struct server *srv)
{
	json_error_t e;
	srv->ctx.pack_json = json_load_file(srv->opt->pack_path, JSON_REJECT_DUPLICATES, &e);
	if (srv->ctx.pack_json == NULL)
		return np_error_set(NP_EPACK, "%s: %s", srv->opt->pack_path, e.text);
	return 0;
}

int np_server_run(const struct np_server_options *opt, FILE *out)
{
	NP_TRY(np_mhd_load());
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)opt->port);
	if (inet_pton(AF_INET, opt->host, &sa.sin_addr) != 1)
		return np_error_set(NP_EINVAL, "listen: '%s' is not an IPv4 address", opt->host);
	if (opt->threads < 1 || opt->threads > MAX_THREADS)
		return np_error_set(NP_EINVAL, "threads: expected 1 to %d", MAX_THREADS);
	struct server *srv = calloc(1, sizeof *srv);
	if (srv == NULL)
		return np_error_set(NP_ENOMEM, "out of memory");
	srv->opt = opt;
	pthread_mutex_init(&srv->lock, NULL);
	srv->ctx.pack = opt->pack;
	srv->ctx.web_root = opt->web_root;
	srv->ctx.expiry = opt->expiry;
	srv->ctx.max_body = opt->max_body;
	srv->ctx.trust_proxy = opt->trust_proxy;
	srv->ctx.public_origin = opt->public_origin;
	int rc = load_pack_json(srv);
	/* migrate once, before any worker; this connection then signs the checkpoints */
	struct np_store *anchor = NULL;
	if (rc == 0)
		rc = np_store_open_keyed(&anchor, opt->db, opt->pack, opt->key);
	/* after the store, which has started libsodium */
	make_setup_code(srv->ctx.setup_code);
	/* SQLite: one writer for the workers, many acts to a commit */
	if (rc == 0)
		rc = np_store_group_start(&srv->group, opt->db, opt->pack, opt->key);

	/* connections are descriptors: let this process have as many as it may */
	struct rlimit files;
	if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
		files.rlim_cur = files.rlim_max;
		setrlimit(RLIMIT_NOFILE, &files);
	}
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	/* after the mask: the watch thread, like every other, leaves the signals to sigwait */
	struct np_deadlines *deadlines = NULL;
	if (rc == 0 &&
	    (deadlines = np_deadlines_start(opt->header_seconds, opt->min_body_rate, 5)) == NULL)
		rc = np_error_set(NP_ENOMEM, "out of memory");
	/* as many hashes at once as the store allows (auth_hashing.c): one per core, up to 8 */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (rc == 0 && (srv->offload = np_offload_start(cores < 1   ? 1
	                                                : cores > 8 ? 8
	                                                            : (size_t)cores)) == NULL)
		rc = np_error_set(NP_ENOMEM, "out of memory");
	struct MHD_Daemon *d = NULL;
	if (rc == 0) {
		d = MHD_start_daemon(
		    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
		        MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME,
		    0, NULL, NULL, access_handler, srv, MHD_OPTION_SOCK_ADDR,
		    (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->threads,
		    MHD_OPTION_CONNECTION_LIMIT, (unsigned)opt->max_connections,
		    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)opt->max_per_address,
		    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)opt->timeout_seconds,
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, opt->max_header,
		    MHD_OPTION_NOTIFY_COMPLETED, completed, srv, MHD_OPTION_NOTIFY_CONNECTION,
		    np_deadlines_notify, deadlines, MHD_OPTION_END);
		if (d == NULL)
			rc = np_error_set(NP_EIO, "cannot listen on %s:%u (in use, or not ours)",
			                  opt->host, opt->port);
	}
	if (rc == 0) {
		const union MHD_DaemonInfo *info =
		    MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		first_steps(srv, info ? info->port : opt->port, out);
		wait_for_stop(opt, anchor);
		MHD_socket listener = MHD_quiesce_daemon(d);
		if (listener != MHD_INVALID_SOCKET)
			close(listener);
		for (int waited = 0;
		     atomic_load(&srv->in_flight) > 0 && waited < DRAIN_SECONDS * 100; waited++)
			nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
		/* what was handed over finishes and resumes its connection before the daemon,
		 * which must not stop with a connection suspended */
		np_offload_stop(srv->offload);
		srv->offload = NULL;
		MHD_stop_daemon(d);
	}
	np_offload_stop(srv->offload); /* when the daemon never started */
	np_deadlines_stop(deadlines);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* what the last requests added is signed before the service ends */
	if (anchor && rc == 0 && np_audit_checkpoint(anchor, stderr, false, NULL) != 0)
		fprintf(stderr, "needlepoint serve: audit checkpoint: %s\n", np_error_last());
	np_store_close(anchor);
	/* the workers have stopped: the writer has nothing more to wait for */
	np_store_group_stop(srv->group);
	for (size_t i = 0; i < srv->n_stores; i++)
		np_store_close(srv->stores[i]);
	json_decref(srv->ctx.pack_json);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
	return rc;
}
