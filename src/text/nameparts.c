/*
 * nameparts.c - split a normalized name into tagged tokens.
 *
 * The five compiled-in tables (data/legal-forms.tsv, honorifics.tsv,
 * stopwords.tsv, number-words.tsv, given-names.tsv) are copied once, under
 * pthread_once, into one heap buffer whose tabs and newlines become NULs,
 * so every spelling and canonical form is a NUL-terminated string that
 * lives for the whole process. One hashmap is keyed by single tokens and by
 * multi-token phrases ("s a de c v" is looked up as that exact substring
 * of the input, which is already single-space separated). A key's value
 * packs three things, so a plain token costs one lookup:
 *   bits  0..15  phrase entry + 1 (legal form, honorific, stop or number
 *                word spelled exactly like the key), 0 = none
 *   bits 16..27  given-name family + 1, 0 = none
 *   bits 28..31  the most tokens of any phrase that starts with this token
 * Longer windows are only tried when the first token starts a phrase.
 *
 * name_parse() makes two arena allocations (a copy of the input and the
 * token array) and nothing else per token; if the tables could not be
 * built (out of memory at first use) it still splits and tags initials and
 * digits. It never reads outside norm[0..len).
 */
#include "text/nameparts.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/hashmap.h"
#include "banned.h"

extern const unsigned char licit_legal_forms_tsv[];
extern const size_t licit_legal_forms_tsv_len;
extern const unsigned char licit_honorifics_tsv[];
extern const size_t licit_honorifics_tsv_len;
extern const unsigned char licit_stopwords_tsv[];
extern const size_t licit_stopwords_tsv_len;
extern const unsigned char licit_number_words_tsv[];
extern const size_t licit_number_words_tsv_len;
extern const unsigned char licit_given_names_tsv[];
extern const size_t licit_given_names_tsv_len;

#define MAX_PHRASE 8
#define ENTRY_MAX 0xFFFFu
#define FAMILY_MAX 0xFFFu

enum kind { K_LEGAL, K_HONORIFIC, K_STOP, K_CARD, K_TENS, K_ORD, K_ROMAN };
enum where { W_ANY, W_NOTFIRST, W_EDGE };

typedef struct entry {
	const char *canon; /* NUL-terminated, in the table copy */
	uint32_t canon_len;
	uint8_t kind, where, ntok;
	uint32_t value; /* numbers */
} entry;

static struct {
	char *text; /* all tables, tabs and newlines made NUL */
	entry *entries;
	size_t n_entries, cap_entries;
	const char **family; /* canonical given name of each family */
	uint32_t *family_len;
	size_t n_family, cap_family;
	hashmap map;
	/* single-word legal forms of LONG_LEGAL letters or more, for typos */
	const char *long_legal[64];
	const entry *long_legal_entry[64];
	size_t n_long_legal;
	int ok;
} T;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static uint32_t count_tokens(const char *s, size_t n)
{
	uint32_t k = 1;
	for (size_t i = 0; i < n; i++)
		k += s[i] == ' ';
	return k;
}

/* Add `bits` to the value of key, keeping what other tables put there. */
static int map_merge(const char *key, size_t len, uint32_t mask,
		     uint32_t bits)
{
	uint32_t v = 0;
	hashmap_get(&T.map, key, len, &v);
	if (v & mask & ~0xF0000000u)
		return 0; /* first spelling wins */
	if (mask == 0xF0000000u) {
		if ((v >> 28) >= (bits >> 28))
			return 0;
		v &= ~mask;
	}
	return hashmap_put(&T.map, key, len, v | bits);
}

static int add_entry(const char *key, size_t klen, entry e)
{
	if (!klen || T.n_entries >= ENTRY_MAX - 1)
		return 0;
	uint32_t ntok = count_tokens(key, klen);
	if (ntok > MAX_PHRASE)
		return 0;
	if (T.n_entries == T.cap_entries) {
		size_t cap = T.cap_entries ? T.cap_entries * 2 : 256;
		entry *ne = licit__realloc(T.entries, cap * sizeof(*ne));
		if (!ne)
			return -1;
		T.entries = ne;
		T.cap_entries = cap;
	}
	uint32_t v = 0;
	if (hashmap_get(&T.map, key, klen, &v) && (v & 0xFFFFu))
		return 0; /* spelled in an earlier table: that one wins */
	e.ntok = (uint8_t)ntok;
	T.entries[T.n_entries++] = e;
	if (map_merge(key, klen, 0xFFFFu, (uint32_t)T.n_entries) < 0)
		return -1;
	if (ntok > 1) {
		const char *sp = memchr(key, ' ', klen);
		if (map_merge(key, (size_t)(sp - key), 0xF0000000u,
			      ntok << 28) < 0)
			return -1;
	}
	return 0;
}

