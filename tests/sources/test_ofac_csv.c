/*
 * test_ofac_csv.c - the OFAC legacy CSV parser on the real published sets
 * (SDN 2023-12-28 with its companions, SDN 2024-05-03 alone, the non-SDN
 * consolidated list 2025-12-19, a dated history file) and on broken files
 * written to a temporary folder.
 *
 * The expected counts were computed independently from the raw files with
 * Python's csv module: rows per file, distinct names per entry (primary,
 * alt.csv names, quoted a.k.a./f.k.a./n.k.a. in the remarks with their
 * sdn_comments.csv continuation), distinct addresses per entry.
 */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sources/load.h"
#include "sources/source.h"

static void assert_birth(const entity *e, uint32_t i, const char *from,
			 const char *until)
{
	test_assert_date_at(e, i, DATE_BIRTH, from, until);
}

/* ---------------------------------------------------- SDN 2023-12-28 */

/* Loaded once, by the first test that needs it. */
static test_loaded sdn2023;

static const test_loaded *sdn2023_get(void)
{
	return test_load_cached(
	    &sdn2023, "lists/us-ofac-sdn/2023-12-28/sdn.csv", &fmt_ofac_csv);
}

static int sdn2023_teardown(void **state)
{
	(void)state;
	test_cache_release(&sdn2023);
	return 0;
}

static void test_sdn_counts(void **state)
{
	(void)state;
	const test_loaded *l = sdn2023_get();
	if (!l)
		return;
	assert_string_equal(l->res.format->name, "ofac-csv");
	assert_string_equal(l->res.source_id, "us-ofac-sdn");
	assert_string_equal(l->res.published, "2023-12-28");
	/* 13,821 sdn.csv + 17,091 alt.csv + 18,990 add.csv + 13 comments */
	assert_int_equal(l->res.stats.records, 49915);
	assert_int_equal(l->res.stats.entities, 13821);
	assert_int_equal(l->set.n, 13821);
	assert_int_equal(l->res.stats.names, 34300);

	size_t schema[5] = {0}, strong = 0, weak = 0, addrs = 0;
	for (size_t i = 0; i < l->set.n; i++) {
		const entity *e = l->set.items[i];
		schema[e->schema]++;
		addrs += e->n_addrs;
		for (uint32_t k = 0; k < e->n_names; k++) {
			strong += e->names[k].kind == NAME_STRONG;
			weak += e->names[k].kind == NAME_WEAK;
		}
		assert_int_equal(strncmp(e->id, "us-ofac-sdn:", 12), 0);
		assert_int_equal(e->n_lists, 1);
		assert_string_equal(e->lists[0], "SDN List");
	}
	assert_int_equal(schema[LICIT_SCHEMA_PERSON], 6646);
	assert_int_equal(schema[LICIT_SCHEMA_ORGANIZATION], 6033);
	assert_int_equal(schema[LICIT_SCHEMA_VESSEL], 764);
	assert_int_equal(schema[LICIT_SCHEMA_AIRCRAFT], 378);
	assert_int_equal(schema[LICIT_SCHEMA_UNKNOWN], 0);
	/* alt.csv names other than the primary one; quoted aliases in the
	 * remarks; distinct non-empty add.csv rows */
	assert_int_equal(strong, 17088);
	assert_int_equal(weak, 3391);
	assert_int_equal(addrs, 16336);
}

/* The three skips: continuations whose entries left the list. */
static void test_sdn_skips(void **state)
{
	(void)state;
	const test_loaded *l = sdn2023_get();
	if (!l)
		return;
	static const char *const nums[] = {"12300", "15599", "15600"};
	assert_int_equal(l->res.stats.skipped, 3);
	assert_int_equal(l->res.n_skips, 3);
	for (size_t i = 0; i < 3; i++) {
		const licit_skip *s = &l->res.skips[i];
		assert_non_null(strstr(s->file, "2023-12-28/sdn_comments.csv"));
		assert_int_equal(s->line, i + 1);
		assert_non_null(strstr(s->reason, nums[i]));
		assert_non_null(strstr(s->reason, "no such entry"));
	}
}

