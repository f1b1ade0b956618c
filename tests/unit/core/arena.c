/* Tests for src/core/arena.c: many small allocations, aligned and zeroed, freed in one go. */
#include "helpers.h"

#include "arena.h"

#include <stdalign.h>

static void allocations_are_zeroed_aligned_and_distinct(void **state)
{
	(void)state;
	struct np_arena a = NP_ARENA_INIT;
	unsigned char *prev = NULL;
	for (size_t i = 1; i < 5000; i++) {
		unsigned char *p = np_arena_alloc(&a, i % 97 + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		for (size_t k = 0; k < i % 97 + 1; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xab, i % 97 + 1); /* ASan would see an overlap with the one before */
		assert_true(p != prev);
		prev = p;
	}
	/* larger than a chunk */
	char *big = np_arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	big[(1 << 20) - 1] = 'x';
	np_arena_release(&a);
	assert_null(a.head);
}

static void arrays_refuse_overflowing_sizes(void **state)
{
	(void)state;
	struct np_arena a = NP_ARENA_INIT;
	assert_null(np_arena_array(&a, SIZE_MAX / 2, 16));
	assert_non_null(np_arena_array(&a, 10, 16));
	np_arena_release(&a);
}

static void an_object_owns_its_arena(void **state)
{
	(void)state;
	struct np_arena *arena;
	struct thing {
		char *name;
	} *t = np_arena_new_object(&arena, sizeof *t);
	assert_non_null(t);
	t->name = np_arena_strdup(arena, "cheek_left");
	assert_string_equal(t->name, "cheek_left");
	np_arena_free(arena); /* and with it t and its name: LeakSanitizer checks */
	np_arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(allocations_are_zeroed_aligned_and_distinct),
	    cmocka_unit_test(arrays_refuse_overflowing_sizes),
	    cmocka_unit_test(an_object_owns_its_arena),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
