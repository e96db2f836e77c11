/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xunshare - run a program in new namespaces (util-linux unshare(1) 2.42).
 *
 * Processes, in the order they appear:
 *   - a *helper*, forked before unshare() while still in the caller's
 *     namespaces, when something must be done from outside: writing range
 *     id maps (stage 1, right after unshare) and binding namespace files
 *     (stage 2, after the fork). It talks with us over an xt_sync pair.
 *   - xunshare itself, which unshares and then either executes the program
 *     or, with --fork, forks the *child* that does, waits and mirrors its
 *     status.
 * Errors are printed by xunshare alone: helper and child send them as data.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "c.h"
#include "caps.h"
#include "closestream.h"
#include "fileio.h"
#include "hints.h"
#include "idmap.h"
#include "nsfile.h"
#include "procwait.h"
#include "pwdutils.h"
#include "signames.h"
#include "strutils.h"
#include "ready.h"
#include "sync.h"
#include "xalloc.h"

#define PROPAGATION_UNCHANGED 0UL

enum { STAGE_MAPS = 1, STAGE_BINDS = 2 };

enum setgroups_mode { SETGROUPS_NONE, SETGROUPS_ALLOW, SETGROUPS_DENY };

/* What --map-users (or --map-groups) asked for. */
struct idspec {
	struct xt_idmap map; /* explicit ranges, then the resolved map */
	bool automatic;	     /* "auto": the first subid range, from 0 */
	bool subids;	     /* "subids": the first subid range onto itself */
	bool all;	     /* "all": every id we have, onto itself */
	bool single;	     /* --map-user/-group, -r, -c */
	uint32_t single_inner;
};

struct xunshare_ctl {
	int flags;			     /* CLONE_NEW* to unshare */
	const char *files[XT_NSKINDS_COUNT]; /* --TYPE=FILE, by xt_nskinds index */
	bool persist;			     /* any of files[] */
	bool fork;			     /* -f */
	bool forward_signals;		     /* --forward-signals */
	int kill_signal;		     /* --kill-child, 0 for none */
	int ready_fd;			     /* --ready-fd, -1 for none */
	const char *procdir;		     /* --mount-proc */
	const char *binfmtdir;		     /* --mount-binfmt */
	const char *interp;		     /* -l */
	unsigned long propagation;	     /* MS_* or PROPAGATION_UNCHANGED */
	const char *root, *wd;		     /* -R, -w */
	bool setuid, setgid;		     /* -S, -G */
	uid_t uid;
	gid_t gid;
	struct idspec users, groups; /* uid and gid maps */
	bool owner;		     /* --owner */
	uid_t owner_uid;
	gid_t owner_gid;
	enum setgroups_mode setgroups; /* --setgroups */
	bool keep_caps;		       /* --keep-caps */
	bool monotonic, boottime;      /* --monotonic, --boottime */
	int64_t monotonic_off, boottime_off;
	bool clear_env;	 /* --clear-env */
	char *whitelist; /* --whitelist-env */
	char **argv;	 /* the program, or NULL */

	/* runtime */
	uid_t euid; /* ours, before anything changed */
	gid_t egid;
	uid_t outer_uid; /* the ids single maps map onto */
	gid_t outer_gid;
	pid_t self;   /* our pid, for /proc/PID/ns paths */
	pid_t helper; /* 0: no helper */
	int helper_fd;
	bool helper_maps;      /* the helper writes the range maps */
	bool setgroups_denied; /* we wrote "deny" */
	int report_fd;	       /* in the forked child: to the parent */
};

