/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnetns - named network namespaces under /run/netns, compatible with
 * `ip netns` of iproute2: same subcommands, output, messages and exit
 * statuses (1: a check of ours failed, 2: the kernel refused, 255: an
 * invalid argument), with these differences (man page, NOTES): `add` is
 * all-or-nothing even under SIGKILL, /run/netns is set up once under a
 * lock in its own peer group, `delete` never follows a symlink, `-n` is a
 * plain setns, `list` costs one netlink dump, names are escaped on output.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio_ext.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/net_namespace.h>

#include "c.h"
#include "closestream.h"
#include "hints.h"
#include "json.h"
#include "nsfile.h"
#include "procwait.h"
#include "rtnl.h"
#include "strutils.h"
#include "xalloc.h"

#define NETNS_RUN_DIR "/run/netns"
#define NETNS_ETC_DIR "/etc/netns"

/* ip's statuses beyond 0 and 1: the kernel said no; an invalid argument. */
#define EX_KERNEL 2
#define EX_INVARG 255

/* Room for a name escaped by xt_visible(): 4 bytes a byte of NAME_MAX. */
#define VISIBLE_MAX (4 * NAME_MAX + 1)

static struct {
	const char *netns; /* -n NS */
	const char *batch; /* -b FILE */
	bool json, pretty, all, force;
	bool in_batch; /* commands run from -b: exec forks */
	int family;    /* -4, -6: AF_INET, AF_INET6; else AF_UNSPEC (0) */
} opt;

/* One rtnetlink socket for the whole run (a batch included). */
static struct xt_rtnl rtnl = { .fd = -1 };

/* tools/xnetns-link.c: link, addr, route, connect (no tool-private headers). */
void xnetns_link_init(struct xt_rtnl *r, bool json, bool pretty, const char *netns, int family);
int xnetns_link(int argc, char **argv);
int xnetns_addr(int argc, char **argv);
int xnetns_route(int argc, char **argv);
int xnetns_connect(int argc, char **argv);
bool xnetns_link_del_line(int argc, char **argv);
void xnetns_link_del_queue(int argc, char **argv, unsigned long lineno);
int xnetns_link_del_flush(const char *file, bool force);
/* and the other way */
bool xnetns_name_valid(const char *name);

static void __attribute__((__noreturn__)) usage(void)
{
	fputs(USAGE_HEADER, stdout);
	printf(" %s [options] [list]\n", program_invocation_short_name);
	printf(" %s [options] add|delete|pids NAME\n", program_invocation_short_name);
	printf(" %s [options] attach NAME PID\n", program_invocation_short_name);
	printf(" %s [options] set NAME NETNSID|auto\n", program_invocation_short_name);
	printf(" %s [options] identify [PID]\n", program_invocation_short_name);
	printf(" %s [options] exec NAME COMMAND [ARG...]\n", program_invocation_short_name);
	printf(" %s [options] monitor\n", program_invocation_short_name);
	printf(" %s [options] list-id [target-nsid ID] [nsid ID]\n", program_invocation_short_name);
	printf(" %s [options] link add NAME type veth peer name PEER [netns NS|PID]\n", program_invocation_short_name);
	printf(" %s [options] link add NAME type bridge\n", program_invocation_short_name);
	printf(" %s [options] link del DEV\n", program_invocation_short_name);
	printf(" %s [options] link set DEV { up | down | netns NS|PID | master BR | nomaster\n"
	       "                         | name NEW | mtu N | address MAC }...\n", program_invocation_short_name);
	printf(" %s [options] link show [DEV]\n", program_invocation_short_name);
	printf(" %s [options] addr { add | del } ADDR/PLEN dev DEV | addr show [dev DEV]\n",
	       program_invocation_short_name);
	printf(" %s [options] route { add | del } { PREFIX | default } [via ADDR] [dev DEV]\n",
	       program_invocation_short_name);
	printf(" %s [options] route show\n", program_invocation_short_name);
	printf(" %s [options] connect NS1 NS2 [ADDR1/PLEN ADDR2/PLEN] [--name IF1:IF2]\n",
	       program_invocation_short_name);
	fputs(USAGE_SEPARATOR, stdout);
	fputs("Manage named network namespaces (/run/netns/NAME), like ip netns, and wire\n"
	      "them with veth pairs, bridges, addresses and routes, like ip link/addr/route.\n"
	      "In connect, '-' is the current namespace, or no address for that end.\n", stdout);
	fputs(USAGE_OPTIONS, stdout);
	fputs(" -n, --netns NS        run the command in network namespace NS\n", stdout);
	fputs(" -j, --json            JSON output (list, list-id, link/addr/route show)\n", stdout);
	fputs(" -p, --pretty          indent the JSON output\n", stdout);
	fputs(" -a, --all             delete or exec: every named namespace\n", stdout);
	fputs(" -b, --batch FILE      read commands from FILE ('-': standard input)\n", stdout);
	fputs(" -f, --force           batch: go on after a failed command\n", stdout);
	fputs(" -4, -6                route show: IPv4 (the default) or IPv6 routes\n", stdout);
	fputs(USAGE_SEPARATOR, stdout);
	USAGE_HELP_OPTIONS(22);
	fputs("\nThe ip-style spellings -netns -json -pretty -all -batch -force work too.\n", stdout);
	USAGE_MAN_TAIL("xnetns(8)");
	exit(EXIT_SUCCESS);
}

/* ---- names ------------------------------------------------------------ */

