/*
 * ofac_xml.c - OFAC's "enhanced" XML export (root <sanctionsData>, namespace
 * https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/
 * exports/ENHANCED_XML), read from the published ZIP or as bare XML.
 *
 * The ZIP (CONS_ENHANCED.ZIP, SDN_ENHANCED.ZIP) is opened in memory with
 * libzip and its XML member inflated into a buffer; the XML is then walked
 * as a stream. The document opens with <publicationInfo> (date, and the
 * list the export was filtered to, which picks the source id:
 * "us-ofac-cons-xml" for the Consolidated List, "us-ofac-sdn-xml" for the
 * SDN List, so a snapshot can hold the legacy CSV and the XML of the same
 * list side by side) and <referenceValues>, whose refId -> ISO code table
 * resolves the country references of the <entities> that follow.
 *
 * Per <entity id=...>: entityType is the schema; each <name> has
 * translations, the primary one (normally Latin) being the name and a
 * non-Latin one its `original` and an alias of its own; isLowQuality names
 * are weak aliases, F.K.A. names former ones. Addresses take their primary
 * translation. Features carry birth dates (a text value and a date span),
 * places of birth, nationality/citizenship/registration countries, gender,
 * vessel and other identifiers; identityDocuments are identifiers with
 * their issuing country. The earliest sanctionsList datePublished is the
 * listing date.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "sources/source.h"
#include "sources/xmlread.h"
#include "util/hashmap.h"
#include "banned.h"

#define OFAC_ROOT	 "sanctionsData"
#define OFAC_NS_HINT	 "sanctionslistservice.ofac.treas.gov"
#define SRC_CONS	 "us-ofac-cons-xml"
#define SRC_SDN		 "us-ofac-sdn-xml"
#define SRC_OTHER	 "us-ofac-xml"
#define ZIP_MEMBER_LIMIT ((size_t)1 << 30)

typedef struct ofac_tr {
	const char *full, *script;
	int primary;
} ofac_tr;

typedef struct ofac_state {
	parse_ctx *ctx;
	const char *origin; /* display path, in the set's arena */
	int source_fixed;   /* the first entity has used ctx->source_id */
	arena keep;	    /* reference-value keys, for the whole parse */
	hashmap iso;	    /* refId -> ISO code ('A' << 8 | 'F') */
	hashmap ids;
	const char *ref_id;
	char ref_iso[3];

	arena tmp; /* per entity */
	entity *e;
	const char *eid, *list_date;
	xml_fields kv;	  /* the open feature / document / name */
	xml_fields tr;	  /* the open translation */
	xml_fields addr;  /* the chosen translation of the open address */
	int addr_primary; /* addr came from a primary translation */
	const char *part_type, *part_value, *addr_ref, *addr_country;
	char *name_parts; /* namePart values of the open translation */
	ofac_tr *trs;
	size_t n_trs, cap_trs;
} ofac_state;

static void reset_entity(ofac_state *st)
{
	arena_release(&st->tmp);
	st->e = NULL;
	st->eid = st->list_date = NULL;
	xml_fields_reset(&st->kv);
	xml_fields_reset(&st->tr);
	xml_fields_reset(&st->addr);
	st->addr_primary = 0;
	st->part_type = st->part_value = st->addr_ref = st->addr_country = NULL;
	st->name_parts = NULL;
	st->trs = NULL;
	st->n_trs = st->cap_trs = 0;
}

static char *copy_text(ofac_state *st, const char *text, size_t len)
{
	return xml_strdup_clean(&st->tmp, text, len);
}

static const char *attr_copy(ofac_state *st, xml_walk *w, const char *name)
{
	const char *v = xml_attr(w, name);
	return v ? xml_strdup_clean(&st->tmp, v, strlen(v)) : NULL;
}

static int is_true(const char *v)
{
	return v && xml_text_is(v, strlen(v), "true");
}

/* ----------------------------------------------------------- countries */

static int iso_of(const ofac_state *st, const char *ref, char out[3])
{
	uint32_t v;
	if (!ref || !hashmap_get(&st->iso, ref, strlen(ref), &v))
		return 0;
	out[0] = (char)(v >> 8);
	out[1] = (char)(v & 0xff);
	out[2] = '\0';
	return 1;
}

