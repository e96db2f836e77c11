/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsfile.c - the namespace table.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "c.h"
#include "nsfile.h"

const struct xt_nskind xt_nskinds[] = {
	{ "user", "user", 'U', CLONE_NEWUSER, "user" },
	{ "cgroup", "cgroup", 'C', CLONE_NEWCGROUP, "cgroup" },
	{ "ipc", "ipc", 'i', CLONE_NEWIPC, "ipc" },
	{ "uts", "uts", 'u', CLONE_NEWUTS, "uts" },
	{ "net", "net", 'n', CLONE_NEWNET, "net" },
	{ "pid", "pid", 'p', CLONE_NEWPID, "pid_for_children" },
	{ "mnt", "mount", 'm', CLONE_NEWNS, "mnt" },
	{ "time", "time", 'T', CLONE_NEWTIME, "time_for_children" },
};
_Static_assert(ARRAY_SIZE(xt_nskinds) == XT_NSKINDS_COUNT, "XT_NSKINDS_COUNT is the table's size");

const struct xt_nskind *xt_nskind_by_flag(int flag)
{
	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++)
		if (xt_nskinds[i].flag == flag)
			return &xt_nskinds[i];
	return NULL;
}

const struct xt_nskind *xt_nskind_by_letter(int letter)
{
	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++)
		if (xt_nskinds[i].letter == letter)
			return &xt_nskinds[i];
	return NULL;
}

int xt_ns_type(int fd)
{
	int rc = ioctl(fd, NS_GET_NSTYPE);

	return rc < 0 ? -errno : rc;
}

int xt_ns_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	return fd < 0 ? -errno : fd;
}

int xt_pidfd_open(pid_t pid)
{
	/* pidfds are always close-on-exec */
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	return fd < 0 ? -errno : fd;
}

int xt_pidfd_alive(int pidfd)
{
	if (syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0)
		return 0;
	return errno == EPERM ? 0 : -errno;
}

int xt_ns_same(pid_t pid, const struct xt_nskind *kind)
{
	char path[64];
	struct stat mine, theirs;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind->name);
	if (stat(path, &mine) != 0)
		return -errno;
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, kind->name);
	if (stat(path, &theirs) != 0)
		return -errno;
	return mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino;
}

int xt_ns_user_parent(int fd)
{
	int parent = ioctl(fd, NS_GET_PARENT);

	return parent < 0 ? -errno : parent;
}
