/*
 * diff.c - licit_diff_new: what changed between two versions of the lists.
 *
 * Each side is a snapshot file or list files/folders. Entities are matched
 * by id; an entity present on both sides is "changed" when its facts (see
 * model/facts.h) differ, and the change names the facts removed and added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/internal.h"
#include "model/facts.h"
#include "util/alloc.h"
#include "util/fileio.h"
#include "banned.h"

typedef struct side {
	snapshot snap;
	int has_snap;
	entity_set set;
	const entity **sorted;
} side;

struct licit_diff {
	side a, b;
	arena mem;
	licit_change *changes;
	size_t n, cap;
};

static int is_snapshot_file(const char *path)
{
	if (path_is_dir(path) != 0)
		return 0;
	errinfo e;
	file_map m;
	if (file_map_open(&m, path, &e) != LICIT_OK)
		return 0;
	int yes = m.len >= 8 && !memcmp(m.data, SNAP_MAGIC, 8);
	file_map_release(&m);
	return yes;
}

static int cmp_entity(const void *x, const void *y)
{
	const entity *a = *(const entity *const *)x;
	const entity *b = *(const entity *const *)y;
	return strcmp(a->id, b->id);
}

static licit_status load_side(side *s, const char *path, errinfo *e)
{
	entity_set_init(&s->set);
	licit_status st;
	if (is_snapshot_file(path)) {
		st = snapshot_open(&s->snap, path, e);
		if (st != LICIT_OK)
			return st;
		s->has_snap = 1;
		st = snapshot_entities(&s->snap, &s->set, e);
	} else {
		source_result *res = NULL;
		size_t nres = 0;
		st = licit__parse_paths(&path, 1, &s->set, &res, &nres, e);
		licit__free(res);
	}
	if (st != LICIT_OK)
		return st;
	s->sorted = licit__malloc((s->set.n + 1) * sizeof(*s->sorted));
	if (!s->sorted)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->set.n; i++)
		s->sorted[i] = s->set.items[i];
	qsort(s->sorted, s->set.n, sizeof(*s->sorted), cmp_entity);
	return LICIT_OK;
}

static void side_release(side *s)
{
	entity_set_release(&s->set);
	if (s->has_snap)
		snapshot_close(&s->snap);
	licit__free(s->sorted);
}

static licit_change *push(licit_diff *d, licit_change_kind kind,
			  const entity *x)
{
	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 256;
		licit_change *c = licit__realloc(d->changes, nc * sizeof(*c));
		if (!c)
			return NULL;
		d->changes = c;
		d->cap = nc;
	}
	licit_change *c = &d->changes[d->n++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->entity_id = x->id;
	c->name = ent_primary_name(x);
	return c;
}

/* Facts only in `a` (sorted arrays) into *out. */
static size_t only_in(const char **a, long na, const char **b, long nb,
		      const char **out)
{
	size_t k = 0;
	long i = 0, j = 0;
	while (i < na) {
		int c = j < nb ? strcmp(a[i], b[j]) : -1;
		if (c < 0)
			out[k++] = a[i++];
		else if (c > 0)
			j++;
		else
			i++, j++;
	}
	return k;
}

static licit_status compare(licit_diff *d, const entity *x, const entity *y,
			    errinfo *e)
{
	const char **fx, **fy;
	long nx = entity_facts(x, &d->mem, &fx);
	long ny = entity_facts(y, &d->mem, &fy);
	if (nx < 0 || ny < 0)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	const char **rem = arena_alloc(&d->mem, (size_t)(nx + 1) * sizeof(*rem));
	const char **add = arena_alloc(&d->mem, (size_t)(ny + 1) * sizeof(*add));
	if (!rem || !add)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	size_t nr = only_in(fx, nx, fy, ny, rem);
	size_t na = only_in(fy, ny, fx, nx, add);
	if (!nr && !na)
		return LICIT_OK;
	licit_change *c = push(d, LICIT_CHANGE_CHANGED, y);
	if (!c)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	c->removed = rem;
	c->n_removed = nr;
	c->added = add;
	c->n_added = na;
	return LICIT_OK;
}

static licit_status run(licit_diff *d, errinfo *e)
{
	size_t i = 0, j = 0, na = d->a.set.n, nb = d->b.set.n;
	const entity **a = d->a.sorted, **b = d->b.sorted;
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i]->id, b[j]->id);
		licit_status st = LICIT_OK;
		if (c < 0) {
			if (!push(d, LICIT_CHANGE_REMOVED, a[i]))
				st = LICIT_ENOMEM;
			i++;
		} else if (c > 0) {
			if (!push(d, LICIT_CHANGE_ADDED, b[j]))
				st = LICIT_ENOMEM;
			j++;
		} else {
			st = compare(d, a[i++], b[j++], e);
		}
		if (st == LICIT_ENOMEM && !e->msg[0])
			return err_set(e, st, "out of memory");
		if (st != LICIT_OK)
			return st;
	}
	return LICIT_OK;
}

licit_status licit_diff_new(const char *old_path, const char *new_path,
			    licit_diff **out, char *errbuf, size_t errlen)
{
	if (!old_path || !new_path || !out)
		return LICIT_EMISUSE;
	*out = NULL;
	licit_diff *d = licit__calloc(1, sizeof(*d));
	if (!d)
		return LICIT_ENOMEM;
	arena_init(&d->mem);
	errinfo e;
	err_clear(&e);
	licit_status st = load_side(&d->a, old_path, &e);
	if (st == LICIT_OK)
		st = load_side(&d->b, new_path, &e);
	if (st == LICIT_OK)
		st = run(d, &e);
	if (st != LICIT_OK) {
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s", e.msg);
		licit_diff_free(d);
		return st;
	}
	*out = d;
	return LICIT_OK;
}

void licit_diff_free(licit_diff *d)
{
	if (!d)
		return;
	side_release(&d->a);
	side_release(&d->b);
	arena_release(&d->mem);
	licit__free(d->changes);
	licit__free(d);
}

const licit_change *licit_diff_changes(const licit_diff *d, size_t *n)
{
	*n = d ? d->n : 0;
	return d ? d->changes : NULL;
}
