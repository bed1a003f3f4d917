/*
 * test_dpl_txt.c - the BIS Denied Persons List parser, on the real 2019,
 * 2022 and 2023 dpl.txt files and on broken inputs.
 *
 * Expected numbers were counted on the raw files with Python's csv module
 * (tab-separated, one header row): 546, 581 and 665 data rows, one entity
 * each. The expected ids were computed independently in Python: the first
 * 16 hex digits of sha256("<name lowercased, runs of non-alphanumerics as
 * one space>|<street, or 'city, country' when there is none>|<effective
 * date>"), "-2" for a repeat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sources/load.h"
#include "sources/source.h"

#define HEADER                                                                 \
	"\"Name\"\t\"Street_Address\"\t\"City\"\t\"State\"\t\"Country\"\t"     \
	"\"Postal_Code\"\t\"Effective_Date\"\t\"Expiration_Date\"\t"           \
	"\"Standard_Order\"\t\"Last_Update\"\t\"Action\"\t\"FR_Citation\"\n"

#define ROW_VILLA                                                              \
	"\"AARON ABRAHAM VILLA\"\t\"3415 RIVERA AVENUE\"\t\"EL PASO\"\t"       \
	"\"TX\"\t\"\"\t\"79905\"\t\"08/24/2022\"\t\"01/14/2026\"\t\"Y\"\t"     \
	"\"2022-08-29\"\t\"F.R. NOTICE ADDED\"\t\"87 F.R. 52741 8/29/2022\"\n"

/* ---- helpers ------------------------------------------------------------ */

static test_loaded *load_year(const char *year)
{
	char rel[64];
	snprintf(rel, sizeof(rel), "lists/us-bis-dpl/%s/dpl.txt", year);
	test_loaded *l = test_load_new(rel, &fmt_dpl_txt);
	if (l)
		assert_string_equal(l->res.source_id, "us-bis-dpl");
	return l;
}

static void expect_eparse(const char *data, size_t len, const char *needle)
{
	test_expect_eparse(&fmt_dpl_txt, "bad.txt", data, len, needle);
}

/* ---- the real files ----------------------------------------------------- */

static void check_counts(const char *year, uint64_t rows)
{
	test_loaded *l = load_year(year);
	if (!l)
		return;
	test_assert_stats(l->res.stats, rows, rows, rows, 0);
	assert_string_equal(l->res.published, ""); /* the file has no date */
	for (size_t i = 0; i < l->set.n; i++) {
		const entity *e = l->set.items[i];
		assert_true(!strncmp(e->id, "us-bis-dpl:", 11));
		assert_int_equal(e->n_lists, 1);
		assert_true(e->schema == LICIT_SCHEMA_PERSON ||
			    e->schema == LICIT_SCHEMA_ORGANIZATION);
		assert_true(e->listed.year >= 1970); /* every row has one */
	}
	test_unload(l);
}

static void test_counts(void **state)
{
	(void)state;
	check_counts("2019", 546);
	check_counts("2022", 581);
	check_counts("2023", 665);
}

