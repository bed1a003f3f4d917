/*
 * internal_csv.c - a company's own block list, in the simple CSV format
 * documented in docs/internal-list.md:
 *
 *   #licit-internal-list v1 source=acme published=2025-01-15
 *   id,name,schema,aliases,country,birth_date,identifiers,program,...
 *   C-001,Example Trading LLC,organization,Example Trdg;ETL,AE,,...
 *
 * The first line is a marker (so that detection never depends on a file
 * name) with optional attributes; the second is the header; then one party
 * per row. Multi-valued cells separate values with ";". The file is the
 * list owner's, so it is checked strictly: an unknown or repeated column
 * fails the file, and a row with a missing id or name, an unknown schema,
 * a date that is not a date, a malformed identifier or an id already used
 * is skipped with its line and the reason, for the owner to fix.
 * Rows made only of empty cells (spreadsheets write them) are ignored.
 */
#include "sources/source.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sources/csv.h"
#include "sources/tabular.h"
#include "util/hashmap.h"
#include "banned.h"

#define MARKER "#licit-internal-list"
#define DEFAULT_LIST "Internal block list"
#define SOURCE_MAX 48
#define TYPE_MAX 32

enum col {
	C_ID,
	C_NAME,
	C_SCHEMA,
	C_ALIASES,
	C_ADDRESSES,
	C_COUNTRY,
	C_BIRTH_DATE,
	C_IDENTIFIERS,
	C_PROGRAM,
	C_LISTED_ON,
	C_REMARKS,
	C_LIST,
	C_COUNT
};

static const char *const col_names[C_COUNT] = {
	[C_ID] = "id",
	[C_NAME] = "name",
	[C_SCHEMA] = "schema",
	[C_ALIASES] = "aliases",
	[C_ADDRESSES] = "addresses",
	[C_COUNTRY] = "country",
	[C_BIRTH_DATE] = "birth_date",
	[C_IDENTIFIERS] = "identifiers",
	[C_PROGRAM] = "program",
	[C_LISTED_ON] = "listed_on",
	[C_REMARKS] = "remarks",
	[C_LIST] = "list",
};

typedef struct internal_state {
	parse_ctx *ctx;
	csv_reader r;
	int col[C_COUNT]; /* field index of each column, -1 if absent */
	int nheader;
	hashmap ids;      /* id -> line where it was first used */
	buf why;          /* the reason a row is skipped */
	buf value;        /* one value of a multi-valued cell */
} internal_state;

static const char *cell(const internal_state *st, enum col c)
{
	return tab_field(&st->r, st->col, (int)c);
}

/* The next ";"-separated value of a cell into out (trimmed); *pp becomes
 * NULL after the last one. 0 when there are no more. */
