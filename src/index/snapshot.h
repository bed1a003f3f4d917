/*
 * snapshot.h - the immutable, mmap-able snapshot file.
 *
 * A snapshot holds everything parsed from one import: sources with their
 * counts and skips, entities with every fact, each name's normalized key,
 * and lookup tables (names by normalized key, entities by id). All
 * references inside are 32-bit offsets or indexes, never pointers, so the
 * file is used straight from the mapping by any number of threads.
 *
 * Layout (native little-endian; see docs/snapshot-format.md):
 *   header (512 bytes): magic "LICITSNP", format version, sizes, creation
 *   time, sha256 of everything after the header (the snapshot id), and a
 *   table of sections (id, offset, size);
 *   sections: STRINGS (NUL-terminated, offset 0 is ""), SOURCES, SKIPS,
 *   ENTITIES, NAMES, IDENTS, ADDRS, COUNTRIES, DATES, STRREFS, ATTRS,
 *   NAMEKEYS (sorted by key), IDS (sorted by entity id).
 *
 * snapshot_open() checks the header and that every offset and index is in
 * bounds (cheap, linear), so a damaged file is rejected rather than
 * crashing a reader; the sha256 is checked by snapshot_verify().
 */
#ifndef LICIT_SNAPSHOT_H
#define LICIT_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "sources/load.h"
#include "util/buf.h"
#include "util/error.h"

#define SNAP_MAGIC "LICITSNP"
#define SNAP_VERSION 3
#define SNAP_HEADER_SIZE 512
#define SNAP_MAX_SECTIONS 18

enum snap_section_id {
	SNAP_STRINGS = 1,
	SNAP_SOURCES,
	SNAP_SKIPS,
	SNAP_ENTITIES,
	SNAP_NAMES,
	SNAP_IDENTS,
	SNAP_ADDRS,
	SNAP_COUNTRIES,
	SNAP_DATES,
	SNAP_STRREFS,
	SNAP_ATTRS,
	SNAP_NAMEKEYS,
	SNAP_IDS,
	SNAP_TOKENS,
	SNAP_POSTINGS,
	SNAP_KEYS,
	SNAP_KEYTOKS,
	SNAP_NAMETOKS,
	SNAP_N_SECTIONS = SNAP_NAMETOKS
};

typedef struct snap_section {
	uint32_t id, reserved;
	uint64_t offset, size;
} snap_section;

typedef struct snap_header {
	char magic[8];
	uint32_t version, header_size;
	uint64_t file_size;
	int64_t created;
	uint32_t n_sections, reserved;
	uint8_t sha256[32];
	snap_section sections[SNAP_MAX_SECTIONS];
} snap_header;

typedef struct snap_source {
	uint32_t id, format, path, sha256, published;
	uint32_t skip_first, skip_count;
	uint32_t entity_first, entity_count;
	uint32_t published_from_path;
	uint64_t records, entities, names, skipped;
} snap_source;

typedef struct snap_skip {
	uint32_t file, reason;
	uint64_t line;
} snap_skip;

/* A range [first, first + count) in another section. */
typedef struct snap_range {
	uint32_t first, count;
} snap_range;

typedef struct snap_entity {
	uint32_t id, source, remarks, origin_file;
	uint64_t origin_line;
	uint64_t content_hash;
	uint32_t listed; /* year << 16 | month << 8 | day */
	uint8_t schema, gender;
	uint16_t source_idx;
	snap_range names, idents, addrs, countries, dates, programs, lists,
		attrs;
} snap_entity;

typedef struct snap_name {
	uint32_t full, original, lang, norm, entity;
	uint32_t tok_first; /* its tokens, in order, in NAMETOKS */
	uint8_t kind, former, tok_count, pad;
} snap_name;

typedef struct snap_ident {
	uint32_t type, value, note;
	char country[4];
} snap_ident;

typedef struct snap_addr {
	uint32_t full, city, region, postal;
	char country[4];
} snap_addr;

typedef struct snap_country {
	uint32_t raw;
	char code[3];
	uint8_t role;
} snap_country;

typedef struct snap_date {
	uint32_t date, until;
	uint8_t role, pad[3];
} snap_date;

