/*
 * load.c - reading policies and the common vocabulary from YAML into a
 * policy_set, and checking them (see policy.h, docs/policy-format.md).
 *
 * Everything a rule names must exist: a group of the same policy or an
 * ISO 3166-1 code, an item of the policy, a region, end-user type, end use
 * or party list of the vocabulary, a source of the file. Groups may
 * include groups but not in a cycle; two rules with the same conditions in
 * force at the same time may not disagree. The first problem found fails
 * the load with "<file>:<line>: <what>" and nothing of that file is kept.
 *
 * Must never: accept a key it does not know (a misspelt condition would
 * silently widen a rule), or follow YAML aliases (no expansion bombs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/policy.h"
#include "rules/yaml.h"
#include "util/sha256.h"
#include "banned.h"

#define MAX_COND_DEPTH 4
#define MAX_GROUPS     1024

static const char *const verification_levels[] = {
    "verified_primary", "verified_secondary", "third_party_data", "unverified",
    NULL};

static licit_status oom(yctx *y)
{
	return err_set(y->e, LICIT_ENOMEM, "out of memory");
}

/* ---------------------------------------------------------------- prov */

static int find_source(const policy *p, const char *id)
{
	for (size_t i = 0; i < p->n_sources; i++)
		if (!strcmp(p->sources[i].id, id))
			return (int)i;
	return -1;
}

/* source / verification / note of mapping m into *pv; `what` for
 * messages. Unknown sources and levels are errors. */
static licit_status load_prov(yctx *y, struct fy_node *m, const policy *p,
			      prov *pv, const char *what)
{
	licit_status st;
	if ((st = ystr(y, yget(m, "source"), what, &pv->source)) ||
	    (st = ystr(y, yget(m, "verification"), what, &pv->verification)) ||
	    (st = ystr(y, yget(m, "note"), what, &pv->note)))
		return st;
	if (pv->source && find_source(p, pv->source) < 0)
		return yfail(y, yget(m, "source"),
			     "%s: source '%s' is not in this file's sources",
			     what, pv->source);
	if (pv->verification) {
		int ok = 0;
		for (const char *const *v = verification_levels; *v; v++)
			ok |= !strcmp(*v, pv->verification);
		if (!ok)
			return yfail(y, yget(m, "verification"),
				     "%s: verification '%s' is not one of "
				     "verified_primary, verified_secondary, "
				     "third_party_data, unverified",
				     what, pv->verification);
	}
	return LICIT_OK;
}

static licit_status load_sources(yctx *y, struct fy_node *n, policy *p)
{
	static const char *const keys[] = {"title", "url", "note", NULL};
	if (!n)
		return LICIT_OK;
	if (!fy_node_is_mapping(n))
		return yfail(y, n, "sources must be a mapping of ids");
	int count = fy_node_mapping_item_count(n);
	p->sources = arena_calloc(y->a, (size_t)(count > 0 ? count : 1) *
					    sizeof(*p->sources));
	if (!p->sources)
		return oom(y);
	void *it = NULL;
	const char *id;
	struct fy_node *v;
	int r;
	while ((r = ymap_next(y, n, &it, &id, &v)) > 0) {
		source_def *s = &p->sources[p->n_sources++];
		s->id = id;
		licit_status st;
		if ((st = ymap(y, v, keys, "a source")) ||
		    (st = ystr(y, yget(v, "title"), "title", &s->title)) ||
		    (st = ystr(y, yget(v, "url"), "url", &s->url)) ||
		    (st = ystr(y, yget(v, "note"), "note", &s->note)))
			return st;
	}
	return r < 0 ? y->e->code : LICIT_OK;
}

/* from / until of mapping m; until must follow from. */
static licit_status load_range(yctx *y, struct fy_node *m, rdate *from,
			       rdate *until, const char *what)
{
	*from = 0;
	*until = RDATE_OPEN;
	licit_status st;
	if ((st = ydate(y, yget(m, "from"), what, from)) ||
	    (st = ydate(y, yget(m, "until"), what, until)))
		return st;
	if (*until <= *from)
		return yfail(y, yget(m, "until"),
			     "%s: 'until' must come after 'from'", what);
	return LICIT_OK;
}

/* ------------------------------------------------------------ countries */

/* A two-letter code the vocabulary knows as a destination (ISO 3166-1 or
 * a user-assigned code in use), as a bit, or -1. */
static int known_country(const vocab *v, const char *s)
{
	int i = cc_index(s);
	if (i < 0 ||
	    !(cset_has(&v->assigned, i) || cset_has(&v->user_assigned, i)))
		return -1;
	return i;
}

static licit_status country_list(yctx *y, const vocab *v, struct fy_node *n,
				 cset *out, const char *what)
{
	const char **vals;
	size_t k;
	licit_status st = ylist(y, n, what, &vals, &k);
	if (st != LICIT_OK)
		return st;
	for (size_t i = 0; i < k; i++) {
		int c = known_country(v, vals[i]);
		if (c < 0)
			return yfail(y, n,
				     "%s: '%s' is not an ISO 3166-1 country "
				     "code",
				     what, vals[i]);
		cset_add(out, c);
	}
	return LICIT_OK;
}

static licit_status load_iso(yctx *y, vocab *v, const char *iso, size_t len)
{
	const char *p = iso, *end = iso + len;
	int line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		line++;
		if (nl > p && *p != '#') {
			const char *tab = memchr(p, '\t', (size_t)(nl - p));
			char cc[3] = {0};
			if (tab && tab - p == 2)
				memcpy(cc, p, 2);
			int i = cc_index(cc);
			if (i < 0)
				return err_set(y->e, LICIT_EPARSE,
					       "%s:%d: expected CODE<TAB>NAME",
					       y->file, line);
			cset_add(&v->assigned, i);
			v->name[i] = arena_strndup(y->a, tab + 1,
						   (size_t)(nl - tab - 1));
			if (!v->name[i])
				return oom(y);
		}
		p = nl + 1;
	}
	return LICIT_OK;
}

