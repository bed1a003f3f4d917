/*
 * dpl_txt.c - the BIS Denied Persons List as published in dpl.txt.
 *
 * The file is tab-separated with every field quoted and a header row
 * ("Name", "Street_Address", "City", "State", "Country", "Postal_Code",
 * "Effective_Date", "Expiration_Date", "Standard_Order", "Last_Update",
 * "Action", "FR_Citation"), in ASCII or a legacy 8-bit encoding, so it goes
 * through source_text_cp1252. One row is one denial order against one name
 * at one address: the same person may appear on several rows (aliases,
 * addresses), and the list does not link them, so each row is an entity.
 *
 * The DPL carries no identifiers and no person/company flag. Ids are made
 * from the content that identifies an order - the normalized name, the
 * street address and the effective date - hashed with SHA-256, so they stay
 * stable from one edition to the next; rows with the same three values
 * (the list repeats some rows verbatim) get "-2", "-3"... in file order. The
 * schema comes from the name: a legal-form or business word (INC, LLC, LTD,
 * GMBH, TRADING, AIRLINES...) makes an organization, anything else a person,
 * which is what most DPL rows are. The file states no publication date.
 *
 * Columns are found by their header names; a row whose field count differs
 * from the header's is skipped (except a short last row with no line end,
 * which means a truncated file).
 */
#include "sources/source.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sources/csv.h"
#include "sources/tabular.h"
#include "text/normalize.h"
#include "util/hashmap.h"
#include "util/sha256.h"
#include "banned.h"

#define DPL_SOURCE_ID "us-bis-dpl"
#define DPL_HEADER    "the DPL header \"Name\", \"Street_Address\", ..."
#define DPL_LIST                                                               \
	"Denied Persons List (DPL) - Bureau of Industry and Security"

enum {
	C_NAME,
	C_STREET,
	C_CITY,
	C_STATE,
	C_COUNTRY,
	C_POSTAL,
	C_EFFECTIVE,
	C_EXPIRATION,
	C_STANDARD_ORDER,
	C_LAST_UPDATE,
	C_ACTION,
	C_FR_CITATION,
	N_COLS
};

static const char *const col_names[N_COLS] = {
    "Name",	      "Street_Address", "City",		  "State",
    "Country",	      "Postal_Code",	"Effective_Date", "Expiration_Date",
    "Standard_Order", "Last_Update",	"Action",	  "FR_Citation",
};

static const int required[] = {C_NAME, C_STREET, C_EFFECTIVE};

static const tab_header header =
    TAB_HEADER(col_names, N_COLS, 1, required, "DPL");

typedef struct dpl_state {
	parse_ctx *ctx;
	csv_reader r;
	int col[N_COLS];
	int ncols;
	const unsigned char *text; /* the UTF-8 content */
	size_t len;
	hashmap ids; /* local id -> 1, keys in the set's arena */
	buf key;     /* scratch: the text hashed into an id */
} dpl_state;

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	if (source_starts_with(data, len, "\"Name\"\t\"Street_Address\"\t") ||
	    source_starts_with(data, len, "Name\tStreet_Address\t"))
		return 90;
	return 0;
}

static const char *field(const dpl_state *st, int c)
{
	return tab_field(&st->r, st->col, c);
}

static licit_status read_header(dpl_state *st)
{
	parse_ctx *ctx = st->ctx;
	licit_status s = tab_read_header(
	    ctx, &st->r, 1, "empty file (expected " DPL_HEADER ")");
	st->ncols = st->r.nfields;
	return s != LICIT_OK ? s : tab_columns(ctx, &st->r, &header, st->col);
}

/* Append s without its surrounding white space. */
static void add_trimmed(buf *b, const char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	buf_add(b, s, n);
}

/*
 * "us-bis-dpl:" + 16 hex digits of sha256(normalized name | street |
 * effective date), with "-N" for the N-th row with the same three. A row
 * with no street uses "city, country" in its place: the list gives one
 * person several street-less addresses (ALI M HIJAZI in Geneva and in
 * Haute Savoie) in an order that changes between editions, and a suffix
 * by position would swap their ids.
 */
