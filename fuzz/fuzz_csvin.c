/*
 * fuzz_csvin.c - the CSV reader of the batch commands (screen --input,
 * compare --input) on arbitrary bytes: every row handed over must be a
 * set of NUL-terminated fields, and nothing may crash or leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int row(void *ctx, char **fields, int n, unsigned long line)
{
	size_t *total = ctx;
	(void)line;
	for (int i = 0; i < n; i++)
		*total += strlen(fields[i]);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	size_t total = 0;
	(void)cli_csv_read_file(f, "fuzz-input", row, &total);
	fclose(f);
	return 0;
}
