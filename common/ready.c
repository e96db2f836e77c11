// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ready.c - the --ready-fd report of xunshare and xnsenter (see ready.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "ready.h"
#include "strutils.h"

int xt_ready_fd_parse(const char *arg, int *fd)
{
	uint64_t n;
	int flags;

	if (xt_strtou64(arg, 0, INT32_MAX, &n) < 0 || n <= 2)
		return -EINVAL;
	flags = fcntl((int)n, F_GETFD);
	if (flags < 0 || fcntl((int)n, F_SETFD, flags | FD_CLOEXEC) < 0)
		return -errno;
	*fd = (int)n;
	return 0;
}

int xt_ready_fd_report(int fd, pid_t pid)
{
	static const struct timespec now;
	sigset_t pipe_only, old;
	char line[32];
	int len, rc = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	len = snprintf(line, sizeof(line), "%d\n", (int)pid);
	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_only, &old);
	do
		n = write(fd, line, (size_t)len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		rc = -errno;
	else if (n != len)
		rc = -EIO;
	/* our SIGPIPE is consumed here; where the caller blocked it, it stays pending */
	if (rc == -EPIPE && !sigismember(&old, SIGPIPE))
		sigtimedwait(&pipe_only, NULL, &now);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fd);
	return rc;
}