/* Add a country as listed (`name`), with OFAC's own ISO code for its
 * reference when there is one. */
static void add_country(ofac_state *st, country_role role, const char *name,
			const char *ref)
{
	char iso[3];
	int have = iso_of(st, ref, iso);
	entity *e = st->e;
	int r = ent_add_country(st->ctx->set, e, role,
				name ? name : (have ? iso : NULL));
	if (r == 1 && have)
		memcpy(e->countries[e->n_countries - 1].code, iso, 3);
}

static void end_reference(ofac_state *st)
{
	const char *ref = st->ref_id;
	if (ref && st->ref_iso[0] && st->ref_iso[1]) {
		uint32_t v = ((uint32_t)(unsigned char)st->ref_iso[0] << 8) |
			     (unsigned char)st->ref_iso[1];
		if (hashmap_put(&st->iso, ref, strlen(ref), v) < 0)
			st->keep.failed = 1;
	}
	st->ref_id = NULL;
	st->ref_iso[0] = '\0';
}

static void set_iso(ofac_state *st, const char *text, size_t len)
{
	text = xml_trim(text, &len);
	if (len != 2 || !isalpha((unsigned char)text[0]) ||
	    !isalpha((unsigned char)text[1]))
		return;
	st->ref_iso[0] = (char)toupper((unsigned char)text[0]);
	st->ref_iso[1] = (char)toupper((unsigned char)text[1]);
	st->ref_iso[2] = '\0';
}

/* ----------------------------------------------------------- names */

static void push_translation(ofac_state *st)
{
	const char *full = xml_fields_get(&st->tr, "formattedFullName");
	if (!full) {
		const char *parts[] = {
		    xml_fields_get(&st->tr, "formattedLastName"),
		    xml_fields_get(&st->tr, "formattedFirstName")};
		full = xml_join(&st->tmp, ", ", parts, 2);
	}
	if (!full)
		full = st->name_parts;
	st->name_parts = NULL;
	if (!full)
		return;
	st->trs = arena_grow(&st->tmp, st->trs, st->n_trs, &st->cap_trs,
			     st->n_trs + 1, sizeof(*st->trs));
	if (!st->trs) {
		st->n_trs = st->cap_trs = 0;
		return;
	}
	ofac_tr *t = &st->trs[st->n_trs++];
	t->full = full;
	t->script = xml_fields_get(&st->tr, "script");
	t->primary = is_true(xml_fields_get(&st->tr, "isPrimary"));
}

static int is_latin(const char *script)
{
	return !script || !strcasecmp(script, "Latin");
}

static size_t main_translation(const ofac_state *st)
{
	for (size_t i = 0; i < st->n_trs; i++)
		if (st->trs[i].primary)
			return i;
	for (size_t i = 0; i < st->n_trs; i++)
		if (is_latin(st->trs[i].script))
			return i;
	return 0;
}

static void add_one_name(ofac_state *st, name_kind kind, int former,
			 const char *full, const char *original,
			 const char *script)
{
	entity *e = st->e;
	const char *lang = is_latin(script) ? NULL : script;
	if (ent_add_name(st->ctx->set, e, kind, full, original, lang) == 1 &&
	    former)
		e->names[e->n_names - 1].former = 1;
}

static void end_name(ofac_state *st)
{
	if (!st->n_trs)
		return;
	const char *alias = xml_fields_get(&st->kv, "aliasType");
	int former = alias && !strncasecmp(alias, "F.K.A", 5);
	name_kind kind = NAME_STRONG;
	if (is_true(xml_fields_get(&st->kv, "isPrimary")))
		kind = NAME_PRIMARY;
	else if (is_true(xml_fields_get(&st->kv, "isLowQuality")))
		kind = NAME_WEAK;
	size_t m = main_translation(st);
	const char *original = NULL;
	for (size_t i = 0; i < st->n_trs && !original; i++)
		if (i != m && !is_latin(st->trs[i].script))
			original = st->trs[i].full;
	add_one_name(st, kind, former, st->trs[m].full, original,
		     st->trs[m].script);
	name_kind other = kind == NAME_PRIMARY ? NAME_STRONG : kind;
	for (size_t i = 0; i < st->n_trs; i++)
		if (i != m)
			add_one_name(st, other, former, st->trs[i].full, NULL,
				     st->trs[i].script);
}

