/*
 * test_un_xml.c - the UN Security Council consolidated list parser on the
 * real 2026-02-27 XML and on broken files written to a temporary folder.
 *
 * Expected counts were computed independently from the raw file with
 * Python's ElementTree: 730 INDIVIDUAL + 273 ENTITY records; names per
 * record = distinct non-empty values among the joined FIRST..FOURTH_NAME,
 * NAME_ORIGINAL_SCRIPT and every ALIAS_NAME (white space collapsed), 4,121
 * in all. Entries were checked by hand against the XML.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/load.h"
#include "sources/source.h"

#define UN "lists/un-sc/2026-02-27/consolidated.xml"

static test_loaded un;

static const test_loaded *un_get(void)
{
	return test_load_cached(&un, UN, &fmt_un_xml);
}

static int un_teardown(void **state)
{
	(void)state;
	test_cache_release(&un);
	return 0;
}

static void test_counts(void **state)
{
	(void)state;
	const test_loaded *l = un_get();
	if (!l)
		return;
	assert_string_equal(l->res.format->name, "un-xml");
	assert_string_equal(l->res.source_id, "un-sc");
	assert_string_equal(l->res.published, "2026-02-27");
	assert_int_equal(l->res.published_from_path, 0);
	assert_int_equal(l->res.stats.records, 1003);
	assert_int_equal(l->res.stats.entities, 1003);
	assert_int_equal(l->set.n, 1003);
	assert_int_equal(l->res.stats.names, 4121);
	/* the empty <INDIVIDUAL_ALIAS> placeholders are not records */
	assert_int_equal(l->res.stats.skipped, 0);
	size_t schema[5] = {0}, names = 0;
	for (size_t i = 0; i < l->set.n; i++) {
		const entity *e = l->set.items[i];
		schema[e->schema]++;
		names += e->n_names;
		assert_int_equal(strncmp(e->id, "un-sc:", 6), 0);
		assert_int_equal(e->n_lists, 1);
		assert_string_equal(e->lists[0], "UN List");
		assert_true(e->listed.year >= 1999);
	}
	assert_int_equal(schema[LICIT_SCHEMA_PERSON], 730);
	assert_int_equal(schema[LICIT_SCHEMA_ORGANIZATION], 273);
	assert_int_equal(names, 4121);
}

static void test_badege(void **state)
{
	(void)state;
	const test_loaded *l = un_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "un-sc:CDi.001");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_int_equal(e->gender, GENDER_MALE);
	assert_int_equal(e->n_names, 1); /* its alias element is empty */
	assert_string_equal(ent_primary_name(e), "ERIC BADEGE");
	assert_int_equal(e->names[0].kind, NAME_PRIMARY);
	assert_int_equal(e->n_dates, 1);
	test_assert_date_at(e, 0, DATE_BIRTH, "1971", "");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "CD"));
	assert_int_equal(e->n_addrs, 1);
	assert_string_equal(e->addrs[0].country, "RW");
	assert_int_equal(e->n_programs, 1);
	assert_string_equal(e->programs[0], "DRC");
	test_assert_pdate(e->listed, "2012-12-31");
	assert_non_null(strstr(e->remarks, "He fled to Rwanda in March 2013"));
	assert_non_null(strstr(e->origin_file, "consolidated.xml"));
	assert_int_equal(e->origin_line, 4); /* <INDIVIDUAL> */
}

/* Original script next to the transliteration, weak alias, exact DOB. */
static void test_original_script(void **state)
{
	(void)state;
	const test_loaded *l = un_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "un-sc:IQi.001");
	const ent_name *n = test_name(e, "SADDAM HUSSEIN AL-TIKRITI");
	assert_int_equal(n->kind, NAME_PRIMARY);
	assert_string_equal(n->original, "صدام حسين التكريتي");
	assert_int_equal(test_name(e, "صدام حسين التكريتي")->kind, NAME_STRONG);
	assert_int_equal(test_name(e, "Abu Ali")->kind, NAME_WEAK);
	test_assert_date_at(e, 0, DATE_BIRTH, "1937-04-28", "");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "IQ"));
	assert_true(test_has_country(e, COUNTRY_BIRTH, "IQ"));
	assert_true(
	    test_has_attr(e, "birth_place", "al-Awja, near Tikrit, Iraq"));
	assert_int_equal(e->origin_line, 4325);

	e = test_get(&l->set, "un-sc:QDe.002");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	n = test_name(e, "AL-ITIHAAD AL-ISLAMIYA / AIAI");
	assert_int_equal(n->kind, NAME_PRIMARY);
	assert_string_equal(n->original, "الاتحاد الاسلامي");
	assert_non_null(test_name(e, "الاتحاد الاسلامي"));
	assert_int_equal(e->origin_line, 47347);
}

