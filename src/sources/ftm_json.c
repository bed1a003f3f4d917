/*
 * ftm_json.c - OpenSanctions FollowTheMoney entity files (*.ftm.json):
 * JSON lines, one {"id","caption","schema","properties":{...},
 * "datasets":[...]} object per line.
 *
 * Each line is parsed on its own with jansson's json_loadb, so memory grows
 * with the entities kept, never with the file. Only party schemas become
 * entities: Person; Organization, Company, LegalEntity, PublicBody
 * (organization); Vessel; Aircraft. The other schemas (Address, Sanction,
 * Passport, Family, Ownership, Occupancy, Position, Payment, Directorship
 * ...) are counted as records but are not skips: they describe parties or
 * links between them, they are not parties lost. What they carry about a
 * party is joined in at the end of the file, whichever order the lines come
 * in: Address entities give the full address of parties pointing at them
 * through addressEntity; Sanction entities give programmes and the listing
 * date; Passport/Identification entities give identity documents. The join
 * tables live in a scratch arena released when the parse ends.
 *
 * The source id is "os-" + the dataset of the first party (when it names
 * exactly one), else the file name without ".ftm.json" and "_entities",
 * underscores turned to dashes. A line that is not JSON fails the file with
 * "<path>:<line>:<column>: ..." (a truncated last line too).
 */
#include "sources/source.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/hashmap.h"
#include "banned.h"

#define DETECT_WINDOW 16384
#define SLUG_MAX 64

/* Something a non-party record says about the party `ref`. */
enum fact_kind { FACT_ADDR, FACT_PROGRAM, FACT_LISTED, FACT_IDENT, FACT_ATTR };

typedef struct fact {
	const char *ref;        /* the party's FtM id */
	const char *a, *b, *c, *d; /* depends on kind */
	pdate date;
	uint8_t kind;
} fact;

typedef struct addr_rec {
	const char *full, *city, *region, *postal, *country;
} addr_rec;

typedef struct ftm_state {
	parse_ctx *ctx;
	arena tmp;       /* join tables, freed at the end */
	hashmap parties; /* FtM id -> index in ctx->set->items */
	hashmap addrs;   /* FtM id -> index in addr[] */
	addr_rec *addr;
	size_t n_addr, cap_addr;
	fact *facts;
	size_t n_facts, cap_facts;
	uint64_t line;
	int oom;
} ftm_state;

/* ------------------------------------------------------------ helpers */

/* The i-th string of an FtM property value: a list of strings (the norm)
 * or a lone string; anything else yields NULL. */
static const char *prop_str(json_t *v, size_t i)
{
	if (json_is_string(v))
		return i == 0 ? json_string_value(v) : NULL;
	if (!json_is_array(v))
		return NULL;
	json_t *x = json_array_get(v, i);
	return json_is_string(x) ? json_string_value(x) : NULL;
}

static size_t prop_len(json_t *v)
{
	if (json_is_string(v))
		return 1;
	return json_is_array(v) ? json_array_size(v) : 0;
}

static const char *prop_first(json_t *props, const char *key)
{
	json_t *v = json_object_get(props, key);
	size_t n = prop_len(v);
	for (size_t i = 0; i < n; i++) {
		const char *s = prop_str(v, i);
		if (s && *s)
			return s;
	}
	return NULL;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && !strncasecmp(s + n - k, suffix, k);
}

/* "…/zala_entities.ftm.json" -> "zala". */
static void path_stem(const char *path, const char **stem, size_t *n)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	static const char *const exts[] = {".ftm.json", ".jsonl", ".ndjson",
					   ".json"};
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (ends_with(base, len, exts[i])) {
			len -= strlen(exts[i]);
			break;
		}
	if (ends_with(base, len, "_entities") ||
	    ends_with(base, len, "-entities"))
		len -= strlen("_entities");
	*stem = base;
	*n = len;
}

