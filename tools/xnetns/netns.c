/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * netns.c - the `ip netns` commands but exec: list, add, attach, delete,
 * set, identify, pids, monitor, list-id.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/net_namespace.h>

#include "c.h"
#include "closestream.h"
#include "json.h"
#include "nsfile.h"
#include "strutils.h"
#include "xnetns.h"

static void print_name_line(const char *name, int32_t id)
{
	fputs(vis(name), stdout);
	if (id >= 0)
		printf(" (id: %d)", id);
	putchar('\n');
}

int do_list(int argc, char **argv XT_UNUSED)
{
	struct names names;
	int32_t *ids;
	int rc = too_many(argc, 0);

	if (rc)
		return rc;
	rc = read_names(&names);
	if (rc < 0) {
		warnx("Failed to read directory %s: %s", NETNS_RUN_DIR, strerror(-rc));
		return EXIT_FAILURE;
	}
	/*
	 * ip lists what it can and says 0 whatever failed; a script cannot
	 * tell a listing with names or ids missing from a whole one. Here
	 * every name read is printed, with the ids known, and a failure to
	 * learn an id is told and ends in status 1.
	 */
	ids = name_ids(&names, &rc);
	if (opt.json) {
		struct xt_json j;

		xt_json_init(&j, stdout, opt.pretty);
		xt_json_start_array(&j);
		for (size_t i = 0; i < names.n; i++) {
			xt_json_start_object(&j);
			xt_json_kv_string(&j, "name", names.v[i]);
			if (ids[i] >= 0)
				xt_json_kv_int(&j, "id", ids[i]);
			xt_json_end_object(&j);
		}
		xt_json_end_array(&j);
		putchar('\n');
	} else {
		for (size_t i = 0; i < names.n; i++)
			print_name_line(names.v[i], ids[i]);
	}
	free(ids);
	free_names(&names);
	return rc;
}

int do_add(int argc, char **argv)
{
	int rc;

	if (argc < 1) {
		warnx("No netns name specified");
		return EXIT_FAILURE;
	}
	if ((rc = check_name(argv[0], true)) || (rc = too_many(argc, 1)))
		return rc;
	return make_name(argv[0], NULL);
}

int do_attach(int argc, char **argv)
{
	char source[64];
	int64_t pid;
	int rc;

	if (argc < 2) {
		warnx("No netns name and PID specified");
		return EXIT_FAILURE;
	}
	if ((rc = check_name(argv[0], true)) || (rc = too_many(argc, 2)))
		return rc;
	/* written as ip reads it (0x1f, 017): a pid, never 0 */
	if (xt_strtos64_c(argv[1], 1, INT_MAX, &pid) < 0) {
		warnx("Invalid PID: %s", vis(argv[1]));
		return EXIT_FAILURE;
	}
	snprintf(source, sizeof(source), "/proc/%d/ns/net", (int)pid);
	return make_name(argv[0], source);
}

static int delete_one(const char *name)
{
	char path[PATH_MAX];
	int rc;

	name_path(path, sizeof(path), name);
	rc = remove_name(path);
	if (rc < 0) {
		warnx("Cannot remove namespace file \"%s/%s\": %s", NETNS_RUN_DIR, vis(name),
		      strerror(-rc));
		return EXIT_FAILURE;
	}
	return 0;
}

int do_delete(int argc, char **argv)
{
	int rc = 0;

	if (opt.all) {
		struct names names;

		if ((rc = too_many(argc, 0)))
			return rc;
		if (read_names(&names) < 0) {
			warn("Failed to open directory %s", NETNS_RUN_DIR);
			return EXIT_FAILURE;
		}
		for (size_t i = 0; i < names.n; i++)
			rc |= delete_one(names.v[i]);
		free_names(&names);
		return rc;
	}
	if (argc < 1) {
		warnx("No netns name specified");
		return EXIT_FAILURE;
	}
	/* Every name is checked before any is deleted. */
	for (int i = 0; i < argc; i++)
		if ((rc = check_name(argv[i], false)))
			return rc;
	for (int i = 0; i < argc; i++)
		rc |= delete_one(argv[i]);
	return rc;
}

