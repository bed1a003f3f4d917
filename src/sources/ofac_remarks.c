/*
 * ofac_remarks.c - reading the items of OFAC's legacy Remarks field (see
 * ofac_remarks.h).
 *
 * The text is copied, split on ';' (OFAC writes "; " but a few records
 * omit the space), and each item is matched against a table of labels:
 * the longest label that starts the item wins, compared without regard to
 * case, after an "alt. " prefix (a second value of the same kind) has been
 * dropped. The table is the reader's map of what OFAC writes; labels not
 * in it fall back to one generic rule, "<label> <value> (<country>)",
 * which is read as an identifier of type "other".
 *
 * OFAC's conventions relied on here: single-quoted a.k.a./f.k.a./n.k.a.
 * names in the remarks are the low-quality ("weak") aliases - the good ones
 * are in alt.csv; an identifier's issuing country follows its value in
 * parentheses; a birth date may be partial, "circa", or a range "A to B".
 */
#include "sources/ofac_remarks.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sources/source.h"
#include "text/country.h"
#include "util/buf.h"
#include "banned.h"

typedef void (*item_fn)(entity_set *s, entity *e, char *value, const char *arg,
			int num);

typedef struct item_rule {
	const char *label;
	item_fn fn;
	const char *arg; /* identifier type, attribute key ... */
	int num;	 /* a country or date role */
} item_rule;

static int has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			return 1;
	return 0;
}

/* ---------------------------------------------------------- names */

static void item_alias(entity_set *s, entity *e, char *v, const char *arg,
		       int num)
{
	(void)arg;
	size_t n = strlen(v);
	if (n >= 2 && v[0] == '\'' && v[n - 1] == '\'') {
		v[n - 1] = '\0';
		v++;
	} else if (v[0] == '\'') {
		v++; /* the closing quote was cut off */
	}
	if (ent_add_name(s, e, NAME_WEAK, v, NULL, NULL) == 1 && num)
		e->names[e->n_names - 1].former = 1;
}

/* ---------------------------------------------------------- dates */

/* "1958-1960" (after an optional "circa "): the dash splitting a year
 * range, or NULL. */
static char *year_range_dash(char *v)
{
	char *p = v;
	if (!strncasecmp(p, "circa ", 6))
		p += 6;
	if (strlen(p) != 9 || p[4] != '-')
		return NULL;
	for (int i = 0; i < 9; i++)
		if (i != 4 && !isdigit((unsigned char)p[i]))
			return NULL;
	return p + 4;
}

/* A date or a range "A to B" into *from / *until; 0 or -1. */
static int parse_date_range(char *v, pdate *from, pdate *until)
{
	memset(from, 0, sizeof(*from));
	memset(until, 0, sizeof(*until));
	char *to = strstr(v, " to ");
	size_t skip = 4;
	if (!to) {
		to = year_range_dash(v);
		skip = 1;
	}
	if (to) {
		*to = '\0';
		char *u = source_trim(to + skip);
		if (pdate_parse(u, strlen(u), 0, until) < 0)
			memset(until, 0, sizeof(*until));
	}
	v = source_trim(v);
	return pdate_parse(v, strlen(v), 0, from);
}

static void item_date(entity_set *s, entity *e, char *v, const char *arg,
		      int num)
{
	pdate from, until;
	if (parse_date_range(v, &from, &until) == 0) {
		ent_add_date(s, e, (date_role)num, from, until);
		return;
	}
	if (arg) /* keep what we could not read */
		ent_add_attr(s, e, arg, v);
}

/* ------------------------------------------------------ countries */

static void item_country(entity_set *s, entity *e, char *v, const char *arg,
			 int num)
{
	(void)arg;
	ent_add_country(s, e, (country_role)num, v);
}

static void item_birth_place(entity_set *s, entity *e, char *v, const char *arg,
			     int num)
{
	(void)arg;
	(void)num;
	ent_add_attr(s, e, "birth_place", v);
	char cc[3];
	char *comma = strrchr(v, ',');
	char *last = comma ? source_trim(comma + 1) : v;
	if (country_code(last, cc)) {
		ent_add_country(s, e, COUNTRY_BIRTH, last);
		return;
	}
	if (comma && country_code(v, cc))
		ent_add_country(s, e, COUNTRY_BIRTH, v);
}