/* ip's rule: a name must stay inside /run/netns and fit in a file name. */
bool xnetns_name_valid(const char *name)
{
	return *name && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && !strchr(name, '/') &&
	       strlen(name) <= NAME_MAX;
}

/*
 * 0, or EX_INVARG after the message. @creating: names with control
 * characters are refused too, so that listings stay one name a line.
 */
static int check_name(const char *name, bool creating)
{
	char vis[VISIBLE_MAX];

	if (!xnetns_name_valid(name)) {
		warnx("Invalid netns name \"%s\"", xt_visible(name, vis, sizeof(vis)));
		return EX_INVARG;
	}
	if (creating && xt_has_control(name)) {
		warnx("Invalid netns name \"%s\": control characters are not allowed",
		      xt_visible(name, vis, sizeof(vis)));
		return EX_INVARG;
	}
	return 0;
}

static void name_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", NETNS_RUN_DIR, name);
}

/* The names under /run/netns, in readdir order; none when it is missing. */
struct names {
	char **v;
	size_t n;
};

static int read_names(struct names *names)
{
	DIR *dir = opendir(NETNS_RUN_DIR);
	struct dirent *d;

	names->v = NULL;
	names->n = 0;
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((d = readdir(dir))) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		names->v = xreallocarray(names->v, names->n + 1, sizeof(*names->v));
		names->v[names->n++] = xstrdup(d->d_name);
	}
	closedir(dir);
	return 0;
}

static void free_names(struct names *names)
{
	for (size_t i = 0; i < names->n; i++)
		free(names->v[i]);
	free(names->v);
}

/* ---- netlink: namespace ids --------------------------------------------- */

static int rtnl_ready(void)
{
	int rc;

	if (rtnl.fd >= 0)
		return 0;
	rc = xt_rtnl_open(&rtnl);
	if (rc < 0)
		warnx("Cannot open netlink socket: %s", strerror(-rc));
	return rc;
}

/* A kernel refusal as ip prints it: its extended-ack text, else strerror. */
static int kernel_error(int rc)
{
	size_t n = strlen(rtnl.errmsg);

	if (n)
		warnx("Error: %s%s", rtnl.errmsg, rtnl.errmsg[n - 1] == '.' ? "" : ".");
	else
		warnx("RTNETLINK answers: %s", strerror(-rc));
	return EX_KERNEL;
}

/* One entry of an RTM_GETNSID answer. */
struct nsid_entry {
	int32_t nsid, current;
	bool has_current;
};

struct nsid_list {
	struct nsid_entry *v;
	size_t n;
};

static int collect_nsid(const struct nlmsghdr *nlh, void *data)
{
	struct nsid_list *l = data;
	const struct nlattr *tb[NETNSA_MAX + 1];

	if (nlh->nlmsg_type != RTM_NEWNSID || xt_nla_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX))
		return 0;
	if (!tb[NETNSA_NSID])
		return 0;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n].nsid = xt_nla_get_s32(tb[NETNSA_NSID]);
	l->v[l->n].has_current = tb[NETNSA_CURRENT_NSID] != NULL;
	l->v[l->n].current = l->v[l->n].has_current ? xt_nla_get_s32(tb[NETNSA_CURRENT_NSID]) : -1;
	l->n++;
	return 0;
}

/*
 * RTM_GETNSID: a dump of every id (@nsid < 0) or one id, as seen from
 * @target (an nsid) when @target >= 0. 0 or -errno.
 */
static int get_nsids(int32_t target, int32_t nsid, struct nsid_list *out)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct rtgenmsg *g;
	int rc = rtnl_ready();

	if (rc < 0)
		return rc;
	g = xt_nlmsg_init(buf, RTM_GETNSID, nsid < 0 ? NLM_F_DUMP : 0, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (target >= 0)
		xt_nla_put_s32(nlh, NETNSA_TARGET_NSID, target);
	if (nsid >= 0)
		xt_nla_put_s32(nlh, NETNSA_NSID, nsid);
	return xt_rtnl_talk(&rtnl, nlh, collect_nsid, out);
}

/* Names whose id is asked, a chunk at a time (one send, one fd each). */
#define ID_CHUNK 128
#define ID_REQ_SIZE NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct rtgenmsg)) + NLA_HDRLEN + 4)

struct id_query {
	int32_t *ids;	      /* per name, -1: none */
	size_t idx[ID_CHUNK]; /* name index of each request of the chunk */
	uint32_t first_seq;
};

static int take_id(const struct nlmsghdr *nlh, void *data)
{
	struct id_query *q = data;
	const struct nlattr *tb[NETNSA_MAX + 1];
	int32_t id;

	if (nlh->nlmsg_type != RTM_NEWNSID || xt_nla_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX) ||
	    !tb[NETNSA_NSID])
		return 0; /* an error: not a namespace, or none of ours */
	id = xt_nla_get_s32(tb[NETNSA_NSID]);
	if (id >= 0)
		q->ids[q->idx[nlh->nlmsg_seq - q->first_seq]] = id;
	return 0;
}

/*
 * The nsid of every name, -1 for none. One dump first: when no namespace
 * has an id, no name needs asking (ip asks twice per name). Otherwise every
 * name is asked, a chunk per system call: the dump cannot say which names
 * have ids (two names may share a namespace, and kernels up to at least
 * 6.18 end a long dump after its first part). Return: the array.
 */
