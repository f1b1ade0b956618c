/* A client's chart: what its badges read (the latest of each record, the open adverse events, the
 * reviews due, the next dates, the bookings) and its timeline a page at a time, newest first.
 * Every part is read from the end of an index by (client, clinic, day, id) and no further, so a
 * chart of a client with 1,000 sessions opens as fast as one with 10 (tests/store/timeline.c).
 * The answer is written as text, the records stored as JSON spliced in (records_text.c). */
#include "store_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/schedule.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef json_t *(*row_fn)(struct np_store *s, const struct np_actor *a,
                          const struct np_db_result *r, size_t row);

/* A plan as an outcome review reads it: how far its course has come. */
static json_t *progress_row(struct np_store *s, const struct np_actor *a,
                            const struct np_db_result *r, size_t row)
{
	static const struct np_col cols[] = {{"id", 'i'},
	                                     {"sessions_planned", 'i'},
	                                     {"sessions_done", 'i'},
	                                     {"last_session_on", 't'},
	                                     {NULL, 0}};
	(void)s, (void)a;
	return np_row_json(r, row, cols);
}

static json_t *outcome_row(struct np_store *s, const struct np_actor *a,
                           const struct np_db_result *r, size_t row)
{
	(void)a;
	return np_outcome_labelled(s->pack, np_row_json(r, row, np_outcome_cols));
}

/* Rows written as the chart shows them (a tree written out where the record is made as one). */
typedef void (*text_fn)(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                        const struct np_db_result *r, size_t row);

static void intake_text(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                        const struct np_db_result *r, size_t row)
{
	(void)s, (void)a;
	np_jw_object(w);
	np_row_jw(w, r, row, np_intake_cols);
	np_jw_end(w);
}

static void screening_text(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                           const struct np_db_result *r, size_t row)
{
	(void)s, (void)a;
	np_screening_jw(w, r, row);
}

static void consent_text(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                         const struct np_db_result *r, size_t row)
{
	(void)s;
	np_consent_jw(w, r, row, a->today);
}

static void plan_text(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                      const struct np_db_result *r, size_t row)
{
	(void)s, (void)a;
	np_plan_jw(w, r, row);
}

/* A session as a page shows it: without its aftercare timeline, two thirds of its record, which
 * the session's own answer gives (GET .../sessions/{id}). */
static void session_text(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                         const struct np_db_result *r, size_t row)
{
	(void)s, (void)a;
	np_session_jw(w, r, row, false);
}

/* A session whole, as its own answer and the export give it. */
static void session_whole(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                          const struct np_db_result *r, size_t row)
{
	(void)s, (void)a;
	np_session_jw(w, r, row, true);
}

/* A tree written out and let go (NULL: out of memory, which fails the writer). */
static void tree_text(struct np_jw *w, json_t *tree)
{
	if (tree == NULL)
		w->buf.failed = 1;
	np_jw_tree(w, tree);
	json_decref(tree);
}

static void ae_text(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                    const struct np_db_result *r, size_t row)
{
	tree_text(w, np_ae_record(s, a, r, row));
}

static void outcome_text(struct np_jw *w, struct np_store *s, const struct np_actor *a,
                         const struct np_db_result *r, size_t row)
{
	tree_text(w, outcome_row(s, a, r, row));
}

/* The parts of a chart, in the order of TIMELINE_PAGE's parts (sql.c): the kind of each record,
 * its statements (every one of the client; those of a page by their ids), how a page shows a
 * row, and how the export does (whole); nested: a row's record reads more rows (its follow-ups). */
static const struct part {
	const char *kind;
	const char *plural;
	enum np_sql list, entries;
	text_fn text, whole;
	bool nested;
} parts[] = {
    {"intake", "intakes", NP_SQL_INTAKE_LIST, NP_SQL_INTAKE_ENTRIES, intake_text, intake_text,
     false},
    {"screening", "screenings", NP_SQL_SCREENING_LIST, NP_SQL_SCREENING_ENTRIES, screening_text,
     screening_text, false},
    {"consent", "consents", NP_SQL_CONSENT_LIST, NP_SQL_CONSENT_ENTRIES, consent_text, consent_text,
     false},
    {"plan", "plans", NP_SQL_PLAN_LIST, NP_SQL_PLAN_ENTRIES, plan_text, plan_text, false},
    {"session", "sessions", NP_SQL_SESSION_LIST, NP_SQL_SESSION_ENTRIES, session_text,
     session_whole, false},
    {"adverse_event", "adverse_events", NP_SQL_AE_LIST, NP_SQL_AE_ENTRIES, ae_text, ae_text, true},
    {"outcome", "outcomes", NP_SQL_OUTCOME_LIST, NP_SQL_OUTCOME_ENTRIES, outcome_text, outcome_text,
     false},
};
enum { N_PARTS = sizeof parts / sizeof parts[0] };

