/*
 * books.c - parsing, validating and storing party and licence books.
 *
 * The two kinds share everything but their field list and the checks on
 * some fields, so one table (`fields`) says for each field whether it is
 * required and how it is normalized. CSV goes through the list reader
 * (sources/csv.h: quoting, CRLF, BOM); JSON lines through jansson, a
 * value being a string (or an integer, written in decimal). Nothing here
 * trusts the input: every value is length-capped and UTF-8-checked, and a
 * bad row costs only its own rejection.
 */
#include "store/books.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/date.h"
#include "model/entity.h"
#include "sources/csv.h"
#include "store/audit.h"
#include "text/country.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/hashmap.h"
#include "util/utf8.h"
#include "banned.h"

typedef enum check {
	C_TEXT,	   /* any text */
	C_SCHEMA,  /* person, organization, vessel, aircraft */
	C_COUNTRY, /* ISO code or country name -> ISO code */
	C_PDATE,   /* YYYY[-MM[-DD]] (any form pdate_parse knows) */
	C_DATE,	   /* a full date -> YYYY-MM-DD */
	C_REGIME,  /* a policy id */
	C_STATUS,  /* licence status */
} check;

typedef struct field {
	const char *name;
	int required;
	check check;
} field;

static const field party_fields[] = {
	{"id", 1, C_TEXT},	  {"name", 1, C_TEXT},
	{"schema", 0, C_SCHEMA},  {"country", 0, C_COUNTRY},
	{"birth_date", 0, C_PDATE}, {"identifier", 0, C_TEXT},
};
static const field licence_fields[] = {
	{"id", 1, C_TEXT},	      {"exporter", 1, C_TEXT},
	{"item", 1, C_TEXT},	      {"destination", 1, C_COUNTRY},
	{"end_user", 0, C_TEXT},      {"end_user_type", 0, C_TEXT},
	{"regime", 1, C_REGIME},      {"issued", 0, C_DATE},
	{"expires", 0, C_DATE},	      {"status", 0, C_STATUS},
};

static const char *const statuses[] = {"active", "pending", "suspended",
				       "revoked", "expired"};

static const field *fields_of(book_kind k, size_t *n)
{
	if (k == BOOK_LICENCES) {
		*n = sizeof(licence_fields) / sizeof(licence_fields[0]);
		return licence_fields;
	}
	*n = sizeof(party_fields) / sizeof(party_fields[0]);
	return party_fields;
}

static const char *const party_names[] = {
	"id", "name", "schema", "country", "birth_date", "identifier"};
static const char *const licence_names[] = {
	"id",		 "exporter", "item",   "destination", "end_user",
	"end_user_type", "regime",   "issued", "expires",     "status"};

const char *const *book_fields(book_kind kind, size_t *n)
{
	fields_of(kind, n);
	return kind == BOOK_LICENCES ? licence_names : party_names;
}

/* ------------------------------------------------------------ checking */

/* A row being read: raw values (NULL: absent) by field index. */
typedef struct raw_row {
	const char *v[BOOK_MAX_FIELDS];
	size_t len[BOOK_MAX_FIELDS];
} raw_row;

