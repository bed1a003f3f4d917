/*
 * test_csl_csv.c - the trade.gov Consolidated Screening List parser, on the
 * real 2022-04-21 consolidated.csv and on broken inputs.
 *
 * Expected numbers were counted on the raw file with Python's csv module:
 * 14,160 data rows, 14,048 distinct `_id`s (71 parties sit on two or three
 * lists and have one row per list; each party is one entity), 33,491
 * distinct names (name + alt_names per `_id`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sources/load.h"
#include "sources/source.h"

#define CSL "lists/us-csl/2022-04-21/consolidated.csv"

#define HEADER                                                                 \
	"_id,source,entity_number,type,programs,name,title,addresses,"         \
	"federal_register_notice,start_date,end_date,standard_order,"          \
	"license_requirement,license_policy,call_sign,vessel_type,"            \
	"gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,"     \
	"remarks,source_list_url,alt_names,citizenships,dates_of_birth,"       \
	"nationalities,places_of_birth,source_information_url,ids\n"

#define ROW_NSO                                                                \
	"9bb32c725b10b9658db3bc6cf92b6c6830195e42,Entity List (EL) - Bureau "  \
	"of Industry and Security,,,,NSO Group,,\"22 Galgalei Haplada, "       \
	"Herzliya, Tel Aviv-Yafo, 4672222, IL\",86 FR 60760,2021-11-04,,,"     \
	"All items subject to the EAR.,Presumption of denial.,,,,,,,,"         \
	"http://bit.ly/1L47xrV,,,,,,http://bit.ly/1L47xrV,\n"

/* ---- helpers ------------------------------------------------------------ */

/* The real file, loaded once (NULL: skipped). */
static test_loaded csl;

static const test_loaded *load_real(void)
{
	return test_load_cached(&csl, CSL, &fmt_csl_csv);
}

static int teardown(void **state)
{
	(void)state;
	test_cache_release(&csl);
	return 0;
}

static void expect_eparse(const char *data, size_t len, const char *needle)
{
	test_expect_eparse(&fmt_csl_csv, "bad.csv", data, len, needle);
}

/* ---- the real file ------------------------------------------------------ */

static void test_counts(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	assert_string_equal(l->res.source_id, "us-csl");
	assert_int_equal(l->res.stats.records, 14160);
	assert_int_equal(l->res.stats.entities, 14048);
	assert_int_equal(l->res.n_entities, 14048);
	assert_int_equal(l->res.stats.names, 33491);
	assert_int_equal(l->res.stats.skipped, 0);
	/* the file states no date; the loader takes it from the folder */
	assert_string_equal(l->res.published, "2022-04-21");
	int vessels = 0, aircraft = 0;
	for (size_t i = 0; i < l->set.n; i++) {
		vessels += l->set.items[i]->schema == LICIT_SCHEMA_VESSEL;
		aircraft += l->set.items[i]->schema == LICIT_SCHEMA_AIRCRAFT;
		assert_true(!strncmp(l->set.items[i]->id, "us-csl:", 7));
	}
	assert_int_equal(vessels, 433);
	assert_int_equal(aircraft, 283);
}