/* ----------------------------------------------------------- addresses */

static void end_address_translation(ofac_state *st)
{
	int primary = is_true(xml_fields_get(&st->tr, "isPrimary"));
	if (st->addr.n && (st->addr_primary || !primary))
		return;
	st->addr = st->tr;
	st->addr_primary = primary;
}

static void end_address(ofac_state *st)
{
	const xml_fields *a = &st->addr;
	const char *city = xml_fields_get(a, "CITY");
	const char *parts[] = {xml_fields_get(a, "ADDRESS1"),
			       xml_fields_get(a, "ADDRESS2"),
			       xml_fields_get(a, "ADDRESS3"), city};
	const char *region = xml_fields_get(a, "STATE/PROVINCE");
	if (!region)
		region = xml_fields_get(a, "REGION");
	char iso[3];
	int have = iso_of(st, st->addr_ref, iso);
	entity *e = st->e;
	int r = ent_add_addr(
	    st->ctx->set, e, xml_join(&st->tmp, ", ", parts, 4), city, region,
	    xml_fields_get(a, "POSTAL CODE"), have ? iso : st->addr_country);
	if (r == 1 && have)
		memcpy(e->addrs[e->n_addrs - 1].country, iso, 3);
}

/* ----------------------------------------------------------- features */

enum feature_kind {
	F_ATTR,
	F_BIRTH,
	F_INCORPORATION,
	F_COUNTRY,
	F_GENDER,
	F_IDENT,
};

typedef struct feature_map {
	const char *type;
	uint8_t kind;
	uint8_t role;	  /* F_COUNTRY */
	const char *slug; /* attr key or identifier type */
} feature_map;

static const feature_map features[] = {
    {"Birthdate", F_BIRTH, 0, "birth_date"},
    {"Organization Established Date", F_INCORPORATION, 0, "established_date"},
    {"Place of Birth", F_ATTR, 0, "birth_place"},
    {"Nationality Country", F_COUNTRY, COUNTRY_NATIONALITY, NULL},
    {"Citizenship Country", F_COUNTRY, COUNTRY_CITIZENSHIP, NULL},
    {"Nationality of Registration", F_COUNTRY, COUNTRY_JURISDICTION, NULL},
    {"Vessel Flag", F_COUNTRY, COUNTRY_FLAG, NULL},
    {"Gender", F_GENDER, 0, NULL},
    {"Vessel Registration Identification", F_IDENT, 0, "imo"},
    {"Vessel Call Sign", F_IDENT, 0, "call-sign"},
    {"MMSI", F_IDENT, 0, "mmsi"},
    {"SWIFT/BIC", F_IDENT, 0, "swift-bic"},
    {"ISIN", F_IDENT, 0, "isin"},
    {"BIK (RU)", F_IDENT, 0, "bik"},
    {"Aircraft Manufacturer's Serial Number (MSN)", F_IDENT, 0,
     "aircraft-serial"},
    {"Aircraft Tail Number", F_IDENT, 0, "aircraft-tail"},
    {"Email Address", F_ATTR, 0, "email"},
    {"Website", F_ATTR, 0, "website"},
    {"Phone Number", F_ATTR, 0, "phone"},
    {"Vessel Type", F_ATTR, 0, "vessel_type"},
    {"Vessel Owner", F_ATTR, 0, "vessel_owner"},
    {"Title", F_ATTR, 0, "title"},
    {"Organization Type:", F_ATTR, 0, "organization_type"},
};

/* "Executive Order 13662 Directive Determination -" ->
 * "executive_order_13662_directive_determination" */
static char *slugify(arena *a, const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c))
			out[k++] = (char)tolower(c);
		else if (k && out[k - 1] != '_')
			out[k++] = '_';
	}
	while (k && out[k - 1] == '_')
		k--;
	out[k] = '\0';
	return k ? out : NULL;
}

