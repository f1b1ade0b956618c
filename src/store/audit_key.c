/* The audit key file and the checkpoint file beside it (audit_key.h). */
#include "audit_key.h"

#include "needlepoint/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_HEADER     "needlepoint audit key v1\n"
#define CHECKPOINT_TAG "needlepoint-checkpoint v1"
#define SEAL_CONTEXT   "npaudit1" /* crypto_kdf's eight bytes */

static int derive(struct np_audit_key *k, const unsigned char seed[crypto_sign_SEEDBYTES])
{
	_Static_assert(crypto_sign_SEEDBYTES == crypto_kdf_KEYBYTES, "one seed for both keys");
	crypto_sign_seed_keypair(k->pk, k->sk, seed);
	if (crypto_kdf_derive_from_key(k->seal, sizeof k->seal, 1, SEAL_CONTEXT, seed) != 0)
		return np_error_set(NP_EIO, "the audit key cannot be derived");
	return 0;
}

static void checkpoints_path(struct np_audit_key *k, const char *path)
{
	size_t n = strlen(path);
	if (n > 4 && strcmp(path + n - 4, ".key") == 0)
		n -= 4;
	snprintf(k->checkpoints, sizeof k->checkpoints, "%.*s.checkpoints", (int)n, path);
}

/* A new key, written whole under a temporary name and linked into place: link never replaces,
 * so of two processes making one at once, one key wins and both read it. */
static int create_key(const char *path)
{
	char tmp[NP_AUDIT_PATH_MAX + 32];
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
	if (fd < 0)
		return np_error_set(NP_EIO, "cannot create the audit key '%s': %s", path,
		                    strerror(errno));
	unsigned char seed[crypto_sign_SEEDBYTES];
	char hex[2 * sizeof seed + 1], text[sizeof KEY_HEADER + sizeof hex + 1];
	randombytes_buf(seed, sizeof seed);
	sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
	int len = snprintf(text, sizeof text, "%s%s\n", KEY_HEADER, hex);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(hex, sizeof hex);
	bool ok = len > 0 && write(fd, text, (size_t)len) == (ssize_t)len && fsync(fd) == 0;
	sodium_memzero(text, sizeof text);
	ok = close(fd) == 0 && ok;
	int rc = 0;
	if (!ok || (link(tmp, path) != 0 && errno != EEXIST))
		rc = np_error_set(NP_EIO, "cannot create the audit key '%s': %s", path,
		                  strerror(errno));
	unlink(tmp);
	return rc;
}

