/*
 * test_os_simple_csv.c - the OpenSanctions targets.simple.csv parser on
 * the real exports in lists/opensanctions, and on broken input.
 *
 * Expected numbers were computed independently with Python's csv module
 * (multi-valued cells split with csv.reader(delimiter=";"), values trimmed
 * and de-duplicated per row): rows, names (name + distinct aliases),
 * identifiers by type (IMO + 7 digits; 9 digits on a Vessel = MMSI),
 * programme ids, addresses, countries, birth dates and sanctions.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sources/load.h"
#include "sources/source.h"

#define INTERPOL "lists/opensanctions/interpol_red_notices_targets.simple.csv"

static void load(test_loaded *l, const char *rel)
{
	/* skips the test when the data folder is missing */
	(void)test_load_real(l, rel, &fmt_os_simple_csv);
}

static const char *birth(const entity *e, char out[11])
{
	out[0] = '\0';
	for (uint32_t i = 0; i < e->n_dates; i++)
		if (e->dates[i].role == DATE_BIRTH)
			pdate_format(e->dates[i].date, out);
	return out;
}

typedef struct totals {
	size_t imo, mmsi, other, programs, addrs, countries, births,
		sanctions;
	size_t schema[5];
} totals;

static totals sum(const entity_set *s)
{
	totals t;
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < s->n; i++) {
		const entity *e = s->items[i];
		for (uint32_t k = 0; k < e->n_idents; k++) {
			const char *ty = e->idents[k].type;
			t.imo += !strcmp(ty, "imo");
			t.mmsi += !strcmp(ty, "mmsi");
			t.other += !strcmp(ty, "other");
		}
		t.programs += e->n_programs;
		t.addrs += e->n_addrs;
		t.countries += e->n_countries;
		for (uint32_t k = 0; k < e->n_dates; k++)
			t.births += e->dates[k].role == DATE_BIRTH;
		t.sanctions += test_count_attr(e, "sanction");
		t.schema[e->schema]++;
	}
	return t;
}

/* ------------------------------------------------------------ tests */

static void test_ua_war_sanctions(void **state)
{
	(void)state;
	test_loaded l;
	load(&l, "lists/opensanctions/ua_war_sanctions_targets.simple.csv");
	assert_string_equal(l.res.source_id, "os-ua-war-sanctions");
	test_assert_stats(l.res.stats, 5600, 5600, 13330, 0);
	totals t = sum(&l.set);
	assert_int_equal(t.schema[LICIT_SCHEMA_PERSON], 1543);
	assert_int_equal(t.schema[LICIT_SCHEMA_ORGANIZATION], 1524 + 1193);
	assert_int_equal(t.schema[LICIT_SCHEMA_VESSEL], 1340);
	assert_int_equal(t.imo, 2852);
	assert_int_equal(t.mmsi, 1031);
	assert_int_equal(t.other, 4860);
	assert_int_equal(t.programs, 4244);
	assert_int_equal(t.addrs, 1322);
	assert_int_equal(t.countries, 8410);
	assert_int_equal(t.births, 1491);
	assert_int_equal(t.sanctions, 2391);

	/* a vessel: aliases, past flags, IMO, MMSI and call sign */
	const entity *e = test_get(&l.set, "os-ua-war-sanctions:"
					   "NK-2gYrStWga8WVfcUUCuHQVa");
	assert_int_equal(e->schema, LICIT_SCHEMA_VESSEL);
	assert_int_equal(e->origin_line, 65);
	assert_string_equal(ent_primary_name(e), "NORDIC");
	assert_int_equal(e->n_names, 3);
	assert_true(test_has_name(e, "Chemtrans Saturn", NAME_STRONG));
	assert_true(test_has_name(e, "Despina", NAME_STRONG));
	assert_non_null(test_find_ident(e, "imo", "IMO9309007"));
	assert_non_null(test_find_ident(e, "mmsi", "636022737"));
	assert_non_null(test_find_ident(e, "other", "5LBM4"));
	assert_int_equal(e->n_countries, 3);
	assert_true(test_has_country(e, -1, "DE") &&
		    test_has_country(e, -1, "GR") &&
		    test_has_country(e, -1, "LR"));
	assert_int_equal(e->n_programs, 1);
	assert_string_equal(e->programs[0], "UA-WS-MARE");
	assert_string_equal(e->lists[0], "Ukraine War and Sanctions");

	/* quotes inside a multi-valued cell */
	e = test_get(&l.set, "os-ua-war-sanctions:NK-2JjbBAi4RKwEY5JEyFMzXn");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_string_equal(ent_primary_name(e), "ANO CENTER \"NIKEA\"");
	assert_true(test_has_name(e,
			     "AUTONOMOUS NON-PROFIT ORGANIZATION \"CENTER FOR "
			     "PROMOTION OF THE DEVELOPMENT OF EDUCATIONAL AND "
			     "SOCIAL INITIATIVES \"NIKEA\"",
			     NAME_STRONG));
	assert_int_equal(e->n_addrs, 1);
	assert_string_equal(e->addrs[0].full,
			    "121471, russian federation, Moscow, Ryabinovaya "
			    "St., 19, floor 3, building X, room 17/5");
	assert_non_null(test_find_ident(e, "other", "1147799017343"));
	assert_non_null(test_find_ident(e, "other", "7708241920"));

	/* a person with names in two scripts */
	e = test_get(&l.set, "os-ua-war-sanctions:NK-26WkuEefVYLmYk8aTHMC9E");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_string_equal(ent_primary_name(e), "IVAKHA Denis Vladimirovich");
	assert_true(test_has_name(e, "ІВАХА Денис Володимирович", NAME_STRONG));
	assert_true(test_has_name(e, "ИВАХА Денис Владимирович", NAME_STRONG));
	assert_string_equal(e->programs[0], "UA-WS-EXECUTIVES");
	entity_set_release(&l.set);
}

