/*
 * normalize.c - name normalization over ICU (see normalize.h).
 *
 * Steps for non-ASCII input: UTF-8 -> UTF-16; NFKC_Casefold (compatibility
 * forms and case in one pass); if anything outside ASCII remains, the
 * "Any-Latin; Latin-ASCII" transliterator; then the same ASCII pass as the
 * fast path, which keeps letters and digits and turns everything else into
 * single spaces.
 */
#include "text/normalize.h"

#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include <pthread.h>

#include "licit.h"
#include "util/alloc.h"
#include "util/hashmap.h"
#include "util/utf8.h"
#include "text/khmer.h"
#include "text/wadegiles.h"
#include "banned.h"

extern const unsigned char licit_translit_tsv[];
extern const size_t licit_translit_tsv_len;

static hashmap translit_map; /* native token -> offset of its Latin form */
static pthread_once_t translit_once = PTHREAD_ONCE_INIT;

static void translit_build(void)
{
	const char *base = (const char *)licit_translit_tsv;
	const char *p = base, *end = base + licit_translit_tsv_len;
	hashmap_init(&translit_map);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		const char *tab = memchr(p, '\t', (size_t)(nl - p));
		if (*p != '#' && tab &&
		    hashmap_put(&translit_map, p, (size_t)(tab - p),
				(uint32_t)(tab + 1 - base)) < 0)
			return; /* lookups then find less; never wrong */
		p = nl + 1;
	}
}

/* The Latin form of a native-script name token, or NULL. */
static const char *translit_lookup(const char *tok, size_t n, size_t *len)
{
	uint32_t off;
	pthread_once(&translit_once, translit_build);
	if (!hashmap_get(&translit_map, tok, n, &off))
		return NULL;
	const char *base = (const char *)licit_translit_tsv;
	const char *nl = memchr(base + off, '\n', licit_translit_tsv_len - off);
	*len = nl ? (size_t)(nl - (base + off)) : licit_translit_tsv_len - off;
	return base + off;
}

/* Separators inside names besides ASCII punctuation: the katakana middle
 * dot, the Latin middle dot, the ideographic space. */
static size_t separator_len(const unsigned char *s, size_t n)
{
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x83 && s[2] == 0xBB)
		return 3; /* U+30FB */
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3; /* U+3000 */
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xB7)
		return 2; /* U+00B7 */
	if (s[0] < 0x80 && !((s[0] >= 'a' && s[0] <= 'z') ||
			     (s[0] >= 'A' && s[0] <= 'Z') ||
			     (s[0] >= '0' && s[0] <= '9')))
		return 1;
	return 0;
}

static int icu_normalize(const char *s, size_t n, buf *out);
static int icu_token(const char *s, size_t n, buf *out);

/* 1 if the token is written in Arabic (with Persian and Urdu letters) or
 * Hebrew script: abjads, which write long vowels with the letters that
 * ICU renders as w and y, and short vowels not at all. */
static int is_abjad(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		if ((cp >= 0x0590 && cp <= 0x06FF) ||
		    (cp >= 0x0750 && cp <= 0x077F) ||
		    (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF))
			return 1;
		i += (size_t)len;
	}
	return 0;
}

/*
 * Transliterate an abjad token and read its vowel letters as vowels: after
 * the first letter, w is u and y is i ("bwtyn" -> "butin", "wldymyr" ->
 * "wldimir"), which brings it near the usual Latin spelling.
 */
/* Urdu letters that ICU's Arabic transliteration passes over, as the
 * Arabic letters they are written from (retroflex t, d, r; noon ghunna;
 * gol he; bari ye). */
static void urdu_to_arabic(const char *s, size_t n, buf *out)
{
	static const struct {
		const char *from, *to;
	} map[] = {
		{"\xD9\xB9", "\xD8\xAA"}, /* U+0679 -> U+062A */
		{"\xDA\x88", "\xD8\xAF"}, /* U+0688 -> U+062F */
		{"\xDA\x91", "\xD8\xB1"}, /* U+0691 -> U+0631 */
		{"\xDA\xBA", "\xD9\x86"}, /* U+06BA -> U+0646 */
		{"\xDB\x81", "\xD9\x87"}, /* U+06C1 -> U+0647 */
		{"\xDB\x92", "\xD9\x8A"}, /* U+06D2 -> U+064A */
	};
	for (size_t i = 0; i < n;) {
		size_t k = 0;
		for (; k < sizeof(map) / sizeof(map[0]); k++)
			if (i + 2 <= n && !memcmp(s + i, map[k].from, 2))
				break;
		if (k < sizeof(map) / sizeof(map[0])) {
			buf_add(out, map[k].to, 2);
			i += 2;
		} else {
			buf_addch(out, s[i++]);
		}
	}
}

