/*
 * test_csv.c - the delimited-text reader on the quirks lists really have.
 */
#include <string.h>

#include "sources/csv.h"
#include "testutil.h"

static void test_quirks(void **state)
{
	(void)state;
	const char data[] = "\xEF\xBB\xBF" "1,\"a, \"\"b\"\"\",-0- \r\n"
			    "\r\n"
			    "2,\"multi\nline\",x\r\n"
			    "3,,\x1A";
	csv_reader r;
	csv_init(&r, data, sizeof(data) - 1, ',');
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[0], "1");
	assert_string_equal(r.fields[1], "a, \"b\"");
	assert_string_equal(r.fields[2], "-0- ");
	assert_int_equal(r.row_line, 1);
	assert_int_equal(csv_next(&r), 1);
	assert_string_equal(r.fields[1], "multi\nline");
	assert_int_equal(r.row_line, 3);
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(r.row_line, 5);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[2], "");
	assert_int_equal(csv_next(&r), 0);
	csv_release(&r);
}

static void test_tabs(void **state)
{
	(void)state;
	const char data[] = "\"Name\"\t\"City\"\n\"A B\"\t\"X\"\n";
	csv_reader r;
	csv_init(&r, data, sizeof(data) - 1, '\t');
	assert_int_equal(csv_next(&r), 1);
	assert_string_equal(r.fields[1], "City");
	assert_int_equal(csv_next(&r), 1);
	assert_string_equal(r.fields[0], "A B");
	assert_int_equal(csv_next(&r), 0);
	csv_release(&r);
}

static void test_truncated_quote(void **state)
{
	(void)state;
	const char data[] = "1,ok\n2,\"never closed\n3,x\n";
	csv_reader r;
	csv_init(&r, data, sizeof(data) - 1, ',');
	assert_int_equal(csv_next(&r), 1);
	assert_int_equal(csv_next(&r), -1);
	assert_int_equal(r.row_line, 2);
	assert_non_null(strstr(csv_error(&r), "unterminated"));
	csv_release(&r);
}

static void test_too_many_fields(void **state)
{
	(void)state;
	char data[2048];
	memset(data, ',', 600);
	data[600] = '\n';
	csv_reader r;
	csv_init(&r, data, 601, ',');
	assert_int_equal(csv_next(&r), -1);
	assert_non_null(strstr(csv_error(&r), "256"));
	csv_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quirks),
		cmocka_unit_test(test_tabs),
		cmocka_unit_test(test_truncated_quote),
		cmocka_unit_test(test_too_many_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
