/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ready.h - --ready-fd: tell the caller, through a descriptor it hands us,
 * the pid of the process that runs the program, once everything is set up.
 *
 * The contract scripts rely on: exactly one line "PID\n" is written, and
 * only when every namespace, id map, mount, bind, root and working
 * directory is in place; then the descriptor is closed. When set-up fails
 * it is closed with nothing written, so `read pid` (or $(...)) sees EOF.
 * The program never inherits it.
 */
#ifndef XT_READY_H
#define XT_READY_H

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

/**
 * xt_ready_fd_parse() - read the FD of --ready-fd and claim it
 * @arg: the option's argument, a decimal descriptor number
 * @fd: where to store it
 *
 * The descriptor must be open and not 0, 1 or 2 (the program needs those;
 * a pid written to its stdout would also keep a $(...) reader waiting for
 * the program). It is made close-on-exec, so the program never gets it.
 *
 * Return: 0, -EINVAL for a bad number or a standard descriptor, or -EBADF.
 */
int xt_ready_fd_parse(const char *arg, int *fd);

/**
 * xt_ready_fd_report() - write "@pid\n" to @fd and close it
 * @fd: the descriptor from xt_ready_fd_parse(), or -1 (nothing to do)
 * @pid: the pid of the program's process, as the caller sees it
 *
 * SIGPIPE is held back while writing, so a reader that went away costs an
 * -EPIPE, not our life (and no disposition leaks into the program).
 *
 * Return: 0 or -errno; the descriptor is closed either way.
 */
int xt_ready_fd_report(int fd, pid_t pid);

/* For tools: --ready-fd's descriptor, or die with the reason. */
static inline int xt_ready_fd_or_err(const char *arg)
{
	int fd, rc = xt_ready_fd_parse(arg, &fd);

	if (rc == -EINVAL)
		errx(EXIT_FAILURE, "--ready-fd: '%s' is not a descriptor above 2", arg);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "--ready-fd %s", arg);
	return fd;
}

/* For tools: report @pid; a reader that went away is worth a warning only. */
static inline void xt_ready_report_or_warn(int fd, pid_t pid)
{
	int rc = xt_ready_fd_report(fd, pid);

	if (rc < 0)
		warnc(-rc, "cannot write the pid to --ready-fd");
}

/*
 * For tools that fork: after the child's sync record, @sync_rc 0 (end of
 * file: the child has executed the program) reports @child; anything else
 * (a set-up error) closes @fd unwritten, at once, so that a reader does not
 * wait for the child's end.
 */
static inline void xt_ready_after_sync(int fd, int sync_rc, pid_t child)
{
	if (sync_rc == 0)
		xt_ready_report_or_warn(fd, child);
	else if (fd >= 0)
		close(fd);
}

#endif /* XT_READY_H */
