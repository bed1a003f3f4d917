/*
 * buf.c - growable, capped byte buffers (see buf.h).
 */
#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

void buf_init(buf *b, size_t limit)
{
	b->data = NULL;
	b->len = b->alloc = 0;
	b->limit = limit ? limit : BUF_DEFAULT_LIMIT;
	b->failed = 0;
}

void buf_release(buf *b)
{
	licit__free(b->data);
	buf_init(b, b->limit);
}

void buf_reset(buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *buf_detach(buf *b, size_t *len)
{
	char *d = b->data;
	if (!d)
		d = licit__strdup("");
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return d;
}

static int buf_reserve(buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (extra > b->limit - b->len) {
		b->failed = 1;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need)
		n *= 2;
	char *d = licit__realloc(b->data, n);
	if (!d) {
		b->failed = 1;
		return -1;
	}
	b->data = d;
	b->alloc = n;
	return 0;
}

void buf_add(buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_addstr(buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addch(buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vaddf(buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || buf_reserve(b, (size_t)n) < 0) {
		b->failed = 1;
		return;
	}
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}
