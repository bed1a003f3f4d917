/*
 * source.h - the contract between the import driver and the list parsers.
 *
 * Each list format lives in one file, src/sources/<format>.c, and exports
 * one `const source_format fmt_<format>`. The driver (sources/registry.c)
 * maps the file, asks every format's detect() how sure it is that the
 * content is theirs, and runs the most confident one's parse().
 *
 * A parser
 *  - reads only ctx->data[0..ctx->len) (and companion files through
 *    ctx->open_companion); it never opens files by itself, so fuzz targets
 *    can feed it bytes;
 *  - streams: no whole-document DOM; memory grows with the entities kept,
 *    not with the document;
 *  - appends entities to ctx->set with the ent_* helpers of model/entity.h,
 *    with ids "<source id>:<publisher's id>";
 *  - sets ctx->source_id (static string or in ctx->set's arena) and, when
 *    the file states it, ctx->published ("YYYY-MM-DD");
 *  - counts ctx->stats.records (rows or XML records read), .entities,
 *    .names; every record it cannot use goes through parse_skip() with its
 *    line and reason, never silently;
 *  - fails the whole file with err_set(ctx->err, LICIT_EPARSE,
 *    "<file>:<line>: <what was expected>") when the file is not what it
 *    claims (truncated, wrong encoding, wrong columns, unknown root ...);
 *  - must not crash, leak or read out of bounds on any input.
 */
#ifndef LICIT_SOURCE_H
#define LICIT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "licit.h"
#include "model/entity.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct source_stats {
	uint64_t records, entities, names, skipped;
} source_stats;

typedef struct parse_ctx parse_ctx;

struct parse_ctx {
	const char *path;          /* the main file, for messages */
	const unsigned char *data; /* its content */
	size_t len;
	entity_set *set;           /* where entities go */
	errinfo *err;

	/* set by the parser */
	const char *source_id;
	char published[11];
	source_stats stats;

	/* skipped records, in ctx->set's arena */
	licit_skip *skips;
	size_t n_skips, cap_skips;

	/*
	 * Open a file that belongs with the main one (OFAC's add.csv next to
	 * sdn.csv): `name` is a file name in the same folder, matched
	 * case-insensitively. Returns LICIT_OK with the content, or
	 * LICIT_ENOTFOUND when there is none (fuzzing: always). The content
	 * stays valid for the whole parse. *path_out gets the display path.
	 */
	licit_status (*open_companion)(parse_ctx *ctx, const char *name,
				       const unsigned char **data, size_t *len,
				       const char **path_out);
	void *companion_state;
};

/* Record a skipped record: `file` (NULL: ctx->path), line, and a reason
 * (printf-style). Increments ctx->stats.skipped. */
