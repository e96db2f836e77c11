/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * undo.c - -atomic: the undo log of a batch, and the termination signals
 * while it runs. Each command that changes something records, right after
 * it did, how to take it back: a step of one kind, the data it needs and
 * the network namespace it runs in. After a failed line, or a termination
 * signal, the steps run newest first, each in its namespace; a step that
 * fails is reported and the others still run.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/if_addr.h>

#include "c.h"
#include "procwait.h"
#include "strutils.h"
#include "xalloc.h"
#include "xnetns.h"

enum undo_kind {
	UNDO_NAME,    /* add, attach: remove the name */
	UNDO_LINK,    /* link add, connect: delete the link (a veth: the pair) */
	UNDO_REQUEST, /* addr add, route add: the request, sent back as a delete */
	UNDO_DOWN,    /* connect: take lo down again */
	UNDO_STATE,   /* link set: put back what it changed */
};

/* What a `link set` changed (UNDO_STATE). */
#define W_FLAGS 0x01
#define W_MTU 0x02
#define W_ADDR 0x04
#define W_NAME 0x08
#define W_MASTER 0x10

struct undo_step {
	enum undo_kind kind;
	size_t line;	     /* in lines[] */
	size_t ns;	     /* in nss[]: where the step runs (a moved link: where it went) */
	char *path;	     /* UNDO_NAME */
	char name[IFNAMSIZ]; /* UNDO_LINK; UNDO_STATE: the link's name where it is now */
	int index;	     /* UNDO_DOWN */
	bool drop_addr;	     /* UNDO_DOWN: and remove 127.0.0.1/8 */
	unsigned int what;   /* UNDO_STATE */
	struct link before;  /* UNDO_STATE */
	struct kept kept; /* UNDO_REQUEST: the request; UNDO_STATE: the link's addresses and routes */
};

/* A network namespace steps run in; [0] is ours (-n's), with the socket rtnl. */
struct undo_ns {
	int fd;
	dev_t dev;
	ino_t ino;
	struct xt_rtnl sock;
};

/* The batch lines that recorded steps: for the messages. */
struct undo_line {
	unsigned long lineno;
	char *text;
};

static struct {
	const char *file;
	struct undo_step *v;
	size_t n;
	struct undo_ns *ns;
	size_t nns;
	struct undo_line *lines;
	size_t nlines;
	struct undo_step pending; /* link set: read before, logged after */
	bool has_pending;
} u;

static volatile sig_atomic_t caught;
static const int term_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };

/* ---- set-up ------------------------------------------------------------- */

static void note_signal(int sig)
{
	if (!caught)
		caught = sig;
}

/*
 * Start the log of a batch read from @file: our namespace, and the
 * termination signals noted (the line under way finishes; see
 * undo_signal()). 0, or the exit status after the message.
 */
int undo_start(const char *file)
{
	struct sigaction sa = { .sa_handler = note_signal, .sa_flags = SA_RESTART };
	struct stat st;
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		warn("cannot open /proc/self/ns/net");
		return EXIT_FAILURE;
	}
	u.file = file;
	u.ns = xreallocarray(NULL, 1, sizeof(*u.ns));
	u.ns[0] = (struct undo_ns){
		.fd = fd, .dev = st.st_dev, .ino = st.st_ino, .sock = { .fd = -1 }
	};
	u.nns = 1;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(term_signals); i++)
		sigaction(term_signals[i], &sa, NULL);
	return 0;
}

/* The termination signal that arrived since undo_start(), or 0. */
int undo_signal(void)
{
	return caught;
}

/* Hold the termination signals from here on: nothing stops the undo. */
void undo_hold_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_SIZE(term_signals); i++)
		sigaddset(&set, term_signals[i]);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* The line about to run: the steps it records name it. */
void undo_line(unsigned long lineno, int argc, char **argv)
{
	size_t len = 1;
	char *t;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	t = xmalloc(len);
	t[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(t, " ");
		strcat(t, argv[i]);
	}
	u.lines = xreallocarray(u.lines, u.nlines + 1, sizeof(*u.lines));
	u.lines[u.nlines++] = (struct undo_line){ .lineno = lineno, .text = t };
}

