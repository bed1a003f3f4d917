/*
 * sim.h - string similarity primitives for name tokens.
 *
 * Inputs are normalized tokens: lowercase ASCII letters and digits (the
 * output of text_normalize split on spaces). All functions are pure, need
 * no allocation for tokens up to SIM_MAX_TOKEN bytes (longer input is
 * truncated to that length), and are thread-safe.
 */
#ifndef LICIT_SIM_H
#define LICIT_SIM_H

#include <stddef.h>

#define SIM_MAX_TOKEN 64

/*
 * Jaro-Winkler similarity in [0,1]: 1 for equal strings, 0 when nothing
 * matches (or either is empty). Prefix scale 0.1 over at most 4 characters,
 * applied only when the Jaro similarity is at least 0.7.
 */
double sim_jaro_winkler(const char *a, size_t na, const char *b, size_t nb);

/*
 * Damerau-Levenshtein distance (optimal string alignment: insertions,
 * deletions, substitutions, transpositions of adjacent characters), bounded:
 * returns the distance if it is <= max, else max + 1. Runs in
 * O(max * min(na, nb)) time.
 */
int sim_damerau_bounded(const char *a, size_t na, const char *b, size_t nb,
			int max);

/*
 * A phonetic key for a name token, written NUL-terminated to out (at most
 * cap bytes including the NUL; cap >= 2). Tokens that sound alike across
 * common transliterations get the same key: "mohammed" / "muhammad" /
 * "mokhammad", "vladimir" / "wladimir", "putin" / "poutine", "aleksandr" /
 * "alexander", "yusuf" / "yousef" / "jusuf", "tchaikovsky" / "chaykovskiy".
 * Digits are kept as they are (numbers must agree exactly). Returns the key
 * length.
 */
size_t sim_phonetic(const char *tok, size_t n, char *out, size_t cap);

/*
 * A coarser key made from a phonetic key, for finding candidates only:
 * voiced and voiceless stops and sibilants fall together (b/p, d/t, g/k,
 * z/s), as they do across transliterations (Arabic has no p, pinyin "b"
 * is Wade-Giles "p"). Writes NUL-terminated into out (cap >= 2); returns
 * the length.
 */
size_t sim_phonetic_coarse(const char *key, char *out, size_t cap);

#endif
