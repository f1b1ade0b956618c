/* Reading a whole input (a pack, an intake) into memory, with a limit on its size. */
#ifndef NEEDLEPOINT_FILE_H
#define NEEDLEPOINT_FILE_H

#include <stddef.h>
#include <stdio.h>

/* Read all of stream into *data (NUL-terminated, which *len does not count). Fails with NP_EINVAL
 * past max bytes, NP_EIO on a read error, NP_ENOMEM; name stands for the stream in messages.
 * The caller frees *data; it is NULL after a failure. */
int np_read_stream(char **data, size_t *len, FILE *stream, size_t max, const char *name);

/* The same for a file by path; NP_EIO when it cannot be opened. */
int np_read_file(char **data, size_t *len, const char *path, size_t max);

#endif
