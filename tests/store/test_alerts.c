/*
 * test_alerts.c - alerts and their review on both backends: a hit opens
 * one alert per (party, listed entity), later hits attach to it; a false
 * positive suppresses the pair until the listed record changes in a new
 * snapshot, when a new alert re-opens it; a true match marks later hits
 * as a known match; needs-info keeps it under review; decisions are audit
 * entries, validated, and kept in the alert's history.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>

#include "recordtest.h"

typedef struct first_alert {
	int64_t id, reopens;
	char status[32], entity[64], party[64];
} first_alert;

static int take_first(void *ctx, const licit_alert *a)
{
	first_alert *f = ctx;
	f->id = a->id;
	f->reopens = a->reopens;
	snprintf(f->status, sizeof(f->status), "%s", a->status);
	snprintf(f->entity, sizeof(f->entity), "%s", a->entity_id);
	snprintf(f->party, sizeof(f->party), "%s", a->party_key);
	return 1;
}

/* The newest alert. */
static first_alert newest(licit *h)
{
	first_alert f = {0};
	assert_int_equal(licit_alerts_each(h, NULL, take_first, &f), LICIT_OK);
	return f;
}

static int last_decision(void *ctx, const licit_audit_entry *e)
{
	snprintf(ctx, 32, "%s", e->decision ? e->decision : "");
	return 0;
}

/* The decision of the newest audit entry. */
static const char *last(licit *h)
{
	static char d[32];
	assert_int_equal(licit_audit_each(h, NULL, NULL, last_decision, d),
			 LICIT_OK);
	return d;
}

static void test_open_attach_list(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	licit_screen_hit hit = {0};
	assert_int_equal(rt_alerts(h, NULL), 0);
	rt_screen(h, "Korvex Dynamics Limited", NULL, &hit);
	assert_int_equal(hit.alert, 1);
	assert_string_equal(hit.alert_status, "opened");
	assert_string_equal(last(h), "review");
	rt_screen(h, "KORVEX DYNAMICS LIMITED", NULL, &hit); /* same party */
	assert_int_equal(hit.alert, 1);
	assert_string_equal(hit.alert_status, "open");
	rt_screen(h, "Korvex Dynamics Limited", "C-1", &hit); /* a named party */
	assert_int_equal(hit.alert, 2);
	assert_string_equal(hit.alert_status, "opened");
	rt_screen(h, "Korvex Dynamics Limited", "C-2", &hit);
	assert_int_equal(hit.alert, 3);
	assert_int_equal(rt_alerts(h, NULL), 3);
	assert_int_equal(rt_alerts(h, "open"), 3);
	assert_int_equal(rt_alerts(h, "false-positive"), 0);
	first_alert f = newest(h);
	assert_int_equal(f.id, 3);
	assert_string_equal(f.party, "party:C-2");
	assert_string_equal(f.entity, "internal-rt:RT-2");
	int n = 0;
	assert_int_equal(licit_alerts_each(h, "closed", NULL, &n),
			 LICIT_EMISUSE);
	assert_int_equal(licit_alerts_each(h, "closed", take_first, &f),
			 LICIT_EINVAL);
	licit_close(h);
	test_store_free(&t);
}

static void test_false_positive_until_entity_changes(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	licit_screen_hit hit = {0};
	rt_screen(h, "Korvex Dynamics Limited", "C-9", &hit);
	rt_screen(h, "Northwind Precision Trading FZE", "C-9", NULL);
	assert_int_equal(hit.alert, 1);
	assert_int_equal(licit_alert_decide(h, 1, LICIT_FALSE_POSITIVE,
					    "C-9 is a bakery in Limassol"),
			 LICIT_OK);
	assert_int_equal(licit_alert_decide(h, 2, LICIT_FALSE_POSITIVE,
					    "a different Northwind"),
			 LICIT_OK);
	/* the same snapshot: suppressed, no new alert, nothing to review */
	assert_int_equal(rt_screen(h, "Korvex Dynamics Limited", "C-9", &hit),
			 1);
	assert_int_equal(hit.alert, 1);
	assert_string_equal(hit.alert_status, "suppressed");
	assert_string_equal(last(h), "clear");
	assert_int_equal(rt_alerts(h, NULL), 2);
	/* another party with the same name is not covered by the decision */
	rt_screen(h, "Korvex Dynamics Limited", "C-10", &hit);
	assert_string_equal(hit.alert_status, "opened");
	assert_int_equal(hit.alert, 3);

	/* a new snapshot changes RT-2's record (and leaves RT-1 alone) */
	rt_import(h, t.dir, list_v2);
	rt_screen(h, "Korvex Dynamics Limited", "C-9", &hit);
	assert_string_equal(hit.alert_status, "reopened");
	assert_int_equal(hit.alert, 4);
	assert_string_equal(last(h), "review");
	first_alert f = newest(h);
	assert_int_equal(f.id, 4);
	assert_int_equal(f.reopens, 1);
	assert_string_equal(f.status, "open");
	rt_screen(h, "Northwind Precision Trading FZE", "C-9", &hit);
	assert_string_equal(hit.alert_status, "suppressed"); /* unchanged */
	assert_int_equal(hit.alert, 2);
	assert_int_equal(rt_verify_ok(h), 8);
	licit_close(h);
	test_store_free(&t);
}

