/*
 * alloc.c - thin wrappers over malloc with an out-of-memory test hook.
 */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#include "banned.h"

static long fail_countdown = -1;

static int should_fail(void)
{
	if (fail_countdown < 0)
		return 0;
	if (fail_countdown == 0)
		return 1;
	fail_countdown--;
	return 0;
}

void alloc_fail_after(long n)
{
	fail_countdown = n;
}

void *licit__malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *licit__calloc(size_t count, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(count ? count : 1, size ? size : 1);
}

void *licit__realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void licit__free(void *p)
{
	free(p);
}

char *licit__strndup(const char *s, size_t n)
{
	char *d = licit__malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *licit__strdup(const char *s)
{
	return licit__strndup(s, strlen(s));
}
