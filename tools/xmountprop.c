/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xmountprop - set the propagation of mounts (shared, slave, private,
 * unbindable), as mount --make-* does, through mount_setattr(2); and show
 * it (`xmountprop show`, a separate program so that only showing pays for
 * libmount and libsmartcols).
 *
 * Stricter than mount(8): a path that is not a mount point is an error
 * that says so, one type per call, every failing target reported.
 */
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "c.h"
#include "closestream.h"
#include "mountinfo.h"
#include "nsfile.h"
#include "strutils.h"

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

/* The show program, next to us in a build tree, else installed here. */
#ifndef XT_PKGLIBEXECDIR
#define XT_PKGLIBEXECDIR "/usr/local/libexec/xnsutils"
#endif
#define SHOW_PROGRAM "xmountprop-show"

static const struct proptype {
	const char *word;
	unsigned long flag;
} proptypes[] = {
	{ "shared", MS_SHARED },
	{ "slave", MS_SLAVE },
	{ "private", MS_PRIVATE },
	{ "unbindable", MS_UNBINDABLE },
};

struct xmountprop_ctl {
	const struct proptype *type;
	bool recursive, quiet, verbose;
	pid_t task; /* -N: 0 for our own mount namespace */
	char **targets;
	int ntargets;
};

static void __attribute__((__noreturn__)) usage(void)
{
	fputs(USAGE_HEADER, stdout);
	printf(" %s [options] shared|slave|private|unbindable <mountpoint>...\n",
	       program_invocation_short_name);
	printf(" %s [options] --make-[r]{shared,slave,private,unbindable} <mountpoint>...\n",
	       program_invocation_short_name);
	printf(" %s show [options] [<mountpoint>...]\n", program_invocation_short_name);
	fputs(USAGE_SEPARATOR, stdout);
	fputs("Set the propagation type of mount points, or show it (see 'show --help').\n",
	      stdout);
	fputs(USAGE_OPTIONS, stdout);
	fputs(" -r, --recursive        change every mount under the mount points too\n", stdout);
	fputs("     --make-shared      same as 'shared' (also --make-rshared: recursive)\n",
	      stdout);
	fputs("     --make-slave       same as 'slave' (also --make-rslave)\n", stdout);
	fputs("     --make-private     same as 'private' (also --make-rprivate)\n", stdout);
	fputs("     --make-unbindable  same as 'unbindable' (also --make-runbindable)\n", stdout);
	fputs(" -N, --task <pid>       act in the mount namespace of process <pid>\n", stdout);
	fputs(" -q, --quiet            print no error messages (the exit status tells)\n", stdout);
	fputs(" -v, --verbose          say what changed: old -> new propagation\n", stdout);
	fputs("\nShow options (after 'show'):\n", stdout);
	fputs(" -J, --json             JSON output (findmnt's shape)\n", stdout);
	fputs(" -r, --raw              raw output: a flat list, blanks escaped\n", stdout);
	fputs(" -n, --noheadings       no header line\n", stdout);
	fputs(" -o, --output <list>    the columns to show\n", stdout);
	fputs("     --tree             the propagation graph\n", stdout);
	fputs(" -N, --task <pid>       the mount namespace of process <pid>\n", stdout);
	fputs(USAGE_SEPARATOR, stdout);
	USAGE_HELP_OPTIONS(24);
	USAGE_MAN_TAIL("xmountprop(8)");
	exit(EXIT_SUCCESS);
}

/* ---- show: another program ------------------------------------------------ */

/*
 * `show` lives in a program of its own, linked with libmount and
 * libsmartcols, so that setting, the common path, starts without them.
 */
static void __attribute__((__noreturn__)) exec_show(char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + sizeof(SHOW_PROGRAM)];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	/* our name, not the helper's, in getopt's messages: argv[-1] is ours */
	argv[0] = argv[-1];
	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			slash[1] = '\0';
			snprintf(path, sizeof(path), "%s%s", self, SHOW_PROGRAM);
			execv(path, argv);
		}
	}
	snprintf(path, sizeof(path), "%s/%s", XT_PKGLIBEXECDIR, SHOW_PROGRAM);
	execv(path, argv);
	err(EXIT_FAILURE, "failed to execute %s", path);
}