void parse_skip(parse_ctx *ctx, const char *file, uint64_t line,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

typedef struct source_format {
	const char *name;        /* "ofac-csv", "un-xml" ... */
	const char *description; /* one line, for error messages and docs */
	/*
	 * How sure this format is that `data` is its own: 0 no, 1..100 more
	 * sure. `path` is a hint only (a file name may be wrong). Must be
	 * cheap: look at the first few KiB.
	 */
	int (*detect)(const char *path, const unsigned char *data, size_t len);
	/* Companion files are not imported alone: 1 if `path` is one (e.g.
	 * add.csv), NULL if the format has none. */
	int (*is_companion)(const char *path, const unsigned char *data,
			    size_t len);
	licit_status (*parse)(parse_ctx *ctx);
} source_format;

/* Every known format, in detection order. */
const source_format *const *source_formats(size_t *n);

/* The format of the given content, or NULL. */
const source_format *source_detect(const char *path, const unsigned char *data,
				   size_t len);

/* The format called `name`, or NULL. */
const source_format *source_format_by_name(const char *name);

/* "ofac-csv, ofac-xml, ..." - static. */
const char *source_format_names(void);

/*
 * Helpers shared by parsers.
 */

/* Make UTF-8 text of data: returned as-is when valid UTF-8 (BOM skipped),
 * else converted from Windows-1252 into `tmp`. For formats whose publisher
 * uses a legacy 8-bit encoding (OFAC legacy CSV, BIS DPL). */
const unsigned char *source_text_cp1252(const unsigned char *data, size_t len,
					buf *tmp, size_t *out_len);

/* Fail with "<path>: byte N: invalid UTF-8 (expected UTF-8 text; is the
 * file Latin-1?)" if data is not valid UTF-8; LICIT_OK otherwise. */
licit_status source_require_utf8(parse_ctx *ctx);

/*
 * The checks before a text list is read. Fails with LICIT_EPARSE
 * "<path>:1: empty file (expected <expected>)" when there is no content
 * (not checked when `expected` is NULL), "<path>:1: an HTML page, not
 * <what> (an error page saved in place of the download?)" when the
 * content looks like an HTML page, and, when `utf8`, as
 * source_require_utf8() when it is not UTF-8. LICIT_OK otherwise.
 */
licit_status source_check_text(parse_ctx *ctx, const char *expected,
			       const char *what, int utf8);

/* Add the names of ctx->set's entities from index `first` on (the ones
 * this parse added) to ctx->stats.names. */
void source_count_names(parse_ctx *ctx, size_t first);

/* 1 if the content looks like an HTML page (an error page saved in place
 * of a list). */
int source_looks_html(const unsigned char *data, size_t len);

/* 1 if data starts (after a BOM and white space) with `prefix`. */
int source_starts_with(const unsigned char *data, size_t len,
		       const char *prefix);

/* 1 if `needle` occurs in the first `window` bytes of data. */
int source_head_contains(const unsigned char *data, size_t len, size_t window,
			 const char *needle);

/* A date found in the path ("…/2023-12-28/sdn.csv", "sdn-2022-02-17.csv"):
 * writes "YYYY-MM-DD" (or "YYYY-MM") and returns 1, else 0. */
int source_date_from_path(const char *path, char out[11]);

/*
 * The entity "<source>:<local>" of this parse, made on first use: `ids`
 * maps local ids to indexes in ctx->set->items (its keys live in the
 * set's arena). For lists that spread one entity over several rows. A new
 * entity is counted in ctx->stats.entities and gets origin ctx->path at
 * `line`; *is_new (when is_new is not NULL) says whether it was made now.
 * NULL, with LICIT_ENOMEM "<path>: out of memory" in ctx->err, when out
 * of memory.
 */
struct hashmap;
entity *source_entity_for(parse_ctx *ctx, struct hashmap *ids,
			  const char *source, const char *local, uint64_t line,
			  int *is_new);

/* 1 if s (NUL-terminated) is empty or only white space. */
int source_blank(const char *s);

/* s with its surrounding white space removed, in place: the trailing
 * white space is cut with a NUL, the start returned. */
char *source_trim(char *s);

/* Append to b a lowercase ASCII slug of s[0..n): letters and digits kept,
 * every run of other bytes (non-ASCII included) one '-' between them
 * (none leading or trailing); it stops once it has added `max` bytes. */
void source_slug_add(buf *b, const char *s, size_t n, size_t max);

/* The part of `path` after its last '/'. */
const char *source_base_name(const char *path);

/* 1 if `name` looks like an organization's: a whole word of it (dots and
 * hyphens removed, ASCII case ignored) is a legal form or a word only
 * businesses carry (INC, LLC, GMBH, CORP, PRODUCTS ...), or it ends in an
 * internet domain (".COM", ".NET", ".ORG"). For lists whose rows carry no
 * person/organization flag (BIS DPL, some CSL rows). */
int source_name_looks_org(const char *name);

/* The formats, one per file. */
extern const source_format fmt_ofac_csv;
extern const source_format fmt_ofac_xml;
extern const source_format fmt_csl_csv;
extern const source_format fmt_dpl_txt;
extern const source_format fmt_un_xml;
extern const source_format fmt_eu_fsf_xml;
extern const source_format fmt_uk_ofsi_csv;
extern const source_format fmt_ftm_json;
extern const source_format fmt_os_simple_csv;
extern const source_format fmt_internal_csv;

#endif
