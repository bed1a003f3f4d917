/*
 * test_ofac_xml.c - the OFAC enhanced XML parser on the real consolidated
 * list of 2025-01-10, read straight from CONS_ENHANCED.ZIP and as the bare
 * XML taken out of it, and on small documents and archives built here.
 *
 * Expected counts were computed independently with Python's ElementTree
 * on the XML inside the ZIP: 443 <entity> (80 Individual, 363 Entity);
 * names = distinct formattedFullName values over each entity's name
 * translations, 1,623 in all. Lines were found with grep -n.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "sources/load.h"
#include "sources/source.h"

#define ZIP_REL "lists/us-ofac-cons/2025-01-10/CONS_ENHANCED.ZIP"

static test_loaded cons;

static const test_loaded *cons_get(void)
{
	return test_load_cached(&cons, ZIP_REL, &fmt_ofac_xml);
}

/* ---------------------------------------------------- temporary files */

/* A ZIP at tmp/name holding one member. */
static const char *write_zip(const char *name, const char *member,
			     const void *data, size_t n)
{
	const char *path = test_tmp_path(name);
	int zerr = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(za);
	zip_source_t *src = zip_source_buffer(za, data, n, 0);
	assert_non_null(src);
	assert_true(zip_file_add(za, member, src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(za), 0);
	return path;
}

/* The XML inside the real ZIP (malloc'd). */
static unsigned char *real_xml(size_t *len)
{
	const char *p = test_data(ZIP_REL);
	if (!p)
		return NULL;
	int zerr = 0;
	zip_t *za = zip_open(p, ZIP_RDONLY, &zerr);
	assert_non_null(za);
	zip_int64_t idx = zip_name_locate(za, "CONS_ENHANCED.XML", 0);
	assert_true(idx >= 0);
	zip_stat_t zs;
	assert_int_equal(zip_stat_index(za, (zip_uint64_t)idx, 0, &zs), 0);
	unsigned char *data = malloc(zs.size + 1);
	zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, data, zs.size), (zip_int64_t)zs.size);
	zip_fclose(zf);
	zip_discard(za);
	*len = zs.size;
	return data;
}

/* ---------------------------------------------------- the real list */

static void test_counts(void **state)
{
	(void)state;
	const test_loaded *l = cons_get();
	if (!l)
		return;
	assert_string_equal(l->res.format->name, "ofac-xml");
	assert_string_equal(l->res.source_id, "us-ofac-cons-xml");
	assert_string_equal(l->res.published, "2025-01-10");
	assert_int_equal(l->res.published_from_path, 0);
	assert_int_equal(l->res.stats.records, 443);
	assert_int_equal(l->res.stats.entities, 443);
	assert_int_equal(l->set.n, 443);
	assert_int_equal(l->res.stats.names, 1623);
	assert_int_equal(l->res.stats.skipped, 0);
	size_t schema[5] = {0}, primary = 0;
	for (size_t i = 0; i < l->set.n; i++) {
		const entity *e = l->set.items[i];
		schema[e->schema]++;
		for (uint32_t k = 0; k < e->n_names; k++)
			primary += e->names[k].kind == NAME_PRIMARY;
		assert_int_equal(strncmp(e->id, "us-ofac-cons-xml:", 17), 0);
		int on_cons = 0;
		for (uint32_t k = 0; k < e->n_lists; k++)
			on_cons |= !strcmp(e->lists[k], "Consolidated List");
		assert_true(on_cons);
		assert_true(e->listed.year >= 2000);
	}
	assert_int_equal(schema[LICIT_SCHEMA_PERSON], 80);
	assert_int_equal(schema[LICIT_SCHEMA_ORGANIZATION], 363);
	assert_int_equal(primary, 443);
}

static void test_haniya(void **state)
{
	(void)state;
	const test_loaded *l = cons_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-ofac-cons-xml:9639");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_int_equal(e->n_names, 3);
	assert_string_equal(ent_primary_name(e), "HANIYA, Ismail Abdul Salah");
	assert_int_equal(test_name(e, "HANIYA, Ismail")->kind, NAME_STRONG);
	assert_int_equal(test_name(e, "HANIYYA, Ismaeel")->kind, NAME_STRONG);
	assert_int_equal(e->n_dates, 1);
	/* span 1962-01-01..12-31 */
	test_assert_date_at(e, 0, DATE_BIRTH, "1962", "");
	assert_string_equal(test_attr(e, "birth_place"), "Shati");
	assert_int_equal(e->n_programs, 1);
	assert_string_equal(e->programs[0], "NS-PLC");
	assert_int_equal(e->n_lists, 2);
	assert_string_equal(e->lists[0],
			    "Non-SDN Palestinian Legislative Council List");
	test_assert_pdate(e->listed, "2006-04-12"); /* the earlier of the two */
	assert_int_equal(e->n_addrs, 0);	    /* its address is empty */
	assert_non_null(
	    strstr(e->origin_file, "CONS_ENHANCED.ZIP:CONS_ENHANCED.XML"));
	assert_int_equal(e->origin_line, 3637);
}

