/*
 * record.c - the public API of the record: choosing the store and the
 * actor, queuing and flushing audit entries, walking and verifying the
 * chain, listing and deciding alerts.
 *
 * The store is opened lazily: commands that never touch the record
 * (lists, lookup, compare) never open, create or migrate it. Entries are
 * built by the callers (screen.c) and handed over here; in deferred mode
 * they wait in h->pending and are appended in one locked transaction.
 */
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/internal.h"
#include "store/alerts.h"
#include "store/audit.h"
#include "store/store.h"
#include "util/alloc.h"
#include "banned.h"

/* The queue is written when it reaches this many entries even if the
 * caller asked for more: memory stays bounded. */
#define MAX_PENDING 65536

static int valid_url(const char *url)
{
	return !strstr(url, "://") || !strncmp(url, "postgres://", 11) ||
	       !strncmp(url, "postgresql://", 13);
}

licit_status licit_set_store(licit *h, const char *url)
{
	if (!h)
		return LICIT_EMISUSE;
	errinfo e;
	if (url && (!*url || !valid_url(url))) {
		err_set(&e, LICIT_EINVAL,
			"store '%.200s': use postgres://... or sqlite:PATH",
			url);
		return licit__fail(h, &e);
	}
	char *copy = url ? licit__strdup(url) : NULL;
	if (url && !copy)
		return LICIT_ENOMEM;
	store_close(h->store);
	h->store = NULL;
	licit__free(h->store_url);
	h->store_url = copy;
	return LICIT_OK;
}

/* The URL to open: as set, else $LICIT_STORE, else the data dir's file. */
static char *store_target(const licit *h)
{
	if (h->store_url)
		return licit__strdup(h->store_url);
	const char *env = getenv("LICIT_STORE");
	if (env && *env)
		return licit__strdup(env);
	size_t n = strlen(h->data_dir) + 32;
	char *s = licit__malloc(n);
	if (s)
		snprintf(s, n, "sqlite:%s/licit.db", h->data_dir);
	return s;
}

struct store *licit__store(licit *h)
{
	if (h->store)
		return h->store;
	errinfo e;
	char *url = store_target(h);
	if (!url) {
		err_set(&e, LICIT_ENOMEM, "out of memory");
		licit__fail(h, &e);
		return NULL;
	}
	licit_status st = store_open(url, &h->store, &e);
	licit__free(url);
	if (st != LICIT_OK) {
		err_prefix(&e, "cannot open the record");
		licit__fail(h, &e);
		return NULL;
	}
	return h->store;
}

const char *licit_store_url(const licit *h)
{
	return h && h->store ? h->store->safe : NULL;
}

licit_status licit_set_actor(licit *h, const char *actor)
{
	if (!h || (actor && !*actor))
		return LICIT_EMISUSE;
	char *copy = actor ? licit__strdup(actor) : NULL;
	if (actor && !copy)
		return LICIT_ENOMEM;
	licit__free(h->actor);
	h->actor = copy;
	return LICIT_OK;
}

const char *licit__actor(licit *h)
{
	if (h->actor)
		return h->actor;
	const char *env = getenv("LICIT_ACTOR");
	char tmp[64];
	struct passwd pw, *res = NULL;
	char pwbuf[4096]; /* res->pw_name points here: keep it in scope */
	if ((!env || !*env) &&
	    !getpwuid_r(getuid(), &pw, pwbuf, sizeof(pwbuf), &res) && res)
		env = res->pw_name;
	if (!env || !*env) {
		snprintf(tmp, sizeof(tmp), "uid:%ld", (long)getuid());
		env = tmp;
	}
	h->actor = licit__strdup(env);
	return h->actor ? h->actor : "unknown";
}

const char *licit_actor(const licit *h)
{
	return h ? licit__actor((licit *)h) : NULL;
}

/* ------------------------------------------------------------- writing */

void licit__item_free(audit_item *it)
{
	audit_screening_free(it->screening);
	json_decref(it->json);
	it->screening = NULL;
	it->json = NULL;
}

/* Append entries in one locked transaction. */
static licit_status append(licit *h, audit_item *entries, size_t n)
{
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	errinfo e;
	licit_status st = store_begin(s, 1, &e);
	if (st == LICIT_OK)
		st = audit_append(s, entries, n, &e);
	if (st == LICIT_OK)
		st = store_commit(s, &e);
	else
		store_rollback(s);
	if (st != LICIT_OK) {
		err_prefix(&e, "audit log not written");
		return licit__fail(h, &e);
	}
	return LICIT_OK;
}

