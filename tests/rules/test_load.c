/*
 * test_load.c - loading policies: the built-in ones, and every kind of bad
 * policy the loader must refuse with the file and line (undefined group,
 * group cycle, contradicting rules, unknown keys, unknown references,
 * aliases, bad YAML).
 */
#include <stdio.h>
#include <string.h>

#include "rules/builtin.h"
#include "rules/eval.h"
#include "util/alloc.h"
#include "rules/policy.h"
#include "testutil.h"

static void test_builtin(void **state)
{
	(void)state;
	policy_set ps;
	errinfo e;
	err_clear(&e);
	assert_int_equal(policy_set_builtin(&ps, &e), LICIT_OK);
	assert_int_equal(ps.n, 3);
	assert_non_null(policy_set_find(&ps, "us-ear-cyber"));
	assert_non_null(policy_set_find(&ps, "eu-2021-821"));
	const policy *il = policy_set_find(&ps, "il-deca-cyber");
	assert_non_null(il);
	assert_int_equal(strlen(il->sha256), 64);
	/* 249 ISO codes, the retired and user-assigned ones apart */
	size_t n = 0;
	for (int i = 0; i < CSET_BITS; i++)
		n += cset_has(&ps.v.assigned, i);
	assert_int_equal(n, 249);
	assert_true(cset_has(&ps.v.user_assigned, cc_index("XK")));
	assert_true(cset_has(&ps.v.retired, cc_index("AN")));
	assert_false(cset_has(&ps.v.assigned, cc_index("ZZ")));
	/* the DECA exemption group: 37 sure members at any date */
	int g = policy_group(il, "marketing-exempt");
	assert_true(g >= 0);
	size_t members = 0;
	for (int i = 0; i < CSET_BITS; i++)
		members += cset_has(&il->groups[g].m[0].countries, i);
	assert_int_equal(members, 37);
	/* versions: the cut, its uncertain month, the End User Declaration */
	assert_int_equal(policy_version(il, 20211001), 20210101);
	assert_int_equal(policy_version(il, 20211115), 20211101);
	assert_int_equal(policy_version(il, 20220201), 20211206);
	assert_int_equal(policy_version(il, 20201231), 0);
	/* every rule has a citation and a verification level */
	for (size_t k = 0; k < ps.n; k++)
		for (size_t i = 0; i < ps.p[k].n_rules; i++) {
			assert_non_null(ps.p[k].rules[i].citation);
			assert_non_null(ps.p[k].rules[i].p.verification);
		}
	policy_set_release(&ps);
}

/* Add `text` as a policy to the built-in set; the status, and the message
 * into msg. */
static licit_status try_policy(const char *text, char *msg, size_t len)
{
	policy_set ps;
	errinfo e;
	err_clear(&e);
	assert_int_equal(policy_set_builtin(&ps, &e), LICIT_OK);
	licit_status st = policy_set_add(&ps, text, strlen(text), "t.yaml", &e);
	snprintf(msg, len, "%s", e.msg);
	if (st == LICIT_OK)
		assert_int_equal(ps.n, 4);
	else
		assert_int_equal(ps.n, 3); /* nothing of a bad file is kept */
	policy_set_release(&ps);
	return st;
}

#define HEAD                                                                   \
	"policy: t\n"                                                          \
	"covers: {from: 2021-01-01}\n"                                         \
	"items: {4D004: {}, 5A001.j: {}}\n"

static void expect_bad(const char *text, const char *where, const char *what)
{
	char msg[1024];
	assert_int_equal(try_policy(text, msg, sizeof(msg)), LICIT_EPARSE);
	if (!strstr(msg, where) || !strstr(msg, what))
		fail_msg("message '%s' lacks '%s' or '%s'", msg, where, what);
}

static void test_good_policy(void **state)
{
	(void)state;
	char msg[1024];
	assert_int_equal(
	    try_policy(HEAD "groups:\n"
			    "  g1: {members: [{countries: [FR, DE]}, "
			    "{groups: [g2]}]}\n"
			    "  g2: {members: [{countries: [IT]}]}\n"
			    "rules:\n"
			    "  - {id: R, when: {items: [4D004], "
			    "destinations: [g1]}, effect: licence-required, "
			    "citation: c, verification: unverified}\n",
		       msg, sizeof(msg)),
	    LICIT_OK);
}