/*
 * The slot of the namespace of @fd (-1: ours), added (the descriptor
 * duplicated) when it is new. 0 for ours, also when it cannot be told.
 */
static size_t ns_slot(int fd)
{
	struct stat st;
	int dup;

	if (fd < 0 || fstat(fd, &st) < 0)
		return 0;
	for (size_t i = 0; i < u.nns; i++)
		if (u.ns[i].dev == st.st_dev && u.ns[i].ino == st.st_ino)
			return i;
	dup = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (dup < 0)
		return 0;
	u.ns = xreallocarray(u.ns, u.nns + 1, sizeof(*u.ns));
	u.ns[u.nns] = (struct undo_ns){
		.fd = dup, .dev = st.st_dev, .ino = st.st_ino, .sock = { .fd = -1 }
	};
	return u.nns++;
}

/* The slot of the namespace of process @pid. */
static size_t pid_slot(uint32_t pid)
{
	char path[64];
	size_t slot;
	int fd;

	snprintf(path, sizeof(path), "/proc/%u/ns/net", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	slot = ns_slot(fd);
	if (fd >= 0)
		close(fd);
	return slot;
}

/* A socket in namespace @i (made on first use), or NULL with errno set. */
static struct xt_rtnl *ns_sock(size_t i)
{
	struct undo_ns *n = &u.ns[i];
	int rc;

	if (i == 0)
		return rtnl_ready() ? NULL : &rtnl;
	if (n->sock.fd >= 0)
		return &n->sock;
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (setns(n->fd, CLONE_NEWNET) < 0)
		return NULL;
	rc = xt_rtnl_open(&n->sock);
	if (setns(u.ns[0].fd, CLONE_NEWNET) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0) {
		xt_rtnl_close(&n->sock);
		n->sock.fd = -1;
		errno = -rc;
		return NULL;
	}
	return &n->sock;
}

static struct undo_step *push(enum undo_kind kind, size_t ns)
{
	struct undo_step *s;

	u.v = xreallocarray(u.v, u.n + 1, sizeof(*u.v));
	s = &u.v[u.n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->ns = ns;
	s->line = u.nlines ? u.nlines - 1 : 0;
	return s;
}

/* ---- what the commands record -------------------------------------------- */

/* add, attach: the name at @path was made. */
void undo_name(const char *path)
{
	push(UNDO_NAME, 0)->path = xstrdup(path);
}

/* The link called @name in the namespace of @nsfd (-1: ours) was made. */
void undo_link_at(int nsfd, const char *name)
{
	strlcpy(push(UNDO_LINK, ns_slot(nsfd))->name, name, IFNAMSIZ);
}

/*
 * link add, before the request: the undo finds the link by its name, so
 * it needs one the kernel keeps as given. 0, or the status after the
 * message.
 */
int undo_link_check(const char *name)
{
	if (name && !strchr(name, '%') && ifname_valid(name))
		return 0;
	warnx("-atomic: link add needs the name of the new link (no template), to undo it");
	return EXIT_FAILURE;
}

/* link add: @me was made (where its netns word put it). */
void undo_link_added(const struct end_opts *me)
{
	if (me->has_ns && me->nsfd < 0)
		strlcpy(push(UNDO_LINK, pid_slot(me->nspid))->name, me->name, IFNAMSIZ);
	else
		undo_link_at(me->has_ns ? me->nsfd : -1, me->name);
}

/* addr add, route add: the request as it was sent. */
void undo_request(const struct nlmsghdr *req)
{
	struct undo_step *s = push(UNDO_REQUEST, 0);

	s->kept.msgs = xmalloc(req->nlmsg_len);
	memcpy(s->kept.msgs, req, req->nlmsg_len);
	s->kept.len = req->nlmsg_len;
}

/*
 * connect: lo (@index) was down in the namespace of @nsfd and is up now;
 * @drop_addr: it had no 127.0.0.1/8 before (coming up added it).
 */
void undo_down(int nsfd, int index, bool drop_addr)
{
	struct undo_step *s = push(UNDO_DOWN, ns_slot(nsfd));

	s->index = index;
	s->drop_addr = drop_addr;
}

/* ---- link set: the state before ------------------------------------------ */

/*
 * link set, before its request: read link @index (one RTM_GETLINK) and,
 * when the command takes it down or up or moves it (which drops addresses
 * and routes), its addresses and routes. @change, @e, @newname, @master:
 * what the command is about to change. 0, or the status after the message.
 */
int undo_link_save(int index, unsigned int change, const struct end_opts *e, const char *newname,
		   bool master)
{
	struct undo_step *s = &u.pending;
	int rc;

	free(s->kept.msgs);
	memset(s, 0, sizeof(*s));
	u.has_pending = false;
	s->kind = UNDO_STATE;
	s->line = u.nlines ? u.nlines - 1 : 0;
	s->what = (change & IFF_UP ? W_FLAGS : 0) | (e->has_mtu ? W_MTU : 0) |
		  (e->maclen > 0 ? W_ADDR : 0) | (newname ? W_NAME : 0) | (master ? W_MASTER : 0);
	s->ns = e->has_ns ? (e->nsfd >= 0 ? ns_slot(e->nsfd) : pid_slot(e->nspid)) : 0;
	rc = read_link(&rtnl, index, &s->before);
	if (rc == 0 && (s->ns || (s->what & W_FLAGS)))
		rc = keep_addrs_routes(&rtnl, index, &s->kept);
	if (rc < 0)
		return rtnl_error(&rtnl, rc);
	strlcpy(s->name, newname ? newname : s->before.name, IFNAMSIZ);
	u.has_pending = true;
	return 0;
}

/* link set: its request succeeded; log what undo_link_save() read. */
void undo_link_commit(void)
{
	if (!u.has_pending)
		return;
	*push(UNDO_STATE, 0) = u.pending;
	memset(&u.pending, 0, sizeof(u.pending));
	u.has_pending = false;
}

/* ---- running the steps ----------------------------------------------------- */

/* Kernel answers that mean "not there": nothing left to undo. */
static bool gone(int rc)
{
	return rc == -ENODEV || rc == -ENOENT || rc == -ESRCH || rc == -EADDRNOTAVAIL;
}

/* Say that a part @what of step @step failed: -errno @rc, on @r (NULL: none). */
void undo_failed(const void *step, const char *what, const struct xt_rtnl *r, int rc)
{
	const struct undo_step *s = step;
	const struct undo_line *l = s->line < u.nlines ? &u.lines[s->line] : NULL;
	const char *why = r && r->errmsg[0] ? r->errmsg : strerror(-rc);

	warnx("cannot undo %s:%lu (%s): %s: %s", u.file, l ? l->lineno : 0UL, l ? vis(l->text) : "",
	      what, why);
}

/*
 * The request that puts link @index back as @s read it; a moved one back
 * into our namespace (@keep_index: under its old index too, so that it is
 * listed where it was).
 */
static struct nlmsghdr *state_request(void *buf, const struct undo_step *s, int index,
				      bool keep_index)
{
	struct nlmsghdr *nlh = buf;
	const struct link *b = &s->before;
	struct ifinfomsg *ifi = xt_rtnl_link_req(buf, RTM_NEWLINK, 0, index);

	if (s->ns) {
		xt_nla_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)u.ns[0].fd);
		if (keep_index)
			xt_nla_put_s32(nlh, IFLA_NEW_IFINDEX, b->index);
	}
	if (s->what & W_NAME)
		xt_nla_put_str(nlh, IFLA_IFNAME, b->name);
	if (s->what & W_MTU)
		xt_nla_put_u32(nlh, IFLA_MTU, b->mtu);
	if ((s->what & W_ADDR) && b->addrlen)
		xt_nla_put(nlh, IFLA_ADDRESS, b->addr, b->addrlen);
	if ((s->what & W_MASTER) || (s->ns && b->master))
		xt_nla_put_u32(nlh, IFLA_MASTER, (uint32_t)b->master);
	if ((s->what & W_FLAGS) || s->ns) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = b->flags & IFF_UP;
	}
	return nlh;
}

