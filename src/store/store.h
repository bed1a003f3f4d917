/*
 * store.h - the record's storage: one interface, two backends.
 *
 * Everything licit keeps beyond the snapshot files (the hash-chained audit
 * log, alerts and their review, the customer and licence books) lives in
 * a relational store reached through this small interface: run SQL with
 * typed parameters, read rows as text, and run a write transaction that
 * holds the store-wide lock the audit chain needs. The domain code
 * (audit.c, alerts.c, books.c) is written once against it, in SQL that
 * SQLite and PostgreSQL both accept, over the one schema of
 * data/store-migrations.sql.
 *
 * Backends (chosen by the URL):
 *   sqlite:PATH or a plain PATH   SQLite file, WAL, synchronous=FULL
 *   postgres://... postgresql://  PostgreSQL through libpq
 *
 * Parameters are written $1, $2 ... (the SQLite backend reads them as its
 * numbered ?1, ?2 ...) and bound in that order. Results come
 * back as NUL-terminated text, NULL for SQL NULL, valid only during the row
 * callback.
 *
 * A store handle belongs to one thread at a time (one connection). The
 * chain lock serializes writers across threads and processes: SQLite's
 * BEGIN IMMEDIATE, PostgreSQL's transaction-scoped advisory lock.
 */
#ifndef LICIT_STORE_H
#define LICIT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

typedef enum store_type { SV_NULL, SV_TEXT, SV_INT, SV_REAL } store_type;

/* One bound parameter. A SV_TEXT with s == NULL binds SQL NULL. */
typedef struct store_val {
	store_type type;
	const char *s;
	int64_t i;
	double d;
} store_val;

static inline store_val sv_text(const char *s)
{
	return (store_val){s ? SV_TEXT : SV_NULL, s, 0, 0};
}
static inline store_val sv_int(int64_t i)
{
	return (store_val){SV_INT, NULL, i, 0};
}
static inline store_val sv_real(double d)
{
	return (store_val){SV_REAL, NULL, 0, d};
}

/* A row: ncol values (NULL for SQL NULL). Return non-zero to stop. */
typedef int (*store_row_fn)(void *ctx, int ncol, const char *const *vals);

typedef struct store store;

typedef struct store_ops {
	const char *name; /* "sqlite" or "postgres" */
	/* Run several statements without parameters (migrations). */
	licit_status (*exec_script)(store *s, const char *sql, errinfo *e);
	/* Run one statement; rows, if any, go to fn (which may be NULL). */
	licit_status (*query)(store *s, const char *sql, const store_val *params,
			      int n, store_row_fn fn, void *ctx, errinfo *e);
	/* Start a transaction; with `lock`, one that holds the chain lock
	 * (one writer at a time across every process) until commit or
	 * rollback. */
	licit_status (*begin)(store *s, int lock, errinfo *e);
	licit_status (*commit)(store *s, errinfo *e);
	void (*rollback)(store *s);
	void (*close)(store *s);
} store_ops;

struct store {
	const store_ops *ops;
	char *url;  /* as given, licit__malloc'd */
	char *safe; /* the url with any password masked, for messages */
	int in_tx;
};

/*
 * Open the store at `url` (see above) and bring its schema up to date
 * (every migration not yet applied, in order, in one locked transaction).
 * A schema newer than this licit knows is refused. *out is freed with
 * store_close. Errors name the store (password masked) and say why.
 */
licit_status store_open(const char *url, store **out, errinfo *e);
void store_close(store *s);

/* The schema version a store is at, and the newest this licit knows. */
licit_status store_schema_version(store *s, int *version, errinfo *e);
int store_schema_latest(void);

/* Shorthands over s->ops. */
licit_status store_exec(store *s, const char *sql, const store_val *params,
			int n, errinfo *e);
licit_status store_query(store *s, const char *sql, const store_val *params,
			 int n, store_row_fn fn, void *ctx, errinfo *e);
licit_status store_begin(store *s, int lock, errinfo *e);
licit_status store_commit(store *s, errinfo *e);
void store_rollback(store *s);

/* A single int64 from the first column of the first row (*out untouched
 * when there is no row or it is NULL; *found says which). */
licit_status store_query_int(store *s, const char *sql, const store_val *params,
			     int n, int64_t *out, int *found, errinfo *e);

/* Backends (store_sqlite.c, store_pg.c): connect only, no migrations. */
licit_status store__sqlite_open(const char *path, store **out, errinfo *e);
licit_status store__pg_open(const char *url, store **out, errinfo *e);

/* Set s->url and s->safe from url; -1 when out of memory. */
int store__set_url(store *s, const char *url);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SS.ffffffZ" into out[32]. */
void store_now(char out[32]);

#endif