static licit_status load_special_codes(yctx *y, vocab *v, struct fy_node *n,
				       int retired)
{
	static const char *const rkeys[] = {"name",   "replaced_by",  "until",
					    "source", "verification", "note",
					    NULL};
	if (!n)
		return LICIT_OK;
	if (!fy_node_is_mapping(n))
		return yfail(y, n, "codes must be a mapping");
	void *it = NULL;
	const char *code;
	struct fy_node *m;
	int r;
	while ((r = ymap_next(y, n, &it, &code, &m)) > 0) {
		int i = cc_index(code);
		if (i < 0)
			return yfail(y, m, "'%s' is not a two-letter code",
				     code);
		if (cset_has(&v->assigned, i))
			return yfail(
			    y, m, "'%s' is an assigned ISO 3166-1 code", code);
		const char *name = NULL, *note = NULL;
		licit_status st;
		if ((st = ymap(y, m, rkeys, code)) ||
		    (st = ystr_req(y, m, "name", code, &name)) ||
		    (st = ystr(y, yget(m, "note"), "note", &note)) ||
		    (st = load_prov(y, m, &v->party, &v->cprov[i], code)))
			return st;
		v->name[i] = name;
		if (retired) {
			const char **by;
			size_t k;
			if ((st = ylist(y, yget(m, "replaced_by"),
					"replaced_by", &by, &k)))
				return st;
			char text[256] = "";
			size_t used = 0;
			for (size_t j = 0; j < k && used < sizeof(text); j++)
				used += (size_t)snprintf(
				    text + used, sizeof(text) - used, "%s%s",
				    j ? (j + 1 == k ? " or " : ", ") : "",
				    by[j]);
			v->cnote[i] = arena_strdup(y->a, text);
			cset_add(&v->retired, i);
		} else {
			v->cnote[i] = note ? note : name;
			cset_add(&v->user_assigned, i);
		}
	}
	return r < 0 ? y->e->code : LICIT_OK;
}

/* ---------------------------------------------------------- vocabulary */

static licit_status load_regions(yctx *y, vocab *v, struct fy_node *n)
{
	static const char *const keys[] = {"name",   "country",	     "part_of",
					   "source", "verification", "note",
					   NULL};
	if (!n)
		return LICIT_OK;
	if (!fy_node_is_mapping(n))
		return yfail(y, n, "regions must be a mapping");
	int count = fy_node_mapping_item_count(n);
	v->regions = arena_calloc(y->a, (size_t)(count > 0 ? count : 1) *
					    sizeof(*v->regions));
	const char **parents = arena_calloc(
	    y->a, (size_t)(count > 0 ? count : 1) * sizeof(*parents));
	struct fy_node **nodes = arena_calloc(
	    y->a, (size_t)(count > 0 ? count : 1) * sizeof(*nodes));
	if (!v->regions || !parents || !nodes)
		return oom(y);
	void *it = NULL;
	const char *code;
	struct fy_node *m;
	int r;
	while ((r = ymap_next(y, n, &it, &code, &m)) > 0) {
		region *g = &v->regions[v->n_regions];
		const char *cc = NULL;
		g->code = code;
		licit_status st;
		if ((st = ymap(y, m, keys, code)) ||
		    (st = ystr_req(y, m, "name", code, &g->name)) ||
		    (st = ystr_req(y, m, "country", code, &cc)) ||
		    (st = ystr(y, yget(m, "part_of"), code,
			       &parents[v->n_regions])) ||
		    (st = load_prov(y, m, &v->party, &g->p, code)))
			return st;
		g->note = g->p.note;
		g->country = known_country(v, cc);
		if (g->country < 0)
			return yfail(y, m,
				     "region '%s': '%s' is not a country "
				     "code",
				     code, cc);
		if (strncmp(code, cc, 2) || code[2] != '-' || !code[3])
			return yfail(y, m,
				     "region '%s' must be written %s-CODE",
				     code, cc);
		nodes[v->n_regions++] = m;
	}
	if (r < 0)
		return y->e->code;
	for (size_t i = 0; i < v->n_regions; i++) {
		v->regions[i].part_of = -1;
		if (!parents[i])
			continue;
		int j = vocab_region(v, parents[i]);
		if (j < 0 || j == (int)i || v->regions[j].part_of >= 0 ||
		    parents[j])
			return yfail(
			    y, nodes[i],
			    "region '%s': part_of '%s' must be another "
			    "region that is not itself part of one",
			    v->regions[i].code, parents[i]);
		v->regions[i].part_of = j;
	}
	return LICIT_OK;
}

static licit_status load_terms(yctx *y, struct fy_node *n, vterm **out,
			       size_t *count, const char *what)
{
	static const char *const keys[] = {"title", "parent", "note", NULL};
	*out = NULL;
	*count = 0;
	if (!n)
		return LICIT_OK;
	if (!fy_node_is_mapping(n))
		return yfail(y, n, "%s must be a mapping", what);
	int total = fy_node_mapping_item_count(n);
	vterm *t =
	    arena_calloc(y->a, (size_t)(total > 0 ? total : 1) * sizeof(*t));
	const char **parents = arena_calloc(
	    y->a, (size_t)(total > 0 ? total : 1) * sizeof(*parents));
	struct fy_node **nodes = arena_calloc(
	    y->a, (size_t)(total > 0 ? total : 1) * sizeof(*nodes));
	if (!t || !parents || !nodes)
		return oom(y);
	void *it = NULL;
	const char *name, *note = NULL;
	struct fy_node *m;
	int r;
	size_t k = 0;
	while ((r = ymap_next(y, n, &it, &name, &m)) > 0) {
		licit_status st;
		t[k].name = name;
		if ((st = ymap(y, m, keys, name)) ||
		    (st = ystr(y, yget(m, "title"), name, &t[k].title)) ||
		    (st = ystr(y, yget(m, "note"), name, &note)) ||
		    (st = ystr(y, yget(m, "parent"), name, &parents[k])))
			return st;
		nodes[k++] = m;
	}
	if (r < 0)
		return y->e->code;
	for (size_t i = 0; i < k; i++) {
		t[i].parent = -1;
		if (!parents[i])
			continue;
		for (size_t j = 0; j < k; j++)
			if (!strcmp(t[j].name, parents[i]))
				t[i].parent = (int)j;
		if (t[i].parent < 0)
			return yfail(y, nodes[i], "%s '%s': no parent '%s'",
				     what, t[i].name, parents[i]);
	}
	/* a parent chain longer than the tree is a cycle */
	for (size_t i = 0; i < k; i++) {
		int a = (int)i;
		size_t steps = 0;
		while (a >= 0 && steps <= k) {
			a = t[a].parent;
			steps++;
		}
		if (a >= 0)
			return yfail(y, nodes[i],
				     "%s '%s': parents form a cycle", what,
				     t[i].name);
	}
	*out = t;
	*count = k;
	return LICIT_OK;
}

