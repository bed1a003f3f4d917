/*
 * buf.h - growable byte buffers with a hard size cap.
 *
 * Invariants: `data` is always NUL-terminated when non-NULL (len excludes
 * the NUL); len <= cap_limit. Appending past the cap, or failing to grow,
 * sets `failed` and leaves the content as it was; later appends are no-ops,
 * so a series of appends can be checked once with buf_ok().
 */
#ifndef LICIT_BUF_H
#define LICIT_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *data;
	size_t len, alloc;
	size_t limit; /* hard cap on len */
	int failed;
} buf;

#define BUF_DEFAULT_LIMIT ((size_t)1 << 30)

/* An empty buffer that may grow to `limit` bytes (0: BUF_DEFAULT_LIMIT). */
void buf_init(buf *b, size_t limit);
/* Free the content; the buffer is empty and usable again. */
void buf_release(buf *b);
/* Empty the buffer, keeping its memory. */
void buf_reset(buf *b);
/* Hand the content (malloc'd via licit__malloc) to the caller; b is reset. */
char *buf_detach(buf *b, size_t *len);

void buf_add(buf *b, const void *p, size_t n);
void buf_addstr(buf *b, const char *s);
void buf_addch(buf *b, char c);
void buf_addf(buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vaddf(buf *b, const char *fmt, va_list ap);

/* 1 if no append has failed since init/reset. */
static inline int buf_ok(const buf *b)
{
	return !b->failed;
}

/* The content, "" when empty. Valid until the next change to b. */
static inline const char *buf_str(const buf *b)
{
	return b->data ? b->data : "";
}

#endif
