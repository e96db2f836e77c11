/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floor - the least a job needs: only its system calls, then exec.
 *   floor userns-root PROG...   unshare(USER), single maps, exec
 *   floor mount PROG...         unshare(NS), rprivate /, exec
 *   floor net PROG...           unshare(NET), exec
 *   floor pidproc PROG...       unshare(PID|NS), rprivate /, fork, mount proc, exec
 *   floor all PROG...           unshare(all 8), maps, rprivate /, fork, exec
 *   floor enter PID PROG...     pidfd_open, one setns(all but cgroup/time), fork, exec
 * No error messages: a failure is exit 1.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
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
	} else {
		fputs("usage: floor MODE [PID] PROG...\n", stderr);
		return 2;
	}
	execv(argv[2], argv + 2);
	return 127;
}