/* ctx->source_id from the first party's datasets, else the file name. */
static void set_source_id(parse_ctx *ctx, json_t *obj)
{
	json_t *ds = json_object_get(obj, "datasets");
	buf b;
	buf_init(&b, 256);
	buf_addstr(&b, "os-");
	if (json_is_array(ds) && json_array_size(ds) == 1 &&
	    json_is_string(json_array_get(ds, 0))) {
		json_t *d = json_array_get(ds, 0);
		source_slug_add(&b, json_string_value(d), json_string_length(d),
				SLUG_MAX);
	}
	if (b.len == 3) {
		const char *stem;
		size_t n;
		path_stem(ctx->path, &stem, &n);
		source_slug_add(&b, stem, n, SLUG_MAX);
	}
	if (b.len == 3)
		buf_addstr(&b, "ftm");
	ctx->source_id = arena_strdup(&ctx->set->mem, buf_str(&b));
	buf_release(&b);
}

/* --------------------------------------------------------- join tables */

static fact *fact_new(ftm_state *st, const char *ref, enum fact_kind kind)
{
	st->facts = arena_grow(&st->tmp, st->facts, st->n_facts,
			       &st->cap_facts, st->n_facts + 1,
			       sizeof(*st->facts));
	const char *r = arena_strdup(&st->tmp, ref);
	if (!st->facts || !r) {
		st->oom = 1;
		st->n_facts = 0;
		st->cap_facts = 0;
		return NULL;
	}
	fact *f = &st->facts[st->n_facts++];
	memset(f, 0, sizeof(*f));
	f->ref = r;
	f->kind = (uint8_t)kind;
	return f;
}

static const char *tmp_str(ftm_state *st, const char *s)
{
	if (!s)
		return NULL;
	const char *c = arena_strdup(&st->tmp, s);
	if (!c)
		st->oom = 1;
	return c;
}

/* A fact for every party the record points at through `refkey`. */
static void facts_for_refs(ftm_state *st, json_t *props, const char *refkey,
			   enum fact_kind kind, const char *a, const char *b,
			   const char *c, const char *d, pdate date)
{
	json_t *refs = json_object_get(props, refkey);
	size_t n = prop_len(refs);
	for (size_t i = 0; i < n; i++) {
		const char *ref = prop_str(refs, i);
		if (!ref || !*ref)
			continue;
		fact *f = fact_new(st, ref, kind);
		if (!f)
			return;
		f->a = tmp_str(st, a);
		f->b = tmp_str(st, b);
		f->c = tmp_str(st, c);
		f->d = tmp_str(st, d);
		f->date = date;
	}
}

static void keep_address(ftm_state *st, const char *id, json_t *props)
{
	st->addr = arena_grow(&st->tmp, st->addr, st->n_addr, &st->cap_addr,
			      st->n_addr + 1, sizeof(*st->addr));
	const char *key = tmp_str(st, id);
	if (!st->addr || !key) {
		st->oom = 1;
		st->n_addr = st->cap_addr = 0;
		return;
	}
	addr_rec *a = &st->addr[st->n_addr];
	a->full = tmp_str(st, prop_first(props, "full"));
	if (!a->full) {
		/* no one-line form: street, city */
		const char *street = prop_first(props, "street");
		const char *city = prop_first(props, "city");
		if (street && city)
			a->full = arena_printf(&st->tmp, "%s, %s", street,
					       city);
		else
			a->full = tmp_str(st, street);
	}
	a->city = tmp_str(st, prop_first(props, "city"));
	a->region = tmp_str(st, prop_first(props, "region"));
	a->postal = tmp_str(st, prop_first(props, "postalCode"));
	a->country = tmp_str(st, prop_first(props, "country"));
	if (hashmap_put(&st->addrs, key, strlen(key), (uint32_t)st->n_addr) <
	    0) {
		st->oom = 1;
		return;
	}
	st->n_addr++;
}

/* The earliest of the dates in props[key...]; year 0 if none. */
static pdate earliest_date(json_t *props, const char *const *keys)
{
	pdate best = {0, 0, 0};
	for (; *keys; keys++) {
		json_t *v = json_object_get(props, *keys);
		size_t n = prop_len(v);
		for (size_t i = 0; i < n; i++) {
			const char *s = prop_str(v, i);
			pdate d;
			if (!s || pdate_parse(s, strlen(s), 0, &d) < 0 ||
			    !d.year)
				continue;
			if (!best.year || pdate_cmp(d, best) < 0)
				best = d;
		}
	}
	return best;
}

