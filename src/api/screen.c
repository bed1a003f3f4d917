/*
 * screen.c - licit_screen and licit_compare: hits and their explanations
 * as the API and the JSON output give them, and the audit entry every
 * screening leaves (record.c writes it; the alert logic in store/alerts.c
 * decides what each hit does to its alert).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/internal.h"
#include "match/screen.h"
#include "store/store.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "banned.h"

/* Chosen on the dev name pairs (make eval); see README "Score bands". */
#define DEFAULT_THRESHOLD 0.80

double licit_default_threshold(void)
{
	return DEFAULT_THRESHOLD;
}

licit_schema licit_schema_parse(const char *text)
{
	return schema_from_text(text);
}

static json_t *round_real(double v)
{
	return json_real((double)(long)(v * 10000 + (v >= 0 ? 0.5 : -0.5)) /
			 10000.0);
}

static json_t *tok_json(const mtoken *t)
{
	return json_stringn(t->text, t->len);
}

/* Tokens first..last (last < 0: just first) joined by spaces. */
static json_t *span_json(const mname *m, int first, int last)
{
	char text[512];
	size_t n = 0;
	for (int i = first; i <= (last >= 0 ? last : first); i++) {
		int w = snprintf(text + n, sizeof(text) - n, "%s%.*s",
				 i > first ? " " : "", (int)m->t[i].len,
				 m->t[i].text);
		if (w < 0 || (size_t)w >= sizeof(text) - n)
			break;
		n += (size_t)w;
	}
	return json_stringn(text, n);
}

static json_t *explain_json(const mname *q, const mname *c,
			    const mexplain *ex, const screen_feature *f,
			    size_t nf)
{
	json_t *pairs = json_array();
	uint32_t used_q = 0, used_c = 0;
	for (size_t i = 0; i < ex->n_pairs; i++) {
		const mpair *p = &ex->pairs[i];
		json_t *qs = span_json(q, p->q, p->q2);
		json_t *cs = span_json(c, p->c, p->c2);
		for (int k = p->q; k <= (p->q2 >= 0 ? p->q2 : p->q); k++)
			used_q |= 1u << k;
		for (int k = p->c; k <= (p->c2 >= 0 ? p->c2 : p->c); k++)
			used_c |= 1u << k;
		json_array_append_new(
			pairs, json_pack("{s:o,s:o,s:s,s:o,s:o}", "query", qs,
					 "listed", cs, "kind",
					 mkind_name((mkind)p->kind),
					 "similarity", round_real(p->sim),
					 "weight",
					 round_real(q->t[p->q].weight)));
	}
	json_t *uq = json_array(), *uc = json_array();
	for (size_t i = 0; i < q->n; i++)
		if (!(used_q & 1u << i))
			json_array_append_new(
				uq, json_pack("{s:o,s:o}", "token",
					      tok_json(&q->t[i]), "weight",
					      round_real(q->t[i].weight)));
	for (size_t j = 0; j < c->n; j++)
		if (!(used_c & 1u << j))
			json_array_append_new(
				uc, json_pack("{s:o,s:o}", "token",
					      tok_json(&c->t[j]), "weight",
					      round_real(c->t[j].weight)));
	json_t *feats = json_array();
	for (size_t i = 0; i < nf; i++)
		json_array_append_new(
			feats, json_pack("{s:s,s:o,s:s}", "feature", f[i].name,
					 "contribution", round_real(f[i].delta),
					 "detail", f[i].detail));
	return json_pack(
		"{s:o,s:o,s:o,s:o,s:{s:o,s:o,s:o},s:o}", "name_score",
		round_real(ex->name_score), "aligned", pairs,
		"unmatched_query", uq, "unmatched_listed", uc, "penalties",
		"order", round_real(-ex->order_penalty), "schema",
		round_real(-ex->schema_penalty), "numbers",
		round_real(-ex->number_penalty), "features", feats);
}

/* A JSON string of s even when s is not valid UTF-8 (each bad byte
 * becomes U+FFFD): a query is recorded whatever its bytes. */
