/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the small parts of common/: fileio, closestream, pwdutils,
 * nsfile's tables and namespace files, procwait, hints, the JSON scalars and
 * the idmap helpers that read /proc or build argv, and the --ready-fd report.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "closestream.h"
#include "fileio.h"
#include "hints.h"
#include "idmap.h"
#include "json.h"
#include "nsfile.h"
#include "procwait.h"
#include "pwdutils.h"
#include "ready.h"
#include "spawn.h"
#include "tap.h"

static void test_fileio(void)
{
	char path[] = "/tmp/xt-fileio-XXXXXX", comm[32] = "";
	int fd = mkstemp(path);

	ok(fd >= 0, "temporary file");
	close(fd);
	ok(xt_write_file(path, "-42 tail\n", 9) == 0, "write_file");
	ok(xt_read_long(path) == -42, "read_long: the leading number");
	ok(xt_write_file("/nonexistent/x", "1", 1) == -ENOENT, "write_file: missing file");
	ok(xt_read_long("/nonexistent/x") == -ENOENT, "read_long: missing file");
	unlink(path);
	ok(xt_proc_write(0, "comm", "xt-unit", 7) == 0, "proc_write: our own comm");
	fd = open("/proc/self/comm", O_RDONLY | O_CLOEXEC);
	ok(fd >= 0 && read(fd, comm, sizeof(comm) - 1) > 0 && strncmp(comm, "xt-unit\n", 8) == 0,
	   "comm reads back");
	if (fd >= 0)
		close(fd);
}

static void test_nsfile(void)
{
	const struct xt_nskind *net = xt_nskind_by_flag(CLONE_NEWNET);
	int fd, pidfd;

	ok(net && strcmp(net->name, "net") == 0, "kind by flag");
	ok(xt_nskind_by_letter('n') == net, "kind by letter");
	ok(!xt_nskind_by_flag(0) && !xt_nskind_by_letter('z'), "unknown kinds");
	ok(XT_NSKINDS_COUNT == 8 && xt_nskind_by_flag(xt_nskinds[0].flag) == &xt_nskinds[0],
	   "table");
	fd = xt_ns_open("/proc/self/ns/net");
	ok(fd >= 0 && xt_ns_type(fd) == CLONE_NEWNET, "ns_open and ns_type");
	if (fd >= 0)
		close(fd);
	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	ok(xt_ns_type(fd) == -ENOTTY, "ns_type of a plain file: -ENOTTY");
	close(fd);
	ok(xt_ns_open("/nonexistent") == -ENOENT, "ns_open: missing");
	ok(xt_ns_same(getpid(), net) == 1, "our own net namespace is ours");
	fd = xt_ns_open("/proc/self/ns/user");
	{
		int parent = fd >= 0 ? xt_ns_user_parent(fd) : -EBADF;

		/* the initial user namespace has no parent we may see */
		ok(parent >= 0 || parent == -EPERM, "ns_user_parent: %d", parent);
		if (parent >= 0)
			close(parent);
	}
	if (fd >= 0)
		close(fd);
	pidfd = xt_pidfd_open(getpid());
	ok(pidfd >= 0 || pidfd == -ENOSYS, "pidfd_open of ourselves");
	ok(pidfd < 0 || xt_pidfd_alive(pidfd) == 0, "we are alive");
	if (pidfd >= 0)
		close(pidfd);
}

static int child_status(pid_t pid)
{
	int st = -1;

	return xt_waitpid(pid, &st, 0) == 0 ? st : -1;
}

static void test_procwait(void)
{
	char *t[] = { "true", NULL }, *f[] = { "false", NULL },
	     *none[] = { "/nonexistent/x", NULL };
	sigset_t set, none_set;
	int st;
	pid_t pid;

	ok(xt_run_program(t, &st) == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "run true");
	ok(xt_run_program(f, &st) == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 1, "run false");
	ok(xt_run_program(none, &st) == -ENOENT, "run a missing program: -ENOENT");

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		xt_exit_like(3 << 8);
	st = child_status(pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "exit_like an exit status");
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		xt_die_by_signal(SIGTERM);
	st = child_status(pid);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "die_by_signal");

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	xt_kill_and_reap(pid);
	ok(waitpid(pid, &st, WNOHANG) < 0 && errno == ECHILD, "kill_and_reap reaped");

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigemptyset(&none_set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(7);
	st = xt_wait_forwarding(pid, &set, &none_set, false);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 7, "wait_forwarding: the child's status");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void test_json_and_idmap(void)
{
	struct xt_idmap m = { 0 };
	struct xt_json j;
	char *doc = NULL, **argv;
	size_t n = 0;
	FILE *f = open_memstream(&doc, &n);

	xt_json_init(&j, f, false);
	xt_json_start_object(&j);
	xt_json_key(&j, "up");
	xt_json_bool(&j, true);
	xt_json_key(&j, "big");
	xt_json_uint(&j, UINT64_MAX);
	xt_json_end_object(&j);
	fclose(f);
	ok(strcmp(doc, "{\"up\":true,\"big\":18446744073709551615}") == 0, "json bool and uint: %s",
	   doc);
	free(doc);

	ok(xt_idmap_all("/proc/self/uid_map", &m) == 0 && m.n >= 1 && m.r[0].inner == m.r[0].outer,
	   "idmap_all: our ids onto themselves");
	xt_idmap_free(&m);
	ok(xt_idmap_all("/nonexistent", &m) == -ENOENT, "idmap_all: missing file");

	xt_idmap_add(&m, (struct xt_idrange){ 0, 100000, 65536 });
	argv = xt_idmap_helper_argv("newuidmap", 42, &m);
	ok(argv && strcmp(argv[0], "newuidmap") == 0 && strcmp(argv[1], "42") == 0 &&
		   strcmp(argv[2], "0") == 0 && strcmp(argv[3], "100000") == 0 &&
		   strcmp(argv[4], "65536") == 0 && argv[5] == NULL,
	   "helper argv");
	xt_argv_free(argv);
	xt_idmap_free(&m);
}