static void keep_sanction(ftm_state *st, json_t *props)
{
	static const char *const date_keys[] = {"listingDate", "startDate",
						NULL};
	pdate none = {0, 0, 0};
	json_t *progs = json_object_get(props, "programId");
	if (!prop_len(progs))
		progs = json_object_get(props, "program");
	size_t n = prop_len(progs);
	for (size_t i = 0; i < n; i++)
		facts_for_refs(st, props, "entity", FACT_PROGRAM,
			       prop_str(progs, i), NULL, NULL, NULL, none);
	pdate d = earliest_date(props, date_keys);
	if (d.year)
		facts_for_refs(st, props, "entity", FACT_LISTED, NULL, NULL,
			       NULL, NULL, d);
	const char *auth = prop_first(props, "authority");
	if (auth)
		facts_for_refs(st, props, "entity", FACT_ATTR,
			       "sanction_authority", auth, NULL, NULL, none);
}

static void keep_identification(ftm_state *st, const char *schema,
				json_t *props)
{
	pdate none = {0, 0, 0};
	int passport = !strcmp(schema, "Passport");
	const char *number = prop_first(props, "number");
	if (!number)
		number = prop_first(props, "passportNumber");
	if (!number)
		return;
	facts_for_refs(st, props, "holder", FACT_IDENT,
		       passport ? "passport" : "other", number,
		       prop_first(props, "country"),
		       passport ? NULL : prop_first(props, "type"), none);
}

/* What a record that is not a party tells about parties. */
static void keep_non_party(ftm_state *st, const char *id, const char *schema,
			   json_t *props)
{
	if (!strcmp(schema, "Address"))
		keep_address(st, id, props);
	else if (!strcmp(schema, "Sanction"))
		keep_sanction(st, props);
	else if (!strcmp(schema, "Passport") ||
		 !strcmp(schema, "Identification"))
		keep_identification(st, schema, props);
}

/* ------------------------------------------------------------ parties */

enum prop_kind {
	P_NAME,
	P_FORMER,
	P_COUNTRY,
	P_IDENT,
	P_IDNUMBER,
	P_DATE,
	P_LISTED,
	P_GENDER,
	P_ADDR,
	P_ADDR_REF,
	P_NOTES,
	P_PROGRAM,
	P_PROGRAM_TEXT,
	P_ATTR,
	P_TYPE,
};

typedef struct prop_map {
	const char *key;
	uint8_t kind; /* prop_kind */
	int arg;      /* name_kind, country_role, date_role */
	const char *slug;    /* identifier type or attribute key */
	const char *country; /* identifier country */
} prop_map;

