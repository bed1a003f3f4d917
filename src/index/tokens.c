/*
 * tokens.c - building the token dictionary and candidate keys.
 *
 * Every name is parsed with name_parse() (the same code queries use); each
 * distinct token gets its document frequency and postings, and is reachable
 * from its phonetic key ("#...") and, for given names with variants, from
 * its canonical form ("=..."), so a query token finds the listed tokens
 * that sound alike or are the same name spelled another way.
 */
#include "index/tokens.h"

#include <stdlib.h>
#include <string.h>

#include "match/sim.h"
#include "text/nameparts.h"
#include "util/alloc.h"
#include "util/hashmap.h"
#include "banned.h"

typedef struct tok {
	const char *text, *canon;
	uint32_t flags, df;
	char phon[16];
} tok;

typedef struct occ {
	uint32_t token, name;
} occ;

typedef struct kv {
	const char *key;
	uint32_t token;
} kv;

typedef struct state {
	arena *tmp;
	hashmap ids; /* text -> index in toks */
	tok *toks;
	size_t n_toks, cap_toks;
	occ *occs;
	size_t n_occs, cap_occs;
	uint32_t *seq; /* every name's token ids in order */
	size_t n_seq, cap_seq;
	uint32_t *seq_first; /* by name */
	uint8_t *seq_count;
	size_t n_names;
	int failed;
} state;

static uint32_t token_id(state *st, const name_token *t)
{
	uint32_t id;
	if (hashmap_get(&st->ids, t->text, t->len, &id))
		return id;
	st->toks = arena_grow(st->tmp, st->toks, st->n_toks, &st->cap_toks,
			      st->n_toks + 1, sizeof(*st->toks));
	if (!st->toks) {
		st->failed = 1;
		return 0;
	}
	id = (uint32_t)st->n_toks++;
	tok *x = &st->toks[id];
	x->text = arena_strndup(st->tmp, t->text, t->len);
	x->canon = t->canon ? arena_strndup(st->tmp, t->canon, t->canon_len)
			    : x->text;
	x->flags = t->flags;
	x->df = 0;
	sim_phonetic(t->text, t->len, x->phon, sizeof(x->phon));
	if (!x->text || !x->canon ||
	    hashmap_put(&st->ids, x->text, t->len, id) < 0)
		st->failed = 1;
	return id;
}

static void add_name(state *st, const char *norm, uint32_t name)
{
	name_tokens nt;
	if (name_parse(norm, strlen(norm), st->tmp, &nt) < 0) {
		st->failed = 1;
		return;
	}
	st->seq_first[name] = (uint32_t)st->n_seq;
	st->seq_count[name] = 0;
	for (size_t i = 0; i < nt.n; i++) {
		uint32_t id = token_id(st, &nt.v[i]);
		if (st->failed)
			return;
		if (st->seq_count[name] < 255) {
			st->seq = arena_grow(st->tmp, st->seq, st->n_seq,
					     &st->cap_seq, st->n_seq + 1,
					     sizeof(*st->seq));
			if (!st->seq) {
				st->failed = 1;
				return;
			}
			st->seq[st->n_seq++] = id;
			st->seq_count[name]++;
		}
		/* a token repeated in one name counts once */
		int seen = 0;
		for (size_t k = st->n_occs; k-- > 0 && st->occs[k].name == name;)
			if (st->occs[k].token == id)
				seen = 1;
		if (seen)
			continue;
		st->occs = arena_grow(st->tmp, st->occs, st->n_occs,
				      &st->cap_occs, st->n_occs + 1,
				      sizeof(*st->occs));
		if (!st->occs) {
			st->failed = 1;
			return;
		}
		st->occs[st->n_occs++] = (occ){id, name};
		st->toks[id].df++;
	}
}

typedef struct tok_ref {
	const char *text;
	uint32_t index;
} tok_ref;

static int cmp_tok_ref(const void *a, const void *b)
{
	return strcmp(((const tok_ref *)a)->text, ((const tok_ref *)b)->text);
}

