/*
 * un_xml.c - the UN Security Council consolidated list, XML edition
 * (root <CONSOLIDATED_LIST dateGenerated="...">, INDIVIDUALS/INDIVIDUAL and
 * ENTITIES/ENTITY records).
 *
 * Each record becomes one entity "un-sc:<REFERENCE_NUMBER>". FIRST_NAME to
 * FOURTH_NAME joined are the primary name; NAME_ORIGINAL_SCRIPT is kept as
 * its `original` and also added as a name of its own so it can be matched.
 * Alias quality "Good"/"a.k.a." is a strong alias, "f.k.a." a former one,
 * "Low" a weak one; the list writes empty <INDIVIDUAL_ALIAS> elements where
 * a record has none, and those are not records, so they are dropped quietly.
 * Dates of birth come as EXACT/APPROXIMATELY dates or years, or BETWEEN a
 * FROM_YEAR and a TO_YEAR. Country names are mapped to ISO codes by the
 * country table.
 *
 * The record's fields arrive in child elements; the small groups (an alias,
 * a date of birth, a document, an address) are collected into a per-record
 * scratch arena and applied when the group closes.
 */
#include <string.h>
#include <strings.h>

#include "sources/source.h"
#include "sources/xmlread.h"
#include "util/hashmap.h"
#include "banned.h"

#define UN_SOURCE "un-sc"

typedef struct un_alias {
	const char *name;
	uint8_t kind, former;
} un_alias;

typedef struct un_state {
	parse_ctx *ctx;
	const char *origin; /* file name for origin_file, in the set's arena */
	arena tmp;	    /* per record */
	hashmap ids;	    /* entity ids seen */
	entity *e;	    /* the open record, or NULL */
	const char *ref, *given[4], *original, *updated;
	un_alias *aliases;
	size_t n_aliases, cap_aliases;
	xml_fields kv; /* children of the open group */
} un_state;

static const char *kv_get(const un_state *st, const char *key)
{
	return xml_fields_get(&st->kv, key);
}

static void push_alias(un_state *st, const char *name, name_kind kind,
		       int former)
{
	st->aliases =
	    arena_grow(&st->tmp, st->aliases, st->n_aliases, &st->cap_aliases,
		       st->n_aliases + 1, sizeof(*st->aliases));
	if (!st->aliases) {
		st->n_aliases = st->cap_aliases = 0;
		return;
	}
	un_alias *a = &st->aliases[st->n_aliases++];
	a->name = name;
	a->kind = (uint8_t)kind;
	a->former = (uint8_t)former;
}

static void reset_record(un_state *st)
{
	arena_release(&st->tmp);
	st->e = NULL;
	st->ref = st->original = st->updated = NULL;
	memset(st->given, 0, sizeof(st->given));
	st->aliases = NULL;
	st->n_aliases = st->cap_aliases = 0;
	xml_fields_reset(&st->kv);
}

/* ------------------------------------------------------------- groups */

static void apply_alias(un_state *st)
{
	const char *name = kv_get(st, "ALIAS_NAME");
	entity_set *s = st->ctx->set;
	if (!name)
		return; /* the list's empty placeholder */
	const char *q = kv_get(st, "QUALITY");
	name_kind kind = NAME_STRONG;
	int former = 0;
	if (q && !strcasecmp(q, "Low"))
		kind = NAME_WEAK;
	else if (q && !strcasecmp(q, "f.k.a."))
		former = 1;
	push_alias(st, name, kind, former);

	pdate d, none = {0, 0, 0};
	if (xml_date(kv_get(st, "DATE_OF_BIRTH"), &d))
		ent_add_date(s, st->e, DATE_BIRTH, d, none);
	const char *city = kv_get(st, "CITY_OF_BIRTH"),
		   *country = kv_get(st, "COUNTRY_OF_BIRTH");
	const char *parts[] = {city, country};
	ent_add_attr(s, st->e, "birth_place",
		     xml_join(&st->tmp, ", ", parts, 2));
	ent_add_country(s, st->e, COUNTRY_BIRTH, country);
}