static void test_dates_documents_aliases(void **state)
{
	(void)state;
	const test_loaded *l = un_get();
	if (!l)
		return;
	/* TYPE_OF_DATE BETWEEN, FROM_YEAR 1973, TO_YEAR 1974 */
	const entity *e = test_get(&l->set, "un-sc:CDi.030");
	test_assert_date_at(e, 0, DATE_BIRTH, "1973", "1974");
	assert_true(test_has_country(e, COUNTRY_BIRTH, "RW"));
	assert_int_equal(test_name(e, "Terminator")->kind, NAME_WEAK);
	assert_int_equal(test_name(e, "Bosco Ntaganda")->kind, NAME_STRONG);

	e = test_get(&l->set, "un-sc:LYi.006");
	const ent_ident *id = test_ident(e, NULL, "FK117RK0");
	assert_string_equal(id->type, "passport");
	assert_string_equal(id->country, "LY");
	assert_non_null(strstr(id->note, "issued 2018-11-25"));
	assert_non_null(strstr(id->note, "in Tripoli"));

	e = test_get(&l->set, "un-sc:KPi.068");
	assert_string_equal(test_ident(e, NULL, "108120258")->country, "KP");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "KP"));

	/* LISTED_ON with a zone: 2015-07-01-04:00 */
	e = test_get(&l->set, "un-sc:SSi.001");
	test_assert_pdate(e->listed, "2015-07-01");

	/* ENTITY_ALIAS quality f.k.a. */
	e = test_get(&l->set, "un-sc:CDe.001");
	assert_string_equal(ent_primary_name(e), "ADF");
	const ent_name *n = test_name(e, "NALU");
	assert_int_equal(n->kind, NAME_STRONG);
	assert_int_equal(n->former, 1);
	assert_int_equal(test_name(e, "Allied Democratic Forces")->former, 0);
}

/* ---------------------------------------------------- broken input */

static int tmp_teardown(void **state)
{
	(void)state;
	test_tmp_cleanup();
	return 0;
}

/* Parsing `text` as un-xml fails with EPARSE and a message that starts
 * with the file name and contains `where` and `what`. */
static void expect_parse_error(const char *name, const void *data, size_t n,
			       const char *where, const char *what)
{
	test_expect_load_error(test_write_tmp(name, data, n), &fmt_un_xml,
			       where, what);
}

static void test_truncated(void **state)
{
	(void)state;
	size_t len;
	unsigned char *data = test_read_data(UN, &len);
	if (!data)
		return;
	/* cut inside </INDIVIDUAL_ALIAS> on line 26079 */
	expect_parse_error("cut.xml", data, 1000000,
			   "cut.xml:26079: ", "truncated");
	free(data);
}

