/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sync.c - parent/child synchronisation.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sync.h"

int xt_sync_init(struct xt_sync *s)
{
	int fds[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) < 0)
		return -errno;
	s->parent_fd = fds[0];
	s->child_fd = fds[1];
	return 0;
}

int xt_sync_parent(struct xt_sync *s)
{
	close(s->child_fd);
	s->child_fd = -1;
	return s->parent_fd;
}

int xt_sync_child(struct xt_sync *s)
{
	close(s->parent_fd);
	s->parent_fd = -1;
	return s->child_fd;
}

void xt_sync_close(struct xt_sync *s)
{
	if (s->parent_fd >= 0)
		close(s->parent_fd);
	if (s->child_fd >= 0)
		close(s->child_fd);
	s->parent_fd = s->child_fd = -1;
}

static int send_msg(int fd, const struct xt_sync_msg *msg)
{
	ssize_t n;

	do
		n = send(fd, msg, sizeof(*msg), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof(*msg) ? 0 : -EIO;
}

int xt_sync_send(int fd, int kind, int stage)
{
	struct xt_sync_msg msg = { .kind = kind, .stage = stage };

	return send_msg(fd, &msg);
}

int xt_sync_send_error(int fd, int err, int status, const char *fmt, ...)
{
	struct xt_sync_msg msg = { .kind = XT_SYNC_ERROR, .err = err, .status = status };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg.what, sizeof(msg.what), fmt, ap);
	va_end(ap);
	return send_msg(fd, &msg);
}

int xt_sync_recv(int fd, struct xt_sync_msg *msg)
{
	ssize_t n;

	do
		n = recv(fd, msg, sizeof(*msg), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == ECONNRESET ? 0 : -errno;
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof(*msg))
		return -EPROTO;
	msg->what[sizeof(msg->what) - 1] = '\0';
	return 1;
}
