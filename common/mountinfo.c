/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mountinfo.c - read /proc/PID/mountinfo (proc(5)): fields 1 (id), 2
 * (parent), 5 (mount point), then optional fields up to the "-".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mountinfo.h"

/*
 * Undo the kernel's \ooo escapes (space, tab, newline, backslash) in place.
 * \000 is left as it is: no path holds a NUL, and decoding it would cut the
 * mount point short.
 */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7' && (s[1] != '0' || s[2] != '0' || s[3] != '0')) {
			*w++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

int xt_mount_parse_line(char *line, struct xt_mount *out)
{
	char *save = NULL, *f[5], *tag;
	struct xt_mount mnt = { 0 };
	int i;

	for (i = 0; i < 5; i++) {
		f[i] = strtok_r(i ? NULL : line, " \n", &save);
		if (!f[i])
			return -EINVAL;
	}
	mnt.id = (unsigned int)strtoul(f[0], NULL, 10);
	mnt.parent = (unsigned int)strtoul(f[1], NULL, 10);
	/* fields 6.. : mount options, then optional fields until "-" */
	if (!strtok_r(NULL, " \n", &save))
		return -EINVAL;
	while ((tag = strtok_r(NULL, " \n", &save)) && strcmp(tag, "-") != 0) {
		if (strncmp(tag, "shared:", 7) == 0)
			mnt.shared = (unsigned int)strtoul(tag + 7, NULL, 10);
		else if (strncmp(tag, "master:", 7) == 0)
			mnt.master = (unsigned int)strtoul(tag + 7, NULL, 10);
		else if (strcmp(tag, "unbindable") == 0)
			mnt.unbindable = true;
		/* others (propagate_from:, future tags) are not needed here */
	}
	unescape(f[4]);
	mnt.target = strdup(f[4]);
	if (!mnt.target)
		return -ENOMEM;
	*out = mnt;
	return 0;
}

int xt_mounts_parse(struct xt_mounts *m, FILE *f)
{
	char *line = NULL;
	size_t size = 0;
	int rc = 0;

	m->v = NULL;
	m->n = 0;
	while (getline(&line, &size, f) >= 0) {
		struct xt_mount mnt, *v;

		if (xt_mount_parse_line(line, &mnt) < 0)
			continue;
		v = reallocarray(m->v, m->n + 1, sizeof(*v));
		if (!v) {
			free(mnt.target);
			rc = -ENOMEM;
			break;
		}
		m->v = v;
		m->v[m->n++] = mnt;
	}
	free(line);
	if (rc < 0)
		xt_mounts_free(m);
	return rc;
}

int xt_mounts_read(struct xt_mounts *m, const char *path)
{
	FILE *f = fopen(path, "re");
	int rc;

	if (!f) {
		m->v = NULL;
		m->n = 0;
		return -errno;
	}
	rc = xt_mounts_parse(m, f);
	fclose(f);
	return rc;
}

void xt_mounts_free(struct xt_mounts *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].target);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

const struct xt_mount *xt_mounts_find(const struct xt_mounts *m, unsigned int id)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].id == id)
			return &m->v[i];
	return NULL;
}

const char *xt_propagation_word(bool shared, bool slave, bool unbindable)
{
	static const char *const words[] = {
		"private", "private,unbindable", "private,slave", "private,slave,unbindable",
		"shared",  "shared,unbindable",	 "shared,slave",  "shared,slave,unbindable",
	};

	return words[shared << 2 | slave << 1 | unbindable];
}