/* FtM property -> licit field. Properties not listed are left out. */
static const prop_map props_map[] = {
	{"name", P_NAME, NAME_STRONG, NULL, NULL},
	{"alias", P_NAME, NAME_STRONG, NULL, NULL},
	{"weakAlias", P_NAME, NAME_WEAK, NULL, NULL},
	{"abbreviation", P_NAME, NAME_WEAK, NULL, NULL},
	{"previousName", P_FORMER, NAME_STRONG, NULL, NULL},
	{"nationality", P_COUNTRY, COUNTRY_NATIONALITY, NULL, NULL},
	{"citizenship", P_COUNTRY, COUNTRY_CITIZENSHIP, NULL, NULL},
	{"jurisdiction", P_COUNTRY, COUNTRY_JURISDICTION, NULL, NULL},
	{"country", P_COUNTRY, COUNTRY_OTHER, NULL, NULL},
	{"mainCountry", P_COUNTRY, COUNTRY_OTHER, NULL, NULL},
	{"birthCountry", P_COUNTRY, COUNTRY_BIRTH, NULL, NULL},
	{"flag", P_COUNTRY, COUNTRY_FLAG, NULL, NULL},
	{"idNumber", P_IDNUMBER, 0, NULL, NULL},
	{"passportNumber", P_IDENT, 0, "passport", NULL},
	{"taxNumber", P_IDENT, 0, "tax-id", NULL},
	{"vatCode", P_IDENT, 0, "vat", NULL},
	{"registrationNumber", P_IDENT, 0, "registration", NULL},
	/* Russian codes: no country, so that the same number given as
	 * taxNumber and innCode stays one identifier */
	{"innCode", P_IDENT, 0, "tax-id", NULL},
	{"ogrnCode", P_IDENT, 0, "registration", NULL},
	{"okpoCode", P_IDENT, 0, "okpo", NULL},
	{"leiCode", P_IDENT, 0, "lei", NULL},
	{"swiftBic", P_IDENT, 0, "swift-bic", NULL},
	{"imoNumber", P_IDENT, 0, "imo", NULL},
	{"mmsi", P_IDENT, 0, "mmsi", NULL},
	{"callSign", P_IDENT, 0, "call-sign", NULL},
	{"serialNumber", P_IDENT, 0, "aircraft-serial", NULL},
	{"uniqueEntityId", P_IDENT, 0, "sam-uei", NULL},
	{"permId", P_IDENT, 0, "permid", NULL},
	{"birthDate", P_DATE, DATE_BIRTH, NULL, NULL},
	{"deathDate", P_DATE, DATE_DEATH, NULL, NULL},
	{"incorporationDate", P_DATE, DATE_INCORPORATION, NULL, NULL},
	{"createdAt", P_LISTED, 0, NULL, NULL},
	{"gender", P_GENDER, 0, NULL, NULL},
	{"address", P_ADDR, 0, NULL, NULL},
	{"addressEntity", P_ADDR_REF, 0, NULL, NULL},
	{"notes", P_NOTES, 0, NULL, NULL},
	{"programId", P_PROGRAM, 0, NULL, NULL},
	{"program", P_PROGRAM_TEXT, 0, NULL, NULL},
	{"topics", P_ATTR, 0, "topic", NULL},
	{"position", P_ATTR, 0, "position", NULL},
	{"title", P_ATTR, 0, "title", NULL},
	{"birthPlace", P_ATTR, 0, "birth_place", NULL},
	{"fatherName", P_ATTR, 0, "father_name", NULL},
	{"description", P_ATTR, 0, "description", NULL},
	{"summary", P_ATTR, 0, "summary", NULL},
	{"legalForm", P_ATTR, 0, "legal_form", NULL},
	{"status", P_ATTR, 0, "status", NULL},
	{"sector", P_ATTR, 0, "sector", NULL},
	{"dissolutionDate", P_ATTR, 0, "dissolution_date", NULL},
	{"buildDate", P_ATTR, 0, "build_date", NULL},
	{"model", P_ATTR, 0, "aircraft_model", NULL},
	{"website", P_ATTR, 0, "website", NULL},
	{"email", P_ATTR, 0, "email", NULL},
	{"phone", P_ATTR, 0, "phone", NULL},
	{"sourceUrl", P_ATTR, 0, "source_url", NULL},
	{"wikidataId", P_ATTR, 0, "wikidata_id", NULL},
	{"type", P_TYPE, 0, NULL, NULL},
};

static const prop_map *prop_lookup(const char *key)
{
	for (size_t i = 0; i < sizeof(props_map) / sizeof(props_map[0]); i++)
		if (!strcmp(props_map[i].key, key))
			return &props_map[i];
	return NULL;
}

typedef struct party {
	ftm_state *st;
	entity *e;
	const char *ftm_id;
	int has_program_id;
	buf remarks;
} party;

static void listed_earliest(entity *e, pdate d)
{
	if (d.year && (!e->listed.year || pdate_cmp(d, e->listed) < 0))
		e->listed = d;
}

