/*
 * wadegiles.c - Wade-Giles syllables to pinyin (see wadegiles.h).
 *
 * A syllable is either a whole-syllable entry of the table or an initial
 * (possibly none) followed by a final. Words are split into syllables by
 * a small backtracking search, longest candidates first, so "chinping"
 * reads as "chin" + "ping". The rules that depend on the neighbouring
 * part are kept here: the palatal initials (ch, ch', hs before i) and the
 * final u after the dental sibilants, which pinyin writes i.
 */
#include "text/wadegiles.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

extern const unsigned char licit_wade_giles_tsv[];
extern const size_t licit_wade_giles_tsv_len;

enum wg_part { WG_INITIAL, WG_FINAL, WG_SYLLABLE };

typedef struct wg_entry {
	unsigned char part, marker;
	char wg[6], py[6];
} wg_entry;

#define WG_MAX_ENTRIES 128
#define WG_MAX_WORD 24
#define WG_MAX_SYLLABLES 3

static wg_entry entries[WG_MAX_ENTRIES];
static size_t n_entries;
/* entries sorted by part and first letter; [part][letter] -> their range */
static struct {
	uint8_t first, end;
} by_letter[3][26];
static pthread_once_t wg_once = PTHREAD_ONCE_INIT;

static int letter_of(char c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' : -1;
}

static int cmp_entry(const void *x, const void *y)
{
	const wg_entry *a = x, *b = y;
	if (a->part != b->part)
		return a->part - b->part;
	return (unsigned char)a->wg[0] - (unsigned char)b->wg[0];
}

static void index_entries(void)
{
	qsort(entries, n_entries, sizeof(entries[0]), cmp_entry);
	for (size_t i = n_entries; i-- > 0;) {
		int c = letter_of(entries[i].wg[0]);
		if (c < 0)
			continue;
		if (!by_letter[entries[i].part][c].end)
			by_letter[entries[i].part][c].end = (uint8_t)(i + 1);
		by_letter[entries[i].part][c].first = (uint8_t)i;
	}
}

static int field(const char **p, const char *end, char *dst, size_t cap)
{
	const char *tab = memchr(*p, '\t', (size_t)(end - *p));
	const char *stop = tab ? tab : end;
	size_t n = (size_t)(stop - *p);
	if (n >= cap)
		return -1;
	memcpy(dst, *p, n);
	dst[n] = 0;
	*p = tab ? tab + 1 : end;
	return 0;
}

static void wg_build(void)
{
	const char *p = (const char *)licit_wade_giles_tsv;
	const char *end = p + licit_wade_giles_tsv_len;
	while (p < end && n_entries < WG_MAX_ENTRIES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		char part[12], marker[4];
		wg_entry *e = &entries[n_entries];
		const char *q = p;
		if (*p != '#' && p < nl && !field(&q, nl, part, sizeof(part)) &&
		    !field(&q, nl, e->wg, sizeof(e->wg)) &&
		    !field(&q, nl, e->py, sizeof(e->py)) &&
		    !field(&q, nl, marker, sizeof(marker))) {
			e->part = !strcmp(part, "initial") ? WG_INITIAL
				  : !strcmp(part, "final") ? WG_FINAL
							   : WG_SYLLABLE;
			e->marker = marker[0] == '1';
			n_entries++;
		}
		p = nl + 1;
	}
	index_entries();
}

static const wg_entry *exact(enum wg_part part, const char *s, size_t n)
{
	int c = n ? letter_of(s[0]) : -1;
	if (c < 0)
		return NULL;
	for (size_t i = by_letter[part][c].first; i < by_letter[part][c].end; i++)
		if (strlen(entries[i].wg) == n && !memcmp(entries[i].wg, s, n))
			return &entries[i];
	return NULL;
}

/* The pinyin of initial + final, with the rules that join them. */
static void join(const wg_entry *ini, const wg_entry *fin, buf *out)
{
	const char *py_ini = ini ? ini->py : "";
	int palatal = fin->wg[0] == 'i';
	if (ini && palatal && !strcmp(ini->wg, "ch"))
		py_ini = "j";
	else if (ini && palatal && !strcmp(ini->wg, "ch'"))
		py_ini = "q";
	buf_addstr(out, py_ini);
	int dental = ini && (ini->py[0] == 'z' || ini->py[0] == 'c' ||
			     (ini->py[0] == 's' && ini->py[1] == 0));
	if (dental && !strcmp(fin->wg, "u"))
		buf_addch(out, 'i');
	else
		buf_addstr(out, fin->py);
}

