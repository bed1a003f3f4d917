/*
 * score.c - name comparison with token alignment and explanations (see
 * score.h).
 *
 * The final score blends the coverage of each side: how much of a name's
 * weight found a partner in the other name. The side that carries less
 * weight (usually the shorter name) counts more, so a listed name with
 * extra middle names still matches a query that gives the main ones, while
 * a different surname on either side pulls the score down.
 */
#include "match/score.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "licit.h"
#include "match/sim.h"
#include "text/normalize.h"
#include "banned.h"

/* Weight multipliers for tagged tokens. */
#define W_LEGAL 0.15
#define W_HONORIFIC 0.1
#define W_STOP 0.1
#define W_INITIAL 0.5

/* Token similarities. */
#define SIM_VARIANT 0.95
#define SIM_PHONETIC 0.9
#define SIM_INITIAL 0.75
#define SIM_FUZZY_MIN 0.86
#define SIM_FUZZY_SHORT 0.9 /* tokens of 4-5 letters */

/* Blend of the two sides' coverage: the lighter side counts this much. */
#define COVER_LIGHT 0.6
#define ORDER_PENALTY 0.06
#define SCHEMA_PENALTY 0.15

const char *mkind_name(mkind k)
{
	switch (k) {
	case MK_EXACT:
		return "exact";
	case MK_VARIANT:
		return "variant";
	case MK_PHONETIC:
		return "phonetic";
	case MK_FUZZY:
		return "fuzzy";
	case MK_INITIAL:
		return "initial";
	case MK_JOINED:
		return "joined";
	}
	return "none";
}

static int has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return 1;
	return 0;
}

static double token_weight(const match_weights *w, const name_token *t)
{
	double idf = 1.0;
	if (w && w->idf) {
		idf = w->idf(w->ctx, t->text, t->len);
		if (idf <= 0)
			idf = w->max_idf > 0 ? w->max_idf : 1.0;
	}
	if (t->flags & NAMEPART_LEGAL)
		idf *= W_LEGAL;
	else if (t->flags & NAMEPART_HONORIFIC)
		idf *= W_HONORIFIC;
	else if (t->flags & NAMEPART_STOP)
		idf *= W_STOP;
	else if (t->flags & NAMEPART_INITIAL)
		idf *= W_INITIAL;
	return idf;
}

int match_prepare_norm(const char *norm, size_t len, int schema,
		       const match_weights *w, arena *a, mname *out)
{
	name_tokens toks;
	out->n = 0;
	out->schema = schema;
	out->norm = arena_strndup(a, norm, len);
	if (!out->norm || name_parse(norm, len, a, &toks) < 0)
		return -1;
	for (size_t i = 0; i < toks.n && out->n < MATCH_MAX_TOKENS; i++) {
		const name_token *t = &toks.v[i];
		mtoken *m = &out->t[out->n++];
		m->text = t->text;
		m->len = t->len;
		m->canon = t->canon ? t->canon : t->text;
		m->canon_len = t->canon ? t->canon_len : t->len;
		m->flags = t->flags;
		m->weight = token_weight(w, t);
		sim_phonetic(t->text, t->len, m->phon, sizeof(m->phon));
	}
	return 0;
}

int match_prepare(const char *name, size_t len, int schema,
		  const match_weights *w, arena *a, mname *out)
{
	buf b, r;
	buf_init(&b, 1 << 16);
	buf_init(&r, 1 << 16);
	if (schema != LICIT_SCHEMA_ORGANIZATION &&
	    schema != LICIT_SCHEMA_VESSEL &&
	    text_reorder_comma(name, len, &r)) {
		name = r.data;
		len = r.len;
	}
	int rc = text_normalize(name, len, &b);
	buf_release(&r);
	if (rc == 0)
		rc = match_prepare_norm(buf_str(&b), b.len, schema, w, a, out);
	buf_release(&b);
	return rc;
}

