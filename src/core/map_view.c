/* What the facial map shows: a plan's zones, or the zones a request names (a session's, or the
 * screen's before anything is planned), made into the view np_map_draw draws. */
#include "needlepoint/map.h"

#include "buf.h"
#include "jv.h"
#include "try.h"
#include "needlepoint/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int zone_index(const struct np_pack *pack, const struct np_zone *z)
{
	return (int)(z - pack->zones);
}

/* The heading of a plan's map: its indications, setting and device; its course. */
static void plan_lines(const struct np_plan *plan, struct np_buf *head, struct np_buf *sub)
{
	for (size_t i = 0; i < plan->n_indications; i++) {
		np_buf_append(head, i ? ", " : "");
		np_buf_append(head, plan->indications[i]->name);
	}
	np_buf_printf(head, " · %s · %s", plan->setting->name, np_device_name(plan->device));
	if (plan->sessions > 0) {
		char first[NP_DATE_LEN];
		np_date_format(plan->dates[0], first);
		np_buf_printf(sub, "%d sessions, every %d days from %s", plan->sessions,
		              plan->interval_days, first);
	}
}

int np_map_svg(char **out, const struct np_plan *plan)
{
	*out = NULL;
	const struct np_pack *pack = plan->pack;
	struct np_map_zone *zones = calloc(pack->n_zones ? pack->n_zones : 1, sizeof *zones);
	char(*details)[96] = calloc(plan->n_zones ? plan->n_zones : 1, sizeof *details);
	struct np_buf head = NP_BUF_INIT, sub = NP_BUF_INIT, title = NP_BUF_INIT;
	int rc = NP_ENOMEM;
	if (zones == NULL || details == NULL)
		goto done;
	for (size_t i = 0; i < plan->n_zones; i++) {
		const struct np_plan_zone *pz = &plan->zones[i];
		struct np_map_zone *mz = &zones[zone_index(pack, pz->zone)];
		snprintf(details[i], sizeof details[i], "%d passes, %s", pz->passes,
		         pz->indication->name);
		mz->mark = NP_MAP_PLANNED;
		mz->depth_mm = pz->depth_mm;
		mz->detail = details[i];
	}
	for (size_t i = 0; i < plan->n_excluded; i++)
		zones[zone_index(pack, plan->excluded[i].zone)].mark = NP_MAP_EXCLUDED;
	plan_lines(plan, &head, &sub);
	np_buf_append(&title, "needlepoint facial map: ");
	np_buf_append(&title, head.data ? head.data : "");
	struct np_map_view view = {.pack = pack,
	                           .zones = zones,
	                           .title = title.data,
	                           .heading = head.data,
	                           .subline = sub.data};
	if (!head.failed && !sub.failed && !title.failed)
		rc = np_map_draw(out, &view);
done:
	free(zones);
	free(details);
	np_buf_release(&head);
	np_buf_release(&sub);
	np_buf_release(&title);
	return rc == NP_ENOMEM ? np_error_set(NP_ENOMEM, "out of memory drawing the map") : rc;
}

static int zone_named(struct np_jv *jv, const struct np_pack *pack, const json_t *value, int *index)
{
	const char *id;
	NP_TRY(np_jv_string_value(jv, value, &id));
	const struct np_zone *z = np_pack_zone(pack, id);
	if (z == NULL)
		return np_jv_fail(jv, "unknown zone '%s': expected a zone of the protocol", id);
	*index = zone_index(pack, z);
	return 0;
}

static int read_view(struct np_jv *jv, const struct np_pack *pack, const json_t *root,
                     struct np_map_zone *zones, const char **title)
{
	static const char *const keys[] = {"title", "?zones", "?excluded", NULL};
	static const char *const zone_keys[] = {"zone", "depth_mm", NULL};
	NP_TRY(np_jv_object(jv, root, keys));
	NP_TRY(np_jv_string(jv, root, "title", title));
	if (*title == NULL) {
		np_jv_key(jv, "title");
		return np_jv_fail(jv, "missing: expected what the map shows, as text");
	}
	json_t *list = NULL;
	NP_TRY(np_jv_array(jv, root, "zones", &list));
	size_t mark = np_jv_key(jv, "zones");
	for (size_t i = 0; list && i < json_array_size(list); i++) {
		size_t m = np_jv_index(jv, i);
		const json_t *o = json_array_get(list, i);
		int at;
		double mm = 0;
		NP_TRY(np_jv_object(jv, o, zone_keys));
		np_jv_key(jv, "zone");
		NP_TRY(zone_named(jv, pack, json_object_get(o, "zone"), &at));
		np_jv_pop(jv, m);
		m = np_jv_index(jv, i);
		NP_TRY(np_jv_number(jv, o, "depth_mm", &mm, 0.01, 10));
		zones[at].mark = NP_MAP_PLANNED;
		zones[at].depth_mm = mm;
		np_jv_pop(jv, m);
	}
	np_jv_pop(jv, mark);
	list = NULL; /* an absent list leaves it as it was */
	NP_TRY(np_jv_array(jv, root, "excluded", &list));
	mark = np_jv_key(jv, "excluded");
	for (size_t i = 0; list && i < json_array_size(list); i++) {
		size_t m = np_jv_index(jv, i);
		int at;
		NP_TRY(zone_named(jv, pack, json_array_get(list, i), &at));
		zones[at].mark = NP_MAP_EXCLUDED;
		np_jv_pop(jv, m);
	}
	np_jv_pop(jv, mark);
	return 0;
}

int np_map_svg_from_json(char **out, const struct np_pack *pack, const json_t *json)
{
	*out = NULL;
	struct np_map_zone *zones = calloc(pack->n_zones ? pack->n_zones : 1, sizeof *zones);
	if (zones == NULL)
		return np_error_set(NP_ENOMEM, "out of memory drawing the map");
	struct np_jv jv;
	const char *title = NULL;
	np_jv_init(&jv, NP_EINVAL, NULL);
	int rc = read_view(&jv, pack, json, zones, &title);
	if (rc == 0) {
		struct np_map_view view = {.pack = pack, .zones = zones, .title = title};
		rc = np_map_draw(out, &view);
	}
	free(zones);
	return rc;
}
