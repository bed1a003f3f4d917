/*
 * screen_batch.c - `licit screen --input FILE`: every record of a CSV or
 * JSON-lines file screened on every core, written in input order.
 *
 * Records are read whole (a batch of a few hundred thousand parties fits
 * easily), split into chunks that worker threads take in turn; each worker
 * has its own licit handle on the same data directory (handles are
 * per-thread; the snapshot mapping is shared by the kernel).
 *
 * Every screening leaves an audit entry. Workers defer them and flush a
 * few hundred at a time (one transaction, one fsync), then mark their
 * chunks committed; the main thread writes the output in input order as
 * far as the chunks are committed, so a record in the output is always in
 * the audit log, even if the process is killed mid-batch. (The workbook
 * of --format xlsx is written at the end.)
 */
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "cli.h"
#include "banned.h"

typedef struct record {
	json_t *fields; /* every input field, as strings */
	unsigned long line; /* where it starts in the input */
	char *out;      /* the formatted result */
	int hits;
	/* the best hit, for spreadsheet output (strings in the snapshot of
	 * the worker's handle: copied) */
	char *top_id, *top_name, *top_source;
	double top_score;
} record;

typedef struct batch {
	record *v;
	size_t n, cap;
	char **header; /* CSV input: column names in order */
	int ncols;
	int csv_out;
	double threshold;
	size_t limit;
	const char *const *sources;
	size_t n_sources;
	const cli_opts *o;
	const char *input;
	atomic_size_t next, done;
	atomic_int failed;
	atomic_uchar *committed; /* per chunk: its audit entries are written */
	size_t n_chunks;
	char errmsg[512];
} batch;

#define CHUNK 64
/* A worker flushes its audit entries when this many wait, or when the
 * oldest has waited FLUSH_SECONDS: few commits, and output that keeps
 * flowing. */
#define FLUSH_ENTRIES 512
#define FLUSH_SECONDS 0.25

static int push(batch *b, json_t *fields, unsigned long line)
{
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 1024;
		record *nv = realloc(b->v, nc * sizeof(*nv));
		if (!nv)
			return -1;
		b->v = nv;
		b->cap = nc;
	}
	b->v[b->n++] = (record){fields, line, NULL, 0, NULL, NULL, NULL, 0};
	return 0;
}

static int csv_row(void *ctx, char **f, int n, unsigned long line)
{
	batch *b = ctx;
	if (!b->header) {
		b->header = calloc((size_t)n, sizeof(*b->header));
		if (!b->header)
			return -1;
		int has_name = 0;
		for (int i = 0; i < n; i++) {
			b->header[i] = strdup(f[i]);
			has_name |= !strcmp(f[i], "name");
		}
		b->ncols = n;
		if (!has_name) {
			fprintf(stderr, "licit screen: line 1: the header has "
					"no 'name' column\n");
			return -1;
		}
		return 0;
	}
	json_t *o = json_object();
	for (int i = 0; i < n && i < b->ncols; i++)
		json_object_set_new(o, b->header[i], json_string(f[i]));
	if (n != b->ncols)
		fprintf(stderr, "licit screen: line %lu: %d fields, header has "
				"%d\n",
			line, n, b->ncols);
	return push(b, o, line);
}

