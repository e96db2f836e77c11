/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floor - the least a job needs: only its system calls, then exec.
 *   floor userns-root PROG...   unshare(USER), single maps, exec
 *   floor mount PROG...         unshare(NS), rprivate /, exec
 *   floor net PROG...           unshare(NET), exec
 *   floor pidproc PROG...       unshare(PID|NS), rprivate /, fork, mount proc, exec
 *   floor all PROG...           unshare(all 8), maps, rprivate /, fork, exec
 *   floor enter PID PROG...     pidfd_open, one setns(all but cgroup/time), fork, exec
 *   floor setprop [r]TYPE PATH  one mount_setattr (AT_RECURSIVE for rTYPE), no exec
 *   floor mounttree DIR N       N tmpfs mounts DIR/m0... (bench set-up, untimed)
 * No error messages: a failure is exit 1.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* No close(): the descriptor is close-on-exec, and exec is near. */
static void put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, s, strlen(s)) < 0)
		_exit(1);
}

static void maps(uid_t uid, gid_t gid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "0 %u 1", uid);
	put("/proc/self/uid_map", buf);
	put("/proc/self/setgroups", "deny");
	snprintf(buf, sizeof(buf), "0 %u 1", gid);
	put("/proc/self/gid_map", buf);
}

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

/* setprop: what `xmountprop [-r] TYPE PATH` must do, and no more. */
static int setprop(const char *type, const char *path)
{
	static const struct {
		const char *word;
		unsigned long flag;
	} types[] = { { "shared", MS_SHARED },
		      { "slave", MS_SLAVE },
		      { "private", MS_PRIVATE },
		      { "unbindable", MS_UNBINDABLE } };
	unsigned int flags = 0;
	struct mount_attr attr = { 0 };

	if (type[0] == 'r') {
		flags = AT_RECURSIVE;
		type++;
	}
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(type, types[i].word))
			attr.propagation = types[i].flag;
	if (!attr.propagation)
		return 2;
	return syscall(SYS_mount_setattr, AT_FDCWD, path, flags, &attr, sizeof(attr)) ? 1 : 0;
}

static int mounttree(const char *dir, int n)
{
	char path[4096];

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/m%d", dir, i);
		if (mkdir(path, 0755) || mount("bench-tree", path, "tmpfs", 0, "size=16k"))
			return 1;
	}
	return 0;
}

static int fork_exec(char **argv, int proc)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (proc && mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL))
			_exit(1);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	const char *mode = argc > 2 ? argv[1] : "";

	if (!strcmp(mode, "userns-root")) {
		if (unshare(CLONE_NEWUSER))
			return 1;
		maps(uid, gid);
	} else if (!strcmp(mode, "mount")) {
		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			return 1;
	} else if (!strcmp(mode, "net")) {
		if (unshare(CLONE_NEWNET))
			return 1;
	} else if (!strcmp(mode, "pidproc")) {
		if (unshare(CLONE_NEWPID | CLONE_NEWNS) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			return 1;
		return fork_exec(argv + 2, 1);
	} else if (!strcmp(mode, "all")) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
			    CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME))
			return 1;
		maps(uid, gid);
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			return 1;
		return fork_exec(argv + 2, 0);
	} else if (!strcmp(mode, "enter") && argc > 3) {
		int fd = (int)syscall(SYS_pidfd_open, atoi(argv[2]), 0);

		if (fd < 0 || setns(fd, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
						CLONE_NEWNET | CLONE_NEWPID))
			return 1;
		return fork_exec(argv + 3, 0);
	} else if (!strcmp(mode, "setprop") && argc > 3) {
		return setprop(argv[2], argv[3]);
	} else if (!strcmp(mode, "mounttree") && argc > 3) {
		return mounttree(argv[2], atoi(argv[3]));
	} else {
		fputs("usage: floor MODE [PID] PROG...\n", stderr);
		return 2;
	}
	execv(argv[2], argv + 2);
	return 127;
}
