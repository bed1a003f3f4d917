/*
 * licit.h - the public C API of licit, an export-control compliance engine.
 *
 * This is the only header a client includes. Everything declared here is
 * API; everything else in the tree is internal and may change.
 *
 * Conventions
 *  - Handles are opaque (licit, licit_diff ...), created by a _open/_new call
 *    and released by the matching _close/_free; releasing NULL is a no-op.
 *  - Fallible functions return a licit_status; results are written through
 *    out-parameters and are valid only when LICIT_OK is returned.
 *  - A caller's mistake (NULL where a value is required, ...) returns
 *    LICIT_EMISUSE rather than aborting.
 *  - Strings are UTF-8. Strings returned through "const char *" are borrowed:
 *    their lifetime is stated on each function.
 *  - A licit handle may be used from one thread at a time; separate handles
 *    on the same data directory may be used from separate threads.
 */
#ifndef LICIT_H
#define LICIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define LICIT_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define LICIT_WARN_UNUSED
#endif

/*
 * Status codes. Generated, with their messages, from one list; codes are
 * appended and never renumbered.
 */
#define LICIT_STATUS_LIST(X)                                                   \
	X(LICIT_OK, 0, "success")                                              \
	X(LICIT_EMISUSE, 1, "library misuse")                                  \
	X(LICIT_ENOMEM, 2, "out of memory")                                    \
	X(LICIT_EIO, 3, "input/output error")                                  \
	X(LICIT_EPARSE, 4, "malformed input")                                  \
	X(LICIT_EFORMAT, 5, "unrecognized format")                             \
	X(LICIT_ENOTFOUND, 6, "not found")                                     \
	X(LICIT_ECORRUPT, 7, "corrupt snapshot")                               \
	X(LICIT_ENOSNAPSHOT, 8, "no snapshot imported yet")                    \
	X(LICIT_ELIMIT, 9, "size limit exceeded")                              \
	X(LICIT_ENETWORK, 10, "network error")                                 \
	X(LICIT_EINVAL, 11, "invalid argument")                               \
	X(LICIT_ESTORE, 12, "store error")                                     \
	X(LICIT_ETAMPERED, 13, "audit log altered")

typedef enum licit_status {
#define LICIT_X_ENUM(name, value, msg) name = value,
	LICIT_STATUS_LIST(LICIT_X_ENUM)
#undef LICIT_X_ENUM
} licit_status;

/* A static English message for a status code; never NULL. */
const char *licit_strerror(licit_status status);

/* The library version as "MAJOR.MINOR.PATCH"; static. */
const char *licit_version(void);

/*
 * Release process-wide caches (ICU's transliterator registry, libxml2's
 * parser state) so leak checkers see a clean exit. Call at most once, at
 * the end of the process, when no other licit call is running; no licit
 * call may follow it.
 */
void licit_global_cleanup(void);

/* ---------------------------------------------------------------- handle */

typedef struct licit licit;

/*
 * Open the data directory `data_dir` (created if missing, with mode 0700).
 * NULL means the default: $LICIT_DATA_DIR, else $XDG_DATA_HOME/licit, else
 * ~/.local/share/licit. The current snapshot, if any, is mapped read-only.
 * On failure *out is NULL and licit_last_error(NULL) is not available: the
 * message is written to `errbuf` (may be NULL) of `errlen` bytes.
 */
LICIT_WARN_UNUSED licit_status licit_open(const char *data_dir, licit **out,
					  char *errbuf, size_t errlen);

/* Close a handle and unmap its snapshot. NULL is a no-op. */
void licit_close(licit *h);

/*
 * The message of the last failed call on `h`: one line, lowercase, naming the
 * file and line or byte offset where there is one. Valid until the next call
 * on `h`. Never NULL.
 */
const char *licit_last_error(const licit *h);

/* The data directory in use. Valid until licit_close. */
const char *licit_data_dir(const licit *h);

/* --------------------------------------------------------------- import */

/* One skipped record: where and why. */
typedef struct licit_skip {
	const char *file;
	uint64_t line;
	const char *reason;
} licit_skip;

/* What one source contributed to a snapshot. */
typedef struct licit_source_info {
	const char *id;        /* source id, e.g. "us-ofac-sdn" */
	const char *format;    /* format name, e.g. "ofac-csv" */
	const char *path;      /* the file or set as given at import */
	const char *sha256;    /* hex digest of the file(s) read */
	const char *published; /* "YYYY-MM-DD" read from the file, or "" */
	uint64_t records, entities, names, skipped;
	const licit_skip *skips; /* `skipped` entries */
} licit_source_info;

/*
 * Parse the list files or folders in `paths` (n of them), validate them,
 * write a new immutable snapshot into the data directory and make it the
 * current one atomically. On any error the previous snapshot stays current
 * and licit_last_error() says why, naming the file and place.
 */
