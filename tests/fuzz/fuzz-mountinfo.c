/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/PID/mountinfo: xt_mounts_parse() on the whole input as a file,
 * xt_mount_parse_line() on its first line. Each mount read is written back
 * as the kernel would (octal escapes for blank, tab, newline, backslash)
 * and must read back the same.
 */
#include <errno.h>
#include <stdbool.h>

#include "fuzz.h"
#include "mountinfo.h"

/* @s escaped as the kernel's show_mountinfo() escapes a mount point. */
static char *kernel_escape(const char *s)
{
	char *out = malloc(4 * strlen(s) + 1), *w = out;

	FUZZ_CHECK(out != NULL);
	for (; *s; s++) {
		if (strchr(" \t\n\\", *s)) {
			sprintf(w, "\\%03o", (unsigned char)*s);
			w += 4;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
	return out;
}

static bool same(const struct xt_mount *a, const struct xt_mount *b)
{
	return a->id == b->id && a->parent == b->parent && a->shared == b->shared &&
	       a->master == b->master && a->unbindable == b->unbindable &&
	       strcmp(a->target, b->target) == 0;
}

static void round_trip(const struct xt_mount *mnt)
{
	char *target = kernel_escape(mnt->target), *line;
	struct xt_mount again;
	char shared[24] = "", master[24] = "";

	if (mnt->shared)
		snprintf(shared, sizeof(shared), " shared:%u", mnt->shared);
	if (mnt->master)
		snprintf(master, sizeof(master), " master:%u", mnt->master);
	FUZZ_CHECK(asprintf(&line, "%u %u 0:42 / %s rw,relatime%s%s%s - tmpfs tmpfs rw\n", mnt->id,
			    mnt->parent, target, shared, master,
			    mnt->unbindable ? " unbindable" : "") > 0);
	FUZZ_CHECK(xt_mount_parse_line(line, &again) == 0);
	FUZZ_CHECK(same(mnt, &again));
	free(again.target);
	free(line);
	free(target);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_string(data, size), *nl;
	struct xt_mounts m;
	struct xt_mount first;
	FILE *f;
	int rc;

	if (size == 0) {
		free(buf);
		return 0;
	}
	f = fmemopen(buf, size, "r");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(xt_mounts_parse(&m, f) == 0);
	fclose(f);
	for (size_t i = 0; i < m.n; i++) {
		FUZZ_CHECK(m.v[i].target != NULL);
		FUZZ_CHECK(xt_mounts_find(&m, m.v[i].id) != NULL);
		FUZZ_CHECK(xt_mounts_find(&m, m.v[i].id)->id == m.v[i].id);
		round_trip(&m.v[i]);
	}

	/* the first line alone: refused, it leaves the output alone */
	nl = memchr(buf, '\n', size);
	if (nl)
		nl[1] = '\0';
	FUZZ_POISON(&first);
	rc = xt_mount_parse_line(buf, &first);
	FUZZ_CHECK(rc == 0 || rc == -EINVAL);
	if (rc < 0) {
		FUZZ_CHECK(FUZZ_UNTOUCHED(&first));
	} else {
		FUZZ_CHECK(m.n >= 1 && same(&first, &m.v[0]));
		free(first.target);
	}
	xt_mounts_free(&m);
	free(buf);
	return 0;
}
