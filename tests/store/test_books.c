/*
 * test_books.c - party and licence books: the parser on CSV and JSON
 * lines (normalized values, each rejection with its line and reason,
 * files that are not books at all), then storing on both backends
 * (re-import replaces by id, rows read back in id order, one audit entry
 * per import) and the 50,000 dev negatives as a customer book.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recordtest.h"
#include "store/books.h"

static void parse_ok(book_kind k, const char *text, book *b)
{
	errinfo e;
	if (book_parse(k, "t.csv", text, strlen(text), b, &e) != LICIT_OK)
		fail_msg("parse: %s", e.msg);
}

/* b has a reject on `line` whose reason holds `why`. */
static void assert_reject(const book *b, uint64_t line, const char *why)
{
	for (size_t i = 0; i < b->n_rejects; i++)
		if (b->rejects[i].line == line) {
			if (!strstr(b->rejects[i].reason, why))
				fail_msg("line %llu: '%s' lacks '%s'",
					 (unsigned long long)line,
					 b->rejects[i].reason, why);
			return;
		}
	fail_msg("no reject on line %llu", (unsigned long long)line);
}

static void test_parties_csv(void **state)
{
	(void)state;
	book b;
	parse_ok(BOOK_PARTIES,
		 "\xEF\xBB\xBF"
		 "name,id,country,birth_date,schema,identifier,,\r\n"
		 "\"NSO Group Technologies, Ltd\",C1,Israel,,company,,,\r\n"
		 "Jane Doe,C2,fr,1970-03,person,X 123,,\r\n"
		 ",C3,FR,,,,,\r\n"
		 "Bad Country,C4,Atlantis,,,,,\r\n"
		 "Again,C2,,,,,,\r\n"
		 "Bad Date,C5,,1970-13-40,,,,\r\n"
		 "Bad Schema,C6,,,robot,,,\r\n"
		 "Too Many,C7,,,,,,,x\r\n"
		 "  Padded Name  ,C8,,1962,,,,\r\n",
		 &b);
	assert_int_equal(b.rows_read, 9);
	assert_int_equal(b.n, 3);
	assert_int_equal(b.n_rejects, 6);
	assert_string_equal(b.rows[0].f[0], "C1");
	assert_string_equal(b.rows[0].f[1], "NSO Group Technologies, Ltd");
	assert_string_equal(b.rows[0].f[2], "organization");
	assert_string_equal(b.rows[0].f[3], "IL");
	assert_null(b.rows[0].f[4]);
	assert_int_equal(b.rows[0].line, 2);
	assert_string_equal(b.rows[1].f[3], "FR");
	assert_string_equal(b.rows[1].f[4], "1970-03");
	assert_string_equal(b.rows[1].f[5], "X 123");
	assert_string_equal(b.rows[2].f[1], "Padded Name");
	assert_string_equal(b.rows[2].f[4], "1962");
	assert_reject(&b, 4, "name is missing");
	assert_reject(&b, 5, "unknown country 'Atlantis'");
	assert_reject(&b, 6, "id 'C2' again (first on line 3)");
	assert_reject(&b, 7, "birth_date: '1970-13-40' is not a date");
	assert_reject(&b, 8, "unknown schema 'robot'");
	assert_reject(&b, 9, "9 fields, the header has 8");
	book_release(&b);
}

static void test_licences_jsonl(void **state)
{
	(void)state;
	book b;
	parse_ok(BOOK_LICENCES,
		 "{\"id\":\"L1\",\"exporter\":\"Acme\",\"item\":\"4A005\","
		 "\"destination\":\"Mexico\",\"regime\":\"il-deca-cyber\","
		 "\"issued\":\"2021-01-01\",\"expires\":\"2023-01-01\"}\n"
		 "\n"
		 "{\"id\":2,\"exporter\":\"Acme\",\"item\":\"5A001.j\","
		 "\"destination\":\"AE\",\"regime\":\"us-ear-cyber\","
		 "\"end_user\":\"NSO Group Technologies Ltd\","
		 "\"end_user_type\":\"commercial\",\"status\":\"suspended\"}\n"
		 "not json\n"
		 "[1,2]\n"
		 "{\"id\":\"L4\",\"exporter\":\"A\",\"item\":\"x\","
		 "\"destination\":\"FR\",\"regime\":\"Bad Regime\"}\n"
		 "{\"id\":\"L5\",\"exporter\":\"A\",\"item\":\"x\","
		 "\"destination\":\"FR\",\"regime\":\"eu\",\"issued\":"
		 "\"2022-01-01\",\"expires\":\"2021-12-31\"}\n"
		 "{\"id\":\"L6\",\"exporter\":\"A\",\"item\":\"x\","
		 "\"destination\":\"FR\",\"regime\":\"eu\",\"colour\":\"red\"}\n"
		 "{\"id\":\"L7\",\"exporter\":\"A\",\"item\":\"x\","
		 "\"destination\":\"FR\",\"regime\":\"eu\",\"issued\":"
		 "\"2021\"}\n"
		 "{\"id\":\"L8\",\"exporter\":\"A\",\"item\":\"x\","
		 "\"destination\":\"FR\",\"regime\":\"eu\",\"status\":"
		 "\"maybe\"}\n"
		 "{\"id\":\"L9\",\"exporter\":[],\"item\":\"x\","
		 "\"destination\":\"FR\",\"regime\":\"eu\"}\n"
		 "{\"id\":\"L10\",\"item\":\"x\",\"destination\":\"FR\","
		 "\"regime\":\"eu\"}\n",
		 &b);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.rows[0].f[3], "MX");
	assert_string_equal(b.rows[0].f[7], "2021-01-01");
	assert_null(b.rows[0].f[9]); /* stored as active */
	assert_string_equal(b.rows[1].f[0], "2");
	assert_string_equal(b.rows[1].f[4], "NSO Group Technologies Ltd");
	assert_string_equal(b.rows[1].f[9], "suspended");
	assert_int_equal(b.rows[1].line, 3);
	assert_reject(&b, 4, "not JSON");
	assert_reject(&b, 5, "expected a JSON object");
	assert_reject(&b, 6, "not a policy id");
	assert_reject(&b, 7, "expires 2021-12-31 is before issued 2022-01-01");
	assert_reject(&b, 8, "unknown field 'colour'");
	assert_reject(&b, 9, "issued: '2021' is not a date (YYYY-MM-DD)");
	assert_reject(&b, 10, "not one of active");
	assert_reject(&b, 11, "exporter: expected a string");
	assert_reject(&b, 12, "exporter is missing");
	assert_int_equal(b.rows_read, 11);
	book_release(&b);
}

