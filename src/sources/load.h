/*
 * load.h - reading one list file (with its companions) into entities.
 *
 * The import driver and the tests use this: it maps the file, detects its
 * format (unless one is forced), runs the parser with companion files from
 * the same folder, hashes every byte read, and reports what was parsed.
 */
#ifndef LICIT_LOAD_H
#define LICIT_LOAD_H

#include "sources/source.h"

typedef struct source_result {
	const source_format *format;
	const char *path;      /* as given (in the set's arena) */
	const char *source_id; /* from the parser */
	char published[11];    /* from the file, else from the path, else "" */
	int published_from_path;
	char sha256[65];       /* over the main file then each companion */
	source_stats stats;
	licit_skip *skips;     /* in the set's arena */
	size_t n_skips;
	size_t first_entity, n_entities; /* range in set->items */
} source_result;

/*
 * Parse `path` into `set`. `fmt` NULL means detect from the content. On
 * failure the entities this file added are removed from the set and
 * e->msg names the file and place. A companion file given alone (OFAC's
 * add.csv) fails with a message naming the main file to import.
 */
licit_status source_load_file(const char *path, const source_format *fmt,
			      entity_set *set, source_result *res, errinfo *e);

/* 1 if the file is a companion that its format's main file reads (so an
 * import of its folder skips it). */
int source_is_companion(const char *path, errinfo *e);

/*
 * What a file found in a folder is: 1 a list, its format in *fmt (pass it
 * to source_load_file); 0 a companion file or no list (passed over); -1
 * unreadable (e says why). Reads the file once.
 */
int source_probe(const char *path, const source_format **fmt, errinfo *e);

#endif
