/*
 * test_date.c - partial dates as the lists write them.
 */
#include <string.h>

#include "model/date.h"
#include "testutil.h"

static void check(const char *in, int us, const char *want)
{
	pdate d;
	char out[11];
	int rc = pdate_parse(in, strlen(in), us, &d);
	if (!want) {
		if (rc != -1)
			fail_msg("'%s' parsed, expected a failure", in);
		return;
	}
	if (rc != 0)
		fail_msg("'%s' did not parse", in);
	pdate_format(d, out);
	if (strcmp(out, want))
		fail_msg("'%s' gave %s, expected %s", in, out, want);
}

static void test_formats(void **state)
{
	(void)state;
	check("1962", 0, "1962");
	check("1948-12-10", 0, "1948-12-10");
	check("1948-12", 0, "1948-12");
	check("2025-01-10T00:00:00", 0, "2025-01-10");
	check("10 Dec 1948", 0, "1948-12-10");
	check("Dec 1948", 0, "1948-12");
	check("December 10, 1948", 0, "1948-12-10");
	check("circa 1955", 0, "1955");
	check("c. 1955", 0, "1955");
	check("10/12/1948", 0, "1948-12-10");
	check("06/19/2003", 1, "2003-06-19");
	check("12/1948", 0, "1948-12");
}

static void test_rejects(void **state)
{
	(void)state;
	check("", 0, NULL);
	check("unknown", 0, NULL);
	check("3017-01-01", 0, NULL); /* DPL typo year */
	check("1948-13-01", 0, NULL);
	check("1949-02-29", 0, NULL);
	check("31 Apr 1950", 0, NULL);
	check("1, 2, 3, 4", 0, NULL);
}

static void test_order(void **state)
{
	(void)state;
	pdate a = {1960, 0, 0}, b = {1960, 5, 0}, c = {1960, 5, 2};
	assert_true(pdate_cmp(a, b) < 0);
	assert_true(pdate_cmp(b, c) < 0);
	assert_int_equal(pdate_cmp(c, c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