int do_set(int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct rtgenmsg *g;
	int64_t id = -1;
	int fd, rc;

	if (argc < 1) {
		warnx("No netns name specified");
		return EXIT_FAILURE;
	}
	if (argc < 2) {
		warnx("No nsid specified");
		return EXIT_FAILURE;
	}
	if ((rc = check_name(argv[0], false)) || (rc = too_many(argc, 2)))
		return rc;
	if (strcmp(argv[1], "auto") != 0) {
		/* written as ip reads it: 010 is 8, 0x10 is 16 */
		if (xt_strtos64_c(argv[1], INT32_MIN, INT32_MAX, &id) < 0) {
			warnx("Error: argument \"%s\" is wrong: Invalid \"netnsid\" value",
			      vis(argv[1]));
			return EX_INVARG;
		}
		if (id < 0) {
			warnx("Error: argument \"%s\" is wrong: \"netnsid\" value should be >= 0",
			      argv[1]);
			return EX_INVARG;
		}
	}
	fd = open_name(argv[0]);
	if (fd < 0) {
		warn("Cannot open network namespace \"%s\"", vis(argv[0]));
		return EXIT_FAILURE;
	}
	if ((rc = rtnl_ready()) == 0) {
		g = xt_nlmsg_init(buf, RTM_NEWNSID, 0, sizeof(*g));
		g->rtgen_family = AF_UNSPEC;
		xt_nla_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
		xt_nla_put_s32(nlh, NETNSA_NSID, (int32_t)id);
		rc = xt_rtnl_talk(&rtnl, nlh, NULL, NULL);
		if (rc < 0)
			rc = rtnl_error(&rtnl, rc);
	} else {
		rc = EXIT_FAILURE;
	}
	close(fd);
	return rc;
}

/* A pid argument: digits only, as ip; the range strictly. */
static int check_pid_arg(const char *s)
{
	pid_t pid;

	if (xt_parse_pid(s, &pid) < 0) {
		warnx("Specified string '%s' is not a pid", vis(s));
		return EXIT_FAILURE;
	}
	return 0;
}

int do_identify(int argc, char **argv)
{
	char path[64];
	const char *pid = argc > 0 ? argv[0] : "self";
	struct stat want, st;
	struct dirent *d;
	bool found = false;
	DIR *dir;
	int rc;

	if ((rc = too_many(argc, 1)) || (argc > 0 && (rc = check_pid_arg(pid))))
		return rc;
	snprintf(path, sizeof(path), "/proc/%s/ns/net", pid);
	if (stat(path, &want) < 0) {
		warn("Cannot open network namespace");
		return EXIT_FAILURE;
	}
	dir = opendir(NETNS_RUN_DIR);
	if (!dir) {
		if (errno == ENOENT) {
			putchar('\n'); /* no name: an empty line, as ip */
			return 0;
		}
		warn("Failed to open directory %s", NETNS_RUN_DIR);
		return EXIT_FAILURE;
	}
	/* One pass; every name of that namespace (ip prints only the last). */
	while ((d = readdir(dir))) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(dir), d->d_name, &st, 0) == 0 && st.st_dev == want.st_dev &&
		    st.st_ino == want.st_ino) {
			print_name_line(d->d_name, -1);
			found = true;
		}
	}
	closedir(dir);
	if (!found)
		putchar('\n'); /* no name: an empty line, as ip */
	return 0;
}

int do_pids(int argc, char **argv)
{
	struct stat want, st;
	struct dirent *d;
	DIR *proc;
	int fd, rc;

	if (argc < 1) {
		warnx("No netns name specified");
		return EXIT_FAILURE;
	}
	if ((rc = check_name(argv[0], false)) || (rc = too_many(argc, 1)))
		return rc;
	fd = open_name(argv[0]);
	if (fd < 0) {
		warn("Cannot open network namespace \"%s\"", vis(argv[0]));
		return EXIT_FAILURE;
	}
	rc = xt_ns_type(fd) == CLONE_NEWNET && fstat(fd, &want) == 0;
	close(fd);
	if (!rc) {
		warnx("\"%s/%s\" is not a network namespace", NETNS_RUN_DIR, vis(argv[0]));
		return EXIT_FAILURE;
	}
	proc = opendir("/proc");
	if (!proc) {
		warn("Open of /proc failed");
		return EXIT_FAILURE;
	}
	while ((d = readdir(proc))) {
		char rel[NAME_MAX + 16];

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(rel, sizeof(rel), "%s/ns/net", d->d_name);
		/* processes that end meanwhile are skipped */
		if (fstatat(dirfd(proc), rel, &st, 0) == 0 && st.st_dev == want.st_dev &&
		    st.st_ino == want.st_ino)
			printf("%s\n", d->d_name);
	}
	closedir(proc);
	return 0;
}

