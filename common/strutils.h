/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strutils.h - strict number parsing: decimal digits only, no sign, no
 * blanks, no trailing garbage, no silent truncation.
 */
#ifndef XT_STRUTILS_H
#define XT_STRUTILS_H

#include <err.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>

/* The largest valid uid, gid or pid: (uid_t)-1 means "no id" to the kernel. */
#define XT_ID_MAX 4294967294U

/**
 * xt_strtou64() - parse an unsigned decimal number in [min, max]
 * @s: the text, digits only
 * @min: @max: accepted range
 * @out: result, written only on success
 *
 * Return: 0, -EINVAL (empty, sign, blank, non-digit, trailing garbage) or
 * -ERANGE (outside [min, max]).
 */
int xt_strtou64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/** xt_strtos64() - like xt_strtou64() but an optional leading '-' is allowed. */
int xt_strtos64(const char *s, int64_t min, int64_t max, int64_t *out);

/**
 * xt_strtos64_c() - like xt_strtos64(), but the number is written as in C
 * (and as iproute2 reads it): 0x or 0X then hex digits, a leading 0 then
 * octal digits, else decimal; an optional leading '-'. Nothing else: no
 * blanks, no '+', no trailing garbage.
 */
int xt_strtos64_c(const char *s, int64_t min, int64_t max, int64_t *out);

/** xt_parse_id() - a uid, gid or pid: 0..XT_ID_MAX. 0 or -errno. */
int xt_parse_id(const char *s, uint32_t *out);

/**
 * xt_parse_pid() - a process id: 1..INT_MAX (0 is "self" to some
 * interfaces, never to us; a pid_t holds no more). 0 or -errno.
 */
int xt_parse_pid(const char *s, pid_t *out);

/**
 * xt_looks_numeric() - does @s consist only of digits and signs?
 *
 * Such a string is a number (maybe a bad one) and must never be looked up as
 * a user or group name (CVE-2016-3697).
 */
int xt_looks_numeric(const char *s);

/**
 * xt_visible() - @s with every byte of a control character and every
 * backslash written as \xHH, so one printed line is one name. Control
 * characters: below 0x20, 0x7f, C1 (U+0080..U+009F) in UTF-8, and a byte
 * 0x80..0x9f that is part of no UTF-8 sequence
 * @buf: room for the escaped text (4 bytes a byte, plus one); longer results
 *       are cut short
 *
 * Return: @s itself when nothing needs escaping, else @buf.
 */
const char *xt_visible(const char *s, char *buf, size_t size);
/** xt_has_control() - does @s hold a control character (as xt_visible())? */
int xt_has_control(const char *s);

/* Dying wrappers, for tools only: "TOOL: failed to parse WHAT: 'S'". */
static inline uint32_t xt_id_or_err(const char *s, const char *what)
{
	uint32_t id;

	if (xt_parse_id(s, &id) < 0)
		errx(EXIT_FAILURE, "failed to parse %s: '%s'", what, s);
	return id;
}

static inline pid_t xt_pid_or_err(const char *s)
{
	pid_t pid;

	if (xt_parse_pid(s, &pid) < 0)
		errx(EXIT_FAILURE, "failed to parse pid: '%s'", s);
	return pid;
}

static inline int64_t xt_s64_or_err(const char *s, const char *what)
{
	int64_t v;

	if (xt_strtos64(s, INT64_MIN, INT64_MAX, &v) < 0)
		errx(EXIT_FAILURE, "failed to parse %s: '%s'", what, s);
	return v;
}

#endif
