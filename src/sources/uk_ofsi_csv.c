/*
 * uk_ofsi_csv.c - the UK OFSI Consolidated List of Financial Sanctions
 * Targets as ConList.csv.
 *
 * The file is UTF-8 CSV: a first row "Last Updated,DD/MM/YYYY" (the
 * publication date), then a 36-column header (Name 6, Name 1..5, Title,
 * ..., Group Type, Alias Type, Alias Quality, Regime, Listed On, ...,
 * Group ID). Columns are found by header name; Name 6, Group Type and
 * Group ID are required.
 *
 * The list is denormalized: one row per name variant, and a target with two
 * addresses, birth dates or regimes repeats every name once per
 * combination. All rows with one Group ID make ONE entity ("uk-ofsi:<Group
 * ID>"); they are not always adjacent, so a map from Group ID to entity
 * joins them, and the ent_add_* helpers drop the repeats.
 *
 * Several cells number their values: "(1) Central African Republic. (2)
 * South Sudan"; passport and national-ID numbers pair with their details
 * by that number. "Other Information" is free text with "(Key):value"
 * sections - the UK Sanctions List reference, UN reference, gender, and for
 * ships the IMO number and flag - which become attributes and facts.
 */
#include "sources/source.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sources/csv.h"
#include "sources/tabular.h"
#include "text/country.h"
#include "util/hashmap.h"
#include "banned.h"

#define UK_SOURCE_ID "uk-ofsi"
#define UK_LIST	     "UK OFSI Consolidated List"
#define MAX_NUMBERED 16

enum {
	C_NAME6,
	C_NAME1,
	C_NAME2,
	C_NAME3,
	C_NAME4,
	C_NAME5,
	C_TITLE,
	C_NONLATIN,
	C_NONLATIN_TYPE,
	C_NONLATIN_LANG,
	C_DOB,
	C_TOWN_OF_BIRTH,
	C_COUNTRY_OF_BIRTH,
	C_NATIONALITY,
	C_PASSPORT_NUMBER,
	C_PASSPORT_DETAILS,
	C_NATIONAL_ID_NUMBER,
	C_NATIONAL_ID_DETAILS,
	C_POSITION,
	C_ADDRESS1,
	C_ADDRESS2,
	C_ADDRESS3,
	C_ADDRESS4,
	C_ADDRESS5,
	C_ADDRESS6,
	C_POSTCODE,
	C_COUNTRY,
	C_OTHER_INFO,
	C_GROUP_TYPE,
	C_ALIAS_TYPE,
	C_ALIAS_QUALITY,
	C_REGIME,
	C_LISTED_ON,
	C_DESIGNATED,
	C_LAST_UPDATED,
	C_GROUP_ID,
	N_COLS
};

static const char *const col_names[N_COLS] = {
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Title",
    "Name Non-Latin Script",
    "Non-Latin Script Type",
    "Non-Latin Script Language",
    "DOB",
    "Town of Birth",
    "Country of Birth",
    "Nationality",
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
    "Position",
    "Address 1",
    "Address 2",
    "Address 3",
    "Address 4",
    "Address 5",
    "Address 6",
    "Post/Zip Code",
    "Country",
    "Other Information",
    "Group Type",
    "Alias Type",
    "Alias Quality",
    "Regime",
    "Listed On",
    "UK Sanctions List Date Designated",
    "Last Updated",
    "Group ID",
};

static const int required[] = {C_NAME6, C_GROUP_TYPE, C_GROUP_ID};

static const tab_header header =
    TAB_HEADER(col_names, N_COLS, 1, required, "ConList");

typedef struct uk_state {
	parse_ctx *ctx;
	csv_reader r;
	int col[N_COLS];
	int ncols;
	hashmap groups; /* Group ID -> index in ctx->set->items */
	size_t first;	/* ctx->set->n when the parse began */
	buf name, addr; /* scratch */
} uk_state;

/* ---- detection and header ---------------------------------------------- */

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	size_t w = len < 4096 ? len : 4096;
	/* the name columns are the signature; a missing Group ID column is
	 * then reported by the parser, naming it */
	if (!source_head_contains(data, w, w, "Name 6,Name 1,Name 2"))
		return 0;
	if (source_starts_with(data, len, "Last Updated,") ||
	    source_starts_with(data, len, "Name 6,"))
		return 90;
	return 0;
}

static const char *field(const uk_state *st, int c)
{
	return tab_field(&st->r, st->col, c);
}

/* The same, writable (cells are split in place). */
static char *cell(uk_state *st, int c)
{
	return tab_cell(&st->r, st->col, c);
}