static void test_sdn_zawahiri(void **state)
{
	(void)state;
	const test_loaded *l = sdn2023_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-ofac-sdn:2676");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_string_equal(ent_primary_name(e), "AL ZAWAHIRI, Dr. Ayman");
	assert_int_equal(test_name(e, "SALIM, Ahmad Fuad")->kind, NAME_STRONG);
	assert_int_equal(e->n_names, 4);
	assert_int_equal(e->n_dates, 1);
	assert_birth(e, 0, "1951-06-19", "");
	assert_string_equal(test_attr(e, "birth_place"), "Giza, Egypt");
	assert_true(test_has_country(e, COUNTRY_BIRTH, "EG"));
	assert_string_equal(test_ident(e, "passport", "1084010")->country,
			    "EG");
	assert_string_equal(test_ident(e, "passport", "19820215")->country, "");
	assert_int_equal(e->n_programs, 1);
	assert_string_equal(e->programs[0], "SDGT");
	assert_string_equal(test_attr(e, "title"),
			    "Operational and Military Leader of JIHAD GROUP");
	assert_non_null(strstr(e->remarks, "alt. Passport 19820215"));
	assert_non_null(strstr(e->origin_file, "sdn.csv"));
	assert_int_equal(e->origin_line, 56);
}

static void test_sdn_vessels(void **state)
{
	(void)state;
	const test_loaded *l = sdn2023_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-ofac-sdn:4243");
	assert_int_equal(e->schema, LICIT_SCHEMA_VESSEL);
	assert_string_equal(ent_primary_name(e), "EBANO");
	test_ident(e, "imo", "7406784");
	assert_true(test_has_country(e, COUNTRY_FLAG, "PA"));
	assert_string_equal(test_attr(e, "vessel_type"), "General Cargo");
	assert_string_equal(test_attr(e, "tonnage"), "2595");
	assert_string_equal(test_attr(e, "gross_registered_tonnage"), "1865");
	const ent_name *n = test_name(e, "SAND SWAN");
	assert_int_equal(n->kind, NAME_WEAK);
	assert_int_equal(n->former, 1);

	e = test_get(&l->set, "us-ofac-sdn:4249"); /* TIFON: a call sign */
	test_ident(e, "call-sign", "CL2059");
	test_ident(e, "imo", "7206512");
	assert_true(test_has_country(e, COUNTRY_FLAG, "CU"));

	e = test_get(&l->set,
		     "us-ofac-sdn:15036"); /* ARTAVIL: MMSI, former flags */
	test_ident(e, "mmsi", "572469210");
	test_ident(e, "imo", "9187629");
	test_ident(e, "call-sign", "T2EU4");
	assert_true(test_has_country(e, COUNTRY_FLAG, "IR"));
	assert_string_equal(test_attr(e, "former_vessel_flag"), "Malta");
	assert_int_equal(test_name(e, "ALPHA")->former, 1);

	e = test_get(&l->set, "us-ofac-sdn:15431"); /* aircraft EP-GOM */
	assert_int_equal(e->schema, LICIT_SCHEMA_AIRCRAFT);
	test_ident(e, "aircraft-serial", "8401");
	test_ident(e, "aircraft-serial", "1023409321");
	assert_string_equal(test_attr(e, "aircraft_model"), "IL76-TD");
	assert_string_equal(test_attr(e, "linked_to"), "POUYA AIR");
}