static int32_t *name_ids(const struct names *names)
{
	struct nsid_list all = { 0 };
	struct id_query q = { 0 };
	static char buf[ID_CHUNK * ID_REQ_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	int fds[ID_CHUNK];
	size_t i = 0;

	q.ids = xreallocarray(NULL, names->n ? names->n : 1, sizeof(*q.ids));
	for (size_t k = 0; k < names->n; k++)
		q.ids[k] = -1;
	if (names->n == 0 || get_nsids(-1, -1, &all) < 0 || all.n == 0) {
		free(all.v);
		return q.ids;
	}
	while (i < names->n) {
		size_t len = 0;
		unsigned int count = 0;

		for (; i < names->n && count < ID_CHUNK; i++) {
			char path[PATH_MAX];
			struct rtgenmsg *g;
			struct nlmsghdr *nlh = (struct nlmsghdr *)(buf + len);
			int fd;

			name_path(path, sizeof(path), names->v[i]);
			fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
			/* Out of descriptors (a low ulimit -n): ask for those open. */
			if (fd < 0 && (errno == EMFILE || errno == ENFILE) && count > 0)
				break;
			if (fd < 0)
				continue;
			g = xt_nlmsg_init(nlh, RTM_GETNSID, 0, sizeof(*g));
			g->rtgen_family = AF_UNSPEC;
			xt_nla_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
			len += NLMSG_ALIGN(nlh->nlmsg_len);
			q.idx[count] = i;
			fds[count++] = fd;
		}
		q.first_seq = rtnl.seq + 1;
		(void)xt_rtnl_talk_many(&rtnl, buf, len, count, take_id, &q);
		while (count)
			close(fds[--count]);
	}
	free(all.v);
	return q.ids;
}

/* ---- /run/netns and the atomic add ------------------------------------ */

enum add_step {
	ADD_DONE, ADD_MKDIR, ADD_LOCK, ADD_BIND_DIR, ADD_SHARED, ADD_CREATE, ADD_UNSHARE, ADD_BIND, ADD_HELPER,
	ADD_SKIPPED
};

/* Shared between xnetns and its helper (same memory, CLONE_VM). */
struct add_job {
	const char *path;   /* /run/netns/NAME */
	const char *source; /* NULL: a new namespace; else /proc/PID/ns/net */
	enum add_step step; /* the step that failed */
	int err;
};

static int add_fail(struct add_job *job, enum add_step step)
{
	job->step = step;
	job->err = errno;
	return -1;
}

/*
 * Lock /run/netns (flock @how, waiting through signals); the descriptor, or
 * -1 when the directory cannot be opened (the step that needs it reports).
 */
static int lock_run_dir(int how)
{
	int fd = open(NETNS_RUN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0)
		while (flock(fd, how) < 0 && errno == EINTR)
			;
	return fd;
}

/*
 * Make /run/netns a shared mount, so names made later appear in the mount
 * namespaces of running `exec`s too. Already a mount point: marking it
 * shared is one call (a no-op when it is; a private lab tmpfs gets a peer
 * group of its own). First use: under a lock on the directory, so that
 * parallel first uses make one mount between them, bind it onto itself
 * (recursively: names bound before stay visible), then private before
 * shared, so that it gets a peer group of its own instead of joining /run's
 * (else each name would be mounted twice where /run is shared).
 */
static int setup_run_dir(struct add_job *job)
{
	int fd, rc = 0;

	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED, NULL) == 0)
		return 0;
	if (errno == ENOENT) {
		if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST)
			return add_fail(job, ADD_MKDIR);
	} else if (errno != EINVAL) {
		return add_fail(job, ADD_SHARED);
	}
	fd = lock_run_dir(LOCK_EX);
	if (fd < 0)
		return add_fail(job, ADD_LOCK);
	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED, NULL) == 0)
		goto out; /* made by another process while we waited */
	if (errno != EINVAL)
		rc = add_fail(job, ADD_SHARED);
	else if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL) < 0)
		rc = add_fail(job, ADD_BIND_DIR);
	else if (mount("", NETNS_RUN_DIR, "none", MS_PRIVATE, NULL) < 0 ||
		 mount("", NETNS_RUN_DIR, "none", MS_SHARED, NULL) < 0)
		rc = add_fail(job, ADD_SHARED);
out:
	close(fd); /* and with it the lock */
	return rc;
}

/*
 * Make one name: the steps after /run/netns is ready. mknod is O_EXCL's
 * twin in one call: an existing name is never touched, a dangling symlink
 * never followed. The new namespace is the calling helper's own, so xnetns
 * stays where it is and never has to switch back (which a user namespace
 * may forbid). 0, or -1 with the failed step in @job.
 */
static int add_steps(struct add_job *job)
{
	/*
	 * From creating the file to binding it, under a lock on the
	 * directory: whoever finds the name taken waits for the lock before
	 * telling a name being made from one left half-made (hint_stale).
	 */
	int lock = lock_run_dir(LOCK_EX), rc = -1;

	if (mknod(job->path, S_IFREG, 0) < 0) {
		add_fail(job, ADD_CREATE);
		goto out;
	}
	if (!job->source && unshare(CLONE_NEWNET) < 0) {
		add_fail(job, ADD_UNSHARE);
		goto undo;
	}
	if (mount(job->source ? job->source : "/proc/self/ns/net", job->path, "none", MS_BIND, NULL) < 0) {
		add_fail(job, ADD_BIND);
		goto undo;
	}
	rc = 0;
	goto out;
undo:
	unlink(job->path);
out:
	if (lock >= 0)
		close(lock); /* and with it the lock */
	return rc;
}

/*
 * The helper of a one-shot add: runs in xnetns's memory while xnetns waits
 * (vfork), but as a process of its own in a session of its own, so that no
 * signal sent to xnetns or its process group stops it half-way: it always
 * ends with the name either bound to a namespace or removed. Only plain
 * system calls here.
 */