/* "DD/MM/YYYY", "MM/YYYY" or "YYYY", with 00 for an unknown day or month. */
static int uk_date(const char *s, pdate *d)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '/')
			return -1;
	return n ? pdate_parse(s, n, 0, d) : -1;
}

/* Row 1: "Last Updated,10/04/2025" gives ctx->published. */
static void read_published(uk_state *st)
{
	pdate d;
	if (st->r.nfields >= 2 && uk_date(st->r.fields[1], &d) == 0 && d.day)
		pdate_format(d, st->ctx->published);
}

static licit_status read_header(uk_state *st)
{
	parse_ctx *ctx = st->ctx;
	int rc = csv_next(&st->r);
	if (rc > 0 && st->r.nfields <= 2 &&
	    !strcasecmp(st->r.fields[0], "Last Updated")) {
		read_published(st);
		rc = csv_next(&st->r);
	}
	if (rc < 0)
		return tab_csv_fail(ctx, &st->r);
	if (rc == 0)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:%llu: no header (expected \"Name 6,Name "
			       "1,...,Group ID\")",
			       ctx->path, (unsigned long long)st->r.line);
	st->ncols = st->r.nfields;
	return tab_columns(ctx, &st->r, &header, st->col);
}

/* ---- numbered cells ----------------------------------------------------- */

/* Trim s in place: white space around it, and a trailing '.' , ';' or ','
 * left by the numbering ("(1) Lebanon. (2) Belgium"). "-" means none. */
static char *trim(char *s)
{
	s = source_trim(s);
	size_t n = strlen(s);
	while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == '.' ||
		     s[n - 1] == ',' || s[n - 1] == ';'))
		s[--n] = '\0';
	if (!strcmp(s, "-"))
		*s = '\0';
	return s;
}

/*
 * Split "(1) a (2) b (3) c" in place into parts[0..n); a cell without the
 * numbering is one part. Only "(k)" with k following the previous number
 * splits, so "(possibly) Gornyatskiy" stays whole.
 */
static int split_numbered(char *s, char **parts)
{
	if (!s)
		return 0;
	while (isspace((unsigned char)*s))
		s++;
	if (strncmp(s, "(1)", 3)) {
		parts[0] = trim(s);
		return 1;
	}
	char *marks[MAX_NUMBERED + 1];
	int n = 0;
	char *p = s;
	while (n < MAX_NUMBERED) {
		char mark[16];
		snprintf(mark, sizeof(mark), "(%d)", n + 1);
		char *m = strstr(p, mark);
		if (!m)
			break;
		marks[n] = m;
		parts[n] = m + strlen(mark);
		p = parts[n];
		n++;
	}
	for (int i = 0; i < n; i++) {
		if (i + 1 < n)
			*marks[i + 1] = '\0';
		parts[i] = trim(parts[i]);
	}
	return n;
}

/* ---- the parts of a row ------------------------------------------------- */

static name_kind row_name_kind(const char *alias_type, const char *quality)
{
	if (!strcasecmp(alias_type, "Primary name"))
		return NAME_PRIMARY;
	if (!strncasecmp(quality, "Low", 3))
		return NAME_WEAK;
	return NAME_STRONG;
}

/* Individuals: Name 1..5 then Name 6 (the surname); others: Name 6. */
static const char *row_name(uk_state *st, int person)
{
	buf *b = &st->name;
	buf_reset(b);
	static const int order[] = {C_NAME1, C_NAME2, C_NAME3,
				    C_NAME4, C_NAME5, C_NAME6};
	int from = person ? 0 : 5;
	for (int i = from; i < 6; i++) {
		const char *s = field(st, order[i]);
		while (isspace((unsigned char)*s))
			s++;
		size_t n = strlen(s);
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (!n)
			continue;
		if (b->len)
			buf_addch(b, ' ');
		buf_add(b, s, n);
	}
	if (!b->len && !person)
		return row_name(st, 1);
	return buf_ok(b) ? buf_str(b) : "";
}

static void add_names(uk_state *st, entity *e, const char *name)
{
	entity_set *set = st->ctx->set;
	const char *type = field(st, C_ALIAS_TYPE);
	name_kind kind = row_name_kind(type, field(st, C_ALIAS_QUALITY));
	const char *nonlatin = field(st, C_NONLATIN);
	const char *lang = field(st, C_NONLATIN_LANG);
	if (!*lang)
		lang = field(st, C_NONLATIN_TYPE);
	/* the non-Latin form is given next to the primary name */
	int r = ent_add_name(set, e, kind, name,
			     kind == NAME_PRIMARY ? nonlatin : NULL,
			     kind == NAME_PRIMARY && *nonlatin ? lang : NULL);
	if (r == 1 && !strcasecmp(type, "FKA"))
		e->names[e->n_names - 1].former = 1;
	ent_add_name(set, e, NAME_STRONG, nonlatin, NULL, lang);
}