LICIT_WARN_UNUSED licit_status licit_import(licit *h, const char *const *paths,
					    size_t n);

/*
 * The current snapshot's id (64 hex digits), or NULL if none.
 * Valid until the next import or licit_close.
 */
const char *licit_snapshot_id(const licit *h);

/*
 * Use snapshot `id` on h instead of the current one: the snapshot file
 * <data_dir>/snapshots/<id>.snap that an earlier import made (imports
 * keep them). `id` is the full id (64 hex digits) or a prefix of at
 * least 4 that names one snapshot. Read-only: CURRENT and other handles
 * are not changed; later screenings and checks on h use it (until the
 * next select or import). NULL goes back to the current snapshot.
 * Entries waiting for a flush are flushed first. LICIT_EINVAL (not an id,
 * or an ambiguous prefix), LICIT_ENOTFOUND, LICIT_ECORRUPT.
 */
LICIT_WARN_UNUSED licit_status licit_snapshot_select(licit *h,
						     const char *id);

/* Seconds since the epoch when the current snapshot was built; 0 if none. */
int64_t licit_snapshot_created(const licit *h);

/*
 * The sources of the current snapshot. *out points to *n entries valid until
 * the next import or licit_close. Returns LICIT_ENOSNAPSHOT if none.
 */
LICIT_WARN_UNUSED licit_status licit_sources(licit *h,
					     const licit_source_info **out,
					     size_t *n);

/* ------------------------------------------------------------- entities */

typedef enum licit_schema {
	LICIT_SCHEMA_UNKNOWN = 0,
	LICIT_SCHEMA_PERSON = 1,
	LICIT_SCHEMA_ORGANIZATION = 2,
	LICIT_SCHEMA_VESSEL = 3,
	LICIT_SCHEMA_AIRCRAFT = 4,
} licit_schema;

/* "person", "organization", "vessel", "aircraft" or "unknown"; static. */
const char *licit_schema_name(licit_schema s);

/* A listed entity found by a lookup. Strings live in the snapshot. */
typedef struct licit_hit {
	const char *entity_id;    /* e.g. "us-ofac-sdn:12345" */
	const char *source;       /* source id */
	licit_schema schema;
	const char *name;         /* the entity's primary name */
	const char *matched_name; /* the name that matched */
} licit_hit;

/*
 * Look `name` up by exact normalized name (case, accents, script,
 * punctuation and spacing folded) in the current snapshot. Writes up to
 * `max` hits to `hits` and their total count to *n (which may exceed max).
 * Strings in the hits are valid until the next import or licit_close.
 */
LICIT_WARN_UNUSED licit_status licit_lookup_exact(licit *h, const char *name,
						  licit_hit *hits, size_t max,
						  size_t *n);

/*
 * The whole record of entity `entity_id` as a JSON object (UTF-8, NUL
 * terminated), allocated for the caller: free it with licit_free().
 */
LICIT_WARN_UNUSED licit_status licit_entity_json(licit *h,
						 const char *entity_id,
						 char **json);

/* Free memory the library allocated for the caller. NULL is a no-op. */
void licit_free(void *p);

/* ------------------------------------------------------------ screening */

/*
 * The default threshold: a score at or above it is a match (`compare`) or
 * an alert (`screen`). Score bands are documented in the README.
 */
double licit_default_threshold(void);

/* One party to screen. Only `name` is required. */
typedef struct licit_query {
	const char *name;
	licit_schema schema;        /* LICIT_SCHEMA_UNKNOWN: any */
	const char *country;        /* ISO code or country name, or NULL */
	const char *birth_date;     /* "1962", "1962-05", "1962-05-03"... */
	const char *id;             /* passport, registration, IMO ... */
	const char *const *sources; /* only these source ids; NULL: all */
	size_t n_sources;
	const char *gender;         /* "male"/"m" or "female"/"f", or NULL */
	/* The caller's id for this party (a customer number): alerts are
	 * kept per (party, listed entity). NULL: the party is known by its
	 * normalized name, schema, country, birth date and identifier. */
	const char *party_id;
	/* The caller's reference for this screening (a deal number, a batch
	 * file and line), recorded in the audit entry; may be NULL. */
	const char *ref;
} licit_query;

/* A screening hit. Strings live in the snapshot (valid until the next
 * import or licit_close). */
typedef struct licit_screen_hit {
	const char *entity_id, *source, *name, *matched_name;
	licit_schema schema;
	double score;
	/* Set once the screening's audit entry is written (immediately,
	 * unless licit_audit_defer is on; else 0 and NULL): the alert this
	 * hit belongs to (0: none) and what the hit did to it: "opened",
	 * "reopened", "open", "needs-info", "suppressed" (a false positive
	 * already cleared for this party) or "true-match". Static strings. */
	int64_t alert;
	const char *alert_status;
} licit_screen_hit;

