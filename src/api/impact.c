/*
 * impact.c - licit_impact_run: what a change of lists or policies does to
 * the stored books. Every party is screened under the new side and, when
 * it has a hit there, under the old one; every licence is checked under
 * both; decided alerts whose listed record changed are picked out.
 *
 * Parties are split into chunks that worker threads take in turn; each
 * worker has its own licit handles on the data directory (one per side,
 * one in all when both sides use the same snapshot), so the snapshots are
 * mapped read-only and shared by the kernel, and each screener's scratch
 * space stays per thread. Screening goes straight to the screener: what
 * impact finds is recorded once, as one audit entry for the whole run,
 * not as 2 x 50,000 screenings. A party without a hit on the new side
 * cannot newly match anything, so the old side is screened only for the
 * few that have one.
 *
 * Nothing here writes to the store except that one entry; the books and
 * alerts are read on the calling thread before the workers start.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/internal.h"
#include "match/screen.h"
#include "rules/policy.h"
#include "store/store.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "banned.h"

#define MAX_THREADS 64
#define CHUNK	    128
/* Hits kept per screening: enough that a party's old-side hits are never
 * cut off before the entity the new side found. */
#define HIT_LIMIT 64

/* One stored party, copied out of the store (strings in the book arena). */
typedef struct bparty {
	const char *id, *name, *country, *birth_date, *identifier;
	licit_schema schema;
} bparty;

/* The latest alert of a (party, entity) pair. */
typedef struct dalert {
	const char *party_id, *entity_id, *status, *hash;
	int64_t id;
} dalert;

/* A newly matching party as a worker found it. */
typedef struct found {
	size_t party;
	licit_impact_party p;
} found;

typedef struct impact_run impact_run;

typedef struct worker {
	impact_run *run;
	licit *from, *to; /* from == to when both sides share a snapshot */
	arena mem;
	found *v;
	size_t n, cap;
	licit_impact_alert *re;
	size_t n_re, cap_re;
	size_t rescreened;
	screen_hit *th, *fh;
	char err[512];
} worker;

struct impact_run {
	const bparty *parties;
	size_t n;
	atomic_size_t next, done;
	atomic_int failed;
	double threshold;
	rdate from_asof, to_asof; /* 0: no listing-date filter */
	const dalert *alerts;
	size_t n_alerts;
};

struct licit_impact {
	arena mem;
	arena book; /* the parties and alerts read from the store */
	worker *w;
	unsigned n_w;
	licit_impact_party *parties;
	size_t n_parties;
	licit_impact_licence *licences;
	size_t n_licences, cap_licences;
	licit_impact_alert *alerts;
	size_t n_alerts;
	json_t *errors;
	json_t *report;
	char *json;
	licit_impact_stats stats;
	const char *side_snap[2], *side_asof[2], *side_pv[2];
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static licit_status oom(licit *h)
{
	errinfo e;
	err_set(&e, LICIT_ENOMEM, "out of memory");
	return licit__fail(h, &e);
}

/* ---------------------------------------------------------------- books */

typedef struct party_book {
	arena *mem;
	bparty *v;
	size_t n, cap;
	int failed;
} party_book;

static const char *dup_opt(arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static int party_copy(void *ctx, const licit_party *p)
{
	party_book *b = ctx;
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 1024;
		bparty *nv = licit__realloc(b->v, nc * sizeof(*nv));
		if (!nv)
			return b->failed = 1;
		b->v = nv;
		b->cap = nc;
	}
	b->v[b->n++] = (bparty){arena_strdup(b->mem, p->id),
				arena_strdup(b->mem, p->name),
				dup_opt(b->mem, p->country),
				dup_opt(b->mem, p->birth_date),
				dup_opt(b->mem, p->identifier), p->schema};
	return 0;
}

typedef struct alert_book {
	arena *mem;
	dalert *v;
	size_t n, cap;
	int failed;
} alert_book;

static int alert_copy(void *ctx, const licit_alert *a)
{
	alert_book *b = ctx;
	if (!a->party_id || !a->entity_id || !a->entity_hash)
		return 0; /* a query without a party id: not in the book */
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 256;
		dalert *nv = licit__realloc(b->v, nc * sizeof(*nv));
		if (!nv)
			return b->failed = 1;
		b->v = nv;
		b->cap = nc;
	}
	b->v[b->n++] = (dalert){arena_strdup(b->mem, a->party_id),
				arena_strdup(b->mem, a->entity_id),
				arena_strdup(b->mem, a->status),
				arena_strdup(b->mem, a->entity_hash), a->id};
	return 0;
}