static void test_true_match_and_needs_info(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	licit_screen_hit hit = {0};
	rt_screen(h, "Ivan Petrovich Sidorenko", "P-1", &hit);
	assert_int_equal(licit_alert_decide(h, hit.alert, LICIT_NEEDS_INFO,
					    "ask for a passport copy"),
			 LICIT_OK);
	rt_screen(h, "Ivan Petrovich Sidorenko", "P-1", &hit);
	assert_string_equal(hit.alert_status, "needs-info");
	assert_string_equal(last(h), "review");
	assert_int_equal(licit_alert_decide(h, hit.alert, LICIT_TRUE_MATCH,
					    "passport matches the listing"),
			 LICIT_OK);
	rt_screen(h, "Ivan Petrovich Sidorenko", "P-1", &hit);
	assert_string_equal(hit.alert_status, "true-match");
	assert_string_equal(last(h), "match");
	assert_int_equal(rt_alerts(h, NULL), 1);
	assert_int_equal(rt_alerts(h, "true-match"), 1);

	/* the history: both decisions, in order, by the actor */
	char *json;
	assert_int_equal(licit_alert_json(h, hit.alert, &json), LICIT_OK);
	json_t *a = json_loads(json, 0, NULL);
	licit_free(json);
	assert_string_equal(json_string_value(json_object_get(a, "status")),
			    "true-match");
	assert_string_equal(json_string_value(json_object_get(a, "decided_by")),
			    "tester");
	json_t *d = json_object_get(a, "decisions");
	assert_int_equal(json_array_size(d), 2);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(d, 0), "disposition")),
			    "needs-info");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(d, 1), "reason")),
			    "passport matches the listing");
	json_decref(a);
	/* decisions are audit entries of their own */
	assert_int_equal(rt_verify_ok(h), 5);
	licit_close(h);
	test_store_free(&t);
}

static void test_decide_errors(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	rt_screen(h, "Ivan Petrovich Sidorenko", NULL, NULL);
	assert_int_equal(licit_alert_decide(h, 1, LICIT_FALSE_POSITIVE, ""),
			 LICIT_EINVAL);
	assert_int_equal(licit_alert_decide(h, 1, LICIT_FALSE_POSITIVE, "  "),
			 LICIT_EINVAL);
	assert_int_equal(licit_alert_decide(h, 1, LICIT_FALSE_POSITIVE, NULL),
			 LICIT_EINVAL);
	assert_int_equal(licit_alert_decide(h, 1, LICIT_DISPOSITION_NONE, "x"),
			 LICIT_EINVAL);
	assert_int_equal(licit_alert_decide(h, 42, LICIT_TRUE_MATCH, "x"),
			 LICIT_ENOTFOUND);
	assert_non_null(strstr(licit_last_error(h), "no alert 42"));
	char *json;
	assert_int_equal(licit_alert_json(h, 42, &json), LICIT_ENOTFOUND);
	/* nothing was recorded by the failed calls */
	assert_int_equal(rt_verify_ok(h), 1);
	assert_int_equal(rt_alerts(h, "open"), 1);
	assert_int_equal(licit_disposition_parse("false-positive"),
			 LICIT_FALSE_POSITIVE);
	assert_int_equal(licit_disposition_parse("maybe"),
			 LICIT_DISPOSITION_NONE);
	assert_string_equal(licit_disposition_name(LICIT_NEEDS_INFO),
			    "needs-info");
	licit_close(h);
	test_store_free(&t);
}

typedef struct screener_thread {
	test_store *t;
	licit_status st;
} screener_thread;

static void *screen_same_party(void *arg)
{
	screener_thread *s = arg;
	licit *h = rt_reopen(s->t);
	for (int i = 0; i < 20 && s->st == LICIT_OK; i++) {
		licit_query q = {0};
		q.name = "Northwind Precision Trading FZE";
		q.party_id = "C-race";
		licit_screen_hit hits[2];
		size_t n;
		s->st = licit_screen(h, &q, 0.8, 2, hits, &n, NULL);
	}
	licit_close(h);
	return NULL;
}

/* Screenings of one party from several connections at once open one
 * alert for the pair, not one each. */
static void test_one_alert_under_concurrency(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	screener_thread s[3] = {{&t, LICIT_OK}, {&t, LICIT_OK}, {&t, LICIT_OK}};
	pthread_t th[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(
			pthread_create(&th[i], NULL, screen_same_party, &s[i]),
			0);
	for (int i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(s[i].st, LICIT_OK);
	}
	assert_int_equal(rt_alerts(h, NULL), 1);
	assert_int_equal(rt_verify_ok(h), 60);
	licit_close(h);
	test_store_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TEST(test_open_attach_list),
		STORE_TEST(test_false_positive_until_entity_changes),
		STORE_TEST(test_true_match_and_needs_info),
		STORE_TEST(test_decide_errors),
		STORE_TEST(test_one_alert_under_concurrency),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
