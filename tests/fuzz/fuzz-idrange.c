/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xt_idrange_parse(): --map-users/--map-groups ranges, "inner:outer:count"
 * and the legacy "outer,inner,count". (The words auto, subids and all are
 * told apart by strcmp in tools/xunshare.c before this parser is called.)
 */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "idmap.h"
#include "strutils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), again[80];
	struct xt_idrange r, r2;
	int rc;

	FUZZ_POISON(&r);
	rc = xt_idrange_parse(s, &r);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (rc < 0) {
		FUZZ_CHECK(FUZZ_UNTOUCHED(&r));
		free(s);
		return 0;
	}
	FUZZ_CHECK(r.count >= 1 && r.inner <= XT_ID_MAX && r.outer <= XT_ID_MAX);
	FUZZ_CHECK((uint64_t)r.inner + r.count <= (uint64_t)XT_ID_MAX + 1);
	FUZZ_CHECK((uint64_t)r.outer + r.count <= (uint64_t)XT_ID_MAX + 1);
	/* printed back in either syntax, it reads as the same range */
	snprintf(again, sizeof(again), "%" PRIu32 ":%" PRIu32 ":%" PRIu32, r.inner, r.outer,
		 r.count);
	FUZZ_CHECK(xt_idrange_parse(again, &r2) == 0);
	FUZZ_CHECK(r2.inner == r.inner && r2.outer == r.outer && r2.count == r.count);
	snprintf(again, sizeof(again), "%" PRIu32 ",%" PRIu32 ",%" PRIu32, r.outer, r.inner,
		 r.count);
	FUZZ_CHECK(xt_idrange_parse(again, &r2) == 0);
	FUZZ_CHECK(r2.inner == r.inner && r2.outer == r.outer && r2.count == r.count);
	/* accepted text is digits and exactly two separators of one kind */
	FUZZ_CHECK(strspn(s, "0123456789:,") == strlen(s));
	free(s);
	return 0;
}