/* A date span [begin, end] that is one day, month or year, as a pdate. */
static int span_date(const char *begin, const char *end, pdate *out)
{
	pdate b, e;
	if (!xml_date(begin, &b) || !b.month || !b.day)
		return 0;
	if (!xml_date(end, &e) || !pdate_cmp(b, e)) {
		*out = b;
		return 1;
	}
	if (b.year != e.year || b.day != 1)
		return 0;
	if (b.month == 1 && e.month == 12 && e.day == 31) {
		b.month = b.day = 0;
	} else if (b.month == e.month && e.day >= 28) {
		b.day = 0;
	} else {
		return 0;
	}
	*out = b;
	return 1;
}

/* The feature's date (or date range): its text value when that is a date,
 * else its valueDate span. */
static int feature_date(const xml_fields *f, pdate *d, pdate *until)
{
	until->year = 0;
	until->month = until->day = 0;
	if (xml_date(xml_fields_get(f, "value"), d))
		return 1;
	const char *fb = xml_fields_get(f, "fromDateBegin"),
		   *fe = xml_fields_get(f, "fromDateEnd"),
		   *tb = xml_fields_get(f, "toDateBegin"),
		   *te = xml_fields_get(f, "toDateEnd");
	if (span_date(fb, te, d))
		return 1;
	if (!span_date(fb, fe, d) && !xml_date(fb, d))
		return 0;
	if (!span_date(tb, te, until) && !xml_date(te, until))
		until->year = 0;
	return 1;
}

static const feature_map *find_feature(const char *type)
{
	for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (!strcasecmp(type, features[i].type))
			return &features[i];
	return NULL;
}

static void feature_attr(ofac_state *st, const char *key, const char *value)
{
	const char *comments = xml_fields_get(&st->kv, "comments");
	if (comments && value)
		value = arena_printf(&st->tmp, "%s (%s)", value, comments);
	ent_add_attr(st->ctx->set, st->e, key, value);
}

static void feature_dated(ofac_state *st, date_role role, const char *key)
{
	pdate d, until;
	if (feature_date(&st->kv, &d, &until))
		ent_add_date(st->ctx->set, st->e, role, d, until);
	else
		feature_attr(st, key, xml_fields_get(&st->kv, "value"));
}

static void end_feature(ofac_state *st)
{
	const char *type = xml_fields_get(&st->kv, "type");
	const char *value = xml_fields_get(&st->kv, "value");
	entity_set *s = st->ctx->set;
	if (!type)
		return;
	static const char crypto[] = "Digital Currency Address - ";
	if (!strncasecmp(type, crypto, sizeof(crypto) - 1)) {
		ent_add_ident(s, st->e, "crypto-wallet", value, NULL,
			      type + sizeof(crypto) - 1);
		return;
	}
	const feature_map *m = find_feature(type);
	if (!m) {
		feature_attr(st, slugify(&st->tmp, type), value);
		return;
	}
	switch (m->kind) {
	case F_BIRTH:
		feature_dated(st, DATE_BIRTH, m->slug);
		break;
	case F_INCORPORATION:
		feature_dated(st, DATE_INCORPORATION, m->slug);
		break;
	case F_COUNTRY:
		add_country(st, (country_role)m->role, value,
			    xml_fields_get(&st->kv, "valueRefId"));
		break;
	case F_GENDER:
		if (value && !strcasecmp(value, "Male"))
			st->e->gender = GENDER_MALE;
		else if (value && !strcasecmp(value, "Female"))
			st->e->gender = GENDER_FEMALE;
		break;
	case F_IDENT:
		ent_add_ident(s, st->e, m->slug, value, NULL,
			      xml_fields_get(&st->kv, "comments"));
		break;
	default:
		feature_attr(st, m->slug, value);
		break;
	}
}

/* ----------------------------------------------------------- documents */

