/* Double booking (needlepoint/slots.h): the same practitioner, or the same room, at overlapping
 * times. */
#include "needlepoint/slots.h"

#include <string.h>

int np_slot_minutes(const char *t)
{
	if (t == NULL || strlen(t) != 5 || t[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (t[i] < '0' || t[i] > '9'))
			return -1;
	int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

static int overlap(const struct np_slot *a, const struct np_slot *b)
{
	return a->start < b->start + b->minutes && b->start < a->start + a->minutes;
}

const struct np_slot *np_slot_clash(const struct np_slot *proposed, const struct np_slot *booked,
                                    size_t n, int *by_room)
{
	for (size_t i = 0; i < n; i++) {
		const struct np_slot *b = &booked[i];
		if (b->id == proposed->id || !overlap(proposed, b))
			continue;
		int same_person =
		    proposed->practitioner != 0 && b->practitioner == proposed->practitioner;
		int same_room = proposed->room && b->room && strcmp(proposed->room, b->room) == 0;
		if (same_person || same_room) {
			if (by_room)
				*by_room = !same_person;
			return b;
		}
	}
	return NULL;
}