static int cmp_occ(const void *a, const void *b)
{
	const occ *x = a, *y = b;
	if (x->token != y->token)
		return x->token < y->token ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

static int cmp_kv(const void *a, const void *b)
{
	const kv *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->token < y->token ? -1 : x->token > y->token;
}

/* Emit KEYS/KEYTOKS from (key, new token id) pairs. */
static void emit_keys(kv *keys, size_t nk,
		      uint32_t (*intern)(void *, const char *), void *ictx,
		      buf *sec)
{
	qsort(keys, nk, sizeof(*keys), cmp_kv);
	for (size_t i = 0; i < nk;) {
		size_t j = i;
		snap_tkey k = {intern(ictx, keys[i].key),
			       (uint32_t)(sec[SNAP_KEYTOKS].len / 4), 0};
		for (; j < nk && !strcmp(keys[j].key, keys[i].key); j++) {
			if (j > i && keys[j].token == keys[j - 1].token)
				continue;
			buf_add(&sec[SNAP_KEYTOKS], &keys[j].token, 4);
			k.count++;
		}
		buf_add(&sec[SNAP_KEYS], &k, sizeof(k));
		i = j;
	}
}

static licit_status emit(state *st, uint32_t (*intern)(void *, const char *),
			 void *ictx, buf *sec, errinfo *e)
{
	size_t n = st->n_toks;
	tok_ref *order = licit__malloc((n + 1) * sizeof(*order));
	uint32_t *rank = licit__malloc((n + 1) * sizeof(*rank));
	kv *keys = licit__malloc((5 * n + 1) * sizeof(*keys));
	if (!order || !rank || !keys) {
		licit__free(order);
		licit__free(rank);
		licit__free(keys);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		order[i] = (tok_ref){st->toks[i].text, (uint32_t)i};
	qsort(order, n, sizeof(*order), cmp_tok_ref);
	for (size_t i = 0; i < n; i++)
		rank[order[i].index] = (uint32_t)i;
	for (size_t i = 0; i < st->n_occs; i++)
		st->occs[i].token = rank[st->occs[i].token];
	for (size_t i = 0; i < st->n_seq; i++) {
		uint32_t r = rank[st->seq[i]];
		buf_add(&sec[SNAP_NAMETOKS], &r, 4);
	}
	snap_name *names = (snap_name *)sec[SNAP_NAMES].data;
	size_t n_names = sec[SNAP_NAMES].len / sizeof(*names);
	for (size_t i = 0; i < n_names && i < st->n_names; i++) {
		names[i].tok_first = st->seq_first[i];
		names[i].tok_count = st->seq_count[i];
	}
	qsort(st->occs, st->n_occs, sizeof(*st->occs), cmp_occ);
	size_t nk = 0, o = 0;
	for (size_t i = 0; i < n; i++) {
		const tok *t = &st->toks[order[i].index];
		snap_token x = {intern(ictx, t->text), intern(ictx, t->canon),
				intern(ictx, t->phon), t->flags, t->df,
				(uint32_t)o, 0};
		for (; o < st->n_occs && st->occs[o].token == i; o++) {
			buf_add(&sec[SNAP_POSTINGS], &st->occs[o].name, 4);
			x.post_count++;
		}
		buf_add(&sec[SNAP_TOKENS], &x, sizeof(x));
		if (t->phon[0]) {
			char coarse[16];
			keys[nk++] = (kv){arena_printf(st->tmp, "#%s", t->phon),
					  (uint32_t)i};
			sim_phonetic_coarse(t->phon, coarse, sizeof(coarse));
			if (strcmp(coarse, t->phon))
				keys[nk++] = (kv){
					arena_printf(st->tmp, "%%%s", coarse),
					(uint32_t)i};
		}
		size_t tl = strlen(t->text);
		if (tl >= 5 && !(t->flags & NAMEPART_NUMBER))
			keys[nk++] = (kv){arena_printf(st->tmp, ">%.2s%s", t->text,
						       t->text + tl - 2),
					  (uint32_t)i};
		if (strlen(t->text) >= TOKEN_PREFIX + 1 && !(t->flags & NAMEPART_NUMBER))
			keys[nk++] = (kv){arena_printf(st->tmp, "<%.*s",
						       TOKEN_PREFIX, t->text),
					  (uint32_t)i};
		if (t->canon != t->text && strcmp(t->canon, t->text))
			keys[nk++] = (kv){arena_printf(st->tmp, "=%s", t->canon),
					  (uint32_t)i};
		if (nk && !keys[nk - 1].key)
			st->failed = 1;
	}
	if (!st->failed)
		emit_keys(keys, nk, intern, ictx, sec);
	licit__free(order);
	licit__free(rank);
	licit__free(keys);
	return st->failed ? err_set(e, LICIT_ENOMEM, "out of memory")
			  : LICIT_OK;
}

licit_status tokens_build(arena *tmp, const char *const *norms, size_t n,
			  uint32_t (*intern)(void *ictx, const char *s),
			  void *ictx, buf *sec, errinfo *e)
{
	state st;
	memset(&st, 0, sizeof(st));
	st.tmp = tmp;
	st.n_names = n;
	st.seq_first = arena_calloc(tmp, (n + 1) * sizeof(*st.seq_first));
	st.seq_count = arena_calloc(tmp, n + 1);
	if (!st.seq_first || !st.seq_count)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	hashmap_init(&st.ids);
	for (size_t i = 0; i < n && !st.failed; i++)
		add_name(&st, norms[i], (uint32_t)i);
	licit_status rc = st.failed ? err_set(e, LICIT_ENOMEM, "out of memory")
				    : emit(&st, intern, ictx, sec, e);
	hashmap_release(&st.ids);
	return rc;
}