/*
 * A country of birth; for Soviet-era names the table does not know
 * ("Former USSR (now Belarus)", "Former USSR Currently Belarus") the
 * country after "now" or "currently" is used and the text kept as attribute
 * birth_country.
 */
static void add_birth_country(entity_set *set, entity *e, char *s)
{
	char cc[3];
	char *now = NULL;
	for (char *p = s; *p; p++) {
		if (p != s && isalpha((unsigned char)p[-1]))
			continue;
		if (!strncasecmp(p, "now ", 4))
			now = p + 4;
		else if (!strncasecmp(p, "currently ", 10))
			now = p + 10;
	}
	if (!*s || country_code(s, cc) || !now) {
		ent_add_country(set, e, COUNTRY_BIRTH, s);
		return;
	}
	ent_add_attr(set, e, "birth_country", s);
	char *copy = arena_strndup(&set->mem, now, strcspn(now, "),;"));
	if (copy)
		ent_add_country(set, e, COUNTRY_BIRTH, trim(copy));
}

static void add_birth(uk_state *st, entity *e)
{
	entity_set *set = st->ctx->set;
	pdate d;
	const char *dob = field(st, C_DOB);
	if (uk_date(dob, &d) == 0)
		ent_add_date(set, e, DATE_BIRTH, d, (pdate){0});
	else
		ent_add_attr(set, e, "birth_date", dob);
	char *parts[MAX_NUMBERED];
	int n = split_numbered(cell(st, C_TOWN_OF_BIRTH), parts);
	for (int i = 0; i < n; i++)
		ent_add_attr(set, e, "birth_place", parts[i]);
	n = split_numbered(cell(st, C_COUNTRY_OF_BIRTH), parts);
	for (int i = 0; i < n; i++)
		add_birth_country(set, e, parts[i]);
}

/* "Russia", "(1) Cyprus (2) Russia", "Estonia, Russia", "Germany. Russia" */
static void add_nationalities(uk_state *st, entity *e)
{
	entity_set *set = st->ctx->set;
	char *parts[MAX_NUMBERED];
	int n = split_numbered(cell(st, C_NATIONALITY), parts);
	for (int i = 0; i < n; i++) {
		char cc[3];
		char *s = parts[i];
		if (!*s || country_code(s, cc) ||
		    (!strstr(s, ", ") && !strstr(s, ". "))) {
			ent_add_country(set, e, COUNTRY_NATIONALITY, s);
			continue;
		}
		for (char *p = s; p;) {
			char *sep = strpbrk(p, ",.");
			if (sep)
				*sep = '\0';
			ent_add_country(set, e, COUNTRY_NATIONALITY, trim(p));
			p = sep ? sep + 1 : NULL;
		}
	}
}

/* Numbers and their details, paired by their "(k)" numbering. */
static void add_documents(uk_state *st, entity *e, int num_col, int details_col,
			  const char *type)
{
	char *nums[MAX_NUMBERED], *details[MAX_NUMBERED];
	int n = split_numbered(cell(st, num_col), nums);
	int k = split_numbered(cell(st, details_col), details);
	for (int i = 0; i < n; i++)
		ent_add_ident(st->ctx->set, e, type, nums[i], NULL,
			      i < k ? details[i] : NULL);
}

static void add_address(uk_state *st, entity *e)
{
	static const int lines[] = {C_ADDRESS1, C_ADDRESS2, C_ADDRESS3,
				    C_ADDRESS4, C_ADDRESS5, C_ADDRESS6};
	buf *b = &st->addr;
	buf_reset(b);
	for (size_t i = 0; i < 6; i++) {
		char *s = cell(st, lines[i]);
		if (!s || !*(s = source_trim(s)))
			continue;
		if (b->len)
			buf_addstr(b, ", ");
		buf_addstr(b, s);
	}
	const char *country = field(st, C_COUNTRY);
	char cc[3];
	/* a Country the table does not know ("Moscow") stays in the text */
	if (*country && !country_code(country, cc)) {
		if (b->len)
			buf_addstr(b, ", ");
		buf_addstr(b, country);
	}
	if (buf_ok(b))
		ent_add_addr(st->ctx->set, e, buf_str(b), NULL, NULL,
			     field(st, C_POSTCODE), country);
}

/* ---- Other Information -------------------------------------------------- */

/* I_REF: only the reference itself, the first word ("AQD0089"), is kept;
 * the text after it stays in the remarks. */