json_t *licit__json_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	buf b;
	buf_init(&b, 1 << 20);
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	while (n) {
		uint32_t cp;
		int len = utf8_decode(p, n, &cp);
		utf8_put(&b, cp);
		p += len;
		n -= (size_t)len;
	}
	j = buf_ok(&b) ? json_string(buf_str(&b)) : NULL;
	buf_release(&b);
	return j;
}

static json_t *query_json(const licit_query *q)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", licit__json_text(q->name));
	if (q->schema)
		json_object_set_new(o, "schema",
				    json_string(licit_schema_name(q->schema)));
	if (q->country)
		json_object_set_new(o, "country", licit__json_text(q->country));
	if (q->birth_date)
		json_object_set_new(o, "birth_date", licit__json_text(q->birth_date));
	if (q->id)
		json_object_set_new(o, "id", licit__json_text(q->id));
	if (q->gender)
		json_object_set_new(o, "gender", licit__json_text(q->gender));
	if (q->party_id)
		json_object_set_new(o, "party_id", licit__json_text(q->party_id));
	return o;
}

/* ------------------------------------------------------------ the record */

/* "party:<id>" when the caller names the party; else "query:" and 16 hex
 * digits of a hash over what identifies it (normalized name, schema,
 * country, birth date, identifier), so re-screening the same party finds
 * its alerts. In `a`; NULL when out of memory. */
