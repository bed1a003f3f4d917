/*
 * update.c - STUB, being written: licit_update.
 */
#include "licit.h"

#include <stdio.h>

#include "banned.h"

licit_status licit_update(const char *dest_dir, const char *mirror,
			  void (*log)(void *ctx, const char *line),
			  void *log_ctx, char *errbuf, size_t errlen)
{
	(void)dest_dir;
	(void)mirror;
	(void)log;
	(void)log_ctx;
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "lists update is not implemented yet");
	return LICIT_EINVAL;
}
