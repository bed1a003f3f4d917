/*
 * test_impact.c - change impact through the public API on both store
 * backends: a small internal list in two versions (one entity added, one
 * changed), a customer book, a cleared alert on the changed entity;
 * licit_impact_run between the two snapshots finds the party newly
 * matching the added entity and the alert the change re-opens, records
 * one audit entry and nothing else; snapshot selection and its errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/recordtest.h"
#include "licit.h"
#include "testutil.h"

/* v2 of recordtest.h's list (RT-2 changed) plus one new entity. */
static const char list_v3[] =
	"#licit-internal-list v1 source=rt published=2026-02-01\n"
	"id,name,schema,aliases,country\n"
	"RT-1,Northwind Precision Trading FZE,organization,,AE\n"
	"RT-2,Korvex Dynamics Limited,organization,Korvex Dyn,CY\n"
	"RT-3,Ivan Petrovich Sidorenko,person,,RU\n"
	"RT-4,Orlando Quispe Mamani,person,,PE\n";

static void write_book(const char *dir, char *path, size_t len)
{
	snprintf(path, len, "%s/book.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("id,name,schema,country,birth_date,identifier\n"
	      "C-1,Korvex Dynamics Limited,organization,CY,,\n"
	      "C-2,Orlando Quispe Mamani,person,PE,,\n"
	      "C-3,Wilhelmina Oyelaran-Brandt,person,DE,,\n",
	      f);
	fclose(f);
}

static void test_misuse(void **state)
{
	(void)state;
	licit_impact *r = NULL;
	licit_impact_query q;
	memset(&q, 0, sizeof(q));
	assert_int_equal(licit_impact_run(NULL, &q, &r), LICIT_EMISUSE);
	assert_null(r);
	assert_int_equal(licit_snapshot_select(NULL, NULL), LICIT_EMISUSE);
	licit_impact_free(NULL);
	size_t n = 9;
	assert_null(licit_impact_parties(NULL, &n));
	assert_int_equal(n, 0);
	assert_null(licit_policies_version(NULL));
}

typedef struct kind_count {
	const char *kind;
	size_t n;
} kind_count;

static int count_kind(void *ctx, const licit_audit_entry *e)
{
	kind_count *k = ctx;
	k->n += !strcmp(e->kind, k->kind);
	return 0;
}

static void test_between_snapshots(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	char a[65];
	snprintf(a, sizeof(a), "%s", licit_snapshot_id(h));
	char book[512];
	write_book(t.dir, book, sizeof(book));
	licit_book_report *rep = NULL;
	assert_int_equal(licit_parties_import(h, book, &rep), LICIT_OK);
	assert_int_equal(rep->imported, 3);
	licit_book_report_free(rep);
	licit_screen_hit hit = {0};
	rt_screen(h, "Korvex Dynamics Limited", "C-1", &hit);
	assert_true(hit.alert > 0);
	int64_t alert = hit.alert;
	assert_int_equal(licit_alert_decide(h, alert, LICIT_FALSE_POSITIVE,
					    "a bakery"),
			 LICIT_OK);
	rt_import(h, t.dir, list_v3);
	char b[65];
	snprintf(b, sizeof(b), "%s", licit_snapshot_id(h));
	assert_string_not_equal(a, b);

	/* selecting a kept snapshot, and the errors */
	assert_int_equal(licit_snapshot_select(h, "zz"), LICIT_EINVAL);
	assert_int_equal(licit_snapshot_select(h, "ffffffff"),
			 LICIT_ENOTFOUND);
	char prefix[9];
	snprintf(prefix, sizeof(prefix), "%.8s", a);
	assert_int_equal(licit_snapshot_select(h, prefix), LICIT_OK);
	assert_string_equal(licit_snapshot_id(h), a);
	assert_int_equal(licit_snapshot_select(h, NULL), LICIT_OK);
	assert_string_equal(licit_snapshot_id(h), b);

	licit_impact_query q;
	memset(&q, 0, sizeof(q));
	q.from_snapshot = a;
	q.to_snapshot = b;
	q.threads = 2;
	licit_impact *r = NULL;
	if (licit_impact_run(h, &q, &r) != LICIT_OK)
		fail_msg("impact: %s", licit_last_error(h));
	size_t n;
	const licit_impact_party *p = licit_impact_parties(r, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].party_id, "C-2");
	assert_non_null(strstr(p[0].entity_id, "RT-4"));
	assert_string_equal(p[0].change, "added");
	assert_true(p[0].score >= licit_default_threshold());
	const licit_impact_alert *al = licit_impact_alerts(r, &n);
	assert_int_equal(n, 1);
	assert_int_equal(al[0].alert, alert);
	assert_string_equal(al[0].party_id, "C-1");
	assert_string_equal(al[0].status, "false-positive");
	licit_impact_licences(r, &n);
	assert_int_equal(n, 0);
	licit_impact_stats st;
	licit_impact_stats_get(r, &st);
	assert_int_equal(st.parties, 3);
	assert_int_equal(st.threads, 2);
	assert_true(st.audit_seq > 0);
	const char *json = licit_impact_json(r);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"alerts_reopened\":[{"));
	assert_ptr_equal(json, licit_impact_json(r));
	licit_impact_free(r);

	/* the same snapshot on both sides: nothing new */
	q.from_snapshot = b;
	assert_int_equal(licit_impact_run(h, &q, &r), LICIT_OK);
	licit_impact_parties(r, &n);
	assert_int_equal(n, 0);
	licit_impact_free(r);

	kind_count k = {"impact", 0};
	assert_int_equal(licit_audit_each(h, NULL, NULL, count_kind, &k),
			 LICIT_OK);
	assert_int_equal(k.n, 2);
	k = (kind_count){"screen", 0};
	assert_int_equal(licit_audit_each(h, NULL, NULL, count_kind, &k),
			 LICIT_OK);
	assert_int_equal(k.n, 1); /* impact screened quietly */
	rt_verify_ok(h);
	licit_close(h);
	test_store_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_misuse),
		STORE_TEST(test_between_snapshots),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
