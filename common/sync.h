/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sync.h - parent/child synchronisation over one SOCK_SEQPACKET pair.
 *
 * Each side closes the other's end on the line after fork(). Messages are
 * fixed-size records, so one read is one message, and EOF means the other
 * side is gone: it exited, died, or (the end being close-on-exec) executed
 * its program. A child never prints: it sends an error record and the
 * parent prints the one message: one failure, one message, from one process.
 */
#ifndef XT_SYNC_H
#define XT_SYNC_H

#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum xt_sync_kind {
	XT_SYNC_GO = 1, /* "carry on with stage N" */
	XT_SYNC_DONE,	/* "stage N finished" */
	XT_SYNC_ERROR,	/* errno + what failed */
};

struct xt_sync_msg {
	int kind;
	int stage;  /* GO/DONE: which stage */
	int err;    /* ERROR: the errno (0: the text says it all) */
	int status; /* ERROR: exit status the sender will use */
	char what[512];
};

struct xt_sync {
	int parent_fd; /* the parent's end */
	int child_fd;  /* the child's end */
};

/** xt_sync_init() - make the pair (close-on-exec). 0 or -errno. */
int xt_sync_init(struct xt_sync *s);

/** xt_sync_parent() - in the parent after fork: close the child's end, return ours. */
int xt_sync_parent(struct xt_sync *s);

/** xt_sync_child() - in the child after fork: close the parent's end, return ours. */
int xt_sync_child(struct xt_sync *s);

/** xt_sync_close() - close both ends (no fork happened). */
void xt_sync_close(struct xt_sync *s);

/** xt_sync_send() - send a GO or DONE record for @stage. 0 or -errno. */
int xt_sync_send(int fd, int kind, int stage);

/**
 * xt_sync_send_error() - report a failure: @err (an errno, or 0), the exit
 * status the sender is about to use, and a printf-style description.
 */
int xt_sync_send_error(int fd, int err, int status, const char *fmt, ...)
	__attribute__((__format__(__printf__, 4, 5)));

/**
 * xt_sync_recv() - wait for the next record
 * Return: 1 with @msg filled, 0 on EOF (the other side is gone or has
 * exec'd), -errno on error.
 */
int xt_sync_recv(int fd, struct xt_sync_msg *msg);

/**
 * xt_die() - for tools: end with one message. In a forked child
 * (@report_fd >= 0) the message goes to the parent, which prints it;
 * elsewhere it is printed here: "TOOL: what: strerror(err)", or without the
 * strerror part when @err is 0.
 */
static inline void __attribute__((__noreturn__, __format__(__printf__, 4, 5)))
xt_die(int report_fd, int status, int err, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (report_fd >= 0) {
		xt_sync_send_error(report_fd, err, status, "%s", what);
		_exit(status);
	}
	if (err)
		errc(status, err, "%s", what);
	errx(status, "%s", what);
}

/** xt_print_error() - print an error record received from a child. */
static inline void xt_print_error(const struct xt_sync_msg *msg)
{
	if (msg->err)
		warnc(msg->err, "%s", msg->what);
	else
		warnx("%s", msg->what);
}

#endif