static int dalert_key_cmp(const dalert *a, const char *party,
			  const char *entity_id)
{
	int c = strcmp(a->party_id, party);
	return c ? c : strcmp(a->entity_id, entity_id);
}

static int dalert_cmp(const void *x, const void *y)
{
	const dalert *a = x, *b = y;
	int c = dalert_key_cmp(a, b->party_id, b->entity_id);
	if (c)
		return c;
	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0; /* newest first */
}

/* Sort by pair, newest first, and keep the latest alert of each pair. */
static void alerts_latest(alert_book *b)
{
	if (!b->n)
		return;
	qsort(b->v, b->n, sizeof(*b->v), dalert_cmp);
	size_t k = 1;
	for (size_t i = 1; i < b->n; i++)
		if (dalert_key_cmp(&b->v[i], b->v[k - 1].party_id,
				   b->v[k - 1].entity_id))
			b->v[k++] = b->v[i];
	b->n = k;
}

static const dalert *alert_find(const impact_run *r, const char *party,
				const char *entity_id)
{
	size_t lo = 0, hi = r->n_alerts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = dalert_key_cmp(&r->alerts[mid], party, entity_id);
		if (!c)
			return &r->alerts[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* -------------------------------------------------------------- workers */

/* Whether an entity counts on a side dated `asof` (0: every entity). */
static int counts_on(const snap_entity *x, rdate asof)
{
	rdate listed = licit__unpack_listed(x->listed);
	return !asof || !listed || listed <= asof;
}

static int push_found(worker *w, const found *f)
{
	if (w->n == w->cap) {
		size_t nc = w->cap ? w->cap * 2 : 64;
		found *nv = licit__realloc(w->v, nc * sizeof(*nv));
		if (!nv)
			return -1;
		w->v = nv;
		w->cap = nc;
	}
	w->v[w->n++] = *f;
	return 0;
}

static int push_reopen(worker *w, const licit_impact_alert *a)
{
	if (w->n_re == w->cap_re) {
		size_t nc = w->cap_re ? w->cap_re * 2 : 16;
		licit_impact_alert *nv =
		    licit__realloc(w->re, nc * sizeof(*nv));
		if (!nv)
			return -1;
		w->re = nv;
		w->cap_re = nc;
	}
	w->re[w->n_re++] = *a;
	return 0;
}

/* Why an entity the party matches on the new side did not count on the
 * old one. */
static const char *change_of(const impact_run *r, const snap_entity *tx,
			     const snapshot *fs, const char *eid)
{
	const snap_entity *fx = snapshot_find_id(fs, eid);
	if (!fx)
		return "added";
	if (fx->content_hash != tx->content_hash)
		return "changed";
	if (!counts_on(fx, r->from_asof))
		return "listed";
	return "score";
}

/* A decided alert on (party, entity) whose record has changed. */
static int check_reopen(worker *w, const bparty *p, const snap_entity *tx,
			const char *eid, double score)
{
	const dalert *a = alert_find(w->run, p->id, eid);
	if (!a || (strcmp(a->status, "false-positive") &&
		   strcmp(a->status, "true-match")))
		return 0;
	char hash[17];
	snprintf(hash, sizeof(hash), "%016llx",
		 (unsigned long long)tx->content_hash);
	if (!strcmp(hash, a->hash))
		return 0;
	licit_impact_alert x = {a->id, a->status, a->party_id, a->entity_id,
				score};
	return push_reopen(w, &x);
}

/* The old side's counting hits of p, screened once when first needed. */
static int screen_from(worker *w, const screen_query *sq, size_t *nf)
{
	const impact_run *r = w->run;
	screener *sc = licit__screener(w->from);
	if (!sc || screener_run(sc, sq, r->threshold, w->fh, HIT_LIMIT, nf,
				NULL) < 0)
		return -1;
	w->rescreened++;
	return 0;
}

static int in_hits(const snapshot *s, const screen_hit *h, size_t n,
		   rdate asof, const char *eid)
{
	for (size_t i = 0; i < n; i++) {
		const snap_entity *x = &s->entities[h[i].entity];
		if (counts_on(x, asof) && !strcmp(snap_str(s, x->id), eid))
			return 1;
	}
	return 0;
}

static int screen_party(worker *w, size_t idx)
{
	const impact_run *r = w->run;
	const bparty *p = &r->parties[idx];
	screen_query sq = {p->name, (int)p->schema, p->country, p->birth_date,
			   p->identifier, NULL, 0, NULL};
	screener *sc = licit__screener(w->to);
	size_t nt = 0, nf = 0;
	if (!sc ||
	    screener_run(sc, &sq, r->threshold, w->th, HIT_LIMIT, &nt, NULL) < 0)
		return -1;
	const snapshot *ts = &w->to->snap, *fs = &w->from->snap;
	int from_done = 0;
	for (size_t i = 0; i < nt; i++) {
		const snap_entity *tx = &ts->entities[w->th[i].entity];
		if (!counts_on(tx, r->to_asof))
			continue;
		const char *eid = snap_str(ts, tx->id);
		if (r->n_alerts &&
		    check_reopen(w, p, tx, eid, w->th[i].score) < 0)
			return -1;
		if (!from_done) {
			if (w->from == w->to) {
				memcpy(w->fh, w->th, nt * sizeof(*w->th));
				nf = nt;
			} else if (screen_from(w, &sq, &nf) < 0) {
				return -1;
			}
			from_done = 1;
		}
		if (in_hits(fs, w->fh, nf, r->from_asof, eid))
			continue;
		found f = {idx,
			   {p->id, p->name, arena_strdup(&w->mem, eid),
			    arena_strdup(&w->mem, snapshot_primary_name(ts, tx)),
			    arena_strdup(&w->mem, snap_str(ts, tx->source)),
			    w->th[i].score, change_of(r, tx, fs, eid)}};
		if (w->mem.failed || push_found(w, &f) < 0)
			return -1;
	}
	return 0;
}

static void work(worker *w)
{
	impact_run *r = w->run;
	while (!atomic_load(&r->failed)) {
		size_t start = atomic_fetch_add(&r->next, CHUNK);
		if (start >= r->n)
			break;
		size_t end = start + CHUNK < r->n ? start + CHUNK : r->n;
		for (size_t i = start; i < end; i++)
			if (screen_party(w, i) < 0) {
				snprintf(w->err, sizeof(w->err),
					 "out of memory screening party '%s'",
					 r->parties[i].id);
				atomic_store(&r->failed, 1);
				return;
			}
		atomic_fetch_add(&r->done, end - start);
	}
}

static void *worker_main(void *arg)
{
	work(arg);
	/* this thread's ICU objects and token caches go with it */
	text_thread_cleanup();
	return NULL;
}

/* A handle on h's data directory with snapshot `id` (NULL: current). */
static licit_status side_handle(licit *h, const char *id, licit **out)
{
	char err[1024] = "";
	errinfo e;
	licit_status st = licit_open(h->data_dir, out, err, sizeof(err));
	if (st != LICIT_OK) {
		err_set(&e, st, "%s", err);
		return licit__fail(h, &e);
	}
	st = id ? licit_snapshot_select(*out, id) : licit__need_snapshot(*out);
	if (st != LICIT_OK) {
		err_set(&e, st, "%s", licit_last_error(*out));
		licit_close(*out);
		*out = NULL;
		return licit__fail(h, &e);
	}
	return LICIT_OK;
}

static void worker_release(worker *w)
{
	if (w->from != w->to)
		licit_close(w->from);
	licit_close(w->to);
	w->from = w->to = NULL;
	licit__free(w->th);
	licit__free(w->fh);
	w->th = w->fh = NULL;
}

/* Open worker w's handles. */
static licit_status worker_open(licit *h, const licit_impact_query *q,
				int same, worker *w)
{
	licit_status st = side_handle(h, q->to_snapshot, &w->to);
	if (st == LICIT_OK && same)
		w->from = w->to;
	else if (st == LICIT_OK)
		st = side_handle(h, q->from_snapshot, &w->from);
	w->th = licit__malloc(HIT_LIMIT * sizeof(*w->th));
	w->fh = licit__malloc(HIT_LIMIT * sizeof(*w->fh));
	if (st == LICIT_OK && (!w->th || !w->fh))
		st = oom(h);
	return st;
}

/* ------------------------------------------------------------- licences */

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static const json_t *rule_by_id(const json_t *rules, const char *id)
{
	size_t i;
	json_t *x;
	json_array_foreach(rules, i, x) if (!strcmp(jstr(x, "id"), id)) return x;
	return NULL;
}

static void add_unique(json_t *a, const char *s)
{
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) if (!strcmp(json_string_value(x), s)) return;
	json_array_append_new(a, json_string(s));
}

/* The reason one licence became more restrictive, from the two checks'
 * JSON; rule ids and list entries into `rules` and `entries`. In mem. */
static char *licence_reason(arena *mem, const json_t *b, const json_t *a,
			    const char *regime, json_t *rules, json_t *entries)
{
	buf out;
	buf_init(&out, 1 << 16);
	const char *eff = jstr(a, "decision");
	const json_t *ra = json_array_get(json_object_get(a, "regimes"), 0);
	const json_t *rb = json_array_get(json_object_get(b, "regimes"), 0);
	buf_addf(&out, "%s as of %s: %s", regime, jstr(a, "as_of"), eff);
	size_t i, k;
	json_t *x, *y;
	const char *sep = " by ";
	json_array_foreach(json_object_get(ra, "rules"), i, x)
	{
		if (strcmp(jstr(x, "status"), "applies") ||
		    strcmp(jstr(x, "effect"), eff))
			continue;
		buf_addf(&out, "%s%s (%s)", sep, jstr(x, "id"),
			 jstr(x, "citation"));
		add_unique(rules, jstr(x, "id"));
		sep = ", ";
	}
	json_array_foreach(json_object_get(a, "party_hits"), i, x)
	{
		if (strcmp(jstr(x, "effect"), eff))
			continue;
		json_array_foreach(json_object_get(x, "rules"), k, y)
		    add_unique(rules, jstr(y, "id"));
		const char *list = json_string_value(
		    json_array_get(json_object_get(x, "lists"), 0));
		buf_addf(&out, "; list entry %s '%s' listed %s%s%s",
			 jstr(x, "entity_id"), jstr(x, "name"),
			 *jstr(x, "listed_on") ? jstr(x, "listed_on")
					       : "(no date)",
			 list ? " on " : "", list ? list : "");
		if (*jstr(x, "federal_register_notice"))
			buf_addf(&out, " (%s)",
				 jstr(x, "federal_register_notice"));
		add_unique(entries, jstr(x, "entity_id"));
	}
	buf_addf(&out, "; was %s", jstr(b, "decision"));
	if (*jstr(rb, "exception"))
		buf_addf(&out, " (%s)", jstr(rb, "exception"));
	buf_addf(&out, " as of %s", jstr(b, "as_of"));
	json_array_foreach(json_object_get(rb, "rules"), i, x)
	{
		if (strcmp(jstr(x, "status"), "applies"))
			continue;
		const json_t *now = rule_by_id(json_object_get(ra, "rules"),
					       jstr(x, "id"));
		if (now && !strcmp(jstr(now, "status"), "applies"))
			continue;
		const char *why = json_string_value(
		    json_array_get(json_object_get(now, "reasons"), 0));
		buf_addf(&out, "; %s no longer applies%s%s", jstr(x, "id"),
			 why ? ": " : "", why ? why : "");
	}
	char *s = buf_ok(&out) ? arena_strdup(mem, buf_str(&out)) : NULL;
	buf_release(&out);
	return s;
}

static const char *const *str_vec(arena *mem, const json_t *a, size_t *n)
{
	*n = json_array_size(a);
	const char **v = arena_calloc(mem, (*n + 1) * sizeof(*v));
	for (size_t i = 0; v && i < *n; i++)
		v[i] = arena_strdup(mem, json_string_value(json_array_get(a, i)));
	return v;
}

typedef struct licence_ctx {
	licit *h;
	licit_impact *r;
	licit *side[2];
	const licit_policies *pol[2];
	const char *asof[2];
	licit_status st;
} licence_ctx;

static void licence_error(licence_ctx *x, const char *id, const char *msg)
{
	json_array_append_new(x->r->errors,
			      json_pack("{s:o,s:o}", "licence_id",
					licit__json_text(id), "error",
					licit__json_text(msg)));
	x->r->stats.licence_errors++;
}

static int push_licence(licit_impact *r, const licit_impact_licence *l)
{
	if (r->n_licences == r->cap_licences) {
		size_t nc = r->cap_licences ? r->cap_licences * 2 : 16;
		licit_impact_licence *nv =
		    licit__realloc(r->licences, nc * sizeof(*nv));
		if (!nv)
			return -1;
		r->licences = nv;
		r->cap_licences = nc;
	}
	r->licences[r->n_licences++] = *l;
	return 0;
}

/* Compare a licence's two checks; record it when the new one is more
 * restrictive. */
static int compare_checks(licence_ctx *x, const licit_licence *l,
			  licit_check *cb, licit_check *ca)
{
	licit_impact *r = x->r;
	licit_effect before = licit_check_decision(cb),
		     after = licit_check_decision(ca);
	if (after <= before)
		return 0;
	const char *jb = licit_check_json(cb), *ja = licit_check_json(ca);
	json_t *b = jb ? json_loads(jb, 0, NULL) : NULL;
	json_t *a = ja ? json_loads(ja, 0, NULL) : NULL;
	json_t *rules = json_array(), *entries = json_array();
	licit_impact_licence li = {arena_strdup(&r->mem, l->id),
				   arena_strdup(&r->mem, l->regime),
				   before,
				   after,
				   NULL,
				   NULL,
				   0,
				   NULL,
				   0};
	if (a && b)
		li.reason =
		    licence_reason(&r->mem, b, a, l->regime, rules, entries);
	li.rules = str_vec(&r->mem, rules, &li.n_rules);
	li.entries = str_vec(&r->mem, entries, &li.n_entries);
	json_decref(a);
	json_decref(b);
	json_decref(rules);
	json_decref(entries);
	if (!li.reason || !li.rules || !li.entries || r->mem.failed)
		return -1;
	return push_licence(r, &li);
}

static int licence_row(void *ctx, const licit_licence *l)
{
	licence_ctx *x = ctx;
	if (!strcmp(l->status, "revoked") || !strcmp(l->status, "expired")) {
		x->r->stats.licences_skipped++;
		return 0;
	}
	licit_check *c[2] = {NULL, NULL};
	for (int s = 0; s < 2; s++) {
		const char *regimes[1] = {l->regime};
		licit_check_query q = {l->item,		 l->destination,
				       NULL,		 l->end_user,
				       l->end_user_type, NULL,
				       regimes,		 1,
				       x->asof[s]};
		licit_status st =
		    licit__check_quiet(x->side[s], x->pol[s], &q, &c[s]);
		if (st == LICIT_ENOMEM) {
			x->st = st;
			break;
		}
		if (st != LICIT_OK) {
			licence_error(x, l->id, licit_last_error(x->side[s]));
			break;
		}
	}
	if (c[0] && c[1]) {
		x->r->stats.licences++;
		if (compare_checks(x, l, c[0], c[1]) < 0)
			x->st = LICIT_ENOMEM;
	}
	licit_check_free(c[0]);
	licit_check_free(c[1]);
	return x->st != LICIT_OK;
}

/* ------------------------------------------------------------ reporting */

static double round4(double v)
{
	return (double)(long)(v * 10000 + 0.5) / 10000.0;
}

static json_t *opt(const char *s)
{
	return s ? licit__json_text(s) : json_null();
}

static json_t *str_array(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, licit__json_text(v[i]));
	return a;
}