static licit_status load_kinds(yctx *y, vocab *v, struct fy_node *n)
{
	static const char *const keys[] = {"title", "match", NULL};
	static const char *const mkeys[] = {"source", "list", NULL};
	if (!n)
		return LICIT_OK;
	if (!fy_node_is_mapping(n))
		return yfail(y, n, "party_lists must be a mapping");
	int count = fy_node_mapping_item_count(n);
	if (count > MAX_PARTY_KINDS)
		return yfail(y, n, "at most %d party lists", MAX_PARTY_KINDS);
	v->kinds = arena_calloc(y->a, (size_t)(count > 0 ? count : 1) *
					  sizeof(*v->kinds));
	if (!v->kinds)
		return oom(y);
	void *it = NULL;
	const char *name;
	struct fy_node *m;
	int r;
	while ((r = ymap_next(y, n, &it, &name, &m)) > 0) {
		party_kind *k = &v->kinds[v->n_kinds++];
		k->name = name;
		licit_status st;
		if ((st = ymap(y, m, keys, name)) ||
		    (st = ystr(y, yget(m, "title"), name, &k->title)))
			return st;
		struct fy_node *ms = yget(m, "match");
		if (!ms || !fy_node_is_sequence(ms) ||
		    fy_node_sequence_item_count(ms) < 1)
			return yfail(y, m,
				     "party list '%s': 'match' must be a "
				     "list of {source, list}",
				     name);
		int nm = fy_node_sequence_item_count(ms);
		k->m = arena_calloc(y->a, (size_t)nm * sizeof(*k->m));
		if (!k->m)
			return oom(y);
		void *it2 = NULL;
		struct fy_node *x;
		while ((x = fy_node_sequence_iterate(ms, &it2)) &&
		       k->n_m < (size_t)nm) {
			party_match *pm = &k->m[k->n_m++];
			if ((st = ymap(y, x, mkeys, "a match")) ||
			    (st = ystr_req(y, x, "source", "a match",
					   &pm->source)) ||
			    (st = ystr(y, yget(x, "list"), "a match",
				       &pm->list)))
				return st;
		}
	}
	return r < 0 ? y->e->code : LICIT_OK;
}

/* ---------------------------------------------------------------- items */

static int find_item(const policy *p, const char *code)
{
	for (size_t i = 0; i < p->n_items; i++)
		if (!strcmp(p->items[i].code, code))
			return (int)i;
	return -1;
}

static licit_status load_items(yctx *y, struct fy_node *n, policy *p)
{
	static const char *const keys[] = {"title", "source", "verification",
					   "note", NULL};
	if (!n)
		return LICIT_OK;
	if (!fy_node_is_mapping(n))
		return yfail(y, n, "items must be a mapping of control codes");
	int count = fy_node_mapping_item_count(n);
	p->items = arena_calloc(y->a, (size_t)(count > 0 ? count : 1) *
					  sizeof(*p->items));
	if (!p->items)
		return oom(y);
	void *it = NULL;
	const char *code;
	struct fy_node *m;
	int r;
	while ((r = ymap_next(y, n, &it, &code, &m)) > 0) {
		char norm[48];
		if (item_normalize(code, norm, sizeof(norm)) < 0 ||
		    strcmp(norm, code))
			return yfail(y, m,
				     "item '%s' must be written as a control "
				     "code such as 4D004 or 5A001.j",
				     code);
		if (find_item(p, code) >= 0)
			return yfail(y, m, "item '%s' appears twice", code);
		ritem *x = &p->items[p->n_items++];
		x->code = code;
		licit_status st;
		if ((st = ymap(y, m, keys, code)) ||
		    (st = ystr(y, yget(m, "title"), code, &x->title)) ||
		    (st = load_prov(y, m, p, &x->p, code)))
			return st;
	}
	return r < 0 ? y->e->code : LICIT_OK;
}

/* --------------------------------------------------------------- groups */

int policy_group(const policy *p, const char *name)
{
	for (size_t i = 0; i < p->n_groups; i++)
		if (!strcmp(p->groups[i].name, name))
			return (int)i;
	return -1;
}

static licit_status load_member(yctx *y, const vocab *v, struct fy_node *m,
				policy *p, rgroup *g, member_entry *me)
{
	static const char *const keys[] = {
	    "countries", "groups", "unknown",	   "reason", "from",
	    "until",	 "source", "verification", "note",   NULL};
	char what[160];
	snprintf(what, sizeof(what), "group '%s'", g->name);
	licit_status st;
	if ((st = ymap(y, m, keys, what)) ||
	    (st = load_range(y, m, &me->from, &me->until, what)) ||
	    (st = country_list(y, v, yget(m, "countries"), &me->countries,
			       what)) ||
	    (st = country_list(y, v, yget(m, "unknown"), &me->unknown, what)) ||
	    (st = ystr(y, yget(m, "reason"), what, &me->reason)) ||
	    (st = load_prov(y, m, p, &me->p, what)))
		return st;
	if (yget(m, "unknown") && !me->reason)
		return yfail(y, m, "%s: 'unknown' members need a 'reason'",
			     what);
	if (!me->p.source)
		me->p.source = g->p.source;
	if (!me->p.verification)
		me->p.verification = g->p.verification;
	const char **names;
	size_t k;
	if ((st = ylist(y, yget(m, "groups"), what, &names, &k)))
		return st;
	me->groups = arena_alloc(y->a, (k ? k : 1) * sizeof(*me->groups));
	if (!me->groups)
		return oom(y);
	for (size_t i = 0; i < k; i++) {
		int gi = policy_group(p, names[i]);
		if (gi < 0)
			return yfail(
			    y, yget(m, "groups"),
			    "%s includes group '%s', which this policy "
			    "does not define",
			    what, names[i]);
		me->groups[me->n_groups++] = (uint16_t)gi;
	}
	return LICIT_OK;
}

