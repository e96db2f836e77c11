/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of common/mountinfo.c: octal escapes, optional fields, files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mountinfo.h"
#include "tap.h"

/* Parse @text as one line; the mount, or id 0 when refused. */
static struct xt_mount line(const char *text, int *rc)
{
	char *copy = strdup(text);
	struct xt_mount m = { 0 };

	*rc = xt_mount_parse_line(copy, &m);
	free(copy);
	return m;
}

static void target_is(const char *text, const char *want)
{
	int rc;
	struct xt_mount m = line(text, &rc);

	ok(rc == 0 && strcmp(m.target, want) == 0, "target of '%s'", text);
	free(m.target);
}

static void test_propagation_word(void)
{
	ok(strcmp(xt_propagation_word(false, false, false), "private") == 0, "word: private");
	ok(strcmp(xt_propagation_word(true, false, false), "shared") == 0, "word: shared");
	ok(strcmp(xt_propagation_word(false, true, false), "private,slave") == 0,
	   "word: private,slave");
	ok(strcmp(xt_propagation_word(true, true, false), "shared,slave") == 0,
	   "word: shared,slave");
	ok(strcmp(xt_propagation_word(false, false, true), "private,unbindable") == 0,
	   "word: private,unbindable");
}

int main(void)
{
	struct xt_mounts ms;
	struct xt_mount m, poison;
	char path[] = "/tmp/xt-mountinfo-XXXXXX", *buf;
	int rc, fd;
	FILE *f;

	m = line("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw\n", &rc);
	ok(rc == 0 && m.id == 36 && m.parent == 35 && m.master == 1 && m.shared == 0 &&
		   !m.unbindable && strcmp(m.target, "/mnt2") == 0,
	   "proc(5) example");
	free(m.target);
	m = line("1 2 0:1 / /a rw shared:5 master:3 propagate_from:2 unbindable - t t rw", &rc);
	ok(rc == 0 && m.shared == 5 && m.master == 3 && m.unbindable, "all optional fields");
	free(m.target);
	m = line("1 2 0:1 / /a rw - t t rw shared:5 unbindable", &rc);
	ok(rc == 0 && m.shared == 0 && !m.unbindable, "tags after '-' are not optional fields");
	free(m.target);
	m = line("1 2 0:1 / /a rw", &rc);
	ok(rc == 0 && m.shared == 0 && m.master == 0, "no separator, no optional field");
	free(m.target);

	target_is("1 2 0:1 / /a\\040b rw - t t rw", "/a b");
	target_is("1 2 0:1 / /a\\011b\\012c rw - t t rw", "/a\tb\nc");
	target_is("1 2 0:1 / /back\\134slash rw - t t rw", "/back\\slash");
	target_is("1 2 0:1 / /\\040\\040 rw - t t rw", "/  ");
	target_is("1 2 0:1 / /a\\1b rw - t t rw", "/a\\1b");
	target_is("1 2 0:1 / /a\\400 rw - t t rw", "/a\\400");
	target_is("1 2 0:1 / /a\\08 rw - t t rw", "/a\\08");
	target_is("1 2 0:1 / /end\\ rw - t t rw", "/end\\");
	target_is("1 2 0:1 / /a\\000b rw - t t rw", "/a\\000b");

	memset(&poison, 0xa5, sizeof(poison));
	m = poison;
	{
		char short_line[] = "1 2 3 4";
		char no_opts[] = "1 2 3 4 5";
		char empty[] = "\n";

		ok(xt_mount_parse_line(short_line, &m) == -EINVAL &&
			   memcmp(&m, &poison, sizeof(m)) == 0,
		   "four fields refused, output untouched");
		ok(xt_mount_parse_line(no_opts, &m) == -EINVAL &&
			   memcmp(&m, &poison, sizeof(m)) == 0,
		   "no mount options refused");
		ok(xt_mount_parse_line(empty, &m) == -EINVAL, "empty line refused");
	}

	/* a whole file: bad lines are skipped, the others kept in order */
	fd = mkstemp(path);
	ok(fd >= 0, "temporary file");
	f = fdopen(fd, "w");
	fputs("21 1 0:20 / / rw shared:1 - ext4 /dev/sda1 rw\n"
	      "garbage\n"
	      "22 21 0:21 / /media/My\\040Disk rw shared:30 - vfat /dev/sdb1 rw\n"
	      "23 21 0:22 / /priv rw unbindable - tmpfs tmpfs rw\n",
	      f);
	fclose(f);
	ok(xt_mounts_read(&ms, path) == 0 && ms.n == 3, "file: three mounts");
	ok(ms.n == 3 && strcmp(ms.v[1].target, "/media/My Disk") == 0 && ms.v[1].shared == 30,
	   "file: escaped mount point");
	ok(xt_mounts_find(&ms, 23) == &ms.v[2] && ms.v[2].unbindable, "find by id");
	ok(xt_mounts_find(&ms, 99) == NULL, "unknown id");
	xt_mounts_free(&ms);
	ok(ms.n == 0 && ms.v == NULL, "freed");
	unlink(path);
	ok(xt_mounts_read(&ms, path) == -ENOENT && ms.n == 0, "missing file: -ENOENT");

	/* the kernel's own file parses, and has a root */
	ok(xt_mounts_read(&ms, "/proc/self/mountinfo") == 0 && ms.n > 0, "/proc/self/mountinfo");
	xt_mounts_free(&ms);

	buf = strdup("5 1 0:1 / /x rw - t t rw\n6 1 0:1 / /y rw - t t rw");
	f = fmemopen(buf, strlen(buf), "r");
	ok(f && xt_mounts_parse(&ms, f) == 0 && ms.n == 2 && strcmp(ms.v[1].target, "/y") == 0,
	   "stream: last line without newline");
	if (f)
		fclose(f);
	xt_mounts_free(&ms);
	free(buf);
	test_propagation_word();
	return tap_done();
}
