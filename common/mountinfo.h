/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mountinfo.h - a small reader of /proc/PID/mountinfo for the paths that
 * must not load libmount (xmountprop's setting path, -v): ids, target and
 * the propagation fields.
 */
#ifndef XT_MOUNTINFO_H
#define XT_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/**
 * struct xt_mount - one line of mountinfo
 * @id: @parent: mount ids
 * @target: mount point, with the kernel's octal escapes undone
 * @shared: peer group (shared:N), 0 when not shared
 * @master: peer group it receives from (master:N), 0 when not a slave
 * @unbindable: the unbindable tag
 */
struct xt_mount {
	unsigned int id, parent;
	char *target;
	unsigned int shared, master;
	bool unbindable;
};

struct xt_mounts {
	struct xt_mount *v;
	size_t n;
};

/**
 * xt_mount_parse_line() - one line of mountinfo into @out
 * @line: cut into its fields in place
 *
 * Return: 0, -EINVAL when a field up to the mount options is missing, or
 * -ENOMEM; @out is written only on success (free its @target).
 */
int xt_mount_parse_line(char *line, struct xt_mount *out);
/** xt_mounts_parse() - every line of @f that parses. 0 or -ENOMEM. */
int xt_mounts_parse(struct xt_mounts *m, FILE *f);
/** xt_mounts_read() - read @path (a mountinfo file). 0 or -errno. */
int xt_mounts_read(struct xt_mounts *m, const char *path);
void xt_mounts_free(struct xt_mounts *m);
/** xt_mounts_find() - the mount with id @id, or NULL. */
const struct xt_mount *xt_mounts_find(const struct xt_mounts *m, unsigned int id);
/**
 * xt_propagation_word() - findmnt's PROPAGATION word for a mount with
 * these optional fields (shared:N, master:N, unbindable): "shared" or
 * "private", then ",slave", then ",unbindable" when they apply, e.g.
 * "private,slave". Return: a constant string.
 */
const char *xt_propagation_word(bool shared, bool slave, bool unbindable);

#endif
