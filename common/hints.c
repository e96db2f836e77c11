/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hints.c - explain errnos with a known cause.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "hints.h"
#include "nsfile.h"

/* The number in a /proc/sys file, or -1 when it cannot be read. */
static long read_sysctl(const char *path)
{
	long v = xt_read_long(path);

	return v < 0 ? -1 : v;
}

static const char *userns_eperm(char *buf, size_t size)
{
	if (read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		snprintf(buf, size,
			 "sysctl kernel.unprivileged_userns_clone is 0: "
			 "unprivileged user namespaces are disabled");
	else if (read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		snprintf(buf, size,
			 "sysctl kernel.apparmor_restrict_unprivileged_userns is 1: "
			 "AppArmor allows user namespaces only to profiled programs");
	else
		snprintf(buf, size,
			 "a process in a chroot, or confined by seccomp or an LSM, "
			 "cannot create user namespaces");
	return buf;
}

static const char *limit_reached(int flags, char *buf, size_t size)
{
	const char *zero = NULL, *name = NULL;
	long limit = -1;

	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++) {
		char path[64];
		long v;

		if (!(flags & xt_nskinds[i].flag))
			continue;
		snprintf(path, sizeof(path), "/proc/sys/user/max_%s_namespaces",
			 xt_nskinds[i].name);
		v = read_sysctl(path);
		if (v == 0 && !zero)
			zero = xt_nskinds[i].name;
		if (!name) {
			name = xt_nskinds[i].name;
			limit = v;
		}
	}
	if (zero)
		snprintf(buf, size,
			 "sysctl user.max_%s_namespaces is 0: "
			 "such namespaces cannot be created",
			 zero);
	else if (name && flags & (CLONE_NEWUSER | CLONE_NEWPID))
		snprintf(buf, size,
			 "a namespace limit was reached: see the sysctls "
			 "user.max_*_namespaces (user.max_%s_namespaces is %ld), "
			 "or 32 nested user or pid namespaces",
			 name, limit);
	else if (name)
		snprintf(buf, size,
			 "a namespace limit was reached: see the sysctls "
			 "user.max_*_namespaces (user.max_%s_namespaces is %ld)",
			 name, limit);
	else
		return NULL;
	return buf;
}

const char *xt_unshare_hint(int err, int flags, char *buf, size_t size)
{
	switch (err) {
	case EPERM:
		if (flags & CLONE_NEWUSER)
			return userns_eperm(buf, size);
		snprintf(buf, size,
			 "namespaces other than user namespaces need CAP_SYS_ADMIN: "
			 "run as root, or add --user (-U) with --map-root-user (-r)");
		return buf;
	case ENOSPC:
		return limit_reached(flags, buf, size);
	case EUSERS:
		snprintf(buf, size, "too many nested user namespaces (the kernel allows 32)");
		return buf;
	case EINVAL:
		snprintf(buf, size,
			 "the kernel may lack one of the namespace kinds asked for "
			 "(time namespaces need Linux 5.6)");
		return buf;
	default:
		return NULL;
	}
}

const char *xt_mount_hint(int err, char *buf, size_t size)
{
	if (err != ENOSPC)
		return NULL;
	snprintf(buf, size, "the mount table is full: see the sysctl fs.mount-max (now %ld)",
		 read_sysctl("/proc/sys/fs/mount-max"));
	return buf;
}

/*
 * Is @target another user's? Root never meets one; for others /proc/PID
 * belongs to the target's user (or to root, when it is not dumpable).
 */
static int target_is_foreign(pid_t target)
{
	char path[32];
	struct stat st;

	if (geteuid() == 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d", (int)target);
	return stat(path, &st) < 0 || st.st_uid != geteuid();
}

const char *xt_setns_hint(int err, int kinds, pid_t target)
{
	int same = err == EPERM && target ? xt_ns_same(target, xt_nskind_by_flag(CLONE_NEWUSER)) :
					    0;

	if ((same == -EACCES || same == -EPERM) && target_is_foreign(target))
		return "the target belongs to another user: only root may join its namespaces";
	if (err == EPERM && (kinds & CLONE_NEWUSER))
		return "joining a user namespace needs CAP_SYS_ADMIN in it: it must be "
		       "owned by you, or you must be root";
	if (same == 1)
		return "these namespaces belong to your own user namespace, where you lack "
		       "CAP_SYS_ADMIN: run as root";
	if (err == EPERM)
		return "joining a namespace needs CAP_SYS_ADMIN in the user namespace that "
		       "owns it: add -U (--user) to enter that one too";
	if (err == EINVAL && (kinds & CLONE_NEWPID))
		return "a pid namespace can be joined only if it is the caller's own or "
		       "a descendant of it";
	if (err == EINVAL && (kinds & CLONE_NEWUSER))
		return "a process cannot re-enter the user namespace it is in";
	return NULL;
}