static void add_value(party *p, const prop_map *m, const char *v)
{
	entity_set *s = p->st->ctx->set;
	entity *e = p->e;
	pdate d, none = {0, 0, 0};
	switch ((enum prop_kind)m->kind) {
	case P_NAME:
		ent_add_name(s, e, (name_kind)m->arg, v, NULL, NULL);
		break;
	case P_FORMER:
		if (ent_add_name(s, e, (name_kind)m->arg, v, NULL, NULL) == 1)
			e->names[e->n_names - 1].former = 1;
		break;
	case P_COUNTRY:
		ent_add_country(s, e, (country_role)m->arg, v);
		break;
	case P_IDENT:
		ent_add_ident(s, e, m->slug, v, m->country, NULL);
		break;
	case P_IDNUMBER:
		ent_add_ident(s, e,
			      e->schema == LICIT_SCHEMA_PERSON ? "national-id"
							       : "other",
			      v, NULL, NULL);
		break;
	case P_DATE:
		if (pdate_parse(v, strlen(v), 0, &d) == 0)
			ent_add_date(s, e, (date_role)m->arg, d, none);
		break;
	case P_LISTED:
		if (pdate_parse(v, strlen(v), 0, &d) == 0)
			listed_earliest(e, d);
		break;
	case P_GENDER:
		if (!strcasecmp(v, "male"))
			e->gender = GENDER_MALE;
		else if (!strcasecmp(v, "female"))
			e->gender = GENDER_FEMALE;
		break;
	case P_ADDR:
		ent_add_addr(s, e, v, NULL, NULL, NULL, NULL);
		break;
	case P_ADDR_REF: {
		fact *f = fact_new(p->st, p->ftm_id, FACT_ADDR);
		if (f)
			f->a = tmp_str(p->st, v);
		break;
	}
	case P_NOTES:
		if (p->remarks.len)
			buf_addstr(&p->remarks, "; ");
		buf_addstr(&p->remarks, v);
		break;
	case P_PROGRAM:
		ent_add_program(s, e, v);
		break;
	case P_PROGRAM_TEXT:
		if (!p->has_program_id)
			ent_add_program(s, e, v);
		break;
	case P_ATTR:
		ent_add_attr(s, e, m->slug, v);
		break;
	case P_TYPE:
		if (e->schema == LICIT_SCHEMA_VESSEL)
			ent_add_attr(s, e, "vessel_type", v);
		else if (e->schema == LICIT_SCHEMA_AIRCRAFT)
			ent_add_attr(s, e, "aircraft_type", v);
		break;
	}
}

static void add_props(party *p, json_t *props)
{
	const char *key;
	json_t *v;
	json_object_foreach(props, key, v)
	{
		const prop_map *m = prop_lookup(key);
		if (!m)
			continue;
		size_t n = prop_len(v);
		for (size_t i = 0; i < n; i++) {
			const char *s = prop_str(v, i);
			if (s && *s)
				add_value(p, m, s);
		}
	}
}

static void add_top_level(party *p, json_t *obj)
{
	entity_set *s = p->st->ctx->set;
	json_t *ds = json_object_get(obj, "datasets");
	size_t n = prop_len(ds);
	for (size_t i = 0; i < n; i++)
		ent_add_list(s, p->e, prop_str(ds, i));
	if (!p->e->n_lists)
		ent_add_list(s, p->e,
			     p->st->ctx->source_id + strlen("os-"));
	json_t *seen = json_object_get(obj, "first_seen");
	if (json_is_string(seen))
		ent_add_attr(s, p->e, "first_seen", json_string_value(seen));
	json_t *target = json_object_get(obj, "target");
	if (json_is_boolean(target))
		ent_add_attr(s, p->e, "target",
			     json_is_true(target) ? "true" : "false");
}

/* The name a party is listed under: its caption, else its first name. */
static const char *primary_name(json_t *obj, json_t *props)
{
	json_t *cap = json_object_get(obj, "caption");
	if (json_is_string(cap) && json_string_length(cap))
		return json_string_value(cap);
	return prop_first(props, "name");
}

