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
#include "text/normalize.h"
#include "util/hashmap.h"
#include "util/sha256.h"
#include "banned.h"

#define DPL_SOURCE_ID "us-bis-dpl"
#define DPL_LIST                                                               \
	"Denied Persons List (DPL) - Bureau of Industry and Security"

/*
 * Words that mark a name as an organization's: legal forms (with or
 * without their dots) and words only businesses and bodies carry. Compared
 * case-insensitively against whole words of the name with dots removed.
 */
static const char *const org_words[] = {
    "INC",
    "INCORPORATED",
    "LLC",
    "LTD",
    "LIMITED",
    "LTDA",
    "CO",
    "CORP",
    "CORPORATION",
    "COMPANY",
    "COMPANIA",
    "GMBH",
    "AG",
    "SA",
    "SAS",
    "SL",
    "SRL",
    "SPA",
    "BV",
    "NV",
    "PLC",
    "LLP",
    "LP",
    "PTE",
    "PVT",
    "OOO",
    "ZAO",
    "OAO",
    "PAO",
    "JSC",
    "OJSC",
    "CJSC",
    "PJSC",
    "FZE",
    "FZC",
    "FZCO",
    "FZLLC",
    "DMCC",
    "SDN",
    "BHD",
    "KFT",
    "AB",
    "OY",
    "AS",
    "SARL",
    "SAL",
    "KG",
    "ANSTALT",
    "TRADING",
    "TRADE",
    "GROUP",
    "HOLDING",
    "HOLDINGS",
    "INDUSTRIES",
    "INDUSTRY",
    "INDUSTRIAL",
    "INDUSTRIE",
    "ENTERPRISE",
    "ENTERPRISES",
    "INTERNATIONAL",
    "INTL",
    "ELECTRONICS",
    "ELECTRONIC",
    "TECHNOLOGY",
    "TECHNOLOGIES",
    "TECH",
    "TECHNIK",
    "SYSTEMS",
    "SERVICES",
    "SERVICE",
    "SUPPLY",
    "SUPPLIES",
    "IMPORT",
    "EXPORT",
    "IMPORTERS",
    "EXPORTERS",
    "AVIATION",
    "AIR",
    "AIRLINES",
    "AIRLINE",
    "AIRWAYS",
    "LOGISTICS",
    "SHIPPING",
    "MARINE",
    "MARITIME",
    "BANK",
    "UNIVERSITY",
    "INSTITUTE",
    "ACADEMY",
    "CENTER",
    "CENTRE",
    "LABORATORY",
    "LABORATORIES",
    "MINISTRY",
    "GOVERNMENT",
    "ORGANIZATION",
    "ORGANISATION",
    "ASSOCIATION",
    "ASSOCIATES",
    "FOUNDATION",
    "BUREAU",
    "DEPARTMENT",
    "AGENCY",
    "FACTORY",
    "PLANT",
    "WORKS",
    "COMMITTEE",
    "COUNCIL",
    "PARTNERS",
    "SOLUTIONS",
    "MANUFACTURING",
    "ENGINEERING",
    "COMPONENTS",
    "EQUIPMENT",
    "INSTRUMENTS",
    "PRODUCTS",
    "DISTRIBUTION",
    "DISTRIBUTORS",
    "COMPUTERS",
    "METALS",
    "COMMUNICATIONS",
    "VERTRIEBS",
    "INVEST",
    "CONTRACTING",
};

static int org_word(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(org_words) / sizeof(org_words[0]); i++)
		if (strlen(org_words[i]) == n &&
		    !strncasecmp(org_words[i], w, n))
			return 1;
	return 0;
}

/* A word ending in an internet domain ("MYNET.NET", "SYNAPTIX.NET"). */
static int domain_word(const char *w, size_t n)
{
	static const char *const tlds[] = {".NET", ".COM", ".ORG"};
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(tlds[i]);
		if (n > k && !strncasecmp(w + n - k, tlds[i], k))
			return 1;
	}
	return 0;
}

/*
 * 1 if `name` looks like an organization's name (see org_words). Shared
 * with csl_csv.c, whose BIS and State rows carry no type either.
 */
int licit__dpl_name_looks_org(const char *name);
int licit__dpl_name_looks_org(const char *name)
{
	char word[64];
	const char *p = name;
	while (*p) {
		while (*p && !isalnum((unsigned char)*p) && *p != '.')
			p++;
		const char *s = p;
		while (*p && (isalnum((unsigned char)*p) || *p == '.' ||
			      *p == '-' || *p == '&'))
			p++;
		size_t n = (size_t)(p - s);
		if (!n)
			continue;
		if (domain_word(s, n))
			return 1;
		/* the word without dots and hyphens: "S.A." -> "SA" */
		size_t k = 0;
		for (size_t i = 0; i < n && k < sizeof(word); i++)
			if (s[i] != '.' && s[i] != '-')
				word[k++] = s[i];
		if (k && k < sizeof(word) && org_word(word, k))
			return 1;
	}
	return 0;
}

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
	int i = st->col[c];
	return i >= 0 && i < st->r.nfields ? st->r.fields[i] : "";
}

