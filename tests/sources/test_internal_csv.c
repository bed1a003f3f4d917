/*
 * test_internal_csv.c - the internal block list format
 * (docs/internal-list.md): the example file shipped in data/examples,
 * spreadsheet quirks, rows skipped with reasons, and files refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sources/load.h"
#include "sources/source.h"

static licit_status parse_mem(const char *path, const char *data,
			      entity_set *set, parse_ctx *ctx, errinfo *err)
{
	return test_parse_mem(&fmt_internal_csv, path, data, strlen(data), set,
			      ctx, err);
}

static void expect_eparse(const char *path, const char *data,
			  const char *where)
{
	test_expect_eparse(&fmt_internal_csv, path, data, strlen(data), where);
}

/* ---------------------------------------------------- the example file */

static void test_example_file(void **state)
{
	(void)state;
	const char *src = getenv("LICIT_SOURCE_DIR");
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/examples/internal-blocklist.csv",
		 src ? src : ".");
	entity_set set;
	source_result res;
	errinfo err;
	entity_set_init(&set);
	if (source_load_file(path, NULL, &set, &res, &err) != LICIT_OK)
		fail_msg("%s", err.msg);
	assert_ptr_equal(res.format, &fmt_internal_csv);
	assert_string_equal(res.source_id, "internal-example");
	assert_string_equal(res.published, "2025-01-15");
	assert_int_equal(res.published_from_path, 0);
	test_assert_stats(res.stats, 4, 4, 9, 0);

	const entity *e = test_get(&set, "internal-example:C-0001");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_int_equal(e->origin_line, 3);
	assert_string_equal(ent_primary_name(e),
			    "Northwind Precision Trading FZE");
	assert_true(test_has_name(e, "NPT FZE", NAME_STRONG));
	assert_true(test_has_country_raw(e, "AE", "AE"));
	assert_non_null(test_find_ident(e, "registration", "FZE-48213"));
	test_assert_pdate(e->listed, "2024-03-02");
	assert_string_equal(e->remarks,
			    "Re-exported controlled CNC parts, case 2024-17");
	assert_string_equal(e->programs[0], "Diversion risk");
	assert_string_equal(e->lists[0], "Internal block list");

	e = test_get(&set, "internal-example:C-0002");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_int_equal(e->n_names, 3);
	assert_true(test_has_name(e, "Иван Примеров-Петров", NAME_STRONG));
	assert_true(test_has_country_raw(e, "RU", "RU"));
	assert_true(test_has_country_raw(e, "CY", "Cyprus"));
	assert_int_equal(e->n_dates, 1);
	assert_int_equal(e->dates[0].role, DATE_BIRTH);
	test_assert_pdate(e->dates[0].date, "1971-05");
	assert_non_null(test_find_ident(e, "passport", "7100123456"));
	assert_non_null(test_find_ident(e, "tax-id", "771234567890"));
	assert_int_equal(e->n_programs, 2);
	/* an empty list cell takes the default */
	assert_string_equal(e->lists[0], "Internal block list");

	e = test_get(&set, "internal-example:C-0003");
	assert_int_equal(e->schema, LICIT_SCHEMA_VESSEL);
	assert_non_null(test_find_ident(e, "imo", "IMO9999997"));
	assert_non_null(test_find_ident(e, "mmsi", "352000999"));
	assert_string_equal(e->lists[0], "Maritime watch list");

	/* the schema defaults to organization; ";" inside remarks is text */
	e = test_get(&set, "internal-example:C-0004");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_true(test_has_country_raw(e, "HK", "Hong Kong"));
	assert_string_equal(e->remarks, "Vendor audit failed; do not onboard");
	entity_set_release(&set);
}

static void test_detect(void **state)
{
	(void)state;
	static const char ok[] = "\xEF\xBB\xBF#licit-internal-list v1\n"
				 "id,name\n";
	assert_int_equal(fmt_internal_csv.detect("x.csv", (const void *)ok,
						 sizeof(ok) - 1),
			 100);
	/* a plain id,name CSV is not enough: the marker decides */
	static const char plain[] = "id,name\n1,Acme\n";
	assert_int_equal(fmt_internal_csv.detect("internal.csv",
						 (const void *)plain,
						 sizeof(plain) - 1),
			 0);
	static const char *const real[] = {
		"lists/opensanctions/ua_war_sanctions_targets.simple.csv",
		"lists/opensanctions/t1_entities.ftm.json",
	};
	test_detect_none(&fmt_internal_csv, real, 2);
}

/* ----------------------------------------------------- lenient parts */

static void test_spreadsheet_quirks(void **state)
{
	(void)state;
	/* BOM, CRLF, padded marker and header, a short row, empty rows, a
	 * header in another case; the source id comes from the file name */
	static const char data[] =
		"\xEF\xBB\xBF#licit-internal-list v1,,,\r\n"
		"ID,Name,Schema,Aliases,,\r\n"
		"P-1,Jane Example,person,Jane Ex; J. Example ,,\r\n"
		",,,,,\r\n"
		"P-2,Acme Example Ltd\r\n"
		"\r\n";
	entity_set set;
	parse_ctx ctx;
	errinfo err;
	assert_int_equal(parse_mem("/tmp/Internal_Blocked-Parties.csv", data,
				   &set, &ctx, &err),
			 LICIT_OK);
	assert_string_equal(ctx.source_id, "internal-blocked-parties");
	assert_string_equal(ctx.published, "");
	assert_int_equal(ctx.stats.records, 2);
	assert_int_equal(ctx.stats.entities, 2);
	assert_int_equal(ctx.stats.skipped, 0);
	const entity *e = test_get(&set, "internal-blocked-parties:P-1");
	assert_int_equal(e->origin_line, 3);
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_true(test_has_name(e, "J. Example", NAME_STRONG));
	assert_int_equal(e->n_names, 3);
	e = test_get(&set, "internal-blocked-parties:P-2");
	assert_int_equal(e->origin_line, 5);
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	entity_set_release(&set);
}