static void test_vtb(void **state)
{
	(void)state;
	const test_loaded *l = cons_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-ofac-cons-xml:17013");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	const ent_name *n = test_name(e, "VTB BANK PUBLIC JOINT STOCK COMPANY");
	assert_int_equal(n->kind, NAME_PRIMARY);
	assert_string_equal(n->original,
			    "БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО");
	n = test_name(e, "БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО");
	assert_int_equal(n->kind, NAME_STRONG);
	assert_string_equal(n->lang, "Cyrillic");
	n = test_name(e, "JSC VTB BANK");
	assert_int_equal(n->former, 1); /* F.K.A. */
	assert_int_equal(test_name(e, "VTB BANK PAO")->former, 0);
	assert_int_equal(test_name(e, "JSC VTB BANK NEW DELHI BRANCH")->kind,
			 NAME_WEAK);
	const ent_ident *id = test_ident(e, "registration", "1027739609391");
	assert_string_equal(id->country, "RU");
	assert_non_null(strstr(id->note, "Registration ID"));
	assert_string_equal(test_ident(e, "tax-id", "7702070139")->country,
			    "RU");
	assert_non_null(test_ident(e, "swift-bic", "VTBRRUMM"));
	assert_int_equal(e->n_addrs, 12);
	assert_string_equal(e->addrs[0].full,
			    "29, Bolshaya Morskaya str., St. Petersburg");
	assert_string_equal(e->addrs[0].city, "St. Petersburg");
	assert_string_equal(e->addrs[0].postal, "190000");
	assert_string_equal(e->addrs[0].country, "RU");
	test_assert_date_at(e, 0, DATE_INCORPORATION, "1990-10-17", "");
	assert_int_equal(e->n_lists, 3);
	test_assert_pdate(e->listed, "2014-07-29");
	assert_string_equal(
	    test_attr(e, "executive_order_13662_directive_determination"),
	    "Subject to Directive 1");
	assert_int_equal(e->origin_line, 11733);
}

static void test_countries_documents(void **state)
{
	(void)state;
	const test_loaded *l = cons_get();
	if (!l)
		return;
	const entity *e = test_get(&l->set, "us-ofac-cons-xml:26182");
	assert_string_equal(ent_primary_name(e), "KAYAKIRAN, Evren");
	assert_int_equal(e->gender, GENDER_MALE);
	assert_string_equal(test_ident(e, "passport", "U00242309")->country,
			    "TR");
	assert_true(test_has_country(e, COUNTRY_CITIZENSHIP, "TR"));
	test_assert_date_at(e, 0, DATE_BIRTH, "1980-02-08", "");

	e = test_get(&l->set, "us-ofac-cons-xml:9647");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "PS")); /* refId */
	assert_int_equal(test_name(e, "ZAHAR, Mahmoud")->kind, NAME_WEAK);

	e = test_get(&l->set, "us-ofac-cons-xml:23552");
	assert_true(test_has_country(e, COUNTRY_JURISDICTION, "RU"));

	/* past line 65535, where libxml2 stops counting node lines */
	e = test_get(&l->set, "us-ofac-cons-xml:27016");
	assert_int_equal(e->origin_line, 65797);
	assert_string_equal(e->addrs[0].country, "TR");
}

/* The same list as bare XML gives the same entities. */
static void test_bare_xml(void **state)
{
	(void)state;
	size_t len;
	unsigned char *xml = real_xml(&len);
	if (!xml)
		return;
	const char *path = test_write_tmp("CONS_ENHANCED.XML", xml, len);
	free(xml);
	test_loaded l;
	test_load(&l, path, NULL);
	assert_int_equal(l.st, LICIT_OK);
	assert_string_equal(l.res.format->name, "ofac-xml");
	assert_string_equal(l.res.source_id, "us-ofac-cons-xml");
	assert_int_equal(l.res.stats.entities, 443);
	assert_int_equal(l.res.stats.names, 1623);
	const entity *e = test_get(&l.set, "us-ofac-cons-xml:9639");
	assert_string_equal(e->origin_file, path);
	assert_int_equal(e->origin_line, 3637);
	entity_set_release(&l.set);
}