int np_chart_kind(const char *kind)
{
	for (size_t p = 0; p < N_PARTS; p++)
		if (strcmp(parts[p].kind, kind) == 0)
			return (int)p;
	return -1;
}

int np_chart_kinds(unsigned *out, const char *list)
{
	*out = 0;
	for (const char *at = list; *at;) {
		size_t len = strcspn(at, ",");
		char kind[32];
		int k = -1;
		if (len < sizeof kind) {
			memcpy(kind, at, len);
			kind[len] = '\0';
			k = np_chart_kind(kind);
		}
		if (k < 0)
			return np_error_set(
			    NP_EINVAL,
			    "kind: expected intake, screening, consent, plan, session, "
			    "adverse_event or outcome, not '%.*s'",
			    (int)(len < 40 ? len : 40), at);
		*out |= 1u << k;
		at += len + (at[len] == ',');
	}
	return 0;
}

/* Every row of a statement of the client, each made by a row builder, into a new array. */
static int rows(json_t **out, struct np_store *s, const struct np_actor *a, enum np_sql stmt,
                row_fn row, const struct np_db_value *params, size_t n)
{
	struct np_db_result *r = NULL;
	NP_TRY(np_db_query(s->db, &r, stmt, params, n));
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < r->rows; i++)
		if (json_array_append_new(arr, row(s, a, r, i)) != 0) {
			json_decref(arr);
			arr = NULL;
		}
	np_db_result_free(r);
	*out = arr;
	return arr ? 0 : np_store_nomem();
}

/* A row of an export's part, written whole, the text handed on as it grows. */
struct export_rows {
	struct np_store *s;
	const struct np_actor *a;
	struct np_pieces *out;
	text_fn whole;
};

static int export_row(const struct np_db_result *r, void *ctx)
{
	struct export_rows *c = ctx;
	c->whole(&c->out->w, c->s, c->a, r, 0);
	return np_pieces_hand_on(c->out, false);
}

int np_chart_write(struct np_store *s, const struct np_actor *a, int64_t client,
                   struct np_pieces *out)
{
	for (size_t p = 0; p < N_PARTS; p++) {
		/* the outcome list also takes a scale: none, for all of them */
		struct np_db_value params[] = {NP_DB_I(client), NP_DB_I(a->clinic_id), NP_DB_NONE};
		size_t n = parts[p].list == NP_SQL_OUTCOME_LIST ? 3 : 2;
		struct export_rows c = {s, a, out, parts[p].whole};
		np_jw_key(&out->w, parts[p].plural);
		np_jw_array(&out->w);
		if (parts[p]
		        .nested) { /* a row reads more: the rows are read first (a client's few) */
			struct np_db_result *r = NULL;
			NP_TRY(np_db_query(s->db, &r, parts[p].list, params, n));
			for (size_t i = 0; i < r->rows; i++)
				parts[p].whole(&out->w, s, a, r, i);
			np_db_result_free(r);
		} else /* a row at a time: a client of years of sessions is never held whole */
			NP_TRY(
			    s->db->driver->each(s->db, parts[p].list, params, n, export_row, &c));
		np_jw_end(&out->w);
		NP_TRY(np_pieces_hand_on(out, false));
	}
	return 0;
}

/* ---- the page ---- */

/* Where a page starts: before this entry (of the order day, part, id). */
struct cursor {
	char day[NP_DATE_LEN], after[NP_DATE_LEN]; /* its day, and the day after */
	size_t part;
	int64_t id;
};

