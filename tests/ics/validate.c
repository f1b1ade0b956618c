/* An iCalendar file read as a calendar reads it, with libical: what the parser could not read
 * (X-LIC-ERROR), and RFC 5545's and RFC 5546's restrictions for the file's METHOD. Prints each
 * event as "event UID STATUS SEQUENCE TZID alarm|no-alarm ORGANIZER | LOCATION", and each zone
 * part as "zone TZID STANDARD|DAYLIGHT FROM TO"; exits 1 on any problem, naming it.
 * usage: ics_validate FILE */
#include <libical/ical.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int problems;

static void errors(icalcomponent *c)
{
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
	     p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
		printf("problem %s: %s\n", icalcomponent_kind_to_string(icalcomponent_isa(c)),
		       icalproperty_get_xlicerror(p));
		problems++;
	}
	for (icalcomponent *k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		errors(k);
}

static const char *param(icalproperty *p, icalparameter_kind kind)
{
	icalparameter *x = p ? icalproperty_get_first_parameter(p, kind) : NULL;
	return x ? icalparameter_get_xvalue(x) ? icalparameter_get_xvalue(x)
	                                       : icalparameter_as_ical_string(x)
	         : "-";
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: ics_validate FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (f == NULL)
		return 2;
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	icalcomponent *cal = icalparser_parse_string(text);
	if (cal == NULL || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
		printf("problem: not a VCALENDAR\n");
		return 1;
	}
	if (!icalrestriction_check(cal))
		printf("problem: restrictions of RFC 5545/5546 for METHOD %s\n",
		       icalproperty_method_to_string(icalcomponent_get_method(cal)));
	errors(cal);
	for (icalcomponent *z = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT); z;
	     z = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)) {
		const char *id =
		    icalproperty_get_tzid(icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY));
		for (icalcomponent *part = icalcomponent_get_first_component(z, ICAL_ANY_COMPONENT);
		     part; part = icalcomponent_get_next_component(z, ICAL_ANY_COMPONENT))
			printf("zone %s %s %d %d\n", id,
			       icalcomponent_kind_to_string(icalcomponent_isa(part)),
			       icalproperty_get_tzoffsetfrom(icalcomponent_get_first_property(
			           part, ICAL_TZOFFSETFROM_PROPERTY)),
			       icalproperty_get_tzoffsetto(icalcomponent_get_first_property(
			           part, ICAL_TZOFFSETTO_PROPERTY)));
	}
	for (icalcomponent *e = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); e;
	     e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		icalproperty *start = icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
		icalproperty *org = icalcomponent_get_first_property(e, ICAL_ORGANIZER_PROPERTY);
		const char *tzid = param(start, ICAL_TZID_PARAMETER);
		if (strcmp(tzid, "-") != 0 && icalcomponent_get_timezone(cal, tzid) == NULL) {
			printf("problem: DTSTART names the zone %s, which no VTIMEZONE gives\n",
			       tzid);
			problems++;
		}
		printf("event %s %s %d %s %s %s | %s\n", icalcomponent_get_uid(e),
		       icalproperty_status_to_string(icalcomponent_get_status(e)),
		       icalcomponent_get_sequence(e), tzid,
		       icalcomponent_get_first_component(e, ICAL_VALARM_COMPONENT) ? "alarm"
		                                                                   : "no-alarm",
		       org ? icalproperty_get_organizer(org) : "-",
		       icalcomponent_get_location(e) ? icalcomponent_get_location(e) : "-");
	}
	icalcomponent_free(cal);
	return problems ? 1 : 0;
}