static int mv_next(const char **pp, buf *out)
{
	const char *p = *pp;
	if (!p)
		return 0;
	const char *semi = strchr(p, ';');
	size_t n = semi ? (size_t)(semi - p) : strlen(p);
	while (n && isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	buf_reset(out);
	buf_add(out, p, n);
	*pp = semi ? semi + 1 : NULL;
	return 1;
}

/* ------------------------------------------------------- marker line */

static int valid_source(const char *v, size_t n)
{
	if (!n || n > SOURCE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (!(islower(c) || isdigit(c) || c == '-'))
			return 0;
	}
	return 1;
}

static licit_status marker_attr(internal_state *st, const char *tok,
				size_t n, const char **source, size_t *source_n)
{
	parse_ctx *ctx = st->ctx;
	const char *eq = memchr(tok, '=', n);
	size_t kn = eq ? (size_t)(eq - tok) : n;
	const char *v = eq ? eq + 1 : "";
	size_t vn = eq ? n - kn - 1 : 0;
	pdate d;
	if (kn == 6 && !memcmp(tok, "source", 6)) {
		if (!valid_source(v, vn))
			return err_set(ctx->err, LICIT_EPARSE,
				       "%s:1: source=%.*s: expected 1 to %d "
				       "lowercase letters, digits or dashes",
				       ctx->path, (int)vn, v, SOURCE_MAX);
		*source = v;
		*source_n = vn;
		return LICIT_OK;
	}
	if (kn == 9 && !memcmp(tok, "published", 9)) {
		if (vn != 10 || pdate_parse(v, vn, 0, &d) < 0 || !d.day)
			return err_set(ctx->err, LICIT_EPARSE,
				       "%s:1: published=%.*s: expected a date "
				       "as YYYY-MM-DD",
				       ctx->path, (int)vn, v);
		pdate_format(d, ctx->published);
		return LICIT_OK;
	}
	return err_set(ctx->err, LICIT_EPARSE,
		       "%s:1: unknown attribute '%.*s' on the marker line "
		       "(expected source=... or published=YYYY-MM-DD)",
		       ctx->path, (int)(n > 64 ? 64 : n), tok);
}

static void set_source_id(internal_state *st, const char *source,
			  size_t source_n)
{
	parse_ctx *ctx = st->ctx;
	buf b;
	buf_init(&b, 256);
	buf_addstr(&b, "internal-");
	if (source) {
		buf_add(&b, source, source_n);
	} else {
		const char *base = source_base_name(ctx->path);
		const char *dot = strrchr(base, '.');
		size_t n = dot && dot != base ? (size_t)(dot - base)
					      : strlen(base);
		if (n >= 9 && !strncasecmp(base, "internal", 8) &&
		    (base[8] == '-' || base[8] == '_')) {
			base += 9;
			n -= 9;
		}
		source_slug_add(&b, base, n, SOURCE_MAX);
	}
	if (b.len == strlen("internal-"))
		buf_addstr(&b, "list");
	ctx->source_id = arena_strdup(&ctx->set->mem, buf_str(&b));
	buf_release(&b);
}

/*
 * Check the marker line data[0..n) ("#licit-internal-list v1" and
 * attributes; trailing commas from spreadsheets are allowed) and set the
 * source id and publication date.
 */
static licit_status read_marker(internal_state *st, const char *p, size_t n)
{
	parse_ctx *ctx = st->ctx;
	size_t mlen = strlen(MARKER);
	while (n && (p[n - 1] == ',' || isspace((unsigned char)p[n - 1])))
		n--;
	if (n < mlen || memcmp(p, MARKER, mlen) ||
	    (n > mlen && !isspace((unsigned char)p[mlen])))
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: expected the marker line '" MARKER
			       " v1' (see docs/internal-list.md)",
			       ctx->path);
	const char *source = NULL;
	size_t source_n = 0;
	int ntok = 0;
	for (size_t i = mlen; i < n;) {
		while (i < n && isspace((unsigned char)p[i]))
			i++;
		size_t s = i;
		while (i < n && !isspace((unsigned char)p[i]))
			i++;
		if (i == s)
			break;
		licit_status rc = LICIT_OK;
		if (ntok++ == 0) {
			if (i - s != 2 || memcmp(p + s, "v1", 2))
				return err_set(ctx->err, LICIT_EPARSE,
					       "%s:1: unsupported version "
					       "'%.*s' (this licit reads v1)",
					       ctx->path,
					       (int)(i - s > 16 ? 16 : i - s),
					       p + s);
		} else {
			rc = marker_attr(st, p + s, i - s, &source, &source_n);
		}
		if (rc != LICIT_OK)
			return rc;
	}
	if (!ntok)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: the marker line needs a version: '" MARKER
			       " v1'",
			       ctx->path);
	set_source_id(st, source, source_n);
	return LICIT_OK;
}

/* ------------------------------------------------------------ header */

