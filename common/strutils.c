/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strutils.c - strict number parsing on top of libbsd's strtonum(3).
 *
 * strtonum() alone accepts leading blanks and a '+' or '-' sign and cannot
 * reach UINT64_MAX; the syntax is therefore checked here first and
 * strtonum() only does the range check.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "strutils.h"

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int xt_strtou64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *errstr = NULL;
	long long v;

	if (!s || !all_digits(s))
		return -EINVAL;
	if (max > (uint64_t)LLONG_MAX)
		max = (uint64_t)LLONG_MAX;
	if (min > max)
		return -ERANGE;
	v = strtonum(s, (long long)min, (long long)max, &errstr);
	if (errstr)
		return -ERANGE;
	*out = (uint64_t)v;
	return 0;
}

int xt_strtos64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *errstr = NULL;
	long long v;

	if (!s || !all_digits(*s == '-' ? s + 1 : s))
		return -EINVAL;
	v = strtonum(s, min, max, &errstr);
	if (errstr)
		return -ERANGE;
	*out = v;
	return 0;
}

int xt_strtos64_c(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *d = s && *s == '-' ? s + 1 : s;
	const char *digits = "0123456789";
	char *end;
	long long v;

	if (!d || !*d)
		return -EINVAL;
	if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X')) {
		d += 2;
		digits = "0123456789abcdefABCDEF";
	} else if (d[0] == '0') {
		digits = "01234567";
	}
	if (!*d || strspn(d, digits) != strlen(d))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno == ERANGE || *end || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int xt_parse_id(const char *s, uint32_t *out)
{
	uint64_t v;
	int rc = xt_strtou64(s, 0, XT_ID_MAX, &v);

	if (rc == 0)
		*out = (uint32_t)v;
	return rc;
}

int xt_parse_pid(const char *s, pid_t *out)
{
	uint64_t v;
	int rc = xt_strtou64(s, 1, INT_MAX, &v);

	if (rc == 0)
		*out = (pid_t)v;
	return rc;
}

int xt_looks_numeric(const char *s)
{
	if (!*s)
		return 1;
	return strspn(s, "0123456789+-") == strlen(s);
}

static int needs_escape(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

int xt_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

const char *xt_visible(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;
	size_t n = 0;

	for (p = (const unsigned char *)s; *p && !needs_escape(*p); p++)
		;
	if (!*p)
		return s;
	if (size == 0)
		return "";
	for (p = (const unsigned char *)s; *p; p++) {
		if (!needs_escape(*p)) {
			if (n + 1 >= size)
				break;
			buf[n++] = (char)*p;
			continue;
		}
		if (n + 4 >= size)
			break;
		buf[n++] = '\\';
		buf[n++] = 'x';
		buf[n++] = hex[*p >> 4];
		buf[n++] = hex[*p & 0xf];
	}
	buf[n] = '\0';
	return buf;
}