static void end_document(ofac_state *st)
{
	const xml_fields *f = &st->kv;
	const char *type = xml_fields_get(f, "type");
	const char *slug = xml_ident_type(type);
	char iso[3];
	const char *country = xml_fields_get(f, "issuingCountry");
	if (iso_of(st, xml_fields_get(f, "issuingCountry@refId"), iso))
		country = iso;
	const char *valid = xml_fields_get(f, "isValid");
	const char *parts[] = {
	    strcmp(slug, "passport") ? type : NULL,
	    xml_fields_get(f, "issuingAuthority"),
	    xml_fields_get(f, "issuingLocation"),
	    valid && xml_text_is(valid, strlen(valid), "false") ? "not valid"
								: NULL,
	};
	ent_add_ident(st->ctx->set, st->e, slug,
		      xml_fields_get(f, "documentNumber"), country,
		      xml_join(&st->tmp, "; ", parts, 4));
}

/* ----------------------------------------------------------- entities */

static licit_status begin_entity(ofac_state *st, xml_walk *w)
{
	reset_entity(st);
	parse_ctx *ctx = st->ctx;
	if (!ctx->source_id)
		ctx->source_id = SRC_OTHER;
	st->source_fixed = 1;
	entity *e = xml_record_begin(w, st->origin); /* counts the record */
	if (!e)
		return LICIT_ENOMEM;
	st->e = e;
	st->eid = attr_copy(st, w, "id");
	return LICIT_OK;
}

static void drop_entity(ofac_state *st, const char *why)
{
	xml_record_drop(st->ctx, st->e, "%s%s%s", why, st->eid ? " " : "",
			st->eid ? st->eid : "");
	reset_entity(st);
}

static licit_status end_entity(ofac_state *st)
{
	if (st->tmp.failed) /* a field may be missing: do not guess */
		return err_set(st->ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       st->ctx->path);
	parse_ctx *ctx = st->ctx;
	entity *e = st->e;
	if (!st->eid) {
		drop_entity(st, "entity without an id");
		return LICIT_OK;
	}
	if (xml_record_seen(&st->ids, &st->tmp, ctx->source_id, st->eid)) {
		drop_entity(st, "duplicate entity id");
		return LICIT_OK;
	}
	if (!e->n_names) {
		drop_entity(st, "entity without a name:");
		return LICIT_OK;
	}
	licit_status rc =
	    xml_record_keep(ctx, &st->ids, e, ctx->source_id, st->eid);
	if (rc == LICIT_OK)
		reset_entity(st);
	return rc;
}

/* A leaf of a section item (depth 4 under <entity>): generalInfo fields,
 * list / program / type / authority entries. */
static void end_item(ofac_state *st, const char *section, const char *name,
		     const char *text, size_t len)
{
	entity_set *s = st->ctx->set;
	entity *e = st->e;
	char *v = copy_text(st, text, len);
	pdate d;
	if (!strcmp(section, "generalInfo")) {
		if (!strcmp(name, "entityType") && v)
			e->schema = (uint8_t)schema_from_text(v);
		else if (!strcmp(name, "remarks"))
			e->remarks = ent_str(s, v);
	} else if (!strcmp(name, "sanctionsList")) {
		ent_add_list(s, e, v);
		if (xml_date(st->list_date, &d) &&
		    (!e->listed.year || pdate_cmp(d, e->listed) < 0))
			e->listed = d;
	} else if (!strcmp(name, "sanctionsProgram")) {
		ent_add_program(s, e, v);
	} else if (!strcmp(name, "sanctionsType")) {
		ent_add_attr(s, e, "sanctions_type", v);
	} else if (!strcmp(name, "legalAuthority")) {
		ent_add_attr(s, e, "legal_authority", v);
	} else if (!strcmp(name, "name")) {
		end_name(st);
	} else if (!strcmp(name, "address")) {
		end_address(st);
	} else if (!strcmp(name, "feature")) {
		end_feature(st);
	} else if (!strcmp(name, "identityDocument")) {
		end_document(st);
	}
}