static void item_gender(entity_set *s, entity *e, char *v, const char *arg,
			int num)
{
	(void)s;
	(void)arg;
	(void)num;
	if (!strncasecmp(v, "male", 4))
		e->gender = GENDER_MALE;
	else if (!strncasecmp(v, "female", 6))
		e->gender = GENDER_FEMALE;
}

/* ---------------------------------------------------- identifiers */

/*
 * Split "VALUE (Country) issued 2001" in place: *country gets the text of
 * the last parenthesised group that names a country (NULL if none), *note
 * what follows it, or the " issued ..." / " expires ..." tail when there
 * is no country. Returns the value.
 */
static char *split_ident(char *v, char **country, char **note)
{
	*country = NULL;
	*note = NULL;
	char *open = NULL, *close = NULL;
	for (char *p = strstr(v, " ("); p; p = strstr(p + 1, " (")) {
		char *c = strchr(p + 2, ')');
		if (!c)
			break;
		char cc[3];
		*c = '\0';
		int ok = country_code(p + 2, cc);
		*c = ')';
		if (ok) {
			open = p;
			close = c;
		}
	}
	if (open) {
		*open = '\0';
		*close = '\0';
		*country = open + 2;
		*note = source_trim(close + 1);
		return source_trim(v);
	}
	char *tail = strstr(v, " issued ");
	char *exp = strstr(v, " expires ");
	if (!tail || (exp && exp < tail))
		tail = exp;
	if (tail) {
		*tail = '\0';
		*note = source_trim(tail + 1);
	}
	return source_trim(v);
}

static void add_ident(entity_set *s, entity *e, const char *type, char *v,
		      const char *label)
{
	char *country, *note;
	while (*v == ':' || *v == '#' || isspace((unsigned char)*v))
		v++;
	char *value = split_ident(v, &country, &note);
	size_t n = strlen(value);
	while (n && (value[n - 1] == ',' || value[n - 1] == ':'))
		value[--n] = '\0';
	if (!n)
		return;
	if (label && note && *note) {
		char both[512];
		snprintf(both, sizeof(both), "%s; %s", label, note);
		ent_add_ident(s, e, type, value, country, both);
		return;
	}
	ent_add_ident(s, e, type, value, country, label ? label : note);
}

/* num 1: the value must hold a digit ("Passport and National ID were
 * issued ..." is prose, not a passport). */
static void item_ident(entity_set *s, entity *e, char *v, const char *arg,
		       int num)
{
	if (num && !has_digit(v, strlen(v)))
		return;
	add_ident(s, e, arg, v, NULL);
}

/* "Identification Number": a national id for people, a registration
 * number for everything else. */
static void item_id_number(entity_set *s, entity *e, char *v, const char *arg,
			   int num)
{
	(void)arg;
	(void)num;
	add_ident(s, e,
		  e->schema == LICIT_SCHEMA_PERSON ? "national-id"
						   : "registration",
		  v, NULL);
}

/* "Digital Currency Address - XBT 1F2G...": the currency is the note. */
static void item_crypto(entity_set *s, entity *e, char *v, const char *arg,
			int num)
{
	(void)arg;
	(void)num;
	char *sp = strchr(v, ' ');
	if (!sp)
		return;
	*sp = '\0';
	ent_add_ident(s, e, "digital-currency", source_trim(sp + 1), NULL, v);
}

static void item_attr(entity_set *s, entity *e, char *v, const char *arg,
		      int num)
{
	(void)num;
	ent_add_attr(s, e, arg, v);
}

/*
 * The labels OFAC uses, longest match wins. Identifier types follow
 * entity.h's slugs.
 */
/* clang-format off */
#define ID(label, type) { label, item_ident, type, 1 }
#define IDA(label, type) { label, item_ident, type, 0 } /* any value */
#define ATTR(label, key) { label, item_attr, key, 0 }
/* clang-format on */

