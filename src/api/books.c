/*
 * books.c - the public API of the books: importing a party or licence
 * file into the store (parse and validate in store/books.c, then one
 * transaction with its audit entry), the report of what was rejected, and
 * reading the stored rows back for re-screening and change impact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/internal.h"
#include "store/books.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/fileio.h"
#include "util/sha256.h"
#include "banned.h"

/* The report in one allocation: the struct, the rejects, their reasons. */
static licit_book_report *make_report(const book *b)
{
	size_t text = 0;
	for (size_t i = 0; i < b->n_rejects; i++)
		text += strlen(b->rejects[i].reason) + 1;
	size_t head = sizeof(licit_book_report) +
		      b->n_rejects * sizeof(licit_book_reject);
	char *mem = licit__malloc(head + text);
	if (!mem)
		return NULL;
	licit_book_report *r = (licit_book_report *)mem;
	licit_book_reject *rej = (licit_book_reject *)(r + 1);
	char *p = mem + head;
	for (size_t i = 0; i < b->n_rejects; i++) {
		size_t n = strlen(b->rejects[i].reason) + 1;
		memcpy(p, b->rejects[i].reason, n);
		rej[i] = (licit_book_reject){b->rejects[i].line, p};
		p += n;
	}
	*r = (licit_book_report){b->rows_read, b->n, b->n_rejects, rej};
	return r;
}

void licit_book_report_free(licit_book_report *r)
{
	licit__free(r);
}

static licit_status import_book(licit *h, book_kind kind, const char *path,
				licit_book_report **out)
{
	if (!h || !path || !out)
		return LICIT_EMISUSE;
	*out = NULL;
	errinfo e;
	file_map m;
	licit_status st = file_map_open(&m, path, &e);
	if (st != LICIT_OK)
		return licit__fail(h, &e);
	uint8_t d[32];
	char hex[65];
	if (sha256(m.data, m.len, d) < 0) {
		file_map_release(&m);
		err_set(&e, LICIT_ENOMEM, "out of memory");
		return licit__fail(h, &e);
	}
	sha256_hex(d, hex);
	book b;
	st = book_parse(kind, path, m.data, m.len, &b, &e);
	file_map_release(&m);
	struct store *s = st == LICIT_OK ? licit__store(h) : NULL;
	if (st == LICIT_OK && !s) {
		book_release(&b);
		return h->err.code;
	}
	if (st == LICIT_OK)
		st = book_store(s, &b, path, hex, licit__actor(h), &e);
	if (st == LICIT_OK && !(*out = make_report(&b)))
		st = err_set(&e, LICIT_ENOMEM, "out of memory");
	book_release(&b);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

licit_status licit_parties_import(licit *h, const char *path,
				  licit_book_report **out)
{
	return import_book(h, BOOK_PARTIES, path, out);
}

licit_status licit_licences_import(licit *h, const char *path,
				   licit_book_report **out)
{
	return import_book(h, BOOK_LICENCES, path, out);
}

typedef struct party_walk {
	int (*fn)(void *ctx, const licit_party *p);
	void *ctx;
} party_walk;

static int party_row(void *ctx, const char *const *f)
{
	party_walk *w = ctx;
	licit_party p = {f[0],	  f[1], licit_schema_parse(f[2]),
			 f[3],	  f[4], f[5]};
	return w->fn(w->ctx, &p);
}

typedef struct licence_walk {
	int (*fn)(void *ctx, const licit_licence *l);
	void *ctx;
} licence_walk;

static int licence_row(void *ctx, const char *const *f)
{
	licence_walk *w = ctx;
	licit_licence l = {f[0], f[1], f[2], f[3], f[4],
			   f[5], f[6], f[7], f[8], f[9]};
	return w->fn(w->ctx, &l);
}

licit_status licit_parties_each(licit *h,
				int (*fn)(void *ctx, const licit_party *p),
				void *ctx)
{
	if (!h || !fn)
		return LICIT_EMISUSE;
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	errinfo e;
	party_walk w = {fn, ctx};
	licit_status st = book_each(s, BOOK_PARTIES, party_row, &w, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}

licit_status licit_licences_each(licit *h,
				 int (*fn)(void *ctx, const licit_licence *l),
				 void *ctx)
{
	if (!h || !fn)
		return LICIT_EMISUSE;
	struct store *s = licit__store(h);
	if (!s)
		return h->err.code;
	errinfo e;
	licence_walk w = {fn, ctx};
	licit_status st = book_each(s, BOOK_LICENCES, licence_row, &w, &e);
	return st == LICIT_OK ? st : licit__fail(h, &e);
}
