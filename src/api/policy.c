/*
 * policy.c - policy sets through the public API: the built-in policies or
 * files, `policy show` (a policy as in force on a date) and `policy diff`
 * (what changed effect between two dates or two policy files).
 *
 * The diff evaluates every ISO country and every item of the policy for
 * each top-level end-user type with no other facts, so it shows what the
 * policy itself changed, not what one transaction's facts add.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/internal.h"
#include "rules/builtin.h"
#include "rules/eval.h"
#include "util/alloc.h"
#include "util/sha256.h"
#include "banned.h"

const char *licit_effect_name(licit_effect e)
{
	return (int)e >= EFF_NLR && (int)e <= EFF_PROHIBITED
		   ? effect_name((int)e)
		   : "unknown";
}

static void put_err(char *errbuf, size_t errlen, const char *msg)
{
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "%s", msg);
}

/* sha256 over "<regime id> <policy file sha256>\n" of each policy, in
 * set order: one id for exactly these policy texts. */
static int set_version(licit_policies *p)
{
	sha256_ctx c;
	uint8_t d[32];
	if (sha256_init(&c) < 0)
		return -1;
	for (size_t i = 0; i < p->set.n; i++) {
		const policy *x = &p->set.p[i];
		sha256_update(&c, x->id, strlen(x->id));
		sha256_update(&c, " ", 1);
		sha256_update(&c, x->sha256, strlen(x->sha256));
		sha256_update(&c, "\n", 1);
	}
	sha256_final(&c, d);
	sha256_hex(d, p->version);
	return 0;
}

static licit_status make_set(const char *const *paths, size_t n,
			     licit_policies **out, char *errbuf, size_t errlen)
{
	if (!out || (n && !paths))
		return LICIT_EMISUSE;
	*out = NULL;
	licit_policies *p = licit__calloc(1, sizeof(*p));
	if (!p)
		return LICIT_ENOMEM;
	errinfo e;
	err_clear(&e);
	licit_status st = paths ? policy_set_files(&p->set, paths, n, &e)
				: policy_set_builtin(&p->set, &e);
	if (st != LICIT_OK) {
		put_err(errbuf, errlen, e.msg);
		licit__free(p);
		return st;
	}
	if (set_version(p) < 0) {
		put_err(errbuf, errlen, "out of memory");
		licit_policies_free(p);
		return LICIT_ENOMEM;
	}
	*out = p;
	return LICIT_OK;
}

const char *licit_policies_version(const licit_policies *p)
{
	return p ? p->version : NULL;
}

licit_status licit_policies_builtin(licit_policies **out, char *errbuf,
				    size_t errlen)
{
	return make_set(NULL, 0, out, errbuf, errlen);
}

licit_status licit_policies_load(const char *const *paths, size_t n,
				 licit_policies **out, char *errbuf,
				 size_t errlen)
{
	if (!paths || !n)
		return LICIT_EMISUSE;
	return make_set(paths, n, out, errbuf, errlen);
}

void licit_policies_free(licit_policies *p)
{
	if (!p)
		return;
	policy_set_release(&p->set);
	licit__free(p);
}

size_t licit_policies_count(const licit_policies *p)
{
	return p ? p->set.n : 0;
}

const char *licit_policies_regime(const licit_policies *p, size_t i)
{
	return p && i < p->set.n ? p->set.p[i].id : NULL;
}

