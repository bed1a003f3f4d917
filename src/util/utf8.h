/*
 * utf8.h - UTF-8 validation and legacy-encoding conversion.
 */
#ifndef LICIT_UTF8_H
#define LICIT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Offset of the first byte of s[0..n) that is not part of a well-formed
 * UTF-8 sequence (overlongs, surrogates and code points past U+10FFFF are
 * ill-formed), or n if the whole range is valid.
 */
size_t utf8_invalid_at(const unsigned char *s, size_t n);

/*
 * Decode one code point at s (n bytes available). Returns its length in
 * bytes (1..4) and writes *cp; for an ill-formed sequence returns 1 and
 * writes U+FFFD.
 */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Append code point cp as UTF-8. */
void utf8_put(buf *b, uint32_t cp);

/* Append s[0..n) read as Windows-1252 (a superset of Latin-1), as UTF-8. */
void utf8_from_cp1252(buf *b, const unsigned char *s, size_t n);

/* 1 if s[0..n) is pure ASCII. */
int ascii_only(const unsigned char *s, size_t n);

#endif
