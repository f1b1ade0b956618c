/* Aftercare: the pack's timeline, activity ladders and SPF window laid out on calendar days. */
#include "needlepoint/aftercare.h"

#include "arena.h"
#include "json_out.h"
#include "needlepoint/error.h"

#include <math.h>
#include <stdlib.h>

static int nomem(void)
{
	return np_error_set(NP_ENOMEM, "out of memory building the aftercare timeline");
}

static bool applies(const struct np_timeline_entry *e, int device)
{
	const unsigned all = (1u << NP_DEVICE_COUNT) - 1;
	return device < 0 ? e->devices == all : (e->devices & (1u << device)) != 0;
}

/* The day's entry, created in day order. */
static struct np_aftercare_day *day_of(struct np_aftercare_sheet *s, int day)
{
	size_t i = 0;
	while (i < s->n_days && s->days[i].day < day)
		i++;
	if (i < s->n_days && s->days[i].day == day)
		return &s->days[i];
	for (size_t j = s->n_days; j > i; j--)
		s->days[j] = s->days[j - 1];
	s->n_days++;
	s->days[i] = (struct np_aftercare_day){.day = day, .date = s->date + day};
	return &s->days[i];
}

/* Each day's lists hold at most every item the pack has; sized once, filled in place. */
static int add(struct np_arena *arena, const char ***items, size_t *n, size_t cap, const char *text)
{
	if (*items == NULL && (*items = np_arena_array(arena, cap, sizeof **items)) == NULL)
		return nomem();
	(*items)[(*n)++] = text;
	return 0;
}

static int add_on(struct np_aftercare_sheet *s, struct np_arena *arena, int day, bool avoid,
                  size_t cap, const char *text)
{
	struct np_aftercare_day *d = day_of(s, day);
	if (avoid)
		return add(arena, &d->avoid_items, &d->n_avoid, cap, text);
	return add(arena, &d->do_items, &d->n_do, cap, text);
}

static int build(struct np_aftercare_sheet *s, struct np_arena *arena)
{
	const struct np_aftercare *a = &s->pack->aftercare;
	size_t cap = 2 + a->n_activities;
	for (size_t i = 0; i < a->n_timeline; i++)
		cap += a->timeline[i].n_do + a->timeline[i].n_avoid;
	size_t max_days = 3 + a->n_timeline + a->n_activities;
	s->days = np_arena_array(arena, max_days, sizeof *s->days);
	s->allowed = np_arena_array(arena, a->n_activities, sizeof *s->allowed);
	if (s->days == NULL || s->allowed == NULL)
		return nomem();
	for (size_t i = 0; i < a->n_redness && s->redness == NULL; i++)
		if (s->depth_mm <= a->redness[i].up_to_mm + 1e-9)
			s->redness = &a->redness[i];
	int rc = 0;
	for (size_t i = 0; i < a->n_timeline && rc == 0; i++) {
		const struct np_timeline_entry *e = &a->timeline[i];
		if (!applies(e, s->device))
			continue;
		for (size_t k = 0; k < e->n_do && rc == 0; k++)
			rc = add_on(s, arena, e->day, false, cap, e->do_items[k]);
		for (size_t k = 0; k < e->n_avoid && rc == 0; k++)
			rc = add_on(s, arena, e->day, true, cap, e->avoid_items[k]);
	}
	s->spf_until = s->date + a->spf_until_day;
	if (rc == 0)
		rc = add_on(s, arena, a->spf_from_day, false, cap, a->spf_text);
	if (rc == 0)
		rc = add_on(s, arena, a->spf_until_day, false, cap, a->spf_end_text);
	for (size_t i = 0; i < a->n_activities && rc == 0; i++) {
		const struct np_activity *act = &a->activities[i];
		size_t k = 0;
		while (k + 1 < act->n_ladder && s->depth_mm > act->ladder[k].up_to_mm + 1e-9)
			k++;
		struct np_allowed *al = &s->allowed[s->n_allowed++];
		al->activity = act;
		al->day = act->ladder[k].day;
		al->date = s->date + al->day;
		rc = add_on(s, arena, 0, true, cap, act->avoid);
		if (rc == 0)
			rc = add_on(s, arena, al->day, false, cap, act->resume);
	}
	return rc;
}

