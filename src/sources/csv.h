/*
 * csv.h - a streaming reader for delimited text over a memory buffer.
 *
 * Handles what the published lists do: quoted fields with doubled quotes,
 * separators and line breaks inside quotes, CRLF or LF, a UTF-8 BOM, and a
 * trailing DOS end-of-file byte (0x1A). One row at a time; the fields are
 * NUL-terminated copies valid until the next call. It never reads past the
 * buffer.
 */
#ifndef LICIT_CSV_H
#define LICIT_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define CSV_MAX_FIELDS 256
#define CSV_MAX_ROW (16u << 20) /* bytes in one row, a hard cap */

typedef struct csv_reader {
	const char *p, *end;
	char sep;
	uint64_t line;     /* line number where the next row starts (1-based) */
	uint64_t row_line; /* line where the row just returned started */
	size_t row_offset; /* byte offset of that row */
	const char *base;
	buf field_data;
	size_t starts[CSV_MAX_FIELDS];
	char *fields[CSV_MAX_FIELDS];
	int nfields;
	int quoted_bad; /* the row had text after a closing quote */
} csv_reader;

void csv_init(csv_reader *r, const void *data, size_t len, char sep);
void csv_release(csv_reader *r);

/*
 * Read the next row. Returns 1 with r->fields/r->nfields set, 0 at the end,
 * -1 on an error: an unterminated quote (a truncated file), a row over
 * CSV_MAX_ROW bytes or over CSV_MAX_FIELDS fields, or no memory. On -1,
 * csv_error() says what, and r->row_line / r->row_offset say where.
 * Completely empty lines are skipped.
 */
int csv_next(csv_reader *r);

/* A static description of the last -1. */
const char *csv_error(const csv_reader *r);

#endif
