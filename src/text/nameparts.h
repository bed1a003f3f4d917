/*
 * nameparts.h - a normalized name as tagged tokens.
 *
 * name_parse() splits the output of text_normalize() into tokens and tags
 * each one, using the project's tables under data/ (compiled in):
 *  - legal forms are made one canonical token across languages and
 *    abbreviations ("limited liability company", "llc", "ooo",
 *    "obshchestvo s ogranichennoy otvetstvennostyu", "gmbh" -> one id;
 *    "joint stock company", "jsc", "ao", "zao", "oao", "pao" ...; "s a de c
 *    v", "sp z o o", "pte ltd", "aktiengesellschaft"/"ag" ...) and tagged
 *    NAMEPART_LEGAL: they count little in a comparison;
 *  - honorifics and titles ("mr", "dr", "sheikh", "shaikh", "haji",
 *    "general", "president" ...) are tagged NAMEPART_HONORIFIC;
 *  - stop words ("of", "the", "and", "for" ...) are tagged NAMEPART_STOP;
 *    particles of personal names ("al", "bin", "de", "van") are ordinary
 *    tokens: they are part of the name;
 *  - number words and ordinals become digits ("two" -> "2", "second" /
 *    "2nd" / "ii" in an organization name -> "2") and are tagged
 *    NAMEPART_NUMBER;
 *  - single letters are tagged NAMEPART_INITIAL;
 *  - given-name variants get a canonical form in `canon` ("mohamed",
 *    "muhammad", "mohammad" -> one form; "aleksandr"/"alexander"; "bill" ->
 *    "william") used in addition to the token itself.
 * Multi-token phrases (legal forms) are merged into one token.
 * Thread-safe after the first call (tables are built once).
 */
#ifndef LICIT_NAMEPARTS_H
#define LICIT_NAMEPARTS_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum namepart_flag {
	NAMEPART_LEGAL = 1 << 0,
	NAMEPART_HONORIFIC = 1 << 1,
	NAMEPART_STOP = 1 << 2,
	NAMEPART_NUMBER = 1 << 3,
	NAMEPART_INITIAL = 1 << 4,
};

typedef struct name_token {
	const char *text;  /* the token as normalized (merged phrase for legal
			      forms: the canonical id, e.g. "llc") */
	const char *canon; /* canonical given-name form, or == text */
	uint32_t len, canon_len;
	uint32_t flags;    /* enum namepart_flag */
} name_token;

typedef struct name_tokens {
	name_token *v;
	size_t n;
} name_tokens;

/*
 * Parse `norm` (text_normalize output: lowercase ASCII words separated by
 * single spaces). Tokens and strings are allocated in `a`. Returns 0, or
 * -1 when out of memory.
 */
int name_parse(const char *norm, size_t len, arena *a, name_tokens *out);

#endif
