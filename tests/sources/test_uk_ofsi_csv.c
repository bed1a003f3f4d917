/*
 * test_uk_ofsi_csv.c - the UK OFSI ConList.csv parser, on the real
 * 2025-04-10 file and on broken inputs.
 *
 * Expected numbers were counted on the raw file with Python's csv module:
 * 18,796 data rows in 4,686 Group IDs (3,662 Individual, 1,009 Entity, 15
 * Ship); 15,964 distinct names per group (Name 1..5 + Name 6 for people,
 * Name 6 for the others, plus the non-Latin script names); "(Gender):"
 * Male in 2,382 groups and Female in 329.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sources/load.h"
#include "sources/source.h"

#define UK "lists/uk-ofsi/2025-04-10/ConList.csv"

#define HEADER                                                                 \
	"Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin "      \
	"Script,Non-Latin Script Type,Non-Latin Script Language,DOB,Town of "  \
	"Birth,Country of Birth,Nationality,Passport Number,Passport "         \
	"Details,National Identification Number,National Identification "      \
	"Details,Position,Address 1,Address 2,Address 3,Address 4,Address "    \
	"5,Address 6,Post/Zip Code,Country,Other Information,Group Type,"      \
	"Alias Type,Alias Quality,Regime,Listed On,UK Sanctions List Date "    \
	"Designated,Last Updated,Group ID\n"

/* 36 fields */
#define ROW(name6, name1, gid)                                                 \
	name6                                                                  \
	    "," name1 ",,,,,,,,,00/05/1970,,,\"(1) France. (2) Mali\",,,,,,"   \
	    ",,,,,,,Mali,\"(UK Sanctions List Ref):XYZ0001. (Gender):Male\","  \
	    "Individual,Primary name,,Mali,01/02/2020,01/02/2020,"             \
	    "01/02/2020," gid "\n"

/* ---- helpers ------------------------------------------------------------ */

/* The real file, loaded once (NULL: skipped). */
static test_loaded uk;

static const test_loaded *load_real(void)
{
	return test_load_cached(&uk, UK, &fmt_uk_ofsi_csv);
}

static int teardown(void **state)
{
	(void)state;
	test_cache_release(&uk);
	return 0;
}

static int has_birth(const entity *e, const char *date)
{
	for (uint32_t i = 0; i < e->n_dates; i++) {
		char s[11];
		pdate_format(e->dates[i].date, s);
		if (e->dates[i].role == DATE_BIRTH && !strcmp(s, date))
			return 1;
	}
	return 0;
}

static void expect_eparse(const char *data, size_t len, const char *needle)
{
	test_expect_eparse(&fmt_uk_ofsi_csv, "bad.csv", data, len, needle);
}

/* ---- the real file ------------------------------------------------------ */

static void test_counts(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	assert_string_equal(l->res.source_id, "uk-ofsi");
	assert_string_equal(l->res.published, "2025-04-10");
	assert_int_equal(l->res.published_from_path, 0);
	test_assert_stats(l->res.stats, 18796, 4686, 15964, 0);
	int people = 0, orgs = 0, ships = 0, male = 0, female = 0;
	for (size_t i = 0; i < l->set.n; i++) {
		const entity *e = l->set.items[i];
		people += e->schema == LICIT_SCHEMA_PERSON;
		orgs += e->schema == LICIT_SCHEMA_ORGANIZATION;
		ships += e->schema == LICIT_SCHEMA_VESSEL;
		male += e->gender == GENDER_MALE;
		female += e->gender == GENDER_FEMALE;
		assert_true(!strncmp(e->id, "uk-ofsi:", 8));
		assert_true(e->listed.year >= 1990);
		assert_true(e->n_programs >= 1);
	}
	assert_int_equal(people, 3662);
	assert_int_equal(orgs, 1009);
	assert_int_equal(ships, 15);
	assert_int_equal(male, 2382);
	assert_int_equal(female, 329);
}

