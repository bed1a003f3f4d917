/*
 * hashmap.c - linear-probing hash map over borrowed byte-string keys.
 */
#include "hashmap.h"

#include <string.h>

#include "alloc.h"
#include "banned.h"

uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

void hashmap_init(hashmap *m)
{
	m->slots = NULL;
	m->cap = m->count = 0;
}

void hashmap_release(hashmap *m)
{
	licit__free(m->slots);
	hashmap_init(m);
}

static hashmap_slot *find_slot(hashmap_slot *slots, size_t cap,
			       const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	for (;;) {
		hashmap_slot *s = &slots[i];
		if (!s->key)
			return s;
		if (s->hash == h && s->len == len && !memcmp(s->key, key, len))
			return s;
		i = (i + 1) & (cap - 1);
	}
}

static int grow(hashmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64;
	hashmap_slot *ns = licit__calloc(ncap, sizeof(*ns));
	if (!ns)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		hashmap_slot *s = &m->slots[i];
		if (s->key)
			*find_slot(ns, ncap, s->key, s->len, s->hash) = *s;
	}
	licit__free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	return 0;
}

int hashmap_put(hashmap *m, const char *key, size_t len, uint32_t value)
{
	if ((m->count + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return -1;
	uint64_t h = hash_bytes(key, len);
	hashmap_slot *s = find_slot(m->slots, m->cap, key, len, h);
	if (!s->key) {
		s->key = key;
		s->len = (uint32_t)len;
		s->hash = h;
		m->count++;
	}
	s->value = value;
	return 0;
}

int hashmap_get(const hashmap *m, const char *key, size_t len, uint32_t *value)
{
	if (!m->cap)
		return 0;
	uint64_t h = hash_bytes(key, len);
	hashmap_slot *s = find_slot(m->slots, m->cap, key, len, h);
	if (!s->key)
		return 0;
	*value = s->value;
	return 1;
}
