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

/* Record an error on h and return its code. */
licit_status licit__fail(licit *h, const errinfo *e);

#endif