static licit_status add_party(ftm_state *st, json_t *obj, const char *id,
			      licit_schema schema, json_t *props)
{
	parse_ctx *ctx = st->ctx;
	if (!ctx->source_id)
		set_source_id(ctx, obj);
	uint32_t seen;
	if (hashmap_get(&st->parties, id, strlen(id), &seen)) {
		parse_skip(ctx, NULL, st->line, "duplicate id '%s'", id);
		return LICIT_OK;
	}
	const char *primary = primary_name(obj, props);
	if (!primary || !ent_str(ctx->set, primary)) {
		parse_skip(ctx, NULL, st->line, "party '%s' has no name", id);
		return LICIT_OK;
	}
	entity *e = entity_set_add(ctx->set);
	if (!e)
		return err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       ctx->path);
	ent_set_id(ctx->set, e, ctx->source_id, id);
	e->schema = (uint8_t)schema;
	e->origin_file = ctx->path;
	e->origin_line = st->line;
	ent_add_name(ctx->set, e, NAME_PRIMARY, primary, NULL, NULL);
	party p = {.st = st, .e = e, .ftm_id = e->id + strlen(ctx->source_id) + 1};
	p.has_program_id = prop_len(json_object_get(props, "programId")) > 0;
	buf_init(&p.remarks, 1 << 20);
	add_props(&p, props);
	add_top_level(&p, obj);
	if (p.remarks.len)
		e->remarks = ent_str(ctx->set, buf_str(&p.remarks));
	buf_release(&p.remarks);
	/* the key lives in the set's arena as long as the entity */
	if (hashmap_put(&st->parties, p.ftm_id, strlen(p.ftm_id),
			(uint32_t)(ctx->set->n - 1)) < 0)
		st->oom = 1;
	ctx->stats.entities++;
	ctx->stats.names += e->n_names;
	return LICIT_OK;
}

/* ------------------------------------------------------------- records */

static licit_status bad_json(ftm_state *st, const json_error_t *je,
			     int last_unterminated)
{
	return err_set(st->ctx->err, LICIT_EPARSE,
		       "%s:%llu:%d: expected one JSON object per line: %s%s",
		       st->ctx->path, (unsigned long long)st->line,
		       je->column, je->text,
		       last_unterminated ? " (truncated file?)" : "");
}

/* A line that is JSON but not an FtM entity: the first one means this is
 * not an FtM file at all; later ones are skipped. */
static licit_status not_entity(ftm_state *st, int first, const char *why)
{
	parse_ctx *ctx = st->ctx;
	if (first)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:%llu: expected an FtM entity (a JSON object "
			       "with \"id\", \"schema\" and \"properties\"): "
			       "%s",
			       ctx->path, (unsigned long long)st->line, why);
	parse_skip(ctx, NULL, st->line, "not an FtM entity: %s", why);
	return LICIT_OK;
}

/* Handle one parsed line. `first` is 1 for the first record of the file,
 * which must be an FtM entity (else this is not an FtM file). */
static licit_status record(ftm_state *st, json_t *obj, int first)
{
	if (!json_is_object(obj))
		return not_entity(st, first, "not a JSON object");
	json_t *jid = json_object_get(obj, "id");
	json_t *jschema = json_object_get(obj, "schema");
	json_t *props = json_object_get(obj, "properties");
	if (!json_is_string(jid) || !json_string_length(jid) ||
	    !json_is_string(jschema) || !json_is_object(props))
		return not_entity(st, first,
				  "needs \"id\", \"schema\" and "
				  "\"properties\"");
	const char *id = json_string_value(jid);
	const char *schema = json_string_value(jschema);
	licit_schema ls = schema_from_ftm(schema);
	if (ls == LICIT_SCHEMA_UNKNOWN) {
		keep_non_party(st, id, schema, props);
		return LICIT_OK;
	}
	return add_party(st, obj, id, ls, props);
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return 0;
	return 1;
}

