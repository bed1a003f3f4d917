/*
 * csl_csv.c - the trade.gov Consolidated Screening List (CSL) as CSV.
 *
 * consolidated.csv merges eleven-odd US export screening lists (OFAC's SDN
 * and non-SDN lists, BIS's Entity, Denied Persons, Unverified and Military
 * End User lists, State's ITAR debarred and nonproliferation lists) into
 * one UTF-8 CSV with a header row; multi-valued cells are joined with "; ".
 * Columns are found by header name, so a reordered or extended file still
 * reads; `_id`, `source` and `name` are required.
 *
 * One `_id` is one party. The same party sits in several rows when it is on
 * several lists (an OFAC entry that is on the SDN, SSI and CAPTA lists has
 * three rows with one `_id`); those rows become ONE entity carrying every
 * row's list, programmes, identifiers and addresses, so that ids stay
 * unique and a screening hit names all the lists at once. Rows of a party
 * need not be adjacent: a map from `_id` to entity joins them.
 *
 * The `ids` cell holds "[CC, ][dates, ]value, Label" items: identifiers
 * (mapped to type slugs by label), but also gender, websites, e-mail
 * addresses and sanction notes, which become the gender and attributes.
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

#define CSL_SOURCE_ID "us-csl"
#define CSL_HEADER    "the CSL header \"_id,source,entity_number,...\""

enum {
	C_ID,
	C_SOURCE,
	C_ENTITY_NUMBER,
	C_TYPE,
	C_PROGRAMS,
	C_NAME,
	C_TITLE,
	C_ADDRESSES,
	C_FR_NOTICE,
	C_START_DATE,
	C_END_DATE,
	C_STANDARD_ORDER,
	C_LICENSE_REQUIREMENT,
	C_LICENSE_POLICY,
	C_CALL_SIGN,
	C_VESSEL_TYPE,
	C_GROSS_TONNAGE,
	C_GROSS_REGISTERED_TONNAGE,
	C_VESSEL_FLAG,
	C_VESSEL_OWNER,
	C_REMARKS,
	C_SOURCE_LIST_URL,
	C_ALT_NAMES,
	C_CITIZENSHIPS,
	C_DATES_OF_BIRTH,
	C_NATIONALITIES,
	C_PLACES_OF_BIRTH,
	C_SOURCE_INFORMATION_URL,
	C_IDS,
	N_COLS
};

static const char *const col_names[N_COLS] = {
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
};

static const int required[] = {C_ID, C_SOURCE, C_NAME};

static const tab_header header =
    TAB_HEADER(col_names, N_COLS, 0, required, "CSL");

/* Single-valued columns kept as attributes under their own name. */
static const int attr_cols[] = {
    C_START_DATE,
    C_END_DATE,
    C_FR_NOTICE,
    C_LICENSE_REQUIREMENT,
    C_LICENSE_POLICY,
    C_STANDARD_ORDER,
    C_ENTITY_NUMBER,
    C_SOURCE_LIST_URL,
    C_SOURCE_INFORMATION_URL,
    C_TITLE,
    C_VESSEL_TYPE,
    C_GROSS_TONNAGE,
    C_GROSS_REGISTERED_TONNAGE,
    C_VESSEL_OWNER,
};

/*
 * What an `ids` item is, by its label (the last ", " part). Labels not in
 * the table become an "other" identifier when they read like a number
 * ("... No.", "... Number", "... ID", "#"), else an attribute named after
 * the label ("Target Type" -> target_type).
 */
enum id_what {
	W_IDENT,  /* identifier of type `slug` */
	W_ATTR,	  /* attribute `slug` */
	W_GENDER, /* "Male, Gender" */
	W_INCORP, /* incorporation date */
	W_JURIS,  /* country of registration */
};

typedef struct id_kind {
	const char *label;
	const char *slug;
	uint8_t what;
	uint8_t prefix; /* label only has to start with `label` */
} id_kind;

