/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --map-user/--map-group/--setuid...: xt_looks_numeric() decides whether a
 * word is a number (xt_parse_id) or a name (never looked up when numeric,
 * CVE-2016-3697); xt_parse_pid() for pids.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "fuzz.h"
#include "strutils.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), again[32];
	uint32_t id, id2;
	pid_t pid, pid2;
	int rc;

	FUZZ_POISON(&id);
	rc = xt_parse_id(s, &id);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (rc == 0) {
		/* a word read as an id is a numeric word: never a user name */
		FUZZ_CHECK(xt_looks_numeric(s));
		FUZZ_CHECK(id <= XT_ID_MAX);
		snprintf(again, sizeof(again), "%" PRIu32, id);
		FUZZ_CHECK(xt_parse_id(again, &id2) == 0 && id2 == id);
	} else {
		FUZZ_CHECK(FUZZ_UNTOUCHED(&id));
	}

	FUZZ_POISON(&pid);
	rc = xt_parse_pid(s, &pid);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE);
	if (rc == 0) {
		FUZZ_CHECK(xt_looks_numeric(s) && pid >= 1);
		snprintf(again, sizeof(again), "%d", (int)pid);
		FUZZ_CHECK(xt_parse_pid(again, &pid2) == 0 && pid2 == pid);
		FUZZ_CHECK(xt_parse_id(s, &id2) == 0 && id2 == (uint32_t)pid);
	} else {
		FUZZ_CHECK(FUZZ_UNTOUCHED(&pid));
	}
	free(s);
	return 0;
}
