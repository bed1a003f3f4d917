/*
 * entity.c - building entities in an arena (see entity.h).
 *
 * Duplicates are dropped as they are added (the same alias listed twice, an
 * address repeated on every UK name row), so counts reflect distinct facts.
 */
#include "model/entity.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "text/country.h"
#include "util/alloc.h"
#include "banned.h"

void entity_set_init(entity_set *s)
{
	arena_init(&s->mem);
	s->items = NULL;
	s->n = s->cap = 0;
	s->failed = 0;
}

void entity_set_release(entity_set *s)
{
	arena_release(&s->mem);
	licit__free(s->items);
	entity_set_init(s);
}

int entity_set_ok(const entity_set *s)
{
	return !s->failed && !s->mem.failed;
}

entity *entity_set_add(entity_set *s)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		entity **ni = licit__realloc(s->items, ncap * sizeof(*ni));
		if (!ni) {
			s->failed = 1;
			return NULL;
		}
		s->items = ni;
		s->cap = ncap;
	}
	entity *e = arena_calloc(&s->mem, sizeof(*e));
	if (!e)
		return NULL;
	s->items[s->n++] = e;
	return e;
}

void entity_set_drop_last(entity_set *s)
{
	if (s->n)
		s->n--;
}

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

const char *ent_strn(entity_set *s, const char *str, size_t n)
{
	if (!str)
		return NULL;
	while (n && is_blank((unsigned char)*str)) {
		str++;
		n--;
	}
	while (n && is_blank((unsigned char)str[n - 1]))
		n--;
	if (!n)
		return NULL;
	return arena_strndup(&s->mem, str, n);
}

const char *ent_str(entity_set *s, const char *str)
{
	return str ? ent_strn(s, str, strlen(str)) : NULL;
}

void ent_set_id(entity_set *s, entity *e, const char *source_id,
		const char *local)
{
	e->source_id = arena_strdup(&s->mem, source_id);
	e->id = arena_printf(&s->mem, "%s:%s", source_id, local ? local : "");
}

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

