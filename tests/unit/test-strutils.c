/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of common/strutils.c: the strict number parsers. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "strutils.h"
#include "tap.h"

static void id_ok(const char *s, uint32_t want)
{
	uint32_t v = 12345;
	int rc = xt_parse_id(s, &v);

	ok(rc == 0 && v == want, "id '%s' -> %u (rc %d, got %u)", s, want, rc, v);
}

static void id_bad(const char *s, int want)
{
	uint32_t v = 12345;
	int rc = xt_parse_id(s, &v);

	ok(rc == want && v == 12345, "id '%s' refused with %d (rc %d)", s, want, rc);
}

int main(void)
{
	int64_t s64;
	uint64_t u64;
	pid_t pid = 0;

	id_ok("0", 0);
	id_ok("65534", 65534);
	id_ok("4294967294", 4294967294U);
	id_ok("007", 7);
	id_bad("4294967295", -ERANGE);
	id_bad("4294967296", -ERANGE);
	id_bad("18446744073709551617", -ERANGE);
	id_bad("99999999999999999999999", -ERANGE);
	id_bad("", -EINVAL);
	id_bad("-1", -EINVAL);
	id_bad("+1", -EINVAL);
	id_bad(" 1", -EINVAL);
	id_bad("1 ", -EINVAL);
	id_bad("12abc", -EINVAL);
	id_bad("0x10", -EINVAL);
	id_bad("1e3", -EINVAL);

	ok(xt_strtos64("-86400", INT64_MIN, INT64_MAX, &s64) == 0 && s64 == -86400, "s64 negative");
	ok(xt_strtos64("9223372036854775807", INT64_MIN, INT64_MAX, &s64) == 0 && s64 == INT64_MAX,
	   "s64 max");
	ok(xt_strtos64("9223372036854775808", INT64_MIN, INT64_MAX, &s64) == -ERANGE,
	   "s64 overflow");
	ok(xt_strtos64("--1", INT64_MIN, INT64_MAX, &s64) == -EINVAL, "s64 double sign");
	ok(xt_strtos64("-", INT64_MIN, INT64_MAX, &s64) == -EINVAL, "s64 lone sign");
	ok(xt_strtos64("+5", INT64_MIN, INT64_MAX, &s64) == -EINVAL, "s64 plus sign");
	ok(xt_strtou64("10", 1, 9, &u64) == -ERANGE, "u64 above max");
	ok(xt_strtou64("0", 1, 9, &u64) == -ERANGE, "u64 below min");
	ok(xt_strtou64("18446744073709551615", 0, UINT64_MAX, &u64) == 0 && u64 == UINT64_MAX,
	   "u64 reaches UINT64_MAX");
	ok(xt_strtou64("18446744073709551616", 0, UINT64_MAX, &u64) == -ERANGE, "u64 overflow");

	ok(xt_parse_pid("1", &pid) == 0 && pid == 1, "pid 1");
	ok(xt_parse_pid("2147483647", &pid) == 0 && pid == INT_MAX, "pid INT_MAX");
	ok(xt_parse_pid("0", &pid) == -ERANGE, "pid 0 refused");
	ok(xt_parse_pid("2147483648", &pid) == -ERANGE, "pid above INT_MAX refused");
	ok(xt_parse_pid("4294967297", &pid) == -ERANGE && pid == INT_MAX,
	   "pid 2^32+1 refused, never 1");
	ok(xt_parse_pid("-1", &pid) == -EINVAL, "pid -1 refused");

	ok(xt_strtos64_c("010", 0, 100, &s64) == 0 && s64 == 8, "C literal: octal");
	ok(xt_strtos64_c("0x10", 0, 100, &s64) == 0 && s64 == 16, "C literal: hex");
	ok(xt_strtos64_c("0", 0, 100, &s64) == 0 && s64 == 0, "C literal: zero");
	ok(xt_strtos64_c("-0x1", -5, 5, &s64) == 0 && s64 == -1, "C literal: negative hex");
	ok(xt_strtos64_c("09", 0, 100, &s64) == -EINVAL, "C literal: 9 is no octal digit");
	ok(xt_strtos64_c("0x", 0, 100, &s64) == -EINVAL, "C literal: 0x alone");
	ok(xt_strtos64_c(" 1", 0, 100, &s64) == -EINVAL &&
		   xt_strtos64_c("+1", 0, 100, &s64) == -EINVAL &&
		   xt_strtos64_c("1x", 0, 100, &s64) == -EINVAL,
	   "C literal: blank, plus, garbage");
	ok(xt_strtos64_c("0x80000000", 0, INT32_MAX, &s64) == -ERANGE, "C literal: range");
	ok(xt_strtos64_c("99999999999999999999", 0, INT64_MAX, &s64) == -ERANGE,
	   "C literal: overflow");

	ok(xt_looks_numeric("123") && xt_looks_numeric("-1") && xt_looks_numeric(""),
	   "numbers and signs look numeric");
	ok(!xt_looks_numeric("root") && !xt_looks_numeric("u1"), "names do not");
	return tap_done();
}
