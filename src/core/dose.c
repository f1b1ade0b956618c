/* Puncture density arithmetic (derived from the sourced formulas in the pack's density section). */
#include "needlepoint/dose.h"

#include "json_out.h"
#include "needlepoint/error.h"

#include <math.h>

/* pi, which strict C17 does not name */
static const double pi = 3.14159265358979323846;

/* Bounds that catch typing mistakes, not clinical limits. */
static int check(const char *option, double value, double min, double max)
{
	if (!isfinite(value) || value < min || value > max)
		return np_error_set(NP_EINVAL, "--%s: %g is out of range: expected %g to %g",
		                    option, value, min, max);
	return 0;
}

static void finish(struct np_dose *d, const struct np_pack *pack, double per_pass, int passes)
{
	d->per_pass_per_cm2 = per_pass;
	d->passes = passes ? passes : pack->devices[d->device].passes;
	d->total_per_cm2 = per_pass * d->passes;
	d->target_per_cm2[0] = pack->density_target[0];
	d->target_per_cm2[1] = pack->density_target[1];
	d->passes_for_target = (int)ceil(pack->density_target[0] / per_pass - 1e-9);
	if (d->passes_for_target < 1)
		d->passes_for_target = 1;
	d->sources = &pack->density_sources;
}

int np_dose_roller(struct np_dose *out, const struct np_pack *pack, int needles,
                   double drum_diameter_mm, double drum_width_mm, int passes)
{
	int rc;
	if ((rc = check("needles", needles, 1, 10000)) || (rc = check("passes", passes, 0, 100)) ||
	    (rc = check("drum-diameter", drum_diameter_mm, 1, 200)) ||
	    (rc = check("drum-width", drum_width_mm, 1, 500)))
		return rc;
	out->device = NP_DEVICE_ROLLER;
	/* mm to cm: the drum's surface is pi x diameter x width, in cm2 */
	double area_cm2 = pi * (drum_diameter_mm / 10.0) * (drum_width_mm / 10.0);
	finish(out, pack, needles / area_cm2, passes);
	return 0;
}

int np_dose_pen(struct np_dose *out, const struct np_pack *pack, int needles, double frequency_hz,
                double speed_mm_s, double width_mm, int passes)
{
	int rc;
	if ((rc = check("needles", needles, 1, 100)) || (rc = check("passes", passes, 0, 100)) ||
	    (rc = check("frequency", frequency_hz, 1, 1000)) ||
	    (rc = check("speed", speed_mm_s, 0.1, 1000)) ||
	    (rc = check("width", width_mm, 0.5, 50)))
		return rc;
	out->device = NP_DEVICE_PEN;
	/* punctures per second over the area swept per second, in cm2 */
	double swept_cm2_per_s = (speed_mm_s / 10.0) * (width_mm / 10.0);
	finish(out, pack, needles * frequency_hz / swept_cm2_per_s, passes);
	return 0;
}

json_t *np_dose_to_json(const struct np_dose *d, const struct np_pack *pack)
{
	return json_pack("{s:s, s:o, s:i, s:o, s:o, s:i, s:o, s:o}", "device",
	                 np_device_name(d->device), "per_pass_per_cm2",
	                 np_json_mm(d->per_pass_per_cm2), "passes", d->passes, "total_per_cm2",
	                 json_real(round(d->total_per_cm2 * 10.0) / 10.0), "target_per_cm2",
	                 np_json_int_range(d->target_per_cm2[0], d->target_per_cm2[1]),
	                 "passes_for_target", d->passes_for_target, "sources",
	                 np_json_sources(d->sources), "protocol", np_json_protocol(pack));
}
