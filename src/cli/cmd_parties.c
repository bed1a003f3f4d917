/*
 * cmd_parties.c - `licit parties import|list`: the customer book kept in
 * the store, for re-screening and change impact.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
	"usage: licit parties import FILE.csv|FILE.jsonl [--json]\n"
	"       licit parties list [--json]\n"
	"import: store a customer book. CSV header (any order; id and name\n"
	"  required): id,name,schema,country,birth_date,identifier; or JSON\n"
	"  lines with the same field names. schema is person, organization,\n"
	"  vessel or aircraft; country an ISO code or a country name;\n"
	"  birth_date YYYY, YYYY-MM or YYYY-MM-DD. A row that fails is\n"
	"  reported as FILE:LINE: reason and the others are stored (a party\n"
	"  already stored under the same id is replaced).\n"
	"list: the stored parties, by id (JSON: one array).\n"
	"exit status: 0 success, 1 no party (list), 2 rows rejected or bad\n"
	"input, 3 system error\n";

static json_t *opt(const char *s)
{
	return s ? json_string(s) : json_null();
}

typedef struct lister {
	int as_json;
	long n;
	json_t *arr;
} lister;

static int list_one(void *ctx, const licit_party *p)
{
	lister *l = ctx;
	l->n++;
	if (l->as_json)
		json_array_append_new(
			l->arr,
			json_pack("{s:s,s:s,s:s,s:o,s:o,s:o}", "id", p->id,
				  "name", p->name, "schema",
				  licit_schema_name(p->schema), "country",
				  opt(p->country), "birth_date",
				  opt(p->birth_date), "identifier",
				  opt(p->identifier)));
	else
		printf("%-16s %-12s %-2s %-10s %s\n", p->id,
		       licit_schema_name(p->schema),
		       p->country ? p->country : "",
		       p->birth_date ? p->birth_date : "", p->name);
	return 0;
}

static int list(const cli_opts *o, int as_json)
{
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	lister l = {as_json, 0, json_array()};
	licit_status st = licit_parties_each(h, list_one, &l);
	int rc = l.n ? EXIT_OK : EXIT_NOTHING;
	if (st != LICIT_OK) {
		rc = cli_fail(st, licit_last_error(h));
	} else if (as_json) {
		char *s = json_dumps(l.arr, JSON_COMPACT);
		printf("%s\n", s ? s : "[]");
		free(s);
	} else if (!l.n) {
		printf("no party stored: run 'licit parties import FILE'\n");
	}
	json_decref(l.arr);
	licit_close(h);
	return rc;
}

int cmd_parties(int argc, char **argv, const cli_opts *o)
{
	return cli_book_command(argc, argv, o, "parties", usage, licit_parties_import, list);
}