static void start_in_entity(ofac_state *st, xml_walk *w)
{
	const char *n = w->names[w->depth];
	if (w->depth == 4) {
		xml_fields_reset(&st->kv);
		if (!strcmp(n, "sanctionsList"))
			st->list_date = attr_copy(st, w, "datePublished");
		if (!strcmp(n, "name"))
			st->n_trs = 0;
		if (!strcmp(n, "address")) {
			xml_fields_reset(&st->addr);
			st->addr_primary = 0;
			st->addr_ref = st->addr_country = NULL;
		}
	} else if (w->depth == 5 && !strcmp(n, "country")) {
		st->addr_ref = attr_copy(st, w, "refId");
	} else if (w->depth == 5 && !strcmp(n, "issuingCountry")) {
		const char *ref = xml_attr(w, "refId");
		if (ref)
			xml_fields_put(&st->kv, &st->tmp,
				       "issuingCountry@refId", ref,
				       strlen(ref));
	} else if (w->depth == 6 && !strcmp(n, "translation")) {
		xml_fields_reset(&st->tr);
		st->name_parts = NULL;
	} else if (w->depth == 8) {
		st->part_type = st->part_value = NULL;
	}
}

static void end_part(ofac_state *st, const char *name, const char *text,
		     size_t len)
{
	if (!strcmp(name, "type"))
		st->part_type = copy_text(st, text, len);
	else if (!strcmp(name, "value"))
		st->part_value = copy_text(st, text, len);
}

static void end_part_item(ofac_state *st, const char *name)
{
	if (!st->part_value)
		return;
	if (!strcmp(name, "addressPart") && st->part_type) {
		size_t n = strlen(st->part_value);
		xml_fields_put(&st->tr, &st->tmp, st->part_type, st->part_value,
			       n);
	} else if (!strcmp(name, "namePart")) {
		const char *parts[] = {st->name_parts, st->part_value};
		st->name_parts = xml_join(&st->tmp, " ", parts, 2);
	}
}

static void end_in_entity(ofac_state *st, xml_walk *w, const char *text,
			  size_t len)
{
	const char *n = w->names[w->depth];
	const char *item = w->depth >= 4 ? w->names[4] : "";
	switch (w->depth) {
	case 4:
		end_item(st, w->names[3], n, text, len);
		break;
	case 5:
		if (!strcmp(item, "address") && !strcmp(n, "country"))
			st->addr_country = copy_text(st, text, len);
		else if (strcmp(n, "translations"))
			xml_fields_put(&st->kv, &st->tmp, n, text, len);
		break;
	case 6:
		if (!strcmp(n, "translation") && !strcmp(item, "name"))
			push_translation(st);
		else if (!strcmp(n, "translation") && !strcmp(item, "address"))
			end_address_translation(st);
		else
			xml_fields_put(&st->kv, &st->tmp, n, text, len);
		break;
	case 7:
		xml_fields_put(&st->tr, &st->tmp, n, text, len);
		break;
	case 8:
		end_part_item(st, n);
		break;
	case 9:
		end_part(st, n, text, len);
		break;
	default:
		break;
	}
}

/* ----------------------------------------------------------- walk */

static void end_filter(ofac_state *st, const char *text, size_t len)
{
	if (st->source_fixed || st->ctx->source_id)
		return;
	if (xml_text_is(text, len, "Consolidated List"))
		st->ctx->source_id = SRC_CONS;
	else if (xml_text_is(text, len, "SDN List"))
		st->ctx->source_id = SRC_SDN;
}

static int in_entity(const xml_walk *w)
{
	return w->depth >= 3 && xml_is(w, 1, "entities") &&
	       xml_is(w, 2, "entity");
}

static licit_status on_start(xml_walk *w, void *user)
{
	ofac_state *st = user;
	if (w->depth == 2 && xml_is(w, 1, "entities") && xml_is(w, 2, "entity"))
		return begin_entity(st, w);
	if (st->e && in_entity(w)) {
		start_in_entity(st, w);
		return LICIT_OK;
	}
	if (w->depth == 2 && xml_is(w, 1, "referenceValues") &&
	    xml_is(w, 2, "referenceValue")) {
		const char *ref = xml_attr(w, "refId");
		st->ref_id = ref ? arena_strdup(&st->keep, ref) : NULL;
		st->ref_iso[0] = '\0';
	}
	return LICIT_OK;
}