static void test_individual(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "uk-ofsi:15672");
	assert_int_equal(e->origin_line, 3);
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_int_equal(e->gender, GENDER_MALE);
	assert_string_equal(ent_primary_name(e), "Mian Abdul HAQ");
	assert_int_equal(test_name(e, "Mian Abdul HAQ")->kind, NAME_PRIMARY);
	assert_int_equal(test_name(e, "Mian MITHOO")->kind, NAME_STRONG);
	assert_int_equal(e->n_names, 5);
	assert_true(test_has_program(e, "Global Human Rights"));
	test_assert_pdate(e->listed, "2022-12-09");
	assert_string_equal(test_attr(e, "uk_ref"), "GHR0086");
	assert_string_equal(test_attr(e, "title"), "Mr");
	assert_string_equal(test_attr(e, "position"),
			    "Cleric (\xe2\x80\x9cPir\xe2\x80\x9d) of "
			    "Bharchundi Sharif Shrine");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "PK"));
	assert_true(test_has_country(e, COUNTRY_BIRTH, "PK"));
	assert_int_equal(e->n_addrs, 1);
	assert_string_equal(e->addrs[0].full,
			    "Hafizabad Taluka Daharki, District Ghotki");
	assert_string_equal(e->addrs[0].country, "PK");
	const char *rem = "(UK Sanctions List Ref):GHR0086. (UK Statement of "
			  "Reasons):Mian Abdul HAQ is a cleric";
	assert_true(!strncmp(e->remarks, rem, strlen(rem)));

	/* numbered passports paired with their details; low-quality AKA */
	e = test_get(&l->set, "uk-ofsi:13312");
	assert_int_equal(e->origin_line, 65);
	assert_string_equal(ent_primary_name(e), "ABD AL-BASET AZZOUZ");
	assert_int_equal(test_name(e, "AA")->kind, NAME_WEAK);
	assert_int_equal(test_name(e, "Abdul Baset AZOUZ")->kind, NAME_STRONG);
	const ent_ident *p = test_find_ident(e, "passport", "223611");
	assert_non_null(p);
	assert_string_equal(p->note, "Libya number");
	p = test_find_ident(e, "passport", "C00146605");
	assert_non_null(p);
	assert_string_equal(p->note, "British passport number");
	assert_int_equal(e->n_idents, 2);
	assert_true(has_birth(e, "1966-02-07"));
	assert_string_equal(test_attr(e, "birth_place"), "Doma");
	assert_string_equal(test_attr(e, "uk_ref"), "AQD0089");
	assert_string_equal(test_attr(e, "un_ref"), "QDi.371");
	assert_string_equal(test_attr(e, "designated_date"), "2016-02-29");
	assert_string_equal(test_attr(e, "last_updated"), "2020-12-31");
	test_assert_pdate(e->listed, "2016-03-07");
}

/* A group of 96 rows, not adjacent to each other, is one entity. */
static void test_big_group(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "uk-ofsi:12860");
	assert_int_equal(e->origin_line, 6217);
	assert_string_equal(ent_primary_name(e), "ABDERRAHMANE OULD EL AMAR");
	const ent_name *n = test_name(e, "ABDERRAHMANE OULD EL AMAR");
	assert_string_equal(n->original,
			    "\xd8\xb9\xd8\xa8\xd8\xaf \xd8\xa7\xd9\x84\xd8"
			    "\xb1\xd8\xad\xd9\x85\xd9\x86 \xd9\x88\xd9\x84"
			    "\xd8\xaf \xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd9"
			    "\x85\xd8\xb1");
	assert_int_equal(test_name(e, n->original)->kind, NAME_STRONG);
	assert_int_equal(test_name(e, "Ahmed EL TILEMSI")->kind, NAME_STRONG);
	assert_int_equal(e->n_names, 5);
	assert_int_equal(e->n_addrs, 4); /* Gao, In Khalil, Tabankort, ... */
	assert_int_equal(e->n_dates, 6); /* 00/00/1977 .. 00/00/1982 */
	assert_true(has_birth(e, "1977"));
	assert_true(has_birth(e, "1982"));
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "ML"));
	int seen = 0;
	for (size_t i = 0; i < l->set.n; i++)
		seen += !strcmp(l->set.items[i]->id, "uk-ofsi:12860");
	assert_int_equal(seen, 1);

	/* one entity under two regimes, with two references */
	e = test_get(&l->set, "uk-ofsi:11241");
	assert_true(test_has_program(e, "Iran (Nuclear)"));
	assert_true(test_has_program(e, "Syria"));
	assert_int_equal(test_count_attr(e, "uk_ref"), 2);
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_string_equal(test_attr(e, "entity_type"), "Military");
}

static void test_nonlatin_ship_fka(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "uk-ofsi:15610");
	const ent_name *n = test_name(e, "Alexander Grigoryevich ABRAMOV");
	assert_int_equal(n->kind, NAME_PRIMARY);
	assert_string_equal(n->lang, "Russian");
	assert_non_null(n->original);
	assert_string_equal(test_name(e, n->original)->lang, "Russian");
	assert_string_equal(test_attr(e, "uk_ref"), "RUS1656");
	assert_true(has_birth(e, "1959-02-20"));

	e = test_get(&l->set, "uk-ofsi:13651");
	assert_int_equal(e->schema, LICIT_SCHEMA_VESSEL);
	assert_string_equal(ent_primary_name(e), "SAM JONG 2");
	assert_int_equal(test_name(e, "PETROCHEM VALOUR")->kind, NAME_STRONG);
	assert_non_null(test_find_ident(e, "imo", "7408873"));
	assert_true(test_has_country(e, COUNTRY_FLAG, "KP"));
	assert_string_equal(test_attr(e, "vessel_type"), "Oil tanker");
	assert_string_equal(test_attr(e, "year_built"), "1975");
	assert_string_equal(test_attr(e, "uk_ref"), "DPR0100");

	e = test_get(&l->set, "uk-ofsi:13189");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_int_equal(test_name(e, "NALU")->former, 1);
	assert_int_equal(test_name(e, "ALLIED DEMOCRATIC FORCES")->former, 0);
}