static int add_helper(void *arg)
{
	struct add_job *job = arg;

	setsid();
	if (setup_run_dir(job) < 0 || add_steps(job) < 0)
		return 1;
	return 0;
}

/*
 * A batch makes its names through one long-lived helper (a process per
 * name would cost more than the name), with the same guarantees. Requests
 * go over a socket pair: a kind, the source ("" for a new namespace), NUL,
 * the path. Kinds: 'A' make it, answer only a failure (batches send these
 * on without waiting); 'S' make it and answer; 'Y' answer at once (a
 * marker: every request before it has been answered). An answer is the
 * step that failed (ADD_DONE: none, -1: the marker), its errno, and the
 * number of the request it answers.
 */
struct add_answer {
	int step, err;
	unsigned long seq;
};

static int batch_helper_fd = -1;
static pid_t batch_helper_pid = -1;
static unsigned long batch_helper_sent; /* requests sent to it */

static void __attribute__((__noreturn__)) batch_helper(int fd)
{
	char req[PATH_MAX + 64];
	bool ready = false, skipping = false;
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	pid_t parent = getppid();
	unsigned long seq = 0;

	setsid();
	for (;;) {
		struct add_job job = { .step = ADD_DONE };
		struct add_answer ans;
		ssize_t n = recv(fd, req, sizeof(req) - 1, 0);

		/* xnetns was killed: what it had sent stays undone */
		if (getppid() != parent)
			n = 0;
		if (n <= 0) {
			/*
			 * xnetns is done (or gone): so are we. Leaving the
			 * last namespace made first, where we may: exiting
			 * as its last user would make our exit (and so the
			 * batch) wait for its teardown.
			 */
			if (home >= 0)
				(void)setns(home, CLONE_NEWNET);
			_exit(0);
		}
		req[n] = '\0';
		ans.seq = ++seq;
		if (req[0] == 'Y') {
			ans.step = -1;
			ans.err = 0;
		} else {
			job.source = req[1] ? req + 1 : NULL;
			job.path = req + 1 + strlen(req + 1) + 1;
			if (skipping)
				job.step = ADD_SKIPPED;
			else if (ready || (ready = setup_run_dir(&job) == 0))
				(void)add_steps(&job);
			/* Without -f a batch ends at its first failure: what
			 * was sent after it is never done. */
			if (job.step != ADD_DONE && !opt.force)
				skipping = true;
			if (req[0] == 'A' && (job.step == ADD_DONE || job.step == ADD_SKIPPED))
				continue;
			ans.step = job.step;
			ans.err = job.err;
		}
		if (send(fd, &ans, sizeof(ans), MSG_NOSIGNAL) < 0)
			_exit(1);
	}
}

/* End the batch helper: it leaves at end of file; reap it. */
static void batch_helper_done(void)
{
	int status;

	if (batch_helper_fd < 0)
		return;
	close(batch_helper_fd);
	batch_helper_fd = -1;
	(void)xt_waitpid(batch_helper_pid, &status, 0);
}

/* Start the batch helper unless it runs. 0 or -errno. */
static int batch_helper_start(void)
{
	pid_t pid;
	int sv[2];

	if (batch_helper_fd >= 0)
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(sv[0]);
		close(sv[1]);
		return -e;
	}
	if (pid == 0) {
		close(sv[0]);
		batch_helper(sv[1]);
	}
	close(sv[1]);
	batch_helper_fd = sv[0];
	batch_helper_pid = pid;
	batch_helper_sent = 0;
	return 0;
}

/* Send the helper a request of @kind for @path (from @source). 0 or -errno. */
static int batch_helper_send(char kind, const char *source, const char *path)
{
	char req[PATH_MAX + 64];
	size_t slen = source ? strlen(source) : 0;

	req[0] = kind;
	memcpy(req + 1, source ? source : "", slen + 1);
	strcpy(req + 2 + slen, path);
	if (send(batch_helper_fd, req, slen + 2 + strlen(path), MSG_NOSIGNAL) < 0)
		return -errno;
	batch_helper_sent++;
	return 0;
}

/* Ask the batch helper (started on first use) to make @job, and wait. */
static void batch_add(struct add_job *job)
{
	struct add_answer ans;

	if (batch_helper_start() < 0) {
		add_fail(job, ADD_HELPER);
		return;
	}
	if (batch_helper_send('S', job->source, job->path) < 0 ||
	    recv(batch_helper_fd, &ans, sizeof(ans), 0) != (ssize_t)sizeof(ans)) {
		/* the helper was killed: the next add starts another */
		add_fail(job, ADD_HELPER);
		batch_helper_done();
		return;
	}
	job->step = ans.step;
	job->err = ans.err;
}

/* Unmount (never through a symlink) and remove a name. 0 or -errno. */
static int remove_name(const char *path)
{
	(void)umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW);
	return unlink(path) < 0 ? -errno : 0;
}

/* After "File exists": say so when the entry is not a usable namespace. */
static void hint_stale(const char *path, const char *name)
{
	char vis[VISIBLE_MAX], vpath[VISIBLE_MAX + sizeof(NETNS_RUN_DIR)];
	/* an add of this name under way holds the lock until it is bound */
	int lock = lock_run_dir(LOCK_SH);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	int type = fd < 0 ? -errno : xt_ns_type(fd);

	if (fd >= 0)
		close(fd);
	if (lock >= 0)
		close(lock);
	if (type == CLONE_NEWNET)
		return;
	warnx("hint: \"%s\" is not a network namespace (left by an interrupted add?): "
	      "'%s delete %s' removes it",
	      xt_visible(path, vpath, sizeof(vpath)), program_invocation_short_name,
	      xt_visible(name, vis, sizeof(vis)));
}