static licit_status on_end(xml_walk *w, void *user, const char *text,
			   size_t len)
{
	ofac_state *st = user;
	if (st->e && in_entity(w)) {
		end_in_entity(st, w, text, len);
		return LICIT_OK;
	}
	if (st->e && w->depth == 2 && xml_is(w, 2, "entity"))
		return end_entity(st);
	if (xml_is(w, 1, "referenceValues")) {
		if (w->depth == 3 && xml_is(w, 3, "isoCode"))
			set_iso(st, text, len);
		else if (w->depth == 2)
			end_reference(st);
	} else if (xml_is(w, 1, "publicationInfo")) {
		if (w->depth == 2 && xml_is(w, 2, "dataAsOf")) {
			char *v = xml_strdup_clean(&st->keep, text, len);
			xml_published(v, st->ctx->published);
		} else if (w->depth == 4 && xml_is(w, 2, "filters") &&
			   xml_is(w, 4, "sanctionsList")) {
			end_filter(st, text, len);
		}
	}
	return LICIT_OK;
}

/* ----------------------------------------------------------- ZIP */

static int is_zip(const unsigned char *d, size_t n)
{
	return n >= 4 && !memcmp(d, "PK\x03\x04", 4);
}

static int ends_with_ci(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && !strncasecmp(s + n - k, suffix, k);
}

/* A member that can be the list: an .xml file at the top of the archive
 * (an office document's [Content_Types].xml is not). */
static int is_list_member(const char *name, size_t n)
{
	return n && !memchr(name, '/', n) && ends_with_ci(name, n, ".xml") &&
	       !ends_with_ci(name, n, "[Content_Types].xml");
}

static zip_t *zip_open_memory(const unsigned char *d, size_t n, zip_error_t *ze)
{
	zip_source_t *src = zip_source_buffer_create(d, n, 0, ze);
	if (!src)
		return NULL;
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, ze);
	if (!za)
		zip_source_free(src);
	return za;
}

static zip_int64_t find_member(zip_t *za)
{
	zip_int64_t n = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
		if (name && is_list_member(name, strlen(name)))
			return i;
	}
	return -1;
}

/* Inflate member `idx` into `out` (at most `limit` bytes; more is an
 * error unless `head_only`). */
static licit_status read_member(parse_ctx *ctx, zip_t *za, zip_int64_t idx,
				const char *shown, buf *out, size_t limit,
				int head_only)
{
	zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s: cannot open the ZIP member: %s", shown,
			       zip_strerror(za));
	char chunk[16384];
	licit_status st = LICIT_OK;
	for (;;) {
		size_t want = sizeof(chunk);
		if (head_only && limit - out->len < want)
			want = limit - out->len;
		if (!want)
			break;
		zip_int64_t got = zip_fread(zf, chunk, want);
		if (got < 0) {
			st = err_set(
			    ctx->err, LICIT_EPARSE,
			    "%s: cannot inflate the ZIP member (damaged "
			    "or truncated archive?): %s",
			    shown, zip_file_strerror(zf));
			break;
		}
		if (got == 0)
			break;
		if ((size_t)got > limit - out->len) {
			st = err_set(ctx->err, LICIT_EPARSE,
				     "%s: XML member larger than %zu bytes",
				     shown, limit);
			break;
		}
		buf_add(out, chunk, (size_t)got);
		if (!buf_ok(out)) {
			st = err_set(ctx->err, LICIT_ENOMEM,
				     "%s: out of memory", shown);
			break;
		}
	}
	zip_fclose(zf);
	return st;
}

/* The XML member of the ZIP in ctx->data, inflated into `out`; *shown
 * gets "<zip path>:<member>" in the set's arena. */