/*
 * Screen `q` against the current snapshot: up to `limit` hits scoring at
 * least `threshold`, best first, into `hits`; their number into *n.
 * With `json` not NULL, the whole result with explanations is also
 * written there as a JSON object (free with licit_free):
 * {"query":{...},"snapshot","threshold","hits":[{"entity_id","source",
 * "schema","name","matched_name","score","explanation":{...}}],
 * "audit":{"seq","decision","alerts":[{"entity_id","alert","status"}]}}
 * ("audit" only when the entry was written during the call).
 *
 * Every screening is recorded: an audit entry (see licit_audit_verify)
 * with the query, the snapshot, the hits and the decision, and an alert
 * for each hit (see licit_alerts_each). Unless licit_audit_defer is on,
 * the entry is committed before this returns; if it cannot be, the
 * screening fails (LICIT_ESTORE) and nothing is reported.
 * A handle screens one query at a time; use one handle per thread.
 */
LICIT_WARN_UNUSED licit_status licit_screen(licit *h, const licit_query *q,
					    double threshold, size_t limit,
					    licit_screen_hit *hits, size_t *n,
					    char **json);

/*
 * Compare two names. Token weights come from the current snapshot when
 * `h` has one (h may be NULL: uniform weights). *score in [0,1]; with
 * `json`, {"score","match","threshold","explanation":{...}} (free with
 * licit_free).
 */
LICIT_WARN_UNUSED licit_status licit_compare(licit *h, const char *name1,
					     const char *name2,
					     licit_schema schema,
					     double *score, char **json);

/* "person" etc. to a schema; also FollowTheMoney names ("Company",
 * "LegalEntity"...). Unknown text: LICIT_SCHEMA_UNKNOWN. */
licit_schema licit_schema_parse(const char *text);

/* ----------------------------------------------------------------- diff */

typedef enum licit_change_kind {
	LICIT_CHANGE_ADDED = 1,
	LICIT_CHANGE_REMOVED = 2,
	LICIT_CHANGE_CHANGED = 3,
} licit_change_kind;

typedef struct licit_change {
	licit_change_kind kind;
	const char *entity_id;
	const char *name;           /* primary name (new side if present) */
	const char *const *removed; /* changed: facts only in the old version */
	size_t n_removed;
	const char *const *added; /* changed: facts only in the new version */
	size_t n_added;
} licit_change;

typedef struct licit_diff licit_diff;

/*
 * Compare two versions of the lists. Each of `old_path` and `new_path` is a
 * snapshot file (.snap), a list file or a folder of list files. The result
 * lists every added, removed and changed entity ordered by entity id.
 * Free it with licit_diff_free. Errors are written to errbuf.
 */
LICIT_WARN_UNUSED licit_status licit_diff_new(const char *old_path,
					      const char *new_path,
					      licit_diff **out, char *errbuf,
					      size_t errlen);
void licit_diff_free(licit_diff *d);
/* The changes; valid until licit_diff_free. */
const licit_change *licit_diff_changes(const licit_diff *d, size_t *n);

/* ---------------------------------------------------------------- store */

/*
 * Where the record (audit log, alerts, books) is kept, as a URL:
 *   "postgres://user:password@host:port/db?..." (or postgresql://) - a
 *       PostgreSQL database shared by every licit process and machine;
 *   "sqlite:PATH" or a plain PATH - an SQLite file;
 *   NULL - the default: $LICIT_STORE if set, else the SQLite file
 *       <data dir>/licit.db.
 * The store is opened, and its schema migrated, on first use; this call
 * only closes a store already open on h (committing nothing pending:
 * flush first). LICIT_EINVAL for a URL of another scheme.
 */
LICIT_WARN_UNUSED licit_status licit_set_store(licit *h, const char *url);

/* The store URL in use with any password masked. Valid until the next
 * licit_set_store or licit_close. */
const char *licit_store_url(const licit *h);

/*
 * Who is acting, recorded in every audit entry and decision. NULL: the
 * default, $LICIT_ACTOR, else the login name of the process's user.
 */
LICIT_WARN_UNUSED licit_status licit_set_actor(licit *h, const char *actor);
/* The actor in use. Valid until the next licit_set_actor or licit_close. */
const char *licit_actor(const licit *h);

/* ---------------------------------------------------------------- audit */

/*
 * Batch the audit entries of later screenings on h: they are kept in
 * memory and written in one transaction when `max_pending` of them wait
 * (the screening that fills the batch writes it) or at licit_audit_flush.
 * An entry is durable only once a flush has returned LICIT_OK: report a
 * screening as done only then. max_pending 0 goes back to writing each
 * entry during its screening (after flushing what waits). licit_close
 * flushes too, but cannot report a failure: flush first.
 */
LICIT_WARN_UNUSED licit_status licit_audit_defer(licit *h, size_t max_pending);

