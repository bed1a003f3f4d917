/*
 * yaml.h - the few ways the policy loader reads a libfyaml document:
 * typed getters that copy into an arena and report "<file>:<line>: ..."
 * on anything unexpected (a wrong type, an unknown key, an alias).
 *
 * The loader never trusts the document's shape: every getter checks the
 * node type first, and every mapping is checked against the keys its
 * section allows, so a misspelt key is an error rather than a silently
 * ignored condition.
 */
#ifndef LICIT_RULES_YAML_H
#define LICIT_RULES_YAML_H

#include <libfyaml.h>
#include <stddef.h>

#include "rules/policy.h"

typedef struct yctx {
	const char *file;
	arena *a;
	errinfo *e;
} yctx;

/* The 1-based line where node n starts (0 if unknown). */
int yline(struct fy_node *n);

/* Record "<file>:<line of n>: <fmt...>" as LICIT_EPARSE; returns it. */
licit_status yfail(yctx *y, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parse text into a document; on failure NULL with the parser's first
 * error (and its line) recorded. Free with fy_document_destroy. */
struct fy_document *yparse(yctx *y, const char *text, size_t len);

/* The value of `key` in mapping m, or NULL (also NULL when m is NULL). */
struct fy_node *yget(struct fy_node *m, const char *key);

/* LICIT_OK if m is a mapping whose keys are all plain scalars among
 * `allowed` (NULL-terminated); `what` names the section in messages. */
licit_status ymap(yctx *y, struct fy_node *m, const char *const *allowed,
		  const char *what);

/* The scalar n copied into the arena (*out); n NULL leaves *out as it is
 * (optional keys). Non-scalars and aliases are errors. */
licit_status ystr(yctx *y, struct fy_node *n, const char *what,
		  const char **out);

/* The same, but the key must be present. */
licit_status ystr_req(yctx *y, struct fy_node *m, const char *key,
		      const char *what, const char **out);

/* A date "YYYY-MM-DD"; n NULL leaves *out. */
licit_status ydate(yctx *y, struct fy_node *n, const char *what, rdate *out);

/* A sequence of scalars (a lone scalar is a sequence of one) into an
 * arena array. n NULL: *out NULL, *n 0. */
licit_status ylist(yctx *y, struct fy_node *n, const char *what,
		   const char ***out, size_t *count);

/* Iterate a mapping: *key gets the key text (arena copy), *val the value;
 * returns 1 while there is a pair, 0 at the end, -1 on error (recorded). */
int ymap_next(yctx *y, struct fy_node *m, void **iter, const char **key,
	      struct fy_node **val);

#endif
