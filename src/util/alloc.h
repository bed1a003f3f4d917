/*
 * alloc.h - the one allocator every part of the library goes through.
 *
 * licit__malloc and friends wrap the C allocator so tests can make the n-th
 * allocation fail (alloc_fail_after) and check that out-of-memory paths
 * return LICIT_ENOMEM instead of crashing. Nothing here aborts.
 */
#ifndef LICIT_ALLOC_H
#define LICIT_ALLOC_H

#include <stddef.h>

void *licit__malloc(size_t n);
void *licit__calloc(size_t count, size_t size);
void *licit__realloc(void *p, size_t n);
void licit__free(void *p);
char *licit__strdup(const char *s);
char *licit__strndup(const char *s, size_t n);

/*
 * Test hook: after `n` more successful allocations, every allocation fails.
 * A negative n turns the hook off. Not thread-safe; tests only.
 */
void alloc_fail_after(long n);

#endif
