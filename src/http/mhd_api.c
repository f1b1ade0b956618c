/* libmicrohttpd, loaded when the service starts (mhd_api.h). */
#define NP_MHD_API_SELF
#include "mhd_api.h"

#include "dynload.h"
#include "needlepoint/error.h"

#include <pthread.h>
#include <stdio.h>

struct np_mhd_api np_mhd;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = -1;
static char why[512];

static void load(void)
{
	static const char *const names[] = {
#define NP_MHD_NAME(f) #f,
	    NP_MHD_FUNCTIONS(NP_MHD_NAME)
#undef NP_MHD_NAME
	};
	static const char *const files[] = {"libmicrohttpd.so.12", "libmicrohttpd.so", NULL};
	loaded = np_dynload((void **)&np_mhd, names, sizeof names / sizeof names[0], files,
	                    "the HTTP library (Debian's libmicrohttpd12)");
	if (loaded != 0)
		snprintf(why, sizeof why, "%s", np_error_last());
}

int np_mhd_load(void)
{
	pthread_once(&once, load);
	return loaded == 0 ? 0 : np_error_set(NP_EIO, "%s", why);
}