/* Split a line at tabs into NUL-terminated fields; returns the count. */
static int fields(char *line, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		f[n++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

#define LONG_LEGAL 9

static int parse_legal(char **f, int n)
{
	if (n != 3)
		return 0;
	entry e = { f[0], (uint32_t)strlen(f[0]), K_LEGAL, W_ANY, 0, 0 };
	if (!strcmp(f[1], "notfirst"))
		e.where = W_NOTFIRST;
	else if (!strcmp(f[1], "edge"))
		e.where = W_EDGE;
	size_t len = strlen(f[2]);
	if (len >= LONG_LEGAL && !strchr(f[2], ' ') &&
	    T.n_long_legal < sizeof(T.long_legal) / sizeof(T.long_legal[0]))
		T.long_legal[T.n_long_legal++] = f[2];
	return add_entry(f[2], len, e);
}

/* Levenshtein distance of a and b if at most 2, else 3. */
static int edits_upto2(const char *a, size_t na, const char *b, size_t nb)
{
	if ((na > nb ? na - nb : nb - na) > 2 || na > 40 || nb > 40)
		return 3;
	int prev[41], cur[41];
	for (size_t j = 0; j <= nb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = (int)i;
		int best = cur[0];
		for (size_t j = 1; j <= nb; j++) {
			int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > 2)
			return 3;
		memcpy(prev, cur, (nb + 1) * sizeof(int));
	}
	return prev[nb] > 2 ? 3 : prev[nb];
}

/* A long legal form misspelt ("aktiengeselschaft"): its entry, or NULL. */
static const entry *legal_typo(const char *t, size_t n)
{
	if (n < LONG_LEGAL)
		return NULL;
	for (size_t k = 0; k < T.n_long_legal; k++) {
		const char *l = T.long_legal[k];
		if (edits_upto2(t, n, l, strlen(l)) <= (n >= 12 ? 2 : 1))
			return T.long_legal_entry[k];
	}
	return NULL;
}

static int parse_honorific(char **f, int n)
{
	const char *canon = n >= 2 && *f[1] ? f[1] : NULL;
	entry e = { canon, canon ? (uint32_t)strlen(canon) : 0, K_HONORIFIC,
		    W_ANY, 0, 0 };
	return add_entry(f[0], strlen(f[0]), e);
}

static int parse_stop(char **f, int n)
{
	(void)n;
	entry e = { NULL, 0, K_STOP, W_ANY, 0, 0 };
	return add_entry(f[0], strlen(f[0]), e);
}

static int parse_number(char **f, int n)
{
	if (n != 3)
		return 0;
	entry e = { f[1], (uint32_t)strlen(f[1]), K_CARD, W_ANY, 0, 0 };
	e.value = (uint32_t)strtoul(f[1], NULL, 10);
	if (!strcmp(f[2], "tens"))
		e.kind = K_TENS;
	else if (!strcmp(f[2], "ord"))
		e.kind = K_ORD;
	else if (!strcmp(f[2], "roman"))
		e.kind = K_ROMAN;
	return add_entry(f[0], strlen(f[0]), e);
}

static int parse_family(char **f, int n)
{
	if (T.n_family >= FAMILY_MAX - 1)
		return 0;
	if (T.n_family == T.cap_family) {
		size_t cap = T.cap_family ? T.cap_family * 2 : 256;
		const char **nf = licit__realloc(T.family, cap * sizeof(*nf));
		if (!nf)
			return -1;
		T.family = nf;
		uint32_t *nl = licit__realloc(T.family_len, cap * sizeof(*nl));
		if (!nl)
			return -1;
		T.family_len = nl;
		T.cap_family = cap;
	}
	T.family[T.n_family] = f[0];
	T.family_len[T.n_family] = (uint32_t)strlen(f[0]);
	T.n_family++;
	for (int i = 0; i < n; i++)
		if (*f[i] && map_merge(f[i], strlen(f[i]), 0x0FFF0000u,
				       (uint32_t)T.n_family << 16) < 0)
			return -1;
	return 0;
}

/* Run `row` over each non-comment line of a table copied at *pos. */
static int load(const unsigned char *data, size_t len, size_t *pos,
		int (*row)(char **, int))
{
	char *p = T.text + *pos;
	memcpy(p, data, len);
	p[len] = '\0';
	*pos += len + 1;
	char *end = p + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*p && *p != '#') {
			char *f[64];
			int n = fields(p, f, 64);
			if (row(f, n) < 0)
				return -1;
		}
		p = nl + 1;
	}
	return 0;
}

