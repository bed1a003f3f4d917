/*
 * fileio.h - reading, mapping and atomically replacing files.
 *
 * Every function reports failures through errinfo with the path and the
 * system's reason ("cannot open 'x': No such file or directory").
 */
#ifndef LICIT_FILEIO_H
#define LICIT_FILEIO_H

#include <stddef.h>

#include "error.h"

/* A file mapped read-only (or read into memory when it cannot be mapped). */
typedef struct file_map {
	const unsigned char *data;
	size_t len;
	int mapped; /* 1: munmap on release; 0: licit__free */
} file_map;

licit_status file_map_open(file_map *m, const char *path, errinfo *e);
void file_map_release(file_map *m);

/*
 * Write `len` bytes to `path` atomically: a temp file beside it, fsync,
 * rename over `path`, fsync of the directory. Readers see the old or the
 * new content, never a mix.
 */
licit_status file_write_atomic(const char *path, const void *data, size_t len,
			       errinfo *e);

/* mkdir -p with mode 0700 for created directories. */
licit_status dir_make(const char *path, errinfo *e);

/* 1 if path is a directory, 0 if not, -1 if it does not exist. */
int path_is_dir(const char *path);

/*
 * The regular files directly inside `dir`, as malloc'd full paths sorted by
 * name; hidden files skipped. Free with path_list_free.
 */
licit_status dir_list(const char *dir, char ***out, size_t *n, errinfo *e);
void path_list_free(char **list, size_t n);

/* The same for the subdirectories directly inside `dir`. */
licit_status dir_list_dirs(const char *dir, char ***out, size_t *n,
			   errinfo *e);

/* The last component of a path (borrowed from `path`). */
const char *path_base(const char *path);

#endif
