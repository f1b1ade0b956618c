/* The engine over HTTP: the same answers as `needlepoint screen|plan|map|next|dose|aftercare`,
 * from the pack the server loaded. Nothing here is kept; the records routes keep things. */
#include "handlers.h"

#include "needlepoint/aftercare.h"
#include "needlepoint/dose.h"
#include "needlepoint/error.h"
#include "needlepoint/map.h"
#include "needlepoint/plan.h"
#include "needlepoint/schedule.h"
#include "needlepoint/screen.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int np_h_screen(struct np_http_req *req, struct np_http_resp *resp)
{
	np_day on = req->today;
	if (np_http_query_day(req, resp, "on", &on) != 0)
		return 0;
	const struct np_pack *pack = req->ctx->pack;
	struct np_intake *intake = NULL;
	struct np_screening *screening = NULL;
	int rc = np_intake_from_json(&intake, pack, req->json);
	if (rc == 0)
		rc = np_screen_run(&screening, pack, intake, on);
	char *out = rc == 0 ? np_screening_json(screening) : NULL;
	np_screening_free(screening);
	np_intake_free(intake);
	return np_http_text_answer(resp, rc, out);
}

static int build_plan(struct np_http_req *req, struct np_plan **plan)
{
	struct np_plan_request *request = NULL;
	*plan = NULL;
	int rc = np_plan_request_from_json(&request, req->ctx->pack, req->json);
	if (rc == 0)
		rc = np_plan_build(plan, req->ctx->pack, request);
	np_plan_request_free(request);
	return rc;
}

int np_h_plan(struct np_http_req *req, struct np_http_resp *resp)
{
	struct np_plan *plan;
	int rc = build_plan(req, &plan);
	char *out = rc == 0 ? np_plan_json(plan) : NULL;
	np_plan_free(plan);
	return np_http_text_answer(resp, rc, out);
}

static int svg_answer(struct np_http_resp *resp, int rc, char *svg)
{
	if (rc != 0)
		return np_http_fail_last(resp, rc);
	resp->status = 200;
	resp->body = svg;
	resp->len = strlen(svg);
	resp->content_type = "image/svg+xml";
	return 0;
}

int np_h_map(struct np_http_req *req, struct np_http_resp *resp)
{
	struct np_plan *plan;
	char *svg = NULL;
	int rc = build_plan(req, &plan);
	if (rc == 0)
		rc = np_map_svg(&svg, plan);
	np_plan_free(plan);
	return svg_answer(resp, rc, svg);
}

int np_h_map_zones(struct np_http_req *req, struct np_http_resp *resp)
{
	char *svg = NULL;
	int rc = np_map_svg_from_json(&svg, req->ctx->pack, req->json);
	return svg_answer(resp, rc, svg);
}

int np_h_next(struct np_http_req *req, struct np_http_resp *resp)
{
	np_day on = req->today;
	if (np_http_query_day(req, resp, "on", &on) != 0)
		return 0;
	struct np_history *history = NULL;
	struct np_schedule *schedule = NULL;
	int rc = np_history_from_json(&history, req->ctx->pack, req->json);
	if (rc == 0)
		rc = np_schedule_next(&schedule, req->ctx->pack, history, on);
	json_t *out = rc == 0 ? np_schedule_to_json(schedule) : NULL;
	np_schedule_free(schedule);
	np_history_free(history);
	return np_http_answer(resp, rc, out, false);
}

static double number(const json_t *body, const char *key)
{
	return json_number_value(json_object_get(body, key));
}

/* Each device's formula needs its own fields, and refuses the other's. */
static int dose_fields(const json_t *body, bool roller, struct np_http_resp *resp)
{
	static const char *const roller_fields[] = {"drum_diameter", "drum_width", NULL};
	static const char *const pen_fields[] = {"frequency", "speed", "width", NULL};
	const char *const *need = roller ? roller_fields : pen_fields;
	const char *const *refuse = roller ? pen_fields : roller_fields;
	for (size_t i = 0; need[i]; i++)
		if (json_object_get(body, need[i]) == NULL)
			return np_http_error(resp, 400, "invalid", need[i],
			                     "%s: missing: a %s's dose needs it", need[i],
			                     roller ? "roller" : "pen") +
			       1;
	for (size_t i = 0; refuse[i]; i++)
		if (json_object_get(body, refuse[i]) != NULL)
			return np_http_error(resp, 400, "invalid", refuse[i],
			                     "%s: not a field of a %s's dose", refuse[i],
			                     roller ? "roller" : "pen") +
			       1;
	return 0;
}

int np_h_dose(struct np_http_req *req, struct np_http_resp *resp)
{
	const json_t *b = req->json;
	const char *device = json_string_value(json_object_get(b, "device"));
	bool roller = strcmp(device, "roller") == 0;
	if (!roller && strcmp(device, "pen") != 0)
		return np_http_error(resp, 400, "invalid", "device",
		                     "device: expected roller or pen");
	if (dose_fields(b, roller, resp) != 0)
		return 0;
	json_int_t needles = json_integer_value(json_object_get(b, "needles"));
	json_int_t passes = json_integer_value(json_object_get(b, "passes"));
	/* the engine checks the ranges; here only that the numbers fit its int */
	if (needles < INT_MIN || needles > INT_MAX || passes < INT_MIN || passes > INT_MAX)
		return np_http_error(resp, 400, "invalid",
		                     needles < INT_MIN || needles > INT_MAX ? "needles" : "passes",
		                     "%s: far out of range",
		                     needles < INT_MIN || needles > INT_MAX ? "needles" : "passes");
	if (json_object_get(b, "passes") && passes == 0)
		return np_http_error(resp, 400, "invalid", "passes", "passes: expected at least 1");
	struct np_dose dose;
	int rc =
	    roller ? np_dose_roller(&dose, req->ctx->pack, (int)needles, number(b, "drum_diameter"),
	                            number(b, "drum_width"), (int)passes)
	           : np_dose_pen(&dose, req->ctx->pack, (int)needles, number(b, "frequency"),
	                         number(b, "speed"), number(b, "width"), (int)passes);
	json_t *out = rc == 0 ? np_dose_to_json(&dose, req->ctx->pack) : NULL;
	return np_http_answer(resp, rc, out, false);
}

int np_h_aftercare(struct np_http_req *req, struct np_http_resp *resp)
{
	const json_t *b = req->json;
	np_day date;
	if (np_date_parse(&date, json_string_value(json_object_get(b, "date"))) != 0)
		return np_http_error(resp, 400, "invalid", "date", "date: %s", np_error_last());
	const char *device_text = json_string_value(json_object_get(b, "device"));
	int device = -1;
	if (device_text && (device = np_pack_device(device_text)) < 0)
		return np_http_error(resp, 400, "invalid", "device",
		                     "device: unknown device: expected pen, roller, stamp or rf");
	struct np_aftercare_sheet *sheet = NULL;
	int rc = np_aftercare_build(&sheet, req->ctx->pack, date, number(b, "depth"), device);
	json_t *out = rc == 0 ? np_aftercare_to_json(sheet) : NULL;
	np_aftercare_free(sheet);
	return np_http_answer(resp, rc, out, false);
}

int np_h_protocol(struct np_http_req *req, struct np_http_resp *resp)
{
	return np_http_answer(resp, 0, json_incref(req->ctx->pack_json), false);
}
