/* Whole-input reading shared by the pack loader and the command line. */
#include "needlepoint/file.h"

#include "needlepoint/error.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int np_read_stream(char **data, size_t *len, FILE *stream, size_t max, const char *name)
{
	size_t cap = 0, n = 0;
	char *buf = NULL;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 16384;
			char *grown = realloc(buf, cap);
			if (grown == NULL) {
				free(buf);
				*data = NULL;
				return np_error_set(NP_ENOMEM, "out of memory reading '%s'", name);
			}
			buf = grown;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, stream);
		n += got;
		if (n > max) {
			free(buf);
			*data = NULL;
			return np_error_set(NP_EINVAL, "%s: larger than %zu bytes", name, max);
		}
		if (got == 0)
			break;
	}
	if (ferror(stream)) {
		free(buf);
		*data = NULL;
		return np_error_set(NP_EIO, "%s: cannot read it", name);
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int np_read_file(char **data, size_t *len, const char *path, size_t max)
{
	*data = NULL;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return np_error_set(NP_EIO, "cannot open '%s': %s", path, strerror(errno));
	int rc = np_read_stream(data, len, f, max, path);
	fclose(f);
	return rc;
}