static void test_sdn_aliases_addresses(void **state)
{
	(void)state;
	const test_loaded *l = sdn2023_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-ofac-sdn:306");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_int_equal(test_name(e, "NATIONAL BANK OF CUBA")->kind,
			 NAME_STRONG);
	assert_int_equal(test_name(e, "BNC")->kind, NAME_WEAK);
	assert_int_equal(e->n_names, 3);
	assert_int_equal(e->n_addrs, 4);
	assert_string_equal(e->addrs[0].full,
			    "Zweierstrasse 35, Zurich CH-8022");
	assert_string_equal(e->addrs[0].city, "Zurich CH-8022");
	assert_string_equal(e->addrs[0].country, "CH");
	assert_string_equal(e->addrs[2].country, "JP");

	e = test_get(&l->set,
		     "us-ofac-sdn:17018"); /* Sberbank: f.k.a. from alt.csv */
	const ent_name *n = test_name(e, "SBERBANK OF RSFSR");
	assert_int_equal(n->kind, NAME_STRONG);
	assert_int_equal(n->former, 1);
	assert_int_equal(test_name(e, "PJSC SBERBANK")->former, 0);
	test_ident(e, "swift-bic", "SABRRUMM");
	assert_string_equal(test_ident(e, "tax-id", "7707083893")->country,
			    "RU");
	assert_true(test_has_program(e, "UKRAINE-EO13662"));
	assert_true(test_has_program(e, "RUSSIA-EO14024"));

	/* Organization Established Date 19 Nov 1991 */
	e = test_get(&l->set, "us-ofac-sdn:16865");
	assert_int_equal(e->n_dates, 1);
	assert_int_equal(e->dates[0].role, DATE_INCORPORATION);
	assert_int_equal(e->dates[0].date.year, 1991);
	assert_int_equal(e->dates[0].date.month, 11);
	assert_int_equal(e->dates[0].date.day, 19);

	/* Cedula No. 6068015 (Colombia); ... alt. Passport 6067015 (Comoros) */
	e = test_get(&l->set, "us-ofac-sdn:4107");
	assert_string_equal(test_ident(e, "national-id", "6068015")->country,
			    "CO");
	assert_string_equal(test_ident(e, "passport", "6067015")->country,
			    "KM");
}

/* Remarks cut at 1000 characters and continued in sdn_comments.csv, the
 * split falling inside an alias. */
static void test_sdn_continuation(void **state)
{
	(void)state;
	const test_loaded *l = sdn2023_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-ofac-sdn:28263");
	assert_true(strlen(e->remarks) > 1000);
	static const char tail[] = "Linked To: LAZARUS GROUP.";
	size_t n = strlen(e->remarks);
	assert_string_equal(e->remarks + n - (sizeof(tail) - 1), tail);
	assert_int_equal(test_name(e, "snowsjohn")->kind, NAME_WEAK);
	assert_string_equal(test_attr(e, "linked_to"), "LAZARUS GROUP");
	assert_true(test_has_program(e, "DPRK3"));
	assert_true(test_has_program(e, "CYBER2"));
	assert_int_equal(e->n_programs, 2);
	assert_int_equal(e->gender, GENDER_MALE);
	assert_birth(e, 0, "1986-07-12", "");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "CN"));
	assert_string_equal(
	    test_ident(e, "national-id", "321284198607120616")->country, "CN");
	assert_string_equal(test_ident(e, "digital-currency",
				       "1Hn9ErTCPRP6j5UDBeuXPGuq5RtRjFJxJQ")
				->note,
			    "XBT");
	assert_string_equal(test_attr(e, "email"), "417136259@qq.com");
}

static void test_sdn_birth_dates(void **state)
{
	(void)state;
	const test_loaded *l = sdn2023_get();
	if (!l)
		return;
	/* DOB 1951 to 1953; alt. DOB 1960 to 1962; alt. DOB Apr 1961;
	 * alt. DOB 1953 */
	const entity *e = test_get(&l->set, "us-ofac-sdn:12057");
	assert_int_equal(e->n_dates, 4);
	assert_birth(e, 0, "1951", "1953");
	assert_birth(e, 1, "1960", "1962");
	assert_birth(e, 2, "1961-04", "");
	assert_birth(e, 3, "1953", "");
	assert_true(test_has_country(e, COUNTRY_BIRTH, "IQ"));
	assert_true(test_has_country(e, COUNTRY_BIRTH, "IR"));
	/* DOB 01 Jan 1961 to 31 Dec 1962 */
	e = test_get(&l->set, "us-ofac-sdn:15962");
	assert_birth(e, 0, "1961-01-01", "1962-12-31");
	/* DOB circa 1951; POB Foca, Bosnia-Herzegovina */
	e = test_get(&l->set, "us-ofac-sdn:7782");
	assert_birth(e, 0, "1951", "");
	assert_true(test_has_country(e, COUNTRY_BIRTH, "BA"));
}

