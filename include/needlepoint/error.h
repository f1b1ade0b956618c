/* Errors as values: functions return 0 or a negative enum np_error, the detail is kept per thread.
 */
#ifndef NEEDLEPOINT_ERROR_H
#define NEEDLEPOINT_ERROR_H

#include <jansson.h>

enum np_error {
	NP_OK = 0,
	NP_EINVAL = -1,        /* bad input: a request, an intake, a history, an option */
	NP_EPACK = -2,         /* a protocol pack that does not load */
	NP_ENOMEM = -3,        /* out of memory */
	NP_EIO = -4,           /* a file that cannot be read */
	NP_ENOTFOUND = -5,     /* a record id that is not there (or belongs to another clinic) */
	NP_EREFUSED = -6,      /* a record the clinical rules refuse: the message says why */
	NP_EFORBIDDEN = -7,    /* the user's role may not do this */
	NP_ECONFLICT = -8,     /* a record that exists already */
	NP_EDB = -9,           /* the database failed */
	NP_EUNAVAILABLE = -10, /* the database cannot be reached now: try again shortly */
	NP_ETHROTTLED = -11,   /* too many failed sign-ins of a name from an address: wait */
	NP_ESTALE = -12,       /* an edit made from a version of a record that has changed since */
};

/* Record the detail of a failure and return code, so callers can write `return np_error_set(...)`.
 * The message follows git's habit: lower-case, no full stop, the culprit quoted. */
int np_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Put "prefix: " before the last failure's message (naming the field it came from); returns its
 * code. */
int np_error_prefix(const char *prefix);
/* The message of the last failure on this thread; never NULL, owned by the library, valid until the
 * next np_error_set on this thread. */
const char *np_error_last(void);

/* The code of the last failure on this thread (NP_OK when none). */
int np_error_code(void);

/* Clear the last failure, its detail included. Threads that end clear theirs. */
void np_error_clear(void);

/* A refusal: NP_EREFUSED with a one-line message and, as its detail, the list of refusals
 * (needlepoint/gate.h), whose reference is taken. Every other np_error_set drops the detail. */
int np_error_refused(json_t *refusals, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The refusals of the last failure on this thread when it was a refusal, else NULL. Borrowed:
 * valid until the next np_error_set, np_error_refused or np_error_clear on this thread. */
const json_t *np_error_refusals(void);
/* A refusal's earliest day, "YYYY-MM-DD" (the first day every refusal has cleared, as the gate
 * decided it), kept with it; "" when it has none. Cleared with the failure. */
void np_error_earliest_set(const char *day);
const char *np_error_earliest(void);

/* The last failure kept whole (its code, message, refusals and earliest day), to be put back
 * after other work that may fail or succeed on its own (a rollback, an audit entry, another
 * thread's answer). np_error_restore puts it back as the last failure, handing it the refusals,
 * and returns its code. */
struct np_error_saved {
	int code;
	char message[1024];
	json_t *refusals; /* a reference, or NULL */
	char earliest[16];
};
void np_error_save(struct np_error_saved *out);
int np_error_restore(struct np_error_saved *saved);

#endif
