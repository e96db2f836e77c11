/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * procwait.c - wait for a child and pass its status on faithfully.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procwait.h"
#include "sync.h"

int xt_waitpid(pid_t pid, int *status, int options)
{
	pid_t rc;

	do
		rc = waitpid(pid, status, options);
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	return rc == 0 ? -EAGAIN : 0;
}

void xt_die_by_signal(int sig)
{
	struct rlimit nocore = { 0, 0 };
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigset_t set;

	fflush(stdout);
	setrlimit(RLIMIT_CORE, &nocore);
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), sig);
	/* only reached for a signal whose default action is not to die */
	_exit(128 + sig);
}

void xt_exit_like(int status)
{
	if (WIFSIGNALED(status))
		xt_die_by_signal(WTERMSIG(status));
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_FAILURE);
}

void xt_kill_and_reap(pid_t pid)
{
	int status;

	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	xt_waitpid(pid, &status, 0);
}

int xt_run_program(char *const argv[], int *status)
{
	struct xt_sync sync;
	struct xt_sync_msg msg;
	pid_t pid;
	int fd, rc;

	rc = xt_sync_init(&sync);
	if (rc < 0)
		return rc;
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		xt_sync_close(&sync);
		return rc;
	}
	if (pid == 0) {
		fd = xt_sync_child(&sync);
		execvp(argv[0], argv);
		xt_sync_send_error(fd, errno, 127, "failed to execute %s", argv[0]);
		_exit(127);
	}
	fd = xt_sync_parent(&sync);
	/* EOF: the close-on-exec end went away with a successful exec */
	rc = xt_sync_recv(fd, &msg);
	close(fd);
	if (rc == 1 && msg.kind == XT_SYNC_ERROR) {
		xt_waitpid(pid, status, 0);
		return -msg.err;
	}
	rc = xt_waitpid(pid, status, 0);
	return rc;
}

int xt_wait_forwarding(pid_t child, const sigset_t *waitset, const sigset_t *forward,
		       bool follow_stops)
{
	int status, sig;
	int options = WNOHANG | (follow_stops ? WUNTRACED : 0);

	for (;;) {
		sig = sigwaitinfo(waitset, NULL);
		if (sig < 0)
			continue; /* EINTR: we were stopped and continued */
		if (sig != SIGCHLD) {
			if (sigismember(forward, sig) == 1)
				kill(child, sig);
			continue;
		}
		/* SIGCHLD: exited, killed, or (with WUNTRACED) stopped */
		while (xt_waitpid(child, &status, options) == 0) {
			if (!WIFSTOPPED(status))
				return status;
			kill(getpid(), SIGSTOP);
			kill(child, SIGCONT);
		}
	}
}