static void test_undefined_group(void **state)
{
	(void)state;
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {destinations: [D:9]}, effect: "
			"review, citation: c, verification: unverified}\n",
		   "t.yaml:5:", "'D:9' is neither a group of this policy nor");
	expect_bad(HEAD "groups:\n"
			"  g1: {members: [{groups: [nowhere]}]}\n"
			"rules: []\n",
		   "t.yaml:5:", "includes group 'nowhere'");
}

static void test_group_cycle(void **state)
{
	(void)state;
	expect_bad(HEAD "groups:\n"
			"  a: {members: [{groups: [b]}]}\n"
			"  b: {members: [{groups: [c]}]}\n"
			"  c: {members: [{groups: [a]}]}\n"
			"rules: []\n",
		   "t.yaml:5:", "includes itself");
}

static void test_contradiction(void **state)
{
	(void)state;
	/* same conditions written in another order, overlapping dates */
	expect_bad(HEAD
		   "rules:\n"
		   "  - {id: A, when: {items: [4D004], destinations: [FR, "
		   "DE]}, effect: licence-required, citation: c, "
		   "verification: unverified}\n"
		   "  - {id: B, from: 2022-01-01, when: {destinations: [DE, "
		   "FR], items: [4D004]}, effect: no-licence-required, "
		   "citation: c, verification: unverified}\n",
		   "t.yaml:6:", "'A' (line 5) and 'B' contradict");
	/* an exception offered and withdrawn under the same conditions */
	expect_bad(HEAD "rules:\n"
			"  - {id: A, when: {destinations: [FR]}, effect: "
			"licence-exception, exception: X, citation: c, "
			"verification: unverified}\n"
			"  - {id: B, when: {destinations: [FR]}, effect: "
			"exception-unavailable, exception: X, citation: c, "
			"verification: unverified}\n",
		   "t.yaml:6:", "contradict");
	/* the same conditions in force at different times do not clash */
	char msg[1024];
	assert_int_equal(try_policy(HEAD
				    "rules:\n"
				    "  - {id: A, until: 2022-01-01, when: "
				    "{destinations: [FR]}, effect: review, "
				    "citation: c, verification: unverified}\n"
				    "  - {id: B, from: 2022-01-01, when: "
				    "{destinations: [FR]}, effect: prohibited, "
				    "citation: c, verification: unverified}\n",
				    msg, sizeof(msg)),
			 LICIT_OK);
}

static void test_unknown_references(void **state)
{
	(void)state;
	expect_bad(HEAD
		   "rules:\n"
		   "  - {id: R, when: {destination: [FR]}, effect: review, "
		   "citation: c, verification: unverified}\n",
		   "t.yaml:5:", "unknown key 'destination'");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {items: [5A002]}, effect: review, "
			"citation: c, verification: unverified}\n",
		   "t.yaml:5:", "item '5A002' is not among");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {end_user_types: [spy]}, effect: "
			"review, citation: c, verification: unverified}\n",
		   "t.yaml:5:", "unknown end-user type 'spy'");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {party_lists: [nope]}, effect: "
			"review, citation: c, verification: unverified}\n",
		   "t.yaml:5:", "unknown party list 'nope'");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {destinations: [AN]}, effect: "
			"review, citation: c, verification: unverified}\n",
		   "t.yaml:5:", "'AN' is neither");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {}, effect: review, citation: c, "
			"verification: probably}\n",
		   "t.yaml:5:", "verification 'probably' is not one of");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {}, effect: review, citation: c, "
			"source: S9, verification: unverified}\n",
		   "t.yaml:5:", "source 'S9' is not in this file's sources");
	expect_bad(
	    HEAD "rules:\n"
		 "  - {id: R, when: {}, effect: exception-unavailable, "
		 "exception: ACE, citation: c, verification: unverified}\n",
	    "t.yaml:5:", "withdraws exception 'ACE', which no rule offers");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {}, effect: maybe, citation: c, "
			"verification: unverified}\n",
		   "t.yaml:5:", "effect 'maybe' is not one of");
	expect_bad(HEAD "groups:\n"
			"  FR: {members: []}\n"
			"rules: []\n",
		   "t.yaml:5:", "group 'FR' is a country code");
}

