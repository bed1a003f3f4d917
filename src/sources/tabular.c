/*
 * tabular.c - column lookup and row checks shared by the delimited-list
 * parsers (see tabular.h).
 */
#include "sources/tabular.h"

#include <string.h>
#include <strings.h>

#include "banned.h"

licit_status tab_csv_fail(parse_ctx *ctx, const csv_reader *r)
{
	return err_set(ctx->err, LICIT_EPARSE, "%s:%llu: %s", ctx->path,
		       (unsigned long long)r->row_line, csv_error(r));
}

licit_status tab_read_header(parse_ctx *ctx, csv_reader *r, uint64_t line,
			     const char *none)
{
	int rc = csv_next(r);
	if (rc < 0)
		return tab_csv_fail(ctx, r);
	if (rc == 0)
		return err_set(ctx->err, LICIT_EPARSE, "%s:%llu: %s", ctx->path,
			       (unsigned long long)line, none);
	return LICIT_OK;
}

licit_status tab_columns(parse_ctx *ctx, const csv_reader *r,
			 const tab_header *h, int *col)
{
	for (int c = 0; c < h->n; c++)
		col[c] = -1;
	for (int i = 0; i < r->nfields; i++)
		for (int c = 0; c < h->n; c++)
			if (col[c] < 0 &&
			    !(h->nocase ? strcasecmp(r->fields[i], h->names[c])
					: strcmp(r->fields[i], h->names[c])))
				col[c] = i;
	for (size_t k = 0; k < h->n_required; k++)
		if (col[h->required[k]] < 0)
			return err_set(ctx->err, LICIT_EPARSE,
				       "%s:%llu: missing column \"%s\" in the "
				       "%s header",
				       ctx->path,
				       (unsigned long long)r->row_line,
				       h->names[h->required[k]], h->what);
	return LICIT_OK;
}

const char *tab_field(const csv_reader *r, const int *col, int c)
{
	int i = col[c];
	return i >= 0 && i < r->nfields ? r->fields[i] : "";
}

char *tab_cell(csv_reader *r, const int *col, int c)
{
	int i = col[c];
	return i >= 0 && i < r->nfields ? r->fields[i] : NULL;
}

/* 1 if the content ends with a line break (or a DOS end-of-file mark). */
static int ends_with_newline(const unsigned char *p, size_t n)
{
	return n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == 0x1A);
}

/* The next row of ncols fields: 1, 0 at the end, -1 failed (see
 * tab_read_rows). */
static int next_row(parse_ctx *ctx, csv_reader *r, int ncols,
		    const unsigned char *text, size_t len)
{
	int rc;
	while ((rc = csv_next(r)) > 0) {
		ctx->stats.records++;
		if (r->nfields == ncols)
			return 1;
		if (r->p >= r->end && r->nfields < ncols &&
		    !ends_with_newline(text, len)) {
			err_set(ctx->err, LICIT_EPARSE,
				"%s:%llu: last row has %d of %d fields "
				"(truncated file?)",
				ctx->path, (unsigned long long)r->row_line,
				r->nfields, ncols);
			return -1;
		}
		parse_skip(ctx, NULL, r->row_line,
			   "expected %d fields, found %d", ncols, r->nfields);
	}
	if (rc < 0)
		tab_csv_fail(ctx, r);
	return rc;
}

licit_status tab_read_rows(parse_ctx *ctx, csv_reader *r, int ncols,
			   const unsigned char *text, size_t len,
			   licit_status (*row)(void *user), void *user)
{
	int rc;
	while ((rc = next_row(ctx, r, ncols, text, len)) > 0) {
		licit_status s = row(user);
		if (s != LICIT_OK)
			return s;
	}
	return rc < 0 ? LICIT_EPARSE : LICIT_OK;
}