static void expect_file_error(book_kind k, const char *text, const char *why)
{
	book b;
	errinfo e;
	assert_int_equal(book_parse(k, "t.csv", text, strlen(text), &b, &e),
			 LICIT_EPARSE);
	if (!strstr(e.msg, why) || strncmp(e.msg, "t.csv", 5))
		fail_msg("'%s' lacks '%s'", e.msg, why);
	book_release(&b);
}

static void test_not_a_book(void **state)
{
	(void)state;
	expect_file_error(BOOK_PARTIES, "", "no header");
	expect_file_error(BOOK_PARTIES, "id,nme\n1,x\n", ":1: unknown column 'nme'");
	expect_file_error(BOOK_PARTIES, "id,schema\n1,person\n",
			  "no 'name' column");
	expect_file_error(BOOK_PARTIES, "id,name,id\n", "column 'id' twice");
	expect_file_error(BOOK_LICENCES, "id,exporter,item,destination\n",
			  "no 'regime' column");
	expect_file_error(BOOK_PARTIES, "id,name\n1,\"unterminated\n", ":2:");
	/* the header alone is a book with no rows */
	book b;
	parse_ok(BOOK_PARTIES, "id,name\n", &b);
	assert_int_equal(b.n + b.n_rejects, 0);
	book_release(&b);
}

static void test_invalid_utf8_rejected(void **state)
{
	(void)state;
	book b;
	parse_ok(BOOK_PARTIES, "id,name\n1,Caf\xe9 Latin\n2,Caf\xc3\xa9\n", &b);
	assert_int_equal(b.n, 1);
	assert_reject(&b, 2, "not valid UTF-8");
	book_release(&b);
}

/* ---------------------------------------------------------- storing */

static const char *write_file(const test_store *t, const char *name,
			      const char *text)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", t->dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

typedef struct collected {
	int n;
	char ids[8][16], names[8][64], countries[8][4];
	licit_schema schemas[8];
} collected;

static int collect(void *ctx, const licit_party *p)
{
	collected *c = ctx;
	if (c->n < 8) {
		snprintf(c->ids[c->n], 16, "%s", p->id);
		snprintf(c->names[c->n], 64, "%s", p->name);
		snprintf(c->countries[c->n], 4, "%s",
			 p->country ? p->country : "");
		c->schemas[c->n] = p->schema;
	}
	c->n++;
	return 0;
}

static int count_licence(void *ctx, const licit_licence *l)
{
	int *n = ctx;
	if (!strcmp(l->id, "L2")) {
		assert_string_equal(l->status, "active");
		assert_string_equal(l->destination, "DE");
		assert_null(l->end_user);
	}
	++*n;
	return 0;
}

