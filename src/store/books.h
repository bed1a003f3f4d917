/*
 * books.h - a company's books: its parties (customers, suppliers, end
 * users) and its export licences, read from CSV or JSON lines, validated
 * row by row, and kept in the store for re-screening and change impact.
 *
 * Parsing is separate from storing so the parser can be fuzzed on bytes
 * alone (fuzz/fuzz_books.c). A row that fails validation is rejected with
 * its line and reason and the others are kept; only a file that cannot be
 * read as a book at all (no header, a required column missing, an unknown
 * column, a malformed CSV) fails as a whole.
 */
#ifndef LICIT_STORE_BOOKS_H
#define LICIT_STORE_BOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "licit.h"
#include "store/store.h"
#include "util/arena.h"

typedef enum book_kind { BOOK_PARTIES = 0, BOOK_LICENCES = 1 } book_kind;

#define BOOK_MAX_FIELDS 10
#define BOOK_MAX_VALUE 1024 /* bytes in one field, a hard cap */

/* One accepted row: its fields in the order of book_fields(), normalized
 * (countries as ISO codes, dates as YYYY[-MM[-DD]], schema as its name),
 * NULL when empty. Strings live in the book's arena. */
typedef struct book_row {
	uint64_t line;
	const char *f[BOOK_MAX_FIELDS];
} book_row;

typedef struct book {
	book_kind kind;
	arena mem;
	book_row *rows;
	size_t n, cap;
	licit_book_reject *rejects; /* reasons in mem */
	size_t n_rejects, cap_rejects;
	uint64_t rows_read;
} book;

/* The field names of a kind, in order, and their count. */
const char *const *book_fields(book_kind kind, size_t *n);

/* Parse `data` (CSV with a header, or JSON lines: one object per line;
 * told apart by the first non-blank byte) as a book of `kind`. `path`
 * names the file in messages. On LICIT_OK *b holds the accepted rows and
 * the rejects; release it with book_release either way. */
licit_status book_parse(book_kind kind, const char *path, const void *data,
			size_t len, book *b, errinfo *e);
void book_release(book *b);

/*
 * Store b's rows (inserted, or updated when the id is already there) and
 * append one audit entry ("parties-import" / "licences-import": file,
 * sha256, counts) in one locked transaction.
 */
licit_status book_store(store *s, const book *b, const char *file,
			const char *sha256, const char *actor, errinfo *e);

/* Every stored row of a kind, ordered by id, to fn (values as stored,
 * NULL when empty); fn returning non-zero stops. */
licit_status book_each(store *s, book_kind kind,
		       int (*fn)(void *ctx, const char *const *f), void *ctx,
		       errinfo *e);

#endif
