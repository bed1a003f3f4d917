/*
 * csvin.c - reading and writing CSV for the batch commands (compare
 * --input, screen --input): RFC 4180 quoting, CRLF, a BOM; one callback
 * per row with its line number. Uses only the C library: the CLI sees the
 * library through licit.h alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "banned.h"

#define MAX_FIELDS 128
#define MAX_ROW (1u << 20)

void cli_csv_put(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int cli_csv_read(const char *path, int (*row)(void *ctx, char **fields,
					      int n, unsigned long line),
		 void *ctx)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		fprintf(stderr, "licit: cannot open '%s'\n", path);
		return -1;
	}
	int rc = cli_csv_read_file(f, path, row, ctx);
	if (f != stdin)
		fclose(f);
	return rc;
}

int cli_csv_read_file(FILE *f, const char *path,
		      int (*row)(void *ctx, char **fields, int n,
				 unsigned long line),
		      void *ctx)
{
	char *buf = malloc(MAX_ROW);
	char *fields[MAX_FIELDS];
	if (!buf)
		return -1;
	unsigned long line = 1, start = 1;
	int c, quoted = 0, n = 0, rc = 0, first = 1;
	size_t len = 0, fstart = 0;
	for (;;) {
		c = fgetc(f);
		if (first && c == 0xEF) {
			/* a UTF-8 BOM */
			if (fgetc(f) == 0xBB && fgetc(f) == 0xBF) {
				first = 0;
				continue;
			}
			fprintf(stderr, "licit: %s:1: not UTF-8 text\n", path);
			rc = -1;
			break;
		}
		first = 0;
		if (quoted) {
			if (c == EOF) {
				fprintf(stderr, "licit: %s:%lu: unterminated "
						"quoted field\n",
					path, start);
				rc = -1;
				break;
			}
			if (c == '"') {
				int d = fgetc(f);
				if (d != '"') {
					quoted = 0;
					if (d != EOF)
						ungetc(d, f);
					continue;
				}
			}
			if (c == '\n')
				line++;
		} else if (c == '"' && len == fstart) {
			quoted = 1;
			continue;
		} else if (c == ',' || c == '\n' || c == EOF) {
			if (c == EOF && len == 0 && n == 0)
				break;
			if (len && buf[len - 1] == '\r' && c != ',')
				len--;
			buf[len++] = '\0';
			if (n < MAX_FIELDS)
				fields[n++] = buf + fstart;
			fstart = len;
			if (c == ',')
				continue;
			if (!(n == 1 && !fields[0][0]) &&
			    row(ctx, fields, n, start) < 0) {
				rc = -1;
				break;
			}
			n = 0;
			len = fstart = 0;
			start = ++line;
			if (c == EOF)
				break;
			continue;
		}
		if (len + 2 >= MAX_ROW) {
			fprintf(stderr, "licit: %s:%lu: row too long\n", path,
				start);
			rc = -1;
			break;
		}
		buf[len++] = (char)c;
	}
	free(buf);
	return rc;
}