int do_monitor(int argc, char **argv XT_UNUSED)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int fd, rc;

	if ((rc = too_many(argc, 0)))
		return rc;
	if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST) {
		warn("mkdir %s failed", NETNS_RUN_DIR);
		return EXIT_FAILURE;
	}
	fd = inotify_init1(IN_CLOEXEC);
	if (fd < 0) {
		warn("inotify_init failed");
		return EXIT_FAILURE;
	}
	if (inotify_add_watch(fd, NETNS_RUN_DIR, IN_CREATE | IN_DELETE) < 0) {
		warn("inotify_add_watch failed");
		close(fd);
		return EXIT_FAILURE;
	}
	for (;;) {
		ssize_t len = read(fd, buf, sizeof(buf));
		const struct inotify_event *ev;

		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0) {
			warn("read failed");
			close(fd);
			return EXIT_FAILURE;
		}
		for (char *p = buf; p < buf + len; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->len == 0)
				continue;
			if (ev->mask & IN_CREATE)
				printf("add %s\n", vis(ev->name));
			if (ev->mask & IN_DELETE)
				printf("delete %s\n", vis(ev->name));
		}
		/* Each event reaches a pipe at once (ip's stays in its buffer). */
		if (xt_flush_stdout() < 0) {
			warn("write error");
			/* said once: the lost lines must not fail again at exit */
			__fpurge(stdout);
			clearerr(stdout);
			close(fd);
			return EXIT_FAILURE;
		}
	}
}

static void __attribute__((__noreturn__)) list_id_usage(void)
{
	fprintf(stderr, "Usage: %s [options] list-id [target-nsid ID] [nsid ID]\n",
		program_invocation_short_name);
	exit(EX_INVARG);
}

int do_list_id(int argc, char **argv)
{
	struct nsid_list l = { 0 };
	struct names names = { 0 };
	int64_t target = -1, nsid = -1;
	int32_t *ids = NULL;
	struct xt_json j;
	int rc;

	for (int i = 0; i < argc; i += 2) {
		int64_t *v;

		if (strcmp(argv[i], "target-nsid") == 0)
			v = &target;
		else if (strcmp(argv[i], "nsid") == 0)
			v = &nsid;
		else if (opt.in_batch)
			return warnx("unknown argument \"%s\"", vis(argv[i])), EX_INVARG;
		else
			list_id_usage();
		if (i + 1 >= argc) {
			warnx("Command line is not complete. Try option \"help\"");
			return EX_INVARG;
		}
		if (xt_strtos64_c(argv[i + 1], 0, INT32_MAX, v) < 0) {
			warnx("Error: argument \"%s\" is wrong: \"%s\" value is invalid",
			      vis(argv[i + 1]), argv[i]);
			return EX_INVARG;
		}
	}
	rc = get_nsids((int32_t)target, (int32_t)nsid, &l);
	if (rc < 0) {
		rc = rtnl.fd < 0 ? EXIT_FAILURE : rtnl_error(&rtnl, rc);
		if (rc == EX_KERNEL && nsid < 0) {
			/* a refused dump: ip's words and status */
			warnx("Dump terminated");
			rc = EXIT_FAILURE;
		}
		goto out;
	}
	/* Names for the ids, as seen from here: current-nsid when given. */
	if (l.n && read_names(&names) == 0)
		ids = name_ids(&names, NULL);
	if (opt.json) {
		xt_json_init(&j, stdout, opt.pretty);
		xt_json_start_array(&j);
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct nsid_entry *e = &l.v[i];
		int32_t key = e->has_current ? e->current : e->nsid;
		const char *name = NULL;

		for (size_t k = 0; ids && key >= 0 && k < names.n && !name; k++)
			if (ids[k] == key)
				name = names.v[k];
		if (opt.json) {
			xt_json_start_object(&j);
			if (e->nsid >= 0)
				xt_json_kv_int(&j, "nsid", e->nsid);
			if (e->has_current && e->current >= 0)
				xt_json_kv_int(&j, "current-nsid", e->current);
			if (name)
				xt_json_kv_string(&j, "name", name);
			xt_json_end_object(&j);
			continue;
		}
		if (e->nsid >= 0)
			printf("nsid %d ", e->nsid);
		else
			fputs("nsid unassigned ", stdout);
		if (e->has_current && e->current >= 0)
			printf("current-nsid %d ", e->current);
		else if (e->has_current)
			fputs("current-nsid unassigned ", stdout);
		if (name)
			printf("(iproute2 netns name: %s)", vis(name));
		putchar('\n');
	}
	if (opt.json) {
		xt_json_end_array(&j);
		putchar('\n');
	}
	rc = 0;
out:
	free(ids);
	free_names(&names);
	free(l.v);
	return rc;
}
