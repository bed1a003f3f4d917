/*
 * eval.c - three-valued evaluation of policies (see eval.h).
 *
 * Each rule's conditions come out true, false or unknown. Per regime:
 *  1. requirement rules (prohibited, licence-required, review,
 *     no-licence-required) that are true give the most restrictive effect;
 *  2. when that is licence-required, a licence exception the licence rules
 *     allow applies if a rule offers it and no rule withdraws it;
 *  3. anything unknown that could make the answer more restrictive turns
 *     it into `review`, with the reason; a rule may instead state what it
 *     assumes (`unknown: assume-not`), and the assumption is reported;
 *  4. when no rule decides, the answer is `review`: licit never falls
 *     back to no-licence-required.
 * The decision is the most restrictive of the regimes and the party hits.
 */
#include "rules/eval.h"

#include <stdio.h>
#include <string.h>

#include "banned.h"

#define MAX_REASONS 64

static int is_req(int e)
{
	return e == EFF_NLR || e == EFF_REVIEW || e == EFF_LICENCE ||
	       e == EFF_PROHIBITED;
}
#define MAX_FACTS 32

const char *out_status_name(int status)
{
	switch (status) {
	case OUT_APPLIES:
		return "applies";
	case OUT_UNKNOWN:
		return "unknown";
	case OUT_NOT_MET:
		return "not-met";
	case OUT_ASSUMED:
		return "assumed-not";
	}
	return "";
}

/* ------------------------------------------------------- query checks */

static int known_dest(const vocab *v, int i)
{
	return cset_has(&v->assigned, i) || cset_has(&v->user_assigned, i);
}

static licit_status prepare_item(const policy_set *ps, const char *item,
				 check_in *in, errinfo *e)
{
	if (!item || !*item)
		return err_set(e, LICIT_EINVAL,
			       "give the item's control code "
			       "(--item), e.g. 4D004");
	if (item_normalize(item, in->item, sizeof(in->item)) < 0)
		return err_set(
		    e, LICIT_EINVAL,
		    "unknown control code '%.60s': give an ECCN such "
		    "as 4D004 or 5A001.j, or EAR99",
		    item);
	if (item_is_eccn(in->item))
		return LICIT_OK;
	for (size_t i = 0; i < ps->n; i++)
		for (size_t j = 0; j < ps->p[i].n_items; j++)
			if (!strcmp(ps->p[i].items[j].code, in->item))
				return LICIT_OK;
	return err_set(e, LICIT_EINVAL,
		       "unknown control code '%s': give an ECCN such as 4D004 "
		       "or 5A001.j, or a code a policy lists (EAR99, "
		       "CS-UNLISTED)",
		       in->item);
}

static licit_status prepare_dest(const vocab *v, const char *dest, check_in *in,
				 errinfo *e)
{
	if (!dest || !*dest)
		return err_set(e, LICIT_EINVAL,
			       "give the destination (--destination), an ISO "
			       "3166-1 code such as FR");
	char cc[3] = {0};
	if (strlen(dest) == 2) {
		cc[0] = (char)(dest[0] >= 'a' && dest[0] <= 'z' ? dest[0] - 32
								: dest[0]);
		cc[1] = (char)(dest[1] >= 'a' && dest[1] <= 'z' ? dest[1] - 32
								: dest[1]);
	}
	int i = cc_index(cc);
	if (i >= 0 && cset_has(&v->retired, i))
		return err_set(e, LICIT_EINVAL,
			       "'%s' (%s) is a retired country code: give %s",
			       cc, v->name[i], v->cnote[i]);
	if (i < 0 || !known_dest(v, i))
		return err_set(
		    e, LICIT_EINVAL,
		    "'%.20s' is not an ISO 3166-1 country code: give "
		    "a two-letter code such as FR or CN",
		    dest);
	memcpy(in->dest, cc, 3);
	in->dest_idx = i;
	return LICIT_OK;
}

static licit_status prepare_region(const vocab *v, const char *code,
				   check_in *in, errinfo *e)
{
	const char *region_code = code;
	in->region = NULL;
	in->region_idx = -1;
	if (!region_code || !*region_code)
		return LICIT_OK;
	size_t n = strlen(region_code);
	int shape = n >= 4 && n <= 8 && region_code[2] == '-';
	for (size_t i = 3; i < n && shape; i++)
		shape = (region_code[i] >= 'A' && region_code[i] <= 'Z') ||
			(region_code[i] >= '0' && region_code[i] <= '9');
	if (!shape)
		return err_set(
		    e, LICIT_EINVAL,
		    "region '%.20s' is not an ISO 3166-2 code such as "
		    "UA-43",
		    region_code);
	if (strncmp(region_code, in->dest, 2))
		return err_set(e, LICIT_EINVAL,
			       "region '%s' is not in destination '%s': give "
			       "the region's own country as --destination",
			       region_code, in->dest);
	in->region = region_code;
	in->region_idx = vocab_region(v, region_code);
	return LICIT_OK;
}

