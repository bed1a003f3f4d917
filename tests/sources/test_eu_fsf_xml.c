/*
 * test_eu_fsf_xml.c - the EU financial sanctions file parser on the real
 * 2018-12-21 excerpt (two sanctionEntity records: Robert Mugabe and a
 * Turkish organisation listed under eleven names in nine languages) and on
 * broken or unusual files written to a temporary folder.
 *
 * The counts were read off the raw file: 2 entities; 1 + 9 nameAlias
 * elements, all distinct, so 10 names.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/load.h"
#include "sources/source.h"
#include "util/alloc.h"

#define EXCERPT "lists/eu-fsf/2018-12-21/excerpt.xml"

static const char *excerpt_path(void)
{
	return test_data(EXCERPT);
}

static void test_excerpt_counts(void **state)
{
	(void)state;
	test_loaded l;
	if (!test_load_real(&l, EXCERPT, &fmt_eu_fsf_xml))
		return;
	assert_string_equal(l.res.format->name, "eu-fsf-xml");
	assert_string_equal(l.res.source_id, "eu-fsf");
	assert_string_equal(l.res.published, "2018-12-21");
	assert_int_equal(l.res.stats.records, 2);
	assert_int_equal(l.res.stats.entities, 2);
	assert_int_equal(l.set.n, 2);
	assert_int_equal(l.res.stats.names, 10);
	assert_int_equal(l.res.stats.skipped, 0);
	entity_set_release(&l.set);
}

static void test_mugabe(void **state)
{
	(void)state;
	test_loaded l;
	if (!test_load_real(&l, EXCERPT, &fmt_eu_fsf_xml))
		return;
	const entity *e = test_get(&l.set, "eu-fsf:1");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_int_equal(e->gender, GENDER_MALE);
	assert_int_equal(e->n_names, 1);
	assert_string_equal(ent_primary_name(e), "Robert Gabriel Mugabe");
	assert_int_equal(e->n_dates, 1);
	assert_int_equal(e->dates[0].role, DATE_BIRTH);
	test_assert_pdate(e->dates[0].date, "1924-02-21");
	/* countryIso2Code "00" is unknown: no birth country, no passport
	 * country */
	assert_int_equal(e->n_countries, 0);
	assert_int_equal(e->n_idents, 1);
	assert_string_equal(e->idents[0].type, "passport");
	assert_string_equal(e->idents[0].value, "AD001095");
	assert_string_equal(e->idents[0].country, "");
	assert_non_null(strstr(e->idents[0].note, "National passport"));
	assert_non_null(strstr(e->idents[0].note, "(passport)"));
	assert_int_equal(e->n_programs, 1);
	assert_string_equal(e->programs[0], "ZWE");
	test_assert_pdate(e->listed, "2018-02-16");
	assert_string_equal(test_attr(e, "position"), "Former President");
	assert_string_equal(test_attr(e, "eu_reference_number"), "EU.36.64");
	assert_string_equal(test_attr(e, "regulation"), "2018/223 (OJ L43)");
	assert_non_null(strstr(e->origin_file, "excerpt.xml"));
	assert_int_equal(e->origin_line, 4);
	entity_set_release(&l.set);
}

static void test_enterprise_scripts(void **state)
{
	(void)state;
	test_loaded l;
	if (!test_load_real(&l, EXCERPT, &fmt_eu_fsf_xml))
		return;
	const entity *e = test_get(&l.set, "eu-fsf:207");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_int_equal(e->n_names, 9);
	const ent_name *n = test_name(e, "İslami Büyük Doğu Akıncılar Cephesi");
	assert_int_equal(n->kind, NAME_PRIMARY);
	assert_null(n->lang);
	n = test_name(e, "Фронт на великите ислямски източни воини");
	assert_int_equal(n->kind, NAME_STRONG);
	assert_string_equal(n->lang, "bg");
	n = test_name(e, "Μέγα Ισλαµικό Μέτωπο των Πολεµιστών της Ανατολής");
	assert_string_equal(n->lang, "el");
	assert_string_equal(test_name(e, "Front der islamischen Kämpfer des "
					 "Großen Ostens")
				->lang,
			    "de");
	assert_int_equal(test_name(e, "IBDA-C")->kind, NAME_STRONG);
	assert_string_equal(e->programs[0], "TERR");
	test_assert_pdate(e->listed, "2018-03-22");
	assert_int_equal(e->origin_line, 21);
	entity_set_release(&l.set);
}