static licit_status load_group(yctx *y, const vocab *v, struct fy_node *m,
			       policy *p, rgroup *g)
{
	static const char *const keys[] = {
	    "title", "citation", "source",     "verification",
	    "note",  "members",	 "incomplete", NULL};
	static const char *const ikeys[] = {
	    "from", "until", "reason", "source", "verification", "note", NULL};
	char what[160];
	snprintf(what, sizeof(what), "group '%s'", g->name);
	licit_status st;
	if ((st = ymap(y, m, keys, what)) ||
	    (st = ystr(y, yget(m, "title"), what, &g->title)) ||
	    (st = ystr(y, yget(m, "citation"), what, &g->citation)) ||
	    (st = load_prov(y, m, p, &g->p, what)))
		return st;
	struct fy_node *ms = yget(m, "members");
	if (!ms || !fy_node_is_sequence(ms))
		return yfail(y, m, "%s: 'members' must be a list", what);
	int nm = fy_node_sequence_item_count(ms);
	g->m = arena_calloc(y->a, (size_t)(nm > 0 ? nm : 1) * sizeof(*g->m));
	if (!g->m)
		return oom(y);
	void *it = NULL;
	struct fy_node *x;
	while ((x = fy_node_sequence_iterate(ms, &it)) && g->n_m < (size_t)nm)
		if ((st = load_member(y, v, x, p, g, &g->m[g->n_m++])))
			return st;
	struct fy_node *is = yget(m, "incomplete");
	if (!is)
		return LICIT_OK;
	if (!fy_node_is_sequence(is))
		return yfail(y, is, "%s: 'incomplete' must be a list", what);
	int ni = fy_node_sequence_item_count(is);
	g->inc =
	    arena_calloc(y->a, (size_t)(ni > 0 ? ni : 1) * sizeof(*g->inc));
	if (!g->inc)
		return oom(y);
	it = NULL;
	while ((x = fy_node_sequence_iterate(is, &it)) &&
	       g->n_inc < (size_t)ni) {
		incomplete *in = &g->inc[g->n_inc++];
		if ((st = ymap(y, x, ikeys, what)) ||
		    (st = load_range(y, x, &in->from, &in->until, what)) ||
		    (st = ystr_req(y, x, "reason", what, &in->reason)) ||
		    (st = load_prov(y, x, p, &in->p, what)))
			return st;
	}
	return LICIT_OK;
}

/* Depth-first search for a group that includes itself. */
static int group_cycle(const policy *p, int g, uint8_t *state)
{
	if (state[g] == 1)
		return 1;
	if (state[g] == 2)
		return 0;
	state[g] = 1;
	const rgroup *x = &p->groups[g];
	for (size_t i = 0; i < x->n_m; i++)
		for (size_t j = 0; j < x->m[i].n_groups; j++)
			if (group_cycle(p, x->m[i].groups[j], state))
				return 1;
	state[g] = 2;
	return 0;
}

static licit_status load_groups(yctx *y, const vocab *v, struct fy_node *n,
				policy *p)
{
	if (!n)
		return LICIT_OK;
	if (!fy_node_is_mapping(n))
		return yfail(y, n, "groups must be a mapping");
	int count = fy_node_mapping_item_count(n);
	if (count > MAX_GROUPS)
		return yfail(y, n, "at most %d groups", MAX_GROUPS);
	p->groups = arena_calloc(y->a, (size_t)(count > 0 ? count : 1) *
					   sizeof(*p->groups));
	struct fy_node **nodes = arena_calloc(
	    y->a, (size_t)(count > 0 ? count : 1) * sizeof(*nodes));
	if (!p->groups || !nodes)
		return oom(y);
	/* names first: members may name groups defined further down */
	void *it = NULL;
	const char *name;
	struct fy_node *m;
	int r;
	while ((r = ymap_next(y, n, &it, &name, &m)) > 0) {
		if (known_country(v, name) >= 0)
			return yfail(
			    y, m,
			    "group '%s' is a country code; name groups "
			    "otherwise",
			    name);
		rgroup *g = &p->groups[p->n_groups];
		g->name = name;
		g->line = yline(m);
		nodes[p->n_groups++] = m;
	}
	if (r < 0)
		return y->e->code;
	for (size_t i = 0; i < p->n_groups; i++) {
		licit_status st = load_group(y, v, nodes[i], p, &p->groups[i]);
		if (st != LICIT_OK)
			return st;
	}
	uint8_t *state = arena_calloc(y->a, p->n_groups + 1);
	if (!state)
		return oom(y);
	for (size_t i = 0; i < p->n_groups; i++)
		if (group_cycle(p, (int)i, state))
			return yfail(y, nodes[i],
				     "group '%s' includes itself through its "
				     "member groups (a cycle)",
				     p->groups[i].name);
	return LICIT_OK;
}

/* ---------------------------------------------------------- conditions */

typedef struct test_spec {
	const char *key;
	uint8_t kind, negate;
} test_spec;

