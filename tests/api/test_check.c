/*
 * test_check.c - the rules through the public API: licit_check_run with
 * the built-in policies and the real CSL of 2022-04-21 (NSO Group found
 * by a fuzzy match, counted from its listing date), misuse, a missing
 * snapshot, policy files, show and diff.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "licit.h"
#include "testutil.h"

static void test_misuse(void **state)
{
	(void)state;
	licit_check *c = NULL;
	licit_check_query q;
	memset(&q, 0, sizeof(q));
	assert_int_equal(licit_check_run(NULL, NULL, &q, &c), LICIT_EMISUSE);
	licit_check_free(NULL);
	licit_policies_free(NULL);
	assert_string_equal(licit_effect_name(LICIT_EFFECT_PROHIBITED),
			    "prohibited");
	assert_string_equal(licit_effect_name((licit_effect)9), "unknown");
	assert_int_equal(licit_policies_load(NULL, 0, NULL, NULL, 0),
			 LICIT_EMISUSE);
	char *json;
	assert_int_equal(licit_policy_show(NULL, NULL, NULL, &json, NULL, 0),
			 LICIT_EMISUSE);
}

static void test_without_snapshot(void **state)
{
	(void)state;
	char dir[256];
	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	licit *h;
	assert_int_equal(licit_open(dir, &h, NULL, 0), LICIT_OK);
	licit_check_query q = {.item = "4D004",
			       .destination = "MX",
			       .end_user_type = "government",
			       .regimes =
				   (const char *const[]){"il-deca-cyber"},
			       .n_regimes = 1,
			       .as_of = "2021-10-01"};
	licit_check *c;
	/* no end user: no snapshot needed */
	assert_int_equal(licit_check_run(h, NULL, &q, &c), LICIT_OK);
	assert_int_equal(licit_check_decision(c),
			 LICIT_EFFECT_LICENCE_EXCEPTION);
	size_t n;
	const licit_regime_result *r = licit_check_regimes(c, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].regime, "il-deca-cyber");
	assert_string_equal(r[0].exception, "marketing-exemption");
	assert_string_equal(r[0].version, "2021-01-01");
	const char *json = licit_check_json(c);
	assert_non_null(json);
	assert_ptr_equal(json, licit_check_json(c)); /* cached */
	assert_non_null(strstr(json, "\"decision\":\"licence-exception\""));
	licit_check_free(c);
	/* with an end user, the lists are needed */
	q.end_user = "NSO Group";
	assert_int_equal(licit_check_run(h, NULL, &q, &c), LICIT_ENOSNAPSHOT);
	assert_null(c);
	assert_non_null(strstr(licit_last_error(h), "lists import"));
	/* bad queries say what to give */
	q.end_user = NULL;
	q.destination = "AN";
	assert_int_equal(licit_check_run(h, NULL, &q, &c), LICIT_EINVAL);
	assert_non_null(strstr(licit_last_error(h), "BQ, CW or SX"));
	q.destination = "MX";
	q.regimes = (const char *const[]){"us-ear"};
	assert_int_equal(licit_check_run(h, NULL, &q, &c), LICIT_EINVAL);
	assert_non_null(strstr(licit_last_error(h), "unknown regime 'us-ear'"));
	licit_close(h);
	test_rmtree(dir);
}

