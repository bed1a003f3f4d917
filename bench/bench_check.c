/*
 * bench_check.c - the cost of one `check` with its party screening, on one
 * thread, through the public API only.
 *
 * usage: bench_check DATA_DIR [N]
 *
 * On the current snapshot of DATA_DIR, runs N times (default 2000) each of:
 *  - the NSO case: 4A005 to IL, end user "NSO Group Technologies
 *    Ltd" (screened), us-ear-cyber, as of 2021-12-01;
 *  - the same with every built-in regime;
 *  - a check with no end user (the rules alone: 4D004 to MX under
 *    il-deca-cyber as of 2022-02-01);
 * timing each call of licit_check_run + licit_check_free with
 * CLOCK_MONOTONIC. The whole series runs RUNS times; the machine is
 * shared and noisy, so the median of the per-run medians is reported, with
 * every run's median. The built-in policies are loaded once per handle,
 * before the clock starts. Making the JSON is timed apart (it is made on
 * demand). Target: under 100 us for the screened check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "licit.h"

#define RUNS 5

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n ? v[n / 2] : 0;
}

/* One run of n checks (with_json: also make the JSON); its median in us,
 * and the decision into *decision. -1 on error. */
static double run(licit *h, const licit_check_query *q, size_t n, int with_json,
		  double *samples, licit_effect *decision)
{
	for (size_t i = 0; i < n; i++) {
		double t0 = now_us();
		licit_check *c = NULL;
		if (licit_check_run(h, NULL, q, &c) != LICIT_OK) {
			fprintf(stderr, "bench_check: %s\n",
				licit_last_error(h));
			return -1;
		}
		if (with_json && !licit_check_json(c))
			return -1;
		*decision = licit_check_decision(c);
		licit_check_free(c);
		samples[i] = now_us() - t0;
	}
	return median(samples, n);
}

static int bench(licit *h, const char *label, const licit_check_query *q,
		 size_t n, int with_json, double *samples)
{
	double med[RUNS];
	licit_effect d = LICIT_EFFECT_REVIEW;
	for (int r = 0; r < RUNS; r++)
		if ((med[r] = run(h, q, n, with_json, samples, &d)) < 0)
			return -1;
	double all[RUNS];
	memcpy(all, med, sizeof(all));
	printf("%s: median %.1f us over %d runs of %zu (run medians:", label,
	       median(med, RUNS), RUNS, n);
	for (int r = 0; r < RUNS; r++)
		printf(" %.1f", all[r]);
	printf(") -> %s\n", licit_effect_name(d));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_check DATA_DIR [N]\n");
		return 2;
	}
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
	if (!n)
		n = 1;
	licit *h;
	char err[512];
	if (licit_open(argv[1], &h, err, sizeof(err)) != LICIT_OK) {
		fprintf(stderr, "bench_check: %s\n", err);
		return 1;
	}
	double *samples = malloc(n * sizeof(*samples));
	const char *ear[] = {"us-ear-cyber"}, *deca[] = {"il-deca-cyber"};
	licit_check_query nso = {.item = "4A005",
				 .destination = "IL",
				 .end_user = "NSO Group Technologies Ltd",
				 .regimes = ear,
				 .n_regimes = 1,
				 .as_of = "2021-12-01"};
	licit_check_query all = nso;
	all.regimes = NULL;
	all.n_regimes = 0;
	licit_check_query rules = {.item = "4D004",
				   .destination = "MX",
				   .end_user_type = "government",
				   .regimes = deca,
				   .n_regimes = 1,
				   .as_of = "2022-02-01"};
	/* warm up: policies loaded, screener built */
	licit_effect d;
	int rc = !samples || run(h, &nso, 10, 0, samples, &d) < 0;
	if (!rc)
		rc = bench(h, "check with party screening (NSO, us-ear-cyber)",
			   &nso, n, 0, samples) < 0 ||
		     bench(h, "check with party screening (NSO, 3 regimes)",
			   &all, n, 0, samples) < 0 ||
		     bench(h, "check without an end user (rules only)", &rules,
			   n, 0, samples) < 0 ||
		     bench(h, "check with party screening and its JSON", &nso,
			   n, 1, samples) < 0;
	printf("target: under 100 us for one check with its party screening\n");
	free(samples);
	licit_close(h);
	licit_global_cleanup();
	return rc;
}
