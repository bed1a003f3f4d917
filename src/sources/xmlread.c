/*
 * xmlread.c - the streaming XML walk shared by the XML list parsers (see
 * xmlread.h).
 *
 * libxml2's reader gives nodes in document order; this file turns them into
 * start/end calls with each element's own text, and routes libxml2's errors
 * into the parse context instead of stderr. libxml2 is initialised once per
 * process and never cleaned up (other code in the process may use it). The
 * error handlers are per thread in libxml2, so they are set for the walk and
 * restored afterwards.
 *
 * Element lines: libxml2 stores at most 65535 as a node's line, and the
 * reader's parser runs ahead of the node it reports, so the walk finds each
 * start tag in the buffer itself, scanning forward from the previous one
 * (comments, CDATA and processing instructions skipped). If a tag cannot be
 * found that way (a UTF-16 document, markup from an entity) it falls back to
 * the parser's line for the rest of the document.
 */
#include "sources/xmlread.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include "util/hashmap.h"
#include "banned.h"

#define XML_TEXT_LIMIT ((size_t)16 << 20)

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init_once(void)
{
	xmlInitParser();
}

static void xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* libxml2's first line of an error message, lowercased at the start, with
 * line breaks as spaces and no trailing white space. */
static void clean_message(const char *in, char *out, size_t cap)
{
	size_t n = 0;
	for (; in && *in && n + 1 < cap; in++)
		out[n++] = (*in == '\n' || *in == '\r') ? ' ' : *in;
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	if (out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
		out[0] = (char)(out[0] - 'A' + 'a');
	if (!n)
		snprintf(out, cap, "not well-formed");
}

static uint64_t count_nl(const unsigned char *p, size_t n);

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *arg, const xmlError *e)
#else
static void on_xml_error(void *arg, xmlErrorPtr e)
#endif
{
	xml_walk *w = arg;
	if (!w || !e || e->level < XML_ERR_ERROR || w->err_set)
		return;
	char msg[400];
	clean_message(e->message, msg, sizeof(msg));
	uint64_t line = e->line > 0 ? (uint64_t)e->line : 1;
	err_set(w->ctx->err, LICIT_EPARSE, "%s:%llu: malformed xml: %s%s",
		w->path, (unsigned long long)line, msg,
		line >= w->last_line ? " (the file ends there: truncated?)"
				     : "");
	w->err_set = 1;
	w->status = LICIT_EPARSE;
}

int xml_is(const xml_walk *w, int depth, const char *name)
{
	return depth >= 0 && depth <= w->depth && depth < XML_WALK_MAX_DEPTH &&
	       w->names[depth] && !strcmp(w->names[depth], name);
}

static void free_attrs(xml_walk *w)
{
	for (size_t i = 0; i < w->n_attrs; i++)
		xmlFree(w->attrs[i]);
	w->n_attrs = 0;
}

const char *xml_attr(xml_walk *w, const char *name)
{
	if (!w->reader)
		return NULL;
	xmlChar *v =
	    xmlTextReaderGetAttribute(w->reader, (const xmlChar *)name);
	if (!v)
		return NULL;
	if (w->n_attrs >= XML_WALK_MAX_ATTRS) {
		xmlFree(v);
		return NULL;
	}
	w->attrs[w->n_attrs++] = (char *)v;
	return (const char *)v;
}

uint64_t xml_line(const xml_walk *w)
{
	return w->line ? w->line : 1;
}

licit_status xml_fail(xml_walk *w, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!w->err_set)
		err_set(w->ctx->err, LICIT_EPARSE, "%s:%llu: %s", w->path,
			(unsigned long long)xml_line(w), msg);
	w->err_set = 1;
	w->status = LICIT_EPARSE;
	return LICIT_EPARSE;
}

static uint64_t count_nl(const unsigned char *p, size_t n)
{
	uint64_t c = 0;
	const unsigned char *end = p + n;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		c++;
		p++;
	}
	return c;
}

static const unsigned char *find_bytes(const unsigned char *p, size_t n,
				       const char *needle, size_t nl)
{
	while (n >= nl) {
		const unsigned char *c = memchr(p, needle[0], n - nl + 1);
		if (!c)
			return NULL;
		if (!memcmp(c, needle, nl))
			return c;
		n -= (size_t)(c - p) + 1;
		p = c + 1;
	}
	return NULL;
}

/* Skip from `i` (at "<!--", "<![CDATA[" or "<?") past the construct's end;
 * returns the new index, or 0 if `i` is at none of them. */
