/*
 * testutil.h - helpers shared by the cmocka tests.
 *
 * Real-data tests read ../shared/data in place (LICIT_TEST_DATA). When it is
 * missing they skip, except under CI=true, where they fail: real-data tests
 * never skip silently in CI.
 *
 * The second half serves the list-parser tests (tests/sources): loading a
 * file through source_load_file, looking entities and their names,
 * identifiers, countries, attributes and dates up (the lookups that must
 * find something fail the test when they do not), feeding bytes to one
 * parser, writing files into a temporary folder, and checking detect()
 * against the other real lists.
 */
#ifndef LICIT_TESTUTIL_H
#define LICIT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sources/load.h"

/* The path of `rel` under the real-data folder (static buffer, valid until
 * the next call), or NULL after skipping/failing the test if the folder is
 * missing. */
const char *test_data(const char *rel);

/* A fresh empty temporary directory (static buffer until next call). */
const char *test_tmpdir(void);

/* Remove a directory tree made by test_tmpdir. */
void test_rmtree(const char *dir);

/* Read a whole file into a malloc'd buffer; NULL on failure. */
unsigned char *test_read_file(const char *path, size_t *len);

/* test_read_file of the real file `rel`, failing the test when it cannot
 * be read; NULL when the data folder is missing (the test is skipped). */
unsigned char *test_read_data(const char *rel, size_t *len);

/* ---- loading list files ------------------------------------------------ */

typedef struct test_loaded {
	entity_set set;
	source_result res;
	errinfo err;
	licit_status st;
} test_loaded;

/* source_load_file(path, fmt) into a fresh l->set; l->st is the status.
 * Asserts nothing. The caller releases l->set. */
void test_load(test_loaded *l, const char *path, const source_format *fmt);

/* Load the real file `rel` (under the data folder, format detected): fails
 * the test unless it loads and is detected as `fmt`. Returns 0 when the
 * data folder is missing (the test is skipped). */
int test_load_real(test_loaded *l, const char *rel, const source_format *fmt);

/* test_load_real into a calloc'd test_loaded (NULL when skipped); give it
 * back with test_unload. */
test_loaded *test_load_new(const char *rel, const source_format *fmt);
void test_unload(test_loaded *l);

/* The real file `rel` loaded once into *cache by the first test that asks
 * for it, as test_load_real does (NULL when skipped). Release it in the
 * group teardown with test_cache_release. */
const test_loaded *test_load_cached(test_loaded *cache, const char *rel,
				    const source_format *fmt);
void test_cache_release(test_loaded *cache);

/* Load `path` as `fmt` (NULL: detect) and expect LICIT_EPARSE with a
 * message that starts with the path and holds `where` and `what`; no
 * entity may stay in the set. */
void test_expect_load_error(const char *path, const source_format *fmt,
			    const char *where, const char *what);

/* The four counters of a parse (a macro, so a failure names the test's
 * line). */
#define test_assert_stats(st, n_records, n_entities, n_names, n_skipped)       \
	do {                                                                   \
		assert_int_equal((st).records, (n_records));                   \
		assert_int_equal((st).entities, (n_entities));                 \
		assert_int_equal((st).names, (n_names));                       \
		assert_int_equal((st).skipped, (n_skipped));                   \
	} while (0)

/* ---- parsing bytes ------------------------------------------------------ */

/* Run fmt->parse on data as if read from `path` (no companion files):
 * `set` is initialised here and released by the caller; *ctx keeps the
 * stats, skips, source id and publication date. */
licit_status test_parse_mem(const source_format *fmt, const char *path,
			    const void *data, size_t len, entity_set *set,
			    parse_ctx *ctx, errinfo *err);

/* fmt->parse on data (as read from `path`) fails with LICIT_EPARSE and a
 * message holding "<path>:" and `needle`. */
void test_expect_eparse(const source_format *fmt, const char *path,
			const void *data, size_t len, const char *needle);

/* ---- looking into entities --------------------------------------------- */

/* The entity `id` of the set, or NULL. */
const entity *test_find(const entity_set *s, const char *id);
/* The same, failing the test when there is none. */
const entity *test_get(const entity_set *s, const char *id);

