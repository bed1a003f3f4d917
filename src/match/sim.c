/*
 * sim.c - string similarity primitives for name tokens: Jaro-Winkler,
 * bounded Damerau-Levenshtein (optimal string alignment) and a phonetic key
 * for transliterated names.
 *
 * These run for every token pair the screener compares (about a hundred
 * candidates per query, several tokens each), so they never allocate: every
 * buffer lives on the stack and is at most SIM_MAX_TOKEN long, and longer
 * input is cut to that length. Jaro-Winkler keeps its match flags in 64-bit
 * masks; the edit distance computes only a band of 2*max+1 cells per row
 * and stops as soon as a whole row exceeds the bound.
 *
 * The phonetic key is licit's own rule set, written for the Latin spellings
 * that sanctions lists use for Arabic, Russian, Persian, Chinese, Korean,
 * Hebrew and European names. It keeps the consonant skeleton of a token:
 *  - a token that starts with a vowel, "y", "j", "dj", "dzh", "dz" or "zh"
 *    gets the initial class "a" ("yusuf" = "jusuf" = "iosif" = "asf",
 *    "yevgeniy" = "evgeniy", "djamal" = "jamal"); every other vowel and
 *    every "y" is dropped, so "putin" = "poutine" and gender endings collide
 *    ("ivanov" = "ivanova", "tchaikovsky" = "tchaikovskaya"), which is what
 *    a screen wants;
 *  - spellings of one sound share one code: f/v/w/ph -> f; c/k/q/ck -> k
 *    ("c" before e/i/y -> s); kh/h -> h; ch/sh/sch/tch/tsch/shch/sz/cz/cs ->
 *    x; j/dj/dzh/dz/zh -> j; z/ts/tz -> z; th -> t; dh -> d; dt -> t;
 *    gh -> g; x -> ks, but "h" at the start (Uzbek x, pinyin x, Wade-Giles
 *    "hs"); a final "ic" -> x (Serbo-Croat -ic / -ich); "j" after a vowel
 *    and before a consonant or the end is the glide "y" ("sergej", "-skij");
 *    "h" ending a token after a vowel is silent ("abdullah" = "abdulla");
 *  - final d -> t and final b -> p (Turkish and Slavic devoicing: "ahmed"
 *    = "ahmet", "yakub" = "yakup");
 *  - a letter written twice is one ("mohammed" = "muhammad" = "mhmt");
 *  - digits are kept verbatim and never merged, so numbers must agree.
 * The price of dropping vowels: names told apart only by them share a key
 * ("mohammed" = "mahmoud", "hassan" = "hussein", "li" = "liu"); the key
 * finds candidates, the Jaro-Winkler score then ranks them. Known misses by
 * design: g is not k ("gaddafi" vs "qaddafi", "kim" vs "gim"), s is not z
 * ("said" vs "zaid" must stay apart), w between vowels is not a vowel
 * ("dawud" vs "daoud"), internal ch is never kh ("michail" vs "mikhail").
 *
 * Edge cases the header leaves open: Jaro-Winkler gives 0 when either
 * token is empty, both included (an empty token is no evidence of a match);
 * a negative bound for the edit distance is taken as 0.
 */
#include <stdint.h>
#include <string.h>

#include "match/sim.h"

#include "banned.h"

static size_t clamp_len(size_t n)
{
	return n > SIM_MAX_TOKEN ? SIM_MAX_TOKEN : n;
}

/* ---- Jaro-Winkler -------------------------------------------------------- */

static uint64_t low_bits(size_t n)
{
	return n >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << n) - 1);
}

/* The window of b positions a[i] may match: [i - win, i + win] within b. */
static uint64_t jw_window(size_t i, size_t win, uint64_t in_b)
{
	uint64_t below = i > win ? low_bits(i - win) : 0;
	return low_bits(i + win + 1) & in_b & ~below;
}

/* Counts the characters of a that match one of b within the window; sets
 * *ma / *mb to the masks of the matched positions. Bit j of eq[c] is set
 * when b[j] == c; only the entries of bytes that occur are initialised, so
 * the work is linear in the lengths and has no branch on the data. */