static uint32_t lookup(const char *k, size_t n);
static const entry *entry_of(uint32_t v);

static const entry *entry_of_key(const char *k, size_t n)
{
	return entry_of(lookup(k, n));
}

static void table_build(void)
{
	size_t total = licit_legal_forms_tsv_len + licit_honorifics_tsv_len +
		       licit_stopwords_tsv_len + licit_number_words_tsv_len +
		       licit_given_names_tsv_len + 5;
	hashmap_init(&T.map);
	T.text = licit__malloc(total);
	if (!T.text)
		return;
	size_t pos = 0;
	/* earlier tables win a spelling that two of them list */
	if (load(licit_legal_forms_tsv, licit_legal_forms_tsv_len, &pos,
		 parse_legal) < 0 ||
	    load(licit_honorifics_tsv, licit_honorifics_tsv_len, &pos,
		 parse_honorific) < 0 ||
	    load(licit_number_words_tsv, licit_number_words_tsv_len, &pos,
		 parse_number) < 0 ||
	    load(licit_stopwords_tsv, licit_stopwords_tsv_len, &pos,
		 parse_stop) < 0 ||
	    load(licit_given_names_tsv, licit_given_names_tsv_len, &pos,
		 parse_family) < 0)
		return; /* lookups then fail soft: no tags */
	T.ok = 1;
	for (size_t k = 0; k < T.n_long_legal; k++) {
		const char *l = T.long_legal[k];
		T.long_legal_entry[k] = entry_of_key(l, strlen(l));
	}
}

static int all_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "2nd", "21st", "4th": length of the digits, else 0. */
static size_t ordinal_digits(const char *s, size_t n)
{
	if (n < 3 || !all_digits(s, n - 2))
		return 0;
	const char *suf = s + n - 2;
	if (!memcmp(suf, "st", 2) || !memcmp(suf, "nd", 2) ||
	    !memcmp(suf, "rd", 2) || !memcmp(suf, "th", 2))
		return n - 2;
	return 0;
}

static uint32_t lookup(const char *k, size_t n)
{
	uint32_t v = 0;
	if (!T.ok || !hashmap_get(&T.map, k, n, &v))
		return 0;
	return v;
}

static const entry *entry_of(uint32_t v)
{
	return (v & 0xFFFFu) ? &T.entries[(v & 0xFFFFu) - 1] : NULL;
}

static int allowed(const entry *e, size_t i, size_t n, size_t ntok)
{
	if (e->where == W_NOTFIRST)
		return i > 0;
	if (e->where == W_EDGE)
		return i == 0 || i + n == ntok;
	return 1;
}

/* Longest phrase starting at raw token i: its entry and token count. */
static const entry *match(const char *norm, const name_token *raw,
			  const uint32_t *off, size_t i, size_t ntok,
			  uint32_t v, size_t *n)
{
	size_t maxn = v >> 28;
	if (maxn > ntok - i)
		maxn = ntok - i;
	for (size_t k = maxn; k >= 2; k--) {
		size_t last = i + k - 1;
		size_t klen = off[last] + raw[last].len - off[i];
		const entry *e = entry_of(lookup(norm + off[i], klen));
		if (e && e->ntok == k && allowed(e, i, k, ntok)) {
			*n = k;
			return e;
		}
	}
	const entry *e = entry_of(v);
	*n = 1;
	return e && allowed(e, i, 1, ntok) ? e : NULL;
}

static void set_text(name_token *t, const char *s, uint32_t len)
{
	t->text = t->canon = s;
	t->len = t->canon_len = len;
}

