/*
 * testutil.c - see testutil.h: the real-data folder, temporary files, and
 * the loading, lookup and detection helpers of the list-parser tests.
 */
#define _GNU_SOURCE
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

static void test_quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

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

unsigned char *test_read_data(const char *rel, size_t *len)
{
	const char *path = test_data(rel);
	if (!path)
		return NULL;
	unsigned char *data = test_read_file(path, len);
	if (!data)
		fail_msg("cannot read %s", path);
	return data;
}

/* ---- loading list files ------------------------------------------------ */

void test_load(test_loaded *l, const char *path, const source_format *fmt)
{
	entity_set_init(&l->set);
	err_clear(&l->err);
	l->st = source_load_file(path, fmt, &l->set, &l->res, &l->err);
}

int test_load_real(test_loaded *l, const char *rel, const source_format *fmt)
{
	const char *path = test_data(rel);
	if (!path)
		return 0;
	test_load(l, path, NULL);
	if (l->st != LICIT_OK)
		fail_msg("%s: %s", rel, l->err.msg);
	assert_non_null(l->res.format);
	if (fmt && l->res.format != fmt)
		fail_msg("%s: read as %s, expected %s", rel,
			 l->res.format->name, fmt->name);
	return 1;
}

test_loaded *test_load_new(const char *rel, const source_format *fmt)
{
	test_loaded *l = calloc(1, sizeof(*l));
	assert_non_null(l);
	if (!test_load_real(l, rel, fmt)) {
		free(l);
		return NULL;
	}
	return l;
}

void test_unload(test_loaded *l)
{
	entity_set_release(&l->set);
	free(l);
}

const test_loaded *test_load_cached(test_loaded *cache, const char *rel,
				    const source_format *fmt)
{
	if (cache->res.format)
		return cache;
	return test_load_real(cache, rel, fmt) ? cache : NULL;
}

void test_cache_release(test_loaded *cache)
{
	if (cache->res.format)
		entity_set_release(&cache->set);
	memset(cache, 0, sizeof(*cache));
}

void test_expect_load_error(const char *path, const source_format *fmt,
			    const char *where, const char *what)
{
	test_loaded l;
	test_load(&l, path, fmt);
	assert_int_equal(l.st, LICIT_EPARSE);
	if (!strstr(l.err.msg, where) || !strstr(l.err.msg, what) ||
	    strncmp(l.err.msg, path, strlen(path)))
		fail_msg("unexpected message: %s", l.err.msg);
	assert_int_equal(l.set.n, 0);
	entity_set_release(&l.set);
}

/* ---- parsing bytes ------------------------------------------------------ */

static licit_status no_companion(parse_ctx *ctx, const char *name,
				 const unsigned char **data, size_t *len,
				 const char **path_out)
{
	(void)ctx;
	(void)name;
	(void)data;
	(void)len;
	(void)path_out;
	return LICIT_ENOTFOUND;
}

licit_status test_parse_mem(const source_format *fmt, const char *path,
			    const void *data, size_t len, entity_set *set,
			    parse_ctx *ctx, errinfo *err)
{
	entity_set_init(set);
	err_clear(err);
	memset(ctx, 0, sizeof(*ctx));
	ctx->path = path;
	ctx->data = data;
	ctx->len = len;
	ctx->set = set;
	ctx->err = err;
	ctx->open_companion = no_companion;
	return fmt->parse(ctx);
}

void test_expect_eparse(const source_format *fmt, const char *path,
			const void *data, size_t len, const char *needle)
{
	entity_set set;
	parse_ctx ctx;
	errinfo err;
	char place[512];
	licit_status st =
	    test_parse_mem(fmt, path, data, len, &set, &ctx, &err);
	entity_set_release(&set);
	snprintf(place, sizeof(place), "%s:", path);
	if (st != LICIT_EPARSE)
		fail_msg("expected EPARSE, got %d (%s)", st, err.msg);
	if (!strstr(err.msg, place))
		fail_msg("no file and place in \"%s\"", err.msg);
	if (!strstr(err.msg, needle))
		fail_msg("\"%s\" not in \"%s\"", needle, err.msg);
}

/* ---- looking into entities --------------------------------------------- */

const entity *test_find(const entity_set *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->items[i]->id, id))
			return s->items[i];
	return NULL;
}

const entity *test_get(const entity_set *s, const char *id)
{
	const entity *e = test_find(s, id);
	if (!e)
		fail_msg("no entity '%s'", id);
	return e;
}