/* Distinct `_id`s per `source`; parties on two lists count on both. */
static void test_per_list_counts(void **state)
{
	(void)state;
	static const struct {
		const char *list;
		int n;
	} want[] = {
	    {"Specially Designated Nationals (SDN) - Treasury Department",
	     10026},
	    {"Entity List (EL) - Bureau of Industry and Security", 2001},
	    {"ITAR Debarred (DTC) - State Department", 727},
	    {"Denied Persons List (DPL) - Bureau of Industry and Security",
	     462},
	    {"Sectoral Sanctions Identifications List (SSI) - Treasury "
	     "Department",
	     290},
	    {"Unverified List (UVL) - Bureau of Industry and Security", 201},
	    {"Nonproliferation Sanctions (ISN) - State Department", 163},
	    {"Palestinian Legislative Council List (PLC) - Treasury "
	     "Department",
	     78},
	    {"Military End User (MEU) List - Bureau of Industry and "
	     "Security",
	     71},
	    {"Non-SDN Chinese Military-Industrial Complex Companies List "
	     "(CMIC) - Treasury Department",
	     68},
	    /* 53 rows, but BANK OF KUNLUN is in it twice */
	    {"Capta List (CAP) - Treasury Department", 52},
	    {"Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury "
	     "Department",
	     17},
	    {"Foreign Sanctions Evaders (FSE) - Treasury Department", 3},
	};
	const test_loaded *l = load_real();
	if (!l)
		return;
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		int n = 0;
		for (size_t i = 0; i < l->set.n; i++)
			n += test_has_list(l->set.items[i], want[k].list);
		if (n != want[k].n)
			fail_msg("%s: %d entities, expected %d", want[k].list,
				 n, want[k].n);
	}
}

/* The 2021-11-04 Entity List additions (86 FR 60760). */
static void check_el_2021(const entity *e)
{
	assert_true(test_has_list(e,
				  "Entity List (EL) - Bureau of Industry and "
				  "Security"));
	assert_int_equal(e->n_lists, 1);
	test_assert_pdate(e->listed, "2021-11-04");
	assert_string_equal(test_attr(e, "start_date"), "2021-11-04");
	assert_string_equal(test_attr(e, "federal_register_notice"),
			    "86 FR 60760");
	assert_string_equal(test_attr(e, "license_requirement"),
			    "All items subject to the EAR. (See \xc2\xa7"
			    "744.11 of the EAR)");
	assert_string_equal(test_attr(e, "license_policy"),
			    "Presumption of denial.");
	assert_string_equal(test_attr(e, "source_list_url"),
			    "http://bit.ly/1L47xrV");
	assert_null(test_attr(e, "end_date"));
	assert_int_equal(e->n_programs, 0);
}

