/*
 * eu_fsf_xml.c - the EU financial sanctions file, XML edition (namespace
 * http://eu.europa.ec/fpi/fsd/export, root <export generationDate=...>).
 *
 * Each <sanctionEntity> becomes one entity "eu-fsf:<logicalId>". Nearly
 * everything the EU publishes sits in attributes: <nameAlias wholeName=...
 * strong=... nameLanguage=...> (the first alias is the listed name, later
 * ones strong or weak aliases as flagged; names stay in the script the EU
 * gives them, Cyrillic and Greek included), <birthdate>, <citizenship>,
 * <identification>, <address>, <regulation programme=... publicationDate=
 * ...> (the earliest publication is the listing date). Country code "00"
 * means unknown and is dropped. Only a <remark> directly under the entity
 * is the entity's remark; the ones inside an identification go into that
 * identifier's note.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sources/source.h"
#include "sources/xmlread.h"
#include "util/hashmap.h"
#include "banned.h"

#define EU_SOURCE "eu-fsf"
#define EU_NS	  "http://eu.europa.ec/fpi/fsd/export"

/* An identification waits for its <remark> children before it is added. */
typedef struct eu_ident {
	const char *type, *number, *country;
	char *note;
	int open;
} eu_ident;

typedef struct eu_state {
	parse_ctx *ctx;
	const char *origin;
	arena tmp; /* per record */
	hashmap ids;
	entity *e;
	const char *ref;
	char *remarks;
	eu_ident ident;
} eu_state;

static void reset_record(eu_state *st)
{
	arena_release(&st->tmp);
	st->e = NULL;
	st->ref = NULL;
	st->remarks = NULL;
	memset(&st->ident, 0, sizeof(st->ident));
}

/* An attribute copied into the record arena, trimmed; NULL when blank. */
static const char *attr(eu_state *st, xml_walk *w, const char *name)
{
	const char *v = xml_attr(w, name);
	return v ? xml_strdup_clean(&st->tmp, v, strlen(v)) : NULL;
}

static int attr_true(xml_walk *w, const char *name)
{
	const char *v = xml_attr(w, name);
	return v && xml_text_is(v, strlen(v), "true");
}

/* The country of an element: its ISO code unless "00" (unknown), else its
 * description unless "UNKNOWN". */
static const char *country_of(eu_state *st, xml_walk *w)
{
	const char *iso = attr(st, w, "countryIso2Code");
	if (iso && strcmp(iso, "00"))
		return iso;
	const char *desc = attr(st, w, "countryDescription");
	if (desc && strcasecmp(desc, "UNKNOWN"))
		return desc;
	return NULL;
}

static void keep_earliest(pdate *listed, pdate d)
{
	if (d.year && (!listed->year || pdate_cmp(d, *listed) < 0))
		*listed = d;
}

/* ------------------------------------------------------------- elements */

static void on_regulation(eu_state *st, xml_walk *w)
{
	entity_set *s = st->ctx->set;
	pdate d;
	ent_add_program(s, st->e, attr(st, w, "programme"));
	ent_add_attr(s, st->e, "regulation", attr(st, w, "numberTitle"));
	if (xml_date(xml_attr(w, "publicationDate"), &d))
		keep_earliest(&st->e->listed, d);
}