/* ---- parse ------------------------------------------------------------------ */

enum {
	OPT_MAKE = CHAR_MAX + 1, /* + index into proptypes, *2 + recursive */
};

static void set_type(struct xmountprop_ctl *ctl, const struct proptype *type)
{
	if (ctl->type && ctl->type != type) {
		warnx("only one propagation type per call (%s and %s given)", ctl->type->word,
		      type->word);
		xt_errtryhelp(EXIT_FAILURE);
	}
	ctl->type = type;
}

static void parse_args(int argc, char **argv, struct xmountprop_ctl *ctl)
{
	static const struct option longopts[] = {
		{ "recursive", no_argument, NULL, 'r' },
		{ "task", required_argument, NULL, 'N' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "make-shared", no_argument, NULL, OPT_MAKE + 0 },
		{ "make-rshared", no_argument, NULL, OPT_MAKE + 1 },
		{ "make-slave", no_argument, NULL, OPT_MAKE + 2 },
		{ "make-rslave", no_argument, NULL, OPT_MAKE + 3 },
		{ "make-private", no_argument, NULL, OPT_MAKE + 4 },
		{ "make-rprivate", no_argument, NULL, OPT_MAKE + 5 },
		{ "make-unbindable", no_argument, NULL, OPT_MAKE + 6 },
		{ "make-runbindable", no_argument, NULL, OPT_MAKE + 7 },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+rN:qvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			ctl->recursive = true;
			break;
		case 'N':
			ctl->task = xt_pid_or_err(optarg);
			break;
		case 'q':
			ctl->quiet = true;
			break;
		case 'v':
			ctl->verbose = true;
			break;
		case 'h':
			usage();
		case 'V':
			xt_print_version();
		default:
			if (c >= OPT_MAKE && c < OPT_MAKE + 8) {
				set_type(ctl, &proptypes[(c - OPT_MAKE) / 2]);
				if ((c - OPT_MAKE) % 2)
					ctl->recursive = true;
				break;
			}
			xt_errtryhelp(EXIT_FAILURE);
		}
	}
	/* Without --make-*, the first word is the type. */
	if (!ctl->type && optind < argc) {
		for (size_t i = 0; i < ARRAY_SIZE(proptypes); i++)
			if (strcmp(argv[optind], proptypes[i].word) == 0)
				ctl->type = &proptypes[i];
		if (!ctl->type) {
			warnx("unknown propagation type '%s' (shared, slave, private or unbindable)",
			      argv[optind]);
			xt_errtryhelp(EXIT_FAILURE);
		}
		optind++;
	}
	if (!ctl->type) {
		warnx("no propagation type specified");
		xt_errtryhelp(EXIT_FAILURE);
	}
	/* A second type word where a mount point should be (and no such
	 * path): two types, which the kernel takes one per call. */
	for (size_t k = 0; optind < argc && k < ARRAY_SIZE(proptypes); k++)
		if (strcmp(argv[optind], proptypes[k].word) == 0 &&
		    access(argv[optind], F_OK) != 0) {
			warnx("only one propagation type per call (%s and %s given)",
			      ctl->type->word, argv[optind]);
			xt_errtryhelp(EXIT_FAILURE);
		}
	if (optind >= argc) {
		warnx("no mount point specified");
		xt_errtryhelp(EXIT_FAILURE);
	}
	ctl->targets = argv + optind;
	ctl->ntargets = argc - optind;
}

/* ---- act ---------------------------------------------------------------------- */

/*
 * -N: the mount namespace of a process, pinned by a pidfd. setns() there
 * also moves our root and cwd to that namespace's root, so paths name
 * mounts of that namespace.
 */