static const id_kind id_kinds[] = {
    {"Passport", "passport", W_IDENT, 0},
    {"Diplomatic Passport", "passport", W_IDENT, 0},
    {"Stateless Person Passport", "passport", W_IDENT, 0},
    {"British National Overseas Passport", "passport", W_IDENT, 0},
    {"Travel Document Number", "travel-document", W_IDENT, 0},
    {"National ID No.", "national-id", W_IDENT, 0},
    {"Cedula No.", "national-id", W_IDENT, 0},
    {"C.U.R.P.", "national-id", W_IDENT, 0},
    {"D.N.I.", "national-id", W_IDENT, 0},
    {"Identification Number", "national-id", W_IDENT, 0},
    {"Personal ID Card", "national-id", W_IDENT, 0},
    {"National Foreign ID Number", "national-id", W_IDENT, 0},
    {"Kenyan ID No.", "national-id", W_IDENT, 0},
    {"Turkish Identification Number", "national-id", W_IDENT, 0},
    {"Citizen's Card Number", "national-id", W_IDENT, 0},
    {"Numero de Identidad", "national-id", W_IDENT, 0},
    {"C.U.I.", "national-id", W_IDENT, 0},
    {"Tazkira National ID Card", "national-id", W_IDENT, 0},
    {"Bosnian Personal ID No.", "national-id", W_IDENT, 0},
    {"CNP (Personal Numerical Code)", "national-id", W_IDENT, 0},
    {"Moroccan Personal ID No.", "national-id", W_IDENT, 0},
    {"UAE Identification", "national-id", W_IDENT, 0},
    {"Electoral Registry No.", "national-id", W_IDENT, 0},
    {"Credencial electoral", "national-id", W_IDENT, 0},
    {"I.F.E.", "national-id", W_IDENT, 0},
    {"N.I.E.", "national-id", W_IDENT, 0},
    {"SSN", "national-id", W_IDENT, 0},
    {"Stateless Person ID Card", "national-id", W_IDENT, 0},
    {"Refugee ID Card", "national-id", W_IDENT, 0},
    {"Residency Number", "residence-permit", W_IDENT, 0},
    {"Romanian Permanent Resident", "residence-permit", W_IDENT, 0},
    {"Birth Certificate Number", "birth-certificate", W_IDENT, 0},
    {"Driver's License No.", "drivers-license", W_IDENT, 0},
    {"Seafarer's Identification Document", "seafarer-id", W_IDENT, 0},
    {"Pilot License Number", "pilot-license", W_IDENT, 0},
    {"VisaNumberID", "visa", W_IDENT, 0},
    {"Immigration No.", "immigration", W_IDENT, 0},
    {"Public Security and Immigration No.", "immigration", W_IDENT, 0},
    {"Cartilla de Servicio Militar Nacional", "military-id", W_IDENT, 0},
    {"Tax ID No.", "tax-id", W_IDENT, 0},
    {"R.F.C.", "tax-id", W_IDENT, 0},
    {"RFC", "tax-id", W_IDENT, 0},
    {"NIT #", "tax-id", W_IDENT, 0},
    {"RUC #", "tax-id", W_IDENT, 0},
    {"RIF #", "tax-id", W_IDENT, 0},
    {"US FEIN", "tax-id", W_IDENT, 0},
    {"V.A.T. Number", "tax-id", W_IDENT, 0},
    {"C.U.I.T.", "tax-id", W_IDENT, 0},
    {"Italian Fiscal Code", "tax-id", W_IDENT, 0},
    {"Fiscal Code", "tax-id", W_IDENT, 0},
    {"Romanian Tax Registration", "tax-id", W_IDENT, 0},
    {"Numero Unico de Identificacao Tributaria (NUIT)", "tax-id", W_IDENT, 0},
    {"Paraguayan tax identification number", "tax-id", W_IDENT, 0},
    {"RTN", "tax-id", W_IDENT, 0},
    {"C.I.F.", "tax-id", W_IDENT, 0},
    {"RSIN", "tax-id", W_IDENT, 0},
    {"Registration Number", "registration", W_IDENT, 0},
    {"Registration ID", "registration", W_IDENT, 0},
    {"Company Number", "registration", W_IDENT, 0},
    {"UK Company Number", "registration", W_IDENT, 0},
    {"Business Registration Number", "registration", W_IDENT, 0},
    {"Business Registration Document #", "registration", W_IDENT, 0},
    {"Commercial Registry Number", "registration", W_IDENT, 0},
    {"Government Gazette Number", "registration", W_IDENT, 0},
    {"Folio Mercantil No.", "registration", W_IDENT, 0},
    {"Matricula Mercantil No", "registration", W_IDENT, 0},
    {"Trade License No.", "registration", W_IDENT, 0},
    {"C.R. No.", "registration", W_IDENT, 0},
    {"Romanian C.R.", "registration", W_IDENT, 0},
    {"Chamber of Commerce Number", "registration", W_IDENT, 0},
    {"Dubai Chamber of Commerce Membership No.", "registration", W_IDENT, 0},
    {"Istanbul Chamber of Comm. No.", "registration", W_IDENT, 0},
    {"Legal Entity Number", "registration", W_IDENT, 0},
    {"Enterprise Number", "registration", W_IDENT, 0},
    {"Public Registration Number", "registration", W_IDENT, 0},
    {"Certificate of Incorporation Number", "registration", W_IDENT, 0},
    {"Unified Social Credit Code (USCC)", "registration", W_IDENT, 0},
    {"United Social Credit Code Certificate (USCCC)", "registration", W_IDENT,
     0},
    {"Branch Unit Number", "registration", W_IDENT, 0},
    {"LE Number", "registration", W_IDENT, 0},
    {"Business Number", "registration", W_IDENT, 0},
    {"License", "registration", W_IDENT, 0},
    {"Registered Charity No.", "registration", W_IDENT, 0},
    {"File Number", "registration", W_IDENT, 0},
    {"Central Registration System Number", "registration", W_IDENT, 0},
    {"MSB Registration Number", "registration", W_IDENT, 0},
    {"Afghan Money Service Provider License Number", "registration", W_IDENT,
     0},
    {"Tourism License No.", "registration", W_IDENT, 0},
    {"SWIFT/BIC", "swift-bic", W_IDENT, 0},
    {"ISIN", "isin", W_IDENT, 0},
    {"D-U-N-S Number", "duns", W_IDENT, 0},
    {"Equity Ticker", "ticker", W_IDENT, 0},
    {"MICEX Code", "ticker", W_IDENT, 0},
    {"BIK (RU)", "bik", W_IDENT, 0},
    {"Vessel Registration Identification", "imo", W_IDENT, 0},
    {"MMSI", "mmsi", W_IDENT, 0},
    {"Other Vessel Call Sign", "call-sign", W_IDENT, 0},
    {"Aircraft Manufacturer's Serial Number (MSN)", "aircraft-serial", W_IDENT,
     0},
    {"Aircraft Serial Identification", "aircraft-serial", W_IDENT, 0},
    {"Aircraft Construction Number", "aircraft-serial", W_IDENT, 1},
    {"Aircraft Tail Number", "aircraft-tail", W_IDENT, 0},
    {"Previous Aircraft Tail Number", "aircraft-tail", W_IDENT, 0},
    {"Aircraft Mode S Transponder Code", "aircraft-mode-s", W_IDENT, 0},
    {"Digital Currency Address", "crypto-wallet", W_IDENT, 1},
    {"C.U.I.P.", "other", W_IDENT, 0},
    {"SRE Permit No.", "other", W_IDENT, 0},
    {"Chinese Commercial Code", "other", W_IDENT, 0},
    {"Serial No.", "other", W_IDENT, 0},
    {"Website", "website", W_ATTR, 0},
    {"Email Address", "email", W_ATTR, 0},
    {"Phone Number", "phone", W_ATTR, 0},
    {"Gender", NULL, W_GENDER, 0},
    {"Organization Established Date", NULL, W_INCORP, 0},
    {"Nationality of Registration", NULL, W_JURIS, 0},
    {"Registration Country", NULL, W_JURIS, 0},
};

