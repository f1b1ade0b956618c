/* Group commit: acts of several workers written many to a transaction by one writer, each
 * answered once durable; one that fails undoes only itself; a refusal comes back whole; the chain
 * stays exact. SQLite (PostgreSQL groups its own commits: no group is made for it). Run by
 * records.c. */
#include "fixture.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct worker {
	struct np_store_group *group;
	int n, made, read, refused_input;
	bool bad; /* also sends input that is refused, in the same batches as the others */
	const struct np_actor *as;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct np_store *s = fx_open();
	np_store_join(s, w->group);
	for (int i = 0; i < w->n; i++) {
		json_t *out = NULL, *in = json_pack("{s:s}", "name", "grouped client");
		if (np_client_add(&out, s, w->as, in) == 0) {
			int64_t id = json_integer_value(json_object_get(out, "id"));
			w->made++;
			json_decref(out);
			if (np_client_show(&out, s, w->as, id) == 0)
				w->read++;
			json_decref(out);
		}
		json_decref(in);
		if (w->bad) {
			in = json_pack("{s:i}", "name", 12);
			w->refused_input += np_client_add(&out, s, w->as, in) == NP_EINVAL &&
			                    strstr(np_error_last(), "name") != NULL;
			json_decref(in);
		}
	}
	np_store_close(s);
	return NULL;
}

void acts_are_written_many_to_a_commit(void **state)
{
	struct np_store *s = *state;
	struct np_store_group *g = NULL;
	assert_int_equal(np_store_group_start(&g, fx_target(), fx_pack(), NULL), 0);
	if (strstr(fx_target(), "://")) {
		assert_null(g); /* PostgreSQL: its own commits */
		return;
	}
	struct fx_clinic c;
	fx_clinic(s, &c, false);
	enum { WORKERS = 6, EACH = 20 };
	pthread_t t[WORKERS];
	struct worker w[WORKERS];
	for (int i = 0; i < WORKERS; i++) {
		w[i] = (struct worker){g, EACH, 0, 0, 0, i == 0, &c.practitioner};
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	for (int i = 0; i < WORKERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].made, EACH);
		assert_int_equal(w[i].read, EACH);
	}
	assert_int_equal(w[0].refused_input, EACH);
	long commits = 0, acts = 0;
	np_store_group_stats(g, &commits, &acts);
	/* every write, read and refused write went through the writer, in fewer commits */
	assert_true(acts >= WORKERS * EACH * 2 + EACH);
	if (commits >= acts)
		fail_msg("%ld commits for %ld acts: nothing was grouped", commits, acts);
	/* a refusal comes back whole, its list included, to the worker that asked */
	struct np_store *mine = fx_open();
	np_store_join(mine, g);
	int64_t client = fx_ready_client(mine, &c, "2027-01-10");
	int64_t unit = fx_lot(mine, &c, 1, true), pen = fx_pen(mine, &c);
	json_t *out = NULL, *in = fx_session("2027-01-10", pen, unit, "forehead", 0.5);
	assert_int_equal(np_session_log(&out, mine, &c.practitioner, client, in), 0);
	json_decref(out);
	fx_error(np_session_log(&out, mine, &c.practitioner, client, in), NP_EREFUSED, "refused");
	assert_string_equal(fx_refused_codes(), "rest,unit_reused");
	json_decref(in);
	np_store_close(mine);
	np_store_group_stop(g);
	/* one exact chain: every act of every worker is there, once */
	json_t *list = NULL;
	assert_int_equal(np_audit_list(&list, s, &c.admin, 1000), 0);
	size_t created = 0, read = 0, i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		const char *action = json_string_value(json_object_get(e, "action")),
		           *entity = json_string_value(json_object_get(e, "entity"));
		created += strcmp(action, "create") == 0 && strcmp(entity, "client") == 0;
		read += strcmp(action, "read") == 0 && strcmp(entity, "client") == 0;
	}
	json_decref(list);
	assert_int_equal(created, WORKERS * EACH + 1);
	assert_int_equal(read, WORKERS * EACH);
	fx_audit_ok(s, &c.admin);
}
