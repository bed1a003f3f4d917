/*
 * tokens.h - the token dictionary, postings and search keys of a snapshot
 * (sections TOKENS, POSTINGS, KEYS, KEYTOKS; see snapshot.h).
 */
#ifndef LICIT_TOKENS_H
#define LICIT_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "index/snapshot.h"
#include "util/arena.h"
#include "util/buf.h"

/* Tokens longer than this are also reachable from their first
 * TOKEN_PREFIX letters ("<vlad"), so an ending spelled another way
 * ("putinas", "vladimirs") still finds its candidates. */
#define TOKEN_PREFIX 4
/* Tokens of five letters or more are also reachable from their first two
 * and last two letters (">puin"), so a letter changed in the middle
 * ("pucin", "putin") still finds its candidates. */

/*
 * Build the four sections from the normalized key of every name (by name
 * index), appending records to sec[SNAP_TOKENS] etc. Strings go through
 * intern(ictx, s), which returns their pool offset.
 */
licit_status tokens_build(arena *tmp, const char *const *norms, size_t n,
			  uint32_t (*intern)(void *ictx, const char *s),
			  void *ictx, buf *sec, errinfo *e);

#endif
