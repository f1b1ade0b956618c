/* Drawing the facial map as SVG. Colours, figures and layout are presentation, not clinical data:
 * the outlines and label points come from the pack, the depths from the caller's view.
 *
 * The frame is 760 wide: the face, neck and decolletage on the left (x 0-400), the body from the
 * front and from the back on the right. It is drawn so that on a tablet held upright (a 768 px wide
 * screen) every zone is at least 44 px each way, a finger's reach (WCAG 2.2 target size). */
#include "needlepoint/map.h"

#include "buf.h"
#include "needlepoint/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_WIDTH     760
#define FIGURE_HEIGHT 930
#define HEADING       62
#define LEGEND        84

/* Depth colour stops: pale at the shallowest depths, deep red from 2 mm. */
static const struct {
	double mm;
	int r, g, b;
} stops[] = {{0.25, 255, 243, 196}, {1.0, 244, 165, 130}, {2.0, 178, 24, 43}};

/* Labels on a fill this deep are written in white. */
#define DARK_FROM_MM 1.5

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

static void heading(struct np_buf *b, const struct np_map_view *v)
{
	np_buf_append(b, "<text x=\"20\" y=\"28\" font-size=\"18\" font-weight=\"bold\">");
	np_buf_append_xml(b, v->heading);
	np_buf_append(b, "</text>\n");
	if (v->subline) {
		np_buf_append(b, "<text x=\"20\" y=\"50\" font-size=\"14\">");
		np_buf_append_xml(b, v->subline);
		np_buf_append(b, "</text>\n");
	}
}

/* The figures under the zones, so that they read as parts of a face and a body: head, ears, hair
 * line, brows, eyes, nostrils, lips, neck and shoulders; a body from the front and the back. */
static void figures(struct np_buf *b)
{
	/* clang-format off */
	np_buf_append(b,
	    "<g class=\"figure\" fill=\"#f6e3d3\" stroke=\"#8c7360\" stroke-width=\"2\">\n"
	    /* shoulders and chest, then the neck, the ears and the head over them */
	    "<path d=\"M 144 600 Q 138 642 62 656 Q 22 668 18 724 L 18 830 L 382 830 L 382 724 "
	    "Q 378 668 338 656 Q 262 642 256 600 Z\"/>\n"
	    "<path d=\"M 150 500 L 146 640 L 254 640 L 250 500 Z\"/>\n"
	    "<path d=\"M 44 250 Q 18 252 20 300 Q 24 346 58 350 Z\"/>"
	    "<path d=\"M 356 250 Q 382 252 380 300 Q 376 346 342 350 Z\"/>\n"
	    "<path d=\"M 200 22 C 316 22 368 118 366 250 C 364 392 300 530 200 550 "
	    "C 100 530 36 392 34 250 C 32 118 84 22 200 22 Z\"/>\n"
	    /* the right and left body, front: head, neck, torso, legs, feet */
	    "<circle cx=\"590\" cy=\"50\" r=\"28\"/>"
	    "<path d=\"M 580 76 L 600 76 L 602 94 L 578 94 Z\"/>"
	    "<path d=\"M 530 92 L 650 92 Q 658 96 658 112 L 654 300 L 526 300 L 522 112 "
	    "Q 522 96 530 92 Z\"/>"
	    "<path d=\"M 536 424 L 582 424 L 578 476 L 542 476 Z M 598 424 L 644 424 L 638 476 "
	    "L 602 476 Z\"/>"
	    "<circle cx=\"492\" cy=\"326\" r=\"14\"/><circle cx=\"688\" cy=\"326\" r=\"14\"/>\n"
	    /* from the back: head, neck, torso with arms, legs */
	    "<circle cx=\"590\" cy=\"540\" r=\"28\"/>"
	    "<path d=\"M 580 566 L 600 566 L 602 584 L 578 584 Z\"/>"
	    "<path d=\"M 530 582 L 650 582 Q 658 586 658 602 L 656 790 L 524 790 L 522 602 "
	    "Q 522 586 530 582 Z\"/>"
	    "<path d=\"M 474 590 L 518 590 L 518 790 L 468 790 Z M 662 590 L 706 590 L 712 790 "
	    "L 662 790 Z\"/>"
	    "<path d=\"M 532 796 L 586 796 L 580 880 L 538 880 Z M 594 796 L 648 796 L 642 880 "
	    "L 600 880 Z\"/>\n"
	    "</g>\n"
	    /* the lines of the face: brows, eyes, nostrils, lips */
	    "<g fill=\"none\" stroke=\"#6e5644\" stroke-width=\"3\" stroke-linecap=\"round\">"
	    "<path d=\"M 96 226 Q 130 210 162 218\"/><path d=\"M 304 226 Q 270 210 238 218\"/>"
	    "<path d=\"M 100 250 Q 130 234 160 250 Q 130 262 100 250 Z\"/>"
	    "<path d=\"M 300 250 Q 270 234 240 250 Q 270 262 300 250 Z\"/>"
	    "<path d=\"M 176 380 Q 188 388 196 382\"/><path d=\"M 224 380 Q 212 388 204 382\"/>"
	    "<path d=\"M 170 460 Q 200 452 230 460 Q 200 472 170 460 Z\"/>"
	    "</g>\n"
	    "<g font-size=\"14\" fill=\"#4a4039\" text-anchor=\"middle\">"
	    "<text x=\"200\" y=\"856\">face, neck and scalp</text>"
	    "<text x=\"590\" y=\"500\">body, front</text>"
	    "<text x=\"590\" y=\"910\">body, back</text></g>\n");
	/* clang-format on */
}

