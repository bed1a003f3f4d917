/*
 * internal.h - the licit handle's insides, shared by the src/api/ files.
 */
#ifndef LICIT_API_INTERNAL_H
#define LICIT_API_INTERNAL_H

#include "index/snapshot.h"
#include "licit.h"
#include "rules/policy.h"
#include "store/audit.h"
#include "util/error.h"

/* A policy set behind the public handle (src/api/policy.c). */
struct licit_policies {
	policy_set set;
	char version[65]; /* licit_policies_version */
};

struct licit {
	char *data_dir;
	snapshot snap;
	int has_snap;
	licit_source_info *sources; /* views over snap, licit__malloc'd */
	licit_skip *skips;
	size_t n_sources;
	errinfo err;
	char snap_problem[1024]; /* why CURRENT could not be opened, if so */
	struct screener *screener; /* made on first screen, per snapshot */
	licit_policies *policies;  /* the built-in policies, on first check */
	/* the record (src/api/record.c) */
	char *store_url;           /* as set; NULL: the default */
	struct store *store;       /* opened on first use */
	char *actor;               /* NULL until first needed */
	struct audit_item *pending; /* audit entries waiting for a flush */
	size_t n_pending, cap_pending, defer_max;
	struct audit_item *flushed; /* what the last flush wrote */
	char **flushed_text;	    /* their "audit" objects, made on demand */
	size_t n_flushed, cap_flushed;
};

/* The handle's store, opened (and migrated) on first use; NULL after
 * recording the error on h. */
struct store *licit__store(licit *h);

/* The actor for entries: set, $LICIT_ACTOR, or the login name. */
const char *licit__actor(licit *h);

/*
 * Record audit entry `item` (a screening record or a JSON entry). Unless
 * the handle defers, it is appended now in its own transaction, *queued
 * is 0 and the caller still owns the item (and may read back its seq,
 * decision and hit outcomes on LICIT_OK). When the handle defers, the
 * queue takes the item (*queued = 1) and is written when full.
 */
licit_status licit__record(licit *h, struct audit_item item, int *queued);

/* The "audit" object of a written screening: {"seq","decision",
 * "alerts":[{"entity_id","alert","status"}]} (NULL: out of memory). */
struct audit_screening;
json_t *licit__screening_audit(const struct audit_screening *r);

/* Free an item's screening record or JSON. */
void licit__item_free(struct audit_item *it);

/* Flush what waits and close the store (licit_close). */
void licit__record_close(licit *h);

/* Map the snapshot named in <data_dir>/CURRENT, if any. */
licit_status licit__load_current(licit *h);

/* "<data_dir>/snapshots/<id>.snap" into out. */
void licit__snapshot_path(const licit *h, const char *id, char *out,
			  size_t len);

/*
 * Expand files and folders and parse every list in them into `set`;
 * *res (licit__malloc'd, *nres entries) describes each source.
 */
licit_status licit__parse_paths(const char *const *paths, size_t n,
				entity_set *set, source_result **res,
				size_t *nres, errinfo *e);

/* LICIT_OK if h has a current snapshot; else LICIT_ENOSNAPSHOT with a
 * message saying why and what to run. */
licit_status licit__need_snapshot(licit *h);

/* The handle's screener, made on first use; NULL when out of memory. */
struct screener *licit__screener(licit *h);

/*
 * Screen `q` against h's snapshot without recording anything: the hits
 * as licit_screen gives them (alert 0, alert_status NULL), strings in the
 * snapshot. For what-if work (change impact) that records one entry for
 * the whole run. LICIT_ENOSNAPSHOT, LICIT_ENOMEM.
 */
licit_status licit__screen_quiet(licit *h, const licit_query *q,
				 double threshold, size_t limit,
				 licit_screen_hit *hits, size_t *n);

/* licit_check_run without its audit entry and with the end user
 * screened by licit__screen_quiet: nothing is recorded. */
licit_status licit__check_quiet(licit *h, const licit_policies *p,
				const licit_check_query *q, licit_check **out);

/* The listing date of entity `entity_id` in h's snapshot as YYYYMMDD
 * (a missing month or day counts as the first), 0 when the list gives
 * none or there is no such entity. */
int32_t licit__listed_on(const licit *h, const char *entity_id);

/* A snapshot entity's packed listing date (snap_entity.listed) as
 * YYYYMMDD as above; 0 when none. */
int32_t licit__unpack_listed(uint32_t packed);

/* A JSON string of s even when s is not valid UTF-8 (each bad byte
 * becomes U+FFFD); NULL only when out of memory. */
json_t *licit__json_text(const char *s);

/* Record an error on h and return its code. */
licit_status licit__fail(licit *h, const errinfo *e);

#endif
