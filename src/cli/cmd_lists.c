/*
 * cmd_lists.c - `licit lists import|show|diff|update`.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "banned.h"

static const char lists_usage[] =
	"usage: licit lists import PATH...\n"
	"       licit lists show [--json]\n"
	"       licit lists diff [--json] OLD NEW\n"
	"       licit lists update [--mirror DIR|URL] [--dest DIR]\n"
	"\n"
	"import  parse list files or folders (recursively) and make them the\n"
	"        current snapshot; on any error the previous one stays\n"
	"show    each source of the current snapshot with its counts\n"
	"diff    added, removed and changed entities between two snapshots\n"
	"        (.snap files) or two list files or folders\n"
	"update  download the official lists (or copy them from a mirror)\n"
	"        into DEST (default: <data dir>/lists)\n";

static int want_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	return 0;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "licit lists: %s\n%s", msg, lists_usage);
	return EXIT_INPUT;
}

static int lists_import(int argc, char **argv, const cli_opts *o)
{
	if (argc < 2)
		return usage_error("import needs at least one PATH");
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	licit_status st = licit_import(h, (const char *const *)argv + 1,
				       (size_t)argc - 1);
	int rc = EXIT_OK;
	if (st != LICIT_OK) {
		rc = cli_fail(st, licit_last_error(h));
	} else {
		const licit_source_info *src;
		size_t n;
		if (licit_sources(h, &src, &n) == LICIT_OK) {
			uint64_t ents = 0;
			for (size_t i = 0; i < n; i++)
				ents += src[i].entities;
			printf("snapshot %s: %zu sources, %llu entities\n",
			       licit_snapshot_id(h), n,
			       (unsigned long long)ents);
		}
	}
	licit_close(h);
	return rc;
}

static json_t *source_json(const licit_source_info *s)
{
	json_t *skips = json_array();
	for (uint64_t k = 0; k < s->skipped && s->skips; k++)
		json_array_append_new(
			skips, json_pack("{s:s,s:I,s:s}", "file",
					 s->skips[k].file, "line",
					 (json_int_t)s->skips[k].line,
					 "reason", s->skips[k].reason));
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:o}", "id",
			 s->id, "format", s->format, "path", s->path, "sha256",
			 s->sha256, "published", s->published, "records",
			 (json_int_t)s->records, "entities",
			 (json_int_t)s->entities, "names",
			 (json_int_t)s->names, "skipped",
			 (json_int_t)s->skipped, "skips", skips);
}

static void print_table(licit *h, const licit_source_info *src, size_t n)
{
	time_t t = (time_t)licit_snapshot_created(h);
	char when[32];
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
	printf("snapshot %s (built %s)\n\n", licit_snapshot_id(h), when);
	printf("%-18s %-14s %-10s %9s %9s %9s %7s  %-12s %s\n", "SOURCE",
	       "FORMAT", "PUBLISHED", "RECORDS", "ENTITIES", "NAMES",
	       "SKIPPED", "SHA256", "PATH");
	for (size_t i = 0; i < n; i++) {
		const licit_source_info *s = &src[i];
		printf("%-18s %-14s %-10s %9llu %9llu %9llu %7llu  %.12s %s\n",
		       s->id, s->format, *s->published ? s->published : "-",
		       (unsigned long long)s->records,
		       (unsigned long long)s->entities,
		       (unsigned long long)s->names,
		       (unsigned long long)s->skipped, s->sha256, s->path);
	}
	for (size_t i = 0; i < n; i++)
		for (uint64_t k = 0; k < src[i].skipped; k++)
			printf("skipped: %s:%llu: %s\n", src[i].skips[k].file,
			       (unsigned long long)src[i].skips[k].line,
			       src[i].skips[k].reason);
}

static int lists_show(int argc, char **argv, const cli_opts *o)
{
	int as_json = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			as_json = 1;
		else
			return usage_error("show takes only --json");
	}
	licit *h = cli_open(o);
	if (!h)
		return EXIT_SYSTEM;
	const licit_source_info *src;
	size_t n;
	licit_status st = licit_sources(h, &src, &n);
	if (st != LICIT_OK) {
		int rc = cli_fail(st, licit_last_error(h));
		licit_close(h);
		return rc;
	}
	if (as_json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, source_json(&src[i]));
		json_t *root = json_pack("{s:s,s:o}", "snapshot",
					 licit_snapshot_id(h), "sources", arr);
		json_dumpf(root, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
	} else {
		print_table(h, src, n);
	}
	licit_close(h);
	return EXIT_OK;
}

static const char *kind_name(licit_change_kind k)
{
	return k == LICIT_CHANGE_ADDED     ? "added"
	       : k == LICIT_CHANGE_REMOVED ? "removed"
				       : "changed";
}

static json_t *strings_json(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static void diff_print(const licit_change *c, size_t n, int as_json,
		       const char *old, const char *new_)
{
	size_t counts[4] = {0};
	for (size_t i = 0; i < n; i++)
		counts[c[i].kind & 3]++;
	if (as_json) {
		json_t *sec[4] = {NULL, json_array(), json_array(),
				  json_array()};
		for (size_t i = 0; i < n; i++) {
			json_t *x = json_pack("{s:s,s:s}", "entity_id",
					      c[i].entity_id, "name",
					      c[i].name);
			if (c[i].kind == LICIT_CHANGE_CHANGED) {
				json_object_set_new(
					x, "removed",
					strings_json(c[i].removed,
						     c[i].n_removed));
				json_object_set_new(
					x, "added",
					strings_json(c[i].added, c[i].n_added));
			}
			json_array_append_new(sec[c[i].kind & 3], x);
		}
		json_t *root = json_pack(
			"{s:s,s:s,s:{s:I,s:I,s:I},s:o,s:o,s:o}", "old", old,
			"new", new_, "summary", "added",
			(json_int_t)counts[LICIT_CHANGE_ADDED], "removed",
			(json_int_t)counts[LICIT_CHANGE_REMOVED], "changed",
			(json_int_t)counts[LICIT_CHANGE_CHANGED], "added",
			sec[1], "removed", sec[2], "changed", sec[3]);
		json_dumpf(root, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(root);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		printf("%-8s %-24s %s\n", kind_name(c[i].kind), c[i].entity_id,
		       c[i].name);
		for (size_t k = 0; k < c[i].n_removed; k++)
			printf("           - %s\n", c[i].removed[k]);
		for (size_t k = 0; k < c[i].n_added; k++)
			printf("           + %s\n", c[i].added[k]);
	}
	printf("%zu added, %zu removed, %zu changed\n",
	       counts[LICIT_CHANGE_ADDED], counts[LICIT_CHANGE_REMOVED],
	       counts[LICIT_CHANGE_CHANGED]);
}

static int lists_diff(int argc, char **argv)
{
	int as_json = 0;
	const char *paths[2];
	int np = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			as_json = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error("diff: unknown option");
		else if (np < 2)
			paths[np++] = argv[i];
		else
			return usage_error("diff takes two paths");
	}
	if (np != 2)
		return usage_error("diff needs OLD and NEW");
	licit_diff *d;
	char err[1024] = "";
	licit_status st = licit_diff_new(paths[0], paths[1], &d, err,
					 sizeof(err));
	if (st != LICIT_OK)
		return cli_fail(st, err);
	size_t n;
	const licit_change *c = licit_diff_changes(d, &n);
	diff_print(c, n, as_json, paths[0], paths[1]);
	licit_diff_free(d);
	return EXIT_OK;
}

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "%s\n", line);
}

static int lists_update(int argc, char **argv, const cli_opts *o)
{
	const char *mirror = NULL, *dest = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mirror") && i + 1 < argc)
			mirror = argv[++i];
		else if (!strcmp(argv[i], "--dest") && i + 1 < argc)
			dest = argv[++i];
		else
			return usage_error("update: unknown argument");
	}
	char path[4096];
	if (!dest) {
		licit *h = cli_open(o);
		if (!h)
			return EXIT_SYSTEM;
		snprintf(path, sizeof(path), "%s/lists", licit_data_dir(h));
		licit_close(h);
		dest = path;
	}
	char err[1024] = "";
	licit_status st = licit_update(dest, mirror, log_line, NULL, err,
				       sizeof(err));
	if (st != LICIT_OK)
		return cli_fail(st, err);
	printf("%s\n", dest);
	return EXIT_OK;
}

int cmd_lists(int argc, char **argv, const cli_opts *o)
{
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(lists_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_INPUT : EXIT_OK;
	}
	if (want_help(argc - 1, argv + 1)) {
		fputs(lists_usage, stdout);
		return EXIT_OK;
	}
	const char *sub = argv[1];
	if (!strcmp(sub, "import"))
		return lists_import(argc - 1, argv + 1, o);
	if (!strcmp(sub, "show"))
		return lists_show(argc - 1, argv + 1, o);
	if (!strcmp(sub, "diff"))
		return lists_diff(argc - 1, argv + 1);
	if (!strcmp(sub, "update"))
		return lists_update(argc - 1, argv + 1, o);
	return usage_error("unknown subcommand");
}