static void test_bad_files(void **state)
{
	(void)state;
	static const char root[] = "<?xml version=\"1.0\"?>\n"
				   "<sdnList>\n</sdnList>\n";
	expect_parse_error("root.xml", root, sizeof(root) - 1, "root.xml:2: ",
			   "unexpected root element <sdnList>, expected "
			   "<CONSOLIDATED_LIST>");
	static const char html[] = "<!DOCTYPE html>\n<html><head><title>503"
				   "</title></head><body>busy</body></html>\n";
	expect_parse_error("page.xml", html, sizeof(html) - 1,
			   "page.xml:1: ", "HTML page");
	expect_parse_error("empty.xml", "", 0, "empty.xml:1: ", "empty file");
	expect_parse_error("blank.xml", "\n  \n", 4,
			   "blank.xml:1: ", "empty file");
	static const char latin1[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<CONSOLIDATED_LIST dateGenerated=\"2026-01-01T00:00:00Z\">\n"
	    "<INDIVIDUALS><INDIVIDUAL>\n"
	    "<FIRST_NAME>JOS\xc9</FIRST_NAME>\n"
	    "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n";
	expect_parse_error("latin1.xml", latin1, sizeof(latin1) - 1,
			   "latin1.xml:4: ", "UTF-8");
	static const char dtd[] =
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST [\n"
	    "<!ENTITY a \"aaaaaaaaaa\">]>\n<CONSOLIDATED_LIST/>\n";
	expect_parse_error("dtd.xml", dtd, sizeof(dtd) - 1,
			   "dtd.xml:", "DOCTYPE");
}

/* Records without a reference number or a name, and a repeated number,
 * are skipped with their line; the others load. */
static void test_skips(void **state)
{
	(void)state;
	static const char xml[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<CONSOLIDATED_LIST dateGenerated=\"2026-01-02T00:00:00Z\">\n"
	    "<INDIVIDUALS>\n"
	    "<INDIVIDUAL><FIRST_NAME>NO</FIRST_NAME><SECOND_NAME>REF"
	    "</SECOND_NAME></INDIVIDUAL>\n"
	    "<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME>"
	    "<REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER></INDIVIDUAL>\n"
	    "<INDIVIDUAL><FIRST_NAME>B</FIRST_NAME>"
	    "<REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER></INDIVIDUAL>\n"
	    "<INDIVIDUAL><REFERENCE_NUMBER>XXi.002</REFERENCE_NUMBER>"
	    "<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>"
	    "</INDIVIDUAL>\n"
	    "</INDIVIDUALS>\n<ENTITIES>\n"
	    "<ENTITY><FIRST_NAME>  ACME\n  TRADING </FIRST_NAME>"
	    "<REFERENCE_NUMBER>XXe.001</REFERENCE_NUMBER>"
	    "<ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY>"
	    "<ALIAS_NAME>ACME</ALIAS_NAME></ENTITY_ALIAS></ENTITY>\n"
	    "</ENTITIES>\n</CONSOLIDATED_LIST>\n";
	const char *path = test_write_tmp("skips.xml", xml, sizeof(xml) - 1);
	test_loaded l;
	test_load(&l, path, NULL);
	assert_int_equal(l.st, LICIT_OK);
	assert_string_equal(l.res.format->name, "un-xml");
	assert_string_equal(l.res.published, "2026-01-02");
	test_assert_stats(l.res.stats, 5, 2, 3, 3);
	assert_int_equal(l.res.skips[0].line, 4);
	assert_non_null(strstr(l.res.skips[0].reason, "REFERENCE_NUMBER"));
	assert_int_equal(l.res.skips[1].line, 6);
	assert_non_null(strstr(l.res.skips[1].reason, "duplicate"));
	assert_int_equal(l.res.skips[2].line, 7);
	assert_non_null(strstr(l.res.skips[2].reason, "without a name"));
	const entity *e = test_get(&l.set, "un-sc:XXe.001");
	assert_string_equal(ent_primary_name(e), "ACME TRADING");
	assert_int_equal(test_name(e, "ACME")->kind, NAME_STRONG);
	assert_int_equal(e->origin_line, 10);
	entity_set_release(&l.set);
}

/* Other formats' files are not taken for UN XML. */
static void test_detect(void **state)
{
	(void)state;
	static const char *const others[] = {
	    "lists/eu-fsf/2018-12-21/excerpt.xml",
	    "lists/us-ofac-cons/2025-01-10/CONS_ENHANCED.ZIP",
	    "lists/us-ofac-sdn/2024-05-03/sdn.csv",
	    "lists/uk-ofsi/2025-04-10/UK_Sanctions_List_2025-04.xlsx",
	    "lists/opensanctions/t1_entities.ftm.json",
	};
	if (!test_detect_none(&fmt_un_xml, others,
			      sizeof(others) / sizeof(others[0])))
		return;
	static const char head[] =
	    "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST "
	    "dateGenerated=\"2026-02-27\">";
	assert_true(fmt_un_xml.detect("x.bin", (const unsigned char *)head,
				      sizeof(head) - 1) >= 90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_badege),
	    cmocka_unit_test(test_original_script),
	    cmocka_unit_test(test_dates_documents_aliases),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_bad_files),
	    cmocka_unit_test(test_skips),
	    cmocka_unit_test(test_detect),
	};
	int rc = cmocka_run_group_tests(tests, NULL, un_teardown);
	tmp_teardown(NULL);
	return rc;
}