static const item_rule rules[] = {
    {"a.k.a.", item_alias, NULL, 0},
    {"n.k.a.", item_alias, NULL, 0},
    {"f.k.a.", item_alias, NULL, 1},
    {"DOB", item_date, "birth_date_text", DATE_BIRTH},
    {"Organization Established Date", item_date, "established_text",
     DATE_INCORPORATION},
    {"POB", item_birth_place, NULL, 0},
    {"nationality", item_country, NULL, COUNTRY_NATIONALITY},
    {"citizen", item_country, NULL, COUNTRY_CITIZENSHIP},
    {"Nationality of Registration", item_country, NULL, COUNTRY_FLAG},
    {"Gender", item_gender, NULL, 0},
    {"Identification Number", item_id_number, NULL, 0},
    {"Digital Currency Address -", item_crypto, NULL, 0},

    ID("Passport", "passport"),
    ID("Passport No.", "passport"),
    ID("Passport Booklet", "passport"),
    ID("Diplomatic Passport", "passport"),
    ID("Stateless Person Passport", "passport"),
    ID("Travel Document Number", "travel-document"),
    ID("National ID No.", "national-id"),
    ID("Cedula No.", "national-id"),
    ID("D.N.I.", "national-id"),
    ID("C.U.R.P.", "national-id"),
    ID("C.U.R.P. #", "national-id"),
    ID("CURP #", "national-id"),
    ID("C.U.I.", "national-id"),
    ID("C.U.I.P.", "national-id"),
    ID("Personal ID Card", "national-id"),
    ID("Turkish Identification Number", "national-id"),
    ID("Kenyan ID No.", "national-id"),
    ID("Numero de Identidad", "national-id"),
    ID("Citizen's Card Number", "national-id"),
    ID("Tazkira National ID Card", "national-id"),
    ID("National Foreign ID Number", "national-id"),
    ID("Moroccan Personal ID No.", "national-id"),
    ID("Bosnian Personal ID No.", "national-id"),
    ID("CNP (Personal Numerical Code)", "national-id"),
    ID("Public Security and Immigration No.", "national-id"),
    ID("Stateless Person ID Card", "national-id"),
    ID("Refugee ID Card", "national-id"),
    ID("LE Number", "national-id"),
    ID("SSN", "social-security"),
    ID("Social Security Number", "social-security"),
    ID("Driver's License No.", "drivers-license"),
    ID("Birth Certificate Number", "birth-certificate"),
    ID("Residency Number", "residency"),
    ID("Immigration No.", "immigration"),
    ID("VisaNumberID", "visa"),
    ID("Electoral Registry No.", "voter-id"),
    ID("Credencial electoral", "voter-id"),
    ID("I.F.E.", "voter-id"),
    ID("Cartilla de Servicio Militar Nacional", "military-id"),
    ID("Military Registration Number", "military-id"),
    ID("Pilot License Number", "pilot-license"),
    ID("Tax ID No.", "tax-id"),
    ID("R.F.C.", "tax-id"),
    ID("R.F.C. #", "tax-id"),
    ID("RFC", "tax-id"),
    ID("NIT #", "tax-id"),
    ID("RUC #", "tax-id"),
    ID("RIF #", "tax-id"),
    ID("RTN", "tax-id"),
    ID("C.U.I.T.", "tax-id"),
    ID("C.I.F.", "tax-id"),
    ID("US FEIN", "tax-id"),
    ID("V.A.T. Number", "tax-id"),
    ID("Italian Fiscal Code", "tax-id"),
    ID("Fiscal Code", "tax-id"),
    ID("Paraguayan tax identification number", "tax-id"),
    ID("Numero Unico de Identificacao Tributaria (NUIT)", "tax-id"),
    ID("Registration Number", "registration"),
    ID("Registration ID", "registration"),
    ID("Business Registration Number", "registration"),
    ID("Business Registration Document #", "registration"),
    ID("Business Number", "registration"),
    ID("Company Number", "registration"),
    ID("UK Company Number", "registration"),
    ID("Company ID:", "registration"),
    ID("Commercial Registry Number", "registration"),
    ID("C.R. No.", "registration"),
    ID("Romanian C.R.", "registration"),
    ID("Folio Mercantil No.", "registration"),
    ID("Matricula Mercantil No", "registration"),
    ID("Trade License No.", "registration"),
    ID("Chamber of Commerce Number", "registration"),
    ID("Istanbul Chamber of Comm. No.", "registration"),
    ID("Dubai Chamber of Commerce Membership No.", "registration"),
    ID("Government Gazette Number", "registration"),
    ID("Unified Social Credit Code (USCC)", "registration"),
    ID("United Social Credit Code Certificate (USCCC)", "registration"),
    ID("Economic Register Number (CBLS)", "registration"),
    ID("Central Registration System Number", "registration"),
    ID("Enterprise Number", "registration"),
    ID("Branch Unit Number", "registration"),
    ID("Public Registration Number", "registration"),
    ID("Certificate of Incorporation Number", "registration"),
    ID("Registered Charity No.", "registration"),
    ID("Organization Code", "registration"),
    ID("File Number", "registration"),
    ID("MSB Registration Number", "registration"),
    ID("License", "license"),
    ID("Permit Number", "license"),
    ID("SRE Permit No.", "license"),
    ID("Tourism License No.", "license"),
    ID("Afghan Money Service Provider License Number", "license"),
    ID("Legal Entity Number", "lei"),
    ID("D-U-N-S Number", "duns"),
    ID("ISIN", "isin"),
    ID("Identification Number ISIN:", "isin"),
    IDA("Equity Ticker", "ticker"),
    IDA("MICEX Code", "ticker"),
    IDA("SWIFT/BIC", "swift-bic"),
    ID("BIK (RU)", "bik"),
    IDA("UN/LOCODE", "un-locode"),
    ID("Vessel Registration Identification", "imo"),
    ID("Vessel Registration Identification IMO", "imo"),
    ID("International Maritime Organization No.", "imo"),
    ID("Identification Number IMO", "imo-company"),
    ID("Company Number IMO", "imo-company"),
    ID("MMSI", "mmsi"),
    IDA("Other Vessel Call Sign", "call-sign"),
    ID("Aircraft Construction Number (also called L/N or S/N or F/N)",
       "aircraft-serial"),
    ID("Aircraft Manufacturer's Serial Number (MSN)", "aircraft-serial"),
    ID("Aircraft Serial Identification", "aircraft-serial"),
    ID("Serial No.", "aircraft-serial"),
    IDA("Aircraft Tail Number", "aircraft-tail"),
    IDA("Previous Aircraft Tail Number", "aircraft-tail"),
    IDA("Aircraft Mode S Transponder Code", "mode-s"),

    ATTR("Linked To:", "linked_to"),
    ATTR("Website", "website"),
    ATTR("Email Address", "email"),
    ATTR("Phone Number", "phone"),
    ATTR("Phone No.", "phone"),
    ATTR("PHONE", "phone"),
    ATTR("Telephone", "phone"),
    ATTR("Telephone No.", "phone"),
    ATTR("Telephone Number:", "phone"),
    ATTR("Fax", "fax"),
    ATTR("Fax No.", "fax"),
    ATTR("Position:", "position"),
    ATTR("Organization Type:", "organization_type"),
    ATTR("Target Type", "target_type"),
    ATTR("Additional Sanctions Information -", "additional_sanctions"),
    ATTR("Secondary sanctions risk:", "secondary_sanctions_risk"),
    ATTR("Transactions Prohibited For Persons Owned or Controlled By "
	 "U.S. Financial Institutions:",
	 "transactions_prohibited"),
    ATTR("CAATSA Section", "caatsa_section"),
    ATTR("IFCA Determination -", "ifca_determination"),
    ATTR("Aircraft Model", "aircraft_model"),
    ATTR("Aircraft Operator", "aircraft_operator"),
    ATTR("Aircraft Manufacture Date", "aircraft_manufacture_date"),
    ATTR("Vessel Year of Build", "vessel_year_of_build"),
    ATTR("Other Vessel Type", "vessel_type"),
    ATTR("Other Vessel Flag", "other_vessel_flag"),
    ATTR("Former Vessel Flag", "former_vessel_flag"),
    ATTR("Chinese Commercial Code", "chinese_commercial_code"),
    ATTR("ethnicity", "ethnicity"),
    ATTR("Tribe:", "tribe"),
    ATTR("Subtribe:", "subtribe"),
};

