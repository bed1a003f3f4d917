/*
 * score.h - comparing two names and explaining the score.
 *
 * A name is prepared once (normalized, tagged, weighted); comparing two
 * prepared names aligns their tokens one to one, whatever their order:
 * every pair gets a token similarity (exact, same given-name family, same
 * sound, Jaro-Winkler / edit distance for typos, an initial against a
 * word, two words written as one), pairs are taken best first, and tokens
 * left over cost their weight. A token's weight is its rarity in the
 * loaded lists (inverse document frequency) scaled down for legal forms,
 * honorifics and stop words, so "trading", "company" or "mohammad" count
 * less than a rare surname. Numbers must agree: "Snow Storm 1" is not
 * "Snow Storm 2".
 *
 *   score = sum over aligned pairs of sim * (w_q + w_c)
 *           ---------------------------------------------
 *               sum of w over every token of both names
 *
 * then adjusted by schema rules (below), giving a value in [0,1].
 */
#ifndef LICIT_SCORE_H
#define LICIT_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "text/nameparts.h"
#include "util/arena.h"
#include "util/buf.h"

#define MATCH_MAX_TOKENS 24
/* The largest share the better-covered side can have in a score. */
#define MATCH_COVER_MAX 0.6

/* Where token weights come from: the snapshot's token statistics, or none
 * (every ordinary token weighs the same). */
typedef struct match_weights {
	/* IDF of a token; `ctx` is passed through. NULL: uniform weights. */
	double (*idf)(const void *ctx, const char *tok, size_t len);
	const void *ctx;
	double max_idf; /* weight of a token the lists never use */
} match_weights;

typedef struct mtoken {
	const char *text, *canon;
	uint32_t len, canon_len, flags;
	uint32_t id; /* listed tokens: index in the snapshot; else UINT32_MAX */
	double weight;
	char phon[16];
	char coarse[16]; /* phon with voiced and voiceless consonants merged;
			    "" when phon has fewer than 3 letters */
	uint8_t digits; /* MT_DIGIT_* bits (match_token_finish) */
} mtoken;

/* Digits in a token: some within the first SIM_MAX_TOKEN letters (the
 * part that is compared), only digits, some anywhere. */
#define MT_DIGIT_COMPARED 1u
#define MT_DIGIT_ONLY 2u
#define MT_DIGIT_ANY 4u

/* Set m->digits and m->coarse from m->text and m->phon; whoever fills an
 * mtoken calls it. */
void match_token_finish(mtoken *m);

/*
 * Token-pair similarities remembered for one query: a listed token such as
 * "mohammad" recurs in many candidate names, and its similarity to each
 * query token is computed once. Direct-mapped; `gen` changes per query.
 */
#define MATCH_CACHE_SIZE 4096
typedef struct mcache_entry {
	uint32_t gen, tok;
	uint8_t q, kind;
	float sim;
} mcache_entry;
typedef struct mcache {
	uint32_t gen;
	mcache_entry e[MATCH_CACHE_SIZE];
} mcache;

typedef struct mname {
	mtoken t[MATCH_MAX_TOKENS];
	size_t n;
	int schema; /* licit_schema, LICIT_SCHEMA_UNKNOWN if not known */
	const char *norm; /* normalized full name */
	mcache *cache; /* query side: pair cache, or NULL */
} mname;

/* Why a pair of tokens matched. */
typedef enum mkind {
	MK_EXACT = 1,
	MK_VARIANT,  /* same given-name family */
	MK_PHONETIC, /* same sound */
	MK_FUZZY,    /* typo: Jaro-Winkler / edit distance */
	MK_INITIAL,  /* "A" against "Aleksandr" */
	MK_JOINED,   /* "vladimirputin" against "vladimir" + "putin" */
} mkind;

typedef struct mpair {
	int8_t q, c;  /* token indexes */
	int8_t c2, q2; /* MK_JOINED: the pair spans c..c2 (or q..q2); else -1 */
	uint8_t kind; /* mkind */
	double sim;
} mpair;

typedef struct mexplain {
	mpair pairs[MATCH_MAX_TOKENS];
	size_t n_pairs;
	double matched_weight, total_weight;
	double name_score;   /* before schema adjustments */
	double order_penalty, number_penalty, schema_penalty;
	double score;
} mexplain;

/*
 * Prepare `name` (any script) for comparison: normalize, split, tag,
 * weigh. Strings live in `a`. Returns 0, or -1 when out of memory.
 * Names with more than MATCH_MAX_TOKENS tokens keep the first ones.
 */
int match_prepare(const char *name, size_t len, int schema,
		  const match_weights *w, arena *a, mname *out);

/* Prepare from an already normalized key (snapshot names). */
int match_prepare_norm(const char *norm, size_t len, int schema,
		       const match_weights *w, arena *a, mname *out);

/* A token's weight: its IDF scaled down for legal forms, titles, stop
 * words and initials. */
double match_flag_weight(uint32_t flags, double idf);

/* The weight of a token with this IDF: match_flag_weight, and half for a
 * patronymic. */
double match_token_weight(const mtoken *m, double idf);

/* Compare two prepared names; fills *ex when not NULL. In [0,1]. */
double match_names(const mname *q, const mname *c, mexplain *ex);

/* Similarity of two single tokens in [0,1] and why (*kind). */
double match_tokens(const mtoken *a, const mtoken *b, mkind *kind);

/* match_tokens(&q->t[i], c), remembered in q->cache when c is a listed
 * token (c->id set) and q has a cache. */
double match_tokens_cached(const mname *q, size_t i, const mtoken *c,
			   mkind *kind);

/* "exact", "variant", "phonetic", "fuzzy", "initial", "joined". */
const char *mkind_name(mkind k);

#endif
