/*
 * khmer.c - Khmer to Latin by syllable (see khmer.h).
 *
 * A Khmer syllable is written as an onset consonant, subscript consonants
 * (each after U+17D2 coeng), then vowel signs; without a vowel sign the
 * consonant carries its inherent vowel, "a" for the first series and "o"
 * for the second ("ពត" -> "pot"). A consonant with no vowel of its own that
 * follows a vowel closes the syllable ("ន" in "ហ៊ុន"). The series shifters
 * move a consonant to the other series, and turn "b" into "p" (the Latin
 * value after the shifter is the table's fourth column). Signs that
 * silence a consonant remove its letters.
 */
#include "text/khmer.h"

#include <pthread.h>
#include <string.h>

#include "util/utf8.h"
#include "banned.h"

extern const unsigned char licit_khmer_tsv[];
extern const size_t licit_khmer_tsv_len;

enum kclass { K_NONE, K_C1, K_C2, K_IV, K_V, K_SHIFT, K_COENG, K_KILL, K_DIGIT };

typedef struct kletter {
	unsigned char cls;
	char latin[5];
	char shifted[5];
} kletter;

#define KHMER_FIRST 0x1780
#define KHMER_COUNT 0x80

static kletter table[KHMER_COUNT];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static enum kclass class_of(const char *s, size_t n)
{
	static const char *const names[] = {"",      "c1",    "c2",
					    "iv",    "v",     "shift",
					    "coeng", "kill",  "digit"};
	for (size_t i = 1; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return (enum kclass)i;
	return K_NONE;
}

static void copy_field(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* One line: char TAB class TAB latin [TAB shifted]. */
static void parse_line(const char *p, const char *nl)
{
	uint32_t cp;
	int len = utf8_decode((const unsigned char *)p, (size_t)(nl - p), &cp);
	if (len <= 0 || cp < KHMER_FIRST || cp >= KHMER_FIRST + KHMER_COUNT)
		return;
	const char *f[3];
	size_t fl[3], nf = 0;
	for (const char *q = p + len; q < nl && *q == '\t' && nf < 3; nf++) {
		f[nf] = q + 1;
		q = memchr(f[nf], '\t', (size_t)(nl - f[nf]));
		if (!q)
			q = nl;
		fl[nf] = (size_t)(q - f[nf]);
	}
	if (nf < 2)
		return;
	kletter *k = &table[cp - KHMER_FIRST];
	k->cls = (unsigned char)class_of(f[0], fl[0]);
	copy_field(k->latin, sizeof(k->latin), f[1], fl[1]);
	if (nf > 2)
		copy_field(k->shifted, sizeof(k->shifted), f[2], fl[2]);
}

static void table_build(void)
{
	const char *p = (const char *)licit_khmer_tsv;
	const char *end = p + licit_khmer_tsv_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		const char *tab = memchr(p, '\t', (size_t)(nl - p));
		if (*p != '#' && tab)
			parse_line(p, nl);
		p = nl + 1;
	}
}

static const kletter *letter(uint32_t cp)
{
	static const kletter none = {K_NONE, "", ""};
	if (cp < KHMER_FIRST || cp >= KHMER_FIRST + KHMER_COUNT)
		return &none;
	return &table[cp - KHMER_FIRST];
}

int text_has_khmer(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode(u + i, n - i, &cp);
		if (cp >= KHMER_FIRST && cp < KHMER_FIRST + KHMER_COUNT)
			return 1;
		i += (size_t)(len > 0 ? len : 1);
	}
	return 0;
}

#define KHMER_MAX_CP 256

static int is_consonant(const kletter *k)
{
	return k->cls == K_C1 || k->cls == K_C2;
}

/* Whether the consonant at i (with no vowel of its own) closes the
 * syllable before it: nothing that belongs to it follows. */
static int is_final(const uint32_t *cp, size_t n, size_t i)
{
	if (i >= n || !is_consonant(letter(cp[i])))
		return 0;
	if (i + 1 >= n)
		return 1;
	unsigned char next = letter(cp[i + 1])->cls;
	return next != K_V && next != K_COENG && next != K_SHIFT;
}

/* The onset at *i: a consonant, shifters, subscripts. Returns its series. */
static int onset(const uint32_t *cp, size_t n, size_t *i, buf *out)
{
	const kletter *k = letter(cp[*i]);
	int series = k->cls;
	size_t at = out->len;
	buf_addstr(out, k->latin);
	(*i)++;
	for (;;) {
		if (*i < n && letter(cp[*i])->cls == K_SHIFT) {
			series = series == K_C1 ? K_C2 : K_C1;
			if (k->shifted[0]) {
				out->len = at;
				buf_addstr(out, k->shifted);
			}
			(*i)++;
		} else if (*i + 1 < n && letter(cp[*i])->cls == K_COENG &&
			   is_consonant(letter(cp[*i + 1]))) {
			buf_addstr(out, letter(cp[*i + 1])->latin);
			*i += 2;
		} else {
			return series;
		}
	}
}

static void syllables(const uint32_t *cp, size_t n, buf *out)
{
	size_t i = 0, last_cons = 0;
	while (i < n) {
		const kletter *k = letter(cp[i]);
		if (is_consonant(k)) {
			last_cons = out->len;
			int series = onset(cp, n, &i, out);
			int vowel = 0;
			while (i < n && letter(cp[i])->cls == K_V) {
				buf_addstr(out, letter(cp[i])->latin);
				vowel = 1;
				i++;
			}
			if (!vowel)
				buf_addch(out, series == K_C1 ? 'a' : 'o');
			if (is_final(cp, n, i)) {
				last_cons = out->len;
				buf_addstr(out, letter(cp[i])->latin);
				i++;
			}
		} else if (k->cls == K_IV || k->cls == K_DIGIT) {
			buf_addstr(out, k->latin);
			i++;
			if (k->cls == K_IV && is_final(cp, n, i)) {
				last_cons = out->len;
				buf_addstr(out, letter(cp[i])->latin);
				i++;
			}
		} else if (k->cls == K_KILL) {
			out->len = last_cons; /* the consonant is not sounded */
			i++;
		} else {
			i++; /* other signs and punctuation carry no letters */
		}
	}
}

int text_khmer_latin(const char *s, size_t n, buf *out)
{
	pthread_once(&table_once, table_build);
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp[KHMER_MAX_CP];
	size_t i = 0;
	while (i < n) {
		size_t m = 0, j = i;
		/* a run of Khmer characters, as code points */
		while (j < n && m < KHMER_MAX_CP) {
			uint32_t c;
			int len = utf8_decode(u + j, n - j, &c);
			if (c < KHMER_FIRST || c >= KHMER_FIRST + KHMER_COUNT)
				break;
			cp[m++] = c;
			j += (size_t)len;
		}
		if (m) {
			syllables(cp, m, out);
			i = j;
			continue;
		}
		uint32_t c;
		int len = utf8_decode(u + i, n - i, &c);
		size_t step = (size_t)(len > 0 ? len : 1);
		buf_add(out, s + i, step);
		i += step;
	}
	return buf_ok(out) ? 0 : -1;
}
