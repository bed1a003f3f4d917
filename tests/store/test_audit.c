/*
 * test_audit.c - the hash-chained audit log on both backends, through the
 * public API: every screening leaves one entry, the chain verifies, each
 * kind of direct change to a row is caught and named, deferred entries
 * are written in batches and only then, two writers at once make one
 * chain, the export bounds, and a store that cannot be written fails the
 * screening instead of losing its record.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>

#include "recordtest.h"
#include "store/audit.h"
#include "util/alloc.h"

static void test_canonical_form(void **state)
{
	(void)state;
	/* keys sorted, no spaces, reals in their short form */
	json_t *o = json_pack("{s:[f,s],s:i}", "b", 0.8, "x", "a", 1);
	char *text = audit_canonical(o);
	assert_string_equal(text, "{\"a\":1,\"b\":[0.8,\"x\"]}");
	char h[65];
	assert_int_equal(audit_hash(AUDIT_GENESIS, text, strlen(text), h), 0);
	/* sha256 of 64 zeros and that text, computed apart from licit */
	assert_string_equal(h, "b1a7464b8dd955458cca7d0766d0164fb7223694000ba6"
			       "d66f7f5a1508b1b7fa");
	licit__free(text);
	json_decref(o);
}

/* The screening writer gives what jansson gives for the same entry,
 * whatever the strings hold. */
static void test_screening_text_is_canonical(void **state)
{
	(void)state;
	static const char *const names[] = {
		"plain",
		"quote \" backslash \\ slash / tab \t nl \n cr \r",
		"ctl \x01\x02\x1f\x7f bell \b ff \f",
		"Путин 普京 بوتين \xF0\x9F\x98\x80",
		"bad \xff\xfe utf8 \xc3",
		"",
	};
	static const double scores[] = {1.0, 0.8, 0.8942, 0.0001, 0.0, 0.5};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		audit_screening *r = calloc(1, sizeof(*r));
		arena_init(&r->mem);
		snprintf(r->time, sizeof(r->time), "2026-01-02T03:04:05.000006Z");
		r->actor = names[i];
		r->snapshot = "ab";
		r->name = names[i];
		r->country = i % 2 ? "RU" : NULL;
		r->party_id = i % 3 ? names[i] : NULL;
		r->party_key = i % 3 ? "party:x" : NULL;
		r->ref = i % 2 ? NULL : names[i];
		const char *src[] = {"un-sc", names[i]};
		r->sources = src;
		r->n_sources = i % 3;
		r->threshold = scores[i];
		r->limit = 10;
		r->seq = (int64_t)i + 1;
		r->decision = i % 2 ? "review" : NULL;
		audit_hit hits[2] = {
			{names[i], names[i], scores[i], "0123456789abcdef", 7,
			 "opened"},
			{"us-ofac-sdn:1", "x", 1.0, "fedcba9876543210", 0,
			 "suppressed"}};
		r->hits = hits;
		r->n_hits = i % 3;
		char *text = audit_screening_text(r);
		assert_non_null(text);
		json_error_t err;
		json_t *o = json_loads(text, 0, &err);
		if (!o)
			fail_msg("not JSON: %s: %s", err.text, text);
		char *canon = audit_canonical(o);
		assert_string_equal(text, canon);
		json_decref(o);
		licit__free(canon);
		licit__free(text);
		r->sources = NULL;
		r->hits = NULL;
		audit_screening_free(r);
	}
}

typedef struct seen {
	int n;
	int64_t last_seq;
	char kind[32], decision[32], entry[4096];
} seen;

static int keep_last(void *ctx, const licit_audit_entry *e)
{
	seen *s = ctx;
	s->n++;
	s->last_seq = e->seq;
	snprintf(s->kind, sizeof(s->kind), "%s", e->kind);
	snprintf(s->decision, sizeof(s->decision), "%s",
		 e->decision ? e->decision : "");
	snprintf(s->entry, sizeof(s->entry), "%s", e->entry);
	return 0;
}