static licit_status read_header(internal_state *st)
{
	parse_ctx *ctx = st->ctx;
	licit_status rc = tab_read_header(ctx, &st->r, 2,
					  "expected the header row "
					  "(id,name,...) after the marker "
					  "line");
	if (rc != LICIT_OK)
		return rc;
	unsigned long long line = st->r.row_line;
	for (int c = 0; c < C_COUNT; c++)
		st->col[c] = -1;
	/* spreadsheets pad rows with empty cells: ignore trailing ones */
	int n = st->r.nfields;
	while (n > 1 && source_blank(st->r.fields[n - 1]))
		n--;
	st->nheader = n;
	for (int i = 0; i < n; i++) {
		char name[64];
		const char *f = st->r.fields[i];
		while (isspace((unsigned char)*f))
			f++;
		snprintf(name, sizeof(name), "%s", f);
		for (size_t k = strlen(name); k && isspace((unsigned char)
							     name[k - 1]);)
			name[--k] = '\0';
		int c = 0;
		while (c < C_COUNT && strcasecmp(name, col_names[c]))
			c++;
		if (c == C_COUNT)
			return err_set(ctx->err, LICIT_EPARSE,
				       "%s:%llu: unknown column '%s' (known: "
				       "id, name, schema, aliases, addresses, "
				       "country, birth_date, identifiers, "
				       "program, listed_on, remarks, list)",
				       ctx->path, line, name);
		if (st->col[c] >= 0)
			return err_set(ctx->err, LICIT_EPARSE,
				       "%s:%llu: column '%s' appears twice",
				       ctx->path, line, col_names[c]);
		st->col[c] = i;
	}
	if (st->col[C_ID] < 0 || st->col[C_NAME] < 0)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:%llu: missing required column '%s' (the "
			       "header needs at least id,name)",
			       ctx->path, line,
			       col_names[st->col[C_ID] < 0 ? C_ID : C_NAME]);
	return LICIT_OK;
}

/* -------------------------------------------------------------- rows */

static licit_schema row_schema(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return LICIT_SCHEMA_ORGANIZATION;
	static const char *const names[] = {"person", "organization",
					    "vessel", "aircraft"};
	static const licit_schema schemas[] = {
		LICIT_SCHEMA_PERSON, LICIT_SCHEMA_ORGANIZATION,
		LICIT_SCHEMA_VESSEL, LICIT_SCHEMA_AIRCRAFT};
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < 4; i++)
		if (strlen(names[i]) == n && !strncasecmp(s, names[i], n))
			return schemas[i];
	return LICIT_SCHEMA_UNKNOWN;
}

/* Every ";"-separated date of the cell parses (an empty cell does). */
static int dates_ok(internal_state *st, enum col c, const char **bad)
{
	const char *p = cell(st, c);
	pdate d;
	if (source_blank(p))
		return 1;
	while (mv_next(&p, &st->value))
		if (st->value.len &&
		    pdate_parse(st->value.data, st->value.len, 0, &d) < 0) {
			*bad = buf_str(&st->value);
			return 0;
		}
	return 1;
}

/* An identifier type: 1 to TYPE_MAX of [A-Za-z0-9_ -]. */
static int valid_type(const char *s, size_t n)
{
	if (!n || n > TYPE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isalnum(c) || c == '-' || c == '_' || c == ' '))
			return 0;
	}
	return 1;
}

static int idents_ok(internal_state *st, const char **bad)
{
	const char *p = cell(st, C_IDENTIFIERS);
	if (source_blank(p))
		return 1;
	while (mv_next(&p, &st->value)) {
		const char *v = buf_str(&st->value);
		const char *colon = strchr(v, ':');
		if (!colon)
			continue;
		if (!valid_type(v, (size_t)(colon - v)) ||
		    source_blank(colon + 1)) {
			*bad = v;
			return 0;
		}
	}
	return 1;
}

/* s without surrounding white space: the start, and its length in *n. */
static const char *trimmed(const char *s, size_t *n)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t k = strlen(s);
	while (k && isspace((unsigned char)s[k - 1]))
		k--;
	*n = k;
	return s;
}

/* 1 if a cell past the header's last column holds something. */
static int extra_cells(const internal_state *st)
{
	for (int i = st->nheader; i < st->r.nfields; i++)
		if (!source_blank(st->r.fields[i]))
			return 1;
	return 0;
}