int np_aftercare_build(struct np_aftercare_sheet **out, const struct np_pack *pack, np_day date,
                       double depth_mm, int device)
{
	*out = NULL;
	const struct np_aftercare *a = &pack->aftercare;
	double deepest = a->redness[a->n_redness - 1].up_to_mm;
	if (!isfinite(depth_mm) || depth_mm <= 0 || depth_mm > deepest + 1e-9)
		return np_error_set(NP_EINVAL,
		                    "--depth: %g mm is out of range: expected more than 0 "
		                    "and at most %g mm",
		                    depth_mm, deepest);
	struct np_arena *arena;
	struct np_aftercare_sheet *s = np_arena_new_object(&arena, sizeof *s);
	if (s == NULL)
		return nomem();
	s->internal = arena;
	s->pack = pack;
	s->date = date;
	s->depth_mm = depth_mm;
	s->device = device;
	int rc = build(s, arena);
	if (rc != 0) {
		np_aftercare_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void np_aftercare_free(struct np_aftercare_sheet *sheet)
{
	if (sheet != NULL)
		np_arena_free(sheet->internal);
}

static json_t *strings(const char *const *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		json_array_append_new(arr, json_string(items[i]));
	return arr;
}

/* A sign for one kind of device (a burn after RF) is said for that device; with no device
 * named, only the signs of every device, as the timeline does. */
static bool sign_applies(const struct np_warning_sign *w, int device)
{
	const unsigned all = (1u << NP_DEVICE_COUNT) - 1;
	return device < 0 ? w->devices == all : (w->devices & (1u << device)) != 0;
}

json_t *np_aftercare_to_json(const struct np_aftercare_sheet *s)
{
	const struct np_aftercare *a = &s->pack->aftercare;
	json_t *allowed = json_object(), *timeline = json_array(), *signs = json_array();
	json_t *sources = json_array();
	for (size_t i = 0; allowed && i < s->n_allowed; i++)
		json_object_set_new(allowed, s->allowed[i].activity->id,
		                    np_json_date(s->allowed[i].date));
	for (size_t i = 0; timeline && i < s->n_days; i++) {
		const struct np_aftercare_day *d = &s->days[i];
		json_array_append_new(timeline, json_pack("{s:i, s:o, s:o, s:o}", "day", d->day,
		                                          "date", np_json_date(d->date), "do",
		                                          strings(d->do_items, d->n_do), "avoid",
		                                          strings(d->avoid_items, d->n_avoid)));
	}
	for (size_t i = 0; signs && i < a->n_warning_signs; i++)
		if (sign_applies(&a->warning_signs[i], s->device))
			json_array_append_new(signs, json_string(a->warning_signs[i].text));
	if (sources) {
		np_json_add_sources(sources, &s->redness->sources);
		for (size_t i = 0; i < s->n_allowed; i++)
			np_json_add_sources(sources, &s->allowed[i].activity->sources);
		np_json_add_sources(sources, &a->spf_sources);
		for (size_t i = 0; i < a->n_timeline; i++)
			if (applies(&a->timeline[i], s->device))
				np_json_add_sources(sources, &a->timeline[i].sources);
		for (size_t i = 0; i < a->n_warning_signs; i++)
			if (sign_applies(&a->warning_signs[i], s->device))
				np_json_add_sources(sources, &a->warning_signs[i].sources);
	}
	return json_pack(
	    "{s:o, s:o, s:s?, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "date", np_json_date(s->date),
	    "depth_mm", np_json_mm(s->depth_mm), "device",
	    s->device < 0 ? NULL : np_device_name((enum np_device)s->device), "redness_days",
	    np_json_int_range(s->redness->days[0], s->redness->days[1]), "allowed_from", allowed,
	    "spf_until", np_json_date(s->spf_until), "timeline", timeline, "warning_signs", signs,
	    "sources", sources, "protocol", np_json_protocol(s->pack));
}
