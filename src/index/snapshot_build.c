/*
 * snapshot_build.c - writing a snapshot's bytes from parsed entities.
 *
 * Strings are interned into one pool (countries, programs and list names
 * repeat thousands of times). Every name is normalized here with the same
 * text_normalize() that queries use. The result is deterministic: the same
 * entities and sources give the same bytes, except the creation time in the
 * header, which is not part of the id.
 */
#include "index/snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "index/tokens.h"
#include "model/facts.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/hashmap.h"
#include "util/sha256.h"
#include "banned.h"

typedef struct builder {
	const char **norms; /* normalized key of each name, by name index */
	size_t n_norms, cap_norms;
	buf pool;
	hashmap interned; /* string -> offset; keys borrowed from callers */
	arena tmp;        /* normalized keys live here */
	buf sec[SNAP_N_SECTIONS + 1];
	int failed;
} builder;

static uint32_t intern(builder *b, const char *s)
{
	if (!s || !*s)
		return 0;
	size_t n = strlen(s);
	uint32_t off;
	if (hashmap_get(&b->interned, s, n, &off))
		return off;
	if (b->pool.len + n + 1 > UINT32_MAX) {
		b->failed = 1;
		return 0;
	}
	off = (uint32_t)b->pool.len;
	buf_add(&b->pool, s, n + 1);
	if (hashmap_put(&b->interned, s, n, off) < 0)
		b->failed = 1;
	return off;
}

static uint32_t intern_cb(void *ctx, const char *s)
{
	return intern(ctx, s);
}

static uint32_t count_of(builder *b, int sec, size_t size)
{
	return (uint32_t)(b->sec[sec].len / size);
}

#define PUSH(b, s, value) buf_add(&(b)->sec[s], &(value), sizeof(value))

static uint32_t pack_date(pdate d)
{
	return (uint32_t)(uint16_t)d.year << 16 | (uint32_t)d.month << 8 |
	       d.day;
}

static void country4(char out[4], const char *cc)
{
	memset(out, 0, 4);
	memcpy(out, cc, strnlen(cc, 2));
}

typedef struct sort_key {
	const char *str;
	uint32_t index;
} sort_key;

static int cmp_key(const void *a, const void *b)
{
	const sort_key *x = a, *y = b;
	int c = strcmp(x->str, y->str);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void add_names(builder *b, const entity *e, uint32_t ei,
		      snap_entity *se, sort_key **keys, size_t *nkeys,
		      size_t *capkeys)
{
	se->names.first = count_of(b, SNAP_NAMES, sizeof(snap_name));
	se->names.count = e->n_names;
	for (uint32_t i = 0; i < e->n_names; i++) {
		const ent_name *n = &e->names[i];
		buf norm;
		buf_init(&norm, 1 << 16);
		if (text_name_key(n->full, strlen(n->full), e->schema, &norm) <
		    0)
			b->failed = 1;
		const char *key = arena_strdup(&b->tmp, buf_str(&norm));
		buf_release(&norm);
		b->norms = arena_grow(&b->tmp, b->norms, b->n_norms,
				      &b->cap_norms, b->n_norms + 1,
				      sizeof(*b->norms));
		if (!b->norms) {
			b->failed = 1;
			return;
		}
		b->norms[b->n_norms++] = key ? key : "";
		snap_name sn = {
			.full = intern(b, n->full),
			.original = intern(b, n->original),
			.lang = intern(b, n->lang),
			.norm = intern(b, key),
			.entity = ei,
			.kind = n->kind,
			.former = n->former,
		};
		uint32_t idx = count_of(b, SNAP_NAMES, sizeof(snap_name));
		PUSH(b, SNAP_NAMES, sn);
		if (!key || !*key)
			continue;
		*keys = arena_grow(&b->tmp, *keys, *nkeys, capkeys, *nkeys + 1,
				   sizeof(**keys));
		if (!*keys) {
			b->failed = 1;
			return;
		}
		(*keys)[(*nkeys)++] = (sort_key){key, idx};
	}
}

static void add_facts(builder *b, const entity *e, snap_entity *se)
{
	se->idents.first = count_of(b, SNAP_IDENTS, sizeof(snap_ident));
	se->idents.count = e->n_idents;
	for (uint32_t i = 0; i < e->n_idents; i++) {
		snap_ident x = {intern(b, e->idents[i].type),
				intern(b, e->idents[i].value),
				intern(b, e->idents[i].note),
				{0}};
		country4(x.country, e->idents[i].country);
		PUSH(b, SNAP_IDENTS, x);
	}
	se->addrs.first = count_of(b, SNAP_ADDRS, sizeof(snap_addr));
	se->addrs.count = e->n_addrs;
	for (uint32_t i = 0; i < e->n_addrs; i++) {
		const ent_addr *a = &e->addrs[i];
		snap_addr x = {intern(b, a->full), intern(b, a->city),
			       intern(b, a->region), intern(b, a->postal),
			       {0}};
		country4(x.country, a->country);
		PUSH(b, SNAP_ADDRS, x);
	}
	se->countries.first = count_of(b, SNAP_COUNTRIES, sizeof(snap_country));
	se->countries.count = e->n_countries;
	for (uint32_t i = 0; i < e->n_countries; i++) {
		snap_country x = {intern(b, e->countries[i].raw), {0},
				  e->countries[i].role};
		memcpy(x.code, e->countries[i].code, 3);
		PUSH(b, SNAP_COUNTRIES, x);
	}
	se->dates.first = count_of(b, SNAP_DATES, sizeof(snap_date));
	se->dates.count = e->n_dates;
	for (uint32_t i = 0; i < e->n_dates; i++) {
		snap_date x = {pack_date(e->dates[i].date),
			       pack_date(e->dates[i].until),
			       e->dates[i].role,
			       {0}};
		PUSH(b, SNAP_DATES, x);
	}
	se->attrs.first = count_of(b, SNAP_ATTRS, sizeof(snap_attr));
	se->attrs.count = e->n_attrs;
	for (uint32_t i = 0; i < e->n_attrs; i++) {
		snap_attr x = {intern(b, e->attrs[i].key),
			       intern(b, e->attrs[i].value)};
		PUSH(b, SNAP_ATTRS, x);
	}
}

static void add_strrefs(builder *b, const char *const *v, uint32_t n,
			snap_range *r)
{
	r->first = count_of(b, SNAP_STRREFS, sizeof(uint32_t));
	r->count = n;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off = intern(b, v[i]);
		PUSH(b, SNAP_STRREFS, off);
	}
}