static licit_status read_header(dpl_state *st)
{
	parse_ctx *ctx = st->ctx;
	int rc = csv_next(&st->r);
	if (rc < 0)
		return err_set(ctx->err, LICIT_EPARSE, "%s:%llu: %s", ctx->path,
			       (unsigned long long)st->r.row_line,
			       csv_error(&st->r));
	if (rc == 0)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: empty file (expected the DPL header "
			       "\"Name\", \"Street_Address\", ...)",
			       ctx->path);
	for (int c = 0; c < N_COLS; c++)
		st->col[c] = -1;
	for (int i = 0; i < st->r.nfields; i++)
		for (int c = 0; c < N_COLS; c++)
			if (st->col[c] < 0 &&
			    !strcasecmp(st->r.fields[i], col_names[c]))
				st->col[c] = i;
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (st->col[required[k]] < 0)
			return err_set(ctx->err, LICIT_EPARSE,
				       "%s:%llu: missing column \"%s\" in the "
				       "DPL header",
				       ctx->path,
				       (unsigned long long)st->r.row_line,
				       col_names[required[k]]);
	st->ncols = st->r.nfields;
	return LICIT_OK;
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

static int blank(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return !*s;
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
	if (!blank(field(st, C_STREET))) {
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
	if (blank(name)) {
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
	e->schema = licit__dpl_name_looks_org(name) ? LICIT_SCHEMA_ORGANIZATION
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

/* 1 if the content ends with a line break (or a DOS end-of-file mark). */
static int ends_with_newline(const unsigned char *p, size_t n)
{
	return n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == 0x1A);
}

static licit_status read_rows(dpl_state *st)
{
	parse_ctx *ctx = st->ctx;
	int rc;
	while ((rc = csv_next(&st->r)) > 0) {
		ctx->stats.records++;
		if (st->r.nfields != st->ncols) {
			if (st->r.p >= st->r.end && st->r.nfields < st->ncols &&
			    !ends_with_newline(st->text, st->len))
				return err_set(
				    ctx->err, LICIT_EPARSE,
				    "%s:%llu: last row has %d of "
				    "%d fields (truncated file?)",
				    ctx->path,
				    (unsigned long long)st->r.row_line,
				    st->r.nfields, st->ncols);
			parse_skip(ctx, NULL, st->r.row_line,
				   "expected %d fields, found %d", st->ncols,
				   st->r.nfields);
			continue;
		}
		licit_status s = add_row(st);
		if (s != LICIT_OK)
			return s;
	}
	if (rc < 0)
		return err_set(ctx->err, LICIT_EPARSE, "%s:%llu: %s", ctx->path,
			       (unsigned long long)st->r.row_line,
			       csv_error(&st->r));
	return LICIT_OK;
}

static licit_status parse(parse_ctx *ctx)
{
	ctx->source_id = DPL_SOURCE_ID;
	if (source_looks_html(ctx->data, ctx->len))
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: an HTML page, not the DPL text file (an "
			       "error page saved in place of the download?)",
			       ctx->path);
	if (!ctx->len)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: empty file (expected the DPL header "
			       "\"Name\", \"Street_Address\", ...)",
			       ctx->path);
	dpl_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	buf tmp;
	buf_init(&tmp, 0);
	buf_init(&st.key, 1 << 20);
	hashmap_init(&st.ids);
	licit_status s = LICIT_OK;
	st.text = source_text_cp1252(ctx->data, ctx->len, &tmp, &st.len);
	if (!st.text)
		s = err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			    ctx->path);
	if (s == LICIT_OK) {
		csv_init(&st.r, st.text, st.len, '\t');
		s = read_header(&st);
		if (s == LICIT_OK)
			s = read_rows(&st);
		csv_release(&st.r);
	}
	hashmap_release(&st.ids);
	buf_release(&st.key);
	buf_release(&tmp);
	for (size_t i = ctx->set->n - ctx->stats.entities; i < ctx->set->n; i++)
		ctx->stats.names += ctx->set->items[i]->n_names;
	return s;
}

const source_format fmt_dpl_txt = {
    .name = "dpl-txt",
    .description = "BIS Denied Persons List, tab-separated dpl.txt",
    .detect = detect,
    .is_companion = NULL,
    .parse = parse,
};
