/*
 * load.c - read one list file with its companions and run its parser.
 *
 * The file is mapped, not read; companions (OFAC's add.csv beside sdn.csv)
 * are found in the same folder by case-insensitive name and mapped on
 * demand. Every byte read goes into the source's sha256, main file first,
 * then companions in the order the parser asked for them.
 */
#include "sources/load.h"

#include <dirent.h>
#include <string.h>
#include <strings.h>

#include "text/nameparts.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/fileio.h"
#include "util/sha256.h"
#include "banned.h"

#define MAX_COMPANIONS 8

typedef struct companions {
	const char *dir;
	file_map maps[MAX_COMPANIONS];
	const char *paths[MAX_COMPANIONS];
	size_t n;
	sha256_ctx *hash;
	entity_set *set;
} companions;

static char *dir_of(entity_set *set, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return arena_strdup(&set->mem, ".");
	if (slash == path)
		return arena_strdup(&set->mem, "/");
	return arena_strndup(&set->mem, path, (size_t)(slash - path));
}

static licit_status open_companion(parse_ctx *ctx, const char *name,
				   const unsigned char **data, size_t *len,
				   const char **path_out)
{
	companions *c = ctx->companion_state;
	if (!c || c->n == MAX_COMPANIONS)
		return LICIT_ENOTFOUND;
	DIR *d = opendir(c->dir);
	if (!d)
		return LICIT_ENOTFOUND;
	struct dirent *de;
	char *found = NULL;
	while ((de = readdir(d)))
		if (!strcasecmp(de->d_name, name)) {
			found = arena_printf(&c->set->mem, "%s/%s", c->dir,
					     de->d_name);
			break;
		}
	closedir(d);
	if (!found)
		return LICIT_ENOTFOUND;
	errinfo e;
	file_map *m = &c->maps[c->n];
	if (file_map_open(m, found, &e) != LICIT_OK)
		return err_set(ctx->err, e.code, "%s", e.msg);
	c->paths[c->n++] = found;
	sha256_update(c->hash, m->data, m->len);
	*data = m->data;
	*len = m->len;
	if (path_out)
		*path_out = found;
	return LICIT_OK;
}

/* 1 if a name carries a legal form ("JSC", "Aktsionernoe Obshchestvo",
 * "GmbH"): the party is an organization. */
static int has_legal_form(const entity *e, arena *tmp)
{
	for (uint32_t i = 0; i < e->n_names; i++) {
		buf norm;
		buf_init(&norm, 1 << 16);
		name_tokens t;
		int found = 0;
		if (text_normalize(e->names[i].full, strlen(e->names[i].full),
				   &norm) == 0 &&
		    name_parse(buf_str(&norm), norm.len, tmp, &t) == 0)
			for (size_t k = 0; k < t.n && !found; k++)
				found = (t.v[k].flags & NAMEPART_LEGAL) != 0;
		buf_release(&norm);
		if (found)
			return 1;
	}
	return 0;
}

/* Entities a list gives no type for become organizations when one of
 * their names has a legal form (the Entity List mixes people and firms
 * without saying which). */
static void infer_schemas(entity_set *set, size_t first)
{
	arena tmp;
	arena_init(&tmp);
	for (size_t i = first; i < set->n; i++) {
		entity *e = set->items[i];
		if (e->schema == LICIT_SCHEMA_UNKNOWN && has_legal_form(e, &tmp))
			e->schema = LICIT_SCHEMA_ORGANIZATION;
		arena_release(&tmp);
	}
}

static void companions_release(companions *c)
{
	for (size_t i = 0; i < c->n; i++)
		file_map_release(&c->maps[i]);
	c->n = 0;
}

/* The format whose companion file this content is, or NULL. */
static const source_format *companion_of(const char *path,
					 const unsigned char *data, size_t len)
{
	size_t n;
	const source_format *const *all = source_formats(&n);
	for (size_t i = 0; i < n; i++)
		if (all[i]->is_companion &&
		    all[i]->is_companion(path, data, len))
			return all[i];
	return NULL;
}