/* Write every waiting entry in one transaction. On failure the waiting
 * entries are dropped (their screenings are not recorded) and the error
 * says why. */
LICIT_WARN_UNUSED licit_status licit_audit_flush(licit *h);

/* How many entries wait for a flush. */
size_t licit_audit_pending(const licit *h);

/*
 * What the last successful licit_audit_flush wrote, entry by entry in the
 * order the entries waited (0: the oldest): licit_audit_flushed gives
 * their number, licit_audit_flushed_json(h, i) the "audit" object that
 * licit_screen's JSON would have held had the entry been written at once
 * ({"seq","decision","alerts":[{"entity_id","alert","status"}]} for a
 * screening, {"seq"} for another entry). A deferring caller uses it to
 * report each screening once it is durable. Valid until the next flush,
 * the next recorded entry or licit_close; NULL for i out of range or when
 * out of memory. A flush that fails leaves nothing here.
 */
size_t licit_audit_flushed(const licit *h);
const char *licit_audit_flushed_json(licit *h, size_t i);

/* One audit entry as stored. Strings valid during the callback only. */
typedef struct licit_audit_entry {
	int64_t seq;          /* 1, 2, 3 ... in chain order */
	const char *time;     /* UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ" */
	const char *actor;
	const char *kind;     /* "screen", "alert-decision", "parties-import" ... */
	const char *snapshot; /* list snapshot id, or NULL */
	const char *policy_version; /* NULL until the rules engine records one */
	const char *decision; /* "clear", "review", "match" for a screening */
	const char *entry;    /* the canonical JSON of the whole entry */
	const char *prev_hash, *hash; /* 64 hex digits each */
} licit_audit_entry;

/*
 * Call fn with each entry whose time is within [from, to], in chain
 * order; fn returning non-zero stops the walk. `from` and `to` are
 * "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" (UTC) or NULL (no
 * bound); a date alone as `to` includes that whole day. LICIT_EINVAL for
 * another form.
 */
LICIT_WARN_UNUSED licit_status licit_audit_each(
	licit *h, const char *from, const char *to,
	int (*fn)(void *ctx, const licit_audit_entry *e), void *ctx);

/*
 * Call fn with at most `limit` entries whose seq is below `before`
 * (before <= 0: from the newest), newest first; fn returning non-zero
 * stops. For paging through the recent log without walking the chain.
 */
LICIT_WARN_UNUSED licit_status licit_audit_recent(
	licit *h, int64_t before, size_t limit,
	int (*fn)(void *ctx, const licit_audit_entry *e), void *ctx);

/* What licit_audit_verify found. */
typedef struct licit_audit_report {
	int64_t entries;   /* entries checked (up to the first bad one) */
	int64_t first_bad; /* seq of the first entry that fails, 0 if none */
	char problem[512]; /* why it fails, "" if none */
	char head[65];     /* hash of the last good entry (genesis: zeros) */
} licit_audit_report;

/*
 * Recompute the whole chain: sequence numbers without gaps from 1, each
 * prev_hash equal to the previous entry's hash, each stored entry equal
 * to its canonical form, each column equal to the entry's field, each
 * hash equal to sha256(prev_hash || entry). LICIT_OK when every entry
 * verifies; LICIT_ETAMPERED naming the first that does not in *r (and in
 * licit_last_error). Removing entries from the end cannot be seen from
 * the chain alone: keep r->head elsewhere to compare later.
 */
LICIT_WARN_UNUSED licit_status licit_audit_verify(licit *h,
						  licit_audit_report *r);

/* --------------------------------------------------------------- alerts */

typedef enum licit_disposition {
	LICIT_DISPOSITION_NONE = 0,
	LICIT_TRUE_MATCH = 1,     /* "true-match" */
	LICIT_FALSE_POSITIVE = 2, /* "false-positive" */
	LICIT_NEEDS_INFO = 3,     /* "needs-info" */
} licit_disposition;

/* "true-match", "false-positive", "needs-info" (or "" for NONE); static. */
const char *licit_disposition_name(licit_disposition d);
/* The reverse; LICIT_DISPOSITION_NONE for anything else. */
licit_disposition licit_disposition_parse(const char *text);

/* One alert. Strings valid during the callback only; NULL when unset. */
typedef struct licit_alert {
	int64_t id;
	const char *status; /* "open", "true-match", "false-positive", "needs-info" */
	const char *party_key; /* "party:<id>" or "query:<hash>" */
	const char *party_id, *party_name;
	const char *entity_id, *entity_name;
	const char *entity_hash; /* content hash of the listed record */
	double score;
	const char *snapshot;
	int64_t opened_seq; /* the audit entry of the screening that opened it */
	const char *opened_at;
	int64_t reopens; /* the decided alert this one re-opens, or 0 */
	const char *decided_by, *decided_at, *reason;
} licit_alert;