/* "2026-03-01.session.123", as an answer's "more" gave it. */
static int cursor_read(struct cursor *c, const char *text)
{
	np_day day;
	char kind[32];
	long long id;
	int used = 0;
	if (strlen(text) < 12 || text[10] != '.' ||
	    sscanf(text + 11, "%31[a-z_].%lld%n", kind, &id, &used) != 2 ||
	    text[11 + used] != '\0' || id < 1 || np_chart_kind(kind) < 0)
		return np_error_set(NP_EINVAL, "before: expected a place in the timeline as the "
		                               "chart's \"more\" gave it");
	memcpy(c->day, text, 10);
	c->day[10] = '\0';
	if (np_date_parse(&day, c->day) != 0)
		return np_error_set(NP_EINVAL, "before: %s is not a date", c->day);
	np_date_format(day + 1, c->after);
	c->part = (size_t)np_chart_kind(kind);
	c->id = id;
	return 0;
}

struct entry {
	char day[NP_DATE_LEN];
	size_t part;
	int64_t id;
	const struct np_db_result *r; /* the row that holds its record */
	size_t row;
};

/* Newest first: by day, then part, then id, each falling. */
static int newest_first(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(b->day, a->day);
	if (c != 0)
		return c;
	if (a->part != b->part)
		return a->part < b->part ? 1 : -1;
	return (b->id > a->id) - (b->id < a->id);
}

/* The places of the entries of every part before the cursor: at most `fetch` of each kind asked
 * for, newest first, from the indexes alone, in one statement. */
static int page_entries(struct np_store *s, const struct np_actor *a, int64_t client,
                        const struct cursor *c, unsigned kinds, int64_t fetch, struct entry **out,
                        size_t *n)
{
	*out = NULL;
	*n = 0;
	struct np_db_value params[4 + 2 * N_PARTS] = {NP_DB_I(client), NP_DB_I(a->clinic_id),
	                                              NP_DB_T(c->day), NP_DB_T(c->after)};
	for (size_t p = 0; p < N_PARTS; p++) {
		/* on the cursor's day: an earlier part entirely, the same part below its id */
		params[4 + p] = NP_DB_I(p < c->part ? INT64_MAX : p == c->part ? c->id : 0);
		params[4 + N_PARTS + p] = NP_DB_I(kinds && !(kinds & (1u << p)) ? 0 : fetch);
	}
	struct np_db_result *r = NULL;
	NP_TRY(np_db_query(s->db, &r, NP_SQL_TIMELINE_PAGE, params, 4 + 2 * N_PARTS));
	*out = calloc(r->rows ? r->rows : 1, sizeof **out);
	if (*out == NULL) {
		np_db_result_free(r);
		return np_store_nomem();
	}
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < r->rows; i++) {
		struct entry *e = &(*out)[(*n)++];
		const char *day = np_db_text(r, i, 1);
		snprintf(e->day, sizeof e->day, "%.10s", day ? day : "");
		int64_t part = np_db_int(r, i, 0);
		e->part = part >= 0 && part < N_PARTS ? (size_t)part : 0;
		e->id = np_db_int(r, i, 2);
		if (part < 0 || part >= N_PARTS) /* sql.c and parts[] disagree */
			rc = np_error_set(NP_EIO, "timeline: part %lld is not a kind of the chart",
			                  (long long)part);
	}
	np_db_result_free(r);
	return rc;
}

/* The rows of the entries a page shows, read by their ids: one statement for each kind, each
 * result kept in found[part] (the caller frees them) for the entries to point into. */
static int entry_rows(struct np_store *s, const struct np_actor *a, struct entry *e, size_t n,
                      struct np_db_result *found[N_PARTS])
{
	char *ids = malloc(n * 21 + 1); /* "12,15,20": at most 20 digits and a comma each */
	if (ids == NULL)
		return np_store_nomem();
	int rc = 0;
	for (size_t p = 0; rc == 0 && p < N_PARTS; p++) {
		size_t len = 0;
		for (size_t i = 0; i < n; i++)
			if (e[i].part == p)
				len += (size_t)snprintf(ids + len, n * 21 + 1 - len, "%s%lld",
				                        len ? "," : "", (long long)e[i].id);
		if (len == 0)
			continue;
		struct np_db_value params[] = {NP_DB_T(ids), NP_DB_I(a->clinic_id)};
		if ((rc = np_db_query(s->db, &found[p], parts[p].entries, params, 2)) != 0)
			break;
		for (size_t row = 0; row < found[p]->rows; row++) {
			int64_t id = np_db_int(found[p], row, 0);
			for (size_t i = 0; i < n; i++)
				if (e[i].part == p && e[i].id == id && e[i].r == NULL)
					e[i].r = found[p], e[i].row = row;
		}
	}
	free(ids);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (e[i].r == NULL) /* placed moments ago in the same transaction */
			rc = np_error_set(NP_EIO, "timeline: %s %lld was not found",
			                  parts[e[i].part].kind, (long long)e[i].id);
	return rc;
}

