/*
 * country.c - country name lookup over the compiled-in data/countries.tsv.
 *
 * Names are folded the way the table was generated: accents dropped,
 * lowercase, every run of other characters one space. A name that does not
 * match whole is retried without a parenthesized or comma-separated tail
 * ("Korea, North" is in the table; "Russia (Crimea)" falls back to
 * "russia").
 */
#include "text/country.h"

#include <pthread.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/hashmap.h"
#include "util/utf8.h"
#include "banned.h"

extern const unsigned char licit_countries_tsv[];
extern const size_t licit_countries_tsv_len;

static hashmap table;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void table_build(void)
{
	const char *p = (const char *)licit_countries_tsv;
	const char *end = p + licit_countries_tsv_len;
	hashmap_init(&table);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		const char *tab = memchr(p, '\t', (size_t)(nl - p));
		if (*p != '#' && tab && nl - tab == 3) {
			uint32_t code = (uint32_t)(unsigned char)tab[1] << 8 |
					(unsigned char)tab[2];
			if (hashmap_put(&table, p, (size_t)(tab - p), code) < 0)
				return; /* lookups then fail soft */
		}
		p = nl + 1;
	}
}

/* Latin-1 supplement letters to their base letter; 0 = drop. */
static char fold_latin1(uint32_t cp)
{
	static const char map[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
				  "aaaaaaaceeeeiiiidnooooo ouuuuyty";
	if (cp >= 0xC0 && cp <= 0xFF)
		return map[cp - 0xC0] == ' ' ? 0 : map[cp - 0xC0];
	return 0;
}

static void fold(const char *s, buf *out)
{
	size_t n = strlen(s);
	int space = 1;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		i += (size_t)len;
		char c = 0;
		if (cp < 0x80) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				c = (char)cp;
			else if (cp >= 'A' && cp <= 'Z')
				c = (char)(cp - 'A' + 'a');
		} else if (cp >= 0x300 && cp <= 0x36F) {
			continue; /* combining accent */
		} else {
			c = fold_latin1(cp);
		}
		if (c) {
			buf_addch(out, c);
			space = 0;
		} else if (!space) {
			buf_addch(out, ' ');
			space = 1;
		}
	}
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
}

static int lookup(const char *k, size_t n, char out[3])
{
	uint32_t v;
	if (!n || !hashmap_get(&table, k, n, &v))
		return 0;
	out[0] = (char)(v >> 8);
	out[1] = (char)(v & 0xFF);
	out[2] = '\0';
	return 1;
}

int country_code(const char *name, char out[3])
{
	memset(out, 0, 3);
	if (!name)
		return 0;
	pthread_once(&table_once, table_build);
	buf b;
	buf_init(&b, 4096);
	fold(name, &b);
	int found = 0;
	if (buf_ok(&b) && b.len) {
		found = lookup(b.data, b.len, out);
		if (!found) {
			/* retry with the part before "(" or "," */
			const char *cut = strpbrk(name, "(,;");
			if (cut && cut != name) {
				buf head;
				buf_init(&head, 4096);
				char *tmp = NULL;
				buf_add(&head, name, (size_t)(cut - name));
				if (buf_ok(&head)) {
					tmp = buf_detach(&head, NULL);
					buf_reset(&b);
					fold(tmp, &b);
					found = buf_ok(&b) &&
						lookup(b.data, b.len, out);
				}
				buf_release(&head);
				licit__free(tmp);
			}
		}
	}
	buf_release(&b);
	return found;
}