static void test_every_screening_recorded(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	licit_screen_hit hit = {0};
	assert_int_equal(rt_screen(h, "Northwind Precision Trading", NULL, &hit),
			 1);
	assert_int_equal(rt_screen(h, "Qwzx Nobody", NULL, NULL), 0);
	assert_int_equal(rt_screen(h, "Korvex Dynamics Ltd", "C-7", NULL), 1);
	assert_int_equal(rt_verify_ok(h), 3);
	seen s = {0};
	assert_int_equal(licit_audit_each(h, NULL, NULL, keep_last, &s),
			 LICIT_OK);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.kind, "screen");
	assert_string_equal(s.decision, "review");
	/* the entry holds the query, snapshot, hits and the policy field */
	json_t *e = json_loads(s.entry, 0, NULL);
	assert_non_null(e);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(e, "input"), "name")),
			    "Korvex Dynamics Ltd");
	assert_string_equal(json_string_value(json_object_get(e, "snapshot")),
			    licit_snapshot_id(h));
	assert_true(json_is_null(json_object_get(e, "policy_version")));
	assert_string_equal(json_string_value(json_object_get(e, "actor")),
			    "tester");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(e, "party"), "key")),
			    "party:C-7");
	json_t *h0 = json_array_get(json_object_get(e, "hits"), 0);
	assert_string_equal(json_string_value(json_object_get(h0, "entity_id")),
			    "internal-rt:RT-2");
	assert_int_equal(strlen(json_string_value(
				 json_object_get(h0, "entity_hash"))),
			 16);
	json_decref(e);
	/* the JSON result carries the entry's seq and decision */
	licit_query q = {0};
	q.name = "Qwzx Nobody";
	size_t n;
	char *json;
	assert_int_equal(licit_screen(h, &q, 0.8, 10, &hit, &n, &json),
			 LICIT_OK);
	e = json_loads(json, 0, NULL);
	json_t *audit = json_object_get(e, "audit");
	assert_int_equal(json_integer_value(json_object_get(audit, "seq")), 4);
	assert_string_equal(
		json_string_value(json_object_get(audit, "decision")), "clear");
	json_decref(e);
	licit_free(json);
	licit_close(h);
	test_store_free(&t);
}

/* A fresh chain of four screenings. */
static licit *four_entries(test_store *t)
{
	test_store_new(t, t->backend);
	licit *h = rt_open(t);
	rt_import(h, t->dir, list_v1);
	rt_screen(h, "Northwind Precision Trading", NULL, NULL);
	rt_screen(h, "Ivan Sidorenko", NULL, NULL);
	rt_screen(h, "Somebody Else Entirely", NULL, NULL);
	rt_screen(h, "Korvex Dynamics", NULL, NULL);
	assert_int_equal(rt_verify_ok(h), 4);
	return h;
}

static void expect_broken(licit *h, int64_t seq, const char *why)
{
	licit_audit_report r;
	assert_int_equal(licit_audit_verify(h, &r), LICIT_ETAMPERED);
	if (r.first_bad != seq || !strstr(r.problem, why))
		fail_msg("expected entry %lld (%s), got %lld: %s",
			 (long long)seq, why, (long long)r.first_bad,
			 r.problem);
	assert_int_equal(r.entries, seq - 1);
	char want[64];
	snprintf(want, sizeof(want), "audit entry %lld ", (long long)seq);
	assert_non_null(strstr(licit_last_error(h), want));
}

/* The stored text and prev_hash of entry `seq`. */
typedef struct grab {
	int64_t seq;
	char prev[65], entry[4096];
} grab;

static int grab_entry(void *ctx, const licit_audit_entry *e)
{
	grab *g = ctx;
	if (e->seq != g->seq)
		return 0;
	snprintf(g->prev, sizeof(g->prev), "%s", e->prev_hash);
	snprintf(g->entry, sizeof(g->entry), "%s", e->entry);
	return 1;
}