typedef struct csl_state {
	parse_ctx *ctx;
	csv_reader r;
	int col[N_COLS];
	int ncols;
	hashmap by_id; /* _id -> index in ctx->set->items */
	size_t first;  /* ctx->set->n when the parse began */
	buf scratch;
} csl_state;

/* ---- detection and header ---------------------------------------------- */

/* 1 if the comma-separated header line [p, end) has a column `name`. */
static int header_has(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);
	while (p < end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *e = c ? c : end;
		const char *s = p;
		const char *t = e;
		if (t > s && t[-1] == '\r')
			t--;
		if (t - s >= 2 && *s == '"' && t[-1] == '"') {
			s++;
			t--;
		}
		if ((size_t)(t - s) == n && !memcmp(s, name, n))
			return 1;
		p = e + 1;
	}
	return 0;
}

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	const char *p = (const char *)data,
		   *end = p + (len < 8192 ? len : 8192);
	if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (nl)
		end = nl;
	if (header_has(p, end, "_id") && header_has(p, end, "source") &&
	    header_has(p, end, "name") &&
	    (header_has(p, end, "alt_names") ||
	     header_has(p, end, "source_list_url")))
		return 90;
	return 0;
}

static const char *field(const csl_state *st, int c)
{
	return tab_field(&st->r, st->col, c);
}

