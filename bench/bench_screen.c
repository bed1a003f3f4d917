/*
 * bench_screen.c - screening speed on one core: every party of a CSV file
 * (the 50,000 dev negatives) screened against the current snapshot of a
 * data directory, one query at a time on one thread, through the public
 * API only.
 *
 * usage: bench_screen DATA_DIR NEGATIVES_CSV [N]
 *
 * Reads the full_name, date_of_birth and nationality columns (the first N
 * rows when N is given), screens each with licit_screen at the default
 * threshold with a limit of 10 and no JSON, and times every query with
 * CLOCK_MONOTONIC. Audit entries are written as `screen --input` writes
 * them, a batch of 512 per transaction (licit_audit_defer; the query that
 * fills a batch pays its commit, and the pass time includes the last
 * flush), into the data directory's SQLite store or $LICIT_STORE.
 * The whole pass runs PASSES times; the machine is shared
 * and noisy, so the pass with the median rate is the one reported (each
 * pass is printed too). Prints queries, total time, queries/s, p50, p99 and
 * max latency, how many queries had hits, and the peak RSS of the process.
 * The line "median rate: <q/s> queries/s" is what bench/run reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "licit.h"

#define PASSES 3

/* One party to screen; the strings point into the CSV text. */
typedef struct party {
	const char *name, *dob, *nationality;
} party;

typedef struct pass_result {
	double total_s, rate, p50_us, p99_us, max_us;
	size_t with_hits;
} pass_result;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The whole file as a NUL-terminated, malloc'd string; NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	char *s = malloc(cap);
	while (s) {
		n += fread(s + n, 1, cap - n - 1, f);
		if (n < cap - 1)
			break;
		cap *= 2;
		char *ns = realloc(s, cap);
		if (!ns)
			free(s);
		s = ns;
	}
	int bad = ferror(f);
	fclose(f);
	if (!s || bad) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	*len = n;
	return s;
}

/*
 * Split one CSV field in place starting at *p: quotes removed, doubled
 * quotes undone, the field NUL-terminated. *p is left after the separator
 * or line end; *eol is set when the row ended. Returns the field.
 */
static char *csv_field(char **p, int *eol)
{
	char *s = *p, *out = s, *start = s;
	int quoted = *s == '"';
	if (quoted)
		s++;
	for (;;) {
		if (quoted && *s == '"' && s[1] == '"') {
			*out++ = '"';
			s += 2;
		} else if (quoted && *s == '"') {
			quoted = 0;
			s++;
		} else if (*s == '\0' || (!quoted && strchr(",\r\n", *s))) {
			break;
		} else {
			*out++ = *s++;
		}
	}
	*eol = *s != ',';
	if (*s == '\r')
		s++;
	if (*s == ',' || *s == '\n')
		s++;
	*out = '\0';
	*p = s;
	return start;
}

/* Field i of a row, or NULL when the row is short or the field empty. */
static const char *opt_field(char **f, int nf, int i)
{
	return i >= 0 && i < nf && f[i][0] ? f[i] : NULL;
}

static int column(char **f, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i], name))
			return i;
	return -1;
}

/* Parse the CSV text into parties (at most `max`); returns their number. */
static size_t parse_parties(char *text, party *v, size_t max)
{
	char *fields[64];
	int ci[3] = {-1, -1, -1}, header = 1;
	size_t n = 0;
	char *p = text;
	while (*p && n < max) {
		int nf = 0, eol = 0;
		while (!eol) {
			char *f = csv_field(&p, &eol);
			if (nf < 64)
				fields[nf++] = f;
		}
		if (nf == 1 && !fields[0][0])
			continue; /* an empty line */
		if (header) {
			ci[0] = column(fields, nf, "full_name");
			ci[1] = column(fields, nf, "date_of_birth");
			ci[2] = column(fields, nf, "nationality");
			if (ci[0] < 0)
				return 0;
			header = 0;
			continue;
		}
		v[n].name = opt_field(fields, nf, ci[0]);
		v[n].dob = opt_field(fields, nf, ci[1]);
		v[n].nationality = opt_field(fields, nf, ci[2]);
		n += v[n].name != NULL;
	}
	return n;
}

