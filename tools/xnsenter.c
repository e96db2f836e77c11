/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnsenter - run a program in the namespaces of a process or of namespace
 * files (util-linux nsenter(1) 2.42).
 *
 * The target process is pinned once with a pidfd, and its namespaces are
 * entered with setns(pidfd, mask), so that every namespace comes from the
 * same process even if its pid is reused meanwhile. Everything that needs a
 * path (namespace files, /proc/PID/root, cwd, environ, cgroup) is opened in
 * the caller's namespaces, before the first setns().
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/sockios.h>

#include "c.h"
#include "caps.h"
#include "closestream.h"
#include "fileio.h"
#include "hints.h"
#include "idmap.h"
#include "nsfile.h"
#include "procwait.h"
#include "pwdutils.h"
#include "ready.h"
#include "spawn.h"
#include "strutils.h"
#include "sync.h"
#include "xalloc.h"

struct xnsenter_ctl {
	pid_t target;			     /* -t, 0: none */
	uint64_t target_ino;		     /* -t PID:INODE */
	int pidfd;			     /* the pinned target */
	int procfd;			     /* /proc/PID, where pidfds are missing */
	bool all;			     /* -a */
	int wanted;			     /* CLONE_NEW* to enter */
	const char *paths[XT_NSKINDS_COUNT]; /* --TYPE=FILE, by xt_nskinds index */
	int fds[XT_NSKINDS_COUNT];	     /* open namespace files, -1 */
	int from_target;		     /* kinds taken from the target process */
	int entered;			     /* kinds entered so far */
	int sock_fd;			     /* -N */
	bool user_parent;		     /* --user-parent */
	bool setuid, setgid;		     /* -S, -G (or implied by -U) */
	bool uid_follow, gid_follow;
	uid_t uid;
	gid_t gid;
	bool drop_groups;   /* -G, or -S to a non-zero uid */
	bool preserve_cred; /* --preserve-credentials */
	bool keep_caps;	    /* --keep-caps */
	bool root;	    /* -r */
	const char *root_dir;
	int root_fd;
	bool wd; /* -w */
	const char *wd_dir;
	int wd_fd;
	int old_cwd_fd; /* -r alone: the caller's cwd, kept if inside */
	bool wdns;	/* -W */
	char *wdns_dir;
	bool env; /* -e */
	char *environ_buf;
	size_t environ_len;
	int fork;	  /* -F: 0; -1: fork if a pid ns is entered */
	bool join_cgroup; /* -c */
	int cgroup_fd;
	bool follow_context; /* -Z */
	int ready_fd;	     /* --ready-fd, -1 for none */
	char **argv;

	int setgroups_err;   /* setgroups() before setns: 0, errno, -1 untried */
	int report_fd;	     /* in the forked child: to the parent */
	sigset_t child_mask; /* the forked child's signal mask */
};

static void __attribute__((__noreturn__)) usage(void)
{
	fputs(USAGE_HEADER, stdout);
	printf(" %s [options] [<program> [<argument>...]]\n", program_invocation_short_name);
	fputs(USAGE_SEPARATOR, stdout);
	fputs("Run a program in the namespaces of another process.\n", stdout);
	fputs(USAGE_OPTIONS, stdout);
	fputs(" -a, --all                     enter all namespaces of the target\n"
	      " -t, --target <pid>[:<inode>]  target process (<inode>: its pidfd inode)\n"
	      " -m, --mount[=<file>]          enter the mount namespace\n"
	      " -u, --uts[=<file>]            enter the UTS namespace (hostname etc.)\n"
	      " -i, --ipc[=<file>]            enter the System V IPC namespace\n"
	      " -n, --net[=<file>]            enter the network namespace\n"
	      " -N, --net-socket <fd>         enter the network namespace of socket <fd>\n"
	      "                                 of the target\n"
	      " -p, --pid[=<file>]            enter the pid namespace\n"
	      " -C, --cgroup[=<file>]         enter the cgroup namespace\n"
	      " -U, --user[=<file>]           enter the user namespace\n"
	      "     --user-parent             enter the parent user namespace\n"
	      " -T, --time[=<file>]           enter the time namespace\n"
	      " -S, --setuid[=<uid>|follow]   set uid in the entered namespaces\n"
	      " -G, --setgid[=<gid>|follow]   set gid in the entered namespaces\n"
	      "     --preserve-credentials    do not touch uids or gids\n"
	      "     --keep-caps               keep the capabilities granted in the user namespace\n"
	      " -r, --root[=<dir>]            set the root directory\n"
	      " -w, --wd[=<dir>]              set the working directory (seen from here)\n"
	      " -W, --wdns[=<dir>]            set the working directory (seen from inside)\n"
	      " -e, --env                     take the environment of the target\n"
	      " -F, --no-fork                 do not fork before exec'ing <program>\n"
	      " -c, --join-cgroup             join the cgroup of the target\n"
	      " -Z, --follow-context          take the SELinux context of the target\n"
	      "     --ready-fd <fd>           write the program's pid to <fd> once all is set up\n",
	      stdout);
	fputs(USAGE_SEPARATOR, stdout);
	USAGE_HELP_OPTIONS(31);
	USAGE_MAN_TAIL("xnsenter(1)");
	exit(EXIT_SUCCESS);
}