static const test_spec test_specs[] = {
    {"items", T_ITEMS, 0},	     {"destinations", T_DEST, 0},
    {"not_destinations", T_DEST, 1}, {"regions", T_REGIONS, 0},
    {"end_user_types", T_EUT, 0},    {"not_end_user_types", T_EUT, 1},
    {"end_uses", T_EUSE, 0},	     {"not_end_uses", T_EUSE, 1},
    {"party_lists", T_PARTY, 0},
};
#define N_TEST_SPECS (sizeof(test_specs) / sizeof(test_specs[0]))

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static licit_status resolve_test(yctx *y, const vocab *v, const policy *p,
				 struct fy_node *n, const char *what, rtest *t)
{
	t->idx = arena_alloc(y->a, (t->n ? t->n : 1) * sizeof(*t->idx));
	if (!t->idx)
		return oom(y);
	for (size_t i = 0; i < t->n; i++) {
		const char *s = t->vals[i];
		int k = -1;
		switch (t->kind) {
		case T_ITEMS: {
			char norm[48];
			if (item_normalize(s, norm, sizeof(norm)) < 0 ||
			    strcmp(norm, s))
				return yfail(y, n,
					     "%s: '%s' is not a control "
					     "code as written in items",
					     what, s);
			for (size_t j = 0; j < p->n_items && k < 0; j++)
				if (item_within(s, p->items[j].code) ||
				    item_within(p->items[j].code, s))
					k = (int)j;
			if (k < 0)
				return yfail(y, n,
					     "%s: item '%s' is not among this "
					     "policy's items",
					     what, s);
			break;
		}
		case T_DEST:
			if ((k = policy_group(p, s)) >= 0) {
				t->idx[t->n_idx++] = (uint16_t)k;
				break;
			}
			if ((k = known_country(v, s)) < 0)
				return yfail(
				    y, n,
				    "%s: '%s' is neither a group of this "
				    "policy nor an ISO 3166-1 country "
				    "code",
				    what, s);
			cset_add(&t->countries, k);
			break;
		case T_REGIONS:
			if ((k = vocab_region(v, s)) < 0)
				return yfail(y, n, "%s: unknown region '%s'",
					     what, s);
			t->idx[t->n_idx++] = (uint16_t)k;
			break;
		case T_EUT:
			if ((k = vocab_eut(v, s)) < 0)
				return yfail(y, n,
					     "%s: unknown end-user type '%s'",
					     what, s);
			t->idx[t->n_idx++] = (uint16_t)k;
			break;
		case T_EUSE:
			if ((k = vocab_euse(v, s)) < 0)
				return yfail(y, n, "%s: unknown end use '%s'",
					     what, s);
			t->idx[t->n_idx++] = (uint16_t)k;
			break;
		case T_PARTY:
			if ((k = vocab_kind(v, s)) < 0)
				return yfail(y, n,
					     "%s: unknown party list '%s'",
					     what, s);
			t->mask |= (uint32_t)1 << k;
			break;
		}
	}
	return LICIT_OK;
}

static licit_status load_cond(yctx *y, const vocab *v, const policy *p,
			      struct fy_node *m, const char *what, int depth,
			      int party_only, rcond *c);

static licit_status load_unless(yctx *y, const vocab *v, const policy *p,
				struct fy_node *n, const char *what, int depth,
				rcond *c)
{
	if (!n)
		return LICIT_OK;
	if (depth >= MAX_COND_DEPTH)
		return yfail(y, n, "%s: 'unless' nested too deep", what);
	int count = 1;
	if (fy_node_is_sequence(n))
		count = fy_node_sequence_item_count(n);
	else if (!fy_node_is_mapping(n))
		return yfail(y, n,
			     "%s: 'unless' must be a condition or a list "
			     "of them",
			     what);
	if (count < 1)
		return yfail(y, n, "%s: 'unless' is empty", what);
	c->unless = arena_calloc(y->a, (size_t)count * sizeof(*c->unless));
	if (!c->unless)
		return oom(y);
	if (fy_node_is_mapping(n)) {
		c->n_unless = 1;
		return load_cond(y, v, p, n, what, depth + 1, 0, c->unless);
	}
	void *it = NULL;
	struct fy_node *x;
	while ((x = fy_node_sequence_iterate(n, &it)) &&
	       c->n_unless < (size_t)count) {
		licit_status st = load_cond(y, v, p, x, what, depth + 1, 0,
					    &c->unless[c->n_unless++]);
		if (st != LICIT_OK)
			return st;
	}
	return LICIT_OK;
}

static licit_status load_cond(yctx *y, const vocab *v, const policy *p,
			      struct fy_node *m, const char *what, int depth,
			      int party_only, rcond *c)
{
	static const char *const keys[] = {
	    "items",	"destinations",	  "not_destinations",
	    "regions",	"end_user_types", "not_end_user_types",
	    "end_uses", "not_end_uses",	  "party_lists",
	    "unless",	"uncertain",	  "from",
	    "until",	"unknown",	  "assumes",
	    NULL};
	static const char *const party_keys[] = {"party_lists", NULL};
	licit_status st = ymap(y, m, party_only ? party_keys : keys, what);
	if (st != LICIT_OK)
		return st;
	const char *unknown = NULL, *assumes = NULL;
	if ((st = load_range(y, m, &c->from, &c->until, what)) ||
	    (st = ystr(y, yget(m, "uncertain"), what, &c->uncertain)) ||
	    (st = ystr(y, yget(m, "unknown"), what, &unknown)) ||
	    (st = ystr(y, yget(m, "assumes"), what, &assumes)))
		return st;
	if (unknown || assumes) {
		if (!depth)
			return yfail(y, m,
				     "%s: 'unknown' and 'assumes' of a "
				     "rule go beside 'when', not in it",
				     what);
		if (!unknown || strcmp(unknown, "assume-not") || !assumes)
			return yfail(y, m,
				     "%s: an 'unless' block may say 'unknown: "
				     "assume-not' with 'assumes'",
				     what);
		c->assumes = assumes;
	}
	c->t = arena_calloc(y->a, N_TEST_SPECS * sizeof(*c->t));
	if (!c->t)
		return oom(y);
	for (size_t i = 0; i < N_TEST_SPECS; i++) {
		struct fy_node *n = yget(m, test_specs[i].key);
		if (!n)
			continue;
		rtest *t = &c->t[c->n];
		t->kind = test_specs[i].kind;
		t->negate = test_specs[i].negate;
		if ((st = ylist(y, n, what, &t->vals, &t->n)))
			return st;
		if (!t->n)
			return yfail(y, n, "%s: '%s' is empty", what,
				     test_specs[i].key);
		if ((st = resolve_test(y, v, p, n, what, t)))
			return st;
		c->n++;
	}
	return load_unless(y, v, p, yget(m, "unless"), what, depth, c);
}

/* The conditions as one canonical string (values sorted), to find rules
 * that say the same thing. */
