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
#define W_PATRONYMIC 0.5

/* Token similarities. */
#define SIM_VARIANT 0.95
#define SIM_PHONETIC 0.9
#define SIM_COARSE 0.85
#define SIM_INITIAL 0.75
#define SIM_FUZZY_MIN 0.75
#define SIM_FUZZY_SHORT 0.82 /* tokens of 4-5 letters */
#define SIM_UNLEET 0.95
#define SIM_DOUBLED 0.92

/* Blend of the two sides' coverage: the lighter side counts this much. */
#define COVER_LIGHT MATCH_COVER_MAX
#define ORDER_PENALTY 0.06
#define SCHEMA_PENALTY 0.15
#define SINGLE_WORD_FUZZY 0.9
#define LEGAL_CONFLICT 0.1
#define SUBSTITUTION 1.0
#define ACRONYM_ORDER_PENALTY 0.3
#define JOIN_ONLY_BELOW 0.95

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

double match_flag_weight(uint32_t flags, double idf)
{
	if (flags & NAMEPART_LEGAL)
		return idf * W_LEGAL;
	if (flags & NAMEPART_HONORIFIC)
		return idf * W_HONORIFIC;
	if (flags & NAMEPART_STOP)
		return idf * W_STOP;
	if (flags & NAMEPART_INITIAL)
		return idf * W_INITIAL;
	return idf;
}

/* A patronymic ("Platonovich", "Viktorovna", "Oleksandrovych") is often
 * left out when a Slavic name is written: it counts half. */
static int is_patronymic(const char *s, size_t n)
{
	static const char *const ends[] = {"ovich", "evich", "ovych", "evych",
					   "ovna",  "evna",  "ivna",  "ovitch",
					   "ovic"};
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t k = strlen(ends[i]);
		if (n > k + 2 && !memcmp(s + n - k, ends[i], k))
			return 1;
	}
	return 0;
}

double match_token_weight(const mtoken *m, double idf)
{
	if (is_patronymic(m->text, m->len))
		idf *= W_PATRONYMIC;
	return match_flag_weight(m->flags, idf);
}

static double token_weight(const match_weights *w, const name_token *t)
{
	double idf = 1.0;
	if (w && w->idf) {
		idf = w->idf(w->ctx, t->text, t->len);
		if (idf <= 0)
			idf = w->max_idf > 0 ? w->max_idf : 1.0;
	}
	if (is_patronymic(t->text, t->len))
		idf *= W_PATRONYMIC;
	return match_flag_weight(t->flags, idf);
}

int match_prepare_norm(const char *norm, size_t len, int schema,
		       const match_weights *w, arena *a, mname *out)
{
	name_tokens toks;
	out->n = 0;
	out->schema = schema;
	out->cache = NULL;
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
		m->id = UINT32_MAX;
		m->weight = token_weight(w, t);
		sim_phonetic(t->text, t->len, m->phon, sizeof(m->phon));
		match_token_finish(m);
	}
	return 0;
}