static void test_store_and_read_back(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	licit_book_report *r;
	const char *p = write_file(&t, "p.csv",
				   "id,name,schema,country\n"
				   "C2,Jane Doe,person,FR\n"
				   "C1,Acme GmbH,organization,Germany\n"
				   "C3,,person,FR\n");
	assert_int_equal(licit_parties_import(h, p, &r), LICIT_OK);
	assert_int_equal(r->rows, 3);
	assert_int_equal(r->imported, 2);
	assert_int_equal(r->rejected, 1);
	assert_int_equal(r->rejects[0].line, 4);
	assert_string_equal(r->rejects[0].reason, "name is missing");
	licit_book_report_free(r);
	/* a second import replaces C1 and adds C4 */
	p = write_file(&t, "p2.jsonl",
		       "{\"id\":\"C1\",\"name\":\"Acme AG\",\"country\":\"CH\"}\n"
		       "{\"id\":\"C4\",\"name\":\"Boris\",\"schema\":\"person\"}\n");
	assert_int_equal(licit_parties_import(h, p, &r), LICIT_OK);
	assert_int_equal(r->imported, 2);
	licit_book_report_free(r);
	collected c = {0};
	assert_int_equal(licit_parties_each(h, collect, &c), LICIT_OK);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.ids[0], "C1");
	assert_string_equal(c.names[0], "Acme AG");
	assert_string_equal(c.countries[0], "CH");
	assert_int_equal(c.schemas[0], LICIT_SCHEMA_UNKNOWN);
	assert_string_equal(c.ids[1], "C2");
	assert_int_equal(c.schemas[1], LICIT_SCHEMA_PERSON);
	assert_string_equal(c.ids[2], "C4");

	const char *l = write_file(
		&t, "l.csv",
		"id,exporter,item,destination,end_user,end_user_type,regime,"
		"issued,expires,status\n"
		"L1,Acme,4A005,MX,,,il-deca-cyber,2021-01-01,2023-01-01,active\n"
		"L2,Acme,5A001.j,Germany,,,il-deca-cyber,,,\n");
	assert_int_equal(licit_licences_import(h, l, &r), LICIT_OK);
	assert_int_equal(r->imported, 2);
	licit_book_report_free(r);
	int n = 0;
	assert_int_equal(licit_licences_each(h, count_licence, &n), LICIT_OK);
	assert_int_equal(n, 2);
	/* each import is an audit entry; the chain holds */
	assert_int_equal(rt_verify_ok(h), 3);
	/* a file that is not a book changes nothing */
	p = write_file(&t, "bad.csv", "id,nme\n1,x\n");
	assert_int_equal(licit_parties_import(h, p, &r), LICIT_EPARSE);
	assert_null(r);
	assert_non_null(strstr(licit_last_error(h), "bad.csv:1: unknown column"));
	assert_int_equal(licit_parties_import(h, "/nonexistent/p.csv", &r),
			 LICIT_EIO);
	assert_int_equal(rt_verify_ok(h), 3);
	licit_close(h);
	test_store_free(&t);
}

/* The 50,000 dev negatives as a customer book (Done-when of issue 5). */
static void test_negatives_book(void **state)
{
	const char *src = test_data("eval/negatives-dev.csv");
	if (!src)
		return;
	char srcpath[4096];
	snprintf(srcpath, sizeof(srcpath), "%s", src);
	test_store t;
	test_store_new(&t, *state);
	/* full_name,...,gender,date_of_birth,place_of_birth,nationality ->
	 * a party book with ids N1..N50000 */
	FILE *in = fopen(srcpath, "r");
	char out[512];
	snprintf(out, sizeof(out), "%s/negatives-book.csv", t.dir);
	FILE *o = fopen(out, "w");
	assert_non_null(in);
	assert_non_null(o);
	fputs("id,name,schema,country,birth_date\n", o);
	char line[1024];
	long n = 0;
	assert_non_null(fgets(line, sizeof(line), in)); /* header */
	while (fgets(line, sizeof(line), in)) {
		char *f[8] = {0};
		int k = 0;
		for (char *p = line; k < 8; k++) {
			f[k] = p;
			p += strcspn(p, ",\r\n");
			int end = *p != ',';
			*p = '\0';
			if (end)
				break;
			p++;
		}
		if (k < 7)
			continue;
		fprintf(o, "N%ld,%s,person,%s,%s\n", ++n, f[0], f[7], f[5]);
	}
	fclose(in);
	fclose(o);
	licit *h = rt_open(&t);
	licit_book_report *r;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(licit_parties_import(h, out, &r), LICIT_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) +
		   (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("negatives book on %s: %llu of %llu parties imported, %llu "
	       "rejected, in %.2f s\n",
	       t.backend, (unsigned long long)r->imported,
	       (unsigned long long)r->rows, (unsigned long long)r->rejected,
	       s);
	assert_int_equal(r->rows, n);
	assert_int_equal(r->imported + r->rejected, n);
	assert_true(r->imported >= 49900); /* any reject is a country name */
	for (uint64_t i = 0; i < r->rejected; i++)
		assert_non_null(strstr(r->rejects[i].reason, "country"));
	uint64_t imported = r->imported;
	licit_book_report_free(r);
	collected c = {0};
	assert_int_equal(licit_parties_each(h, collect, &c), LICIT_OK);
	assert_int_equal((uint64_t)c.n, imported); /* all read back */
	assert_string_equal(c.ids[0], "N1"); /* in id order: N1, N10 ... */
	assert_string_equal(c.ids[1], "N10");
	licit_close(h);
	test_store_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parties_csv),
		cmocka_unit_test(test_licences_jsonl),
		cmocka_unit_test(test_not_a_book),
		cmocka_unit_test(test_invalid_utf8_rejected),
		STORE_TEST(test_store_and_read_back),
		STORE_TEST(test_negatives_book),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