const ent_name *test_find_name(const entity *e, const char *full)
{
	for (uint32_t i = 0; i < e->n_names; i++)
		if (!strcmp(e->names[i].full, full))
			return &e->names[i];
	return NULL;
}

const ent_name *test_name(const entity *e, const char *full)
{
	const ent_name *n = test_find_name(e, full);
	if (!n)
		fail_msg("%s has no name '%s'", e->id, full);
	return n;
}

int test_has_name(const entity *e, const char *full, int kind)
{
	const ent_name *n = test_find_name(e, full);
	return n && n->kind == kind;
}

const ent_ident *test_find_ident(const entity *e, const char *type,
				 const char *value)
{
	for (uint32_t i = 0; i < e->n_idents; i++)
		if ((!type || !strcmp(e->idents[i].type, type)) &&
		    !strcmp(e->idents[i].value, value))
			return &e->idents[i];
	return NULL;
}

const ent_ident *test_ident(const entity *e, const char *type,
			    const char *value)
{
	const ent_ident *id = test_find_ident(e, type, value);
	if (!id)
		fail_msg("%s has no %s '%s'", e->id, type ? type : "identifier",
			 value);
	return id;
}

int test_has_country(const entity *e, int role, const char *code)
{
	for (uint32_t i = 0; i < e->n_countries; i++)
		if ((role < 0 || e->countries[i].role == role) &&
		    !strcmp(e->countries[i].code, code))
			return 1;
	return 0;
}

int test_has_country_raw(const entity *e, const char *code, const char *raw)
{
	for (uint32_t i = 0; i < e->n_countries; i++)
		if (!strcmp(e->countries[i].code, code) &&
		    !strcmp(e->countries[i].raw, raw))
			return 1;
	return 0;
}

int test_has_str(const char *const *arr, uint32_t n, const char *s)
{
	for (uint32_t i = 0; i < n; i++)
		if (!strcmp(arr[i], s))
			return 1;
	return 0;
}

int test_has_program(const entity *e, const char *program)
{
	return test_has_str(e->programs, e->n_programs, program);
}

int test_has_list(const entity *e, const char *list)
{
	return test_has_str(e->lists, e->n_lists, list);
}

const char *test_attr_nth(const entity *e, const char *key, size_t nth)
{
	for (uint32_t i = 0; i < e->n_attrs; i++)
		if (!strcmp(e->attrs[i].key, key) && nth-- == 0)
			return e->attrs[i].value;
	return NULL;
}

const char *test_attr(const entity *e, const char *key)
{
	return test_attr_nth(e, key, 0);
}

size_t test_count_attr(const entity *e, const char *key)
{
	size_t n = 0;
	for (uint32_t i = 0; i < e->n_attrs; i++)
		n += !strcmp(e->attrs[i].key, key);
	return n;
}

int test_has_attr(const entity *e, const char *key, const char *value)
{
	for (uint32_t i = 0; i < e->n_attrs; i++)
		if (!strcmp(e->attrs[i].key, key) &&
		    !strcmp(e->attrs[i].value, value))
			return 1;
	return 0;
}

const ent_date *test_date_of(const entity *e, int role)
{
	for (uint32_t i = 0; i < e->n_dates; i++)
		if (e->dates[i].role == role)
			return &e->dates[i];
	return NULL;
}

void test_assert_pdate(pdate d, const char *want)
{
	char s[11];
	pdate_format(d, s);
	assert_string_equal(s, want);
}

void test_assert_date_at(const entity *e, uint32_t i, int role,
			 const char *from, const char *until)
{
	assert_true(i < e->n_dates);
	assert_int_equal(e->dates[i].role, role);
	test_assert_pdate(e->dates[i].date, from);
	test_assert_pdate(e->dates[i].until, until);
}

/* ---- temporary files ---------------------------------------------------- */

static char tmp_dir[256];

const char *test_tmp_path(const char *name)
{
	static char path[512];
	if (!tmp_dir[0])
		snprintf(tmp_dir, sizeof(tmp_dir), "%s", test_tmpdir());
	const char *slash = strchr(name, '/');
	if (slash) {
		snprintf(path, sizeof(path), "%s/%.*s", tmp_dir,
			 (int)(slash - name), name);
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			fail_msg("mkdir %s failed", path);
	}
	snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
	return path;
}