static void trim(const char **s, size_t *n)
{
	while (*n && strchr(" \t\r\n", **s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && strchr(" \t\r\n", (*s)[*n - 1]))
		(*n)--;
}

static int is_regime(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(s);
}

/* Normalize one value into the arena; NULL and *why on failure. */
static const char *normalize(book *b, const field *f, const char *s,
			     size_t n, char *why, size_t whylen)
{
	char *v = arena_strndup(&b->mem, s, n);
	if (!v) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	switch (f->check) {
	case C_SCHEMA: {
		licit_schema sc = schema_from_text(v);
		if (sc == LICIT_SCHEMA_UNKNOWN && strcmp(v, "unknown")) {
			snprintf(why, whylen,
				 "%s: unknown schema '%.64s' (person, "
				 "organization, vessel, aircraft)",
				 f->name, v);
			return NULL;
		}
		return licit_schema_name(sc);
	}
	case C_COUNTRY: {
		char cc[3];
		if (!country_code(v, cc)) {
			snprintf(why, whylen, "%s: unknown country '%.64s'",
				 f->name, v);
			return NULL;
		}
		return arena_strdup(&b->mem, cc);
	}
	case C_PDATE:
	case C_DATE: {
		pdate d;
		char out[11];
		if (pdate_parse(v, n, 0, &d) < 0 ||
		    (f->check == C_DATE && !d.day)) {
			snprintf(why, whylen, "%s: '%.64s' is not a date (%s)",
				 f->name, v,
				 f->check == C_DATE ? "YYYY-MM-DD"
						    : "YYYY, YYYY-MM or "
						      "YYYY-MM-DD");
			return NULL;
		}
		pdate_format(d, out);
		return arena_strdup(&b->mem, out);
	}
	case C_REGIME:
		if (!is_regime(v)) {
			snprintf(why, whylen,
				 "%s: '%.64s' is not a policy id (lowercase "
				 "letters, digits, dashes)",
				 f->name, v);
			return NULL;
		}
		return v;
	case C_STATUS:
		for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
			if (!strcmp(v, statuses[i]))
				return statuses[i];
		snprintf(why, whylen,
			 "%s: '%.64s' is not one of active, pending, "
			 "suspended, revoked, expired",
			 f->name, v);
		return NULL;
	default:
		return v;
	}
}

static licit_status reject(book *b, uint64_t line, const char *why)
{
	if (b->n_rejects == b->cap_rejects) {
		size_t nc = b->cap_rejects ? b->cap_rejects * 2 : 64;
		licit_book_reject *nv =
			licit__realloc(b->rejects, nc * sizeof(*nv));
		if (!nv)
			return LICIT_ENOMEM;
		b->rejects = nv;
		b->cap_rejects = nc;
	}
	const char *r = arena_strdup(&b->mem, why);
	if (!r)
		return LICIT_ENOMEM;
	b->rejects[b->n_rejects++] = (licit_book_reject){line, r};
	return LICIT_OK;
}

/* The licence-level checks once each field is valid. */
static int licence_consistent(const book_row *r, char *why, size_t whylen)
{
	const char *issued = r->f[7], *expires = r->f[8];
	if (issued && expires && strcmp(expires, issued) < 0) {
		snprintf(why, whylen, "expires %s is before issued %s", expires,
			 issued);
		return 0;
	}
	return 1;
}

typedef struct parse_state {
	book *b;
	const field *fields;
	size_t nf;
	hashmap ids; /* id -> line it was first seen on */
	int has_ids;
} parse_state;

/* Validate one row and keep it, or reject it. */
static licit_status take_row(parse_state *p, uint64_t line, const raw_row *raw)
{
	book *b = p->b;
	book_row r = {line, {0}};
	char why[512] = "";
	b->rows_read++;
	for (size_t i = 0; i < p->nf && !why[0]; i++) {
		const char *s = raw->v[i];
		size_t n = raw->len[i];
		if (s)
			trim(&s, &n);
		if (!s || !n) {
			if (p->fields[i].required)
				snprintf(why, sizeof(why), "%s is missing",
					 p->fields[i].name);
			continue;
		}
		if (n > BOOK_MAX_VALUE)
			snprintf(why, sizeof(why), "%s: longer than %d bytes",
				 p->fields[i].name, BOOK_MAX_VALUE);
		else if (utf8_invalid_at((const unsigned char *)s, n) != n ||
			 memchr(s, '\0', n))
			snprintf(why, sizeof(why), "%s: not valid UTF-8 text",
				 p->fields[i].name);
		else
			r.f[i] = normalize(b, &p->fields[i], s, n, why,
					   sizeof(why));
	}
	if (!why[0] && b->kind == BOOK_LICENCES)
		licence_consistent(&r, why, sizeof(why));
	uint32_t first;
	if (!why[0] && hashmap_get(&p->ids, r.f[0], strlen(r.f[0]), &first))
		snprintf(why, sizeof(why), "id '%.64s' again (first on line %u)",
			 r.f[0], first);
	if (why[0])
		return reject(b, line, why);
	if (hashmap_put(&p->ids, r.f[0], strlen(r.f[0]),
			line > UINT32_MAX ? UINT32_MAX : (uint32_t)line) < 0)
		return LICIT_ENOMEM;
	if (b->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 256;
		book_row *nv = licit__realloc(b->rows, nc * sizeof(*nv));
		if (!nv)
			return LICIT_ENOMEM;
		b->rows = nv;
		b->cap = nc;
	}
	b->rows[b->n++] = r;
	return LICIT_OK;
}

/* ---------------------------------------------------------------- CSV */

static licit_status parse_csv(parse_state *p, const char *path,
			      const void *data, size_t len, errinfo *e)
{
	csv_reader r;
	csv_init(&r, data, len, ',');
	int col[CSV_MAX_FIELDS];
	int ncols = -1;
	licit_status st = LICIT_OK;
	int rc;
	while (st == LICIT_OK && (rc = csv_next(&r)) == 1) {
		if (ncols < 0) {
			/* the header: every column known, the required ones
			 * present */
			ncols = r.nfields;
			int seen[BOOK_MAX_FIELDS] = {0};
			for (int i = 0; i < ncols && st == LICIT_OK; i++) {
				col[i] = -1;
				if (!r.fields[i][0]) {
					col[i] = -2; /* spreadsheet padding */
					continue;
				}
				for (size_t k = 0; k < p->nf; k++)
					if (!strcmp(r.fields[i],
						    p->fields[k].name))
						col[i] = (int)k;
				if (col[i] < 0)
					st = err_set(e, LICIT_EPARSE,
						     "%s:%llu: unknown column "
						     "'%.64s'",
						     path,
						     (unsigned long long)
							     r.row_line,
						     r.fields[i]);
				else if (seen[col[i]]++)
					st = err_set(e, LICIT_EPARSE,
						     "%s:%llu: column '%s' "
						     "twice",
						     path,
						     (unsigned long long)
							     r.row_line,
						     r.fields[i]);
			}
			for (size_t k = 0; k < p->nf && st == LICIT_OK; k++)
				if (p->fields[k].required && !seen[k])
					st = err_set(e, LICIT_EPARSE,
						     "%s:%llu: the header has "
						     "no '%s' column",
						     path,
						     (unsigned long long)
							     r.row_line,
						     p->fields[k].name);
			continue;
		}
		if (r.nfields > ncols) {
			char why[96];
			snprintf(why, sizeof(why),
				 "%d fields, the header has %d", r.nfields,
				 ncols);
			p->b->rows_read++;
			st = reject(p->b, r.row_line, why);
			continue;
		}
		raw_row raw;
		memset(&raw, 0, sizeof(raw));
		for (int i = 0; i < r.nfields; i++) {
			if (col[i] < 0)
				continue;
			raw.v[col[i]] = r.fields[i];
			raw.len[col[i]] = strlen(r.fields[i]);
		}
		st = take_row(p, r.row_line, &raw);
		if (st == LICIT_ENOMEM)
			err_set(e, st, "out of memory");
	}
	if (st == LICIT_OK && rc < 0)
		st = err_set(e, LICIT_EPARSE, "%s:%llu: %s", path,
			     (unsigned long long)r.row_line, csv_error(&r));
	if (st == LICIT_OK && ncols < 0)
		st = err_set(e, LICIT_EPARSE,
			     "%s: empty: no header line (expected %s,...)",
			     path, p->fields[0].name);
	csv_release(&r);
	return st;
}

/* --------------------------------------------------------- JSON lines */

/* One JSON line into raw (values point into the object), or *why. */
static void json_row(parse_state *p, json_t *o, raw_row *raw, char *numbuf,
		     char *why, size_t whylen)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		size_t k = 0;
		while (k < p->nf && strcmp(key, p->fields[k].name))
			k++;
		if (k == p->nf) {
			snprintf(why, whylen, "unknown field '%.64s'", key);
			return;
		}
		if (json_is_string(v)) {
			raw->v[k] = json_string_value(v);
			raw->len[k] = json_string_length(v);
		} else if (json_is_integer(v)) {
			char *num = numbuf + k * 32;
			snprintf(num, 32, "%lld",
				 (long long)json_integer_value(v));
			raw->v[k] = num;
			raw->len[k] = strlen(num);
		} else if (!json_is_null(v)) {
			snprintf(why, whylen, "%s: expected a string", key);
			return;
		}
	}
}

