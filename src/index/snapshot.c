/*
 * snapshot.c - opening, checking and reading snapshot files.
 *
 * Opening costs one mmap and one linear pass over the fixed-size records to
 * check every string offset and index is in bounds; nothing is copied. A
 * file that fails a check is refused with LICIT_ECORRUPT and the section
 * named, so a damaged or truncated snapshot can never be read out of bounds.
 */
#include "index/snapshot.h"

#include <string.h>

#include "util/fileio.h"
#include "util/sha256.h"
#include "banned.h"


static licit_status map_sections(snapshot *s, const char *what, errinfo *e)
{
	const snap_header *h = s->hdr;
	const void *sec[SNAP_N_SECTIONS + 1] = {0};
	size_t size[SNAP_N_SECTIONS + 1] = {0};
	if (h->n_sections != SNAP_N_SECTIONS)
		return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: %u sections, expected %d", what,
			       h->n_sections, SNAP_N_SECTIONS);
	for (uint32_t i = 0; i < h->n_sections; i++) {
		const snap_section *x = &h->sections[i];
		if (x->id != i + 1 || x->offset < SNAP_HEADER_SIZE ||
		    x->offset % 8 || x->offset > s->size ||
		    x->size > s->size - x->offset)
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: section %u out of bounds",
				       what, i + 1);
		sec[x->id] = s->base + x->offset;
		size[x->id] = (size_t)x->size;
	}
#define VIEW(field, count, id, type)                                           \
	do {                                                                   \
		if (size[id] % sizeof(type))                                   \
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: section %d size", what,   \
				       id);                                    \
		s->field = sec[id];                                            \
		s->count = size[id] / sizeof(type);                            \
	} while (0)
	VIEW(sources, n_sources, SNAP_SOURCES, snap_source);
	VIEW(skips, n_skips, SNAP_SKIPS, snap_skip);
	VIEW(entities, n_entities, SNAP_ENTITIES, snap_entity);
	VIEW(names, n_names, SNAP_NAMES, snap_name);
	VIEW(idents, n_idents, SNAP_IDENTS, snap_ident);
	VIEW(addrs, n_addrs, SNAP_ADDRS, snap_addr);
	VIEW(countries, n_countries, SNAP_COUNTRIES, snap_country);
	VIEW(dates, n_dates, SNAP_DATES, snap_date);
	VIEW(strrefs, n_strrefs, SNAP_STRREFS, uint32_t);
	VIEW(attrs, n_attrs, SNAP_ATTRS, snap_attr);
	VIEW(namekeys, n_namekeys, SNAP_NAMEKEYS, snap_key);
	VIEW(ids, n_ids, SNAP_IDS, snap_key);
	VIEW(tokens, n_tokens, SNAP_TOKENS, snap_token);
	VIEW(postings, n_postings, SNAP_POSTINGS, uint32_t);
	VIEW(tkeys, n_tkeys, SNAP_KEYS, snap_tkey);
	VIEW(keytoks, n_keytoks, SNAP_KEYTOKS, uint32_t);
	VIEW(nametoks, n_nametoks, SNAP_NAMETOKS, uint32_t);
#undef VIEW
	s->strings = sec[SNAP_STRINGS];
	s->strings_size = size[SNAP_STRINGS];
	if (!s->strings_size || s->strings[s->strings_size - 1] != '\0')
		return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: string pool not terminated", what);
	return LICIT_OK;
}

static int range_ok(snap_range r, size_t n)
{
	return r.first <= n && r.count <= n - r.first;
}

