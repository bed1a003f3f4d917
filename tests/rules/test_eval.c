/*
 * test_eval.c - three-valued evaluation on a small policy written for the
 * test: requirement rules, licence exceptions offered and withdrawn,
 * groups known only in part, dated membership, unknown facts becoming
 * review (or stated assumptions), item and end-user-type hierarchy, party
 * hits and their listing dates, and dates outside the policy.
 */
#include <stdio.h>
#include <string.h>

#include "rules/builtin.h"
#include "rules/eval.h"
#include "testutil.h"

static const char policy_text[] =
    "policy: t\n"
    "covers: {from: 2020-01-01, until: 2030-01-01}\n"
    "items: {4D004: {}, 5A001.j: {}, 4A005: {}}\n"
    "groups:\n"
    "  ok:\n"
    "    members:\n"
    "      - countries: [FR, DE]\n"
    "      - countries: [MX]\n"
    "        until: 2021-11-01\n"
    "      - unknown: [MX]\n"
    "        from: 2021-11-01\n"
    "        until: 2021-12-01\n"
    "        reason: the day is unknown\n"
    "    incomplete:\n"
    "      - until: 2021-12-01\n"
    "        reason: the old list is known in part\n"
    "  bad: {members: [{countries: [IR]}]}\n"
    "rules:\n"
    "  - {id: NEED, when: {items: [4D004, 5A001.j, 4A005]}, effect: "
    "licence-required, exceptions: [X], citation: c1, verification: "
    "verified_primary}\n"
    "  - {id: X-OFFER, when: {destinations: [ok]}, effect: "
    "licence-exception, exception: X, licence: exc X, citation: c2, "
    "verification: unverified}\n"
    "  - {id: X-GOV, when: {end_user_types: [government-law-enforcement], "
    "items: [5A001.j]}, effect: exception-unavailable, exception: X, "
    "citation: c3, verification: verified_secondary}\n"
    "  - {id: X-USE, when: {end_uses: [military]}, effect: "
    "exception-unavailable, exception: X, unknown: assume-not, assumes: "
    "not military, citation: c4, verification: verified_secondary}\n"
    "  - {id: BAN, when: {destinations: [bad]}, effect: prohibited, "
    "exceptions: none, citation: c5, verification: verified_secondary}\n"
    "  - {id: EL, when: {party_lists: [entity-list]}, effect: "
    "licence-required, exceptions: none, review_policy: denial, "
    "review_policy_from_entry: true, citation: c6, verification: "
    "verified_secondary}\n";

static policy_set ps;

static int setup(void **state)
{
	(void)state;
	errinfo e;
	err_clear(&e);
	if (policy_set_builtin(&ps, &e) != LICIT_OK ||
	    policy_set_add(&ps, policy_text, sizeof(policy_text) - 1, "t.yaml",
			   &e) != LICIT_OK) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	policy_set_release(&ps);
	return 0;
}

typedef struct result {
	arena a;
	check_in in;
	check_out out;
	const regime_out *r;
} result;

static void run(result *res, const char *item, const char *dest,
		const char *eut, const char *euse, const char *date,
		const party_in *parties, size_t n_parties)
{
	errinfo e;
	err_clear(&e);
	arena_init(&res->a);
	licit_status st = rules_query_prepare(&ps, item, dest, NULL, eut, euse,
					      date, 20260101, &res->in, &e);
	if (st != LICIT_OK)
		fail_msg("prepare: %s", e.msg);
	res->in.parties = parties;
	res->in.n_parties = n_parties;
	const policy *p = policy_set_find(&ps, "t");
	assert_int_equal(rules_check(&ps, &res->in, &p, 1, &res->a, &res->out),
			 LICIT_OK);
	res->r = &res->out.regimes[0];
}

static int has_reason(const regime_out *r, const char *needle)
{
	for (size_t i = 0; i < r->n_reasons; i++)
		if (strstr(r->reasons[i], needle))
			return 1;
	return 0;
}

static int rule_status(const regime_out *r, const char *id)
{
	for (size_t i = 0; i < r->n_rules; i++)
		if (!strcmp(r->rules[i].r->id, id))
			return r->rules[i].status;
	return 0;
}

