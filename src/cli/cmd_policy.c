/*
 * cmd_policy.c - `licit policy show` (a policy as in force on a date) and
 * `licit policy diff` (which destinations and items change effect between
 * two dates, or between two policy files).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
    "usage: licit policy show [--json] [--regime R] [--as-of YYYY-MM-DD]\n"
    "                         [--policy FILE]...\n"
    "       licit policy diff [--json] --regime R --as-of D1 --as-of D2\n"
    "                         [--end-user-type T]\n"
    "       licit policy diff [--json] [--regime R] [--as-of D1 [--as-of "
    "D2]]\n"
    "                         OLD.yaml NEW.yaml\n"
    "show: the groups with their members, the items and the rules in force\n"
    "on the date (default today), with citations and verification levels.\n"
    "diff: every country and item of the policy evaluated on both sides for\n"
    "each top-level end-user type (or --end-user-type); the changes.\n"
    "exit status: 0 success (diff: no change), 1 diff found changes,\n"
    "  2 bad input, 3 system error\n";

#define MAX_ARGS 16

typedef struct policy_opts {
	int as_json;
	const char *regime, *eut;
	const char *dates[2];
	size_t n_dates;
	const char *files[MAX_ARGS];
	size_t n_files;
	const char *policies[MAX_ARGS];
	size_t n_policies;
} policy_opts;

static int parse_opts(int argc, char **argv, policy_opts *po)
{
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--json")) {
			po->as_json = 1;
		} else if (a[0] != '-') {
			if (po->n_files == MAX_ARGS)
				return -1;
			po->files[po->n_files++] = a;
		} else if (!v) {
			return fprintf(stderr,
				       "licit policy: '%s' needs a "
				       "value\n",
				       a),
			       -1;
		} else if (!strcmp(a, "--regime")) {
			po->regime = argv[++i];
		} else if (!strcmp(a, "--end-user-type")) {
			po->eut = argv[++i];
		} else if (!strcmp(a, "--as-of")) {
			if (po->n_dates == 2)
				return fprintf(stderr, "licit policy: at most "
						       "two --as-of\n"),
				       -1;
			po->dates[po->n_dates++] = argv[++i];
		} else if (!strcmp(a, "--policy")) {
			if (po->n_policies == MAX_ARGS)
				return -1;
			po->policies[po->n_policies++] = argv[++i];
		} else {
			return fprintf(stderr,
				       "licit policy: unknown option '%s'\n",
				       a),
			       -1;
		}
	}
	return 0;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static void print_codes(const json_t *a, const char *indent)
{
	size_t i, col = 0;
	json_t *x;
	json_array_foreach(a, i, x)
	{
		if (col == 0)
			printf("%s", indent);
		printf("%s%s", col ? " " : "", json_string_value(x));
		if (++col == 20) {
			printf("\n");
			col = 0;
		}
	}
	if (col)
		printf("\n");
}

static void show_one(const json_t *p)
{
	const json_t *cov = json_object_get(p, "covers");
	printf("%s: %s\n", jstr(p, "regime"), jstr(p, "title"));
	printf("as of %s: version of %s; covers %s to %s [%s]\n",
	       jstr(p, "as_of"),
	       *jstr(p, "version") ? jstr(p, "version") : "(none)",
	       jstr(cov, "from"),
	       *jstr(cov, "until") ? jstr(cov, "until") : "open",
	       *jstr(cov, "verification") ? jstr(cov, "verification")
					  : "not stated");
	if (*jstr(cov, "note"))
		printf("  %s\n", jstr(cov, "note"));
	printf("file %s, sha256 %s\n", jstr(p, "file"), jstr(p, "sha256"));
	size_t i;
	json_t *x;
	printf("\ngroups:\n");
	json_array_foreach(json_object_get(p, "groups"), i, x)
	{
		printf("  %s (%zu): %s [%s]\n", jstr(x, "name"),
		       json_array_size(json_object_get(x, "members")),
		       jstr(x, "title"),
		       *jstr(x, "verification") ? jstr(x, "verification")
						: "not stated");
		print_codes(json_object_get(x, "members"), "    ");
		if (json_array_size(json_object_get(x, "unknown"))) {
			printf("    unknown:\n");
			print_codes(json_object_get(x, "unknown"), "      ");
		}
		if (*jstr(x, "incomplete"))
			printf("    INCOMPLETE: %s\n", jstr(x, "incomplete"));
	}
	printf("\nitems:\n");
	json_array_foreach(json_object_get(p, "items"), i, x)
	    printf("  %-12s %s [%s]\n", jstr(x, "code"), jstr(x, "title"),
		   jstr(x, "verification"));
	printf("\nrules in force:\n");
	json_array_foreach(json_object_get(p, "rules"), i, x)
	{
		printf("  %-20s %s%s%s\n", jstr(x, "id"), jstr(x, "effect"),
		       *jstr(x, "exception") ? " " : "", jstr(x, "exception"));
		printf("      %s\n      %s [%s%s%s]%s\n", jstr(x, "title"),
		       jstr(x, "citation"), jstr(x, "verification"),
		       *jstr(x, "source") ? ", source " : "", jstr(x, "source"),
		       !strcmp(jstr(x, "verification"), "unverified")
			   ? " UNVERIFIED"
			   : "");
	}
}

static int do_show(const policy_opts *po, licit_policies *pol)
{
	char err[1024] = "", *json = NULL;
	licit_status st = licit_policy_show(pol, po->regime,
					    po->n_dates ? po->dates[0] : NULL,
					    &json, err, sizeof(err));
	if (st != LICIT_OK)
		return cli_fail(st, err);
	if (po->as_json) {
		printf("%s\n", json);
	} else {
		json_t *o = json_loads(json, 0, NULL);
		if (json_object_get(o, "policies")) {
			size_t i;
			json_t *x;
			json_array_foreach(json_object_get(o, "policies"), i, x)
			{
				if (i)
					printf("\n");
				show_one(x);
			}
		} else if (o) {
			show_one(o);
		}
		json_decref(o);
	}
	licit_free(json);
	return EXIT_OK;
}

static void answer_text(const json_t *a)
{
	printf("%s%s%s", jstr(a, "effect"), *jstr(a, "exception") ? " " : "",
	       jstr(a, "exception"));
}

static void print_diff(const char *json)
{
	json_t *o = json_loads(json, 0, NULL);
	if (!o)
		return;
	const json_t *f = json_object_get(o, "from"),
		     *t = json_object_get(o, "to");
	printf("%s: %s (version of %s) -> %s (version of %s)\n",
	       jstr(o, "regime"), jstr(f, "as_of"), jstr(f, "version"),
	       jstr(t, "as_of"), jstr(t, "version"));
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(o, "summary"), i, x)
	{
		printf("\n%s: ", jstr(x, "end_user_type"));
		answer_text(json_object_get(x, "from"));
		printf(" -> ");
		answer_text(json_object_get(x, "to"));
		printf("  (%zu destinations; items:",
		       json_array_size(json_object_get(x, "destinations")));
		size_t k;
		json_t *it;
		json_array_foreach(json_object_get(x, "items"), k, it)
		    printf(" %s", json_string_value(it));
		printf(")\n");
		print_codes(json_object_get(x, "destinations"), "  ");
	}
	printf("\n%zu changes\n",
	       json_array_size(json_object_get(o, "changes")));
	json_decref(o);
}

static int do_diff(const policy_opts *po, licit_policies *from,
		   licit_policies *to)
{
	const char *regime = po->regime;
	if (!regime && po->n_files == 2)
		regime = licit_policies_regime(from, 0);
	if (!regime) {
		fprintf(stderr, "licit policy diff: give --regime\n");
		return EXIT_INPUT;
	}
	if (po->n_files != 2 && po->n_dates != 2) {
		fprintf(stderr, "licit policy diff: give two --as-of dates, or "
				"two policy files\n");
		return EXIT_INPUT;
	}
	const char *d1 = po->n_dates ? po->dates[0] : NULL;
	const char *d2 = po->n_dates == 2 ? po->dates[1] : d1;
	char err[1024] = "", *json = NULL;
	licit_status st = licit_policy_diff(from, to, regime, d1, d2, po->eut,
					    &json, err, sizeof(err));
	if (st != LICIT_OK)
		return cli_fail(st, err);
	json_t *o = json_loads(json, 0, NULL);
	size_t changes = json_array_size(json_object_get(o, "changes"));
	json_decref(o);
	if (po->as_json)
		printf("%s\n", json);
	else
		print_diff(json);
	licit_free(json);
	return changes ? EXIT_NOTHING : EXIT_OK;
}

static licit_status load(const char *const *paths, size_t n,
			 licit_policies **out)
{
	char err[1024] = "";
	licit_status st =
	    n ? licit_policies_load(paths, n, out, err, sizeof(err))
	      : licit_policies_builtin(out, err, sizeof(err));
	if (st != LICIT_OK)
		cli_fail(st, err);
	return st;
}

int cmd_policy(int argc, char **argv, const cli_opts *o)
{
	(void)o;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	policy_opts po;
	memset(&po, 0, sizeof(po));
	int show = argc > 1 && !strcmp(argv[1], "show");
	int diff = argc > 1 && !strcmp(argv[1], "diff");
	if ((!show && !diff) || parse_opts(argc, argv, &po) < 0 ||
	    (show && po.n_files) || (diff && po.n_files && po.n_files != 2)) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	licit_policies *a = NULL, *b = NULL;
	licit_status st;
	int rc;
	if (show) {
		if ((st = load(po.policies, po.n_policies, &a)) != LICIT_OK)
			return cli_exit_code(st);
		rc = do_show(&po, a);
	} else if (po.n_files == 2) {
		if ((st = load(&po.files[0], 1, &a)) != LICIT_OK)
			return cli_exit_code(st);
		if ((st = load(&po.files[1], 1, &b)) != LICIT_OK) {
			licit_policies_free(a);
			return cli_exit_code(st);
		}
		rc = do_diff(&po, a, b);
	} else {
		if ((st = load(po.policies, po.n_policies, &a)) != LICIT_OK)
			return cli_exit_code(st);
		rc = do_diff(&po, a, a);
	}
	licit_policies_free(a);
	licit_policies_free(b);
	return rc;
}
