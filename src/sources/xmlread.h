/*
 * xmlread.h - a streaming walk over an XML list file, for the XML parsers
 * (ofac-xml, un-xml, eu-fsf-xml).
 *
 * The walk drives libxml2's xmlTextReader over a memory buffer and calls a
 * handler when an element starts and when it ends, with the element's own
 * text. It keeps the stack of local names (namespaces are ignored past the
 * root), the exact line each element starts on, and turns every libxml2
 * error into one "<path>:<line>: ..." message in ctx->err; libxml2 itself
 * prints nothing. No tree of the document is ever built.
 *
 * Network access, DTD loading and DOCTYPEs are refused: the lists have none.
 */
#ifndef LICIT_XMLREAD_H
#define LICIT_XMLREAD_H

#include <stddef.h>
#include <stdint.h>

#include "sources/source.h"

enum { XML_WALK_MAX_DEPTH = 32, XML_WALK_MAX_ATTRS = 48 };

typedef struct xml_walk xml_walk;

typedef struct xml_handler {
	/* The element names[depth] starts; its attributes are available
	 * through xml_attr(). Return LICIT_OK to go on; anything else stops
	 * the walk (the handler has set ctx->err). May be NULL. */
	licit_status (*start)(xml_walk *w, void *user);
	/* The element names[depth] ends; `text` is its own character data
	 * (NUL-terminated, untrimmed, "" when none), valid during the call. */
	licit_status (*end)(xml_walk *w, void *user, const char *text,
			    size_t len);
} xml_handler;

struct xml_walk {
	parse_ctx *ctx;
	const char *path; /* for messages and origin_file */
	int depth;	  /* of the current element, root = 0 */
	const char *names[XML_WALK_MAX_DEPTH]; /* local names, root first */

	/* private */
	void *reader;
	const unsigned char *data;
	size_t len;
	char *attrs[XML_WALK_MAX_ATTRS];
	size_t n_attrs;
	buf text;
	int text_long; /* an element's text passed XML_TEXT_LIMIT */
	size_t scan_pos;
	uint64_t scan_line, line, last_line;
	uint64_t
	    lines[XML_WALK_MAX_DEPTH]; /* start line of each open element */
	int err_set;
	licit_status status;
};

/*
 * Walk data[0..len) (the document, from a file or a ZIP member) whose
 * display name is `path`. The root element's local name must be `root`,
 * else LICIT_EPARSE "<path>:<line>: unexpected root element <x>, expected
 * <root>". Empty input and HTML pages fail with LICIT_EPARSE too.
 * Returns LICIT_OK, LICIT_EPARSE, LICIT_ENOMEM, or what a handler returned.
 */
licit_status xml_walk_run(parse_ctx *ctx, const char *path,
			  const unsigned char *data, size_t len,
			  const char *root, const xml_handler *h, void *user);

/* 1 if the element at `depth` on the current path (the current element
 * or one of its ancestors) has local name `name` (case-sensitive). */
int xml_is(const xml_walk *w, int depth, const char *name);

/* The value of attribute `name` of the element that just started (only in
 * a start handler), or NULL. Valid until the next element starts; at most
 * XML_WALK_MAX_ATTRS lookups per element. */
const char *xml_attr(xml_walk *w, const char *name);

/* The 1-based line the current element (the one starting or ending)
 * starts on. */
uint64_t xml_line(const xml_walk *w);

/* Fail the walk: LICIT_EPARSE "<path>:<line of the current element>:
 * <message>". Returns LICIT_EPARSE. */
licit_status xml_fail(xml_walk *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Small text helpers for handlers.
 */

/* s[0..n) with surrounding white space removed: *n updated, start
 * returned. */
const char *xml_trim(const char *s, size_t *n);

/* 1 if the trimmed text equals `word`, ignoring ASCII case. */
int xml_text_is(const char *s, size_t n, const char *word);

/* A trimmed copy of s[0..n) with every run of white space turned into one
 * space, in arena `a`; NULL when blank. */
char *xml_strdup_clean(arena *a, const char *s, size_t n);

/* parts[0..n) that are not NULL joined with `sep`, in arena `a`; NULL
 * when all are NULL. */
char *xml_join(arena *a, const char *sep, const char *const *parts, size_t n);

/* The identifier slug of a document type as a list words it ("Passport",
 * "Numéro de passeport", "Tax ID No.", "National Identification Number",
 * "Registration ID" ...): "passport", "national-id", "tax-id",
 * "registration", ... or "other". */
const char *xml_ident_type(const char *text);

/*
 * A record group's child fields (an alias's QUALITY and ALIAS_NAME ...),
 * collected as they close and read when the group closes. Keys are
 * borrowed (libxml2's interned names or literals); values are cleaned
 * copies in the arena.
 */
typedef struct xml_field {
	const char *key, *value;
} xml_field;

typedef struct xml_fields {
	xml_field *items;
	size_t n, cap;
} xml_fields;

/* Forget every field (their memory stays in the arena). */
void xml_fields_reset(xml_fields *f);
/* Add key = cleaned text (blank text is not added). */
void xml_fields_put(xml_fields *f, arena *a, const char *key, const char *text,
		    size_t n);
/* The first value of `key`, or NULL. */
const char *xml_fields_get(const xml_fields *f, const char *key);

/*
 * Helpers for parsers that make one entity per XML record, with the id
 * "<source>:<the record's reference>" and a hashmap of the ids kept.
 */

/* Start a record at the element that just started: count it in
 * ctx->stats.records and add an entity with origin_file `origin` and the
 * element's line. NULL, with LICIT_ENOMEM "<path>: out of memory" in
 * ctx->err, when out of memory. */
entity *xml_record_begin(xml_walk *w, const char *origin);

/* Skip the open record, entity e (the last of ctx->set): parse_skip at
 * e's origin with the printf-style reason, and drop e from the set. */
void xml_record_drop(parse_ctx *ctx, entity *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* 1 if "<source>:<ref>" is already kept in `ids` (the text is made in
 * arena `a`). */
int xml_record_seen(const struct hashmap *ids, arena *a, const char *source,
		    const char *ref);

/* Keep the open record e: set its id "<source>:<ref>", add it to `ids`
 * and count it in ctx->stats.entities and .names. LICIT_ENOMEM
 * "<ctx->path>: out of memory" when `ids` cannot grow. */
licit_status xml_record_keep(parse_ctx *ctx, struct hashmap *ids, entity *e,
			     const char *source, const char *ref);

/* The end of a parse: rc, or LICIT_ENOMEM "<ctx->path>: out of memory"
 * when rc is LICIT_OK but `mem_ok` is 0 or ctx->set ran out of memory. */
licit_status xml_parse_end(parse_ctx *ctx, licit_status rc, int mem_ok);

/* Parse the date at the start of s ("2018-02-16", "2026-02-27T00:00:09Z");
 * 1 and *d on success. */
int xml_date(const char *s, pdate *d);

/* Write "YYYY-MM-DD" of the date-time `s` into out[11] if it is one. */
void xml_published(const char *s, char out[11]);

#endif