/* ------------------------------------------------------ other sets */

static void test_sdn_2024_alone(void **state)
{
	(void)state;
	const char *p = test_data("lists/us-ofac-sdn/2024-05-03/sdn.csv");
	if (!p)
		return;
	test_loaded l;
	test_load(&l, p, NULL);
	assert_int_equal(l.st, LICIT_OK);
	test_assert_stats(l.res.stats, 14965, 14965, 18631, 0);
	entity_set_release(&l.set);
}

static void test_history_file(void **state)
{
	(void)state;
	const char *p = test_data("history/us-ofac-sdn/sdn-2022-02-17.csv");
	if (!p)
		return;
	test_loaded l;
	test_load(&l, p, NULL); /* detected by content */
	assert_int_equal(l.st, LICIT_OK);
	assert_string_equal(l.res.format->name, "ofac-csv");
	assert_string_equal(l.res.source_id, "us-ofac-sdn");
	assert_string_equal(l.res.published, "2022-02-17");
	assert_int_equal(l.res.stats.entities, 9056);
	assert_int_equal(l.res.stats.records, 9056);
	assert_int_equal(l.res.stats.skipped, 0);
	const entity *e = test_get(&l.set, "us-ofac-sdn:2676");
	assert_birth(e, 0, "1951-06-19", "");
	/* read alone: no alt.csv names */
	assert_int_equal(e->n_names, 1);
	entity_set_release(&l.set);
}

static void test_cons(void **state)
{
	(void)state;
	const char *p =
	    test_data("lists/us-ofac-cons/2025-12-19/cons_prim.csv");
	if (!p)
		return;
	test_loaded l;
	test_load(&l, p, NULL);
	assert_int_equal(l.st, LICIT_OK);
	assert_string_equal(l.res.source_id, "us-ofac-cons");
	/* 442 cons_prim + 574 cons_add + 1,073 cons_alt + 10 comments */
	test_assert_stats(l.res.stats, 2099, 442, 1585, 0);
	size_t addrs = 0;
	for (size_t i = 0; i < l.set.n; i++)
		addrs += l.set.items[i]->n_addrs;
	assert_int_equal(addrs, 522);

	const entity *e = test_get(&l.set, "us-ofac-cons:9639");
	assert_string_equal(ent_primary_name(e), "HANIYA, Ismail Abdul Salah");
	assert_int_equal(test_name(e, "HANIYYA, Ismaeel")->kind, NAME_STRONG);
	assert_string_equal(e->programs[0], "NS-PLC");
	assert_string_equal(e->lists[0], "Non-SDN Consolidated Sanctions List");
	assert_birth(e, 0, "1962", "");
	assert_string_equal(test_attr(e, "birth_place"), "Shati");
	/* aliases found only in the cons_comments.csv continuation */
	e = test_get(&l.set, "us-ofac-cons:17018");
	assert_int_equal(test_name(e, "SBERBANK MUMBAI")->kind, NAME_WEAK);
	assert_int_equal(e->n_addrs, 4);
	entity_set_release(&l.set);
}

static void test_companions_alone(void **state)
{
	(void)state;
	static const char *const files[] = {"add.csv", "alt.csv",
					    "sdn_comments.csv"};
	char path[4096];
	for (size_t i = 0; i < 3; i++) {
		const char *p = test_data("lists/us-ofac-sdn/2023-12-28");
		if (!p)
			return;
		snprintf(path, sizeof(path), "%s/%s", p, files[i]);
		size_t len;
		unsigned char *d = test_read_file(path, &len);
		assert_non_null(d);
		assert_int_equal(fmt_ofac_csv.is_companion(path, d, len), 1);
		errinfo e;
		assert_int_equal(source_is_companion(path, &e), 1);
		test_loaded l;
		test_load(&l, path, NULL);
		assert_int_not_equal(l.st, LICIT_OK);
		assert_non_null(strstr(l.err.msg, files[i]));
		assert_non_null(strstr(l.err.msg, "sdn.csv"));
		assert_int_equal(l.set.n, 0);
		entity_set_release(&l.set);
		free(d);
	}
	const char *p = test_data("lists/us-ofac-sdn/2023-12-28/sdn.csv");
	size_t len;
	unsigned char *d = test_read_file(p, &len);
	assert_non_null(d);
	assert_int_equal(fmt_ofac_csv.is_companion(p, d, len), 0);
	free(d);
}