static void zone_title(struct np_buf *b, const struct np_zone *z, const struct np_map_zone *mz)
{
	np_buf_append(b, "<title>");
	np_buf_append_xml(b, z->name);
	if (mz->mark == NP_MAP_PLANNED) {
		np_buf_printf(b, ": %g mm", mz->depth_mm);
		if (mz->detail) {
			np_buf_append(b, ", ");
			np_buf_append_xml(b, mz->detail);
		}
	} else if (mz->mark == NP_MAP_EXCLUDED) {
		np_buf_append(b, ": excluded");
	}
	np_buf_append(b, "</title>");
}

static void zone(struct np_buf *b, const struct np_zone *z, const struct np_map_zone *mz)
{
	static const char *const marks[] = {"idle", "planned", "excluded"};
	char fill[8] = "#fffaf4";
	if (mz->mark == NP_MAP_PLANNED)
		depth_colour(mz->depth_mm, fill);
	np_buf_printf(b, "<path id=\"zone-%s\" data-zone=\"%s\" class=\"zone %s\" d=\"", z->id,
	              z->id, marks[mz->mark]);
	np_buf_append_xml(b, z->outline);
	np_buf_printf(b, "\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\">",
	              mz->mark == NP_MAP_EXCLUDED ? "url(#hatch)" : fill,
	              mz->mark == NP_MAP_IDLE ? "#8c7360" : "#2b2622");
	zone_title(b, z, mz);
	np_buf_append(b, "</path>\n");
}

/* The zone's name, in one line or, when long, two split at the space nearest the middle. */
static void name_lines(struct np_buf *b, const char *name, double x, double y)
{
	size_t len = strlen(name), split = 0;
	if (len > 12)
		for (size_t i = 1; i < len; i++)
			if (name[i] == ' ' &&
			    (split == 0 ||
			     labs((long)(2 * i) - (long)len) < labs((long)(2 * split) - (long)len)))
				split = i;
	if (split == 0) {
		np_buf_printf(b, "<tspan x=\"%g\" y=\"%g\">", x, y);
		np_buf_append_xml(b, name);
		np_buf_append(b, "</tspan>");
		return;
	}
	char first[128];
	snprintf(first, sizeof first, "%.*s", (int)split, name);
	np_buf_printf(b, "<tspan x=\"%g\" y=\"%g\">", x, y - 7);
	np_buf_append_xml(b, first);
	np_buf_printf(b, "</tspan><tspan x=\"%g\" y=\"%g\">", x, y + 7);
	np_buf_append_xml(b, name + split + 1);
	np_buf_append(b, "</tspan>");
}

/* Every zone's name on the map; a planned one adds its place in the order and its depth under
 * the name, an excluded one a cross. */
static void label(struct np_buf *b, const struct np_zone *z, const struct np_map_zone *mz,
                  int order)
{
	bool dark = mz->mark == NP_MAP_PLANNED && mz->depth_mm >= DARK_FROM_MM;
	double x = z->label[0], y = z->label[1];
	if (mz->mark != NP_MAP_IDLE)
		y -= 8;
	/* a pale halo keeps a dark name legible where it runs over a line or a neighbour */
	np_buf_printf(b, "<text data-for=\"%s\" fill=\"%s\"%s>", z->id,
	              dark ? "#ffffff" : "#2b2622",
	              dark ? "" : " stroke=\"#fffaf4\" stroke-width=\"3\" paint-order=\"stroke\"");
	name_lines(b, z->name, x, y);
	if (mz->mark == NP_MAP_PLANNED)
		np_buf_printf(b,
		              "<tspan class=\"depth\" x=\"%g\" dy=\"16\" font-size=\"14\" "
		              "font-weight=\"bold\">%d · %g mm</tspan>",
		              x, order, mz->depth_mm);
	else if (mz->mark == NP_MAP_EXCLUDED)
		np_buf_printf(
		    b, "<tspan x=\"%g\" dy=\"16\" font-size=\"14\" font-weight=\"bold\">✕</tspan>",
		    x);
	np_buf_append(b, "</text>\n");
}

