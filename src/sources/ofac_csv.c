/*
 * ofac_csv.c - OFAC's legacy CSV sets: the SDN list (sdn.csv with add.csv,
 * alt.csv, sdn_comments.csv) and the consolidated non-SDN list
 * (cons_prim.csv with cons_add.csv, cons_alt.csv, cons_comments.csv).
 *
 * The files have no header row, CRLF line ends, a DOS end-of-file byte
 * (0x1A), "-0- " for an empty field, and ASCII / Windows-1252 text. The
 * main file has 12 columns: ent_num, SDN_Name, SDN_Type (individual,
 * vessel, aircraft, or -0- for an organization), Program (several joined
 * by "] ["), Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
 * Vess_owner, Remarks. The companions join on ent_num:
 *   add.csv       ent_num, add_num, address, city/state/postal, country,
 *                 add_remarks
 *   alt.csv       ent_num, alt_num, alt_type (aka/fka/nka), alt_name,
 *                 alt_remarks
 *   *comments.csv ent_num, the rest of Remarks when it overflowed the
 *                 main file's 1000 characters (appended as is: the split
 *                 may fall inside a word)
 * Remarks items are read by ofac_remarks.c.
 *
 * Both sets share the layout, so the main file's name says which one it is
 * ("cons_prim*.csv" is the consolidated list, anything else SDN) and which
 * companions to open: only a main file called sdn.csv or cons_prim.csv has
 * any, so a dated copy such as sdn-2022-02-17.csv is read alone and never
 * joined with another day's add.csv. Detection itself is by content: the
 * shape of the first rows tells a main file from each companion.
 *
 * Rows the parser cannot use (an unknown ent_num in a companion, a
 * duplicate ent_num, an entry without a name) are skipped with their file
 * and line; a row with the wrong number of columns fails the file.
 */
#include "sources/source.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sources/csv.h"
#include "sources/ofac_remarks.h"
#include "text/country.h"
#include "util/arena.h"
#include "util/hashmap.h"
#include "banned.h"

enum { MAIN_FIELDS = 12, ADD_FIELDS = 6, ALT_FIELDS = 5, COMMENT_FIELDS = 2 };

enum { ENT_NUM_MAX = 12 }; /* digits in an ent_num */

typedef enum ofac_shape {
	SHAPE_NONE,
	SHAPE_MAIN,
	SHAPE_ADD,
	SHAPE_ALT,
	SHAPE_COMMENTS,
} ofac_shape;

/* ---------------------------------------------------------- fields */

/* 1 if s (after blanks) is OFAC's empty marker "-0-" or blank. */
static int is_empty(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	if (!strncmp(s, "-0-", 3))
		s += 3;
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
}

/* Field i of the row, NULL when missing or empty. */
static char *field(const csv_reader *r, int i)
{
	if (i >= r->nfields || is_empty(r->fields[i]))
		return NULL;
	return r->fields[i];
}

/* ent_num of field i, trimmed into out; 1 if it is 1..12 digits. */
static int ent_num(const csv_reader *r, int i, char out[ENT_NUM_MAX + 1])
{
	out[0] = '\0';
	const char *s = field(r, i);
	if (!s)
		return 0;
	while (*s == ' ')
		s++;
	size_t n = 0;
	while (isdigit((unsigned char)s[n]))
		n++;
	const char *rest = s + n;
	while (*rest == ' ')
		rest++;
	if (!n || n > ENT_NUM_MAX || *rest)
		return 0;
	memcpy(out, s, n);
	out[n] = '\0';
	return 1;
}

static int is_sdn_type(const char *s)
{
	if (is_empty(s))
		return 1;
	while (*s == ' ')
		s++;
	return !strcasecmp(s, "individual") || !strcasecmp(s, "vessel") ||
	       !strcasecmp(s, "aircraft");
}

static int is_alt_type(const char *s)
{
	return !strcasecmp(s, "aka") || !strcasecmp(s, "fka") ||
	       !strcasecmp(s, "nka");
}

