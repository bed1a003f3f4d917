/*
 * test_store.c - the store interface on both backends: migrations applied
 * once and in order, typed parameters round-tripping, rollback, a schema
 * newer than the code refused, bad URLs and unreachable servers reported
 * with the password masked, and the chain lock serializing two writers.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "testutil.h"

static store *open_ok(const test_store *t)
{
	store *s;
	errinfo e;
	err_clear(&e);
	licit_status st = store_open(t->url, &s, &e);
	if (st != LICIT_OK)
		fail_msg("store_open(%s): %s", t->url, e.msg);
	return s;
}

static int count_rows(store *s, const char *sql)
{
	int64_t n = -1;
	errinfo e;
	assert_int_equal(store_query_int(s, sql, NULL, 0, &n, NULL, &e),
			 LICIT_OK);
	return (int)n;
}

static void test_migrations_once(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	store *s = open_ok(&t);
	int v;
	errinfo e;
	assert_int_equal(store_schema_version(s, &v, &e), LICIT_OK);
	assert_int_equal(v, store_schema_latest());
	assert_true(v >= 1);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit"), 0);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM alerts"), 0);
	store_close(s);
	/* opening again applies nothing twice */
	s = open_ok(&t);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM licit_migrations"),
			 store_schema_latest());
	assert_string_equal(s->ops->name, *state);
	store_close(s);
	test_store_free(&t);
}

static void test_newer_schema_refused(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	store_close(open_ok(&t));
	test_store_sql(&t, "INSERT INTO licit_migrations VALUES (999, "
			   "'from the future', '2100-01-01')");
	store *s;
	errinfo e;
	assert_int_equal(store_open(t.url, &s, &e), LICIT_ESTORE);
	assert_null(s);
	assert_non_null(strstr(e.msg, "version 999"));
	assert_non_null(strstr(e.msg, "upgrade licit"));
	test_store_free(&t);
}

typedef struct row_seen {
	char text[256];
	int64_t i;
	double d;
	int null_ok, rows;
} row_seen;

static int read_row(void *ctx, int n, const char *const *v)
{
	row_seen *r = ctx;
	assert_int_equal(n, 4);
	snprintf(r->text, sizeof(r->text), "%s", v[0]);
	r->i = strtoll(v[1], NULL, 10);
	r->d = strtod(v[2], NULL);
	r->null_ok = v[3] == NULL;
	r->rows++;
	return 0;
}

static void test_params_round_trip(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	store *s = open_ok(&t);
	errinfo e;
	const char *text = "O'Brien \"quoted\" $1 ; DROP TABLE audit; -- Путин";
	store_val p[] = {sv_text("x1"), sv_text(text), sv_int(-9007199254740993LL),
			 sv_real(0.9234), sv_text(NULL)};
	assert_int_equal(store_exec(s,
				    "CREATE TABLE t (k TEXT PRIMARY KEY, a TEXT, "
				    "b BIGINT, c DOUBLE PRECISION, d TEXT)",
				    NULL, 0, &e),
			 LICIT_OK);
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
				    p, 5, &e),
			 LICIT_OK);
	row_seen r = {0};
	store_val k[] = {sv_text("x1")};
	assert_int_equal(store_query(s, "SELECT a, b, c, d FROM t WHERE k = $1",
				     k, 1, read_row, &r, &e),
			 LICIT_OK);
	assert_int_equal(r.rows, 1);
	assert_string_equal(r.text, text);
	assert_true(r.i == -9007199254740993LL);
	assert_true(r.d > 0.92339 && r.d < 0.92341);
	assert_true(r.null_ok);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM audit"), 0);

	/* a rolled-back transaction leaves nothing */
	assert_int_equal(store_begin(s, 1, &e), LICIT_OK);
	store_val p2[] = {sv_text("x2"), sv_text("a"), sv_int(1), sv_real(1),
			  sv_text("d")};
	assert_int_equal(store_exec(s, "INSERT INTO t VALUES ($1, $2, $3, $4, $5)",
				    p2, 5, &e),
			 LICIT_OK);
	store_rollback(s);
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM t"), 1);

	/* an error names the store and does not poison the connection */
	assert_int_equal(store_exec(s, "INSERT INTO nowhere VALUES (1)", NULL,
				    0, &e),
			 LICIT_ESTORE);
	assert_non_null(strstr(e.msg, "nowhere"));
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM t"), 1);
	store_close(s);
	test_store_free(&t);
}

/* Two connections: the second writer waits for the first's chain lock
 * and then sees what it committed. */
typedef struct writer {
	const char *url;
	int64_t seen;
	licit_status st;
} writer;

static void *second_writer(void *arg)
{
	writer *w = arg;
	store *s;
	errinfo e;
	w->st = store_open(w->url, &s, &e);
	if (w->st != LICIT_OK)
		return NULL;
	w->st = store_begin(s, 1, &e);
	if (w->st == LICIT_OK)
		w->st = store_query_int(s, "SELECT COUNT(*) FROM lockt", NULL,
					0, &w->seen, NULL, &e);
	if (w->st == LICIT_OK)
		w->st = store_exec(s, "INSERT INTO lockt VALUES (2)", NULL, 0,
				   &e);
	if (w->st == LICIT_OK)
		w->st = store_commit(s, &e);
	store_close(s);
	return NULL;
}

static void test_chain_lock(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	store *s = open_ok(&t);
	errinfo e;
	assert_int_equal(store_exec(s, "CREATE TABLE lockt (v BIGINT)", NULL, 0,
				    &e),
			 LICIT_OK);
	assert_int_equal(store_begin(s, 1, &e), LICIT_OK);
	writer w = {t.url, -1, LICIT_OK};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, second_writer, &w), 0);
	usleep(300000); /* the second writer is now waiting for the lock */
	assert_int_equal(store_exec(s, "INSERT INTO lockt VALUES (1)", NULL, 0,
				    &e),
			 LICIT_OK);
	assert_int_equal(store_commit(s, &e), LICIT_OK);
	pthread_join(th, NULL);
	assert_int_equal(w.st, LICIT_OK);
	assert_int_equal(w.seen, 1); /* it read after the first committed */
	assert_int_equal(count_rows(s, "SELECT COUNT(*) FROM lockt"), 2);
	store_close(s);
	test_store_free(&t);
}

static void test_bad_urls(void **state)
{
	(void)state;
	store *s;
	errinfo e;
	assert_int_equal(store_open("mysql://x", &s, &e), LICIT_EINVAL);
	assert_non_null(strstr(e.msg, "unknown scheme"));
	assert_int_equal(store_open("", &s, &e), LICIT_EINVAL);
	assert_int_equal(store_open("sqlite:", &s, &e), LICIT_EINVAL);
	assert_int_equal(store_open("sqlite:/nonexistent-dir/x/licit.db", &s, &e),
			 LICIT_ESTORE);
	assert_non_null(strstr(e.msg, "/nonexistent-dir/x/licit.db"));
	/* nothing listens on port 1: the message masks the password */
	assert_int_equal(store_open("postgres://u:hunter2@127.0.0.1:1/db"
				    "?connect_timeout=2",
				    &s, &e),
			 LICIT_ESTORE);
	assert_null(strstr(e.msg, "hunter2"));
	assert_non_null(strstr(e.msg, "postgres://u:***@127.0.0.1:1/db"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_migrations_once),
		STORE_TEST(test_newer_schema_refused),
		STORE_TEST(test_params_round_trip),
		STORE_TEST(test_chain_lock),
		cmocka_unit_test(test_bad_urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