static void test_tamper_caught(void **state)
{
	static const struct {
		const char *sql, *why;
		int64_t seq;
	} cases[] = {
		{"UPDATE audit SET entry = REPLACE(entry, 'Ivan Sidorenko', "
		 "'Ivan Sidorenkov') WHERE seq = 2",
		 "content was changed", 2},
		{"UPDATE audit SET actor = 'mallory' WHERE seq = 3",
		 "column 'actor'", 3},
		{"UPDATE audit SET decision = 'clear' WHERE seq = 1",
		 "column 'decision'", 1},
		{"UPDATE audit SET hash = prev_hash WHERE seq = 3",
		 "content was changed", 3},
		{"UPDATE audit SET prev_hash = hash WHERE seq = 2",
		 "prev_hash", 2},
		{"DELETE FROM audit WHERE seq = 3", "missing", 3},
		{"UPDATE audit SET entry = REPLACE(entry, '\"kind\":', '\"kind\" "
		 ":') WHERE seq = 4",
		 "canonical", 4},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		test_store t = {.backend = *state};
		licit *h = four_entries(&t);
		test_store_sql(&t, cases[i].sql);
		expect_broken(h, cases[i].seq, cases[i].why);
		licit_close(h);
		test_store_free(&t);
	}
	/* an entry rewritten with its hash recomputed breaks the next link */
	test_store t = {.backend = *state};
	licit *h = four_entries(&t);
	grab g = {2, "", ""};
	assert_int_equal(licit_audit_each(h, NULL, NULL, grab_entry, &g),
			 LICIT_OK);
	char *at = strstr(g.entry, "Ivan Sidorenko");
	assert_non_null(at);
	at[0] = 'J'; /* "Jvan": still canonical, same length */
	char hash[65], sql[8192];
	assert_int_equal(audit_hash(g.prev, g.entry, strlen(g.entry), hash), 0);
	snprintf(sql, sizeof(sql),
		 "UPDATE audit SET entry = '%s', hash = '%s' WHERE seq = 2",
		 g.entry, hash);
	test_store_sql(&t, sql);
	expect_broken(h, 3, "prev_hash");
	licit_close(h);
	test_store_free(&t);
}

static void test_deferred_batches(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	assert_int_equal(licit_audit_defer(h, 100), LICIT_OK);
	licit_screen_hit hit = {0};
	for (int i = 0; i < 250; i++) {
		char name[64];
		snprintf(name, sizeof(name), "Party Number %d", i);
		rt_screen(h, i % 50 ? name : "Northwind Precision", NULL, NULL);
	}
	assert_int_equal(licit_audit_pending(h), 50);
	/* another handle sees only what was flushed */
	licit *other = rt_reopen(&t);
	assert_int_equal(rt_verify_ok(other), 200);
	/* a deferred hit does not know its alert yet */
	assert_int_equal(rt_screen(h, "Northwind Precision", NULL, &hit), 1);
	assert_int_equal(hit.alert, 0);
	assert_null(hit.alert_status);
	assert_int_equal(licit_audit_flush(h), LICIT_OK);
	assert_int_equal(licit_audit_pending(h), 0);
	assert_int_equal(rt_verify_ok(other), 251);
	/* the one party alerted once, however often screened */
	assert_int_equal(rt_alerts(other, NULL), 1);
	/* back to immediate: the entry is there when the call returns */
	assert_int_equal(licit_audit_defer(h, 0), LICIT_OK);
	assert_int_equal(rt_screen(h, "Northwind Precision", NULL, &hit), 1);
	assert_int_equal(hit.alert, 1);
	assert_string_equal(hit.alert_status, "open");
	assert_int_equal(rt_verify_ok(other), 252);
	/* closing writes what still waits */
	assert_int_equal(licit_audit_defer(h, 1000), LICIT_OK);
	rt_screen(h, "Party Number 9999", NULL, NULL);
	licit_close(h);
	assert_int_equal(rt_verify_ok(other), 253);
	licit_close(other);
	test_store_free(&t);
}

/* The "audit" object of a screening as licit_screen's JSON has it. */
static char *audit_of(licit *h, const char *name)
{
	licit_query q = {0};
	q.name = name;
	q.schema = LICIT_SCHEMA_UNKNOWN;
	licit_screen_hit hits[5];
	size_t n;
	char *json = NULL;
	assert_int_equal(licit_screen(h, &q, 0.8, 5, hits, &n, &json),
			 LICIT_OK);
	char *at = strstr(json, "\"audit\":");
	char *out = at ? strdup(at + 8) : NULL;
	licit_free(json);
	if (out)
		out[strlen(out) - 1] = '\0'; /* the closing brace of the whole */
	return out;
}

/* A deferring caller learns, after the flush, what an immediate screening
 * reports at once: the same seq, decision and alert per hit. */
