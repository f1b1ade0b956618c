/* The members of a JSON object's text one at a time, without building a tree: for answers that
 * splice records stored as JSON text (the chart) instead of parsing and writing them again. The
 * scan finds where each member ends; it trusts the text to be JSON (the store wrote it) and says
 * so when it finds otherwise, but it does not check every number and escape. */
#ifndef NP_JSON_SCAN_H
#define NP_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* A member as it stands in the text: its key without the quotes (still escaped) and its value. */
struct np_json_member {
	const char *key;
	size_t key_len;
	const char *value;
	size_t value_len;
};

/* Where a scan is in the text it reads (which must outlive it). */
struct np_json_scan {
	const char *at;
	bool started;
};

/* Start on the text of an object: 0, or -1 when the text is not an object. */
int np_json_scan_start(struct np_json_scan *scan, const char *text);
/* The next member: 1, 0 after the last, -1 when the text is not JSON there. */
int np_json_scan_next(struct np_json_scan *scan, struct np_json_member *m);
/* Whether the member's key is this plain key (no escapes in it). */
bool np_json_member_is(const struct np_json_member *m, const char *key);

#endif