static int abjad_token(const char *s, size_t n, buf *out)
{
	buf t, u;
	buf_init(&t, 1 << 16);
	buf_init(&u, 1 << 16);
	urdu_to_arabic(s, n, &u);
	int rc = buf_ok(&u) ? icu_token(u.data, u.len, &t) : -1;
	buf_release(&u);
	if (rc == 0) {
		int start = 1;
		for (size_t i = 0; i < t.len; i++) {
			char c = t.data[i];
			if (!start && c == 'w')
				c = 'u';
			else if (!start && c == 'y')
				c = 'i';
			start = c == ' ';
			buf_addch(out, c);
		}
	}
	buf_release(&t);
	return rc;
}

/* 1 if every character of the token is a Han ideograph. */
static int is_han(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		if (!((cp >= 0x3400 && cp <= 0x4DBF) ||
		      (cp >= 0x4E00 && cp <= 0x9FFF) ||
		      (cp >= 0xF900 && cp <= 0xFAFF) ||
		      (cp >= 0x20000 && cp <= 0x2FFFF)))
			return 0;
		i += (size_t)len;
	}
	return n > 0;
}

/*
 * A Han token in pinyin, its syllables written together as Chinese names
 * are in Latin ("近平" -> "jinping"). A name of one Han token and no
 * separator is a Chinese name with its surname first: that syllable stays
 * apart ("习近平" -> "xi jinping"). Transcribed foreign names come with
 * separators ("弗拉基米尔·普京"): each part becomes one word.
 */
static int han_token(const char *s, size_t n, int whole_name, buf *out)
{
	buf t;
	buf_init(&t, 1 << 16);
	int rc = icu_token(s, n, &t);
	if (rc == 0) {
		int spaces = 0;
		for (size_t i = 0; i < t.len; i++) {
			if (t.data[i] == ' ' && !(whole_name && spaces++ == 0))
				continue;
			buf_addch(out, t.data[i]);
		}
	}
	buf_release(&t);
	return rc;
}

static size_t count_tokens(const unsigned char *u, size_t n)
{
	size_t tokens = 0;
	for (size_t i = 0; i < n;) {
		size_t sep = separator_len(u + i, n - i);
		if (sep) {
			i += sep;
			continue;
		}
		tokens++;
		while (i < n && !separator_len(u + i, n - i))
			i++;
	}
	return tokens;
}

/*
 * Rewrite native-script name tokens that ICU's rule-based transliteration
 * alone reads badly: tokens the Wikidata-derived table knows get their
 * usual Latin spelling ("블라디미르" -> "vladimir"); Arabic and Hebrew
 * tokens have their vowel letters read; Han tokens are joined into words;
 * Khmer, which ICU does not transliterate, is read by syllable. Returns 1
 * when anything was replaced (the rewritten text is in out).
 */
static int translit_tokens(const char *s, size_t n, buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	int changed = 0;
	int one_token = count_tokens(u, n) == 1;
	size_t i = 0;
	while (i < n) {
		size_t sep = separator_len(u + i, n - i);
		if (sep) {
			buf_addch(out, ' ');
			i += sep;
			continue;
		}
		size_t j = i;
		while (j < n && !separator_len(u + j, n - j))
			j++;
		size_t len, tn = j - i;
		const char *latin = ascii_only(u + i, tn)
					    ? NULL
					    : translit_lookup(s + i, tn, &len);
		if (latin) {
			buf_add(out, latin, len);
			changed = 1;
		} else if (is_abjad(u + i, tn) &&
			   abjad_token(s + i, tn, out) == 0) {
			changed = 1;
		} else if (is_han(u + i, tn) &&
			   han_token(s + i, tn, one_token, out) == 0) {
			changed = 1;
		} else if (text_has_khmer(s + i, tn) &&
			   text_khmer_latin(s + i, tn, out) == 0) {
			changed = 1;
		} else {
			buf_add(out, s + i, tn);
		}
		i = j;
	}
	return changed && buf_ok(out);
}

#define NORM_MAX_UNITS 65536 /* longest input normalized, in UTF-16 units */

static _Thread_local UTransliterator *tl_trans;

/*
 * This thread's memory of ICU results by token. Batches repeat name
 * tokens (common surnames and given names in every script), and one ICU
 * transliteration costs as much as the rest of a screening; a token's
 * result does not depend on its neighbours, so it is remembered.
 * Direct-mapped: a colliding token replaces the older one.
 */
#define TOKEN_CACHE_SLOTS 32768
#define TOKEN_CACHE_KEY 40
#define TOKEN_CACHE_VALUE 64