static void __attribute__((__noreturn__)) usage(void)
{
	fputs(USAGE_HEADER, stdout);
	printf(" %s [options] [<program> [<argument>...]]\n", program_invocation_short_name);
	fputs(USAGE_SEPARATOR, stdout);
	fputs("Run a program in new namespaces.\n", stdout);
	fputs(USAGE_OPTIONS, stdout);
	fputs(" -m, --mount[=<file>]      new mount namespace\n"
	      " -u, --uts[=<file>]        new UTS namespace (hostname, domain name)\n"
	      " -i, --ipc[=<file>]        new System V IPC namespace\n"
	      " -n, --net[=<file>]        new network namespace\n"
	      " -p, --pid[=<file>]        new pid namespace\n"
	      " -U, --user[=<file>]       new user namespace\n"
	      " -C, --cgroup[=<file>]     new cgroup namespace\n"
	      " -T, --time[=<file>]       new time namespace\n"
	      "                           <file>: keep the namespace alive by binding it there\n",
	      stdout);
	fputs(USAGE_SEPARATOR, stdout);
	fputs(" --mount-proc[=<dir>]      mount proc on <dir> (/proc) first (implies --mount)\n"
	      " --mount-binfmt[=<dir>]    mount binfmt_misc on <dir> first\n"
	      "                             (implies --user and --mount)\n"
	      " -l, --load-interp <def>   register a binfmt_misc interpreter\n"
	      "                             (implies --mount-binfmt)\n"
	      " --propagation slave|shared|private|unchanged\n"
	      "                           propagation of / in a new mount namespace (private)\n"
	      " -R, --root <dir>          run the program with <dir> as its root directory\n"
	      " -w, --wd <dir>            run the program in directory <dir>\n",
	      stdout);
	fputs(USAGE_SEPARATOR, stdout);
	fputs(" -S, --setuid <uid>        run the program as user id <uid>\n"
	      " -G, --setgid <gid>        run the program as group id <gid>\n"
	      " --map-user <uid>|<name>   map the current user to <uid> (implies --user)\n"
	      " --map-group <gid>|<name>  map the current group to <gid> (implies --user)\n"
	      " -r, --map-root-user       map the current user and group to root\n"
	      " -c, --map-current-user    map the current user and group to themselves\n"
	      " --map-auto                map the first subordinate ids from 0 (implies --user)\n"
	      " --map-subids              map the first subordinate ids onto themselves\n"
	      " --map-users <inner>:<outer>:<count>|auto|subids|all\n"
	      "                           map a range of user ids (implies --user)\n"
	      " --map-groups <inner>:<outer>:<count>|auto|subids|all\n"
	      "                           map a range of group ids (implies --user)\n"
	      " --owner <uid>:<gid>       owner of the new user namespace (implies --user)\n"
	      " --setgroups allow|deny    allow or deny setgroups(2) in the user namespace\n"
	      " --keep-caps               keep the capabilities of the user namespace\n",
	      stdout);
	fputs(USAGE_SEPARATOR, stdout);
	fputs(" -f, --fork                run the program in a child and wait for it\n"
	      " --kill-child[=<signal>]   kill the child with <signal> (KILL) when xunshare\n"
	      "                             dies (implies --fork)\n"
	      " --forward-signals         forward SIGTERM and SIGINT to the child\n"
	      "                             (implies --fork)\n"
	      " --ready-fd <fd>           write the program's pid to <fd> once all is set up\n"
	      " --monotonic <seconds>     CLOCK_MONOTONIC offset in the time namespace\n"
	      " --boottime <seconds>      CLOCK_BOOTTIME offset in the time namespace\n"
	      " --clear-env               start the program with an empty environment\n"
	      " --whitelist-env <list>    keep only the variables in the comma-separated <list>\n",
	      stdout);
	fputs(USAGE_SEPARATOR, stdout);
	USAGE_HELP_OPTIONS(27);
	USAGE_MAN_TAIL("xunshare(1)");
	exit(EXIT_SUCCESS);
}

/* Print a child's error, and a hint when its errno has a known cause. */
static void report(const struct xt_sync_msg *msg)
{
	char hint[256];

	xt_print_error(msg);
	/* in the steps after unshare() only mount(2) fails with ENOSPC */
	if (xt_mount_hint(msg->err, hint, sizeof(hint)))
		fprintf(stderr, "%s: hint: %s\n", program_invocation_short_name, hint);
}

/* End with one message (see xt_die()), and its hint where we print it. */
static void __attribute__((__noreturn__, __format__(__printf__, 4, 5)))
fail(const struct xunshare_ctl *ctl, int status, int err, const char *fmt, ...)
{
	struct xt_sync_msg msg = { .kind = XT_SYNC_ERROR, .err = err, .status = status };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg.what, sizeof(msg.what), fmt, ap);
	va_end(ap);
	if (ctl && ctl->report_fd >= 0)
		xt_die(ctl->report_fd, status, err, "%s", msg.what);
	report(&msg);
	exit(status);
}

/* ---- parse ------------------------------------------------------------ */

static uid_t parse_user(const char *s)
{
	struct passwd *pw;

	if (xt_looks_numeric(s))
		return xt_id_or_err(s, "uid");
	pw = xt_getpwnam(s);
	if (!pw)
		errx(EXIT_FAILURE, "unknown user: '%s'", s);
	return pw->pw_uid;
}

static gid_t parse_group(const char *s)
{
	struct group *gr;

	if (xt_looks_numeric(s))
		return xt_id_or_err(s, "gid");
	gr = xt_getgrnam(s);
	if (!gr)
		errx(EXIT_FAILURE, "unknown group: '%s'", s);
	return gr->gr_gid;
}

static void parse_idspec(struct idspec *spec, const char *s, const char *opt)
{
	struct xt_idrange r;

	if (strcmp(s, "auto") == 0)
		spec->automatic = true;
	else if (strcmp(s, "subids") == 0)
		spec->subids = true;
	else if (strcmp(s, "all") == 0)
		spec->all = true;
	else if (xt_idrange_parse(s, &r) < 0 || xt_idmap_add(&spec->map, r) < 0)
		errx(EXIT_FAILURE, "failed to parse %s: '%s'", opt, s);
}

static void parse_owner(struct xunshare_ctl *ctl, const char *s)
{
	char *copy = xstrdup(s), *colon = strchr(copy, ':');

	if (colon)
		*colon = '\0';
	if (!colon || xt_parse_id(copy, &ctl->owner_uid) < 0 ||
	    xt_parse_id(colon + 1, &ctl->owner_gid) < 0)
		errx(EXIT_FAILURE, "failed to parse --owner: '%s'", s);
	ctl->owner = true;
	free(copy);
}

static unsigned long parse_propagation(const char *s)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} modes[] = {
		{ "slave", MS_SLAVE },
		{ "shared", MS_SHARED },
		{ "private", MS_PRIVATE },
		{ "unchanged", PROPAGATION_UNCHANGED },
	};

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		if (strcmp(s, modes[i].name) == 0)
			return modes[i].flag;
	errx(EXIT_FAILURE, "unsupported propagation mode: %s", s);
}

static void set_single_maps(struct xunshare_ctl *ctl, uint32_t uid, uint32_t gid)
{
	ctl->users.single = ctl->groups.single = true;
	ctl->users.single_inner = uid;
	ctl->groups.single_inner = gid;
}