/* UNDO_STATE: the link back where it was (moved: into our namespace), as it was. */
static int undo_state(const struct undo_step *s)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	const struct link *b = &s->before;
	struct xt_rtnl *r = ns_sock(s->ns);
	int index = b->index, rc;

	if (!r) {
		undo_failed(s, "cannot enter the namespace of the link", NULL, -errno);
		return 1;
	}
	if (s->ns) {
		index = xt_rtnl_link_index(r, s->name);
		if (index < 0) {
			undo_failed(s, "cannot find the link it moved", r, index);
			return 1;
		}
	}
	rc = xt_rtnl_talk(r, state_request(buf, s, index, s->ns != 0), NULL, NULL);
	/* its old index taken, or a kernel before 6.7: under a new one */
	if (rc < 0 && s->ns)
		rc = xt_rtnl_talk(r, state_request(buf, s, index, false), NULL, NULL);
	if (rc < 0) {
		undo_failed(s, s->ns ? "cannot move the link back" : "cannot restore the link", r,
			    rc);
		return 1;
	}
	if (!s->ns && !(s->what & W_FLAGS))
		return 0;
	r = ns_sock(0);
	index = s->ns ? xt_rtnl_link_index(r, b->name) : b->index;
	if (index < 0) {
		undo_failed(s, "cannot find the link it moved back", r, index);
		return 1;
	}
	return put_back_addrs_routes(r, index, &s->kept, s);
}

