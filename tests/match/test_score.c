/*
 * test_score.c - name comparison: alignment whatever the order, legal
 * forms, numbers, initials, words written together, explanations.
 * Uniform weights (no snapshot), so each case reads on its own.
 */
#include <string.h>

#include "licit.h"
#include "match/score.h"
#include "testutil.h"

static double cmp(const char *a, const char *b, int schema, mexplain *ex)
{
	arena mem;
	arena_init(&mem);
	mname x, y;
	assert_int_equal(match_prepare(a, strlen(a), schema, NULL, &mem, &x), 0);
	assert_int_equal(match_prepare(b, strlen(b), schema, NULL, &mem, &y), 0);
	double s = match_names(&x, &y, ex);
	arena_release(&mem);
	return s;
}

#define P LICIT_SCHEMA_PERSON
#define O LICIT_SCHEMA_ORGANIZATION

static void above(const char *a, const char *b, int schema, double t)
{
	double s = cmp(a, b, schema, NULL);
	if (s < t)
		fail_msg("'%s' ~ '%s' = %.3f, expected >= %.2f", a, b, s, t);
}

static void below(const char *a, const char *b, int schema, double t)
{
	double s = cmp(a, b, schema, NULL);
	if (s >= t)
		fail_msg("'%s' ~ '%s' = %.3f, expected < %.2f", a, b, s, t);
}

static void test_identity_and_order(void **state)
{
	(void)state;
	assert_true(cmp("Vladimir Putin", "Vladimir Putin", P, NULL) == 1.0);
	above("PUTIN, Vladimir", "Vladimir Putin", P, 0.99);
	above("Putin Vladimir", "Vladimir Putin", P, 0.9);
	below("Putin Vladimir", "Vladimir Putin", P, 1.0); /* order costs */
	assert_true(cmp("", "Vladimir Putin", P, NULL) == 0.0);
}

static void test_spelling(void **state)
{
	(void)state;
	above("Donlad Trump", "Donald Trump", P, 0.85);
	above("Olaf Scholze", "Olaf Scholz", P, 0.85);
	above("Ig0r Sech1n", "Igor Sechin", P, 0.9);
	above("Mohamed Ali", "Muhammad Ali", P, 0.9);
	above("Владимир Путин", "Vladimir Putin", P, 0.95);
	below("Pedro Sancho", "Pedro Sanchez", P, 0.95);
	below("Angela Merkel", "Angelo Cruz", P, 0.5);
	/* a letter typed twice, even in a short word */
	above("Kim Jong-uun", "Kim Jong-un", P, 0.85);
	below("Kim Jong-il", "Kim Jong-un", P, 0.5);
	/* names in scripts ICU does not transliterate (Khmer) */
	above("\u1796\u17BC\u1791\u17B8\u1793", "Putin", P, 0.8);
}

static void test_legal_forms(void **state)
{
	(void)state;
	above("Siemens Aktiengesellschaft", "Siemens AG", O, 0.99);
	above("OOO Romashka", "Romashka LLC", O, 0.95);
	above("Deutsche Bank AG", "Deutsche Bank", O, 0.9);
	/* two different legal forms are two companies */
	double same = cmp("Deutsche Bank AG", "Deutsche Bank AG", O, NULL);
	double diff = cmp("Deutsche Bank AG", "Deutsche Bank GmbH", O, NULL);
	assert_true(diff < same - 0.05);
}

static void test_numbers_must_agree(void **state)
{
	(void)state;
	mexplain ex;
	double s = cmp("Snow Storm 1", "Snow Storm 2", O, &ex);
	assert_true(s < 0.6);
	assert_true(ex.number_penalty > 0);
	above("Snow Storm II", "Snow Storm 2", O, 0.99);
	above("Brigade 44", "Brigade 44", O, 0.99);
}

static void test_initials_and_joins(void **state)
{
	(void)state;
	above("VladimirPutin", "Vladimir Putin", P, 0.95);
	above("ABC Company", "A.B.C. Company", O, 0.95);
	above("FridrichBuchenberg", "Friedrich Buchenberg", P, 0.8);
	mexplain ex;
	double s = cmp("JC Juncker", "Jean-Claude Juncker", P, &ex);
	assert_true(s > 0.7);
	int saw_initial = 0;
	for (size_t i = 0; i < ex.n_pairs; i++)
		saw_initial |= ex.pairs[i].kind == MK_JOINED;
	assert_true(saw_initial);
	below("A. Nazarbayev", "Nursultan Nazarbayev", P, 0.8);
	/* an acronym's letters out of order are another name */
	below("C.B.A. Company", "A.B.C. Company", O, 0.8);
}

static void test_explanation(void **state)
{
	(void)state;
	mexplain ex;
	double s = cmp("Ayman al-Zawahiri", "Dr. Ayman AL-ZAWAHIRI", P, &ex);
	assert_true(s > 0.9);
	assert_int_equal(ex.n_pairs, 3); /* ayman, al, zawahiri */
	assert_true(ex.total_weight > ex.matched_weight);
	for (size_t i = 0; i < ex.n_pairs; i++)
		assert_int_equal(ex.pairs[i].kind, MK_EXACT);
	assert_string_equal(mkind_name(MK_PHONETIC), "phonetic");
}

static void test_schema(void **state)
{
	(void)state;
	arena mem;
	arena_init(&mem);
	mname x, y;
	mexplain ex;
	assert_int_equal(match_prepare("Victory", 7, LICIT_SCHEMA_VESSEL, NULL,
				       &mem, &x),
			 0);
	assert_int_equal(match_prepare("Victory", 7, P, NULL, &mem, &y), 0);
	match_names(&x, &y, &ex);
	assert_true(ex.schema_penalty > 0);
	arena_release(&mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_and_order),
		cmocka_unit_test(test_spelling),
		cmocka_unit_test(test_legal_forms),
		cmocka_unit_test(test_numbers_must_agree),
		cmocka_unit_test(test_initials_and_joins),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_schema),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
