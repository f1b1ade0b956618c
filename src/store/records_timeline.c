/* A client's chart: what its badges read (the latest of each record, the open adverse events, the
 * reviews due, the next dates, the bookings) and its timeline a page at a time, newest first.
 * Every part is read from the end of an index by (client, clinic, day, id) and no further, so a
 * chart of a client with 1,000 sessions opens as fast as one with 10 (tests/store/timeline.c). */
#include "store_internal.h"

#include "needlepoint/error.h"
#include "needlepoint/schedule.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef json_t *(*row_fn)(struct np_store *s, const struct np_actor *a,
                          const struct np_db_result *r, size_t row);

static json_t *screening_row(struct np_store *s, const struct np_actor *a,
                             const struct np_db_result *r, size_t row)
{
	(void)s, (void)a;
	return np_screening_record(r, row);
}

static json_t *plan_row(struct np_store *s, const struct np_actor *a, const struct np_db_result *r,
                        size_t row)
{
	(void)s, (void)a;
	return np_plan_record(r, row);
}

static json_t *session_row(struct np_store *s, const struct np_actor *a,
                           const struct np_db_result *r, size_t row)
{
	(void)s, (void)a;
	return np_session_record(r, row);
}

static json_t *intake_row(struct np_store *s, const struct np_actor *a,
                          const struct np_db_result *r, size_t row)
{
	(void)s, (void)a;
	return np_row_json(r, row, np_intake_cols);
}

static json_t *consent_row(struct np_store *s, const struct np_actor *a,
                           const struct np_db_result *r, size_t row)
{
	json_t *o = np_row_json(r, row, np_consent_cols);
	if (o) /* whether it holds today: the chart says, the browser does not work it out */
		np_consent_status(o, a->today);
	(void)s;
	return o;
}

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

/* The parts of a chart, in the order of TIMELINE_PAGE's parts (sql.c): the kind of each record,
 * its statements (every one of the client; those of a page by their ids, as a page shows them:
 * a session without its aftercare), and how to read a row. */
