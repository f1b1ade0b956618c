/* The records under load, on a synthetic clinic of the product's own shape: every client has a
 * health history, a screening, a consent and a plan, as the program wrote them for one client
 * (copied, not invented), and sessions of 20 each with real session bodies. The clinic grows in
 * steps to SESSIONS (250,000 by default); at each size the first page of `history` is timed for
 * 200 clients across the clinic and 100 sessions are logged one by one through np_session_log,
 * every safety check and a durable commit each, beside the anchor: the same session rows
 * inserted raw, one durable transaction each, on the same engine. Cost flat as the database
 * grows is the point.
 * usage: bench_records PACK TARGET [SESSIONS] [prepare N]   (TARGET: a SQLite file or a URL)
 * With "prepare N" it builds the clinic at SESSIONS only (and the client of 1,000 sessions), plus N
 * clients ready for a session today and a lot of N units, gives the user a password, and prints
 * what bench/http and tests/http/stream.c need: "user NAME client ID ready ID unit ID long ID". */
#include "db.h"
#include "needlepoint/auth.h"
#include "needlepoint/date.h"
#include "needlepoint/error.h"
#include "needlepoint/store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAMPLES    200
#define LOGGED     100
#define PER_CLIENT 20 /* sessions of a generated client */
#define LONG       1000

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void must(int rc, const char *what)
{
	if (rc != 0) {
		fprintf(stderr, "bench_records: %s: %s\n", what, np_error_last());
		exit(1);
	}
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A count from the command line: a whole number from 1 to 10 million. */
static int count(const char *text, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (end == text || *end != '\0' || errno != 0 || v < 1 || v > 10000000) {
		fprintf(stderr, "bench_records: '%s' is not a count from 1 to 10000000\n", text);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static json_t *parse(const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	if (j == NULL) {
		fprintf(stderr, "bench_records: bad JSON %s\n", text);
		exit(1);
	}
	return j;
}

static long long id_of(json_t *answer)
{
	long long id = json_integer_value(json_object_get(answer, "id"));
	json_decref(answer);
	return id;
}

/* A lot of n single-use pen cartridges: the first unit's id. */
static long long lot(struct np_store *s, const struct np_actor *a, const char *number, int n)
{
	json_t *out = NULL, *in = json_pack("{s:s, s:s, s:s, s:s, s:i, s:b}", "product",
	                                    "cartridge", "lot", number, "kind", "pen", "expires",
	                                    "2030-01-01", "quantity", n, "single_use", 1);
	must(np_lot_add(&out, s, a, in), "lot");
	long long unit = json_integer_value(
	    json_object_get(json_array_get(json_object_get(out, "units"), 0), "id"));
	json_decref(out);
	json_decref(in);
	return unit;
}

/* A client screened and consented on the actor's today: its id. */
static long long ready_client(struct np_store *s, const struct np_actor *a, const char *name)
{
	/* many alike on purpose: each another person */
	json_t *out = NULL, *in = json_pack("{s:s, s:s, s:b}", "name", name, "birth_date",
	                                    "1985-06-01", "duplicate", 1);
	must(np_client_add(&out, s, a, in), "client");
	json_decref(in);
	long long client = id_of(out);
	in = parse("{\"birth_date\": \"1985-06-01\", \"fitzpatrick\": 2}");
	must(np_intake_add(&out, s, a, client, in), "intake");
	json_decref(in);
	json_decref(out);
	must(np_screening_run(&out, s, a, client, a->today), "screen");
	json_decref(out);
	must(np_consent_sign(&out, s, a, client, "microneedling", name, a->today), "consent");
	json_decref(out);
	return client;
}

/* A session of a course of acne scars on four zones, as a practitioner logs one. */
static const char session_text[] =
    "{\"date\": \"%s\", \"unit\": %lld, \"device\": %lld, \"zones\": ["
    "{\"zone\": \"cheek_left\", \"depth_mm\": 1.5, \"passes\": 3, \"pattern\": \"circles\"},"
    "{\"zone\": \"cheek_right\", \"depth_mm\": 1.5, \"passes\": 3, \"pattern\": \"circles\"},"
    "{\"zone\": \"chin\", \"depth_mm\": 1.0, \"passes\": 2, \"pattern\": \"crosshatch\"},"
    "{\"zone\": \"forehead\", \"depth_mm\": 0.5, \"passes\": 2, \"pattern\": \"circles\"}],"
    " \"endpoint\": \"even pinpoint bleeding\", \"reactions\": \"none\","
    " \"sterilised_before\": true, \"sterilised_after\": true}";

static json_t *session(const char *day, long long unit, long long pen)
{
	char text[2048];
	snprintf(text, sizeof text, session_text, day, unit, pen);
	json_t *j = json_loads(text, 0, NULL);
	if (j == NULL)
		must(-1, "session JSON");
	return j;
}

/* The one client the program itself writes: every record the generator copies. */
struct model {
	long long client, intake, screening, consent, plan, session, pen;
};

static void model(struct np_store *s, struct np_actor *a, struct model *m)
{
	m->client = ready_client(s, a, "model");
	json_t *out = NULL, *in = parse("{\"kind\": \"pen\", \"serial\": \"BENCH-1\"}");
	must(np_device_add(&out, s, a, in), "pen");
	json_decref(in);
	m->pen = id_of(out);
	in =
	    parse("{\"device\": \"pen\", \"start\": \"2026-01-05\", \"targets\": [{\"indication\": "
	          "\"acne_scars\", \"zones\": [\"cheek_left\", \"cheek_right\", \"chin\", "
	          "\"forehead\"]}]}");
	must(np_plan_add(&out, s, a, m->client, in), "plan");
	json_decref(in);
	m->plan = id_of(out);
	in = session("2026-01-05", lot(s, a, "MODEL", 1), m->pen);
	must(np_session_log(&out, s, a, m->client, in), "session");
	json_decref(in);
	m->session = id_of(out);
	must(np_history(&out, s, a, m->client, NULL), "history");
	json_t *latest = json_object_get(out, "latest");
	m->intake = json_integer_value(json_object_get(json_object_get(latest, "intake"), "id"));
	m->screening =
	    json_integer_value(json_object_get(json_object_get(latest, "screening"), "id"));
	m->consent = json_integer_value(json_object_get(json_object_get(latest, "consent"), "id"));
	json_decref(out);
}

/* Run SQL made from a format; the generator's numbers are its own. */
static void run(struct np_db *db, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void run(struct np_db *db, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *sql = n < 0 ? NULL : malloc((size_t)n + 1);
	if (sql == NULL)
		must(-1, what);
	va_start(ap, fmt);
	vsnprintf(sql, (size_t)n + 1, fmt, ap);
	va_end(ap);
	must(db->driver->exec(db, sql), what);
	free(sql);
}

/* n more clients of the model's shape, each with `each` sessions a week apart up to 2025-12-29
 * (before the model's day: no session is dated after today) on units of a lot of their own. By SQL,
 * in one transaction: a generator, not a user. */
static void grow(struct np_db *db, long long clinic, const struct model *m, int n, int each,
                 int batch)
{
	static char days[LONG * 24];
	days[0] = '\0';
	size_t len = 0;
	np_day end;
	np_date_parse(&end, "2025-12-29");
	for (int j = 0; j < each; j++) {
		char day[NP_DATE_LEN];
		np_date_format(end - 7 * (each - 1 - j), day);
		len += (size_t)snprintf(days + len, sizeof days - len, "%s(%d, '%s')",
		                        j ? ", " : "", j, day);
		if (len >= sizeof days)
			must(-1, "days");
	}
	const char *last = days + len - 13; /* the last day, quoted: "'2027-06-12')" */
	must(db->driver->begin(db), "begin");
	run(db, "clients",
	    "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d)"
	    " INSERT INTO clients (clinic_id, name, birth_date, fitzpatrick, phone, created_at)"
	    " SELECT %lld, 'client %d.' || n, '1985-06-01', 1 + n %% 6, '555-' || n,"
	    " '2026-01-01T00:00:00Z' FROM seq",
	    n, clinic, batch);
	/* the batch: its clients by name, numbered from 0 in id order */
#define BATCH                                                                                      \
	"(SELECT id AS client_id, id - (SELECT min(id) FROM clients WHERE clinic_id = %lld AND"    \
	" name LIKE 'client %d.%%') AS k FROM clients WHERE clinic_id = %lld AND name LIKE"        \
	" 'client %d.%%')"
	run(db, "intakes",
	    "INSERT INTO intakes (clinic_id, client_id, version, body, created_by, created_at)"
	    " SELECT t.clinic_id, b.client_id, 1, t.body, t.created_by, t.created_at FROM " BATCH
	    " b, intakes t WHERE t.id = %lld",
	    clinic, batch, clinic, batch, m->intake);
	run(db, "screenings",
	    "INSERT INTO screenings (clinic_id, client_id, intake_id, on_date, decision, "
	    "until_date,"
	    " protocol_name, protocol_version, body, created_by, created_at) SELECT t.clinic_id,"
	    " i.client_id, i.id, t.on_date, t.decision, t.until_date, t.protocol_name,"
	    " t.protocol_version, t.body, t.created_by, t.created_at FROM " BATCH
	    " b JOIN intakes i ON i.client_id = b.client_id, screenings t WHERE t.id = %lld",
	    clinic, batch, clinic, batch, m->screening);
	run(db, "consents",
	    "INSERT INTO consents (clinic_id, client_id, form, form_version, text, text_sha256,"
	    " signer, signed_on, expires_on, created_by, created_at) SELECT t.clinic_id,"
	    " b.client_id, t.form, t.form_version, t.text, t.text_sha256, t.signer, t.signed_on,"
	    " t.expires_on, t.created_by, t.created_at FROM " BATCH
	    " b, consents t WHERE t.id = %lld",
	    clinic, batch, clinic, batch, m->consent);
	run(db, "plans",
	    "INSERT INTO plans (clinic_id, client_id, indication, sessions_planned, request, body,"
	    " protocol_name, protocol_version, created_by, created_at) SELECT t.clinic_id,"
	    " b.client_id, t.indication, t.sessions_planned, t.request, t.body, t.protocol_name,"
	    " t.protocol_version, t.created_by, t.created_at FROM " BATCH " b, plans t"
	    " WHERE t.id = %lld",
	    clinic, batch, clinic, batch, m->plan);
	run(db, "plan progress",
	    "INSERT INTO plan_progress (plan_id, clinic_id, sessions_done, last_session_on)"
	    " SELECT p.id, p.clinic_id, %d, %.12s FROM " BATCH " b JOIN plans p ON p.client_id ="
	    " b.client_id",
	    each, last, clinic, batch, clinic, batch);
	run(db, "lot",
	    "INSERT INTO lots (clinic_id, product, lot_number, expires_on, quantity, single_use,"
	    " created_at, kind) VALUES (%lld, 'cartridge', 'BULK-%d', '2030-01-01', %d, 1,"
	    " '2026-01-01T00:00:00Z', 'pen')",
	    clinic, batch, n * each);
	run(db, "lot stock",
	    "INSERT INTO lot_stock (lot_id, clinic_id, unused) SELECT id, clinic_id, 0 FROM lots"
	    " WHERE clinic_id = %lld AND lot_number = 'BULK-%d'",
	    clinic, batch);
	run(db, "units",
	    "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d)"
	    " INSERT INTO units (clinic_id, lot_id, seq, uses) SELECT %lld, l.id, n, 1 FROM seq,"
	    " lots l WHERE l.clinic_id = %lld AND l.lot_number = 'BULK-%d'",
	    n * each, clinic, clinic, batch);
	run(db, "sessions",
	    "WITH days(j, d) AS (VALUES %s)"
	    " INSERT INTO sessions (clinic_id, client_id, plan_id, on_date, practitioner_id,"
	    " device_id, unit_id, unit_use, indication, body, created_at) SELECT t.clinic_id,"
	    " b.client_id, p.id, days.d, t.practitioner_id, t.device_id, u.id, 1, t.indication,"
	    " t.body, t.created_at FROM " BATCH
	    " b JOIN plans p ON p.client_id = b.client_id, days, sessions t, lots l JOIN units u ON"
	    " u.lot_id = l.id WHERE t.id = %lld AND l.clinic_id = %lld AND l.lot_number = 'BULK-%d'"
	    " AND u.seq = 1 + b.k * %d + days.j",
	    days, clinic, batch, clinic, batch, m->session, clinic, batch, each);
	must(db->driver->commit(db), "commit");
	/* statistics as a clinic of this size has them (PostgreSQL's autovacuum, SQLite's optimize,
	 * gather them in time): a bulk load measured before them is measured with wrong plans */
	must(db->driver->exec(db, "ANALYZE"), "analyze");
}

/* The generated batches: the first client of each and how many. */
struct batches {
	long long first[16];
	int n[16], count;
};

/* Grow by a batch of n clients of each sessions, and note it. */
static void add_batch(struct np_db *db, struct np_store *s, const struct np_actor *a,
                      const struct model *m, struct batches *b, int n, int each)
{
	if (b->count == 16)
		must(-1, "too many batches");
	grow(db, a->clinic_id, m, n, each, b->count);
	char name[32];
	json_t *out = NULL;
	snprintf(name, sizeof name, "client %d.1", b->count);
	must(np_client_list(&out, s, a, name, 1), "find a client");
	b->first[b->count] = json_integer_value(json_object_get(json_array_get(out, 0), "id"));
	b->n[b->count++] = n;
	json_decref(out);
}

/* p50 and p99 of the first page of the chart, for clients picked across the batches from
 * `from` on. */
static void chart(struct np_store *s, const struct np_actor *a, const struct batches *b, int from,
                  double *p50, double *p99)
{
	double ms[SAMPLES];
	struct np_page page = {.limit = 20}; /* the chart as the browser opens it */
	for (int i = 0; i < SAMPLES; i++) {
		json_t *out = NULL;
		int k = from + i % (b->count - from);
		long long id = b->first[k] + (i * 7919LL) % b->n[k];
		double start = now_ms();
		must(np_history(&out, s, a, id, &page), "history");
		ms[i] = now_ms() - start;
		json_decref(out);
	}
	qsort(ms, SAMPLES, sizeof ms[0], cmp);
	*p50 = ms[SAMPLES / 2];
	*p99 = ms[SAMPLES * 99 / 100];
}

/* Sessions logged per second: LOGGED, one by one, every check and a durable commit each, for
 * clients made ready on a day of their own (step names their lot). */
static double logged(struct np_store *s, struct np_actor *a, long long pen, int step)
{
	char number[32], day[16];
	snprintf(number, sizeof number, "TIMED-%d", step);
	snprintf(day, sizeof day, "2027-%02d-10", 1 + step % 12);
	np_date_parse(&a->today, day);
	long long ids[LOGGED], unit = lot(s, a, number, LOGGED);
	for (int i = 0; i < LOGGED; i++)
		ids[i] = ready_client(s, a, "timed");
	double t0 = now_ms();
	for (int i = 0; i < LOGGED; i++) {
		json_t *out = NULL, *in = session(day, unit + i, pen);
		must(np_session_log(&out, s, a, ids[i], in), "session log");
		json_decref(out);
		json_decref(in);
	}
	return LOGGED / ((now_ms() - t0) / 1e3);
}

/* The anchor: the same session rows inserted raw, one durable transaction each. */
static double raw_inserts(const char *target, const struct np_actor *a, const struct model *m)
{
	struct np_db *db = NULL;
	must(np_db_open(&db, target), "open");
	char body[2048];
	snprintf(body, sizeof body, session_text, "2028-01-10", 0LL, m->pen);
	double t0 = now_ms();
	for (int i = 0; i < LOGGED; i++) {
		struct np_db_value p[] = {NP_DB_I(a->clinic_id),
		                          NP_DB_I(m->client),
		                          NP_DB_I(m->plan),
		                          NP_DB_T("2028-01-10"),
		                          NP_DB_I(a->user_id),
		                          NP_DB_I(m->pen),
		                          NP_DB_I(1),
		                          NP_DB_I(1),
		                          NP_DB_T("acne_scars"),
		                          NP_DB_T(body),
		                          NP_DB_NONE,
		                          NP_DB_NONE,
		                          NP_DB_T("2028-01-10T10:00:00Z"),
		                          NP_DB_NONE,
		                          NP_DB_NONE}; /* no idempotency key */
		struct np_db_result *r = NULL;
		must(db->driver->begin(db), "begin");
		must(np_db_query(db, &r, NP_SQL_SESSION_ADD, p, 15), "raw insert");
		np_db_result_free(r);
		must(db->driver->commit(db), "commit");
	}
	double rate = LOGGED / ((now_ms() - t0) / 1e3);
	must(db->driver->exec(db, "DELETE FROM sessions WHERE on_date = '2028-01-10'"), "tidy");
	np_db_close(db);
	return rate;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_records PACK TARGET [SESSIONS] [prepare N]\n");
		return 2;
	}
	int sessions = 250000, prepare = 0;
	if ((argc > 3 && count(argv[3], &sessions) != 0) ||
	    (argc > 4 &&
	     (strcmp(argv[4], "prepare") != 0 || argc < 6 || count(argv[5], &prepare) != 0)))
		return 2;
	struct np_pack *pack = NULL;
	struct np_store *s = NULL;
	must(np_pack_load_file(&pack, argv[1]), "pack");
	must(np_store_open(&s, argv[2], pack), "open");
	char name[64];
	snprintf(name, sizeof name, "bench-%ld", (long)time(NULL));
	json_t *out = NULL, *in = json_pack("{s:s, s:s, s:s}", "clinic", name, "admin", name,
	                                    "time_zone", "UTC");
	must(np_store_init(&out, s, in), "init");
	json_decref(in);
	json_decref(out);
	struct np_actor a;
	must(np_store_actor(&a, s, name), "actor");
	np_day today = a.today; /* the clinic's: the day a server started on it lives */
	np_date_parse(&a.today, "2026-01-05");
	struct model m;
	model(s, &a, &m);
	struct np_db *db = NULL;
	must(np_db_open(&db, argv[2]), "open");

	/* the size series: the clinic grows to each size, then is measured */
	int steps[] = {sessions / 250, sessions / 25, sessions / 5, sessions};
	int made = 0;
	struct batches b = {.count = 0};
	if (!prepare)
		printf("engine %s; clients of %d sessions each; the anchor: the same session rows "
		       "inserted raw, a durable transaction each\n"
		       "%9s %7s %13s %13s %9s %9s %7s\n",
		       np_store_engine(s), PER_CLIENT, "sessions", "grow s", "chart p50 ms",
		       "chart p99 ms", "logged/s", "raw/s", "ratio");
	for (int k = prepare ? 3 : 0; k < 4; k++) {
		double t0 = now_ms();
		int more = (steps[k] - made) / PER_CLIENT;
		if (more > 0)
			add_batch(db, s, &a, &m, &b, more, PER_CLIENT);
		made += more * PER_CLIENT;
		double grown = (now_ms() - t0) / 1e3;
		if (prepare || b.count == 0)
			continue;
		double p50, p99;
		chart(s, &a, &b, 0, &p50, &p99);
		double rate = logged(s, &a, m.pen, k), raw = raw_inserts(argv[2], &a, &m);
		printf("%9d %7.1f %13.2f %13.2f %9.0f %9.0f %7.2f\n", made, grown, p50, p99, rate,
		       raw, rate / raw);
	}
	/* a client of 1,000 sessions: opens as fast as one of 20; exported, never held whole */
	add_batch(db, s, &a, &m, &b, 1, LONG);
	if (!prepare) {
		double p50, p99;
		chart(s, &a, &b, b.count - 1, &p50, &p99);
		printf("chart of a client of %d sessions, first page: p50 %.2f ms, p99 %.2f ms "
		       "(target: p99 at most 2 ms)\n",
		       LONG, p50, p99);
	}
	np_db_close(db);
	if (prepare) {
		a.today = today; /* ready on the day a server will log their sessions */
		long long *ready = malloc(sizeof *ready * (size_t)prepare);
		long long unit = lot(s, &a, "TIMED", prepare);
		for (int i = 0; i < prepare; i++)
			ready[i] = ready_client(s, &a, "timed");
		must(np_auth_reset_password(s, name, "bench passphrase"), "password");
		printf("user %s client %lld ready %lld unit %lld long %lld\n", name, b.first[0],
		       ready[0], unit, b.first[b.count - 1]);
		free(ready);
	}
	np_store_close(s);
	np_pack_free(pack);
	return 0;
}