static char *dump(json_t *o)
{
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (!s)
		return NULL;
	char *r = licit__strdup(s);
	free(s);
	return r;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *date_json(rdate d)
{
	char s[11];
	rdate_format(d, s);
	return str_or_null(s);
}

static licit_status parse_date(const char *s, rdate *d, char *errbuf,
			       size_t errlen)
{
	*d = rdate_today();
	if (s && rdate_parse(s, strlen(s), d) < 0) {
		char msg[128];
		snprintf(msg, sizeof(msg),
			 "'%.20s' is not a date: give "
			 "YYYY-MM-DD",
			 s);
		put_err(errbuf, errlen, msg);
		return LICIT_EINVAL;
	}
	return LICIT_OK;
}

static licit_status find_regime(const licit_policies *p, const char *regime,
				const policy **out, char *errbuf, size_t errlen)
{
	*out = policy_set_find(&p->set, regime);
	if (*out)
		return LICIT_OK;
	char msg[768];
	size_t used = (size_t)snprintf(
	    msg, sizeof(msg), "unknown regime '%.60s': give one of ", regime);
	for (size_t i = 0; i < p->set.n && used < sizeof(msg); i++)
		used += (size_t)snprintf(msg + used, sizeof(msg) - used, "%s%s",
					 i ? ", " : "", p->set.p[i].id);
	put_err(errbuf, errlen, msg);
	return LICIT_EINVAL;
}

/* ----------------------------------------------------------------- show */

static json_t *cset_json(const cset *s)
{
	json_t *a = json_array();
	for (int i = 0; i < CSET_BITS; i++)
		if (cset_has(s, i)) {
			char cc[3];
			cc_code(i, cc);
			json_array_append_new(a, json_string(cc));
		}
	return a;
}

/* Members of group g on d (sub-groups expanded): *in sure, *maybe not. */
static void group_members(const policy *p, int g, rdate d, cset *in,
			  cset *maybe, int depth)
{
	const rgroup *x = &p->groups[g];
	if (depth > 32)
		return;
	for (size_t i = 0; i < x->n_m; i++) {
		const member_entry *m = &x->m[i];
		if (!rdate_in(d, m->from, m->until))
			continue;
		for (size_t w = 0; w < CSET_WORDS; w++) {
			in->w[w] |= m->countries.w[w];
			maybe->w[w] |= m->unknown.w[w];
		}
		for (size_t j = 0; j < m->n_groups; j++)
			group_members(p, m->groups[j], d, in, maybe, depth + 1);
	}
}

static json_t *groups_json(const policy *p, rdate d)
{
	json_t *a = json_array();
	for (size_t g = 0; g < p->n_groups; g++) {
		const rgroup *x = &p->groups[g];
		cset in = {{0}}, maybe = {{0}};
		group_members(p, (int)g, d, &in, &maybe, 0);
		const char *partial = NULL;
		for (size_t i = 0; i < x->n_inc && !partial; i++)
			if (rdate_in(d, x->inc[i].from, x->inc[i].until))
				partial = x->inc[i].reason;
		json_array_append_new(
		    a,
		    json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "name",
			      x->name, "title", str_or_null(x->title),
			      "citation", str_or_null(x->citation), "source",
			      str_or_null(x->p.source), "verification",
			      str_or_null(x->p.verification), "note",
			      str_or_null(x->p.note), "members", cset_json(&in),
			      "unknown", cset_json(&maybe), "incomplete",
			      str_or_null(partial)));
	}
	return a;
}

static json_t *policy_json(const policy *p, rdate d)
{
	json_t *items = json_array(), *rules = json_array(),
	       *sources = json_array(), *versions = json_array();
	for (size_t i = 0; i < p->n_items; i++)
		json_array_append_new(
		    items,
		    json_pack("{s:s,s:o,s:o,s:o}", "code", p->items[i].code,
			      "title", str_or_null(p->items[i].title), "source",
			      str_or_null(p->items[i].p.source), "verification",
			      str_or_null(p->items[i].p.verification)));
	for (size_t i = 0; i < p->n_rules; i++) {
		const rrule *r = &p->rules[i];
		if (!rdate_in(d, r->from, r->until))
			continue;
		json_array_append_new(
		    rules,
		    json_pack("{s:s,s:o,s:s,s:o,s:o,s:o,s:s,s:o,s:s,s:o,s:o,"
			      "s:o}",
			      "id", r->id, "title", str_or_null(r->title),
			      "effect", effect_name(r->effect), "exception",
			      str_or_null(r->exception), "licence",
			      str_or_null(r->licence), "review_policy",
			      str_or_null(r->review_policy), "citation",
			      r->citation, "source", str_or_null(r->p.source),
			      "verification", r->p.verification, "note",
			      str_or_null(r->note), "from", date_json(r->from),
			      "until", date_json(r->until)));
	}
	for (size_t i = 0; i < p->n_sources; i++)
		json_array_append_new(
		    sources,
		    json_pack("{s:s,s:o,s:o,s:o}", "id", p->sources[i].id,
			      "title", str_or_null(p->sources[i].title), "url",
			      str_or_null(p->sources[i].url), "note",
			      str_or_null(p->sources[i].note)));
	json_array_append_new(versions, date_json(p->from));
	for (size_t i = 0; i < p->n_bounds; i++)
		json_array_append_new(versions, date_json(p->bounds[i]));
	return json_pack(
	    "{s:s,s:o,s:o,s:o,s:s,s:s,s:o,s:o,s:{s:o,s:o,s:o,s:o},s:o,s:o,"
	    "s:o,s:o,s:o}",
	    "regime", p->id, "title", str_or_null(p->title), "jurisdiction",
	    str_or_null(p->jurisdiction), "authority",
	    str_or_null(p->authority), "file", p->file, "sha256", p->sha256,
	    "as_of", date_json(d), "version", date_json(policy_version(p, d)),
	    "covers", "from", date_json(p->from), "until", date_json(p->until),
	    "verification", str_or_null(p->covers.verification), "note",
	    str_or_null(p->covers.note), "versions", versions, "groups",
	    groups_json(p, d), "items", items, "rules", rules, "sources",
	    sources);
}

