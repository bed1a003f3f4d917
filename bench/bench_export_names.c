/*
 * bench_export_names.c - licit's normalized names, for the pg_trgm
 * comparison in bench/pg_trgm.sh, so both engines see the same strings.
 *
 * usage: bench_export_names names DATA_DIR
 *          every name of the current snapshot as "entity_id<TAB>key", one
 *          per line, in PostgreSQL COPY text format (names whose key is
 *          empty are left out)
 *        bench_export_names queries NEGATIVES_CSV [N]
 *          the full_name column (first N rows) normalized the way licit
 *          normalizes a query of unknown schema: "SURNAME, Given" reordered,
 *          then text_normalize(); one key per line
 *
 * It reads the snapshot through the internal snapshot module (read-only)
 * and adds nothing to the library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/snapshot.h"
#include "sources/csv.h"
#include "text/normalize.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "banned.h"

/* A string in COPY text format: backslash, tab and line breaks escaped. */
static void copy_put(const char *s, FILE *out)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '\t')
			fputs("\\t", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '\r')
			fputs("\\r", out);
		else
			fputc(*s, out);
	}
}

static int export_names(const char *data_dir)
{
	char path[4096], id[80];
	snprintf(path, sizeof(path), "%s/CURRENT", data_dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "bench_export_names: cannot open '%s'\n", path);
		return 3;
	}
	int ok = fgets(id, sizeof(id), f) != NULL;
	fclose(f);
	if (!ok) {
		fprintf(stderr, "bench_export_names: '%s' is empty\n", path);
		return 3;
	}
	id[strcspn(id, "\r\n")] = '\0';
	snprintf(path, sizeof(path), "%s/snapshots/%s.snap", data_dir, id);
	snapshot s;
	errinfo e;
	if (snapshot_open(&s, path, &e) != LICIT_OK) {
		fprintf(stderr, "bench_export_names: %s\n", e.msg);
		return 3;
	}
	for (size_t i = 0; i < s.n_names; i++) {
		const char *key = snap_str(&s, s.names[i].norm);
		if (!*key)
			continue;
		const snap_entity *ent = &s.entities[s.names[i].entity];
		copy_put(snap_str(&s, ent->id), stdout);
		fputc('\t', stdout);
		copy_put(key, stdout);
		fputc('\n', stdout);
	}
	snapshot_close(&s);
	return 0;
}

/* Print the normalized form of one query name. */
static int put_query(const char *name)
{
	buf key;
	buf_init(&key, 1 << 16);
	int rc = text_name_key(name, strlen(name), LICIT_SCHEMA_UNKNOWN, &key);
	if (rc == 0)
		printf("%s\n", buf_str(&key));
	buf_release(&key);
	return rc;
}

static int export_queries(const char *csv_path, unsigned long max)
{
	file_map m;
	errinfo e;
	if (file_map_open(&m, csv_path, &e) != LICIT_OK) {
		fprintf(stderr, "bench_export_names: %s\n", e.msg);
		return 3;
	}
	csv_reader r;
	csv_init(&r, m.data, m.len, ',');
	int col = -1, rc = 0, got = 0;
	unsigned long n = 0;
	while ((!max || n < max) && (got = csv_next(&r)) == 1) {
		if (col < 0) {
			for (int i = 0; i < r.nfields && col < 0; i++)
				if (!strcmp(r.fields[i], "full_name"))
					col = i;
			if (col < 0) {
				fprintf(stderr,
					"bench_export_names: %s:1: no "
					"full_name column\n",
					csv_path);
				rc = 3;
				break;
			}
			continue;
		}
		if (col >= r.nfields || !r.fields[col][0])
			continue;
		if (put_query(r.fields[col]) < 0) {
			rc = 3;
			break;
		}
		n++;
	}
	if (rc == 0 && got < 0 && (!max || n < max)) {
		fprintf(stderr, "bench_export_names: %s:%lu: %s\n", csv_path,
			(unsigned long)r.row_line, csv_error(&r));
		rc = 3;
	}
	csv_release(&r);
	file_map_release(&m);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "names"))
		return export_names(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "queries"))
		return export_queries(
		    argv[2], argc > 3 ? strtoul(argv[3], NULL, 10) : 0);
	fprintf(stderr,
		"usage: bench_export_names names DATA_DIR\n"
		"       bench_export_names queries NEGATIVES_CSV [N]\n");
	return 2;
}