static licit_status read_header(csl_state *st)
{
	parse_ctx *ctx = st->ctx;
	licit_status s = tab_read_header(
	    ctx, &st->r, 1, "empty file (expected " CSL_HEADER ")");
	st->ncols = st->r.nfields;
	return s != LICIT_OK ? s : tab_columns(ctx, &st->r, &header, st->col);
}

/* ---- splitting cells ---------------------------------------------------- */

/*
 * The next `sep`-separated part of the mutable string *p, NUL-terminated
 * in place and trimmed; *p moves past it. NULL when nothing is left.
 */
static char *next_part(char **p, const char *sep)
{
	char *s = *p;
	if (!s)
		return NULL;
	char *e = strstr(s, sep);
	if (e) {
		*e = '\0';
		*p = e + strlen(sep);
	} else {
		*p = NULL;
	}
	return source_trim(s);
}

static char *cell(csl_state *st, int c)
{
	return tab_cell(&st->r, st->col, c);
}

static int is_cc(const char *s)
{
	return isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
	       !s[2];
}

/* 1 if s starts with "YYYY-MM-DD, " (s is NUL-terminated). */
static int date_then_sep(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-'
				     : !isdigit((unsigned char)s[i]))
			return 0;
	return s[10] == ',' && s[11] == ' ';
}

/* "1962-08-06", "1967", "circa 1955", "1960 to 1962"; what does not
 * parse is kept as attribute `raw_key`. */
static void add_date(csl_state *st, entity *e, date_role role,
		     const char *raw_key, const char *s)
{
	pdate d, until = {0};
	const char *to = strstr(s, " to ");
	int ok = to ? pdate_parse(s, (size_t)(to - s), 1, &d) == 0 &&
			  pdate_parse(to + 4, strlen(to + 4), 1, &until) == 0
		    : pdate_parse(s, strlen(s), 1, &d) == 0;
	if (ok)
		ent_add_date(st->ctx->set, e, role, d, until);
	else
		ent_add_attr(st->ctx->set, e, raw_key, s);
}

/* ---- the ids cell ------------------------------------------------------- */