enum info_what { I_ATTR, I_REF, I_GENDER, I_IDENT, I_FLAG };

static const struct info_key {
	const char *key;  /* as between "(" and "):" */
	const char *slug; /* attribute key or identifier type */
	uint8_t what;
} info_keys[] = {
    {"UK Sanctions List Ref", "uk_ref", I_REF},
    {"UN Ref", "un_ref", I_REF},
    {"Gender", NULL, I_GENDER},
    {"Phone number", "phone", I_ATTR},
    {"Tel", "phone", I_ATTR},
    {"Fax", "fax", I_ATTR},
    {"Email address", "email", I_ATTR},
    {"Website", "website", I_ATTR},
    {"Type of entity", "entity_type", I_ATTR},
    {"Parent company", "parent_company", I_ATTR},
    {"Subsidiaries", "subsidiaries", I_ATTR},
    {"Business Reg No", "registration", I_IDENT},
    {"IMO number", "imo", I_IDENT},
    {"Flag of ship", NULL, I_FLAG},
    {"Previous flags", "previous_flags", I_ATTR},
    {"Type of ship", "vessel_type", I_ATTR},
    {"Tonnage of ship", "tonnage", I_ATTR},
    {"Length of ship", "vessel_length", I_ATTR},
    {"Year built", "year_built", I_ATTR},
    {"Current owners", "vessel_owner", I_ATTR},
    {"UK Statement of Reasons", NULL, I_ATTR}, /* stays in the remarks */
};

/* The known "(Key):" starting at p, or NULL. */
static const struct info_key *info_key_at(const char *p, size_t *len)
{
	if (*p != '(')
		return NULL;
	for (size_t i = 0; i < sizeof(info_keys) / sizeof(info_keys[0]); i++) {
		size_t n = strlen(info_keys[i].key);
		if (!strncmp(p + 1, info_keys[i].key, n) && p[n + 1] == ')' &&
		    p[n + 2] == ':') {
			*len = n + 3;
			return &info_keys[i];
		}
	}
	return NULL;
}

/* 1 if the word looks like a list reference: short, with a digit. */
static int ref_word(const char *w, size_t n)
{
	if (!n || n > 20)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)w[i]))
			return 1;
	return 0;
}

static size_t word_len(const char *p)
{
	return strcspn(p, " \t\n\r");
}

/*
 * "AQD0089. (UN Ref)..." -> AQD0089; "INU0082 and SYR0310. Listed..." ->
 * INU0082 and SYR0310; "CDi. 038. Listed..." -> "CDi. 038": the
 * references at the start of the text.
 */
static void add_refs(entity_set *set, entity *e, const char *key, char *v)
{
	char *p = v;
	for (;;) {
		while (*p == ' ')
			p++;
		size_t n = word_len(p);
		if (n && !ref_word(p, n) && p[n] == ' ' &&
		    isdigit((unsigned char)p[n + 1]))
			n += 1 + word_len(p + n + 1);
		char *end = p + n;
		size_t k = n;
		for (;;) {
			if (k && strchr(".,;", p[k - 1]))
				k--;
			else if (k >= 2 && !memcmp(p + k - 2, "\xc2\xa0", 2))
				k -= 2; /* a no-break space */
			else
				break;
		}
		if (!ref_word(p, k))
			return;
		char c = p[k];
		p[k] = '\0';
		ent_add_attr(set, e, key, p);
		p[k] = c;
		p = end;
		while (*p == ' ')
			p++;
		if (strncmp(p, "and ", 4))
			return;
		p += 4;
	}
}

static void add_info_value(uk_state *st, entity *e, const struct info_key *k,
			   char *v)
{
	entity_set *set = st->ctx->set;
	v = trim(v);
	if (!*v || !k->slug) {
		if (k->what == I_GENDER && !strncasecmp(v, "Male", 4))
			e->gender = GENDER_MALE;
		else if (k->what == I_GENDER && !strncasecmp(v, "Female", 6))
			e->gender = GENDER_FEMALE;
		else if (k->what == I_FLAG)
			ent_add_country(set, e, COUNTRY_FLAG, v);
		return;
	}
	if (k->what == I_REF) {
		add_refs(set, e, k->slug, v);
		return;
	}
	if (k->what == I_IDENT)
		ent_add_ident(set, e, k->slug, v, NULL, NULL);
	else
		ent_add_attr(set, e, k->slug, v);
}