licit_status licit_policy_show(const licit_policies *p, const char *regime,
			       const char *as_of, char **json, char *errbuf,
			       size_t errlen)
{
	if (!p || !json)
		return LICIT_EMISUSE;
	*json = NULL;
	rdate d;
	licit_status st = parse_date(as_of, &d, errbuf, errlen);
	if (st != LICIT_OK)
		return st;
	json_t *o;
	if (regime) {
		const policy *x;
		if ((st = find_regime(p, regime, &x, errbuf, errlen)))
			return st;
		o = policy_json(x, d);
	} else {
		json_t *all = json_array();
		for (size_t i = 0; i < p->set.n; i++)
			json_array_append_new(all,
					      policy_json(&p->set.p[i], d));
		o = json_pack("{s:o,s:o}", "as_of", date_json(d), "policies",
			      all);
	}
	*json = dump(o);
	return *json ? LICIT_OK : LICIT_ENOMEM;
}

/* ----------------------------------------------------------------- diff */

typedef struct answer {
	int effect;
	const char *exception;
} answer;

static int answer_eq(answer a, answer b)
{
	if (a.effect != b.effect)
		return 0;
	if (!a.exception || !b.exception)
		return a.exception == b.exception;
	return !strcmp(a.exception, b.exception);
}

static answer evaluate(const policy_set *ps, const policy *p, const char *item,
		       int dest, int eut, rdate d)
{
	check_in in;
	memset(&in, 0, sizeof(in));
	snprintf(in.item, sizeof(in.item), "%s", item);
	cc_code(dest, in.dest);
	in.dest_idx = dest;
	in.region_idx = -1;
	in.eut = eut;
	in.euse = -1;
	in.as_of = d;
	arena a;
	arena_init(&a);
	check_out out;
	const policy *const regimes[1] = {p};
	answer r = {EFF_REVIEW, NULL};
	if (rules_check(ps, &in, regimes, 1, &a, &out) == LICIT_OK) {
		r.effect = out.regimes[0].effect;
		r.exception = out.regimes[0].exception;
	}
	arena_release(&a);
	return r;
}

static json_t *answer_json(answer a)
{
	return json_pack("{s:s,s:o}", "effect", effect_name(a.effect),
			 "exception", str_or_null(a.exception));
}

/* The items of both policies, each once. */
static size_t union_items(const policy *a, const policy *b, const char **out,
			  size_t cap)
{
	size_t n = 0;
	const policy *ps[2] = {a, b};
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < ps[k]->n_items && n < cap; i++) {
			int seen = 0;
			for (size_t j = 0; j < n && !seen; j++)
				seen = !strcmp(out[j], ps[k]->items[i].code);
			if (!seen)
				out[n++] = ps[k]->items[i].code;
		}
	return n;
}

/* One destination's transition for a set of items (space-separated). */
typedef struct diff_row {
	int eut;
	answer from, to;
	char items[1024];
	char dest[3];
	int grouped;
} diff_row;

typedef struct diff_rows {
	diff_row *v;
	size_t n, cap;
} diff_rows;

static diff_row *row_push(diff_rows *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		diff_row *v = licit__realloc(r->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		r->v = v;
		r->cap = cap;
	}
	diff_row *x = &r->v[r->n++];
	memset(x, 0, sizeof(*x));
	return x;
}

/* Rows of one destination: its changed items, one row per transition. */
static int dest_rows(diff_rows *rows, int eut, const char *cc,
		     const char *const *items, const answer *fa,
		     const answer *ta, int *changed, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!changed[i])
			continue;
		diff_row *r = row_push(rows);
		if (!r)
			return -1;
		r->eut = eut;
		r->from = fa[i];
		r->to = ta[i];
		memcpy(r->dest, cc, 3);
		size_t used = 0;
		for (size_t j = i; j < n; j++) {
			if (!changed[j] || !answer_eq(fa[j], fa[i]) ||
			    !answer_eq(ta[j], ta[i]))
				continue;
			changed[j] = 0;
			if (used < sizeof(r->items))
				used += (size_t)snprintf(
				    r->items + used, sizeof(r->items) - used,
				    "%s%s", used ? " " : "", items[j]);
		}
	}
	return 0;
}