static void parse_args(int argc, char **argv, struct xunshare_ctl *ctl)
{
	enum {
		OPT_MOUNTPROC = CHAR_MAX + 1,
		OPT_MOUNTBINFMT,
		OPT_PROPAGATION,
		OPT_SETGROUPS,
		OPT_KILLCHILD,
		OPT_FORWARD,
		OPT_KEEPCAPS,
		OPT_MONOTONIC,
		OPT_BOOTTIME,
		OPT_MAPUSER,
		OPT_MAPGROUP,
		OPT_MAPUSERS,
		OPT_MAPGROUPS,
		OPT_MAPAUTO,
		OPT_MAPSUBIDS,
		OPT_OWNER,
		OPT_CLEARENV,
		OPT_WHITELISTENV,
		OPT_READYFD,
	};
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "mount", optional_argument, NULL, 'm' },
		{ "uts", optional_argument, NULL, 'u' },
		{ "ipc", optional_argument, NULL, 'i' },
		{ "net", optional_argument, NULL, 'n' },
		{ "pid", optional_argument, NULL, 'p' },
		{ "user", optional_argument, NULL, 'U' },
		{ "cgroup", optional_argument, NULL, 'C' },
		{ "time", optional_argument, NULL, 'T' },
		{ "fork", no_argument, NULL, 'f' },
		{ "kill-child", optional_argument, NULL, OPT_KILLCHILD },
		{ "forward-signals", no_argument, NULL, OPT_FORWARD },
		{ "ready-fd", required_argument, NULL, OPT_READYFD },
		{ "mount-proc", optional_argument, NULL, OPT_MOUNTPROC },
		{ "mount-binfmt", optional_argument, NULL, OPT_MOUNTBINFMT },
		{ "load-interp", required_argument, NULL, 'l' },
		{ "propagation", required_argument, NULL, OPT_PROPAGATION },
		{ "root", required_argument, NULL, 'R' },
		{ "wd", required_argument, NULL, 'w' },
		{ "setuid", required_argument, NULL, 'S' },
		{ "setgid", required_argument, NULL, 'G' },
		{ "map-root-user", no_argument, NULL, 'r' },
		{ "map-current-user", no_argument, NULL, 'c' },
		{ "map-user", required_argument, NULL, OPT_MAPUSER },
		{ "map-group", required_argument, NULL, OPT_MAPGROUP },
		{ "map-users", required_argument, NULL, OPT_MAPUSERS },
		{ "map-groups", required_argument, NULL, OPT_MAPGROUPS },
		{ "map-auto", no_argument, NULL, OPT_MAPAUTO },
		{ "map-subids", no_argument, NULL, OPT_MAPSUBIDS },
		{ "owner", required_argument, NULL, OPT_OWNER },
		{ "setgroups", required_argument, NULL, OPT_SETGROUPS },
		{ "keep-caps", no_argument, NULL, OPT_KEEPCAPS },
		{ "monotonic", required_argument, NULL, OPT_MONOTONIC },
		{ "boottime", required_argument, NULL, OPT_BOOTTIME },
		{ "clear-env", no_argument, NULL, OPT_CLEARENV },
		{ "whitelist-env", required_argument, NULL, OPT_WHITELISTENV },
		{ NULL, 0, NULL, 0 },
	};
	const struct xt_nskind *kind;
	int c;

	while ((c = getopt_long(argc, argv, "+fhVmuinpCTUrR:w:S:G:cl:", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
		case 'u':
		case 'i':
		case 'n':
		case 'p':
		case 'U':
		case 'C':
		case 'T':
			kind = xt_nskind_by_letter(c);
			ctl->flags |= kind->flag;
			if (optarg) {
				ctl->files[kind - xt_nskinds] = optarg;
				ctl->persist = true;
			}
			break;
		case 'f':
			ctl->fork = true;
			break;
		case OPT_KILLCHILD:
			ctl->fork = true;
			ctl->kill_signal = SIGKILL;
			if (optarg && (ctl->kill_signal = xt_signame_to_num(optarg)) < 0)
				errx(EXIT_FAILURE, "unknown signal: %s", optarg);
			break;
		case OPT_FORWARD:
			ctl->fork = ctl->forward_signals = true;
			break;
		case OPT_READYFD:
			ctl->ready_fd = xt_ready_fd_or_err(optarg);
			break;
		case OPT_MOUNTPROC:
			ctl->flags |= CLONE_NEWNS;
			ctl->procdir = optarg ? optarg : "/proc";
			break;
		case OPT_MOUNTBINFMT:
		case 'l':
			ctl->flags |= CLONE_NEWNS | CLONE_NEWUSER;
			if (c == 'l')
				ctl->interp = optarg;
			if (c == OPT_MOUNTBINFMT && optarg)
				ctl->binfmtdir = optarg;
			if (!ctl->binfmtdir) {
				/* the default place lives in proc: mount that too */
				ctl->binfmtdir = "/proc/sys/fs/binfmt_misc";
				if (!ctl->procdir)
					ctl->procdir = "/proc";
			}
			break;
		case OPT_PROPAGATION:
			ctl->propagation = parse_propagation(optarg);
			break;
		case 'R':
			ctl->root = optarg;
			break;
		case 'w':
			ctl->wd = optarg;
			break;
		case 'S':
			ctl->uid = xt_id_or_err(optarg, "uid");
			ctl->setuid = true;
			break;
		case 'G':
			ctl->gid = xt_id_or_err(optarg, "gid");
			ctl->setgid = true;
			break;
		case 'r':
			ctl->flags |= CLONE_NEWUSER;
			set_single_maps(ctl, 0, 0);
			break;
		case 'c':
			ctl->flags |= CLONE_NEWUSER;
			set_single_maps(ctl, UINT32_MAX, UINT32_MAX); /* resolved later */
			break;
		case OPT_MAPUSER:
			ctl->flags |= CLONE_NEWUSER;
			ctl->users.single = true;
			ctl->users.single_inner = parse_user(optarg);
			break;
		case OPT_MAPGROUP:
			ctl->flags |= CLONE_NEWUSER;
			ctl->groups.single = true;
			ctl->groups.single_inner = parse_group(optarg);
			break;
		case OPT_MAPUSERS:
			ctl->flags |= CLONE_NEWUSER;
			parse_idspec(&ctl->users, optarg, "--map-users");
			break;
		case OPT_MAPGROUPS:
			ctl->flags |= CLONE_NEWUSER;
			parse_idspec(&ctl->groups, optarg, "--map-groups");
			break;
		case OPT_MAPAUTO:
			ctl->flags |= CLONE_NEWUSER;
			ctl->users.automatic = ctl->groups.automatic = true;
			break;
		case OPT_MAPSUBIDS:
			ctl->flags |= CLONE_NEWUSER;
			ctl->users.subids = ctl->groups.subids = true;
			break;
		case OPT_OWNER:
			ctl->flags |= CLONE_NEWUSER;
			parse_owner(ctl, optarg);
			break;
		case OPT_SETGROUPS:
			if (strcmp(optarg, "allow") == 0)
				ctl->setgroups = SETGROUPS_ALLOW;
			else if (strcmp(optarg, "deny") == 0)
				ctl->setgroups = SETGROUPS_DENY;
			else
				errx(EXIT_FAILURE, "unsupported --setgroups argument '%s'", optarg);
			break;
		case OPT_KEEPCAPS:
			ctl->keep_caps = true;
			break;
		case OPT_MONOTONIC:
			ctl->monotonic_off = xt_s64_or_err(optarg, "monotonic offset");
			ctl->monotonic = true;
			break;
		case OPT_BOOTTIME:
			ctl->boottime_off = xt_s64_or_err(optarg, "boottime offset");
			ctl->boottime = true;
			break;
		case OPT_CLEARENV:
			ctl->clear_env = true;
			break;
		case OPT_WHITELISTENV:
			ctl->whitelist = optarg;
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

static bool has_ranges(const struct idspec *s)
{
	return s->map.n || s->automatic || s->subids || s->all;
}

static void validate_args(struct xunshare_ctl *ctl)
{
	if ((ctl->monotonic || ctl->boottime) && !(ctl->flags & CLONE_NEWTIME))
		errx(EXIT_FAILURE, "options --monotonic and --boottime require "
				   "unsharing of a time namespace (-T)");
	/* a single group map needs setgroups denied (user_namespaces(7)) */
	if (ctl->setgroups == SETGROUPS_ALLOW && ctl->groups.single && !has_ranges(&ctl->groups))
		errx(EXIT_FAILURE,
		     "options --setgroups=allow and --map-group are mutually exclusive");
	/* pid_for_children can be bound only once a child exists */
	if (ctl->files[xt_nskind_by_flag(CLONE_NEWPID) - xt_nskinds] && !ctl->fork)
		errx(EXIT_FAILURE, "--pid=FILE requires --fork");
}

/* ---- prepare ------------------------------------------------------------- */

/* Turn auto/subids/all and the single ids into the final map of one kind. */
static void resolve_map(struct xunshare_ctl *ctl, struct idspec *spec, uint32_t outer,
			const char *subid_file, const char *self_map, const char *opt)
{
	struct passwd *pw = NULL;
	struct xt_idrange r;
	int rc;

	if (spec->automatic || spec->subids)
		pw = xt_getpwuid(ctl->euid);
	for (int identity = 0; identity < 2; identity++) {
		if (!(identity ? spec->subids : spec->automatic))
			continue;
		rc = xt_idmap_subid(subid_file, pw ? pw->pw_name : NULL, ctl->euid, identity, &r);
		if (rc == -ENOENT)
			errx(EXIT_FAILURE, "no line matching user \"%s\" in %s",
			     pw ? pw->pw_name : "?", subid_file);
		if (rc == -EINVAL)
			errx(EXIT_FAILURE, "malformed line for this user in %s", subid_file);
		if (rc < 0)
			errc(EXIT_FAILURE, -rc, "cannot read %s", subid_file);
		if (xt_idmap_add(&spec->map, r) < 0)
			errx(EXIT_FAILURE, "too many ranges for %s", opt);
	}
	if (spec->all && (rc = xt_idmap_all(self_map, &spec->map)) < 0)
		errc(EXIT_FAILURE, -rc, "cannot read %s", self_map);
	if (spec->single && spec->single_inner == UINT32_MAX) /* -c */
		spec->single_inner = outer;
	if (has_ranges(spec) &&
	    xt_idmap_merge_single(&spec->map, spec->single ? spec->single_inner : XT_IDMAP_AUTO,
				  outer) < 0)
		errx(EXIT_FAILURE, "too many ranges for %s", opt);
}

static void prepare(struct xunshare_ctl *ctl)
{
	if (!(ctl->flags & CLONE_NEWUSER))
		goto done;
	ctl->euid = geteuid();
	ctl->egid = getegid();
	/* with --owner, the new user namespace belongs to, and maps, that user */
	ctl->outer_uid = ctl->owner ? ctl->owner_uid : ctl->euid;
	ctl->outer_gid = ctl->owner ? ctl->owner_gid : ctl->egid;
	resolve_map(ctl, &ctl->users, ctl->outer_uid, "/etc/subuid", "/proc/self/uid_map",
		    "--map-users");
	resolve_map(ctl, &ctl->groups, ctl->outer_gid, "/etc/subgid", "/proc/self/gid_map",
		    "--map-groups");
	ctl->helper_maps = has_ranges(&ctl->users) || has_ranges(&ctl->groups);
done:
	if (ctl->persist || ctl->helper_maps)
		ctl->self = getpid();
}

/* ---- the helper ----------------------------------------------------------- */

static int helper_write_map(const struct xunshare_ctl *ctl, int fd, const char *which,
			    const char *tool, const struct xt_idmap *map)
{
	char **argv;
	int rc, status;

	if (!map->n)
		return 0;
	/* root may write any map; others need the setuid helpers and /etc/sub?id */
	if (ctl->euid == 0) {
		rc = xt_idmap_write(ctl->self, which, map);
		if (rc < 0)
			xt_sync_send_error(fd, -rc, 1, "cannot write /proc/%d/%s", (int)ctl->self,
					   which);
		return rc;
	}
	argv = xt_idmap_helper_argv(tool, ctl->self, map);
	if (!argv) {
		xt_sync_send_error(fd, ENOMEM, 1, "cannot run %s", tool);
		return -ENOMEM;
	}
	rc = xt_run_program(argv, &status);
	xt_argv_free(argv);
	if (rc < 0) {
		xt_sync_send_error(fd, -rc, 1, "failed to execute %s", tool);
		return rc;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		xt_sync_send_error(fd, 0, 1, "%s failed", tool);
		return -ECHILD;
	}
	return 0;
}

/*
 * Bind /proc/PID/ns/KIND of xunshare onto each FILE, in table order. On a
 * failure the binds already made are undone, so nothing is left behind.
 */
static int bind_files(const struct xunshare_ctl *ctl, char *what, size_t size)
{
	char src[64];
	unsigned int i;

	for (i = 0; i < XT_NSKINDS_COUNT; i++) {
		if (!ctl->files[i])
			continue;
		snprintf(src, sizeof(src), "/proc/%d/ns/%s", (int)ctl->self, xt_nskinds[i].persist);
		if (mount(src, ctl->files[i], NULL, MS_BIND, NULL) == 0)
			continue;
		int e = errno;
		snprintf(what, size, "mount %s on %s failed", src, ctl->files[i]);
		while (i-- > 0)
			if (ctl->files[i])
				umount2(ctl->files[i], MNT_DETACH | UMOUNT_NOFOLLOW);
		return -e;
	}
	return 0;
}

/*
 * helper_main() - the helper's life: wait for stage 1 (we have unshared:
 * write the range maps of our pid), then stage 2 (bind the files). EOF at
 * any point means xunshare gave up or died: exit without doing anything.
 */
static void __attribute__((__noreturn__)) helper_main(const struct xunshare_ctl *ctl, int fd)
{
	struct xt_sync_msg msg;
	char what[256];
	int rc;

	while (xt_sync_recv(fd, &msg) == 1 && msg.kind == XT_SYNC_GO) {
		if (msg.stage == STAGE_MAPS) {
			if (helper_write_map(ctl, fd, "uid_map", "newuidmap", &ctl->users.map) <
				    0 ||
			    helper_write_map(ctl, fd, "gid_map", "newgidmap", &ctl->groups.map) < 0)
				_exit(EXIT_FAILURE);
		} else if ((rc = bind_files(ctl, what, sizeof(what))) < 0) {
			xt_sync_send_error(fd, -rc, EXIT_FAILURE, "%s", what);
			_exit(EXIT_FAILURE);
		}
		xt_sync_send(fd, XT_SYNC_DONE, msg.stage);
		if (msg.stage == STAGE_BINDS)
			break;
	}
	_exit(EXIT_SUCCESS);
}

/*
 * start_helper() - fork the helper while we are still in the caller's
 * namespaces. It is needed for range maps (an unprivileged map must be
 * written by a process outside the new user namespace) and for binding
 * files when we will have left the caller's mount namespace (-m) or lost
 * our capabilities over it (-U).
 */
static void start_helper(struct xunshare_ctl *ctl)
{
	struct xt_sync sync;
	int rc;

	if (!ctl->helper_maps && !(ctl->persist && (ctl->flags & (CLONE_NEWNS | CLONE_NEWUSER))))
		return;
	/* an inherited SIG_IGN would have the kernel reap it behind our back */
	signal(SIGCHLD, SIG_DFL);
	if ((rc = xt_sync_init(&sync)) < 0)
		errc(EXIT_FAILURE, -rc, "cannot create a socket pair");
	ctl->helper = fork();
	if (ctl->helper < 0)
		err(EXIT_FAILURE, "fork failed");
	if (ctl->helper == 0)
		helper_main(ctl, xt_sync_child(&sync));
	ctl->helper_fd = xt_sync_parent(&sync);
}

/* Run one helper stage; on failure print its message and end. */
static void run_helper_stage(struct xunshare_ctl *ctl, int stage, pid_t child)
{
	struct xt_sync_msg msg;
	int rc, status;

	rc = xt_sync_send(ctl->helper_fd, XT_SYNC_GO, stage);
	if (rc == 0)
		rc = xt_sync_recv(ctl->helper_fd, &msg);
	if (rc == 1 && msg.kind == XT_SYNC_DONE && msg.stage == stage)
		return;
	xt_kill_and_reap(child);
	/* its end of file: a helper still waiting for GO leaves */
	close(ctl->helper_fd);
	xt_waitpid(ctl->helper, &status, 0);
	if (rc == 1 && msg.kind == XT_SYNC_ERROR)
		fail(NULL, EXIT_FAILURE, msg.err, "%s", msg.what);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot talk to the helper process");
	errx(EXIT_FAILURE, "helper process died");
}

static void finish_helper(struct xunshare_ctl *ctl)
{
	int status;

	close(ctl->helper_fd);
	xt_waitpid(ctl->helper, &status, 0);
	ctl->helper = 0;
}

/* ---- act: unshare and what must follow at once --------------------------- */

static void become_owner(const struct xunshare_ctl *ctl)
{
	if (setgroups(0, NULL) != 0)
		err(EXIT_FAILURE, "setgroups failed");
	/* gid first: after setuid we could no longer change it */
	if (setgid(ctl->owner_gid) != 0)
		err(EXIT_FAILURE, "setgid failed");
	if (setuid(ctl->owner_uid) != 0)
		err(EXIT_FAILURE, "setuid failed");
	/*
	 * The id change left us non-dumpable, which gives /proc/self to root:
	 * we could not write our own maps. Every id is now the owner's, so we
	 * hold nothing the owner may not see.
	 */
	if (prctl(PR_SET_DUMPABLE, 1) != 0)
		err(EXIT_FAILURE, "prctl(PR_SET_DUMPABLE) failed");
}

static void write_proc_self(const char *name, const char *data)
{
	int rc = xt_proc_write(0, name, data, strlen(data));

	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot write /proc/self/%s", name);
}

static void write_single_map(const char *which, uint32_t inner, uint32_t outer)
{
	char line[64];

	snprintf(line, sizeof(line), "%u %u 1\n", (unsigned)inner, (unsigned)outer);
	write_proc_self(which, line);
}

static void write_id_maps(struct xunshare_ctl *ctl)
{
	bool self_gid = ctl->groups.single && !has_ranges(&ctl->groups);

	if (!(ctl->flags & CLONE_NEWUSER)) {
		/*
		 * --setgroups without a new user namespace: as util-linux,
		 * to our own, where the kernel refuses it (gid_map is long
		 * written), rather than ignoring the option.
		 */
		if (ctl->setgroups != SETGROUPS_NONE)
			write_proc_self("setgroups",
					ctl->setgroups == SETGROUPS_DENY ? "deny" : "allow");
		return;
	}
	/*
	 * setgroups before gid_map: the kernel fixes it once gid_map is
	 * written, and an unprivileged single gid map needs "deny" first.
	 */
	if (ctl->setgroups == SETGROUPS_DENY || (self_gid && ctl->setgroups == SETGROUPS_NONE)) {
		int rc = xt_proc_write(0, "setgroups", "deny", 4);
		if (rc < 0 && rc != -ENOENT)
			errc(EXIT_FAILURE, -rc, "cannot write /proc/self/setgroups");
		ctl->setgroups_denied = true;
	} else if (ctl->setgroups == SETGROUPS_ALLOW) {
		write_proc_self("setgroups", "allow");
	}
	if (ctl->helper_maps)
		run_helper_stage(ctl, STAGE_MAPS, 0);
	if (ctl->users.single && !has_ranges(&ctl->users))
		write_single_map("uid_map", ctl->users.single_inner, ctl->outer_uid);
	if (self_gid)
		write_single_map("gid_map", ctl->groups.single_inner, ctl->outer_gid);
}

static void write_time_offsets(const struct xunshare_ctl *ctl)
{
	char buf[128];
	int n = 0;

	if (!ctl->monotonic && !ctl->boottime)
		return;
	/* clock ids: CLOCK_MONOTONIC 1, CLOCK_BOOTTIME 7 */
	if (ctl->monotonic)
		n += snprintf(buf + n, sizeof(buf) - n, "1 %lld 0\n",
			      (long long)ctl->monotonic_off);
	if (ctl->boottime)
		n += snprintf(buf + n, sizeof(buf) - n, "7 %lld 0\n", (long long)ctl->boottime_off);
	write_proc_self("timens_offsets", buf);
}

static void set_propagation(const struct xunshare_ctl *ctl)
{
	if (!(ctl->flags & CLONE_NEWNS) || ctl->propagation == PROPAGATION_UNCHANGED)
		return;
	if (mount("none", "/", NULL, MS_REC | ctl->propagation, NULL) != 0)
		err(EXIT_FAILURE, "cannot change root filesystem propagation");
}

static void act(struct xunshare_ctl *ctl)
{
	char hint[256];

	start_helper(ctl);
	/* the owner creates the user namespace, so it must be it first */
	if (ctl->owner)
		become_owner(ctl);
	if (unshare(ctl->flags) != 0) {
		int e = errno;
		warnc(e, "unshare failed");
		if (xt_unshare_hint(e, ctl->flags, hint, sizeof(hint)))
			fprintf(stderr, "%s: hint: %s\n", program_invocation_short_name, hint);
		exit(EXIT_FAILURE);
	}
	write_id_maps(ctl);
	/* offsets can be set only before a process enters the time namespace */
	write_time_offsets(ctl);
	/* before anything is mounted, so that nothing propagates back */
	set_propagation(ctl);
}

/* ---- the program's side: last steps and exec ------------------------------ */

/*
 * An interpreter with the F flag is opened when it is registered: with -R it
 * must be registered before chroot, from the original root.
 */
static bool interp_before_chroot(const struct xunshare_ctl *ctl)
{
	const char *flags = ctl->interp ? strrchr(ctl->interp, ':') : NULL;

	return ctl->root && flags && strchr(flags, 'F');
}

static void register_interp(const struct xunshare_ctl *ctl, const char *dir)
{
	char path[PATH_MAX];
	int rc;

	snprintf(path, sizeof(path), "%s/register", dir);
	rc = xt_write_file(path, ctl->interp, strlen(ctl->interp));
	if (rc < 0)
		fail(ctl, EXIT_FAILURE, -rc, "cannot register interpreter in %s", path);
}

static void mount_proc_and_binfmt(const struct xunshare_ctl *ctl)
{
	if (ctl->procdir) {
		/* with shared or slave /, keep this proc mount from propagating out */
		if (!ctl->root && ctl->propagation != MS_PRIVATE &&
		    mount("none", ctl->procdir, NULL, MS_REC | MS_PRIVATE, NULL) != 0 &&
		    errno != EINVAL)
			fail(ctl, EXIT_FAILURE, errno, "cannot make %s private", ctl->procdir);
		if (mount("proc", ctl->procdir, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) !=
		    0)
			fail(ctl, EXIT_FAILURE, errno, "mount proc on %s failed", ctl->procdir);
	}
	if (ctl->binfmtdir && mount("binfmt_misc", ctl->binfmtdir, "binfmt_misc",
				    MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) != 0)
		fail(ctl, EXIT_FAILURE, errno, "mount binfmt_misc on %s failed", ctl->binfmtdir);
	if (ctl->interp && !interp_before_chroot(ctl))
		register_interp(ctl, ctl->binfmtdir);
}

/*
 * -G drops the supplementary groups, and so does -S to a non-zero uid
 * without -G (util-linux keeps them there): a program meant to run as that
 * user must not keep root's groups. Where setgroups is denied in the user
 * namespace (by us: a single group map, or --setgroups=deny; for -S alone
 * also by whoever made it) the kernel will not let the groups go: they are
 * the caller's own (unmapped ones show as the overflow group), and stay.
 */
static void drop_groups(const struct xunshare_ctl *ctl)
{
	int e;

	if (setgroups(0, NULL) == 0)
		return;
	e = errno;
	if (e == EPERM && (ctl->setgroups_denied || (!ctl->setgid && xt_setgroups_denied() == 1)))
		return;
	fail(ctl, EXIT_FAILURE, e, "setgroups failed");
}

static void set_credentials(const struct xunshare_ctl *ctl)
{
	/* setgroups, setgid, setuid: after setuid() we could change neither */
	if (ctl->setgid || (ctl->setuid && ctl->uid != 0))
		drop_groups(ctl);
	if (ctl->setgid && setgid(ctl->gid) != 0)
		fail(ctl, EXIT_FAILURE, errno, "setgid failed");
	if (ctl->setuid && setuid(ctl->uid) != 0)
		fail(ctl, EXIT_FAILURE, errno, "setuid failed");
	if (ctl->keep_caps && (ctl->flags & CLONE_NEWUSER)) {
		int rc = xt_caps_keep_ambient();
		if (rc < 0)
			fail(ctl, EXIT_FAILURE, -rc, "cannot keep capabilities");
	}
}

/* --clear-env, --whitelist-env: done last, after $SHELL was read. */
static void filter_environment(const struct xunshare_ctl *ctl)
{
	char *list, *name, *save = NULL;
	char **keep = NULL;
	size_t n = 0;

	if (!ctl->clear_env && !ctl->whitelist)
		return;
	if (ctl->whitelist) {
		list = xstrdup(ctl->whitelist);
		for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
			const char *v = getenv(name);
			if (!v)
				continue;
			keep = xreallocarray(keep, n + 2, sizeof(*keep));
			keep[n++] = name;
			keep[n++] = xstrdup(v);
		}
	}
	clearenv();
	for (size_t i = 0; i < n; i += 2)
		if (setenv(keep[i], keep[i + 1], 1) != 0)
			fail(ctl, EXIT_FAILURE, errno, "cannot set %s", keep[i]);
}

static void __attribute__((__noreturn__)) exec_program(const struct xunshare_ctl *ctl)
{
	const char *shell;
	int rc;

	/* as util-linux: after --clear-env the shell comes from passwd */
	filter_environment(ctl);
	/* without --fork we are the program's process: this is the last step */
	if (ctl->ready_fd >= 0) /* getpid() costs a system call: only when asked */
		xt_ready_report_or_warn(ctl->ready_fd, getpid());
	if (!ctl->argv) {
		rc = xt_exec_login_shell(&shell);
		fail(ctl, xt_exec_status(-rc), -rc, "failed to execute %s", shell);
	}
	execvp(ctl->argv[0], ctl->argv);
	fail(ctl, xt_exec_status(errno), errno, "failed to execute %s", ctl->argv[0]);
}

/* Everything between unshare() (and fork) and exec, then exec. */
static void __attribute__((__noreturn__)) run_in_namespaces(const struct xunshare_ctl *ctl)
{
	if (interp_before_chroot(ctl)) {
		static const char binfmt[] = "/proc/sys/fs/binfmt_misc";

		if (mount("binfmt_misc", binfmt, "binfmt_misc", MS_NOSUID | MS_NOEXEC | MS_NODEV,
			  NULL) != 0)
			fail(ctl, EXIT_FAILURE, errno, "mount binfmt_misc on %s failed", binfmt);
		register_interp(ctl, binfmt);
	}
	if (ctl->root && chroot(ctl->root) != 0)
		fail(ctl, EXIT_FAILURE, errno, "cannot change root directory to '%s'", ctl->root);
	/* the new root implies "/" unless -w says otherwise */
	const char *dir = ctl->wd ? ctl->wd : ctl->root ? "/" : NULL;
	if (dir && chdir(dir) != 0)
		fail(ctl, EXIT_FAILURE, errno, "cannot change directory to %s", dir);
	/* after chroot: the directories are inside the new root */
	mount_proc_and_binfmt(ctl);
	set_credentials(ctl);
	exec_program(ctl);
}

/* ---- run: fork, wait, pass the status on ---------------------------------- */

/* Bind the files: from the helper when there is one, else ourselves. */
static void persist_namespaces(struct xunshare_ctl *ctl, pid_t child)
{
	if (!ctl->persist)
		return;
	if (ctl->helper) {
		run_helper_stage(ctl, STAGE_BINDS, child);
		return;
	}
	char what[256];
	int rc = bind_files(ctl, what, sizeof(what));

	if (rc < 0) {
		xt_kill_and_reap(child);
		fail(NULL, EXIT_FAILURE, -rc, "%s", what);
	}
}

/*
 * child_main() - the forked child. It blocks until the parent has bound the
 * namespace files (so a failed bind means nothing ran), makes sure it dies
 * with the parent under --kill-child, and becomes the program.
 */
static void __attribute__((__noreturn__))
child_main(struct xunshare_ctl *ctl, int fd, const sigset_t *oldmask)
{
	struct xt_sync_msg msg;

	ctl->report_fd = fd;
	/* the helper must see EOF when xunshare goes, not when we exec */
	if (ctl->helper_fd >= 0)
		close(ctl->helper_fd);
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	if (ctl->kill_signal) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (prctl(PR_SET_PDEATHSIG, ctl->kill_signal) != 0)
			fail(ctl, EXIT_FAILURE, errno, "prctl failed");
		/* the parent may have died before prctl: its end of the pair tells */
		if (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLHUP))
			_exit(EXIT_FAILURE);
	}
	if (ctl->persist && (xt_sync_recv(fd, &msg) != 1 || msg.kind != XT_SYNC_GO))
		_exit(EXIT_FAILURE);
	run_in_namespaces(ctl);
}