static json_t *side_json(const licit_impact *r, int s)
{
	return json_pack("{s:o,s:o,s:o}", "snapshot", opt(r->side_snap[s]),
			 "as_of", opt(r->side_asof[s]), "policy_version",
			 opt(r->side_pv[s]));
}

/* The report without its audit seq. */
static json_t *report_json(const licit_impact *r)
{
	json_t *parties = json_array(), *lic = json_array(),
	       *alerts = json_array();
	for (size_t i = 0; i < r->n_parties; i++) {
		const licit_impact_party *p = &r->parties[i];
		json_array_append_new(
		    parties,
		    json_pack("{s:o,s:o,s:o,s:o,s:o,s:f,s:s}", "party_id",
			      opt(p->party_id), "party_name", opt(p->party_name),
			      "entity_id", opt(p->entity_id), "entity_name",
			      opt(p->entity_name), "source", opt(p->source),
			      "score", round4(p->score), "change", p->change));
	}
	for (size_t i = 0; i < r->n_licences; i++) {
		const licit_impact_licence *l = &r->licences[i];
		json_array_append_new(
		    lic, json_pack("{s:o,s:o,s:s,s:s,s:o,s:o,s:o}",
				   "licence_id", opt(l->licence_id), "regime",
				   opt(l->regime), "before",
				   licit_effect_name(l->before), "after",
				   licit_effect_name(l->after), "reason",
				   opt(l->reason), "rules",
				   str_array(l->rules, l->n_rules),
				   "list_entries",
				   str_array(l->entries, l->n_entries)));
	}
	for (size_t i = 0; i < r->n_alerts; i++) {
		const licit_impact_alert *a = &r->alerts[i];
		json_array_append_new(
		    alerts, json_pack("{s:I,s:s,s:o,s:o,s:f}", "alert",
				      (json_int_t)a->alert, "status", a->status,
				      "party_id", opt(a->party_id), "entity_id",
				      opt(a->entity_id), "score",
				      round4(a->score)));
	}
	const licit_impact_stats *st = &r->stats;
	json_t *summary = json_pack(
	    "{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "parties_screened",
	    (json_int_t)st->parties, "parties_rescreened",
	    (json_int_t)st->parties_rescreened, "parties_newly_matching",
	    (json_int_t)r->n_parties, "licences_checked",
	    (json_int_t)st->licences, "licences_skipped",
	    (json_int_t)st->licences_skipped, "licences_more_restrictive",
	    (json_int_t)r->n_licences, "licence_errors",
	    (json_int_t)st->licence_errors, "alerts_reopened",
	    (json_int_t)r->n_alerts);
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:O,s:o}", "from",
			 side_json(r, 0), "to", side_json(r, 1), "parties",
			 parties, "licences", lic, "alerts_reopened", alerts,
			 "errors", r->errors, "summary", summary);
}

