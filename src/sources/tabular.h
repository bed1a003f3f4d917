/*
 * tabular.h - helpers shared by the parsers of header-plus-rows delimited
 * lists (csl-csv, uk-ofsi-csv, dpl-txt, os-simple-csv, internal-csv) on top
 * of the csv.h reader: finding columns by their header names, reading the
 * data rows of a table whose rows must have the header's field count, and
 * reporting a reader error in the parsers' "<path>:<line>: ..." form.
 */
#ifndef LICIT_TABULAR_H
#define LICIT_TABULAR_H

#include <stddef.h>
#include <stdint.h>

#include "sources/csv.h"
#include "sources/source.h"

/* Fail with LICIT_EPARSE "<ctx->path>:<row line>: <csv_error()>" after
 * csv_next() returned -1. Returns LICIT_EPARSE. */
licit_status tab_csv_fail(parse_ctx *ctx, const csv_reader *r);

/* Read the header row into *r: LICIT_OK; a reader error as tab_csv_fail();
 * no row at all: LICIT_EPARSE "<path>:<line>: <none>". */
licit_status tab_read_header(parse_ctx *ctx, csv_reader *r, uint64_t line,
			     const char *none);

/* A table's known columns, for tab_columns(). */
typedef struct tab_header {
	const char *const *names; /* names[c]: column c's header name */
	int n;			  /* columns known */
	int nocase;		  /* match names ignoring ASCII case */
	const int *required;	  /* columns the table must have */
	size_t n_required;
	const char *what; /* "CSL": "... in the CSL header" */
} tab_header;

/* A tab_header of the arrays `names` (n of them) and `required`. */
#define TAB_HEADER(names, n, nocase, required, what)                           \
	{                                                                      \
		(names), (n), (nocase), (required),                            \
		    sizeof(required) / sizeof((required)[0]), (what)           \
	}

/*
 * Map the header row in *r: col[c] (c in 0..h->n) becomes the index of
 * the first field equal to h->names[c], -1 when none is. Then every
 * required column must be there, else LICIT_EPARSE "<path>:<header
 * line>: missing column \"<name>\" in the <what> header" for the first
 * missing one.
 */
licit_status tab_columns(parse_ctx *ctx, const csv_reader *r,
			 const tab_header *h, int *col);

/* Field `c` of the current row through the column map, "" when the column
 * is absent or the row is short. */
const char *tab_field(const csv_reader *r, const int *col, int c);

/* The same, writable, NULL when absent (for cells split in place). */
char *tab_cell(csv_reader *r, const int *col, int c);

/*
 * Read the data rows of a table whose rows have `ncols` fields, counting
 * each in ctx->stats.records, and call row(user) for each row of exactly
 * ncols fields (the row is in *r). Any other row is skipped with
 * parse_skip "expected N fields, found M", except a short last row when
 * the content the reader reads, text[0..len), does not end with a line
 * break: that is a truncated file, LICIT_EPARSE "<path>:<line>: last row
 * has M of N fields (truncated file?)". A reader error fails as
 * tab_csv_fail(). Returns LICIT_OK, LICIT_EPARSE or the first status
 * other than LICIT_OK that row() returned.
 */
licit_status tab_read_rows(parse_ctx *ctx, csv_reader *r, int ncols,
			   const unsigned char *text, size_t len,
			   licit_status (*row)(void *user), void *user);

#endif
