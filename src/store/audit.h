/*
 * audit.h - the hash-chained audit log.
 *
 * An entry is a JSON object (what happened: a screening, an alert
 * decision, a book import). Appending gives it the next sequence number
 * ("seq"), lets the alert logic fill in what it decided for a screening,
 * and chains it: hash = sha256(prev_hash || canonical JSON), both hex, the
 * first entry's prev_hash being 64 zeros. The canonical form (jansson,
 * keys sorted, compact, reals with 15 significant digits) is documented in
 * docs/audit-log.md; audit_verify recomputes it from the stored text.
 *
 * Appends happen inside a transaction that holds the chain lock, so
 * several writers (threads, processes, machines on one PostgreSQL) make
 * one chain: each reads the tail only after the previous writer committed.
 */
#ifndef LICIT_STORE_AUDIT_H
#define LICIT_STORE_AUDIT_H

#include <jansson.h>

#include "licit.h"
#include "store/store.h"

/* The hash of "no previous entry". */
#define AUDIT_GENESIS                                                          \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* The canonical text of an entry (licit__malloc'd), NULL if out of memory
 * or the value cannot be encoded. */
char *audit_canonical(const json_t *entry);

/* hex(sha256(prev_hex || text)) into out[65]; -1 if OpenSSL fails. */
int audit_hash(const char *prev_hex, const char *text, size_t len,
	       char out[65]);

/*
 * Append entries[0..n) to the chain, in order. The caller has begun a
 * locked transaction on s and commits it (or rolls back on failure). Each
 * entry gets "seq"; a "screen" entry also gets, from the alert logic
 * (alerts.h), "alert" and "status" on each hit and its "decision". On
 * LICIT_OK the entries hold what was stored.
 */
licit_status audit_append(store *s, json_t *const *entries, size_t n,
			  errinfo *e);

/* Walk the chain from the first entry and report the first one that does
 * not verify (see licit_audit_verify). */
licit_status audit_verify(store *s, licit_audit_report *r, errinfo *e);

/* Entries with from <= time <= to (NULL: no bound; UTC text, compared as
 * text), in chain order, to fn. */
licit_status audit_each(store *s, const char *from, const char *to,
			int (*fn)(void *ctx, const licit_audit_entry *en),
			void *ctx, errinfo *e);

#endif