static void enter_task(const struct xmountprop_ctl *ctl)
{
	int fd;

	if (!ctl->task)
		return;
	fd = xt_pidfd_open(ctl->task);
	if (fd < 0)
		errc(EXIT_FAILURE, -fd, "cannot open process %d", (int)ctl->task);
	/* nobody in there may read our memory while we are inside */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (setns(fd, CLONE_NEWNS) < 0)
		err(EXIT_FAILURE, "cannot enter the mount namespace of process %d", (int)ctl->task);
	close(fd);
}

/* Is @path the root of a mount? 1, 0, or -errno. */
static int is_mount_root(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, 0, 0, &stx) < 0)
		return -errno;
	if (!(stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
		return -ENOTSUP;
	return (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

/* One target: mount_setattr, or mount(2) on kernels before 5.12. 0 or -errno. */
static int set_propagation(const char *target, unsigned long flag, bool recursive)
{
	struct mount_attr attr = { .propagation = flag };

	if (mount_setattr(AT_FDCWD, target, recursive ? AT_RECURSIVE : 0, &attr, sizeof(attr)) == 0)
		return 0;
	if (errno != ENOSYS)
		return -errno;
	if (mount("none", target, NULL, flag | (recursive ? MS_REC : 0), NULL) == 0)
		return 0;
	return -errno;
}

static void report_failure(const struct xmountprop_ctl *ctl, const char *target, int rc)
{
	if (ctl->quiet)
		return;
	/* EINVAL for a path that is not a mount point: say so, never act on
	 * the mount that contains it. */
	if (rc == -EINVAL && is_mount_root(target) == 0) {
		warnx("%s: not a mount point", target);
		warnx("hint: make it one first: mount --bind %s %s", target, target);
		return;
	}
	warnc(-rc, "cannot change the propagation of %s", target);
	if (rc == -EPERM)
		warnx("hint: this needs CAP_SYS_ADMIN in the user namespace that owns the mount namespace");
}

/*
 * -v: every mount whose propagation changed, old -> new; control characters
 * and backslashes in the path as \xHH, so that one line is one mount.
 */
static void print_changes(const struct xt_mounts *before, const struct xt_mounts *after)
{
	static char path[4 * PATH_MAX + 1];

	for (size_t i = 0; i < after->n; i++) {
		const struct xt_mount *a = &after->v[i], *b = xt_mounts_find(before, a->id);
		const char *was, *now;

		if (!b)
			continue;
		was = xt_propagation_word(b->shared, b->master, b->unbindable);
		now = xt_propagation_word(a->shared, a->master, a->unbindable);
		if (strcmp(was, now) != 0 || b->shared != a->shared || b->master != a->master)
			printf("%s: %s -> %s\n", xt_visible(a->target, path, sizeof(path)), was,
			       now);
	}
}

int main(int argc, char **argv)
{
	struct xmountprop_ctl ctl = { 0 };
	struct xt_mounts before = { 0 }, after = { 0 };
	int failed = 0;

	xt_close_stdout_atexit();
	if (argc > 1 && strcmp(argv[1], "show") == 0)
		exec_show(argv + 1);
	parse_args(argc, argv, &ctl);
	enter_task(&ctl);
	/* -v reads the table before and after: only -v pays for it */
	if (ctl.verbose && xt_mounts_read(&before, "/proc/self/mountinfo") < 0)
		err(EXIT_FAILURE, "cannot read /proc/self/mountinfo");
	/* Every target is tried; each failure is reported on its own. */
	for (int i = 0; i < ctl.ntargets; i++) {
		int rc = set_propagation(ctl.targets[i], ctl.type->flag, ctl.recursive);

		if (rc < 0) {
			report_failure(&ctl, ctl.targets[i], rc);
			failed = 1;
		}
	}
	if (ctl.verbose) {
		if (xt_mounts_read(&after, "/proc/self/mountinfo") < 0)
			err(EXIT_FAILURE, "cannot read /proc/self/mountinfo");
		print_changes(&before, &after);
		xt_mounts_free(&before);
		xt_mounts_free(&after);
	}
	return failed;
}
