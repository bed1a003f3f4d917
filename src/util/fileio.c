/*
 * fileio.c - file mapping, atomic replacement and directory listing.
 */
#define _GNU_SOURCE
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "banned.h"

licit_status file_map_open(file_map *m, const char *path, errinfo *e)
{
	m->data = NULL;
	m->len = 0;
	m->mapped = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, LICIT_EIO, "cannot open '%s': %s", path,
			       strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, LICIT_EIO, "'%s' is not a regular file",
			       path);
	}
	if (st.st_size == 0) {
		close(fd);
		m->data = (const unsigned char *)"";
		return LICIT_OK;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return err_set(e, LICIT_EIO, "cannot map '%s': %s", path,
			       strerror(errno));
	m->data = p;
	m->len = (size_t)st.st_size;
	m->mapped = 1;
	return LICIT_OK;
}

void file_map_release(file_map *m)
{
	if (m->mapped)
		munmap((void *)m->data, m->len);
	else if (m->len)
		licit__free((void *)m->data);
	m->data = NULL;
	m->len = 0;
	m->mapped = 0;
}

static int fsync_dir_of(const char *path)
{
	char *dir = licit__strdup(path);
	if (!dir)
		return -1;
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	int fd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY);
	licit__free(dir);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

licit_status file_write_atomic(const char *path, const void *data, size_t len,
			       errinfo *e)
{
	buf tmp;
	buf_init(&tmp, 0);
	buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	if (!buf_ok(&tmp))
		return err_set(e, LICIT_ENOMEM, "out of memory");
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_set(e, LICIT_EIO, "cannot create '%s': %s", tmp.data,
			strerror(errno));
		buf_release(&tmp);
		return e->code;
	}
	const unsigned char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp.data, path) < 0)
		goto fail;
	fsync_dir_of(path);
	buf_release(&tmp);
	return LICIT_OK;
fail:
	err_set(e, LICIT_EIO, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp.data);
	buf_release(&tmp);
	return e->code;
}

licit_status dir_make(const char *path, errinfo *e)
{
	char *p = licit__strdup(path);
	if (!p)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			err_set(e, LICIT_EIO, "cannot create directory '%s': %s",
				p, strerror(errno));
			licit__free(p);
			return e->code;
		}
		*s = c;
		if (!c)
			break;
	}
	licit__free(p);
	if (path_is_dir(path) != 1)
		return err_set(e, LICIT_EIO, "'%s' is not a directory", path);
	return LICIT_OK;
}

int path_is_dir(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return -1;
	return S_ISDIR(st.st_mode) ? 1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void path_list_free(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		licit__free(list[i]);
	licit__free(list);
}

static licit_status list_entries(const char *dir, int want_dirs, char ***out,
				 size_t *n, errinfo *e);

licit_status dir_list(const char *dir, char ***out, size_t *n, errinfo *e)
{
	return list_entries(dir, 0, out, n, e);
}

licit_status dir_list_dirs(const char *dir, char ***out, size_t *n,
			   errinfo *e)
{
	return list_entries(dir, 1, out, n, e);
}

static licit_status list_entries(const char *dir, int want_dirs, char ***out,
				 size_t *n, errinfo *e)
{
	DIR *d = opendir(dir);
	if (!d)
		return err_set(e, LICIT_EIO, "cannot open directory '%s': %s",
			       dir, strerror(errno));
	char **list = NULL;
	size_t len = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		buf full;
		buf_init(&full, 0);
		buf_addf(&full, "%s/%s", dir, de->d_name);
		struct stat st;
		if (!buf_ok(&full) || stat(full.data, &st) < 0 ||
		    (want_dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))) {
			int bad = !buf_ok(&full);
			buf_release(&full);
			if (bad)
				goto oom;
			continue;
		}
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nl = licit__realloc(list, ncap * sizeof(*nl));
			if (!nl) {
				buf_release(&full);
				goto oom;
			}
			list = nl;
			cap = ncap;
		}
		list[len++] = buf_detach(&full, NULL);
	}
	closedir(d);
	if (len)
		qsort(list, len, sizeof(*list), cmp_str);
	*out = list;
	*n = len;
	return LICIT_OK;
oom:
	closedir(d);
	path_list_free(list, len);
	return err_set(e, LICIT_ENOMEM, "out of memory");
}

const char *path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}
