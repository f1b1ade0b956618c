/* The calendar's one rule of its own: a practitioner treats one client at a time, and a room holds
 * one treatment at a time. Pure: the caller reads the day's bookings; nothing here reads a clock.
 */
#ifndef NEEDLEPOINT_SLOTS_H
#define NEEDLEPOINT_SLOTS_H

#include <stddef.h>
#include <stdint.h>

/* A booking on one day: from start (minutes after midnight, the clinic's local time) for minutes;
 * with a practitioner (0: none yet) and in a room (NULL: none). Strings are borrowed. */
struct np_slot {
	int64_t id;
	int start, minutes;
	int64_t practitioner;
	const char *room;
};

/* "HH:MM" as minutes after midnight, or -1 when it is not a time of day. */
int np_slot_minutes(const char *hhmm);

/* The first of the day's booked slots that overlaps proposed with the same practitioner or in the
 * same room, or NULL: proposed may go there. Touching ends (one ends at 10:00, the next starts at
 * 10:00) do not overlap. *by_room says which it shares when one clashes. */
const struct np_slot *np_slot_clash(const struct np_slot *proposed, const struct np_slot *booked,
                                    size_t n, int *by_room);

#endif