/* The run's one audit entry: the report with what the chain needs. */
static licit_status record_run(licit *h, licit_impact *r)
{
	json_t *entry = json_deep_copy(r->report);
	char now[32];
	store_now(now);
	int changed = r->n_parties || r->n_licences || r->n_alerts;
	if (!entry ||
	    json_object_set_new(entry, "kind", json_string("impact")) < 0 ||
	    json_object_set_new(entry, "time", json_string(now)) < 0 ||
	    json_object_set_new(entry, "actor",
				licit__json_text(licit__actor(h))) < 0 ||
	    json_object_set_new(entry, "snapshot", opt(r->side_snap[1])) < 0 ||
	    json_object_set_new(entry, "policy_version", opt(r->side_pv[1])) <
		0 ||
	    json_object_set_new(entry, "decision",
				json_string(changed ? "changed"
						    : "unchanged")) < 0) {
		json_decref(entry);
		return oom(h);
	}
	/* the entry must be in the chain now, whatever h defers */
	licit_status st = licit_audit_flush(h);
	audit_item it = {NULL, entry};
	int queued = 0;
	size_t defer = h->defer_max;
	h->defer_max = 0;
	if (st == LICIT_OK)
		st = licit__record(h, it, &queued);
	h->defer_max = defer;
	if (st == LICIT_OK)
		r->stats.audit_seq =
		    json_integer_value(json_object_get(entry, "seq"));
	json_decref(entry);
	return st;
}