/* Screen every party once, recording each query's latency in lat[]. */
static int run_pass(licit *h, const party *v, size_t n, double *lat,
		    pass_result *r)
{
	double threshold = licit_default_threshold();
	licit_screen_hit hits[10];
	r->with_hits = 0;
	double t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		licit_query q = {.name = v[i].name,
				 .country = v[i].nationality,
				 .birth_date = v[i].dob};
		size_t k = 0;
		double q0 = now_s();
		licit_status st =
		    licit_screen(h, &q, threshold, 10, hits, &k, NULL);
		lat[i] = now_s() - q0;
		if (st != LICIT_OK) {
			fprintf(stderr, "bench_screen: '%s': %s\n", v[i].name,
				licit_last_error(h));
			return -1;
		}
		r->with_hits += k > 0;
	}
	if (licit_audit_flush(h) != LICIT_OK) {
		fprintf(stderr, "bench_screen: %s\n", licit_last_error(h));
		return -1;
	}
	r->total_s = now_s() - t0;
	r->rate = (double)n / r->total_s;
	qsort(lat, n, sizeof(*lat), cmp_double);
	r->p50_us = lat[n / 2] * 1e6;
	r->p99_us = lat[(n * 99) / 100] * 1e6;
	r->max_us = lat[n - 1] * 1e6;
	return 0;
}

static int cmp_rate(const void *a, const void *b)
{
	const pass_result *x = a, *y = b;
	return (x->rate > y->rate) - (x->rate < y->rate);
}

static void report(const pass_result *pr, size_t n)
{
	pass_result sorted[PASSES];
	memcpy(sorted, pr, sizeof(sorted));
	qsort(sorted, PASSES, sizeof(*sorted), cmp_rate);
	const pass_result *m = &sorted[PASSES / 2];
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("screen on one core (median pass of %d): %zu queries in "
	       "%.3f s\n",
	       PASSES, n, m->total_s);
	printf("median rate: %.0f queries/s on one core "
	       "(target >= 20000)\n",
	       m->rate);
	printf("latency per query: p50 %.1f us, p99 %.1f us, max %.1f us\n",
	       m->p50_us, m->p99_us, m->max_us);
	printf("queries with hits at threshold %.2f: %zu of %zu (%.2f%%)\n",
	       licit_default_threshold(), m->with_hits, n,
	       100.0 * (double)m->with_hits / (double)n);
	printf("peak RSS: %.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr,
			"usage: bench_screen DATA_DIR NEGATIVES_CSV [N]\n");
		return 2;
	}
	size_t max = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 0;
	size_t len = 0;
	char *text = read_file(argv[2], &len);
	if (!text) {
		fprintf(stderr, "bench_screen: cannot read '%s'\n", argv[2]);
		return 3;
	}
	/* every row takes at least one byte: len + 1 bounds the row count */
	if (!max || max > len + 1)
		max = len + 1;
	party *v = calloc(max, sizeof(*v));
	double *lat = calloc(max, sizeof(*lat));
	if (!v || !lat)
		return 3;
	size_t n = parse_parties(text, v, max);
	if (!n) {
		fprintf(stderr,
			"bench_screen: '%s': no full_name column or no rows\n",
			argv[2]);
		return 3;
	}
	char err[512];
	licit *h = NULL;
	if (licit_open(argv[1], &h, err, sizeof(err)) != LICIT_OK) {
		fprintf(stderr, "bench_screen: %s\n", err);
		return 3;
	}
	if (!licit_snapshot_id(h)) {
		fprintf(stderr, "bench_screen: no snapshot in '%s'\n", argv[1]);
		return 3;
	}
	if (licit_audit_defer(h, 512) != LICIT_OK)
		return 3;
	pass_result pr[PASSES];
	for (int i = 0; i < PASSES; i++) {
		if (run_pass(h, v, n, lat, &pr[i]) < 0)
			return 1;
		printf("pass %d: %.0f queries/s, p50 %.1f us, p99 %.1f us, "
		       "max %.1f us\n",
		       i + 1, pr[i].rate, pr[i].p50_us, pr[i].p99_us,
		       pr[i].max_us);
	}
	report(pr, n);
	licit_close(h);
	licit_global_cleanup();
	free(lat);
	free(v);
	free(text);
	return 0;
}
