/*
 * bench_sim.c - how fast the similarity primitives of src/match/sim.h run
 * on real name tokens, and how much the phonetic key merges.
 *
 * usage: bench_sim NAMES_CSV [MAX_NAMES]
 * Reads the first column (the full name) of the first MAX_NAMES rows
 * (default 20000) of a CSV such as eval/negatives-dev.csv, lowercases it,
 * folds Latin-1 accents and splits it on everything but letters and digits;
 * a token holding any other non-ASCII letter is left out (the real pipeline
 * transliterates it with ICU first). Then it times, in ns per call (median
 * of 3 runs over all tokens):
 *  - sim_jaro_winkler and sim_damerau_bounded (max 2) on random token pairs
 *    and on "near" pairs (the next different token in sorted order: long common prefixes,
 *    where early exits help least),
 *  - sim_phonetic on every token,
 * and prints how many distinct keys the distinct tokens give, with the
 * largest key buckets. Exits 2 without a file, 3 when it cannot be read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/match/sim.h"

enum { TOK_SIZE = SIM_MAX_TOKEN + 1, RUNS = 3, REPEAT = 5 };

typedef struct toks {
	char (*t)[TOK_SIZE];
	size_t *len; /* filled by toks_measure before timing */
	size_t n, cap;
} toks;

/* U+00C0..U+00FF without accents; a space for the two symbols there. */
static const char latin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
			     "aaaaaaaceeeeiiiidnooooo ouuuuyty";

static int toks_push(toks *ts, const char *s, size_t n)
{
	if (n == 0 || n > SIM_MAX_TOKEN)
		return 0;
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 4096;
		void *p = realloc(ts->t, cap * sizeof(*ts->t));
		if (!p)
			return -1;
		ts->t = p;
		ts->cap = cap;
	}
	memcpy(ts->t[ts->n], s, n);
	ts->t[ts->n][n] = 0;
	ts->n++;
	return 0;
}

/* Split one full name into tokens. */
static int split_name(toks *ts, const unsigned char *s, size_t n)
{
	char cur[TOK_SIZE + 8];
	size_t len = 0;
	int foreign = 0;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = i < n ? s[i] : ' ';
		char out = 0;
		if (c >= 'A' && c <= 'Z')
			out = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out = (char)c;
		else if (c == 0xC3 && i + 1 < n && s[i + 1] >= 0x80
			 && s[i + 1] <= 0xBF)
			out = latin1[s[++i] - 0x80];
		else if (c >= 0x80) {
			foreign = 1;
			continue;
		}
		if (out && out != ' ') {
			if (len < TOK_SIZE)
				cur[len++] = out;
			continue;
		}
		if (!foreign && toks_push(ts, cur, len) < 0)
			return -1;
		len = 0;
		foreign = 0;
	}
	return 0;
}

