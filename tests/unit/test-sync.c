/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of common/sync.c: the child-to-parent records over a real
 * SOCK_SEQPACKET pair, every field at its extremes, the text at every
 * length around its size, short records and EOF.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sync.h"
#include "tap.h"

static void fields(int fd_send, int fd_recv, int kind, int stage)
{
	struct xt_sync_msg msg;

	ok(xt_sync_send(fd_send, kind, stage) == 0 && xt_sync_recv(fd_recv, &msg) == 1 &&
		   msg.kind == kind && msg.stage == stage && msg.err == 0 && msg.status == 0,
	   "kind %d stage %d", kind, stage);
}

static void error_text(int fd_send, int fd_recv, size_t len, int err, int status)
{
	struct xt_sync_msg msg;
	char text[1200];
	size_t want = len < sizeof(msg.what) ? len : sizeof(msg.what) - 1;

	memset(text, 'a', len);
	text[len] = '\0';
	if (len)
		text[len - 1] = 'z';
	ok(xt_sync_send_error(fd_send, err, status, "%s", text) == 0 &&
		   xt_sync_recv(fd_recv, &msg) == 1 && msg.kind == XT_SYNC_ERROR &&
		   msg.err == err && msg.status == status && strlen(msg.what) == want &&
		   strncmp(msg.what, text, want) == 0,
	   "error record: %zu bytes of text (%zu kept), err %d, status %d", len, want, err, status);
}

int main(void)
{
	static const int ints[] = { 0, 1, -1, INT_MAX, INT_MIN };
	static const size_t lens[] = { 0, 1, 510, 511, 512, 513, 1100 };
	struct xt_sync s;
	struct xt_sync_msg msg;
	char small[7] = "short";
	int p, c;
	pid_t pid;

	ok(xt_sync_init(&s) == 0, "pair");
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		fields(s.child_fd, s.parent_fd, ints[i], ints[(i + 2) % 5]);
	fields(s.child_fd, s.parent_fd, XT_SYNC_GO, 3);
	fields(s.parent_fd, s.child_fd, XT_SYNC_DONE, 1);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		error_text(s.child_fd, s.parent_fd, lens[i], ints[i % 5], ints[(i + 1) % 5]);
	error_text(s.child_fd, s.parent_fd, 3, EPERM, 125);

	/* a record of the wrong size is a protocol error, whatever it holds */
	ok(send(s.child_fd, small, sizeof(small), 0) == (ssize_t)sizeof(small) &&
		   xt_sync_recv(s.parent_fd, &msg) == -EPROTO,
	   "short record: -EPROTO");
	ok(send(s.child_fd, "", 0, 0) == 0 && xt_sync_recv(s.parent_fd, &msg) == 0,
	   "empty record reads as EOF");
	xt_sync_close(&s);
	ok(s.parent_fd == -1 && s.child_fd == -1, "closed");

	/* across a fork: the child's ends as the tools use them */
	ok(xt_sync_init(&s) == 0, "pair for a child");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		c = xt_sync_child(&s);
		xt_sync_send(c, XT_SYNC_DONE, 1);
		if (xt_sync_recv(c, &msg) != 1 || msg.kind != XT_SYNC_GO)
			_exit(2);
		xt_die(c, 42, ENOENT, "open %s", "/nowhere");
	}
	p = xt_sync_parent(&s);
	ok(s.child_fd == -1, "parent closed the child's end");
	ok(xt_sync_recv(p, &msg) == 1 && msg.kind == XT_SYNC_DONE && msg.stage == 1,
	   "child: done 1");
	ok(xt_sync_send(p, XT_SYNC_GO, 2) == 0, "parent: go 2");
	ok(xt_sync_recv(p, &msg) == 1 && msg.kind == XT_SYNC_ERROR && msg.err == ENOENT &&
		   msg.status == 42 && strcmp(msg.what, "open /nowhere") == 0,
	   "child: xt_die record");
	ok(xt_sync_recv(p, &msg) == 0, "EOF once the child is gone");
	{
		int st;

		ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42,
		   "child exited with the status it reported");
	}
	ok(xt_sync_send(p, XT_SYNC_GO, 3) == -EPIPE, "send to a gone child: -EPIPE");
	close(p);
	return tap_done();
}