static int run_program(struct xunshare_ctl *ctl)
{
	struct xt_sync sync;
	struct xt_sync_msg msg;
	sigset_t set, oldmask, forward;
	pid_t child;
	int fd, rc, status, ready_fd;

	if (!ctl->fork) {
		persist_namespaces(ctl, 0);
		if (ctl->helper)
			finish_helper(ctl);
		run_in_namespaces(ctl);
	}
	if ((rc = xt_sync_init(&sync)) < 0)
		errc(EXIT_FAILURE, -rc, "cannot create a socket pair");
	/* an inherited SIG_IGN would lose the child's status */
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	/* blocked before fork, so no signal is lost or kills us half-way */
	sigprocmask(SIG_BLOCK, &set, &oldmask);
	/* the parent reports the child's pid; the child's copy closes at exec */
	ready_fd = ctl->ready_fd;
	ctl->ready_fd = -1;
	child = fork();
	if (child < 0)
		err(EXIT_FAILURE, "fork failed");
	if (child == 0) {
		/*
		 * Our copy of the parent's end matters only to --kill-child,
		 * which learns of the parent's death by its hang-up; otherwise
		 * it is close-on-exec like everything else.
		 */
		if (ctl->kill_signal)
			xt_sync_child(&sync);
		child_main(ctl, sync.child_fd, &oldmask);
	}
	fd = xt_sync_parent(&sync);
	persist_namespaces(ctl, child);
	if (ctl->helper)
		finish_helper(ctl);
	if (ctl->persist)
		xt_sync_send(fd, XT_SYNC_GO, 0);
	/* one record from the child if setup or exec failed, else EOF at exec */
	rc = xt_sync_recv(fd, &msg);
	xt_ready_after_sync(ready_fd, rc, child);
	if (rc == 1 && msg.kind == XT_SYNC_ERROR)
		report(&msg);
	/*
	 * SIGHUP is always passed on (a hangup must not orphan the child);
	 * SIGINT and SIGTERM only with --forward-signals, else they are
	 * ignored while we wait (util-linux parity).
	 */
	sigemptyset(&forward);
	sigaddset(&forward, SIGHUP);
	if (ctl->forward_signals) {
		sigaddset(&forward, SIGINT);
		sigaddset(&forward, SIGTERM);
	}
	status = xt_wait_forwarding(child, &set, &forward, false);
	xt_exit_like(status);
}

int main(int argc, char **argv)
{
	struct xunshare_ctl ctl = {
		.propagation = MS_PRIVATE,
		.report_fd = -1,
		.helper_fd = -1,
		.ready_fd = -1,
	};

	xt_close_stdout_atexit();
	parse_args(argc, argv, &ctl);
	validate_args(&ctl);
	prepare(&ctl);
	act(&ctl);
	return run_program(&ctl);
}