typedef struct token_slot {
	uint8_t key_len, value_len;
	char key[TOKEN_CACHE_KEY];
	char value[TOKEN_CACHE_VALUE];
} token_slot;

static _Thread_local token_slot *tl_tokens;

void text_thread_cleanup(void)
{
	if (tl_trans) {
		utrans_close(tl_trans);
		tl_trans = NULL;
	}
	licit__free(tl_tokens);
	tl_tokens = NULL;
}

extern const unsigned char licit_latin_rules[];
extern const size_t licit_latin_rules_len;

/* This thread's transliterator, compiled from data/latin-rules.txt. */
static UTransliterator *translit(void)
{
	if (tl_trans)
		return tl_trans;
	static const UChar id[] = {'l', 'i', 'c', 'i', 't', '-', 'l',
				   'a', 't', 'i', 'n', 0};
	int32_t cap = (int32_t)licit_latin_rules_len + 1, len = 0;
	UChar *rules = licit__malloc((size_t)cap * sizeof(UChar));
	UErrorCode st = U_ZERO_ERROR;
	if (!rules)
		return NULL;
	u_strFromUTF8(rules, cap, &len, (const char *)licit_latin_rules,
		      (int32_t)licit_latin_rules_len, &st);
	UParseError pe;
	if (U_SUCCESS(st))
		tl_trans = utrans_openU(id, -1, UTRANS_FORWARD, rules, len,
					&pe, &st);
	if (U_FAILURE(st))
		tl_trans = NULL;
	licit__free(rules);
	return tl_trans;
}

/* Append the ASCII fold of s[0..n): [a-z0-9] kept, apostrophes dropped,
 * every other run one space; no leading or trailing space. */
static void ascii_fold(const char *s, size_t n, buf *out)
{
	int pending_space = 0;
	size_t start = out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (pending_space && out->len > start)
				buf_addch(out, ' ');
			pending_space = 0;
			buf_addch(out, (char)c);
		} else if (c == '\'' || c == '`') {
			continue;
		} else {
			pending_space = 1;
		}
	}
}

static int icu_normalize(const char *s, size_t n, buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0;
	if (n > NORM_MAX_UNITS)
		n = NORM_MAX_UNITS;
	UChar *u = licit__malloc((n + 1) * sizeof(UChar));
	int32_t cap2 = (int32_t)(n * 8 + 16);
	UChar *v = licit__malloc((size_t)cap2 * sizeof(UChar));
	char *o = NULL;
	int rc = -1;
	if (!u || !v)
		goto done;
	u_strFromUTF8WithSub(u, (int32_t)n + 1, &ulen, s, (int32_t)n, ' ',
			     NULL, &st);
	if (U_FAILURE(st))
		goto done;
	const UNormalizer2 *nf = unorm2_getNFKCCasefoldInstance(&st);
	if (U_FAILURE(st))
		goto done;
	int32_t vlen = unorm2_normalize(nf, u, ulen, v, cap2, &st);
	if (U_FAILURE(st))
		goto done;
	int ascii = 1;
	for (int32_t i = 0; i < vlen; i++)
		if (v[i] >= 0x80)
			ascii = 0;
	if (!ascii) {
		UTransliterator *t = translit();
		if (!t)
			goto done;
		int32_t limit = vlen;
		utrans_transUChars(t, v, &vlen, cap2, 0, &limit, &st);
		if (U_FAILURE(st))
			goto done;
	}
	int32_t olen = 0;
	o = licit__malloc((size_t)vlen * 4 + 1);
	if (!o)
		goto done;
	u_strToUTF8WithSub(o, vlen * 4 + 1, &olen, v, vlen, ' ', NULL, &st);
	if (U_FAILURE(st))
		goto done;
	ascii_fold(o, (size_t)olen, out);
	rc = buf_ok(out) ? 0 : -1;
done:
	licit__free(u);
	licit__free(v);
	licit__free(o);
	return rc;
}

/* icu_normalize() of one token, through this thread's cache. */
static int icu_token(const char *s, size_t n, buf *out)
{
	if (!tl_tokens)
		tl_tokens = licit__calloc(TOKEN_CACHE_SLOTS, sizeof(*tl_tokens));
	token_slot *slot = NULL;
	if (tl_tokens && n <= TOKEN_CACHE_KEY) {
		slot = &tl_tokens[hash_bytes(s, n) & (TOKEN_CACHE_SLOTS - 1)];
		if (slot->key_len == n && !memcmp(slot->key, s, n)) {
			buf_add(out, slot->value, slot->value_len);
			return buf_ok(out) ? 0 : -1;
		}
	}
	size_t at = out->len;
	int rc = icu_normalize(s, n, out);
	size_t got = out->len - at;
	if (rc == 0 && slot && n > 0 && got <= TOKEN_CACHE_VALUE) {
		slot->key_len = (uint8_t)n;
		memcpy(slot->key, s, n);
		slot->value_len = (uint8_t)got;
		if (got) /* a token may fold to nothing (out->data unset) */
			memcpy(slot->value, out->data + at, got);
	}
	return rc;
}