static void test_detect(void **state)
{
	(void)state;
	int mine, others;
	if (!test_detect_all(&fmt_uk_ofsi_csv, "ConList.csv", &mine, &others))
		return;
	assert_int_equal(mine, 1);
	assert_true(others > 10);
}

/* ---- small and broken inputs -------------------------------------------- */

/* Two groups, rows interleaved; numbered nationalities; the header may
 * come first without the "Last Updated" row. */
static void test_small(void **state)
{
	(void)state;
	const char *data = HEADER ROW("DOE", "John", "7")
	    ROW("ROE", "Jane", "8") ROW("DOE", "Johnny", "7");
	entity_set set;
	errinfo err;
	parse_ctx ctx;
	assert_int_equal(test_parse_mem(&fmt_uk_ofsi_csv, "bad.csv", data,
					strlen(data), &set, &ctx, &err),
			 LICIT_OK);
	assert_string_equal(ctx.published, "");
	assert_int_equal(ctx.stats.records, 3);
	assert_int_equal(ctx.stats.entities, 2);
	assert_int_equal(set.n, 2);
	const entity *e = set.items[0];
	assert_string_equal(e->id, "uk-ofsi:7");
	assert_int_equal(e->origin_line, 2);
	assert_int_equal(e->n_names, 2);
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "FR"));
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "ML"));
	assert_true(has_birth(e, "1970-05"));
	assert_string_equal(test_attr(e, "uk_ref"), "XYZ0001");
	assert_int_equal(e->gender, GENDER_MALE);
	assert_string_equal(set.items[1]->id, "uk-ofsi:8");
	entity_set_release(&set);
}

static void test_empty_html(void **state)
{
	(void)state;
	expect_eparse("", 0, "empty file");
	expect_eparse("Last Updated,10/04/2025\r\n", 25, "no header");
	const char *html = "<!doctype html>\n<html><body>Access denied</body>"
			   "</html>";
	expect_eparse(html, strlen(html), "HTML");
}

static void test_missing_column(void **state)
{
	(void)state;
	const char *data = "Last Updated,10/04/2025\n"
			   "Name 6,Name 1,Group Type,Alias Type\n"
			   "DOE,John,Individual,Primary name\n";
	expect_eparse(data, strlen(data), "missing column \"Group ID\"");
	expect_eparse(data, strlen(data), "bad.csv:2:");
}

static void test_truncated(void **state)
{
	(void)state;
	const char *full =
	    "Last Updated,10/04/2025\n" HEADER ROW("DOE", "John", "7")
		ROW("ROE", "Jane", "8");
	const char *cut = strstr(full, "ROE");
	cut = strstr(cut, "(UK Sanctions");
	expect_eparse(full, (size_t)(cut - full), "unterminated");
	expect_eparse(full, (size_t)(cut - full), "bad.csv:4:");
	cut = strstr(strstr(full, "ROE"), "Individual");
	expect_eparse(full, (size_t)(cut - full), "truncated");
}

static void test_latin1(void **state)
{
	(void)state;
	char data[4096];
	int n = snprintf(data, sizeof(data),
			 "Last Updated,10/04/2025\n" HEADER "%s",
			 ROW("MU\xd1OZ", "Jos\xe9", "7"));
	assert_true(n > 0 && (size_t)n < sizeof(data));
	char needle[32];
	snprintf(needle, sizeof(needle), "byte %zu",
		 strlen("Last Updated,10/04/2025\n" HEADER "MU"));
	expect_eparse(data, (size_t)n, needle);
	expect_eparse(data, (size_t)n, "bad.csv:3:");
}

/* A row with a missing column is skipped and reported. */
static void test_short_row_skipped(void **state)
{
	(void)state;
	const char *data = "Last Updated,10/04/2025\n" HEADER
			   "SHORT,Row,,Individual\n" ROW("DOE", "John", "7");
	entity_set set;
	errinfo err;
	parse_ctx ctx;
	assert_int_equal(test_parse_mem(&fmt_uk_ofsi_csv, "bad.csv", data,
					strlen(data), &set, &ctx, &err),
			 LICIT_OK);
	assert_string_equal(ctx.published, "2025-04-10");
	assert_int_equal(ctx.stats.records, 2);
	assert_int_equal(ctx.stats.skipped, 1);
	assert_int_equal(ctx.n_skips, 1);
	assert_int_equal(ctx.skips[0].line, 3);
	assert_int_equal(set.n, 1);
	assert_int_equal(set.items[0]->origin_line, 4);
	entity_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_individual),
	    cmocka_unit_test(test_big_group),
	    cmocka_unit_test(test_nonlatin_ship_fka),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_small),
	    cmocka_unit_test(test_empty_html),
	    cmocka_unit_test(test_missing_column),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_latin1),
	    cmocka_unit_test(test_short_row_skipped),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