static int undo_one(const struct undo_step *s)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	const struct nlmsghdr *m = (const void *)s->kept.msgs;
	struct xt_rtnl *r;
	int rc;

	if (s->kind == UNDO_NAME) {
		rc = remove_name(s->path);
		if (rc < 0 && rc != -ENOENT) {
			undo_failed(s, "cannot remove the name", NULL, rc);
			return 1;
		}
		return 0;
	}
	if (s->kind == UNDO_STATE)
		return undo_state(s);
	r = ns_sock(s->ns);
	if (!r) {
		undo_failed(s, "cannot enter its namespace", NULL, -errno);
		return 1;
	}
	switch (s->kind) {
	case UNDO_LINK:
		rc = xt_rtnl_link_del(r, 0, s->name);
		break;
	case UNDO_DOWN:
		rc = xt_rtnl_link_change(r, s->index, 0, IFF_UP);
		if (rc == 0 && s->drop_addr && (rc = lo_drop_addr(r, s->index)) == -EADDRNOTAVAIL)
			rc = 0; /* (someone took it away already) */
		break;
	default: /* UNDO_REQUEST */
		rc = xt_rtnl_talk(r,
				  kept_as_request(buf, m,
						  m->nlmsg_type == RTM_NEWADDR ? RTM_DELADDR :
										 RTM_DELROUTE,
						  0, 0),
				  NULL, NULL);
		break;
	}
	if (rc < 0 && !gone(rc)) {
		undo_failed(s,
			    s->kind == UNDO_LINK	 ? "cannot delete the link" :
			    s->kind == UNDO_DOWN	 ? "cannot put lo back down as it was" :
			    m->nlmsg_type == RTM_NEWADDR ? "cannot delete the address" :
							   "cannot delete the route",
			    r, rc);
		return 1;
	}
	return 0;
}

/*
 * Undo every logged step, newest first, with the termination signals held.
 * 0, or 1 when a step failed (each said).
 */
int undo_run(void)
{
	int failed = 0;

	undo_hold_signals();
	while (u.n > 0) {
		struct undo_step *s = &u.v[--u.n];

		failed |= undo_one(s);
		free(s->path);
		free(s->kept.msgs);
	}
	return failed;
}

/* After undo_run(): end by the signal that was noted, as it would have. */
void undo_die(void)
{
	if (caught)
		xt_die_by_signal(caught);
}