double match_tokens(const mtoken *a, const mtoken *b, mkind *kind)
{
	*kind = MK_EXACT;
	if (a->len == b->len && !memcmp(a->text, b->text, a->len))
		return 1.0;
	if (has_digit(a->text, a->len) || has_digit(b->text, b->len))
		return 0.0; /* numbers must agree exactly */
	if (a->canon_len == b->canon_len &&
	    !memcmp(a->canon, b->canon, a->canon_len)) {
		*kind = MK_VARIANT;
		return SIM_VARIANT;
	}
	if ((a->flags & NAMEPART_INITIAL) || (b->flags & NAMEPART_INITIAL)) {
		*kind = MK_INITIAL;
		return a->text[0] == b->text[0] ? SIM_INITIAL : 0.0;
	}
	double jw = sim_jaro_winkler(a->text, a->len, b->text, b->len);
	if (a->phon[0] && !strcmp(a->phon, b->phon) && a->len >= 3 &&
	    b->len >= 3) {
		*kind = MK_PHONETIC;
		return jw > SIM_PHONETIC ? jw : SIM_PHONETIC;
	}
	*kind = MK_FUZZY;
	size_t shorter = a->len < b->len ? a->len : b->len;
	/* in a short token one letter is a different name: "bin" is not
	 * "bing", "li" is not "lu" */
	if (shorter <= 3)
		return 0.0;
	if (jw >= (shorter <= 5 ? SIM_FUZZY_SHORT : SIM_FUZZY_MIN))
		return jw;
	if (shorter >= 5 &&
	    sim_damerau_bounded(a->text, a->len, b->text, b->len, 1) <= 1)
		return SIM_FUZZY_MIN;
	return 0.0;
}

/* 1 if `whole` equals x followed by y. */
static int is_join(const mtoken *whole, const mtoken *x, const mtoken *y)
{
	return whole->len == x->len + y->len &&
	       !memcmp(whole->text, x->text, x->len) &&
	       !memcmp(whole->text + x->len, y->text, y->len);
}

static size_t content_tokens(const mname *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		if (!(m->t[i].flags & (NAMEPART_LEGAL | NAMEPART_HONORIFIC |
				       NAMEPART_STOP | NAMEPART_INITIAL)))
			n++;
	return n;
}

typedef struct cand_pair {
	mpair p;
	double gain;
} cand_pair;

static int cmp_pair(const void *x, const void *y)
{
	const cand_pair *a = x, *b = y;
	if (a->p.sim != b->p.sim)
		return a->p.sim < b->p.sim ? 1 : -1;
	if (a->gain != b->gain)
		return a->gain < b->gain ? 1 : -1;
	return 0;
}

static size_t collect_pairs(const mname *q, const mname *c, cand_pair *out,
			    size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < q->n; i++)
		for (size_t j = 0; j < c->n && n < cap; j++) {
			mkind k;
			double s = match_tokens(&q->t[i], &c->t[j], &k);
			if (s <= 0)
				continue;
			out[n++] = (cand_pair){
				{(int8_t)i, (int8_t)j, -1, -1, (uint8_t)k, s},
				s * (q->t[i].weight + c->t[j].weight)};
		}
	/* a word written as two, on either side */
	for (size_t i = 0; i < q->n; i++)
		for (size_t j = 0; j + 1 < c->n && n < cap; j++)
			if (is_join(&q->t[i], &c->t[j], &c->t[j + 1]))
				out[n++] = (cand_pair){
					{(int8_t)i, (int8_t)j, (int8_t)(j + 1),
					 -1, MK_JOINED, 1.0},
					q->t[i].weight + c->t[j].weight +
						c->t[j + 1].weight};
	for (size_t j = 0; j < c->n; j++)
		for (size_t i = 0; i + 1 < q->n && n < cap; i++)
			if (is_join(&c->t[j], &q->t[i], &q->t[i + 1]))
				out[n++] = (cand_pair){
					{(int8_t)i, (int8_t)j, -1, (int8_t)(i + 1),
					 MK_JOINED, 1.0},
					c->t[j].weight + q->t[i].weight +
						q->t[i + 1].weight};
	return n;
}