static int source_of(const source_result *res, size_t n, size_t ei)
{
	for (size_t i = 0; i < n; i++)
		if (ei >= res[i].first_entity &&
		    ei < res[i].first_entity + res[i].n_entities)
			return (int)i;
	return -1;
}

static void add_sources(builder *b, const source_result *res, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const source_result *r = &res[i];
		snap_source s = {
			.id = intern(b, r->source_id),
			.format = intern(b, r->format->name),
			.path = intern(b, r->path),
			.sha256 = intern(b, r->sha256),
			.published = intern(b, r->published),
			.skip_first = count_of(b, SNAP_SKIPS, sizeof(snap_skip)),
			.skip_count = (uint32_t)r->n_skips,
			.entity_first = (uint32_t)r->first_entity,
			.entity_count = (uint32_t)r->n_entities,
			.published_from_path = (uint32_t)r->published_from_path,
			.records = r->stats.records,
			.entities = r->stats.entities,
			.names = r->stats.names,
			.skipped = r->stats.skipped,
		};
		PUSH(b, SNAP_SOURCES, s);
		for (size_t k = 0; k < r->n_skips; k++) {
			snap_skip sk = {intern(b, r->skips[k].file),
					intern(b, r->skips[k].reason),
					r->skips[k].line};
			PUSH(b, SNAP_SKIPS, sk);
		}
	}
}