/* Every string offset and index in bounds. */
static licit_status check_refs(const snapshot *s, const char *what, errinfo *e)
{
	size_t ns = s->strings_size;
#define STR_OK(off) ((off) < ns)
	for (size_t i = 0; i < s->n_sources; i++) {
		const snap_source *x = &s->sources[i];
		if (!STR_OK(x->id) || !STR_OK(x->format) || !STR_OK(x->path) ||
		    !STR_OK(x->sha256) || !STR_OK(x->published) ||
		    !range_ok((snap_range){x->skip_first, x->skip_count},
			      s->n_skips) ||
		    !range_ok((snap_range){x->entity_first, x->entity_count},
			      s->n_entities))
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: source %zu", what, i);
	}
	for (size_t i = 0; i < s->n_skips; i++)
		if (!STR_OK(s->skips[i].file) || !STR_OK(s->skips[i].reason))
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: skip %zu", what, i);
	for (size_t i = 0; i < s->n_entities; i++) {
		const snap_entity *x = &s->entities[i];
		if (!STR_OK(x->id) || !STR_OK(x->source) ||
		    !STR_OK(x->remarks) || !STR_OK(x->origin_file) ||
		    (x->source_idx != 0xFFFF && x->source_idx >= s->n_sources) ||
		    !range_ok(x->names, s->n_names) ||
		    !range_ok(x->idents, s->n_idents) ||
		    !range_ok(x->addrs, s->n_addrs) ||
		    !range_ok(x->countries, s->n_countries) ||
		    !range_ok(x->dates, s->n_dates) ||
		    !range_ok(x->programs, s->n_strrefs) ||
		    !range_ok(x->lists, s->n_strrefs) ||
		    !range_ok(x->attrs, s->n_attrs))
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: entity %zu", what, i);
	}
	for (size_t i = 0; i < s->n_names; i++) {
		const snap_name *x = &s->names[i];
		if (!STR_OK(x->full) || !STR_OK(x->original) ||
		    !STR_OK(x->lang) || !STR_OK(x->norm) ||
		    x->entity >= s->n_entities ||
		    !range_ok((snap_range){x->tok_first, x->tok_count},
			      s->n_nametoks))
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: name %zu", what, i);
	}
	for (size_t i = 0; i < s->n_idents; i++)
		if (!STR_OK(s->idents[i].type) || !STR_OK(s->idents[i].value) ||
		    !STR_OK(s->idents[i].note) || s->idents[i].country[3])
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: identifier %zu", what, i);
	for (size_t i = 0; i < s->n_addrs; i++) {
		const snap_addr *x = &s->addrs[i];
		if (!STR_OK(x->full) || !STR_OK(x->city) ||
		    !STR_OK(x->region) || !STR_OK(x->postal) || x->country[3])
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: address %zu", what, i);
	}
	for (size_t i = 0; i < s->n_countries; i++)
		if (!STR_OK(s->countries[i].raw) || s->countries[i].code[2])
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: country %zu", what, i);
	for (size_t i = 0; i < s->n_strrefs; i++)
		if (!STR_OK(s->strrefs[i]))
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: string ref %zu", what, i);
	for (size_t i = 0; i < s->n_attrs; i++)
		if (!STR_OK(s->attrs[i].key) || !STR_OK(s->attrs[i].value))
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: attribute %zu", what, i);
	for (size_t i = 0; i < s->n_namekeys; i++)
		if (!STR_OK(s->namekeys[i].str) ||
		    s->namekeys[i].index >= s->n_names)
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: name key %zu", what, i);
	for (size_t i = 0; i < s->n_ids; i++)
		if (!STR_OK(s->ids[i].str) || s->ids[i].index >= s->n_entities)
			return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: id key %zu", what, i);
	for (size_t i = 0; i < s->n_tokens; i++) {
		const snap_token *t = &s->tokens[i];
		if (!STR_OK(t->str) || !STR_OK(t->canon) || !STR_OK(t->phon) ||
		    !range_ok((snap_range){t->post_first, t->post_count},
			      s->n_postings))
			return err_set(e, LICIT_ECORRUPT,
				       "%s: corrupt snapshot: token %zu", what,
				       i);
	}
	for (size_t i = 0; i < s->n_postings; i++)
		if (s->postings[i] >= s->n_names)
			return err_set(e, LICIT_ECORRUPT,
				       "%s: corrupt snapshot: posting %zu", what,
				       i);
	for (size_t i = 0; i < s->n_tkeys; i++)
		if (!STR_OK(s->tkeys[i].str) ||
		    !range_ok((snap_range){s->tkeys[i].first,
					   s->tkeys[i].count},
			      s->n_keytoks))
			return err_set(e, LICIT_ECORRUPT,
				       "%s: corrupt snapshot: key %zu", what, i);
	for (size_t i = 0; i < s->n_nametoks; i++)
		if (s->nametoks[i] >= s->n_tokens)
			return err_set(e, LICIT_ECORRUPT,
				       "%s: corrupt snapshot: name token %zu",
				       what, i);
	for (size_t i = 0; i < s->n_keytoks; i++)
		if (s->keytoks[i] >= s->n_tokens)
			return err_set(e, LICIT_ECORRUPT,
				       "%s: corrupt snapshot: key token %zu",
				       what, i);
#undef STR_OK
	return LICIT_OK;
}