/*
 * Call fn with each alert whose status is `status` (NULL: every alert),
 * newest first; fn returning non-zero stops. LICIT_EINVAL for an unknown
 * status.
 */
LICIT_WARN_UNUSED licit_status licit_alerts_each(
	licit *h, const char *status,
	int (*fn)(void *ctx, const licit_alert *a), void *ctx);

/* How many alerts wait for a reviewer: *open with status open,
 * *needs_info with status needs-info. */
LICIT_WARN_UNUSED licit_status licit_alerts_waiting(licit *h, int64_t *open,
						    int64_t *needs_info);

/*
 * At most `limit` (0: every) alerts whose status is `status` (NULL:
 * every alert), newest first, as one JSON array of objects with the
 * fields of licit_alert (null when unset) into *json (licit_free), and
 * their number into *n. LICIT_EINVAL for an unknown status.
 */
LICIT_WARN_UNUSED licit_status licit_alerts_json(licit *h, const char *status,
						 size_t limit, char **json,
						 size_t *n);

/*
 * Alert `id` as a JSON object with its decisions, oldest first:
 * {"id","status",...,"decisions":[{"seq","time","actor","disposition",
 * "reason"}]}; free with licit_free. LICIT_ENOTFOUND if there is none.
 */
LICIT_WARN_UNUSED licit_status licit_alert_json(licit *h, int64_t id,
						char **json);

/*
 * Record the analyst's disposition of alert `id` with a reason (required,
 * non-empty), as an audit entry by the current actor. A false positive
 * suppresses later hits of the same party on the same listed entity until
 * the entity's record changes in a new snapshot; a true match marks those
 * hits as a known match until then. An alert may be decided again (each
 * decision is kept). LICIT_ENOTFOUND, LICIT_EINVAL (no reason, no
 * disposition).
 */
LICIT_WARN_UNUSED licit_status licit_alert_decide(licit *h, int64_t id,
						  licit_disposition d,
						  const char *reason);

/* ---------------------------------------------------------------- books */

/* One rejected row of a book file. */
typedef struct licit_book_reject {
	uint64_t line;      /* where the row starts in the file */
	const char *reason; /* "unknown country 'Atlantis'" ... */
} licit_book_reject;

/* What an import of a book file did. */
typedef struct licit_book_report {
	uint64_t rows;     /* data rows read */
	uint64_t imported; /* rows stored: new, or replacing the same id */
	uint64_t rejected; /* rows refused; each in rejects[] */
	const licit_book_reject *rejects;
} licit_book_report;

/* Free a report (and its rejects). NULL is a no-op. */
void licit_book_report_free(licit_book_report *r);

/*
 * Import a customer book: a CSV file with the header
 * id,name,schema,country,birth_date,identifier (id and name required, the
 * others optional, in any order), or JSON lines with the same field names.
 * Rows are validated (id and name present, ids unique in the file, schema
 * person/organization/vessel/aircraft, country an ISO code or a country
 * name, birth_date YYYY[-MM[-DD]]); a row that fails is rejected with its
 * line and reason and the others are stored, replacing a stored party of
 * the same id, in one transaction with one audit entry. LICIT_OK with
 * *out (free with licit_book_report_free) even when rows were rejected;
 * LICIT_EPARSE when the file is not a book (no header, a required or an
 * unknown column), LICIT_EIO when it cannot be read.
 */
LICIT_WARN_UNUSED licit_status licit_parties_import(licit *h, const char *path,
						    licit_book_report **out);

/*
 * Import a licence register: CSV with the header
 * id,exporter,item,destination,end_user,end_user_type,regime,issued,
 * expires,status or JSON lines with those fields, as licit_parties_import.
 * Required: id, exporter, item, destination (an ISO code or a country
 * name), regime (a policy id: lowercase letters, digits, dashes). issued
 * and expires are YYYY-MM-DD with expires not before issued; status is
 * active (the default), pending, suspended, revoked or expired.
 */
LICIT_WARN_UNUSED licit_status licit_licences_import(licit *h, const char *path,
						     licit_book_report **out);

/* A stored party. Strings valid during the callback only; NULL if empty. */
typedef struct licit_party {
	const char *id, *name;
	licit_schema schema;
	const char *country;    /* ISO 3166 alpha-2 */
	const char *birth_date; /* YYYY, YYYY-MM or YYYY-MM-DD */
	const char *identifier;
} licit_party;

/* A stored licence. Strings valid during the callback only. */
typedef struct licit_licence {
	const char *id, *exporter, *item;
	const char *destination; /* ISO 3166 alpha-2 */
	const char *end_user, *end_user_type; /* NULL if not given */
	const char *regime;
	const char *issued, *expires; /* YYYY-MM-DD or NULL */
	const char *status;
} licit_licence;

