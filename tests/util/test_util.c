/*
 * test_util.c - arena, buf, hashmap, utf8, sha256 and the allocator hook.
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/hashmap.h"
#include "util/sha256.h"
#include "util/utf8.h"

static void test_buf_cap(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 8);
	buf_addstr(&b, "12345678");
	assert_true(buf_ok(&b));
	assert_string_equal(buf_str(&b), "12345678");
	buf_addch(&b, '9');
	assert_false(buf_ok(&b));
	assert_int_equal(b.len, 8); /* content kept as it was */
	buf_reset(&b);
	buf_addf(&b, "%d-%s", 42, "x");
	assert_string_equal(buf_str(&b), "42-x");
	buf_release(&b);
}

static void test_arena(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	char *s = arena_strndup(&a, "hello world", 5);
	assert_string_equal(s, "hello");
	void *big = arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % 16, 0);
	size_t cap = 0;
	int *v = NULL;
	for (int i = 0; i < 1000; i++) {
		v = arena_grow(&a, v, (size_t)i, &cap, (size_t)i + 1, sizeof(*v));
		v[i] = i;
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	assert_string_equal(arena_printf(&a, "%s:%d", "id", 7), "id:7");
	arena_release(&a);
}

static void test_arena_oom_is_sticky(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	alloc_fail_after(0);
	assert_null(arena_alloc(&a, 10));
	alloc_fail_after(-1);
	assert_null(arena_alloc(&a, 10)); /* sticky */
	assert_true(a.failed);
	arena_release(&a);
}

static void test_hashmap(void **state)
{
	(void)state;
	hashmap m;
	hashmap_init(&m);
	char keys[5000][8];
	for (int i = 0; i < 5000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		assert_int_equal(hashmap_put(&m, keys[i], strlen(keys[i]),
					     (uint32_t)i * 3),
				 0);
	}
	for (int i = 0; i < 5000; i++) {
		uint32_t v;
		assert_true(hashmap_get(&m, keys[i], strlen(keys[i]), &v));
		assert_int_equal(v, (uint32_t)i * 3);
	}
	uint32_t v;
	assert_false(hashmap_get(&m, "nope", 4, &v));
	assert_int_equal(m.count, 5000);
	hashmap_release(&m);
}

static void test_utf8(void **state)
{
	(void)state;
	const unsigned char ok[] = "Ren\xC3\xA9 \xD0\x9F\xD1\x83\xD1\x82";
	assert_int_equal(utf8_invalid_at(ok, sizeof(ok) - 1), sizeof(ok) - 1);
	const unsigned char latin1[] = "Ren\xE9 Dupont";
	assert_int_equal(utf8_invalid_at(latin1, sizeof(latin1) - 1), 3);
	const unsigned char overlong[] = "a\xC0\xAF";
	assert_int_equal(utf8_invalid_at(overlong, 3), 1);
	const unsigned char surrogate[] = "\xED\xA0\x80";
	assert_int_equal(utf8_invalid_at(surrogate, 3), 0);
	const unsigned char cut[] = "ab\xE2\x82";
	assert_int_equal(utf8_invalid_at(cut, 4), 2);
	buf b;
	buf_init(&b, 0);
	utf8_from_cp1252(&b, latin1, sizeof(latin1) - 1);
	assert_string_equal(buf_str(&b), "Ren\xC3\xA9 Dupont");
	buf_reset(&b);
	utf8_from_cp1252(&b, (const unsigned char *)"\x80", 1);
	assert_string_equal(buf_str(&b), "\xE2\x82\xAC"); /* euro sign */
	buf_release(&b);
}

static void test_sha256(void **state)
{
	(void)state;
	uint8_t d[32];
	char hex[65];
	assert_int_equal(sha256("abc", 3, d), 0);
	sha256_hex(d, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
}

static void test_alloc_hook(void **state)
{
	(void)state;
	alloc_fail_after(1);
	void *a = licit__malloc(8);
	void *b = licit__malloc(8);
	alloc_fail_after(-1);
	assert_non_null(a);
	assert_null(b);
	licit__free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_arena_oom_is_sticky),
		cmocka_unit_test(test_hashmap),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_alloc_hook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