static size_t skip_special(const unsigned char *p, size_t n, size_t i)
{
	static const struct {
		const char *open, *close;
	} sp[] = {{"<!--", "-->"}, {"<![CDATA[", "]]>"}, {"<?", "?>"}};
	for (size_t k = 0; k < sizeof(sp) / sizeof(sp[0]); k++) {
		size_t ol = strlen(sp[k].open), cl = strlen(sp[k].close);
		if (n - i < ol || memcmp(p + i, sp[k].open, ol))
			continue;
		const unsigned char *c =
		    find_bytes(p + i + ol, n - i - ol, sp[k].close, cl);
		return c ? (size_t)(c - p) + cl : n;
	}
	return 0;
}

static int name_end(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' ||
	       c == '>';
}

/* The line of the next start tag `<qname` from the scan position, or 0. */
static uint64_t scan_start_tag(xml_walk *w, const char *qname)
{
	const unsigned char *p = w->data;
	size_t n = w->len, i = w->scan_pos, qn = strlen(qname);
	uint64_t line = w->scan_line;
	while (i < n) {
		const unsigned char *lt = memchr(p + i, '<', n - i);
		if (!lt)
			return 0;
		size_t j = (size_t)(lt - p);
		line += count_nl(p + i, j - i);
		i = j;
		size_t past = skip_special(p, n, i);
		if (past) {
			line += count_nl(p + i, past - i);
			i = past;
			continue;
		}
		if (n - i > qn + 1 && !memcmp(p + i + 1, qname, qn) &&
		    name_end(p[i + 1 + qn])) {
			w->scan_pos = i + 1 + qn;
			w->scan_line = line;
			return line;
		}
		i++;
	}
	return 0;
}

static uint64_t element_line(xml_walk *w)
{
	if (w->scan_line) {
		const char *q = (const char *)xmlTextReaderConstName(w->reader);
		uint64_t line = q ? scan_start_tag(w, q) : 0;
		if (line)
			return line;
		w->scan_line = 0; /* give up scanning: parser lines from now */
	}
	int pl = xmlTextReaderGetParserLineNumber(w->reader);
	return pl > 0 ? (uint64_t)pl : 1;
}

static licit_status call_end(xml_walk *w, const xml_handler *h, void *user)
{
	if (w->text_long)
		return xml_fail(w, "text of <%s> longer than %zu bytes",
				w->names[w->depth], XML_TEXT_LIMIT);
	if (!buf_ok(&w->text))
		return err_set(w->ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       w->path);
	licit_status st = LICIT_OK;
	if (h->end)
		st = h->end(w, user, buf_str(&w->text), w->text.len);
	buf_reset(&w->text);
	w->text_long = 0;
	return st;
}

static licit_status on_start(xml_walk *w, const xml_handler *h, void *user,
			     const char *root)
{
	xmlTextReaderPtr r = w->reader;
	int d = xmlTextReaderDepth(r);
	const char *name = (const char *)xmlTextReaderConstLocalName(r);
	free_attrs(w);
	w->line = element_line(w);
	if (!name)
		return err_set(w->ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       w->path);
	if (d < 0 || d >= XML_WALK_MAX_DEPTH)
		return xml_fail(w, "elements nested deeper than %d levels",
				XML_WALK_MAX_DEPTH);
	w->depth = d;
	w->names[d] = name;
	w->lines[d] = w->line;
	buf_reset(&w->text);
	w->text_long = 0;
	if (d == 0 && strcmp(name, root))
		return xml_fail(w,
				"unexpected root element <%s>, expected <%s>",
				name, root);
	licit_status st = h->start ? h->start(w, user) : LICIT_OK;
	if (st == LICIT_OK && xmlTextReaderIsEmptyElement(r))
		st = call_end(w, h, user);
	return st;
}

static licit_status on_node(xml_walk *w, const xml_handler *h, void *user,
			    const char *root)
{
	xmlTextReaderPtr r = w->reader;
	switch (xmlTextReaderNodeType(r)) {
	case XML_READER_TYPE_ELEMENT:
		return on_start(w, h, user, root);
	case XML_READER_TYPE_END_ELEMENT: {
		int d = xmlTextReaderDepth(r);
		if (d < 0 || d >= XML_WALK_MAX_DEPTH)
			return xml_fail(w, "unbalanced end tag");
		w->depth = d;
		w->line = w->lines[d];
		return call_end(w, h, user);
	}
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
		const char *v = (const char *)xmlTextReaderConstValue(r);
		size_t n = v ? strlen(v) : 0;
		if (n > XML_TEXT_LIMIT - w->text.len)
			w->text_long = 1;
		else if (n)
			buf_add(&w->text, v, n);
		return LICIT_OK;
	}
	case XML_READER_TYPE_DOCUMENT_TYPE:
		return xml_fail(w,
				"unexpected DOCTYPE declaration (the list "
				"has none; expected <%s>)",
				root);
	default:
		return LICIT_OK;
	}
}

