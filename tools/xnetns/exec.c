/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exec.c - `exec NAME CMD`: enter NAME's network namespace the way ip
 * does (a mount namespace of its own, /sys of that network namespace,
 * /etc/netns/NAME bound over /etc), then run CMD; with -a or in a batch, in
 * a child per name.
 */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "c.h"
#include "closestream.h"
#include "procwait.h"
#include "strutils.h"
#include "xnetns.h"

/* Bind every /etc/netns/NAME/E over /etc/E; a failure warns and goes on. */
static void bind_etc(const char *name)
{
	/* NAME and E are file names: at most NAME_MAX bytes each. */
	char dirpath[sizeof(NETNS_ETC_DIR) + NAME_MAX + 1];
	char src[sizeof(dirpath) + NAME_MAX + 1], dst[sizeof("/etc/") + NAME_MAX];
	struct dirent *d;
	DIR *dir;

	snprintf(dirpath, sizeof(dirpath), "%s/%s", NETNS_ETC_DIR, name);
	dir = opendir(dirpath);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(src, sizeof(src), "%s/%s", dirpath, d->d_name);
		snprintf(dst, sizeof(dst), "/etc/%s", d->d_name);
		if (mount(src, dst, "none", MS_BIND, NULL) < 0)
			warn("Bind %s -> %s failed", src, dst);
	}
	closedir(dir);
}

/*
 * Enter NAME's network namespace for a program that does not know about
 * namespaces: ip's order. 0 or EX_INVARG after the message.
 */
static int switch_netns(const char *name)
{
	struct statvfs sv;
	unsigned long sysfs_flags = 0;
	int fd = open_name(name);

	if (fd < 0) {
		warn("Cannot open network namespace \"%s\"", vis(name));
		return EX_INVARG;
	}
	/* Nobody inside may read our memory while we are in their namespace. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (setns(fd, CLONE_NEWNET) < 0) {
		warn("setting the network namespace \"%s\" failed", vis(name));
		close(fd);
		return EX_INVARG;
	}
	close(fd);
	if (unshare(CLONE_NEWNS) < 0) {
		warn("unshare failed");
		return EX_INVARG;
	}
	/* Slave before any mount: nothing we mount may propagate back. */
	if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0) {
		warn("\"mount --make-rslave /\" failed");
		return EX_INVARG;
	}
	/* A /sys of this network namespace, read-only if the old one was. */
	if (statvfs("/sys", &sv) == 0 && (sv.f_flag & ST_RDONLY))
		sysfs_flags = MS_RDONLY;
	(void)umount2("/sys", MNT_DETACH);
	if (mount(name, "/sys", "sysfs", sysfs_flags, NULL) < 0) {
		warn("mount of /sys failed");
		return EX_INVARG;
	}
	bind_etc(name);
	return 0;
}

/* execvp, and the message and status when it fails. */
static int exec_program(char **argv)
{
	int e;

	execvp(argv[0], argv);
	e = errno;
	warn("exec of \"%s\" failed", argv[0]);
	return xt_exec_status(e);
}

/* exec in a child (batch, -all): the program's status, 128+S when killed. */
static int exec_forked(const char *name, char **argv)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		warn("fork failed");
		return EXIT_FAILURE;
	}
	if (pid == 0) {
		int rc = switch_netns(name);

		_exit(rc ? rc : exec_program(argv));
	}
	if (xt_waitpid(pid, &status, 0) < 0)
		return EXIT_FAILURE;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int do_exec(int argc, char **argv)
{
	int rc;

	if (opt.all) {
		struct names names;

		if (argc < 1) {
			warnx("No command specified");
			return EXIT_FAILURE;
		}
		if (read_names(&names) < 0) {
			warn("Failed to open directory %s", NETNS_RUN_DIR);
			return EXIT_FAILURE;
		}
		rc = 0;
		for (size_t i = 0; i < names.n; i++) {
			printf("\nnetns: %s\n", vis(names.v[i]));
			if (exec_forked(names.v[i], argv) != 0)
				rc = EXIT_FAILURE;
		}
		free_names(&names);
		return rc;
	}
	if (argc < 1) {
		warnx("No netns name specified");
		return EXIT_FAILURE;
	}
	if (argc < 2) {
		warnx("No command specified");
		return EXIT_FAILURE;
	}
	if ((rc = check_name(argv[0], false)))
		return rc;
	if (opt.in_batch)
		return exec_forked(argv[0], argv + 1);
	/* One-shot: no fork, so the status is the program's own, as with ip. */
	if ((rc = switch_netns(argv[0])))
		return rc;
	if (xt_flush_stdout() < 0)
		return EXIT_FAILURE;
	return exec_program(argv + 1);
}
