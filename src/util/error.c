/*
 * error.c - status messages and errinfo helpers.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

const char *licit_strerror(licit_status status)
{
	switch (status) {
#define LICIT_X_MSG(name, value, msg)                                          \
	case name:                                                             \
		return msg;
		LICIT_STATUS_LIST(LICIT_X_MSG)
#undef LICIT_X_MSG
	}
	return "unknown status";
}

licit_status err_set(errinfo *e, licit_status code, const char *fmt, ...)
{
	if (!e)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	e->code = code;
	return code;
}

licit_status err_prefix(errinfo *e, const char *fmt, ...)
{
	char pre[512], old[sizeof(e->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	size_t np = strlen(pre);
	if (np > sizeof(e->msg) - 3)
		np = sizeof(e->msg) - 3;
	memcpy(e->msg, pre, np);
	memcpy(e->msg + np, ": ", 2);
	size_t rest = sizeof(e->msg) - np - 3, no = strlen(old);
	if (no > rest)
		no = rest;
	memcpy(e->msg + np + 2, old, no);
	e->msg[np + 2 + no] = '\0';
	return e->code;
}
