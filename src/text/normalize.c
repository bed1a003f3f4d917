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

#include "util/alloc.h"
#include "util/utf8.h"
#include "banned.h"

#define NORM_MAX_UNITS 65536 /* longest input normalized, in UTF-16 units */

static _Thread_local UTransliterator *tl_trans;

void text_thread_cleanup(void)
{
	if (tl_trans) {
		utrans_close(tl_trans);
		tl_trans = NULL;
	}
}

static UTransliterator *translit(void)
{
	if (!tl_trans) {
		static const char id[] = "Any-Latin; Latin-ASCII; Lower";
		UChar uid[64];
		UErrorCode st = U_ZERO_ERROR;
		u_uastrcpy(uid, id);
		tl_trans = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL,
					&st);
		if (U_FAILURE(st))
			tl_trans = NULL;
	}
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

int text_normalize(const char *s, size_t n, buf *out)
{
	if (ascii_only((const unsigned char *)s, n)) {
		ascii_fold(s, n, out);
		return buf_ok(out) ? 0 : -1;
	}
	return icu_normalize(s, n, out);
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