static void test_nso_entity_list(void **state)
{
	(void)state;
	const char *csl = test_data("lists/us-csl/2022-04-21");
	if (!csl)
		return;
	char path[4096], dir[256];
	snprintf(path, sizeof(path), "%s", csl);
	snprintf(dir, sizeof(dir), "%s", test_tmpdir());
	licit *h;
	assert_int_equal(licit_open(dir, &h, NULL, 0), LICIT_OK);
	const char *paths[] = {path};
	assert_int_equal(licit_import(h, paths, 1), LICIT_OK);
	licit_check_query q = {.item = "4A005",
			       .destination = "IL",
			       .end_user = "NSO Group Technologies Ltd",
			       .regimes = (const char *const[]){"us-ear-cyber"},
			       .n_regimes = 1,
			       .as_of = "2021-12-01"};
	licit_check *c;
	assert_int_equal(licit_check_run(h, NULL, &q, &c), LICIT_OK);
	assert_int_equal(licit_check_decision(c),
			 LICIT_EFFECT_LICENCE_REQUIRED);
	size_t n;
	const licit_party_result *p = licit_check_parties(c, &n);
	assert_true(n >= 1);
	assert_string_equal(p[0].name, "NSO Group");
	assert_string_equal(p[0].source, "us-csl");
	assert_string_equal(p[0].listed_on, "2021-11-04");
	assert_true(p[0].score >= licit_default_threshold() &&
		    p[0].score < 1.0);
	assert_int_equal(p[0].effect, LICIT_EFFECT_LICENCE_REQUIRED);
	const licit_regime_result *r = licit_check_regimes(c, &n);
	assert_int_equal(r[0].effect, LICIT_EFFECT_LICENCE_REQUIRED);
	assert_string_equal(r[0].review_policy, "Presumption of denial.");
	assert_non_null(strstr(r[0].licence, "744.11"));
	licit_check_free(c);
	/* a month before the listing: no hit counts */
	q.as_of = "2021-10-01";
	assert_int_equal(licit_check_run(h, NULL, &q, &c), LICIT_OK);
	licit_check_parties(c, &n);
	assert_int_equal(n, 0);
	assert_int_not_equal(licit_check_decision(c),
			     LICIT_EFFECT_LICENCE_REQUIRED);
	assert_non_null(strstr(licit_check_json(c), "\"later_listings\":[{"));
	licit_check_free(c);
	licit_close(h);
	test_rmtree(dir);
}

static void test_show_and_diff(void **state)
{
	(void)state;
	licit_policies *p;
	char err[512];
	assert_int_equal(licit_policies_builtin(&p, err, sizeof(err)),
			 LICIT_OK);
	assert_int_equal(licit_policies_count(p), 3);
	assert_string_equal(licit_policies_regime(p, 0), "us-ear-cyber");
	assert_null(licit_policies_regime(p, 3));
	char *json;
	assert_int_equal(licit_policy_show(p, "il-deca-cyber", "2022-02-01",
					   &json, err, sizeof(err)),
			 LICIT_OK);
	assert_non_null(strstr(json, "\"version\":\"2021-12-06\""));
	licit_free(json);
	assert_int_equal(
	    licit_policy_show(p, "nope", NULL, &json, err, sizeof(err)),
	    LICIT_EINVAL);
	assert_non_null(strstr(err, "unknown regime 'nope'"));
	assert_int_equal(licit_policy_diff(p, p, "il-deca-cyber", "2021-10-01",
					   "2022-02-01", "government", &json,
					   err, sizeof(err)),
			 LICIT_OK);
	/* the four named removals lost the exemption; FR did not change */
	assert_non_null(strstr(json, "\"destinations\":[\"AE\",\"MA\","
				     "\"MX\",\"SA\"]"));
	assert_null(strstr(json, "\"destination\":\"FR\""));
	licit_free(json);
	assert_int_equal(licit_policy_diff(p, p, "il-deca-cyber", "2022-02-01",
					   "2022-02-01", NULL, &json, err,
					   sizeof(err)),
			 LICIT_OK);
	assert_non_null(strstr(json, "\"changes\":[]"));
	licit_free(json);
	licit_policies_free(p);
}

static void test_policy_file_errors(void **state)
{
	(void)state;
	const char *bad = "policy: x\ncovers: {from: 2021-01-01}\nrules:\n"
			  "  - {id: R, when: {destinations: [D:9]}, effect: "
			  "review, citation: c, verification: unverified}\n";
	char path[4096];
	snprintf(path, sizeof(path), "%s",
		 test_write_tmp("x.yaml", bad, strlen(bad)));
	const char *paths[] = {path};
	licit_policies *p = NULL;
	char err[512] = "";
	assert_int_equal(licit_policies_load(paths, 1, &p, err, sizeof(err)),
			 LICIT_EPARSE);
	assert_null(p);
	assert_non_null(strstr(err, "x.yaml:4:"));
	assert_non_null(strstr(err, "'D:9'"));
	test_tmp_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_misuse),
	    cmocka_unit_test(test_without_snapshot),
	    cmocka_unit_test(test_nso_entity_list),
	    cmocka_unit_test(test_show_and_diff),
	    cmocka_unit_test(test_policy_file_errors),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	licit_global_cleanup();
	return rc;
}