static void test_interpol(void **state)
{
	(void)state;
	test_loaded l;
	char d[11];
	load(&l, INTERPOL);
	assert_string_equal(l.res.source_id, "os-interpol-red-notices");
	test_assert_stats(l.res.stats, 6561, 6561, 6563, 0);
	totals t = sum(&l.set);
	assert_int_equal(t.schema[LICIT_SCHEMA_PERSON], 6561);
	assert_int_equal(t.countries, 7092);
	assert_int_equal(t.births, 6557);
	assert_int_equal(t.sanctions, 6561);
	assert_int_equal(t.imo + t.mmsi + t.other + t.programs + t.addrs, 0);

	const entity *e = test_get(&l.set,
			"os-interpol-red-notices:NK-224TRezPqwzhQZ37exWxtX");
	assert_int_equal(e->origin_line, 2);
	assert_string_equal(ent_primary_name(e), "SANAVBARI NIKITENKO");
	assert_string_equal(birth(e, d), "1992-06-28");
	assert_true(test_has_country(e, -1, "RU") &&
		    test_has_country(e, -1, "TJ"));
	/* one quoted value holding a ";" */
	assert_int_equal(test_count_attr(e, "sanction"), 1);
	assert_string_equal(test_attr_nth(e, "sanction", 0),
			    "Red Notice - participation in the activity of a "
			    "terrorist organization; participation in the "
			    "activity of an illegal armed formation");

	e = test_get(&l.set,
		     "os-interpol-red-notices:NK-LvhvkDXzuHjjUEqyGC2SZG");
	assert_int_equal(e->origin_line, 154);
	assert_true(test_has_name(e, "KHUSEYN AKTAMIROV", NAME_STRONG));
	assert_int_equal(test_count_attr(e, "sanction"), 2);
	assert_string_equal(test_attr_nth(e, "sanction", 1),
			    "Red Notice - participation in illegal armed "
			    "formation");

	/* a year-only birth date */
	e = test_get(&l.set,
		     "os-interpol-red-notices:NK-KkXLihRQSzgyAVxzVC3SKu");
	assert_string_equal(birth(e, d), "1958");
	assert_true(test_has_country(e, -1, "IN"));
	entity_set_release(&l.set);
}

static void test_detect(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = test_read_data(INTERPOL, &len);
	assert_true(fmt_os_simple_csv.detect("x", d, len) > 0);
	free(d);
	static const char *const others[] = {
		"lists/opensanctions/t1_entities.ftm.json",
	};
	test_detect_none(&fmt_os_simple_csv, others, 1);
	static const char other[] = "id,name,schema\n1,A,person\n";
	assert_int_equal(fmt_os_simple_csv.detect("targets.simple.csv",
						  (const void *)other,
						  sizeof(other) - 1),
			 0);
}

/* ------------------------------------------------------ broken input */

static void expect_eparse(const char *path, const void *data, size_t len,
			  const char *where)
{
	test_expect_eparse(&fmt_os_simple_csv, path, data, len, where);
}

#define HEADER                                                                 \
	"\"id\",\"schema\",\"name\",\"aliases\",\"birth_date\","               \
	"\"countries\",\"addresses\",\"identifiers\",\"sanctions\","           \
	"\"phones\",\"emails\",\"dataset\",\"first_seen\",\"last_seen\","     \
	"\"last_change\"\n"

