/* A shared library opened when it is first needed, not when the program starts: commands that
 * never reach PostgreSQL or serve HTTP do not pay for loading libpq (with Kerberos, LDAP and
 * OpenSSL) or libmicrohttpd (with GnuTLS), whose start-up dominated an engine command's time. */
#ifndef NP_DYNLOAD_H
#define NP_DYNLOAD_H

#include <stddef.h>

/* Open the first of files (NULL-ended) that opens and fill slots[i] with symbols[i] (n of them).
 * 0, or NP_EIO naming what ("PostgreSQL's client library, libpq5") when none opens or a symbol
 * is missing. The library stays loaded. */
int np_dynload(void **slots, const char *const *symbols, size_t n, const char *const *files,
               const char *what);

#endif
