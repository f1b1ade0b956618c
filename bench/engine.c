/* Throughput of the engine on the standard pack: screenings and plans per second, each from JSON
 * text to JSON answer as a server runs them, and where the time goes: parsing the text (jansson),
 * reading it against the pack, the decision itself, and writing the answer's text.
 * The bare decision's rate is the anchor the JSON around it is measured against. */
#include "needlepoint/plan.h"
#include "needlepoint/error.h"
#include "needlepoint/screen.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	static char data[1 << 16];
	size_t n = fread(data, 1, sizeof data - 1, f);
	fclose(f);
	data[n] = '\0';
	char *copy = malloc(n + 1);
	for (size_t i = 0; i <= n; i++)
		copy[i] = data[i];
	return copy;
}

/* Where an answer's time goes, stage by stage: each stage run n times on the same input, in
 * microseconds per answer. */
struct stages {
	double parse, read, decide, write;
};

static void screen_stages(const struct np_pack *pack, const char *text, np_day on, int n,
                          struct stages *st)
{
	double t = now();
	for (int i = 0; i < n; i++)
		json_decref(json_loads(text, 0, NULL));
	st->parse = (now() - t) / n * 1e6;
	json_t *j = json_loads(text, 0, NULL);
	struct np_intake *in = NULL;
	t = now();
	for (int i = 0; i < n; i++) {
		np_intake_free(in);
		in = NULL;
		if (np_intake_from_json(&in, pack, j) != 0)
			exit(1);
	}
	st->read = (now() - t) / n * 1e6;
	struct np_screening *s = NULL;
	t = now();
	for (int i = 0; i < n; i++) {
		np_screening_free(s);
		s = NULL;
		if (np_screen_run(&s, pack, in, on) != 0)
			exit(1);
	}
	st->decide = (now() - t) / n * 1e6;
	t = now();
	for (int i = 0; i < n; i++)
		free(np_screening_json(s));
	st->write = (now() - t) / n * 1e6;
	np_screening_free(s);
	np_intake_free(in);
	json_decref(j);
}

static void plan_stages(const struct np_pack *pack, const char *text, int n, struct stages *st)
{
	double t = now();
	for (int i = 0; i < n; i++)
		json_decref(json_loads(text, 0, NULL));
	st->parse = (now() - t) / n * 1e6;
	json_t *j = json_loads(text, 0, NULL);
	struct np_plan_request *q = NULL;
	t = now();
	for (int i = 0; i < n; i++) {
		np_plan_request_free(q);
		q = NULL;
		if (np_plan_request_from_json(&q, pack, j) != 0)
			exit(1);
	}
	st->read = (now() - t) / n * 1e6;
	struct np_plan *p = NULL;
	t = now();
	for (int i = 0; i < n; i++) {
		np_plan_free(p);
		p = NULL;
		if (np_plan_build(&p, pack, q) != 0)
			exit(1);
	}
	st->decide = (now() - t) / n * 1e6;
	t = now();
	for (int i = 0; i < n; i++)
		free(np_plan_json(p));
	st->write = (now() - t) / n * 1e6;
	np_plan_free(p);
	np_plan_request_free(q);
	json_decref(j);
}

static void report(const char *what, const struct stages *st, double target)
{
	double total = st->parse + st->read + st->decide + st->write;
	printf("%-10s %7.2f %7.2f %7.2f %7.2f %8.2f %10.0f %10.0f %9.0f %6.2f\n", what, st->parse,
	       st->read, st->decide, st->write, total, 1e6 / total, 1e6 / st->decide, target,
	       1e6 / total / target);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_engine PACK INTAKE PLAN_REQUEST\n");
		return 2;
	}
	/* the pack, as a command loads it: the median of 21 loads */
	double loads[21];
	struct np_pack *pack = NULL;
	for (int i = 0; i < 21; i++) {
		np_pack_free(pack);
		double t = now();
		if (np_pack_load_file(&pack, argv[1]) != 0) {
			fprintf(stderr, "%s\n", np_error_last());
			return 1;
		}
		loads[i] = (now() - t) * 1e3;
	}
	qsort(loads, 21, sizeof *loads, by_value);
	printf("pack load: %.3f ms (median of 21); target at most 0.2 ms: %.2f\n", loads[10],
	       loads[10] / 0.2);
	char *intake = slurp(argv[2]), *request = slurp(argv[3]);
	np_day on = np_date_from_ymd(2026, 11, 20);
	const int n = 20000;
	struct stages screens[5], plans[5];
	for (int run = 0; run < 5; run++) {
		screen_stages(pack, intake, on, n, &screens[run]);
		plan_stages(pack, request, n, &plans[run]);
	}
	/* the run of the median total, of each */
	double totals[5];
	for (int k = 0; k < 2; k++) {
		struct stages *st = k ? plans : screens;
		for (int run = 0; run < 5; run++)
			totals[run] = st[run].parse + st[run].read + st[run].decide + st[run].write;
		double sorted[5];
		for (int run = 0; run < 5; run++)
			sorted[run] = totals[run];
		qsort(sorted, 5, sizeof *sorted, by_value);
		for (int run = 0; run < 5; run++)
			if (totals[run] == sorted[2]) {
				st[0] = st[run];
				break;
			}
	}
	printf("microseconds per answer on one core, by stage (median of 5 runs of %d); the target "
	       "is JSON in to JSON out\n"
	       "%-10s %7s %7s %7s %7s %8s %10s %10s %9s %6s\n",
	       n, "", "parse", "read", "decide", "write", "total", "JSON/s", "bare/s", "target/s",
	       "ratio");
	report("screening", &screens[0], 300000);
	report("plan", &plans[0], 150000);
	free(intake);
	free(request);
	np_pack_free(pack);
	return 0;
}