static void test_truncated(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = test_read_data(INTERPOL, &len);
	/* line 5 opens a quoted multi-line cell: cut inside it */
	const char *murder = strstr((const char *)d, "Red Notice - 1) Murder");
	assert_non_null(murder);
	size_t cut = (size_t)(murder - (const char *)d) + 30;
	expect_eparse("red.simple.csv", d, cut,
		      "red.simple.csv:5: unterminated quoted field");
	/* cut in the middle of an unquoted row */
	static const char row_cut[] =
		HEADER "\"a1\",\"Person\",\"ANN\",\"\",\"1990\",\"ru\"";
	expect_eparse("cut.csv", row_cut, sizeof(row_cut) - 1,
		      "cut.csv:2: expected 15 fields, found 6 (truncated");
	free(d);
}

static void test_bad_inputs(void **state)
{
	(void)state;
	static const char html[] =
		"<html><head><title>404 Not Found</title></head></html>\n";
	expect_eparse("t.simple.csv", html, sizeof(html) - 1,
		      "t.simple.csv:1:");
	expect_eparse("e.simple.csv", "", 0, "e.simple.csv:1: empty file");
	static const char missing[] =
		"\"id\",\"schema\",\"name\",\"aliases\",\"birth_date\","
		"\"countries\",\"addresses\",\"sanctions\",\"dataset\"\n"
		"\"a\",\"Person\",\"A\",\"\",\"\",\"\",\"\",\"\",\"d\"\n";
	expect_eparse("m.simple.csv", missing, sizeof(missing) - 1,
		      "m.simple.csv:1: missing column 'identifiers'");
	static const char latin1[] =
		HEADER "\"a\",\"Person\",\"Jos\xe9\",\"\",\"\",\"\",\"\",\"\","
		       "\"\",\"\",\"\",\"d\",\"\",\"\",\"\"\n";
	expect_eparse("l.simple.csv", latin1, sizeof(latin1) - 1,
		      "l.simple.csv:2: byte");
}

static void test_skips(void **state)
{
	(void)state;
	static const char data[] =
		HEADER
		"\"a\",\"Person\",\"ANN EXAMPLE\",\"A. EXAMPLE;\"\"Q;R\"\"\","
		"\"1980-02;1981\",\"de\",\"\",\"IMO1234567;X1\",\"\",\"\",\"\","
		"\"Test Set\",\"\",\"\",\"\"\n"
		"\"a\",\"Person\",\"DUP\",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		"\"\",\"Test Set\",\"\",\"\",\"\"\n"
		"\"w\",\"CryptoWallet\",\"W\",\"\",\"\",\"\",\"\",\"\",\"\","
		"\"\",\"\",\"Test Set\",\"\",\"\",\"\"\n"
		"\"n\",\"Person\",\"  \",\"\",\"\",\"\",\"\",\"\",\"\",\"\","
		"\"\",\"Test Set\",\"\",\"\",\"\"\n"
		"\"s\",\"Person\",\"SHORT\"\n"
		"\"v\",\"Vessel\",\"V\",\"\",\"\",\"\",\"\",\"123456789\",\"\","
		"\"\",\"\",\"Test Set\",\"\",\"\",\"\"\n";
	entity_set set;
	parse_ctx ctx;
	errinfo err;
	assert_int_equal(test_parse_mem(&fmt_os_simple_csv,
					"x/targets.simple.csv", data,
					sizeof(data) - 1, &set, &ctx, &err),
			 LICIT_OK);
	assert_string_equal(ctx.source_id, "os-test-set");
	assert_int_equal(ctx.stats.records, 6);
	assert_int_equal(ctx.stats.entities, 2);
	assert_int_equal(ctx.stats.skipped, 4);
	assert_int_equal(ctx.skips[0].line, 3);
	assert_non_null(strstr(ctx.skips[0].reason, "duplicate id 'a'"));
	assert_int_equal(ctx.skips[1].line, 4);
	assert_non_null(strstr(ctx.skips[1].reason, "not a party"));
	assert_int_equal(ctx.skips[2].line, 5);
	assert_non_null(strstr(ctx.skips[2].reason, "no name"));
	assert_int_equal(ctx.skips[3].line, 6);
	assert_non_null(strstr(ctx.skips[3].reason, "expected 15 fields"));
	const entity *e = set.items[0];
	assert_string_equal(e->id, "os-test-set:a");
	assert_int_equal(e->n_names, 3);
	assert_true(test_has_name(e, "Q;R", NAME_STRONG));
	assert_int_equal(e->n_dates, 2);
	assert_non_null(test_find_ident(e, "imo", "IMO1234567"));
	assert_non_null(test_find_ident(e, "other", "X1"));
	assert_non_null(test_find_ident(set.items[1], "mmsi", "123456789"));
	entity_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ua_war_sanctions),
		cmocka_unit_test(test_interpol),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_skips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