licit_status snapshot_open_mem(snapshot *s, const void *data, size_t len,
			       const char *what, errinfo *e)
{
	memset(s, 0, sizeof(*s));
	s->base = data;
	s->size = len;
	if (len < SNAP_HEADER_SIZE)
		return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: %zu bytes, shorter than a header",
			       what, len);
	s->hdr = data;
	if (memcmp(s->hdr->magic, SNAP_MAGIC, 8))
		return err_set(e, LICIT_ECORRUPT,
			       "%s: not a licit snapshot (bad magic)", what);
	if (s->hdr->version != SNAP_VERSION)
		return err_set(e, LICIT_ECORRUPT,
			       "%s: snapshot format version %u, this licit "
			       "reads version %d; re-import the lists",
			       what, s->hdr->version, SNAP_VERSION);
	if (s->hdr->header_size != SNAP_HEADER_SIZE ||
	    s->hdr->file_size != len)
		return err_set(e, LICIT_ECORRUPT, "%s: corrupt snapshot: size %zu, header says %llu", what,
			       len, (unsigned long long)s->hdr->file_size);
	sha256_hex(s->hdr->sha256, s->id);
	licit_status st = map_sections(s, what, e);
	if (st != LICIT_OK)
		return st;
	return check_refs(s, what, e);
}

licit_status snapshot_open(snapshot *s, const char *path, errinfo *e)
{
	file_map m;
	licit_status st = file_map_open(&m, path, e);
	if (st != LICIT_OK)
		return st;
	st = snapshot_open_mem(s, m.data, m.len, path, e);
	if (st != LICIT_OK) {
		file_map_release(&m);
		memset(s, 0, sizeof(*s));
		return st;
	}
	if (!m.mapped) {
		/* empty file cannot pass the header check */
		file_map_release(&m);
		return err_set(e, LICIT_ECORRUPT, "%s: empty", path);
	}
	return LICIT_OK;
}

void snapshot_close(snapshot *s)
{
	if (s->base && s->size) {
		file_map m = {s->base, s->size, 1};
		file_map_release(&m);
	}
	memset(s, 0, sizeof(*s));
}

licit_status snapshot_verify(const snapshot *s, errinfo *e)
{
	uint8_t d[32];
	if (sha256(s->base + SNAP_HEADER_SIZE, s->size - SNAP_HEADER_SIZE, d) <
	    0)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	if (memcmp(d, s->hdr->sha256, 32))
		return err_set(e, LICIT_ECORRUPT,
			       "snapshot %s: content does not match its sha256 "
			       "id (modified after it was written)",
			       s->id);
	return LICIT_OK;
}

static size_t lower_bound(const snapshot *s, const snap_key *keys, size_t n,
			  const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(snap_str(s, keys[mid].str), key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const snap_entity *snapshot_find_id(const snapshot *s, const char *id)
{
	size_t i = lower_bound(s, s->ids, s->n_ids, id);
	if (i < s->n_ids && !strcmp(snap_str(s, s->ids[i].str), id))
		return &s->entities[s->ids[i].index];
	return NULL;
}

size_t snapshot_find_key(const snapshot *s, const char *key, size_t *first)
{
	size_t i = lower_bound(s, s->namekeys, s->n_namekeys, key);
	size_t j = i;
	while (j < s->n_namekeys && !strcmp(snap_str(s, s->namekeys[j].str), key))
		j++;
	*first = i;
	return j - i;
}

const char *snapshot_primary_name(const snapshot *s, const snap_entity *x)
{
	for (uint32_t i = 0; i < x->names.count; i++)
		if (s->names[x->names.first + i].kind == NAME_PRIMARY)
			return snap_str(s, s->names[x->names.first + i].full);
	return x->names.count ? snap_str(s, s->names[x->names.first].full)
			      : "";
}

const char *snapshot_attr(const snapshot *s, const snap_entity *x,
			  const char *key)
{
	for (uint32_t i = 0; i < x->attrs.count; i++) {
		const snap_attr *a = &s->attrs[x->attrs.first + i];
		if (!strcmp(snap_str(s, a->key), key))
			return snap_str(s, a->value);
	}
	return NULL;
}

const snap_token *snapshot_find_token(const snapshot *s, const char *tok,
				      size_t len)
{
	size_t lo = 0, hi = s->n_tokens;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *t = snap_str(s, s->tokens[mid].str);
		int c = strncmp(t, tok, len);
		if (!c && t[len])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else
			return &s->tokens[mid];
	}
	return NULL;
}

const uint32_t *snapshot_find_tkey(const snapshot *s, const char *key,
				   size_t *n)
{
	size_t lo = 0, hi = s->n_tkeys;
	*n = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(snap_str(s, s->tkeys[mid].str), key);
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else {
			*n = s->tkeys[mid].count;
			return s->keytoks + s->tkeys[mid].first;
		}
	}
	return NULL;
}