/* No other list in the data folder is taken for OFAC CSV. */
static void test_detect_others(void **state)
{
	(void)state;
	static const char *const others[] = {
	    "lists/us-csl/2022-04-21/consolidated.csv",
	    "lists/uk-ofsi/2025-04-10/ConList.csv",
	    "lists/us-bis-dpl/2023/dpl.txt",
	    "lists/un-sc/2026-02-27/consolidated.xml",
	    "lists/eu-fsf/2018-12-21/excerpt.xml",
	    "lists/opensanctions/ua_war_sanctions_targets.simple.csv",
	    "lists/opensanctions/t1_entities.ftm.json",
	};
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		const char *p = test_data(others[i]);
		if (!p)
			return;
		size_t len;
		unsigned char *d = test_read_file(p, &len);
		if (!d)
			continue; /* not every snapshot of the data has it */
		assert_int_equal(fmt_ofac_csv.detect(p, d, len), 0);
		assert_int_equal(fmt_ofac_csv.is_companion(p, d, len), 0);
		free(d);
	}
}

/* ------------------------------------------------------ broken files */

#define ROW1                                                                   \
	"36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,"     \
	"-0- ,-0- ,-0- ,-0- \r\n"
#define ROW2                                                                   \
	"2676,\"AL ZAWAHIRI, Dr. Ayman\",\"individual\",\"SDGT\",-0- ,-0- ,"   \
	"-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 19 Jun 1951; POB Giza, Egypt.\"\r\n"

static int tmp_teardown(void **state)
{
	(void)state;
	test_tmp_cleanup();
	return 0;
}

/* Write `name` in a fresh subfolder `sub` of the temporary folder; returns
 * its path. */
static const char *put(const char *sub, const char *name, const void *data,
		       size_t len)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "%s/%s", sub, name);
	return test_write_tmp(rel, data, len);
}

static const char *puts_(const char *sub, const char *name, const char *s)
{
	return put(sub, name, s, strlen(s));
}

/* Parse `path` as ofac-csv; expect a parse error whose message holds each
 * of the NULL-terminated needles. */
static void expect_error(const char *path, const char *needle, ...)
{
	test_loaded l;
	test_load(&l, path, &fmt_ofac_csv);
	assert_int_equal(l.st, LICIT_EPARSE);
	va_list ap;
	va_start(ap, needle);
	for (const char *n = needle; n; n = va_arg(ap, const char *))
		if (!strstr(l.err.msg, n))
			fail_msg("'%s' not in '%s'", n, l.err.msg);
	va_end(ap);
	assert_int_equal(l.set.n, 0);
	entity_set_release(&l.set);
}

static void test_bad_empty(void **state)
{
	(void)state;
	expect_error(puts_("empty", "sdn.csv", ""), "sdn.csv:1", "empty", NULL);
	expect_error(puts_("blank", "sdn.csv", "\r\n\x1a"), "sdn.csv:1",
		     "empty", NULL);
}

static void test_bad_html(void **state)
{
	(void)state;
	const char *p = puts_("html", "sdn.csv",
			      "<!DOCTYPE html>\n<html><body>Service "
			      "Unavailable</body></html>\n");
	expect_error(p, "sdn.csv:1", "HTML", NULL);
	size_t len;
	unsigned char *d = test_read_file(p, &len);
	assert_int_equal(fmt_ofac_csv.detect(p, d, len), 0);
	free(d);
}

static void test_bad_truncated(void **state)
{
	(void)state;
	const char *p = puts_("trunc", "sdn.csv",
			      ROW1 ROW2 "306,\"BANCO NACIONAL DE CUBA\",-0- ,"
					"\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,"
					"-0- ,-0- ,\"a.k.a. 'BN");
	expect_error(p, "sdn.csv:3", "unterminated", NULL);
	/* cut at a field boundary: too few fields */
	p = puts_("short", "sdn.csv",
		  ROW1 ROW2 "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- "
			    ",-0- ,-0- ,-0- ,-0- \r\n");
	expect_error(p, "sdn.csv:3", "expected 12 fields", "found 9", NULL);
}