int match_prepare(const char *name, size_t len, int schema,
		  const match_weights *w, arena *a, mname *out)
{
	buf b;
	buf_init(&b, 1 << 16);
	int rc = text_name_key(name, len, schema, &b);
	if (rc == 0)
		rc = match_prepare_norm(buf_str(&b), b.len, schema, w, a, out);
	buf_release(&b);
	return rc;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

void match_token_finish(mtoken *m)
{
	size_t cmp_len = m->len < SIM_MAX_TOKEN ? m->len : SIM_MAX_TOKEN;
	m->digits = (uint8_t)((has_digit(m->text, cmp_len) ? MT_DIGIT_COMPARED : 0) |
			      (all_digits(m->text, m->len) ? MT_DIGIT_ONLY : 0) |
			      (has_digit(m->text, m->len) ? MT_DIGIT_ANY : 0));
	m->coarse[0] = 0;
	if (strlen(m->phon) >= 3)
		sim_phonetic_coarse(m->phon, m->coarse, sizeof(m->coarse));
}

/* Digits written for letters in a word ("ig0r", "sech1n") read back. */
static size_t unleet(const char *s, size_t n, char *out)
{
	static const char map[] = "oizeasbtbg"; /* 0..9 */
	for (size_t i = 0; i < n; i++)
		out[i] = isdigit((unsigned char)s[i]) ? map[s[i] - '0'] : s[i];
	return n;
}

/*
 * Spelling similarity: Jaro-Winkler `jw` (already computed) and edit
 * distance, averaged, so a long shared prefix alone ("sancho" /
 * "sanchez") does not make two different names one. Callers only use
 * values of at least `floor`: the edit distance is bounded so that it
 * stops as soon as the result must fall below floor; the value is exact
 * when it is >= floor, and below floor otherwise.
 */
static double spelling(const char *a, size_t na, const char *b, size_t nb,
		       double jw, double floor)
{
	if (jw < 0.5)
		return 0.5 * jw; /* cannot reach any acceptance level */
	size_t longer = na > nb ? na : nb;
	/* (jw + ed) / 2 >= floor needs d <= longer * (1 - 2 floor + jw) */
	double room = (double)longer * (1.0 - 2.0 * floor + jw) + 1e-9;
	if (room < 0)
		return 0.5 * jw;
	int bound = room >= 3 ? 3 : (int)room;
	int d = sim_damerau_bounded(a, na, b, nb, bound);
	double ed = longer ? 1.0 - (double)d / (double)longer : 0.0;
	return 0.5 * jw + 0.5 * (ed > 0 ? ed : 0);
}

/*
 * The most spelling() can give two tokens, from the letters they have in
 * common (as multisets, m): Jaro-Winkler matches at most m letters (Jaro
 * <= (m/na + m/nb + 1) / 3, Winkler adds at most 0.4 of the rest), and an
 * edit script needs at least max(na, nb) - m edits (counted up to the 3 +
 * 1 that spelling() uses). Cheaper than either measure. Letters are
 * counted by their low six bits: bytes that share a count (digits and
 * "p".."y") can only make m larger, so the bound holds.
 */
static double spelling_max(const char *a, size_t na, const char *b, size_t nb)
{
	uint8_t count[64] = {0};
	na = na < SIM_MAX_TOKEN ? na : SIM_MAX_TOKEN; /* as the measures do */
	nb = nb < SIM_MAX_TOKEN ? nb : SIM_MAX_TOKEN;
	for (size_t i = 0; i < na; i++) {
		unsigned char c = (unsigned char)a[i];
		count[c & 63]++;
	}
	size_t m = 0;
	for (size_t j = 0; j < nb; j++) {
		unsigned char c = (unsigned char)b[j];
		uint8_t *k = &count[c & 63];
		if (*k) {
			(*k)--;
			m++;
		}
	}
	size_t hi = na > nb ? na : nb;
	if (!m || !hi)
		return 0.0;
	double jaro = ((double)m / (double)na + (double)m / (double)nb + 1.0) / 3.0;
	size_t edits = hi - m < 4 ? hi - m : 4;
	return 0.5 * (jaro + 0.4 * (1.0 - jaro)) +
	       0.5 * (1.0 - (double)edits / (double)hi);
}

/* 1 if the tokens are one once every letter written twice in a row is
 * written once ("uun" / "un", "mohammed" / "mohamed", "ssad" / "sad"). */
static int same_undoubled(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		if (a[i] != b[j])
			return 0;
		char c = a[i];
		while (i < na && a[i] == c)
			i++;
		while (j < nb && b[j] == c)
			j++;
	}
	return i == na && j == nb;
}

