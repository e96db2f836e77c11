/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of common/idmap.c: parsing, subid files, merging a single id. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idmap.h"
#include "tap.h"

static const char *fmt(const struct xt_idmap *m)
{
	static char buf[4096];

	if (xt_idmap_format(m, buf, sizeof(buf)) < 0)
		return "(too big)";
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ';';
	return buf;
}

static void merged(const char *what, struct xt_idrange r, uint32_t inner, uint32_t outer,
		   const char *want)
{
	struct xt_idmap m = { 0 };

	xt_idmap_add(&m, r);
	xt_idmap_merge_single(&m, inner, outer);
	ok(strcmp(fmt(&m), want) == 0, "%s: want '%s', got '%s'", what, want, fmt(&m));
	xt_idmap_free(&m);
}

static void parse_bad(const char *s)
{
	struct xt_idrange r;

	ok(xt_idrange_parse(s, &r) < 0, "'%s' refused", s);
}

int main(void)
{
	struct xt_idrange r;
	char path[] = "/tmp/xt-subuid-XXXXXX";
	int fd;

	ok(xt_idrange_parse("0:100000:65536", &r) == 0 && r.inner == 0 && r.outer == 100000 &&
		   r.count == 65536,
	   "inner:outer:count");
	ok(xt_idrange_parse("100000,0,65536", &r) == 0 && r.inner == 0 && r.outer == 100000 &&
		   r.count == 65536,
	   "legacy outer,inner,count");
	ok(xt_idrange_parse("0:0:4294967295", &r) == 0, "the whole id space");
	parse_bad("0:0:4294967296");
	parse_bad("1:0:4294967295");
	parse_bad("0:0:0");
	parse_bad("1:2");
	parse_bad("1:2:3:4");
	parse_bad("-1:0:1");
	parse_bad("0:0:1x");
	parse_bad("0,0:1");
	parse_bad("");

	/* util-linux's observable results (reference, section 3) */
	merged("-r --map-auto", (struct xt_idrange){ XT_IDMAP_AUTO, 200000, 65536 }, 0, 65534,
	       "0 65534 1;1 200000 65536;");
	merged("--map-auto alone", (struct xt_idrange){ XT_IDMAP_AUTO, 200000, 65536 },
	       XT_IDMAP_AUTO, 0, "0 200000 65536;");
	merged("explicit range loses the single id", (struct xt_idrange){ 0, 100000, 65536 }, 0, 0,
	       "0 0 1;1 100000 65535;");
	merged("hole in the middle", (struct xt_idrange){ 0, 100000, 10 }, 5, 1000,
	       "5 1000 1;0 100000 5;6 100005 4;");
	merged("outer inside the range", (struct xt_idrange){ 0, 100000, 10 }, 1000, 100003,
	       "1000 100003 1;0 100000 3;3 100004 6;");
	merged("no overlap", (struct xt_idrange){ 1, 100000, 10 }, 0, 1000,
	       "0 1000 1;1 100000 10;");

	fd = mkstemp(path);
	ok(fd >= 0, "temporary subuid file");
	dprintf(fd, "alice:100000:65536\n1234:300000:1000\nnobody:200000:65536\nbad:1\n");
	close(fd);
	ok(xt_idmap_subid(path, "nobody", 65534, 0, &r) == 0 && r.inner == XT_IDMAP_AUTO &&
		   r.outer == 200000 && r.count == 65536,
	   "subid by name, auto");
	ok(xt_idmap_subid(path, "nobody", 65534, 1, &r) == 0 && r.inner == 200000,
	   "subid by name, identity");
	ok(xt_idmap_subid(path, NULL, 1234, 0, &r) == 0 && r.outer == 300000, "subid by uid");
	ok(xt_idmap_subid(path, "carol", 999, 0, &r) == -ENOENT, "no line: -ENOENT");
	ok(xt_idmap_subid(path, "bad", 998, 0, &r) == -EINVAL, "malformed line: -EINVAL");
	unlink(path);
	ok(xt_idmap_subid("/nonexistent/subuid", "x", 1, 0, &r) == -ENOENT, "missing file");
	return tap_done();
}