/* e's name `full` (first one spelled so), or NULL / failing the test. */
const ent_name *test_find_name(const entity *e, const char *full);
const ent_name *test_name(const entity *e, const char *full);
/* 1 if e's name `full` is of the given kind. */
int test_has_name(const entity *e, const char *full, int kind);

/* e's identifier `value` of `type` (NULL: any type), or NULL / failing. */
const ent_ident *test_find_ident(const entity *e, const char *type,
				 const char *value);
const ent_ident *test_ident(const entity *e, const char *type,
			    const char *value);

/* 1 if e has country `code` in `role` (negative: any role). */
int test_has_country(const entity *e, int role, const char *code);
/* 1 if e has country `code` listed as `raw`. */
int test_has_country_raw(const entity *e, const char *code, const char *raw);

/* 1 if `s` is one of arr[0..n). */
int test_has_str(const char *const *arr, uint32_t n, const char *s);
int test_has_program(const entity *e, const char *program);
int test_has_list(const entity *e, const char *list);

/* The value of e's `nth` (from 0) attribute `key`, or NULL. */
const char *test_attr_nth(const entity *e, const char *key, size_t nth);
/* Its first one. */
const char *test_attr(const entity *e, const char *key);
/* How many attributes `key` e has. */
size_t test_count_attr(const entity *e, const char *key);
/* 1 if e has the attribute key=value. */
int test_has_attr(const entity *e, const char *key, const char *value);

/* The first date of e in `role`, or NULL. */
const ent_date *test_date_of(const entity *e, int role);
/* d formatted ("YYYY[-MM[-DD]]", "" for none) equals want. */
void test_assert_pdate(pdate d, const char *want);
/* e->dates[i] exists, has `role` and spans from..until ("" for none). */
void test_assert_date_at(const entity *e, uint32_t i, int role,
			 const char *from, const char *until);

/* ---- temporary files ---------------------------------------------------- */

/* The path of `name` in this test program's temporary folder (made on first
 * use; a "sub/file" name gets its subfolder). Static buffer shared with
 * test_write_tmp, valid until the next call. */
const char *test_tmp_path(const char *name);
/* Write data there; returns its path (the same static buffer). */
const char *test_write_tmp(const char *name, const void *data, size_t n);
/* Remove the temporary folder (a cmocka teardown can call this). */
void test_tmp_cleanup(void);

/* ---- detection ---------------------------------------------------------- */

/* fmt->detect gives 0 on each real file rels[0..n). Returns 0 when the data
 * folder is missing (the test is skipped). */
int test_detect_none(const source_format *fmt, const char *const *rels,
		     size_t n);

/* fmt->detect over every file of the real lists folder: a path holding
 * `mine` must score 50 or more, any other 0. Counts both; returns 0 when
 * the data folder is missing (the test is skipped). */
int test_detect_all(const source_format *fmt, const char *mine, int *n_mine,
		    int *n_others);

/* ---- stores (tests/store, tests/api) ------------------------------------ */

/*
 * A fresh, empty store of one backend: "sqlite" (a file in a new temporary
 * folder) or "postgres" (a new schema in the server of $LICIT_TEST_PG,
 * reached by a URL that sets search_path to it). t->dir is a new temporary
 * folder either way (usable as a data directory); t->url is what
 * licit_set_store / store_open take. Without LICIT_TEST_PG the postgres
 * case skips the test, except under CI=true, where it fails: in CI every
 * store test runs on both backends.
 */
typedef struct test_store {
	const char *backend;
	char dir[256];
	char url[2048];
	char schema[64];
} test_store;

void test_store_new(test_store *t, const char *backend);
/* Remove the folder and drop the schema. */
void test_store_free(test_store *t);
/* Run SQL on the store's database directly, bypassing licit (tamper
 * tests); fails the test on an error. */
void test_store_sql(const test_store *t, const char *sql);

/* Two cmocka entries running fn once per backend (the backend name is
 * the test's initial *state). */
#define STORE_TEST(fn)                                                         \
	{#fn "[sqlite]", fn, NULL, NULL, (void *)"sqlite"},                    \
		{#fn "[postgres]", fn, NULL, NULL, (void *)"postgres"}

#endif