static licit_status prepare_term(const vterm *t, size_t n, const char *name,
				 const char *what, int *out, errinfo *e)
{
	*out = -1;
	if (!name || !*name)
		return LICIT_OK;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name)) {
			*out = (int)i;
			return LICIT_OK;
		}
	char known[1024];
	size_t used = 0;
	known[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof(known); i++)
		used += (size_t)snprintf(known + used, sizeof(known) - used,
					 "%s%s", i ? ", " : "", t[i].name);
	return err_set(e, LICIT_EINVAL, "unknown %s '%.40s': give one of %s",
		       what, name, known);
}

licit_status rules_query_prepare(const policy_set *ps, const char *item,
				 const char *dest, const char *region_code,
				 const char *eut, const char *euse,
				 const char *as_of, rdate today, check_in *in,
				 errinfo *e)
{
	memset(in, 0, sizeof(*in));
	const vocab *v = &ps->v;
	licit_status st;
	if ((st = prepare_item(ps, item, in, e)) ||
	    (st = prepare_dest(v, dest, in, e)) ||
	    (st = prepare_region(v, region_code, in, e)) ||
	    (st = prepare_term(v->eut, v->n_eut, eut, "end-user type", &in->eut,
			       e)) ||
	    (st = prepare_term(v->euse, v->n_euse, euse, "end use", &in->euse,
			       e)))
		return st;
	in->as_of = today;
	if (as_of && rdate_parse(as_of, strlen(as_of), &in->as_of) < 0)
		return err_set(e, LICIT_EINVAL,
			       "'%.20s' is not a date: give YYYY-MM-DD", as_of);
	return LICIT_OK;
}

/* ----------------------------------------------------- three values */

/* The trail of one rule's evaluation: reasons for unknowns and the
 * memberships relied on. Marks let a caller drop what a false or true
 * branch collected. */
typedef struct trail {
	arena *a;
	const check_in *in;
	const vocab *v;
	const policy *p;
	const party_in *party;
	uint32_t party_kinds;
	const char *reasons[MAX_REASONS];
	size_t n_reasons;
	fact facts[MAX_FACTS];
	size_t n_facts;
	const char *assumed[MAX_FACTS];
	size_t n_assumed;
} trail;

static void reason(trail *t, const char *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < t->n_reasons; i++)
		if (!strcmp(t->reasons[i], s))
			return;
	if (t->n_reasons < MAX_REASONS)
		t->reasons[t->n_reasons++] = s;
}

static void add_fact(trail *t, const char *text, const prov *p)
{
	if (text && t->n_facts < MAX_FACTS)
		t->facts[t->n_facts++] = (fact){text, p ? p->source : NULL,
						p ? p->verification : NULL};
}

static int tv_not(int v)
{
	return TV_T - v;
}

static int group_member(trail *t, int g, int depth)
{
	const rgroup *x = &t->p->groups[g];
	int c = t->in->dest_idx, r = TV_F;
	rdate d = t->in->as_of;
	const member_entry *why = NULL;
	if (depth > 32)
		return TV_F; /* cycles are refused at load */
	for (size_t i = 0; i < x->n_m; i++) {
		const member_entry *m = &x->m[i];
		if (!rdate_in(d, m->from, m->until))
			continue;
		if (cset_has(&m->countries, c)) {
			add_fact(t,
				 arena_printf(t->a, "%s is in %s", t->in->dest,
					      x->name),
				 &m->p);
			return TV_T;
		}
		for (size_t j = 0; j < m->n_groups; j++) {
			size_t mark = t->n_facts;
			int s = group_member(t, m->groups[j], depth + 1);
			if (s == TV_T)
				return TV_T;
			t->n_facts = mark;
			if (s == TV_U)
				r = TV_U;
		}
		if (cset_has(&m->unknown, c)) {
			r = TV_U;
			why = m;
		}
	}
	if (why) {
		reason(t,
		       arena_printf(t->a, "whether %s is in %s is unknown: %s",
				    t->in->dest, x->name, why->reason));
		add_fact(
		    t,
		    arena_printf(t->a, "%s may be in %s", t->in->dest, x->name),
		    &why->p);
	}
	if (r == TV_F)
		for (size_t i = 0; i < x->n_inc; i++)
			if (rdate_in(d, x->inc[i].from, x->inc[i].until)) {
				reason(t, arena_printf(
					      t->a,
					      "%s is not among the known "
					      "members of %s, whose list is "
					      "only partly known: %s",
					      t->in->dest, x->name,
					      x->inc[i].reason));
				add_fact(t,
					 arena_printf(t->a,
						      "the list of %s is "
						      "incomplete",
						      x->name),
					 &x->inc[i].p);
				r = TV_U;
				break;
			}
	return r;
}