static void apply_birth_date(un_state *st)
{
	entity_set *s = st->ctx->set;
	pdate d = {0, 0, 0}, until = {0, 0, 0};
	const char *from = kv_get(st, "FROM_YEAR"), *to = kv_get(st, "TO_YEAR");
	const char *date = kv_get(st, "DATE"), *year = kv_get(st, "YEAR");
	const char *note = kv_get(st, "NOTE"),
		   *type = kv_get(st, "TYPE_OF_DATE");
	int ok = 0;
	if (from || to) {
		ok = xml_date(from ? from : to, &d);
		if (ok && from && to && !xml_date(to, &until))
			until.year = 0;
	} else if (date) {
		ok = xml_date(date, &d);
	} else if (year) {
		ok = xml_date(year, &d);
	} else if (note) {
		ok = xml_date(note, &d);
	}
	if (ok)
		ent_add_date(s, st->e, DATE_BIRTH, d, until);
	else
		ent_add_attr(s, st->e, "birth_date", date ? date : year);
	if (ok && type && !strcasecmp(type, "APPROXIMATELY")) {
		char when[11];
		pdate_format(d, when);
		ent_add_attr(s, st->e, "birth_date_circa", when);
	}
	ent_add_attr(s, st->e, "birth_date_note", note);
}

static void apply_birth_place(un_state *st)
{
	const char *parts[] = {kv_get(st, "STREET"), kv_get(st, "CITY"),
			       kv_get(st, "STATE_PROVINCE"),
			       kv_get(st, "COUNTRY")};
	entity_set *s = st->ctx->set;
	ent_add_attr(s, st->e, "birth_place",
		     xml_join(&st->tmp, ", ", parts, 4));
	ent_add_country(s, st->e, COUNTRY_BIRTH, kv_get(st, "COUNTRY"));
	ent_add_attr(s, st->e, "birth_place_note", kv_get(st, "NOTE"));
}

static void apply_document(un_state *st)
{
	entity_set *s = st->ctx->set;
	const char *t1 = kv_get(st, "TYPE_OF_DOCUMENT"),
		   *t2 = kv_get(st, "TYPE_OF_DOCUMENT2");
	const char *slug = xml_ident_type(t2);
	if (!strcmp(slug, "other"))
		slug = xml_ident_type(t1);
	const char *issued = kv_get(st, "DATE_OF_ISSUE");
	const char *city = kv_get(st, "CITY_OF_ISSUE");
	const char *country = kv_get(st, "ISSUING_COUNTRY");
	if (!country)
		country = kv_get(st, "COUNTRY_OF_ISSUE");
	char *issued_txt =
	    issued ? arena_printf(&st->tmp, "issued %s", issued) : NULL;
	char *city_txt = city ? arena_printf(&st->tmp, "in %s", city) : NULL;
	const char *type = t2 ? t2 : t1;
	if (type == t1 && !strcmp(slug, "passport"))
		type = NULL; /* says nothing the slug does not */
	const char *parts[] = {type, issued_txt, city_txt, kv_get(st, "NOTE")};
	const char *note = xml_join(&st->tmp, "; ", parts, 4);
	const char *number = kv_get(st, "NUMBER");
	if (number) {
		ent_add_ident(s, st->e, slug, number, country, note);
		return;
	}
	/* no number of its own: the note usually carries it in prose */
	ent_add_attr(s, st->e, "document", note);
}

static void apply_address(un_state *st)
{
	const char *street = kv_get(st, "STREET"), *city = kv_get(st, "CITY");
	const char *parts[] = {street, city};
	ent_add_addr(st->ctx->set, st->e, xml_join(&st->tmp, ", ", parts, 2),
		     city, kv_get(st, "STATE_PROVINCE"), kv_get(st, "ZIP_CODE"),
		     kv_get(st, "COUNTRY"));
}

static int is_group(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	return n > k && !strcmp(name + n - k, suffix) &&
	       (!strncmp(name, "INDIVIDUAL_", 11) ||
		!strncmp(name, "ENTITY_", 7));
}

