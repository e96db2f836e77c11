/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the common/ functions that change the calling process for
 * good: xt_exec_login_shell (execs), xt_caps_keep_ambient (capability
 * sets), xt_idmap_write (a child's uid map). Each runs in a child of its
 * own, so the test process stays as it was. Where the machine denies a new
 * user namespace, the checks that need one are skipped, with the reason.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "idmap.h"
#include "procwait.h"
#include "pwdutils.h"
#include "tap.h"

/* The exit status the test binary gives when it runs as a login shell. */
#define LOGIN_SHELL_STATUS 42

/* The child's exit status (128 + N for a signal N), through common's wait. */
static int exit_status(pid_t pid)
{
	int st;

	if (xt_waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* One line of /proc/self/status, e.g. "CapAmb:", as its value. */
static unsigned long long status_hex(const char *key)
{
	char line[256];
	unsigned long long v = ~0ULL;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return v;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtoull(line + strlen(key), NULL, 16);
	fclose(f);
	return v;
}

static void test_login_shell(void)
{
	char self[4096];
	const char *shell = NULL;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid;
	int r;

	if (!ok(n > 0, "readlink /proc/self/exe"))
		return;
	self[n] = '\0';

	/* $SHELL is this binary: it comes back with argv[0] "-test-process" */
	pid = fork();
	if (pid == 0) {
		setenv("SHELL", self, 1);
		r = xt_exec_login_shell(&shell);
		_exit(r == 0 ? 2 : 3);
	}
	ok(exit_status(pid) == LOGIN_SHELL_STATUS,
	   "login shell: $SHELL runs with argv[0] \"-NAME\"");

	/* a $SHELL that does not exist: -ENOENT, and the path it tried */
	setenv("SHELL", "/nonexistent/xt-shell", 1);
	r = xt_exec_login_shell(&shell);
	ok(r == -ENOENT && shell && strcmp(shell, "/nonexistent/xt-shell") == 0,
	   "login shell: a missing $SHELL gives -ENOENT and its path (%d)", r);
	unsetenv("SHELL");
}

/*
 * In a new user namespace where we can make one (all capabilities there),
 * else as we are: afterwards the ambient set is the permitted set.
 */
static void test_keep_ambient(void)
{
	int fds[2], userns;
	pid_t pid;
	char c;

	if (!ok(pipe(fds) == 0, "pipe"))
		return;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		userns = unshare(CLONE_NEWUSER) == 0;
		c = userns ? 'u' : '-';
		if (xt_caps_keep_ambient() != 0)
			c = 'E';
		else if (status_hex("CapAmb:") != status_hex("CapPrm:"))
			c = 'X';
		(void)!write(fds[1], &c, 1);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1)
		c = '?';
	close(fds[0]);
	exit_status(pid);
	ok(c == 'u' || c == '-', "keep ambient: the ambient set is the permitted set (%s, got %c)",
	   c == '-' ? "no new user namespace" : "in a new user namespace", c);
}

/*
 * A child in a new user namespace waits; we write its uid_map: one line,
 * our own euid as its 0. A second write fails (the kernel takes one map).
 */
static void test_idmap_write(void)
{
	struct xt_idrange range = { .inner = 0, .outer = (uint32_t)geteuid(), .count = 1 };
	struct xt_idmap m = { .r = &range, .n = 1 };
	int ready[2], go[2], r1, r2;
	char c = 0;
	pid_t pid;

	if (!ok(pipe(ready) == 0 && pipe(go) == 0, "pipes"))
		return;
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		c = unshare(CLONE_NEWUSER) == 0 ? 'u' : '-';
		(void)!write(ready[1], &c, 1);
		if (c != 'u' || read(go[0], &c, 1) != 1)
			_exit(1);
		/* mapped: our uid inside is 0 now */
		_exit(getuid() == 0 ? 0 : 4);
	}
	close(ready[1]);
	close(go[0]);
	if (read(ready[0], &c, 1) != 1 || c != 'u') {
		close(go[1]);
		exit_status(pid);
		ok(1, "idmap write # SKIP cannot make a user namespace here");
		close(ready[0]);
		return;
	}
	r1 = xt_idmap_write(pid, "uid_map", &m);
	r2 = xt_idmap_write(pid, "uid_map", &m);
	(void)!write(go[1], "g", 1);
	close(go[1]);
	close(ready[0]);
	ok(r1 == 0, "idmap write: the child's uid_map is written (%d)", r1);
	ok(r2 == -EPERM, "idmap write: a second map is refused with -EPERM (%d)", r2);
	ok(exit_status(pid) == 0, "idmap write: the child is uid 0 inside");
}

int main(int argc, char **argv)
{
	(void)argc;
	/* run by test_login_shell as the login shell */
	if (argv[0] && argv[0][0] == '-' && strcmp(argv[0], "-test-process") == 0)
		return LOGIN_SHELL_STATUS;
	test_login_shell();
	test_keep_ambient();
	test_idmap_write();
	return tap_done();
}