static licit_status parse_jsonl(parse_state *p, const char *path,
				const char *data, size_t len, errinfo *e)
{
	const char *s = data, *end = data + len;
	uint64_t line = 0;
	licit_status st = LICIT_OK;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (st == LICIT_OK && s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - s);
		line++;
		const char *t = s;
		trim(&t, &n);
		s = nl ? nl + 1 : end;
		if (!n)
			continue;
		json_error_t jerr;
		json_t *o = json_loadb(t, n, JSON_REJECT_DUPLICATES, &jerr);
		char why[512] = "";
		raw_row raw;
		char nums[BOOK_MAX_FIELDS * 32];
		memset(&raw, 0, sizeof(raw));
		if (!o)
			snprintf(why, sizeof(why), "not JSON: %s", jerr.text);
		else if (!json_is_object(o))
			snprintf(why, sizeof(why), "expected a JSON object");
		else
			json_row(p, o, &raw, nums, why, sizeof(why));
		if (why[0]) {
			p->b->rows_read++;
			st = reject(p->b, line, why);
		} else {
			st = take_row(p, line, &raw);
		}
		json_decref(o);
	}
	if (st == LICIT_ENOMEM)
		err_set(e, st, "out of memory");
	if (st == LICIT_OK && !p->b->rows_read)
		st = err_set(e, LICIT_EPARSE, "%s: no rows", path);
	return st;
}

