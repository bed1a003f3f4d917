/*
 * cmd_check.c - `licit check`: may this item go to this destination, for
 * this end user and end use, under each regime, on this date?
 *
 * A client of licit_check_run: it prints the JSON the library makes, or a
 * reading of it for people, and turns the decision into the exit status.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
    "usage: licit check [--json] --item CODE --destination CC\n"
    "                   [--region CODE] [--end-user NAME]\n"
    "                   [--end-user-type T] [--end-use U] [--regime R]...\n"
    "                   [--as-of YYYY-MM-DD] [--policy FILE]...\n"
    "Check a transaction against the export-control policies (built in:\n"
    "us-ear-cyber, eu-2021-821, il-deca-cyber; --policy reads YAML files\n"
    "instead). The end user is screened against the current snapshot.\n"
    "A fact left out is unknown: a rule that needs it answers review.\n"
    "End-user types and end uses are trees (government >\n"
    "government-law-enforcement ...); an unknown value is refused with\n"
    "the list of valid ones (they are also in the README).\n"
    "exit status: 0 allowed (no licence required, or a licence exception),\n"
    "  1 licence required or review, 2 bad input, 3 system error,\n"
    "  4 prohibited\n";

#define MAX_ARGS 16

typedef struct check_opts {
	int as_json;
	licit_check_query q;
	const char *regimes[MAX_ARGS];
	const char *policies[MAX_ARGS];
	size_t n_policies;
} check_opts;

static int take(const char ***slot, size_t *n, const char *v)
{
	if (*n == MAX_ARGS)
		return -1;
	(*slot)[(*n)++] = v;
	return 0;
}

static int parse_opts(int argc, char **argv, check_opts *co)
{
	const char **regimes = co->regimes, **policies = co->policies;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--json")) {
			co->as_json = 1;
			continue;
		}
		if (!v || a[0] != '-')
			return fprintf(stderr, "licit check: unexpected '%s'\n",
				       a),
			       -1;
		if (!strcmp(a, "--item"))
			co->q.item = v;
		else if (!strcmp(a, "--destination"))
			co->q.destination = v;
		else if (!strcmp(a, "--region"))
			co->q.region = v;
		else if (!strcmp(a, "--end-user"))
			co->q.end_user = v;
		else if (!strcmp(a, "--end-user-type"))
			co->q.end_user_type = v;
		else if (!strcmp(a, "--end-use"))
			co->q.end_use = v;
		else if (!strcmp(a, "--as-of"))
			co->q.as_of = v;
		else if (!strcmp(a, "--regime")) {
			if (take(&regimes, &co->q.n_regimes, v) < 0)
				return -1;
			co->q.regimes = co->regimes;
		} else if (!strcmp(a, "--policy")) {
			if (take(&policies, &co->n_policies, v) < 0)
				return -1;
		} else
			return fprintf(stderr,
				       "licit check: unknown option '%s'\n", a),
			       -1;
		i++;
	}
	if (!co->q.item || !co->q.destination)
		return fprintf(stderr, "licit check: --item and --destination "
				       "are required\n"),
		       -1;
	return 0;
}

/* The exit status of a decision (documented in the README). */
static int decision_exit(licit_effect d)
{
	switch (d) {
	case LICIT_EFFECT_NO_LICENCE_REQUIRED:
	case LICIT_EFFECT_LICENCE_EXCEPTION:
		return EXIT_OK;
	case LICIT_EFFECT_PROHIBITED:
		return EXIT_PROHIBITED;
	default:
		return EXIT_NOTHING;
	}
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static void print_list(const json_t *o, const char *key, const char *label)
{
	const json_t *a = json_object_get(o, key);
	if (!json_array_size(a))
		return;
	printf("  %s:\n", label);
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) printf("    - %s\n", json_string_value(x));
}

static void print_rule(const json_t *r)
{
	printf("  %-9s %s", jstr(r, "status"), jstr(r, "id"));
	if (*jstr(r, "title"))
		printf("  %s", jstr(r, "title"));
	printf("\n            %s [%s%s%s]", jstr(r, "citation"),
	       jstr(r, "verification"), *jstr(r, "source") ? ", source " : "",
	       jstr(r, "source"));
	if (!strcmp(jstr(r, "verification"), "unverified"))
		printf(" UNVERIFIED");
	if (*jstr(r, "party"))
		printf(" (party %s)", jstr(r, "party"));
	printf("\n");
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "facts"), i, x) printf(
	    "            fact: %s [%s]\n", jstr(x, "fact"),
	    *jstr(x, "verification") ? jstr(x, "verification") : "not stated");
	json_array_foreach(json_object_get(r, "reasons"), i, x)
	    printf("            unknown: %s\n", json_string_value(x));
}

