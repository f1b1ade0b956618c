/* Throughput of the engine on the standard pack: screenings per second and plans per second,
 * each from JSON text to JSON answer, as a server would run them. Prints the median of 5 runs. */
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

static int screen_once(const struct np_pack *pack, const char *text, np_day on)
{
	json_t *j = json_loads(text, 0, NULL);
	struct np_intake *in = NULL;
	struct np_screening *s = NULL;
	int ok =
	    j && np_intake_from_json(&in, pack, j) == 0 && np_screen_run(&s, pack, in, on) == 0;
	json_t *answer = ok ? np_screening_to_json(s) : NULL;
	char *dumped = answer ? json_dumps(answer, 0) : NULL;
	free(dumped);
	json_decref(answer);
	np_screening_free(s);
	np_intake_free(in);
	json_decref(j);
	return ok;
}

static int plan_once(const struct np_pack *pack, const char *text)
{
	json_t *j = json_loads(text, 0, NULL);
	struct np_plan_request *q = NULL;
	struct np_plan *p = NULL;
	int ok =
	    j && np_plan_request_from_json(&q, pack, j) == 0 && np_plan_build(&p, pack, q) == 0;
	json_t *answer = ok ? np_plan_to_json(p) : NULL;
	char *dumped = answer ? json_dumps(answer, 0) : NULL;
	free(dumped);
	json_decref(answer);
	np_plan_free(p);
	np_plan_request_free(q);
	json_decref(j);
	return ok;
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
	struct np_pack *pack;
	if (np_pack_load_file(&pack, argv[1]) != 0) {
		fprintf(stderr, "%s\n", np_error_last());
		return 1;
	}
	char *intake = slurp(argv[2]), *request = slurp(argv[3]);
	np_day on = np_date_from_ymd(2026, 11, 20);
	const int n = 20000;
	double screens[5], plans[5];
	for (int run = 0; run < 5; run++) {
		double t = now();
		for (int i = 0; i < n; i++)
			if (!screen_once(pack, intake, on))
				return 1;
		screens[run] = n / (now() - t);
		t = now();
		for (int i = 0; i < n; i++)
			if (!plan_once(pack, request))
				return 1;
		plans[run] = n / (now() - t);
	}
	qsort(screens, 5, sizeof *screens, by_value);
	qsort(plans, 5, sizeof *plans, by_value);
	printf("screenings per second: %.0f (median of 5 runs of %d, JSON in to JSON out)\n",
	       screens[2], n);
	printf("plans per second:      %.0f (median of 5 runs of %d, JSON in to JSON out)\n",
	       plans[2], n);
	free(intake);
	free(request);
	np_pack_free(pack);
	return 0;
}
