/*
 * store_pg.c - the shared store backend: PostgreSQL through libpq.
 *
 * Many licit processes on many machines point at one database. The chain
 * lock is a transaction-scoped advisory lock (pg_advisory_xact_lock) taken
 * first thing in a write transaction: it is released by COMMIT or ROLLBACK,
 * and also when a killed client's connection drops, so a dead writer never
 * holds the chain. Under READ COMMITTED every statement after the lock sees
 * what the previous holder committed, so the chain's tail read next is the
 * true tail. That transaction asks for READ COMMITTED itself: under a
 * database or role default of REPEATABLE READ or SERIALIZABLE the snapshot
 * would be taken by the lock statement, before it waits, and the tail read
 * after it would miss what the previous holder appended (two processes
 * then give the same seq: one fails on the primary key). Parameters go as
 * text (libpq infers their types from the statement); server notices are
 * silenced.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/alloc.h"
#include "banned.h"

/* The advisory lock key: "licit" in ASCII. Every licit writer uses it. */
#define CHAIN_LOCK "SELECT pg_advisory_xact_lock(435626526068)"

typedef struct pg_store {
	store base;
	PGconn *conn;
} pg_store;

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* libpq's message, first line only. */
static licit_status fail(pg_store *s, errinfo *e, const char *what,
			 const char *msg)
{
	if (!msg || !*msg)
		msg = PQerrorMessage(s->conn);
	int len = (int)strcspn(msg, "\n");
	return err_set(e, LICIT_ESTORE, "store '%s': %s: %.*s", s->base.safe,
		       what, len, msg);
}

static licit_status check(pg_store *s, PGresult *r, errinfo *e,
			  const char *what)
{
	ExecStatusType t = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK)
		return LICIT_OK;
	licit_status st =
		fail(s, e, what, r ? PQresultErrorMessage(r) : NULL);
	return st;
}

static licit_status pg_exec_script(store *base, const char *sql, errinfo *e)
{
	pg_store *s = (pg_store *)base;
	PGresult *r = PQexec(s->conn, sql);
	licit_status st = check(s, r, e, "statement");
	PQclear(r);
	return st;
}

#define MAX_PARAMS 4096

static licit_status pg_query(store *base, const char *sql,
			     const store_val *params, int n, store_row_fn fn,
			     void *ctx, errinfo *e)
{
	pg_store *s = (pg_store *)base;
	if (n > MAX_PARAMS)
		return err_set(e, LICIT_ELIMIT, "store: %d parameters", n);
	const char **vals = n ? licit__calloc((size_t)n, sizeof(*vals)) : NULL;
	char *nums = n ? licit__malloc((size_t)n * 32) : NULL;
	if (n && (!vals || !nums)) {
		licit__free(vals);
		licit__free(nums);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	for (int i = 0; i < n; i++) {
		char *num = nums + (size_t)i * 32;
		switch (params[i].type) {
		case SV_TEXT:
			vals[i] = params[i].s;
			break;
		case SV_INT:
			snprintf(num, 32, "%lld", (long long)params[i].i);
			vals[i] = num;
			break;
		case SV_REAL:
			snprintf(num, 32, "%.17g", params[i].d);
			vals[i] = num;
			break;
		default:
			vals[i] = NULL;
		}
	}
	PGresult *r = PQexecParams(s->conn, sql, n, NULL, vals, NULL, NULL, 0);
	licit__free(vals);
	licit__free(nums);
	licit_status st = check(s, r, e, "query");
	if (st == LICIT_OK && fn && PQresultStatus(r) == PGRES_TUPLES_OK) {
		int rows = PQntuples(r), nc = PQnfields(r);
		const char *row[32];
		if (nc > 32)
			nc = 32;
		for (int i = 0; i < rows; i++) {
			for (int c = 0; c < nc; c++)
				row[c] = PQgetisnull(r, i, c)
						 ? NULL
						 : PQgetvalue(r, i, c);
			if (fn(ctx, nc, row))
				break;
		}
	}
	PQclear(r);
	return st;
}

static licit_status pg_begin(store *base, int lock, errinfo *e)
{
	/* the isolation level is part of the lock: see the top of the file */
	licit_status st = pg_exec_script(
	    base, lock ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN", e);
	if (st == LICIT_OK && lock) {
		st = pg_exec_script(base, CHAIN_LOCK, e);
		if (st != LICIT_OK)
			pg_exec_script(base, "ROLLBACK", &(errinfo){0});
	}
	return st;
}

static licit_status pg_commit(store *base, errinfo *e)
{
	return pg_exec_script(base, "COMMIT", e);
}

static void pg_rollback(store *base)
{
	errinfo ignore;
	pg_exec_script(base, "ROLLBACK", &ignore);
}

static void pg_close(store *base)
{
	pg_store *s = (pg_store *)base;
	PQfinish(s->conn);
	licit__free(s);
}

static const store_ops pg_ops = {
	"postgres", pg_exec_script, pg_query,   pg_begin,
	pg_commit,  pg_rollback,    pg_close,
};

licit_status store__pg_open(const char *url, store **out, errinfo *e)
{
	pg_store *s = licit__calloc(1, sizeof(*s));
	if (!s || store__set_url(&s->base, url) < 0) {
		if (s) {
			licit__free(s->base.url);
			licit__free(s->base.safe);
		}
		licit__free(s);
		return err_set(e, LICIT_ENOMEM, "out of memory");
	}
	s->base.ops = &pg_ops;
	s->conn = PQconnectdb(url);
	licit_status st = LICIT_OK;
	if (!s->conn) {
		st = err_set(e, LICIT_ENOMEM, "out of memory");
	} else if (PQstatus(s->conn) != CONNECTION_OK) {
		st = fail(s, e, "cannot connect", NULL);
	} else {
		PQsetNoticeProcessor(s->conn, quiet, NULL);
		if (PQsetClientEncoding(s->conn, "UTF8") != 0)
			st = fail(s, e, "client encoding", NULL);
	}
	if (st != LICIT_OK) {
		char *u = s->base.url, *safe = s->base.safe;
		pg_close(&s->base);
		licit__free(u);
		licit__free(safe);
		return st;
	}
	*out = &s->base;
	return LICIT_OK;
}