static int blank_only(const unsigned char *d, size_t n)
{
	size_t i = (n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3)) ? 3 : 0;
	for (; i < n; i++)
		if (d[i] != ' ' && d[i] != '\t' && d[i] != '\r' && d[i] != '\n')
			return 0;
	return 1;
}

static licit_status check_input(parse_ctx *ctx, const char *path,
				const unsigned char *data, size_t len,
				const char *root)
{
	if (blank_only(data, len))
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: empty file, expected an XML document "
			       "with root <%s>",
			       path, root);
	if (source_looks_html(data, len))
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: an HTML page, not the XML list (expected "
			       "root <%s>; was an error page saved instead?)",
			       path, root);
	if (len > (size_t)0x7fffffff)
		return err_set(
		    ctx->err, LICIT_EPARSE,
		    "%s: larger than 2 GiB, too large for an XML list", path);
	return LICIT_OK;
}

static licit_status walk_loop(xml_walk *w, const xml_handler *h, void *user,
			      const char *root)
{
	int seen_root = 0;
	for (;;) {
		int rc = xmlTextReaderRead(w->reader);
		if (w->err_set)
			return w->status;
		if (rc == 0)
			break;
		if (rc < 0) {
			int pl = xmlTextReaderGetParserLineNumber(w->reader);
			w->line = pl > 0 ? (uint64_t)pl : 1;
			return xml_fail(w, "malformed xml");
		}
		if (xmlTextReaderNodeType(w->reader) == XML_READER_TYPE_ELEMENT)
			seen_root = 1;
		licit_status st = on_node(w, h, user, root);
		if (st != LICIT_OK)
			return st;
	}
	if (!seen_root)
		return xml_fail(w, "no root element, expected <%s>", root);
	return LICIT_OK;
}

licit_status xml_walk_run(parse_ctx *ctx, const char *path,
			  const unsigned char *data, size_t len,
			  const char *root, const xml_handler *h, void *user)
{
	licit_status st = check_input(ctx, path, data, len, root);
	if (st != LICIT_OK)
		return st;
	pthread_once(&xml_once, xml_init_once);

	xml_walk w;
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.path = path;
	w.data = data;
	w.len = len;
	w.scan_line = 1;
	w.last_line = count_nl(data, len) + 1;
	w.status = LICIT_OK;
	buf_init(&w.text, XML_TEXT_LIMIT);

	/* libxml2 keeps these per thread: set ours, restore the caller's */
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, xml_silent);
	xmlSetStructuredErrorFunc(&w, on_xml_error);

	w.reader = xmlReaderForMemory((const char *)data, (int)len, NULL, NULL,
				      XML_PARSE_NONET);
	if (!w.reader) {
		if (!w.err_set)
			err_set(ctx->err, LICIT_ENOMEM,
				"%s: cannot start the XML reader", path);
		st = w.err_set ? w.status : LICIT_ENOMEM;
	} else {
		xmlTextReaderSetStructuredErrorHandler(w.reader, on_xml_error,
						       &w);
		st = walk_loop(&w, h, user, root);
		free_attrs(&w);
		xmlFreeTextReader(w.reader);
	}

	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	buf_release(&w.text);
	return st;
}

/* ------------------------------------------------------------- helpers */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

const char *xml_trim(const char *s, size_t *n)
{
	size_t len = *n;
	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;
	*n = len;
	return s;
}

int xml_text_is(const char *s, size_t n, const char *word)
{
	s = xml_trim(s, &n);
	return strlen(word) == n && !strncasecmp(s, word, n);
}

char *xml_strdup_clean(arena *a, const char *s, size_t n)
{
	s = xml_trim(s, &n);
	if (!n)
		return NULL;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_space(s[i])) {
			if (k && out[k - 1] != ' ')
				out[k++] = ' ';
			continue;
		}
		out[k++] = s[i];
	}
	out[k] = '\0';
	return out;
}