static int report_add_failure(const struct add_job *job, const char *name)
{
	char vis[VISIBLE_MAX], hint[256];
	const char *h = NULL;

	errno = job->err;
	switch (job->step) {
	case ADD_MKDIR:
		warn("mkdir %s failed", NETNS_RUN_DIR);
		break;
	case ADD_LOCK:
		warn("Cannot open netns runtime directory \"%s\"", NETNS_RUN_DIR);
		break;
	case ADD_BIND_DIR:
		warn("mount --bind %s %s failed", NETNS_RUN_DIR, NETNS_RUN_DIR);
		h = xt_mount_hint(job->err, hint, sizeof(hint));
		break;
	case ADD_SHARED:
		warn("mount --make-shared %s failed", NETNS_RUN_DIR);
		break;
	case ADD_CREATE:
		warn("Cannot create namespace file \"%s/%s\"", NETNS_RUN_DIR, xt_visible(name, vis, sizeof(vis)));
		if (job->err == EEXIST)
			hint_stale(job->path, name);
		break;
	case ADD_UNSHARE:
		warn("Failed to create a new network namespace \"%s\"", xt_visible(name, vis, sizeof(vis)));
		h = xt_unshare_hint(job->err, CLONE_NEWNET, hint, sizeof(hint));
		break;
	case ADD_BIND:
		warn("Bind %s -> %s/%s failed", job->source ? job->source : "/proc/self/ns/net", NETNS_RUN_DIR,
		     xt_visible(name, vis, sizeof(vis)));
		h = xt_mount_hint(job->err, hint, sizeof(hint));
		break;
	case ADD_HELPER:
		warn("Cannot make namespace file \"%s/%s\"", NETNS_RUN_DIR, xt_visible(name, vis, sizeof(vis)));
		break;
	case ADD_DONE:
	case ADD_SKIPPED:
		break;
	}
	if (h)
		warnx("hint: %s", h);
	return EXIT_FAILURE;
}

/*
 * Bind NAME to a new network namespace (@source NULL) or to @source, all or
 * nothing. The termination signals are held while the helper works; one
 * that arrived meanwhile undoes the name, then ends xnetns as it would have.
 */
static int make_name(const char *name, const char *source)
{
	static char stack[16384] __attribute__((aligned(16)));
	char path[PATH_MAX];
	struct add_job job = { .path = path, .source = source, .step = ADD_DONE };
	sigset_t term, old, pending;
	pid_t pid;
	int status = 0;

	name_path(path, sizeof(path), name);
	sigemptyset(&term);
	sigaddset(&term, SIGINT);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGHUP);
	sigaddset(&term, SIGQUIT);
	sigprocmask(SIG_BLOCK, &term, &old);
	if (opt.in_batch) {
		batch_add(&job);
	} else {
		pid = clone(add_helper, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, &job);
		if (pid < 0) {
			warn("fork failed");
			sigprocmask(SIG_SETMASK, &old, NULL);
			return EXIT_FAILURE;
		}
		(void)xt_waitpid(pid, &status, 0);
		if (job.step == ADD_DONE && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
			job.step = ADD_HELPER, job.err = EINTR; /* the helper was killed */
	}
	if (job.step != ADD_DONE) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return report_add_failure(&job, name);
	}
	sigpending(&pending);
	for (int sig = 1; sig < NSIG; sig++) {
		if (sigismember(&term, sig) == 1 && sigismember(&pending, sig) == 1) {
			(void)remove_name(path);
			xt_die_by_signal(sig);
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

/* ---- subcommands -------------------------------------------------------- */

static int too_many(int argc, int max)
{
	if (argc <= max)
		return 0;
	warnx("extra arguments specified");
	return EXIT_FAILURE;
}

static void print_name_line(const char *name, int32_t id)
{
	char vis[VISIBLE_MAX];

	fputs(xt_visible(name, vis, sizeof(vis)), stdout);
	if (id >= 0)
		printf(" (id: %d)", id);
	putchar('\n');
}

static int do_list(int argc, char **argv XT_UNUSED)
{
	struct names names;
	int32_t *ids;
	int rc = too_many(argc, 0);

	if (rc)
		return rc;
	rc = read_names(&names);
	if (rc < 0) {
		warnx("Failed to open directory %s: %s", NETNS_RUN_DIR, strerror(-rc));
		return EXIT_FAILURE;
	}
	ids = name_ids(&names);
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
	return 0;
}

static int do_add(int argc, char **argv)
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

static int do_attach(int argc, char **argv)
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
		char vis[VISIBLE_MAX];

		warnx("Invalid PID: %s", xt_visible(argv[1], vis, sizeof(vis)));
		return EXIT_FAILURE;
	}
	snprintf(source, sizeof(source), "/proc/%d/ns/net", (int)pid);
	return make_name(argv[0], source);
}

static int delete_one(const char *name)
{
	char path[PATH_MAX], vis[VISIBLE_MAX];
	int rc;

	name_path(path, sizeof(path), name);
	rc = remove_name(path);
	if (rc < 0) {
		warnx("Cannot remove namespace file \"%s/%s\": %s", NETNS_RUN_DIR,
		      xt_visible(name, vis, sizeof(vis)), strerror(-rc));
		return EXIT_FAILURE;
	}
	return 0;
}

static int do_delete(int argc, char **argv)
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