static void apply_group(un_state *st, const char *name)
{
	if (is_group(name, "_ALIAS"))
		apply_alias(st);
	else if (is_group(name, "_DATE_OF_BIRTH"))
		apply_birth_date(st);
	else if (is_group(name, "_PLACE_OF_BIRTH"))
		apply_birth_place(st);
	else if (is_group(name, "_DOCUMENT"))
		apply_document(st);
	else if (is_group(name, "_ADDRESS"))
		apply_address(st);
}

/* ------------------------------------------------------------- fields */

/* <X><VALUE>..</VALUE>...</X> lists */
static void apply_value(un_state *st, const char *list, const char *v)
{
	entity_set *s = st->ctx->set;
	entity *e = st->e;
	if (!strcmp(list, "NATIONALITY"))
		ent_add_country(s, e, COUNTRY_NATIONALITY, v);
	else if (!strcmp(list, "TITLE"))
		ent_add_attr(s, e, "title", v);
	else if (!strcmp(list, "DESIGNATION"))
		ent_add_attr(s, e, "position", v);
	else if (!strcmp(list, "LIST_TYPE"))
		ent_add_list(s, e, v);
	else if (!strcmp(list, "LAST_DAY_UPDATED") &&
		 (!st->updated || strcmp(v, st->updated) > 0))
		st->updated = v;
}

static void apply_field(un_state *st, const char *name, char *v)
{
	entity_set *s = st->ctx->set;
	entity *e = st->e;
	static const char *const given[] = {"FIRST_NAME", "SECOND_NAME",
					    "THIRD_NAME", "FOURTH_NAME"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, given[i])) {
			st->given[i] = v;
			return;
		}
	pdate d;
	if (!strcmp(name, "REFERENCE_NUMBER"))
		st->ref = v;
	else if (!strcmp(name, "NAME_ORIGINAL_SCRIPT"))
		st->original = v;
	else if (!strcmp(name, "UN_LIST_TYPE"))
		ent_add_program(s, e, v);
	else if (!strcmp(name, "LISTED_ON") && xml_date(v, &d))
		e->listed = d;
	else if (!strcmp(name, "COMMENTS1"))
		e->remarks = ent_str(s, v);
	else if (!strcmp(name, "DATAID"))
		ent_add_attr(s, e, "un_dataid", v);
	else if (!strcmp(name, "GENDER") && !strcasecmp(v, "Male"))
		e->gender = GENDER_MALE;
	else if (!strcmp(name, "GENDER") && !strcasecmp(v, "Female"))
		e->gender = GENDER_FEMALE;
}

/* ------------------------------------------------------------- records */

static licit_status begin_record(un_state *st, xml_walk *w)
{
	reset_record(st);
	entity *e = xml_record_begin(w, st->origin);
	if (!e)
		return LICIT_ENOMEM;
	e->schema = xml_is(w, 2, "INDIVIDUAL") ? LICIT_SCHEMA_PERSON
					       : LICIT_SCHEMA_ORGANIZATION;
	st->e = e;
	return LICIT_OK;
}

static void drop_record(un_state *st, const char *why, const char *what)
{
	xml_record_drop(st->ctx, st->e, "%s%s", why, what ? what : "");
	reset_record(st);
}

static void add_names(un_state *st)
{
	entity_set *s = st->ctx->set;
	entity *e = st->e;
	const char *primary = xml_join(&st->tmp, " ", st->given, 4);
	size_t first_alias = 0;
	if (!primary && st->original)
		primary = st->original;
	if (!primary && st->n_aliases)
		primary = st->aliases[first_alias++].name;
	ent_add_name(s, e, NAME_PRIMARY, primary, st->original, NULL);
	ent_add_name(s, e, NAME_STRONG, st->original, NULL, NULL);
	for (size_t i = first_alias; i < st->n_aliases; i++) {
		un_alias *a = &st->aliases[i];
		if (ent_add_name(s, e, (name_kind)a->kind, a->name, NULL,
				 NULL) == 1 &&
		    a->former)
			e->names[e->n_names - 1].former = 1;
	}
}