static void test_exception_offered(void **state)
{
	(void)state;
	result x;
	run(&x, "4D004", "FR", NULL, NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_EXCEPTION);
	assert_string_equal(x.r->exception, "X");
	assert_string_equal(x.r->licence, "exc X");
	assert_int_equal(x.out.decision, EFF_EXCEPTION);
	/* the offer's verification is unverified: flagged */
	assert_true(x.r->n_unverified >= 1);
	/* X-USE was unknown and assumed not to apply; the assumption is said */
	assert_int_equal(rule_status(x.r, "X-USE"), OUT_ASSUMED);
	assert_int_equal(x.r->n_assumptions, 1);
	assert_string_equal(x.r->assumptions[0], "not military");
	arena_release(&x.a);
	run(&x, "4D004", "FR", NULL, "military", "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_LICENCE);
	assert_int_equal(rule_status(x.r, "X-USE"), OUT_APPLIES);
	arena_release(&x.a);
}

static void test_not_offered(void **state)
{
	(void)state;
	result x;
	run(&x, "4D004", "IT", NULL, NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_LICENCE);
	assert_int_equal(rule_status(x.r, "NEED"), OUT_APPLIES);
	assert_int_equal(rule_status(x.r, "X-OFFER"), OUT_NOT_MET);
	arena_release(&x.a);
	run(&x, "4D004", "IR", NULL, NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_PROHIBITED);
	assert_int_equal(x.out.decision, EFF_PROHIBITED);
	arena_release(&x.a);
}

static void test_partly_known_group(void **state)
{
	(void)state;
	result x;
	/* before the cut: MX a member, IT unknown (incomplete list) */
	run(&x, "4D004", "MX", NULL, NULL, "2021-10-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_EXCEPTION);
	arena_release(&x.a);
	run(&x, "4D004", "IT", NULL, NULL, "2021-10-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_REVIEW);
	assert_true(has_reason(x.r, "the old list is known in part"));
	assert_int_equal(rule_status(x.r, "X-OFFER"), OUT_UNKNOWN);
	arena_release(&x.a);
	/* the uncertain month */
	run(&x, "4D004", "MX", NULL, NULL, "2021-11-15", NULL, 0);
	assert_int_equal(x.r->effect, EFF_REVIEW);
	assert_true(has_reason(x.r, "the day is unknown"));
	arena_release(&x.a);
	/* after: MX out, FR in */
	run(&x, "4D004", "MX", NULL, NULL, "2021-12-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_LICENCE);
	arena_release(&x.a);
	run(&x, "4D004", "FR", NULL, NULL, "2021-12-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_EXCEPTION);
	arena_release(&x.a);
}

static void test_unknown_end_user_type(void **state)
{
	(void)state;
	result x;
	/* X-GOV needs the end-user type: not given -> review, asking */
	run(&x, "5A001.j", "FR", NULL, NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_REVIEW);
	assert_true(has_reason(x.r, "--end-user-type"));
	arena_release(&x.a);
	/* a broader type than the rule's: still unknown */
	run(&x, "5A001.j", "FR", "government", NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_REVIEW);
	assert_true(has_reason(x.r, "give the narrower one"));
	arena_release(&x.a);
	run(&x, "5A001.j", "FR", "government-law-enforcement", NULL,
	    "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_LICENCE);
	arena_release(&x.a);
	run(&x, "5A001.j", "FR", "commercial", NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_EXCEPTION);
	arena_release(&x.a);
	/* other items do not depend on it */
	run(&x, "4A005", "FR", NULL, NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_EXCEPTION);
	arena_release(&x.a);
}

static void test_items(void **state)
{
	(void)state;
	result x;
	/* below a listed entry: covered */
	run(&x, "5A001.j.1", "FR", "commercial", NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_EXCEPTION);
	arena_release(&x.a);
	/* above one: unknown which */
	run(&x, "5A001", "FR", "commercial", NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_REVIEW);
	assert_true(has_reason(x.r, "may be 5A001.j"));
	arena_release(&x.a);
	/* outside the policy: review, never no-licence-required */
	run(&x, "9A999", "FR", NULL, NULL, "2022-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_REVIEW);
	assert_true(has_reason(x.r, "not among the items"));
	arena_release(&x.a);
}

static void test_dates_outside(void **state)
{
	(void)state;
	result x;
	run(&x, "4D004", "FR", NULL, NULL, "2019-12-31", NULL, 0);
	assert_int_equal(x.r->version, 0);
	assert_int_equal(x.r->effect, EFF_REVIEW);
	assert_true(has_reason(x.r, "does not cover 2019-12-31"));
	arena_release(&x.a);
	run(&x, "4D004", "FR", NULL, NULL, "2030-01-01", NULL, 0);
	assert_int_equal(x.r->effect, EFF_REVIEW);
	arena_release(&x.a);
	/* no date: today's (the caller's) */
	run(&x, "4D004", "FR", NULL, NULL, NULL, NULL, 0);
	assert_int_equal(x.in.as_of, 20260101);
	arena_release(&x.a);
}

static void test_parties(void **state)
{
	(void)state;
	const char *el[] = {
	    "Entity List (EL) - Bureau of Industry and Security"};
	party_in p[2];
	memset(p, 0, sizeof(p));
	p[0].entity_id = "us-csl:1";
	p[0].source = "us-csl";
	p[0].name = "NSO Group";
	p[0].lists = el;
	p[0].n_lists = 1;
	p[0].listed = 20211104;
	p[0].license_policy = "Presumption of denial.";
	p[1].entity_id = "os-x:2";
	p[1].source = "os-x";
	p[1].name = "Someone";
	result x;
	run(&x, "4D004", "FR", NULL, NULL, "2021-12-01", p, 2);
	/* the Entity List rule: licence, no exceptions, policy from entry */
	assert_int_equal(x.r->effect, EFF_LICENCE);
	assert_null(x.r->exception);
	assert_string_equal(x.r->review_policy, "Presumption of denial.");
	assert_true(x.out.parties[0].counts);
	assert_int_equal(x.out.parties[0].effect, EFF_LICENCE);
	/* a hit no rule covers: review, with the reason */
	assert_int_equal(x.out.parties[1].effect, EFF_REVIEW);
	assert_non_null(strstr(x.out.parties[1].reason, "no rule"));
	assert_int_equal(x.out.decision, EFF_LICENCE);
	arena_release(&x.a);
	/* before the listing date the entry does not count */
	run(&x, "4D004", "FR", NULL, NULL, "2021-11-03", p, 1);
	assert_false(x.out.parties[0].counts);
	assert_int_equal(x.r->effect, EFF_EXCEPTION);
	arena_release(&x.a);
}

static void test_query_errors(void **state)
{
	(void)state;
	check_in in;
	errinfo e;
	const struct {
		const char *item, *dest, *region, *eut, *euse, *date, *want;
	} bad[] = {
	    {"XYZ", "FR", NULL, NULL, NULL, NULL, "unknown control code"},
	    {"4D", "FR", NULL, NULL, NULL, NULL, "unknown control code"},
	    {"", "FR", NULL, NULL, NULL, NULL, "--item"},
	    {"4D004", "AN", NULL, NULL, NULL, NULL, "give BQ, CW or SX"},
	    {"4D004", "ZZ", NULL, NULL, NULL, NULL, "not an ISO 3166-1"},
	    {"4D004", "FRA", NULL, NULL, NULL, NULL, "not an ISO 3166-1"},
	    {"4D004", "UA", "Crimea", NULL, NULL, NULL, "ISO 3166-2"},
	    {"4D004", "RU", "UA-43", NULL, NULL, NULL, "not in destination"},
	    {"4D004", "FR", NULL, "spy", NULL, NULL, "one of government"},
	    {"4D004", "FR", NULL, NULL, "fun", NULL, "unknown end use"},
	    {"4D004", "FR", NULL, NULL, NULL, "2021-02-30", "not a date"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		assert_int_equal(
		    rules_query_prepare(&ps, bad[i].item, bad[i].dest,
					bad[i].region, bad[i].eut, bad[i].euse,
					bad[i].date, 20260101, &in, &e),
		    LICIT_EINVAL);
		if (!strstr(e.msg, bad[i].want))
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg,
				 bad[i].want);
	}
	err_clear(&e);
	assert_int_equal(rules_query_prepare(&ps, "ear99", "xk", "UA-DNR", NULL,
					     NULL, NULL, 20260101, &in, &e),
			 LICIT_EINVAL); /* region not in XK */
	assert_int_equal(rules_query_prepare(&ps, "ear99", "ua", "UA-DNR",
					     "government", "military",
					     "2022-03-01", 20260101, &in, &e),
			 LICIT_OK);
	assert_string_equal(in.item, "EAR99");
	assert_string_equal(in.dest, "UA");
	assert_true(in.region_idx >= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exception_offered),
	    cmocka_unit_test(test_not_offered),
	    cmocka_unit_test(test_partly_known_group),
	    cmocka_unit_test(test_unknown_end_user_type),
	    cmocka_unit_test(test_items),
	    cmocka_unit_test(test_dates_outside),
	    cmocka_unit_test(test_parties),
	    cmocka_unit_test(test_query_errors),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