/* Why the current row cannot be used (into st->why), or NULL. */
static const char *row_problem(internal_state *st, licit_schema *schema)
{
	buf *w = &st->why;
	const char *bad = NULL;
	size_t idn;
	const char *id = trimmed(cell(st, C_ID), &idn);
	uint32_t first;
	buf_reset(w);
	if (extra_cells(st))
		buf_addf(w, "expected %d fields, found %d", st->nheader,
			 st->r.nfields);
	else if (!idn)
		buf_addstr(w, "missing id");
	else if (source_blank(cell(st, C_NAME)))
		buf_addf(w, "'%.*s': missing name", (int)idn, id);
	else if ((*schema = row_schema(cell(st, C_SCHEMA))) ==
		 LICIT_SCHEMA_UNKNOWN)
		buf_addf(w,
			 "'%.*s': unknown schema '%s' (expected person, "
			 "organization, vessel or aircraft)",
			 (int)idn, id, cell(st, C_SCHEMA));
	else if (!dates_ok(st, C_BIRTH_DATE, &bad))
		buf_addf(w, "'%.*s': birth_date '%s' is not a date (expected "
			    "YYYY, YYYY-MM or YYYY-MM-DD)", (int)idn, id, bad);
	else if (!dates_ok(st, C_LISTED_ON, &bad))
		buf_addf(w, "'%.*s': listed_on '%s' is not a date (expected "
			    "YYYY, YYYY-MM or YYYY-MM-DD)", (int)idn, id, bad);
	else if (!idents_ok(st, &bad))
		buf_addf(w, "'%.*s': identifier '%s' is not type:value",
			 (int)idn, id, bad);
	else if (hashmap_get(&st->ids, id, idn, &first))
		buf_addf(w, "duplicate id '%.*s' (first used on line %lu)",
			 (int)idn, id, (unsigned long)first);
	return w->len ? buf_str(w) : NULL;
}

static void add_idents(internal_state *st, entity *e)
{
	const char *p = cell(st, C_IDENTIFIERS);
	while (mv_next(&p, &st->value)) {
		char type[TYPE_MAX + 1];
		const char *v = buf_str(&st->value);
		const char *colon = strchr(v, ':');
		if (!colon) {
			ent_add_ident(st->ctx->set, e, "other", v, NULL, NULL);
			continue;
		}
		size_t n = (size_t)(colon - v), k = 0;
		for (size_t i = 0; i < n && k < TYPE_MAX; i++) {
			char c = (char)tolower((unsigned char)v[i]);
			if (c == ' ' && (!k || i + 1 == n))
				continue;
			type[k++] = c == '_' || c == ' ' ? '-' : c;
		}
		type[k] = '\0';
		ent_add_ident(st->ctx->set, e, type, colon + 1, NULL, NULL);
	}
}

static void add_multi(internal_state *st, entity *e, enum col c)
{
	entity_set *s = st->ctx->set;
	pdate d, none = {0, 0, 0};
	const char *p = cell(st, c);
	if (source_blank(p))
		return;
	while (mv_next(&p, &st->value)) {
		const char *v = buf_str(&st->value);
		if (!*v)
			continue;
		switch (c) {
		case C_ALIASES:
			ent_add_name(s, e, NAME_STRONG, v, NULL, NULL);
			break;
		case C_ADDRESSES:
			ent_add_addr(s, e, v, NULL, NULL, NULL, NULL);
			break;
		case C_COUNTRY:
			ent_add_country(s, e, COUNTRY_OTHER, v);
			break;
		case C_PROGRAM:
			ent_add_program(s, e, v);
			break;
		case C_BIRTH_DATE:
			if (pdate_parse(v, strlen(v), 0, &d) == 0)
				ent_add_date(s, e,
					     e->schema == LICIT_SCHEMA_PERSON
						     ? DATE_BIRTH
						     : DATE_INCORPORATION,
					     d, none);
			break;
		case C_LISTED_ON:
			if (pdate_parse(v, strlen(v), 0, &d) == 0 &&
			    (!e->listed.year || pdate_cmp(d, e->listed) < 0))
				e->listed = d;
			break;
		default:
			break;
		}
	}
}

static void fill(internal_state *st, entity *e)
{
	entity_set *s = st->ctx->set;
	static const enum col multi[] = {C_ALIASES,    C_ADDRESSES,
					 C_COUNTRY,    C_PROGRAM,
					 C_BIRTH_DATE, C_LISTED_ON};
	ent_add_name(s, e, NAME_PRIMARY, cell(st, C_NAME), NULL, NULL);
	for (size_t i = 0; i < sizeof(multi) / sizeof(multi[0]); i++)
		add_multi(st, e, multi[i]);
	add_idents(st, e);
	e->remarks = ent_str(s, cell(st, C_REMARKS));
	const char *list = cell(st, C_LIST);
	ent_add_list(s, e, source_blank(list) ? DEFAULT_LIST : list);
}

