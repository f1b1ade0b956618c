/* Loading a shared library's functions by name (dynload.h). */
#include "dynload.h"

#include "needlepoint/error.h"

#include <dlfcn.h>

int np_dynload(void **slots, const char *const *symbols, size_t n, const char *const *files,
               const char *what)
{
	void *lib = NULL;
	const char *why = "no file to open";
	for (size_t i = 0; files[i] && lib == NULL; i++)
		if ((lib = dlopen(files[i], RTLD_NOW | RTLD_LOCAL)) == NULL)
			why = dlerror();
	if (lib == NULL)
		return np_error_set(NP_EIO, "%s cannot be loaded: %s", what, why);
	for (size_t i = 0; i < n; i++)
		if ((slots[i] = dlsym(lib, symbols[i])) == NULL)
			return np_error_set(NP_EIO, "%s has no %s: %s", what, symbols[i],
			                    dlerror());
	return 0;
}