/* --------------------------------------------------------- row skips */

static void test_skips(void **state)
{
	(void)state;
	static const char data[] =
		"#licit-internal-list v1 source=t\n"
		"id,name,schema,birth_date,listed_on,identifiers\n"
		"1,Good One,person,1960,2020-01-02,passport:X1;Y2\n"
		",No Id,,,,\n"
		"2,,,,,\n"
		"3,Bad Schema,company,,,\n"
		"4,Bad Birth,person,sometime,,\n"
		"5,Bad Listed,,,2020-13-01,\n"
		"6,Bad Ident,,,,pass/port:1\n"
		"1,Same Id Again,,,,\n"
		"7,Too Many,,,,,surplus\n"
		"8,\"Quoted, with comma\",,,,national id:AB 1\n";
	entity_set set;
	parse_ctx ctx;
	errinfo err;
	assert_int_equal(parse_mem("t.csv", data, &set, &ctx, &err), LICIT_OK);
	assert_string_equal(ctx.source_id, "internal-t");
	assert_int_equal(ctx.stats.records, 10);
	assert_int_equal(ctx.stats.entities, 2);
	assert_int_equal(ctx.stats.skipped, 8);
	static const struct {
		uint64_t line;
		const char *reason;
	} want[] = {
		{4, "missing id"},
		{5, "'2': missing name"},
		{6, "'3': unknown schema 'company'"},
		{7, "'4': birth_date 'sometime' is not a date"},
		{8, "'5': listed_on '2020-13-01' is not a date"},
		{9, "'6': identifier 'pass/port:1' is not type:value"},
		{10, "duplicate id '1' (first used on line 3)"},
		{11, "expected 6 fields, found 7"},
	};
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(ctx.skips[i].line, want[i].line);
		if (!strstr(ctx.skips[i].reason, want[i].reason))
			fail_msg("skip %zu: '%s'", i, ctx.skips[i].reason);
		assert_string_equal(ctx.skips[i].file, "t.csv");
	}
	const entity *e = test_get(&set, "internal-t:1");
	assert_non_null(test_find_ident(e, "passport", "X1"));
	assert_non_null(test_find_ident(e, "other", "Y2"));
	test_assert_pdate(e->dates[0].date, "1960");
	test_assert_pdate(e->listed, "2020-01-02");
	e = test_get(&set, "internal-t:8");
	assert_string_equal(ent_primary_name(e), "Quoted, with comma");
	assert_non_null(test_find_ident(e, "national-id", "AB 1"));
	entity_set_release(&set);
}

/* ---------------------------------------------------- files refused */

static void test_refused(void **state)
{
	(void)state;
	expect_eparse("e.csv", "", "e.csv:1: empty file");
	expect_eparse("h.csv",
		      "<!DOCTYPE html><html><body>Sign in</body></html>",
		      "h.csv:1: an HTML page");
	expect_eparse("nomarker.csv", "id,name\n1,Acme\n",
		      "nomarker.csv:1: expected the marker line");
	expect_eparse("v2.csv", "#licit-internal-list v2\nid,name\n",
		      "v2.csv:1: unsupported version 'v2'");
	expect_eparse("nov.csv", "#licit-internal-list\nid,name\n",
		      "nov.csv:1: the marker line needs a version");
	expect_eparse("attr.csv", "#licit-internal-list v1 owner=me\nid,name\n",
		      "attr.csv:1: unknown attribute 'owner=me'");
	expect_eparse("src.csv", "#licit-internal-list v1 source=Bad_Id\n"
				 "id,name\n",
		      "src.csv:1: source=Bad_Id");
	expect_eparse("pub.csv", "#licit-internal-list v1 published=2025\n"
				 "id,name\n",
		      "pub.csv:1: published=2025");
	expect_eparse("hdr.csv", "#licit-internal-list v1\n",
		      "hdr.csv:2: expected the header row");
	expect_eparse("miss.csv", "#licit-internal-list v1\nid,aliases\n"
				  "1,x\n",
		      "miss.csv:2: missing required column 'name'");
	expect_eparse("unk.csv", "#licit-internal-list v1\nid,name,nickname\n",
		      "unk.csv:2: unknown column 'nickname'");
	expect_eparse("twice.csv", "#licit-internal-list v1\nid,name,Name\n",
		      "twice.csv:2: column 'name' appears twice");
	expect_eparse("l1.csv", "#licit-internal-list v1\nid,name\n1,Jos\xe9\n",
		      "l1.csv:3: byte 37: invalid UTF-8");
	expect_eparse("q.csv", "#licit-internal-list v1\nid,name\n1,A\n"
			       "2,\"Unterminated\n",
		      "q.csv:4: unterminated quoted field");
	expect_eparse("cut.csv", "#licit-internal-list v1\n"
				 "id,name,schema,country\n1,A,person,DE\n2,B",
		      "cut.csv:4: expected 4 fields, found 2 (truncated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_file),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_spreadsheet_quirks),
		cmocka_unit_test(test_skips),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
