/*
 * import.c - licit_import: list files and folders in, one new snapshot out.
 *
 * Folders are walked recursively in name order. Inside a folder, files no
 * format recognizes (a README, the UK's .xlsx beside its CSV) are passed
 * over with a note, and companion files (OFAC's add.csv) are left to their
 * main file; a file named explicitly must be a list. Two versions of one
 * source in one import are refused: a snapshot holds one version of each
 * list. The snapshot is written beside the current one and CURRENT is
 * switched by an atomic rename, so a failed import changes nothing.
 */
#include "api/internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sources/load.h"
#include "util/alloc.h"
#include "util/fileio.h"
#include "banned.h"

typedef struct path_list {
	char **v;
	unsigned char *explicit_;
	size_t *root; /* index of the argument the path came from */
	size_t n, cap, cur_root;
} path_list;

static int push_path(path_list *l, const char *p, int explicit_)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 32;
		char **nv = licit__realloc(l->v, nc * sizeof(*nv));
		if (!nv)
			return -1;
		l->v = nv;
		unsigned char *ne = licit__realloc(l->explicit_, nc);
		if (!ne)
			return -1;
		l->explicit_ = ne;
		size_t *nr = licit__realloc(l->root, nc * sizeof(*nr));
		if (!nr)
			return -1;
		l->root = nr;
		l->cap = nc;
	}
	l->v[l->n] = licit__strdup(p);
	if (!l->v[l->n])
		return -1;
	l->root[l->n] = l->cur_root;
	l->explicit_[l->n++] = (unsigned char)explicit_;
	return 0;
}

static licit_status walk(const char *dir, path_list *out, int depth,
			 errinfo *e)
{
	if (depth > 16)
		return err_set(e, LICIT_EINVAL, "'%s': folders nested too deep",
			       dir);
	char **files;
	size_t n;
	licit_status st = dir_list(dir, &files, &n, e);
	if (st != LICIT_OK)
		return st;
	for (size_t i = 0; i < n && st == LICIT_OK; i++)
		if (push_path(out, files[i], 0) < 0)
			st = err_set(e, LICIT_ENOMEM, "out of memory");
	path_list_free(files, n);
	if (st != LICIT_OK)
		return st;
	/* then subfolders, in name order */
	char **subs = NULL;
	size_t nsubs = 0;
	st = dir_list_dirs(dir, &subs, &nsubs, e);
	for (size_t i = 0; i < nsubs && st == LICIT_OK; i++)
		st = walk(subs[i], out, depth + 1, e);
	path_list_free(subs, nsubs);
	return st;
}

static void paths_free(path_list *l)
{
	path_list_free(l->v, l->n);
	licit__free(l->explicit_);
	licit__free(l->root);
}

/* Parse every path; res[] gets one result per source parsed. */
static licit_status parse_all(const path_list *paths, const char *const *args,
			      size_t nargs, entity_set *set,
			      source_result **res_out, size_t *nres,
			      errinfo *e)
{
	unsigned char *seen = licit__calloc(nargs + 1, 1);
	if (!seen)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	source_result *res = licit__calloc(paths->n + 1, sizeof(*res));
	if (!res)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < paths->n; i++) {
		const char *p = paths->v[i];
		const source_format *fmt = NULL;
		if (!paths->explicit_[i]) {
			/* in a folder: companions and non-lists are passed
			 * over; an unreadable file fails in the load below */
			errinfo ignore;
			if (source_probe(p, &fmt, &ignore) == 0)
				continue;
		}
		licit_status st = source_load_file(p, fmt, set, &res[k], e);
		if (st != LICIT_OK) {
			licit__free(res);
			licit__free(seen);
			return st;
		}
		seen[paths->root[i]] = 1;
		for (size_t j = 0; j < k; j++)
			if (!strcmp(res[j].source_id, res[k].source_id)) {
				st = err_set(e, LICIT_EINVAL,
					     "source '%s' given twice: '%s' and "
					     "'%s'; import one version of each "
					     "list per snapshot",
					     res[k].source_id, res[j].path,
					     res[k].path);
				licit__free(res);
				licit__free(seen);
				return st;
			}
		k++;
	}
	for (size_t a = 0; a < nargs; a++)
		if (!seen[a]) {
			licit__free(res);
			licit__free(seen);
			return err_set(e, LICIT_EFORMAT,
				       "'%s': no list found in this folder "
				       "(formats known: %s)",
				       args[a], source_format_names());
		}
	licit__free(seen);
	*res_out = res;
	*nres = k;
	return LICIT_OK;
}

static licit_status write_snapshot(licit *h, const entity_set *set,
				   const source_result *res, size_t n,
				   errinfo *e)
{
	buf out;
	buf_init(&out, (size_t)4 << 30);
	char id[65], path[4096], cur[4096];
	licit_status st =
		snapshot_build(set, res, n, (int64_t)time(NULL), &out, id, e);
	if (st == LICIT_OK) {
		licit__snapshot_path(h, id, path, sizeof(path));
		st = file_write_atomic(path, out.data, out.len, e);
	}
	buf_release(&out);
	if (st != LICIT_OK)
		return st;
	char line[80];
	int len = snprintf(line, sizeof(line), "%s\n", id);
	snprintf(cur, sizeof(cur), "%s/CURRENT", h->data_dir);
	return file_write_atomic(cur, line, (size_t)len, e);
}

licit_status licit__parse_paths(const char *const *paths, size_t n,
				entity_set *set, source_result **res,
				size_t *nres, errinfo *e)
{
	path_list list = {0};
	licit_status st = LICIT_OK;
	*res = NULL;
	*nres = 0;
	for (size_t i = 0; i < n && st == LICIT_OK; i++) {
		list.cur_root = i;
		int d = path_is_dir(paths[i]);
		if (d < 0)
			st = err_set(e, LICIT_EIO, "'%s': no such file or folder",
				     paths[i]);
		else if (d) {
			size_t before = list.n;
			st = walk(paths[i], &list, 0, e);
			if (st == LICIT_OK && list.n == before)
				st = err_set(e, LICIT_EFORMAT,
					     "'%s': empty folder, no list to "
					     "import",
					     paths[i]);
		}
		else if (push_path(&list, paths[i], 1) < 0)
			st = err_set(e, LICIT_ENOMEM, "out of memory");
	}
	if (st == LICIT_OK)
		st = parse_all(&list, paths, n, set, res, nres, e);
	paths_free(&list);
	return st;
}

licit_status licit_import(licit *h, const char *const *paths, size_t n)
{
	if (!h || !paths || !n)
		return LICIT_EMISUSE;
	errinfo e;
	err_clear(&e);
	entity_set set;
	entity_set_init(&set);
	source_result *res = NULL;
	size_t nres = 0;
	licit_status st = licit__parse_paths(paths, n, &set, &res, &nres, &e);
	if (st == LICIT_OK)
		st = write_snapshot(h, &set, res, nres, &e);
	licit__free(res);
	entity_set_release(&set);
	if (st != LICIT_OK)
		return licit__fail(h, &e);
	h->snap_problem[0] = '\0';
	return licit__load_current(h);
}
