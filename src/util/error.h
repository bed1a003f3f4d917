/*
 * error.h - carrying a status and a one-line message up the call stack.
 *
 * Internal functions that can fail take an `errinfo *` and return the
 * status they set, so the deepest layer that knows the file and line writes
 * the message once: `return err_set(e, LICIT_EPARSE, "%s:%lu: expected 12
 * fields, found %d", ...)`. Messages are lowercase, quote the subject, and
 * carry no trailing full stop.
 */
#ifndef LICIT_ERROR_H
#define LICIT_ERROR_H

#include "licit.h"

typedef struct errinfo {
	licit_status code;
	char msg[1024];
} errinfo;

static inline void err_clear(errinfo *e)
{
	e->code = LICIT_OK;
	e->msg[0] = '\0';
}

/* Set code and message (printf-style); returns `code`. e may be NULL. */
licit_status err_set(errinfo *e, licit_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the existing message with "<prefix>: "; returns e->code. */
licit_status err_prefix(errinfo *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
