/* Argon2id at OWASP's recommended floor (Password Storage Cheat Sheet: 19 MiB of memory, two
 * iterations, one lane): guessing offline stays slow, while a server signing people in stays
 * small. A hash keeps its own parameters, so passwords hashed before (libsodium's interactive
 * limits, 64 MiB) still verify as they are.
 *
 * A few at a time: each hash takes its memory and a share of a core, so sign-ins that arrive
 * together wait for a core rather than each taking its memory at once. The limit is the
 * machine's cores (at least one, at most eight). */
#include "needlepoint/auth.h"

#include "store_internal.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#define HASH_OPS 2
#define HASH_MEM ((size_t)19 << 20)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t freed = PTHREAD_COND_INITIALIZER;
static int running, peak, limit;

int np_auth_hash_limit(void)
{
	pthread_mutex_lock(&lock);
	if (limit == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		limit = cores < 1 ? 1 : cores > 8 ? 8 : (int)cores;
	}
	int n = limit;
	pthread_mutex_unlock(&lock);
	return n;
}

int np_auth_hash_peak(void)
{
	pthread_mutex_lock(&lock);
	int n = peak;
	pthread_mutex_unlock(&lock);
	return n;
}

static void enter(void)
{
	int most = np_auth_hash_limit();
	pthread_mutex_lock(&lock);
	while (running >= most)
		pthread_cond_wait(&freed, &lock);
	running++;
	if (running > peak)
		peak = running;
	pthread_mutex_unlock(&lock);
}

static void leave(void)
{
	pthread_mutex_lock(&lock);
	running--;
	pthread_cond_signal(&freed);
	pthread_mutex_unlock(&lock);
}

int np_auth_argon2(char out[NP_AUTH_HASH_BYTES], const char *password)
{
	enter();
	int rc = crypto_pwhash_str_alg(out, password, strlen(password), HASH_OPS, HASH_MEM,
	                               crypto_pwhash_ALG_ARGON2ID13);
	leave();
	return rc;
}

bool np_auth_argon2_stale(const char *stored)
{
	return crypto_pwhash_str_needs_rehash(stored, HASH_OPS, HASH_MEM) != 0;
}

bool np_auth_argon2_verify(const char *stored, const char *password)
{
	enter();
	bool ok = crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
	leave();
	return ok;
}