/*
 * icu_normalize() of a name, token by token (tokens are separated by
 * spaces): the same result, since every transform in the chain works
 * within a word, but tokens seen before cost a lookup.
 */
static int icu_tokens(const char *s, size_t n, buf *out)
{
	size_t start = out->len;
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		size_t before = out->len;
		if (out->len > start)
			buf_addch(out, ' ');
		size_t mark = out->len;
		int rc = ascii_only((const unsigned char *)s + i, j - i)
				 ? (ascii_fold(s + i, j - i, out), 0)
				 : icu_token(s + i, j - i, out);
		if (rc < 0)
			return -1;
		if (out->len == mark)
			out->len = before; /* the token folded to nothing */
		i = j;
	}
	return buf_ok(out) ? 0 : -1;
}

/*
 * Latin-1 Supplement and Latin Extended-A letters (U+00C0..U+017F) as the
 * ASCII that NFKD without marks, case folding and the Latin-ASCII rules
 * give (generated with Python's unicodedata; letters without a
 * decomposition written by hand: ß ss, æ ae, œ oe, ø o, đ d, ł l, þ th,
 * ı i, ħ h, ŧ t ...). Names in Western and Central European spelling, most
 * of what is screened, are folded with this table without calling ICU.
 */
static const char *const latin_fold[0x180 - 0xC0] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
	"i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", " ",
	"o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a",
	"a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u",
	"u", "y", "th", "y", "a", "a", "a", "a", "a", "a", "c", "c",
	"c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e", "e",
	"e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i",
	"i", "i", "i", "i", "i", "i", "ij", "ij", "j", "j", "k", "k",
	"k", "l", "l", "l", "l", "l", "l", "l", "l", "l", "l", "n",
	"n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s",
	"s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t", "t",
	"u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u",
	"w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* The fast path for Latin text: 1 and the folded text in out if every
 * character is ASCII or in the table, else 0 and out untouched. */
static int latin_fast(const char *s, size_t n, buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode(u + i, n - i, &cp);
		if (cp >= 0x80 && (cp < 0xC0 || cp >= 0x180))
			return 0;
		i += (size_t)len;
	}
	buf t;
	buf_init(&t, 1 << 20);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode(u + i, n - i, &cp);
		if (cp < 0x80)
			buf_addch(&t, (char)cp);
		else
			buf_addstr(&t, latin_fold[cp - 0xC0]);
		i += (size_t)len;
	}
	int ok = buf_ok(&t);
	if (ok)
		ascii_fold(t.data, t.len, out);
	buf_release(&t);
	return ok;
}

int text_normalize(const char *s, size_t n, buf *out)
{
	if (ascii_only((const unsigned char *)s, n)) {
		buf py;
		buf_init(&py, 1 << 12);
		if (text_wade_giles(s, n, &py))
			ascii_fold(py.data, py.len, out);
		else
			ascii_fold(s, n, out);
		buf_release(&py);
		return buf_ok(out) ? 0 : -1;
	}
	if (latin_fast(s, n, out))
		return buf_ok(out) ? 0 : -1;
	buf t;
	buf_init(&t, 1 << 20);
	int rc;
	if (translit_tokens(s, n, &t))
		rc = icu_tokens(t.data, t.len, out);
	else
		rc = icu_tokens(s, n, out);
	buf_release(&t);
	return rc;
}

int text_reorder_comma(const char *s, size_t n, buf *out)
{
	const char *comma = memchr(s, ',', n);
	if (!comma || memchr(comma + 1, ',', n - (size_t)(comma + 1 - s)))
		return 0;
	size_t head = (size_t)(comma - s), tail = n - head - 1;
	const char *t = comma + 1;
	while (tail && *t == ' ') {
		t++;
		tail--;
	}
	if (!head || !tail)
		return 0;
	buf_add(out, t, tail);
	buf_addch(out, ' ');
	buf_add(out, s, head);
	return buf_ok(out);
}

int text_name_key(const char *s, size_t n, int schema, buf *out)
{
	buf re;
	buf_init(&re, 1 << 16);
	if (schema != LICIT_SCHEMA_ORGANIZATION &&
	    schema != LICIT_SCHEMA_VESSEL && text_reorder_comma(s, n, &re)) {
		s = re.data;
		n = re.len;
	}
	int rc = text_normalize(s, n, out);
	buf_release(&re);
	return rc;
}
