/*
 * entity_json.c - licit_entity_json: one listed entity as a JSON object.
 */
#include <jansson.h>
#include <string.h>

#include "api/internal.h"
#include "util/alloc.h"
#include "banned.h"


static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *names_json(const entity *e)
{
	json_t *a = json_array();
	for (uint32_t i = 0; i < e->n_names; i++) {
		const ent_name *n = &e->names[i];
		json_array_append_new(
			a, json_pack("{s:s,s:s,s:o,s:o}", "name", n->full,
				     "kind", name_kind_name(n->kind),
				     "original", str_or_null(n->original),
				     "lang", str_or_null(n->lang)));
	}
	return a;
}

static json_t *places_json(const entity *e, json_t **countries)
{
	json_t *a = json_array();
	for (uint32_t i = 0; i < e->n_addrs; i++) {
		const ent_addr *x = &e->addrs[i];
		json_array_append_new(
			a, json_pack("{s:o,s:o,s:o,s:o,s:o}", "full",
				     str_or_null(x->full), "city",
				     str_or_null(x->city), "region",
				     str_or_null(x->region), "postal",
				     str_or_null(x->postal), "country",
				     str_or_null(x->country)));
	}
	*countries = json_array();
	for (uint32_t i = 0; i < e->n_countries; i++) {
		const ent_country *c = &e->countries[i];
		json_array_append_new(
			*countries,
			json_pack("{s:s,s:o,s:o}", "role",
				  country_role_name(c->role), "code",
				  str_or_null(c->code), "raw",
				  str_or_null(c->raw)));
	}
	return a;
}

static json_t *ids_json(const entity *e)
{
	json_t *a = json_array();
	for (uint32_t i = 0; i < e->n_idents; i++) {
		const ent_ident *x = &e->idents[i];
		json_array_append_new(
			a, json_pack("{s:s,s:s,s:o,s:o}", "type", x->type,
				     "value", x->value, "country",
				     str_or_null(x->country), "note",
				     str_or_null(x->note)));
	}
	return a;
}

static json_t *dates_json(const entity *e)
{
	json_t *a = json_array();
	for (uint32_t i = 0; i < e->n_dates; i++) {
		char d[11], u[11];
		pdate_format(e->dates[i].date, d);
		pdate_format(e->dates[i].until, u);
		json_array_append_new(
			a, json_pack("{s:s,s:s,s:o}", "role",
				     date_role_name(e->dates[i].role), "date",
				     d, "until", str_or_null(u)));
	}
	return a;
}

static json_t *strings_json(const char *const *v, uint32_t n)
{
	json_t *a = json_array();
	for (uint32_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *entity_to_json(const entity *e)
{
	json_t *countries;
	json_t *addrs = places_json(e, &countries);
	json_t *attrs = json_object();
	for (uint32_t i = 0; i < e->n_attrs; i++) {
		json_t *cur = json_object_get(attrs, e->attrs[i].key);
		if (!cur) {
			json_object_set_new(attrs, e->attrs[i].key,
					    json_string(e->attrs[i].value));
			continue;
		}
		if (!json_is_array(cur)) {
			json_t *arr = json_array();
			json_array_append(arr, cur);
			json_object_set_new(attrs, e->attrs[i].key, arr);
			cur = arr;
		}
		json_array_append_new(cur, json_string(e->attrs[i].value));
	}
	char listed[11];
	pdate_format(e->listed, listed);
		return json_pack(
		"{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,"
		"s:{s:o,s:I}}",
		"id", e->id, "source", e->source_id, "schema",
		licit_schema_name((licit_schema)e->schema), "gender",
		str_or_null(gender_name(e->gender)), "listed",
		str_or_null(listed), "names", names_json(e), "addresses",
		addrs, "countries", countries, "identifiers", ids_json(e),
		"dates", dates_json(e), "programs",
		strings_json(e->programs, e->n_programs), "lists",
		strings_json(e->lists, e->n_lists), "attributes", attrs,
		"remarks", str_or_null(e->remarks), "origin", "file",
		str_or_null(e->origin_file), "line",
		(json_int_t)e->origin_line);
}

licit_status licit_entity_json(licit *h, const char *entity_id, char **json)
{
	if (!h || !entity_id || !json)
		return LICIT_EMISUSE;
	*json = NULL;
	errinfo e;
	licit_status need = licit__need_snapshot(h);
	if (need != LICIT_OK)
		return need;
	const snap_entity *x = snapshot_find_id(&h->snap, entity_id);
	if (!x) {
		err_set(&e, LICIT_ENOTFOUND,
			"no entity '%s' in snapshot %.12s", entity_id,
			h->snap.id);
		return licit__fail(h, &e);
	}
	/* rebuild just this one entity through a one-entity view */
	snapshot one = h->snap;
	one.entities = x;
	one.n_entities = 1;
	entity_set set;
	entity_set_init(&set);
	licit_status st = snapshot_entities(&one, &set, &e);
	if (st == LICIT_OK) {
		json_t *obj = entity_to_json(set.items[0]);
		char *s = obj ? json_dumps(obj, JSON_INDENT(2)) : NULL;
		json_decref(obj);
		if (s) {
			*json = licit__strdup(s);
			free(s);
		}
		if (!*json)
			st = err_set(&e, LICIT_ENOMEM, "out of memory");
	}
	entity_set_release(&set);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}
