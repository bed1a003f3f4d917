/*
 * cmd_entity.c - `licit entity ID`: the full record of one listed entity,
 * as JSON.
 */
#include <string.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
	"usage: licit entity ID\n"
	"Print the full record of listed entity ID (e.g. us-ofac-sdn:2676)\n"
	"from the current snapshot as JSON.\n";

int cmd_entity(int argc, char **argv, const cli_opts *o)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	int first = argc > 1 && !strcmp(argv[1], "--json") ? 2 : 1;
	if (argc != first + 1) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	char *json;
	licit_status st = licit_entity_json(h, argv[first], &json);
	int rc = EXIT_OK;
	if (st == LICIT_ENOTFOUND) {
		fprintf(stderr, "licit: %s\n", licit_last_error(h));
		rc = EXIT_NOTHING;
	} else if (st != LICIT_OK) {
		rc = cli_fail(st, licit_last_error(h));
	} else {
		printf("%s\n", json);
		licit_free(json);
	}
	licit_close(h);
	return rc;
}