static void test_flushed_results(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	/* immediate: seq 1 opens alert 1, seq 2 finds it open */
	char *first = audit_of(h, "Northwind Precision");
	assert_non_null(first);
	assert_string_equal(first,
			    "{\"seq\":1,\"decision\":\"review\",\"alerts\":[{"
			    "\"entity_id\":\"internal-rt:RT-1\",\"alert\":1,\"status\":"
			    "\"opened\"}]}");
	free(first);
	assert_int_equal(licit_audit_defer(h, 100), LICIT_OK);
	assert_null(audit_of(h, "Northwind Precision")); /* not yet */
	assert_null(audit_of(h, "Mary Poppins Umbrellas"));
	assert_int_equal(licit_audit_flushed(h), 0);
	assert_int_equal(licit_audit_flush(h), LICIT_OK);
	assert_int_equal(licit_audit_flushed(h), 2);
	assert_string_equal(licit_audit_flushed_json(h, 0),
			    "{\"seq\":2,\"decision\":\"review\",\"alerts\":[{"
			    "\"entity_id\":\"internal-rt:RT-1\",\"alert\":1,\"status\":"
			    "\"open\"}]}");
	assert_string_equal(licit_audit_flushed_json(h, 1),
			    "{\"seq\":3,\"decision\":\"clear\",\"alerts\":[]}");
	assert_null(licit_audit_flushed_json(h, 2));
	/* a flush with nothing waiting keeps what the last one wrote */
	assert_int_equal(licit_audit_flush(h), LICIT_OK);
	assert_int_equal(licit_audit_flushed(h), 2);
	int64_t open = -1, info = -1;
	assert_int_equal(licit_alerts_waiting(h, &open, &info), LICIT_OK);
	assert_int_equal(open, 1);
	assert_int_equal(info, 0);
	licit_close(h);
	test_store_free(&t);
}

typedef struct writer {
	test_store *t;
	int id, n;
	licit_status st;
} writer;

static void *write_many(void *arg)
{
	writer *w = arg;
	licit *h = rt_reopen(w->t);
	w->st = licit_audit_defer(h, 7);
	for (int i = 0; i < w->n && w->st == LICIT_OK; i++) {
		char name[64];
		snprintf(name, sizeof(name), "Writer %d Party %d", w->id, i);
		licit_query q = {0};
		q.name = i % 10 ? name : "Ivan Petrovich Sidorenko";
		licit_screen_hit hits[4];
		size_t k;
		w->st = licit_screen(h, &q, 0.8, 4, hits, &k, NULL);
	}
	if (w->st == LICIT_OK)
		w->st = licit_audit_flush(h);
	licit_close(h);
	return NULL;
}

/* Several writers on one store (threads with their own connections, as
 * separate processes would have) still make one unbroken chain, and open
 * one alert for a pair they all hit. */
static void concurrent_writers(test_store *t)
{
	licit *h = rt_open(t);
	rt_import(h, t->dir, list_v1);
	enum { W = 3, N = 120 };
	writer w[W];
	pthread_t th[W];
	for (int i = 0; i < W; i++) {
		w[i] = (writer){t, i, N, LICIT_OK};
		assert_int_equal(
		    pthread_create(&th[i], NULL, write_many, &w[i]), 0);
	}
	for (int i = 0; i < W; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].st, LICIT_OK);
	}
	assert_int_equal(rt_verify_ok(h), W * N);
	assert_int_equal(rt_alerts(h, NULL), 1);
	licit_close(h);
}

static void test_concurrent_writers(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	concurrent_writers(&t);
	test_store_free(&t);
}

/* The same on a PostgreSQL whose sessions default to SERIALIZABLE (a
 * database or role setting licit does not control): the chain lock's
 * transaction still reads the tail its predecessor committed. */
static void test_concurrent_writers_serializable(void **state)
{
	(void)state;
	test_store t;
	test_store_new(&t, "postgres");
	size_t len = strlen(t.url);
	snprintf(t.url + len, sizeof(t.url) - len, "%s",
		 "%20-cdefault_transaction_isolation%3Dserializable");
	concurrent_writers(&t);
	test_store_free(&t);
}

static int count(void *ctx, const licit_audit_entry *e)
{
	(void)e;
	++*(int *)ctx;
	return 0;
}

