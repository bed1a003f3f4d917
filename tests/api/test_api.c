/*
 * test_api.c - the public API's contracts: misuse, no snapshot yet, a
 * failed import leaving the current snapshot, lookups and entity records
 * on real lists.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "licit.h"
#include "testutil.h"

static void test_misuse(void **state)
{
	(void)state;
	assert_int_equal(licit_open(NULL, NULL, NULL, 0), LICIT_EMISUSE);
	licit_close(NULL);
	licit_free(NULL);
	licit_diff_free(NULL);
	assert_int_equal(licit_import(NULL, NULL, 0), LICIT_EMISUSE);
	assert_string_equal(licit_strerror(LICIT_OK), "success");
	assert_string_equal(licit_strerror(LICIT_ECORRUPT), "corrupt snapshot");
	assert_string_equal(licit_schema_name(LICIT_SCHEMA_VESSEL), "vessel");
}

static void test_no_snapshot(void **state)
{
	(void)state;
	const char *dir = test_tmpdir();
	licit *h;
	assert_int_equal(licit_open(dir, &h, NULL, 0), LICIT_OK);
	assert_null(licit_snapshot_id(h));
	const licit_source_info *src;
	size_t n;
	assert_int_equal(licit_sources(h, &src, &n), LICIT_ENOSNAPSHOT);
	assert_non_null(strstr(licit_last_error(h), "lists import"));
	size_t k;
	assert_int_equal(licit_lookup_exact(h, "x", NULL, 0, &k),
			 LICIT_ENOSNAPSHOT);
	licit_close(h);
	test_rmtree(dir);
}

static void test_failed_import_keeps_snapshot(void **state)
{
	(void)state;
	const char *dpl = test_data("lists/us-bis-dpl/2023/dpl.txt");
	if (!dpl)
		return;
	char dpl_path[4096];
	snprintf(dpl_path, sizeof(dpl_path), "%s", dpl);
	char dir[256];
	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	licit *h;
	assert_int_equal(licit_open(dir, &h, NULL, 0), LICIT_OK);
	const char *paths[] = {dpl_path};
	assert_int_equal(licit_import(h, paths, 1), LICIT_OK);
	char id[65];
	snprintf(id, sizeof(id), "%s", licit_snapshot_id(h));

	char bad[512];
	snprintf(bad, sizeof(bad), "%s/bad.xml", dir);
	FILE *f = fopen(bad, "w");
	assert_non_null(f);
	fputs("<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST><INDIVIDUALS>"
	      "<INDIVIDUAL><DATAID>1",
	      f);
	fclose(f);
	const char *both[] = {dpl_path, bad};
	assert_int_not_equal(licit_import(h, both, 2), LICIT_OK);
	assert_non_null(strstr(licit_last_error(h), "bad.xml"));
	assert_string_equal(licit_snapshot_id(h), id);

	/* a second handle on the same directory sees the same snapshot */
	licit *h2;
	assert_int_equal(licit_open(dir, &h2, NULL, 0), LICIT_OK);
	assert_string_equal(licit_snapshot_id(h2), id);
	const licit_source_info *src;
	size_t n;
	assert_int_equal(licit_sources(h2, &src, &n), LICIT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(src[0].id, "us-bis-dpl");
	assert_int_equal(src[0].entities, 665);
	licit_close(h2);
	licit_close(h);
	test_rmtree(dir);
}

static void test_lookup_and_entity(void **state)
{
	(void)state;
	const char *csl = test_data("lists/us-csl/2022-04-21");
	if (!csl)
		return;
	char path[4096];
	snprintf(path, sizeof(path), "%s", csl);
	char dir[256];
	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	licit *h;
	assert_int_equal(licit_open(dir, &h, NULL, 0), LICIT_OK);
	const char *paths[] = {path};
	assert_int_equal(licit_import(h, paths, 1), LICIT_OK);
	licit_hit hits[4];
	size_t n;
	assert_int_equal(licit_lookup_exact(h, "  nso   GROUP ", hits, 4, &n),
			 LICIT_OK);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].source, "us-csl");
	char *json;
	assert_int_equal(licit_entity_json(h, hits[0].entity_id, &json),
			 LICIT_OK);
	assert_non_null(strstr(json, "Entity List"));
	assert_non_null(strstr(json, "2021-11-04"));
	licit_free(json);
	assert_int_equal(licit_entity_json(h, "us-csl:nope", &json),
			 LICIT_ENOTFOUND);
	licit_close(h);
	test_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_no_snapshot),
		cmocka_unit_test(test_failed_import_keeps_snapshot),
		cmocka_unit_test(test_lookup_and_entity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
