/* Sign-in attempts, counted per user name and per address in fixed windows, in memory. A
 * restart forgets the counts; a guesser gains a few attempts per restart, not a way around. */
#include "http.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 1024 /* names and addresses remembered; the oldest window is reused */

struct slot {
	char key[132]; /* "n:" or "a:" and the name or address, cut to fit */
	int64_t window_start;
	int failures;
};

struct np_ratelimit {
	pthread_mutex_t lock;
	int per_name, per_addr, window;
	struct slot slots[SLOTS];
};

struct np_ratelimit *np_ratelimit_new(int per_name, int per_addr, int window_seconds)
{
	struct np_ratelimit *rl = calloc(1, sizeof *rl);
	if (rl == NULL)
		return NULL;
	pthread_mutex_init(&rl->lock, NULL);
	rl->per_name = per_name;
	rl->per_addr = per_addr;
	rl->window = window_seconds;
	return rl;
}

void np_ratelimit_free(struct np_ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl);
}

static void key_of(char out[132], char kind, const char *text)
{
	out[0] = kind;
	out[1] = ':';
	size_t n = text ? strlen(text) : 0;
	if (n > 129)
		n = 129;
	memcpy(out + 2, text ? text : "", n);
	out[2 + n] = '\0';
}

/* The slot of key, or (when make) a fresh one in an empty slot or in place of the one whose
 * window is oldest; NULL otherwise. */
static struct slot *find(struct np_ratelimit *rl, const char *key, int64_t now, bool make)
{
	struct slot *victim = NULL;
	for (size_t i = 0; i < SLOTS; i++) {
		struct slot *s = &rl->slots[i];
		if (s->key[0] && strcmp(s->key, key) == 0) {
			if (now - s->window_start >= rl->window) {
				s->window_start = now;
				s->failures = 0;
			}
			return s;
		}
		bool better = victim == NULL || (victim->key[0] && !s->key[0]) ||
		              (victim->key[0] && s->window_start < victim->window_start);
		if (better)
			victim = s;
	}
	if (!make)
		return NULL;
	memcpy(victim->key, key, sizeof victim->key);
	victim->window_start = now;
	victim->failures = 0;
	return victim;
}

static int wait_for(struct np_ratelimit *rl, const char *key, int limit, int64_t now)
{
	struct slot *s = find(rl, key, now, false);
	if (s == NULL || s->failures < limit)
		return 0;
	int64_t left = s->window_start + rl->window - now;
	return left > 0 ? (int)left : 1;
}

int np_ratelimit_check(struct np_ratelimit *rl, const char *name, const char *addr, int64_t now)
{
	char kn[132], ka[132];
	key_of(kn, 'n', name);
	key_of(ka, 'a', addr);
	pthread_mutex_lock(&rl->lock);
	int a = wait_for(rl, kn, rl->per_name, now);
	int b = wait_for(rl, ka, rl->per_addr, now);
	pthread_mutex_unlock(&rl->lock);
	return a > b ? a : b;
}

void np_ratelimit_failed(struct np_ratelimit *rl, const char *name, const char *addr, int64_t now)
{
	char kn[132], ka[132];
	key_of(kn, 'n', name);
	key_of(ka, 'a', addr);
	pthread_mutex_lock(&rl->lock);
	find(rl, kn, now, true)->failures++;
	find(rl, ka, now, true)->failures++;
	pthread_mutex_unlock(&rl->lock);
}

void np_ratelimit_succeeded(struct np_ratelimit *rl, const char *name)
{
	char kn[132];
	key_of(kn, 'n', name);
	pthread_mutex_lock(&rl->lock);
	struct slot *s = find(rl, kn, 0, false);
	if (s)
		s->failures = 0;
	pthread_mutex_unlock(&rl->lock);
}
