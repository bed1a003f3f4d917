/*
 * check.c - licit_check_run: a transaction checked against the policies,
 * with the end user screened against the current snapshot.
 *
 * The rules layer (src/rules/) does the deciding; this file screens the
 * end user, turns each hit into what the rules need (its lists, listing
 * date, licence requirement and policy as the entry states them), and
 * presents the answer as structs and, on demand, as JSON. Each check works
 * in its own arena, freed with the result.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/internal.h"
#include "rules/builtin.h"
#include "rules/eval.h"
#include "store/store.h"
#include "util/alloc.h"
#include "banned.h"

#define MAX_PARTY_HITS	  10
#define MAX_CHECK_REGIMES MAX_POLICIES

struct licit_check {
	arena mem;
	const licit_policies *pol;
	check_in in;
	check_out out;
	licit_regime_result regimes[MAX_CHECK_REGIMES];
	licit_party_result *parties; /* the hits that count */
	size_t n_parties;
	const char *end_user, *end_user_type, *end_use;
	char as_of[11];
	char snapshot[65];
	const char *notes[4];
	size_t n_notes;
	char *json;
};

static const policy_set *set_of(const licit_policies *p)
{
	return &p->set;
}

/* The built-in policies of the handle, loaded on first use. */
static licit_status handle_policies(licit *h, const licit_policies **out)
{
	if (!h->policies) {
		char err[1024] = "";
		licit_status st =
		    licit_policies_builtin(&h->policies, err, sizeof(err));
		if (st != LICIT_OK) {
			errinfo e;
			err_set(&e, st, "built-in policies: %s", err);
			return licit__fail(h, &e);
		}
	}
	*out = h->policies;
	return LICIT_OK;
}

int32_t licit__unpack_listed(uint32_t v)
{
	int y = (int)(v >> 16), m = (int)(v >> 8 & 0xff), d = (int)(v & 0xff);
	if (!y)
		return 0;
	return y * 10000 + (m ? m : 1) * 100 + (d ? d : 1);
}

int32_t licit__listed_on(const licit *h, const char *entity_id)
{
	if (!h->has_snap)
		return 0;
	const snap_entity *x = snapshot_find_id(&h->snap, entity_id);
	return x ? licit__unpack_listed(x->listed) : 0;
}

/* Screen the end user; the hits as the rules see them. */
static licit_status screen_parties(licit *h, licit_check *c, const char *name,
				   int record, party_in **out, size_t *n)
{
	licit_status st = licit__need_snapshot(h);
	if (st != LICIT_OK)
		return st;
	licit_query q;
	memset(&q, 0, sizeof(q));
	q.name = name;
	licit_screen_hit hits[MAX_PARTY_HITS];
	size_t k = 0;
	st = record ? licit_screen(h, &q, licit_default_threshold(),
				   MAX_PARTY_HITS, hits, &k, NULL)
		    : licit__screen_quiet(h, &q, licit_default_threshold(),
					  MAX_PARTY_HITS, hits, &k);
	if (st != LICIT_OK)
		return st;
	const snapshot *s = &h->snap;
	party_in *p = arena_calloc(&c->mem, (k ? k : 1) * sizeof(*p));
	if (!p)
		return LICIT_ENOMEM;
	for (size_t i = 0; i < k; i++) {
		const snap_entity *x = snapshot_find_id(s, hits[i].entity_id);
		memset(&p[i], 0, sizeof(p[i]));
		p[i].entity_id = hits[i].entity_id;
		p[i].source = hits[i].source;
		p[i].name = hits[i].name;
		p[i].matched_name = hits[i].matched_name;
		p[i].score = hits[i].score;
		if (!x)
			continue;
		p[i].listed = licit__unpack_listed(x->listed);
		p[i].lists =
		    arena_alloc(&c->mem, (x->lists.count + 1) * sizeof(char *));
		if (!p[i].lists)
			return LICIT_ENOMEM;
		for (uint32_t j = 0; j < x->lists.count; j++)
			p[i].lists[j] =
			    snap_str(s, s->strrefs[x->lists.first + j]);
		p[i].n_lists = x->lists.count;
		p[i].license_requirement =
		    snapshot_attr(s, x, "license_requirement");
		p[i].license_policy = snapshot_attr(s, x, "license_policy");
		p[i].frn = snapshot_attr(s, x, "federal_register_notice");
	}
	*out = p;
	*n = k;
	memcpy(c->snapshot, s->id, sizeof(c->snapshot));
	return LICIT_OK;
}

