/*
 * cmd_compare.c - `licit compare [--json] [--schema S] NAME1 NAME2` and
 * `licit compare --input pairs.csv`: how alike two names are, and why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
	"usage: licit compare [--json] [--schema S] NAME1 NAME2\n"
	"       licit compare --input PAIRS.csv\n"
	"Score two names in [0,1] and say whether they match (score >= the\n"
	"default threshold). Token weights come from the current snapshot\n"
	"when there is one. PAIRS.csv has the header schema,name1,name2 (more\n"
	"columns are passed through); the output adds score,match.\n";

typedef struct pairs_ctx {
	licit *h;
	int c_schema, c_name1, c_name2;
	int ncols;
	char **header;
	int bad;
} pairs_ctx;

static int pair_row(void *vctx, char **f, int n, unsigned long line)
{
	pairs_ctx *c = vctx;
	if (c->c_name1 < 0) {
		for (int i = 0; i < n; i++) {
			if (!strcmp(f[i], "schema"))
				c->c_schema = i;
			else if (!strcmp(f[i], "name1"))
				c->c_name1 = i;
			else if (!strcmp(f[i], "name2"))
				c->c_name2 = i;
			cli_csv_put(stdout, f[i]);
			fputc(',', stdout);
		}
		if (c->c_name1 < 0 || c->c_name2 < 0) {
			fprintf(stderr, "licit compare: line 1: the header "
					"needs name1 and name2 columns\n");
			c->bad = 1;
			return -1;
		}
		c->ncols = n;
		fputs("score,match\n", stdout);
		return 0;
	}
	if (n <= c->c_name1 || n <= c->c_name2) {
		fprintf(stderr, "licit compare: line %lu: expected %d fields, "
				"found %d\n",
			line, c->ncols, n);
		c->bad = 1;
		return 0;
	}
	licit_schema s = c->c_schema >= 0 && c->c_schema < n
				 ? licit_schema_parse(f[c->c_schema])
				 : LICIT_SCHEMA_UNKNOWN;
	double score;
	if (licit_compare(c->h, f[c->c_name1], f[c->c_name2], s, &score,
			  NULL) != LICIT_OK)
		return -1;
	for (int i = 0; i < n; i++) {
		cli_csv_put(stdout, f[i]);
		fputc(',', stdout);
	}
	printf("%.4f,%s\n", score,
	       score >= licit_default_threshold() ? "true" : "false");
	return 0;
}

int cmd_compare(int argc, char **argv, const cli_opts *o)
{
	int as_json = 0;
	const char *input = NULL, *names[2];
	int nn = 0;
	licit_schema schema = LICIT_SCHEMA_UNKNOWN;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			as_json = 1;
		} else if (!strcmp(argv[i], "--schema") && i + 1 < argc) {
			schema = licit_schema_parse(argv[++i]);
			if (!schema) {
				fprintf(stderr, "licit compare: unknown schema "
						"'%s' (person, organization, "
						"vessel, aircraft)\n",
					argv[i]);
				return EXIT_INPUT;
			}
		} else if (!strcmp(argv[i], "--input") && i + 1 < argc) {
			input = argv[++i];
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "licit compare: unknown option '%s'\n%s",
				argv[i], usage);
			return EXIT_INPUT;
		} else if (nn < 2) {
			names[nn++] = argv[i];
		} else {
			fputs(usage, stderr);
			return EXIT_INPUT;
		}
	}
	if (input ? nn != 0 : nn != 2) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	int rc = EXIT_OK;
	if (input) {
		pairs_ctx c = {h, -1, -1, -1, 0, NULL, 0};
		if (cli_csv_read(input, pair_row, &c) < 0 || c.bad)
			rc = EXIT_INPUT;
	} else {
		double score;
		char *json = NULL;
		licit_status st = licit_compare(h, names[0], names[1], schema,
						&score, as_json ? &json : NULL);
		if (st != LICIT_OK)
			rc = cli_fail(st, licit_last_error(h));
		else if (as_json)
			printf("%s\n", json);
		else
			printf("%.4f %s\n", score,
			       score >= licit_default_threshold() ? "match"
								  : "no match");
		licit_free(json);
	}
	licit_close(h);
	return rc;
}