/* End with one message (see xt_die()). */
#define fail(ctl, status, err, ...) xt_die((ctl)->report_fd, status, err, __VA_ARGS__)

/* ---- parse ------------------------------------------------------------ */

/* util-linux 2.42 also takes "-n=/path" for short options: drop the '=' */
static const char *optional_path(const char *arg)
{
	return arg && *arg == '=' ? arg + 1 : arg;
}

static void parse_target(struct xnsenter_ctl *ctl, const char *arg)
{
	char *copy, *colon;
	pid_t pid;

	if (ctl->target)
		errx(EXIT_FAILURE, "option --target may be given only once");
	copy = xstrdup(arg);
	colon = strchr(copy, ':');
	if (colon)
		*colon = '\0';
	if (xt_parse_pid(copy, &pid) < 0)
		errx(EXIT_FAILURE, "failed to parse pid: '%s'", arg);
	if (colon && xt_strtou64(colon + 1, 1, UINT64_MAX, &ctl->target_ino) < 0)
		errx(EXIT_FAILURE, "failed to parse pidfd inode: '%s'", arg);
	ctl->target = pid;
	free(copy);
}

static void parse_id_arg(const char *arg, bool *follow, uint32_t *id, const char *what)
{
	if (strcmp(arg, "follow") == 0)
		*follow = true;
	else
		*id = xt_id_or_err(arg, what);
}

static void parse_args(int argc, char **argv, struct xnsenter_ctl *ctl)
{
	enum { OPT_PRESERVE_CRED = CHAR_MAX + 1, OPT_KEEPCAPS, OPT_USER_PARENT, OPT_READYFD };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "all", no_argument, NULL, 'a' },
		{ "target", required_argument, NULL, 't' },
		{ "mount", optional_argument, NULL, 'm' },
		{ "uts", optional_argument, NULL, 'u' },
		{ "ipc", optional_argument, NULL, 'i' },
		{ "net", optional_argument, NULL, 'n' },
		{ "net-socket", required_argument, NULL, 'N' },
		{ "pid", optional_argument, NULL, 'p' },
		{ "user", optional_argument, NULL, 'U' },
		{ "cgroup", optional_argument, NULL, 'C' },
		{ "time", optional_argument, NULL, 'T' },
		{ "setuid", required_argument, NULL, 'S' },
		{ "setgid", required_argument, NULL, 'G' },
		{ "root", optional_argument, NULL, 'r' },
		{ "wd", optional_argument, NULL, 'w' },
		{ "wdns", optional_argument, NULL, 'W' },
		{ "env", no_argument, NULL, 'e' },
		{ "no-fork", no_argument, NULL, 'F' },
		{ "join-cgroup", no_argument, NULL, 'c' },
		{ "follow-context", no_argument, NULL, 'Z' },
		{ "ready-fd", required_argument, NULL, OPT_READYFD },
		{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE_CRED },
		{ "keep-caps", no_argument, NULL, OPT_KEEPCAPS },
		{ "user-parent", no_argument, NULL, OPT_USER_PARENT },
		{ NULL, 0, NULL, 0 },
	};
	const struct xt_nskind *kind;
	uint64_t fd;
	int c;

	while ((c = getopt_long(argc, argv, "+ahVt:m::u::i::n::N:p::C::U::T::S:G:r::w::W::ecFZ",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			ctl->all = true;
			break;
		case 't':
			parse_target(ctl, optarg);
			break;
		case 'm':
		case 'u':
		case 'i':
		case 'n':
		case 'p':
		case 'C':
		case 'U':
		case 'T':
			kind = xt_nskind_by_letter(c);
			ctl->wanted |= kind->flag;
			ctl->paths[kind - xt_nskinds] = optional_path(optarg);
			break;
		case 'N':
			if (xt_strtou64(optarg, 0, INT_MAX, &fd) < 0)
				errx(EXIT_FAILURE, "failed to parse file descriptor: '%s'", optarg);
			ctl->sock_fd = (int)fd;
			break;
		case 'S':
			parse_id_arg(optarg, &ctl->uid_follow, &ctl->uid, "uid");
			ctl->setuid = true;
			break;
		case 'G':
			parse_id_arg(optarg, &ctl->gid_follow, &ctl->gid, "gid");
			ctl->setgid = true;
			break;
		case 'r':
			ctl->root = true;
			ctl->root_dir = optional_path(optarg);
			break;
		case 'w':
			ctl->wd = true;
			ctl->wd_dir = optional_path(optarg);
			break;
		case 'W':
			ctl->wdns = true;
			ctl->wdns_dir = (char *)optional_path(optarg);
			break;
		case 'e':
			ctl->env = true;
			break;
		case 'F':
			ctl->fork = 0;
			break;
		case 'c':
			ctl->join_cgroup = true;
			break;
		case 'Z':
			ctl->follow_context = true;
			break;
		case OPT_READYFD:
			ctl->ready_fd = xt_ready_fd_or_err(optarg);
			break;
		case OPT_PRESERVE_CRED:
			ctl->preserve_cred = true;
			break;
		case OPT_KEEPCAPS:
			ctl->keep_caps = true;
			break;
		case OPT_USER_PARENT:
			ctl->user_parent = true;
			break;
		case 'h':
			usage();
		case 'V':
			xt_print_version();
		default:
			xt_errtryhelp(EXIT_FAILURE);
		}
	}
	if (optind < argc)
		ctl->argv = argv + optind;
}

