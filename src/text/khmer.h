/*
 * khmer.h - Khmer script to Latin letters, for name matching.
 *
 * ICU has no Khmer transliterator, so Khmer names would otherwise lose
 * every letter. The letter values come from data/khmer.tsv (a simplified
 * UNGEGN romanization); this file only knows the shape of a Khmer
 * syllable: a consonant, subscript consonants after the coeng mark, vowel
 * signs or the consonant's inherent vowel, and a final consonant.
 */
#ifndef LICIT_KHMER_H
#define LICIT_KHMER_H

#include <stddef.h>

#include "util/buf.h"

/* 1 if s[0..n) (UTF-8) holds a character of the Khmer block U+1780..17FF. */
int text_has_khmer(const char *s, size_t n);

/*
 * Append the Latin reading of the Khmer word s[0..n) to `out`, in lower
 * case ("ពូទីន" -> "putin", "ហ៊ុន" -> "hun"). Characters outside the
 * Khmer block are copied unchanged. Thread-safe (the table is built once).
 * Returns 0, or -1 if memory ran out.
 */
int text_khmer_latin(const char *s, size_t n, buf *out);

#endif
