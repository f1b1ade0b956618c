/* Drawing a plan on the pack's zone outlines as SVG. Colours and layout are presentation, not
 * clinical data: the depths and outlines come from the plan and the pack. */
#include "needlepoint/map.h"

#include "buf.h"
#include "needlepoint/error.h"

#include <stdio.h>
#include <stdlib.h>

#define MAP_WIDTH  760
#define MAP_HEIGHT 690

/* Depth colour stops: pale at the shallowest depths, deep red from 2 mm. */
static const struct {
	double mm;
	int r, g, b;
} stops[] = {{0.25, 255, 243, 196}, {1.0, 244, 165, 130}, {2.0, 178, 24, 43}};

static void depth_colour(double mm, char out[8])
{
	const size_t n = sizeof stops / sizeof stops[0];
	int r = stops[n - 1].r, g = stops[n - 1].g, b = stops[n - 1].b;
	if (mm <= stops[0].mm) {
		r = stops[0].r, g = stops[0].g, b = stops[0].b;
	} else {
		for (size_t i = 1; i < n; i++)
			if (mm <= stops[i].mm) {
				double t = (mm - stops[i - 1].mm) / (stops[i].mm - stops[i - 1].mm);
				r = (int)(stops[i - 1].r + t * (stops[i].r - stops[i - 1].r) + 0.5);
				g = (int)(stops[i - 1].g + t * (stops[i].g - stops[i - 1].g) + 0.5);
				b = (int)(stops[i - 1].b + t * (stops[i].b - stops[i - 1].b) + 0.5);
				break;
			}
	}
	snprintf(out, 8, "#%02x%02x%02x", r, g, b);
}

static const struct np_plan_zone *planned(const struct np_plan *plan, const struct np_zone *z)
{
	for (size_t i = 0; i < plan->n_zones; i++)
		if (plan->zones[i].zone == z)
			return &plan->zones[i];
	return NULL;
}

static const struct np_plan_excluded *excluded(const struct np_plan *plan, const struct np_zone *z)
{
	for (size_t i = 0; i < plan->n_excluded; i++)
		if (plan->excluded[i].zone == z)
			return &plan->excluded[i];
	return NULL;
}

static void indications(struct np_buf *b, const struct np_plan *plan)
{
	for (size_t i = 0; i < plan->n_indications; i++) {
		np_buf_append(b, i ? ", " : "");
		np_buf_append_xml(b, plan->indications[i]->name);
	}
}

static void header(struct np_buf *b, const struct np_plan *plan)
{
	char first[NP_DATE_LEN] = "";
	if (plan->sessions > 0)
		np_date_format(plan->dates[0], first);
	np_buf_printf(
	    b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\" font-family=\"DejaVu Sans, Arial, sans-serif\" role=\"img\" "
	    "aria-labelledby=\"map-title\">\n",
	    MAP_WIDTH, MAP_HEIGHT, MAP_WIDTH, MAP_HEIGHT);
	np_buf_append(b, "<title id=\"map-title\">needlepoint facial map: ");
	indications(b, plan);
	np_buf_printf(b, ", %s, %s</title>\n", plan->setting->id, np_device_name(plan->device));
	np_buf_append(b, "<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" "
	                 "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	                 "<rect width=\"8\" height=\"8\" fill=\"#f4f4f4\"/>"
	                 "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#7a7a7a\" "
	                 "stroke-width=\"3\"/></pattern></defs>\n");
	np_buf_printf(b, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", MAP_WIDTH,
	              MAP_HEIGHT);
	np_buf_append(b, "<text x=\"20\" y=\"28\" font-size=\"17\" font-weight=\"bold\">");
	indications(b, plan);
	np_buf_printf(b, " · %s · %s</text>\n", plan->setting->name, np_device_name(plan->device));
	if (plan->sessions > 0)
		np_buf_printf(b,
		              "<text x=\"20\" y=\"48\" font-size=\"13\">%d sessions, every %d days "
		              "from %s · labels: order · depth in mm</text>\n",
		              plan->sessions, plan->interval_days, first);
}