static void print_regime(const json_t *r)
{
	printf("\n%s (version of %s): %s", jstr(r, "regime"),
	       *jstr(r, "version") ? jstr(r, "version") : "none",
	       jstr(r, "effect"));
	if (*jstr(r, "exception"))
		printf(" %s", jstr(r, "exception"));
	printf("\n");
	if (*jstr(r, "licence"))
		printf("  licence: %s\n", jstr(r, "licence"));
	if (*jstr(r, "review_policy"))
		printf("  review policy: %s\n", jstr(r, "review_policy"));
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(r, "rules"), i, x) print_rule(x);
	print_list(r, "reasons", "review because");
	print_list(r, "assumptions", "assumed");
	print_list(r, "obligations", "conditions");
	print_list(r, "unverified", "UNVERIFIED facts used");
}

static void print_hits(const json_t *a, const char *label)
{
	if (!json_array_size(a))
		return;
	printf("\n%s:\n", label);
	size_t i;
	json_t *h;
	json_array_foreach(a, i, h)
	{
		printf("  %.3f  %s  %s  listed %s",
		       json_real_value(json_object_get(h, "score")),
		       jstr(h, "entity_id"), jstr(h, "name"),
		       *jstr(h, "listed_on") ? jstr(h, "listed_on")
					     : "(no date)");
		if (*jstr(h, "federal_register_notice"))
			printf(" (%s)", jstr(h, "federal_register_notice"));
		if (*jstr(h, "effect"))
			printf("  -> %s", jstr(h, "effect"));
		printf("\n");
		size_t k;
		json_t *x;
		json_array_foreach(json_object_get(h, "lists"), k, x)
		    printf("         %s\n", json_string_value(x));
		json_array_foreach(json_object_get(h, "rules"), k, x)
		    printf("         %s: %s [%s]\n", jstr(x, "id"),
			   jstr(x, "citation"), jstr(x, "verification"));
		if (*jstr(h, "reason"))
			printf("         %s\n", jstr(h, "reason"));
	}
}

static void print_text(const char *json)
{
	json_t *o = json_loads(json, 0, NULL);
	if (!o)
		return;
	printf("decision: %s  (%s to %s%s%s as of %s)\n", jstr(o, "decision"),
	       jstr(o, "item"), jstr(o, "destination"),
	       *jstr(o, "region") ? " " : "", jstr(o, "region"),
	       jstr(o, "as_of"));
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(o, "regimes"), i, x) print_regime(x);
	print_hits(json_object_get(o, "party_hits"), "party hits");
	print_hits(json_object_get(o, "later_listings"),
		   "listed after the date (not counted)");
	json_array_foreach(json_object_get(o, "notes"), i, x)
	    printf("\nnote: %s\n", json_string_value(x));
	json_decref(o);
}

int cmd_check(int argc, char **argv, const cli_opts *o)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	check_opts co;
	memset(&co, 0, sizeof(co));
	if (parse_opts(argc, argv, &co) < 0) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	licit_policies *pol = NULL;
	char err[1024] = "";
	if (co.n_policies) {
		licit_status st = licit_policies_load(
		    co.policies, co.n_policies, &pol, err, sizeof(err));
		if (st != LICIT_OK)
			return cli_fail(st, err);
	}
	licit *h = cli_open(o);
	if (!h) {
		licit_policies_free(pol);
		return EXIT_SYSTEM;
	}
	licit_check *c = NULL;
	licit_status st = licit_check_run(h, pol, &co.q, &c);
	int rc;
	if (st != LICIT_OK) {
		rc = cli_fail(st, licit_last_error(h));
	} else {
		const char *json = licit_check_json(c);
		if (!json)
			rc = cli_fail(LICIT_ENOMEM, NULL);
		else {
			if (co.as_json)
				printf("%s\n", json);
			else
				print_text(json);
			rc = decision_exit(licit_check_decision(c));
		}
	}
	licit_check_free(c);
	licit_close(h);
	licit_policies_free(pol);
	return rc;
}
