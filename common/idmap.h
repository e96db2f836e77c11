/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * idmap.h - uid/gid maps: parsing, /etc/subuid, merging a single id into
 * ranges, and writing /proc/PID/{uid,gid}_map directly or via newuidmap.
 */
#ifndef XT_IDMAP_H
#define XT_IDMAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Marks an "auto" range: its inner ids start at 0, around any single map. */
#define XT_IDMAP_AUTO UINT32_MAX

struct xt_idrange {
	uint32_t inner; /* first id inside, or XT_IDMAP_AUTO */
	uint32_t outer; /* first id outside */
	uint32_t count;
};

struct xt_idmap {
	struct xt_idrange *r;
	size_t n;
};

/* The kernel takes at most 340 lines and 4096 bytes per map. */
#define XT_IDMAP_MAX_LINES 340

/**
 * xt_idrange_parse() - parse "inner:outer:count" or legacy "outer,inner,count"
 *
 * Each number strict (0..4294967294), count at least 1, and neither range may
 * run past 4294967295. Return: 0 or -EINVAL/-ERANGE.
 */
int xt_idrange_parse(const char *s, struct xt_idrange *out);

/** xt_idmap_add() - append a range. 0 or -ENOMEM/-E2BIG. */
int xt_idmap_add(struct xt_idmap *m, struct xt_idrange r);

/** xt_idmap_free() - release the ranges. */
void xt_idmap_free(struct xt_idmap *m);

/**
 * xt_idmap_subid() - the first range of @user (or of @uid) in a subid file
 * @path: /etc/subuid or /etc/subgid (both are keyed by the user)
 * @identity: map the range onto itself (subids) instead of from 0 (auto)
 *
 * Return: 0, -ENOENT when no line matches, -errno when @path cannot be read,
 * -EINVAL for a malformed matching line.
 */
int xt_idmap_subid(const char *path, const char *user, uid_t uid, int identity,
		   struct xt_idrange *out);

/**
 * xt_idmap_subid_line() - one line of a subid file, "NAME:START:COUNT"
 * @line: the line (a '\n' ends it); cut into its fields in place
 *
 * Return: 0 with @out set when NAME is @user or @uid, -ENOENT when the line
 * is another user's (or has no ':'), -EINVAL when it is ours but malformed
 * (@out is then left alone).
 */
int xt_idmap_subid_line(char *line, const char *user, uid_t uid, int identity,
			struct xt_idrange *out);

/**
 * xt_idmap_all() - every id of the caller's own map, mapped onto itself
 * @path: /proc/self/uid_map or /proc/self/gid_map
 */
int xt_idmap_all(const char *path, struct xt_idmap *m);

/**
 * xt_idmap_merge_single() - put one id mapping first, punching it out of
 * the ranges
 *
 * An explicit range that contains @inner or @outer loses one id there; an
 * auto range is laid out from inner 0 upwards, skipping @inner, and keeps
 * its size unless @outer falls inside it. Resolves every XT_IDMAP_AUTO.
 * Pass @inner == XT_IDMAP_AUTO for no single mapping.
 */
int xt_idmap_merge_single(struct xt_idmap *m, uint32_t inner, uint32_t outer);

/**
 * xt_idmap_format() - the map as the kernel wants it: "inner outer count\n"...
 * Return: length, or -E2BIG when it does not fit @size or the kernel's limit.
 */
int xt_idmap_format(const struct xt_idmap *m, char *buf, size_t size);

/**
 * xt_idmap_write() - write /proc/@pid/@which ("uid_map" or "gid_map")
 * directly, all ranges in one write (needs CAP_SETUID/CAP_SETGID over the
 * parent user namespace, or a single mapping of one's own id).
 */
int xt_idmap_write(pid_t pid, const char *which, const struct xt_idmap *m);

/**
 * xt_idmap_helper_argv() - the argv of newuidmap/newgidmap for @pid:
 * "HELPER PID inner outer count ...", NULL-terminated, one allocation each;
 * free with xt_argv_free(). NULL on ENOMEM.
 */
char **xt_idmap_helper_argv(const char *helper, pid_t pid, const struct xt_idmap *m);
void xt_argv_free(char **argv);

/**
 * xt_setgroups_denied() - does /proc/self/setgroups say "deny"? Then
 * setgroups(2) fails with EPERM for everyone in our user namespace, and
 * the supplementary groups can no longer be dropped.
 * Return: 1, 0 ("allow"), or -errno when the file cannot be read.
 */
int xt_setgroups_denied(void);

#endif
