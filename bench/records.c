/* The records under load: a synthetic clinic (10,000 clients, 200,000 sessions by default),
 * then the median and 99th percentile of `history` for one client and sessions logged per
 * second with every safety check and a durable commit.
 * usage: bench_records PACK TARGET [CLIENTS] [SESSIONS] [prepare N]   (TARGET: a SQLite file or a
 * URL). With "prepare N" it only builds the clinic, plus N clients ready for a session (screened
 * and consented for 2027-01-10) and a lot of N units, gives the user a password for signing in,
 * and prints what bench/http needs: "user NAME client ID ready ID unit ID". */
#include "db.h"
#include "needlepoint/error.h"
#include "needlepoint/auth.h"
#include "needlepoint/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAMPLES 200
#define LOGGED  100

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

/* The bulk of the clinic goes in by SQL in one transaction: a generator, not a user. The numbers
 * in it are the program's own. */
static void generate(const char *target, long long clinic, long long user, int clients,
                     int sessions)
{
	struct np_db *db = NULL;
	must(np_db_open(&db, target), "open");
	char sql[4096];
#define SEQ "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < %d) "
	must(db->driver->begin(db), "begin");
	char head[256];
	snprintf(head, sizeof head, SEQ, clients);
	snprintf(
	    sql, sizeof sql,
	    "INSERT INTO clients (clinic_id, name, birth_date, fitzpatrick, phone, created_at) "
	    "%s SELECT %lld, 'client ' || n, '1985-06-01', 1 + n %% 6, '555-' || n, "
	    "'2026-01-01T00:00:00Z' FROM seq",
	    head, clinic);
	must(db->driver->exec(db, sql), "clients");
	snprintf(sql, sizeof sql,
	         "INSERT INTO lots (clinic_id, product, lot_number, expires_on, quantity, "
	         "single_use, created_at) VALUES (%lld, 'cartridge', 'BULK', '2030-01-01', %d, 1, "
	         "'2026-01-01T00:00:00Z')",
	         clinic, sessions);
	must(db->driver->exec(db, sql), "lot");
	snprintf(head, sizeof head, SEQ, sessions);
	snprintf(sql, sizeof sql,
	         "INSERT INTO units (clinic_id, lot_id, seq, uses) %s SELECT %lld, "
	         "(SELECT max(id) FROM lots), n, 1 FROM seq",
	         head, clinic);
	must(db->driver->exec(db, sql), "units");
	snprintf(
	    sql, sizeof sql,
	    "INSERT INTO sessions (clinic_id, client_id, on_date, practitioner_id, unit_id, "
	    "unit_use, indication, body, created_at) %s SELECT %lld, "
	    "(SELECT min(id) FROM clients WHERE clinic_id = %lld) + n %% %d, '2026-01-01', %lld,"
	    " (SELECT min(id) FROM units WHERE clinic_id = %lld) + n - 1, 1, 'acne_scars', "
	    "'{\"date\": \"2026-01-01\", \"zones\": [{\"zone\": \"cheek_left\", \"depth_mm\": "
	    "1.5, \"passes\": 3}, {\"zone\": \"cheek_right\", \"depth_mm\": 1.5, \"passes\": "
	    "3}], \"endpoint\": \"even erythema\"}', '2026-01-01T00:00:00Z' FROM seq",
	    head, clinic, clinic, clients, user, clinic);
	must(db->driver->exec(db, sql), "sessions");
	must(db->driver->commit(db), "commit");
	/* statistics as a clinic of this size has them (PostgreSQL's autovacuum, SQLite's optimize,
	 * gather them in time): a bulk load measured before them is measured with wrong plans */
	must(db->driver->exec(db, "ANALYZE"), "analyze");
	np_db_close(db);
}

/* n clients screened and consented on the actor's today (ids into ids), and a lot of n
 * single-use units: the first unit's id. */