static void test_entity_list_2021_11_04(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	const entity *nso = test_get(
	    &l->set, "us-csl:9bb32c725b10b9658db3bc6cf92b6c6830195e42");
	check_el_2021(nso);
	assert_string_equal(ent_primary_name(nso), "NSO Group");
	assert_int_equal(nso->n_names, 1);
	assert_int_equal(nso->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_int_equal(nso->n_addrs, 1);
	assert_string_equal(nso->addrs[0].full,
			    "22 Galgalei Haplada, Herzliya, Tel Aviv-Yafo, "
			    "4672222");
	assert_string_equal(nso->addrs[0].country, "IL");
	assert_string_equal(nso->origin_file, l->res.path);

	const entity *candiru = test_get(
	    &l->set, "us-csl:69ccd443f1811a195a4f451ce2163b5a25b91e4b");
	check_el_2021(candiru);
	assert_string_equal(ent_primary_name(candiru), "Candiru");
	assert_int_equal(candiru->n_names, 8);
	assert_true(test_has_name(candiru, "Saito Tech Ltd.", NAME_STRONG));
	assert_true(test_has_name(candiru, "DF Associates Ltd.", NAME_STRONG));
	/* the Entity List gives no type; its aliases' legal form ("Ltd.")
	 * makes it an organization (the loader infers it) */
	assert_int_equal(candiru->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_string_equal(candiru->addrs[0].country, "IL");

	const entity *pt = test_get(
	    &l->set, "us-csl:8a89657ddfbf23bd4b7cbb5d15ca1a1e4f7468de");
	check_el_2021(pt);
	assert_string_equal(ent_primary_name(pt), "Positive Technologies");
	assert_int_equal(pt->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_string_equal(pt->addrs[0].full,
			    "8 Preobrzhenskaya Square, Moscow, 107061");
	assert_string_equal(pt->addrs[0].country, "RU");

	const entity *cosei = test_get(
	    &l->set, "us-csl:b25cb94a6de190b2811e589226e4159b48188789");
	check_el_2021(cosei);
	assert_string_equal(ent_primary_name(cosei),
			    "Computer Security Initiative Consultancy PTE. "
			    "LTD.");
	assert_true(test_has_name(cosei, "COSEINC", NAME_STRONG));
	assert_int_equal(cosei->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_string_equal(cosei->addrs[0].country, "SG");
}

static void test_sdn_individual(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	/* 17291: a Jordanian passport with two dates, a Qatari ID */
	const entity *e = test_get(&l->set, "us-csl:17291");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_string_equal(ent_primary_name(e),
			    "'ABD AL-SALAM, 'Abd al-Malik Muhammad Yusuf "
			    "'Uthman");
	assert_true(test_has_name(e, "'Umar al-Qatari", NAME_STRONG));
	assert_int_equal(e->n_names, 4);
	const ent_ident *p = test_find_ident(e, "passport", "K475336");
	assert_non_null(p);
	assert_string_equal(p->country, "JO");
	assert_string_equal(p->note, "Passport; 2014-08-30, 2009-08-31");
	const ent_ident *n = test_find_ident(e, "national-id", "28940000602");
	assert_non_null(n);
	assert_string_equal(n->country, "QA");
	assert_string_equal(n->note, "National ID No.");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "JO"));
	assert_true(test_has_program(e, "SDGT"));
	assert_int_equal(e->n_dates, 1);
	assert_int_equal(e->dates[0].role, DATE_BIRTH);
	test_assert_pdate(e->dates[0].date, "1989-07-13");
	assert_string_equal(test_attr(e, "entity_number"), "17291");
	assert_int_equal(e->origin_line, 9);

	/* gender from the ids cell */
	e = test_get(&l->set, "us-csl:24904");
	assert_int_equal(e->gender, GENDER_MALE);
	assert_true(test_has_name(e, "'ABBAS, Yasir 'Aziz", NAME_STRONG));
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "SY"));

	/* a birth-year range and a birth place */
	e = test_get(&l->set, "us-csl:19810");
	assert_int_equal(e->n_dates, 1);
	test_assert_pdate(e->dates[0].date, "1958");
	test_assert_pdate(e->dates[0].until, "1960");
	assert_string_equal(test_attr(e, "birth_place"), "Cap Djinet, Algeria");
	assert_true(test_has_country(e, COUNTRY_BIRTH, "DZ"));
	assert_true(test_has_name(e, "MOUSSA, Bourahla", NAME_STRONG));

	/* several birth years, two citizenships-as-nationalities */
	e = test_get(&l->set, "us-csl:9935");
	assert_int_equal(e->n_dates, 1);
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "CA"));
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "SD"));
	assert_non_null(test_find_ident(e, "passport", "BC166787"));
}

static void test_vessel_aircraft(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	const entity *v = test_get(&l->set, "us-csl:15040");
	assert_int_equal(v->schema, LICIT_SCHEMA_VESSEL);
	assert_string_equal(ent_primary_name(v), "APAMA");
	assert_true(test_has_name(v, "JUPITER", NAME_STRONG));
	assert_true(test_has_country(v, COUNTRY_FLAG, "IR"));
	assert_non_null(test_find_ident(v, "imo", "IMO 9187631"));
	assert_non_null(test_find_ident(v, "mmsi", "256845000"));
	assert_non_null(test_find_ident(v, "call-sign", "9HDS9"));
	assert_string_equal(test_attr(v, "vessel_type"),
			    "Crude/Oil Products Tanker");
	assert_string_equal(test_attr(v, "gross_tonnage"), "99087");
	assert_string_equal(test_attr(v, "gross_registered_tonnage"), "56068");
	assert_string_equal(test_attr(v, "additional_sanctions_information"),
			    "Subject to Secondary Sanctions");
	assert_string_equal(v->remarks,
			    "(Linked To: NATIONAL IRANIAN TANKER COMPANY)");
	assert_true(test_has_program(v, "IRAN"));

	const entity *a = test_get(&l->set, "us-csl:15445");
	assert_int_equal(a->schema, LICIT_SCHEMA_AIRCRAFT);
	assert_non_null(test_find_ident(a, "aircraft-serial", "464"));
	assert_string_equal(test_attr(a, "aircraft_model"), "A300B4-605R");
	assert_string_equal(test_attr(a, "aircraft_operator"), "MAHAN AIR");
	assert_int_equal(a->n_programs, 3);
}