static int test_items(trail *t, const rtest *x)
{
	int r = TV_F;
	for (size_t i = 0; i < x->n && r != TV_T; i++) {
		if (item_within(t->in->item, x->vals[i]))
			r = TV_T;
		else if (item_within(x->vals[i], t->in->item)) {
			r = TV_U;
			reason(t, arena_printf(t->a,
					       "'%s' may be %s: give the full "
					       "entry",
					       t->in->item, x->vals[i]));
		}
	}
	return r;
}

static int test_dest(trail *t, const rtest *x)
{
	if (cset_has(&x->countries, t->in->dest_idx))
		return TV_T;
	int r = TV_F;
	for (size_t i = 0; i < x->n_idx; i++) {
		size_t mark = t->n_facts;
		int s = group_member(t, x->idx[i], 0);
		if (s == TV_T)
			return TV_T;
		if (s == TV_F)
			t->n_facts = mark;
		if (s > r)
			r = s;
	}
	return r;
}

static int test_regions(trail *t, const rtest *x)
{
	const vocab *v = t->v;
	int r = TV_F;
	for (size_t i = 0; i < x->n_idx; i++) {
		const region *g = &v->regions[x->idx[i]];
		if (g->country != t->in->dest_idx)
			continue;
		int q = t->in->region_idx;
		if (!t->in->region) {
			reason(t,
			       arena_printf(t->a,
					    "rules cover %s (%s) in %s: give "
					    "--region if the address is there, "
					    "or the region it is in",
					    g->code, g->name, t->in->dest));
			r = TV_U;
		} else if (q == (int)x->idx[i] ||
			   (q >= 0 &&
			    v->regions[q].part_of == (int)x->idx[i])) {
			return TV_T;
		} else if (q >= 0 && g->part_of == q) {
			reason(t,
			       arena_printf(
				   t->a,
				   "%s (%s) covers only part of %s: "
				   "%s",
				   g->code, g->name, v->regions[q].code,
				   g->note ? g->note : "locate the address"));
			r = TV_U;
		} else if (q < 0) {
			reason(t, arena_printf(
				      t->a,
				      "region '%s' is not one licit knows: "
				      "a human must check whether it lies "
				      "in %s (%s)",
				      t->in->region, g->code, g->name));
			r = TV_U;
		}
	}
	return r;
}

static int test_terms(trail *t, const rtest *x, const vterm *terms, int q,
		      const char *what, const char *flag)
{
	if (q < 0) {
		reason(t, arena_printf(t->a, "the %s is not given (%s)", what,
				       flag));
		return TV_U;
	}
	int r = TV_F;
	for (size_t i = 0; i < x->n_idx; i++) {
		if (vterm_within(terms, q, x->idx[i]))
			return TV_T;
		if (vterm_within(terms, x->idx[i], q)) {
			reason(t,
			       arena_printf(t->a,
					    "%s '%s' may or may not be '%s': "
					    "give the narrower one",
					    what, terms[q].name,
					    terms[x->idx[i]].name));
			r = TV_U;
		}
	}
	return r;
}

static int eval_test(trail *t, const rtest *x)
{
	int r = TV_F;
	switch (x->kind) {
	case T_ITEMS:
		r = test_items(t, x);
		break;
	case T_DEST:
		r = test_dest(t, x);
		break;
	case T_REGIONS:
		r = test_regions(t, x);
		break;
	case T_EUT:
		r = test_terms(t, x, t->v->eut, t->in->eut, "end-user type",
			       "--end-user-type");
		break;
	case T_EUSE:
		r = test_terms(t, x, t->v->euse, t->in->euse, "end use",
			       "--end-use");
		break;
	case T_PARTY:
		r = t->party && (t->party_kinds & x->mask) ? TV_T : TV_F;
		break;
	}
	return x->negate ? tv_not(r) : r;
}