/* ---------------------------------------------------- other content */

#define HEAD                                                                   \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                         \
	"<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\" "                \
	"generationDate=\"2024-05-06T10:00:00.000+02:00\">\n"

/* Birth date from its parts with circa, citizenship, address, weak alias,
 * remarks, identification remark, a record without logicalId, a duplicate. */
static void test_fields_and_skips(void **state)
{
	(void)state;
	static const char xml[] = HEAD
	    "<sanctionEntity logicalId=\"10\" designationDate=\"2014-03-17\">\n"
	    "<regulation programme=\"UKR\" publicationDate=\"2014-03-17\"/>\n"
	    "<regulation programme=\"RUS\" publicationDate=\"2022-02-23\"/>\n"
	    "<subjectType code=\"person\"/>\n"
	    "<nameAlias wholeName=\"\" firstName=\"Ivan\" lastName=\"Petrov\" "
	    "gender=\"M\" strong=\"true\" nameLanguage=\"\"/>\n"
	    "<nameAlias wholeName=\"Ваня\" strong=\"false\" "
	    "nameLanguage=\"RU\"/>\n"
	    "<birthdate circa=\"true\" year=\"1960\" monthOfYear=\"5\" "
	    "countryIso2Code=\"RU\" city=\"Tula\" "
	    "countryDescription=\"RUSSIAN FEDERATION\"/>\n"
	    "<citizenship countryIso2Code=\"RU\"/>\n"
	    "<identification number=\"7700 123456\" "
	    "identificationTypeCode=\"id\" countryIso2Code=\"RU\">"
	    "<remark>internal passport</remark></identification>\n"
	    "<address street=\"Tverskaya 1\" city=\"Moscow\" "
	    "zipCode=\"125009\" "
	    "countryIso2Code=\"RU\"/>\n"
	    "<remark>Businessman.</remark>\n"
	    "</sanctionEntity>\n"
	    "<sanctionEntity euReferenceNumber=\"EU.1.1\">\n"
	    "<nameAlias wholeName=\"No Id\"/>\n"
	    "</sanctionEntity>\n"
	    "<sanctionEntity logicalId=\"10\">\n"
	    "<nameAlias wholeName=\"Twice\"/>\n"
	    "</sanctionEntity>\n"
	    "</export>\n";
	const char *path = test_write_tmp("fields.xml", xml, sizeof(xml) - 1);
	test_loaded l;
	test_load(&l, path, NULL);
	assert_int_equal(l.st, LICIT_OK);
	assert_string_equal(l.res.format->name, "eu-fsf-xml");
	assert_string_equal(l.res.published, "2024-05-06");
	test_assert_stats(l.res.stats, 3, 1, 2, 2);
	assert_int_equal(l.res.skips[0].line, 15);
	assert_non_null(strstr(l.res.skips[0].reason, "logicalId"));
	assert_int_equal(l.res.skips[1].line, 18);
	assert_non_null(strstr(l.res.skips[1].reason, "duplicate"));

	const entity *e = test_get(&l.set, "eu-fsf:10");
	assert_string_equal(ent_primary_name(e), "Ivan Petrov");
	const ent_name *n = test_name(e, "Ваня");
	assert_int_equal(n->kind, NAME_WEAK);
	assert_string_equal(n->lang, "ru");
	test_assert_pdate(e->dates[0].date, "1960-05");
	assert_string_equal(test_attr(e, "birth_date_circa"), "1960-05");
	assert_string_equal(test_attr(e, "birth_place"),
			    "Tula, RUSSIAN FEDERATION");
	test_assert_pdate(e->listed, "2014-03-17");
	assert_int_equal(e->n_programs, 2);
	assert_int_equal(e->n_countries, 2);
	assert_int_equal(e->countries[0].role, COUNTRY_BIRTH);
	assert_string_equal(e->countries[0].code, "RU");
	assert_int_equal(e->countries[1].role, COUNTRY_CITIZENSHIP);
	assert_string_equal(e->idents[0].type, "national-id");
	assert_string_equal(e->idents[0].value, "7700 123456");
	assert_string_equal(e->idents[0].country, "RU");
	assert_non_null(strstr(e->idents[0].note, "internal passport"));
	assert_string_equal(e->addrs[0].full, "Tverskaya 1, Moscow");
	assert_string_equal(e->addrs[0].postal, "125009");
	assert_string_equal(e->addrs[0].country, "RU");
	assert_string_equal(e->remarks, "Businessman.");
	entity_set_release(&l.set);
}

