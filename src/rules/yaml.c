/*
 * yaml.c - typed, checked access to a libfyaml document for the policy
 * loader (see yaml.h). Every string handed out is copied into the caller's
 * arena, so the document can be destroyed right after loading.
 */
#include "rules/yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static int token_line(struct fy_token *t)
{
	const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
	return m ? m->line + 1 : 0;
}

int yline(struct fy_node *n)
{
	for (int depth = 0; n && depth < 64; depth++) {
		if (fy_node_is_scalar(n))
			return token_line(fy_node_get_scalar_token(n));
		void *it = NULL;
		if (fy_node_is_mapping(n)) {
			struct fy_node_pair *p =
			    fy_node_mapping_iterate(n, &it);
			if (!p)
				return 0;
			n = fy_node_pair_key(p);
		} else if (fy_node_is_sequence(n)) {
			n = fy_node_sequence_iterate(n, &it);
		} else {
			return 0;
		}
	}
	return 0;
}

licit_status yfail(yctx *y, struct fy_node *n, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	int line = yline(n);
	if (line)
		return err_set(y->e, LICIT_EPARSE, "%s:%d: %s", y->file, line,
			       msg);
	return err_set(y->e, LICIT_EPARSE, "%s: %s", y->file, msg);
}

struct fy_document *yparse(yctx *y, const char *text, size_t len)
{
	if (!len) {
		err_set(y->e, LICIT_EPARSE, "%s: empty document", y->file);
		return NULL;
	}
	struct fy_diag_cfg dc;
	fy_diag_cfg_default(&dc);
	dc.fp = NULL;
	struct fy_diag *diag = fy_diag_create(&dc);
	if (!diag) {
		err_set(y->e, LICIT_ENOMEM, "out of memory");
		return NULL;
	}
	fy_diag_set_collect_errors(diag, true);
	struct fy_parse_cfg cfg;
	memset(&cfg, 0, sizeof(cfg));
	cfg.flags = FYPCF_QUIET;
	cfg.diag = diag;
	struct fy_document *doc =
	    fy_document_build_from_string(&cfg, text, len);
	if (doc && !fy_document_root(doc)) {
		fy_document_destroy(doc);
		doc = NULL;
		err_set(y->e, LICIT_EPARSE, "%s: empty document", y->file);
	} else if (!doc) {
		void *it = NULL;
		struct fy_diag_error *er = fy_diag_errors_iterate(diag, &it);
		if (er)
			err_set(y->e, LICIT_EPARSE, "%s:%d: %s", y->file,
				er->line, er->msg ? er->msg : "bad YAML");
		else
			err_set(y->e, LICIT_EPARSE, "%s: not valid YAML",
				y->file);
	}
	fy_diag_destroy(diag);
	return doc;
}

struct fy_node *yget(struct fy_node *m, const char *key)
{
	if (!m || !fy_node_is_mapping(m))
		return NULL;
	return fy_node_mapping_lookup_by_string(m, key, strlen(key));
}

static int in_list(const char *const *allowed, const char *s, size_t n)
{
	for (; *allowed; allowed++)
		if (strlen(*allowed) == n && !memcmp(*allowed, s, n))
			return 1;
	return 0;
}

licit_status ymap(yctx *y, struct fy_node *m, const char *const *allowed,
		  const char *what)
{
	if (!m || !fy_node_is_mapping(m))
		return yfail(y, m, "%s must be a mapping", what);
	void *it = NULL;
	struct fy_node_pair *p;
	while ((p = fy_node_mapping_iterate(m, &it))) {
		struct fy_node *k = fy_node_pair_key(p);
		size_t n;
		const char *s =
		    k && fy_node_is_scalar(k) && !fy_node_is_alias(k)
			? fy_node_get_scalar(k, &n)
			: NULL;
		if (!s)
			return yfail(y, k ? k : m,
				     "%s: keys must be plain text", what);
		if (!in_list(allowed, s, n))
			return yfail(y, k, "%s: unknown key '%.*s'", what,
				     (int)(n > 64 ? 64 : n), s);
	}
	return LICIT_OK;
}

licit_status ystr(yctx *y, struct fy_node *n, const char *what,
		  const char **out)
{
	if (!n)
		return LICIT_OK;
	if (fy_node_is_alias(n))
		return yfail(y, n, "%s: aliases are not supported", what);
	if (!fy_node_is_scalar(n))
		return yfail(y, n, "%s must be text", what);
	size_t len;
	const char *s = fy_node_get_scalar(n, &len);
	if (!s)
		return yfail(y, n, "%s must be text", what);
	if (memchr(s, '\0', len))
		return yfail(y, n, "%s holds a NUL byte", what);
	char *c = arena_strndup(y->a, s, len);
	if (!c)
		return err_set(y->e, LICIT_ENOMEM, "out of memory");
	*out = c;
	return LICIT_OK;
}

licit_status ystr_req(yctx *y, struct fy_node *m, const char *key,
		      const char *what, const char **out)
{
	struct fy_node *n = yget(m, key);
	if (!n)
		return yfail(y, m, "%s: '%s' is required", what, key);
	*out = NULL;
	licit_status st = ystr(y, n, what, out);
	if (st == LICIT_OK && !**out)
		return yfail(y, n, "%s: '%s' is empty", what, key);
	return st;
}

licit_status ydate(yctx *y, struct fy_node *n, const char *what, rdate *out)
{
	if (!n)
		return LICIT_OK;
	const char *s = NULL;
	licit_status st = ystr(y, n, what, &s);
	if (st != LICIT_OK)
		return st;
	if (rdate_parse(s, strlen(s), out) < 0)
		return yfail(y, n, "%s: '%s' is not a date YYYY-MM-DD", what,
			     s);
	return LICIT_OK;
}

licit_status ylist(yctx *y, struct fy_node *n, const char *what,
		   const char ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	if (!n)
		return LICIT_OK;
	if (fy_node_is_scalar(n) && !fy_node_is_alias(n)) {
		const char **arr = arena_alloc(y->a, sizeof(*arr));
		if (!arr)
			return err_set(y->e, LICIT_ENOMEM, "out of memory");
		licit_status st = ystr(y, n, what, &arr[0]);
		if (st != LICIT_OK)
			return st;
		*out = arr;
		*count = 1;
		return LICIT_OK;
	}
	if (!fy_node_is_sequence(n))
		return yfail(y, n, "%s must be a list", what);
	int len = fy_node_sequence_item_count(n);
	if (len <= 0)
		return LICIT_OK;
	const char **arr = arena_alloc(y->a, (size_t)len * sizeof(*arr));
	if (!arr)
		return err_set(y->e, LICIT_ENOMEM, "out of memory");
	void *it = NULL;
	struct fy_node *x;
	size_t k = 0;
	while ((x = fy_node_sequence_iterate(n, &it)) && k < (size_t)len) {
		licit_status st = ystr(y, x, what, &arr[k]);
		if (st != LICIT_OK)
			return st;
		k++;
	}
	*out = arr;
	*count = k;
	return LICIT_OK;
}

int ymap_next(yctx *y, struct fy_node *m, void **iter, const char **key,
	      struct fy_node **val)
{
	struct fy_node_pair *p = fy_node_mapping_iterate(m, iter);
	if (!p)
		return 0;
	*key = NULL;
	if (ystr(y, fy_node_pair_key(p), "a key", key) != LICIT_OK || !*key)
		return -1;
	*val = fy_node_pair_value(p);
	return 1;
}
