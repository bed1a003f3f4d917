/*
 * hashmap.h - an open-addressing map from byte strings to 32-bit values.
 *
 * Keys are borrowed: the map stores the pointer and length, so the caller
 * keeps each key alive (typically in an arena) for the map's lifetime.
 * Used to join OFAC's address and alias files to their entries, group UK
 * name rows by Group ID, and look up country names. Not thread-safe for
 * writes; concurrent reads of a map no one writes are safe.
 */
#ifndef LICIT_HASHMAP_H
#define LICIT_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct hashmap_slot {
	const char *key; /* NULL: empty */
	uint32_t len;
	uint32_t value;
	uint64_t hash;
} hashmap_slot;

typedef struct hashmap {
	hashmap_slot *slots;
	size_t cap, count;
} hashmap;

void hashmap_init(hashmap *m);
void hashmap_release(hashmap *m);

/*
 * Insert or replace key -> value. Returns 0, or -1 when memory ran out
 * (the map is unchanged).
 */
int hashmap_put(hashmap *m, const char *key, size_t len, uint32_t value);

/* 1 and *value if found, else 0. */
int hashmap_get(const hashmap *m, const char *key, size_t len,
		uint32_t *value);

/* 64-bit FNV-1a with a final mix; stable across runs and platforms. */
uint64_t hash_bytes(const void *p, size_t n);

#endif