/* Figures drawn under the zones so the zones read as parts of a face and a body. */
static void figures(struct np_buf *b)
{
	np_buf_append(b, "<g fill=\"#fbf1e6\" stroke=\"#9a8b7c\" stroke-width=\"1.5\">\n"
	                 "<ellipse cx=\"200\" cy=\"250\" rx=\"135\" ry=\"185\"/>\n"
	                 "<circle cx=\"520\" cy=\"200\" r=\"17\"/><rect x=\"484\" y=\"250\" "
	                 "width=\"72\" height=\"145\" rx=\"10\"/>\n"
	                 "<circle cx=\"660\" cy=\"200\" r=\"17\"/><rect x=\"622\" y=\"250\" "
	                 "width=\"76\" height=\"165\" rx=\"10\"/>\n</g>\n"
	                 "<path d=\"M 174 348 Q 200 358 226 348\" fill=\"none\" stroke=\"#9a8b7c\" "
	                 "stroke-width=\"2\"/>\n"
	                 "<g font-size=\"12\" fill=\"#555\" text-anchor=\"middle\">"
	                 "<text x=\"200\" y=\"612\">face, neck and scalp</text>"
	                 "<text x=\"520\" y=\"560\">body, front</text>"
	                 "<text x=\"660\" y=\"560\">body, back</text></g>\n");
}

static void zone(struct np_buf *b, const struct np_plan *plan, const struct np_zone *z)
{
	const struct np_plan_zone *pz = planned(plan, z);
	const struct np_plan_excluded *ex = pz ? NULL : excluded(plan, z);
	char fill[8] = "#ececec";
	if (pz)
		depth_colour(pz->depth_mm, fill);
	np_buf_printf(b, "<g id=\"zone-%s\" class=\"zone %s\">", z->id,
	              pz   ? "planned"
	              : ex ? "excluded"
	                   : "idle");
	np_buf_append(b, "<path d=\"");
	np_buf_append_xml(b, z->outline);
	np_buf_printf(b, "\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.2\">",
	              ex ? "url(#hatch)" : fill, pz || ex ? "#333333" : "#b5b5b5");
	np_buf_append(b, "<title>");
	np_buf_append_xml(b, z->name);
	if (pz) {
		np_buf_printf(b, ": %g mm, %d passes, ", pz->depth_mm, pz->passes);
		np_buf_append_xml(b, pz->indication->name);
	} else if (ex) {
		np_buf_append(b, ": excluded");
	}
	np_buf_append(b, "</title></path>");
	if (pz || ex) {
		const char *ink = pz && pz->depth_mm >= 1.5 ? "#ffffff" : "#111111";
		np_buf_printf(b,
		              "<text x=\"%g\" y=\"%g\" font-size=\"11\" text-anchor=\"middle\" "
		              "dominant-baseline=\"middle\" fill=\"%s\" font-weight=\"bold\">",
		              z->label[0], z->label[1], ink);
		if (pz)
			np_buf_printf(b, "%d · %g</text>", z->order, pz->depth_mm);
		else
			np_buf_append(b, "✕</text>");
	}
	np_buf_append(b, "</g>\n");
}

static void legend(struct np_buf *b, const struct np_plan *plan)
{
	static const double shown[] = {0.25, 0.5, 1.0, 1.5, 2.0};
	const int y = 632;
	np_buf_printf(
	    b, "<g font-size=\"12\"><text x=\"20\" y=\"%d\" font-weight=\"bold\">depth</text>\n",
	    y + 13);
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		char fill[8];
		depth_colour(shown[i], fill);
		int x = 70 + (int)i * 78;
		np_buf_printf(b,
		              "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"18\" fill=\"%s\" "
		              "stroke=\"#333\"/><text x=\"%d\" y=\"%d\">%g mm</text>\n",
		              x, y, fill, x + 23, y + 13, shown[i]);
	}
	np_buf_printf(b,
	              "<rect x=\"470\" y=\"%d\" width=\"18\" height=\"18\" fill=\"url(#hatch)\" "
	              "stroke=\"#333\"/><text x=\"493\" y=\"%d\">excluded ✕</text>\n"
	              "<rect x=\"590\" y=\"%d\" width=\"18\" height=\"18\" fill=\"#ececec\" "
	              "stroke=\"#b5b5b5\"/><text x=\"613\" y=\"%d\">not planned</text>\n",
	              y, y + 13, y, y + 13);
	np_buf_printf(b, "<text x=\"20\" y=\"%d\" fill=\"#444\">", y + 42);
	np_buf_append_xml(b, plan->pack->mapping_finish);
	np_buf_printf(b, " · protocol %s %s</text></g>\n", plan->pack->name, plan->pack->version);
}

int np_map_svg(char **out, const struct np_plan *plan)
{
	struct np_buf b = NP_BUF_INIT;
	header(&b, plan);
	figures(&b);
	for (size_t i = 0; i < plan->pack->n_zones; i++)
		zone(&b, plan, &plan->pack->zones[i]);
	legend(&b, plan);
	np_buf_append(&b, "</svg>\n");
	*out = np_buf_detach(&b);
	if (*out == NULL)
		return np_error_set(NP_ENOMEM, "out of memory drawing the map");
	return 0;
}
