/* The bump allocator: chunks of at least 16 KiB, each allocation rounded to max_align_t. */
#include "arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct np_arena_chunk {
	struct np_arena_chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

void *np_arena_alloc(struct np_arena *arena, size_t size)
{
	const size_t align = alignof(max_align_t);
	if (size > SIZE_MAX / 2)
		return NULL;
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	struct np_arena_chunk *c = arena->head;
	if (c == NULL || c->size - c->used < size) {
		size_t want = size > 16384 ? size : 16384;
		c = malloc(sizeof *c + want);
		if (c == NULL)
			return NULL;
		c->next = arena->head;
		c->used = 0;
		c->size = want;
		arena->head = c;
	}
	void *p = c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

void *np_arena_array(struct np_arena *arena, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / 4 / size)
		return NULL;
	return np_arena_alloc(arena, n * size);
}

char *np_arena_strdup(struct np_arena *arena, const char *text)
{
	size_t n = strlen(text) + 1;
	char *p = np_arena_alloc(arena, n);
	if (p != NULL)
		memcpy(p, text, n);
	return p;
}

void np_arena_release(struct np_arena *arena)
{
	struct np_arena_chunk *c = arena->head;
	while (c != NULL) {
		struct np_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	arena->head = NULL;
}

void *np_arena_new_object(struct np_arena **arena, size_t size)
{
	*arena = calloc(1, sizeof **arena);
	void *object = *arena ? np_arena_alloc(*arena, size) : NULL;
	if (object == NULL) {
		free(*arena);
		*arena = NULL;
	}
	return object;
}

void np_arena_free(struct np_arena *arena)
{
	if (arena == NULL)
		return;
	np_arena_release(arena);
	free(arena);
}
