/*
 * wadegiles.h - Chinese names in Wade-Giles read as pinyin.
 *
 * Older lists, Taiwan and the press write Chinese names in Wade-Giles
 * ("Mao Tse-tung", "Hsi Chin-p'ing"); newer lists use pinyin ("Mao
 * Zedong", "Xi Jinping"). The two spell most syllables differently, so
 * no letter-level similarity bridges them. The syllable tables are
 * data/wade-giles.tsv; this file parses a name into syllables and decides
 * whether it is Wade-Giles at all.
 */
#ifndef LICIT_WADEGILES_H
#define LICIT_WADEGILES_H

#include <stddef.h>

#include "util/buf.h"

/*
 * When every word of the name s[0..n) is one to three Wade-Giles
 * syllables (hyphens between them allowed) and the name shows it is
 * Wade-Giles (a hyphen, an aspiration apostrophe, or a spelling pinyin
 * never uses, such as "hs", "tz" or "-ung"), append its pinyin reading
 * to `out`, the syllables of a word written together ("mao zedong"), and
 * return 1. Otherwise append nothing and return 0. Input other than
 * ASCII is never Wade-Giles here. Thread-safe.
 */
int text_wade_giles(const char *s, size_t n, buf *out);

#endif
