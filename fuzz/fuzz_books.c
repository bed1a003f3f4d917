/*
 * fuzz_books.c - the party and licence book parser (CSV and JSON lines)
 * on arbitrary bytes, as both kinds: it must not crash, leak or read out
 * of bounds, every accepted row must carry its required fields, and every
 * rejection a line and a reason.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/books.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const book *b)
{
	size_t nf;
	(void)book_fields(b->kind, &nf);
	for (size_t i = 0; i < b->n; i++)
		if (!b->rows[i].f[0] || !b->rows[i].f[1] || !b->rows[i].line)
			abort();
	for (size_t i = 0; i < b->n_rejects; i++)
		if (!b->rejects[i].reason || !b->rejects[i].reason[0] ||
		    !b->rejects[i].line)
			abort();
	if (b->n + b->n_rejects != b->rows_read)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int k = 0; k < 2; k++) {
		book b;
		errinfo e;
		if (book_parse((book_kind)k, "fuzz-input", data, size, &b, &e) ==
		    LICIT_OK)
			check(&b);
		book_release(&b);
	}
	return 0;
}
