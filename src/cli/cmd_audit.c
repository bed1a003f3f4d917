/*
 * cmd_audit.c - `licit audit verify` and `licit audit export`: prove the
 * audit log untouched, and hand it to an auditor as JSON lines, CSV or an
 * Excel workbook. Reads the store through the public API only.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
	"usage: licit audit verify [--json]\n"
	"       licit audit export [--from T] [--to T] [--format jsonl|csv|xlsx]\n"
	"                          [--output FILE] [--json]\n"
	"verify: recompute the hash chain of the audit log and name the first\n"
	"  entry that fails (exit 4), else print the entry count and the head\n"
	"  hash (keep it elsewhere: removing entries from the end is seen only\n"
	"  by comparing it later).\n"
	"export: entries with time within [--from, --to] (YYYY-MM-DD, a whole\n"
	"  day for --to, or YYYY-MM-DDTHH:MM:SSZ, UTC), in chain order, as JSON\n"
	"  lines ({\"seq\",\"prev_hash\",\"hash\",\"entry\":{...}}; --json is the\n"
	"  same), CSV (the default) or xlsx (needs --output).\n"
	"exit status: 0 success, 2 bad input, 3 system error, 4 the audit log\n"
	"fails verification\n";

static int usage_error(const char *msg)
{
	fprintf(stderr, "licit audit: %s\n%s", msg, usage);
	return EXIT_INPUT;
}

static int cmd_verify(int argc, char **argv, const cli_opts *o)
{
	int as_json = 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json"))
			return usage_error("verify takes only --json");
		as_json = 1;
	}
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	licit_audit_report r;
	licit_status st = licit_audit_verify(h, &r);
	int rc = EXIT_OK;
	if (st != LICIT_OK && st != LICIT_ETAMPERED) {
		rc = cli_fail(st, licit_last_error(h));
	} else if (as_json) {
		json_t *j = json_pack("{s:b,s:I,s:o,s:s,s:s}", "ok",
				      st == LICIT_OK, "entries",
				      (json_int_t)r.entries, "first_bad",
				      r.first_bad ? json_integer(r.first_bad)
						  : json_null(),
				      "problem", r.problem, "head", r.head);
		char *s = json_dumps(j, JSON_COMPACT);
		printf("%s\n", s ? s : "{}");
		free(s);
		json_decref(j);
	} else if (st == LICIT_OK) {
		printf("audit log intact: %lld entries, head %s\n",
		       (long long)r.entries, r.head);
	}
	if (st == LICIT_ETAMPERED) {
		fprintf(stderr, "licit: %s\n", licit_last_error(h));
		rc = EXIT_TAMPERED;
	}
	licit_close(h);
	return rc;
}

/* ------------------------------------------------------------- export */

typedef struct exporter {
	FILE *out;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	int format; /* 0 csv, 1 jsonl, 2 xlsx */
	long rows;
	int failed;
} exporter;

static const char *const columns[] = {
	"seq",	    "time",	      "actor", "kind",	"decision",
	"subject",  "hits",	      "snapshot", "policy_version", "entry",
	"prev_hash", "hash",
};
#define N_COLS (sizeof(columns) / sizeof(columns[0]))

/* What an entry is about, for a person reading a spreadsheet: the party
 * screened, the alert decided, the file imported. */
static void subject(json_t *entry, char *out, size_t n)
{
	const char *kind = json_string_value(json_object_get(entry, "kind"));
	json_t *input = json_object_get(entry, "input");
	json_t *alert = json_object_get(entry, "alert");
	const char *file = json_string_value(json_object_get(entry, "file"));
	const char *name = json_string_value(json_object_get(input, "name"));
	if (name)
		snprintf(out, n, "%s", name);
	else if (json_is_integer(alert))
		snprintf(out, n, "alert %lld: %s",
			 (long long)json_integer_value(alert),
			 json_string_value(json_object_get(entry, "disposition")));
	else if (file)
		snprintf(out, n, "%s", file);
	else
		snprintf(out, n, "%s", kind ? kind : "");
}

static void put_row(exporter *x, const licit_audit_entry *e, json_t *entry)
{
	char seq[32], hits[32], subj[512];
	snprintf(seq, sizeof(seq), "%lld", (long long)e->seq);
	json_t *harr = json_object_get(entry, "hits");
	snprintf(hits, sizeof(hits), "%zu", json_array_size(harr));
	subject(entry, subj, sizeof(subj));
	const char *vals[N_COLS] = {seq,
				    e->time,
				    e->actor,
				    e->kind,
				    e->decision ? e->decision : "",
				    subj,
				    json_is_array(harr) ? hits : "",
				    e->snapshot ? e->snapshot : "",
				    e->policy_version ? e->policy_version : "",
				    e->entry,
				    e->prev_hash,
				    e->hash};
	if (x->format == 0) {
		for (size_t i = 0; i < N_COLS; i++) {
			if (i)
				fputc(',', x->out);
			cli_csv_put(x->out, vals[i]);
		}
		fputc('\n', x->out);
		return;
	}
	lxw_row_t row = (lxw_row_t)(x->rows + 1);
	for (size_t i = 0; i < N_COLS; i++) {
		if (i == 0 || (i == 6 && json_is_array(harr)))
			worksheet_write_number(x->ws, row, (lxw_col_t)i,
					       strtod(vals[i], NULL), NULL);
		else
			worksheet_write_string(x->ws, row, (lxw_col_t)i,
					       vals[i], NULL);
	}
}