static void test_export_bounds(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	rt_screen(h, "One", NULL, NULL);
	rt_screen(h, "Two", NULL, NULL);
	int n = 0;
	assert_int_equal(licit_audit_each(h, "2000-01-01", "2999-12-31", count,
					  &n),
			 LICIT_OK);
	assert_int_equal(n, 2);
	n = 0;
	assert_int_equal(licit_audit_each(h, "2999-01-01", NULL, count, &n),
			 LICIT_OK);
	assert_int_equal(n, 0);
	n = 0;
	assert_int_equal(licit_audit_each(h, NULL, "2000-01-01T00:00:00Z",
					  count, &n),
			 LICIT_OK);
	assert_int_equal(n, 0);
	assert_int_equal(licit_audit_each(h, "yesterday", NULL, count, &n),
			 LICIT_EINVAL);
	assert_non_null(strstr(licit_last_error(h), "'yesterday'"));
	licit_close(h);
	test_store_free(&t);
}

/* An entry that cannot be chained (here: its alert cannot be resolved,
 * the alerts table being gone) fails the screening with a store error
 * and writes nothing, alone or in the middle of a batch; the chain goes
 * on once the table is back. */
static void test_unchainable_entry_fails_cleanly(void **state)
{
	test_store t;
	test_store_new(&t, *state);
	licit *h = rt_open(&t);
	rt_import(h, t.dir, list_v1);
	assert_int_equal(
	    rt_screen(h, "Northwind Precision Trading FZE", NULL, NULL), 1);
	test_store_sql(&t, "ALTER TABLE alerts RENAME TO alerts_gone");
	licit_query q = {0};
	q.name = "Ivan Petrovich Sidorenko";
	licit_screen_hit hits[4];
	size_t n;
	assert_int_equal(licit_screen(h, &q, 0.8, 4, hits, &n, NULL),
			 LICIT_ESTORE);
	assert_int_equal(licit_audit_defer(h, 8), LICIT_OK);
	const char *names[] = {"Nobody In Particular",
			       "Ivan Petrovich Sidorenko",
			       "Someone Else Entirely"};
	for (size_t i = 0; i < 3; i++) {
		q.name = names[i];
		assert_int_equal(licit_screen(h, &q, 0.8, 4, hits, &n, NULL),
				 LICIT_OK);
	}
	assert_int_equal(licit_audit_flush(h), LICIT_ESTORE);
	test_store_sql(&t, "ALTER TABLE alerts_gone RENAME TO alerts");
	assert_int_equal(licit_audit_defer(h, 0), LICIT_OK);
	assert_int_equal(rt_verify_ok(h), 1);
	assert_int_equal(rt_screen(h, "Ivan Petrovich Sidorenko", NULL, NULL),
			 1);
	assert_int_equal(rt_verify_ok(h), 2);
	licit_close(h);
	test_store_free(&t);
}

static void test_unwritable_store_fails_screening(void **state)
{
	(void)state;
	const char *dir = test_tmpdir();
	char d[256];
	snprintf(d, sizeof(d), "%s", dir);
	licit *h;
	assert_int_equal(licit_open(d, &h, NULL, 0), LICIT_OK);
	rt_import(h, d, list_v1);
	assert_int_equal(licit_set_store(h, "postgres://u:pw@127.0.0.1:1/x"
					    "?connect_timeout=2"),
			 LICIT_OK);
	licit_query q = {0};
	q.name = "Northwind Precision Trading FZE";
	licit_screen_hit hits[4];
	size_t n = 99;
	assert_int_equal(licit_screen(h, &q, 0.8, 4, hits, &n, NULL),
			 LICIT_ESTORE);
	assert_int_equal(n, 0);
	assert_non_null(strstr(licit_last_error(h), "cannot open the record"));
	assert_int_equal(licit_set_store(h, "mysql://x"), LICIT_EINVAL);
	licit_close(h);
	test_rmtree(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_form),
		cmocka_unit_test(test_screening_text_is_canonical),
		STORE_TEST(test_every_screening_recorded),
		STORE_TEST(test_tamper_caught),
		STORE_TEST(test_deferred_batches),
		STORE_TEST(test_flushed_results),
		STORE_TEST(test_concurrent_writers),
		cmocka_unit_test(test_concurrent_writers_serializable),
		STORE_TEST(test_export_bounds),
		STORE_TEST(test_unchainable_entry_fails_cleanly),
		cmocka_unit_test(test_unwritable_store_fails_screening),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
