/*
 * fuzz_compare.c - arbitrary bytes as two names (split at the first
 * newline) through normalization (ICU, the transliteration table, the
 * Latin fast path), name parts, and the name comparison. Names come from
 * users and from lists in any script; none may crash the scorer.
 */
#include <stdint.h>
#include <string.h>

#include "licit.h"
#include "match/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	const char *s = (const char *)data;
	const char *nl = memchr(s, '\n', size);
	size_t n1 = nl ? (size_t)(nl - s) : size;
	const char *b = nl ? nl + 1 : "";
	size_t n2 = nl ? size - n1 - 1 : 0;
	arena a;
	arena_init(&a);
	mname x, y;
	mexplain ex;
	int schema = size ? data[0] % 5 : 0;
	if (match_prepare(s, n1, schema, NULL, &a, &x) == 0 &&
	    match_prepare(b, n2, schema, NULL, &a, &y) == 0) {
		double v = match_names(&x, &y, &ex);
		if (v < 0 || v > 1)
			__builtin_trap();
	}
	arena_release(&a);
	return 0;
}
