/* Puncture density: punctures per cm2 per pass for a roller or a pen, and the passes a target
 * needs. */
#ifndef NEEDLEPOINT_DOSE_H
#define NEEDLEPOINT_DOSE_H

#include "needlepoint/pack.h"

#include <jansson.h>

struct np_dose {
	enum np_device device;
	double per_pass_per_cm2;
	int passes;
	double total_per_cm2;
	int target_per_cm2[2];
	int passes_for_target; /* passes to reach the low end of the target */
	const struct np_sources *sources;
};

/* Roller: needles / (pi x drum diameter x drum width). passes 0 takes the pack's roller passes.
 * Returns NP_EINVAL naming the option when a value is out of its range. */
int np_dose_roller(struct np_dose *out, const struct np_pack *pack, int needles,
                   double drum_diameter_mm, double drum_width_mm, int passes);

/* Pen: needles x frequency / (glide speed x footprint width). passes 0 takes the pen's passes. */
int np_dose_pen(struct np_dose *out, const struct np_pack *pack, int needles, double frequency_hz,
                double speed_mm_s, double width_mm, int passes);

/* A new reference the caller owns, NULL when out of memory. */
json_t *np_dose_to_json(const struct np_dose *dose, const struct np_pack *pack);

#endif