static void test_bad_fields(void **state)
{
	(void)state;
	expect_bad(HEAD
		   "rules:\n"
		   "  - {id: R, from: 2022-01-01, until: 2021-01-01, when: "
		   "{}, effect: review, citation: c, verification: "
		   "unverified}\n",
		   "t.yaml", "'until' must come after 'from'");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {}, effect: review, unknown: "
			"assume-not, citation: c, verification: unverified}\n",
		   "t.yaml:5:", "needs 'assumes'");
	expect_bad(HEAD "rules:\n"
			"  - {id: R, when: {}, effect: review, citation: c}\n",
		   "t.yaml:5:", "'verification' is required");
	expect_bad("policy: t\nrules: []\n", "t.yaml", "'covers' is required");
	expect_bad(HEAD "rules:\n"
			"  - &x {id: R, when: {}, effect: review, citation: c, "
			"verification: unverified}\n"
			"  - {id: S, when: {}, effect: review, citation: *x, "
			"verification: unverified}\n",
		   "t.yaml:6:", "aliases are not supported");
	expect_bad(HEAD "rules: [\n", "t.yaml:", "");
	expect_bad("policy: t\ncovers: {from: 2021-02-30}\nrules: []\n",
		   "t.yaml:2:", "'2021-02-30' is not a date");
	expect_bad("", "t.yaml", "empty document");
}

static void test_duplicate_policy(void **state)
{
	(void)state;
	expect_bad("policy: il-deca-cyber\ncovers: {from: 2021-01-01}\n"
		   "rules: []\n",
		   "t.yaml:1:", "loaded twice");
}

static void test_files(void **state)
{
	(void)state;
	const char *good = test_write_tmp("p.yaml", HEAD "rules: []\n",
					  strlen(HEAD "rules: []\n"));
	char path[4096];
	snprintf(path, sizeof(path), "%s", good);
	const char *paths[] = {path};
	policy_set ps;
	errinfo e;
	err_clear(&e);
	assert_int_equal(policy_set_files(&ps, paths, 1, &e), LICIT_OK);
	assert_int_equal(ps.n, 1);
	assert_non_null(policy_set_find(&ps, "t"));
	assert_true(ps.v.n_eut > 0); /* the built-in vocabulary */
	policy_set_release(&ps);
	const char *missing[] = {"/nonexistent/p.yaml"};
	assert_int_not_equal(policy_set_files(&ps, missing, 1, &e), LICIT_OK);
	assert_non_null(strstr(e.msg, "/nonexistent/p.yaml"));
	test_tmp_cleanup();
}

/* Out of memory at every allocation of a load and of a check: an error,
 * never a crash or a leak (ASan checks the leaks). */
static void test_out_of_memory(void **state)
{
	(void)state;
	int loaded = 0;
	for (long n = 0; n < 400 && !loaded; n++) {
		policy_set ps;
		errinfo e;
		err_clear(&e);
		alloc_fail_after(n);
		licit_status st = policy_set_builtin(&ps, &e);
		alloc_fail_after(-1);
		assert_true(st == LICIT_OK || st == LICIT_ENOMEM);
		if (st == LICIT_OK) {
			loaded = 1;
			policy_set_release(&ps);
		}
	}
	assert_true(loaded);
	policy_set ps;
	errinfo e;
	assert_int_equal(policy_set_builtin(&ps, &e), LICIT_OK);
	const policy *p = policy_set_find(&ps, "us-ear-cyber");
	check_in in;
	assert_int_equal(rules_query_prepare(&ps, "4D004", "CN", NULL,
					     "commercial", NULL, "2022-06-01",
					     20260101, &in, &e),
			 LICIT_OK);
	int done = 0;
	for (long n = 0; n < 200 && !done; n++) {
		arena a;
		arena_init(&a);
		check_out out;
		alloc_fail_after(n);
		licit_status st = rules_check(&ps, &in, &p, 1, &a, &out);
		alloc_fail_after(-1);
		assert_true(st == LICIT_OK || st == LICIT_ENOMEM);
		if (st == LICIT_OK) {
			done = 1;
			assert_int_equal(out.regimes[0].effect, EFF_LICENCE);
		}
		arena_release(&a);
	}
	assert_true(done);
	policy_set_release(&ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_builtin),
	    cmocka_unit_test(test_good_policy),
	    cmocka_unit_test(test_undefined_group),
	    cmocka_unit_test(test_group_cycle),
	    cmocka_unit_test(test_contradiction),
	    cmocka_unit_test(test_unknown_references),
	    cmocka_unit_test(test_bad_fields),
	    cmocka_unit_test(test_duplicate_policy),
	    cmocka_unit_test(test_files),
	    cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