/* The first field of each line after the header (quotes honoured). */
static int read_names(const char *path, long max, toks *ts)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char line[4096];
	long row = -1;
	while (row < max && fgets(line, sizeof(line), f)) {
		if (++row == 0)
			continue;
		const char *s = line, *end;
		if (*s == '"') {
			s++;
			end = strchr(s, '"');
		} else {
			end = strpbrk(s, ",\r\n");
		}
		if (!end)
			end = s + strlen(s);
		if (split_name(ts, (const unsigned char *)s, (size_t)(end - s))
		    < 0) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

/* Token lengths, so that the timed loops do not measure strlen. */
static int toks_measure(toks *ts)
{
	free(ts->len);
	ts->len = malloc(ts->n * sizeof(*ts->len));
	if (!ts->len)
		return -1;
	for (size_t i = 0; i < ts->n; i++)
		ts->len[i] = strlen(ts->t[i]);
	return 0;
}

static double now_ns(void)
{
	struct timespec ts;
	/* CPU time of this thread: the machine is shared, and time spent
	 * descheduled is not the function's */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int cmp_tok(const void *a, const void *b)
{
	return strcmp(a, b);
}

static volatile double sink;

enum what { JW, DL, PHON };

/* ns per call of `what` over the pairs (t[i], t[pair[i]]). */
static double time_once(enum what w, const toks *ts, const size_t *pair)
{
	double acc = 0;
	char key[TOK_SIZE];
	double t0 = now_ns();
	for (int r = 0; r < REPEAT; r++) {
		for (size_t i = 0; i < ts->n; i++) {
			const char *a = ts->t[i], *b = ts->t[pair[i]];
			size_t na = ts->len[i], nb = ts->len[pair[i]];
			if (w == JW)
				acc += sim_jaro_winkler(a, na, b, nb);
			else if (w == DL)
				acc += sim_damerau_bounded(a, na, b, nb, 2);
			else
				acc += (double)sim_phonetic(a, na, key,
							    sizeof(key));
		}
	}
	double dt = now_ns() - t0;
	sink = acc;
	return dt / ((double)ts->n * REPEAT);
}

/* The same loop with nothing called: what the loop itself costs. */
static double time_loop(const toks *ts, const size_t *pair)
{
	size_t acc = 0;
	double t0 = now_ns();
	for (int r = 0; r < REPEAT; r++)
		for (size_t i = 0; i < ts->n; i++)
			acc += (size_t)ts->t[i][0] + ts->len[pair[i]]
			       + (size_t)ts->t[pair[i]][0];
	double dt = now_ns() - t0;
	sink = (double)acc;
	return dt / ((double)ts->n * REPEAT);
}

static double median_time(enum what w, const toks *ts, const size_t *pair)
{
	double t[RUNS];
	for (int r = 0; r < RUNS; r++)
		t[r] = time_once(w, ts, pair);
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	return t[RUNS / 2];
}

static void report_times(const char *label, const toks *ts, const size_t *pair)
{
	double base = time_loop(ts, pair);
	printf("%-12s jaro_winkler %6.1f ns  damerau(max 2) %6.1f ns  "
	       "phonetic %6.1f ns  (bare loop %.1f ns, included)\n",
	       label, median_time(JW, ts, pair), median_time(DL, ts, pair),
	       median_time(PHON, ts, pair), base);
}

typedef struct keyed {
	char key[TOK_SIZE];
	const char *tok;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/* Distinct tokens vs distinct keys, and the biggest buckets. `ts` must be
 * sorted. */
static int report_keys(const toks *ts)
{
	size_t nd = 0;
	keyed *k = malloc(ts->n * sizeof(*k));
	if (!k)
		return -1;
	for (size_t i = 0; i < ts->n; i++) {
		if (i && !strcmp(ts->t[i], ts->t[i - 1]))
			continue;
		sim_phonetic(ts->t[i], strlen(ts->t[i]), k[nd].key, TOK_SIZE);
		k[nd++].tok = ts->t[i];
	}
	qsort(k, nd, sizeof(*k), cmp_keyed);
	size_t nkeys = 0, top[5] = {0}, topn[5] = {0};
	for (size_t i = 0, j; i < nd; i = j) {
		for (j = i; j < nd && !strcmp(k[j].key, k[i].key); j++)
			;
		nkeys++;
		size_t sz = j - i;
		for (int t = 0; t < 5; t++) {
			if (sz <= topn[t])
				continue;
			memmove(top + t + 1, top + t, (4 - t) * sizeof(top[0]));
			memmove(topn + t + 1, topn + t, (4 - t) * sizeof(topn[0]));
			top[t] = i;
			topn[t] = sz;
			break;
		}
	}
	printf("phonetic keys: %zu distinct tokens -> %zu distinct keys "
	       "(%.1f%%, target >= 40%%)\n",
	       nd, nkeys, 100.0 * (double)nkeys / (double)nd);
	for (int t = 0; t < 5 && topn[t]; t++) {
		printf("  key %-8s %4zu tokens:", k[top[t]].key, topn[t]);
		for (size_t e = 0; e < topn[t] && e < 8; e++)
			printf(" %s", k[top[t] + e].tok);
		printf("%s\n", topn[t] > 8 ? " ..." : "");
	}
	free(k);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench_sim NAMES_CSV [MAX_NAMES]\n");
		return 2;
	}
	long max = argc > 2 ? strtol(argv[2], NULL, 10) : 20000;
	if (max < 1)
		max = 20000;
	toks ts = {0};
	if (read_names(argv[1], max, &ts) < 0 || ts.n < 2) {
		fprintf(stderr, "bench_sim: cannot read names from %s\n",
			argv[1]);
		free(ts.t);
		return 3;
	}
	size_t *pair = malloc(ts.n * sizeof(*pair));
	if (!pair || toks_measure(&ts) < 0) {
		free(pair);
		free(ts.t);
		free(ts.len);
		return 3;
	}
	printf("%zu tokens from %s\n", ts.n, argv[1]);
	uint64_t x = 88172645463325252ull; /* xorshift: fixed, reproducible */
	for (size_t i = 0; i < ts.n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		pair[i] = (size_t)(x % ts.n);
	}
	report_times("random pairs", &ts, pair);
	qsort(ts.t, ts.n, sizeof(*ts.t), cmp_tok);
	if (toks_measure(&ts) < 0)
		return 3;
	for (size_t i = 0; i < ts.n; i++) {
		size_t j = i + 1;
		while (j < ts.n && !strcmp(ts.t[j], ts.t[i]))
			j++;
		pair[i] = j < ts.n ? j : 0;
	}
	report_times("near pairs", &ts, pair);
	int rc = report_keys(&ts) < 0 ? 3 : 0;
	free(pair);
	free(ts.t);
	free(ts.len);
	return rc;
}
