/*
 * test_update.c - licit_update over folder mirrors built in a temp folder:
 * which mirror folder a set is taken from (the source folder itself, else
 * the newest dated subfolder holding the whole set, else the newest with
 * the main file), SHA256SUMS, "unchanged" on a second run, no temp files
 * left behind, and the errors (misuse, bad mirror, empty mirror, a dest
 * that cannot be written). HTTP mirrors are covered by
 * tests/integration/test_update.sh.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "licit.h"
#include "testutil.h"
#include "util/sha256.h"

typedef struct log_lines {
	char text[8192];
	int n;
} log_lines;

static void collect(void *ctx, const char *line)
{
	log_lines *l = ctx;
	size_t len = strlen(l->text);
	snprintf(l->text + len, sizeof(l->text) - len, "%s\n", line);
	l->n++;
}

static int has_line(const log_lines *l, const char *line)
{
	char want[512];
	snprintf(want, sizeof(want), "%s\n", line);
	const char *p = l->text;
	while ((p = strstr(p, want))) {
		if (p == l->text || p[-1] == '\n')
			return 1;
		p++;
	}
	return 0;
}

static int has_prefix_line(const log_lines *l, const char *prefix)
{
	char want[512];
	snprintf(want, sizeof(want), "\n%s", prefix);
	return !strncmp(l->text, prefix, strlen(prefix)) ||
	       strstr(l->text, want) != NULL;
}

static void put(const char *root, const char *rel, const char *content)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(path, 0700);
		*s = '/';
	}
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static void assert_file(const char *root, const char *rel, const char *want)
{
	char path[1024];
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	unsigned char *got = test_read_file(path, &len);
	if (!got)
		fail_msg("'%s' missing", path);
	assert_string_equal((const char *)got, want);
	free(got);
}

static int exists(const char *root, const char *rel)
{
	char path[1024];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return stat(path, &st) == 0;
}

static void sum_line(const char *content, const char *file, char *out,
		     size_t len)
{
	uint8_t d[32];
	char hex[65];
	assert_int_equal(sha256(content, strlen(content), d), 0);
	sha256_hex(d, hex);
	snprintf(out, len, "%s  %s\n", hex, file);
}

/* No ".<file>.tmp.<pid>" left in any folder of dest. */
static void assert_no_temp(const char *dest)
{
	DIR *d = opendir(dest);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' &&
		    (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")))
			continue;
		if (strstr(de->d_name, ".tmp."))
			fail_msg("temp file '%s' left in '%s'", de->d_name,
				 dest);
		char sub[1024];
		struct stat st;
		snprintf(sub, sizeof(sub), "%s/%s", dest, de->d_name);
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			assert_no_temp(sub);
	}
	closedir(d);
}

static const char *const sdn_set[] = {"sdn.csv", "add.csv", "alt.csv",
				      "sdn_comments.csv"};

static void make_mirror(const char *m)
{
	char rel[256];
	/* the source folder itself beats a dated subfolder */
	put(m, "us-bis-dpl/dpl.txt", "dpl root\n");
	put(m, "us-bis-dpl/2030-01-01/dpl.txt", "dpl dated\n");
	/* the newest dated folder has only sdn.csv: the whole set wins */
	put(m, "us-ofac-sdn/2024-05-03/sdn.csv", "sdn alone\n");
	for (int i = 0; i < 4; i++) {
		snprintf(rel, sizeof(rel), "us-ofac-sdn/2023-12-28/%s",
			 sdn_set[i]);
		put(m, rel, sdn_set[i]);
		snprintf(rel, sizeof(rel), "us-ofac-sdn/2021-07/%s",
			 sdn_set[i]);
		put(m, rel, "older");
	}
	/* the enhanced XML beside the CSV set, in the cons folder */
	put(m, "us-ofac-cons/2025-01-10/CONS_ENHANCED.ZIP", "zip\n");
	/* no folder has the whole cons set: the newest with the main file */
	put(m, "us-ofac-cons/2025-12-19/cons_prim.csv", "prim new\n");
	put(m, "us-ofac-cons/2025-12-19/cons_alt.csv", "alt new\n");
	put(m, "us-ofac-cons/2025-06-01/cons_alt.csv", "alt only\n");
	/* YYYY-MM sorts after YYYY; names that are not dates are ignored */
	put(m, "un-sc/2020/consolidated.xml", "un 2020\n");
	put(m, "un-sc/2020-05/consolidated.xml", "un 2020-05\n");
	put(m, "un-sc/latest/consolidated.xml", "un latest\n");
	/* the folder is there, the file is not */
	put(m, "uk-ofsi/2025-04-10/UK_Sanctions_List.xlsx", "xlsx\n");
}