#define N_RULES (sizeof(rules) / sizeof(rules[0]))

/* The length of `label` if the item starts with it at a word boundary,
 * else 0. */
static size_t label_match(const char *item, const char *label)
{
	size_t n = strlen(label);
	if (strncasecmp(item, label, n))
		return 0;
	char next = item[n];
	if (!next || next == ' ' || next == ':')
		return n;
	return isalnum((unsigned char)label[n - 1]) ? 0 : n;
}

static const item_rule *find_rule(const char *item, size_t *len)
{
	const item_rule *best = NULL;
	*len = 0;
	for (size_t i = 0; i < N_RULES; i++) {
		size_t n = label_match(item, rules[i].label);
		if (n > *len) {
			*len = n;
			best = &rules[i];
		}
	}
	return best;
}

/*
 * An unknown "<label> <value> (<country>)" item with a digit in its value:
 * an identifier of type "other", the label as its note.
 */
static void item_fallback(entity_set *s, entity *e, char *item)
{
	size_t n = strlen(item);
	if (!n || item[n - 1] != ')' || !strstr(item, " ("))
		return;
	char *p = item, *value = NULL;
	while (*p) {
		char *w = p;
		while (*p && *p != ' ')
			p++;
		if (has_digit(w, (size_t)(p - w))) {
			value = w;
			break;
		}
		while (*p == ' ')
			p++;
	}
	if (!value || value == item)
		return;
	value[-1] = '\0';
	char *label = source_trim(item);
	char copy[256];
	snprintf(copy, sizeof(copy), "%s", label);
	char *country, *note;
	char *v = split_ident(value, &country, &note);
	if (!country || !*v)
		return;
	if (note && *note) {
		char both[512];
		snprintf(both, sizeof(both), "%s; %s", copy, note);
		ent_add_ident(s, e, "other", v, country, both);
		return;
	}
	ent_add_ident(s, e, "other", v, country, copy);
}