static licit_status row(internal_state *st)
{
	parse_ctx *ctx = st->ctx;
	licit_schema schema = LICIT_SCHEMA_UNKNOWN;
	const char *problem = row_problem(st, &schema);
	if (problem) {
		parse_skip(ctx, NULL, st->r.row_line, "%s", problem);
		return LICIT_OK;
	}
	entity *e = entity_set_add(ctx->set);
	if (!e)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	const char *id = ent_str(ctx->set, cell(st, C_ID));
	ent_set_id(ctx->set, e, ctx->source_id, id);
	e->schema = (uint8_t)schema;
	e->origin_file = ctx->path;
	e->origin_line = st->r.row_line;
	fill(st, e);
	const char *key = id; /* trimmed, in the set's arena */
	if (!key || hashmap_put(&st->ids, key, strlen(key),
				(uint32_t)st->r.row_line) < 0)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	ctx->stats.entities++;
	ctx->stats.names += e->n_names;
	return LICIT_OK;
}

static int empty_row(const internal_state *st)
{
	for (int i = 0; i < st->r.nfields; i++)
		if (!source_blank(st->r.fields[i]))
			return 0;
	return 1;
}

static licit_status read_rows(internal_state *st)
{
	parse_ctx *ctx = st->ctx;
	int got;
	while ((got = csv_next(&st->r)) != 0) {
		if (got < 0)
			return tab_csv_fail(ctx, &st->r);
		if (empty_row(st))
			continue;
		ctx->stats.records++;
		if (st->r.nfields < st->nheader && st->r.p >= st->r.end &&
		    ctx->data[ctx->len - 1] != '\n')
			return err_set(ctx->err, LICIT_EPARSE,
				       "%s:%llu: expected %d fields, found %d "
				       "(truncated file?)",
				       ctx->path,
				       (unsigned long long)st->r.row_line,
				       st->nheader, st->r.nfields);
		licit_status rc = row(st);
		if (rc != LICIT_OK)
			return rc;
	}
	return LICIT_OK;
}

/* ------------------------------------------------------------ format */

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	return source_starts_with(data, len, MARKER) ? 100 : 0;
}

static licit_status parse_body(internal_state *st)
{
	parse_ctx *ctx = st->ctx;
	const char *p = (const char *)ctx->data, *end = p + ctx->len;
	if (ctx->len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = (size_t)((nl ? nl : end) - p);
	licit_status rc = read_marker(st, p, n);
	if (rc != LICIT_OK)
		return rc;
	const char *body = nl ? nl + 1 : end;
	csv_init(&st->r, body, (size_t)(end - body), ',');
	st->r.line = 2;
	rc = read_header(st);
	if (rc == LICIT_OK)
		rc = read_rows(st);
	csv_release(&st->r);
	return rc;
}

static licit_status parse(parse_ctx *ctx)
{
	if (!ctx->len)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: empty file (expected '" MARKER
			       " v1' and a header row)",
			       ctx->path);
	/* only content that opens like markup: a record may well mention
	 * "<html" in its text */
	if (source_starts_with(ctx->data, ctx->len, "<") &&
	    source_looks_html(ctx->data, ctx->len))
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: an HTML page, not an internal list",
			       ctx->path);
	licit_status rc = source_require_utf8(ctx);
	if (rc != LICIT_OK)
		return rc;
	internal_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	hashmap_init(&st.ids);
	buf_init(&st.why, 4096);
	buf_init(&st.value, CSV_MAX_ROW);
	rc = parse_body(&st);
	if (rc == LICIT_OK && (!buf_ok(&st.value) || ctx->set->mem.failed))
		rc = err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			     ctx->path);
	buf_release(&st.why);
	buf_release(&st.value);
	hashmap_release(&st.ids);
	return rc;
}

const source_format fmt_internal_csv = {
	.name = "internal-csv",
	.description = "internal block list CSV (docs/internal-list.md)",
	.detect = detect,
	.is_companion = NULL,
	.parse = parse,
};