typedef struct snap_attr {
	uint32_t key, value;
} snap_attr;

typedef struct snap_key {
	uint32_t str, index; /* NAMEKEYS: norm -> name; IDS: id -> entity */
} snap_key;

/*
 * The token dictionary for candidate search and weights: every distinct
 * token of every normalized name, sorted by text, with its document
 * frequency (names holding it) and its postings (name indexes, ascending).
 */
typedef struct snap_token {
	uint32_t str, canon, phon; /* strings; canon == str if no variant */
	uint32_t flags;            /* namepart flags */
	uint32_t df;
	uint32_t post_first, post_count;
} snap_token;

/*
 * Search keys that lead to tokens: "#<phonetic key>", "=<canonical
 * given name>" and "<<first letters>", sorted by key, each with its token
 * ids in KEYTOKS.
 */
typedef struct snap_tkey {
	uint32_t str, first, count;
} snap_tkey;

/* An open snapshot: the mapping and typed views of its sections. */
typedef struct snapshot {
	const unsigned char *base;
	size_t size;
	const snap_header *hdr;
	char id[65];
	const char *strings;
	size_t strings_size;
	const snap_source *sources;
	const snap_skip *skips;
	const snap_entity *entities;
	const snap_name *names;
	const snap_ident *idents;
	const snap_addr *addrs;
	const snap_country *countries;
	const snap_date *dates;
	const uint32_t *strrefs;
	const snap_attr *attrs;
	const snap_key *namekeys;
	const snap_key *ids;
	const snap_token *tokens;
	const uint32_t *postings;
	const snap_tkey *tkeys;
	const uint32_t *keytoks;
	const uint32_t *nametoks;
	size_t n_tokens, n_postings, n_tkeys, n_keytoks, n_nametoks;
	size_t n_sources, n_skips, n_entities, n_names, n_idents, n_addrs,
		n_countries, n_dates, n_strrefs, n_attrs, n_namekeys, n_ids;
} snapshot;

/*
 * Build the snapshot bytes for the entities of `set` and the sources in
 * `res` (n of them). `created` is stored in the header. The bytes are
 * appended to `out`; *id gets the snapshot id.
 */
licit_status snapshot_build(const entity_set *set, const source_result *res,
			    size_t n, int64_t created, buf *out, char id[65],
			    errinfo *e);

/* Map and check the snapshot file `path`. */
licit_status snapshot_open(snapshot *s, const char *path, errinfo *e);
/* Check a snapshot held in memory (not owned; snapshot_close not needed). */
licit_status snapshot_open_mem(snapshot *s, const void *data, size_t len,
			       const char *what, errinfo *e);
void snapshot_close(snapshot *s);

/* Recompute the sha256 and compare it with the header's. */
licit_status snapshot_verify(const snapshot *s, errinfo *e);

/* The string at offset `off` (always NUL-terminated; "" for 0). */
static inline const char *snap_str(const snapshot *s, uint32_t off)
{
	return s->strings + off;
}

/* The entity with this id, or NULL. */
const snap_entity *snapshot_find_id(const snapshot *s, const char *id);

/*
 * The names whose normalized key equals `key`: *first is the index in
 * s->namekeys of the first match; returns the number of matches.
 */
size_t snapshot_find_key(const snapshot *s, const char *key, size_t *first);

/* The entity's primary name (or its first name, or ""). */
const char *snapshot_primary_name(const snapshot *s, const snap_entity *x);

/* The value of the entity's first attribute named `key` (a list's own
 * field, e.g. "entity_number"), or NULL; it lives as long as the map. */
const char *snapshot_attr(const snapshot *s, const snap_entity *x,
			  const char *key);

/* The token with this text, or NULL. */
const snap_token *snapshot_find_token(const snapshot *s, const char *tok,
				      size_t len);

/* The token ids under search key `key` ("#..." or "=..."); *n set. */
const uint32_t *snapshot_find_tkey(const snapshot *s, const char *key,
				   size_t *n);

/*
 * Rebuild entities from the snapshot into `set` (strings point into the
 * mapping, which must outlive the set). Used by diff.
 */
licit_status snapshot_entities(const snapshot *s, entity_set *set,
			       errinfo *e);

#endif
