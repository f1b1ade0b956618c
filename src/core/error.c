/* The per-thread error detail behind np_error_set and np_error_last. */
#include "needlepoint/error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_message[1024];
static _Thread_local int last_code;

int np_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_message, sizeof last_message, fmt, ap);
	va_end(ap);
	last_code = code;
	return code;
}

int np_error_prefix(const char *prefix)
{
	char saved[sizeof last_message];
	snprintf(saved, sizeof saved, "%s", last_message);
	return np_error_set(last_code, "%s: %s", prefix, saved);
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
}