licit_status book_parse(book_kind kind, const char *path, const void *data,
			size_t len, book *b, errinfo *e)
{
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	arena_init(&b->mem);
	parse_state p = {b, NULL, 0, {0}, 0};
	p.fields = fields_of(kind, &p.nf);
	hashmap_init(&p.ids);
	const char *s = data;
	size_t i = 0;
	if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && strchr(" \t\r\n", s[i]) && s[i])
		i++;
	licit_status st = i < len && s[i] == '{'
				  ? parse_jsonl(&p, path, s, len, e)
				  : parse_csv(&p, path, data, len, e);
	hashmap_release(&p.ids);
	if (st == LICIT_OK && b->mem.failed)
		st = err_set(e, LICIT_ENOMEM, "out of memory");
	return st;
}

void book_release(book *b)
{
	licit__free(b->rows);
	licit__free(b->rejects);
	arena_release(&b->mem);
	memset(b, 0, sizeof(*b));
}

/* ------------------------------------------------------------ storing */

static const char *table_of(book_kind k)
{
	return k == BOOK_LICENCES ? "licences" : "parties";
}

#define ROWS_PER_INSERT 50

/* INSERT ... VALUES (...),(...) ON CONFLICT (id) DO UPDATE SET ... for
 * rows[0..n): the book's fields, then source, line, imported_at. */
static licit_status upsert(store *s, const book *b, const book_row *rows,
			   size_t n, const char *file, const char *now,
			   errinfo *e)
{
	size_t nf;
	const field *f = fields_of(b->kind, &nf);
	size_t per = nf + 3;
	buf sql;
	buf_init(&sql, 1 << 20);
	buf_addf(&sql, "INSERT INTO %s (", table_of(b->kind));
	for (size_t k = 0; k < nf; k++)
		buf_addf(&sql, "%s, ", f[k].name);
	buf_addstr(&sql, "source, line, imported_at) VALUES ");
	store_val *p = licit__calloc(n * per, sizeof(*p));
	if (!p) {
		buf_release(&sql);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		buf_addstr(&sql, i ? ",(" : "(");
		for (size_t k = 0; k < per; k++)
			buf_addf(&sql, "%s$%zu", k ? "," : "", i * per + k + 1);
		buf_addch(&sql, ')');
		store_val *v = p + i * per;
		for (size_t k = 0; k < nf; k++)
			v[k] = sv_text(rows[i].f[k]);
		if (b->kind == BOOK_PARTIES && !v[2].s)
			v[2] = sv_text("unknown");
		if (b->kind == BOOK_LICENCES && !v[9].s)
			v[9] = sv_text("active");
		v[nf] = sv_text(file);
		v[nf + 1] = sv_int((int64_t)rows[i].line);
		v[nf + 2] = sv_text(now);
	}
	buf_addstr(&sql, " ON CONFLICT (id) DO UPDATE SET ");
	for (size_t k = 1; k < nf; k++)
		buf_addf(&sql, "%s = excluded.%s, ", f[k].name, f[k].name);
	buf_addstr(&sql, "source = excluded.source, line = excluded.line, "
			 "imported_at = excluded.imported_at");
	licit_status st = buf_ok(&sql)
				  ? store_exec(s, buf_str(&sql), p,
					       (int)(n * per), e)
				  : err_set(e, LICIT_ENOMEM, "out of memory");
	licit__free(p);
	buf_release(&sql);
	return st;
}