/* ---- validate ------------------------------------------------------------ */

static void validate_args(struct xnsenter_ctl *ctl)
{
	if (ctl->wd && ctl->wdns)
		errx(EXIT_FAILURE, "options --wd and --wdns cannot be combined");
	if (ctl->sock_fd >= 0)
		ctl->wanted |= CLONE_NEWNET;
	if (ctl->user_parent)
		ctl->wanted |= CLONE_NEWUSER;
	if (!ctl->wanted && !ctl->all)
		errx(EXIT_FAILURE, "no namespace specified");
	/* what has no file comes from the target */
	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++)
		if ((ctl->wanted & xt_nskinds[i].flag) && !ctl->paths[i])
			ctl->from_target |= xt_nskinds[i].flag;
	if (ctl->sock_fd >= 0)
		ctl->from_target &= ~CLONE_NEWNET;
	if (!ctl->target && (ctl->from_target || ctl->all || ctl->sock_fd >= 0 ||
			     (ctl->user_parent && !(ctl->wanted & ~CLONE_NEWUSER))))
		errx(EXIT_FAILURE, "no target PID specified");
	if (!ctl->target && ((ctl->root && !ctl->root_dir) || (ctl->wd && !ctl->wd_dir) ||
			     (ctl->wdns && !ctl->wdns_dir) || ctl->env || ctl->uid_follow ||
			     ctl->gid_follow || ctl->join_cgroup))
		errx(EXIT_FAILURE, "no target PID specified");
}

/* ---- prepare: open everything while still in our own namespaces ---------- */

/* Open a file of the target: /proc/PID/NAME. */
static int open_target_file(const struct xnsenter_ctl *ctl, const char *name, int flags)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)ctl->target, name);
	fd = open(path, flags | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		err(EXIT_FAILURE, "cannot open %s", path);
	return fd;
}

static void pin_target(struct xnsenter_ctl *ctl)
{
	struct stat st;
	int fd;

	if (!ctl->target)
		return;
	fd = xt_pidfd_open(ctl->target);
	if (fd == -ENOSYS) {
		/* before Linux 5.3: a /proc/PID directory fd pins the process */
		ctl->procfd = open_target_file(ctl, "", O_RDONLY | O_DIRECTORY);
		return;
	}
	if (fd < 0)
		errc(EXIT_FAILURE, -fd, "cannot open process %d", (int)ctl->target);
	ctl->pidfd = fd;
	if (ctl->target_ino && (fstat(fd, &st) != 0 || st.st_ino != ctl->target_ino))
		errx(EXIT_FAILURE, "process %d does not have pidfd inode %llu", (int)ctl->target,
		     (unsigned long long)ctl->target_ino);
}

static const char *kind_word(int flag)
{
	static const struct {
		int flag;
		const char *word;
	} words[] = {
		{ CLONE_NEWUSER, "user" }, { CLONE_NEWCGROUP, "cgroup" }, { CLONE_NEWIPC, "IPC" },
		{ CLONE_NEWUTS, "UTS" },   { CLONE_NEWNET, "network" },	  { CLONE_NEWPID, "pid" },
		{ CLONE_NEWNS, "mount" },  { CLONE_NEWTIME, "time" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (words[i].flag == flag)
			return words[i].word;
	return "unknown";
}

/* Open --TYPE=FILE and make sure it is a namespace of that type. */
static void open_ns_files(struct xnsenter_ctl *ctl)
{
	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++) {
		int fd, type;

		if (!ctl->paths[i])
			continue;
		fd = xt_ns_open(ctl->paths[i]);
		if (fd < 0)
			errc(EXIT_FAILURE, -fd, "cannot open %s", ctl->paths[i]);
		type = xt_ns_type(fd);
		if (type == -ENOTTY || type == -EINVAL)
			errx(EXIT_FAILURE, "%s is not a namespace file", ctl->paths[i]);
		if (type < 0)
			errc(EXIT_FAILURE, -type, "cannot get the type of %s", ctl->paths[i]);
		if (type != xt_nskinds[i].flag)
			errx(EXIT_FAILURE, "%s is a %s namespace, not a %s namespace",
			     ctl->paths[i], kind_word(type), kind_word(xt_nskinds[i].flag));
		ctl->fds[i] = fd;
	}
}

/*
 * -a: every namespace of the target that the kernel has, less those we are
 * already in: setns() refuses to re-enter one's own user namespace, and an
 * identical namespace owned by a user namespace we leave could no longer be
 * entered. Which ones we share is found out only when joining fails (see
 * enter_namespaces()): the common case pays nothing for it.
 */
static void add_all_namespaces(struct xnsenter_ctl *ctl)
{
	if (!ctl->all)
		return;
	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++)
		if (!(ctl->wanted & xt_nskinds[i].flag))
			ctl->from_target |= xt_nskinds[i].flag;
	ctl->wanted |= ctl->from_target;
}