static int spawned(void *arg)
{
	*(int *)arg = 42; /* lands in our memory: the child borrows it */
	return 3;
}

static void test_spawn_and_hints(void)
{
	int seen = 0, status = 0;
	pid_t pid = xt_spawn(spawned, &seen, XT_SPAWN_SHARE_VM);
	const char *h;

	ok(pid > 0 && xt_waitpid(pid, &status, 0) == 0, "spawn and reap");
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 3, "the function's value is the status");
	ok(seen == 42, "the child wrote into our memory before we went on");
	ok(xt_setgroups_denied() == 0 || xt_setgroups_denied() == 1,
	   "setgroups_denied reads the file");
	h = xt_setns_hint(EPERM, CLONE_NEWUSER, getpid());
	ok(!h || (*h && !strchr(h, '\n')), "setns hint: one line or nothing");
	ok(xt_setns_hint(ENOENT, CLONE_NEWNET, 0) == NULL,
	   "no hint for an errno without a known cause");
}

static void test_ready(void)
{
	char line[32] = "";
	int p[2], fd = -1, flags;
	ssize_t n;

	ok(pipe(p) == 0, "pipe");
	ok(xt_ready_fd_parse("2", &fd) == -EINVAL && fd == -1, "ready fd: 0..2 refused");
	ok(xt_ready_fd_parse("3x", &fd) == -EINVAL && fd == -1, "ready fd: trailing garbage");
	ok(xt_ready_fd_parse("-4", &fd) == -EINVAL && fd == -1, "ready fd: a sign");
	ok(xt_ready_fd_parse("9999", &fd) == -EBADF && fd == -1, "ready fd: not open");
	snprintf(line, sizeof(line), "%d", p[1]);
	flags = fcntl(p[1], F_GETFD);
	ok(flags >= 0 && !(flags & FD_CLOEXEC), "the pipe's write end starts inheritable");
	ok(xt_ready_fd_parse(line, &fd) == 0 && fd == p[1], "ready fd: an open descriptor");
	ok(fcntl(fd, F_GETFD) & FD_CLOEXEC, "ready fd: made close-on-exec");
	ok(xt_ready_fd_report(fd, 4242) == 0, "report");
	ok(fcntl(fd, F_GETFD) < 0 && errno == EBADF, "report closes the descriptor");
	n = read(p[0], line, sizeof(line));
	ok(n == 5 && memcmp(line, "4242\n", 5) == 0, "one line: the pid and a newline");
	ok(read(p[0], line, sizeof(line)) == 0, "then end of file");
	close(p[0]);
	ok(xt_ready_fd_report(-1, 1) == 0, "report: nothing to do without a descriptor");
	/* the reader went away: EPIPE, and we live on */
	ok(pipe(p) == 0, "pipe");
	close(p[0]);
	ok(xt_ready_fd_report(p[1], 1) == -EPIPE,
	   "report to a pipe without reader: EPIPE, no signal");
}

int main(void)
{
	char buf[512];
	const char *h;

	xt_close_stdout_atexit();
	test_fileio();
	ok(xt_getpwnam("root") && xt_getpwnam("root")->pw_uid == 0, "getpwnam root");
	ok(xt_getpwuid(0) && strcmp(xt_getpwuid(0)->pw_name, "root") == 0, "getpwuid 0");
	ok(xt_getgrnam("root") && xt_getgrnam("root")->gr_gid == 0, "getgrnam root");
	ok(!xt_getpwnam("no-such-user-xt"), "unknown user");
	test_nsfile();
	test_procwait();
	test_json_and_idmap();
	test_ready();
	test_spawn_and_hints();
	h = xt_unshare_hint(EPERM, CLONE_NEWUSER, buf, sizeof(buf));
	ok(!h || (h == buf && *h && !strchr(h, '\n')), "unshare hint: one line or nothing");
	h = xt_mount_hint(ENOSPC, buf, sizeof(buf));
	ok(!h || (h == buf && *h && !strchr(h, '\n')), "mount hint: one line or nothing");
	ok(xt_flush_stdout() == 0, "flush stdout");
	return tap_done();
}
