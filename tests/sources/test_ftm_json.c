/*
 * test_ftm_json.c - the OpenSanctions FollowTheMoney JSON-lines parser on
 * the real files in lists/opensanctions, and on broken input.
 *
 * Expected counts were computed independently with Python's json module:
 * records = non-blank lines; entities = lines whose schema is Person,
 * Organization, Company, LegalEntity, PublicBody, Vessel or Aircraft;
 * names = distinct trimmed strings among caption (else first name), name,
 * alias, weakAlias, abbreviation and previousName of those lines.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "sources/load.h"
#include "sources/source.h"

/* ------------------------------------------------------------ helpers */

static void load(test_loaded *l, const char *rel)
{
	/* skips the test when the data folder is missing */
	(void)test_load_real(l, rel, &fmt_ftm_json);
}

static const ent_addr *find_addr(const entity *e, const char *full)
{
	for (uint32_t i = 0; i < e->n_addrs; i++)
		if (e->addrs[i].full && !strcmp(e->addrs[i].full, full) &&
		    e->addrs[i].country[0])
			return &e->addrs[i];
	return NULL;
}

static void expect_eparse(const char *path, const void *data, size_t len,
			  const char *where)
{
	test_expect_eparse(&fmt_ftm_json, path, data, len, where);
}

/* ------------------------------------------------------- real counts */

static void check_counts(const char *rel, const char *source,
			 uint64_t records, uint64_t entities, uint64_t names)
{
	test_loaded l;
	load(&l, rel);
	assert_string_equal(l.res.source_id, source);
	assert_int_equal(l.res.stats.records, records);
	assert_int_equal(l.res.stats.entities, entities);
	assert_int_equal(l.res.n_entities, entities);
	assert_int_equal(l.res.stats.names, names);
	assert_int_equal(l.res.stats.skipped, 0);
	assert_int_equal(l.res.n_skips, 0);
	entity_set_release(&l.set);
}

static void test_counts(void **state)
{
	(void)state;
	check_counts("lists/opensanctions/t1_entities.ftm.json", "os-eu-fsf",
		     7, 6, 35);
	check_counts("lists/opensanctions/zala_entities.ftm.json", "os-zala",
		     91, 17, 245);
	check_counts("lists/opensanctions/parteispenden_entities.ftm.json",
		     "os-parteispenden", 475, 96, 96);
	check_counts("lists/opensanctions/sa_wiki_peps_entities.ftm.json",
		     "os-sa-wiki-peps-v2", 1565, 607, 3864);
}

/* ------------------------------------------------- entities in detail */

static void test_t1_person(void **state)
{
	(void)state;
	test_loaded l;
	load(&l, "lists/opensanctions/t1_entities.ftm.json");
	const entity *e =
		test_get(&l.set, "os-eu-fsf:NK-2Ka3UvopqbpZmVDFjWd4LA");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_int_equal(e->gender, GENDER_MALE);
	assert_int_equal(e->origin_line, 2);
	assert_string_equal(ent_primary_name(e), "Vitaly Yurievich KUZMENKO");
	assert_int_equal(e->n_names, 3);
	assert_true(test_has_name(e, "Vitalij Kuzmenko", NAME_STRONG));
	assert_true(test_has_name(e, "Виталий Юрьевич КУЗЬМЕНКО", NAME_STRONG));
	assert_non_null(test_date_of(e, DATE_BIRTH));
	test_assert_pdate(test_date_of(e, DATE_BIRTH)->date, "1971-01-22");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "RU"));
	assert_non_null(test_find_ident(e, "tax-id", "366510784303"));
	test_assert_pdate(e->listed, "2024-02-23"); /* createdAt */
	assert_true(test_has_str(e->lists, e->n_lists, "eu_fsf"));
	assert_true(test_has_attr(e, "position",
			     "General Director of JSC 163 Armor Repair Plant"));
	assert_true(test_has_attr(e, "topic", "sanction"));
	assert_string_equal(e->remarks, "The plant is part of the High "
					"Precision Systems holding company "
					"of Rostec");

	/* an organization with a registration number, many-language names */
	e = test_get(&l.set, "os-eu-fsf:NK-2GdmHtZTeNXjNVrBGEXZNj");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_string_equal(ent_primary_name(e), "RAB „Inter Tobacco“");
	assert_int_equal(e->n_names, 12);
	assert_true(test_has_name(e,
			     "Общество с ограниченной ответственностью "
			     "“Интер Тобако”",
			     NAME_STRONG));
	assert_non_null(test_find_ident(e, "registration", "808000714"));
	assert_true(test_has_country(e, COUNTRY_OTHER, "BY"));
	/* its Address entity is the one record of the file that is not a
	 * party: it is not an entity and not a skip */
	assert_null(test_find(&l.set, "os-eu-fsf:addr-125caec37c3486d3a71de8"
				      "ae943eec47f420b38a"));
	entity_set_release(&l.set);
}

