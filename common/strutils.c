/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strutils.c - strict number parsing on top of libbsd's strtonum(3).
 *
 * strtonum() alone accepts leading blanks and a '+' or '-' sign; the syntax
 * is therefore checked here first and strtonum() only does the range check.
 * It cannot reach UINT64_MAX, so unsigned numbers go through strtoull().
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdint.h>
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
	unsigned long long v;
	char *end;

	if (!s || !all_digits(s))
		return -EINVAL;
	/* strtonum() stops at LLONG_MAX: the digits are checked, strtoull() is safe */
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE || *end || v < min || v > max)
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

/*
 * The length of the UTF-8 sequence at @p, or 0 when there is none (a bad
 * lead or continuation byte, an overlong form, a surrogate, past U+10FFFF).
 * *@cp is the code point.
 */
static size_t utf8_seq(const unsigned char *p, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 0;
	uint32_t c;

	if (n == 0 || p[0] >= 0xf8)
		return 0;
	c = p[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/*
 * The next character at @p: its length in bytes (a UTF-8 sequence, else one
 * byte), and whether it is a control character: C0 and DEL; C1
 * (U+0080..U+009F) in UTF-8; and a lone byte 0x80..0x9f outside any UTF-8
 * sequence, which a terminal in an 8-bit mode takes for C1 (0x9b: CSI).
 * Other bytes of no sequence (Latin-1 letters, say) are left alone: they
 * show as what they are, or as a replacement character, never as a command.
 */
static size_t next_char(const unsigned char *p, bool *control)
{
	uint32_t cp;
	size_t n;

	*control = *p < 0x20 || *p == 0x7f;
	if (*p < 0x80)
		return 1;
	n = utf8_seq(p, &cp);
	if (n) {
		*control = cp <= 0x9f;
		return n;
	}
	*control = *p <= 0x9f;
	return 1;
}

int xt_has_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	bool control;

	while (*p) {
		p += next_char(p, &control);
		if (control)
			return 1;
	}
	return 0;
}

const char *xt_visible(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, len;
	bool control;

	if (!xt_has_control(s) && !strchr(s, '\\'))
		return s;
	if (size == 0)
		return "";
	for (; *p; p += len) {
		len = next_char(p, &control);
		control |= *p == '\\';
		if (!control) {
			if (n + len >= size)
				break;
			memcpy(buf + n, p, len);
			n += len;
			continue;
		}
		if (n + 4 * len >= size)
			break;
		for (size_t i = 0; i < len; i++) {
			buf[n++] = '\\';
			buf[n++] = 'x';
			buf[n++] = hex[p[i] >> 4];
			buf[n++] = hex[p[i] & 0xf];
		}
	}
	buf[n] = '\0';
	return buf;
}