static ofac_shape row_shape(const csv_reader *r)
{
	char num[ENT_NUM_MAX + 1], num2[ENT_NUM_MAX + 1];
	if (!ent_num(r, 0, num))
		return SHAPE_NONE;
	switch (r->nfields) {
	case MAIN_FIELDS:
		return is_sdn_type(r->fields[2]) && field(r, 1) ? SHAPE_MAIN
								: SHAPE_NONE;
	case ADD_FIELDS:
		return ent_num(r, 1, num2) ? SHAPE_ADD : SHAPE_NONE;
	case ALT_FIELDS:
		return ent_num(r, 1, num2) && is_alt_type(r->fields[2])
			   ? SHAPE_ALT
			   : SHAPE_NONE;
	case COMMENT_FIELDS:
		return SHAPE_COMMENTS;
	}
	return SHAPE_NONE;
}

static const char *shape_name(ofac_shape s)
{
	switch (s) {
	case SHAPE_ADD:
		return "address (add.csv)";
	case SHAPE_ALT:
		return "alias (alt.csv)";
	case SHAPE_COMMENTS:
		return "remarks continuation (sdn_comments.csv)";
	default:
		return "main";
	}
}

/* ------------------------------------------------------- detection */

enum { SNIFF_WINDOW = 16384, SNIFF_ROWS = 6 };

/*
 * The shape shared by the first rows of data, read from its first
 * SNIFF_WINDOW bytes; SHAPE_NONE if they disagree or none is complete.
 * *rows gets how many complete rows agreed.
 */
static ofac_shape sniff(const unsigned char *data, size_t len, int *rows)
{
	*rows = 0;
	if (!len || source_looks_html(data, len) || memchr(data, 0, len))
		return SHAPE_NONE;
	size_t w = len < SNIFF_WINDOW ? len : SNIFF_WINDOW;
	csv_reader r;
	csv_init(&r, data, w, ',');
	ofac_shape shape = SHAPE_NONE;
	for (int i = 0; i < SNIFF_ROWS; i++) {
		if (csv_next(&r) != 1)
			break;
		/* a row running into the window's edge may be cut short */
		if (w < len && r.p >= r.end)
			break;
		ofac_shape s = row_shape(&r);
		if (s == SHAPE_NONE || (shape != SHAPE_NONE && s != shape)) {
			shape = SHAPE_NONE;
			*rows = 0;
			break;
		}
		shape = s;
		++*rows;
	}
	csv_release(&r);
	return shape;
}