static licit_status unzip_list(parse_ctx *ctx, buf *out, const char **shown)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_t *za = zip_open_memory(ctx->data, ctx->len, &ze);
	if (!za) {
		licit_status st = err_set(ctx->err, LICIT_EPARSE,
					  "%s: not a readable ZIP archive (%s; "
					  "damaged or truncated download?)",
					  ctx->path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return st;
	}
	zip_error_fini(&ze);
	zip_int64_t idx = find_member(za);
	licit_status st;
	if (idx < 0) {
		st = err_set(ctx->err, LICIT_EPARSE,
			     "%s: the ZIP archive holds no XML list (expected "
			     "OFAC's enhanced XML as an .xml file at its top)",
			     ctx->path);
	} else {
		*shown = arena_printf(&ctx->set->mem, "%s:%s", ctx->path,
				      zip_get_name(za, (zip_uint64_t)idx, 0));
		st = *shown ? read_member(ctx, za, idx, *shown, out,
					  ZIP_MEMBER_LIMIT, 0)
			    : err_set(ctx->err, LICIT_ENOMEM,
				      "%s: out of memory", ctx->path);
	}
	zip_discard(za);
	return st;
}

/* ----------------------------------------------------------- format */

static int xml_score(const unsigned char *d, size_t n)
{
	if (!source_head_contains(d, n, 4096, "<" OFAC_ROOT) &&
	    !source_head_contains(d, n, 4096, ":" OFAC_ROOT))
		return 0;
	return source_head_contains(d, n, 4096, OFAC_NS_HINT) ? 95 : 60;
}

/* A ZIP whose central directory cannot be read: is the first local
 * header's file name an .xml? */
static int local_header_xml(const unsigned char *d, size_t n)
{
	if (n < 30)
		return 0;
	size_t name_len = (size_t)d[26] | ((size_t)d[27] << 8);
	return n - 30 >= name_len &&
	       is_list_member((const char *)d + 30, name_len);
}

static int zip_score(const unsigned char *d, size_t n)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_t *za = zip_open_memory(d, n, &ze);
	zip_error_fini(&ze);
	if (!za)
		return local_header_xml(d, n) ? 30 : 0;
	int score = 0;
	zip_int64_t idx = find_member(za);
	if (idx >= 0) {
		buf head;
		errinfo err;
		parse_ctx tmp;
		memset(&tmp, 0, sizeof(tmp));
		tmp.err = &err;
		buf_init(&head, 0);
		score = 30;
		if (read_member(&tmp, za, idx, "", &head, 4096, 1) ==
			LICIT_OK &&
		    xml_score((const unsigned char *)buf_str(&head), head.len))
			score = 95;
		buf_release(&head);
	}
	zip_discard(za);
	return score;
}

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	return is_zip(data, len) ? zip_score(data, len) : xml_score(data, len);
}

static licit_status parse(parse_ctx *ctx)
{
	if (!ctx->path) /* the caller could not copy it */
		return err_set(ctx->err, LICIT_ENOMEM, "out of memory");
	ofac_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	arena_init(&st.keep);
	arena_init(&st.tmp);
	hashmap_init(&st.iso);
	hashmap_init(&st.ids);
	buf xml;
	buf_init(&xml, ZIP_MEMBER_LIMIT + 1);

	const unsigned char *data = ctx->data;
	size_t len = ctx->len;
	const char *shown = ctx->path;
	licit_status rc = LICIT_OK;
	if (is_zip(data, len)) {
		rc = unzip_list(ctx, &xml, &shown);
		data = (const unsigned char *)buf_str(&xml);
		len = xml.len;
	}
	st.origin = arena_strdup(&ctx->set->mem, shown);
	xml_handler h = {on_start, on_end};
	if (rc == LICIT_OK)
		rc = xml_walk_run(ctx, shown, data, len, OFAC_ROOT, &h, &st);
	if (st.e)
		entity_set_drop_last(ctx->set);
	if (!ctx->source_id)
		ctx->source_id = SRC_OTHER;
	int mem_ok = !st.keep.failed && st.origin;
	arena_release(&st.tmp);
	arena_release(&st.keep);
	hashmap_release(&st.iso);
	hashmap_release(&st.ids);
	buf_release(&xml);
	return xml_parse_end(ctx, rc, mem_ok);
}

const source_format fmt_ofac_xml = {
    .name = "ofac-xml",
    .description = "OFAC enhanced XML (SDN or Consolidated), ZIP or XML",
    .detect = detect,
    .is_companion = NULL,
    .parse = parse,
};
