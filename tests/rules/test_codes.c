/*
 * test_codes.c - the small vocabularies of the rules engine: dates, effect
 * order, control codes and their hierarchy, term trees.
 */
#include <string.h>

#include "rules/policy.h"
#include "testutil.h"

static void test_dates(void **state)
{
	(void)state;
	rdate d;
	assert_int_equal(rdate_parse("2021-11-04", 10, &d), 0);
	assert_int_equal(d, 20211104);
	assert_int_equal(rdate_parse("2024-02-29", 10, &d), 0);
	assert_int_equal(rdate_parse("2023-02-29", 10, &d), -1);
	assert_int_equal(rdate_parse("2021-13-01", 10, &d), -1);
	assert_int_equal(rdate_parse("2021-1-01", 9, &d), -1);
	assert_int_equal(rdate_parse("21-11-2021", 10, &d), -1);
	assert_int_equal(rdate_parse("3017-01-01", 10, &d), -1);
	char s[11];
	rdate_format(20220201, s);
	assert_string_equal(s, "2022-02-01");
	rdate_format(RDATE_OPEN, s);
	assert_string_equal(s, "");
	assert_true(rdate_in(20211201, 20211201, 20211206));
	assert_false(rdate_in(20211206, 20211201, 20211206));
	rdate today = rdate_today();
	assert_true(today > 20250101 && today < 29991231);
}

static void test_effect_order(void **state)
{
	(void)state;
	/* the decision is the maximum: the order is the contract */
	assert_true(EFF_NLR < EFF_EXCEPTION && EFF_EXCEPTION < EFF_REVIEW &&
		    EFF_REVIEW < EFF_LICENCE && EFF_LICENCE < EFF_PROHIBITED);
	for (int e = EFF_NLR; e <= EFF_UNAVAILABLE; e++)
		assert_int_equal(effect_parse(effect_name(e)), e);
	assert_int_equal(effect_parse("licence-requried"), -1);
	assert_string_equal(effect_name(EFF_LICENCE), "licence-required");
}

static void test_item_codes(void **state)
{
	(void)state;
	char out[48];
	assert_int_equal(item_normalize("4d004", out, sizeof(out)), 0);
	assert_string_equal(out, "4D004");
	assert_int_equal(item_normalize("5A001.J.1", out, sizeof(out)), 0);
	assert_string_equal(out, "5A001.j.1");
	assert_int_equal(item_normalize("ear99", out, sizeof(out)), 0);
	assert_string_equal(out, "EAR99");
	assert_int_equal(item_normalize("4D004; rm", out, sizeof(out)), -1);
	assert_int_equal(item_normalize("", out, sizeof(out)), -1);
	assert_true(item_is_eccn("4D004"));
	assert_true(item_is_eccn("5A001.j"));
	assert_false(item_is_eccn("4D"));
	assert_false(item_is_eccn("4F004"));
	assert_false(item_is_eccn("5A001."));
	assert_false(item_is_eccn("EAR99"));
}

static void test_item_hierarchy(void **state)
{
	(void)state;
	assert_true(item_within("5A001.j", "5A001"));
	assert_true(item_within("5A001.j.1", "5A001.j"));
	assert_true(item_within("4D004", "4D004"));
	assert_false(item_within("5A001", "5A001.j"));
	assert_false(item_within("4D0041", "4D004"));
	assert_false(item_within("5A001.f", "5A001.j"));
	assert_false(item_within("EAR99.x", "EAR99"));
}

static void test_term_tree(void **state)
{
	(void)state;
	const vterm t[] = {{"government", NULL, -1},
			   {"government-law-enforcement", NULL, 0},
			   {"non-government", NULL, -1},
			   {"commercial", NULL, 2}};
	assert_true(vterm_within(t, 1, 0));
	assert_true(vterm_within(t, 0, 0));
	assert_false(vterm_within(t, 0, 1));
	assert_false(vterm_within(t, 3, 0));
	assert_true(vterm_within(t, 3, 2));
}

static void test_country_bits(void **state)
{
	(void)state;
	assert_int_equal(cc_index("AA"), 0);
	assert_int_equal(cc_index("ZZ"), 26 * 26 - 1);
	assert_int_equal(cc_index("fr"), -1);
	assert_int_equal(cc_index("FRA"), -1);
	cset s = {{0}};
	cset_add(&s, cc_index("MX"));
	assert_true(cset_has(&s, cc_index("MX")));
	assert_false(cset_has(&s, cc_index("MA")));
	assert_false(cset_has(&s, -1));
	char cc[3];
	cc_code(cc_index("SA"), cc);
	assert_string_equal(cc, "SA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_effect_order),
	    cmocka_unit_test(test_item_codes),
	    cmocka_unit_test(test_item_hierarchy),
	    cmocka_unit_test(test_term_tree),
	    cmocka_unit_test(test_country_bits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
