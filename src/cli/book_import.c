/*
 * book_import.c - what `licit parties import` and `licit licences import`
 * share: run the import, print each rejected row as FILE:LINE: reason on
 * stderr and a summary (or the report as JSON), and choose the exit code:
 * 0 when every row was stored, 2 when some were rejected (the others are
 * stored) or the file is not a book, 3 on a system error.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

int cli_book_import(const cli_opts *o, const char *what, const char *path,
		    int as_json,
		    licit_status (*import)(licit *h, const char *path,
					   licit_book_report **out))
{
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	licit_book_report *r = NULL;
	licit_status st = import(h, path, &r);
	if (st != LICIT_OK) {
		int rc = cli_fail(st, licit_last_error(h));
		licit_close(h);
		return rc;
	}
	for (uint64_t i = 0; i < r->rejected; i++)
		fprintf(stderr, "%s:%llu: %s\n", path,
			(unsigned long long)r->rejects[i].line,
			r->rejects[i].reason);
	if (as_json) {
		json_t *rej = json_array();
		for (uint64_t i = 0; i < r->rejected; i++)
			json_array_append_new(
				rej, json_pack("{s:I,s:s}", "line",
					       (json_int_t)r->rejects[i].line,
					       "reason", r->rejects[i].reason));
		json_t *j = json_pack("{s:I,s:I,s:I,s:o}", "rows",
				      (json_int_t)r->rows, "imported",
				      (json_int_t)r->imported, "rejected",
				      (json_int_t)r->rejected, "rejects", rej);
		char *s = json_dumps(j, JSON_COMPACT);
		printf("%s\n", s ? s : "{}");
		free(s);
		json_decref(j);
	} else {
		printf("%s: %llu of %llu rows imported, %llu rejected\n", what,
		       (unsigned long long)r->imported,
		       (unsigned long long)r->rows,
		       (unsigned long long)r->rejected);
	}
	int rc = r->rejected ? EXIT_INPUT : EXIT_OK;
	licit_book_report_free(r);
	licit_close(h);
	return rc;
}

int cli_book_command(int argc, char **argv, const cli_opts *o,
		     const char *what, const char *usage,
		     licit_status (*import)(licit *h, const char *path,
					    licit_book_report **out),
		     int (*list)(const cli_opts *o, int as_json))
{
	int as_json = 0;
	const char *file = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--json"))
			as_json = 1;
		else if (i > 1 && !file && argv[i][0] != '-')
			file = argv[i];
		else if (i > 1) {
			fprintf(stderr, "licit %s: unexpected '%s'\n%s", what,
				argv[i], usage);
			return EXIT_INPUT;
		}
	}
	if (argc >= 2 && !strcmp(argv[1], "import") && file)
		return cli_book_import(o, what, file, as_json, import);
	if (argc >= 2 && !strcmp(argv[1], "list") && !file)
		return list(o, as_json);
	fputs(usage, stderr);
	return EXIT_INPUT;
}