static void test_zala_joins(void **state)
{
	(void)state;
	test_loaded l;
	load(&l, "lists/opensanctions/zala_entities.ftm.json");
	const entity *e = test_get(&l.set, "os-zala:NK-aU5ybkbRFJucf8YMwsJvDw");
	assert_int_equal(e->schema, LICIT_SCHEMA_PERSON);
	assert_string_equal(ent_primary_name(e),
			    "Alexander Vyacheslavovich ZAKHAROV");
	assert_true(test_has_name(e, "Захаров Александр Вячеславович",
			     NAME_STRONG));
	assert_int_equal(e->n_names, 17);
	test_assert_pdate(test_date_of(e, DATE_BIRTH)->date, "1965-09-21");
	assert_true(test_has_country(e, COUNTRY_NATIONALITY, "RU"));
	assert_true(test_has_country(e, COUNTRY_CITIZENSHIP, "RU"));
	assert_true(test_has_country(e, COUNTRY_BIRTH, "RU"));
	assert_non_null(test_find_ident(e, "tax-id", "183111242406"));
	assert_non_null(test_find_ident(e, "sam-uei", "RSCWQEZSPEN9"));
	/* the address entity it points at, with city and country */
	const ent_addr *a =
		find_addr(e, "272 Pushkinskaya Street, Apt 41, Izhevsk, 426008");
	assert_non_null(a);
	assert_string_equal(a->city, "Izhevsk");
	assert_string_equal(a->postal, "426008");
	assert_string_equal(a->country, "RU");
	/* programmes: its own programId plus the Sanction entities' */
	assert_int_equal(e->n_programs, 7);
	static const char *const progs[] = {
		"EU-UKR", "GB-RUS", "NZ-RSA2022", "Reciprocal",
		"SECO-UKRAINE", "UA-SA1644", "US-RUSHAR"};
	for (size_t i = 0; i < 7; i++)
		assert_true(test_has_str(e->programs, e->n_programs, progs[i]));
	/* earliest of createdAt and the Sanctions' listing/start dates */
	test_assert_pdate(e->listed, "2023-07-01");
	assert_true(test_has_attr(e, "sanction_authority",
			     "Office of Foreign Assets Control"));
	assert_true(test_has_str(e->lists, e->n_lists, "us_ofac_sdn"));

	e = test_get(&l.set, "os-zala:NK-abdzbEBkqyT29GyREbiURZ");
	assert_int_equal(e->schema, LICIT_SCHEMA_ORGANIZATION);
	assert_string_equal(ent_primary_name(e), "LLC CST");
	assert_true(test_has_name(e, "ZALA", NAME_WEAK));
	assert_true(test_has_name(e, "Zala Aero Group", NAME_STRONG));
	assert_int_equal(e->n_programs, 14);
	assert_true(test_has_str(e->programs, e->n_programs, "US-BIS-EL"));
	test_assert_pdate(e->listed, "2021-10-30");
	test_assert_pdate(test_date_of(e, DATE_INCORPORATION)->date,
			  "2010-12-24");
	assert_true(test_has_country(e, COUNTRY_JURISDICTION, "RU"));
	assert_non_null(test_find_ident(e, "registration", "1101841007938"));
	a = find_addr(e, "9 Salyama Adilya St., Office 3, Moscow, 123154");
	assert_non_null(a);
	assert_string_equal(a->city, "Moscow");

	/* a company from the Russian register, not itself a target */
	e = test_get(&l.set, "os-zala:NK-56Edov9bas9puzaChH5pBy");
	assert_non_null(test_find_ident(e, "tax-id", "1835045074"));
	assert_true(test_has_attr(e, "target", "false"));
	entity_set_release(&l.set);
}