static int export_row(void *ctx, const licit_audit_entry *e)
{
	exporter *x = ctx;
	json_t *entry = json_loads(e->entry, 0, NULL);
	if (x->format == 1) {
		json_t *line = json_pack("{s:I,s:s,s:s,s:O}", "seq",
					 (json_int_t)e->seq, "prev_hash",
					 e->prev_hash, "hash", e->hash, "entry",
					 entry ? entry : json_null());
		char *s = json_dumps(line, JSON_COMPACT | JSON_SORT_KEYS |
						   JSON_REAL_PRECISION(15));
		if (s)
			fprintf(x->out, "%s\n", s);
		else
			x->failed = 1;
		free(s);
		json_decref(line);
	} else {
		put_row(x, e, entry);
	}
	json_decref(entry);
	x->rows++;
	return ferror(x->out ? x->out : stdout) ? 1 : 0;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

static int open_output(exporter *x, const char *output)
{
	if (x->format == 2) {
		x->wb = workbook_new(output);
		if (!x->wb)
			return -1;
		x->ws = workbook_add_worksheet(x->wb, "audit");
		x->bold = workbook_add_format(x->wb);
		format_set_bold(x->bold);
		for (size_t i = 0; i < N_COLS; i++)
			worksheet_write_string(x->ws, 0, (lxw_col_t)i,
					       columns[i], x->bold);
		return 0;
	}
	x->out = output ? fopen(output, "w") : stdout;
	if (!x->out)
		return -1;
	if (x->format == 0) {
		for (size_t i = 0; i < N_COLS; i++)
			fprintf(x->out, "%s%s", i ? "," : "", columns[i]);
		fputc('\n', x->out);
	}
	return 0;
}

static int close_output(exporter *x)
{
	int bad = x->failed;
	if (x->wb)
		bad |= workbook_close(x->wb) != LXW_NO_ERROR;
	if (x->out) {
		bad |= fflush(x->out) != 0 || ferror(x->out);
		if (x->out != stdout)
			bad |= fclose(x->out) != 0;
	}
	return bad ? -1 : 0;
}

static int cmd_export(int argc, char **argv, const cli_opts *o)
{
	const char *from = NULL, *to = NULL, *format = NULL, *output = NULL;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--json"))
			format = "jsonl";
		else if (!strcmp(a, "--from") && v)
			from = argv[++i];
		else if (!strcmp(a, "--to") && v)
			to = argv[++i];
		else if (!strcmp(a, "--format") && v)
			format = argv[++i];
		else if (!strcmp(a, "--output") && v)
			output = argv[++i];
		else
			return usage_error("export: unknown argument");
	}
	exporter x = {0};
	if (!format)
		format = output && has_suffix(output, ".xlsx") ? "xlsx" : "csv";
	if (!strcmp(format, "csv"))
		x.format = 0;
	else if (!strcmp(format, "jsonl"))
		x.format = 1;
	else if (!strcmp(format, "xlsx"))
		x.format = 2;
	else
		return usage_error("--format takes csv, jsonl or xlsx");
	if (x.format == 2 && !output)
		return usage_error("--format xlsx needs --output FILE.xlsx");
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	int rc = EXIT_OK;
	if (open_output(&x, output) < 0) {
		fprintf(stderr, "licit audit: cannot write '%s'\n", output);
		licit_close(h);
		return EXIT_SYSTEM;
	}
	licit_status st = licit_audit_each(h, from, to, export_row, &x);
	if (st != LICIT_OK)
		rc = cli_fail(st, licit_last_error(h));
	if (close_output(&x) < 0 && rc == EXIT_OK) {
		fprintf(stderr, "licit audit: cannot write '%s'\n",
			output ? output : "standard output");
		rc = EXIT_SYSTEM;
	}
	if (rc == EXIT_OK && output)
		fprintf(stderr, "exported %ld entries to %s\n", x.rows, output);
	licit_close(h);
	return rc;
}

int cmd_audit(int argc, char **argv, const cli_opts *o)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_INPUT : EXIT_OK;
	}
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	if (!strcmp(argv[1], "verify"))
		return cmd_verify(argc, argv, o);
	if (!strcmp(argv[1], "export"))
		return cmd_export(argc, argv, o);
	return usage_error("unknown subcommand");
}