int np_audit_key_load(struct np_audit_key *k, const char *path, bool create, bool *created)
{
	memset(k, 0, sizeof *k);
	*created = false;
	if (sodium_init() < 0)
		return np_error_set(NP_EIO, "libsodium could not start");
	if (strlen(path) >= sizeof k->path - 16)
		return np_error_set(NP_EINVAL, "key: the path '%s' is too long", path);
	snprintf(k->path, sizeof k->path, "%s", path);
	checkpoints_path(k, path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if (create_key(path) != 0)
			return np_error_code();
		*created = true;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return np_error_set(
		    NP_EIO, "the audit key '%s' cannot be read: %s%s", path, strerror(errno),
		    errno == ENOENT ? " (restore it from where you keep its copy: "
		                      "without it the audit trail cannot be verified "
		                      "or added to)"
		                    : "");
	struct stat st;
	char text[256] = {0};
	ssize_t n = fstat(fd, &st) == 0 ? read(fd, text, sizeof text - 1) : -1;
	close(fd);
	if (n >= 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		sodium_memzero(text, sizeof text);
		return np_error_set(NP_EIO,
		                    "the audit key '%s' can be read by others (mode %03o): "
		                    "chmod 600 it",
		                    path, (unsigned)(st.st_mode & 0777));
	}
	unsigned char seed[crypto_sign_SEEDBYTES];
	size_t bin = 0;
	const char *hex = text + strlen(KEY_HEADER);
	int rc = 0;
	if (n < (ssize_t)strlen(KEY_HEADER) || strncmp(text, KEY_HEADER, strlen(KEY_HEADER)) != 0 ||
	    sodium_hex2bin(seed, sizeof seed, hex, strlen(hex), "\n", &bin, NULL) != 0 ||
	    bin != sizeof seed)
		rc = np_error_set(NP_EINVAL, "the audit key '%s' is not a needlepoint audit key",
		                  path);
	else
		rc = derive(k, seed);
	sodium_memzero(seed, sizeof seed);
	sodium_memzero(text, sizeof text);
	return rc;
}

void np_audit_key_public_hex(const struct np_audit_key *k, char out[65])
{
	sodium_bin2hex(out, 65, k->pk, sizeof k->pk);
}

static int message(char *out, size_t size, const struct np_checkpoint *c)
{
	int n =
	    snprintf(out, size, CHECKPOINT_TAG " clinic=%lld seq=%lld legacy=%lld head=%s at=%s",
	             c->clinic, c->seq, c->legacy, c->head, c->at);
	return n < 0 || (size_t)n >= size ? -1 : n;
}

int np_checkpoint_format(char *out, size_t size, const struct np_audit_key *k,
                         const struct np_checkpoint *c)
{
	int n = message(out, size, c);
	unsigned char sig[crypto_sign_BYTES];
	if (n < 0 || (size_t)n + 6 + 2 * sizeof sig + 1 >= size)
		return np_error_set(NP_EINVAL, "a checkpoint does not fit %zu bytes", size);
	crypto_sign_detached(sig, NULL, (const unsigned char *)out, (unsigned long long)n, k->sk);
	char hex[2 * sizeof sig + 1];
	sodium_bin2hex(hex, sizeof hex, sig, sizeof sig);
	snprintf(out + n, size - (size_t)n, " sig=%s\n", hex);
	return 0;
}

int np_checkpoint_append(const struct np_audit_key *k, const char *lines, size_t len)
{
	int fd = open(k->checkpoints, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);
	if (fd < 0)
		return np_error_set(NP_EIO, "cannot open the checkpoint file '%s': %s",
		                    k->checkpoints, strerror(errno));
	bool ok = write(fd, lines, len) == (ssize_t)len && fdatasync(fd) == 0;
	int err = errno;
	ok = close(fd) == 0 && ok;
	return ok ? 0
	          : np_error_set(NP_EIO, "cannot write the checkpoint file '%s': %s",
	                         k->checkpoints, strerror(err));
}

/* One line as a checkpoint signed by k: 1, else 0. */
static int parse(struct np_checkpoint *c, char *line, const struct np_audit_key *k)
{
	char *sig = strstr(line, " sig=");
	if (sig == NULL)
		return 0;
	*sig = '\0';
	sig += 5;
	sig[strcspn(sig, "\r\n")] = '\0';
	memset(c, 0, sizeof *c);
	if (sscanf(line, CHECKPOINT_TAG " clinic=%lld seq=%lld legacy=%lld head=%64s at=%31s",
	           &c->clinic, &c->seq, &c->legacy, c->head, c->at) != 5)
		return 0;
	char again[512];
	unsigned char bin[crypto_sign_BYTES];
	size_t len = 0;
	int n = message(again, sizeof again, c);
	return n > 0 && strcmp(again, line) == 0 &&
	       sodium_hex2bin(bin, sizeof bin, sig, strlen(sig), NULL, &len, NULL) == 0 &&
	       len == sizeof bin &&
	       crypto_sign_verify_detached(bin, (const unsigned char *)line, (unsigned long long)n,
	                                   k->pk) == 0;
}

int np_checkpoint_read(struct np_checkpoint **out, size_t *n, size_t *forged,
                       size_t forged_lines[4], const struct np_audit_key *k, long long clinic)
{
	*out = NULL;
	*n = *forged = 0;
	FILE *f = fopen(k->checkpoints, "re");
	if (f == NULL)
		return errno == ENOENT
		           ? 0
		           : np_error_set(NP_EIO, "cannot read the checkpoint file '%s': %s",
		                          k->checkpoints, strerror(errno));
	char line[1024];
	size_t cap = 0, number = 0;
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		struct np_checkpoint c;
		number++;
		if (!parse(&c, line, k)) {
			if (*forged < 4)
				forged_lines[*forged] = number;
			++*forged;
			continue;
		}
		if (c.clinic != clinic)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			struct np_checkpoint *more = realloc(*out, cap * sizeof *more);
			if (more == NULL) {
				rc = np_error_set(NP_ENOMEM, "out of memory reading checkpoints");
				break;
			}
			*out = more;
		}
		c.line = number;
		(*out)[(*n)++] = c;
	}
	fclose(f);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
