/*
 * screen.c - candidate search and entity scoring (see screen.h).
 */
#include "match/screen.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/tokens.h"
#include "licit.h"
#include "match/sim.h"
#include "model/date.h"
#include "text/country.h"
#include "util/alloc.h"
#include "banned.h"

#define MAX_CANDIDATES 32     /* names scored in full per query */
#define MAX_TOKEN_MATCHES 256 /* listed tokens followed per query token */
#define COMMON_SHARE 0.02     /* a token in more names than this share ... */
#define MIN_TOKEN_SIM 0.8

#define DOB_EXACT 0.05
#define DOB_YEAR 0.03
#define DOB_CONFLICT (-0.12)
#define COUNTRY_MATCH 0.02
#define COUNTRY_CONFLICT (-0.05)
#define ID_MATCH 0.25
#define GENDER_CONFLICT (-0.08)

struct screener {
	const snapshot *s;
	mcache cache;
	uint8_t *allowed; /* by source index: 1 if the query takes it */
	int filter;       /* 0: every source */
	match_weights w;
	struct support {
		float acc;     /* weight of query tokens found in the name */
		uint32_t mask; /* which query tokens */
	} *sup;            /* by name; one cache line serves both */
	struct support sup_top[MAX_CANDIDATES];
	uint32_t *touched;
	size_t n_touched;
	/* listed tokens as prepared for comparison, filled on first use:
	 * most queries meet the same few thousand tokens */
	mtoken *tok;
	uint8_t *tok_ready;
	uint32_t *tok_seen; /* by token: the reach() call that last took it */
	uint32_t reach_gen;
	arena mem;
};

static double snap_idf(const void *ctx, const char *tok, size_t len)
{
	const snapshot *s = ctx;
	const snap_token *t = snapshot_find_token(s, tok, len);
	double n = (double)(s->n_names ? s->n_names : 1);
	if (!t || !t->df)
		return log(1.0 + n);
	return log(1.0 + n / (double)t->df);
}

screener *screener_new(const snapshot *s)
{
	screener *sc = licit__calloc(1, sizeof(*sc));
	if (!sc)
		return NULL;
	sc->s = s;
	size_t n = s->n_names + 1;
	sc->sup = licit__calloc(n, sizeof(*sc->sup));
	sc->touched = licit__calloc(n, sizeof(*sc->touched));
	sc->allowed = licit__calloc(s->n_sources + 1, 1);
	sc->tok = licit__calloc(s->n_tokens + 1, sizeof(*sc->tok));
	sc->tok_ready = licit__calloc(s->n_tokens + 1, 1);
	sc->tok_seen = licit__calloc(s->n_tokens + 1, sizeof(*sc->tok_seen));
	if (!sc->sup || !sc->touched || !sc->allowed || !sc->tok ||
	    !sc->tok_ready || !sc->tok_seen) {
		screener_free(sc);
		return NULL;
	}
	sc->w.idf = snap_idf;
	sc->w.ctx = s;
	sc->w.max_idf = log(1.0 + (double)n);
	arena_init(&sc->mem);
	return sc;
}

void screener_free(screener *sc)
{
	if (!sc)
		return;
	licit__free(sc->sup);
	licit__free(sc->tok);
	licit__free(sc->tok_ready);
	licit__free(sc->tok_seen);
	licit__free(sc->touched);
	licit__free(sc->allowed);
	arena_release(&sc->mem);
	licit__free(sc);
}

const match_weights *screener_weights(const screener *sc)
{
	return &sc->w;
}

static void token_of(const snapshot *s, const snap_token *t, mtoken *m)
{
	m->text = snap_str(s, t->str);
	m->len = (uint32_t)strlen(m->text);
	m->canon = snap_str(s, t->canon);
	m->canon_len = (uint32_t)strlen(m->canon);
	m->flags = t->flags;
	m->weight = 0;
	m->id = (uint32_t)(t - s->tokens);
	size_t pl = strlen(snap_str(s, t->phon));
	if (pl >= sizeof(m->phon))
		pl = sizeof(m->phon) - 1;
	memcpy(m->phon, snap_str(s, t->phon), pl);
	m->phon[pl] = '\0';
	match_token_finish(m);
}