static size_t jw_matches(const char *a, size_t na, const char *b, size_t nb,
			 uint64_t *ma, uint64_t *mb)
{
	size_t longer = na > nb ? na : nb;
	size_t win = longer / 2 > 0 ? longer / 2 - 1 : 0;
	uint64_t eq[256];
	for (size_t i = 0; i < na; i++)
		eq[(unsigned char)a[i]] = 0;
	for (size_t j = 0; j < nb; j++)
		eq[(unsigned char)b[j]] = 0;
	for (size_t j = 0; j < nb; j++)
		eq[(unsigned char)b[j]] |= (uint64_t)1 << j;
	uint64_t in_b = low_bits(nb), used = 0, got = 0;
	for (size_t i = 0; i < na; i++) {
		uint64_t cand = eq[(unsigned char)a[i]]
				& jw_window(i, win, in_b) & ~used;
		uint64_t pick = cand & (~cand + 1);
		used |= pick;
		got |= (uint64_t)(pick != 0) << i;
	}
	*ma = got;
	*mb = used;
	return (size_t)__builtin_popcountll(got);
}

/* Half the number of matched characters that come in a different order. */
static size_t jw_transpositions(const char *a, uint64_t ma, const char *b,
				uint64_t mb)
{
	size_t t = 0;
	while (ma && mb) {
		int i = __builtin_ctzll(ma), j = __builtin_ctzll(mb);
		t += a[i] != b[j];
		ma &= ma - 1;
		mb &= mb - 1;
	}
	return t / 2;
}

double sim_jaro_winkler(const char *a, size_t na, const char *b, size_t nb)
{
	na = clamp_len(na);
	nb = clamp_len(nb);
	if (na == 0 || nb == 0)
		return 0.0;
	if (na == nb && memcmp(a, b, na) == 0)
		return 1.0;
	uint64_t ma, mb;
	size_t m = jw_matches(a, na, b, nb, &ma, &mb);
	if (m == 0)
		return 0.0;
	size_t t = jw_transpositions(a, ma, b, mb);
	double dm = (double)m;
	double jaro = (dm / (double)na + dm / (double)nb + (dm - (double)t) / dm)
		      / 3.0;
	if (jaro < 0.7)
		return jaro;
	size_t l = 0;
	while (l < 4 && l < na && l < nb && a[l] == b[l])
		l++;
	return jaro + (double)l * 0.1 * (1.0 - jaro);
}

/* ---- bounded Damerau-Levenshtein (OSA) ----------------------------------- */

static int min3(int x, int y, int z)
{
	int m = x < y ? x : y;
	return m < z ? m : z;
}

/* Row i (1-based over a) of the OSA table, only columns [lo, hi]; cells
 * outside the band keep the value `cap` written by the caller. Returns the
 * row's minimum. */
static int osa_row(const char *a, size_t i, const char *b, size_t lo,
		   size_t hi, const int *pp, const int *p, int *cur, int cap)
{
	int best = cap;
	if (lo == 0) {
		cur[0] = (int)i < cap ? (int)i : cap;
		best = cur[0];
		lo = 1;
	}
	for (size_t j = lo; j <= hi; j++) {
		int cost = a[i - 1] != b[j - 1];
		int v = min3(p[j] + 1, cur[j - 1] + 1, p[j - 1] + cost);
		if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
		    && pp[j - 2] + 1 < v)
			v = pp[j - 2] + 1;
		if (v > cap)
			v = cap;
		cur[j] = v;
		if (v < best)
			best = v;
	}
	return best;
}