static licit_status store_locked(store *s, const book *b, const char *file,
				 const char *sha256, const char *actor,
				 errinfo *e)
{
	char now[32];
	store_now(now);
	licit_status st = LICIT_OK;
	for (size_t i = 0; st == LICIT_OK && i < b->n; i += ROWS_PER_INSERT)
		st = upsert(s, b, b->rows + i,
			    b->n - i < ROWS_PER_INSERT ? b->n - i
						       : ROWS_PER_INSERT,
			    file, now, e);
	if (st != LICIT_OK)
		return st;
	json_t *name = json_string(file); /* NULL if not UTF-8 */
	json_t *entry = json_pack(
		"{s:s,s:s,s:s,s:o,s:s,s:I,s:I,s:I,s:n}", "kind",
		b->kind == BOOK_LICENCES ? "licences-import" : "parties-import",
		"time", now, "actor", actor, "file",
		name ? name : json_string("(file name not UTF-8)"), "sha256",
		sha256, "rows", (json_int_t)b->rows_read, "imported",
		(json_int_t)b->n, "rejected", (json_int_t)b->n_rejects,
		"policy_version");
	if (!entry)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	audit_item it = {NULL, entry};
	st = audit_append(s, &it, 1, e);
	json_decref(entry);
	return st;
}

licit_status book_store(store *s, const book *b, const char *file,
			const char *sha256, const char *actor, errinfo *e)
{
	licit_status st = store_begin(s, 1, e);
	if (st != LICIT_OK)
		return st;
	st = store_locked(s, b, file, sha256, actor, e);
	if (st != LICIT_OK) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, e);
}

/* ------------------------------------------------------------ reading */

typedef struct each_state {
	int (*fn)(void *ctx, const char *const *f);
	void *ctx;
	char last[BOOK_MAX_VALUE + 1];
	size_t rows;
	int stopped;
} each_state;

static int each_row(void *ctx, int n, const char *const *v)
{
	each_state *w = ctx;
	if (n < 1 || !v[0])
		return 1;
	snprintf(w->last, sizeof(w->last), "%s", v[0]);
	w->rows++;
	if (w->fn(w->ctx, v)) {
		w->stopped = 1;
		return 1;
	}
	return 0;
}

#define PAGE 1000

licit_status book_each(store *s, book_kind kind,
		       int (*fn)(void *ctx, const char *const *f), void *ctx,
		       errinfo *e)
{
	size_t nf;
	const field *f = fields_of(kind, &nf);
	buf sql;
	buf_init(&sql, 1 << 16);
	buf_addstr(&sql, "SELECT ");
	for (size_t k = 0; k < nf; k++)
		buf_addf(&sql, "%s%s", k ? ", " : "", f[k].name);
	buf_addf(&sql, " FROM %s WHERE id > $1 ORDER BY id LIMIT %d",
		 table_of(kind), PAGE);
	if (!buf_ok(&sql))
		return err_set(e, LICIT_ENOMEM, "out of memory");
	each_state *w = licit__calloc(1, sizeof(*w));
	if (!w) {
		buf_release(&sql);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	w->fn = fn;
	w->ctx = ctx;
	licit_status st;
	for (;;) {
		store_val p[] = {sv_text(w->last)};
		w->rows = 0;
		st = store_query(s, buf_str(&sql), p, 1, each_row, w, e);
		if (st != LICIT_OK || w->stopped || w->rows < PAGE)
			break;
	}
	licit__free(w);
	buf_release(&sql);
	return st;
}