/* Drop from an -a join every kind the caller shares or the kernel lacks. */
static int drop_shared_namespaces(struct xnsenter_ctl *ctl)
{
	int dropped = 0, rc;

	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++) {
		int flag = xt_nskinds[i].flag;

		if (!(ctl->from_target & flag) || ctl->paths[i])
			continue;
		/* one we cannot compare (another user's) is not ours: keep it */
		rc = xt_ns_same(ctl->target, &xt_nskinds[i]);
		if (rc == 1 || rc == -ENOENT) {
			ctl->from_target &= ~flag;
			ctl->wanted &= ~flag;
			dropped |= flag;
		}
	}
	return dropped;
}

static void open_user_parent(struct xnsenter_ctl *ctl)
{
	unsigned int u = (unsigned int)(xt_nskind_by_flag(CLONE_NEWUSER) - xt_nskinds);
	int fd, parent;

	if (!ctl->user_parent)
		return;
	fd = ctl->fds[u] >= 0 ? ctl->fds[u] : open_target_file(ctl, "ns/user", O_RDONLY);
	parent = xt_ns_user_parent(fd);
	if (parent < 0)
		errc(EXIT_FAILURE, -parent, "cannot open the parent user namespace");
	close(fd);
	ctl->fds[u] = parent;
	ctl->from_target &= ~CLONE_NEWUSER;
}

static void open_socket_netns(struct xnsenter_ctl *ctl)
{
	unsigned int n = (unsigned int)(xt_nskind_by_flag(CLONE_NEWNET) - xt_nskinds);
	int sk, nsfd;

	if (ctl->sock_fd < 0)
		return;
	if (ctl->pidfd < 0)
		errx(EXIT_FAILURE, "--net-socket needs pidfd_getfd() (Linux 5.6)");
	/* pidfd_getfd() returns a close-on-exec descriptor */
	sk = (int)syscall(SYS_pidfd_getfd, ctl->pidfd, ctl->sock_fd, 0);
	if (sk < 0)
		err(EXIT_FAILURE, "cannot get descriptor %d of process %d", ctl->sock_fd,
		    (int)ctl->target);
	nsfd = ioctl(sk, SIOCGSKNS);
	if (nsfd < 0)
		err(EXIT_FAILURE, "cannot get the network namespace of descriptor %d of process %d",
		    ctl->sock_fd, (int)ctl->target);
	close(sk);
	if (ctl->fds[n] >= 0)
		close(ctl->fds[n]);
	ctl->fds[n] = nsfd;
}

static void read_environ(struct xnsenter_ctl *ctl)
{
	size_t cap = 0;
	ssize_t n;
	int fd;

	if (!ctl->env)
		return;
	fd = open_target_file(ctl, "environ", O_RDONLY);
	do {
		if (ctl->environ_len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			ctl->environ_buf = xreallocarray(ctl->environ_buf, cap, 1);
		}
		n = read(fd, ctl->environ_buf + ctl->environ_len, cap - ctl->environ_len - 1);
		if (n < 0)
			err(EXIT_FAILURE, "cannot read /proc/%d/environ", (int)ctl->target);
		ctl->environ_len += (size_t)n;
	} while (n > 0);
	ctl->environ_buf[ctl->environ_len] = '\0';
	close(fd);
}