static void test_relationships_not_entities(void **state)
{
	(void)state;
	test_loaded l;
	load(&l, "lists/opensanctions/zala_entities.ftm.json");
	/* Sanction, Passport, Ownership, Family, Directorship, Address */
	static const char *const not_parties[] = {
		"os-zala:au-dfat-56600015954691cece058c2a3b0e3b27740701e6",
		"os-zala:gb-fcdo-217caa5aa607244044b49706d04d8d6c5ec992bd",
	};
	for (size_t i = 0; i < 2; i++)
		assert_null(test_find(&l.set, not_parties[i]));
	size_t per_schema[5] = {0};
	for (size_t i = 0; i < l.set.n; i++)
		per_schema[l.set.items[i]->schema]++;
	assert_int_equal(per_schema[LICIT_SCHEMA_PERSON], 6);
	assert_int_equal(per_schema[LICIT_SCHEMA_ORGANIZATION], 11);
	assert_int_equal(per_schema[LICIT_SCHEMA_UNKNOWN], 0);
	entity_set_release(&l.set);

	/* 290 Payments and 89 Addresses; the people point at addresses */
	load(&l, "lists/opensanctions/parteispenden_entities.ftm.json");
	assert_null(test_find(&l.set, "os-parteispenden:2216b422a31242fe2046"
				      "54ce194864661f515921"));
	const entity *e = test_get(&l.set, "os-parteispenden:f9c295f21b233ac8"
					   "78fbac4d271bb6fd13d7952a");
	assert_string_equal(ent_primary_name(e), "Frau Lina Dachner");
	const ent_addr *a = find_addr(e, "Schillerstraße 19, 76135 Karlsruhe");
	assert_non_null(a);
	assert_string_equal(a->country, "DE");
	/* no datasets in this file: the list is named after the file */
	assert_true(test_has_str(e->lists, e->n_lists, "parteispenden"));
	entity_set_release(&l.set);

	/* 756 Family, 102 Occupancy, 100 Position records: no entities */
	load(&l, "lists/opensanctions/sa_wiki_peps_entities.ftm.json");
	e = test_get(&l.set, "os-sa-wiki-peps-v2:Q100456396");
	assert_string_equal(ent_primary_name(e), "Bussma Ahmed Bugis");
	assert_true(test_has_attr(e, "description", "researcher"));
	assert_null(test_find(&l.set, "os-sa-wiki-peps-v2:Q100710516"));
	entity_set_release(&l.set);
}

static void test_detect(void **state)
{
	(void)state;
	static const char *const mine[] = {
		"lists/opensanctions/t1_entities.ftm.json",
		"lists/opensanctions/zala_entities.ftm.json",
	};
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		unsigned char *d = test_read_data(mine[i], &len);
		assert_true(fmt_ftm_json.detect(mine[i], d, len) > 0);
		free(d);
	}
	static const char *const others[] = {
		"lists/opensanctions/ua_war_sanctions_targets.simple.csv",
	};
	test_detect_none(&fmt_ftm_json, others, 1);
	static const char xml[] = "<?xml version=\"1.0\"?><export/>";
	assert_int_equal(fmt_ftm_json.detect("a.json", (const void *)xml,
					     sizeof(xml) - 1),
			 0);
	static const char other[] = "{\"type\": \"FeatureCollection\"}\n";
	assert_int_equal(fmt_ftm_json.detect("a.json", (const void *)other,
					     sizeof(other) - 1),
			 0);
}

/* --------------------------------------------------------- bad input */

static void test_truncated(void **state)
{
	(void)state;
	size_t len;
	unsigned char *d = test_read_data(
		"lists/opensanctions/t1_entities.ftm.json", &len);
	/* cut in the middle of line 3 */
	size_t cut = 0;
	for (int nl = 0; cut < len && nl < 2; cut++)
		if (d[cut] == '\n')
			nl++;
	cut += 40;
	expect_eparse("t1_entities.ftm.json", d, cut,
		      "t1_entities.ftm.json:3:");
	expect_eparse("t1_entities.ftm.json", d, cut, "truncated");
	free(d);
}

