/*
 * store_sqlite.c - the embedded store backend: one SQLite file.
 *
 * WAL journal (readers never block the writer) with synchronous=FULL: a
 * commit returns only once its WAL frames are on disk, so an audit entry
 * reported written survives a crash of the process or of the machine.
 * Write transactions are BEGIN IMMEDIATE: the database-wide write lock is
 * the chain lock, taken up front so two writers never both read the same
 * chain tail. A busy timeout makes a writer wait for another instead of
 * failing. Within one process, writers also queue on a mutex before
 * BEGIN IMMEDIATE: SQLite's busy handler waits by sleeping (a millisecond
 * and more at a time), which is what the threads of one server would
 * otherwise do to each other at every commit; the busy timeout remains
 * for writers in other processes. Prepared statements are kept in a
 * small cache keyed by their text, since the domain code runs the same
 * few statements many times.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/alloc.h"
#include "banned.h"

#define CACHE 24
#define BUSY_TIMEOUT_MS 60000

typedef struct sqlite_store {
	store base;
	sqlite3 *db;
	struct {
		char *sql;
		sqlite3_stmt *st;
		unsigned long used;
	} cache[CACHE];
	unsigned long tick;
	int holds_writer; /* this store holds `writer` */
} sqlite_store;

/* One writer at a time among this process's SQLite stores. */
static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;

static void writer_release(sqlite_store *s)
{
	if (s->holds_writer) {
		s->holds_writer = 0;
		pthread_mutex_unlock(&writer);
	}
}

static licit_status fail(sqlite_store *s, errinfo *e, const char *what)
{
	int code = sqlite3_errcode(s->db);
	licit_status st = code == SQLITE_NOMEM ? LICIT_ENOMEM : LICIT_ESTORE;
	return err_set(e, st, "store '%s': %s: %s", s->base.safe, what,
		       sqlite3_errmsg(s->db));
}

static licit_status sq_exec_script(store *base, const char *sql, errinfo *e)
{
	sqlite_store *s = (sqlite_store *)base;
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return LICIT_OK;
	err_set(e, LICIT_ESTORE, "store '%s': %s", s->base.safe,
		msg ? msg : sqlite3_errmsg(s->db));
	sqlite3_free(msg);
	return LICIT_ESTORE;
}

/* sql with each $N parameter (outside quotes) written ?N: SQLite numbers
 * ?N parameters by N, so binding is by index, while binding "$N" by name
 * would search the statement's parameter list once per parameter.
 * licit__malloc'd; NULL when out of memory. */
static char *numbered(const char *sql)
{
	char *out = licit__strdup(sql);
	int quoted = 0;
	for (char *p = out; p && *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		else if (!quoted && *p == '$' && p[1] >= '0' && p[1] <= '9')
			*p = '?';
	}
	return out;
}

/* The cached statement for sql, prepared on first use; NULL on error. */
static sqlite3_stmt *prepare(sqlite_store *s, const char *sql)
{
	int victim = 0;
	for (int i = 0; i < CACHE; i++) {
		if (s->cache[i].sql && !strcmp(s->cache[i].sql, sql)) {
			s->cache[i].used = ++s->tick;
			return s->cache[i].st;
		}
		if (s->cache[i].used < s->cache[victim].used)
			victim = i;
	}
	sqlite3_stmt *st;
	char *text = numbered(sql);
	int rc = text ? sqlite3_prepare_v2(s->db, text, -1, &st, NULL)
		      : SQLITE_NOMEM;
	licit__free(text);
	if (rc != SQLITE_OK)
		return NULL;
	char *copy = licit__strdup(sql);
	if (!copy) {
		sqlite3_finalize(st);
		return NULL;
	}
	sqlite3_finalize(s->cache[victim].st);
	licit__free(s->cache[victim].sql);
	s->cache[victim].sql = copy;
	s->cache[victim].st = st;
	s->cache[victim].used = ++s->tick;
	return st;
}

static int bind(sqlite3_stmt *st, const store_val *params, int n)
{
	int count = sqlite3_bind_parameter_count(st);
	for (int i = 0; i < n && i < count; i++) {
		int at = i + 1, rc;
		switch (params[i].type) {
		case SV_TEXT:
			/* not copied: the statement runs to its end and
			 * is reset before sq_query returns */
			rc = sqlite3_bind_text(st, at, params[i].s, -1,
					       SQLITE_STATIC);
			break;
		case SV_INT:
			rc = sqlite3_bind_int64(st, at, params[i].i);
			break;
		case SV_REAL:
			rc = sqlite3_bind_double(st, at, params[i].d);
			break;
		default:
			rc = sqlite3_bind_null(st, at);
		}
		if (rc != SQLITE_OK)
			return -1;
	}
	return 0;
}

