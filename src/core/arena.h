/* A bump allocator: many small allocations freed in one go (a loaded pack, one result). */
#ifndef NP_ARENA_H
#define NP_ARENA_H

#include <stddef.h>

struct np_arena_chunk;

struct np_arena {
	struct np_arena_chunk *head;
};

#define NP_ARENA_INIT                                                                              \
	{                                                                                          \
		NULL                                                                               \
	}

/* Zeroed memory owned by the arena, aligned for any type; NULL when out of memory. */
void *np_arena_alloc(struct np_arena *arena, size_t size);
/* An array of n zeroed elements, with overflow checked. */
void *np_arena_array(struct np_arena *arena, size_t n, size_t size);
/* A copy of text owned by the arena. */
char *np_arena_strdup(struct np_arena *arena, const char *text);
void np_arena_release(struct np_arena *arena);

/* A result that owns everything it points to: a zeroed object of size bytes inside a new arena of
 * its own, which *arena receives. NULL when out of memory. */
void *np_arena_new_object(struct np_arena **arena, size_t size);
/* Free an arena made by np_arena_new_object, with the object and all else in it; NULL is fine. */
void np_arena_free(struct np_arena *arena);

#endif