static void open_cgroup(struct xnsenter_ctl *ctl)
{
	char buf[2048], path[PATH_MAX];
	struct statfs sfs;
	ssize_t n;
	char *p;
	int fd;

	if (!ctl->join_cgroup)
		return;
	if (statfs("/sys/fs/cgroup", &sfs) != 0 || sfs.f_type != CGROUP2_SUPER_MAGIC)
		errx(EXIT_FAILURE, "--join-cgroup is only supported in cgroup v2");
	fd = open_target_file(ctl, "cgroup", O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		errx(EXIT_FAILURE, "cannot read the cgroup of process %d", (int)ctl->target);
	buf[n] = '\0';
	/* cgroup v2: the one line "0::/path" */
	if (strncmp(buf, "0::", 3) != 0)
		errx(EXIT_FAILURE, "cannot find the cgroup v2 path of process %d",
		     (int)ctl->target);
	p = strchr(buf, '\n');
	if (p)
		*p = '\0';
	snprintf(path, sizeof(path), "/sys/fs/cgroup%s/cgroup.procs", buf + 3);
	ctl->cgroup_fd = open(path, O_WRONLY | O_CLOEXEC);
	if (ctl->cgroup_fd < 0)
		err(EXIT_FAILURE, "cannot open %s", path);
}

/*
 * -Z: the target's SELinux context becomes our exec context. Where SELinux
 * is off, -Z does nothing, as in util-linux: a script that passes -Z to
 * every machine of a mixed fleet must not break on the ones without it.
 */
static void follow_context(const struct xnsenter_ctl *ctl)
{
	char path[64], context[1024];
	ssize_t n;
	int fd, rc;

	if (!ctl->follow_context || access("/sys/fs/selinux/enforce", F_OK) != 0)
		return;
	if (!ctl->target)
		errx(EXIT_FAILURE, "no target PID specified for --follow-context");
	snprintf(path, sizeof(path), "/proc/%d/attr/current", (int)ctl->target);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		err(EXIT_FAILURE, "cannot open %s", path);
	n = read(fd, context, sizeof(context) - 1);
	close(fd);
	if (n <= 0)
		errx(EXIT_FAILURE, "failed to get the SELinux context of process %d",
		     (int)ctl->target);
	context[n] = '\0';
	context[strcspn(context, "\n")] = '\0';
	rc = xt_write_file("/proc/thread-self/attr/exec", context, strlen(context));
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "failed to set exec context to '%s'", context);
}

/* Did prepare() open anything through /proc/PID? */
static bool used_proc_paths(const struct xnsenter_ctl *ctl)
{
	return ctl->user_parent || (ctl->root && !ctl->root_dir) || (ctl->wd && !ctl->wd_dir) ||
	       (ctl->wdns && ctl->wdns_dir) || ctl->env || ctl->uid_follow || ctl->gid_follow ||
	       ctl->join_cgroup || ctl->follow_context;
}

static void prepare(struct xnsenter_ctl *ctl)
{
	struct stat st;

	pin_target(ctl);
	open_ns_files(ctl);
	add_all_namespaces(ctl);
	open_user_parent(ctl);
	open_socket_netns(ctl);
	/* entering a user namespace makes us root in it (-S/-G aside), unless told not to */
	if ((ctl->wanted & CLONE_NEWUSER) && !ctl->preserve_cred)
		ctl->setuid = ctl->setgid = true;
	if (ctl->root)
		ctl->root_fd = ctl->root_dir ?
				       open(ctl->root_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) :
				       open_target_file(ctl, "root", O_RDONLY | O_DIRECTORY);
	if (ctl->root_fd == -1 && ctl->root)
		err(EXIT_FAILURE, "cannot open %s", ctl->root_dir);
	/* opened before the mount namespace changes, as the caller sees it;
	 * a cwd we cannot open is simply not kept */
	if (ctl->root && !ctl->wd && !ctl->wdns)
		ctl->old_cwd_fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ctl->wd)
		ctl->wd_fd = ctl->wd_dir ? open(ctl->wd_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) :
					   open_target_file(ctl, "cwd", O_RDONLY | O_DIRECTORY);
	if (ctl->wd_fd == -1 && ctl->wd)
		err(EXIT_FAILURE, "cannot open %s", ctl->wd_dir);
	if (ctl->wdns && !ctl->wdns_dir) {
		/* the target's cwd, as a path to resolve inside its namespaces */
		char link[64], dir[PATH_MAX];
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/%d/cwd", (int)ctl->target);
		n = readlink(link, dir, sizeof(dir) - 1);
		if (n < 0)
			err(EXIT_FAILURE, "cannot read %s", link);
		dir[n] = '\0';
		ctl->wdns_dir = xstrdup(dir);
	}
	read_environ(ctl);
	if (ctl->uid_follow || ctl->gid_follow) {
		char path[32];

		snprintf(path, sizeof(path), "/proc/%d", (int)ctl->target);
		if (stat(path, &st) != 0)
			err(EXIT_FAILURE, "cannot stat %s", path);
		if (ctl->uid_follow)
			ctl->uid = st.st_uid;
		if (ctl->gid_follow)
			ctl->gid = st.st_gid;
	}
	/* -S to a non-zero uid drops the supplementary groups, -G or not */
	ctl->drop_groups = ctl->setgid || (ctl->setuid && ctl->uid != 0);
	open_cgroup(ctl);
	follow_context(ctl);
	/* the /proc/PID paths above were the pinned process's only if it still lives */
	if (ctl->pidfd >= 0 && used_proc_paths(ctl) && xt_pidfd_alive(ctl->pidfd) < 0)
		errx(EXIT_FAILURE, "process %d exited", (int)ctl->target);
}

