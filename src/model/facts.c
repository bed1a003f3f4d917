/*
 * facts.c - canonical fact lines of an entity (see facts.h).
 */
#include "model/facts.h"

#include <stdlib.h>
#include <string.h>

#include "util/hashmap.h"
#include "banned.h"


typedef struct lines {
	arena *a;
	const char **v;
	size_t n, cap;
	int failed;
} lines;

static void add(lines *l, const char *s)
{
	if (!s) {
		l->failed = 1;
		return;
	}
	l->v = arena_grow(l->a, l->v, l->n, &l->cap, l->n + 1, sizeof(*l->v));
	if (!l->v) {
		l->failed = 1;
		return;
	}
	l->v[l->n++] = s;
}

#define S(x) ((x) ? (x) : "")

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_names(lines *l, const entity *e)
{
	for (uint32_t i = 0; i < e->n_names; i++) {
		const ent_name *n = &e->names[i];
		add(l, arena_printf(l->a, "name:%s:%s%s%s",
				    name_kind_name(n->kind), n->full,
				    n->original ? " / " : "", S(n->original)));
	}
}

static void add_places(lines *l, const entity *e)
{
	for (uint32_t i = 0; i < e->n_addrs; i++) {
		const ent_addr *x = &e->addrs[i];
		add(l, arena_printf(l->a, "address:%s|%s|%s|%s|%s", S(x->full),
				    S(x->city), S(x->region), S(x->postal),
				    x->country));
	}
	for (uint32_t i = 0; i < e->n_countries; i++) {
		const ent_country *c = &e->countries[i];
		add(l, arena_printf(l->a, "country:%s:%s",
				    country_role_name(c->role),
				    c->code[0] ? c->code : S(c->raw)));
	}
}

static void add_ids_dates(lines *l, const entity *e)
{
	for (uint32_t i = 0; i < e->n_idents; i++) {
		const ent_ident *x = &e->idents[i];
		add(l, arena_printf(l->a, "id:%s:%s:%s%s%s", x->type, x->value,
				    x->country, x->note ? ":" : "",
				    S(x->note)));
	}
	for (uint32_t i = 0; i < e->n_dates; i++) {
		char d[11], u[11];
		pdate_format(e->dates[i].date, d);
		pdate_format(e->dates[i].until, u);
		add(l, arena_printf(l->a, "%s:%s%s%s",
				    date_role_name(e->dates[i].role), d,
				    u[0] ? ".." : "", u));
	}
}

static void add_rest(lines *l, const entity *e)
{
	add(l, arena_printf(l->a, "schema:%s",
			    licit_schema_name((licit_schema)e->schema)));
	if (e->gender)
		add(l, arena_printf(l->a, "gender:%s", gender_name(e->gender)));
	if (e->listed.year) {
		char d[11];
		pdate_format(e->listed, d);
		add(l, arena_printf(l->a, "listed:%s", d));
	}
	if (e->remarks)
		add(l, arena_printf(l->a, "remarks:%s", e->remarks));
	for (uint32_t i = 0; i < e->n_programs; i++)
		add(l, arena_printf(l->a, "program:%s", e->programs[i]));
	for (uint32_t i = 0; i < e->n_lists; i++)
		add(l, arena_printf(l->a, "list:%s", e->lists[i]));
	for (uint32_t i = 0; i < e->n_attrs; i++)
		add(l, arena_printf(l->a, "%s:%s", e->attrs[i].key,
				    e->attrs[i].value));
}

long entity_facts(const entity *e, arena *a, const char ***out)
{
	lines l = {.a = a};
	add_names(&l, e);
	add_places(&l, e);
	add_ids_dates(&l, e);
	add_rest(&l, e);
	if (l.failed)
		return -1;
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), cmp_line);
	size_t k = 0;
	for (size_t i = 0; i < l.n; i++)
		if (!k || strcmp(l.v[k - 1], l.v[i]))
			l.v[k++] = l.v[i];
	*out = l.v;
	return (long)k;
}

uint64_t entity_content_hash(const entity *e)
{
	arena a;
	arena_init(&a);
	const char **v;
	long n = entity_facts(e, &a, &v);
	uint64_t h = 0;
	if (n >= 0) {
		h = 0x9e3779b97f4a7c15ULL;
		for (long i = 0; i < n; i++)
			h = (h ^ hash_bytes(v[i], strlen(v[i]))) *
				    0x100000001b3ULL +
			    (uint64_t)i;
		if (!h)
			h = 1;
	}
	arena_release(&a);
	return h;
}