int sim_damerau_bounded(const char *a, size_t na, const char *b, size_t nb,
			int max)
{
	na = clamp_len(na);
	nb = clamp_len(nb);
	if (max < 0)
		max = 0;
	if (max > SIM_MAX_TOKEN)
		max = SIM_MAX_TOKEN;
	if (na > nb) {
		const char *ts = a;
		a = b;
		b = ts;
		size_t tn = na;
		na = nb;
		nb = tn;
	}
	int cap = max + 1;
	if (nb - na > (size_t)max)
		return cap;
	/* A common prefix or suffix never takes part in an optimal edit (a
	 * transposition across its border would need two equal letters). */
	while (na > 0 && a[0] == b[0]) {
		a++, b++;
		na--, nb--;
	}
	while (na > 0 && a[na - 1] == b[nb - 1])
		na--, nb--;
	if (na == 0)
		return (int)nb;
	/* Only cells of the band are read, plus the one on each side that the
	 * row before set to cap: row 0 is needed up to column max + 1. */
	int rows[3][SIM_MAX_TOKEN + 1];
	int *pp = rows[0], *p = rows[1], *cur = rows[2];
	size_t band = (size_t)max;
	for (size_t j = 0; j <= nb && j <= band + 1; j++)
		p[j] = (int)j < cap ? (int)j : cap;
	for (size_t i = 1; i <= na; i++) {
		size_t lo = i > band ? i - band : 0;
		size_t hi = i + band < nb ? i + band : nb;
		/* the cells just left and right of the band are read next row */
		if (lo > 0)
			cur[lo - 1] = cap;
		if (hi < nb)
			cur[hi + 1] = cap;
		if (osa_row(a, i, b, lo, hi, pp, p, cur, cap) >= cap)
			return cap;
		int *t = pp;
		pp = p;
		p = cur;
		cur = t;
	}
	return p[nb] < cap ? p[nb] : cap;
}

/* ---- phonetic key -------------------------------------------------------- */

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
	       || c == 'y';
}

/* One sound unit read at s[i]: up to two code letters (none for a vowel)
 * and how many bytes it spans. */
enum unit_kind { U_VOWEL, U_CODE, U_DIGIT, U_SKIP };

typedef struct unit {
	char c1, c2;
	unsigned char len, kind;
} unit;

static unit code1(char c, unsigned char len)
{
	return (unit){c, 0, len, U_CODE};
}

static unit vowel(void)
{
	return (unit){0, 0, 1, U_VOWEL};
}

static int at2(const char *s, size_t n, size_t i, char x, char y)
{
	return i + 1 < n && s[i] == x && s[i + 1] == y;
}

static int at3(const char *s, size_t n, size_t i, const char *p)
{
	return i + 2 < n && s[i] == p[0] && s[i + 1] == p[1]
	       && s[i + 2] == p[2];
}

static int at4(const char *s, size_t n, size_t i, const char *p)
{
	return i + 3 < n && memcmp(s + i, p, 4) == 0;
}

static unit unit_c(const char *s, size_t n, size_t i)
{
	char nx = i + 1 < n ? s[i + 1] : 0;
	if (nx == 'h' || nx == 'z' || nx == 's')
		return code1('x', 2);
	if (nx == 'k')
		return code1('k', 2);
	if (nx == 'e' || nx == 'i' || nx == 'y')
		return code1('s', 1);
	if (i + 1 == n && i > 0 && s[i - 1] == 'i')
		return code1('x', 1);
	return code1('k', 1);
}

static unit unit_d(const char *s, size_t n, size_t i)
{
	if (at3(s, n, i, "dzh"))
		return code1('j', 3);
	if (at2(s, n, i, 'd', 'j') || at2(s, n, i, 'd', 'z'))
		return code1('j', 2);
	if (at2(s, n, i, 'd', 'h'))
		return code1('d', 2);
	if (at2(s, n, i, 'd', 't'))
		return code1('t', 2);
	return code1(i + 1 == n ? 't' : 'd', 1);
}

static unit unit_s(const char *s, size_t n, size_t i)
{
	if (at4(s, n, i, "shch"))
		return code1('x', 4);
	if (at3(s, n, i, "sch"))
		return code1('x', 3);
	if (at2(s, n, i, 's', 'h') || at2(s, n, i, 's', 'z'))
		return code1('x', 2);
	return code1('s', 1);
}

static unit unit_t(const char *s, size_t n, size_t i)
{
	if (at4(s, n, i, "tsch"))
		return code1('x', 4);
	if (at3(s, n, i, "tch"))
		return code1('x', 3);
	if (at2(s, n, i, 't', 'h'))
		return code1('t', 2);
	if (at2(s, n, i, 't', 's') || at2(s, n, i, 't', 'z'))
		return code1('z', 2);
	return code1('t', 1);
}

