/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * names.c - the rules for a name under /run/netns and its paths; the one
 * rtnetlink socket of a run and how its errors are told; the namespace ids
 * of names, asked in one batch (list, list-id, and link-netns in show).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/net_namespace.h>

#include "c.h"
#include "strutils.h"
#include "xalloc.h"
#include "xnetns.h"

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
int check_name(const char *name, bool creating)
{
	if (!xnetns_name_valid(name)) {
		warnx("Invalid netns name \"%s\"", vis(name));
		return EX_INVARG;
	}
	if (creating && xt_has_control(name)) {
		warnx("Invalid netns name \"%s\": control characters are not allowed", vis(name));
		return EX_INVARG;
	}
	return 0;
}

void name_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", NETNS_RUN_DIR, name);
}

/*
 * Every name under /run/netns (none when it is missing). 0, or -errno (also
 * left in errno) with no name when the directory cannot be read whole.
 */
int read_names(struct names *names)
{
	DIR *dir = opendir(NETNS_RUN_DIR);
	struct dirent *d;

	names->v = NULL;
	names->n = 0;
	int err;

	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	/* readdir says an error only through errno: a NULL is also the end */
	for (errno = 0; (d = readdir(dir)); errno = 0) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		names->v = xreallocarray(names->v, names->n + 1, sizeof(*names->v));
		names->v[names->n++] = xstrdup(d->d_name);
	}
	err = errno;
	closedir(dir);
	if (err) {
		/* a part of a listing is not the listing: none */
		free_names(names);
		names->v = NULL;
		names->n = 0;
		errno = err;
		return -err;
	}
	return 0;
}

void free_names(struct names *names)
{
	for (size_t i = 0; i < names->n; i++)
		free(names->v[i]);
	free(names->v);
}

/* Open a name for reading its namespace; the message is the caller's. */
int open_name(const char *name)
{
	char path[PATH_MAX];

	name_path(path, sizeof(path), name);
	return open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
}

/*
 * Unmount (never through a symlink) and remove a name, all or nothing: a
 * name that cannot be removed stays what it was, a usable namespace. An
 * unmounted name is a plain empty file that no command can use (half
 * deleted), so the namespace is held (an O_PATH descriptor: it opens
 * whatever the name is, never blocks, needs no permission on the file)
 * before the unmount, and bound back onto the name when the unlink fails.
 * A name that cannot be opened is left alone. 0 or -errno.
 */
int remove_name(const char *path)
{
	char held[64];
	int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC), err;
	bool mounted;

	if (fd < 0)
		return -errno;
	mounted = umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) == 0;
	if (unlink(path) == 0) {
		close(fd);
		return 0;
	}
	err = errno;
	if (mounted) {
		snprintf(held, sizeof(held), "/proc/self/fd/%d", fd);
		(void)mount(held, path, "none", MS_BIND, NULL);
	}
	close(fd);
	return -err;
}

/* ---- the socket --------------------------------------------------------- */

struct xt_rtnl rtnl = { .fd = -1 };

/* Open the socket on first use. 0, or EXIT_FAILURE after the message. */
int rtnl_ready(void)
{
	int rc;

	if (rtnl.fd >= 0)
		return 0;
	rc = xt_rtnl_open(&rtnl);
	if (rc < 0) {
		warnx("Cannot open netlink socket: %s", strerror(-rc));
		return EXIT_FAILURE;
	}
	return 0;
}

/*
 * The failure @rc of a request on @r, as ip prints a kernel refusal: its
 * extended-ack text, else strerror; EX_KERNEL. A request that did not fit
 * in one message was never sent (common/rtnl.h): that one is ours, said
 * as such, EXIT_FAILURE.
 */
int rtnl_error(const struct xt_rtnl *r, int rc)
{
	size_t n = strlen(r->errmsg);

	if (rc == -EMSGSIZE && !n) {
		warnx("netlink request too long, not sent: %s", strerror(-rc));
		return EXIT_FAILURE;
	}
	if (n)
		warnx("Error: %s%s", r->errmsg, r->errmsg[n - 1] == '.' ? "" : ".");
	else
		warnx("RTNETLINK answers: %s", strerror(-rc));
	return EX_KERNEL;
}

/* ---- namespace ids -------------------------------------------------------- */

static int collect_nsid(const struct nlmsghdr *nlh, void *data)
{
	struct nsid_list *l = data;
	const struct nlattr *tb[NETNSA_MAX + 1];

	if (nlh->nlmsg_type != RTM_NEWNSID ||
	    xt_nla_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX))
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
int get_nsids(int32_t target, int32_t nsid, struct nsid_list *out)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct rtgenmsg *g;

	if (rtnl_ready())
		return -ENOTCONN; /* said */
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

	if (nlh->nlmsg_type != RTM_NEWNSID ||
	    xt_nla_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX) || !tb[NETNSA_NSID])
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
 * 6.18 end a long dump after its first part).
 *
 * A name that is not a namespace (a stray file) has no id; a name that is
 * gone since it was read (deleted meanwhile) is skipped. Any other failure
 * (a name that cannot be opened, the socket, the kernel's answer) leaves
 * ids unknown: with @status, it is told and *@status is EXIT_FAILURE (the
 * listing is incomplete); without, the ids are a best effort (names shown
 * beside ids in show and list-id). Return: the array.
 */
int32_t *name_ids(const struct names *names, int *status)
{
	struct nsid_list all = { 0 };
	struct id_query q = { 0 };
	static char buf[ID_CHUNK * ID_REQ_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	int fds[ID_CHUNK];
	size_t i = 0;
	int rc;

	q.ids = xreallocarray(NULL, names->n ? names->n : 1, sizeof(*q.ids));
	for (size_t k = 0; k < names->n; k++)
		q.ids[k] = -1;
	if (names->n == 0)
		return q.ids;
	rc = get_nsids(-1, -1, &all);
	if (rc < 0 || all.n == 0) {
		/* (no socket: rtnl_ready() said it) */
		if (rc < 0 && status && rtnl.fd >= 0)
			(void)rtnl_error(&rtnl, rc);
		if (rc < 0 && status)
			*status = EXIT_FAILURE;
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
			if (fd < 0 && errno != ENOENT && status) {
				warn("Cannot open network namespace \"%s\"", vis(names->v[i]));
				*status = EXIT_FAILURE;
			}
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
		rc = xt_rtnl_talk_many(&rtnl, buf, len, count, take_id, &q);
		if (rc < 0 && status) {
			(void)rtnl_error(&rtnl, rc);
			*status = EXIT_FAILURE;
		}
		while (count)
			close(fds[--count]);
	}
	free(all.v);
	return q.ids;
}