static int found_cmp(const void *x, const void *y)
{
	const found *a = x, *b = y;
	if (a->party != b->party)
		return a->party < b->party ? -1 : 1;
	return a->p.score > b->p.score ? -1 : a->p.score < b->p.score ? 1 : 0;
}

static int alert_cmp(const void *x, const void *y)
{
	const licit_impact_alert *a = x, *b = y;
	return a->alert < b->alert ? -1 : a->alert > b->alert;
}

/* Gather the workers' findings into r, ordered. */
static int gather(licit_impact *r)
{
	size_t n = 0, na = 0;
	for (unsigned i = 0; i < r->n_w; i++) {
		n += r->w[i].n;
		na += r->w[i].n_re;
		r->stats.parties_rescreened += r->w[i].rescreened;
	}
	found *all = licit__malloc((n + 1) * sizeof(*all));
	r->parties = arena_calloc(&r->mem, (n + 1) * sizeof(*r->parties));
	r->alerts = arena_calloc(&r->mem, (na + 1) * sizeof(*r->alerts));
	if (!all || !r->parties || !r->alerts) {
		licit__free(all);
		return -1;
	}
	n = na = 0;
	for (unsigned i = 0; i < r->n_w; i++) {
		if (r->w[i].n) /* an idle worker's arrays are NULL */
			memcpy(all + n, r->w[i].v, r->w[i].n * sizeof(*all));
		n += r->w[i].n;
		if (r->w[i].n_re)
			memcpy(r->alerts + na, r->w[i].re,
			       r->w[i].n_re * sizeof(*r->alerts));
		na += r->w[i].n_re;
	}
	qsort(all, n, sizeof(*all), found_cmp);
	for (size_t i = 0; i < n; i++)
		r->parties[i] = all[i].p;
	qsort(r->alerts, na, sizeof(*r->alerts), alert_cmp);
	r->n_parties = n;
	r->n_alerts = na;
	licit__free(all);
	return 0;
}