/* Open a name for reading its namespace; the message is the caller's. */
static int open_name(const char *name)
{
	char path[PATH_MAX];

	name_path(path, sizeof(path), name);
	return open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
}

static int do_set(int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	char vis[VISIBLE_MAX];
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
			      xt_visible(argv[1], vis, sizeof(vis)));
			return EX_INVARG;
		}
		if (id < 0) {
			warnx("Error: argument \"%s\" is wrong: \"netnsid\" value should be >= 0", argv[1]);
			return EX_INVARG;
		}
	}
	fd = open_name(argv[0]);
	if (fd < 0) {
		warn("Cannot open network namespace \"%s\"", xt_visible(argv[0], vis, sizeof(vis)));
		return EXIT_FAILURE;
	}
	if ((rc = rtnl_ready()) == 0) {
		g = xt_nlmsg_init(buf, RTM_NEWNSID, 0, sizeof(*g));
		g->rtgen_family = AF_UNSPEC;
		xt_nla_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
		xt_nla_put_s32(nlh, NETNSA_NSID, (int32_t)id);
		rc = xt_rtnl_talk(&rtnl, nlh, NULL, NULL);
		if (rc < 0)
			rc = kernel_error(rc);
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
		char vis[VISIBLE_MAX];

		warnx("Specified string '%s' is not a pid", xt_visible(s, vis, sizeof(vis)));
		return EXIT_FAILURE;
	}
	return 0;
}

static int do_identify(int argc, char **argv)
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

static int do_pids(int argc, char **argv)
{
	char vis[VISIBLE_MAX];
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
		warn("Cannot open network namespace \"%s\"", xt_visible(argv[0], vis, sizeof(vis)));
		return EXIT_FAILURE;
	}
	rc = xt_ns_type(fd) == CLONE_NEWNET && fstat(fd, &want) == 0;
	close(fd);
	if (!rc) {
		warnx("\"%s/%s\" is not a network namespace", NETNS_RUN_DIR, xt_visible(argv[0], vis, sizeof(vis)));
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
		if (fstatat(dirfd(proc), rel, &st, 0) == 0 && st.st_dev == want.st_dev && st.st_ino == want.st_ino)
			printf("%s\n", d->d_name);
	}
	closedir(proc);
	return 0;
}

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
	char vis[VISIBLE_MAX];
	struct statvfs sv;
	unsigned long sysfs_flags = 0;
	int fd = open_name(name);

	if (fd < 0) {
		warn("Cannot open network namespace \"%s\"", xt_visible(name, vis, sizeof(vis)));
		return EX_INVARG;
	}
	/* Nobody inside may read our memory while we are in their namespace. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (setns(fd, CLONE_NEWNET) < 0) {
		warn("setting the network namespace \"%s\" failed", xt_visible(name, vis, sizeof(vis)));
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

static int do_exec(int argc, char **argv)
{
	int rc;

	if (opt.all) {
		struct names names;
		char vis[VISIBLE_MAX];

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
			printf("\nnetns: %s\n", xt_visible(names.v[i], vis, sizeof(vis)));
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

static int do_monitor(int argc, char **argv XT_UNUSED)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	char vis[VISIBLE_MAX];
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
				printf("add %s\n", xt_visible(ev->name, vis, sizeof(vis)));
			if (ev->mask & IN_DELETE)
				printf("delete %s\n", xt_visible(ev->name, vis, sizeof(vis)));
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

static int do_list_id(int argc, char **argv)
{
	struct nsid_list l = { 0 };
	struct names names = { 0 };
	int64_t target = -1, nsid = -1;
	int32_t *ids = NULL;
	struct xt_json j;
	char vis[VISIBLE_MAX];
	int rc;

	for (int i = 0; i < argc; i += 2) {
		int64_t *v;

		if (strcmp(argv[i], "target-nsid") == 0)
			v = &target;
		else if (strcmp(argv[i], "nsid") == 0)
			v = &nsid;
		else if (opt.in_batch)
			return warnx("unknown argument \"%s\"", xt_visible(argv[i], vis, sizeof(vis))), EX_INVARG;
		else
			list_id_usage();
		if (i + 1 >= argc) {
			warnx("Command line is not complete. Try option \"help\"");
			return EX_INVARG;
		}
		if (xt_strtos64_c(argv[i + 1], 0, INT32_MAX, v) < 0) {
			warnx("Error: argument \"%s\" is wrong: \"%s\" value is invalid",
			      xt_visible(argv[i + 1], vis, sizeof(vis)), argv[i]);
			return EX_INVARG;
		}
	}
	rc = get_nsids((int32_t)target, (int32_t)nsid, &l);
	if (rc < 0) {
		rc = rtnl.fd < 0 ? EXIT_FAILURE : kernel_error(rc);
		if (rc == EX_KERNEL && nsid < 0) {
			/* a refused dump: ip's words and status */
			warnx("Dump terminated");
			rc = EXIT_FAILURE;
		}
		goto out;
	}
	/* Names for the ids, as seen from here: current-nsid when given. */
	if (l.n && read_names(&names) == 0)
		ids = name_ids(&names);
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
			printf("(iproute2 netns name: %s)", xt_visible(name, vis, sizeof(vis)));
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

static int do_help(int argc XT_UNUSED, char **argv XT_UNUSED)
{
	usage();
}

