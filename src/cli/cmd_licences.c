/*
 * cmd_licences.c - `licit licences import|list`: the licence register
 * kept in the store, for change impact.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
	"usage: licit licences import FILE.csv|FILE.jsonl [--json]\n"
	"       licit licences list [--json]\n"
	"import: store a licence register. CSV header (any order):\n"
	"  id,exporter,item,destination,end_user,end_user_type,regime,issued,\n"
	"  expires,status; or JSON lines with the same field names. Required:\n"
	"  id, exporter, item, destination (an ISO code or a country name),\n"
	"  regime (a policy id such as il-deca-cyber). issued and expires are\n"
	"  YYYY-MM-DD (expires not before issued); status is active (the\n"
	"  default), pending, suspended, revoked or expired. A row that fails\n"
	"  is reported as FILE:LINE: reason and the others are stored (a\n"
	"  licence already stored under the same id is replaced).\n"
	"list: the stored licences, by id (JSON: one array).\n"
	"exit status: 0 success, 1 no licence (list), 2 rows rejected or bad\n"
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

static int list_one(void *ctx, const licit_licence *l)
{
	lister *x = ctx;
	x->n++;
	if (x->as_json)
		json_array_append_new(
			x->arr,
			json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:o,s:o,s:s}",
				  "id", l->id, "exporter", l->exporter, "item",
				  l->item, "destination", l->destination,
				  "end_user", opt(l->end_user), "end_user_type",
				  opt(l->end_user_type), "regime", l->regime,
				  "issued", opt(l->issued), "expires",
				  opt(l->expires), "status", l->status));
	else
		printf("%-16s %-16s %-2s %-10s %-9s %s\n", l->id, l->regime,
		       l->destination, l->item, l->status,
		       l->end_user ? l->end_user : "");
	return 0;
}

static int list(const cli_opts *o, int as_json)
{
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	lister x = {as_json, 0, json_array()};
	licit_status st = licit_licences_each(h, list_one, &x);
	int rc = x.n ? EXIT_OK : EXIT_NOTHING;
	if (st != LICIT_OK) {
		rc = cli_fail(st, licit_last_error(h));
	} else if (as_json) {
		char *s = json_dumps(x.arr, JSON_COMPACT);
		printf("%s\n", s ? s : "[]");
		free(s);
	} else if (!x.n) {
		printf("no licence stored: run 'licit licences import FILE'\n");
	}
	json_decref(x.arr);
	licit_close(h);
	return rc;
}

int cmd_licences(int argc, char **argv, const cli_opts *o)
{
	return cli_book_command(argc, argv, o, "licences", usage, licit_licences_import, list);
}