static const char *party_key(const licit_query *q, arena *a)
{
	if (q->party_id)
		return arena_printf(a, "party:%s", q->party_id);
	buf key;
	buf_init(&key, 1 << 16);
	if (text_normalize(q->name, strlen(q->name), &key) < 0 || !key.len)
		buf_addstr(&key, q->name);
	json_t *who = json_pack("{s:o}", "name", licit__json_text(buf_str(&key)));
	buf_release(&key);
	if (q->schema)
		json_object_set_new(who, "schema",
				    json_string(licit_schema_name(q->schema)));
	if (q->country)
		json_object_set_new(who, "country", licit__json_text(q->country));
	if (q->birth_date)
		json_object_set_new(who, "birth_date", licit__json_text(q->birth_date));
	if (q->id)
		json_object_set_new(who, "id", licit__json_text(q->id));
	char *text = json_dumps(who, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(who);
	uint8_t d[32];
	char hex[65];
	if (!text || sha256(text, strlen(text), d) < 0) {
		free(text);
		return NULL;
	}
	free(text);
	sha256_hex(d, hex);
	return arena_printf(a, "query:%.16s", hex);
}

static double round4(double v)
{
	return (double)(long)(v * 10000 + 0.5) / 10000.0;
}

static const char *dup_opt(arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* The audit record of one screening; NULL when out of memory. Strings
 * are copied: a deferred record may outlive the snapshot it names. */
static audit_screening *screening_new(licit *h, const licit_query *q,
				      double threshold, size_t limit,
				      const screen_hit *sh,
				      const licit_screen_hit *hits, size_t k)
{
	audit_screening *r = licit__calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	arena *a = &r->mem;
	arena_init(a);
	store_now(r->time);
	r->actor = arena_strdup(a, licit__actor(h));
	r->snapshot = arena_strdup(a, h->snap.id);
	r->name = arena_strdup(a, q->name);
	r->schema = q->schema ? licit_schema_name(q->schema) : NULL;
	r->country = dup_opt(a, q->country);
	r->birth_date = dup_opt(a, q->birth_date);
	r->id = dup_opt(a, q->id);
	r->gender = dup_opt(a, q->gender);
	r->party_id = dup_opt(a, q->party_id);
	r->ref = dup_opt(a, q->ref);
	r->threshold = round4(threshold);
	r->limit = (int64_t)limit;
	if (q->n_sources) {
		r->sources = arena_calloc(a, q->n_sources * sizeof(char *));
		for (size_t i = 0; r->sources && i < q->n_sources; i++)
			r->sources[i] = arena_strdup(a, q->sources[i]);
		r->n_sources = q->n_sources;
	}
	if (k || q->party_id) /* a second normalization: only if needed */
		r->party_key = party_key(q, a);
	r->hits = k ? arena_calloc(a, k * sizeof(*r->hits)) : NULL;
	r->n_hits = k;
	for (size_t i = 0; i < k && r->hits; i++) {
		audit_hit *x = &r->hits[i];
		x->entity_id = arena_strdup(a, hits[i].entity_id);
		x->name = arena_strdup(a, hits[i].name);
		x->score = round4(hits[i].score);
		snprintf(x->entity_hash, sizeof(x->entity_hash), "%016llx",
			 (unsigned long long)h->snap.entities[sh[i].entity]
				 .content_hash);
	}
	if (a->failed || (k && (!r->hits || !r->party_key)) ||
	    (q->n_sources && !r->sources)) {
		audit_screening_free(r);
		return NULL;
	}
	return r;
}

json_t *licit__screening_audit(const audit_screening *r)
{
	json_t *alerts = json_array();
	for (size_t i = 0; i < r->n_hits; i++)
		json_array_append_new(
			alerts,
			json_pack("{s:s,s:o,s:s}", "entity_id",
				  r->hits[i].entity_id, "alert",
				  r->hits[i].alert
					  ? json_integer(r->hits[i].alert)
					  : json_null(),
				  "status", r->hits[i].status));
	return json_pack("{s:I,s:s,s:o}", "seq", (json_int_t)r->seq,
			 "decision", r->decision, "alerts", alerts);
}

/* Record the screening; when written now, copy what the alert logic said
 * onto the hits and into *audit (a JSON object for the result, made only
 * when want_json). */
static licit_status record_screening(licit *h, const licit_query *q,
				     double threshold, size_t limit,
				     const screen_hit *sh,
				     licit_screen_hit *hits, size_t k,
				     int want_json, json_t **audit)
{
	*audit = NULL;
	audit_item it = {screening_new(h, q, threshold, limit, sh, hits, k),
			 NULL};
	if (!it.screening) {
		errinfo e;
		err_set(&e, LICIT_ENOMEM, "out of memory");
		return licit__fail(h, &e);
	}
	int queued;
	licit_status st = licit__record(h, it, &queued);
	if (queued)
		return st;
	const audit_screening *r = it.screening;
	for (size_t i = 0; st == LICIT_OK && i < k; i++) {
		hits[i].alert = r->hits[i].alert;
		hits[i].alert_status = r->hits[i].status;
	}
	if (st == LICIT_OK && want_json)
		*audit = licit__screening_audit(r);
	licit__item_free(&it);
	return st;
}

static char *dump(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	if (!s)
		return NULL;
	char *r = licit__strdup(s);
	free(s);
	return r;
}

/* Run the screener on q: up to `limit` hits into hits[] and the
 * screener's own hits (with explanations) into *sh_out (licit__malloc'd,
 * the caller frees it), their number into *n. */
static licit_status run_screen(licit *h, const licit_query *q,
			       double threshold, size_t limit,
			       licit_screen_hit *hits, screen_hit **sh_out,
			       size_t *n)
{
	*sh_out = NULL;
	*n = 0;
	licit_status need = licit__need_snapshot(h);
	if (need != LICIT_OK)
		return need;
	errinfo e;
	if (!licit__screener(h)) {
		err_set(&e, LICIT_ENOMEM, "out of memory");
		return licit__fail(h, &e);
	}
	screen_query sq = {q->name,       (int)q->schema, q->country,
			   q->birth_date, q->id,          q->sources,
			   q->n_sources,  q->gender};
	size_t cap = limit ? limit : 1;
	screen_hit *sh = licit__malloc(cap * sizeof(*sh)); /* filled by the run */
	size_t k = 0;
	if (!sh || screener_run(h->screener, &sq, threshold, sh, limit, &k,
				NULL) < 0) {
		licit__free(sh);
		err_set(&e, LICIT_ENOMEM, "out of memory");
		return licit__fail(h, &e);
	}
	const snapshot *s = &h->snap;
	for (size_t i = 0; i < k; i++) {
		const snap_entity *x = &s->entities[sh[i].entity];
		hits[i] = (licit_screen_hit){
			snap_str(s, x->id), snap_str(s, x->source),
			snapshot_primary_name(s, x), snap_str(s, s->names[sh[i].name].full),
			(licit_schema)x->schema, sh[i].score, 0, NULL};
	}
	*sh_out = sh;
	*n = k;
	return LICIT_OK;
}

licit_status licit__screen_quiet(licit *h, const licit_query *q,
				 double threshold, size_t limit,
				 licit_screen_hit *hits, size_t *n)
{
	if (!h || !q || !q->name || !n || (limit && !hits))
		return LICIT_EMISUSE;
	screen_hit *sh;
	licit_status st = run_screen(h, q, threshold, limit, hits, &sh, n);
	licit__free(sh);
	return st;
}

licit_status licit_screen(licit *h, const licit_query *q, double threshold,
			  size_t limit, licit_screen_hit *hits, size_t *n,
			  char **json)
{
	if (!h || !q || !q->name || !n || (limit && !hits))
		return LICIT_EMISUSE;
	*n = 0;
	if (json)
		*json = NULL;
	errinfo e;
	screen_hit *sh;
	size_t k;
	licit_status ran = run_screen(h, q, threshold, limit, hits, &sh, &k);
	if (ran != LICIT_OK)
		return ran;
	const snapshot *s = &h->snap;
	json_t *audit = NULL;
	licit_status rec = record_screening(h, q, threshold, limit, sh, hits,
					    k, json != NULL, &audit);
	if (rec != LICIT_OK) {
		licit__free(sh);
		return rec;
	}
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < k; i++) {
		if (!arr)
			continue;
		json_array_append_new(
			arr,
			json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o}", "entity_id",
				  hits[i].entity_id, "source", hits[i].source,
				  "schema", licit_schema_name(hits[i].schema),
				  "name", hits[i].name, "matched_name",
				  hits[i].matched_name, "score",
				  round_real(hits[i].score), "explanation",
				  explain_json(sh[i].q, &sh[i].c, &sh[i].ex,
					       sh[i].features,
					       sh[i].n_features)));
	}
	*n = k;
	licit__free(sh);
	if (json) {
		json_t *o = json_pack("{s:o,s:s,s:o,s:o}", "query",
				      query_json(q), "snapshot", s->id,
				      "threshold", json_real(threshold),
				      "hits", arr);
		if (o && audit)
			json_object_set(o, "audit", audit);
		*json = dump(o);
	}
	json_decref(audit);
	if (json && !*json) {
		err_set(&e, LICIT_ENOMEM, "out of memory");
		return licit__fail(h, &e);
	}
	return LICIT_OK;
}

licit_status licit_compare(licit *h, const char *name1, const char *name2,
			   licit_schema schema, double *score, char **json)
{
	if (!name1 || !name2 || !score)
		return LICIT_EMISUSE;
	if (json)
		*json = NULL;
	const match_weights *w = NULL;
	if (h && licit__screener(h))
		w = screener_weights(h->screener);
	arena a;
	arena_init(&a);
	mname x, y;
	mexplain ex;
	if (match_prepare(name1, strlen(name1), (int)schema, w, &a, &x) < 0 ||
	    match_prepare(name2, strlen(name2), (int)schema, w, &a, &y) < 0) {
		arena_release(&a);
		return LICIT_ENOMEM;
	}
	*score = match_names(&x, &y, &ex);
	licit_status st = LICIT_OK;
	if (json) {
		*json = dump(json_pack("{s:o,s:b,s:o,s:o}", "score",
				       round_real(*score), "match",
				       *score >= DEFAULT_THRESHOLD, "threshold",
				       json_real(DEFAULT_THRESHOLD),
				       "explanation",
				       explain_json(&x, &y, &ex, NULL, 0)));
		if (!*json)
			st = LICIT_ENOMEM;
	}
	arena_release(&a);
	return st;
}
