/*
 * alerts.h - alerts opened by screenings, and the analyst's review.
 *
 * An alert is one (party, listed entity) pair a screening matched at or
 * above its threshold, with the content hash of the listed record as it
 * was then. The state of a pair decides what a later hit does:
 *
 *   no alert yet                       open one                 "opened"
 *   latest alert open or needs-info    attach to it             "open" / "needs-info"
 *   latest false-positive, same hash   no alert                 "suppressed"
 *   latest true-match, same hash       no alert, a known match  "true-match"
 *   latest decided, hash changed       open one that re-opens   "reopened"
 *                                      the decided alert
 *
 * so a decision holds until the listed record changes in a new snapshot.
 * Everything here runs inside the audit append's locked transaction, so
 * concurrent screenings of one party never open two alerts for one pair.
 */
#ifndef LICIT_STORE_ALERTS_H
#define LICIT_STORE_ALERTS_H

#include <jansson.h>

#include "licit.h"
#include "store/audit.h"
#include "store/store.h"

typedef struct alert_ids {
	int64_t next; /* next alert id, 0 until read from the store */
} alert_ids;

/*
 * Resolve the hits of screening `scr` (seq already set): per hit set its
 * alert (or 0) and status as in the table above, insert the alerts
 * opened; set the decision: "match" when a hit is a known true match,
 * else "review" when one has an alert to review, else "clear".
 */
licit_status alerts_resolve(store *s, audit_screening *scr, alert_ids *ids,
			    errinfo *e);

/*
 * Record a disposition on alert `id`: one "alert-decision" audit entry
 * (time, actor, alert, disposition, reason, the party and entity) and the
 * alert's new status, in one locked transaction. LICIT_ENOTFOUND when
 * there is no such alert; the reason must not be empty (LICIT_EINVAL).
 */
licit_status alerts_decide(store *s, int64_t id, licit_disposition d,
			   const char *reason, const char *actor,
			   errinfo *e);

/* Alerts with `status` (NULL: all), newest first, to fn. */
/* How many alerts wait for a reviewer: open, and needs-info. */
licit_status alerts_count(store *s, int64_t *open, int64_t *needs_info,
			  errinfo *e);

licit_status alerts_each(store *s, const char *status,
			 int (*fn)(void *ctx, const licit_alert *a), void *ctx,
			 errinfo *e);

/* At most `limit` (0: every) alerts with `status` (NULL: all), newest
 * first, as one JSON array (licit__malloc'd); *n of them. */
licit_status alerts_list_json(store *s, const char *status, size_t limit,
			      char **json, size_t *n, errinfo *e);

/* One alert with its decisions as JSON (licit__malloc'd). */
licit_status alerts_json(store *s, int64_t id, char **json, errinfo *e);

#endif