static double df_idf(const snapshot *s, uint32_t df)
{
	double n = (double)(s->n_names ? s->n_names : 1);
	return log(1.0 + n / (double)(df ? df : 1));
}

/* Listed token `id` prepared for comparison, with its weight; valid as
 * long as the screener. */
static const mtoken *listed_token(screener *sc, uint32_t id)
{
	mtoken *m = &sc->tok[id];
	if (!sc->tok_ready[id]) {
		const snap_token *t = &sc->s->tokens[id];
		token_of(sc->s, t, m);
		m->weight = match_token_weight(m, df_idf(sc->s, t->df));
		sc->tok_ready[id] = 1;
	}
	return m;
}

/* A listed name as prepared tokens, straight from the snapshot: its token
 * ids, their flags, keys and document frequencies. */
static void name_from_snapshot(screener *sc, const snap_name *nm,
			       int schema, mname *out)
{
	const snapshot *s = sc->s;
	out->n = 0;
	out->schema = schema;
	out->cache = NULL;
	out->norm = snap_str(s, nm->norm);
	for (uint32_t i = 0; i < nm->tok_count && out->n < MATCH_MAX_TOKENS;
	     i++) {
		out->t[out->n++] = *listed_token(sc, s->nametoks[nm->tok_first + i]);
	}
}