/* Grow array `arr` of entity `e` by one; evaluates to the new slot or NULL */
#define ENT_PUSH(s, e, arr)                                                    \
	((e)->arr = arena_grow(&(s)->mem, (e)->arr, (e)->n_##arr,              \
			       &(e)->cap_##arr, (e)->n_##arr + 1,              \
			       sizeof(*(e)->arr)),                             \
	 (e)->arr ? &(e)->arr[(e)->n_##arr++] : NULL)

int ent_add_name(entity_set *s, entity *e, name_kind kind, const char *full,
		 const char *original, const char *lang)
{
	const char *f = ent_str(s, full);
	if (!f)
		return 0;
	const char *o = ent_str(s, original);
	if (o && !strcmp(o, f))
		o = NULL;
	for (uint32_t i = 0; i < e->n_names; i++) {
		ent_name *n = &e->names[i];
		if (!strcmp(n->full, f)) {
			/* keep the strongest kind and any original script */
			if (kind < n->kind)
				n->kind = (uint8_t)kind;
			if (!n->original && o)
				n->original = o;
			return 0;
		}
	}
	ent_name *n = ENT_PUSH(s, e, names);
	if (!n)
		return -1;
	n->full = f;
	n->original = o;
	n->lang = ent_str(s, lang);
	n->kind = (uint8_t)kind;
	n->former = 0;
	return 1;
}

static void put_code(char out[3], const char *country)
{
	memset(out, 0, 3);
	if (country && *country)
		country_code(country, out);
}

int ent_add_ident(entity_set *s, entity *e, const char *type,
		  const char *value, const char *country, const char *note)
{
	const char *v = ent_str(s, value);
	if (!v)
		return 0;
	const char *t = ent_str(s, type);
	if (!t)
		t = "other";
	char cc[3];
	put_code(cc, country);
	for (uint32_t i = 0; i < e->n_idents; i++)
		if (!strcmp(e->idents[i].value, v) &&
		    !strcmp(e->idents[i].type, t) &&
		    !strcmp(e->idents[i].country, cc))
			return 0;
	ent_ident *id = ENT_PUSH(s, e, idents);
	if (!id)
		return -1;
	id->type = t;
	id->value = v;
	id->note = ent_str(s, note);
	memcpy(id->country, cc, 3);
	return 1;
}

int ent_add_addr(entity_set *s, entity *e, const char *full, const char *city,
		 const char *region, const char *postal, const char *country)
{
	const char *f = ent_str(s, full), *c = ent_str(s, city),
		   *r = ent_str(s, region), *p = ent_str(s, postal);
	char cc[3];
	put_code(cc, country);
	if (!f && !c && !r && !p && !cc[0])
		return 0;
	for (uint32_t i = 0; i < e->n_addrs; i++) {
		ent_addr *a = &e->addrs[i];
		if (same(a->full, f) && same(a->city, c) && same(a->region, r) &&
		    same(a->postal, p) && !strcmp(a->country, cc))
			return 0;
	}
	ent_addr *a = ENT_PUSH(s, e, addrs);
	if (!a)
		return -1;
	a->full = f;
	a->city = c;
	a->region = r;
	a->postal = p;
	memcpy(a->country, cc, 3);
	return 1;
}

int ent_add_country(entity_set *s, entity *e, country_role role,
		    const char *country)
{
	const char *raw = ent_str(s, country);
	if (!raw)
		return 0;
	char cc[3];
	put_code(cc, raw);
	for (uint32_t i = 0; i < e->n_countries; i++) {
		ent_country *c = &e->countries[i];
		if (c->role == role &&
		    (cc[0] ? !strcmp(c->code, cc) : !strcmp(c->raw, raw)))
			return 0;
	}
	ent_country *c = ENT_PUSH(s, e, countries);
	if (!c)
		return -1;
	memcpy(c->code, cc, 3);
	c->role = (uint8_t)role;
	c->raw = raw;
	return 1;
}

int ent_add_date(entity_set *s, entity *e, date_role role, pdate d,
		 pdate until)
{
	if (!d.year)
		return 0;
	for (uint32_t i = 0; i < e->n_dates; i++) {
		ent_date *x = &e->dates[i];
		if (x->role == role && !pdate_cmp(x->date, d) &&
		    !pdate_cmp(x->until, until))
			return 0;
	}
	ent_date *x = ENT_PUSH(s, e, dates);
	if (!x)
		return -1;
	x->role = (uint8_t)role;
	x->date = d;
	x->until = until;
	return 1;
}

static int add_string(entity_set *s, const char ***arr, uint32_t *n,
		      size_t *cap, const char *value)
{
	const char *v = ent_str(s, value);
	if (!v)
		return 0;
	for (uint32_t i = 0; i < *n; i++)
		if (!strcmp((*arr)[i], v))
			return 0;
	*arr = arena_grow(&s->mem, *arr, *n, cap, *n + 1, sizeof(**arr));
	if (!*arr)
		return -1;
	(*arr)[(*n)++] = v;
	return 1;
}

int ent_add_program(entity_set *s, entity *e, const char *program)
{
	return add_string(s, &e->programs, &e->n_programs, &e->cap_programs,
			  program);
}

int ent_add_list(entity_set *s, entity *e, const char *list)
{
	return add_string(s, &e->lists, &e->n_lists, &e->cap_lists, list);
}

int ent_add_attr(entity_set *s, entity *e, const char *key, const char *value)
{
	const char *v = ent_str(s, value);
	if (!v || !key)
		return 0;
	for (uint32_t i = 0; i < e->n_attrs; i++)
		if (!strcmp(e->attrs[i].key, key) &&
		    !strcmp(e->attrs[i].value, v))
			return 0;
	ent_attr *a = ENT_PUSH(s, e, attrs);
	if (!a)
		return -1;
	a->key = arena_strdup(&s->mem, key);
	a->value = v;
	return a->key ? 1 : -1;
}

const char *name_kind_name(unsigned kind)
{
	static const char *const v[] = {"primary", "strong", "weak"};
	return kind < 3 ? v[kind] : "";
}

const char *country_role_name(unsigned role)
{
	static const char *const v[] = {"",	     "nationality",
					"citizenship", "jurisdiction",
					"residence",   "birth",
					"flag",	     "country"};
	return role < 8 ? v[role] : "";
}

const char *date_role_name(unsigned role)
{
	static const char *const v[] = {"", "birth", "death", "incorporation"};
	return role < 4 ? v[role] : "";
}

const char *gender_name(unsigned gender)
{
	static const char *const v[] = {"", "male", "female"};
	return gender < 3 ? v[gender] : "";
}

const char *ent_primary_name(const entity *e)
{
	for (uint32_t i = 0; i < e->n_names; i++)
		if (e->names[i].kind == NAME_PRIMARY)
			return e->names[i].full;
	return e->n_names ? e->names[0].full : "";
}

typedef struct schema_word {
	const char *text;
	licit_schema schema;
} schema_word;

/* The schema of the word s[0..n) in map[0..n_map), compared ignoring
 * ASCII case when `nocase`. */
static licit_schema schema_lookup(const schema_word *map, size_t n_map,
				  const char *s, size_t n, int nocase)
{
	for (size_t i = 0; i < n_map; i++)
		if (strlen(map[i].text) == n &&
		    !(nocase ? strncasecmp(s, map[i].text, n)
			     : strncmp(s, map[i].text, n)))
			return map[i].schema;
	return LICIT_SCHEMA_UNKNOWN;
}

licit_schema schema_from_text(const char *s)
{
	static const schema_word map[] = {
		{"person", LICIT_SCHEMA_PERSON},
		{"individual", LICIT_SCHEMA_PERSON},
		{"organization", LICIT_SCHEMA_ORGANIZATION},
		{"organisation", LICIT_SCHEMA_ORGANIZATION},
		{"entity", LICIT_SCHEMA_ORGANIZATION},
		{"company", LICIT_SCHEMA_ORGANIZATION},
		{"legalentity", LICIT_SCHEMA_ORGANIZATION},
		{"enterprise", LICIT_SCHEMA_ORGANIZATION},
		{"publicbody", LICIT_SCHEMA_ORGANIZATION},
		{"vessel", LICIT_SCHEMA_VESSEL},
		{"ship", LICIT_SCHEMA_VESSEL},
		{"aircraft", LICIT_SCHEMA_AIRCRAFT},
	};
	if (!s)
		return LICIT_SCHEMA_UNKNOWN;
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	return schema_lookup(map, sizeof(map) / sizeof(map[0]), s, n, 1);
}

licit_schema schema_from_ftm(const char *name)
{
	static const schema_word map[] = {
		{"Person", LICIT_SCHEMA_PERSON},
		{"Organization", LICIT_SCHEMA_ORGANIZATION},
		{"Company", LICIT_SCHEMA_ORGANIZATION},
		{"LegalEntity", LICIT_SCHEMA_ORGANIZATION},
		{"PublicBody", LICIT_SCHEMA_ORGANIZATION},
		{"Vessel", LICIT_SCHEMA_VESSEL},
		{"Aircraft", LICIT_SCHEMA_AIRCRAFT},
	};
	return schema_lookup(map, sizeof(map) / sizeof(map[0]), name,
			     strlen(name), 0);
}
