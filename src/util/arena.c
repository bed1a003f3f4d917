/*
 * arena.c - block-chained bump allocator (see arena.h).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

#define ARENA_BLOCK 65536
#define ARENA_ALIGN 16

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

void arena_init(arena *a)
{
	a->head = NULL;
	a->used_total = 0;
	a->failed = 0;
}

void arena_release(arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		licit__free(b);
		b = next;
	}
	arena_init(a);
}

void *arena_alloc(arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (a->failed || need < n)
		return NULL;
	if (!b || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
		struct arena_block *nb = licit__malloc(sizeof(*nb) + size);
		if (!nb) {
			a->failed = 1;
			return NULL;
		}
		nb->size = size;
		nb->used = 0;
		if (b && size != ARENA_BLOCK) {
			/* a big one-off: keep the current block in front */
			nb->next = b->next;
			b->next = nb;
			nb->used = need;
			a->used_total += need;
			return nb->data;
		}
		nb->next = b;
		a->head = b = nb;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->used_total += need;
	return p;
}

void *arena_calloc(arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *d = arena_alloc(a, (size_t)n + 1);
	if (!d)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

void *arena_grow(arena *a, void *old, size_t have, size_t *cap, size_t want,
		 size_t size)
{
	if (want <= *cap)
		return old;
	size_t ncap = *cap ? *cap * 2 : 4;
	while (ncap < want)
		ncap *= 2;
	if (size && ncap > SIZE_MAX / size)
		return NULL;
	void *p = arena_alloc(a, ncap * size);
	if (!p)
		return NULL;
	if (have)
		memcpy(p, old, have * size);
	*cap = ncap;
	return p;
}