/* Listed tokens reachable from query token q: ids into out (deduped). */
static size_t reach(screener *sc, const mtoken *q, uint32_t *out,
		    size_t cap)
{
	const snapshot *s = sc->s;
	size_t n = 0;
	uint32_t gen = ++sc->reach_gen;
	if (gen == 0) { /* wrapped: forget every old mark */
		memset(sc->tok_seen, 0, (s->n_tokens + 1) * sizeof(*sc->tok_seen));
		gen = sc->reach_gen = 1;
	}
	const snap_token *t = snapshot_find_token(s, q->text, q->len);
	if (t) {
		out[n++] = (uint32_t)(t - s->tokens);
		sc->tok_seen[out[0]] = gen;
	}
	/* "#P" same sound, "=C" same given name, "<abcd" same first letters,
	 * and the coarse sound C: tokens whose own key is C sit under "#C",
	 * the others whose coarse key is C under "%C" */
	char k[6][80];
	const char *keys[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
	snprintf(k[1], sizeof(k[1]), "=%.*s", (int)q->canon_len, q->canon);
	keys[1] = k[1];
	if (q->phon[0]) {
		char coarse[16];
		snprintf(k[0], sizeof(k[0]), "#%s", q->phon);
		keys[0] = k[0];
		sim_phonetic_coarse(q->phon, coarse, sizeof(coarse));
		snprintf(k[3], sizeof(k[3]), "%%%s", coarse);
		keys[3] = k[3];
		if (strcmp(coarse, q->phon)) {
			snprintf(k[4], sizeof(k[4]), "#%s", coarse);
			keys[4] = k[4];
		}
	}
	/* spelling neighbours by letters only for a word the lists do not
	 * have: a listed word's variants are reached through its sound */
	int known = t != NULL;
	if (!known && q->len > TOKEN_PREFIX && !(q->flags & NAMEPART_NUMBER)) {
		snprintf(k[2], sizeof(k[2]), "<%.*s", TOKEN_PREFIX, q->text);
		keys[2] = k[2];
	}
	if (!known && q->len >= 5 && !(q->flags & NAMEPART_NUMBER)) {
		snprintf(k[5], sizeof(k[5]), ">%.2s%.2s", q->text,
			 q->text + q->len - 2);
		keys[5] = k[5];
	}
	for (int ki = 0; ki < 6; ki++) {
		if (!keys[ki])
			continue;
		size_t m;
		const uint32_t *ids = snapshot_find_tkey(s, keys[ki], &m);
		for (size_t i = 0; i < m && n < cap; i++) {
			if (sc->tok_seen[ids[i]] == gen)
				continue;
			sc->tok_seen[ids[i]] = gen;
			out[n++] = ids[i];
		}
	}
	return n;
}

static int cmp_weight_desc(const void *a, const void *b, const mname *q)
{
	double x = q->t[*(const int *)a].weight, y = q->t[*(const int *)b].weight;
	return (x < y) - (x > y);
}

static int name_allowed(const screener *sc, uint32_t name)
{
	const snap_entity *x = &sc->s->entities[sc->s->names[name].entity];
	return x->source_idx < sc->s->n_sources && sc->allowed[x->source_idx];
}

/* Which sources the query takes, by index. */
static void set_filter(screener *sc, const screen_query *q)
{
	const snapshot *s = sc->s;
	sc->filter = q->n_sources > 0;
	for (size_t i = 0; i < s->n_sources; i++) {
		sc->allowed[i] = 0;
		for (size_t k = 0; k < q->n_sources; k++)
			if (!strcmp(snap_str(s, s->sources[i].id), q->sources[k]))
				sc->allowed[i] = 1;
	}
}

static void gather(screener *sc, const mname *q)
{
	const snapshot *s = sc->s;
	int order[MATCH_MAX_TOKENS];
	size_t no = 0, content = 0;
	for (size_t i = 0; i < q->n; i++) {
		uint32_t f = q->t[i].flags;
		if (!(f & (NAMEPART_HONORIFIC | NAMEPART_STOP | NAMEPART_INITIAL |
			   NAMEPART_LEGAL)))
			content++;
	}
	for (size_t i = 0; i < q->n; i++) {
		uint32_t f = q->t[i].flags;
		if (f & (NAMEPART_INITIAL | NAMEPART_STOP | NAMEPART_HONORIFIC))
			continue;
		if ((f & NAMEPART_LEGAL) && content)
			continue;
		order[no++] = (int)i;
	}
	/* rare tokens first (insertion sort: a handful of tokens) */
	for (size_t i = 1; i < no; i++)
		for (size_t j = i; j > 0 && cmp_weight_desc(&order[j - 1],
							     &order[j], q) > 0;
		     j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	double common = COMMON_SHARE * (double)s->n_names;
	/* common tokens skipped above, checked on the names found instead */
	uint32_t late_tok[MATCH_MAX_TOKENS], late_bit[MATCH_MAX_TOKENS];
	float late_add[MATCH_MAX_TOKENS];
	size_t n_late = 0;
	for (size_t oi = 0; oi < no; oi++) {
		const mtoken *qt = &q->t[order[oi]];
		uint32_t bit = 1u << order[oi];
		uint32_t ids[MAX_TOKEN_MATCHES];
		size_t nids = reach(sc, qt, ids, MAX_TOKEN_MATCHES);
		for (size_t k = 0; k < nids; k++) {
			const snap_token *t = &s->tokens[ids[k]];
			if (no > 1 && oi > 0 && (double)t->df > common) {
				/* too common to lead anywhere: only its exact
				 * form counts, on the names the others found */
				if (t == snapshot_find_token(s, qt->text, qt->len) &&
				    n_late < MATCH_MAX_TOKENS) {
					late_tok[n_late] = ids[k];
					late_bit[n_late] = bit;
					late_add[n_late++] = (float)qt->weight;
				}
				continue;
			}
			mkind kind;
			double sim = match_tokens_cached(
				q, (size_t)order[oi], listed_token(sc, ids[k]), &kind);
			if (sim < MIN_TOKEN_SIM)
				continue;
			float add = (float)(sim * qt->weight);
			for (uint32_t p = 0; p < t->post_count; p++) {
				uint32_t name = s->postings[t->post_first + p];
				if (sc->sup[name].mask & bit)
					continue;
				if (sc->filter && !name_allowed(sc, name))
					continue;
				if (!sc->sup[name].mask)
					sc->touched[sc->n_touched++] = name;
				sc->sup[name].mask |= bit;
				sc->sup[name].acc += add;
			}
		}
	}
	for (size_t i = 0; n_late && i < sc->n_touched; i++) {
		uint32_t name = sc->touched[i];
		const snap_name *nm = &s->names[name];
		for (uint32_t k = 0; k < nm->tok_count; k++) {
			uint32_t tok = s->nametoks[nm->tok_first + k];
			for (size_t l = 0; l < n_late; l++)
				if (tok == late_tok[l] &&
				    !(sc->sup[name].mask & late_bit[l])) {
					sc->sup[name].mask |= late_bit[l];
					sc->sup[name].acc += late_add[l];
				}
		}
	}
}

/* Min-heap on support, so the weakest of the best names is at the top. */
static void heap_down(const struct support *sup, uint32_t *h, size_t n,
		      size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && sup[h[l]].acc < sup[h[m]].acc)
			m = l;
		if (r < n && sup[h[r]].acc < sup[h[m]].acc)
			m = r;
		if (m == i)
			return;
		uint32_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* The MAX_CANDIDATES touched names with the most support, into out. */
static size_t select_top(screener *sc, uint32_t *out)
{
	size_t n = 0;
	const struct support *sup = sc->sup;
	for (size_t i = 0; i < sc->n_touched; i++) {
		uint32_t name = sc->touched[i];
		if (n < MAX_CANDIDATES) {
			out[n++] = name;
			if (n == MAX_CANDIDATES)
				for (size_t k = n / 2; k-- > 0;)
					heap_down(sup, out, n, k);
		} else if (sup[name].acc > sup[out[0]].acc) {
			out[0] = name;
			heap_down(sup, out, n, 0);
		}
	}
	return n;
}

/*
 * The most a candidate can score given the query tokens it holds: tokens
 * the candidate search does not follow (initials, legal forms, titles,
 * stop words) and long ones that may be joined words count as found. A
 * score blends the two sides' coverage with the lighter side counting at
 * most MATCH_COVER_MAX, so it cannot exceed that share plus the rest of
 * the query's coverage.
 */
static double score_bound(const mname *q, const struct support *sp, double wq)
{
	double found = sp->acc;
	for (size_t i = 0; i < q->n; i++) {
		const mtoken *t = &q->t[i];
		if (sp->mask & 1u << i)
			continue;
		if ((t->flags & (NAMEPART_INITIAL | NAMEPART_LEGAL |
				 NAMEPART_HONORIFIC | NAMEPART_STOP)) ||
		    t->len >= 6)
			found += t->weight;
	}
	double cq = found / wq;
	if (cq > 1)
		cq = 1;
	return MATCH_COVER_MAX + (1 - MATCH_COVER_MAX) * cq;
}

static void reset(screener *sc)
{
	for (size_t i = 0; i < sc->n_touched; i++) {
		sc->sup[sc->touched[i]] = (struct support){0, 0};
	}
	sc->n_touched = 0;
}

static void add_feature(screen_hit *h, const char *name, double delta,
			const char *detail)
{
	if (h->n_features < sizeof(h->features) / sizeof(h->features[0]))
		h->features[h->n_features++] =
			(screen_feature){name, delta, detail};
	h->score += delta;
}

/* The query's evidence, parsed once per query. */
typedef struct evidence {
	int gender;   /* GENDER_UNKNOWN: none given */
	pdate dob;    /* year 0: none given */
	char cc[3];   /* "" : none given */
	char id[64];  /* normalized identifier, "" : none */
} evidence;

static size_t id_norm(const char *v, char *out, size_t cap);

static void evidence_parse(const screen_query *q, evidence *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (q->birth_date &&
	    pdate_parse(q->birth_date, strlen(q->birth_date), 0, &ev->dob) < 0)
		ev->dob.year = 0;
	if (q->country)
		country_code(q->country, ev->cc);
	if (q->id && id_norm(q->id, ev->id, sizeof(ev->id)) < 4)
		ev->id[0] = '\0';
	if (q->gender && (q->gender[0] == 'm' || q->gender[0] == 'M'))
		ev->gender = GENDER_MALE;
	else if (q->gender && (q->gender[0] == 'f' || q->gender[0] == 'F'))
		ev->gender = GENDER_FEMALE;
}

/* A listed gender other than the query's: probably another person. */
static void gender_evidence(const snap_entity *x, const evidence *ev,
			    screen_hit *h)
{
	if (ev->gender && x->gender && x->gender != ev->gender)
		add_feature(h, "gender", GENDER_CONFLICT,
			    "listed gender differs");
}

static void dob_evidence(const snapshot *s, const snap_entity *x,
			 const evidence *ev, screen_hit *h)
{
	pdate want = ev->dob;
	if (!want.year)
		return;
	int any = 0, best = 0; /* 3 exact, 2 same year, 1 within a year */
	for (uint32_t i = 0; i < x->dates.count; i++) {
		const snap_date *d = &s->dates[x->dates.first + i];
		if (d->role != DATE_BIRTH)
			continue;
		any = 1;
		int y = (int)(d->date >> 16), m = (d->date >> 8) & 0xFF,
		    dd = d->date & 0xFF;
		int until = (int)(d->until >> 16);
		if (until && want.year >= y && want.year <= until) {
			best = best < 2 ? 2 : best;
			continue;
		}
		int k = 0;
		if (y == want.year) {
			if (m && want.month && m != want.month)
				k = 1;
			else if (m && dd && m == want.month && dd == want.day)
				k = 3;
			else
				k = 2;
		} else if (abs(y - want.year) <= 1) {
			k = 1;
		}
		best = k > best ? k : best;
	}
	if (!any)
		return;
	if (best == 3)
		add_feature(h, "birth_date", DOB_EXACT, "same birth date");
	else if (best == 2)
		add_feature(h, "birth_date", DOB_YEAR, "same birth year");
	else if (best == 0)
		add_feature(h, "birth_date", DOB_CONFLICT,
			    "listed birth dates differ");
}

static void country_evidence(const snapshot *s, const snap_entity *x,
			     const evidence *ev, screen_hit *h)
{
	const char *want = ev->cc;
	if (!want[0])
		return;
	int any = 0;
	for (uint32_t i = 0; i < x->countries.count; i++) {
		const snap_country *c = &s->countries[x->countries.first + i];
		if (!c->code[0])
			continue;
		any = 1;
		if (!memcmp(c->code, want, 2)) {
			add_feature(h, "country", COUNTRY_MATCH,
				    "country matches");
			return;
		}
	}
	for (uint32_t i = 0; i < x->addrs.count; i++) {
		const snap_addr *a = &s->addrs[x->addrs.first + i];
		if (!a->country[0])
			continue;
		any = 1;
		if (!memcmp(a->country, want, 2)) {
			add_feature(h, "country", COUNTRY_MATCH,
				    "address country matches");
			return;
		}
	}
	if (any)
		add_feature(h, "country", COUNTRY_CONFLICT,
			    "listed countries differ");
}

/* Letters and digits only, uppercased, into out. */
static size_t id_norm(const char *v, char *out, size_t cap)
{
	size_t n = 0;
	for (; *v && n + 1 < cap; v++)
		if (isalnum((unsigned char)*v))
			out[n++] = (char)toupper((unsigned char)*v);
	out[n] = '\0';
	return n;
}

static void id_evidence(const snapshot *s, const snap_entity *x,
			const evidence *ev, screen_hit *h)
{
	const char *want = ev->id;
	char have[64];
	if (!want[0])
		return;
	for (uint32_t i = 0; i < x->idents.count; i++) {
		const snap_ident *d = &s->idents[x->idents.first + i];
		id_norm(snap_str(s, d->value), have, sizeof(have));
		if (!strcmp(have, want)) {
			add_feature(h, "identifier", ID_MATCH,
				    snap_str(s, d->type));
			return;
		}
	}
}

/*
 * The Consolidated Screening List repeats rows of lists licit also loads
 * from their publishers (an SDN entry is us-ofac-sdn:N and us-csl:N with
 * entity_number N). When both are hits, the CSL copy is the same listing
 * twice and is dropped; the publisher's own record stays.
 */
static const struct {
	const char *list_prefix, *source;
} csl_origin[] = {
	{"Specially Designated Nationals", "us-ofac-sdn"},
	{"Sectoral Sanctions Identifications", "us-ofac-cons"},
	{"Non-SDN", "us-ofac-cons"},
};

/* 1 if hit h is a CSL copy of another hit in all[0..n). */
static int csl_duplicate(const snapshot *s, const screen_hit *all, size_t n,
			 const screen_hit *h)
{
	const snap_entity *x = &s->entities[h->entity];
	if (strcmp(snap_str(s, x->source), "us-csl") || x->lists.count != 1)
		return 0;
	const char *num = snapshot_attr(s, x, "entity_number");
	const char *list = snap_str(s, s->strrefs[x->lists.first]);
	if (!num)
		return 0;
	for (size_t k = 0; k < sizeof(csl_origin) / sizeof(csl_origin[0]); k++) {
		size_t pl = strlen(csl_origin[k].list_prefix);
		if (strncmp(list, csl_origin[k].list_prefix, pl))
			continue;
		char id[96];
		snprintf(id, sizeof(id), "%s:%s", csl_origin[k].source, num);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(snap_str(s, s->entities[all[i].entity].id), id))
				return 1;
	}
	return 0;
}

static int cmp_hit_ptr(const void *a, const void *b)
{
	const screen_hit *x = *(const screen_hit *const *)a;
	const screen_hit *y = *(const screen_hit *const *)b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->entity < y->entity ? -1 : x->entity > y->entity;
}

int screener_run(screener *sc, const screen_query *q, double threshold,
		 screen_hit *hits, size_t max, size_t *n,
		 size_t *n_candidates)
{
	const snapshot *s = sc->s;
	arena_release(&sc->mem);
	*n = 0;
	mname *qp = arena_alloc(&sc->mem, sizeof(*qp));
	if (!qp || match_prepare(q->name, strlen(q->name), q->schema, &sc->w,
				 &sc->mem, qp) < 0)
		return -1;
	set_filter(sc, q);
	sc->cache.gen++;
	qp->cache = &sc->cache;
	gather(sc, qp);
	uint32_t top[MAX_CANDIDATES];
	size_t nt = select_top(sc, top);
	for (size_t i = 0; i < nt; i++)
		sc->sup_top[i] = sc->sup[top[i]];
	reset(sc);
	if (n_candidates)
		*n_candidates = nt;
	screen_hit *all = arena_alloc(&sc->mem, (nt + 1) * sizeof(*all));
	if (!all)
		return -1;
	size_t na = 0;
	double wq = 0, ev_max = DOB_EXACT + COUNTRY_MATCH + (q->id ? ID_MATCH : 0);
	for (size_t i = 0; i < qp->n; i++)
		wq += qp->t[i].weight;
	for (size_t i = 0; i < nt; i++) {
		const snap_name *nm = &s->names[top[i]];
		const snap_entity *x = &s->entities[nm->entity];
		if (threshold > 0 && wq > 0 &&
		    score_bound(qp, &sc->sup_top[i], wq) + ev_max < threshold)
			continue; /* cannot reach the threshold: not scored */
		mname cn;
		name_from_snapshot(sc, nm, x->schema, &cn);
		mexplain ex;
		double sc_name = match_names(qp, &cn, &ex);
		screen_hit *h = NULL;
		for (size_t k = 0; k < na; k++)
			if (all[k].entity == nm->entity)
				h = &all[k];
		if (h && h->name_score >= sc_name)
			continue;
		if (!h)
			h = &all[na++];
		h->entity = nm->entity;
		h->name = top[i];
		h->name_score = sc_name;
		h->q = qp;
		/* the explanation (ex, c) is rebuilt for the hits returned */
	}
	evidence ev;
	evidence_parse(q, &ev);
	for (size_t k = 0; k < na; k++) {
		screen_hit *h = &all[k];
		const snap_entity *x = &s->entities[h->entity];
		h->score = h->name_score;
		h->n_features = 0;
		dob_evidence(s, x, &ev, h);
		country_evidence(s, x, &ev, h);
		id_evidence(s, x, &ev, h);
		gender_evidence(x, &ev, h);
		h->score = h->score < 0 ? 0 : h->score > 1 ? 1 : h->score;
	}
	const screen_hit **order = arena_alloc(&sc->mem, (na + 1) * sizeof(*order));
	if (!order)
		return -1;
	for (size_t k = 0; k < na; k++)
		order[k] = &all[k];
	qsort(order, na, sizeof(*order), cmp_hit_ptr);
	for (size_t k = 0; k < na && *n < max; k++) {
		const screen_hit *h = order[k];
		if (h->score < threshold || csl_duplicate(s, all, na, h))
			continue;
		screen_hit *out = &hits[(*n)++];
		*out = *h;
		const snap_name *nm = &s->names[out->name];
		name_from_snapshot(sc, nm, s->entities[nm->entity].schema, &out->c);
		match_names(qp, &out->c, &out->ex);
	}
	return 0;
}
