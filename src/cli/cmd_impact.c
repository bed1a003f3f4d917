/*
 * cmd_impact.c - `licit impact`: what a change of lists or policies does to
 * the stored customer book and licence register.
 *
 * A client of licit_impact_run: it turns the options into the two sides
 * (snapshot ids, dates), draws a progress bar on a terminal, and prints
 * the report as a table, as the library's JSON, or as an Excel workbook.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "cli.h"
#include "banned.h"

static const char usage[] =
	"usage: licit impact [--from-snapshot A --to-snapshot B]\n"
	"                    [--as-of D1 --as-of D2] [--json]\n"
	"                    [--format table|json|xlsx] [--output FILE]\n"
	"                    [--threshold T] [--threads N]\n"
	"Re-screen every stored party and re-check every stored licence under\n"
	"the old side (snapshot A, date D1) and the new side (snapshot B,\n"
	"date D2), and report what changed: parties newly matching a listed\n"
	"entity, licences whose effect became more restrictive (with the rule\n"
	"and the list entry), decided alerts that the change re-opens.\n"
	"A snapshot is given by its id (or its first digits) as 'licit lists\n"
	"import' printed it; a side without one uses the current snapshot.\n"
	"A date picks the policy versions in force and hides list entries\n"
	"listed after it; without dates both sides are today. --format xlsx\n"
	"needs --output. The run is recorded as one audit entry.\n"
	"exit status: 0 changes found, 1 nothing changed, 2 bad input,\n"
	"  3 system error\n";

typedef struct impact_opts {
	licit_impact_query q;
	const char *as_of[2];
	int n_as_of;
	int format; /* 0 table, 1 json, 2 xlsx */
	const char *output;
} impact_opts;

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "licit impact: %s%s%s%s\n", msg, arg ? " '" : "",
		arg ? arg : "", arg ? "'" : "");
	return -1;
}

static int set_format(impact_opts *io, const char *v)
{
	if (!strcmp(v, "table"))
		io->format = 0;
	else if (!strcmp(v, "json"))
		io->format = 1;
	else if (!strcmp(v, "xlsx"))
		io->format = 2;
	else
		return bad("--format is table, json or xlsx, not", v);
	return 0;
}

static int parse_number(const char *v, double lo, double hi, double *out)
{
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end || d < lo || d > hi)
		return -1;
	*out = d;
	return 0;
}

static int parse_value(impact_opts *io, const char *a, const char *v)
{
	double d;
	if (!strcmp(a, "--from-snapshot"))
		io->q.from_snapshot = v;
	else if (!strcmp(a, "--to-snapshot"))
		io->q.to_snapshot = v;
	else if (!strcmp(a, "--as-of")) {
		if (io->n_as_of == 2)
			return bad("give --as-of twice at most (old, new)",
				   NULL);
		io->as_of[io->n_as_of++] = v;
	} else if (!strcmp(a, "--format"))
		return set_format(io, v);
	else if (!strcmp(a, "--output"))
		io->output = v;
	else if (!strcmp(a, "--threshold")) {
		if (parse_number(v, 0.01, 1.0, &d) < 0)
			return bad("--threshold is a number in (0, 1], not", v);
		io->q.threshold = d;
	} else if (!strcmp(a, "--threads")) {
		if (parse_number(v, 1, 64, &d) < 0 || d != (unsigned)d)
			return bad("--threads is 1 to 64, not", v);
		io->q.threads = (unsigned)d;
	} else
		return bad("unknown option", a);
	return 0;
}