static void apply_item(entity_set *s, entity *e, char *item)
{
	item = source_trim(item);
	if (!strncasecmp(item, "alt. ", 5))
		item = source_trim(item + 5);
	if (!*item)
		return;
	size_t n;
	const item_rule *r = find_rule(item, &n);
	if (!r) {
		item_fallback(s, e, item);
		return;
	}
	char *v = item + n;
	while (*v == ':' || isspace((unsigned char)*v))
		v++;
	v = source_trim(v);
	if (*v)
		r->fn(s, e, v, r->arg, r->num);
}

/*
 * Drop the full stop OFAC puts after the last item, but not the one that
 * closes an abbreviation such as "S.A.".
 */
static void drop_final_stop(char *t, size_t *n)
{
	if (*n && t[*n - 1] == '.' && !(*n >= 3 && t[*n - 3] == '.'))
		t[--*n] = '\0';
}

void ofac_remarks_apply(entity_set *s, entity *e, const char *remarks)
{
	if (!remarks || !*remarks)
		return;
	buf b;
	buf_init(&b, 0);
	buf_addstr(&b, remarks);
	if (!buf_ok(&b)) {
		buf_release(&b);
		s->failed = 1;
		return;
	}
	char *t = source_trim(b.data);
	size_t n = strlen(t);
	drop_final_stop(t, &n);
	for (char *item = t; item;) {
		char *semi = strchr(item, ';');
		if (semi)
			*semi = '\0';
		apply_item(s, e, item);
		item = semi ? semi + 1 : NULL;
	}
	buf_release(&b);
}
