/*
 * cmd_lookup.c - `licit lookup [--json] NAME...`: exact normalized-name
 * lookup in the current snapshot (fuzzy screening is `licit screen`).
 */
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

#define MAX_HITS 100

static const char usage[] =
	"usage: licit lookup [--json] NAME...\n"
	"Find listed parties whose name or alias equals NAME once case,\n"
	"accents, script, punctuation and spacing are folded.\n"
	"exit status: 0 some name found, 1 none found\n";

static void print_hit(const licit_hit *x)
{
	printf("  %-28s %-12s %s", x->entity_id, licit_schema_name(x->schema),
	       x->name);
	if (strcmp(x->name, x->matched_name))
		printf("  (as %s)", x->matched_name);
	printf("\n");
}

int cmd_lookup(int argc, char **argv, const cli_opts *o)
{
	int as_json = 0, first = 1;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "--json")) {
			as_json = 1;
		} else if (!strcmp(argv[first], "-h") ||
			   !strcmp(argv[first], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		} else {
			fputs(usage, stderr);
			return EXIT_INPUT;
		}
	}
	if (first == argc) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	json_t *out = json_array();
	int found = 0, rc = EXIT_OK;
	for (int i = first; i < argc; i++) {
		licit_hit hits[MAX_HITS];
		size_t n;
		licit_status st =
			licit_lookup_exact(h, argv[i], hits, MAX_HITS, &n);
		if (st != LICIT_OK) {
			rc = cli_fail(st, licit_last_error(h));
			break;
		}
		found |= n > 0;
		if (n > MAX_HITS)
			n = MAX_HITS;
		json_t *arr = json_array();
		if (!as_json)
			printf("%s: %zu hit%s\n", argv[i], n, n == 1 ? "" : "s");
		for (size_t k = 0; k < n; k++) {
			if (as_json)
				json_array_append_new(
					arr,
					json_pack("{s:s,s:s,s:s,s:s,s:s}",
						  "entity_id", hits[k].entity_id,
						  "source", hits[k].source,
						  "schema",
						  licit_schema_name(hits[k].schema),
						  "name", hits[k].name,
						  "matched_name",
						  hits[k].matched_name));
			else
				print_hit(&hits[k]);
		}
		json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "query",
						     argv[i], "snapshot",
						     licit_snapshot_id(h),
						     "hits", arr));
	}
	if (as_json && rc == EXIT_OK) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		putchar('\n');
	}
	json_decref(out);
	licit_close(h);
	if (rc != EXIT_OK)
		return rc;
	return found ? EXIT_OK : EXIT_NOTHING;
}
