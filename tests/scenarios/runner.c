/* Runs the scenario pairs: for every CMD/NAME.in.json (or NAME.args) under a directory, runs
 * `needlepoint CMD --json [args] [NAME.in.json]` and compares the answer with NAME.out.json
 * (as JSON), or, for bad input, the exit code 2 and stderr with NAME.err.
 *
 * Packs: for every NAME.json under a packs directory, `needlepoint protocol check NAME.json`
 * must exit 2 with NAME.err in stderr, or, for a NAME.ok.json, exit 0.
 *
 * NP_SCENARIO_UPDATE=1 writes NAME.out.json from what the program answered: for a new
 * scenario, whose output a person then reads before committing it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct result {
	int status;
	char *out;
	char *err;
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, len = 0;
	char *data = malloc(cap);
	size_t got;
	while (data && (got = fread(data + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (cap - len < 2) {
			char *grown = realloc(data, cap * 2);
			if (grown == NULL) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = grown;
			cap *= 2;
		}
	}
	fclose(f);
	if (data)
		data[len] = '\0';
	return data;
}

static bool exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Run argv with stdout and stderr captured through temporary files (no pipe can fill up). */
static int run(char *const argv[], struct result *r)
{
	char out_path[] = "/tmp/np-scenario-out-XXXXXX", err_path[] = "/tmp/np-scenario-err-XXXXXX";
	int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
	if (out_fd < 0 || err_fd < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		int null_fd = open("/dev/null", O_RDONLY);
		dup2(null_fd, 0);
		dup2(out_fd, 1);
		dup2(err_fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out_fd);
	close(err_fd);
	int status = 0;
	waitpid(pid, &status, 0);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r->out = slurp(out_path);
	r->err = slurp(err_path);
	unlink(out_path);
	unlink(err_path);
	return 0;
}

/* Split a NAME.args file into words (no quoting: scenario arguments have no spaces). */
static int words(char *text, char **argv, int max)
{
	int n = 0;
	for (char *p = text; *p && n < max;) {
		while (*p == ' ' || *p == '\n' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		argv[n++] = p;
		while (*p && *p != ' ' && *p != '\n' && *p != '\t')
			p++;
	}
	return n;
}

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static int passed, failed;

static void report(const char *name, const char *problem, const struct result *r)
{
	if (problem == NULL) {
		passed++;
		printf("ok   %s\n", name);
		return;
	}
	failed++;
	printf("FAIL %s: %s (exit %d)\n", name, problem, r->status);
	if (r->err && *r->err)
		printf("  stderr: %s", r->err);
	if (r->out && *r->out)
		printf("  stdout: %.4000s\n", r->out);
}

static void check_json(const char *name, const char *expected_path, struct result *r)
{
	if (getenv("NP_SCENARIO_UPDATE") && r->status == 0 && r->out) {
		FILE *f = fopen(expected_path, "w");
		if (f) {
			fputs(r->out, f);
			fclose(f);
		}
	}
	json_error_t e;
	json_t *want = json_load_file(expected_path, 0, &e);
	json_t *got = r->out ? json_loads(r->out, 0, &e) : NULL;
	if (r->status != 0)
		report(name, "expected exit 0", r);
	else if (want == NULL)
		report(name, "cannot read the expected output", r);
	else if (got == NULL)
		report(name, "the output is not JSON", r);
	else if (!json_equal(want, got)) {
		char *w = json_dumps(want, JSON_INDENT(1) | JSON_REAL_PRECISION(10));
		printf("  expected: %.4000s\n", w ? w : "");
		free(w);
		report(name, "the output differs from the expected JSON", r);
	} else
		report(name, NULL, r);
	json_decref(want);
	json_decref(got);
}

static void check_error(const char *name, const char *err_path, struct result *r)
{
	char *want = slurp(err_path);
	if (want == NULL) {
		report(name, "cannot read the expected error", r);
		return;
	}
	trim(want);
	if (r->status != 2)
		report(name, "expected exit 2 for bad input", r);
	else if (r->err == NULL || strstr(r->err, want) == NULL) {
		printf("  expected stderr to contain: %s\n", want);
		report(name, "the error message differs", r);
	} else
		report(name, NULL, r);
	free(want);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* One command's directory of scenarios. */
static void scenarios(const char *bin, const char *dir, const char *cmd)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		const char *file = names[i]->d_name;
		char stem[256], path[1024], args_text[1024] = "";
		bool input = ends_with(file, ".in.json");
		if (!input && !ends_with(file, ".args"))
			continue;
		size_t len = strlen(file) - (input ? 8 : 5);
		snprintf(stem, sizeof stem, "%.*s", (int)len, file);
		snprintf(path, sizeof path, "%s/%s.in.json", dir, stem);
		if (!input && exists(path))
			continue; /* the .args of a scenario that has an input: read below */
		char *argv[40];
		int argc = 0;
		argv[argc++] = (char *)bin;
		argv[argc++] = (char *)cmd;
		char args_path[1024];
		snprintf(args_path, sizeof args_path, "%s/%s.args", dir, stem);
		char *text = slurp(args_path);
		if (text == NULL) {
			snprintf(args_path, sizeof args_path, "%s/ARGS", dir);
			text = slurp(args_path);
		}
		if (text) {
			snprintf(args_text, sizeof args_text, "%s", text);
			free(text);
			argc += words(args_text, argv + argc, 30);
		}
		argv[argc++] = "--json";
		char in_path[1024];
		snprintf(in_path, sizeof in_path, "%s/%s.in.json", dir, stem);
		if (input)
			argv[argc++] = in_path;
		argv[argc] = NULL;
		char name[512], out_path[1024], err_path[1024];
		snprintf(name, sizeof name, "%s/%s", cmd, stem);
		snprintf(out_path, sizeof out_path, "%s/%s.out.json", dir, stem);
		snprintf(err_path, sizeof err_path, "%s/%s.err", dir, stem);
		struct result r = {0, NULL, NULL};
		if (run(argv, &r) != 0) {
			report(name, "cannot run the program", &r);
		} else if (exists(err_path)) {
			check_error(name, err_path, &r);
		} else {
			check_json(name, out_path, &r);
		}
		free(r.out);
		free(r.err);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void packs(const char *bin, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, by_name);
	for (int i = 0; i < n; i++) {
		const char *file = names[i]->d_name;
		if (!ends_with(file, ".json"))
			continue;
		char path[1024], err_path[1024], name[512];
		snprintf(path, sizeof path, "%s/%s", dir, file);
		snprintf(err_path, sizeof err_path, "%s/%.*s.err", dir, (int)strlen(file) - 5,
		         file);
		snprintf(name, sizeof name, "packs/%s", file);
		char *argv[] = {(char *)bin, "protocol", "check", path, NULL};
		struct result r = {0, NULL, NULL};
		run(argv, &r);
		if (ends_with(file, ".ok.json"))
			report(name, r.status == 0 ? NULL : "expected the pack to load", &r);
		else
			check_error(name, err_path, &r);
		free(r.out);
		free(r.err);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: runner NEEDLEPOINT scenarios|packs DIR\n");
		return 2;
	}
	if (strcmp(argv[2], "packs") == 0) {
		packs(argv[1], argv[3]);
	} else {
		const char *cmd = strrchr(argv[3], '/');
		scenarios(argv[1], argv[3], cmd ? cmd + 1 : argv[3]);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 && passed > 0 ? 0 : 1;
}