static licit_status end_record(un_state *st)
{
	if (st->tmp.failed) /* a field may be missing: do not guess */
		return err_set(st->ctx->err, LICIT_ENOMEM, "%s: out of memory",
			       st->ctx->path);
	entity_set *s = st->ctx->set;
	entity *e = st->e;
	if (!st->ref) {
		drop_record(st, "record without REFERENCE_NUMBER", NULL);
		return LICIT_OK;
	}
	if (xml_record_seen(&st->ids, &st->tmp, UN_SOURCE, st->ref)) {
		drop_record(st, "duplicate REFERENCE_NUMBER ", st->ref);
		return LICIT_OK;
	}
	add_names(st);
	if (!e->n_names) {
		drop_record(st, "record without a name: ", st->ref);
		return LICIT_OK;
	}
	ent_add_attr(s, e, "last_updated", st->updated);
	licit_status rc =
	    xml_record_keep(st->ctx, &st->ids, e, UN_SOURCE, st->ref);
	if (rc == LICIT_OK)
		reset_record(st);
	return rc;
}

/* ------------------------------------------------------------- walk */

static int is_record(const xml_walk *w)
{
	return (xml_is(w, 1, "INDIVIDUALS") && xml_is(w, 2, "INDIVIDUAL")) ||
	       (xml_is(w, 1, "ENTITIES") && xml_is(w, 2, "ENTITY"));
}

static licit_status on_start(xml_walk *w, void *user)
{
	un_state *st = user;
	if (w->depth == 0) {
		xml_published(xml_attr(w, "dateGenerated"), st->ctx->published);
		return LICIT_OK;
	}
	if (w->depth == 2 && is_record(w))
		return begin_record(st, w);
	if (w->depth == 3 && st->e)
		xml_fields_reset(&st->kv);
	return LICIT_OK;
}

static licit_status on_end(xml_walk *w, void *user, const char *text,
			   size_t len)
{
	un_state *st = user;
	if (!st->e || w->depth < 2)
		return LICIT_OK;
	if (w->depth == 2)
		return end_record(st);
	const char *name = w->names[w->depth];
	if (w->depth == 3) {
		char *v = xml_strdup_clean(&st->tmp, text, len);
		if (v)
			apply_field(st, name, v);
		else
			apply_group(st, name);
		return LICIT_OK;
	}
	if (w->depth == 4 && !strcmp(name, "VALUE")) {
		char *v = xml_strdup_clean(&st->tmp, text, len);
		if (v)
			apply_value(st, w->names[3], v);
		return LICIT_OK;
	}
	if (w->depth == 4)
		xml_fields_put(&st->kv, &st->tmp, name, text, len);
	return LICIT_OK;
}

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	if (!source_head_contains(data, len, 4096, "<CONSOLIDATED_LIST"))
		return 0;
	if (source_head_contains(data, len, 4096, "dateGenerated") ||
	    source_head_contains(data, len, 4096, "<INDIVIDUALS"))
		return 95;
	return 80;
}

static licit_status parse(parse_ctx *ctx)
{
	if (!ctx->path) /* the caller could not copy it */
		return err_set(ctx->err, LICIT_ENOMEM, "out of memory");
	un_state st;
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	arena_init(&st.tmp);
	hashmap_init(&st.ids);
	ctx->source_id = UN_SOURCE;
	st.origin = arena_strdup(&ctx->set->mem, ctx->path);
	xml_handler h = {on_start, on_end};
	licit_status rc = xml_walk_run(ctx, ctx->path, ctx->data, ctx->len,
				       "CONSOLIDATED_LIST", &h, &st);
	if (st.e) /* a record cut short by an error */
		entity_set_drop_last(ctx->set);
	arena_release(&st.tmp);
	hashmap_release(&st.ids);
	return xml_parse_end(ctx, rc, st.origin != NULL);
}

const source_format fmt_un_xml = {
    .name = "un-xml",
    .description = "UN Security Council consolidated list (XML)",
    .detect = detect,
    .is_companion = NULL,
    .parse = parse,
};