char *xml_join(arena *a, const char *sep, const char *const *parts, size_t n)
{
	size_t total = 0, sl = strlen(sep), k = 0;
	for (size_t i = 0; i < n; i++)
		if (parts[i] && *parts[i])
			total += strlen(parts[i]) + sl;
	if (!total)
		return NULL;
	char *out = arena_alloc(a, total + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		if (k) {
			memcpy(out + k, sep, sl);
			k += sl;
		}
		size_t pl = strlen(parts[i]);
		memcpy(out + k, parts[i], pl);
		k += pl;
	}
	out[k] = '\0';
	return out;
}

void xml_fields_reset(xml_fields *f)
{
	f->items = NULL;
	f->n = f->cap = 0;
}

void xml_fields_put(xml_fields *f, arena *a, const char *key, const char *text,
		    size_t n)
{
	char *v = xml_strdup_clean(a, text, n);
	if (!v)
		return;
	f->items =
	    arena_grow(a, f->items, f->n, &f->cap, f->n + 1, sizeof(*f->items));
	if (!f->items) {
		f->n = f->cap = 0;
		return;
	}
	f->items[f->n].key = key;
	f->items[f->n].value = v;
	f->n++;
}

const char *xml_fields_get(const xml_fields *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->items[i].key, key))
			return f->items[i].value;
	return NULL;
}

/* 1 if `w` (ASCII) occurs in s, ignoring case. */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (; s && *s; s++)
		if (!strncasecmp(s, w, n))
			return 1;
	return 0;
}

static int has_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (has_word(s, *words))
			return 1;
	return 0;
}

const char *xml_ident_type(const char *t)
{
	static const struct {
		const char *slug;
		const char *words[8];
	} map[] = {
	    {"passport", {"passport", "passeport", "pasaporte", NULL}},
	    {"birth-certificate", {"birth cert", NULL}},
	    {"drivers-license", {"driver", "driving", NULL}},
	    {"social-security", {"social security", NULL}},
	    {"tax-id", {"tax", "fiscal", "v.a.t", "vat number", NULL}},
	    {"lei", {"legal entity number", NULL}},
	    {"swift-bic", {"swift", NULL}},
	    {"imo", {"imo number", "vessel registration", NULL}},
	    {"registration",
	     {"registration", "registry", "company number", "c.r. no",
	      "unified social credit", "business number", "commercial", NULL}},
	    {"national-id",
	     {"identi", "cedula", "tazkira", "national number", "id no",
	      "id card", "d.n.i", NULL}},
	};
	if (!t)
		return "other";
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (has_any(t, map[i].words))
			return map[i].slug;
	return "other";
}

static int iso_date_prefix(const char *s)
{
	for (int i = 0; i < 10; i++) {
		int dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	}
	return 1;
}

int xml_date(const char *s, pdate *d)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	s = xml_trim(s, &n);
	/* an xsd:date may carry a time or a zone: "2015-07-01-04:00" */
	if (n > 10 && iso_date_prefix(s) && strchr("T+-Z ", s[10]))
		n = 10;
	pdate x;
	if (!n || pdate_parse(s, n, 0, &x) != 0 || !x.year)
		return 0;
	*d = x;
	return 1;
}

void xml_published(const char *s, char out[11])
{
	pdate d;
	if (xml_date(s, &d) && d.month && d.day)
		pdate_format(d, out);
}

entity *xml_record_begin(xml_walk *w, const char *origin)
{
	parse_ctx *ctx = w->ctx;
	ctx->stats.records++;
	entity *e = entity_set_add(ctx->set);
	if (!e) {
		err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory", w->path);
		return NULL;
	}
	e->origin_file = origin;
	e->origin_line = xml_line(w);
	return e;
}

void xml_record_drop(parse_ctx *ctx, entity *e, const char *fmt, ...)
{
	char why[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	parse_skip(ctx, e->origin_file, e->origin_line, "%s", why);
	entity_set_drop_last(ctx->set);
}

int xml_record_seen(const struct hashmap *ids, arena *a, const char *source,
		    const char *ref)
{
	char *id = arena_printf(a, "%s:%s", source, ref);
	uint32_t seen;
	return id && hashmap_get(ids, id, strlen(id), &seen);
}

licit_status xml_record_keep(parse_ctx *ctx, struct hashmap *ids, entity *e,
			     const char *source, const char *ref)
{
	ent_set_id(ctx->set, e, source, ref);
	if (e->id && hashmap_put(ids, e->id, strlen(e->id), 1) < 0)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	ctx->stats.entities++;
	ctx->stats.names += e->n_names;
	return LICIT_OK;
}

licit_status xml_parse_end(parse_ctx *ctx, licit_status rc, int mem_ok)
{
	if (rc == LICIT_OK && (!mem_ok || !entity_set_ok(ctx->set)))
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	return rc;
}