static int parse_opts(int argc, char **argv, impact_opts *io)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			io->format = 1;
			continue;
		}
		if (argv[i][0] != '-' || i + 1 >= argc)
			return bad("unexpected", argv[i]);
		if (parse_value(io, argv[i], argv[i + 1]) < 0)
			return -1;
		i++;
	}
	if (io->n_as_of == 1)
		return bad("give --as-of twice (the old date, then the new)",
			   NULL);
	if (io->n_as_of == 2) {
		io->q.from_as_of = io->as_of[0];
		io->q.to_as_of = io->as_of[1];
	}
	if (!!io->q.from_snapshot != !!io->q.to_snapshot)
		return bad("give both --from-snapshot and --to-snapshot", NULL);
	if (io->format == 2 && !io->output)
		return bad("--format xlsx needs --output FILE.xlsx", NULL);
	return 0;
}

/* ------------------------------------------------------------- progress */

typedef struct bar {
	struct timespec t0;
} bar;

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress(void *ctx, size_t done, size_t total)
{
	bar *b = ctx;
	double el = since(&b->t0);
	fprintf(stderr, "\r[%-40.*s] %zu/%zu parties  %.0f/s ",
		(int)(40 * done / (total ? total : 1)),
		"########################################", done, total,
		el > 0 ? (double)done / el : 0.0);
	if (done == total)
		fputc('\n', stderr);
}

/* ---------------------------------------------------------------- table */

static void print_table(licit_impact *r, FILE *out)
{
	licit_impact_stats st;
	licit_impact_stats_get(r, &st);
	json_t *o = json_loads(licit_impact_json(r), 0, NULL);
	const json_t *f = json_object_get(o, "from"),
		     *t = json_object_get(o, "to");
	fprintf(out, "impact: snapshot %.12s as of %s -> snapshot %.12s as of %s\n",
	       json_string_value(json_object_get(f, "snapshot")),
	       json_string_value(json_object_get(f, "as_of")),
	       json_string_value(json_object_get(t, "snapshot")),
	       json_string_value(json_object_get(t, "as_of")));
	fprintf(out, "%zu parties screened (%zu on the old side too) in %.2f s on "
	       "%u threads (%.0f parties/s); %zu licences checked, %zu "
	       "skipped (revoked or expired), %zu could not be checked; audit "
	       "entry %lld\n",
	       st.parties, st.parties_rescreened, st.seconds, st.threads,
	       st.seconds > 0 ? (double)st.parties / st.seconds : 0.0,
	       st.licences, st.licences_skipped, st.licence_errors,
	       (long long)st.audit_seq);
	json_decref(o);
	size_t n;
	const licit_impact_party *p = licit_impact_parties(r, &n);
	fprintf(out, "\nparties newly matching a listed entity: %zu\n", n);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  %-12s %s\n      -> %.3f  %s  %s  (%s)\n",
		       p[i].party_id, p[i].party_name, p[i].score,
		       p[i].entity_id, p[i].entity_name, p[i].change);
	const licit_impact_licence *l = licit_impact_licences(r, &n);
	fprintf(out, "\nlicences more restrictive: %zu\n", n);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  %-12s %s: %s -> %s\n      %s\n", l[i].licence_id,
		       l[i].regime, licit_effect_name(l[i].before),
		       licit_effect_name(l[i].after), l[i].reason);
	const licit_impact_alert *a = licit_impact_alerts(r, &n);
	fprintf(out, "\nalerts re-opened: %zu\n", n);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  alert %lld (%s)  %s  %s  %.3f\n", (long long)a[i].alert,
		       a[i].status, a[i].party_id, a[i].entity_id, a[i].score);
}

/* ----------------------------------------------------------------- xlsx */

static void header(lxw_worksheet *ws, lxw_format *bold,
		   const char *const *cols, int n)
{
	for (int i = 0; i < n; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, cols[i], bold);
}