/* ---------------------------------------------------- built documents */

#define OFAC_HEAD                                                              \
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"                         \
	"<sanctionsData xmlns=\"https://sanctionslistservice.ofac.treas.gov/"  \
	"api/PublicationPreview/exports/ENHANCED_XML\">\n"                     \
	"<publicationInfo><dataAsOf>2025-02-03T00:00:00</dataAsOf>"            \
	"<filters><sanctionsLists><sanctionsList refId=\"1550\">SDN List"      \
	"</sanctionsList></sanctionsLists></filters></publicationInfo>\n"      \
	"<referenceValues><referenceValue refId=\"7\"><type>COUNTRY</type>"    \
	"<value>Panama</value><isoCode>PA</isoCode></referenceValue>"          \
	"</referenceValues>\n"

static void test_sdn_vessel_ranges_skips(void **state)
{
	(void)state;
	static const char xml[] = OFAC_HEAD
	    "<entities>\n"
	    "<entity id=\"1\">\n"
	    "<generalInfo><entityType>Vessel</entityType></generalInfo>\n"
	    "<names><name><isPrimary>true</isPrimary><translations>"
	    "<translation><isPrimary>true</isPrimary><script>Latin</script>"
	    "<formattedFullName>OCEAN STAR</formattedFullName></translation>"
	    "</translations></name></names>\n"
	    "<features>"
	    "<feature><type>Vessel Flag</type><value>Panama</value>"
	    "<valueRefId>7</valueRefId></feature>"
	    "<feature><type>Vessel Registration Identification</type>"
	    "<value>IMO 9187629</value></feature>"
	    "<feature><type>Vessel Call Sign</type><value>3FZJ7</value>"
	    "</feature>"
	    "<feature><type>Vessel Type</type><value>Crude Oil Tanker</value>"
	    "</feature></features>\n"
	    "</entity>\n"
	    "<entity id=\"2\">\n"
	    "<generalInfo><entityType>Individual</entityType></generalInfo>\n"
	    "<names><name><isPrimary>false</isPrimary>"
	    "<isLowQuality>true</isLowQuality><translations><translation>"
	    "<nameParts><namePart><type>Nickname</type><value>THE FOX</value>"
	    "</namePart></nameParts></translation></translations></name>"
	    "</names>\n"
	    "<features><feature><type>Birthdate</type>"
	    "<value>1960 to 1962</value><valueDate>"
	    "<fromDateBegin>1960-01-01</fromDateBegin>"
	    "<fromDateEnd>1960-12-31</fromDateEnd>"
	    "<toDateBegin>1962-01-01</toDateBegin>"
	    "<toDateEnd>1962-12-31</toDateEnd>"
	    "<isDateRange>true</isDateRange></valueDate></feature>"
	    "</features>\n"
	    "</entity>\n"
	    "<entity>\n<names/>\n</entity>\n"
	    "<entity id=\"3\">\n<names/>\n</entity>\n"
	    "</entities>\n</sanctionsData>\n";
	const char *path = test_write_tmp("sdn.xml", xml, sizeof(xml) - 1);
	test_loaded l;
	test_load(&l, path, NULL);
	assert_int_equal(l.st, LICIT_OK);
	assert_string_equal(l.res.format->name, "ofac-xml");
	assert_string_equal(l.res.source_id, "us-ofac-sdn-xml");
	assert_string_equal(l.res.published, "2025-02-03");
	test_assert_stats(l.res.stats, 4, 2, 2, 2);
	assert_int_equal(l.res.skips[0].line, 16);
	assert_non_null(strstr(l.res.skips[0].reason, "without an id"));
	assert_int_equal(l.res.skips[1].line, 19);
	assert_non_null(strstr(l.res.skips[1].reason, "without a name"));

	const entity *e = test_get(&l.set, "us-ofac-sdn-xml:1");
	assert_int_equal(e->schema, LICIT_SCHEMA_VESSEL);
	assert_int_equal(e->origin_line, 6);
	assert_true(test_has_country(e, COUNTRY_FLAG, "PA"));
	assert_non_null(test_ident(e, "imo", "IMO 9187629"));
	assert_non_null(test_ident(e, "call-sign", "3FZJ7"));
	assert_string_equal(test_attr(e, "vessel_type"), "Crude Oil Tanker");

	e = test_get(&l.set, "us-ofac-sdn-xml:2");
	assert_int_equal(e->names[0].kind, NAME_WEAK);
	assert_string_equal(e->names[0].full, "THE FOX");
	test_assert_date_at(e, 0, DATE_BIRTH, "1960", "1962");
	entity_set_release(&l.set);
}