static void canon_cond(arena *a, const rcond *c, char **out)
{
	char *s = arena_printf(a, "[%d-%d%s%s", c->from, c->until,
			       c->uncertain ? "?" : "", "");
	for (size_t i = 0; i < c->n && s; i++) {
		const rtest *t = &c->t[i];
		const char **sorted = arena_alloc(a, t->n * sizeof(*sorted));
		if (!sorted) {
			s = NULL;
			break;
		}
		memcpy(sorted, t->vals, t->n * sizeof(*sorted));
		qsort(sorted, t->n, sizeof(*sorted), cmp_str);
		s = arena_printf(a, "%s %d%s:", s, t->kind,
				 t->negate ? "!" : "");
		for (size_t j = 0; j < t->n && s; j++)
			s = arena_printf(a, "%s%s,", s, sorted[j]);
	}
	for (size_t i = 0; i < c->n_unless && s; i++) {
		char *u = NULL;
		canon_cond(a, &c->unless[i], &u);
		s = u ? arena_printf(a, "%s unless%s", s, u) : NULL;
	}
	*out = s ? arena_printf(a, "%s]", s) : NULL;
}

/* ---------------------------------------------------------------- rules */

static int offered(const policy *p, const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].effect == EFF_EXCEPTION &&
		    !strcmp(p->rules[i].exception, name))
			return 1;
	return 0;
}

static licit_status load_rule_effect(yctx *y, struct fy_node *m, rrule *r,
				     const char *what)
{
	const char *eff = NULL, *unknown = NULL;
	licit_status st;
	if ((st = ystr_req(y, m, "effect", what, &eff)) ||
	    (st = ystr(y, yget(m, "exception"), what, &r->exception)) ||
	    (st = ystr(y, yget(m, "unknown"), what, &unknown)) ||
	    (st = ystr(y, yget(m, "assumes"), what, &r->assumes)))
		return st;
	int e = effect_parse(eff);
	if (e < 0)
		return yfail(y, yget(m, "effect"),
			     "%s: effect '%s' is not one of prohibited, "
			     "licence-required, review, licence-exception, "
			     "no-licence-required, exception-unavailable",
			     what, eff);
	r->effect = (uint8_t)e;
	int named = e == EFF_EXCEPTION || e == EFF_UNAVAILABLE;
	if (named != !!r->exception)
		return yfail(y, m,
			     named ? "%s: a %s rule names its 'exception'"
				   : "%s: only licence-exception and "
				     "exception-unavailable rules name an "
				     "'exception' (%s)",
			     what, eff);
	if (unknown && !strcmp(unknown, "assume-not"))
		r->assume_not = 1;
	else if (unknown && strcmp(unknown, "review"))
		return yfail(y, yget(m, "unknown"),
			     "%s: 'unknown' is review or assume-not", what);
	if (r->assume_not && !r->assumes)
		return yfail(y, m,
			     "%s: 'unknown: assume-not' needs 'assumes' "
			     "saying what is assumed",
			     what);
	struct fy_node *ex = yget(m, "exceptions");
	if (ex && fy_node_is_scalar(ex)) {
		const char *s = NULL;
		if ((st = ystr(y, ex, what, &s)))
			return st;
		if (strcmp(s, "none"))
			return yfail(y, ex,
				     "%s: 'exceptions' is 'none' or a "
				     "list of exception names",
				     what);
		r->no_exceptions = 1;
	} else if (ex) {
		if ((st = ylist(y, ex, what, &r->allowed, &r->n_allowed)))
			return st;
	}
	return LICIT_OK;
}

static licit_status load_rule(yctx *y, const vocab *v, struct fy_node *m,
			      policy *p, int party_only, rrule *r)
{
	static const char *const keys[] = {
	    "id",	"title",	 "when",
	    "effect",	"exception",	 "exceptions",
	    "licence",	"review_policy", "review_policy_from_entry",
	    "citation", "source",	 "verification",
	    "note",	"from",		 "until",
	    "unknown",	"assumes",	 "obligations",
	    NULL};
	licit_status st = ymap(y, m, keys, "a rule");
	if (st != LICIT_OK)
		return st;
	if ((st = ystr_req(y, m, "id", "a rule", &r->id)))
		return st;
	char what[160];
	snprintf(what, sizeof(what), "rule '%s'", r->id);
	const char *from_entry = NULL;
	r->line = yline(m);
	if ((st = ystr(y, yget(m, "title"), what, &r->title)) ||
	    (st = ystr_req(y, m, "citation", what, &r->citation)) ||
	    (st = ystr(y, yget(m, "licence"), what, &r->licence)) ||
	    (st = ystr(y, yget(m, "review_policy"), what, &r->review_policy)) ||
	    (st = ystr(y, yget(m, "review_policy_from_entry"), what,
		       &from_entry)) ||
	    (st = ylist(y, yget(m, "obligations"), what, &r->obligations,
			&r->n_obligations)) ||
	    (st = load_prov(y, m, p, &r->p, what)) ||
	    (st = load_range(y, m, &r->from, &r->until, what)) ||
	    (st = load_rule_effect(y, m, r, what)))
		return st;
	r->note = r->p.note;
	if (!r->p.verification)
		return yfail(y, m, "%s: 'verification' is required", what);
	r->policy_from_entry = from_entry && !strcmp(from_entry, "true");
	struct fy_node *w = yget(m, "when");
	if (!w)
		return yfail(y, m, "%s: 'when' is required ({} for always)",
			     what);
	if ((st = load_cond(y, v, p, w, what, 0, party_only, &r->when)))
		return st;
	for (size_t i = 0; i < r->when.n; i++)
		r->has_party |= r->when.t[i].kind == T_PARTY;
	if (party_only && !r->has_party)
		return yfail(y, w, "%s: a common rule needs 'party_lists'",
			     what);
	if (r->policy_from_entry && !r->has_party)
		return yfail(y, m,
			     "%s: review_policy_from_entry needs party_lists",
			     what);
	char *canon = NULL;
	canon_cond(y->a, &r->when, &canon);
	if (!canon)
		return oom(y);
	r->canon = canon;
	return LICIT_OK;
}

static int is_requirement(int e)
{
	return e == EFF_NLR || e == EFF_REVIEW || e == EFF_LICENCE ||
	       e == EFF_PROHIBITED;
}