static double order_penalty(const mpair *p, size_t n)
{
	size_t inv = 0, total = 0;
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++) {
			total++;
			if ((p[a].q < p[b].q) != (p[a].c < p[b].c))
				inv++;
		}
	return total ? ORDER_PENALTY * (double)inv / (double)total : 0.0;
}

static int cmp_by_q(const void *x, const void *y)
{
	const mpair *a = x, *b = y;
	return a->q - b->q;
}

double match_names(const mname *q, const mname *c, mexplain *ex)
{
	mexplain local;
	if (!ex)
		ex = &local;
	memset(ex, 0, sizeof(*ex));
	if (!q->n || !c->n)
		return 0.0;
	cand_pair pairs[MATCH_MAX_TOKENS * MATCH_MAX_TOKENS * 2];
	size_t np = collect_pairs(q, c, pairs,
				  sizeof(pairs) / sizeof(pairs[0]));
	qsort(pairs, np, sizeof(pairs[0]), cmp_pair);
	double wq = 0, wc = 0, mq = 0, mc = 0;
	for (size_t i = 0; i < q->n; i++)
		wq += q->t[i].weight;
	for (size_t j = 0; j < c->n; j++)
		wc += c->t[j].weight;
	uint32_t used_q = 0, used_c = 0;
	for (size_t k = 0; k < np && ex->n_pairs < MATCH_MAX_TOKENS; k++) {
		mpair p = pairs[k].p;
		uint32_t bq = 1u << p.q | (p.q2 >= 0 ? 1u << p.q2 : 0);
		uint32_t bc = 1u << p.c | (p.c2 >= 0 ? 1u << p.c2 : 0);
		if ((used_q & bq) || (used_c & bc))
			continue;
		used_q |= bq;
		used_c |= bc;
		ex->pairs[ex->n_pairs++] = p;
		mq += p.sim * (q->t[p.q].weight +
			       (p.q2 >= 0 ? q->t[p.q2].weight : 0));
		mc += p.sim * (c->t[p.c].weight +
			       (p.c2 >= 0 ? c->t[p.c2].weight : 0));
	}
	qsort(ex->pairs, ex->n_pairs, sizeof(ex->pairs[0]), cmp_by_q);
	double cq = wq > 0 ? mq / wq : 0, cc = wc > 0 ? mc / wc : 0;
	double light = wq <= wc ? cq : cc, heavy = wq <= wc ? cc : cq;
	ex->matched_weight = mq + mc;
	ex->total_weight = wq + wc;
	/* A name of one word covered by a longer one is weak evidence: the
	 * lighter side counts more only when it has two words or more. */
	size_t light_words = content_tokens(wq <= wc ? q : c);
	double lw = light_words >= 2 ? COVER_LIGHT : 0.5;
	ex->name_score = lw * light + (1 - lw) * heavy;
	int person = q->schema == LICIT_SCHEMA_PERSON ||
		     c->schema == LICIT_SCHEMA_PERSON;
	if (person)
		ex->order_penalty = order_penalty(ex->pairs, ex->n_pairs);
	if (q->schema && c->schema && q->schema != c->schema)
		ex->schema_penalty = SCHEMA_PENALTY;
	/* numbers on both sides that found no partner contradict */
	for (size_t i = 0; i < q->n; i++)
		if (!(used_q & 1u << i) && has_digit(q->t[i].text, q->t[i].len))
			for (size_t j = 0; j < c->n; j++)
				if (!(used_c & 1u << j) &&
				    has_digit(c->t[j].text, c->t[j].len))
					ex->number_penalty = 0.3;
	double s = ex->name_score - ex->order_penalty - ex->schema_penalty -
		   ex->number_penalty;
	ex->score = s < 0 ? 0 : s > 1 ? 1 : s;
	return ex->score;
}