/* ---- act: enter the namespaces -------------------------------------------- */

/* Before Linux 5.8, setns() took no pidfd: open the files under /proc/PID/ns. */
static bool setns_takes_pidfd(void)
{
	struct utsname u;
	unsigned int major = 0, minor = 0;

	if (uname(&u) != 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return true;
	return major > 5 || (major == 5 && minor >= 8);
}

static void open_target_ns(struct xnsenter_ctl *ctl)
{
	char path[64];

	if (ctl->procfd < 0 && ctl->pidfd >= 0) {
		/* the pidfd still pins the process: its /proc dir is the same one */
		ctl->procfd = open_target_file(ctl, "", O_RDONLY | O_DIRECTORY);
		if (xt_pidfd_alive(ctl->pidfd) < 0)
			errx(EXIT_FAILURE, "process %d exited", (int)ctl->target);
	}
	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++) {
		if (!(ctl->from_target & xt_nskinds[i].flag))
			continue;
		snprintf(path, sizeof(path), "ns/%s", xt_nskinds[i].name);
		ctl->fds[i] = openat(ctl->procfd, path, O_RDONLY | O_CLOEXEC);
		if (ctl->fds[i] < 0)
			err(EXIT_FAILURE, "cannot open /proc/%d/%s", (int)ctl->target, path);
	}
	ctl->from_target = 0;
}

/*
 * One pass: the target's kinds in @mask with one setns(pidfd, mask) (all or
 * nothing, from one process), then the files in @mask one by one.
 * Return: 0, or the errno of the first failure (what failed stays wanted).
 */
static int enter_pass(struct xnsenter_ctl *ctl, int mask, const char **failed)
{
	int pidmask = mask & ctl->from_target & ~ctl->entered;
	int first = 0;

	if (pidmask) {
		if (setns(ctl->pidfd, pidmask) == 0) {
			ctl->entered |= pidmask;
		} else if (errno == EINVAL && !setns_takes_pidfd()) {
			/* an old kernel: enter the same namespaces as files, below */
			open_target_ns(ctl);
		} else {
			first = errno;
			*failed = NULL;
		}
	}
	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++) {
		int flag = xt_nskinds[i].flag;

		if (!(mask & flag) || ctl->fds[i] < 0 || (ctl->entered & flag))
			continue;
		if (setns(ctl->fds[i], flag) == 0) {
			ctl->entered |= flag;
			close(ctl->fds[i]);
			ctl->fds[i] = -1;
		} else if (!first) {
			first = errno;
			*failed = xt_nskinds[i].name;
		}
	}
	return first;
}

/*
 * -S alone, staying in our user namespace: drop the groups now, while
 * /proc is still ours to read. Where this user namespace denies setgroups
 * to everyone, the groups cannot go: they are the caller's own, and stay
 * (set_credentials() then accepts the same EPERM).
 */
static void drop_groups_for_setuid(struct xnsenter_ctl *ctl)
{
	int e;

	if (setgroups(0, NULL) == 0) {
		ctl->setgroups_err = 0;
		return;
	}
	e = errno;
	if (e != EPERM || xt_setgroups_denied() != 1)
		errc(EXIT_FAILURE, e, "setgroups failed");
	ctl->setgroups_err = EPERM;
}

/*
 * enter_namespaces() - two passes, as util-linux does: first everything but
 * the user namespace, ignoring failures (entering the user namespace last
 * keeps our privilege over namespaces the target's user namespace does not
 * own); then the user namespace and whatever failed, now fatal (a caller
 * without privilege can enter only after becoming privileged inside).
 */
static void enter_namespaces(struct xnsenter_ctl *ctl)
{
	const char *failed = NULL, *hint;
	int rc;

	/* before the first setns(): no one inside may ptrace or read us */
	if (prctl(PR_SET_DUMPABLE, 0) != 0)
		err(EXIT_FAILURE, "prctl(PR_SET_DUMPABLE) failed");
	if (ctl->procfd >= 0)
		open_target_ns(ctl);
	/* drop groups while we still can: after setns(CLONE_NEWUSER) we may not */
	if (ctl->drop_groups && (ctl->wanted & CLONE_NEWUSER))
		ctl->setgroups_err = setgroups(0, NULL) == 0 ? 0 : errno;
	else if (ctl->drop_groups && !ctl->setgid)
		drop_groups_for_setuid(ctl);

	enter_pass(ctl, ctl->wanted & ~CLONE_NEWUSER, &failed);
	rc = enter_pass(ctl, ctl->wanted, &failed);
	/*
	 * -a: only the user namespace left and EINVAL: it is ours (or an
	 * ancestor of ours, which -a skips as well). Nothing entered yet: find
	 * the namespaces we share, while /proc is still ours, and retry.
	 */
	if (rc == EINVAL && ctl->all && (ctl->wanted & ~ctl->entered) == CLONE_NEWUSER &&
	    (ctl->from_target & CLONE_NEWUSER)) {
		ctl->wanted &= ~CLONE_NEWUSER;
		rc = 0;
	} else if (rc && ctl->all && !ctl->entered && drop_shared_namespaces(ctl)) {
		rc = enter_pass(ctl, ctl->wanted, &failed);
	}
	if (rc) {
		if (failed)
			warnc(rc, "reassociate to namespace 'ns/%s' failed", failed);
		else
			warnc(rc, "reassociate to namespaces failed");
		hint = xt_setns_hint(rc, ctl->wanted & ~ctl->entered,
				     ctl->entered ? 0 : ctl->target);
		if (hint)
			warnx("hint: %s", hint);
		exit(EXIT_FAILURE);
	}
	/* the pidfd and /proc/PID fd are close-on-exec: the program never sees them */
}

