/*
 * licit.c - the handle: opening a data directory, the current snapshot,
 * sources, exact lookups and entity records.
 *
 * Data directory layout:
 *   CURRENT              the current snapshot id, one line, replaced
 *                        atomically by each import
 *   snapshots/<id>.snap  immutable snapshot files, named by their sha256
 */
#include "api/internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/screen.h"
#include "model/date.h"
#include "text/normalize.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "banned.h"

licit_status licit__fail(licit *h, const errinfo *e)
{
	h->err = *e;
	return e->code;
}

const char *licit_last_error(const licit *h)
{
	if (!h)
		return "no handle";
	return h->err.msg[0] ? h->err.msg : licit_strerror(h->err.code);
}

const char *licit_data_dir(const licit *h)
{
	return h ? h->data_dir : NULL;
}

void licit_free(void *p)
{
	licit__free(p);
}

static char *default_data_dir(void)
{
	const char *env = getenv("LICIT_DATA_DIR");
	buf b;
	buf_init(&b, 4096);
	if (env && *env) {
		buf_addstr(&b, env);
	} else if ((env = getenv("XDG_DATA_HOME")) && *env) {
		buf_addf(&b, "%s/licit", env);
	} else {
		const char *home = getenv("HOME");
		buf_addf(&b, "%s/.local/share/licit", home ? home : ".");
	}
	return buf_ok(&b) ? buf_detach(&b, NULL) : NULL;
}

void licit__snapshot_path(const licit *h, const char *id, char *out,
			  size_t len)
{
	snprintf(out, len, "%s/snapshots/%s.snap", h->data_dir, id);
}

static void release_snapshot(licit *h)
{
	screener_free(h->screener);
	h->screener = NULL;
	if (h->has_snap)
		snapshot_close(&h->snap);
	h->has_snap = 0;
	licit__free(h->sources);
	licit__free(h->skips);
	h->sources = NULL;
	h->skips = NULL;
	h->n_sources = 0;
}

static licit_status build_views(licit *h)
{
	const snapshot *s = &h->snap;
	h->sources = licit__calloc(s->n_sources + 1, sizeof(*h->sources));
	h->skips = licit__calloc(s->n_skips + 1, sizeof(*h->skips));
	if (!h->sources || !h->skips)
		return LICIT_ENOMEM;
	for (size_t i = 0; i < s->n_skips; i++)
		h->skips[i] = (licit_skip){snap_str(s, s->skips[i].file),
					   s->skips[i].line,
					   snap_str(s, s->skips[i].reason)};
	for (size_t i = 0; i < s->n_sources; i++) {
		const snap_source *x = &s->sources[i];
		h->sources[i] = (licit_source_info){
			snap_str(s, x->id),        snap_str(s, x->format),
			snap_str(s, x->path),      snap_str(s, x->sha256),
			snap_str(s, x->published), x->records,
			x->entities,               x->names,
			x->skipped,                h->skips + x->skip_first,
		};
	}
	h->n_sources = s->n_sources;
	return LICIT_OK;
}

static int is_snapshot_id(const char *id)
{
	return strlen(id) == 64 && strspn(id, "0123456789abcdef") == 64;
}

/* Map snapshots/<id>.snap on h in place of what it had. */
static licit_status load_snapshot(licit *h, const char *id)
{
	errinfo e;
	char path[4096];
	licit__snapshot_path(h, id, path, sizeof(path));
	licit_status st = snapshot_open(&h->snap, path, &e);
	if (st != LICIT_OK)
		return licit__fail(h, &e);
	h->has_snap = 1;
	if (build_views(h) != LICIT_OK) {
		release_snapshot(h);
		err_set(&e, LICIT_ENOMEM, "out of memory");
		return licit__fail(h, &e);
	}
	return LICIT_OK;
}

licit_status licit__load_current(licit *h)
{
	errinfo e;
	char path[4096], id[80];
	snprintf(path, sizeof(path), "%s/CURRENT", h->data_dir);
	FILE *f = fopen(path, "r");
	release_snapshot(h);
	if (!f)
		return LICIT_OK; /* nothing imported yet */
	int ok = fgets(id, sizeof(id), f) != NULL;
	fclose(f);
	id[strcspn(id, "\r\n")] = '\0';
	if (!ok || !is_snapshot_id(id)) {
		err_set(&e, LICIT_ECORRUPT, "'%s' does not hold a snapshot id",
			path);
		return licit__fail(h, &e);
	}
	return load_snapshot(h, id);
}

/* The one snapshot in <data_dir>/snapshots whose id starts with
 * `prefix` into id[65]; an error naming what to give otherwise. */
static licit_status resolve_snapshot(licit *h, const char *prefix,
				     char id[65])
{
	errinfo e;
	size_t n = strlen(prefix);
	if (n < 4 || n > 64 || strspn(prefix, "0123456789abcdef") != n) {
		err_set(&e, LICIT_EINVAL,
			"'%.80s' is not a snapshot id (64 hex digits, or at "
			"least the first 4 of them)",
			prefix);
		return licit__fail(h, &e);
	}
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/snapshots", h->data_dir);
	DIR *d = opendir(dir);
	if (!d) {
		err_set(&e, LICIT_EIO, "cannot read '%s'", dir);
		return licit__fail(h, &e);
	}
	int found = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		if (strlen(name) != 69 || strcmp(name + 64, ".snap") ||
		    strncmp(name, prefix, n))
			continue;
		if (found++ == 0)
			snprintf(id, 65, "%.64s", name);
	}
	closedir(d);
	if (found == 1)
		return LICIT_OK;
	err_set(&e, found ? LICIT_EINVAL : LICIT_ENOTFOUND,
		found ? "snapshot id '%s' is ambiguous: give more digits"
		      : "no snapshot '%s' in '%s' (the ids are those "
			"'licit lists import' printed)",
		prefix, dir);
	return licit__fail(h, &e);
}