static void test_bad_zips(void **state)
{
	(void)state;
	size_t len;
	unsigned char *xml = real_xml(&len);
	if (!xml)
		return;
	/* the XML cut inside a <referenceValue> on line 2934 */
	const char *p = write_zip("cut.zip", "CONS_ENHANCED.XML", xml, 100000);
	test_expect_load_error(p, NULL,
			       "cut.zip:CONS_ENHANCED.XML:2934: ", "truncated");
	p = test_write_tmp("cut.xml", xml, 100000);
	test_expect_load_error(p, &fmt_ofac_xml,
			       "cut.xml:2934: ", "malformed xml");
	free(xml);

	static const char readme[] = "no list here\n";
	p = write_zip("noxml.zip", "README.txt", readme, sizeof(readme) - 1);
	test_expect_load_error(p, &fmt_ofac_xml, "noxml.zip: ", "no XML list");

	/* the published ZIP cut short: its central directory is gone, but
	 * the first local header still names an .xml */
	size_t zlen;
	unsigned char *zip = test_read_data(ZIP_REL, &zlen);
	p = test_write_tmp("short.zip", zip, zlen / 2);
	free(zip);
	test_expect_load_error(p, NULL, "short.zip: ", "not a readable ZIP");
}

static void test_bad_xml(void **state)
{
	(void)state;
	static const char root[] = "<?xml version=\"1.0\"?>\n<sdnList "
				   "xmlns=\"http://tempuri.org/sdnList.xsd\">\n"
				   "</sdnList>\n";
	const char *p = test_write_tmp("root.xml", root, sizeof(root) - 1);
	test_expect_load_error(p, &fmt_ofac_xml, "root.xml:2: ",
			       "unexpected root element <sdnList>, expected "
			       "<sanctionsData>");
	static const char html[] = "<!DOCTYPE html>\n<html><body>Not Found"
				   "</body></html>\n";
	p = test_write_tmp("page.xml", html, sizeof(html) - 1);
	test_expect_load_error(p, &fmt_ofac_xml, "page.xml:1: ", "HTML page");
	p = test_write_tmp("empty.xml", "", 0);
	test_expect_load_error(p, &fmt_ofac_xml, "empty.xml:1: ", "empty file");
	static const char latin1[] =
	    OFAC_HEAD "<entities><entity id=\"5\"><names><name><translations>"
		      "<translation><formattedFullName>NU\xd1\x45Z"
		      "</formattedFullName></translation></translations>"
		      "</name></names></entity></entities>\n"
		      "</sanctionsData>\n";
	p = test_write_tmp("latin1.xml", latin1, sizeof(latin1) - 1);
	test_expect_load_error(p, &fmt_ofac_xml, "latin1.xml:5: ", "UTF-8");
}

static void test_detect(void **state)
{
	(void)state;
	static const char *const others[] = {
	    "lists/un-sc/2026-02-27/consolidated.xml",
	    "lists/eu-fsf/2018-12-21/excerpt.xml",
	    "lists/us-ofac-sdn/2023-12-28/sdn.csv",
	    "lists/us-ofac-cons/2025-12-19/cons_prim.csv",
	    "lists/uk-ofsi/2025-04-10/UK_Sanctions_List_2025-04.xlsx",
	    "lists/opensanctions/sa_wiki_peps_entities.ftm.json",
	};
	if (!test_detect_none(&fmt_ofac_xml, others,
			      sizeof(others) / sizeof(others[0])))
		return;
	const char *p = test_data(ZIP_REL);
	size_t len;
	unsigned char *d = test_read_file(p, &len);
	/* content decides, not the name */
	assert_true(fmt_ofac_xml.detect("download.bin", d, len) >= 90);
	free(d);
}

static int teardown(void **state)
{
	(void)state;
	test_cache_release(&cons);
	test_tmp_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_haniya),
	    cmocka_unit_test(test_vtb),
	    cmocka_unit_test(test_countries_documents),
	    cmocka_unit_test(test_bare_xml),
	    cmocka_unit_test(test_sdn_vessel_ranges_skips),
	    cmocka_unit_test(test_bad_zips),
	    cmocka_unit_test(test_bad_xml),
	    cmocka_unit_test(test_detect),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