/* Every stored party (licence), ordered by id; fn returning non-zero
 * stops. Use them to re-screen a book or to find what a change touches
 * (a licit_query from a party: name, schema, country, birth_date, id =
 * identifier, party_id = id). */
LICIT_WARN_UNUSED licit_status licit_parties_each(
	licit *h, int (*fn)(void *ctx, const licit_party *p), void *ctx);
LICIT_WARN_UNUSED licit_status licit_licences_each(
	licit *h, int (*fn)(void *ctx, const licit_licence *l), void *ctx);

/* --------------------------------------------------------------- update */

/*
 * Download every official list into `dest_dir` (created if missing), one
 * subfolder per source. With `mirror` (a folder or an http(s):// base URL),
 * files come from there instead of the publishers. Conditional GET is used
 * when a previous download exists. `log` receives one line per file (may be
 * NULL). On failure errbuf says which file and why.
 */
LICIT_WARN_UNUSED licit_status licit_update(const char *dest_dir,
					    const char *mirror,
					    void (*log)(void *ctx,
							const char *line),
					    void *log_ctx, char *errbuf,
					    size_t errlen);

/* ---------------------------------------------------------------- rules */

/*
 * What a regime, a party hit or the whole check says about a transaction,
 * from least to most restrictive. The overall decision is the most
 * restrictive effect across the regimes checked and the party hits.
 */
typedef enum licit_effect {
	LICIT_EFFECT_NO_LICENCE_REQUIRED = 0,
	LICIT_EFFECT_LICENCE_EXCEPTION = 1, /* a named exception (ACE, EU001) */
	LICIT_EFFECT_REVIEW = 2,  /* a human must decide; reasons given */
	LICIT_EFFECT_LICENCE_REQUIRED = 3,
	LICIT_EFFECT_PROHIBITED = 4,
} licit_effect;

/* "no-licence-required", "licence-exception", "review",
 * "licence-required", "prohibited"; static. */
const char *licit_effect_name(licit_effect e);

/*
 * A set of policies: the common vocabulary (countries, regions, end-user
 * types, end uses, restricted-party lists) and one policy per regime.
 * Immutable once made: one set may be shared by any number of threads.
 */
typedef struct licit_policies licit_policies;

/*
 * The policies compiled into the library: us-ear-cyber, eu-2021-821 and
 * il-deca-cyber (data/policies/ in the source tree). Free with
 * licit_policies_free. On failure *out is NULL and errbuf (may be NULL)
 * says why.
 */
LICIT_WARN_UNUSED licit_status licit_policies_builtin(licit_policies **out,
						      char *errbuf,
						      size_t errlen);

/*
 * Policies read from the YAML files paths[0..n) (docs/policy-format.md).
 * The one file with `kind: common` gives the vocabulary; without one the
 * built-in vocabulary is used. Every reference in a policy is checked: an
 * undefined group, a group that includes itself, two rules that contradict
 * each other, an unknown key fail with LICIT_EPARSE and "<file>:<line>:
 * <what>" in errbuf.
 */
LICIT_WARN_UNUSED licit_status licit_policies_load(const char *const *paths,
						   size_t n,
						   licit_policies **out,
						   char *errbuf, size_t errlen);

/* Free a set. NULL is a no-op. No licit_check made with it may be used
 * afterwards. */
void licit_policies_free(licit_policies *p);

/* The number of regimes in p, and the id of the i-th ("us-ear-cyber");
 * the id is valid until licit_policies_free, NULL when i is out of range. */
size_t licit_policies_count(const licit_policies *p);
const char *licit_policies_regime(const licit_policies *p, size_t i);

/*
 * The version of a set of policies: 64 hex digits, the sha256 over
 * "<regime id> <sha256 of its policy file>\n" of each regime in set
 * order, so it names exactly the policy texts used. Recorded as
 * `policy_version` in the audit entry of each check. Valid until
 * licit_policies_free; NULL for NULL.
 */
const char *licit_policies_version(const licit_policies *p);

/* A transaction to check. `item` and `destination` are required. */
typedef struct licit_check_query {
	const char *item;        /* control code: "4D004", "5A001.j", "EAR99" */
	const char *destination; /* ISO 3166-1 alpha-2 */
	const char *region;      /* ISO 3166-2 ("UA-43") or a region the
				    vocabulary names ("UA-DNR"), or NULL */
	const char *end_user;    /* a name, screened fuzzily, or NULL */
	const char *end_user_type; /* "government", "commercial" ..., or NULL
				      (unknown) */
	const char *end_use;     /* "law-enforcement" ..., or NULL (unknown) */
	const char *const *regimes; /* regime ids; NULL: every regime */
	size_t n_regimes;
	const char *as_of;       /* "YYYY-MM-DD"; NULL: today (UTC) */
} licit_check_query;

typedef struct licit_check licit_check;

