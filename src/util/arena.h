/*
 * arena.h - bump allocation for data that dies all at once.
 *
 * An import parses every list into one arena and frees it in one call; a
 * request works in its own arena. Memory comes in blocks from licit__malloc;
 * nothing is freed individually. An arena is not thread-safe.
 *
 * Allocation failure is sticky: after the first failure arena_alloc returns
 * NULL and `failed` stays set, so a long series of allocations can be checked
 * once at the end.
 */
#ifndef LICIT_ARENA_H
#define LICIT_ARENA_H

#include <stddef.h>

struct arena_block;

typedef struct arena {
	struct arena_block *head;
	size_t used_total; /* bytes handed out, for reporting */
	int failed;
} arena;

#define ARENA_INIT { NULL, 0, 0 }

void arena_init(arena *a);
/* Free every block. The arena can be reused afterwards. */
void arena_release(arena *a);

/* `n` bytes aligned for any type, or NULL (and a->failed set) on failure. */
void *arena_alloc(arena *a, size_t n);
/* Zeroed allocation. */
void *arena_calloc(arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Grow an array living in the arena: returns a pointer to space for `want`
 * elements of `size` bytes holding the first `have` elements of `old`
 * (copied if it moved). *cap is updated. Old storage is simply abandoned.
 */
void *arena_grow(arena *a, void *old, size_t have, size_t *cap, size_t want,
		 size_t size);

#endif