/*
 * -r without -w/-W: stay in the caller's directory as the new root sees it
 * (so run from DIR/sub, the program starts in /sub), as util-linux does;
 * but only when it lies inside the new root. Outside it the kernel calls
 * the cwd "(unreachable)" and a program there could walk out of the new
 * root, so we go to its "/" instead.
 */
static void keep_cwd_inside_root(int cwd_fd)
{
	char cwd[PATH_MAX];

	if (cwd_fd >= 0) {
		bool inside = fchdir(cwd_fd) == 0 && getcwd(cwd, sizeof(cwd)) && cwd[0] == '/';

		close(cwd_fd);
		if (inside)
			return;
	}
	if (chdir("/") != 0)
		err(EXIT_FAILURE, "cannot change directory to %s", "/");
}

/*
 * Root and working directory. -r keeps the caller's cwd if it lies inside
 * the new root and goes to the new root's "/" if not, unless -w or -W say
 * where; and -w/-W may not end outside the new root.
 */
static void change_directories(const struct xnsenter_ctl *ctl)
{
	char cwd[PATH_MAX];

	if (ctl->root_fd >= 0) {
		if (fchdir(ctl->root_fd) != 0)
			err(EXIT_FAILURE, "cannot change directory to the new root");
		if (chroot(".") != 0)
			err(EXIT_FAILURE, "chroot failed");
		close(ctl->root_fd);
		if (!ctl->wd && !ctl->wdns)
			keep_cwd_inside_root(ctl->old_cwd_fd);
	}
	if (ctl->wd_fd >= 0) {
		if (fchdir(ctl->wd_fd) != 0)
			err(EXIT_FAILURE, "cannot change directory to %s",
			    ctl->wd_dir ? ctl->wd_dir : "the target's working directory");
		close(ctl->wd_fd);
	}
	if (ctl->wdns && chdir(ctl->wdns_dir) != 0)
		err(EXIT_FAILURE, "cannot change directory to %s", ctl->wdns_dir);
	/* the kernel marks a cwd outside our root "(unreachable)" */
	if (ctl->root_fd >= 0 && (ctl->wd || ctl->wdns) &&
	    (!getcwd(cwd, sizeof(cwd)) || cwd[0] != '/'))
		errx(EXIT_FAILURE, "the working directory is outside the new root");
}

static void apply_environment(struct xnsenter_ctl *ctl)
{
	if (!ctl->env)
		return;
	clearenv();
	for (char *p = ctl->environ_buf; p < ctl->environ_buf + ctl->environ_len;
	     p += strlen(p) + 1)
		if (strchr(p, '=') && putenv(p) != 0)
			err(EXIT_FAILURE, "cannot set the environment");
}