int source_probe(const char *path, const source_format **fmt, errinfo *e)
{
	file_map m;
	*fmt = NULL;
	if (file_map_open(&m, path, e) != LICIT_OK)
		return -1;
	int rc = 0;
	if (!companion_of(path, m.data, m.len)) {
		*fmt = source_detect(path, m.data, m.len);
		rc = *fmt != NULL;
	}
	file_map_release(&m);
	return rc;
}

int source_is_companion(const char *path, errinfo *e)
{
	file_map m;
	if (file_map_open(&m, path, e) != LICIT_OK)
		return 0;
	int is = companion_of(path, m.data, m.len) != NULL;
	file_map_release(&m);
	return is;
}

static licit_status unknown_format(const char *path, const file_map *m,
				   errinfo *e)
{
	if (!m->len)
		return err_set(e, LICIT_EFORMAT,
			       "%s: empty file (expected a list in one of: %s)",
			       path, source_format_names());
	if (source_looks_html(m->data, m->len))
		return err_set(e, LICIT_EFORMAT,
			       "%s: byte 0: an HTML page, not a list (an error "
			       "page saved in place of the download?); "
			       "formats tried: %s",
			       path, source_format_names());
	return err_set(e, LICIT_EFORMAT,
		       "%s: byte 0: unrecognized list format; formats tried: "
		       "%s",
		       path, source_format_names());
}

licit_status source_load_file(const char *path, const source_format *fmt,
			      entity_set *set, source_result *res, errinfo *e)
{
	memset(res, 0, sizeof(*res));
	file_map m;
	licit_status st = file_map_open(&m, path, e);
	if (st != LICIT_OK)
		return st;
	if (!fmt)
		fmt = source_detect(path, m.data, m.len);
	if (!fmt) {
		const source_format *owner = companion_of(path, m.data, m.len);
		st = owner ? err_set(e, LICIT_EFORMAT,
				     "%s: a companion file of the %s format; "
				     "import its main file (e.g. sdn.csv or "
				     "cons_prim.csv) or the folder",
				     path, owner->name)
			   : unknown_format(path, &m, e);
		file_map_release(&m);
		return st;
	}
	sha256_ctx hash;
	if (sha256_init(&hash) < 0) {
		file_map_release(&m);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	sha256_update(&hash, m.data, m.len);
	companions comp = {.dir = dir_of(set, path), .hash = &hash, .set = set};
	parse_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.path = arena_strdup(&set->mem, path);
	if (!ctx.path || !comp.dir) {
		sha256_abort(&hash);
		file_map_release(&m);
		return err_set(e, LICIT_ENOMEM, "%s: out of memory", path);
	}
	ctx.data = m.data;
	ctx.len = m.len;
	ctx.set = set;
	ctx.err = e;
	ctx.open_companion = open_companion;
	ctx.companion_state = &comp;
	size_t first = set->n;
	err_clear(e);
	st = fmt->parse(&ctx);
	if (st == LICIT_OK && !entity_set_ok(set))
		st = err_set(e, LICIT_ENOMEM, "%s: out of memory", path);
	if (st == LICIT_OK && !ctx.source_id)
		st = err_set(e, LICIT_EPARSE, "%s: parser set no source id",
			     path);
	if (st != LICIT_OK && !e->msg[0])
		err_set(e, st, "%s: %s", path, licit_strerror(st));
	companions_release(&comp);
	file_map_release(&m);
	if (st != LICIT_OK) {
		sha256_abort(&hash);
		set->n = first;
		return st;
	}
	infer_schemas(set, first);
	uint8_t d[32];
	sha256_final(&hash, d);
	sha256_hex(d, res->sha256);
	res->format = fmt;
	res->path = ctx.path;
	res->source_id = ctx.source_id;
	res->stats = ctx.stats;
	res->stats.entities = set->n - first;
	uint64_t names = 0;
	for (size_t i = first; i < set->n; i++)
		names += set->items[i]->n_names;
	res->stats.names = names;
	res->skips = ctx.skips;
	res->n_skips = ctx.n_skips;
	res->first_entity = first;
	res->n_entities = set->n - first;
	if (ctx.published[0]) {
		memcpy(res->published, ctx.published, 11);
	} else if (source_date_from_path(path, res->published)) {
		res->published_from_path = 1;
	}
	return LICIT_OK;
}