static licit_status read_lines(ftm_state *st)
{
	parse_ctx *ctx = st->ctx;
	const char *p = (const char *)ctx->data, *end = p + ctx->len;
	if (ctx->len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	int first = 1;
	for (st->line = 1; p < end; st->line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		size_t n = (size_t)(stop - p);
		const char *line = p;
		p = nl ? nl + 1 : end;
		if (blank(line, n))
			continue;
		json_error_t je;
		json_t *obj = json_loadb(line, n, 0, &je);
		if (!obj)
			return bad_json(st, &je, !nl);
		ctx->stats.records++;
		licit_status rc = record(st, obj, first);
		json_decref(obj);
		if (rc != LICIT_OK)
			return rc;
		if (st->oom || ctx->set->mem.failed)
			return err_set(ctx->err, LICIT_ENOMEM,
				       "%s:%llu: out of memory", ctx->path,
				       (unsigned long long)st->line);
		first = 0;
	}
	if (first)
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: empty file (expected FtM entities, one "
			       "JSON object per line)",
			       ctx->path);
	return LICIT_OK;
}

/* ----------------------------------------------------------- the join */

static void apply_fact(ftm_state *st, const fact *f, entity *e)
{
	entity_set *s = st->ctx->set;
	uint32_t ai;
	switch ((enum fact_kind)f->kind) {
	case FACT_ADDR:
		if (f->a && hashmap_get(&st->addrs, f->a, strlen(f->a), &ai)) {
			const addr_rec *a = &st->addr[ai];
			ent_add_addr(s, e, a->full, a->city, a->region,
				     a->postal, a->country);
		}
		break;
	case FACT_PROGRAM:
		ent_add_program(s, e, f->a);
		break;
	case FACT_LISTED:
		listed_earliest(e, f->date);
		break;
	case FACT_IDENT:
		ent_add_ident(s, e, f->a, f->b, f->c, f->d);
		break;
	case FACT_ATTR:
		ent_add_attr(s, e, f->a, f->b);
		break;
	}
}

static void join(ftm_state *st)
{
	entity_set *s = st->ctx->set;
	for (size_t i = 0; i < st->n_facts; i++) {
		const fact *f = &st->facts[i];
		uint32_t ei;
		if (!hashmap_get(&st->parties, f->ref, strlen(f->ref), &ei) ||
		    ei >= s->n)
			continue;
		apply_fact(st, f, s->items[ei]);
	}
}

/* ------------------------------------------------------------ format */

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	if (!source_starts_with(data, len, "{"))
		return 0;
	/* the first line, within the window */
	size_t w = len < DETECT_WINDOW ? len : DETECT_WINDOW;
	const unsigned char *nl = memchr(data, '\n', w);
	size_t first = nl ? (size_t)(nl - data) : w;
	if (source_head_contains(data, first, first, "\"schema\"") &&
	    source_head_contains(data, first, first, "\"properties\"") &&
	    source_head_contains(data, first, first, "\"id\""))
		return 90;
	return 0;
}

static licit_status parse(parse_ctx *ctx)
{
	/* only content that opens like markup: a record may well mention
	 * "<html" in its text */
	if (source_starts_with(ctx->data, ctx->len, "<") &&
	    source_looks_html(ctx->data, ctx->len))
		return err_set(ctx->err, LICIT_EPARSE,
			       "%s:1: an HTML page, not FtM JSON lines (an "
			       "error page saved in place of the download?)",
			       ctx->path);
	licit_status rc = source_require_utf8(ctx);
	if (rc != LICIT_OK)
		return rc;
	ftm_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	arena_init(&st.tmp);
	hashmap_init(&st.parties);
	hashmap_init(&st.addrs);
	rc = read_lines(&st);
	if (rc == LICIT_OK && !ctx->source_id)
		set_source_id(ctx, NULL);
	if (rc == LICIT_OK)
		join(&st);
	if (rc == LICIT_OK && (st.oom || st.tmp.failed))
		rc = err_set(ctx->err, LICIT_ENOMEM, "%s: out of memory",
			     ctx->path);
	hashmap_release(&st.parties);
	hashmap_release(&st.addrs);
	arena_release(&st.tmp);
	return rc;
}

const source_format fmt_ftm_json = {
	.name = "ftm-json",
	.description = "OpenSanctions FollowTheMoney entities, JSON lines "
		       "(*.ftm.json)",
	.detect = detect,
	.is_companion = NULL,
	.parse = parse,
};
