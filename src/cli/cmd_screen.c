/*
 * cmd_screen.c - `licit screen`: one party from the command line, or a
 * batch from a CSV or JSON-lines file screened on every core.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
	"usage: licit screen [--json] [--limit N] [--threshold T] [--schema S]\n"
	"                    [--source ID]... [--country CC] [--birth-date D]\n"
	"                    [--id VALUE] [--gender male|female] [--explain]\n"
	"                    [--party-id ID] [--ref TEXT] NAME\n"
	"       licit screen --input FILE.csv|FILE.jsonl [--output FILE]\n"
	"                    [--format csv|jsonl|xlsx] [--threshold T] [--limit N]\n"
	"Screen a party against the current snapshot. Hits score at least\n"
	"the threshold (default: the documented default), best first.\n"
	"Batch input fields: name (required), schema, country, birth_date, id,\n"
	"gender, party_id;\n"
	"other fields are passed through. Output: one record per input record,\n"
	"in input order (jsonl: the `screen --json` object), written as the\n"
	"records' audit entries are committed: a record in the output is in\n"
	"the audit log.\n"
	"Every screening is recorded in the audit log (see licit audit) and\n"
	"each hit opens or updates an alert (see licit alerts); --party-id\n"
	"names the party for its alerts, --ref is kept in the audit entry.\n"
	"exit status: 0 hits found, 1 no hit, 2 bad input, 3 system error\n";

#define MAX_SOURCES 32

typedef struct screen_opts {
	int as_json, explain;
	size_t limit;
	double threshold;
	licit_query q;
	const char *sources[MAX_SOURCES];
	const char *input, *output, *format;
} screen_opts;

static int parse_opts(int argc, char **argv, screen_opts *so)
{
	const char *name = NULL;
	so->limit = 10;
	so->threshold = licit_default_threshold();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--json")) {
			so->as_json = 1;
		} else if (!strcmp(a, "--explain")) {
			so->explain = 1;
		} else if (!strcmp(a, "--limit") && v) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 1000)
				return fprintf(stderr, "licit screen: --limit "
						       "takes 1..1000\n"),
				       -1;
			so->limit = (size_t)n;
			i++;
		} else if (!strcmp(a, "--threshold") && v) {
			char *end;
			so->threshold = strtod(v, &end);
			if (*end || so->threshold < 0 || so->threshold > 1)
				return fprintf(stderr, "licit screen: "
						       "--threshold takes a "
						       "number in [0,1]\n"),
				       -1;
			i++;
		} else if (!strcmp(a, "--schema") && v) {
			so->q.schema = licit_schema_parse(v);
			if (!so->q.schema)
				return fprintf(stderr, "licit screen: unknown "
						       "schema '%s'\n",
					       v),
				       -1;
			i++;
		} else if (!strcmp(a, "--source") && v) {
			if (so->q.n_sources == MAX_SOURCES)
				return -1;
			so->sources[so->q.n_sources++] = v;
			so->q.sources = so->sources;
			i++;
		} else if (!strcmp(a, "--country") && v) {
			so->q.country = argv[++i];
		} else if (!strcmp(a, "--birth-date") && v) {
			so->q.birth_date = argv[++i];
		} else if (!strcmp(a, "--id") && v) {
			so->q.id = argv[++i];
		} else if (!strcmp(a, "--gender") && v) {
			so->q.gender = argv[++i];
		} else if (!strcmp(a, "--party-id") && v) {
			so->q.party_id = argv[++i];
		} else if (!strcmp(a, "--ref") && v) {
			so->q.ref = argv[++i];
		} else if (!strcmp(a, "--input") && v) {
			so->input = argv[++i];
		} else if (!strcmp(a, "--output") && v) {
			so->output = argv[++i];
		} else if (!strcmp(a, "--format") && v) {
			so->format = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return fprintf(stderr, "licit screen: unknown option "
					       "'%s'\n",
				       a),
			       -1;
		} else if (!name) {
			name = a;
		} else {
			return fprintf(stderr, "licit screen: one NAME only "
					       "(quote names with spaces)\n"),
			       -1;
		}
	}
	so->q.name = name;
	if (!!name == !!so->input)
		return fprintf(stderr, "licit screen: give a NAME or "
				       "--input FILE\n"),
		       -1;
	return 0;
}

static void print_table(const licit_screen_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf("%.3f  %-30s %-12s %s", hits[i].score, hits[i].entity_id,
		       licit_schema_name(hits[i].schema), hits[i].name);
		if (strcmp(hits[i].name, hits[i].matched_name))
			printf("  (as %s)", hits[i].matched_name);
		if (hits[i].alert)
			printf("  [alert %lld %s]", (long long)hits[i].alert,
			       hits[i].alert_status);
		printf("\n");
	}
}

static void print_explained(const char *json)
{
	json_t *o = json_loads(json, 0, NULL);
	json_t *hits = json_object_get(o, "hits");
	size_t i;
	json_t *h;
	json_array_foreach(hits, i, h)
	{
		json_t *ex = json_object_get(h, "explanation");
		printf("%.3f  %s  %s\n",
		       json_real_value(json_object_get(h, "score")),
		       json_string_value(json_object_get(h, "entity_id")),
		       json_string_value(json_object_get(h, "matched_name")));
		size_t k;
		json_t *p;
		json_array_foreach(json_object_get(ex, "aligned"), k, p)
		printf("       %-20s ~ %-20s %-8s %.2f\n",
		       json_string_value(json_object_get(p, "query")),
		       json_string_value(json_object_get(p, "listed")),
		       json_string_value(json_object_get(p, "kind")),
		       json_real_value(json_object_get(p, "similarity")));
		json_array_foreach(json_object_get(ex, "unmatched_query"), k, p)
		printf("       %-20s   (no partner)\n",
		       json_string_value(json_object_get(p, "token")));
		json_array_foreach(json_object_get(ex, "unmatched_listed"), k, p)
		printf("       %-20s   %-20s (not in the query)\n", "",
		       json_string_value(json_object_get(p, "token")));
		json_array_foreach(json_object_get(ex, "features"), k, p)
		printf("       %+.2f %s\n",
		       json_real_value(json_object_get(p, "contribution")),
		       json_string_value(json_object_get(p, "detail")));
	}
	json_decref(o);
}

static int screen_one(licit *h, screen_opts *so)
{
	licit_screen_hit *hits = calloc(so->limit, sizeof(*hits));
	if (!hits)
		return EXIT_SYSTEM;
	size_t n;
	char *json = NULL;
	int want_json = so->as_json || so->explain;
	licit_status st = licit_screen(h, &so->q, so->threshold, so->limit,
				       hits, &n, want_json ? &json : NULL);
	int rc = n ? EXIT_OK : EXIT_NOTHING;
	if (st != LICIT_OK)
		rc = cli_fail(st, licit_last_error(h));
	else if (so->as_json)
		printf("%s\n", json);
	else if (so->explain)
		print_explained(json);
	else if (n)
		print_table(hits, n);
	else
		printf("no hit at or above %.2f\n", so->threshold);
	licit_free(json);
	free(hits);
	return rc;
}

int cmd_screen(int argc, char **argv, const cli_opts *o)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	screen_opts so;
	memset(&so, 0, sizeof(so));
	if (parse_opts(argc, argv, &so) < 0) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	if (so.input)
		return cli_screen_batch(o, so.input, so.output, so.format,
					so.threshold, so.limit, so.q.sources,
					so.q.n_sources);
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	int rc = screen_one(h, &so);
	licit_close(h);
	return rc;
}