static json_t *split_json(const char *s)
{
	json_t *a = json_array();
	while (*s) {
		size_t n = strcspn(s, " ");
		json_array_append_new(a, json_stringn(s, n));
		s += n;
		while (*s == ' ')
			s++;
	}
	return a;
}

/* Rows with the same end-user type, transition and items become one
 * summary entry listing their destinations. */
static json_t *summary_json(diff_rows *rows, const vocab *v)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rows->n; i++) {
		diff_row *r = &rows->v[i];
		if (r->grouped)
			continue;
		json_t *dests = json_array();
		for (size_t j = i; j < rows->n; j++) {
			diff_row *x = &rows->v[j];
			if (x->grouped || x->eut != r->eut ||
			    !answer_eq(x->from, r->from) ||
			    !answer_eq(x->to, r->to) ||
			    strcmp(x->items, r->items))
				continue;
			x->grouped = 1;
			json_array_append_new(dests, json_string(x->dest));
		}
		json_array_append_new(
		    a,
		    json_pack("{s:s,s:o,s:o,s:o,s:o}", "end_user_type",
			      v->eut[r->eut].name, "from", answer_json(r->from),
			      "to", answer_json(r->to), "items",
			      split_json(r->items), "destinations", dests));
	}
	return a;
}

licit_status licit_policy_diff(const licit_policies *from,
			       const licit_policies *to, const char *regime,
			       const char *as_of_from, const char *as_of_to,
			       const char *end_user_type, char **json,
			       char *errbuf, size_t errlen)
{
	if (!from || !to || !regime || !json)
		return LICIT_EMISUSE;
	*json = NULL;
	rdate d1, d2;
	licit_status st;
	const policy *pa, *pb;
	if ((st = parse_date(as_of_from, &d1, errbuf, errlen)) ||
	    (st = parse_date(as_of_to, &d2, errbuf, errlen)) ||
	    (st = find_regime(from, regime, &pa, errbuf, errlen)) ||
	    (st = find_regime(to, regime, &pb, errbuf, errlen)))
		return st;
	const vocab *v = &to->set.v;
	int euts[64];
	size_t n_euts = 0;
	if (end_user_type) {
		int k = vocab_eut(v, end_user_type);
		if (k < 0 || vocab_eut(&from->set.v, end_user_type) != k) {
			char msg[128];
			snprintf(msg, sizeof(msg),
				 "unknown end-user type "
				 "'%.40s'",
				 end_user_type);
			put_err(errbuf, errlen, msg);
			return LICIT_EINVAL;
		}
		euts[n_euts++] = k;
	} else {
		for (size_t i = 0; i < v->n_eut && n_euts < 64; i++)
			if (v->eut[i].parent < 0)
				euts[n_euts++] = (int)i;
	}
	const char *items[256];
	size_t n_items = union_items(pa, pb, items, 256);
	json_t *changes = json_array();
	diff_rows rows = {NULL, 0, 0};
	answer fa[256], ta[256];
	int changed[256];
	for (size_t e = 0; e < n_euts; e++) {
		const char *eut = v->eut[euts[e]].name;
		for (int c = 0; c < CSET_BITS; c++) {
			if (!cset_has(&v->assigned, c))
				continue;
			char cc[3];
			cc_code(c, cc);
			for (size_t i = 0; i < n_items; i++) {
				fa[i] = evaluate(&from->set, pa, items[i], c,
						 euts[e], d1);
				ta[i] = evaluate(&to->set, pb, items[i], c,
						 euts[e], d2);
				changed[i] = !answer_eq(fa[i], ta[i]);
				if (changed[i])
					json_array_append_new(
					    changes,
					    json_pack("{s:s,s:s,s:s,s:o,s:o}",
						      "destination", cc, "item",
						      items[i], "end_user_type",
						      eut, "from",
						      answer_json(fa[i]), "to",
						      answer_json(ta[i])));
			}
			if (dest_rows(&rows, euts[e], cc, items, fa, ta,
				      changed, n_items) < 0) {
				licit__free(rows.v);
				json_decref(changes);
				return LICIT_ENOMEM;
			}
		}
	}
	json_t *summary = summary_json(&rows, v);
	licit__free(rows.v);
	json_t *o = json_pack(
	    "{s:s,s:{s:o,s:o,s:s},s:{s:o,s:o,s:s},s:o,s:o}", "regime", regime,
	    "from", "as_of", date_json(d1), "version",
	    date_json(policy_version(pa, d1)), "file", pa->file, "to", "as_of",
	    date_json(d2), "version", date_json(policy_version(pb, d2)), "file",
	    pb->file, "changes", changes, "summary", summary);
	*json = dump(o);
	return *json ? LICIT_OK : LICIT_ENOMEM;
}