/* A page of the timeline, oldest first as a chart reads down ("timeline"), and where the next
 * older page starts ("more"; null: nothing older). */
static int timeline(struct np_jw *w, struct np_store *s, const struct np_actor *a, int64_t client,
                    const struct np_page *page)
{
	struct cursor c = {.day = "9999-12-31", .after = "9999-12-32", .part = N_PARTS, .id = 0};
	if (page && page->before)
		NP_TRY(cursor_read(&c, page->before));
	size_t limit = page ? page->limit : 0;
	struct entry *e = NULL;
	size_t n = 0;
	struct np_db_result *found[N_PARTS] = {NULL};
	int rc = page_entries(s, a, client, &c, page ? page->kinds : 0,
	                      limit ? (int64_t)limit + 1 : INT64_MAX, &e, &n);
	if (n > 1)
		qsort(e, n, sizeof *e, newest_first);
	size_t shown = limit && n > limit ? limit : n;
	if (rc == 0)
		rc = entry_rows(s, a, e, shown, found);
	if (rc == 0) {
		np_jw_key(w, "timeline");
		np_jw_array(w);
		for (size_t i = shown; i-- > 0;) {
			np_jw_object(w);
			np_jw_kstring(w, "date", e[i].day);
			np_jw_kstring(w, "kind", parts[e[i].part].kind);
			np_jw_key(w, "record");
			parts[e[i].part].text(w, s, a, e[i].r, e[i].row);
			np_jw_end(w);
		}
		np_jw_end(w);
		np_jw_key(w, "more");
		if (shown < n) {
			const struct entry *last = &e[shown - 1];
			char more[NP_DATE_LEN + 64];
			snprintf(more, sizeof more, "%s.%s.%lld", last->day, parts[last->part].kind,
			         (long long)last->id);
			np_jw_string(w, more);
		} else
			np_jw_null(w);
	}
	for (size_t p = 0; p < N_PARTS; p++)
		np_db_result_free(found[p]);
	free(e);
	return rc;
}

/* ---- what the badges read ---- */

