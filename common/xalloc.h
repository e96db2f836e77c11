/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xalloc.h - allocators that die on failure. For tools only: common/
 * functions return -ENOMEM instead.
 */
#ifndef XT_XALLOC_H
#define XT_XALLOC_H

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p && n)
		err(EXIT_FAILURE, "cannot allocate %zu bytes", n);
	return p;
}

static inline void *xreallocarray(void *old, size_t n, size_t sz)
{
	void *p = reallocarray(old, n, sz);

	if (!p && n && sz)
		err(EXIT_FAILURE, "cannot allocate %zu bytes", n * sz);
	return p;
}

static inline char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		err(EXIT_FAILURE, "cannot duplicate string");
	return p;
}

static inline __attribute__((__format__(__printf__, 2, 3))) int xasprintf(char **strp,
									  const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(strp, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(EXIT_FAILURE, "cannot allocate string");
	return n;
}

#endif
