/*
 * normalize.h - the one name normalization, used at import and query time.
 *
 * text_normalize() turns a name in any script into a lowercase ASCII key:
 * Unicode NFKC with case folding, transliteration of non-Latin scripts to
 * Latin (ICU "Any-Latin"), accents removed ("Latin-ASCII"), every run of
 * punctuation, symbols or spaces made one space, apostrophes dropped
 * ("O'Brien" -> "obrien"). Pure-ASCII input takes a fast path with no ICU
 * call. Thread-safe: each thread lazily opens its own ICU transliterator.
 */
#ifndef LICIT_NORMALIZE_H
#define LICIT_NORMALIZE_H

#include <stddef.h>

#include "util/buf.h"

/*
 * Append the normalized form of s[0..n) (UTF-8) to `out`. Invalid UTF-8
 * bytes are treated as separators. Returns 0, or -1 if ICU failed or
 * memory ran out (out is then unchanged in length).
 */
int text_normalize(const char *s, size_t n, buf *out);

/*
 * "SURNAME, Given Names" -> "Given Names SURNAME": when s[0..n) holds
 * exactly one comma with text on both sides, append the reordered name to
 * `out` and return 1; otherwise append nothing and return 0. Lists write
 * people this way; organizations ("CECOEX, S.A.") must not be reordered,
 * so callers apply it to persons (and to names of unknown kind).
 */
int text_reorder_comma(const char *s, size_t n, buf *out);

/*
 * The key a listed or queried name is compared by: text_normalize() of the
 * name, after text_reorder_comma() unless `schema` (a licit_schema) says
 * organization or vessel. Import and queries both go through it, so a name
 * keys the same way on both sides. Returns 0 or -1 like text_normalize.
 */
int text_name_key(const char *s, size_t n, int schema, buf *out);

/* Release this thread's ICU objects (tests and clean shutdown). */
void text_thread_cleanup(void);

#endif
