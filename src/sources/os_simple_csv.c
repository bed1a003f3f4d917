/*
 * os_simple_csv.c - OpenSanctions "targets.simple.csv" exports: one row per
 * target with the columns id, schema, name, aliases, birth_date, countries,
 * addresses, identifiers, sanctions, phones, emails, [program_ids,] dataset,
 * first_seen, last_seen, last_change.
 *
 * Multi-valued cells join their values with ";" and quote a value that
 * holds a ";" or a quote the CSV way ("a;b" inside the cell, quotes
 * doubled), so cells are split with a small quote-aware splitter, not on
 * every ";". Identifiers come untyped: "IMO" + 7 digits is an IMO number,
 * 9 digits on a vessel an MMSI, the rest "other". Countries are lowercase
 * ISO codes without a role.
 *
 * Only party schemas (Person; Organization, Company, LegalEntity,
 * PublicBody; Vessel; Aircraft) become entities: every row is a target, so
 * any other schema is a skip. Source id: "os-" + the file name before
 * "_targets.simple.csv" (ua_war_sanctions_targets.simple.csv ->
 * os-ua-war-sanctions), else "os-" + a slug of the first row's dataset.
 * The reader streams over ctx->data; it keeps only the entities.
 */
#include "sources/source.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "sources/csv.h"
#include "sources/tabular.h"
#include "util/hashmap.h"
#include "banned.h"

#define SLUG_MAX 64
#define TARGETS_SUFFIX "_targets.simple.csv"

enum col {
	C_ID,
	C_SCHEMA,
	C_NAME,
	C_ALIASES,
	C_BIRTH_DATE,
	C_COUNTRIES,
	C_ADDRESSES,
	C_IDENTIFIERS,
	C_SANCTIONS,
	C_PHONES,
	C_EMAILS,
	C_PROGRAM_IDS,
	C_DATASET,
	C_FIRST_SEEN,
	C_COUNT
};

static const struct {
	const char *name;
	int required;
} columns[C_COUNT] = {
	[C_ID] = {"id", 1},
	[C_SCHEMA] = {"schema", 1},
	[C_NAME] = {"name", 1},
	[C_ALIASES] = {"aliases", 1},
	[C_BIRTH_DATE] = {"birth_date", 1},
	[C_COUNTRIES] = {"countries", 1},
	[C_ADDRESSES] = {"addresses", 1},
	[C_IDENTIFIERS] = {"identifiers", 1},
	[C_SANCTIONS] = {"sanctions", 1},
	[C_PHONES] = {"phones", 0},
	[C_EMAILS] = {"emails", 0},
	[C_PROGRAM_IDS] = {"program_ids", 0},
	[C_DATASET] = {"dataset", 1},
	[C_FIRST_SEEN] = {"first_seen", 0},
};

typedef struct simple_state {
	parse_ctx *ctx;
	csv_reader r;
	int col[C_COUNT]; /* field index of each column, -1 if absent */
	int nheader;
	hashmap ids;      /* publisher ids seen, keys in the set's arena */
	buf value;        /* one value of a multi-valued cell */
} simple_state;

/* The cell of column c in the current row, "" when absent. */
static const char *cell(const simple_state *st, enum col c)
{
	return tab_field(&st->r, st->col, (int)c);
}

/*
 * Cut the next value off a multi-valued cell. *pp walks the cell and
 * becomes NULL after the last value; a value that opens with a quote runs
 * to the matching quote ("" inside is one quote). Returns 0 when there
 * are no more values.
 */
static int mv_next(const char **pp, buf *out)
{
	const char *p = *pp;
	if (!p)
		return 0;
	buf_reset(out);
	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p != '"') {
				buf_addch(out, *p);
				continue;
			}
			if (p[1] != '"') {
				p++;
				break;
			}
			buf_addch(out, '"');
			p++;
		}
	}
	while (*p && *p != ';')
		buf_addch(out, *p++);
	*pp = *p == ';' ? p + 1 : NULL;
	return 1;
}

static const char *mv_start(const char *cellv)
{
	return *cellv ? cellv : NULL;
}

/* Source id from the file name when it follows <name>_targets.simple.csv,
 * else from the dataset named in the current (first) row when `row` is 1,
 * else from the file name. */
