/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn.c - the one vfork-style child (see spawn.h).
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include "c.h"
#include "spawn.h"

pid_t xt_spawn(int (*fn)(void *arg), void *arg, unsigned int flags)
{
	/* one child at a time uses it: we sleep until it has exec'd or exited */
	static char stack[65536] __attribute__((aligned(16)));
	pid_t pid;

#ifdef XT_ASAN
	if (!(flags & XT_SPAWN_SHARE_VM)) {
		pid = fork();
		if (pid == 0)
			_exit(fn(arg));
		return pid < 0 ? -errno : pid;
	}
#else
	(void)flags;
#endif
	pid = clone(fn, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
	return pid < 0 ? -errno : pid;
}
