/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsfile.h - the one table of namespace kinds, and helpers around it.
 */
#ifndef XT_NSFILE_H
#define XT_NSFILE_H

#include <sched.h>
#include <sys/types.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/**
 * struct xt_nskind - one namespace kind
 * @name: entry under /proc/PID/ns/ ("mnt", "net", ...)
 * @longopt: the tools' long option ("mount", "net", ...)
 * @letter: the tools' short option ('m', 'n', ...)
 * @flag: CLONE_NEW* value
 * @persist: the /proc/PID/ns/ entry a new namespace of this kind is bound
 *           from: pid and time namespaces apply to children only, so theirs is
 *           "*_for_children"
 */
struct xt_nskind {
	const char *name;
	const char *longopt;
	int letter;
	int flag;
	const char *persist;
};

/*
 * The table, in the order namespaces are entered and persisted: user first
 * (entering it first grants capabilities inside it), mount late (after it,
 * paths resolve in the new tree), time last.
 */
extern const struct xt_nskind xt_nskinds[];
/* its size, for arrays indexed like it (nsfile.c checks that it is right) */
#define XT_NSKINDS_COUNT 8

#define XT_ALL_NS_FLAGS                                                                 \
	(CLONE_NEWUSER | CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET | \
	 CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWTIME)

/** xt_nskind_by_flag() - the kind of one CLONE_NEW* flag, or NULL. */
const struct xt_nskind *xt_nskind_by_flag(int flag);

/** xt_nskind_by_letter() - the kind of an option letter, or NULL. */
const struct xt_nskind *xt_nskind_by_letter(int letter);

/**
 * xt_ns_type() - the CLONE_NEW* kind of an open namespace file
 * Return: the flag, -ENOTTY when @fd is not a namespace file, or -errno.
 */
int xt_ns_type(int fd);

/** xt_ns_open() - open a namespace file read-only, close-on-exec. fd or -errno. */
int xt_ns_open(const char *path);

/**
 * xt_pidfd_open() - pin process @pid (close-on-exec, as every pidfd)
 * Return: the pidfd, -ENOSYS on kernels before 5.3, or -errno (ESRCH).
 */
int xt_pidfd_open(pid_t pid);

/** xt_pidfd_alive() - 0 while the pinned process lives, -ESRCH once it is gone. */
int xt_pidfd_alive(int pidfd);

/**
 * xt_ns_same() - is the @kind namespace of @pid the caller's own?
 * Return: 1, 0, or -errno (a kind the kernel lacks: -ENOENT).
 */
int xt_ns_same(pid_t pid, const struct xt_nskind *kind);

/** xt_ns_user_parent() - the parent user namespace of the one @fd refers to. */
int xt_ns_user_parent(int fd);

#endif