static void test_folder_mirror(void **state)
{
	(void)state;
	const char *t = test_tmpdir();
	char root[512], m[600], dest[600], err[1024] = "x";
	snprintf(root, sizeof(root), "%s", t);
	snprintf(m, sizeof(m), "%s/mirror", root);
	snprintf(dest, sizeof(dest), "%s/dest", root);
	make_mirror(m);

	log_lines l = {0};
	assert_int_equal(licit_update(dest, m, collect, &l, err, sizeof(err)),
			 LICIT_OK);
	assert_string_equal(err, "");
	assert_file(dest, "us-bis-dpl/dpl.txt", "dpl root\n");
	for (int i = 0; i < 4; i++) {
		char rel[256];
		snprintf(rel, sizeof(rel), "us-ofac-sdn/%s", sdn_set[i]);
		assert_file(dest, rel, sdn_set[i]);
	}
	assert_file(dest, "us-ofac-enhanced/CONS_ENHANCED.ZIP", "zip\n");
	assert_false(exists(dest, "us-ofac-cons/CONS_ENHANCED.ZIP"));
	assert_file(dest, "us-ofac-cons/cons_prim.csv", "prim new\n");
	assert_file(dest, "us-ofac-cons/cons_alt.csv", "alt new\n");
	assert_false(exists(dest, "us-ofac-cons/cons_add.csv"));
	assert_file(dest, "un-sc/consolidated.xml", "un 2020-05\n");
	assert_false(exists(dest, "uk-ofsi"));
	assert_false(exists(dest, "us-csl"));

	/* SHA256SUMS: sha256sum's format, the set's files in table order */
	char want[1024], line[200];
	want[0] = '\0';
	for (int i = 0; i < 4; i++) {
		sum_line(sdn_set[i], sdn_set[i], line, sizeof(line));
		strncat(want, line, sizeof(want) - strlen(want) - 1);
	}
	assert_file(dest, "us-ofac-sdn/SHA256SUMS", want);
	sum_line("prim new\n", "cons_prim.csv", want, sizeof(want));
	sum_line("alt new\n", "cons_alt.csv", line, sizeof(line));
	strncat(want, line, sizeof(want) - strlen(want) - 1);
	assert_file(dest, "us-ofac-cons/SHA256SUMS", want);

	/* one log line per file */
	assert_true(has_prefix_line(&l, "us-bis-dpl/dpl.txt: copied 9 bytes "
					"sha256 "));
	assert_true(has_prefix_line(&l, "us-ofac-sdn/sdn.csv: copied 7 bytes"));
	assert_true(strstr(l.text, "/us-ofac-sdn/2023-12-28/sdn.csv\n"));
	assert_true(has_line(&l, "us-ofac-cons/cons_add.csv: missing from "
				 "mirror"));
	assert_true(has_line(&l, "uk-ofsi/ConList.csv: missing from mirror"));
	assert_true(has_line(&l, "us-csl/consolidated.csv: missing from "
				 "mirror"));
	assert_true(has_line(&l, "eu-fsf/eu-fsf.xml: missing from mirror"));
	assert_int_equal(l.n, 14); /* one per file of the 8 sources */
	assert_no_temp(dest);

	/* again: nothing changed */
	memset(&l, 0, sizeof(l));
	assert_int_equal(licit_update(dest, m, collect, &l, err, sizeof(err)),
			 LICIT_OK);
	assert_true(has_line(&l, "us-bis-dpl/dpl.txt: unchanged"));
	assert_true(has_line(&l, "us-ofac-sdn/sdn_comments.csv: unchanged"));
	assert_true(has_line(&l, "us-ofac-enhanced/CONS_ENHANCED.ZIP: "
				 "unchanged"));
	assert_null(strstr(l.text, "copied"));

	/* a new publication in the mirror replaces the file */
	put(m, "us-bis-dpl/dpl.txt", "dpl changed\n");
	memset(&l, 0, sizeof(l));
	assert_int_equal(licit_update(dest, m, NULL, NULL, err, sizeof(err)),
			 LICIT_OK);
	assert_file(dest, "us-bis-dpl/dpl.txt", "dpl changed\n");
	sum_line("dpl changed\n", "dpl.txt", want, sizeof(want));
	assert_file(dest, "us-bis-dpl/SHA256SUMS", want);

	/* a newer partial set: our cons_alt.csv is older than it, so it goes */
	put(m, "us-ofac-cons/2026-01-01/cons_prim.csv", "prim newer\n");
	memset(&l, 0, sizeof(l));
	assert_int_equal(licit_update(dest, m, collect, &l, err, sizeof(err)),
			 LICIT_OK);
	assert_file(dest, "us-ofac-cons/cons_prim.csv", "prim newer\n");
	assert_false(exists(dest, "us-ofac-cons/cons_alt.csv"));
	assert_true(has_line(&l, "us-ofac-cons/cons_alt.csv: missing from "
				 "mirror (the older copy was removed)"));
	sum_line("prim newer\n", "cons_prim.csv", want, sizeof(want));
	assert_file(dest, "us-ofac-cons/SHA256SUMS", want);
	assert_no_temp(dest);
	test_rmtree(root);
}