static int write_xlsx(licit_impact *r, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return -1;
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	static const char *const pc[] = {"party_id",    "party_name",
					 "entity_id",   "entity_name",
					 "source",      "score",
					 "change"};
	static const char *const lc[] = {"licence_id", "regime", "before",
					 "after", "reason"};
	static const char *const ac[] = {"alert", "status", "party_id",
					 "entity_id", "score"};
	lxw_worksheet *ws = workbook_add_worksheet(wb, "parties");
	header(ws, bold, pc, 7);
	size_t n;
	const licit_impact_party *p = licit_impact_parties(r, &n);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		const char *s[] = {p[i].party_id, p[i].party_name,
				   p[i].entity_id, p[i].entity_name,
				   p[i].source};
		for (int k = 0; k < 5; k++)
			worksheet_write_string(ws, row, (lxw_col_t)k,
					       s[k] ? s[k] : "", NULL);
		worksheet_write_number(ws, row, 5, p[i].score, NULL);
		worksheet_write_string(ws, row, 6, p[i].change, NULL);
	}
	ws = workbook_add_worksheet(wb, "licences");
	header(ws, bold, lc, 5);
	const licit_impact_licence *l = licit_impact_licences(r, &n);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_string(ws, row, 0, l[i].licence_id, NULL);
		worksheet_write_string(ws, row, 1, l[i].regime, NULL);
		worksheet_write_string(ws, row, 2,
				       licit_effect_name(l[i].before), NULL);
		worksheet_write_string(ws, row, 3,
				       licit_effect_name(l[i].after), NULL);
		worksheet_write_string(ws, row, 4, l[i].reason, NULL);
	}
	ws = workbook_add_worksheet(wb, "alerts_reopened");
	header(ws, bold, ac, 5);
	const licit_impact_alert *a = licit_impact_alerts(r, &n);
	for (size_t i = 0; i < n; i++) {
		lxw_row_t row = (lxw_row_t)(i + 1);
		worksheet_write_number(ws, row, 0, (double)a[i].alert, NULL);
		worksheet_write_string(ws, row, 1, a[i].status, NULL);
		worksheet_write_string(ws, row, 2, a[i].party_id, NULL);
		worksheet_write_string(ws, row, 3, a[i].entity_id, NULL);
		worksheet_write_number(ws, row, 4, a[i].score, NULL);
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

static int write_json(licit_impact *r, const char *path)
{
	const char *json = licit_impact_json(r);
	if (!json)
		return -1;
	FILE *f = path ? fopen(path, "w") : stdout;
	if (!f)
		return -1;
	fprintf(f, "%s\n", json);
	return f == stdout ? fflush(f) : fclose(f);
}

/* The report in the chosen format, to --output or stdout. */
static int report(licit_impact *r, const impact_opts *io)
{
	if (io->format == 2)
		return write_xlsx(r, io->output);
	if (io->format == 1)
		return write_json(r, io->output);
	FILE *f = io->output ? fopen(io->output, "w") : stdout;
	if (!f)
		return -1;
	print_table(r, f);
	return f == stdout ? fflush(f) : fclose(f);
}

int cmd_impact(int argc, char **argv, const cli_opts *o)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
	impact_opts io;
	memset(&io, 0, sizeof(io));
	if (parse_opts(argc, argv, &io) < 0) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	bar b;
	clock_gettime(CLOCK_MONOTONIC, &b.t0);
	if (isatty(2)) {
		io.q.progress = progress;
		io.q.progress_ctx = &b;
	}
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	licit_impact *r = NULL;
	licit_status st = licit_impact_run(h, &io.q, &r);
	int rc;
	if (st != LICIT_OK) {
		rc = cli_fail(st, licit_last_error(h));
	} else if (report(r, &io) != 0) {
		rc = cli_fail(LICIT_EIO, io.output ? "cannot write the report"
						   : NULL);
		if (io.output)
			fprintf(stderr, "licit impact: cannot write '%s'\n",
				io.output);
	} else {
		size_t np, nl, na;
		licit_impact_parties(r, &np);
		licit_impact_licences(r, &nl);
		licit_impact_alerts(r, &na);
		rc = np || nl || na ? EXIT_OK : EXIT_NOTHING;
	}
	licit_impact_free(r);
	licit_close(h);
	return rc;
}