static void test_entry(void **state)
{
	(void)state;
	test_loaded *l = load_year("2023");
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-bis-dpl:e38f0590fa08d14e");
	assert_string_equal(ent_primary_name(e), "AARON ABRAHAM VILLA");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_int_equal(e->origin_line, 3);
	assert_string_equal(e->lists[0], "Denied Persons List (DPL) - Bureau "
					 "of Industry and Security");
	test_assert_pdate(e->listed, "2022-08-24");
	assert_int_equal(e->n_addrs, 1);
	assert_string_equal(e->addrs[0].full, "3415 RIVERA AVENUE");
	assert_string_equal(e->addrs[0].city, "EL PASO");
	assert_string_equal(e->addrs[0].region, "TX");
	assert_string_equal(e->addrs[0].postal, "79905");
	assert_string_equal(e->addrs[0].country, "");
	assert_string_equal(test_attr(e, "effective_date"), "08/24/2022");
	assert_string_equal(test_attr(e, "expiration_date"), "01/14/2026");
	assert_string_equal(test_attr(e, "standard_order"), "Y");
	assert_string_equal(test_attr(e, "last_update"), "2022-08-29");
	assert_string_equal(test_attr(e, "action"), "F.R. NOTICE ADDED");
	assert_string_equal(test_attr(e, "federal_register_notice"),
			    "87 F.R. 52741 8/29/2022");

	/* a company by its legal form, with a US address */
	e = test_get(&l->set, "us-bis-dpl:e77fca146c7ebb7e");
	assert_string_equal(ent_primary_name(e), "MYNET.NET CORP");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_string_equal(e->addrs[0].full, "605 TRAIL LAKE DRIVE");
	assert_string_equal(e->addrs[0].country, "US");
	test_assert_pdate(e->listed, "2002-03-04");
	assert_string_equal(test_attr(e, "action"), "DENIED UNTIL 2056");
	test_unload(l);
}

/* Ids do not depend on the row's position: the same orders in 2019 and
 * 2023, with ALI M HIJAZI's two street-less addresses in swapped order. */
static void test_ids_stable(void **state)
{
	(void)state;
	static const char *const ids[] = {
	    "us-bis-dpl:e77fca146c7ebb7e", /* MYNET.NET CORP */
	    "us-bis-dpl:522c566a5a48af13",
	    "us-bis-dpl:73dc2e95f9b507c0", /* ALI M HIJAZI, Haute Savoie */
	    "us-bis-dpl:3d54a5fc858c4bcf", /* ALI M HIJAZI, Geneva */
	    "us-bis-dpl:af498c5c71a32772", /* ALI M HIJAZI, Tripoli */
	    "us-bis-dpl:4696e226934ee3b1", /* DAQING ZHOU, twice */
	    "us-bis-dpl:4696e226934ee3b1-2",
	};
	test_loaded *a = load_year("2019");
	if (!a)
		return;
	test_loaded *b = load_year("2023");
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const entity *x = test_get(&a->set, ids[i]),
			     *y = test_get(&b->set, ids[i]);
		assert_string_equal(ent_primary_name(x), ent_primary_name(y));
		assert_string_equal(x->addrs[0].country, y->addrs[0].country);
	}
	const entity *geneva = test_get(&b->set, "us-bis-dpl:3d54a5fc858c4bcf");
	assert_string_equal(geneva->addrs[0].city, "GENEVA");
	assert_string_equal(geneva->addrs[0].country, "CH");
	assert_int_equal(
	    test_get(&a->set, "us-bis-dpl:73dc2e95f9b507c0")->origin_line, 58);
	assert_int_equal(
	    test_get(&b->set, "us-bis-dpl:73dc2e95f9b507c0")->origin_line, 59);
	/* ids are unique */
	for (size_t i = 0; i < b->set.n; i++)
		for (size_t j = i + 1; j < b->set.n; j++)
			assert_string_not_equal(b->set.items[i]->id,
						b->set.items[j]->id);
	test_unload(a);
	test_unload(b);
}

/* Last_Update typos (year 3017) stay as written and do not fail. */
static void test_bad_last_update(void **state)
{
	(void)state;
	test_loaded *l = load_year("2022");
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-bis-dpl:687c2e3157c59563");
	assert_string_equal(ent_primary_name(e), "MANSOUR ZADEH");
	assert_string_equal(test_attr(e, "last_update"), "3017-08-22");
	test_assert_pdate(e->listed, "2017-08-10");
	assert_string_equal(test_attr(e, "expiration_date"), "12/14/2026");
	test_unload(l);
}

static void test_detect(void **state)
{
	(void)state;
	int mine, others;
	if (!test_detect_all(&fmt_dpl_txt, "us-bis-dpl/", &mine, &others))
		return;
	assert_int_equal(mine, 3);
	assert_true(others > 10);
}