static const char *base_name(const char *path)
{
	const char *b = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

static int name_has(const char *path, const char *word)
{
	if (!path)
		return 0;
	const char *b = base_name(path);
	size_t n = strlen(word);
	for (; *b; b++)
		if (!strncasecmp(b, word, n))
			return 1;
	return 0;
}

static int detect(const char *path, const unsigned char *data, size_t len)
{
	int rows;
	switch (sniff(data, len, &rows)) {
	case SHAPE_MAIN:
		return rows > 1 ? 90 : 80;
	case SHAPE_ALT:
		return 70;
	case SHAPE_ADD:
		return rows > 1 ? 60 : 40;
	case SHAPE_COMMENTS:
		/* "digits,text" alone is too weak a sign */
		return name_has(path, "comments") ? 50 : 0;
	default:
		return 0;
	}
}

static int is_companion(const char *path, const unsigned char *data, size_t len)
{
	int rows;
	ofac_shape s = sniff(data, len, &rows);
	if (s == SHAPE_COMMENTS)
		return name_has(path, "comments");
	return s == SHAPE_ADD || s == SHAPE_ALT;
}

/* ------------------------------------------------------------ parse */

typedef struct comment {
	const char *text;
	uint64_t line;
	uint32_t next; /* index + 1 of the next piece for the entry, 0: none */
	int used;
	const char *ent_num;
} comment;

typedef struct companions {
	const char *add, *alt, *comments;
} companions;

typedef struct ofac_job {
	parse_ctx *ctx;
	entity_set *set;
	const char *source_id;
	const char *list_name;
	const char *origin; /* ctx->path in the set's arena */
	size_t first;	    /* set->n when the parse started */
	arena tmp;	    /* keys and comment texts; freed at the end */
	hashmap ents;	    /* ent_num -> index in set->items */
	hashmap notes;	    /* ent_num -> index + 1 of its first comment */
	comment *comments;
	size_t n_comments, cap_comments;
	const char *comments_path;
	buf remarks; /* scratch: remarks with their continuation */
} ofac_job;

static licit_status no_memory(ofac_job *j)
{
	return err_set(j->ctx->err, LICIT_ENOMEM, "%s: out of memory",
		       j->ctx->path);
}

static licit_status csv_failed(ofac_job *j, const char *path,
			       const csv_reader *r)
{
	return err_set(j->ctx->err, LICIT_EPARSE, "%s:%llu: %s", path,
		       (unsigned long long)r->row_line, csv_error(r));
}

static licit_status wrong_fields(ofac_job *j, const char *path,
				 const csv_reader *r, int want,
				 const char *columns)
{
	return err_set(j->ctx->err, LICIT_EPARSE,
		       "%s:%llu: expected %d fields (%s), found %d", path,
		       (unsigned long long)r->row_line, want, columns,
		       r->nfields);
}

/* The line of byte offset `off`, for messages. */
static uint64_t line_at(const unsigned char *data, size_t off)
{
	uint64_t line = 1;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

static int only_blank(const unsigned char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isspace(data[i]) && data[i] != 0x1A)
			return 0;
	return 1;
}

/*
 * Checks every file gets before its rows are read: not an HTML page, no
 * NUL bytes (a UTF-16 file). Empty is allowed only for a companion.
 */
static licit_status check_text(ofac_job *j, const char *path,
			       const unsigned char *data, size_t len,
			       int is_main)
{
	const unsigned char *nul = memchr(data, 0, len);
	if (nul)
		return err_set(
		    j->ctx->err, LICIT_EPARSE,
		    "%s:%llu: NUL byte at offset %zu: expected "
		    "ASCII/Windows-1252 text (is the file UTF-16?)",
		    path,
		    (unsigned long long)line_at(data, (size_t)(nul - data)),
		    (size_t)(nul - data));
	if (source_looks_html(data, len))
		return err_set(j->ctx->err, LICIT_EPARSE,
			       "%s:1: an HTML page, not an OFAC CSV file "
			       "(an error page saved in place of the list?)",
			       path);
	if (is_main && only_blank(data, len))
		return err_set(j->ctx->err, LICIT_EPARSE,
			       "%s:1: empty file (expected OFAC CSV rows)",
			       path);
	return LICIT_OK;
}

/* The text of a file as UTF-8 in `tmp` (or in place). */
static licit_status to_text(ofac_job *j, const unsigned char *data, size_t len,
			    buf *tmp, const unsigned char **out,
			    size_t *out_len)
{
	*out = source_text_cp1252(data, len, tmp, out_len);
	return *out ? LICIT_OK : no_memory(j);
}

/* Look up the entity of an ent_num read in this parse. */
static entity *find_ent(ofac_job *j, const char *num)
{
	uint32_t idx;
	if (!hashmap_get(&j->ents, num, strlen(num), &idx))
		return NULL;
	return idx < j->set->n ? j->set->items[idx] : NULL;
}

/*
 * The start every row shares: count it, check it has `want` fields
 * (`columns` names them for the message) and read its ent_num into num.
 * Returns LICIT_OK with *go 1 to go on, LICIT_OK with *go 0 when the row
 * was skipped (ent_num not a number), or the failure.
 */
static licit_status row_start(ofac_job *j, const csv_reader *r,
			      const char *path, int want, const char *columns,
			      char num[ENT_NUM_MAX + 1], int *go)
{
	*go = 0;
	j->ctx->stats.records++;
	if (r->nfields != want)
		return wrong_fields(j, path, r, want, columns);
	if (!ent_num(r, 0, num)) {
		parse_skip(j->ctx, path, r->row_line,
			   "ent_num '%.40s' is not a number", r->fields[0]);
		return LICIT_OK;
	}
	*go = 1;
	return LICIT_OK;
}

/* The entry a companion row (`what`: "alias", "address") belongs to;
 * NULL, with the row skipped, when the main file has no such ent_num. */
static entity *row_owner(ofac_job *j, const csv_reader *r, const char *path,
			 const char *num, const char *what)
{
	entity *e = find_ent(j, num);
	if (!e)
		parse_skip(j->ctx, path, r->row_line,
			   "%s of ent_num %s: no such entry in %s", what, num,
			   base_name(j->ctx->path));
	return e;
}

/* --------------------------------------------------------- comments */

static licit_status comment_row(ofac_job *j, const csv_reader *r,
				const char *path)
{
	char num[ENT_NUM_MAX + 1];
	int go;
	licit_status st = row_start(j, r, path, COMMENT_FIELDS,
				    "ent_num, remarks continuation", num, &go);
	if (st != LICIT_OK || !go)
		return st;
	const char *text = field(r, 1);
	if (!text)
		return LICIT_OK;
	j->comments =
	    arena_grow(&j->tmp, j->comments, j->n_comments, &j->cap_comments,
		       j->n_comments + 1, sizeof(*j->comments));
	if (!j->comments)
		return no_memory(j);
	comment *c = &j->comments[j->n_comments++];
	memset(c, 0, sizeof(*c));
	c->text = arena_strdup(&j->tmp, text);
	c->ent_num = arena_strdup(&j->tmp, num);
	c->line = r->row_line;
	if (!c->text || !c->ent_num)
		return no_memory(j);
	uint32_t first;
	if (!hashmap_get(&j->notes, num, strlen(num), &first))
		return hashmap_put(&j->notes, c->ent_num, strlen(num),
				   (uint32_t)j->n_comments) < 0
			   ? no_memory(j)
			   : LICIT_OK;
	/* a further piece: chain it after the last one */
	comment *last = &j->comments[first - 1];
	while (last->next)
		last = &j->comments[last->next - 1];
	last->next = (uint32_t)j->n_comments;
	return LICIT_OK;
}

/* --------------------------------------------------------- main rows */

static void add_programs(entity_set *s, entity *e, char *f)
{
	while (f) {
		char *sep = strstr(f, "] [");
		if (sep)
			*sep = '\0';
		char *p = f;
		while (*p == '[' || *p == ' ')
			p++;
		size_t n = strlen(p);
		while (n && (p[n - 1] == ']' || p[n - 1] == ' '))
			p[--n] = '\0';
		ent_add_program(s, e, p);
		f = sep ? sep + 3 : NULL;
	}
}

/* The remarks of `num`: the main text plus any continuation. */
static const char *full_remarks(ofac_job *j, const char *num,
				const char *main_text)
{
	buf_reset(&j->remarks);
	if (main_text)
		buf_addstr(&j->remarks, main_text);
	uint32_t idx;
	if (hashmap_get(&j->notes, num, strlen(num), &idx)) {
		while (idx) {
			comment *c = &j->comments[idx - 1];
			c->used = 1;
			buf_addstr(&j->remarks, c->text);
			idx = c->next;
		}
	}
	if (!buf_ok(&j->remarks)) {
		j->set->failed = 1;
		return NULL;
	}
	return buf_str(&j->remarks);
}

static licit_schema sdn_schema(const char *type)
{
	if (!type)
		return LICIT_SCHEMA_ORGANIZATION; /* "-0-" */
	return schema_from_text(type);
}

static void fill_entity(ofac_job *j, entity *e, const csv_reader *r,
			const char *num)
{
	entity_set *s = j->set;
	ent_set_id(s, e, j->source_id, num);
	e->schema = (uint8_t)sdn_schema(field(r, 2));
	e->origin_file = j->origin;
	e->origin_line = r->row_line;
	ent_add_name(s, e, NAME_PRIMARY, field(r, 1), NULL, NULL);
	char *prog = field(r, 3);
	if (prog)
		add_programs(s, e, prog);
	ent_add_list(s, e, j->list_name);
	ent_add_attr(s, e, "title", field(r, 4));
	ent_add_ident(s, e, "call-sign", field(r, 5), NULL, NULL);
	ent_add_attr(s, e, "vessel_type", field(r, 6));
	ent_add_attr(s, e, "tonnage", field(r, 7));
	ent_add_attr(s, e, "gross_registered_tonnage", field(r, 8));
	const char *flag = field(r, 9);
	if (flag && strcasecmp(flag, "None Identified"))
		ent_add_country(s, e, COUNTRY_FLAG, flag);
	ent_add_attr(s, e, "vessel_owner", field(r, 10));
	const char *rem = full_remarks(j, num, field(r, 11));
	e->remarks = ent_str(s, rem);
	ofac_remarks_apply(s, e, e->remarks);
}

static licit_status main_row(ofac_job *j, const csv_reader *r, const char *path)
{
	parse_ctx *ctx = j->ctx;
	char num[ENT_NUM_MAX + 1];
	int go;
	licit_status st = row_start(j, r, path, MAIN_FIELDS,
				    "ent_num, SDN_Name, SDN_Type, Program, "
				    "Title, Call_Sign, Vess_type, Tonnage, "
				    "GRT, Vess_flag, Vess_owner, Remarks",
				    num, &go);
	if (st != LICIT_OK || !go)
		return st;
	uint32_t prev;
	if (hashmap_get(&j->ents, num, strlen(num), &prev)) {
		parse_skip(
		    ctx, NULL, r->row_line,
		    "duplicate ent_num %s (first listed at line %llu)", num,
		    (unsigned long long)j->set->items[prev]->origin_line);
		return LICIT_OK;
	}
	if (!field(r, 1)) {
		parse_skip(ctx, NULL, r->row_line, "ent_num %s has no name",
			   num);
		return LICIT_OK;
	}
	const char *key = arena_strdup(&j->tmp, num);
	entity *e = entity_set_add(j->set);
	if (!key || !e ||
	    hashmap_put(&j->ents, key, strlen(key), (uint32_t)(j->set->n - 1)) <
		0)
		return no_memory(j);
	fill_entity(j, e, r, num);
	ctx->stats.entities++;
	return LICIT_OK;
}

/* ------------------------------------------------------ companions */

static licit_status alt_row(ofac_job *j, const csv_reader *r, const char *path)
{
	char num[ENT_NUM_MAX + 1];
	int go;
	licit_status st = row_start(j, r, path, ALT_FIELDS,
				    "ent_num, alt_num, alt_type, alt_name, "
				    "alt_remarks",
				    num, &go);
	if (st != LICIT_OK || !go)
		return st;
	entity *e = row_owner(j, r, path, num, "alias");
	if (!e)
		return LICIT_OK;
	const char *name = field(r, 3);
	if (!name) {
		parse_skip(j->ctx, path, r->row_line,
			   "alias of ent_num %s has no name", num);
		return LICIT_OK;
	}
	const char *type = field(r, 2);
	int former = type && !strcasecmp(type, "fka");
	if (ent_add_name(j->set, e, NAME_STRONG, name, NULL, NULL) == 1 &&
	    former)
		e->names[e->n_names - 1].former = 1;
	return LICIT_OK;
}

/*
 * The country of an address row, for ent_add_addr: OFAC writes some as
 * "Region: West Bank" (read "West Bank"); one that maps to no ISO code
 * ("Region: Crimea", "Region: Kafia Kingi") would be lost, so it goes to
 * *in_text to be kept in the address text instead. "undetermined" is
 * dropped.
 */
static const char *address_country(char *raw, const char **in_text)
{
	char cc[3];
	*in_text = NULL;
	if (!raw)
		return NULL;
	while (*raw == ' ')
		raw++;
	if (!strncasecmp(raw, "undetermined", 12) && is_empty(raw + 12))
		return NULL;
	if (country_code(raw, cc))
		return raw;
	if (!strncasecmp(raw, "Region:", 7) && country_code(raw + 7, cc))
		return raw + 7;
	*in_text = raw;
	return NULL;
}

static licit_status add_row(ofac_job *j, const csv_reader *r, const char *path)
{
	char num[ENT_NUM_MAX + 1];
	int go;
	licit_status st = row_start(j, r, path, ADD_FIELDS,
				    "ent_num, add_num, address, "
				    "city/state/postal code, country, "
				    "add_remarks",
				    num, &go);
	if (st != LICIT_OK || !go)
		return st;
	entity *e = row_owner(j, r, path, num, "address");
	if (!e)
		return LICIT_OK;
	const char *parts[3] = {field(r, 2), field(r, 3), NULL};
	const char *country = address_country(field(r, 4), &parts[2]);
	buf *full = &j->remarks;
	buf_reset(full);
	for (int i = 0; i < 3; i++) {
		if (!parts[i])
			continue;
		if (full->len)
			buf_addstr(full, ", ");
		buf_addstr(full, parts[i]);
	}
	if (!buf_ok(full))
		return no_memory(j);
	ent_add_addr(j->set, e, buf_str(full), parts[1], NULL, NULL, country);
	ent_add_attr(j->set, e, "address_remarks", field(r, 5));
	return LICIT_OK;
}

typedef licit_status (*row_fn)(ofac_job *j, const csv_reader *r,
			       const char *path);

/* A check of a file's first row: LICIT_OK, or the failure. */
typedef licit_status (*first_fn)(ofac_job *j, const csv_reader *r,
				 const char *path, ofac_shape want);

/*
 * Read the rows of data[0..len) (`path` for messages), converted to UTF-8
 * when in a legacy encoding: first() checks the first row with `want`,
 * then fn() reads every row, the first one included.
 */
static licit_status each_row(ofac_job *j, const unsigned char *data, size_t len,
			     const char *path, ofac_shape want, first_fn first,
			     row_fn fn)
{
	buf tmp;
	buf_init(&tmp, 0);
	const unsigned char *text;
	size_t n;
	licit_status st = to_text(j, data, len, &tmp, &text, &n);
	csv_reader r;
	csv_init(&r, text ? text : data, text ? n : 0, ',');
	int rc, at_first = 1;
	while (st == LICIT_OK && (rc = csv_next(&r)) != 0) {
		if (rc < 0) {
			st = csv_failed(j, path, &r);
			break;
		}
		if (at_first) {
			at_first = 0;
			st = first(j, &r, path, want);
			if (st != LICIT_OK)
				break;
		}
		st = fn(j, &r, path);
	}
	csv_release(&r);
	buf_release(&tmp);
	return st;
}

/* A companion's first row must be of its kind (or of none). */
static licit_status companion_first(ofac_job *j, const csv_reader *r,
				    const char *path, ofac_shape want)
{
	ofac_shape got = row_shape(r);
	if (got == want || got == SHAPE_NONE)
		return LICIT_OK;
	return err_set(j->ctx->err, LICIT_EPARSE,
		       "%s:%llu: expected OFAC %s rows, found %s rows", path,
		       (unsigned long long)r->row_line, shape_name(want),
		       shape_name(got));
}

/*
 * Read companion `name` row by row with `fn`; a missing companion is not
 * an error (the 2024-05-03 SDN file was published alone).
 */
static licit_status read_companion(ofac_job *j, const char *name,
				   ofac_shape want, row_fn fn,
				   const char **path_out)
{
	parse_ctx *ctx = j->ctx;
	const unsigned char *data = NULL;
	size_t len = 0;
	const char *path = NULL;
	if (!name || !ctx->open_companion)
		return LICIT_OK;
	licit_status st = ctx->open_companion(ctx, name, &data, &len, &path);
	if (st == LICIT_ENOTFOUND)
		return LICIT_OK;
	if (st != LICIT_OK) {
		if (ctx->err && ctx->err->code == LICIT_OK)
			err_set(ctx->err, st, "%s: cannot read companion '%s'",
				ctx->path, name);
		return st;
	}
	if (!path)
		path = name;
	if (path_out)
		*path_out = path;
	st = check_text(j, path, data, len, 0);
	if (st != LICIT_OK)
		return st;
	return each_row(j, data, len, path, want, companion_first, fn);
}

/* ------------------------------------------------------------- main */

static void pick_set(ofac_job *j, companions *c)
{
	const char *b = base_name(j->ctx->path);
	memset(c, 0, sizeof(*c));
	if (!strncasecmp(b, "cons", 4)) {
		j->source_id = "us-ofac-cons";
		j->list_name = "Non-SDN Consolidated Sanctions List";
		if (!strcasecmp(b, "cons_prim.csv")) {
			c->add = "cons_add.csv";
			c->alt = "cons_alt.csv";
			c->comments = "cons_comments.csv";
		}
		return;
	}
	j->source_id = "us-ofac-sdn";
	j->list_name = "SDN List";
	if (!strcasecmp(b, "sdn.csv")) {
		c->add = "add.csv";
		c->alt = "alt.csv";
		c->comments = "sdn_comments.csv";
	}
}

/* The main file's first row must be a main-file row (want: SHAPE_MAIN). */
static licit_status first_row_check(ofac_job *j, const csv_reader *r,
				    const char *path, ofac_shape want)
{
	ofac_shape s = row_shape(r);
	if (s == want)
		return LICIT_OK;
	if (s != SHAPE_NONE)
		return err_set(j->ctx->err, LICIT_EPARSE,
			       "%s:%llu: this is an OFAC %s companion file; "
			       "import the main file (sdn.csv or "
			       "cons_prim.csv) of its folder",
			       path, (unsigned long long)r->row_line,
			       shape_name(s));
	if (r->nfields != MAIN_FIELDS)
		return LICIT_OK; /* main_row() names the field count */
	return err_set(j->ctx->err, LICIT_EPARSE,
		       "%s:%llu: expected an OFAC main-file row (ent_num, "
		       "name, type individual/vessel/aircraft/-0-, ...)",
		       path, (unsigned long long)r->row_line);
}

static licit_status read_main(ofac_job *j)
{
	return each_row(j, j->ctx->data, j->ctx->len, j->ctx->path, SHAPE_MAIN,
			first_row_check, main_row);
}

static void report_orphans(ofac_job *j)
{
	for (size_t i = 0; i < j->n_comments; i++) {
		comment *c = &j->comments[i];
		if (!c->used)
			parse_skip(j->ctx, j->comments_path, c->line,
				   "remarks continuation of ent_num %s: no "
				   "such entry in %s",
				   c->ent_num, base_name(j->ctx->path));
	}
}

static licit_status run(ofac_job *j)
{
	companions c;
	pick_set(j, &c);
	j->ctx->source_id = j->source_id;
	licit_status st =
	    check_text(j, j->ctx->path, j->ctx->data, j->ctx->len, 1);
	if (st == LICIT_OK)
		st = read_companion(j, c.comments, SHAPE_COMMENTS, comment_row,
				    &j->comments_path);
	if (st == LICIT_OK)
		st = read_main(j);
	if (st == LICIT_OK)
		st = read_companion(j, c.alt, SHAPE_ALT, alt_row, NULL);
	if (st == LICIT_OK)
		st = read_companion(j, c.add, SHAPE_ADD, add_row, NULL);
	if (st == LICIT_OK)
		report_orphans(j);
	return st;
}

static licit_status parse(parse_ctx *ctx)
{
	ofac_job j;
	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	j.set = ctx->set;
	j.first = ctx->set->n;
	arena_init(&j.tmp);
	hashmap_init(&j.ents);
	hashmap_init(&j.notes);
	buf_init(&j.remarks, 0);
	j.origin = arena_strdup(&ctx->set->mem, ctx->path);
	licit_status st = run(&j);
	source_count_names(ctx, j.first);
	if (st == LICIT_OK && (!entity_set_ok(ctx->set) || j.tmp.failed))
		st = no_memory(&j);
	buf_release(&j.remarks);
	hashmap_release(&j.notes);
	hashmap_release(&j.ents);
	arena_release(&j.tmp);
	return st;
}

const source_format fmt_ofac_csv = {
    .name = "ofac-csv",
    .description = "OFAC legacy CSV: sdn.csv or cons_prim.csv with their "
		   "add, alt and comments files",
    .detect = detect,
    .is_companion = is_companion,
    .parse = parse,
};