static void test_errors(void **state)
{
	(void)state;
	const char *t = test_tmpdir();
	char root[512], m[600], dest[600], err[1024];
	snprintf(root, sizeof(root), "%s", t);
	snprintf(m, sizeof(m), "%s/empty", root);
	snprintf(dest, sizeof(dest), "%s/dest", root);
	mkdir(m, 0700);

	assert_int_equal(licit_update(NULL, m, NULL, NULL, err, sizeof(err)),
			 LICIT_EMISUSE);

	assert_int_equal(licit_update(dest, "/nonexistent/mirror", NULL, NULL,
				      err, sizeof(err)),
			 LICIT_EINVAL);
	assert_non_null(strstr(err, "'/nonexistent/mirror'"));
	assert_int_equal(licit_update(dest, "ftp://example.org/lists", NULL,
				      NULL, err, sizeof(err)),
			 LICIT_EINVAL);
	assert_non_null(strstr(err, "ftp://example.org/lists"));

	/* a mirror with nothing in it */
	assert_int_equal(licit_update(dest, m, NULL, NULL, err, sizeof(err)),
			 LICIT_ENOTFOUND);
	assert_non_null(strstr(err, m));

	/* dest cannot be created: a file is in the way */
	char blocked[700];
	put(root, "mirror/un-sc/consolidated.xml", "un\n");
	snprintf(m, sizeof(m), "%s/mirror", root);
	put(root, "file", "x");
	snprintf(blocked, sizeof(blocked), "%s/file/dest", root);
	assert_int_equal(licit_update(blocked, m, NULL, NULL, err, sizeof(err)),
			 LICIT_EIO);
	assert_non_null(strstr(err, "/file"));

	/* a subfolder of dest cannot be created */
	put(root, "dest2/un-sc", "in the way");
	snprintf(dest, sizeof(dest), "%s/dest2", root);
	assert_int_equal(licit_update(dest, m, NULL, NULL, err, sizeof(err)),
			 LICIT_EIO);
	assert_non_null(strstr(err, "un-sc"));
	test_rmtree(root);
}

/* The real mirror layout: the SDN set from 2023-12-28, not 2024-05-03. */
static void test_real_mirror(void **state)
{
	(void)state;
	const char *lists = test_data("lists");
	if (!lists)
		return;
	char src[1024], dest[600], err[1024];
	snprintf(src, sizeof(src), "%s", lists);
	const char *t = test_tmpdir();
	snprintf(dest, sizeof(dest), "%s/dest", t);
	log_lines l = {0};
	assert_int_equal(licit_update(dest, src, collect, &l, err, sizeof(err)),
			 LICIT_OK);
	assert_true(has_prefix_line(&l, "us-ofac-sdn/sdn.csv: copied 3477010 "
					"bytes sha256 d768d28ee9e3 from "));
	assert_true(has_prefix_line(&l, "us-ofac-enhanced/CONS_ENHANCED.ZIP: "
					"copied 207200 bytes"));
	assert_true(has_prefix_line(&l, "us-bis-dpl/dpl.txt: copied 170618 "
					"bytes"));
	char a[1200], b[1200];
	size_t na, nb;
	snprintf(a, sizeof(a), "%s/us-ofac-sdn/2023-12-28/add.csv", src);
	snprintf(b, sizeof(b), "%s/us-ofac-sdn/add.csv", dest);
	unsigned char *da = test_read_file(a, &na),
		      *db = test_read_file(b, &nb);
	assert_non_null(da);
	assert_non_null(db);
	assert_int_equal(na, nb);
	assert_memory_equal(da, db, na);
	free(da);
	free(db);
	test_rmtree(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_folder_mirror),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_real_mirror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