/*
 * Check `q` against the policies `p` (NULL: the built-in ones, loaded once
 * per handle). The end user, when given, is screened against the current
 * snapshot at the default threshold (a screening, recorded as such); a
 * hit counts from its listing date, so a check as of an earlier date
 * ignores entries listed later. Every check is recorded too: one audit
 * entry of kind "check" with the query, the date, the snapshot, the
 * policy_version (licit_policies_version), each regime's answer and the
 * party hits that counted, written before this returns unless
 * licit_audit_defer is on; if it cannot be, the check fails
 * (LICIT_ESTORE) and no result is given. Facts the
 * query leaves out, and facts the policies know only in part, never lead
 * to an allowing answer: the regime says `review` with the reason.
 *
 * Returns LICIT_EINVAL for a bad query (unknown control code or regime,
 * a destination that is not an ISO 3166-1 code, a retired code, an unknown
 * end-user type, end use or date), LICIT_ENOSNAPSHOT when an end user is
 * given and no lists are imported; licit_last_error(h) says what to give.
 * Free the result with licit_check_free.
 */
LICIT_WARN_UNUSED licit_status licit_check_run(licit *h,
					       const licit_policies *p,
					       const licit_check_query *q,
					       licit_check **out);

/* The overall decision. */
licit_effect licit_check_decision(const licit_check *c);

/* One regime's answer. Strings valid until licit_check_free. */
typedef struct licit_regime_result {
	const char *regime;   /* "il-deca-cyber" */
	const char *version;  /* "YYYY-MM-DD" the version in force began,
				 "" when the policy does not cover the date */
	licit_effect effect;
	const char *exception;     /* its name for LICENCE_EXCEPTION, else NULL */
	const char *licence;       /* the licence or exception, or NULL */
	const char *review_policy; /* "presumption of denial" ..., or NULL */
	size_t n_rules;            /* rules reported (see the JSON) */
	size_t n_unverified;       /* unverified facts the answer rests on */
} licit_regime_result;

/* The regimes checked, in order; *n set. Valid until licit_check_free. */
const licit_regime_result *licit_check_regimes(const licit_check *c,
					       size_t *n);

/* A screening hit on the end user that counts on the check's date. */
typedef struct licit_party_result {
	const char *entity_id, *source, *name;
	double score;
	const char *listed_on; /* "YYYY-MM-DD", or "" when the list gives none */
	licit_effect effect;
} licit_party_result;

const licit_party_result *licit_check_parties(const licit_check *c,
					      size_t *n);

/*
 * The whole answer as JSON (made on the first call, then cached; NULL only
 * when out of memory):
 * {"decision","as_of","item","destination","region","end_user",
 *  "end_user_type","end_use","snapshot","regimes":[{"regime","title",
 *  "version","policy_sha256","effect","exception","licence",
 *  "review_policy","rules":[{"id","title","status","effect","citation",
 *  "source","verification",...}],"reasons","assumptions","obligations",
 *  "exceptions","unverified"}],"party_hits":[{"entity_id","source","name",
 *  "score","listed_on","lists","effect","rules"}],"later_listings":[...],
 *  "notes":[...]}. Valid until licit_check_free.
 */
const char *licit_check_json(licit_check *c);

void licit_check_free(licit_check *c);

/*
 * The policy of `regime` (NULL: every regime) as in force on `as_of`
 * (NULL: today) as JSON: its version, groups with their members on that
 * date, items, the rules in force with citations and verification levels,
 * and its sources. Free *json with licit_free. LICIT_EINVAL for an unknown
 * regime or a bad date.
 */
LICIT_WARN_UNUSED licit_status licit_policy_show(const licit_policies *p,
						 const char *regime,
						 const char *as_of,
						 char **json, char *errbuf,
						 size_t errlen);

/*
 * Which destinations and items change effect for `regime` between
 * `from` on `as_of_from` and `to` on `as_of_to` (the same set twice to
 * compare two dates; two sets to compare two policy files). Every ISO
 * country and every item of the policy is evaluated for `end_user_type`
 * (NULL: each top-level end-user type) with no end user, end use or
 * region. JSON: {"regime","from":{"as_of","version"},"to":{...},
 * "changes":[{"destination","item","end_user_type","from":{"effect",
 * "exception"},"to":{...}}],"summary":[{"end_user_type","from","to",
 * "items","destinations"}]}. Free with licit_free.
 */
LICIT_WARN_UNUSED licit_status licit_policy_diff(
	const licit_policies *from, const licit_policies *to,
	const char *regime, const char *as_of_from, const char *as_of_to,
	const char *end_user_type, char **json, char *errbuf, size_t errlen);

/* --------------------------------------------------------------- impact */

