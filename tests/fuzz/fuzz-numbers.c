/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The strict number parsers of common/strutils.h: xt_strtou64(),
 * xt_strtos64() and the C-style xt_strtos64_c() of xnetns, each checked
 * against the syntax and range its comment promises, and printed back.
 * The first input byte picks the [min, max] range, the rest is the text.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>

#include "c.h"
#include "fuzz.h"
#include "strutils.h"

static const struct {
	uint64_t min, max;
} urange[] = {
	{ 0, UINT64_MAX }, { 1, UINT64_MAX }, { 0, XT_ID_MAX }, { 0, INT_MAX },
	{ 0, UINT32_MAX }, { 5, 10 },	      { 10, 5 },	{ 0, 0 },
};

static const struct {
	int64_t min, max;
} srange[] = {
	{ INT64_MIN, INT64_MAX },
	{ INT32_MIN, INT32_MAX },
	{ 1, INT_MAX },
	{ 0, INT32_MAX },
	{ -5, 5 },
	{ 5, -5 },
	{ 0, 0 },
	{ INT64_MIN, -1 },
};

/*
 * The oracle: @s read as digits of @base after an optional '-' (when
 * @sign). Returns false for bad syntax; *@mag the magnitude, *@over when it
 * does not fit 64 bits.
 */
static bool digits(const char *s, unsigned base, uint64_t *mag, bool *over)
{
	*mag = 0;
	*over = false;
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return false;
		if (d >= base)
			return false;
		if (*mag > (UINT64_MAX - d) / base)
			*over = true;
		*mag = *mag * base + d;
	}
	return true;
}

/* Magnitude and sign to a value in [lo, hi]? */
static bool fits(bool neg, uint64_t mag, bool over, int64_t lo, int64_t hi, int64_t *v)
{
	if (over)
		return false;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return false;
		*v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			return false;
		*v = (int64_t)mag;
	}
	return *v >= lo && *v <= hi;
}

static void check_u64(const char *s, uint64_t min, uint64_t max)
{
	uint64_t v, v2, mag;
	bool over, syntax = digits(s, 10, &mag, &over);
	char again[32];
	int rc;

	FUZZ_POISON(&v);
	rc = xt_strtou64(s, min, max, &v);
	if (!syntax) {
		FUZZ_CHECK(rc == -EINVAL);
	} else if (over || mag < min || mag > max) {
		FUZZ_CHECK(rc == -ERANGE);
	} else {
		FUZZ_CHECK(rc == 0 && v == mag);
		snprintf(again, sizeof(again), "%" PRIu64, v);
		FUZZ_CHECK(xt_strtou64(again, min, max, &v2) == 0 && v2 == v);
		return;
	}
	FUZZ_CHECK(FUZZ_UNTOUCHED(&v));
}

static void check_s64(const char *s, int64_t min, int64_t max)
{
	bool neg = *s == '-', over, syntax;
	int64_t v, v2, want;
	uint64_t mag;
	char again[32];
	int rc;

	syntax = digits(s + neg, 10, &mag, &over);
	FUZZ_POISON(&v);
	rc = xt_strtos64(s, min, max, &v);
	if (!syntax) {
		FUZZ_CHECK(rc == -EINVAL);
	} else if (!fits(neg, mag, over, min, max, &want)) {
		FUZZ_CHECK(rc == -ERANGE);
	} else {
		FUZZ_CHECK(rc == 0 && v == want);
		snprintf(again, sizeof(again), "%" PRId64, v);
		FUZZ_CHECK(xt_strtos64(again, min, max, &v2) == 0 && v2 == v);
		return;
	}
	FUZZ_CHECK(FUZZ_UNTOUCHED(&v));
}

static void reparse_c(const char *text, int64_t min, int64_t max, int64_t v)
{
	int64_t v2;

	FUZZ_CHECK(xt_strtos64_c(text, min, max, &v2) == 0 && v2 == v);
}

static void check_s64_c(const char *s, int64_t min, int64_t max)
{
	bool neg = *s == '-', over, syntax;
	const char *d = s + neg;
	int64_t v, want;
	uint64_t mag;
	char again[40];
	int rc;

	if (d[0] == '0' && (d[1] == 'x' || d[1] == 'X'))
		syntax = digits(d + 2, 16, &mag, &over);
	else if (d[0] == '0')
		syntax = digits(d, 8, &mag, &over);
	else
		syntax = digits(d, 10, &mag, &over);
	FUZZ_POISON(&v);
	rc = xt_strtos64_c(s, min, max, &v);
	if (!syntax) {
		FUZZ_CHECK(rc == -EINVAL);
	} else if (!fits(neg, mag, over, min, max, &want)) {
		FUZZ_CHECK(rc == -ERANGE);
	} else {
		uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
		const char *sign = v < 0 ? "-" : "";

		FUZZ_CHECK(rc == 0 && v == want);
		/* printed back in each of the three bases, it reads the same */
		snprintf(again, sizeof(again), "%" PRId64, v);
		reparse_c(again, min, max, v);
		snprintf(again, sizeof(again), "%s0x%" PRIx64, sign, m);
		reparse_c(again, min, max, v);
		snprintf(again, sizeof(again), "%s0%" PRIo64, sign, m);
		reparse_c(again, min, max, v);
		return;
	}
	FUZZ_CHECK(FUZZ_UNTOUCHED(&v));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned pick;
	char *s;

	if (size == 0)
		return 0;
	pick = data[0];
	s = fuzz_string(data + 1, size - 1);
	check_u64(s, urange[pick % ARRAY_SIZE(urange)].min, urange[pick % ARRAY_SIZE(urange)].max);
	check_s64(s, srange[pick % ARRAY_SIZE(srange)].min, srange[pick % ARRAY_SIZE(srange)].max);
	check_s64_c(s, srange[pick % ARRAY_SIZE(srange)].min,
		    srange[pick % ARRAY_SIZE(srange)].max);
	free(s);
	return 0;
}