static void expect_parse_error(const char *name, const void *data, size_t n,
			       const char *where, const char *what)
{
	test_expect_load_error(test_write_tmp(name, data, n), &fmt_eu_fsf_xml,
			       where, what);
}

static void test_bad_files(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = test_read_data(EXCERPT, &len);
	if (!data)
		return;
	/* cut inside the second name of the second entity (line 27) */
	expect_parse_error("cut.xml", data, 3200, "cut.xml:27: ", "truncated");
	free(data);

	static const char root[] = "<?xml version=\"1.0\"?>\n"
				   "<CONSOLIDATED_LIST/>\n";
	expect_parse_error("root.xml", root, sizeof(root) - 1, "root.xml:2: ",
			   "unexpected root element <CONSOLIDATED_LIST>, "
			   "expected <export>");
	static const char html[] = "<html>\n<body>Service unavailable</body>"
				   "</html>\n";
	expect_parse_error("page.xml", html, sizeof(html) - 1,
			   "page.xml:1: ", "HTML page");
	expect_parse_error("empty.xml", "", 0, "empty.xml:1: ", "empty file");
	static const char bad_utf8[] =
	    HEAD "<sanctionEntity logicalId=\"1\">\n"
		 "<nameAlias wholeName=\"M\xfcller\"/>\n"
		 "</sanctionEntity>\n</export>\n";
	expect_parse_error("latin1.xml", bad_utf8, sizeof(bad_utf8) - 1,
			   "latin1.xml:4: ", "UTF-8");
	static const char unclosed[] = HEAD "<sanctionEntity logicalId=\"1\">\n"
					    "<nameAlias wholeName=\"A\">\n"
					    "</sanctionEntity>\n</export>\n";
	expect_parse_error("mismatch.xml", unclosed, sizeof(unclosed) - 1,
			   "mismatch.xml:5: ", "malformed xml");
}

/* Every allocation failing in turn gives LICIT_ENOMEM (or success once
 * enough succeed), never a crash or a leak. */
static void test_out_of_memory(void **state)
{
	(void)state;
	const char *p = excerpt_path();
	if (!p)
		return;
	int succeeded = 0;
	for (long n = 0; n < 400 && !succeeded; n++) {
		test_loaded l;
		alloc_fail_after(n);
		test_load(&l, p, NULL);
		alloc_fail_after(-1);
		if (l.st != LICIT_OK && l.st != LICIT_ENOMEM)
			fail_msg("after %ld allocations: %s", n, l.err.msg);
		succeeded = l.st == LICIT_OK;
		if (succeeded)
			assert_int_equal(l.set.n, 2);
		entity_set_release(&l.set);
	}
	assert_true(succeeded);
}

static void test_detect(void **state)
{
	(void)state;
	static const char *const others[] = {
	    "lists/un-sc/2026-02-27/consolidated.xml",
	    "lists/us-ofac-cons/2025-01-10/CONS_ENHANCED.ZIP",
	    "lists/us-csl/2022-04-21/consolidated.csv",
	    "lists/opensanctions/zala_entities.ftm.json",
	    "lists/uk-ofsi/2025-04-10/UK_Sanctions_List_2025-04.xlsx",
	};
	if (!test_detect_none(&fmt_eu_fsf_xml, others,
			      sizeof(others) / sizeof(others[0])))
		return;
	static const char head[] = HEAD;
	assert_true(fmt_eu_fsf_xml.detect("x", (const unsigned char *)head,
					  sizeof(head) - 1) >= 90);
}

static int teardown(void **state)
{
	(void)state;
	test_tmp_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_excerpt_counts),
	    cmocka_unit_test(test_mugabe),
	    cmocka_unit_test(test_enterprise_scripts),
	    cmocka_unit_test(test_fields_and_skips),
	    cmocka_unit_test(test_bad_files),
	    cmocka_unit_test(test_out_of_memory),
	    cmocka_unit_test(test_detect),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