static int eval_cond(trail *t, const rcond *c)
{
	if (!rdate_in(t->in->as_of, c->from, c->until))
		return TV_F;
	size_t rmark = t->n_reasons, fmark = t->n_facts, amark = t->n_assumed;
	int r = TV_T;
	for (size_t i = 0; i < c->n && r != TV_F; i++) {
		int s = eval_test(t, &c->t[i]);
		if (s < r)
			r = s;
	}
	if (r != TV_F && c->n_unless) {
		int u = TV_F;
		for (size_t i = 0; i < c->n_unless && u != TV_T; i++) {
			size_t m1 = t->n_reasons, m2 = t->n_facts;
			int s = eval_cond(t, &c->unless[i]);
			if (s == TV_U && c->unless[i].assumes) {
				s = TV_F;
				if (t->n_assumed < MAX_FACTS)
					t->assumed[t->n_assumed++] =
					    c->unless[i].assumes;
			}
			if (s != TV_U) {
				t->n_reasons = m1;
				t->n_facts = m2;
			}
			if (s > u)
				u = s;
		}
		if (tv_not(u) < r)
			r = tv_not(u);
	}
	if (r == TV_T && c->uncertain) {
		reason(t, c->uncertain);
		r = TV_U;
	}
	if (r == TV_F) {
		t->n_reasons = rmark;
		t->n_facts = fmark;
		t->n_assumed = amark;
	} else if (r == TV_T) {
		t->n_reasons = rmark;
	}
	return r;
}

/* ------------------------------------------------------- per regime */

typedef struct outlist {
	arena *a;
	rule_out *v;
	size_t n, cap;
} outlist;

static rule_out *out_push(outlist *o)
{
	if (o->n == o->cap) {
		o->v = arena_grow(o->a, o->v, o->n, &o->cap,
				  o->n ? o->n * 2 : 16, sizeof(*o->v));
		if (!o->v)
			return NULL;
	}
	rule_out *r = &o->v[o->n++];
	memset(r, 0, sizeof(*r));
	r->party = -1;
	return r;
}

static int record(outlist *o, const trail *t, const policy *p, const rrule *r,
		  int status, int party)
{
	rule_out *x = out_push(o);
	if (!x)
		return -1;
	x->r = r;
	x->p = p;
	x->status = status;
	x->party = party;
	if (status == OUT_UNKNOWN && t->n_reasons) {
		x->reasons = arena_alloc(o->a, t->n_reasons * sizeof(char *));
		if (!x->reasons)
			return -1;
		memcpy(x->reasons, t->reasons, t->n_reasons * sizeof(char *));
		x->n_reasons = t->n_reasons;
	}
	if (t->n_assumed && status != OUT_NOT_MET) {
		x->assumed = arena_alloc(o->a, t->n_assumed * sizeof(char *));
		if (!x->assumed)
			return -1;
		memcpy(x->assumed, t->assumed, t->n_assumed * sizeof(char *));
		x->n_assumed = t->n_assumed;
	}
	if (t->n_facts) {
		x->facts = arena_alloc(o->a, t->n_facts * sizeof(fact));
		if (!x->facts)
			return -1;
		memcpy(x->facts, t->facts, t->n_facts * sizeof(fact));
		x->n_facts = t->n_facts;
	}
	return 0;
}

/* The kinds of restricted-party list a hit belongs to. */
static uint32_t party_kinds(const vocab *v, const party_in *h)
{
	uint32_t k = 0;
	for (size_t i = 0; i < v->n_kinds; i++) {
		const party_kind *pk = &v->kinds[i];
		for (size_t j = 0; j < pk->n_m; j++) {
			const party_match *m = &pk->m[j];
			size_t n = strlen(m->source);
			int src = n && m->source[n - 1] == '*'
				      ? !strncmp(h->source, m->source, n - 1)
				      : !strcmp(h->source, m->source);
			if (!src)
				continue;
			int list = !m->list;
			for (size_t l = 0; l < h->n_lists && !list; l++)
				list = !strcmp(h->lists[l], m->list);
			if (list)
				k |= (uint32_t)1 << i;
		}
	}
	return k;
}

static int counts_on(const party_in *h, rdate d)
{
	return !h->listed || h->listed <= d;
}

/* Evaluate every rule of p in force on the date; push the outcomes that
 * matter (true, unknown, and assumed) onto o. vals[i] gets the rule's
 * value (the maximum over party hits for party rules). */