static void join_cgroup(const struct xnsenter_ctl *ctl)
{
	char buf[32];
	int n;

	if (ctl->cgroup_fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%d", (int)getpid());
	if (write(ctl->cgroup_fd, buf, (size_t)n) != n)
		err(EXIT_FAILURE, "cannot join the cgroup of process %d", (int)ctl->target);
	close(ctl->cgroup_fd);
}

/* ---- run ------------------------------------------------------------------ */

/*
 * The credential calls of the program's process, as plain system calls:
 * that process shares our memory until it execs (run_program), and glibc's
 * wrappers would go through its all-threads machinery, which must not run
 * there. One process, one thread: the plain call is the whole job.
 */
static int raw_setgroups0(void)
{
	return (int)syscall(SYS_setgroups, 0, NULL);
}

/*
 * Groups, then gid, then uid: after setuid() we could change neither.
 * -G drops the supplementary groups, and so does -S to a non-zero uid
 * without -G (util-linux keeps them there): a program meant to run as that
 * user must not keep root's groups.
 */
static void set_credentials(const struct xnsenter_ctl *ctl)
{
	/*
	 * Both tries failing means the caller could never drop its groups
	 * (unprivileged) and the target denies setgroups, or setgroups is
	 * denied where we are: keeping them grants nothing the caller did not
	 * have.
	 */
	if (ctl->drop_groups && raw_setgroups0() != 0 && ctl->setgroups_err != 0 &&
	    !(errno == EPERM && ctl->setgroups_err == EPERM))
		fail(ctl, EXIT_FAILURE, errno, "setgroups failed");
	if (ctl->setgid && syscall(SYS_setgid, ctl->gid) != 0)
		fail(ctl, EXIT_FAILURE, errno, "setgid failed");
	if (ctl->setuid && syscall(SYS_setuid, ctl->uid) != 0)
		fail(ctl, EXIT_FAILURE, errno, "setuid failed");
	if (ctl->keep_caps && (ctl->entered & CLONE_NEWUSER)) {
		int rc = xt_caps_keep_ambient();
		if (rc < 0)
			fail(ctl, EXIT_FAILURE, -rc, "cannot keep capabilities");
	}
}

static void __attribute__((__noreturn__)) exec_program(const struct xnsenter_ctl *ctl)
{
	const char *shell;
	int rc;

	set_credentials(ctl);
	/* without a fork we are the program's process: this is the last step */
	if (ctl->ready_fd >= 0) /* getpid() costs a system call: only when asked */
		xt_ready_report_or_warn(ctl->ready_fd, getpid());
	if (!ctl->argv) {
		rc = xt_exec_login_shell(&shell);
		fail(ctl, xt_exec_status(-rc), -rc, "failed to execute %s", shell);
	}
	execvp(ctl->argv[0], ctl->argv);
	fail(ctl, xt_exec_status(errno), errno, "failed to execute %s", ctl->argv[0]);
}

/* The program's process, until it execs; ctl->child_mask is its signal mask. */
static int program_child(void *arg)
{
	struct xnsenter_ctl *ctl = arg;

	sigprocmask(SIG_SETMASK, &ctl->child_mask, NULL);
	exec_program(ctl);
}

/*
 * Become the program, or, when a pid namespace was entered (it applies to
 * children only) and -F was not given: fork, let the child become the
 * program, wait, and end as it ended. Signals that would kill us are passed
 * on; a stopped child stops us (job control).
 */
static int run_program(struct xnsenter_ctl *ctl)
{
	struct xt_sync sync;
	struct xt_sync_msg msg;
	sigset_t set, forward;
	pid_t child;
	int rc, fd, ready_fd;

	if (ctl->fork == 0 || !(ctl->entered & CLONE_NEWPID))
		exec_program(ctl);
	if ((rc = xt_sync_init(&sync)) < 0)
		errc(EXIT_FAILURE, -rc, "cannot create a socket pair");
	/* an inherited SIG_IGN would lose the child's status */
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&forward);
	sigaddset(&forward, SIGHUP);
	sigaddset(&forward, SIGINT);
	sigaddset(&forward, SIGQUIT);
	sigaddset(&forward, SIGTERM);
	set = forward;
	sigaddset(&set, SIGCHLD);
	/* blocked before fork, so nothing kills us before the child's status is in */
	sigprocmask(SIG_BLOCK, &set, &ctl->child_mask);
	/*
	 * The child borrows our memory until it execs (xt_spawn); it touches
	 * nothing of ours but ctl, which it only reads, and report_fd, which
	 * we no longer use; it ends in exec or _exit and answers through
	 * report_fd only.
	 */
	ctl->report_fd = sync.child_fd;
	/* the parent reports the child's pid; the child's copy closes at exec */
	ready_fd = ctl->ready_fd;
	ctl->ready_fd = -1;
	child = xt_spawn(program_child, ctl, 0);
	if (child < 0)
		errc(EXIT_FAILURE, -child, "fork failed");
	ctl->report_fd = -1;
	fd = xt_sync_parent(&sync);
	/* one record if the child failed before exec, else EOF at exec */
	rc = xt_sync_recv(fd, &msg);
	xt_ready_after_sync(ready_fd, rc, child);
	if (rc == 1 && msg.kind == XT_SYNC_ERROR)
		xt_print_error(&msg);
	xt_exit_like(xt_wait_forwarding(child, &set, &forward, true));
}

int main(int argc, char **argv)
{
	struct xnsenter_ctl ctl = {
		.pidfd = -1,
		.procfd = -1,
		.sock_fd = -1,
		.root_fd = -1,
		.wd_fd = -1,
		.old_cwd_fd = -1,
		.fork = -1,
		.cgroup_fd = -1,
		.report_fd = -1,
		.setgroups_err = -1,
		.ready_fd = -1,
	};

	for (unsigned int i = 0; i < XT_NSKINDS_COUNT; i++)
		ctl.fds[i] = -1;
	xt_close_stdout_atexit();
	parse_args(argc, argv, &ctl);
	validate_args(&ctl);
	prepare(&ctl);
	enter_namespaces(&ctl);
	change_directories(&ctl);
	apply_environment(&ctl);
	join_cgroup(&ctl);
	return run_program(&ctl);
}
