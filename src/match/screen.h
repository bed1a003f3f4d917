/*
 * screen.h - screening one party against a snapshot.
 *
 * Two steps. Candidates: each query token finds the listed tokens that
 * are the same, sound the same or are the same given name spelled another
 * way (snapshot keys), rare tokens first; every name holding one gathers
 * the token's weight times its similarity, and the best-supported names go
 * on. Scoring: each candidate name is compared in full (match_names), the
 * best name of each entity counts for the entity, and the non-name
 * evidence given (birth date, country, identifier) moves the score.
 *
 * A screener holds per-thread scratch space sized to the snapshot; use one
 * per thread. The snapshot must outlive it.
 */
#ifndef LICIT_SCREEN_H
#define LICIT_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "index/snapshot.h"
#include "match/score.h"

typedef struct screen_query {
	const char *name;
	int schema;           /* licit_schema; 0 for any */
	const char *country;  /* ISO code or name, or NULL */
	const char *birth_date; /* partial date text, or NULL */
	const char *id;       /* an identifier (passport, IMO ...), or NULL */
	const char *const *sources; /* only these source ids (NULL: all) */
	size_t n_sources;
	const char *gender;   /* "male"/"m"/"female"/"f", or NULL */
} screen_query;

typedef struct screen_feature {
	const char *name; /* "birth_date", "country", "identifier", "gender" */
	double delta;     /* added to the score */
	const char *detail;
} screen_feature;

typedef struct screen_hit {
	uint32_t entity;  /* index in the snapshot */
	uint32_t name;    /* index of the best matching name */
	double score;     /* final score */
	double name_score;
	mexplain ex;      /* the name comparison */
	const mname *q;   /* the query's tokens (in the screener's arena) */
	mname c;          /* the listed name's tokens, for explanations */
	screen_feature features[5];
	size_t n_features;
} screen_hit;

typedef struct screener screener;

screener *screener_new(const snapshot *s);
void screener_free(screener *sc);

/* The weights of tokens in this snapshot (IDF), for match_prepare. */
const match_weights *screener_weights(const screener *sc);

/*
 * Screen `q`: writes up to `max` hits scoring at least `threshold`, best
 * first, to `hits` and their number to *n. Hit strings and tokens live in
 * the screener's arena until the next call. Candidates examined go to
 * *n_candidates when not NULL. Returns 0, or -1 when out of memory.
 */
int screener_run(screener *sc, const screen_query *q, double threshold,
		 screen_hit *hits, size_t max, size_t *n,
		 size_t *n_candidates);

#endif