static int eval_rules(const policy *p, const check_in *in, const vocab *v,
		      const party_out *pouts, outlist *o, uint8_t *vals,
		      trail *t)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const rrule *r = &p->rules[i];
		vals[i] = TV_F;
		if (!rdate_in(in->as_of, r->from, r->until))
			continue;
		size_t nparties = r->has_party ? in->n_parties : 1;
		for (size_t k = 0; k < nparties; k++) {
			if (r->has_party && !pouts[k].counts)
				continue;
			memset(t, 0, sizeof(*t));
			t->a = o->a;
			t->in = in;
			t->v = v;
			t->p = p;
			t->party = r->has_party ? &in->parties[k] : NULL;
			t->party_kinds = r->has_party ? pouts[k].kinds : 0;
			int s = eval_cond(t, &r->when);
			if (s == TV_U && r->assume_not) {
				if (record(o, t, p, r, OUT_ASSUMED, -1) < 0)
					return -1;
				continue;
			}
			if (s == TV_F)
				continue;
			if (s > vals[i])
				vals[i] = (uint8_t)s;
			if (record(o, t, p, r,
				   s == TV_T ? OUT_APPLIES : OUT_UNKNOWN,
				   r->has_party ? (int)k : -1) < 0)
				return -1;
		}
	}
	return 0;
}

typedef struct strlist {
	const char **v;
	size_t n, cap;
} strlist;

static void str_push(arena *a, strlist *l, const char *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return;
	if (l->n == l->cap) {
		l->v = arena_grow(a, l->v, l->n, &l->cap, l->n ? l->n * 2 : 8,
				  sizeof(*l->v));
		if (!l->v) {
			l->n = l->cap = 0;
			return;
		}
	}
	l->v[l->n++] = s;
}

static int item_modelled(const policy *p, const char *item)
{
	int r = TV_F;
	for (size_t i = 0; i < p->n_items; i++) {
		if (item_within(item, p->items[i].code))
			return TV_T;
		if (item_within(p->items[i].code, item))
			r = TV_U;
	}
	return r;
}

static int exc_allowed(const rule_out *rules, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		const rrule *r = rules[i].r;
		if (rules[i].status != OUT_APPLIES || r->effect != EFF_LICENCE)
			continue;
		if (r->no_exceptions)
			return 0;
		if (!r->n_allowed)
			continue;
		int ok = 0;
		for (size_t k = 0; k < r->n_allowed && !ok; k++)
			ok = !strcmp(r->allowed[k], name);
		if (!ok)
			return 0;
	}
	return 1;
}

/* Offers and withdrawals of each named exception. */
static int eval_exceptions(arena *a, regime_out *ro)
{
	size_t cap = 0;
	for (size_t i = 0; i < ro->n_rules; i++)
		cap += ro->rules[i].r->effect == EFF_EXCEPTION;
	ro->exc = arena_calloc(a, (cap ? cap : 1) * sizeof(*ro->exc));
	if (!ro->exc)
		return -1;
	const policy *p = ro->p;
	for (size_t i = 0; i < p->n_rules; i++) {
		const rrule *r = &p->rules[i];
		if (r->effect != EFF_EXCEPTION)
			continue;
		int seen = 0;
		for (size_t k = 0; k < ro->n_exc && !seen; k++)
			seen = !strcmp(ro->exc[k].name, r->exception);
		if (seen)
			continue;
		int offer = TV_F, withdraw = TV_F;
		for (size_t k = 0; k < ro->n_rules; k++) {
			const rule_out *x = &ro->rules[k];
			if (!x->r->exception ||
			    strcmp(x->r->exception, r->exception) ||
			    x->status == OUT_ASSUMED)
				continue;
			int s = x->status == OUT_APPLIES ? TV_T : TV_U;
			if (x->r->effect == EFF_EXCEPTION && s > offer)
				offer = s;
			if (x->r->effect == EFF_UNAVAILABLE && s > withdraw)
				withdraw = s;
		}
		if (offer == TV_F && cap == 0)
			continue;
		int avail = offer < tv_not(withdraw) ? offer : tv_not(withdraw);
		if (ro->n_exc < (cap ? cap : 1) && offer != TV_F)
			ro->exc[ro->n_exc++] = (exception_out){
			    r->exception, avail,
			    exc_allowed(ro->rules, ro->n_rules, r->exception)};
	}
	return 0;
}

/* An exception the licence rules allow and that was not offered: say
 * why, naming the offering rule as not met (MX off the exemption list). */