static licit_status pick_regimes(licit *h, const policy_set *ps,
				 const licit_check_query *q, const policy **out,
				 size_t *n)
{
	*n = 0;
	if (!q->regimes || !q->n_regimes) {
		for (size_t i = 0; i < ps->n; i++)
			out[(*n)++] = &ps->p[i];
		return LICIT_OK;
	}
	errinfo e;
	if (q->n_regimes > MAX_CHECK_REGIMES) {
		err_set(&e, LICIT_EINVAL, "at most %d regimes",
			MAX_CHECK_REGIMES);
		return licit__fail(h, &e);
	}
	for (size_t i = 0; i < q->n_regimes; i++) {
		const policy *p =
		    q->regimes[i] ? policy_set_find(ps, q->regimes[i]) : NULL;
		if (!p) {
			char known[512] = "";
			size_t used = 0;
			for (size_t k = 0; k < ps->n && used < sizeof(known);
			     k++)
				used += (size_t)snprintf(
				    known + used, sizeof(known) - used, "%s%s",
				    k ? ", " : "", ps->p[k].id);
			err_set(&e, LICIT_EINVAL,
				"unknown regime '%.60s': give one of %s",
				q->regimes[i] ? q->regimes[i] : "", known);
			return licit__fail(h, &e);
		}
		int dup = 0;
		for (size_t k = 0; k < *n; k++)
			dup |= out[k] == p;
		if (!dup)
			out[(*n)++] = p;
	}
	return LICIT_OK;
}

static void fill_results(licit_check *c)
{
	const check_out *o = &c->out;
	for (size_t i = 0; i < o->n_regimes; i++) {
		const regime_out *r = &o->regimes[i];
		char *v = arena_alloc(&c->mem, 11);
		if (v)
			rdate_format(r->version, v);
		c->regimes[i] = (licit_regime_result){
		    r->p->id,	  v ? v : "",	  (licit_effect)r->effect,
		    r->exception, r->licence,	  r->review_policy,
		    r->n_rules,	  r->n_unverified};
	}
	c->parties =
	    arena_calloc(&c->mem, (c->in.n_parties + 1) * sizeof(*c->parties));
	if (!c->parties)
		return;
	for (size_t k = 0; k < c->in.n_parties; k++) {
		if (!o->parties[k].counts)
			continue;
		const party_in *p = &c->in.parties[k];
		char *d = arena_alloc(&c->mem, 11);
		if (d)
			rdate_format(p->listed, d);
		c->parties[c->n_parties++] = (licit_party_result){
		    p->entity_id, p->source,
		    p->name,	  p->score,
		    d ? d : "",	  (licit_effect)o->parties[k].effect};
	}
}

static json_t *opt_text(const char *s)
{
	return s ? licit__json_text(s) : json_null();
}

/* The check's audit entry: the query as given, the date, snapshot and
 * policy version used, each regime's answer and the party hits that
 * counted. */
