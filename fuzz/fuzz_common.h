/*
 * fuzz_common.h - the body shared by every parser fuzz target: feed the
 * bytes to one format's parser, as if read from a file, and release
 * everything. The parser must not crash, leak or read out of bounds.
 */
#ifndef LICIT_FUZZ_COMMON_H
#define LICIT_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sources/source.h"

static licit_status fuzz_no_companion(parse_ctx *ctx, const char *name,
				      const unsigned char **data, size_t *len,
				      const char **path_out)
{
	(void)ctx;
	(void)name;
	(void)data;
	(void)len;
	(void)path_out;
	return LICIT_ENOTFOUND;
}

static inline int fuzz_parse(const source_format *fmt, const uint8_t *data,
			     size_t size)
{
	entity_set set;
	errinfo err;
	parse_ctx ctx;
	entity_set_init(&set);
	err_clear(&err);
	memset(&ctx, 0, sizeof(ctx));
	ctx.path = "fuzz-input";
	ctx.data = data;
	ctx.len = size;
	ctx.set = &set;
	ctx.err = &err;
	ctx.open_companion = fuzz_no_companion;
	(void)fmt->detect("fuzz-input", data, size);
	(void)fmt->parse(&ctx);
	entity_set_release(&set);
	return 0;
}

#define FUZZ_PARSER(fmt)                                                       \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);          \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)           \
	{                                                                      \
		return fuzz_parse(&(fmt), data, size);                         \
	}

#endif