static int note_unmet_offers(outlist *o, const check_in *in, const vocab *v,
			     const policy *p, regime_out *ro, trail *t)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const rrule *r = &p->rules[i];
		if (r->effect != EFF_EXCEPTION ||
		    !rdate_in(in->as_of, r->from, r->until) ||
		    !exc_allowed(ro->rules, ro->n_rules, r->exception))
			continue;
		int offered = 0;
		for (size_t k = 0; k < ro->n_exc && !offered; k++)
			offered = !strcmp(ro->exc[k].name, r->exception);
		if (offered)
			continue;
		/* only when the item is one the offer is about */
		int about_item = 1;
		for (size_t k = 0; k < r->when.n; k++)
			if (r->when.t[k].kind == T_ITEMS) {
				memset(t, 0, sizeof(*t));
				t->a = o->a;
				t->in = in;
				t->v = v;
				t->p = p;
				about_item =
				    test_items(t, &r->when.t[k]) != TV_F;
			}
		if (!about_item)
			continue;
		memset(t, 0, sizeof(*t));
		t->a = o->a;
		t->in = in;
		t->v = v;
		t->p = p;
		const char *why = NULL;
		for (size_t k = 0; k < r->when.n && !why; k++) {
			const rtest *x = &r->when.t[k];
			if (x->kind != T_DEST || eval_test(t, x) != TV_F)
				continue;
			why = arena_printf(o->a, "%s is not in %s on this date",
					   in->dest, x->vals[0]);
			for (size_t j = 1; j < x->n && why; j++)
				why = arena_printf(o->a, "%s, nor in %s", why,
						   x->vals[j]);
		}
		memset(t, 0, sizeof(*t));
		if (record(o, t, p, r, OUT_NOT_MET, -1) < 0)
			return -1;
		if (why) {
			rule_out *last = &o->v[o->n - 1];
			last->reasons = arena_alloc(o->a, sizeof(char *));
			if (!last->reasons)
				return -1;
			last->reasons[0] = why;
			last->n_reasons = 1;
		}
	}
	return 0;
}

static void use_rule(regime_out *ro, const rrule *r, const party_in *h)
{
	ro->licence = r->licence;
	ro->review_policy = r->review_policy;
	if (r->policy_from_entry && h && h->license_policy &&
	    *h->license_policy)
		ro->review_policy = h->license_policy;
}