/*
 * Parse s[0..n) as 1..budget syllables, appending their pinyin to out.
 * Returns the number of marked syllables + 1 on success, 0 on failure
 * (out is then restored to its length on entry).
 */
static int parse(const char *s, size_t n, int budget, buf *out)
{
	if (n == 0)
		return 1;
	if (budget == 0)
		return 0;
	size_t mark = out->len;
	/* whole syllables, longest first */
	for (size_t len = n < 5 ? n : 5; len >= 1; len--) {
		const wg_entry *e = exact(WG_SYLLABLE, s, len);
		if (!e)
			continue;
		buf_addstr(out, e->py);
		int r = parse(s + len, n - len, budget - 1, out);
		if (r)
			return r + e->marker;
		out->len = mark;
	}
	/* initial (longest first, then none) + final (longest first) */
	for (int il = 3; il >= 0; il--) {
		if ((size_t)il > n)
			continue;
		const wg_entry *ini = il ? exact(WG_INITIAL, s, (size_t)il) : NULL;
		if (il && !ini)
			continue;
		for (size_t fl = n - (size_t)il < 4 ? n - (size_t)il : 4;
		     fl >= 1; fl--) {
			const wg_entry *fin =
				exact(WG_FINAL, s + il, fl);
			/* without an initial, i- and u- finals are spelled
			 * with y and w */
			if (!fin || (!ini && (fin->wg[0] == 'i' ||
					      fin->wg[0] == 'u')))
				continue;
			join(ini, fin, out);
			int r = parse(s + il + fl, n - (size_t)il - fl,
				      budget - 1, out);
			if (r)
				return r + fin->marker + (ini ? ini->marker : 0);
			out->len = mark;
		}
	}
	return 0;
}

static int is_word_char(char c)
{
	return isalpha((unsigned char)c) || c == '\'' || c == '`' || c == '-';
}

/* Parse the hyphen-separated parts of the word w[0..n) into t. Returns
 * the number of markers found + 1, or 0 when it is not Wade-Giles. */
static int parse_word(const char *w, size_t n, buf *t)
{
	int markers = 0;
	size_t parts = 0;
	for (size_t k = 0; k < n;) {
		char part[WG_MAX_WORD];
		size_t m = 0;
		for (; k < n && w[k] != '-'; k++) {
			if (m == sizeof(part))
				return 0;
			part[m++] = w[k] == '`' ? '\''
						: (char)tolower((unsigned char)w[k]);
		}
		if (k < n) {
			markers++; /* a hyphen between syllables */
			k++;
		}
		if (m == 0)
			continue;
		int r = parse(part, m, WG_MAX_SYLLABLES, t);
		if (!r || ++parts > WG_MAX_SYLLABLES)
			return 0;
		markers += r - 1;
	}
	return parts ? markers + 1 : 0;
}

int text_wade_giles(const char *s, size_t n, buf *out)
{
	pthread_once(&wg_once, wg_build);
	buf t;
	buf_init(&t, 1 << 12);
	int markers = 0, ok = 1;
	size_t words = 0;
	for (size_t i = 0; i < n && ok;) {
		if (!is_word_char(s[i])) {
			unsigned char c = (unsigned char)s[i++];
			if (c >= 0x80 || isdigit(c))
				ok = 0; /* not a romanized Chinese name */
			continue;
		}
		size_t j = i;
		while (j < n && is_word_char(s[j]))
			j++;
		if (words++)
			buf_addch(&t, ' ');
		int r = parse_word(s + i, j - i, &t);
		ok = r > 0;
		markers += r - 1;
		i = j;
	}
	ok = ok && markers > 0 && words >= 2 && buf_ok(&t);
	if (ok)
		buf_add(out, t.data, t.len);
	buf_release(&t);
	return ok;
}