/* ---- dispatch, -n, batch ----------------------------------------------- */

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "list", do_list },	   { "show", do_list },	       { "add", do_add },
	{ "attach", do_attach },   { "delete", do_delete },    { "del", do_delete },
	{ "set", do_set },	   { "identify", do_identify }, { "pids", do_pids },
	{ "exec", do_exec },	   { "monitor", do_monitor },  { "list-id", do_list_id },
	{ "help", do_help },
	{ "link", xnetns_link },   { "addr", xnetns_addr },    { "address", xnetns_addr },
	{ "route", xnetns_route }, { "connect", xnetns_connect },
	/*
	 * No one-letter forms (ip's "a", "r"): here the netns words stand
	 * beside these, and "a" would be add, attach or addr.
	 */
};

/* Run one command line (argv[0] is the subcommand). Its exit status. */
static int run_command(int argc, char **argv)
{
	char vis[VISIBLE_MAX];

	if (argc == 0)
		return do_list(0, argv);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	warnx("Command \"%s\" is unknown, try \"%s help\".", xt_visible(argv[0], vis, sizeof(vis)),
	      program_invocation_short_name);
	return EX_INVARG;
}

/*
 * -n NS: a plain setns into NS's network namespace for the whole run; no
 * mount namespace is made (ip's full switch is what leaves dead files
 * behind after `ip -n X netns add Y`).
 */
static int enter_named_netns(const char *name)
{
	char vis[VISIBLE_MAX];
	int fd, rc = check_name(name, false);

	if (rc)
		return rc;
	fd = open_name(name);
	if (fd < 0) {
		warn("Cannot open network namespace \"%s\"", xt_visible(name, vis, sizeof(vis)));
		return EX_INVARG;
	}
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	rc = setns(fd, CLONE_NEWNET);
	if (rc < 0)
		warn("setting the network namespace \"%s\" failed", xt_visible(name, vis, sizeof(vis)));
	close(fd);
	return rc < 0 ? EX_INVARG : 0;
}

/*
 * Split a batch line into words, in place: blanks separate, "..." and
 * '...' quote, '#' at the start of a word begins a comment. -1 for an
 * unterminated quote.
 */
static int split_words(char *p, char ***argvp, int *argcp)
{
	char **argv = *argvp;
	int argc = 0;

	for (;;) {
		char *start;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			break;
		if (*p == '"' || *p == '\'') {
			char *end = strchr(p + 1, *p);

			if (!end) {
				*argvp = argv; /* it may have moved: the caller frees it */
				return -1;
			}
			start = p + 1;
			*end = '\0';
			p = end + 1;
		} else {
			start = p;
			p += strcspn(p, " \t\n\r");
			if (*p)
				*p++ = '\0';
		}
		argv = xreallocarray(argv, (size_t)argc + 2, sizeof(*argv));
		argv[argc++] = start;
	}
	if (argv)
		argv[argc] = NULL;
	*argvp = argv;
	*argcp = argc;
	return 0;
}

/*
 * The adds of a batch are pipelined: each `add` line goes to the helper
 * and the batch reads on while the helper makes the names; the helper
 * speaks only of failures. Before any other command runs, before an error
 * of a later line is printed, and at the end, a marker collects those
 * failures, in line order. At most QUEUE_MAX adds are in flight, so that
 * the answers can never fill the socket while we are sending.
 */
#define QUEUE_MAX 128

static struct {
	const char *file;
	unsigned long line[QUEUE_MAX], seq[QUEUE_MAX];
	char *name[QUEUE_MAX];
	unsigned int head, count;
	bool failed, stop;
} queue;

/* Report the failed add at the head of the queue (or all, helper gone). */
static void queue_report(const struct add_answer *ans)
{
	unsigned int i = queue.head;
	struct add_job job = { .step = (enum add_step)ans->step, .err = ans->err };
	char path[PATH_MAX];

	name_path(path, sizeof(path), queue.name[i]);
	job.path = path;
	report_add_failure(&job, queue.name[i]);
	warnx("Command failed %s:%lu", queue.file, queue.line[i]);
	queue.failed = true;
	queue.stop = !opt.force;
}

static void queue_pop(void)
{
	free(queue.name[queue.head]);
	queue.head = (queue.head + 1) % QUEUE_MAX;
	queue.count--;
}

/* Collect the answers of every add in flight. */
static void queue_drain(void)
{
	struct add_answer ans;

	if (queue.count == 0)
		return;
	if (batch_helper_send('Y', NULL, "") < 0)
		goto gone;
	for (;;) {
		if (recv(batch_helper_fd, &ans, sizeof(ans), 0) != (ssize_t)sizeof(ans))
			goto gone;
		if (ans.step < 0)
			break;
		while (queue.count && queue.seq[queue.head] < ans.seq)
			queue_pop(); /* made */
		if (queue.count && queue.seq[queue.head] == ans.seq) {
			queue_report(&ans);
			queue_pop();
		}
	}
	while (queue.count)
		queue_pop();
	return;
gone:
	/* the helper was killed: what it had not answered counts as failed */
	ans.step = ADD_HELPER;
	ans.err = EPIPE;
	if (queue.count) {
		queue_report(&ans);
		queue.stop = true;
	}
	while (queue.count)
		queue_pop();
	batch_helper_done();
}

/* `add NAME` with a good name: sent on. false when it must run as usual. */
static bool queue_add(int argc, char **argv, unsigned long lineno)
{
	char path[PATH_MAX];
	unsigned int i;

	if (argc != 2 || strcmp(argv[0], "add") != 0 || !xnetns_name_valid(argv[1]) || xt_has_control(argv[1]))
		return false;
	if (queue.count == QUEUE_MAX)
		queue_drain();
	if (batch_helper_start() < 0)
		return false;
	name_path(path, sizeof(path), argv[1]);
	if (batch_helper_send('A', NULL, path) < 0) {
		queue_drain();
		return false;
	}
	i = (queue.head + queue.count++) % QUEUE_MAX;
	queue.name[i] = xstrdup(argv[1]);
	queue.line[i] = lineno;
	queue.seq[i] = batch_helper_sent;
	return true;
}