static json_t *check_entry(licit *h, const licit_check *c,
			   const licit_check_query *q)
{
	char now[32];
	store_now(now);
	json_t *regimes = json_array(), *hits = json_array();
	for (size_t i = 0; i < c->out.n_regimes; i++) {
		const licit_regime_result *r = &c->regimes[i];
		json_array_append_new(
		    regimes,
		    json_pack("{s:s,s:s,s:s,s:o,s:s}", "regime", r->regime,
			      "version", r->version, "effect",
			      licit_effect_name(r->effect), "exception",
			      opt_text(r->exception), "policy_sha256",
			      c->out.regimes[i].p->sha256));
	}
	for (size_t k = 0; k < c->n_parties; k++) {
		const licit_party_result *p = &c->parties[k];
		json_array_append_new(
		    hits, json_pack("{s:s,s:f,s:s,s:s}", "entity_id",
				    p->entity_id, "score",
				    (double)(long)(p->score * 10000 + 0.5) /
					10000.0,
				    "listed_on", p->listed_on, "effect",
				    licit_effect_name(p->effect)));
	}
	json_t *asked = json_array();
	for (size_t i = 0; q->regimes && i < q->n_regimes; i++)
		json_array_append_new(asked, opt_text(q->regimes[i]));
	json_t *input = json_pack(
	    "{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "item", opt_text(q->item),
	    "destination", opt_text(q->destination), "region",
	    opt_text(q->region), "end_user", opt_text(q->end_user),
	    "end_user_type", opt_text(q->end_user_type), "end_use",
	    opt_text(q->end_use), "regimes", asked, "as_of",
	    opt_text(q->as_of));
	return json_pack(
	    "{s:s,s:s,s:s,s:o,s:s,s:o,s:s,s:s,s:o,s:o}", "kind", "check",
	    "time", now, "actor", licit__actor(h), "input", input, "as_of",
	    c->as_of, "snapshot",
	    c->snapshot[0] ? json_string(c->snapshot) : json_null(),
	    "policy_version", licit_policies_version(c->pol), "decision",
	    licit_effect_name((licit_effect)c->out.decision), "regimes",
	    regimes, "party_hits", hits);
}

/* Append the check's entry (or queue it when the handle defers). */
static licit_status record_check(licit *h, const licit_check *c,
				 const licit_check_query *q)
{
	errinfo e;
	audit_item it = {NULL, check_entry(h, c, q)};
	if (!it.json) {
		err_set(&e, LICIT_ENOMEM, "out of memory");
		return licit__fail(h, &e);
	}
	int queued;
	licit_status st = licit__record(h, it, &queued);
	if (!queued)
		licit__item_free(&it);
	return st;
}

static licit_status check_run(licit *h, const licit_policies *pol,
			      const licit_check_query *q, int record,
			      licit_check **out)
{
	if (!h || !q || !out)
		return LICIT_EMISUSE;
	*out = NULL;
	licit_status st;
	if (!pol && (st = handle_policies(h, &pol)) != LICIT_OK)
		return st;
	const policy_set *ps = set_of(pol);
	licit_check *c = licit__calloc(1, sizeof(*c));
	if (!c)
		return LICIT_ENOMEM;
	arena_init(&c->mem);
	c->pol = pol;
	errinfo e;
	err_clear(&e);
	st = rules_query_prepare(ps, q->item, q->destination, q->region,
				 q->end_user_type, q->end_use, q->as_of,
				 rdate_today(), &c->in, &e);
	if (st != LICIT_OK) {
		licit_check_free(c);
		return licit__fail(h, &e);
	}
	const policy *regimes[MAX_CHECK_REGIMES];
	size_t n_regimes = 0;
	if ((st = pick_regimes(h, ps, q, regimes, &n_regimes)) != LICIT_OK) {
		licit_check_free(c);
		return st;
	}
	if (q->end_user && *q->end_user) {
		party_in *parties = NULL;
		size_t n = 0;
		st = screen_parties(h, c, q->end_user, record, &parties, &n);
		if (st != LICIT_OK) {
			licit_check_free(c);
			return st == LICIT_ENOMEM
				   ? (err_set(&e, st, "out of memory"),
				      licit__fail(h, &e))
				   : st;
		}
		c->in.parties = parties;
		c->in.n_parties = n;
		c->end_user = arena_strdup(&c->mem, q->end_user);
	} else {
		c->notes[c->n_notes++] =
		    "no end user given (--end-user): no party was screened";
	}
	c->end_user_type =
	    q->end_user_type ? arena_strdup(&c->mem, q->end_user_type) : NULL;
	c->end_use = q->end_use ? arena_strdup(&c->mem, q->end_use) : NULL;
	if (c->in.region)
		c->in.region = arena_strdup(&c->mem, c->in.region);
	rdate_format(c->in.as_of, c->as_of);
	st = rules_check(ps, &c->in, regimes, n_regimes, &c->mem, &c->out);
	if (st == LICIT_OK)
		fill_results(c);
	if (st != LICIT_OK || c->mem.failed || !c->parties) {
		licit_check_free(c);
		err_set(&e, LICIT_ENOMEM, "out of memory");
		return licit__fail(h, &e);
	}
	if (record && (st = record_check(h, c, q)) != LICIT_OK) {
		licit_check_free(c);
		return st;
	}
	*out = c;
	return LICIT_OK;
}