/* Free what the last flush wrote. */
static void flushed_clear(licit *h)
{
	for (size_t i = 0; i < h->n_flushed; i++) {
		licit__item_free(&h->flushed[i]);
		licit__free(h->flushed_text[i]);
	}
	h->n_flushed = 0;
}

licit_status licit_audit_flush(licit *h)
{
	if (!h)
		return LICIT_EMISUSE;
	if (!h->n_pending)
		return LICIT_OK;
	flushed_clear(h);
	licit_status st = append(h, h->pending, h->n_pending);
	char **text = licit__realloc(h->flushed_text,
				     h->cap_pending * sizeof(*text));
	if (text)
		h->flushed_text = text;
	if (st != LICIT_OK || !text) {
		for (size_t i = 0; i < h->n_pending; i++)
			licit__item_free(&h->pending[i]);
		h->n_pending = 0;
		return st;
	}
	/* the written entries become the flushed ones; the pending array
	 * takes the old flushed array (empty) */
	audit_item *swap = h->flushed;
	size_t swap_cap = h->cap_flushed;
	h->flushed = h->pending;
	h->cap_flushed = h->cap_pending;
	h->n_flushed = h->n_pending;
	memset(h->flushed_text, 0, h->n_flushed * sizeof(*h->flushed_text));
	h->pending = swap;
	h->cap_pending = swap_cap;
	h->n_pending = 0;
	return LICIT_OK;
}

size_t licit_audit_flushed(const licit *h)
{
	return h ? h->n_flushed : 0;
}

const char *licit_audit_flushed_json(licit *h, size_t i)
{
	if (!h || i >= h->n_flushed)
		return NULL;
	if (h->flushed_text[i])
		return h->flushed_text[i];
	const audit_item *it = &h->flushed[i];
	json_t *o = it->screening
			    ? licit__screening_audit(it->screening)
			    : json_pack("{s:O}", "seq",
					json_object_get(it->json, "seq"));
	char *t = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (t) {
		h->flushed_text[i] = licit__strdup(t);
		free(t);
	}
	return h->flushed_text[i];
}

licit_status licit_audit_defer(licit *h, size_t max_pending)
{
	if (!h)
		return LICIT_EMISUSE;
	licit_status st = LICIT_OK;
	if (!max_pending)
		st = licit_audit_flush(h);
	h->defer_max = max_pending > MAX_PENDING ? MAX_PENDING : max_pending;
	return st;
}

size_t licit_audit_pending(const licit *h)
{
	return h ? h->n_pending : 0;
}

licit_status licit__record(licit *h, audit_item item, int *queued)
{
	*queued = 0;
	if (!h->defer_max)
		return append(h, &item, 1);
	if (h->n_pending == h->cap_pending) {
		size_t nc = h->cap_pending ? h->cap_pending * 2 : 256;
		audit_item *nv = licit__realloc(h->pending, nc * sizeof(*nv));
		if (!nv)
			return LICIT_ENOMEM;
		h->pending = nv;
		h->cap_pending = nc;
	}
	h->pending[h->n_pending++] = item;
	*queued = 1;
	if (h->n_pending >= h->defer_max)
		return licit_audit_flush(h);
	return LICIT_OK;
}

void licit__record_close(licit *h)
{
	if (h->n_pending && licit_audit_flush(h) != LICIT_OK)
		fprintf(stderr, "licit: %s\n", licit_last_error(h));
	flushed_clear(h);
	licit__free(h->pending);
	licit__free(h->flushed);
	licit__free(h->flushed_text);
	h->pending = h->flushed = NULL;
	h->flushed_text = NULL;
	h->cap_pending = h->cap_flushed = 0;
	store_close(h->store);
	h->store = NULL;
	licit__free(h->store_url);
	licit__free(h->actor);
	h->store_url = h->actor = NULL;
}

/* ------------------------------------------------------------- reading */

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[.ffffff]Z" into a bound comparable
 * with the stored times; -1 for another form. */