/* One party on three lists: one entity with all three. */
static void test_merged_party(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-csl:18725");
	assert_int_equal(e->n_lists, 3);
	assert_true(test_has_list(e, "Capta List (CAP) - Treasury Department"));
	assert_true(test_has_list(e, "Specially Designated Nationals (SDN) - "
				     "Treasury Department"));
	assert_true(test_has_list(e, "Sectoral Sanctions Identifications List "
				     "(SSI) - Treasury Department"));
	assert_true(test_has_program(e, "UKRAINE-EO13662"));
	assert_true(test_has_program(e, "RUSSIA-EO14024"));
	assert_non_null(test_find_ident(e, "swift-bic", "VTBLAOLU"));
	assert_string_equal(test_attr(e, "website"), "www.vtb.ao");
	assert_int_equal(e->origin_line, 1950); /* its first row */
	int seen = 0;
	for (size_t i = 0; i < l->set.n; i++)
		seen += !strcmp(l->set.items[i]->id, "us-csl:18725");
	assert_int_equal(seen, 1);
}

/* A DPL row inside the CSL: empty type, a person by its name. */
static void test_dpl_row(void **state)
{
	(void)state;
	const test_loaded *l = load_real();
	if (!l)
		return;
	const entity *e = test_get(
	    &l->set, "us-csl:deb7a1d5743a85c354ca1a2c7f2664e2104b32d7");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_string_equal(ent_primary_name(e), "I. ASH");
	test_assert_pdate(e->listed, "2003-06-19");
	assert_string_equal(test_attr(e, "end_date"), "2056-06-29");
	assert_string_equal(test_attr(e, "standard_order"), "Y");
	assert_string_equal(test_attr(e, "federal_register_notice"),
			    "68 F.R. 38290 6/27/03 71 F.R. 38843 7/10/06 72 "
			    "F.R. 4236 1/30/07");
	assert_string_equal(e->addrs[0].country, "US");
	assert_string_equal(e->remarks, "FEDERAL REGISTER NOTICE UPDATED");
	assert_int_equal(e->origin_line, 2);
}

/* detect() claims the CSL and nothing else in the data folder. */
static void test_detect(void **state)
{
	(void)state;
	int mine, others;
	if (!test_detect_all(&fmt_csl_csv, "us-csl/", &mine, &others))
		return;
	assert_int_equal(mine, 1);
	assert_true(others > 10);
	/* reordered columns still detect */
	const char *h = "name,source,_id,alt_names\n";
	assert_int_equal(
	    fmt_csl_csv.detect("x", (const unsigned char *)h, strlen(h)), 90);
	assert_int_equal(fmt_csl_csv.detect("x", (const unsigned char *)"", 0),
			 0);
}

/* ---- bad and unusual inputs --------------------------------------------- */

static void test_empty_html(void **state)
{
	(void)state;
	expect_eparse("", 0, "empty file");
	const char *html = "<!DOCTYPE html><html><body>Service Unavailable"
			   "</body></html>";
	expect_eparse(html, strlen(html), "HTML");
}

static void test_missing_column(void **state)
{
	(void)state;
	const char *h = "_id,source,entity_number,type,programs,title\n1,SDN,"
			"1,Individual,,x\n";
	expect_eparse(h, strlen(h), "missing column \"name\"");
	h = "source,name\nSDN,X\n";
	expect_eparse(h, strlen(h), "missing column \"_id\"");
}