static int eval_regime(const policy_set *ps, const policy *p,
		       const check_in *in, const party_out *pouts, arena *a,
		       regime_out *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->p = p;
	strlist reasons = {0}, assumptions = {0}, obligations = {0},
		unverified = {0};
	char d[11];
	rdate_format(in->as_of, d);
	ro->version = policy_version(p, in->as_of);
	if (!ro->version) {
		char f[11], u[11];
		rdate_format(p->from, f);
		rdate_format(p->until, u);
		ro->effect = EFF_REVIEW;
		str_push(a, &reasons,
			 arena_printf(a,
				      "policy %s does not cover %s (it covers "
				      "%s%s%s): no rule can be applied",
				      p->id, d, f, *u ? " to " : " on", u));
		ro->reasons = reasons.v;
		ro->n_reasons = reasons.n;
		return 0;
	}
	uint8_t *vals = arena_calloc(a, p->n_rules + 1);
	trail *t = arena_alloc(a, sizeof(*t));
	if (!vals || !t)
		return -1;
	outlist o = {a, NULL, 0, 0};
	if (eval_rules(p, in, &ps->v, pouts, &o, vals, t) < 0)
		return -1;
	ro->rules = o.v;
	ro->n_rules = o.n;

	/* 1. the requirement rules that hold */
	int effect = -1;
	const rule_out *decider = NULL;
	for (size_t i = 0; i < ro->n_rules; i++) {
		const rule_out *x = &ro->rules[i];
		if (x->status != OUT_APPLIES || !is_req(x->r->effect))
			continue;
		/* the most restrictive; among equals, one that states a
		 * review policy (the Entity List's presumption of denial) */
		if ((int)x->r->effect > effect ||
		    ((int)x->r->effect == effect &&
		     !decider->r->review_policy && x->r->review_policy)) {
			effect = x->r->effect;
			decider = x;
		}
	}
	if (decider)
		use_rule(ro, decider->r,
			 decider->party >= 0 ? &in->parties[decider->party]
					     : NULL);
	/* 2. licence exceptions */
	if (eval_exceptions(a, ro) < 0)
		return -1;
	if (effect == EFF_LICENCE) {
		int maybe = 0;
		for (size_t k = 0; k < ro->n_exc; k++) {
			const exception_out *x = &ro->exc[k];
			if (!x->allowed)
				continue;
			if (x->available == TV_T) {
				effect = EFF_EXCEPTION;
				ro->exception = x->name;
				for (size_t i = 0; i < ro->n_rules; i++)
					if (ro->rules[i].status ==
						OUT_APPLIES &&
					    ro->rules[i].r->effect ==
						EFF_EXCEPTION &&
					    !strcmp(ro->rules[i].r->exception,
						    x->name)) {
						ro->licence =
						    ro->rules[i].r->licence;
						ro->review_policy = NULL;
						break;
					}
				break;
			}
			if (x->available == TV_U)
				maybe = 1;
		}
		if (effect == EFF_LICENCE && maybe) {
			for (size_t i = 0; i < ro->n_rules; i++) {
				const rule_out *x = &ro->rules[i];
				if (x->status == OUT_UNKNOWN && x->r->exception)
					for (size_t k = 0; k < x->n_reasons;
					     k++)
						str_push(a, &reasons,
							 arena_printf(
							     a,
							     "licence "
							     "exception %s "
							     "may apply: %s",
							     x->r->exception,
							     x->reasons[k]));
			}
			effect = EFF_REVIEW;
		}
	}
	if (note_unmet_offers(&o, in, &ps->v, p, ro, t) < 0)
		return -1;
	ro->rules = o.v;
	ro->n_rules = o.n;

	/* 3. unknowns that could make it more restrictive */
	for (size_t i = 0; i < ro->n_rules; i++) {
		const rule_out *x = &ro->rules[i];
		if (x->status == OUT_UNKNOWN && is_req(x->r->effect) &&
		    (int)x->r->effect > (effect < 0 ? -1 : effect)) {
			for (size_t k = 0; k < x->n_reasons; k++)
				str_push(a, &reasons,
					 arena_printf(a,
						      "%s (%s) may apply: %s",
						      x->r->id,
						      effect_name(x->r->effect),
						      x->reasons[k]));
			if (effect < EFF_REVIEW)
				effect = EFF_REVIEW;
		}
		if (x->status == OUT_ASSUMED)
			str_push(a, &assumptions, x->r->assumes);
		for (size_t k = 0; k < x->n_assumed; k++)
			str_push(a, &assumptions, x->assumed[k]);
		if (x->status == OUT_APPLIES)
			for (size_t k = 0; k < x->r->n_obligations; k++)
				str_push(a, &obligations, x->r->obligations[k]);
		if (x->status == OUT_APPLIES && x->r->effect == EFF_REVIEW)
			str_push(a, &reasons,
				 arena_printf(a, "%s: %s%s%s", x->r->id,
					      x->r->title ? x->r->title : "",
					      x->r->note ? " - " : "",
					      x->r->note ? x->r->note : ""));
	}
	/* 4. never a silent no-licence-required */
	int modelled = item_modelled(p, in->item);
	if (modelled == TV_F) {
		str_push(
		    a, &reasons,
		    arena_printf(a,
				 "item %s is not among the items policy %s "
				 "models: classify it against the full "
				 "control list",
				 in->item, p->id));
		if (effect < EFF_REVIEW)
			effect = EFF_REVIEW;
	}
	if (cset_has(&ps->v.user_assigned, in->dest_idx)) {
		str_push(a, &reasons,
			 arena_printf(a,
				      "%s is a user-assigned code (%s): the "
				      "policies are written over ISO 3166-1 "
				      "codes, so a human must decide",
				      in->dest, ps->v.cnote[in->dest_idx]));
		if (effect < EFF_REVIEW)
			effect = EFF_REVIEW;
	}
	if (effect < 0) {
		str_push(a, &reasons,
			 arena_printf(a, "no rule of %s decides %s to %s on %s",
				      p->id, in->item, in->dest, d));
		effect = EFF_REVIEW;
	}
	if (effect == EFF_REVIEW && !decider) {
		ro->licence = NULL;
		ro->review_policy = NULL;
	}
	ro->effect = effect;

	/* the unverified facts the answer rests on */
	if (p->covers.verification &&
	    !strcmp(p->covers.verification, "unverified"))
		str_push(a, &unverified,
			 arena_printf(a, "coverage of %s: %s", p->id,
				      p->covers.note ? p->covers.note : ""));
	for (size_t i = 0; i < ro->n_rules; i++) {
		const rule_out *x = &ro->rules[i];
		if (x->status != OUT_APPLIES && x->status != OUT_UNKNOWN)
			continue;
		if (!strcmp(x->r->p.verification, "unverified"))
			str_push(a, &unverified,
				 arena_printf(a, "%s: %s%s%s", x->r->id,
					      x->r->title ? x->r->title : "",
					      x->r->note ? " - " : "",
					      x->r->note ? x->r->note : ""));
		for (size_t k = 0; k < x->n_facts; k++)
			if (x->facts[k].verification &&
			    !strcmp(x->facts[k].verification, "unverified"))
				str_push(a, &unverified,
					 arena_printf(a, "%s: %s (source %s)",
						      x->r->id,
						      x->facts[k].text,
						      x->facts[k].source
							  ? x->facts[k].source
							  : "none"));
	}
	ro->reasons = reasons.v;
	ro->n_reasons = reasons.n;
	ro->assumptions = assumptions.v;
	ro->n_assumptions = assumptions.n;
	ro->obligations = obligations.v;
	ro->n_obligations = obligations.n;
	ro->unverified = unverified.v;
	ro->n_unverified = unverified.n;
	return a->failed ? -1 : 0;
}