static void set_source_id(simple_state *st, int row)
{
	parse_ctx *ctx = st->ctx;
	const char *base = source_base_name(ctx->path);
	size_t n = strlen(base), k = strlen(TARGETS_SUFFIX);
	buf b;
	buf_init(&b, 256);
	buf_addstr(&b, "os-");
	if (n > k && !strcasecmp(base + n - k, TARGETS_SUFFIX))
		source_slug_add(&b, base, n - k, SLUG_MAX);
	if (b.len == 3 && row) {
		const char *ds = cell(st, C_DATASET);
		source_slug_add(&b, ds, strlen(ds), SLUG_MAX);
	}
	if (b.len == 3) {
		const char *dot = strchr(base, '.');
		source_slug_add(&b, base, dot ? (size_t)(dot - base) : n,
				SLUG_MAX);
	}
	if (b.len == 3)
		buf_addstr(&b, "simple");
	ctx->source_id = arena_strdup(&ctx->set->mem, buf_str(&b));
	buf_release(&b);
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* The identifier type a bare value shows: "IMO1234567" is an IMO number,
 * nine digits on a vessel an MMSI. */
static const char *ident_type(const char *v, licit_schema schema)
{
	size_t n = strlen(v);
	if (n == 10 && !strncasecmp(v, "IMO", 3) && all_digits(v + 3, 7))
		return "imo";
	if (schema == LICIT_SCHEMA_VESSEL && n == 9 && all_digits(v, n))
		return "mmsi";
	return "other";
}

/* ------------------------------------------------------------- header */

static licit_status read_header(simple_state *st)
{
	parse_ctx *ctx = st->ctx;
	licit_status rc = tab_read_header(ctx, &st->r, 1,
					  "empty file (expected the "
					  "OpenSanctions targets.simple.csv "
					  "header)");
	if (rc != LICIT_OK)
		return rc;
	for (int c = 0; c < C_COUNT; c++)
		st->col[c] = -1;
	st->nheader = st->r.nfields;
	for (int i = 0; i < st->r.nfields; i++)
		for (int c = 0; c < C_COUNT; c++)
			if (!strcmp(st->r.fields[i], columns[c].name) &&
			    st->col[c] < 0)
				st->col[c] = i;
	for (int c = 0; c < C_COUNT; c++)
		if (columns[c].required && st->col[c] < 0)
			return err_set(ctx->err, LICIT_EPARSE,
				       "%s:1: missing column '%s' (expected "
				       "the OpenSanctions targets.simple.csv "
				       "header)",
				       ctx->path, columns[c].name);
	return LICIT_OK;
}

/* ---------------------------------------------------------------- rows */

/* Add each value of column c through `add`. */
static void each_value(simple_state *st, entity *e, enum col c,
		       void (*add)(simple_state *, entity *, const char *))
{
	const char *p = mv_start(cell(st, c));
	while (mv_next(&p, &st->value))
		if (st->value.len)
			add(st, e, buf_str(&st->value));
}

static void add_alias(simple_state *st, entity *e, const char *v)
{
	ent_add_name(st->ctx->set, e, NAME_STRONG, v, NULL, NULL);
}

static void add_birth(simple_state *st, entity *e, const char *v)
{
	pdate d, none = {0, 0, 0};
	if (pdate_parse(v, strlen(v), 0, &d) < 0) {
		ent_add_attr(st->ctx->set, e, "birth_date", v);
		return;
	}
	ent_add_date(st->ctx->set, e,
		     e->schema == LICIT_SCHEMA_PERSON ? DATE_BIRTH
						      : DATE_INCORPORATION,
		     d, none);
}

static void add_country(simple_state *st, entity *e, const char *v)
{
	ent_add_country(st->ctx->set, e, COUNTRY_OTHER, v);
}

static void add_address(simple_state *st, entity *e, const char *v)
{
	ent_add_addr(st->ctx->set, e, v, NULL, NULL, NULL, NULL);
}

static void add_ident(simple_state *st, entity *e, const char *v)
{
	ent_add_ident(st->ctx->set, e, ident_type(v, e->schema), v, NULL,
		      NULL);
}

static void add_sanction(simple_state *st, entity *e, const char *v)
{
	ent_add_attr(st->ctx->set, e, "sanction", v);
}

static void add_phone(simple_state *st, entity *e, const char *v)
{
	ent_add_attr(st->ctx->set, e, "phone", v);
}

static void add_email(simple_state *st, entity *e, const char *v)
{
	ent_add_attr(st->ctx->set, e, "email", v);
}

static void add_program(simple_state *st, entity *e, const char *v)
{
	ent_add_program(st->ctx->set, e, v);
}

/* Why the current row cannot be an entity, or NULL. */
static const char *row_problem(simple_state *st, licit_schema *schema,
			       buf *why)
{
	const char *id = cell(st, C_ID), *sch = cell(st, C_SCHEMA);
	uint32_t seen;
	buf_reset(why);
	if (st->r.nfields != st->nheader)
		buf_addf(why, "expected %d fields, found %d", st->nheader,
			 st->r.nfields);
	else if (source_blank(id))
		buf_addstr(why, "empty id");
	else if (source_blank(cell(st, C_NAME)))
		buf_addf(why, "'%s' has no name", id);
	else if ((*schema = schema_from_ftm(sch)) == LICIT_SCHEMA_UNKNOWN)
		buf_addf(why, "'%s': schema '%s' is not a party", id, sch);
	else if (hashmap_get(&st->ids, id, strlen(id), &seen))
		buf_addf(why, "duplicate id '%s'", id);
	return why->len ? buf_str(why) : NULL;
}

static void fill(simple_state *st, entity *e)
{
	entity_set *s = st->ctx->set;
	ent_add_name(s, e, NAME_PRIMARY, cell(st, C_NAME), NULL, NULL);
	each_value(st, e, C_ALIASES, add_alias);
	each_value(st, e, C_BIRTH_DATE, add_birth);
	each_value(st, e, C_COUNTRIES, add_country);
	each_value(st, e, C_ADDRESSES, add_address);
	each_value(st, e, C_IDENTIFIERS, add_ident);
	each_value(st, e, C_SANCTIONS, add_sanction);
	each_value(st, e, C_PHONES, add_phone);
	each_value(st, e, C_EMAILS, add_email);
	each_value(st, e, C_PROGRAM_IDS, add_program);
	ent_add_list(s, e, cell(st, C_DATASET));
	ent_add_attr(s, e, "first_seen", cell(st, C_FIRST_SEEN));
}

static licit_status row(simple_state *st, buf *why)
{
	parse_ctx *ctx = st->ctx;
	licit_schema schema = LICIT_SCHEMA_UNKNOWN;
	const char *problem = row_problem(st, &schema, why);
	if (problem) {
		parse_skip(ctx, NULL, st->r.row_line, "%s", problem);
		return LICIT_OK;
	}
	if (!ctx->source_id)
		set_source_id(st, 1);
	entity *e = entity_set_add(ctx->set);
	if (!e)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	const char *id = cell(st, C_ID);
	ent_set_id(ctx->set, e, ctx->source_id, id);
	e->schema = (uint8_t)schema;
	e->origin_file = ctx->path;
	e->origin_line = st->r.row_line;
	fill(st, e);
	const char *key = e->id + strlen(ctx->source_id) + 1;
	if (hashmap_put(&st->ids, key, strlen(key), 0) < 0)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	ctx->stats.entities++;
	ctx->stats.names += e->n_names;
	return LICIT_OK;
}

/* A short last row in a file that stops without a line break was cut. */
static int truncated_row(const simple_state *st)
{
	const parse_ctx *ctx = st->ctx;
	return st->r.nfields < st->nheader && st->r.p >= st->r.end &&
	       ctx->len && ctx->data[ctx->len - 1] != '\n';
}

static licit_status read_rows(simple_state *st)
{
	parse_ctx *ctx = st->ctx;
	buf why;
	buf_init(&why, 4096);
	licit_status rc = LICIT_OK;
	int got;
	while (rc == LICIT_OK && (got = csv_next(&st->r)) != 0) {
		if (got < 0) {
			rc = tab_csv_fail(ctx, &st->r);
			break;
		}
		ctx->stats.records++;
		if (truncated_row(st))
			rc = err_set(ctx->err, LICIT_EPARSE,
				     "%s:%llu: expected %d fields, found %d "
				     "(truncated file?)",
				     ctx->path,
				     (unsigned long long)st->r.row_line,
				     st->nheader, st->r.nfields);
		else
			rc = row(st, &why);
	}
	buf_release(&why);
	return rc;
}

/* ------------------------------------------------------------ format */

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	if (source_starts_with(data, len,
			       "\"id\",\"schema\",\"name\",\"aliases\","
			       "\"birth_date\"") ||
	    source_starts_with(data, len,
			       "id,schema,name,aliases,birth_date"))
		return 90;
	return 0;
}

static licit_status parse(parse_ctx *ctx)
{
	/* an empty file fails on its missing header */
	licit_status rc =
	    source_check_text(ctx, NULL, "a targets.simple.csv", 1);
	if (rc != LICIT_OK)
		return rc;
	simple_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	csv_init(&st.r, ctx->data, ctx->len, ',');
	hashmap_init(&st.ids);
	buf_init(&st.value, CSV_MAX_ROW);
	rc = read_header(&st);
	if (rc == LICIT_OK)
		rc = read_rows(&st);
	if (rc == LICIT_OK && !ctx->source_id)
		set_source_id(&st, 0);
	if (rc == LICIT_OK && !buf_ok(&st.value))
		rc = err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			     ctx->path);
	buf_release(&st.value);
	hashmap_release(&st.ids);
	csv_release(&st.r);
	return rc;
}

const source_format fmt_os_simple_csv = {
	.name = "os-simple-csv",
	.description = "OpenSanctions targets.simple.csv export",
	.detect = detect,
	.is_companion = NULL,
	.parse = parse,
};