static void test_truncated(void **state)
{
	(void)state;
	/* cut inside the quoted address */
	const char *full = HEADER ROW_NSO;
	const char *cut = strstr(full, "Herzliya");
	expect_eparse(full, (size_t)(cut - full), "unterminated");
	expect_eparse(full, (size_t)(cut - full), "bad.csv:2:");
	/* cut between fields of the last row, no line end */
	cut = strstr(full, "Presumption");
	expect_eparse(full, (size_t)(cut - full), "truncated");
}

static void test_latin1(void **state)
{
	(void)state;
	char data[1024];
	int n = snprintf(data, sizeof(data),
			 HEADER "1,SDN,1,Individual,,MU\xd1OZ, Jos\xe9,,,,,,,,"
				",,,,,,,,,,,,,,,\n");
	assert_true(n > 0 && (size_t)n < sizeof(data));
	char needle[32];
	snprintf(needle, sizeof(needle), "byte %zu",
		 strlen(HEADER "1,SDN,1,Individual,,MU"));
	expect_eparse(data, (size_t)n, needle);
	expect_eparse(data, (size_t)n, "bad.csv:2:");
}

/* A row with too few fields in the middle is skipped and reported; the
 * rows around it load. */
static void test_short_row_skipped(void **state)
{
	(void)state;
	const char *data = HEADER "1,SDN,1,Individual,,ONE,,,,,,,,,,,,,,,,,,,,"
				  ",,,\n"
				  "2,SDN,2,Individual,,TWO\n" ROW_NSO;
	entity_set set;
	errinfo err;
	parse_ctx ctx;
	assert_int_equal(test_parse_mem(&fmt_csl_csv, "bad.csv", data,
					strlen(data), &set, &ctx, &err),
			 LICIT_OK);
	assert_int_equal(ctx.stats.records, 3);
	assert_int_equal(ctx.stats.entities, 2);
	assert_int_equal(ctx.stats.skipped, 1);
	assert_int_equal(set.n, 2);
	assert_string_equal(set.items[0]->id, "us-csl:1");
	assert_string_equal(ent_primary_name(set.items[1]), "NSO Group");
	entity_set_release(&set);
}

/* Rows with no _id or no name are skipped; columns may come in any order. */
static void test_reordered_and_blank(void **state)
{
	(void)state;
	const char *data = "name,ids,_id,source,type\n"
			   "\"DOE, John\",\"US, 123-45-6789, SSN; Male, "
			   "Gender\",7,Some List,Individual\n"
			   ",,8,Some List,Entity\n"
			   "NOBODY,,,Some List,Entity\n";
	entity_set set;
	errinfo err;
	parse_ctx ctx;
	assert_int_equal(test_parse_mem(&fmt_csl_csv, "bad.csv", data,
					strlen(data), &set, &ctx, &err),
			 LICIT_OK);
	assert_int_equal(ctx.stats.records, 3);
	assert_int_equal(ctx.stats.skipped, 2);
	assert_int_equal(set.n, 1);
	const entity *e = set.items[0];
	assert_string_equal(e->id, "us-csl:7");
	assert_string_equal(ent_primary_name(e), "DOE, John");
	assert_int_equal(e->gender, GENDER_MALE);
	assert_non_null(test_find_ident(e, "national-id", "123-45-6789"));
	assert_string_equal(
	    test_find_ident(e, "national-id", "123-45-6789")->country, "US");
	assert_true(test_has_list(e, "Some List"));
	entity_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_per_list_counts),
	    cmocka_unit_test(test_entity_list_2021_11_04),
	    cmocka_unit_test(test_sdn_individual),
	    cmocka_unit_test(test_vessel_aircraft),
	    cmocka_unit_test(test_merged_party),
	    cmocka_unit_test(test_dpl_row),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_empty_html),
	    cmocka_unit_test(test_missing_column),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_latin1),
	    cmocka_unit_test(test_short_row_skipped),
	    cmocka_unit_test(test_reordered_and_blank),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