licit_status licit_check_run(licit *h, const licit_policies *pol,
			     const licit_check_query *q, licit_check **out)
{
	return check_run(h, pol, q, 1, out);
}

licit_status licit__check_quiet(licit *h, const licit_policies *pol,
				const licit_check_query *q, licit_check **out)
{
	return check_run(h, pol, q, 0, out);
}

licit_effect licit_check_decision(const licit_check *c)
{
	return c ? (licit_effect)c->out.decision : LICIT_EFFECT_REVIEW;
}

const licit_regime_result *licit_check_regimes(const licit_check *c, size_t *n)
{
	*n = c ? c->out.n_regimes : 0;
	return c ? c->regimes : NULL;
}

const licit_party_result *licit_check_parties(const licit_check *c, size_t *n)
{
	*n = c ? c->n_parties : 0;
	return c ? c->parties : NULL;
}

void licit_check_free(licit_check *c)
{
	if (!c)
		return;
	arena_release(&c->mem);
	free(c->json);
	licit__free(c);
}

/* ----------------------------------------------------------------- JSON */

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *str_array(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static const source_def *find_source(const policy *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_sources; i++)
		if (!strcmp(p->sources[i].id, id))
			return &p->sources[i];
	return NULL;
}

static json_t *rule_json(const licit_check *c, const rule_out *x)
{
	const rrule *r = x->r;
	json_t *o = json_pack(
	    "{s:s,s:o,s:s,s:s,s:s,s:o,s:s}", "id", r->id, "title",
	    str_or_null(r->title), "status", out_status_name(x->status),
	    "effect", effect_name(r->effect), "citation", r->citation, "source",
	    str_or_null(r->p.source), "verification", r->p.verification);
	const source_def *s = find_source(x->p, r->p.source);
	if (s && s->title)
		json_object_set_new(o, "source_title", json_string(s->title));
	if (s && s->url)
		json_object_set_new(o, "source_url", json_string(s->url));
	if (r->exception)
		json_object_set_new(o, "exception", json_string(r->exception));
	if (x->p != NULL && strcmp(x->p->id, "party-lists"))
		json_object_set_new(o, "regime", json_string(x->p->id));
	if (r->note)
		json_object_set_new(o, "note", json_string(r->note));
	if (x->n_reasons)
		json_object_set_new(o, "reasons",
				    str_array(x->reasons, x->n_reasons));
	if (x->n_facts) {
		json_t *f = json_array();
		for (size_t i = 0; i < x->n_facts; i++)
			json_array_append_new(
			    f,
			    json_pack("{s:s,s:o,s:o}", "fact", x->facts[i].text,
				      "source", str_or_null(x->facts[i].source),
				      "verification",
				      str_or_null(x->facts[i].verification)));
		json_object_set_new(o, "facts", f);
	}
	if (x->party >= 0)
		json_object_set_new(
		    o, "party", json_string(c->in.parties[x->party].entity_id));
	return o;
}

