/*
 * ftm_json.c - STUB: the ftm-json format is not implemented yet.
 */
#include "sources/source.h"

#include "banned.h"

static int detect(const char *path, const unsigned char *data, size_t len)
{
	(void)path;
	(void)data;
	(void)len;
	return 0;
}

static licit_status parse(parse_ctx *ctx)
{
	return err_set(ctx->err, LICIT_EFORMAT, "%s: format ftm-json not implemented",
		       ctx->path);
}

const source_format fmt_ftm_json = {
	.name = "ftm-json",
	.description = "not implemented",
	.detect = detect,
	.is_companion = NULL,
	.parse = parse,
};
