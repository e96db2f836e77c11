/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * procwait.h - the one fork/wait/exit-status path.
 */
#ifndef XT_PROCWAIT_H
#define XT_PROCWAIT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/** xt_waitpid() - waitpid() that retries on EINTR. 0 or -errno. */
int xt_waitpid(pid_t pid, int *status, int options);

/**
 * xt_exit_like() - end this process the way a child ended (wait status
 * @status): with its exit code, or killed by the same signal, so the shell
 * sees 128+S. Before re-raising, the signal is reset to SIG_DFL and
 * unblocked, and core dumps are disabled (the child already dumped one if it
 * was going to). stdout is flushed first.
 */
void xt_exit_like(int status) __attribute__((__noreturn__));

/** xt_die_by_signal() - the signal half of xt_exit_like(). */
void xt_die_by_signal(int sig) __attribute__((__noreturn__));

/** xt_kill_and_reap() - SIGKILL @pid and wait for it (parent error paths). */
void xt_kill_and_reap(pid_t pid);

/**
 * xt_run_program() - fork, execvp(@argv) and wait
 * @status: the wait status, when the program ran
 *
 * Return: 0 when the program ran (whatever its status), -errno when it could
 * not be started (fork failed, or execvp failed with that errno: the child
 * sends it back before it exits).
 */
int xt_run_program(char *const argv[], int *status);

/**
 * xt_wait_forwarding() - wait for @child while the signals in @waitset are
 * blocked (the caller blocked them before fork(), SIGCHLD among them)
 * @forward: the signals of @waitset to pass on to @child; the others are
 *           dropped while we wait
 * @follow_stops: when the child stops, stop ourselves too and continue it
 *                when we are continued (job control through the tool)
 *
 * Return: the child's wait status (exited or killed).
 */
int xt_wait_forwarding(pid_t child, const sigset_t *waitset, const sigset_t *forward,
		       bool follow_stops);

#endif