static int time_bound(const char *in, int upper, char out[32])
{
	size_t n = strlen(in);
	int date = n == 10 && in[4] == '-' && in[7] == '-' &&
		   strspn(in, "0123456789-") == 10;
	if (date) {
		snprintf(out, 32, "%sT%s", in,
			 upper ? "23:59:59.999999Z" : "00:00:00.000000Z");
		return 0;
	}
	if (n < 20 || in[10] != 'T' || in[n - 1] != 'Z' || n > 27 ||
	    strspn(in, "0123456789-:.TZ") != n)
		return -1;
	if (n == 20) /* no fraction */
		snprintf(out, 32, "%.19s%s", in,
			 upper ? ".999999Z" : ".000000Z");
	else
		snprintf(out, 32, "%.*s%.*sZ", (int)(n - 1), in,
			 (int)(27 - n), "000000");
	return 0;
}

licit_status licit_audit_each(licit *h, const char *from, const char *to,
			      int (*fn)(void *ctx, const licit_audit_entry *e),
			      void *ctx)
{
	if (!h || !fn)
		return LICIT_EMISUSE;
	errinfo e;
	char lo[32], hi[32];
	if ((from && time_bound(from, 0, lo) < 0) ||
	    (to && time_bound(to, 1, hi) < 0)) {
		err_set(&e, LICIT_EINVAL,
			"'%s': a time is YYYY-MM-DD or "
			"YYYY-MM-DDTHH:MM:SS[.ffffff]Z (UTC)",
			from && time_bound(from, 0, lo) < 0 ? from : to);
		return licit__fail(h, &e);
	}
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	licit_status st = audit_each(s, from ? lo : NULL, to ? hi : NULL, fn,
				     ctx, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

licit_status licit_audit_recent(licit *h, int64_t before, size_t limit,
				int (*fn)(void *ctx, const licit_audit_entry *e),
				void *ctx)
{
	if (!h || !fn)
		return LICIT_EMISUSE;
	if (!limit)
		return LICIT_OK;
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	errinfo e;
	licit_status st = audit_recent(
		s, before, limit > INT64_MAX ? INT64_MAX : (int64_t)limit, fn,
		ctx, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

licit_status licit_audit_verify(licit *h, licit_audit_report *r)
{
	if (!h || !r)
		return LICIT_EMISUSE;
	memset(r, 0, sizeof(*r));
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	errinfo e;
	licit_status st = audit_verify(s, r, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

/* -------------------------------------------------------------- alerts */

static int known_status(const char *s)
{
	return !strcmp(s, "open") ||
	       licit_disposition_parse(s) != LICIT_DISPOSITION_NONE;
}

/* The store for reading alerts of `status`; NULL after recording why
 * (an unknown status, a store that cannot be opened). */
static struct store *alerts_store(licit *h, const char *status)
{
	if (status && !known_status(status)) {
		errinfo e;
		err_set(&e, LICIT_EINVAL,
			"unknown alert status '%s' (open, true-match, "
			"false-positive, needs-info)",
			status);
		licit__fail(h, &e);
		return NULL;
	}
	return licit__store(h);
}

licit_status licit_alerts_each(licit *h, const char *status,
			       int (*fn)(void *ctx, const licit_alert *a),
			       void *ctx)
{
	if (!h || !fn)
		return LICIT_EMISUSE;
	struct store *s = alerts_store(h, status);
	if (!s)
		return h->err.code;
	errinfo e;
	licit_status st = alerts_each(s, status, fn, ctx, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

licit_status licit_alerts_json(licit *h, const char *status, size_t limit,
			       char **json, size_t *n)
{
	if (!h || !json || !n)
		return LICIT_EMISUSE;
	*json = NULL;
	*n = 0;
	struct store *s = alerts_store(h, status);
	if (!s)
		return h->err.code;
	errinfo e;
	licit_status st = alerts_list_json(s, status, limit, json, n, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

licit_status licit_alerts_waiting(licit *h, int64_t *open, int64_t *needs_info)
{
	if (!h || !open || !needs_info)
		return LICIT_EMISUSE;
	*open = *needs_info = 0;
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	errinfo e;
	licit_status st = alerts_count(s, open, needs_info, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

licit_status licit_alert_json(licit *h, int64_t id, char **json)
{
	if (!h || !json)
		return LICIT_EMISUSE;
	*json = NULL;
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	errinfo e;
	licit_status st = alerts_json(s, id, json, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

licit_status licit_alert_decide(licit *h, int64_t id, licit_disposition d,
				const char *reason)
{
	if (!h)
		return LICIT_EMISUSE;
	/* what waits was screened before this decision: write it first */
	licit_status st = licit_audit_flush(h);
	if (st != LICIT_OK)
		return st;
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	errinfo e;
	st = alerts_decide(s, id, d, reason, licit__actor(h), &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}