static const id_kind *id_kind_of(const char *label)
{
	for (size_t i = 0; i < sizeof(id_kinds) / sizeof(id_kinds[0]); i++) {
		const id_kind *k = &id_kinds[i];
		size_t n = strlen(k->label);
		if (k->prefix ? !strncasecmp(label, k->label, n)
			      : !strcasecmp(label, k->label))
			return k;
	}
	return NULL;
}

/* 1 if an unknown label reads like the name of a number. */
static int label_is_number(const char *label)
{
	static const char *const marks[] = {"No.", "No", "Number",
					    "ID",  "#",	 "Code"};
	const char *last = strrchr(label, ' ');
	last = last ? last + 1 : label;
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (!strcasecmp(last, marks[i]))
			return 1;
	return 0;
}

/* "Executive Order 13846 information:" -> "executive_order_13846_information"
 */
static void slugify(buf *b, const char *s)
{
	buf_reset(b);
	int gap = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c)) {
			if (gap && b->len)
				buf_addch(b, '_');
			buf_addch(b, (char)tolower(c));
			gap = 0;
		} else {
			gap = 1;
		}
	}
}

/*
 * One "[CC, ][YYYY-MM-DD, ...]value, Label" item, cut up in place. The
 * value may itself hold ", " ("Korea, North, Nationality of Registration"),
 * so the label is what follows the last ", " and the value what is left
 * after the optional country code and dates.
 */
static void add_id_item(csl_state *st, entity *e, char *item)
{
	entity_set *set = st->ctx->set;
	char *sep = NULL;
	for (char *q = strstr(item, ", "); q; q = strstr(q + 2, ", "))
		sep = q;
	if (!sep)
		return;
	*sep = '\0';
	const char *label = sep + 2;
	char *value = item;
	const char *cc = NULL;
	if (isupper((unsigned char)value[0]) &&
	    isupper((unsigned char)value[1]) && value[2] == ',' &&
	    value[3] == ' ') {
		value[2] = '\0';
		cc = value;
		value += 4;
	}
	/* issue and expiry dates before the value: "2014-08-30, 2009-08-31, "
	 */
	char *dates = NULL, *dates_end = NULL;
	while (date_then_sep(value)) {
		if (!dates)
			dates = value;
		dates_end = value + 10;
		value += 12;
	}
	if (dates_end)
		*dates_end = '\0';
	const id_kind *k = id_kind_of(label);
	buf *b = &st->scratch;
	if (!k && label_is_number(label)) {
		static const id_kind other = {"", "other", W_IDENT, 0};
		k = &other;
	}
	if (!k) {
		slugify(b, label);
		if (b->len)
			ent_add_attr(set, e, b->data, value);
		return;
	}
	switch (k->what) {
	case W_IDENT:
		buf_reset(b);
		buf_addstr(b, label);
		if (dates)
			buf_addf(b, "; %s", dates);
		ent_add_ident(set, e, k->slug, value, cc, buf_str(b));
		break;
	case W_ATTR:
		ent_add_attr(set, e, k->slug, value);
		break;
	case W_GENDER:
		if (!strcasecmp(value, "Male"))
			e->gender = GENDER_MALE;
		else if (!strcasecmp(value, "Female"))
			e->gender = GENDER_FEMALE;
		break;
	case W_INCORP:
		add_date(st, e, DATE_INCORPORATION, "incorporation_date",
			 value);
		break;
	case W_JURIS:
		ent_add_country(set, e, COUNTRY_JURISDICTION, value);
		break;
	}
}

static void add_ids(csl_state *st, entity *e)
{
	char *p = cell(st, C_IDS), *item;
	while ((item = next_part(&p, "; ")))
		if (*item)
			add_id_item(st, e, item);
}

/* ---- the other multi-valued cells --------------------------------------- */