/* Two rules in force together with the same conditions must agree. */
static licit_status check_contradictions(yctx *y, const policy *p,
					 struct fy_node **nodes)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const rrule *a = &p->rules[i];
		for (size_t j = i + 1; j < p->n_rules; j++) {
			const rrule *b = &p->rules[j];
			if (!strcmp(a->id, b->id))
				return yfail(y, nodes[j],
					     "rule id '%s' is used twice",
					     b->id);
			if (strcmp(a->canon, b->canon) || a->until <= b->from ||
			    b->until <= a->from)
				continue;
			int clash = 0;
			if (is_requirement(a->effect) &&
			    is_requirement(b->effect))
				clash = a->effect != b->effect;
			else if (a->exception && b->exception &&
				 !strcmp(a->exception, b->exception))
				clash = a->effect != b->effect;
			if (clash)
				return yfail(
				    y, nodes[j],
				    "rules '%s' (line %d) and '%s' contradict "
				    "each other: the same conditions give "
				    "%s and %s",
				    a->id, a->line, b->id,
				    effect_name(a->effect),
				    effect_name(b->effect));
		}
	}
	return LICIT_OK;
}

static licit_status load_rules(yctx *y, const vocab *v, struct fy_node *n,
			       policy *p, int party_only)
{
	if (!n || !fy_node_is_sequence(n))
		return yfail(y, n, "'rules' must be a list");
	int count = fy_node_sequence_item_count(n);
	p->rules = arena_calloc(y->a, (size_t)(count > 0 ? count : 1) *
					  sizeof(*p->rules));
	struct fy_node **nodes = arena_calloc(
	    y->a, (size_t)(count > 0 ? count : 1) * sizeof(*nodes));
	if (!p->rules || !nodes)
		return oom(y);
	void *it = NULL;
	struct fy_node *x;
	while ((x = fy_node_sequence_iterate(n, &it)) &&
	       p->n_rules < (size_t)count) {
		nodes[p->n_rules] = x;
		licit_status st =
		    load_rule(y, v, x, p, party_only, &p->rules[p->n_rules]);
		if (st != LICIT_OK)
			return st;
		p->n_rules++;
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		const rrule *r = &p->rules[i];
		if (r->effect == EFF_UNAVAILABLE && !offered(p, r->exception))
			return yfail(
			    y, nodes[i],
			    "rule '%s' withdraws exception '%s', which "
			    "no rule offers",
			    r->id, r->exception);
		for (size_t k = 0; k < r->n_allowed; k++)
			if (!offered(p, r->allowed[k]))
				return yfail(y, nodes[i],
					     "rule '%s' allows exception '%s', "
					     "which no rule offers",
					     r->id, r->allowed[k]);
	}
	return check_contradictions(y, p, nodes);
}

/* -------------------------------------------------------------- versions */

static int cmp_rdate(const void *a, const void *b)
{
	rdate x = *(const rdate *)a, y = *(const rdate *)b;
	return (x > y) - (x < y);
}

static void bounds_cond(const rcond *c, rdate *out, size_t *n)
{
	out[(*n)++] = c->from;
	out[(*n)++] = c->until;
	for (size_t i = 0; i < c->n_unless; i++)
		bounds_cond(&c->unless[i], out, n);
}

static size_t count_cond(const rcond *c)
{
	size_t k = 2;
	for (size_t i = 0; i < c->n_unless; i++)
		k += count_cond(&c->unless[i]);
	return k;
}

static licit_status compute_bounds(yctx *y, policy *p)
{
	size_t cap = 2;
	for (size_t i = 0; i < p->n_groups; i++)
		cap += 2 * (p->groups[i].n_m + p->groups[i].n_inc);
	for (size_t i = 0; i < p->n_rules; i++)
		cap += 2 + count_cond(&p->rules[i].when);
	rdate *b = arena_alloc(y->a, cap * sizeof(*b));
	if (!b)
		return oom(y);
	size_t n = 0;
	for (size_t i = 0; i < p->n_groups; i++) {
		const rgroup *g = &p->groups[i];
		for (size_t j = 0; j < g->n_m; j++) {
			b[n++] = g->m[j].from;
			b[n++] = g->m[j].until;
		}
		for (size_t j = 0; j < g->n_inc; j++) {
			b[n++] = g->inc[j].from;
			b[n++] = g->inc[j].until;
		}
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		b[n++] = p->rules[i].from;
		b[n++] = p->rules[i].until;
		bounds_cond(&p->rules[i].when, b, &n);
	}
	qsort(b, n, sizeof(*b), cmp_rdate);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i] > p->from && b[i] < p->until &&
		    (!k || b[k - 1] != b[i]))
			b[k++] = b[i];
	p->bounds = b;
	p->n_bounds = k;
	return LICIT_OK;
}

rdate policy_version(const policy *p, rdate d)
{
	if (!rdate_in(d, p->from, p->until))
		return 0;
	rdate v = p->from;
	for (size_t i = 0; i < p->n_bounds && p->bounds[i] <= d; i++)
		v = p->bounds[i];
	return v;
}

/* ----------------------------------------------------------- top level */

void policy_set_init(policy_set *ps)
{
	memset(ps, 0, sizeof(*ps));
	arena_init(&ps->mem);
}

void policy_set_release(policy_set *ps)
{
	arena_release(&ps->mem);
	memset(ps, 0, sizeof(*ps));
}

const policy *policy_set_find(const policy_set *ps, const char *id)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->p[i].id, id))
			return &ps->p[i];
	return NULL;
}

int vocab_eut(const vocab *v, const char *name)
{
	for (size_t i = 0; i < v->n_eut; i++)
		if (!strcmp(v->eut[i].name, name))
			return (int)i;
	return -1;
}

int vocab_euse(const vocab *v, const char *name)
{
	for (size_t i = 0; i < v->n_euse; i++)
		if (!strcmp(v->euse[i].name, name))
			return (int)i;
	return -1;
}

int vocab_region(const vocab *v, const char *code)
{
	for (size_t i = 0; i < v->n_regions; i++)
		if (!strcmp(v->regions[i].code, code))
			return (int)i;
	return -1;
}

int vocab_kind(const vocab *v, const char *name)
{
	for (size_t i = 0; i < v->n_kinds; i++)
		if (!strcmp(v->kinds[i].name, name))
			return (int)i;
	return -1;
}