static void test_bad_header_and_encoding(void **state)
{
	(void)state;
	expect_error(puts_("header", "sdn.csv",
			   "ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,"
			   "Vess_type,Tonnage,GRT,Vess_flag,Vess_owner,"
			   "Remarks\r\n" ROW1),
		     "sdn.csv:1", "expected an OFAC main-file row", NULL);
	/* UTF-16LE: "36," */
	static const unsigned char u16[] = {0xFF, 0xFE, '3', 0,	  '6',
					    0,	  ',',	0,   '"', 0};
	expect_error(put("utf16", "sdn.csv", u16, sizeof(u16)), "sdn.csv:1",
		     "NUL byte", NULL);
}

static void test_bad_companion(void **state)
{
	(void)state;
	puts_("badadd", "sdn.csv", ROW1 ROW2);
	const char *p = puts_("badadd", "add.csv",
			      "36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n"
			      "2676,26,\"Giza\",\"Egypt\"\r\n");
	(void)p;
	expect_error(test_tmp_path("badadd/sdn.csv"), "add.csv:2",
		     "expected 6 fields", "found 4", NULL);
	/* alias rows where the addresses should be */
	puts_("swapped", "sdn.csv", ROW1 ROW2);
	puts_("swapped", "add.csv",
	      "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n");
	expect_error(test_tmp_path("swapped/sdn.csv"), "add.csv:1",
		     "expected OFAC address", "found alias", NULL);
	/* a companion given alone */
	p = puts_(
	    "alone", "add.csv",
	    "36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n"
	    "173,129,\"Ibex House\",\"London\",\"United Kingdom\",-0- \r\n");
	expect_error(p, "add.csv:1", "companion", "sdn.csv", NULL);
}