/* The one row a statement of the client finds, as its part writes it, or null. */
static int one(struct np_jw *w, struct np_store *s, const struct np_actor *a, int64_t client,
               const char *key, enum np_sql stmt, text_fn text)
{
	struct np_db_value params[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	struct np_db_result *r = NULL;
	NP_TRY(np_db_query(s->db, &r, stmt, params, 2));
	np_jw_key(w, key);
	if (r->rows)
		text(w, s, a, r, 0);
	else
		np_jw_null(w);
	np_db_result_free(r);
	return 0;
}

/* The latest of each record the badges speak of, the adverse events still open, and the outcome
 * reviews of the finished courses (read from every plan's progress and every outcome: a few,
 * however long the client's history). */
static int now(struct np_jw *w, struct np_store *s, const struct np_actor *a, int64_t client)
{
	np_jw_key(w, "latest");
	np_jw_object(w);
	NP_TRY(one(w, s, a, client, "intake", NP_SQL_INTAKE_LATEST, intake_text));
	NP_TRY(one(w, s, a, client, "screening", NP_SQL_SCREENING_LATEST, screening_text));
	NP_TRY(one(w, s, a, client, "consent", NP_SQL_CONSENT_LATEST, consent_text));
	NP_TRY(one(w, s, a, client, "plan", NP_SQL_PLAN_LATEST, plan_text));
	np_jw_end(w);
	json_t *open = NULL, *plans = NULL, *outcomes = NULL;
	struct np_db_value params[] = {NP_DB_I(client), NP_DB_I(a->clinic_id), NP_DB_NONE};
	int rc = rows(&open, s, a, NP_SQL_AE_OPEN, np_ae_record, params, 2);
	if (rc == 0)
		rc = rows(&plans, s, a, NP_SQL_PLAN_PROGRESS_LIST, progress_row, params, 2);
	if (rc == 0)
		rc = rows(&outcomes, s, a, NP_SQL_OUTCOME_LIST, outcome_row, params, 3);
	if (rc == 0) {
		np_jw_key(w, "open_adverse_events");
		tree_text(w, json_incref(open));
		np_jw_key(w, "reviews");
		tree_text(w, np_chart_reviews(s->pack, plans, outcomes, a->today));
	}
	json_decref(open);
	json_decref(plans);
	json_decref(outcomes);
	return rc;
}

/* What the chart looks ahead to: when each zone may next be needled (the engine's schedule on
 * the clinic's today, over the sessions as the gate reads them; null before any session) and the
 * appointments from today on (every one of them: GET .../appointments). */
static int upcoming(struct np_jw *w, struct np_store *s, const struct np_actor *a, int64_t client)
{
	struct np_history *h = NULL;
	NP_TRY(np_store_history(&h, s, a, client, a->today));
	struct np_schedule *sched = NULL;
	int rc = h->n_sessions ? np_schedule_next(&sched, s->pack, h, a->today) : 0;
	if (rc == 0) {
		np_jw_key(w, "next");
		if (sched)
			tree_text(w, np_schedule_to_json(sched));
		else
			np_jw_null(w);
	}
	np_schedule_free(sched);
	np_history_free(h);
	NP_TRY(rc);
	struct np_db_result *r = NULL;
	char today[NP_DATE_LEN];
	np_date_format(a->today, today);
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id), NP_DB_T(today)};
	NP_TRY(np_db_query(s->db, &r, NP_SQL_APPT_CLIENT_AHEAD, p, 3));
	np_jw_key(w, "appointments");
	np_jw_array(w);
	for (size_t i = 0; i < r->rows; i++) {
		np_jw_object(w);
		np_row_jw(w, r, i, np_appointment_cols);
		np_jw_end(w);
	}
	np_jw_end(w);
	np_db_result_free(r);
	return 0;
}

struct history_ctx {
	int64_t client;
	const struct np_page *page;
	char *text; /* the answer */
};

static int history(struct np_store *s, const struct np_actor *a, void *ctx, json_t **unused)
{
	struct history_ctx *c = ctx;
	(void)unused;
	/* the client read once: whether they are there, and who they are */
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_CLIENT_GET, c->client, a->clinic_id, "client"));
	int rc = np_store_erased(r, c->client);
	struct np_jw w = NP_JW_INIT;
	np_jw_object(&w);
	np_jw_key(&w, "client");
	np_jw_object(&w);
	np_row_jw(&w, r, 0, np_client_cols);
	np_jw_end(&w);
	np_db_result_free(r);
	if (rc == 0)
		rc = now(&w, s, a, c->client);
	if (rc == 0)
		rc = timeline(&w, s, a, c->client, c->page);
	if (rc == 0)
		rc = upcoming(&w, s, a, c->client);
	np_jw_end(&w);
	if (rc == 0 && (c->text = np_jw_detach(&w)) == NULL)
		rc = np_store_nomem();
	np_buf_release(&w.buf);
	return rc ? rc : np_audit_append(s, a, "read", "chart", c->client, c->client);
}

int np_history_text(char **out, struct np_store *s, const struct np_actor *a, int64_t client,
                    const struct np_page *page)
{
	struct history_ctx ctx = {client, page, NULL};
	json_t *none = NULL;
	*out = NULL;
	int rc =
	    np_store_read(s, a, NP_ROLES_CLINICAL, "read health records", history, &ctx, &none);
	json_decref(none);
	if (rc != 0) {
		free(ctx.text);
		return rc;
	}
	*out = ctx.text;
	return 0;
}

int np_history(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
               const struct np_page *page)
{
	char *text = NULL;
	*out = NULL;
	NP_TRY(np_history_text(&text, s, a, client, page));
	*out = json_loads(text, 0, NULL);
	free(text);
	return *out ? 0 : np_store_nomem();
}
