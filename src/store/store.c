/*
 * store.c - opening a store by URL and bringing its schema up to date.
 *
 * The schema lives in data/store-migrations.sql, compiled in: a list of
 * "-- migration N: what" sections, applied in order on open. The check and
 * the migrations run in one transaction holding the chain lock, so two
 * processes opening a fresh PostgreSQL at once do not both create tables,
 * and a failed migration leaves the store at its previous version.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "banned.h"

extern const unsigned char licit_store_migrations_sql[];
extern const size_t licit_store_migrations_sql_len;

#define MARK "-- migration "

typedef struct migration {
	int version;
	const char *what; /* up to the end of the marker line */
	size_t what_len;
	const char *sql; /* up to the next marker */
	size_t sql_len;
} migration;

#define MAX_MIGRATIONS 64

/* Split the embedded file at its markers; returns the count (versions
 * must run 1, 2, 3 ... without gaps: checked by test_store). */
static int migrations(migration *out, int max)
{
	const char *p = (const char *)licit_store_migrations_sql;
	const char *end = p + licit_store_migrations_sql_len;
	int n = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		if ((size_t)(eol - p) > strlen(MARK) &&
		    !strncmp(p, MARK, strlen(MARK)) && n < max) {
			const char *v = p + strlen(MARK);
			char *colon;
			long ver = strtol(v, &colon, 10);
			out[n].version = (int)ver;
			out[n].what = *colon == ':' ? colon + 1 : colon;
			out[n].what_len = (size_t)(eol - out[n].what);
			out[n].sql = nl ? nl + 1 : end;
			if (n > 0)
				out[n - 1].sql_len =
					(size_t)(p - out[n - 1].sql);
			n++;
		}
		p = nl ? nl + 1 : end;
	}
	if (n > 0)
		out[n - 1].sql_len = (size_t)(end - out[n - 1].sql);
	return n;
}

int store_schema_latest(void)
{
	migration m[MAX_MIGRATIONS];
	int n = migrations(m, MAX_MIGRATIONS);
	return n ? m[n - 1].version : 0;
}

void store_now(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	char tmp[96]; /* roomy: the compiler cannot bound tm's fields */
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000);
	snprintf(out, 32, "%.31s", tmp);
}

/* "postgres://user:secret@host/db" -> "postgres://user:***@host/db"; a
 * password=... key in the query string is masked the same way. */
static char *mask_password(const char *url)
{
	buf b;
	buf_init(&b, 1 << 16);
	const char *scheme = strstr(url, "://");
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	const char *colon = at ? memchr(scheme + 3, ':',
					(size_t)(at - (scheme + 3)))
			       : NULL;
	if (colon) {
		buf_add(&b, url, (size_t)(colon + 1 - url));
		buf_addstr(&b, "***");
		url = at;
	}
	const char *pw = strstr(url, "password=");
	if (pw) {
		buf_add(&b, url, (size_t)(pw + 9 - url));
		buf_addstr(&b, "***");
		url = pw + 9 + strcspn(pw + 9, "&");
	}
	buf_addstr(&b, url);
	return buf_ok(&b) ? buf_detach(&b, NULL) : NULL;
}

int store__set_url(store *s, const char *url)
{
	s->url = licit__strdup(url);
	s->safe = mask_password(url);
	return s->url && s->safe ? 0 : -1;
}

licit_status store_exec(store *s, const char *sql, const store_val *params,
			int n, errinfo *e)
{
	return s->ops->query(s, sql, params, n, NULL, NULL, e);
}

licit_status store_query(store *s, const char *sql, const store_val *params,
			 int n, store_row_fn fn, void *ctx, errinfo *e)
{
	return s->ops->query(s, sql, params, n, fn, ctx, e);
}

licit_status store_begin(store *s, int lock, errinfo *e)
{
	licit_status st = s->ops->begin(s, lock, e);
	if (st == LICIT_OK)
		s->in_tx = 1;
	return st;
}

licit_status store_commit(store *s, errinfo *e)
{
	s->in_tx = 0;
	return s->ops->commit(s, e);
}

void store_rollback(store *s)
{
	if (s->in_tx)
		s->ops->rollback(s);
	s->in_tx = 0;
}

typedef struct int_result {
	int64_t *out;
	int *found;
} int_result;