/* "j" after a vowel and not before one is the glide y: a vowel. */
static unit unit_j(const char *s, size_t n, size_t i)
{
	int after_vowel = i > 0 && is_vowel(s[i - 1]);
	int before_vowel = i + 1 < n && is_vowel(s[i + 1]);
	return after_vowel && !before_vowel ? vowel() : code1('j', 1);
}

/* "h" ending a token after a vowel is silent. */
static unit unit_h(const char *s, size_t n, size_t i)
{
	return i + 1 == n && i > 0 && is_vowel(s[i - 1]) ? vowel()
							 : code1('h', 1);
}

static unit unit_at(const char *s, size_t n, size_t i)
{
	char c = s[i], nx = i + 1 < n ? s[i + 1] : 0;
	if (is_vowel(c))
		return vowel();
	if (c >= '0' && c <= '9')
		return (unit){c, 0, 1, U_DIGIT};
	switch (c) {
	case 'b':
		return code1(i + 1 == n ? 'p' : 'b', 1);
	case 'c':
		return unit_c(s, n, i);
	case 'd':
		return unit_d(s, n, i);
	case 'g':
		return code1('g', nx == 'h' ? 2 : 1);
	case 'h':
		if (i == 0 && nx == 's') /* Wade-Giles hs = pinyin x */
			return code1('h', 2);
		return unit_h(s, n, i);
	case 'j':
		return unit_j(s, n, i);
	case 'k':
		return nx == 'h' ? code1('h', 2) : code1('k', 1);
	case 'p':
		return nx == 'h' ? code1('f', 2) : code1('p', 1);
	case 'q':
		return code1('k', 1);
	case 's':
		return unit_s(s, n, i);
	case 't':
		return unit_t(s, n, i);
	case 'v':
	case 'w':
		return code1('f', 1);
	case 'x':
		return i == 0 ? code1('h', 1) : (unit){'k', 's', 1, U_CODE};
	case 'z':
		return nx == 'h' ? code1('j', 2) : code1('z', 1);
	case 'f':
	case 'l':
	case 'm':
	case 'n':
	case 'r':
		return code1(c, 1);
	default:
		return (unit){0, 0, 1, U_SKIP};
	}
}

/* The key being written: `last` is the previous letter code when no vowel
 * came between, so that doubled letters collapse; digits never do. */
typedef struct key_out {
	char *out;
	size_t cap, len;
	char last;
} key_out;

static void key_put(key_out *k, char c, int digit)
{
	if (!digit && c == k->last)
		return;
	k->last = digit ? 0 : c;
	if (k->len + 1 < k->cap)
		k->out[k->len++] = c;
}

/* The first unit decides the initial class: vowels and the j-like sounds
 * (j, dj, dzh, zh, and y as a vowel) all give "a". */
static void key_unit(key_out *k, unit u, int first)
{
	if (u.kind == U_SKIP)
		return;
	if (u.kind == U_VOWEL || (first && u.c1 == 'j')) {
		if (first)
			key_put(k, 'a', 0);
		k->last = 0;
		return;
	}
	key_put(k, u.c1, u.kind == U_DIGIT);
	if (u.c2)
		key_put(k, u.c2, 0);
}

size_t sim_phonetic(const char *tok, size_t n, char *out, size_t cap)
{
	if (!out || cap == 0)
		return 0;
	char s[SIM_MAX_TOKEN];
	size_t len = 0;
	for (size_t i = 0; i < n && len < SIM_MAX_TOKEN; i++) {
		char c = tok[i];
		s[len++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	key_out k = {out, cap, 0, 0};
	int first = 1;
	for (size_t i = 0; i < len;) {
		unit u = unit_at(s, len, i);
		key_unit(&k, u, first);
		if (u.kind != U_SKIP)
			first = 0;
		i += u.len;
	}
	out[k.len] = 0;
	return k.len;
}

size_t sim_phonetic_coarse(const char *key, char *out, size_t cap)
{
	size_t n = 0;
	for (; *key && n + 1 < cap; key++) {
		char c = *key;
		switch (c) {
		case 'b':
			c = 'p';
			break;
		case 'd':
			c = 't';
			break;
		case 'g':
			c = 'k';
			break;
		case 'z':
			c = 's';
			break;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	return n;
}
