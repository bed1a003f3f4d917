/*
 * testutil.c - see testutil.h.
 */
#define _GNU_SOURCE
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *test_data(const char *rel)
{
	static char path[4096];
	const char *root = getenv("LICIT_TEST_DATA");
	if (!root)
		root = "../shared/data";
	struct stat st;
	if (stat(root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		const char *ci = getenv("CI");
		if (ci && !strcmp(ci, "true"))
			fail_msg("real data folder '%s' is missing (CI=true: "
				 "real-data tests may not skip)", root);
		skip();
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return path;
}

const char *test_tmpdir(void)
{
	static char dir[256];
	const char *base = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/licit-test-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(dir))
		fail_msg("mkdtemp failed");
	return dir;
}

void test_rmtree(const char *dir)
{
	char cmd[512];
	if (!dir || !strstr(dir, "licit-test-"))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

unsigned char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = malloc((size_t)n + 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	if (p) {
		p[n] = 0;
		*len = (size_t)n;
	}
	return p;
}