/*
 * Delete the `link del` lines queued so far (xnetns-link.c reports each
 * failed line). true when the batch must stop there (a failure, no -f).
 */
static bool flush_link_dels(const char *file)
{
	if (xnetns_link_del_flush(file, opt.force)) {
		queue.failed = true;
		queue.stop = queue.stop || !opt.force;
	}
	return queue.stop;
}

static int run_batch(const char *file)
{
	FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "re");
	char *line = NULL, *more = NULL, **argv = NULL;
	size_t size = 0, msize = 0;
	unsigned long lineno = 0;
	int failed = 0;

	if (!in) {
		warn("Cannot open file \"%s\" for reading", file);
		return EXIT_FAILURE;
	}
	opt.in_batch = true;
	queue.file = file;
	while (getline(&line, &size, in) >= 0) {
		size_t len = strcspn(line, "\n");
		int argc, rc;

		lineno++;
		line[len] = '\0';
		/* A trailing backslash joins the next line. */
		while (len > 0 && line[len - 1] == '\\' && getline(&more, &msize, in) >= 0) {
			lineno++;
			line[--len] = '\0';
			more[strcspn(more, "\n")] = '\0';
			line = xreallocarray(line, len + strlen(more) + 1, 1);
			size = len + strlen(more) + 1;
			strcpy(line + len, more);
			len = strlen(line);
		}
		if (len > 0 && line[len - 1] == '\\') {
			/* the file ended in the middle of a line: ip's words, and no command */
			warnx("Missing continuation line");
			break;
		}
		if (split_words(line, &argv, &argc) < 0) {
			(void)flush_link_dels(file);
			queue_drain();
			warnx("Unterminated quoted string");
			rc = EXIT_FAILURE;
		} else if (argc == 0) {
			continue;
		} else if (xnetns_link_del_line(argc, argv)) {
			/* grouped with the next ones (xnetns-link.c); adds report first */
			queue_drain();
			if (!queue.stop)
				xnetns_link_del_queue(argc, argv, lineno);
			rc = 0;
		} else if (flush_link_dels(file)) {
			break;
		} else if (queue_add(argc, argv, lineno)) {
			rc = 0;
		} else {
			queue_drain();
			rc = queue.stop ? 0 : run_command(argc, argv);
		}
		if (rc != 0) {
			warnx("Command failed %s:%lu", file, lineno);
			failed = 1;
			if (!opt.force)
				break;
		}
		if (queue.stop)
			break;
	}
	(void)flush_link_dels(file);
	queue_drain();
	batch_helper_done();
	failed |= queue.failed;
	free(argv);
	free(more);
	free(line);
	if (in != stdin)
		fclose(in);
	return failed;
}

/* ip's spellings of an option: -x, -word, --word. */
static bool is_opt(const char *arg, const char *shrt, const char *word)
{
	return strcmp(arg, shrt) == 0 || (arg[0] == '-' && strcmp(arg + 1, word) == 0) ||
	       (arg[0] == '-' && arg[1] == '-' && strcmp(arg + 2, word) == 0);
}

/* The options before the subcommand; returns the index of the subcommand. */
static int parse_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;

		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0)
			return i + 1;
		if (is_opt(a, "-n", "netns"))
			val = &opt.netns;
		else if (is_opt(a, "-b", "batch"))
			val = &opt.batch;
		else if (strncmp(a, "--netns=", 8) == 0)
			opt.netns = a + 8;
		else if (strncmp(a, "--batch=", 8) == 0)
			opt.batch = a + 8;
		else if (is_opt(a, "-j", "json"))
			opt.json = true;
		else if (is_opt(a, "-p", "pretty"))
			opt.pretty = true;
		else if (is_opt(a, "-a", "all"))
			opt.all = true;
		else if (is_opt(a, "-f", "force"))
			opt.force = true;
		else if (strcmp(a, "-4") == 0)
			opt.family = AF_INET;
		else if (strcmp(a, "-6") == 0)
			opt.family = AF_INET6;
		else if (is_opt(a, "-h", "help"))
			usage();
		else if (is_opt(a, "-V", "version"))
			xt_print_version();
		else {
			if (a[1] == '-' || a[2] != '\0')
				warnx("unrecognized option '%s'", a);
			else
				warnx("invalid option -- '%c'", a[1]);
			xt_errtryhelp(EXIT_FAILURE);
		}
		if (val) {
			if (i + 1 >= argc) {
				warnx("option requires an argument -- '%c'", a[1] == '-' ? a[2] : a[1]);
				xt_errtryhelp(EXIT_FAILURE);
			}
			*val = argv[++i];
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	int first, rc;

	xt_close_stdout_atexit();
	first = parse_options(argc, argv);
	xnetns_link_init(&rtnl, opt.json, opt.pretty, opt.netns, opt.family);
	/* -n first: ids, `set` and `list-id` answer as seen from NS. */
	if (opt.netns && (rc = enter_named_netns(opt.netns)))
		return rc;
	if (opt.batch) {
		if (first < argc) {
			warnx("a batch file and a command cannot be combined");
			xt_errtryhelp(EXIT_FAILURE);
		}
		return run_batch(opt.batch);
	}
	return run_command(argc - first, argv + first);
}