/* ---- bad and unusual inputs --------------------------------------------- */

static void test_empty_html(void **state)
{
	(void)state;
	expect_eparse("", 0, "empty file");
	const char *html = "<html><head><title>404</title></head><body>Not "
			   "Found</body></html>\n";
	expect_eparse(html, strlen(html), "HTML");
}

static void test_missing_column(void **state)
{
	(void)state;
	const char *data = "\"Name\"\t\"Street_Address\"\t\"City\"\n"
			   "\"X\"\t\"Y\"\t\"Z\"\n";
	expect_eparse(data, strlen(data), "missing column \"Effective_Date\"");
	expect_eparse(data, strlen(data), "bad.txt:1:");
}

static void test_truncated(void **state)
{
	(void)state;
	const char *full = HEADER ROW_VILLA;
	const char *cut = strstr(full, "RIVERA");
	expect_eparse(full, (size_t)(cut - full), "unterminated");
	expect_eparse(full, (size_t)(cut - full), "bad.txt:2:");
	cut = strstr(full, "\"Y\"");
	expect_eparse(full, (size_t)(cut - full), "truncated");
}

/* A row with a missing column is skipped (and reported), not fatal. */
static void test_short_row_skipped(void **state)
{
	(void)state;
	const char *data = HEADER "\"SHORT\"\t\"1 MAIN ST\"\n" ROW_VILLA;
	entity_set set;
	errinfo err;
	parse_ctx ctx;
	assert_int_equal(test_parse_mem(&fmt_dpl_txt, "bad.txt", data,
					strlen(data), &set, &ctx, &err),
			 LICIT_OK);
	assert_int_equal(ctx.stats.records, 2);
	assert_int_equal(ctx.stats.skipped, 1);
	assert_int_equal(ctx.stats.entities, 1);
	assert_string_equal(set.items[0]->id, "us-bis-dpl:e38f0590fa08d14e");
	assert_int_equal(set.items[0]->origin_line, 3);
	entity_set_release(&set);
}

/* The publisher's legacy 8-bit text is read as Windows-1252; unquoted
 * fields and a missing final line break are fine. */
static void test_cp1252(void **state)
{
	(void)state;
	const char *data = "Name\tStreet_Address\tCity\tState\tCountry\t"
			   "Postal_Code\tEffective_Date\tExpiration_Date\t"
			   "Standard_Order\tLast_Update\tAction\tFR_Citation\n"
			   "JOS\xc9 MU\xd1OZ\t\tMADRID\t\tES\t\t13/45/2020\t"
			   "\tN\t3017-01-01\t\t"
			   "\n"
			   "ACME TRADING CO.\tCALLE 1\tMADRID\t\tES\t28001\t"
			   "01/02/2020\t\t\t\t\t";
	entity_set set;
	errinfo err;
	parse_ctx ctx;
	assert_int_equal(test_parse_mem(&fmt_dpl_txt, "bad.txt", data,
					strlen(data), &set, &ctx, &err),
			 LICIT_OK);
	assert_int_equal(set.n, 2);
	const entity *e = set.items[0];
	assert_string_equal(ent_primary_name(e), "JOS\xc3\x89 MU\xc3\x91OZ");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_int_equal(e->listed.year, 0); /* 13/45/2020 is no date */
	assert_string_equal(test_attr(e, "effective_date"), "13/45/2020");
	assert_string_equal(e->addrs[0].country, "ES");
	e = set.items[1];
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	test_assert_pdate(e->listed, "2020-01-02");
	entity_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_entry),
	    cmocka_unit_test(test_ids_stable),
	    cmocka_unit_test(test_bad_last_update),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_empty_html),
	    cmocka_unit_test(test_missing_column),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_short_row_skipped),
	    cmocka_unit_test(test_cp1252),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