/* ------------------------------------------------------------------ run */

static licit_status parse_asof(licit *h, const char *s, rdate *out)
{
	*out = 0;
	if (!s)
		return LICIT_OK;
	if (rdate_parse(s, strlen(s), out) == 0)
		return LICIT_OK;
	errinfo e;
	err_set(&e, LICIT_EINVAL, "'%.40s' is not a date: give YYYY-MM-DD", s);
	return licit__fail(h, &e);
}

static unsigned thread_count(const licit_impact_query *q)
{
	unsigned n = q->threads;
	if (!n) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		n = cores > 0 ? (unsigned)cores : 2;
	}
	return n > MAX_THREADS ? MAX_THREADS : n;
}

/* Screen every party on the workers, reporting progress. */
static licit_status run_parties(licit *h, const licit_impact_query *q,
				licit_impact *r, impact_run *run)
{
	pthread_t th[MAX_THREADS];
	unsigned started = 0;
	double t0 = now_s(), shown = t0;
	for (unsigned i = 0; i < r->n_w; i++)
		if (!pthread_create(&th[started], NULL, worker_main, &r->w[i]))
			started++;
	if (!started) {
		errinfo e;
		err_set(&e, LICIT_ENOMEM, "cannot start a thread");
		return licit__fail(h, &e);
	}
	/* workers that did not start leave their share to the others */
	while (atomic_load(&run->done) < run->n && !atomic_load(&run->failed)) {
		usleep(20000);
		if (q->progress && now_s() - shown >= 0.2) {
			q->progress(q->progress_ctx, atomic_load(&run->done),
				    run->n);
			shown = now_s();
		}
	}
	for (unsigned i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	r->stats.seconds = now_s() - t0;
	r->stats.threads = started;
	if (q->progress)
		q->progress(q->progress_ctx, atomic_load(&run->done), run->n);
	for (unsigned i = 0; i < r->n_w; i++)
		if (r->w[i].err[0]) {
			errinfo e;
			err_set(&e, LICIT_ENOMEM, "%s", r->w[i].err);
			return licit__fail(h, &e);
		}
	return LICIT_OK;
}

/* Side s's snapshot id, date and policy version, kept in r. */
static void set_side(licit_impact *r, int s, const licit *hs,
		     const char *asof, const licit_policies *p)
{
	char today[11];
	rdate_format(rdate_today(), today);
	r->side_snap[s] = arena_strdup(&r->mem, hs->snap.id);
	r->side_asof[s] = arena_strdup(&r->mem, asof ? asof : today);
	r->side_pv[s] = arena_strdup(&r->mem, licit_policies_version(p));
}

static licit_status run_all(licit *h, const licit_impact_query *q,
			    licit_impact *r, arena *book_mem)
{
	impact_run run;
	memset(&run, 0, sizeof(run));
	run.threshold = q->threshold > 0 ? q->threshold
					 : licit_default_threshold();
	licit_status st;
	if ((st = parse_asof(h, q->from_as_of, &run.from_asof)) != LICIT_OK ||
	    (st = parse_asof(h, q->to_as_of, &run.to_asof)) != LICIT_OK)
		return st;
	licit_policies *builtin = NULL;
	const licit_policies *pol[2] = {q->from_policies, q->to_policies};
	if (!pol[0] || !pol[1]) {
		char err[1024] = "";
		errinfo e;
		if ((st = licit_policies_builtin(&builtin, err, sizeof(err))) !=
		    LICIT_OK) {
			err_set(&e, st, "built-in policies: %s", err);
			return licit__fail(h, &e);
		}
		pol[0] = pol[0] ? pol[0] : builtin;
		pol[1] = pol[1] ? pol[1] : builtin;
	}
	r->n_w = thread_count(q);
	r->w = licit__calloc(r->n_w, sizeof(*r->w));
	if (!r->w) {
		licit_policies_free(builtin);
		return oom(h);
	}
	for (unsigned i = 0; i < r->n_w; i++) {
		r->w[i].run = &run;
		arena_init(&r->w[i].mem);
	}
	/* worker 0's handles first: they decide whether both sides share
	 * a snapshot, and check the licences */
	worker *w0 = &r->w[0];
	st = side_handle(h, q->to_snapshot, &w0->to);
	if (st == LICIT_OK)
		st = side_handle(h, q->from_snapshot, &w0->from);
	int same = st == LICIT_OK && !strcmp(w0->from->snap.id, w0->to->snap.id);
	if (same) {
		licit_close(w0->from);
		w0->from = w0->to;
	}
	w0->th = licit__malloc(HIT_LIMIT * sizeof(*w0->th));
	w0->fh = licit__malloc(HIT_LIMIT * sizeof(*w0->fh));
	if (st == LICIT_OK && (!w0->th || !w0->fh))
		st = oom(h);
	if (st == LICIT_OK) {
		set_side(r, 0, w0->from, q->from_as_of, pol[0]);
		set_side(r, 1, w0->to, q->to_as_of, pol[1]);
	}
	/* the books and alerts, read on this thread */
	party_book pb = {book_mem, NULL, 0, 0, 0};
	alert_book ab = {book_mem, NULL, 0, 0, 0};
	if (st == LICIT_OK)
		st = licit_parties_each(h, party_copy, &pb);
	if (st == LICIT_OK)
		st = licit_alerts_each(h, NULL, alert_copy, &ab);
	if (st == LICIT_OK && (pb.failed || ab.failed || book_mem->failed))
		st = oom(h);
	if (st == LICIT_OK) {
		alerts_latest(&ab);
		licence_ctx lc = {h,	     r,	    {w0->from, w0->to},
				  {pol[0], pol[1]}, {q->from_as_of, q->to_as_of},
				  LICIT_OK};
		st = licit_licences_each(h, licence_row, &lc);
		if (st == LICIT_OK && lc.st != LICIT_OK)
			st = oom(h);
	}
	for (unsigned i = 1; st == LICIT_OK && i < r->n_w; i++)
		st = worker_open(h, q, same, &r->w[i]);
	if (st == LICIT_OK) {
		run.parties = pb.v;
		run.n = pb.n;
		run.alerts = ab.v;
		run.n_alerts = ab.n;
		r->stats.parties = pb.n;
		st = run_parties(h, q, r, &run);
	}
	if (st == LICIT_OK && gather(r) < 0)
		st = oom(h);
	/* findings point into the book arena (party ids, names) and the
	 * workers' arenas, both kept until licit_impact_free */
	for (unsigned i = 0; i < r->n_w; i++)
		worker_release(&r->w[i]);
	licit__free(pb.v);
	licit__free(ab.v);
	licit_policies_free(builtin);
	return st;
}

licit_status licit_impact_run(licit *h, const licit_impact_query *q,
			      licit_impact **out)
{
	if (!h || !q || !out)
		return LICIT_EMISUSE;
	*out = NULL;
	licit_impact *r = licit__calloc(1, sizeof(*r));
	if (!r)
		return oom(h);
	arena_init(&r->mem);
	arena_init(&r->book);
	r->errors = json_array();
	licit_status st = r->errors ? run_all(h, q, r, &r->book) : oom(h);
	if (st == LICIT_OK && !(r->report = report_json(r)))
		st = oom(h);
	if (st == LICIT_OK)
		st = record_run(h, r);
	if (st != LICIT_OK) {
		licit_impact_free(r);
		return st;
	}
	*out = r;
	return LICIT_OK;
}

const licit_impact_party *licit_impact_parties(const licit_impact *r,
					       size_t *n)
{
	*n = r ? r->n_parties : 0;
	return r ? r->parties : NULL;
}

const licit_impact_licence *licit_impact_licences(const licit_impact *r,
						  size_t *n)
{
	*n = r ? r->n_licences : 0;
	return r ? r->licences : NULL;
}

const licit_impact_alert *licit_impact_alerts(const licit_impact *r,
					      size_t *n)
{
	*n = r ? r->n_alerts : 0;
	return r ? r->alerts : NULL;
}

void licit_impact_stats_get(const licit_impact *r, licit_impact_stats *out)
{
	if (!out)
		return;
	if (!r) {
		memset(out, 0, sizeof(*out));
		return;
	}
	*out = r->stats;
}

const char *licit_impact_json(licit_impact *r)
{
	if (!r || !r->report)
		return NULL;
	if (r->json)
		return r->json;
	json_t *o = json_deep_copy(r->report);
	if (!o || json_object_set_new(o, "audit",
				      json_pack("{s:I}", "seq",
						(json_int_t)r->stats.audit_seq)) <
		      0) {
		json_decref(o);
		return NULL;
	}
	r->json = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	return r->json;
}

void licit_impact_free(licit_impact *r)
{
	if (!r)
		return;
	for (unsigned i = 0; r->w && i < r->n_w; i++) {
		worker_release(&r->w[i]);
		arena_release(&r->w[i].mem);
		licit__free(r->w[i].v);
		licit__free(r->w[i].re);
	}
	licit__free(r->w);
	licit__free(r->licences);
	json_decref(r->errors);
	json_decref(r->report);
	free(r->json);
	arena_release(&r->book);
	arena_release(&r->mem);
	licit__free(r);
}