static void test_bad_inputs(void **state)
{
	(void)state;
	static const char html[] =
		"<!DOCTYPE html>\n<html><body>503 Service Unavailable"
		"</body></html>\n";
	expect_eparse("os.ftm.json", html, sizeof(html) - 1, "os.ftm.json:1:");
	expect_eparse("empty.ftm.json", "", 0, "empty.ftm.json:1: empty");
	expect_eparse("blank.ftm.json", "\n \n\n", 4, "blank.ftm.json:1: empty");
	static const char latin1[] =
		"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":"
		"{\"name\":[\"Jos\xe9\"]}}\n";
	expect_eparse("latin1.ftm.json", latin1, sizeof(latin1) - 1,
		      "latin1.ftm.json:1: byte 54: invalid UTF-8");
	static const char mid[] =
		"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":"
		"{\"name\":[\"A\"]}}\n"
		"{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":\n"
		"{\"id\":\"c\",\"schema\":\"Person\",\"properties\":"
		"{\"name\":[\"C\"]}}\n";
	expect_eparse("mid.ftm.json", mid, sizeof(mid) - 1, "mid.ftm.json:2:");
	static const char array[] = "[{\"id\":\"a\"}]\n";
	expect_eparse("arr.ftm.json", array, sizeof(array) - 1,
		      "arr.ftm.json:1: expected an FtM entity");
	static const char noprops[] = "{\"id\":\"a\",\"schema\":\"Person\"}\n";
	expect_eparse("np.ftm.json", noprops, sizeof(noprops) - 1,
		      "np.ftm.json:1: expected an FtM entity");
}

static void test_skips(void **state)
{
	(void)state;
	static const char data[] =
		"{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":"
		"{\"name\":[\"Ann Example\"],\"addressEntity\":[\"ad1\"]},"
		"\"datasets\":[\"test_set\"]}\n"
		"\r\n"
		"{\"id\":\"p1\",\"schema\":\"Person\",\"properties\":"
		"{\"name\":[\"Dup\"]}}\n"
		"{\"id\":\"p2\",\"schema\":\"Company\",\"properties\":{}}\n"
		"[1,2]\n"
		"{\"id\":\"s1\",\"schema\":\"Sanction\",\"properties\":"
		"{\"entity\":[\"p1\"],\"program\":[\"Test programme\"],"
		"\"startDate\":[\"2020-05\"]}}\n"
		"{\"id\":\"ad1\",\"schema\":\"Address\",\"properties\":"
		"{\"street\":[\"1 Main St\"],\"city\":[\"Springfield\"],"
		"\"country\":[\"us\"]}}\n"
		"{\"id\":\"x1\",\"schema\":\"Ownership\",\"properties\":"
		"{\"owner\":[\"p1\"],\"asset\":[\"p2\"]}}";
	entity_set set;
	parse_ctx ctx;
	errinfo err;
	assert_int_equal(test_parse_mem(&fmt_ftm_json, "t.ftm.json", data,
					sizeof(data) - 1, &set, &ctx, &err),
			 LICIT_OK);
	assert_string_equal(ctx.source_id, "os-test-set");
	assert_int_equal(ctx.stats.records, 7);
	assert_int_equal(ctx.stats.entities, 1);
	assert_int_equal(ctx.stats.skipped, 3);
	assert_int_equal(ctx.n_skips, 3);
	assert_int_equal(ctx.skips[0].line, 3);
	assert_non_null(strstr(ctx.skips[0].reason, "duplicate id 'p1'"));
	assert_int_equal(ctx.skips[1].line, 4);
	assert_non_null(strstr(ctx.skips[1].reason, "no name"));
	assert_int_equal(ctx.skips[2].line, 5);
	assert_int_equal(set.n, 1);
	const entity *e = set.items[0];
	assert_string_equal(e->id, "os-test-set:p1");
	assert_true(test_has_str(e->programs, e->n_programs, "Test programme"));
	test_assert_pdate(e->listed, "2020-05");
	assert_int_equal(e->n_addrs, 1);
	assert_string_equal(e->addrs[0].full, "1 Main St, Springfield");
	assert_string_equal(e->addrs[0].country, "US");
	entity_set_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_t1_person),
		cmocka_unit_test(test_zala_joins),
		cmocka_unit_test(test_relationships_not_entities),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_skips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