/*
 * "street, city, state, postal, CC": empty parts are left out by the
 * publisher, so only the last part is known for sure - an ISO code when
 * the country is known.
 */
static void add_address(csl_state *st, entity *e, char *a)
{
	char *comma = NULL;
	for (char *q = strstr(a, ", "); q; q = strstr(q + 2, ", "))
		comma = q;
	const char *last = comma ? comma + 2 : a;
	char cc[3];
	if (is_cc(last) && country_code(last, cc)) {
		if (comma)
			*comma = '\0';
		ent_add_addr(st->ctx->set, e, comma ? a : NULL, NULL, NULL,
			     NULL, cc);
		return;
	}
	ent_add_addr(st->ctx->set, e, a, NULL, NULL, NULL, NULL);
}

/* "Tall 'Afar, Iraq": kept whole; its last part also names the country. */
static void add_birth_place(csl_state *st, entity *e, char *s)
{
	entity_set *set = st->ctx->set;
	ent_add_attr(set, e, "birth_place", s);
	const char *comma = strrchr(s, ',');
	const char *last = comma ? comma + 1 : s;
	while (*last == ' ')
		last++;
	char cc[3];
	if (country_code(last, cc))
		ent_add_country(set, e, COUNTRY_BIRTH, last);
}

static void add_multi(csl_state *st, entity *e, int c)
{
	entity_set *set = st->ctx->set;
	char *p = cell(st, c), *s;
	while ((s = next_part(&p, "; "))) {
		if (!*s)
			continue;
		switch (c) {
		case C_ALT_NAMES:
			ent_add_name(set, e, NAME_STRONG, s, NULL, NULL);
			break;
		case C_PROGRAMS:
			ent_add_program(set, e, s);
			break;
		case C_ADDRESSES:
			add_address(st, e, s);
			break;
		case C_CITIZENSHIPS:
			ent_add_country(set, e, COUNTRY_CITIZENSHIP, s);
			break;
		case C_NATIONALITIES:
			ent_add_country(set, e, COUNTRY_NATIONALITY, s);
			break;
		case C_DATES_OF_BIRTH:
			add_date(st, e, DATE_BIRTH, "birth_date", s);
			break;
		case C_PLACES_OF_BIRTH:
			add_birth_place(st, e, s);
			break;
		}
	}
}

/* ---- one row ------------------------------------------------------------ */

/*
 * The schema of a row. Rows of the OFAC lists say Individual / Entity /
 * Vessel / Aircraft. The BIS and State lists leave `type` empty and mix
 * people and companies, so the name decides: a legal-form or business
 * word (LTD, INC, TRADING, AIRLINES...) or "individual" settles it; past
 * that, the Denied Persons and ITAR debarred lists are mostly people and
 * the Unverified and Military End User lists all but entirely companies,
 * while the Entity List and the nonproliferation list hold both in
 * numbers (e.g. "Ralph Brucher" next to "Kitronix Display"), so their
 * unmarked names stay unknown rather than being guessed.
 */
static licit_schema row_schema(const char *type, const char *list,
			       const char *name)
{
	licit_schema s = schema_from_text(type);
	if (s != LICIT_SCHEMA_UNKNOWN)
		return s;
	if (strstr(name, "individual") || strstr(name, "Individual"))
		return LICIT_SCHEMA_PERSON;
	if (source_name_looks_org(name))
		return LICIT_SCHEMA_ORGANIZATION;
	if (!strncmp(list, "Denied Persons", 14) ||
	    !strncmp(list, "ITAR Debarred", 13))
		return LICIT_SCHEMA_PERSON;
	if (!strncmp(list, "Unverified", 10) ||
	    !strncmp(list, "Military End User", 17))
		return LICIT_SCHEMA_ORGANIZATION;
	return LICIT_SCHEMA_UNKNOWN;
}

/* Remarks of several rows of one party, joined with " | " when they
 * differ. */