/* A working set written by hand: joins, skips, cp1252, companion naming. */
static void test_small_set(void **state)
{
	(void)state;
	puts_("set", "sdn.csv",
	      ROW1 ROW2
	      "7,\"CAF\xc9 \xc0 LA CR\xc8ME\",-0- ,\"SDGT] [IRGC\",-0- ,-0- ,"
	      "-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1950; a.k.a. 'CAF\xc9 NO\"\r\n"
	      "36,\"DUPLICATE\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"
	      "-0- ,-0- \r\n\x1a");
	puts_("set", "ALT.CSV",
	      "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n"
	      "999,13,\"aka\",\"NOBODY\",-0- \r\n"
	      "2676,14,\"fka\",\"SALIM, Ahmad Fuad\",-0- \r\n\x1a");
	puts_("set", "add.csv",
	      "36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n"
	      "36,26,-0- ,-0- ,-0- ,-0- \r\n"
	      "7,27,-0- ,\"Kafia Kingi\",\"Region: Kafia Kingi\",-0- \r\n"
	      "998,28,-0- ,\"Nowhere\",\"Cuba\",-0- \r\n\x1a");
	/* the remarks of 7 overflow into the comments file mid-alias */
	puts_("set", "sdn_comments.csv", "7,\"IR'; Linked To: X S.A.\"\n\x1a");
	test_loaded l;
	test_load(&l, test_tmp_path("set/sdn.csv"), NULL);
	if (l.st != LICIT_OK)
		fail_msg("%s", l.err.msg);
	assert_int_equal(l.res.stats.entities, 3);
	assert_int_equal(l.res.stats.records, 4 + 3 + 4 + 1);
	assert_int_equal(l.res.stats.skipped, 3);
	assert_int_equal(l.res.skips[0].line, 4);
	assert_non_null(strstr(l.res.skips[0].reason, "duplicate ent_num 36"));
	assert_non_null(strstr(l.res.skips[1].file, "ALT.CSV"));
	assert_int_equal(l.res.skips[1].line, 2);
	assert_non_null(strstr(l.res.skips[1].reason, "999"));
	assert_non_null(strstr(l.res.skips[2].file, "add.csv"));
	assert_int_equal(l.res.skips[2].line, 4);

	const entity *e = test_get(&l.set, "us-ofac-sdn:36");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_int_equal(test_name(e, "AERO-CARIBBEAN")->kind, NAME_STRONG);
	assert_int_equal(e->n_addrs, 1);
	assert_string_equal(e->addrs[0].country, "CU");
	assert_null(e->remarks);

	e = test_get(&l.set, "us-ofac-sdn:2676");
	assert_true(test_name(e, "SALIM, Ahmad Fuad")->former);
	assert_birth(e, 0, "1951-06-19", "");

	e = test_get(&l.set, "us-ofac-sdn:7");
	assert_string_equal(ent_primary_name(e), "CAF\xc3\x89 \xc3\x80 LA "
						 "CR\xc3\x88ME");
	assert_int_equal(test_name(e, "CAF\xc3\x89 NOIR")->kind, NAME_WEAK);
	assert_birth(e, 0, "1950", "");
	assert_int_equal(e->n_programs, 2);
	assert_string_equal(e->programs[0], "SDGT");
	assert_string_equal(e->programs[1], "IRGC");
	assert_string_equal(test_attr(e, "linked_to"), "X S.A.");
	/* a region with no ISO code stays in the address text */
	assert_int_equal(e->n_addrs, 1);
	assert_string_equal(e->addrs[0].full,
			    "Kafia Kingi, Region: Kafia Kingi");
	assert_string_equal(e->addrs[0].country, "");
	entity_set_release(&l.set);

	/* the same main file under a dated name reads no companions */
	puts_("set", "sdn-2020-01-01.csv", ROW1 ROW2);
	test_load(&l, test_tmp_path("set/sdn-2020-01-01.csv"), NULL);
	assert_int_equal(l.st, LICIT_OK);
	assert_int_equal(l.res.stats.records, 2);
	assert_int_equal(test_get(&l.set, "us-ofac-sdn:36")->n_names, 1);
	entity_set_release(&l.set);

	/* cons_prim.csv: the consolidated set, with cons_* companions */
	puts_("cons", "cons_prim.csv", ROW1);
	puts_("cons", "cons_alt.csv",
	      "36,12,\"aka\",\"AERO-CARIBBEAN\",-0- \r\n");
	puts_("cons", "alt.csv", "36,12,\"aka\",\"WRONG FILE\",-0- \r\n");
	test_load(&l, test_tmp_path("cons/cons_prim.csv"), NULL);
	assert_int_equal(l.st, LICIT_OK);
	assert_string_equal(l.res.source_id, "us-ofac-cons");
	e = test_get(&l.set, "us-ofac-cons:36");
	assert_int_equal(e->n_names, 2);
	test_name(e, "AERO-CARIBBEAN");
	entity_set_release(&l.set);
}

int main(void)
{
	const struct CMUnitTest real[] = {
	    cmocka_unit_test(test_sdn_counts),
	    cmocka_unit_test(test_sdn_skips),
	    cmocka_unit_test(test_sdn_zawahiri),
	    cmocka_unit_test(test_sdn_vessels),
	    cmocka_unit_test(test_sdn_aliases_addresses),
	    cmocka_unit_test(test_sdn_continuation),
	    cmocka_unit_test(test_sdn_birth_dates),
	    cmocka_unit_test(test_sdn_2024_alone),
	    cmocka_unit_test(test_history_file),
	    cmocka_unit_test(test_cons),
	    cmocka_unit_test(test_companions_alone),
	    cmocka_unit_test(test_detect_others),
	};
	const struct CMUnitTest bad[] = {
	    cmocka_unit_test(test_bad_empty),
	    cmocka_unit_test(test_bad_html),
	    cmocka_unit_test(test_bad_truncated),
	    cmocka_unit_test(test_bad_header_and_encoding),
	    cmocka_unit_test(test_bad_companion),
	    cmocka_unit_test(test_small_set),
	};
	int fails = cmocka_run_group_tests_name("ofac-csv real data", real,
						NULL, sdn2023_teardown);
	fails += cmocka_run_group_tests_name("ofac-csv broken files", bad, NULL,
					     tmp_teardown);
	return fails;
}
