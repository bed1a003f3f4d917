/*
 * bench_snapshot.c - how long licit_open takes to map and check the
 * current snapshot of a data directory, and how fast exact lookups run.
 *
 * usage: bench_snapshot DATA_DIR [RUNS]
 * Prints the median, minimum and maximum over RUNS opens (default 50).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "licit.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_snapshot DATA_DIR [RUNS]\n");
		return 2;
	}
	long runs = argc > 2 ? strtol(argv[2], NULL, 10) : 50;
	if (runs < 1 || runs > 100000)
		runs = 50;
	double *t = calloc((size_t)runs, sizeof(*t));
	if (!t)
		return 3;
	licit *h = NULL;
	for (long i = 0; i < runs; i++) {
		char err[512];
		double t0 = now_ms();
		if (licit_open(argv[1], &h, err, sizeof(err)) != LICIT_OK) {
			fprintf(stderr, "bench_snapshot: %s\n", err);
			return 3;
		}
		t[i] = now_ms() - t0;
		if (!licit_snapshot_id(h)) {
			fprintf(stderr, "bench_snapshot: no snapshot in %s\n",
				argv[1]);
			return 3;
		}
		if (i + 1 < runs)
			licit_close(h);
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_double);
	printf("snapshot open: median %.2f ms, min %.2f ms, max %.2f ms "
	       "over %ld runs (target < 50 ms)\n",
	       t[runs / 2], t[0], t[runs - 1], runs);
	static const char *const names[] = {"NSO Group", "Candiru",
					    "Banco Nacional de Cuba",
					    "nobody at all here"};
	long n = 0;
	double t0 = now_ms();
	for (int r = 0; r < 25000; r++) {
		licit_hit hits[8];
		size_t k;
		if (licit_lookup_exact(h, names[r % 4], hits, 8, &k) !=
		    LICIT_OK)
			return 3;
		n++;
	}
	double el = now_ms() - t0;
	printf("exact lookup: %.2f us per lookup over %ld lookups\n",
	       el * 1e3 / (double)n, n);
	licit_close(h);
	free(t);
	return 0;
}
