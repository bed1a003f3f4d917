/*
 * recordtest.h - what the record tests (test_audit.c, test_alerts.c)
 * share: a data directory with a small internal list imported, a handle
 * on it pointed at a fresh store of one backend, and screening helpers.
 * Header-only (static functions) so each test program stays one file.
 */
#ifndef LICIT_RECORDTEST_H
#define LICIT_RECORDTEST_H

#include <stdio.h>
#include <string.h>

#include "licit.h"
#include "testutil.h"

/* Two versions of one internal list. v2 changes RT-2's record (an alias
 * added) and leaves RT-1 as it was. */
static const char list_v1[] =
	"#licit-internal-list v1 source=rt published=2026-01-01\n"
	"id,name,schema,aliases,country\n"
	"RT-1,Northwind Precision Trading FZE,organization,,AE\n"
	"RT-2,Korvex Dynamics Limited,organization,,CY\n"
	"RT-3,Ivan Petrovich Sidorenko,person,,RU\n";
static const char list_v2[] =
	"#licit-internal-list v1 source=rt published=2026-02-01\n"
	"id,name,schema,aliases,country\n"
	"RT-1,Northwind Precision Trading FZE,organization,,AE\n"
	"RT-2,Korvex Dynamics Limited,organization,Korvex Dyn,CY\n"
	"RT-3,Ivan Petrovich Sidorenko,person,,RU\n";

/* Import `text` as the data dir's current snapshot. */
static inline void rt_import(licit *h, const char *dir, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/rt-list.csv", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	const char *paths[] = {path};
	if (licit_import(h, paths, 1) != LICIT_OK)
		fail_msg("import: %s", licit_last_error(h));
}

/* A handle on t->dir (list v1 imported) using t's store, actor "tester". */
static inline licit *rt_open(test_store *t)
{
	licit *h;
	char err[512];
	if (licit_open(t->dir, &h, err, sizeof(err)) != LICIT_OK)
		fail_msg("licit_open: %s", err);
	assert_int_equal(licit_set_store(h, t->url), LICIT_OK);
	assert_int_equal(licit_set_actor(h, "tester"), LICIT_OK);
	return h;
}

/* Another handle on the same data dir and store. */
static inline licit *rt_reopen(const test_store *t)
{
	return rt_open((test_store *)t);
}

/* Screen `name` (party `party_id`, may be NULL); returns the hit count and
 * copies the first hit to *first (if any). */
static inline size_t rt_screen(licit *h, const char *name, const char *party_id,
			licit_screen_hit *first)
{
	licit_query q = {0};
	q.name = name;
	q.party_id = party_id;
	licit_screen_hit hits[10];
	size_t n = 0;
	if (licit_screen(h, &q, licit_default_threshold(), 10, hits, &n,
			 NULL) != LICIT_OK)
		fail_msg("screen '%s': %s", name, licit_last_error(h));
	if (first && n)
		*first = hits[0];
	return n;
}

static inline int rt_count_alert(void *ctx, const licit_alert *a)
{
	(void)a;
	++*(int *)ctx;
	return 0;
}

/* How many alerts have `status` (NULL: any). */
static inline int rt_alerts(licit *h, const char *status)
{
	int n = 0;
	assert_int_equal(licit_alerts_each(h, status, rt_count_alert, &n),
			 LICIT_OK);
	return n;
}

/* licit_audit_verify must pass; returns the entry count. */
static inline int64_t rt_verify_ok(licit *h)
{
	licit_audit_report r;
	licit_status st = licit_audit_verify(h, &r);
	if (st != LICIT_OK)
		fail_msg("verify: %s", licit_last_error(h));
	assert_int_equal(r.first_bad, 0);
	return r.entries;
}

#endif