static int read_jsonl(batch *b, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		fprintf(stderr, "licit: cannot open '%s'\n", path);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long no = 0;
	int rc = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		no++;
		if (len <= 1)
			continue;
		json_error_t err;
		json_t *o = json_loadb(line, (size_t)len, 0, &err);
		if (!json_is_object(o) ||
		    !json_is_string(json_object_get(o, "name"))) {
			fprintf(stderr, "licit screen: %s:%lu: %s\n", path, no,
				o ? "expected an object with a string 'name'"
				  : err.text);
			json_decref(o);
			rc = -1;
			break;
		}
		if (push(b, o, no) < 0) {
			json_decref(o);
			rc = -1;
			break;
		}
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static const char *field(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static char *format_csv(batch *b, record *r, const licit_screen_hit *h,
			size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	if (!m)
		return NULL;
	for (int i = 0; i < b->ncols; i++) {
		const char *v = json_string_value(
			json_object_get(r->fields, b->header[i]));
		cli_csv_put(m, v ? v : "");
		fputc(',', m);
	}
	fprintf(m, "%zu,", n);
	cli_csv_put(m, n ? h[0].entity_id : "");
	fputc(',', m);
	if (n)
		fprintf(m, "%.4f", h[0].score);
	fputc(',', m);
	cli_csv_put(m, n ? h[0].name : "");
	fputc(',', m);
	cli_csv_put(m, n ? h[0].source : "");
	fputc('\n', m);
	fclose(m);
	return out;
}

static int screen_record(batch *b, licit *h, record *r,
			 licit_screen_hit *hits)
{
	licit_query q = {0};
	q.name = field(r->fields, "name");
	q.schema = licit_schema_parse(field(r->fields, "schema"));
	q.country = field(r->fields, "country");
	if (!q.country)
		q.country = field(r->fields, "nationality");
	q.birth_date = field(r->fields, "birth_date");
	if (!q.birth_date)
		q.birth_date = field(r->fields, "date_of_birth");
	q.id = field(r->fields, "id");
	q.gender = field(r->fields, "gender");
	q.party_id = field(r->fields, "party_id");
	char ref[4200];
	snprintf(ref, sizeof(ref), "%s:%lu", b->input, r->line);
	q.ref = ref;
	q.sources = b->sources;
	q.n_sources = b->n_sources;
	if (!q.name) {
		r->out = b->csv_out ? format_csv(b, r, hits, 0)
				    : strdup("{\"error\":\"no name\"}\n");
		return 0;
	}
	size_t n;
	char *json = NULL;
	if (licit_screen(h, &q, b->threshold, b->limit, hits, &n,
			 b->csv_out ? NULL : &json) != LICIT_OK) {
		snprintf(b->errmsg, sizeof(b->errmsg), "%s",
			 licit_last_error(h));
		return -1;
	}
	r->hits = (int)n;
	if (n) {
		r->top_id = strdup(hits[0].entity_id);
		r->top_name = strdup(hits[0].name);
		r->top_source = strdup(hits[0].source);
		r->top_score = hits[0].score;
	}
	if (b->csv_out) {
		r->out = format_csv(b, r, hits, n);
	} else {
		size_t l = strlen(json);
		r->out = malloc(l + 2);
		if (r->out) {
			memcpy(r->out, json, l);
			memcpy(r->out + l, "\n", 2);
		}
	}
	licit_free(json);
	return r->out ? 0 : -1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The chunks a worker screened whose entries still wait for a flush. */
typedef struct unflushed {
	size_t chunks[FLUSH_ENTRIES];
	size_t n;
	double since;
} unflushed;

static int flush(batch *b, licit *h, unflushed *u)
{
	if (licit_audit_flush(h) != LICIT_OK) {
		snprintf(b->errmsg, sizeof(b->errmsg), "%s",
			 licit_last_error(h));
		atomic_store(&b->failed, 1);
		return -1;
	}
	for (size_t i = 0; i < u->n; i++)
		atomic_store(&b->committed[u->chunks[i]], 1);
	u->n = 0;
	return 0;
}

static void *worker(void *arg)
{
	batch *b = arg;
	char err[512];
	licit *h;
	if (cli_open_quiet(b->o, &h, err, sizeof(err)) != LICIT_OK ||
	    licit_audit_defer(h, (size_t)-1) != LICIT_OK) {
		snprintf(b->errmsg, sizeof(b->errmsg), "%s", err);
		atomic_store(&b->failed, 1);
		return NULL;
	}
	licit_screen_hit *hits = calloc(b->limit, sizeof(*hits));
	unflushed u = {{0}, 0, 0};
	while (hits && !atomic_load(&b->failed)) {
		size_t start = atomic_fetch_add(&b->next, CHUNK);
		if (start >= b->n)
			break;
		size_t end = start + CHUNK < b->n ? start + CHUNK : b->n;
		int bad = 0;
		for (size_t i = start; i < end && !bad; i++)
			bad = screen_record(b, h, &b->v[i], hits) < 0;
		if (bad) {
			atomic_store(&b->failed, 1);
			break;
		}
		if (!u.n)
			u.since = now_s();
		u.chunks[u.n++] = start / CHUNK;
		atomic_fetch_add(&b->done, end - start);
		if ((licit_audit_pending(h) >= FLUSH_ENTRIES ||
		     u.n == FLUSH_ENTRIES ||
		     now_s() - u.since >= FLUSH_SECONDS) &&
		    flush(b, h, &u) < 0)
			break;
	}
	if (hits && !atomic_load(&b->failed))
		(void)flush(b, h, &u);
	free(hits);
	licit_close(h);
	return NULL;
}

/* Write the records of the committed chunks from *next on, in order. */
static void write_committed(batch *b, FILE *out, size_t *next)
{
	size_t from = *next;
	while (*next < b->n_chunks && atomic_load(&b->committed[*next]))
		++*next;
	if (*next == from || !out)
		return;
	size_t end = *next * CHUNK < b->n ? *next * CHUNK : b->n;
	for (size_t i = from * CHUNK; i < end; i++)
		fputs(b->v[i].out ? b->v[i].out : "\n", out);
	fflush(out);
}

static void progress(batch *b, double t0)
{
	size_t d = atomic_load(&b->done);
	double el = now_s() - t0;
	fprintf(stderr, "\r[%-40.*s] %zu/%zu  %.0f/s ",
		(int)(40 * d / (b->n ? b->n : 1)),
		"########################################", d, b->n,
		el > 0 ? (double)d / el : 0.0);
}

/* Screen on every core; `out` (NULL: none yet) receives the committed
 * records as they become so. */
static int run_workers(batch *b, FILE *out)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = cores > 0 && cores < 64 ? (int)cores : 2;
	pthread_t th[64];
	int started = 0;
	double t0 = now_s(), shown = 0;
	size_t next = 0;
	b->n_chunks = (b->n + CHUNK - 1) / CHUNK;
	b->committed = calloc(b->n_chunks + 1, sizeof(*b->committed));
	if (!b->committed)
		return -1;
	for (int i = 0; i < nt; i++)
		if (!pthread_create(&th[started], NULL, worker, b))
			started++;
	int tty = isatty(2);
	while (started && next < b->n_chunks && !atomic_load(&b->failed)) {
		write_committed(b, out, &next);
		if (tty && now_s() - shown >= 0.2) {
			progress(b, t0);
			shown = now_s();
		}
		usleep(20000);
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	write_committed(b, out, &next);
	if (tty) {
		progress(b, t0);
		fputc('\n', stderr);
	}
	double el = now_s() - t0;
	size_t with = 0, total = 0;
	for (size_t i = 0; i < b->n; i++) {
		with += b->v[i].hits > 0;
		total += (size_t)b->v[i].hits;
	}
	if (!atomic_load(&b->failed))
		fprintf(stderr,
			"screened %zu records on %d threads in %.2f s (%.0f/s): "
			"%zu with hits, %zu hits at or above %.2f\n",
			b->n, started, el, el > 0 ? (double)b->n / el : 0.0,
			with, total, b->threshold);
	return started ? 0 : -1;
}

/* The batch result as an Excel workbook: input columns, then the hit
 * count and the best hit. */
static int write_xlsx(batch *b, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return -1;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "screening");
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	static const char *const extra[] = {"hits", "top_entity_id",
					    "top_score", "top_name",
					    "top_source"};
	int nc = b->ncols;
	for (int i = 0; i < nc; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)i, b->header[i], bold);
	for (int i = 0; i < 5; i++)
		worksheet_write_string(ws, 0, (lxw_col_t)(nc + i), extra[i],
				       bold);
	for (size_t r = 0; r < b->n; r++) {
		record *x = &b->v[r];
		lxw_row_t row = (lxw_row_t)(r + 1);
		for (int i = 0; i < nc; i++) {
			const char *v = json_string_value(
				json_object_get(x->fields, b->header[i]));
			worksheet_write_string(ws, row, (lxw_col_t)i,
					       v ? v : "", NULL);
		}
		worksheet_write_number(ws, row, (lxw_col_t)nc, x->hits, NULL);
		if (x->hits) {
			worksheet_write_string(ws, row, (lxw_col_t)(nc + 1),
					       x->top_id, NULL);
			worksheet_write_number(ws, row, (lxw_col_t)(nc + 2),
					       x->top_score, NULL);
			worksheet_write_string(ws, row, (lxw_col_t)(nc + 3),
					       x->top_name, NULL);
			worksheet_write_string(ws, row, (lxw_col_t)(nc + 4),
					       x->top_source, NULL);
		}
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && !strcmp(s + a - b, suf);
}

int cli_screen_batch(const cli_opts *o, const char *input, const char *output,
		     const char *format, double threshold, size_t limit,
		     const char *const *sources, size_t n_sources)
{
	batch b;
	memset(&b, 0, sizeof(b));
	b.o = o;
	b.threshold = threshold;
	b.limit = limit;
	b.sources = sources;
	b.n_sources = n_sources;
	int jsonl_in = has_suffix(input, ".jsonl") || has_suffix(input, ".json");
	int xlsx = format ? !strcmp(format, "xlsx")
			  : output && has_suffix(output, ".xlsx");
	b.input = input;
	if (format && strcmp(format, "csv") && strcmp(format, "jsonl") &&
	    !xlsx) {
		fprintf(stderr, "licit screen: --format csv, jsonl or xlsx\n");
		return EXIT_INPUT;
	}
	if (xlsx && !output) {
		fprintf(stderr, "licit screen: --format xlsx needs --output "
				"FILE.xlsx\n");
		return EXIT_INPUT;
	}
	b.csv_out = xlsx || (format ? !strcmp(format, "csv") : !jsonl_in);
	int rc = jsonl_in ? read_jsonl(&b, input)
			  : cli_csv_read(input, csv_row, &b);
	if (rc == 0 && b.csv_out && !b.header) {
		/* JSON lines in, CSV out: columns from the first record */
		b.ncols = 0;
	}
	FILE *out = stdout;
	if (rc == 0 && output && !xlsx && !(out = fopen(output, "w"))) {
		fprintf(stderr, "licit screen: cannot write '%s'\n", output);
		rc = -1;
	}
	if (rc == 0 && b.csv_out && !xlsx) {
		for (int i = 0; i < b.ncols; i++) {
			cli_csv_put(out, b.header[i]);
			fputc(',', out);
		}
		fputs("hits,top_entity_id,top_score,top_name,top_source\n", out);
		fflush(out);
	}
	if (rc == 0)
		rc = run_workers(&b, xlsx ? NULL : out);
	if (rc == 0 && atomic_load(&b.failed)) {
		fprintf(stderr, "licit: %s\n", b.errmsg);
		rc = -2;
	}
	if (rc == 0 && xlsx) {
		if (!b.header) {
			fprintf(stderr, "licit screen: xlsx output needs CSV "
					"input\n");
			rc = -1;
		} else if (write_xlsx(&b, output) < 0) {
			fprintf(stderr, "licit screen: cannot write '%s'\n",
				output);
			rc = -2;
		}
	}
	if (out && out != stdout && fclose(out) != 0 && rc == 0) {
		fprintf(stderr, "licit screen: cannot write '%s'\n", output);
		rc = -2;
	}
	for (size_t i = 0; i < b.n; i++) {
		json_decref(b.v[i].fields);
		free(b.v[i].out);
		free(b.v[i].top_id);
		free(b.v[i].top_name);
		free(b.v[i].top_source);
	}
	free(b.v);
	free(b.committed);
	for (int i = 0; i < b.ncols && b.header; i++)
		free(b.header[i]);
	free(b.header);
	return rc == 0 ? EXIT_OK : rc == -2 ? EXIT_SYSTEM : EXIT_INPUT;
}