static int int_row(void *ctx, int ncol, const char *const *vals)
{
	int_result *r = ctx;
	if (ncol > 0 && vals[0]) {
		*r->out = strtoll(vals[0], NULL, 10);
		*r->found = 1;
	}
	return 1;
}

licit_status store_query_int(store *s, const char *sql, const store_val *params,
			     int n, int64_t *out, int *found, errinfo *e)
{
	int dummy;
	int_result r = {out, found ? found : &dummy};
	*r.found = 0;
	return store_query(s, sql, params, n, int_row, &r, e);
}

static const char create_migrations[] =
	"CREATE TABLE IF NOT EXISTS licit_migrations ("
	"version BIGINT PRIMARY KEY, description TEXT NOT NULL, "
	"applied_at TEXT NOT NULL)";

licit_status store_schema_version(store *s, int *version, errinfo *e)
{
	int64_t v = 0;
	licit_status st = store_query_int(
		s, "SELECT MAX(version) FROM licit_migrations", NULL, 0, &v,
		NULL, e);
	*version = (int)v;
	return st;
}

static licit_status apply(store *s, const migration *m, errinfo *e)
{
	char *sql = licit__strndup(m->sql, m->sql_len);
	char *what = licit__strndup(m->what, m->what_len);
	char now[32];
	if (!sql || !what) {
		licit__free(sql);
		licit__free(what);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	store_now(now);
	licit_status st = s->ops->exec_script(s, sql, e);
	if (st == LICIT_OK) {
		const char *desc = what + strspn(what, " ");
		store_val p[] = {sv_int(m->version), sv_text(desc),
				 sv_text(now)};
		st = store_exec(s,
				"INSERT INTO licit_migrations (version, "
				"description, applied_at) VALUES ($1, $2, $3)",
				p, 3, e);
	}
	if (st != LICIT_OK)
		err_prefix(e, "store '%s': migration %d", s->safe,
			   m->version);
	licit__free(sql);
	licit__free(what);
	return st;
}

static licit_status migrate(store *s, errinfo *e)
{
	migration m[MAX_MIGRATIONS];
	int n = migrations(m, MAX_MIGRATIONS);
	licit_status st = store_begin(s, 1, e);
	if (st != LICIT_OK)
		return st;
	int have = 0;
	st = store_exec(s, create_migrations, NULL, 0, e);
	if (st == LICIT_OK)
		st = store_schema_version(s, &have, e);
	if (st == LICIT_OK && n && have > m[n - 1].version)
		st = err_set(e, LICIT_ESTORE,
			     "store '%s' has schema version %d, newer than "
			     "this licit knows (%d): upgrade licit",
			     s->safe, have, m[n - 1].version);
	for (int i = 0; st == LICIT_OK && i < n; i++)
		if (m[i].version > have)
			st = apply(s, &m[i], e);
	if (st != LICIT_OK) {
		store_rollback(s);
		return st;
	}
	return store_commit(s, e);
}

static int is_postgres(const char *url)
{
	return !strncmp(url, "postgres://", 11) ||
	       !strncmp(url, "postgresql://", 13);
}

licit_status store_open(const char *url, store **out, errinfo *e)
{
	*out = NULL;
	if (!url || !*url)
		return err_set(e, LICIT_EINVAL, "no store given");
	store *s = NULL;
	licit_status st;
	if (is_postgres(url)) {
		st = store__pg_open(url, &s, e);
	} else if (strstr(url, "://")) {
		return err_set(e, LICIT_EINVAL,
			       "store '%.200s': unknown scheme (use "
			       "postgres://... or sqlite:PATH)",
			       url);
	} else {
		const char *path = strncmp(url, "sqlite:", 7) ? url : url + 7;
		if (!*path)
			return err_set(e, LICIT_EINVAL,
				       "store '%s': no file name", url);
		st = store__sqlite_open(path, &s, e);
	}
	if (st != LICIT_OK)
		return st;
	st = migrate(s, e);
	if (st != LICIT_OK) {
		store_close(s);
		return st;
	}
	*out = s;
	return LICIT_OK;
}

void store_close(store *s)
{
	if (!s)
		return;
	store_rollback(s);
	char *url = s->url, *safe = s->safe;
	s->ops->close(s);
	licit__free(url);
	licit__free(safe);
}