static pdate unpack(uint32_t v)
{
	pdate d = {(int16_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	return d;
}

static const char *opt(const snapshot *s, uint32_t off)
{
	return off ? snap_str(s, off) : NULL;
}

static int rebuild(const snapshot *s, const snap_entity *x, entity *e,
		   arena *a)
{
	e->id = snap_str(s, x->id);
	e->source_id = snap_str(s, x->source);
	e->schema = x->schema;
	e->gender = x->gender;
	e->listed = unpack(x->listed);
	e->remarks = opt(s, x->remarks);
	e->origin_file = opt(s, x->origin_file);
	e->origin_line = x->origin_line;
#define ALLOC(field, n) (e->field = arena_calloc(a, (n) * sizeof(*e->field) + 1))
	if (!ALLOC(names, x->names.count) || !ALLOC(idents, x->idents.count) ||
	    !ALLOC(addrs, x->addrs.count) ||
	    !ALLOC(countries, x->countries.count) ||
	    !ALLOC(dates, x->dates.count) ||
	    !ALLOC(programs, x->programs.count) ||
	    !ALLOC(lists, x->lists.count) || !ALLOC(attrs, x->attrs.count))
		return -1;
#undef ALLOC
	for (uint32_t i = 0; i < x->names.count; i++) {
		const snap_name *n = &s->names[x->names.first + i];
		e->names[i] = (ent_name){snap_str(s, n->full),
					 opt(s, n->original), opt(s, n->lang),
					 n->kind, n->former};
	}
	for (uint32_t i = 0; i < x->idents.count; i++) {
		const snap_ident *n = &s->idents[x->idents.first + i];
		ent_ident *d = &e->idents[i];
		d->type = snap_str(s, n->type);
		d->value = snap_str(s, n->value);
		d->note = opt(s, n->note);
		memcpy(d->country, n->country, 3);
	}
	for (uint32_t i = 0; i < x->addrs.count; i++) {
		const snap_addr *n = &s->addrs[x->addrs.first + i];
		ent_addr *d = &e->addrs[i];
		d->full = opt(s, n->full);
		d->city = opt(s, n->city);
		d->region = opt(s, n->region);
		d->postal = opt(s, n->postal);
		memcpy(d->country, n->country, 3);
	}
	for (uint32_t i = 0; i < x->countries.count; i++) {
		const snap_country *n = &s->countries[x->countries.first + i];
		ent_country *d = &e->countries[i];
		memcpy(d->code, n->code, 3);
		d->role = n->role;
		d->raw = opt(s, n->raw);
	}
	for (uint32_t i = 0; i < x->dates.count; i++) {
		const snap_date *n = &s->dates[x->dates.first + i];
		e->dates[i] = (ent_date){n->role, unpack(n->date),
					 unpack(n->until)};
	}
	for (uint32_t i = 0; i < x->programs.count; i++)
		e->programs[i] = snap_str(s, s->strrefs[x->programs.first + i]);
	for (uint32_t i = 0; i < x->lists.count; i++)
		e->lists[i] = snap_str(s, s->strrefs[x->lists.first + i]);
	for (uint32_t i = 0; i < x->attrs.count; i++) {
		const snap_attr *n = &s->attrs[x->attrs.first + i];
		e->attrs[i] = (ent_attr){snap_str(s, n->key),
					 snap_str(s, n->value)};
	}
	e->n_names = x->names.count;
	e->n_idents = x->idents.count;
	e->n_addrs = x->addrs.count;
	e->n_countries = x->countries.count;
	e->n_dates = x->dates.count;
	e->n_programs = x->programs.count;
	e->n_lists = x->lists.count;
	e->n_attrs = x->attrs.count;
	return 0;
}

licit_status snapshot_entities(const snapshot *s, entity_set *set, errinfo *e)
{
	for (size_t i = 0; i < s->n_entities; i++) {
		entity *x = entity_set_add(set);
		if (!x || rebuild(s, &s->entities[i], x, &set->mem) < 0)
			return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	return LICIT_OK;
}
