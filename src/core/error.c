/* The per-thread error detail behind np_error_set and np_error_last. */
#include "needlepoint/error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_message[1024];
static _Thread_local int last_code;
static _Thread_local json_t *last_refusals;
static _Thread_local char last_earliest[16];

static void set(int code, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void set(int code, const char *fmt, va_list ap)
{
	vsnprintf(last_message, sizeof last_message, fmt, ap);
	last_code = code;
	json_decref(last_refusals);
	last_refusals = NULL;
	last_earliest[0] = '\0';
}

int np_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(code, fmt, ap);
	va_end(ap);
	return code;
}

int np_error_refused(json_t *refusals, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(NP_EREFUSED, fmt, ap);
	va_end(ap);
	last_refusals = refusals;
	return NP_EREFUSED;
}

const json_t *np_error_refusals(void)
{
	return last_refusals;
}

void np_error_earliest_set(const char *day)
{
	snprintf(last_earliest, sizeof last_earliest, "%s", day ? day : "");
}

const char *np_error_earliest(void)
{
	return last_earliest;
}

void np_error_save(struct np_error_saved *out)
{
	out->code = last_code;
	snprintf(out->message, sizeof out->message, "%s", last_message);
	out->refusals = json_incref(last_refusals);
	snprintf(out->earliest, sizeof out->earliest, "%s", last_earliest);
}

int np_error_restore(struct np_error_saved *saved)
{
	if (saved->refusals)
		np_error_refused(saved->refusals, "%s", saved->message);
	else
		np_error_set(saved->code, "%s", saved->message);
	saved->refusals = NULL; /* handed over */
	np_error_earliest_set(saved->earliest);
	return saved->code;
}

int np_error_prefix(const char *prefix)
{
	char saved[sizeof last_message];
	snprintf(saved, sizeof saved, "%s", last_message);
	json_t *refusals = json_incref(last_refusals);
	char earliest[sizeof last_earliest];
	snprintf(earliest, sizeof earliest, "%s", last_earliest);
	np_error_set(last_code, "%s: %s", prefix, saved);
	last_refusals = refusals;
	np_error_earliest_set(earliest);
	return last_code;
}

const char *np_error_last(void)
{
	return last_message;
}

int np_error_code(void)
{
	return last_code;
}

void np_error_clear(void)
{
	last_message[0] = '\0';
	last_code = NP_OK;
	json_decref(last_refusals);
	last_refusals = NULL;
	last_earliest[0] = '\0';
}