#define MAX_COLS 32

static licit_status sq_query(store *base, const char *sql,
			     const store_val *params, int n, store_row_fn fn,
			     void *ctx, errinfo *e)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *st = prepare(s, sql);
	if (!st)
		return fail(s, e, "prepare");
	if (bind(st, params, n) < 0) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		return fail(s, e, "bind");
	}
	licit_status res = LICIT_OK;
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!fn)
			continue;
		int nc = sqlite3_column_count(st);
		if (nc > MAX_COLS)
			nc = MAX_COLS;
		const char *vals[MAX_COLS];
		for (int i = 0; i < nc; i++)
			vals[i] = (const char *)sqlite3_column_text(st, i);
		stop = fn(ctx, nc, vals);
	}
	if (!stop && rc != SQLITE_DONE)
		res = fail(s, e, "query");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return res;
}

static licit_status sq_begin(store *base, int lock, errinfo *e)
{
	sqlite_store *s = (sqlite_store *)base;
	if (lock && !s->holds_writer) {
		pthread_mutex_lock(&writer);
		s->holds_writer = 1;
	}
	licit_status st =
		sq_exec_script(base, lock ? "BEGIN IMMEDIATE" : "BEGIN", e);
	if (st != LICIT_OK)
		writer_release(s);
	return st;
}

static licit_status sq_commit(store *base, errinfo *e)
{
	sqlite_store *s = (sqlite_store *)base;
	licit_status st = sq_exec_script(base, "COMMIT", e);
	if (st != LICIT_OK && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	writer_release(s);
	return st;
}

static void sq_rollback(store *base)
{
	sqlite_store *s = (sqlite_store *)base;
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	writer_release(s);
}

static void sq_close(store *base)
{
	sqlite_store *s = (sqlite_store *)base;
	writer_release(s);
	for (int i = 0; i < CACHE; i++) {
		sqlite3_finalize(s->cache[i].st);
		licit__free(s->cache[i].sql);
	}
	sqlite3_close(s->db);
	licit__free(s);
}

static const store_ops sqlite_ops = {
    "sqlite",  sq_exec_script, sq_query, sq_begin,
    sq_commit, sq_rollback,    sq_close,
};

/*
 * The connection's settings. Switching a file to WAL takes an exclusive
 * lock without calling the busy handler, so processes (or threads) that
 * open a new file together can get SQLITE_BUSY at once: retry, for as long
 * as the busy timeout would have waited.
 */
static licit_status sq_setup(sqlite_store *s, errinfo *e)
{
	static const char sql[] = "PRAGMA journal_mode=WAL;"
				  "PRAGMA synchronous=FULL;"
				  "PRAGMA foreign_keys=ON";
	enum { STEP_MS = 5 };
	for (int waited = 0;; waited += STEP_MS) {
		char *msg = NULL;
		int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
		if (rc == SQLITE_OK)
			return LICIT_OK;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS) {
			err_set(e, LICIT_ESTORE, "store '%s': %s", s->base.safe,
				msg ? msg : sqlite3_errmsg(s->db));
			sqlite3_free(msg);
			return LICIT_ESTORE;
		}
		sqlite3_free(msg);
		sqlite3_sleep(STEP_MS);
	}
}

licit_status store__sqlite_open(const char *path, store **out, errinfo *e)
{
	sqlite_store *s = licit__calloc(1, sizeof(*s));
	if (!s)
		return err_set(e, LICIT_ENOMEM, "out of memory");
	s->base.ops = &sqlite_ops;
	char url[4200];
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (store__set_url(&s->base, url) < 0) {
		licit__free(s->base.url);
		licit__free(s->base.safe);
		licit__free(s);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	int rc = sqlite3_open_v2(path, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
					 SQLITE_OPEN_NOMUTEX,
				 NULL);
	licit_status st = LICIT_OK;
	if (rc != SQLITE_OK) {
		st = err_set(e, LICIT_ESTORE, "store '%s': cannot open: %s",
			     s->base.safe,
			     s->db ? sqlite3_errmsg(s->db) : "out of memory");
	} else {
		sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
		st = sq_setup(s, e);
	}
	if (st != LICIT_OK) {
		char *u = s->base.url, *safe = s->base.safe;
		sq_close(&s->base);
		licit__free(u);
		licit__free(safe);
		return st;
	}
	*out = &s->base;
	return LICIT_OK;
}