static licit_status make_id(dpl_state *st, entity *e)
{
	parse_ctx *ctx = st->ctx;
	const char *name = field(st, C_NAME);
	buf_reset(&st->key);
	if (text_normalize(name, strlen(name), &st->key) < 0)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	buf_addch(&st->key, '|');
	if (!source_blank(field(st, C_STREET))) {
		add_trimmed(&st->key, field(st, C_STREET));
	} else {
		add_trimmed(&st->key, field(st, C_CITY));
		buf_addstr(&st->key, ", ");
		add_trimmed(&st->key, field(st, C_COUNTRY));
	}
	buf_addch(&st->key, '|');
	add_trimmed(&st->key, field(st, C_EFFECTIVE));
	uint8_t d[32];
	char hex[65];
	if (!buf_ok(&st->key) || sha256(st->key.data, st->key.len, d) < 0)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	sha256_hex(d, hex);
	char local[40];
	snprintf(local, sizeof(local), "%.16s", hex);
	uint32_t seen;
	for (unsigned n = 2; hashmap_get(&st->ids, local, strlen(local), &seen);
	     n++)
		snprintf(local, sizeof(local), "%.16s-%u", hex, n);
	ent_set_id(ctx->set, e, DPL_SOURCE_ID, local);
	if (!e->id)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	/* the key is the local part of e->id, which lives in the arena */
	const char *key = e->id + strlen(DPL_SOURCE_ID) + 1;
	if (hashmap_put(&st->ids, key, strlen(key), 1) < 0)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	return LICIT_OK;
}

static void add_attrs(dpl_state *st, entity *e)
{
	static const struct {
		int col;
		const char *key;
	} attrs[] = {
	    {C_EFFECTIVE, "effective_date"},
	    {C_EXPIRATION, "expiration_date"},
	    {C_STANDARD_ORDER, "standard_order"},
	    {C_LAST_UPDATE, "last_update"},
	    {C_ACTION, "action"},
	    {C_FR_CITATION, "federal_register_notice"},
	};
	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		ent_add_attr(st->ctx->set, e, attrs[i].key,
			     field(st, attrs[i].col));
}

static licit_status add_row(dpl_state *st)
{
	parse_ctx *ctx = st->ctx;
	entity_set *set = ctx->set;
	const char *name = field(st, C_NAME);
	if (source_blank(name)) {
		parse_skip(ctx, NULL, st->r.row_line, "no name");
		return LICIT_OK;
	}
	entity *e = entity_set_add(set);
	if (!e)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	licit_status s = make_id(st, e);
	if (s != LICIT_OK)
		return s;
	ctx->stats.entities++;
	e->schema = source_name_looks_org(name) ? LICIT_SCHEMA_ORGANIZATION
						: LICIT_SCHEMA_PERSON;
	e->origin_file = ctx->path;
	e->origin_line = st->r.row_line;
	ent_add_name(set, e, NAME_PRIMARY, name, NULL, NULL);
	ent_add_list(set, e, DPL_LIST);
	ent_add_addr(set, e, field(st, C_STREET), field(st, C_CITY),
		     field(st, C_STATE), field(st, C_POSTAL),
		     field(st, C_COUNTRY));
	const char *eff = field(st, C_EFFECTIVE);
	pdate d;
	if (pdate_parse(eff, strlen(eff), 1, &d) == 0)
		e->listed = d;
	add_attrs(st, e);
	return LICIT_OK;
}

static licit_status add_row_cb(void *st)
{
	return add_row(st);
}

static licit_status parse(parse_ctx *ctx)
{
	ctx->source_id = DPL_SOURCE_ID;
	licit_status s =
	    source_check_text(ctx, DPL_HEADER, "the DPL text file", 0);
	if (s != LICIT_OK)
		return s;
	dpl_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	buf tmp;
	buf_init(&tmp, 0);
	buf_init(&st.key, 1 << 20);
	hashmap_init(&st.ids);
	st.text = source_text_cp1252(ctx->data, ctx->len, &tmp, &st.len);
	if (!st.text)
		s = err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			    ctx->path);
	if (s == LICIT_OK) {
		csv_init(&st.r, st.text, st.len, '\t');
		s = read_header(&st);
		if (s == LICIT_OK)
			s = tab_read_rows(ctx, &st.r, st.ncols, st.text, st.len,
					  add_row_cb, &st);
		csv_release(&st.r);
	}
	hashmap_release(&st.ids);
	buf_release(&st.key);
	buf_release(&tmp);
	source_count_names(ctx, ctx->set->n - ctx->stats.entities);
	return s;
}

const source_format fmt_dpl_txt = {
    .name = "dpl-txt",
    .description = "BIS Denied Persons List, tab-separated dpl.txt",
    .detect = detect,
    .is_companion = NULL,
    .parse = parse,
};