/* ------------------------------------------------------------ parties */

static int eval_parties(const policy_set *ps, const check_in *in, arena *a,
			check_out *out)
{
	out->parties = arena_calloc(a, (in->n_parties ? in->n_parties : 1) *
					   sizeof(*out->parties));
	if (!out->parties)
		return -1;
	for (size_t k = 0; k < in->n_parties; k++) {
		party_out *po = &out->parties[k];
		po->counts = counts_on(&in->parties[k], in->as_of);
		po->kinds = party_kinds(&ps->v, &in->parties[k]);
		po->effect = -1;
	}
	const policy *cp = &ps->v.party;
	uint8_t *vals = arena_calloc(a, cp->n_rules + 1);
	trail *t = arena_alloc(a, sizeof(*t));
	if (!vals || !t)
		return -1;
	outlist o = {a, NULL, 0, 0};
	if (eval_rules(cp, in, &ps->v, out->parties, &o, vals, t) < 0)
		return -1;
	/* each party: the common rules and the regimes' party rules */
	for (size_t k = 0; k < in->n_parties; k++) {
		party_out *po = &out->parties[k];
		outlist mine = {a, NULL, 0, 0};
		for (size_t i = 0; i < o.n; i++)
			if (o.v[i].party == (int)k) {
				rule_out *x = out_push(&mine);
				if (!x)
					return -1;
				*x = o.v[i];
			}
		for (size_t g = 0; g < out->n_regimes; g++) {
			const regime_out *ro = &out->regimes[g];
			for (size_t i = 0; i < ro->n_rules; i++)
				if (ro->rules[i].party == (int)k &&
				    ro->rules[i].status == OUT_APPLIES) {
					rule_out *x = out_push(&mine);
					if (!x)
						return -1;
					*x = ro->rules[i];
				}
		}
		po->rules = mine.v;
		po->n_rules = mine.n;
		for (size_t i = 0; i < mine.n; i++)
			if ((int)mine.v[i].r->effect > po->effect &&
			    is_req(mine.v[i].r->effect))
				po->effect = mine.v[i].r->effect;
		if (po->effect < 0 && po->counts) {
			po->effect = EFF_REVIEW;
			po->reason = arena_printf(
			    a,
			    "listed by %s%s%s; no rule of the checked "
			    "policies covers this list: a human must "
			    "decide",
			    in->parties[k].source,
			    in->parties[k].n_lists ? ", " : "",
			    in->parties[k].n_lists ? in->parties[k].lists[0]
						   : "");
		}
	}
	return 0;
}

licit_status rules_check(const policy_set *ps, const check_in *in,
			 const policy *const *regimes, size_t n, arena *a,
			 check_out *out)
{
	memset(out, 0, sizeof(*out));
	out->regimes = arena_calloc(a, (n ? n : 1) * sizeof(*out->regimes));
	party_out *pre =
	    arena_calloc(a, (in->n_parties ? in->n_parties : 1) * sizeof(*pre));
	if (!out->regimes || !pre)
		return LICIT_ENOMEM;
	for (size_t k = 0; k < in->n_parties; k++) {
		pre[k].counts = counts_on(&in->parties[k], in->as_of);
		pre[k].kinds = party_kinds(&ps->v, &in->parties[k]);
	}
	int decision = EFF_NLR;
	for (size_t i = 0; i < n; i++) {
		if (eval_regime(ps, regimes[i], in, pre, a, &out->regimes[i]) <
		    0)
			return LICIT_ENOMEM;
		out->n_regimes++;
		if (out->regimes[i].effect > decision)
			decision = out->regimes[i].effect;
	}
	if (eval_parties(ps, in, a, out) < 0)
		return LICIT_ENOMEM;
	for (size_t k = 0; k < in->n_parties; k++)
		if (out->parties[k].counts && out->parties[k].effect > decision)
			decision = out->parties[k].effect;
	if (!n) {
		/* no regime: nothing can allow the export */
		if (decision < EFF_REVIEW)
			decision = EFF_REVIEW;
	}
	out->decision = decision;
	return a->failed ? LICIT_ENOMEM : LICIT_OK;
}
