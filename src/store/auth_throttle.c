/* Failed sign-ins, counted per (name, address) in the database: a stranger who guesses makes
 * only their own address wait, never the clinic; restarts and servers sharing the database see
 * the same count. A try is counted as a failure before its password is checked (and forgiven
 * when it was right), so that guesses sent at once are counted one after another. */
#include "store_internal.h"

#include "needlepoint/error.h"

#include <time.h>

/* A name and address are forgotten a day after their last wait ended (milliseconds). */
#define FORGET_AFTER (24 * 60 * 60 * 1000LL)
/* The longest wait: a quarter of an hour. */
#define LONGEST_WAIT (15 * 60)

int64_t np_throttle_delay(int failures)
{
	/* a typo or two costs nothing; from the fourth failure on, 1 s, then doubling */
	if (failures <= 3)
		return 0;
	int64_t wait = 1;
	for (int i = 4; i < failures && wait < LONGEST_WAIT; i++)
		wait *= 2;
	return wait < LONGEST_WAIT ? wait : LONGEST_WAIT;
}

/* Waits are kept to the millisecond, on the real clock: a wait of a second is a second, not
 * whatever is left of the second the try began in. */
static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

struct reserve_ctx {
	const char *name, *address;
	int64_t now, wait; /* milliseconds */
	int failures;
};

static int reserve(struct np_store *s, const struct np_actor *unused, void *ctx, json_t **out)
{
	(void)unused;
	struct reserve_ctx *c = ctx;
	struct np_db_value key[] = {NP_DB_T(c->name), NP_DB_T(c->address)};
	struct np_db_value old[] = {NP_DB_I(c->now - FORGET_AFTER)};
	NP_TRY(np_db_run(s->db, NP_SQL_THROTTLE_FORGET, old, 1, NULL));
	NP_TRY(np_db_run(s->db, NP_SQL_THROTTLE_MAKE, key, 2, NULL));
	struct np_db_result *r = NULL;
	NP_TRY(np_db_query(s->db, &r, NP_SQL_THROTTLE_GET, key, 2));
	int failures = (int)np_db_int(r, 0, 0);
	int64_t next_at = np_db_int(r, 0, 1);
	np_db_result_free(r);
	if (next_at > c->now) {
		c->wait = next_at - c->now;
		c->failures = failures;
		return np_store_answer(out, json_object());
	}
	c->failures = failures + 1;
	c->wait = 0;
	struct np_db_value set[] = {NP_DB_T(c->name), NP_DB_T(c->address), NP_DB_I(c->failures),
	                            NP_DB_I(c->now + 1000 * np_throttle_delay(c->failures))};
	NP_TRY(np_db_run(s->db, NP_SQL_THROTTLE_SET, set, 4, NULL));
	return np_store_answer(out, json_object());
}

int np_throttle_reserve(struct np_store *s, const char *name, const char *address, int *failures,
                        int64_t *wait)
{
	struct reserve_ctx c = {name, address && *address ? address : "-", now_ms(), 0, 0};
	json_t *out = NULL;
	NP_TRY(np_store_tx(s, NULL, 0, "sign in", reserve, &c, &out));
	json_decref(out);
	*failures = c.failures;
	*wait = (c.wait + 999) / 1000; /* whole seconds, rounded up */
	if (c.wait > 0)
		return np_error_set(NP_ETHROTTLED,
		                    "too many failed sign-ins for this name from this address: try "
		                    "again in %lld seconds",
		                    (long long)*wait);
	return 0;
}

int np_throttle_clear(struct np_store *s, const char *name, const char *address)
{
	struct np_db_value key[] = {NP_DB_T(name), NP_DB_T(address && *address ? address : "-")};
	return np_db_run(s->db, NP_SQL_THROTTLE_CLEAR, key, 2, NULL);
}
