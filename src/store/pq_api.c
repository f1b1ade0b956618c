/* libpq, loaded on first use (pq_api.h). */
#define NP_PQ_API_SELF
#include "pq_api.h"

#include "dynload.h"
#include "needlepoint/error.h"

#include <pthread.h>
#include <stdio.h>

struct np_pq_api np_pq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = -1;
static char why[512];

static void load(void)
{
	static const char *const names[] = {
#define NP_PQ_NAME(f) #f,
	    NP_PQ_FUNCTIONS(NP_PQ_NAME)
#undef NP_PQ_NAME
	};
	static const char *const files[] = {"libpq.so.5", "libpq.so", NULL};
	loaded = np_dynload((void **)&np_pq, names, sizeof names / sizeof names[0], files,
	                    "PostgreSQL's client library (Debian's libpq5)");
	if (loaded != 0)
		snprintf(why, sizeof why, "%s", np_error_last());
}

int np_pq_load(void)
{
	pthread_once(&once, load);
	return loaded == 0 ? 0 : np_error_set(NP_EIO, "%s", why);
}