static const struct part {
	const char *kind;
	const char *plural;
	enum np_sql list, entries;
	row_fn row;
} parts[] = {
    {"intake", "intakes", NP_SQL_INTAKE_LIST, NP_SQL_INTAKE_ENTRIES, intake_row},
    {"screening", "screenings", NP_SQL_SCREENING_LIST, NP_SQL_SCREENING_ENTRIES, screening_row},
    {"consent", "consents", NP_SQL_CONSENT_LIST, NP_SQL_CONSENT_ENTRIES, consent_row},
    {"plan", "plans", NP_SQL_PLAN_LIST, NP_SQL_PLAN_ENTRIES, plan_row},
    {"session", "sessions", NP_SQL_SESSION_LIST, NP_SQL_SESSION_ENTRIES, session_row},
    {"adverse_event", "adverse_events", NP_SQL_AE_LIST, NP_SQL_AE_ENTRIES, np_ae_record},
    {"outcome", "outcomes", NP_SQL_OUTCOME_LIST, NP_SQL_OUTCOME_ENTRIES, outcome_row},
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

int np_chart_gather(struct np_store *s, const struct np_actor *a, int64_t client, json_t *into)
{
	for (size_t p = 0; p < N_PARTS; p++) {
		/* the outcome list also takes a scale: none, for all of them */
		struct np_db_value params[] = {NP_DB_I(client), NP_DB_I(a->clinic_id), NP_DB_NONE};
		json_t *arr = NULL;
		NP_TRY(rows(&arr, s, a, parts[p].list, parts[p].row, params,
		            parts[p].list == NP_SQL_OUTCOME_LIST ? 3 : 2));
		if (json_object_set_new(into, parts[p].plural, arr) != 0)
			return np_store_nomem();
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
	json_t *record;
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
		e->record = NULL;
		if (part < 0 || part >= N_PARTS) /* sql.c and parts[] disagree */
			rc = np_error_set(NP_EIO, "timeline: part %lld is not a kind of the chart",
			                  (long long)part);
	}
	np_db_result_free(r);
	return rc;
}

/* The records of the entries a page shows, read by their ids: one statement for each kind. */
static int entry_records(struct np_store *s, const struct np_actor *a, struct entry *e, size_t n)
{
	char *ids = malloc(n * 21 + 1); /* "12,15,20": at most 20 digits and a comma each */
	if (ids == NULL)
		return np_store_nomem();
	for (size_t p = 0; p < N_PARTS; p++) {
		size_t len = 0;
		for (size_t i = 0; i < n; i++)
			if (e[i].part == p)
				len += (size_t)snprintf(ids + len, n * 21 + 1 - len, "%s%lld",
				                        len ? "," : "", (long long)e[i].id);
		if (len == 0)
			continue;
		struct np_db_value params[] = {NP_DB_T(ids), NP_DB_I(a->clinic_id)};
		struct np_db_result *r = NULL;
		int rc = np_db_query(s->db, &r, parts[p].entries, params, 2);
		if (rc != 0) {
			free(ids);
			return rc;
		}
		for (size_t row = 0; row < r->rows; row++) {
			int64_t id = np_db_int(r, row, 0);
			for (size_t i = 0; i < n; i++)
				if (e[i].part == p && e[i].id == id && e[i].record == NULL)
					e[i].record = parts[p].row(s, a, r, row);
		}
		np_db_result_free(r);
	}
	free(ids);
	for (size_t i = 0; i < n; i++)
		if (e[i].record == NULL) /* read moments ago in the same transaction */
			return np_store_nomem();
	return 0;
}

/* A page of the timeline, oldest first as a chart reads down, and where the next older page
 * starts (null: nothing older). */
static int timeline(struct np_store *s, const struct np_actor *a, int64_t client,
                    const struct np_page *page, json_t **list, json_t **more)
{
	struct cursor c = {.day = "9999-12-31", .after = "9999-12-32", .part = N_PARTS, .id = 0};
	if (page && page->before)
		NP_TRY(cursor_read(&c, page->before));
	size_t limit = page ? page->limit : 0;
	struct entry *e = NULL;
	size_t n = 0;
	int rc = page_entries(s, a, client, &c, page ? page->kinds : 0,
	                      limit ? (int64_t)limit + 1 : INT64_MAX, &e, &n);
	if (n > 1)
		qsort(e, n, sizeof *e, newest_first);
	size_t shown = limit && n > limit ? limit : n;
	*list = rc == 0 ? json_array() : NULL;
	*more = json_null();
	if (rc == 0)
		rc = entry_records(s, a, e, shown);
	for (size_t i = shown; rc == 0 && i-- > 0;) {
		if (json_array_append_new(*list, json_pack("{s:s, s:s, s:O}", "date", e[i].day,
		                                           "kind", parts[e[i].part].kind, "record",
		                                           e[i].record)) != 0)
			rc = np_store_nomem();
	}
	if (rc == 0 && shown < n) {
		const struct entry *last = &e[shown - 1];
		*more = json_sprintf("%s.%s.%lld", last->day, parts[last->part].kind,
		                     (long long)last->id);
	}
	for (size_t i = 0; i < n; i++)
		json_decref(e[i].record);
	free(e);
	if (rc == 0 && (*list == NULL || *more == NULL))
		rc = np_store_nomem();
	if (rc != 0) {
		json_decref(*list);
		json_decref(*more);
		*list = *more = NULL;
	}
	return rc;
}

/* ---- what the badges read ---- */

/* The one row a statement of the client finds, or null. */
static int one(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
               enum np_sql stmt, row_fn row)
{
	struct np_db_value params[] = {NP_DB_I(client), NP_DB_I(a->clinic_id)};
	json_t *arr = NULL;
	NP_TRY(rows(&arr, s, a, stmt, row, params, 2));
	*out = json_array_size(arr) ? json_incref(json_array_get(arr, 0)) : json_null();
	json_decref(arr);
	return 0;
}

/* The latest of each record the badges speak of, the adverse events still open, and the outcome
 * reviews of the finished courses (read from every plan's progress and every outcome: a few,
 * however long the client's history). */
static int now(json_t **latest, json_t **open, json_t **reviews, struct np_store *s,
               const struct np_actor *a, int64_t client)
{
	json_t *intake = NULL, *screening = NULL, *consent = NULL, *plan = NULL, *plans = NULL,
	       *outcomes = NULL;
	struct np_db_value params[] = {NP_DB_I(client), NP_DB_I(a->clinic_id), NP_DB_NONE};
	int rc = one(&intake, s, a, client, NP_SQL_INTAKE_LATEST, intake_row);
	if (rc == 0)
		rc = one(&screening, s, a, client, NP_SQL_SCREENING_LATEST, screening_row);
	if (rc == 0)
		rc = one(&consent, s, a, client, NP_SQL_CONSENT_LATEST, consent_row);
	if (rc == 0)
		rc = one(&plan, s, a, client, NP_SQL_PLAN_LATEST, plan_row);
	if (rc == 0)
		rc = rows(open, s, a, NP_SQL_AE_OPEN, np_ae_record, params, 2);
	if (rc == 0)
		rc = rows(&plans, s, a, NP_SQL_PLAN_PROGRESS_LIST, progress_row, params, 2);
	if (rc == 0)
		rc = rows(&outcomes, s, a, NP_SQL_OUTCOME_LIST, outcome_row, params, 3);
	*reviews = rc == 0 ? np_chart_reviews(s->pack, plans, outcomes, a->today) : NULL;
	*latest = rc == 0 ? json_pack("{s:o, s:o, s:o, s:o}", "intake", intake, "screening",
	                              screening, "consent", consent, "plan", plan)
	                  : NULL;
	if (rc != 0) {
		json_decref(intake);
		json_decref(screening);
		json_decref(consent);
		json_decref(plan);
	}
	json_decref(plans);
	json_decref(outcomes);
	if (rc == 0 && (*latest == NULL || *reviews == NULL))
		rc = np_store_nomem();
	return rc;
}

/* What the chart looks ahead to: when each zone may next be needled (the engine's schedule on
 * the clinic's today, over the sessions as the gate reads them; null before any session) and the
 * appointments from today on (every one of them: GET .../appointments). */
static int upcoming(struct np_store *s, const struct np_actor *a, int64_t client, json_t **next,
                    json_t **booked)
{
	struct np_history *h = NULL;
	NP_TRY(np_store_history(&h, s, a, client, a->today));
	struct np_schedule *sched = NULL;
	int rc = h->n_sessions ? np_schedule_next(&sched, s->pack, h, a->today) : 0;
	*next = rc == 0 ? (sched ? np_schedule_to_json(sched) : json_null()) : NULL;
	np_schedule_free(sched);
	np_history_free(h);
	NP_TRY(rc);
	struct np_db_result *r = NULL;
	char today[NP_DATE_LEN];
	np_date_format(a->today, today);
	struct np_db_value p[] = {NP_DB_I(client), NP_DB_I(a->clinic_id), NP_DB_T(today)};
	rc = np_db_query(s->db, &r, NP_SQL_APPT_CLIENT_AHEAD, p, 3);
	*booked = rc == 0 ? np_rows_json(r, np_appointment_cols) : NULL;
	np_db_result_free(r);
	if (rc == 0 && (*next == NULL || *booked == NULL))
		rc = np_store_nomem();
	if (rc != 0) {
		json_decref(*next);
		json_decref(*booked);
	}
	return rc;
}

struct history_ctx {
	int64_t client;
	const struct np_page *page;
};

static int history(struct np_store *s, const struct np_actor *a, void *ctx, json_t **out)
{
	const struct history_ctx *c = ctx;
	json_t *client = NULL, *latest = NULL, *open = NULL, *reviews = NULL, *list = NULL,
	       *more = NULL, *next = NULL, *booked = NULL;
	/* the client read once: whether they are there, and who they are */
	struct np_db_result *r = NULL;
	NP_TRY(np_store_get(s, &r, NP_SQL_CLIENT_GET, c->client, a->clinic_id, "client"));
	int rc = np_store_erased(r, c->client);
	if (rc == 0 && (client = np_row_json(r, 0, np_client_cols)) == NULL)
		rc = np_store_nomem();
	np_db_result_free(r);
	if (rc == 0)
		rc = now(&latest, &open, &reviews, s, a, c->client);
	if (rc == 0)
		rc = timeline(s, a, c->client, c->page, &list, &more);
	if (rc == 0)
		rc = upcoming(s, a, c->client, &next, &booked);
	if (rc == 0)
		rc = np_store_answer(out,
		                     json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "client",
		                               client, "latest", latest, "open_adverse_events",
		                               open, "timeline", list, "more", more, "next", next,
		                               "appointments", booked, "reviews", reviews));
	else {
		json_decref(client);
		json_decref(latest);
		json_decref(open);
		json_decref(reviews);
		json_decref(list);
		json_decref(more);
	}
	return rc ? rc : np_audit_append(s, a, "read", "chart", c->client, c->client);
}

int np_history(json_t **out, struct np_store *s, const struct np_actor *a, int64_t client,
               const struct np_page *page)
{
	struct history_ctx ctx = {client, page};
	return np_store_read(s, a, NP_ROLES_CLINICAL, "read health records", history, &ctx, out);
}