int name_parse(const char *norm, size_t len, arena *a, name_tokens *out)
{
	out->v = NULL;
	out->n = 0;
	pthread_once(&table_once, table_build);
	if (len > UINT32_MAX / 2)
		return -1;
	uint32_t upper = count_tokens(norm, len);
	char *copy = arena_alloc(a, len + 1 + upper * sizeof(uint32_t) +
					    sizeof(uint32_t));
	name_token *tok = arena_alloc(a, upper * sizeof(*tok));
	if (!copy || !tok)
		return -1;
	memcpy(copy, norm, len);
	copy[len] = '\0';
	/* offsets of the raw tokens, after the copy (aligned) */
	uint32_t *off = (uint32_t *)(copy + ((len + 1 + 3) & ~(size_t)3));

	size_t ntok = 0;
	for (size_t i = 0; i < len;) {
		if (copy[i] == ' ') {
			copy[i++] = '\0';
			continue;
		}
		size_t j = i;
		while (j < len && copy[j] != ' ')
			j++;
		off[ntok] = (uint32_t)i;
		set_text(&tok[ntok], copy + i, (uint32_t)(j - i));
		tok[ntok].flags = 0;
		ntok++;
		i = j;
	}

	/* In place: output token o is written only after raw tokens >= o
	 * that it needs were read. */
	size_t o = 0;
	for (size_t i = 0; i < ntok;) {
		name_token t = tok[i];
		uint32_t v = lookup(t.text, t.len);
		size_t n = 1;
		const entry *e = v ? match(norm, tok, off, i, ntok, v, &n)
				   : NULL;
		if (!v && i > 0 && (e = legal_typo(t.text, t.len)) &&
		    e->kind != K_LEGAL)
			e = NULL;
		if (e && e->kind == K_LEGAL) {
			set_text(&t, e->canon, e->canon_len);
			t.flags = NAMEPART_LEGAL;
			tok[o++] = t;
			i += n;
			continue;
		}
		if (e && e->kind == K_HONORIFIC && n > 1) {
			for (size_t k = 0; k < n; k++) {
				name_token h = tok[i + k];
				h.flags = NAMEPART_HONORIFIC |
					  (h.len == 1 ? NAMEPART_INITIAL : 0);
				tok[o++] = h;
			}
			i += n;
			continue;
		}
		i++;
		if (e && e->kind == K_HONORIFIC) {
			t.flags |= NAMEPART_HONORIFIC;
			if (e->canon) {
				t.canon = e->canon;
				t.canon_len = e->canon_len;
			}
		} else if (e && e->kind == K_STOP) {
			t.flags |= NAMEPART_STOP;
		} else if (e && e->kind == K_TENS && i < ntok) {
			const entry *u = entry_of(lookup(tok[i].text,
							 tok[i].len));
			set_text(&t, e->canon, e->canon_len);
			t.flags |= NAMEPART_NUMBER;
			if (u && u->kind == K_CARD && u->value >= 1 &&
			    u->value <= 9) {
				char *s = arena_printf(a, "%u",
						       e->value + u->value);
				if (!s)
					return -1;
				set_text(&t, s, (uint32_t)strlen(s));
				i++;
			}
		} else if (e && (e->kind == K_CARD || e->kind == K_TENS ||
				 e->kind == K_ORD ||
				 (e->kind == K_ROMAN && i > 1))) {
			set_text(&t, e->canon, e->canon_len);
			t.flags |= NAMEPART_NUMBER;
		} else if (all_digits(t.text, t.len)) {
			t.flags |= NAMEPART_NUMBER;
		} else {
			size_t d = ordinal_digits(t.text, t.len);
			if (d) {
				((char *)t.text)[d] = '\0';
				set_text(&t, t.text, (uint32_t)d);
				t.flags |= NAMEPART_NUMBER;
			}
		}
		if (t.len == 1 && t.text[0] >= 'a' && t.text[0] <= 'z')
			t.flags |= NAMEPART_INITIAL;
		if ((v & 0x0FFF0000u) && !(t.flags & NAMEPART_NUMBER)) {
			uint32_t fam = ((v >> 16) & 0xFFFu) - 1;
			t.canon = T.family[fam];
			t.canon_len = T.family_len[fam];
		}
		tok[o++] = t;
	}
	out->v = tok;
	out->n = o;
	return 0;
}