static void add_remarks(csl_state *st, entity *e, const char *r)
{
	entity_set *set = st->ctx->set;
	const char *t = ent_str(set, r);
	if (!t || (e->remarks && strstr(e->remarks, t)))
		return;
	e->remarks =
	    e->remarks ? arena_printf(&set->mem, "%s | %s", e->remarks, t) : t;
}

static void add_attrs(csl_state *st, entity *e)
{
	for (size_t i = 0; i < sizeof(attr_cols) / sizeof(attr_cols[0]); i++)
		ent_add_attr(st->ctx->set, e, col_names[attr_cols[i]],
			     field(st, attr_cols[i]));
}

static licit_status add_row(csl_state *st)
{
	parse_ctx *ctx = st->ctx;
	entity_set *set = ctx->set;
	char *id = cell(st, C_ID);
	const char *name = field(st, C_NAME);
	const char *list = field(st, C_SOURCE);
	if (id)
		id = source_trim(id);
	if (!id || !*id || source_blank(name)) {
		parse_skip(ctx, NULL, st->r.row_line, "no %s",
			   !id || !*id ? "_id" : "name");
		return LICIT_OK;
	}
	entity *e = source_entity_for(ctx, &st->by_id, CSL_SOURCE_ID, id,
				      st->r.row_line, NULL);
	if (!e)
		return LICIT_ENOMEM;
	if (e->schema == LICIT_SCHEMA_UNKNOWN)
		e->schema = (uint8_t)row_schema(field(st, C_TYPE), list, name);
	ent_add_name(set, e, NAME_PRIMARY, name, NULL, NULL);
	ent_add_list(set, e, list);
	const char *start = field(st, C_START_DATE);
	pdate d;
	if (pdate_parse(start, strlen(start), 1, &d) == 0 &&
	    (!e->listed.year || pdate_cmp(d, e->listed) < 0))
		e->listed = d;
	add_attrs(st, e);
	add_remarks(st, e, field(st, C_REMARKS));
	const char *flag = field(st, C_VESSEL_FLAG);
	if (strcasecmp(flag, "None Identified"))
		ent_add_country(set, e, COUNTRY_FLAG, flag);
	ent_add_ident(set, e, "call-sign", field(st, C_CALL_SIGN), NULL, NULL);
	/* these split their cells in place, so they come last */
	add_multi(st, e, C_ALT_NAMES);
	add_multi(st, e, C_PROGRAMS);
	add_multi(st, e, C_ADDRESSES);
	add_multi(st, e, C_CITIZENSHIPS);
	add_multi(st, e, C_NATIONALITIES);
	add_multi(st, e, C_DATES_OF_BIRTH);
	add_multi(st, e, C_PLACES_OF_BIRTH);
	add_ids(st, e);
	return LICIT_OK;
}

static licit_status add_row_cb(void *st)
{
	return add_row(st);
}

static licit_status parse(parse_ctx *ctx)
{
	ctx->source_id = CSL_SOURCE_ID;
	licit_status s = source_check_text(ctx, CSL_HEADER, "the CSL CSV", 1);
	if (s != LICIT_OK)
		return s;
	csl_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.first = ctx->set->n;
	hashmap_init(&st.by_id);
	buf_init(&st.scratch, CSV_MAX_ROW);
	csv_init(&st.r, ctx->data, ctx->len, ',');
	s = read_header(&st);
	if (s == LICIT_OK)
		s = tab_read_rows(ctx, &st.r, st.ncols, ctx->data, ctx->len,
				  add_row_cb, &st);
	csv_release(&st.r);
	buf_release(&st.scratch);
	hashmap_release(&st.by_id);
	source_count_names(ctx, st.first);
	return s;
}

const source_format fmt_csl_csv = {
    .name = "csl-csv",
    .description = "trade.gov Consolidated Screening List, consolidated.csv",
    .detect = detect,
    .is_companion = NULL,
    .parse = parse,
};