int policy_text_is_common(const char *text, size_t len)
{
	/* a top-level "kind: common" line */
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n >= 12 && !memcmp(p, "kind: common", 12))
			return 1;
		p += n + 1;
	}
	return 0;
}

licit_status policy_set_vocab(policy_set *ps, const char *text, size_t len,
			      const char *name, const char *iso, size_t iso_len,
			      errinfo *e)
{
	static const char *const keys[] = {
	    "kind",	     "sources",
	    "retired_codes", "user_assigned_codes",
	    "regions",	     "end_user_types",
	    "end_uses",	     "party_lists",
	    "rules",	     NULL};
	vocab *v = &ps->v;
	if (v->loaded)
		return err_set(e, LICIT_EMISUSE, "vocabulary loaded twice");
	yctx y = {"iso3166.tsv", &ps->mem, e};
	licit_status st = load_iso(&y, v, iso, iso_len);
	if (st != LICIT_OK)
		return st;
	y.file = name;
	struct fy_document *doc = yparse(&y, text, len);
	if (!doc)
		return e->code;
	struct fy_node *root = fy_document_root(doc);
	policy *pp = &v->party;
	pp->id = "party-lists";
	pp->title = "restricted-party lists";
	pp->file = name;
	pp->until = RDATE_OPEN;
	const char *kind = NULL;
	if (!(st = ymap(&y, root, keys, "the common file")) &&
	    !(st = ystr_req(&y, root, "kind", "the common file", &kind)) &&
	    strcmp(kind, "common"))
		st = yfail(&y, root, "'kind' must be 'common'");
	if (!st)
		st = load_sources(&y, yget(root, "sources"), pp);
	if (!st)
		st = load_special_codes(&y, v, yget(root, "retired_codes"), 1);
	if (!st)
		st = load_special_codes(&y, v,
					yget(root, "user_assigned_codes"), 0);
	if (!st)
		st = load_regions(&y, v, yget(root, "regions"));
	if (!st)
		st = load_terms(&y, yget(root, "end_user_types"), &v->eut,
				&v->n_eut, "end-user type");
	if (!st)
		st = load_terms(&y, yget(root, "end_uses"), &v->euse,
				&v->n_euse, "end use");
	if (!st)
		st = load_kinds(&y, v, yget(root, "party_lists"));
	if (!st && yget(root, "rules"))
		st = load_rules(&y, v, yget(root, "rules"), pp, 1);
	if (!st)
		st = compute_bounds(&y, pp);
	fy_document_destroy(doc);
	if (st == LICIT_OK && ps->mem.failed)
		st = err_set(e, LICIT_ENOMEM, "out of memory");
	if (st == LICIT_OK)
		v->loaded = 1;
	return st;
}

static licit_status load_covers(yctx *y, struct fy_node *root, policy *p)
{
	static const char *const keys[] = {"from",	   "until", "source",
					   "verification", "note",  NULL};
	struct fy_node *c = yget(root, "covers");
	if (!c)
		return yfail(y, root,
			     "'covers' is required: the dates the "
			     "policy describes");
	licit_status st;
	if ((st = ymap(y, c, keys, "covers")) ||
	    (st = load_range(y, c, &p->from, &p->until, "covers")) ||
	    (st = load_prov(y, c, p, &p->covers, "covers")))
		return st;
	if (!yget(c, "from"))
		return yfail(y, c, "covers: 'from' is required");
	return LICIT_OK;
}

static licit_status load_policy(yctx *y, const vocab *v, struct fy_node *root,
				policy *p)
{
	static const char *const keys[] = {
	    "policy",  "title", "jurisdiction", "authority", "covers",
	    "sources", "items", "groups",	"rules",     NULL};
	licit_status st;
	if ((st = ymap(y, root, keys, "a policy")) ||
	    (st = ystr_req(y, root, "policy", "a policy", &p->id)) ||
	    (st = ystr(y, yget(root, "title"), "title", &p->title)) ||
	    (st = ystr(y, yget(root, "jurisdiction"), "jurisdiction",
		       &p->jurisdiction)) ||
	    (st = ystr(y, yget(root, "authority"), "authority",
		       &p->authority)) ||
	    (st = load_sources(y, yget(root, "sources"), p)) ||
	    (st = load_covers(y, root, p)) ||
	    (st = load_items(y, yget(root, "items"), p)) ||
	    (st = load_groups(y, v, yget(root, "groups"), p)) ||
	    (st = load_rules(y, v, yget(root, "rules"), p, 0)))
		return st;
	for (const char *c = p->id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '-'))
			return yfail(y, yget(root, "policy"),
				     "policy id '%s': use lowercase letters, "
				     "digits and '-'",
				     p->id);
	return compute_bounds(y, p);
}

licit_status policy_set_add(policy_set *ps, const char *text, size_t len,
			    const char *name, errinfo *e)
{
	if (!ps->v.loaded)
		return err_set(e, LICIT_EMISUSE, "load the vocabulary first");
	if (ps->n == MAX_POLICIES)
		return err_set(e, LICIT_ELIMIT, "%s: at most %d policies", name,
			       MAX_POLICIES);
	yctx y = {name, &ps->mem, e};
	struct fy_document *doc = yparse(&y, text, len);
	if (!doc)
		return e->code;
	policy *p = &ps->p[ps->n];
	memset(p, 0, sizeof(*p));
	p->file = arena_strdup(&ps->mem, name);
	licit_status st = load_policy(&y, &ps->v, fy_document_root(doc), p);
	if (st == LICIT_OK && policy_set_find(ps, p->id))
		st = yfail(&y, yget(fy_document_root(doc), "policy"),
			   "policy '%s' is loaded twice", p->id);
	fy_document_destroy(doc);
	if (st == LICIT_OK && ps->mem.failed)
		st = err_set(e, LICIT_ENOMEM, "out of memory");
	if (st != LICIT_OK) {
		memset(p, 0, sizeof(*p));
		return st;
	}
	uint8_t d[32];
	if (sha256(text, len, d) == 0)
		sha256_hex(d, p->sha256);
	ps->n++;
	return LICIT_OK;
}