static long long ready_clients(struct np_store *s, const struct np_actor *a, int n, long long *ids)
{
	json_t *out = NULL;
	json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:i}", "product", "cartridge", "lot", "TIMED",
	                       "kind", "pen", "expires", "2030-01-01", "quantity", n);
	json_object_set_new(in, "single_use", json_true());
	must(np_lot_add(&out, s, a, in), "lot");
	long long unit = json_integer_value(
	    json_object_get(json_array_get(json_object_get(out, "units"), 0), "id"));
	json_decref(out);
	json_decref(in);
	np_day on = a->today; /* screened and consented on the clinic's day */
	json_t *intake = parse("{\"birth_date\": \"1985-06-01\", \"fitzpatrick\": 2}");
	json_t *client = parse("{\"name\": \"timed\"}");
	for (int i = 0; i < n; i++) {
		must(np_client_add(&out, s, a, client), "client");
		ids[i] = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		must(np_intake_add(&out, s, a, ids[i], intake), "intake");
		json_decref(out);
		must(np_screening_run(&out, s, a, ids[i], on), "screen");
		json_decref(out);
		must(np_consent_sign(&out, s, a, ids[i], "microneedling", "timed", on), "consent");
		json_decref(out);
	}
	json_decref(intake);
	json_decref(client);
	return unit;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_records PACK TARGET [CLIENTS] [SESSIONS]\n");
		return 2;
	}
	int clients = 10000, sessions = 200000;
	int prepare = 0;
	if ((argc > 3 && count(argv[3], &clients) != 0) ||
	    (argc > 4 && count(argv[4], &sessions) != 0) ||
	    (argc > 5 &&
	     (strcmp(argv[5], "prepare") != 0 || argc < 7 || count(argv[6], &prepare) != 0)))
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
	double t0 = now_ms();
	generate(argv[2], (long long)a.clinic_id, (long long)a.user_id, clients, sessions);
	printf("engine %s: %d clients, %d sessions generated in %.1f s\n", np_store_engine(s),
	       clients, sessions, (now_ms() - t0) / 1e3);

	/* history of one client, for clients picked across the clinic */
	must(np_client_list(&out, s, &a, "client 1", 1), "find a client");
	long long first = json_integer_value(json_object_get(json_array_get(out, 0), "id"));
	json_decref(out);
	if (prepare > 0) {
		long long *ready = malloc(sizeof *ready * (size_t)prepare);
		long long unit = ready_clients(s, &a, prepare, ready);
		must(np_auth_reset_password(s, name, "bench passphrase"), "password");
		printf("user %s client %lld ready %lld unit %lld\n", name, first, ready[0], unit);
		free(ready);
		np_store_close(s);
		np_pack_free(pack);
		return 0;
	}
	double ms[SAMPLES];
	struct np_page page = {.limit = 20}; /* the chart as the browser opens it */
	for (int i = 0; i < SAMPLES; i++) {
		long long id = first + (i * 7919LL) % clients;
		double start = now_ms();
		must(np_history(&out, s, &a, id, &page), "history");
		ms[i] = now_ms() - start;
		json_decref(out);
	}
	qsort(ms, SAMPLES, sizeof ms[0], cmp);
	printf("history --client (%d sessions each): p50 %.2f ms, p99 %.2f ms over %d clients\n",
	       sessions / clients, ms[SAMPLES / 2], ms[SAMPLES * 99 / 100], SAMPLES);

	/* sessions logged one by one, each checked and committed durably, on a day of their own */
	np_date_parse(&a.today, "2027-01-10");
	long long ids[LOGGED];
	long long unit = ready_clients(s, &a, LOGGED, ids);
	t0 = now_ms();
	for (int i = 0; i < LOGGED; i++) {
		char text[512];
		snprintf(text, sizeof text,
		         "{\"date\": \"2027-01-10\", \"unit\": %lld, \"zones\": [{\"zone\": "
		         "\"forehead\", \"depth_mm\": 0.5, \"passes\": 2}]}",
		         unit + i);
		in = parse(text);
		must(np_session_log(&out, s, &a, ids[i], in), "session log");
		json_decref(out);
		json_decref(in);
	}
	double secs = (now_ms() - t0) / 1e3;
	printf("session log: %.0f sessions/s (%d sessions, every check, durable commits)\n",
	       LOGGED / secs, LOGGED);
	np_store_close(s);
	np_pack_free(pack);
	return 0;
}