static void on_name(eu_state *st, xml_walk *w)
{
	entity_set *s = st->ctx->set;
	entity *e = st->e;
	const char *whole = attr(st, w, "wholeName");
	if (!whole) {
		const char *parts[] = {attr(st, w, "firstName"),
				       attr(st, w, "middleName"),
				       attr(st, w, "lastName")};
		whole = xml_join(&st->tmp, " ", parts, 3);
	}
	if (!whole)
		return;
	name_kind kind = NAME_STRONG;
	const char *strong = xml_attr(w, "strong");
	if (!e->n_names)
		kind = NAME_PRIMARY;
	else if (strong && xml_text_is(strong, strlen(strong), "false"))
		kind = NAME_WEAK;
	char *lang = (char *)attr(st, w, "nameLanguage");
	for (char *p = lang; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	ent_add_name(s, e, kind, whole, NULL, lang);

	const char *g = attr(st, w, "gender");
	if (g && !e->gender && !strcasecmp(g, "M"))
		e->gender = GENDER_MALE;
	else if (g && !e->gender && !strcasecmp(g, "F"))
		e->gender = GENDER_FEMALE;
	ent_add_attr(s, e, "position", attr(st, w, "function"));
	ent_add_attr(s, e, "title", attr(st, w, "title"));
}

static int birth_parts(xml_walk *w, pdate *d)
{
	const char *y = xml_attr(w, "year"), *m = xml_attr(w, "monthOfYear"),
		   *dd = xml_attr(w, "dayOfMonth");
	long yv = y ? strtol(y, NULL, 10) : 0, mv = m ? strtol(m, NULL, 10) : 0,
	     dv = dd ? strtol(dd, NULL, 10) : 0;
	if (yv < 1000 || yv > 2999)
		return 0;
	char text[16];
	if (mv >= 1 && mv <= 12 && dv >= 1 && dv <= 31)
		snprintf(text, sizeof(text), "%04ld-%02ld-%02ld", yv, mv, dv);
	else if (mv >= 1 && mv <= 12)
		snprintf(text, sizeof(text), "%04ld-%02ld", yv, mv);
	else
		snprintf(text, sizeof(text), "%04ld", yv);
	return xml_date(text, d);
}

static void on_birth(eu_state *st, xml_walk *w)
{
	entity_set *s = st->ctx->set;
	entity *e = st->e;
	pdate d = {0, 0, 0}, until = {0, 0, 0};
	int ok = xml_date(xml_attr(w, "birthdate"), &d) || birth_parts(w, &d);
	if (!ok && xml_date(xml_attr(w, "yearRangeFrom"), &d)) {
		ok = 1;
		xml_date(xml_attr(w, "yearRangeTo"), &until);
	}
	if (ok)
		ent_add_date(s, e, DATE_BIRTH, d, until);
	if (ok && attr_true(w, "circa")) {
		char when[11];
		pdate_format(d, when);
		ent_add_attr(s, e, "birth_date_circa", when);
	}
	const char *country = country_of(st, w);
	const char *parts[] = {attr(st, w, "place"), attr(st, w, "city"),
			       attr(st, w, "region"),
			       attr(st, w, "countryDescription")};
	if (parts[3] && !strcasecmp(parts[3], "UNKNOWN"))
		parts[3] = NULL;
	if (parts[0] || parts[1] || parts[2])
		ent_add_attr(s, e, "birth_place",
			     xml_join(&st->tmp, ", ", parts, 4));
	ent_add_country(s, e, COUNTRY_BIRTH, country);
}

/* EU identificationTypeCode values ("passport", "id", "fiscalcode" ...). */
static const char *ident_slug(const char *code, const char *desc)
{
	static const struct {
		const char *code, *slug;
	} map[] = {
	    {"passport", "passport"},	{"id", "national-id"},
	    {"fiscalcode", "tax-id"},	{"regnumber", "registration"},
	    {"swiftbic", "swift-bic"},	{"imo", "imo"},
	    {"ssn", "social-security"}, {"birthcert", "birth-certificate"},
	};
	for (size_t i = 0; code && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcasecmp(code, map[i].code))
			return map[i].slug;
	return xml_ident_type(desc);
}

static void on_identification(eu_state *st, xml_walk *w)
{
	eu_ident *id = &st->ident;
	const char *desc = attr(st, w, "identificationTypeDescription");
	id->type = ident_slug(xml_attr(w, "identificationTypeCode"), desc);
	id->number = attr(st, w, "number");
	if (!id->number)
		id->number = attr(st, w, "latinNumber");
	id->country = country_of(st, w);
	const char *parts[] = {
	    desc,
	    attr(st, w, "issuedBy"),
	    attr(st, w, "nameOnDocument"),
	    attr_true(w, "diplomatic") ? "diplomatic" : NULL,
	    attr_true(w, "knownExpired") ? "known expired" : NULL,
	    attr_true(w, "knownFalse") ? "known false" : NULL,
	    attr_true(w, "reportedLost") ? "reported lost" : NULL,
	    attr_true(w, "revokedByIssuer") ? "revoked by issuer" : NULL,
	};
	id->note =
	    xml_join(&st->tmp, "; ", parts, sizeof(parts) / sizeof(*parts));
	id->open = 1;
}

static void end_identification(eu_state *st)
{
	eu_ident *id = &st->ident;
	if (id->open)
		ent_add_ident(st->ctx->set, st->e, id->type, id->number,
			      id->country, id->note);
	memset(id, 0, sizeof(*id));
}

static void on_address(eu_state *st, xml_walk *w)
{
	const char *street = attr(st, w, "street"), *po = attr(st, w, "poBox");
	const char *city = attr(st, w, "city"), *place = attr(st, w, "place");
	char *po_txt = po ? arena_printf(&st->tmp, "P.O. Box %s", po) : NULL;
	const char *parts[] = {street, po_txt, place, city};
	ent_add_addr(st->ctx->set, st->e, xml_join(&st->tmp, ", ", parts, 4),
		     city, attr(st, w, "region"), attr(st, w, "zipCode"),
		     country_of(st, w));
}

static void on_subject_type(eu_state *st, xml_walk *w)
{
	const char *code = xml_attr(w, "code");
	st->e->schema = (uint8_t)schema_from_text(code);
}

static void append_remark(eu_state *st, char **to, const char *sep,
			  const char *text, size_t len)
{
	char *v = xml_strdup_clean(&st->tmp, text, len);
	if (!v)
		return;
	const char *parts[] = {*to, v};
	*to = xml_join(&st->tmp, sep, parts, 2);
}

/* ------------------------------------------------------------- records */

static licit_status begin_record(eu_state *st, xml_walk *w)
{
	reset_record(st);
	entity_set *s = st->ctx->set;
	entity *e = xml_record_begin(w, st->origin);
	if (!e)
		return LICIT_ENOMEM;
	st->e = e;
	st->ref = attr(st, w, "logicalId");
	ent_add_attr(s, e, "eu_reference_number",
		     attr(st, w, "euReferenceNumber"));
	ent_add_attr(s, e, "un_id", attr(st, w, "unitedNationId"));
	ent_add_attr(s, e, "designation_details",
		     attr(st, w, "designationDetails"));
	pdate d;
	if (xml_date(xml_attr(w, "designationDate"), &d))
		keep_earliest(&e->listed, d);
	return LICIT_OK;
}

static void drop_record(eu_state *st, const char *why)
{
	xml_record_drop(st->ctx, st->e, "%s%s%s", why, st->ref ? " " : "",
			st->ref ? st->ref : "");
	reset_record(st);
}

static licit_status end_record(eu_state *st)
{
	if (st->tmp.failed) /* a field may be missing: do not guess */
		return err_set(st->ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       st->ctx->path);
	entity_set *s = st->ctx->set;
	entity *e = st->e;
	if (!st->ref) {
		drop_record(st, "sanctionEntity without logicalId");
		return LICIT_OK;
	}
	if (xml_record_seen(&st->ids, &st->tmp, EU_SOURCE, st->ref)) {
		drop_record(st, "duplicate logicalId");
		return LICIT_OK;
	}
	if (!e->n_names) {
		drop_record(st, "sanctionEntity without a name:");
		return LICIT_OK;
	}
	e->remarks = ent_str(s, st->remarks);
	licit_status rc =
	    xml_record_keep(st->ctx, &st->ids, e, EU_SOURCE, st->ref);
	if (rc == LICIT_OK)
		reset_record(st);
	return rc;
}

/* ------------------------------------------------------------- walk */

static licit_status on_start(xml_walk *w, void *user)
{
	eu_state *st = user;
	if (w->depth == 0) {
		xml_published(xml_attr(w, "generationDate"),
			      st->ctx->published);
		return LICIT_OK;
	}
	if (w->depth == 1 && xml_is(w, 1, "sanctionEntity"))
		return begin_record(st, w);
	if (w->depth != 2 || !st->e)
		return LICIT_OK;
	const char *n = w->names[2];
	if (!strcmp(n, "regulation"))
		on_regulation(st, w);
	else if (!strcmp(n, "subjectType"))
		on_subject_type(st, w);
	else if (!strcmp(n, "nameAlias"))
		on_name(st, w);
	else if (!strcmp(n, "birthdate"))
		on_birth(st, w);
	else if (!strcmp(n, "citizenship"))
		ent_add_country(st->ctx->set, st->e, COUNTRY_CITIZENSHIP,
				country_of(st, w));
	else if (!strcmp(n, "identification"))
		on_identification(st, w);
	else if (!strcmp(n, "address"))
		on_address(st, w);
	return LICIT_OK;
}

static licit_status on_end(xml_walk *w, void *user, const char *text,
			   size_t len)
{
	eu_state *st = user;
	if (!st->e || w->depth < 1)
		return LICIT_OK;
	if (w->depth == 1)
		return end_record(st);
	if (w->depth == 2 && xml_is(w, 2, "remark"))
		append_remark(st, &st->remarks, "\n", text, len);
	else if (w->depth == 2 && xml_is(w, 2, "identification"))
		end_identification(st);
	else if (w->depth == 3 && xml_is(w, 2, "identification") &&
		 xml_is(w, 3, "remark") && st->ident.open)
		append_remark(st, &st->ident.note, "; ", text, len);
	return LICIT_OK;
}

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	if (source_head_contains(data, len, 4096, EU_NS))
		return 95;
	if (source_head_contains(data, len, 4096, "<export") &&
	    source_head_contains(data, len, 8192, "<sanctionEntity"))
		return 70;
	return 0;
}

static licit_status parse(parse_ctx *ctx)
{
	if (!ctx->path) /* the caller could not copy it */
		return err_set(ctx->err, LICIT_ENOMEM, "out of memory");
	eu_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	arena_init(&st.tmp);
	hashmap_init(&st.ids);
	ctx->source_id = EU_SOURCE;
	st.origin = arena_strdup(&ctx->set->mem, ctx->path);
	xml_handler h = {on_start, on_end};
	licit_status rc = xml_walk_run(ctx, ctx->path, ctx->data, ctx->len,
				       "export", &h, &st);
	if (st.e)
		entity_set_drop_last(ctx->set);
	arena_release(&st.tmp);
	hashmap_release(&st.ids);
	return xml_parse_end(ctx, rc, st.origin != NULL);
}

const source_format fmt_eu_fsf_xml = {
    .name = "eu-fsf-xml",
    .description = "EU financial sanctions file (XML)",
    .detect = detect,
    .is_companion = NULL,
    .parse = parse,
};