static const char *tv_name(int v)
{
	return v == TV_T ? "yes" : v == TV_U ? "unknown" : "no";
}

static json_t *regime_json(const licit_check *c, size_t i)
{
	const regime_out *r = &c->out.regimes[i];
	json_t *rules = json_array();
	for (size_t k = 0; k < r->n_rules; k++)
		json_array_append_new(rules, rule_json(c, &r->rules[k]));
	json_t *exc = json_array();
	for (size_t k = 0; k < r->n_exc; k++)
		json_array_append_new(
		    exc, json_pack("{s:s,s:s,s:b}", "name", r->exc[k].name,
				   "available", tv_name(r->exc[k].available),
				   "allowed", r->exc[k].allowed));
	return json_pack(
	    "{s:s,s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "regime", r->p->id, "title", str_or_null(r->p->title), "version",
	    c->regimes[i].version, "policy_sha256", r->p->sha256, "effect",
	    effect_name(r->effect), "exception", str_or_null(r->exception),
	    "licence", str_or_null(r->licence), "review_policy",
	    str_or_null(r->review_policy), "rules", rules, "reasons",
	    str_array(r->reasons, r->n_reasons), "assumptions",
	    str_array(r->assumptions, r->n_assumptions), "obligations",
	    str_array(r->obligations, r->n_obligations), "exceptions", exc,
	    "unverified", str_array(r->unverified, r->n_unverified));
}

static json_t *party_json(const licit_check *c, size_t k)
{
	const party_in *p = &c->in.parties[k];
	const party_out *po = &c->out.parties[k];
	char d[11];
	rdate_format(p->listed, d);
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:f,s:o,s:o}", "entity_id",
			      p->entity_id, "source", p->source, "name",
			      p->name, "matched_name", p->matched_name, "score",
			      (double)(long)(p->score * 10000 + 0.5) / 10000.0,
			      "listed_on", str_or_null(d), "lists",
			      str_array(p->lists, p->n_lists));
	if (p->frn)
		json_object_set_new(o, "federal_register_notice",
				    json_string(p->frn));
	if (p->license_requirement)
		json_object_set_new(o, "license_requirement",
				    json_string(p->license_requirement));
	if (p->license_policy)
		json_object_set_new(o, "license_policy",
				    json_string(p->license_policy));
	if (!po->counts)
		return o;
	json_object_set_new(o, "effect", json_string(effect_name(po->effect)));
	json_t *rules = json_array();
	for (size_t i = 0; i < po->n_rules; i++)
		json_array_append_new(rules, rule_json(c, &po->rules[i]));
	json_object_set_new(o, "rules", rules);
	if (po->reason)
		json_object_set_new(o, "reason", json_string(po->reason));
	return o;
}

const char *licit_check_json(licit_check *c)
{
	if (!c)
		return NULL;
	if (c->json)
		return c->json;
	json_t *regimes = json_array(), *hits = json_array(),
	       *later = json_array();
	for (size_t i = 0; i < c->out.n_regimes; i++)
		json_array_append_new(regimes, regime_json(c, i));
	for (size_t k = 0; k < c->in.n_parties; k++)
		json_array_append_new(c->out.parties[k].counts ? hits : later,
				      party_json(c, k));
	json_t *o = json_pack(
	    "{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "decision",
	    effect_name(c->out.decision), "as_of", c->as_of, "item", c->in.item,
	    "destination", c->in.dest, "region", str_or_null(c->in.region),
	    "end_user", str_or_null(c->end_user), "end_user_type",
	    str_or_null(c->end_user_type), "end_use", str_or_null(c->end_use),
	    "snapshot", str_or_null(c->snapshot), "regimes", regimes,
	    "party_hits", hits, "later_listings", later, "notes",
	    str_array(c->notes, c->n_notes));
	if (!o)
		return NULL;
	c->json = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
	json_decref(o);
	return c->json;
}
