/*
 * test_normalize.c - the one name normalization and country lookup.
 */
#include <string.h>

#include "testutil.h"
#include "text/country.h"
#include "text/normalize.h"

static void norm(const char *in, const char *want)
{
	buf b;
	buf_init(&b, 0);
	assert_int_equal(text_normalize(in, strlen(in), &b), 0);
	if (strcmp(buf_str(&b), want))
		fail_msg("'%s' -> '%s', expected '%s'", in, buf_str(&b), want);
	buf_release(&b);
}

static void test_ascii(void **state)
{
	(void)state;
	norm("AL ZAWAHIRI, Dr. Ayman", "al zawahiri dr ayman");
	norm("  O'Brien--Smith  ", "obrien smith");
	norm("CECOEX, S.A.", "cecoex s a");
	norm("", "");
	norm("!!!", "");
}

static void test_accents_and_scripts(void **state)
{
	(void)state;
	norm("Mar\xC3\xAD" "a Jos\xC3\xA9 M\xC3\xBC" "ller", "maria jose muller");
	norm("\xC4\xB0slami B\xC3\xBCy\xC3\xBCk Do\xC4\x9Fu",
	     "islami buyuk dogu");
	/* Владимир Путин */
	norm("\xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0\xB8\xD1\x80 "
	     "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD",
	     "vladimir putin");
	/* fullwidth Latin folds by NFKC */
	norm("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3", "abc");
	/* Greek, in its modern reading (beta is v) */
	norm("\xCE\x9C\xCE\xAD\xCE\xB3\xCE\xB1", "mega");
	norm("\xCE\x92\xCE\xBB\xCE\xB1\xCE\xBD\xCF\x84\xCE\xAF"
	     "\xCE\xBC\xCE\xB9\xCF\x81",
	     "vlantimir");
	/* Armenian, Georgian: Վլադիմիր, ვლადიმერ */
	norm("\xD5\x8E\xD5\xAC\xD5\xA1\xD5\xA4\xD5\xAB\xD5\xB4\xD5\xAB"
	     "\xD6\x80",
	     "vladimir");
	norm("\xE1\x83\x95\xE1\x83\x9A\xE1\x83\x90\xE1\x83\x93\xE1\x83"
	     "\x98\xE1\x83\x9B\xE1\x83\x94\xE1\x83\xA0",
	     "vladimer");
}

/* Scripts and letters ICU's Any-Latin leaves as they are. */
static void test_scripts_icu_lacks(void **state)
{
	(void)state;
	/* Khmer, read by syllable: ពូទីន, ប៉ុល ពត, ហ៊ុន សែន */
	norm("\u1796\u17BC\u1791\u17B8\u1793", "putin");
	norm("\u1794\u17C9\u17BB\u179B \u1796\u178F", "pul pot");
	norm("\u17A0\u17CA\u17BB\u1793 \u179F\u17C2\u1793", "hun sen");
	/* a subscript consonant after coeng takes no vowel: វ៉្លា */
	norm("\u179C\u17C9\u17D2\u179B\u17B6", "vla");
	/* Mongolian Cyrillic: Хүрэлсүх */
	norm("\u0425\u04AF\u0440\u044D\u043B\u0441\u04AF\u0445",
	     "hurelsuh");
	/* Ethiopic: the schwa is a vowel, not a word break (አሕመድ) */
	norm("\u12A0\u1215\u1218\u12F5", "ahemad");
}

/* Han names: syllables of a word written together, the surname apart. */
static void test_han_words(void **state)
{
	(void)state;
	norm("\u4E60\u8FD1\u5E73", "xi jinping");         /* 习近平 */
	norm("\u5EFA\u5E73 \u5F20", "jianping zhang");    /* 建平 张 */
	/* a transcribed foreign name: one word per part (贝拉克·奥巴马) */
	norm("\u8D1D\u62C9\u514B\u00B7\u5965\u5DF4\u9A6C",
	     "beilake aobama");
}

/* Wade-Giles names read as pinyin; other names left as they are. */
static void test_wade_giles(void **state)
{
	(void)state;
	norm("Mao Tse-tung", "mao zedong");
	norm("Teng Hsiao-p'ing", "deng xiaoping");
	norm("CHOU En-lai", "zhou enlai");
	norm("Chiang Ching-kuo", "jiang jingguo");
	norm("Chiang Kai-shek", "chiang kai shek"); /* "shek" is not Mandarin */
	norm("Kim Jong-un", "kim jong un");
	norm("Li Peng", "li peng");   /* nothing marks it as Wade-Giles */
	norm("Tung", "tung");         /* one word is too little to tell */
	norm("Ho Chi 1", "ho chi 1"); /* digits: not a name in syllables */
}

static void test_invalid_utf8_is_a_separator(void **state)
{
	(void)state;
	buf b;
	buf_init(&b, 0);
	assert_int_equal(text_normalize("ab\xFF" "cd", 5, &b), 0);
	assert_string_equal(buf_str(&b), "ab cd");
	buf_release(&b);
}

static void cc(const char *name, const char *want)
{
	char out[3];
	int found = country_code(name, out);
	if (!want) {
		if (found)
			fail_msg("'%s' mapped to %s, expected nothing", name, out);
		return;
	}
	if (!found || strcmp(out, want))
		fail_msg("'%s' -> '%s', expected %s", name, out, want);
}

static void test_countries(void **state)
{
	(void)state;
	cc("Cuba", "CU");
	cc("CUBA", "CU");
	cc("Iran", "IR");
	cc("Democratic Republic of the Congo", "CD");
	cc("United Kingdom", "GB");
	cc("ir", "IR");
	cc("RUS", "RU");
	cc("C\xC3\xB4te d'Ivoire", "CI");
	cc("Russia (Crimea)", "RU");
	cc("Atlantis", NULL);
	cc("", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_accents_and_scripts),
		cmocka_unit_test(test_scripts_icu_lacks),
		cmocka_unit_test(test_han_words),
		cmocka_unit_test(test_wade_giles),
		cmocka_unit_test(test_invalid_utf8_is_a_separator),
		cmocka_unit_test(test_countries),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	text_thread_cleanup();
	return rc;
}