licit_status licit_snapshot_select(licit *h, const char *id)
{
	if (!h)
		return LICIT_EMISUSE;
	if (!id)
		return licit__load_current(h);
	char full_id[65];
	licit_status st = resolve_snapshot(h, id, full_id);
	if (st != LICIT_OK)
		return st;
	if (h->has_snap && !strcmp(h->snap.id, full_id))
		return LICIT_OK;
	st = licit_audit_flush(h); /* what waits names the old snapshot */
	if (st != LICIT_OK)
		return st;
	release_snapshot(h);
	return load_snapshot(h, full_id);
}

licit_status licit_open(const char *data_dir, licit **out, char *errbuf,
			size_t errlen)
{
	if (!out)
		return LICIT_EMISUSE;
	*out = NULL;
	licit *h = licit__calloc(1, sizeof(*h));
	if (!h)
		return LICIT_ENOMEM;
	h->data_dir = data_dir ? licit__strdup(data_dir) : default_data_dir();
	errinfo e;
	err_clear(&e);
	licit_status st = LICIT_ENOMEM;
	if (h->data_dir) {
		char snaps[4096];
		snprintf(snaps, sizeof(snaps), "%s/snapshots", h->data_dir);
		st = dir_make(snaps, &e);
		if (st == LICIT_OK && licit__load_current(h) != LICIT_OK) {
			/* an unreadable current snapshot (damaged, or from an
			 * older licit) must not stop a new import: open with
			 * no snapshot and say why when one is needed */
			snprintf(h->snap_problem, sizeof(h->snap_problem),
				 "%s", h->err.msg);
			err_clear(&h->err);
		}
	} else {
		err_set(&e, st, "out of memory");
	}
	if (st != LICIT_OK) {
		if (errbuf && errlen)
			snprintf(errbuf, errlen, "%s", e.msg);
		licit_close(h);
		return st;
	}
	*out = h;
	return LICIT_OK;
}

void licit_close(licit *h)
{
	if (!h)
		return;
	licit__record_close(h);
	release_snapshot(h);
	licit_policies_free(h->policies);
	licit__free(h->data_dir);
	licit__free(h);
	text_thread_cleanup();
}

const char *licit_snapshot_id(const licit *h)
{
	return h && h->has_snap ? h->snap.id : NULL;
}

int64_t licit_snapshot_created(const licit *h)
{
	return h && h->has_snap ? h->snap.hdr->created : 0;
}

licit_status licit__need_snapshot(licit *h)
{
	if (h->has_snap)
		return LICIT_OK;
	errinfo e;
	if (h->snap_problem[0])
		err_set(&e, LICIT_ENOSNAPSHOT,
			"%s; run 'licit lists import PATH...'", h->snap_problem);
	else
		err_set(&e, LICIT_ENOSNAPSHOT,
			"no snapshot yet: run 'licit lists import PATH...'");
	return licit__fail(h, &e);
}

struct screener *licit__screener(licit *h)
{
	if (!h->screener && h->has_snap)
		h->screener = screener_new(&h->snap);
	return h->screener;
}

licit_status licit_sources(licit *h, const licit_source_info **out, size_t *n)
{
	if (!h || !out || !n)
		return LICIT_EMISUSE;
	licit_status st = licit__need_snapshot(h);
	if (st != LICIT_OK)
		return st;
	*out = h->sources;
	*n = h->n_sources;
	return LICIT_OK;
}

licit_status licit_lookup_exact(licit *h, const char *name, licit_hit *hits,
				size_t max, size_t *n)
{
	if (!h || !name || !n || (max && !hits))
		return LICIT_EMISUSE;
	licit_status st = licit__need_snapshot(h);
	if (st != LICIT_OK)
		return st;
	/* the name as given, then as "Given SURNAME" if written with a comma */
	buf key, re;
	buf_init(&key, 1 << 16);
	buf_init(&re, 1 << 16);
	const snapshot *s = &h->snap;
	size_t k = 0;
	uint32_t seen[64];
	size_t nseen = 0;
	int tries = text_reorder_comma(name, strlen(name), &re) ? 2 : 1;
	for (int t = 0; t < tries; t++) {
		buf_reset(&key);
		const char *src = t ? re.data : name;
		if (text_normalize(src, strlen(src), &key) < 0) {
			buf_release(&key);
			buf_release(&re);
			return LICIT_ENOMEM;
		}
		size_t first, count = key.len ? snapshot_find_key(s, key.data,
								  &first)
					      : 0;
		for (size_t i = 0; i < count; i++) {
			const snap_name *nm =
				&s->names[s->namekeys[first + i].index];
			int dup = 0;
			for (size_t j = 0; j < nseen && !dup; j++)
				dup = seen[j] == nm->entity;
			if (dup)
				continue;
			if (nseen < 64)
				seen[nseen++] = nm->entity;
			const snap_entity *x = &s->entities[nm->entity];
			if (k < max)
				hits[k] = (licit_hit){snap_str(s, x->id),
						      snap_str(s, x->source),
						      (licit_schema)x->schema,
						      snapshot_primary_name(s, x),
						      snap_str(s, nm->full)};
			k++;
		}
	}
	buf_release(&key);
	buf_release(&re);
	*n = k;
	return LICIT_OK;
}
