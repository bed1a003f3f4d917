/*
 * csv.c - the delimited-text reader (see csv.h).
 */
#include "sources/csv.h"

#include <string.h>

#include "banned.h"

enum { CSV_OK, CSV_EUNTERMINATED, CSV_EROW, CSV_EFIELDS, CSV_ENOMEM };
static _Thread_local int last_error;

void csv_init(csv_reader *r, const void *data, size_t len, char sep)
{
	const char *p = data;
	const char *end = p + len;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	/* a DOS end-of-file mark, with or without a line break after it */
	while (end > p && (end[-1] == 0x1A || end[-1] == '\n' ||
			   end[-1] == '\r')) {
		if (end[-1] == 0x1A) {
			end--;
			break;
		}
		end--;
	}
	r->p = p;
	r->end = end;
	r->base = data;
	r->sep = sep;
	r->line = 1;
	r->row_line = 0;
	r->row_offset = 0;
	r->nfields = 0;
	r->quoted_bad = 0;
	buf_init(&r->field_data, CSV_MAX_ROW);
}

void csv_release(csv_reader *r)
{
	buf_release(&r->field_data);
}

const char *csv_error(const csv_reader *r)
{
	(void)r;
	switch (last_error) {
	case CSV_EUNTERMINATED:
		return "unterminated quoted field (truncated file?)";
	case CSV_EROW:
		return "row longer than the 16 MiB limit";
	case CSV_EFIELDS:
		return "row has more than 256 fields";
	case CSV_ENOMEM:
		return "out of memory";
	}
	return "no error";
}

static int fail(int code)
{
	last_error = code;
	return -1;
}

static int end_field(csv_reader *r)
{
	if (r->nfields == CSV_MAX_FIELDS)
		return fail(CSV_EFIELDS);
	buf_addch(&r->field_data, '\0');
	r->nfields++;
	if (r->nfields < CSV_MAX_FIELDS)
		r->starts[r->nfields] = r->field_data.len;
	return 0;
}

int csv_next(csv_reader *r)
{
	/* skip empty lines */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p >= r->end)
		return 0;
	r->row_line = r->line;
	r->row_offset = (size_t)(r->p - r->base);
	r->nfields = 0;
	r->quoted_bad = 0;
	r->starts[0] = 0;
	buf_reset(&r->field_data);
	const char *p = r->p;
	int in_quotes = 0, field_start = 1;
	while (p < r->end) {
		char c = *p;
		if (in_quotes) {
			if (c == '"') {
				if (p + 1 < r->end && p[1] == '"') {
					buf_addch(&r->field_data, '"');
					p += 2;
					continue;
				}
				in_quotes = 0;
				p++;
				continue;
			}
			if (c == '\n')
				r->line++;
			buf_addch(&r->field_data, c);
			p++;
			continue;
		}
		if (c == '"' && field_start) {
			in_quotes = 1;
			field_start = 0;
			p++;
			continue;
		}
		if (c == r->sep) {
			if (end_field(r) < 0)
				return -1;
			field_start = 1;
			p++;
			continue;
		}
		if (c == '\r' && p + 1 < r->end && p[1] == '\n') {
			p++;
			continue;
		}
		if (c == '\n') {
			r->line++;
			p++;
			break;
		}
		if (c == '"')
			r->quoted_bad = 1;
		field_start = 0;
		buf_addch(&r->field_data, c);
		p++;
	}
	if (in_quotes)
		return fail(CSV_EUNTERMINATED);
	if (end_field(r) < 0)
		return -1;
	if (!buf_ok(&r->field_data))
		return fail(r->field_data.len >= CSV_MAX_ROW - 1 ? CSV_EROW
							       : CSV_ENOMEM);
	r->p = p;
	for (int i = 0; i < r->nfields; i++)
		r->fields[i] = r->field_data.data + r->starts[i];
	return 1;
}