/*
 * What a change of lists or policies does to the books: every stored
 * party re-screened, every stored licence re-checked, under the old side
 * ("from") and the new side ("to"). A side is a snapshot and a date: the
 * date picks the policy versions in force and hides list entries listed
 * after it (entries without a listing date always count).
 */
typedef struct licit_impact_query {
	/* snapshot ids (or unique prefixes) in the data directory; NULL:
	 * the current snapshot */
	const char *from_snapshot, *to_snapshot;
	/* "YYYY-MM-DD"; NULL: today (UTC) */
	const char *from_as_of, *to_as_of;
	/* NULL: the built-in policies */
	const licit_policies *from_policies, *to_policies;
	double threshold; /* <= 0: licit_default_threshold() */
	unsigned threads; /* 0: one per online core */
	/* Called on the calling thread about five times a second and once
	 * at the end with the parties screened so far; may be NULL. */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
} licit_impact_query;

/* A party that matches a listed entity on the new side and did not on
 * the old. Strings valid until licit_impact_free. */
typedef struct licit_impact_party {
	const char *party_id, *party_name;
	const char *entity_id, *entity_name, *source;
	double score; /* on the new side; below the threshold (or no
			 candidate at all) on the old */
	/* why: "added" (the entity is not in the old snapshot), "changed"
	 * (its record changed), "listed" (listed between the two dates),
	 * "score" (same record: the score rose past the threshold, as
	 * token weights moved with the rest of the lists) */
	const char *change;
} licit_impact_party;

/* A licence whose check became more restrictive. */
typedef struct licit_impact_licence {
	const char *licence_id, *regime;
	licit_effect before, after;
	/* one line: the rules that decide the new effect (id and
	 * citation), what the old one rested on and why it no longer
	 * holds, the list entries that count (id, name, listing date) */
	const char *reason;
	const char *const *rules;   /* ids of the rules behind `after` */
	size_t n_rules;
	const char *const *entries; /* list entries behind `after` */
	size_t n_entries;
} licit_impact_licence;

/* A decided alert (false positive or true match) that a new-side hit
 * re-opens: the listed record it was decided on has changed. Impact
 * only reports it; the next screening of the party re-opens it. */
typedef struct licit_impact_alert {
	int64_t alert;
	const char *status; /* the decision it had */
	const char *party_id, *entity_id;
	double score;
} licit_impact_alert;

typedef struct licit_impact licit_impact;

/*
 * Run change impact on h's books (licit_parties_each,
 * licit_licences_each) and alerts. Parties are screened on q->threads
 * threads, each with its own handles on h's data directory; h itself
 * is used only from the calling thread. Licences with status revoked or
 * expired are not checked; a licence that cannot be checked (an
 * unknown regime or code) is reported in the JSON's "errors" and does
 * not stop the run. Nothing is screened into the record: the run leaves
 * one audit entry of kind "impact" (both sides, the counts and every
 * change), written before this returns; if it cannot be, the run fails.
 * LICIT_EINVAL (a bad date, snapshot id), LICIT_ENOTFOUND (no such
 * snapshot), LICIT_ENOSNAPSHOT, LICIT_ESTORE. Free with
 * licit_impact_free.
 */
LICIT_WARN_UNUSED licit_status licit_impact_run(licit *h,
						const licit_impact_query *q,
						licit_impact **out);

/* The changes, in party (licence) id order. Valid until
 * licit_impact_free. */
const licit_impact_party *licit_impact_parties(const licit_impact *r,
					       size_t *n);
const licit_impact_licence *licit_impact_licences(const licit_impact *r,
						  size_t *n);
const licit_impact_alert *licit_impact_alerts(const licit_impact *r,
					      size_t *n);

/* What was done. */
typedef struct licit_impact_stats {
	size_t parties;          /* parties screened (on the new side) */
	size_t parties_rescreened; /* of them, screened on the old side too */
	size_t licences;         /* licences checked */
	size_t licences_skipped; /* revoked or expired */
	size_t licence_errors;
	unsigned threads;
	double seconds;          /* wall time of the screening */
	int64_t audit_seq;       /* the run's audit entry */
} licit_impact_stats;

void licit_impact_stats_get(const licit_impact *r, licit_impact_stats *out);

/*
 * The whole report as JSON (made on first call; NULL only when out of
 * memory): {"from":{"snapshot","as_of","policy_version"},"to":{...},
 * "parties":[{"party_id","party_name","entity_id","entity_name",
 * "source","score","change"}],"licences":[{"licence_id","regime",
 * "before","after","reason","rules","list_entries"}],
 * "alerts_reopened":[{"alert","status","party_id","entity_id","score"}],
 * "errors":[{"licence_id","error"}],"summary":{...},"audit":{"seq"}}.
 * Valid until licit_impact_free.
 */
const char *licit_impact_json(licit_impact *r);

void licit_impact_free(licit_impact *r);

#ifdef __cplusplus
}
#endif
#endif /* LICIT_H */