/* Remarks, and the "(Key):value" sections found in them. */
static void add_info(uk_state *st, entity *e)
{
	entity_set *set = st->ctx->set;
	const char *text = field(st, C_OTHER_INFO);
	if (e->remarks && !strcmp(e->remarks, text))
		return; /* this group's rows repeat the same text */
	const char *t = ent_str(set, text);
	if (!t)
		return;
	if (!e->remarks)
		e->remarks = t;
	else if (!strstr(e->remarks, t))
		e->remarks = arena_printf(&set->mem, "%s | %s", e->remarks, t);
	char *s = cell(st, C_OTHER_INFO);
	const struct info_key *k = NULL;
	char *v = NULL;
	for (char *p = s; *p; p++) {
		size_t len;
		const struct info_key *next = info_key_at(p, &len);
		if (!next)
			continue;
		if (k) {
			*p = '\0';
			add_info_value(st, e, k, v);
		}
		k = next;
		v = p + len;
		p += len - 1;
	}
	if (k)
		add_info_value(st, e, k, v);
}

/* ---- one row ------------------------------------------------------------ */

static void add_dates(uk_state *st, entity *e)
{
	entity_set *set = st->ctx->set;
	pdate d;
	char iso[11];
	if (uk_date(field(st, C_LISTED_ON), &d) == 0 &&
	    (!e->listed.year || pdate_cmp(d, e->listed) < 0))
		e->listed = d;
	if (uk_date(field(st, C_DESIGNATED), &d) == 0) {
		pdate_format(d, iso);
		ent_add_attr(set, e, "designated_date", iso);
	}
	if (uk_date(field(st, C_LAST_UPDATED), &d) == 0) {
		pdate_format(d, iso);
		ent_add_attr(set, e, "last_updated", iso);
	}
}

static licit_status add_row(uk_state *st)
{
	parse_ctx *ctx = st->ctx;
	entity_set *set = ctx->set;
	char *gid = cell(st, C_GROUP_ID);
	gid = gid ? source_trim(gid) : NULL;
	if (!gid || !*gid) {
		parse_skip(ctx, NULL, st->r.row_line, "no Group ID");
		return LICIT_OK;
	}
	licit_schema schema = schema_from_text(field(st, C_GROUP_TYPE));
	const char *name = row_name(st, schema == LICIT_SCHEMA_PERSON);
	if (!*name) {
		parse_skip(ctx, NULL, st->r.row_line, "group %s: no name", gid);
		return LICIT_OK;
	}
	int is_new;
	entity *e = source_entity_for(ctx, &st->groups, UK_SOURCE_ID, gid,
				      st->r.row_line, &is_new);
	if (!e)
		return LICIT_ENOMEM;
	if (is_new)
		ent_add_list(set, e, UK_LIST);
	if (e->schema == LICIT_SCHEMA_UNKNOWN)
		e->schema = (uint8_t)schema;
	add_names(st, e, name);
	ent_add_attr(set, e, "title", field(st, C_TITLE));
	ent_add_attr(set, e, "position", field(st, C_POSITION));
	ent_add_program(set, e, field(st, C_REGIME));
	add_dates(st, e);
	add_address(st, e);
	/* these split their cells in place */
	add_info(st, e);
	add_birth(st, e);
	add_nationalities(st, e);
	add_documents(st, e, C_PASSPORT_NUMBER, C_PASSPORT_DETAILS, "passport");
	add_documents(st, e, C_NATIONAL_ID_NUMBER, C_NATIONAL_ID_DETAILS,
		      "national-id");
	return LICIT_OK;
}

static licit_status add_row_cb(void *st)
{
	return add_row(st);
}

static licit_status parse(parse_ctx *ctx)
{
	ctx->source_id = UK_SOURCE_ID;
	licit_status s = source_check_text(
	    ctx, "\"Last Updated,DD/MM/YYYY\" and the ConList header",
	    "the OFSI ConList CSV", 1);
	if (s != LICIT_OK)
		return s;
	uk_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.first = ctx->set->n;
	hashmap_init(&st.groups);
	buf_init(&st.name, 1 << 20);
	buf_init(&st.addr, 1 << 20);
	csv_init(&st.r, ctx->data, ctx->len, ',');
	s = read_header(&st);
	if (s == LICIT_OK)
		s = tab_read_rows(ctx, &st.r, st.ncols, ctx->data, ctx->len,
				  add_row_cb, &st);
	csv_release(&st.r);
	buf_release(&st.name);
	buf_release(&st.addr);
	hashmap_release(&st.groups);
	source_count_names(ctx, st.first);
	return s;
}

const source_format fmt_uk_ofsi_csv = {
    .name = "uk-ofsi-csv",
    .description = "UK OFSI Consolidated List, ConList.csv",
    .detect = detect,
    .is_companion = NULL,
    .parse = parse,
};