const char *test_write_tmp(const char *name, const void *data, size_t n)
{
	const char *path = test_tmp_path(name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	fclose(f);
	return path;
}

void test_tmp_cleanup(void)
{
	if (tmp_dir[0])
		test_rmtree(tmp_dir);
	tmp_dir[0] = '\0';
}

/* ---- detection ---------------------------------------------------------- */

int test_detect_none(const source_format *fmt, const char *const *rels,
		     size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = test_data(rels[i]);
		if (!p)
			return 0;
		size_t len;
		unsigned char *d = test_read_file(p, &len);
		if (!d)
			fail_msg("cannot read %s", p);
		int score = fmt->detect(p, d, len);
		free(d);
		if (score)
			fail_msg("%s claims %s (%d)", fmt->name, rels[i],
				 score);
	}
	return 1;
}

static void detect_tree(const source_format *fmt, const char *dir,
			const char *mine, int *n_mine, int *n_others)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		struct stat sb;
		if (stat(path, &sb) < 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			detect_tree(fmt, path, mine, n_mine, n_others);
			continue;
		}
		size_t len;
		unsigned char *data = test_read_file(path, &len);
		assert_non_null(data);
		int score = fmt->detect(path, data, len);
		free(data);
		if (strstr(path, mine)) {
			if (score < 50)
				fail_msg("%s gives %s only %d", fmt->name, path,
					 score);
			(*n_mine)++;
		} else {
			if (score)
				fail_msg("%s claims %s", fmt->name, path);
			(*n_others)++;
		}
	}
	closedir(d);
}

int test_detect_all(const source_format *fmt, const char *mine, int *n_mine,
		    int *n_others)
{
	const char *lists = test_data("lists");
	if (!lists)
		return 0;
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", lists);
	*n_mine = *n_others = 0;
	detect_tree(fmt, dir, mine, n_mine, n_others);
	return 1;
}

/* ---- stores ------------------------------------------------------------- */

static int pg_admin(const char *sql)
{
	const char *url = getenv("LICIT_TEST_PG");
	PGconn *c = PQconnectdb(url);
	int ok = PQstatus(c) == CONNECTION_OK;
	if (ok) {
		PQsetNoticeProcessor(c, test_quiet_notice, NULL);
		PGresult *r = PQexec(c, sql);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
		     PQresultStatus(r) == PGRES_TUPLES_OK;
		if (!ok)
			fprintf(stderr, "test_store: %s: %s", sql,
				PQresultErrorMessage(r));
		PQclear(r);
	} else {
		fprintf(stderr, "test_store: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return ok ? 0 : -1;
}

void test_store_new(test_store *t, const char *backend)
{
	static unsigned counter;
	memset(t, 0, sizeof(*t));
	t->backend = backend;
	const char *pg = getenv("LICIT_TEST_PG");
	if (!strcmp(backend, "postgres") && !(pg && *pg)) {
		const char *ci = getenv("CI");
		if (ci && !strcmp(ci, "true"))
			fail_msg("LICIT_TEST_PG is not set (CI=true: every "
				 "store test runs on PostgreSQL too)");
		fprintf(stderr, "test_store: LICIT_TEST_PG not set: "
				"PostgreSQL case skipped\n");
		skip();
		return;
	}
	snprintf(t->dir, sizeof(t->dir), "%s", test_tmpdir());
	if (!strcmp(backend, "sqlite")) {
		snprintf(t->url, sizeof(t->url), "sqlite:%s/licit.db", t->dir);
		return;
	}
	snprintf(t->schema, sizeof(t->schema), "licit_test_%ld_%u",
		 (long)getpid(), counter++);
	char sql[256];
	snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; "
		 "CREATE SCHEMA %s", t->schema, t->schema);
	if (pg_admin(sql) < 0)
		fail_msg("cannot make schema %s in LICIT_TEST_PG", t->schema);
	snprintf(t->url, sizeof(t->url), "%s%coptions=-csearch_path%%3D%s", pg,
		 strchr(pg, '?') ? '&' : '?', t->schema);
}

void test_store_free(test_store *t)
{
	if (t->schema[0]) {
		char sql[128];
		snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE",
			 t->schema);
		(void)pg_admin(sql);
	}
	if (t->dir[0])
		test_rmtree(t->dir);
	memset(t, 0, sizeof(*t));
}

void test_store_sql(const test_store *t, const char *sql)
{
	if (!strcmp(t->backend, "sqlite")) {
		sqlite3 *db;
		char *msg = NULL;
		assert_int_equal(sqlite3_open(t->url + 7, &db), SQLITE_OK);
		int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
		if (rc != SQLITE_OK)
			fail_msg("%s: %s", sql, msg ? msg : "?");
		sqlite3_close(db);
		return;
	}
	PGconn *c = PQconnectdb(t->url);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQsetNoticeProcessor(c, test_quiet_notice, NULL);
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
		 PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
	assert_true(ok);
}
