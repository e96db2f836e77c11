/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xt_idmap_subid_line(): a line of /etc/subuid or /etc/subgid,
 * "NAME:START:COUNT", as --map-users=auto/subids reads it for user "alice",
 * uid 1000.
 */
#include <errno.h>
#include <inttypes.h>

#include "fuzz.h"
#include "idmap.h"
#include "strutils.h"

static void check(const uint8_t *data, size_t size, int identity)
{
	char *line = fuzz_string(data, size), again[64];
	struct xt_idrange r, r2;
	int rc;

	FUZZ_POISON(&r);
	rc = xt_idmap_subid_line(line, "alice", 1000, identity, &r);
	FUZZ_CHECK(rc == 0 || rc == -ENOENT || rc == -EINVAL);
	if (rc < 0) {
		FUZZ_CHECK(FUZZ_UNTOUCHED(&r));
		free(line);
		return;
	}
	FUZZ_CHECK(r.count >= 1 && (uint64_t)r.outer + r.count <= (uint64_t)XT_ID_MAX + 1);
	FUZZ_CHECK(r.inner == (identity ? r.outer : XT_IDMAP_AUTO));
	snprintf(again, sizeof(again), "%s:%" PRIu32 ":%" PRIu32 "\n", line, r.outer, r.count);
	FUZZ_CHECK(xt_idmap_subid_line(again, "alice", 1000, identity, &r2) == 0);
	FUZZ_CHECK(r2.inner == r.inner && r2.outer == r.outer && r2.count == r.count);
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, 0);
	check(data, size, 1);
	return 0;
}