static licit_status add_entities(builder *b, const entity_set *set,
				 const source_result *res, size_t nres,
				 errinfo *e)
{
	sort_key *names = NULL, *ids = NULL;
	size_t nnames = 0, capnames = 0, capids = 0;
	ids = arena_grow(&b->tmp, NULL, 0, &capids, set->n ? set->n : 1,
			 sizeof(*ids));
	if (!ids)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	for (size_t i = 0; i < set->n; i++) {
		const entity *x = set->items[i];
		int src = source_of(res, nres, i);
		snap_entity se = {
			.id = intern(b, x->id),
			.source = intern(b, x->source_id),
			.remarks = intern(b, x->remarks),
			.origin_file = intern(b, x->origin_file),
			.origin_line = x->origin_line,
			.content_hash = entity_content_hash(x),
			.listed = pack_date(x->listed),
			.schema = x->schema,
			.gender = x->gender,
			.source_idx = (uint16_t)(src < 0 ? 0xFFFF : src),
		};
		add_names(b, x, (uint32_t)i, &se, &names, &nnames, &capnames);
		add_facts(b, x, &se);
		add_strrefs(b, x->programs, x->n_programs, &se.programs);
		add_strrefs(b, x->lists, x->n_lists, &se.lists);
		PUSH(b, SNAP_ENTITIES, se);
		ids[i] = (sort_key){x->id ? x->id : "", (uint32_t)i};
	}
	if (set->n)
		qsort(ids, set->n, sizeof(*ids), cmp_key);
	for (size_t i = 0; i < set->n; i++) {
		if (i && !strcmp(ids[i].str, ids[i - 1].str))
			return err_set(e, LICIT_EPARSE,
				       "duplicate entity id '%s' (the same "
				       "source imported twice?)",
				       ids[i].str);
		snap_key k = {intern(b, ids[i].str), ids[i].index};
		PUSH(b, SNAP_IDS, k);
	}
	if (nnames)
		qsort(names, nnames, sizeof(*names), cmp_key);
	for (size_t i = 0; i < nnames; i++) {
		snap_key k = {intern(b, names[i].str), names[i].index};
		PUSH(b, SNAP_NAMEKEYS, k);
	}
	return LICIT_OK;
}

static void pad8(buf *out)
{
	static const char zeros[8];
	if (out->len % 8)
		buf_add(out, zeros, 8 - out->len % 8);
}

static licit_status assemble(builder *b, int64_t created, buf *out,
			     char id[65], errinfo *e)
{
	size_t start = out->len;
	snap_header h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SNAP_MAGIC, 8);
	h.version = SNAP_VERSION;
	h.header_size = SNAP_HEADER_SIZE;
	h.created = created;
	h.n_sections = SNAP_N_SECTIONS;
	char zero[SNAP_HEADER_SIZE] = {0};
	buf_add(out, zero, SNAP_HEADER_SIZE);
	for (int s = 1; s <= SNAP_N_SECTIONS; s++) {
		buf *src = s == SNAP_STRINGS ? &b->pool : &b->sec[s];
		pad8(out);
		h.sections[s - 1].id = (uint32_t)s;
		h.sections[s - 1].offset = out->len - start;
		h.sections[s - 1].size = src->len;
		buf_add(out, buf_str(src), src->len);
	}
	if (!buf_ok(out))
		return err_set(e, LICIT_ENOMEM, "snapshot too large for memory");
	h.file_size = out->len - start;
	if (sha256(out->data + start + SNAP_HEADER_SIZE,
		   out->len - start - SNAP_HEADER_SIZE, h.sha256) < 0)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	memcpy(out->data + start, &h, sizeof(h));
	sha256_hex(h.sha256, id);
	return LICIT_OK;
}

licit_status snapshot_build(const entity_set *set, const source_result *res,
			    size_t n, int64_t created, buf *out, char id[65],
			    errinfo *e)
{
	_Static_assert(sizeof(snap_header) <= SNAP_HEADER_SIZE,
		       "header fits");
	builder b;
	memset(&b, 0, sizeof(b));
	buf_init(&b.pool, (size_t)UINT32_MAX);
	hashmap_init(&b.interned);
	arena_init(&b.tmp);
	for (int s = 0; s <= SNAP_N_SECTIONS; s++)
		buf_init(&b.sec[s], 0);
	buf_addch(&b.pool, '\0'); /* offset 0 is "" */
	add_sources(&b, res, n);
	licit_status st = add_entities(&b, set, res, n, e);
	if (st == LICIT_OK && !b.failed)
		st = tokens_build(&b.tmp, b.norms, b.n_norms, intern_cb, &b,
				  b.sec, e);
	if (st == LICIT_OK && (b.failed || b.tmp.failed || !buf_ok(&b.pool)))
		st = err_set(e, LICIT_ENOMEM,
			     "out of memory building the snapshot");
	for (int s = 1; st == LICIT_OK && s <= SNAP_N_SECTIONS; s++)
		if (!buf_ok(&b.sec[s]))
			st = err_set(e, LICIT_ENOMEM,
				     "out of memory building the snapshot");
	if (st == LICIT_OK)
		st = assemble(&b, created, out, id, e);
	buf_release(&b.pool);
	hashmap_release(&b.interned);
	arena_release(&b.tmp);
	for (int s = 0; s <= SNAP_N_SECTIONS; s++)
		buf_release(&b.sec[s]);
	return st;
}