double match_tokens(const mtoken *a, const mtoken *b, mkind *kind)
{
	*kind = MK_EXACT;
	if (a->len == b->len && !memcmp(a->text, b->text, a->len))
		return 1.0;
	if ((a->digits | b->digits) & MT_DIGIT_ONLY)
		return 0.0; /* numbers must agree exactly */
	char ta[SIM_MAX_TOKEN], tb[SIM_MAX_TOKEN];
	const char *sa = a->text, *sb = b->text;
	size_t la = a->len < SIM_MAX_TOKEN ? a->len : SIM_MAX_TOKEN;
	size_t lb = b->len < SIM_MAX_TOKEN ? b->len : SIM_MAX_TOKEN;
	if (a->digits & MT_DIGIT_COMPARED)
		sa = ta, la = unleet(a->text, la, ta);
	if (b->digits & MT_DIGIT_COMPARED)
		sb = tb, lb = unleet(b->text, lb, tb);
	if (la == lb && !memcmp(sa, sb, la)) {
		*kind = MK_FUZZY;
		return SIM_UNLEET;
	}
	if (a->canon_len == b->canon_len &&
	    !memcmp(a->canon, b->canon, a->canon_len)) {
		*kind = MK_VARIANT;
		return SIM_VARIANT;
	}
	if (la >= 2 && lb >= 2 && same_undoubled(sa, la, sb, lb)) {
		*kind = MK_FUZZY; /* a doubled letter is a typing slip */
		return SIM_DOUBLED;
	}
	if ((a->flags & NAMEPART_INITIAL) || (b->flags & NAMEPART_INITIAL)) {
		*kind = MK_INITIAL;
		return a->text[0] == b->text[0] ? SIM_INITIAL : 0.0;
	}
	size_t lo = la < lb ? la : lb, hi = la < lb ? lb : la;
	if (3 * hi > 5 * lo + 6)
		return 0.0; /* lengths too far apart to be one word */
	int long_enough = la >= 3 && lb >= 3 && a->phon[0];
	int same_sound = long_enough && !strcmp(a->phon, b->phon);
	/* the same sound once voiced and voiceless consonants fall together
	 * ("butn" from Arabic, "putin") */
	int coarse_sound = !same_sound && long_enough && a->coarse[0] &&
			   !strcmp(a->coarse, b->coarse);
	if (same_sound || coarse_sound) {
		*kind = MK_PHONETIC;
		/* same sound, graded by spelling: "poutine" is nearer to
		 * "putin" than "petion" is */
		double jw = sim_jaro_winkler(sa, la, sb, lb);
		double p = 0.5 * ((same_sound ? SIM_PHONETIC : SIM_COARSE) + jw);
		double sp = spelling(sa, la, sb, lb, jw, p);
		return sp > p ? sp : p;
	}
	*kind = MK_FUZZY;
	/* in a short token one letter is a different name: "bin" is not
	 * "bing", "li" is not "lu" */
	if (lo <= 3)
		return 0.0;
	double need = lo <= 5 ? SIM_FUZZY_SHORT : SIM_FUZZY_MIN;
	if (spelling_max(sa, la, sb, lb) < need - 1e-9)
		return 0.0;
	double jw = sim_jaro_winkler(sa, la, sb, lb);
	double sp = spelling(sa, la, sb, lb, jw, need);
	return sp >= need ? sp : 0.0;
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

/* A name of unknown kind with a title ("President", "Dr") or a legal
 * form is taken to be a person or an organization. */
static int implied_schema(const mname *m)
{
	for (size_t i = 0; i < m->n; i++) {
		if (m->t[i].flags & NAMEPART_HONORIFIC)
			return LICIT_SCHEMA_PERSON;
		if (m->t[i].flags & NAMEPART_LEGAL)
			return LICIT_SCHEMA_ORGANIZATION;
	}
	return LICIT_SCHEMA_UNKNOWN;
}

/*
 * How well `whole` matches tokens v[0..k) written together
 * ("vladimirputin" / "vladimir putin", "abc" / "a b c", "fridrichbuchenberg"
 * / "friedrich buchenberg"); 0 when it does not.
 */
static double join_sim(const mtoken *whole, const mtoken *v, size_t k)
{
	char cat[SIM_MAX_TOKEN];
	size_t n = 0, total = 0;
	for (size_t i = 0; i < k; i++)
		total += v[i].len;
	if (whole->len != k && (total + 2 < whole->len || total > whole->len + 2))
		return 0.0; /* lengths too far apart to be one word */
	for (size_t i = 0; i < k; i++) {
		if (n + v[i].len > sizeof(cat))
			return 0.0;
		memcpy(cat + n, v[i].text, v[i].len);
		n += v[i].len;
	}
	if (n == whole->len && !memcmp(cat, whole->text, n))
		return 1.0;
	/* initials run together: "jc" for "jean claude" */
	if (whole->len == k) {
		size_t i = 0;
		while (i < k && v[i].text[0] == whole->text[i])
			i++;
		if (i == k)
			return SIM_INITIAL;
	}
	if (n < 8 || whole->len < 8)
		return 0.0; /* typos only in long joined words */
	if (spelling_max(whole->text, whole->len, cat, n) < 0.85 - 1e-9)
		return 0.0;
	double jw = sim_jaro_winkler(whole->text, whole->len, cat, n);
	double sp = spelling(whole->text, whole->len, cat, n, jw, 0.85);
	return sp >= 0.85 ? sp : 0.0;
}

/* join_sim's first test, inline: could v[0..k) written together be
 * `whole` at all (letters in all, or one initial each)? */
static inline int join_possible(const mtoken *whole, const mtoken *v, size_t k)
{
	if (whole->len == k)
		return 1;
	size_t total = 0;
	for (size_t i = 0; i < k; i++)
		total += v[i].len;
	return total + 2 >= whole->len && total <= whole->len + 2;
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

/* match_tokens through the query's pair cache when there is one. */
double match_tokens_cached(const mname *q, size_t i, const mtoken *ct,
			   mkind *k)
{
	mcache *mc = q->cache;
	if (!mc || ct->id == UINT32_MAX)
		return match_tokens(&q->t[i], ct, k);
	mcache_entry *e =
		&mc->e[(ct->id * 31u + (uint32_t)i) & (MATCH_CACHE_SIZE - 1)];
	if (e->gen == mc->gen && e->tok == ct->id && e->q == i) {
		*k = (mkind)e->kind;
		return e->sim;
	}
	double s = match_tokens(&q->t[i], ct, k);
	*e = (mcache_entry){mc->gen, ct->id, (uint8_t)i, (uint8_t)*k, (float)s};
	return s;
}

static size_t collect_pairs(const mname *q, const mname *c, cand_pair *out,
			    size_t cap)
{
	size_t n = 0;
	double best_q[MATCH_MAX_TOKENS] = {0}, best_c[MATCH_MAX_TOKENS] = {0};
	for (size_t i = 0; i < q->n; i++)
		for (size_t j = 0; j < c->n && n < cap; j++) {
			mkind k;
			double s = match_tokens_cached(q, i, &c->t[j], &k);
			if (s <= 0)
				continue;
			if (s > best_q[i])
				best_q[i] = s;
			if (s > best_c[j])
				best_c[j] = s;
			out[n++] = (cand_pair){
				{(int8_t)i, (int8_t)j, -1, -1, (uint8_t)k, s},
				s * (q->t[i].weight + c->t[j].weight)};
		}
	/* a word written as two to four, on either side */
	/* only words that found no close partner may be several joined */
	for (size_t i = 0; i < q->n; i++)
		for (size_t j = 0; j < c->n && best_q[i] < JOIN_ONLY_BELOW; j++)
			for (size_t k = 2; k <= 4 && j + k <= c->n && n < cap;
			     k++) {
				if (!join_possible(&q->t[i], &c->t[j], k))
					continue;
				double js = join_sim(&q->t[i], &c->t[j], k);
				if (js <= 0)
					continue;
				double w = q->t[i].weight;
				for (size_t x = 0; x < k; x++)
					w += c->t[j + x].weight;
				out[n++] = (cand_pair){
					{(int8_t)i, (int8_t)j, (int8_t)(j + k - 1),
					 -1, MK_JOINED, js},
					js * w};
			}
	for (size_t j = 0; j < c->n; j++)
		for (size_t i = 0; i < q->n && best_c[j] < JOIN_ONLY_BELOW; i++)
			for (size_t k = 2; k <= 4 && i + k <= q->n && n < cap;
			     k++) {
				if (!join_possible(&c->t[j], &q->t[i], k))
					continue;
				double js = join_sim(&c->t[j], &q->t[i], k);
				if (js <= 0)
					continue;
				double w = c->t[j].weight;
				for (size_t x = 0; x < k; x++)
					w += q->t[i + x].weight;
				out[n++] = (cand_pair){
					{(int8_t)i, (int8_t)j, -1,
					 (int8_t)(i + k - 1), MK_JOINED, js},
					js * w};
			}
	return n;
}

/* Tokens first..last (last < 0: just first) as a bit set / weight. */
static uint32_t span_bits(int first, int last)
{
	uint32_t b = 0;
	for (int i = first; i <= (last >= 0 ? last : first); i++)
		b |= 1u << i;
	return b;
}

static double span_weight(const mname *m, int first, int last)
{
	double w = 0;
	for (int i = first; i <= (last >= 0 ? last : first); i++)
		w += m->t[i].weight;
	return w;
}

static int unmatched_flag(const mname *m, uint32_t used, uint32_t flag)
{
	for (size_t i = 0; i < m->n; i++)
		if ((m->t[i].flags & flag) && !(used & 1u << i))
			return 1;
	return 0;
}

/* The share of a name's weight in ordinary words left without a partner. */
static double unmatched_share(const mname *m, uint32_t used, double total)
{
	double w = 0;
	for (size_t i = 0; i < m->n; i++)
		if (!(used & 1u << i) &&
		    !(m->t[i].flags & (NAMEPART_LEGAL | NAMEPART_HONORIFIC |
				       NAMEPART_STOP)))
			w += m->t[i].weight;
	return total > 0 ? w / total : 0;
}

static int legal_conflict(const mname *q, const mname *c, uint32_t uq,
			  uint32_t uc)
{
	return unmatched_flag(q, uq, NAMEPART_LEGAL) &&
	       unmatched_flag(c, uc, NAMEPART_LEGAL);
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

/* Letters of an acronym out of order ("C.B.A." / "A.B.C."): another
 * name, whatever the schema. */
static double initials_order_penalty(const mname *q, const mpair *p,
				     size_t n)
{
	size_t inv = 0, total = 0;
	for (size_t a = 0; a < n; a++) {
		if (q->t[p[a].q].len != 1)
			continue;
		for (size_t b = a + 1; b < n; b++) {
			if (q->t[p[b].q].len != 1)
				continue;
			total++;
			if ((p[a].q < p[b].q) != (p[a].c < p[b].c))
				inv++;
		}
	}
	return total ? ACRONYM_ORDER_PENALTY * (double)inv / (double)total
		     : 0.0;
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
		uint32_t bq = span_bits(p.q, p.q2), bc = span_bits(p.c, p.c2);
		if ((used_q & bq) || (used_c & bc))
			continue;
		used_q |= bq;
		used_c |= bc;
		ex->pairs[ex->n_pairs++] = p;
		mq += p.sim * span_weight(q, p.q, p.q2);
		mc += p.sim * span_weight(c, p.c, p.c2);
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
	int qs = q->schema ? q->schema : implied_schema(q);
	int cs = c->schema ? c->schema : implied_schema(c);
	int person = qs == LICIT_SCHEMA_PERSON || cs == LICIT_SCHEMA_PERSON;
	if (person)
		ex->order_penalty = order_penalty(ex->pairs, ex->n_pairs);
	else
		ex->order_penalty = initials_order_penalty(q, ex->pairs,
							   ex->n_pairs);
	if (qs && cs && qs != cs)
		ex->schema_penalty = SCHEMA_PENALTY;
	/* a word on each side without a partner is a substitution ("ben
	 * Mohamed" / "ben Ali"): likelier another party than a name left
	 * out, which costs only coverage */
	double uq = unmatched_share(q, used_q, wq), uc = unmatched_share(c, used_c, wc);
	ex->schema_penalty += SUBSTITUTION * (uq < uc ? uq : uc);
	/* two different legal forms: two different companies */
	if (legal_conflict(q, c, used_q, used_c))
		ex->schema_penalty += LEGAL_CONFLICT;
	/* numbers on both sides that found no partner contradict */
	for (size_t i = 0; i < q->n; i++)
		if (!(used_q & 1u << i) && (q->t[i].digits & MT_DIGIT_ANY))
			for (size_t j = 0; j < c->n; j++)
				if (!(used_c & 1u << j) &&
				    (c->t[j].digits & MT_DIGIT_ANY))
					ex->number_penalty = 0.3;
	/* one word against one word, not spelled the same: weak evidence */
	if (ex->n_pairs == 1 && content_tokens(q) <= 1 &&
	    content_tokens(c) <= 1 && ex->pairs[0].kind != MK_EXACT &&
	    ex->pairs[0].kind != MK_VARIANT)
		ex->name_score *= SINGLE_WORD_FUZZY;
	double s = ex->name_score - ex->order_penalty - ex->schema_penalty -
		   ex->number_penalty;
	ex->score = s < 0 ? 0 : s > 1 ? 1 : s;
	return ex->score;
}
