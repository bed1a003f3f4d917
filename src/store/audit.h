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
#include "util/arena.h"

/*
 * A screening waiting to be recorded. Screenings are by far the most
 * frequent entries, so they are kept as this plain record (strings copied
 * into `mem`) and written straight to canonical JSON at append time,
 * without building jansson objects per query. The alert logic fills in
 * each hit's alert and status and the decision; append sets seq.
 */
typedef struct audit_hit {
	const char *entity_id, *name;
	double score;         /* rounded to 4 decimals */
	char entity_hash[17]; /* the listed record's content hash, hex */
	int64_t alert;        /* 0: none (set by alerts_resolve) */
	const char *status;   /* static: "opened", "suppressed" ... */
} audit_hit;

typedef struct audit_screening {
	char time[32];
	const char *actor, *snapshot;
	/* the query as given (NULL: not given) */
	const char *name, *schema, *country, *birth_date, *id, *gender;
	const char *party_id, *ref;
	const char **sources;
	size_t n_sources;
	double threshold; /* rounded to 4 decimals */
	int64_t limit;
	/* "party:<id>" or "query:<hash>", or NULL when not needed (no hit
	 * and no party id) */
	const char *party_key;
	audit_hit *hits;
	size_t n_hits;
	int64_t seq;	      /* set by audit_append */
	const char *decision; /* static; set by alerts_resolve */
	arena mem;
} audit_screening;

/* One entry to append: a screening record or any other entry as JSON. */
typedef struct audit_item {
	audit_screening *screening;
	json_t *json;
} audit_item;

/* Free a screening record made with licit__calloc (NULL: no-op). */
void audit_screening_free(audit_screening *s);

/* The canonical text of a screening record (licit__malloc'd), equal to
 * audit_canonical of the same entry parsed; NULL if out of memory. */
char *audit_screening_text(const audit_screening *s);

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
 * entry gets its seq; a screening also gets, from the alert logic
 * (alerts.h), each hit's alert and status and its decision. On LICIT_OK
 * the entries hold what was stored.
 */
licit_status audit_append(store *s, audit_item *entries, size_t n,
			  errinfo *e);

/* At most `limit` entries with seq < before (before <= 0: no bound),
 * newest first, to fn. */
licit_status audit_recent(store *s, int64_t before, int64_t limit,
			  int (*fn)(void *ctx, const licit_audit_entry *en),
			  void *ctx, errinfo *e);

/* Walk the chain from the first entry and report the first one that does
 * not verify (see licit_audit_verify). */
licit_status audit_verify(store *s, licit_audit_report *r, errinfo *e);

/* Entries with from <= time <= to (NULL: no bound; UTC text, compared as
 * text), in chain order, to fn. */
licit_status audit_each(store *s, const char *from, const char *to,
			int (*fn)(void *ctx, const licit_audit_entry *en),
			void *ctx, errinfo *e);

#endif