static void legend(struct np_buf *b, const struct np_map_view *v, int top)
{
	static const double shown[] = {0.25, 0.5, 1.0, 1.5, 2.0};
	np_buf_printf(b,
	              "<g font-size=\"13\" transform=\"translate(0 %d)\">"
	              "<text x=\"20\" y=\"15\" font-weight=\"bold\">depth</text>\n",
	              top);
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		char fill[8];
		depth_colour(shown[i], fill);
		int x = 76 + (int)i * 84;
		np_buf_printf(b,
		              "<rect x=\"%d\" y=\"0\" width=\"20\" height=\"20\" fill=\"%s\" "
		              "stroke=\"#2b2622\"/><text x=\"%d\" y=\"15\">%g mm</text>\n",
		              x, fill, x + 25, shown[i]);
	}
	np_buf_append(b, "<rect x=\"496\" y=\"0\" width=\"20\" height=\"20\" fill=\"url(#hatch)\" "
	                 "stroke=\"#2b2622\"/><text x=\"521\" y=\"15\">excluded ✕</text>\n"
	                 "<rect x=\"622\" y=\"0\" width=\"20\" height=\"20\" fill=\"#fffaf4\" "
	                 "stroke=\"#8c7360\"/><text x=\"647\" y=\"15\">not planned</text>\n");
	np_buf_append(b, "<text x=\"20\" y=\"44\">On a planned zone: its place in the order of "
	                 "work · its depth.</text>\n<text x=\"20\" y=\"68\" fill=\"#4a4039\">");
	np_buf_append_xml(b, v->pack->mapping_finish);
	np_buf_append(b, " · protocol ");
	np_buf_append_xml(b, v->pack->name);
	np_buf_append(b, " ");
	np_buf_append_xml(b, v->pack->version);
	np_buf_append(b, "</text></g>\n");
}

int np_map_draw(char **out, const struct np_map_view *v)
{
	struct np_buf b = NP_BUF_INIT;
	int top = v->heading ? HEADING : 0;
	int height = top + FIGURE_HEIGHT + LEGEND;
	np_buf_printf(
	    &b,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\" font-family=\"DejaVu Sans, Arial, sans-serif\" role=\"img\" "
	    "aria-labelledby=\"map-title\">\n<title id=\"map-title\">",
	    MAP_WIDTH, height, MAP_WIDTH, height);
	np_buf_append_xml(&b, v->title);
	np_buf_append(&b, "</title>\n<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" "
	                  "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	                  "<rect width=\"8\" height=\"8\" fill=\"#f4f4f4\"/>"
	                  "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#6b6b6b\" "
	                  "stroke-width=\"3\"/></pattern></defs>\n");
	np_buf_printf(&b, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", MAP_WIDTH,
	              height);
	if (v->heading)
		heading(&b, v);
	np_buf_printf(&b, "<g transform=\"translate(0 %d)\">\n", top);
	figures(&b);
	np_buf_append(&b, "<g class=\"zones\">\n");
	for (size_t i = 0; i < v->pack->n_zones; i++)
		zone(&b, &v->pack->zones[i], &v->zones[i]);
	np_buf_append(&b, "</g>\n<g class=\"labels\" aria-hidden=\"true\" pointer-events=\"none\" "
	                  "font-size=\"12\" text-anchor=\"middle\">\n");
	int order = 0;
	for (size_t i = 0; i < v->pack->n_zones; i++) {
		const struct np_map_zone *mz = &v->zones[i];
		label(&b, &v->pack->zones[i], mz, mz->mark == NP_MAP_PLANNED ? ++order : 0);
	}
	np_buf_append(&b, "</g>\n</g>\n");
	legend(&b, v, top + FIGURE_HEIGHT);
	np_buf_append(&b, "</svg>\n");
	*out = np_buf_detach(&b);
	if (*out == NULL)
		return np_error_set(NP_ENOMEM, "out of memory drawing the map");
	return 0;
}
