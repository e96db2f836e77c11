/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floor-netns - the least the `ip netns` jobs need: only their system calls,
 * on /run/netns. For add that is three per name (ip makes ~128, most of them
 * the dynamic loader); for list, one directory read and one netlink dump
 * instead of ip's two requests and two opens per name.
 *   floor-netns add NAME...      per name: mknod, unshare(NET), bind mount
 *   floor-netns delete NAME...   per name: umount2(DETACH), unlink
 *   floor-netns list             getdents64, one RTM_GETNSID dump; when the
 *                                dump shows ids, one RTM_GETNSID by
 *                                NETNSA_FD per name; one write
 *   floor-netns batch FILE       lines "add NAME", "delete NAME", "list"
 *                                (xnetns's batch syntax), in one process
 * The link jobs (each first enters the netns of HUB, a name):
 *   floor-netns veth-peers HUB N     N pairs vI/vI, the peer in pI (its fd
 *                                    inside VETH_INFO_PEER), one at a time
 *   floor-netns veth-del-group HUB N dI (I < N) into one link group by
 *                                    name, then one RTM_DELLINK of the group
 *   floor-netns link-add HUB NAME    one pair NAME/NAME-p (a one-shot add)
 * Helpers of bench/run.sh, not measured:
 *   floor-netns set-auto         an nsid (kernel's choice) for every name
 *   floor-netns clean            delete every name
 *   floor-netns veth-add HUB N   N pairs dI/eI in HUB
 *   floor-netns veth-clean HUB   delete every link of HUB but lo (one group)
 * No error messages: a failure is exit 1.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RUNDIR "/run/netns"

/* ---- names ---------------------------------------------------------------- */

static char pathbuf[sizeof(RUNDIR) + 256];

static const char *path_of(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 255)
		_exit(1);
	memcpy(pathbuf, RUNDIR "/", sizeof(RUNDIR));
	memcpy(pathbuf + sizeof(RUNDIR), name, n + 1);
	return pathbuf;
}

static int add(const char *name)
{
	const char *path = path_of(name);

	if (mknod(path, S_IFREG, 0))
		return 1;
	if (unshare(CLONE_NEWNET) || mount("/proc/self/ns/net", path, NULL, MS_BIND, NULL)) {
		unlink(path);
		return 1;
	}
	return 0;
}

static int del(const char *name)
{
	const char *path = path_of(name);

	umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW);
	return unlink(path) ? 1 : 0;
}

/* Every name of /run/netns, in readdir order, NUL-separated in one buffer. */
struct names {
	char *buf;
	size_t len, cap;
	int count;
};

static int read_names(int dirfd, struct names *nm)
{
	static char dents[65536];
	long n;

	for (;;) {
		n = syscall(SYS_getdents64, dirfd, dents, sizeof(dents));
		if (n < 0)
			return 1;
		if (n == 0)
			return 0;
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(dents + off);
			size_t l = strlen(d->d_name) + 1;

			off += d->d_reclen;
			if (d->d_name[0] == '.' &&
			    (!d->d_name[1] || (d->d_name[1] == '.' && !d->d_name[2])))
				continue;
			if (nm->len + l > nm->cap) {
				nm->cap = (nm->cap + l) * 2;
				nm->buf = realloc(nm->buf, nm->cap);
				if (!nm->buf)
					return 1;
			}
			memcpy(nm->buf + nm->len, d->d_name, l);
			nm->len += l;
			nm->count++;
		}
	}
}

/* ---- rtnetlink -------------------------------------------------------------- */

struct nsid_req {
	struct nlmsghdr nh;
	struct rtgenmsg g;
	char pad[3];
	struct nlattr fd_attr;
	uint32_t fd;
	struct nlattr id_attr;
	int32_t id;
};

static int rtnl(void)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

static char rbuf[65536];

/* The nsid in one RTM_NEWNSID message, or -1. */
static int nsid_of(struct nlmsghdr *nh)
{
	struct nlattr *a =
		(struct nlattr *)((char *)NLMSG_DATA(nh) + NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	long left = (long)nh->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg)));

	while (left >= (long)sizeof(*a) && a->nla_len >= sizeof(*a) && a->nla_len <= left) {
		if ((a->nla_type & NLA_TYPE_MASK) == NETNSA_NSID && a->nla_len >= NLA_HDRLEN + 4)
			return *(int32_t *)((char *)a + NLA_HDRLEN);
		left -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return -1;
}

/* One RTM_GETNSID dump: how many ids the current netns has for its peers. */
static int count_ids(int sk)
{
	struct nsid_req req = {
		.nh = { .nlmsg_len = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg))),
			.nlmsg_type = RTM_GETNSID,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP },
		.g = { .rtgen_family = AF_UNSPEC },
	};
	int ids = 0;

	if (send(sk, &req, req.nh.nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		ssize_t n = recv(sk, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *nh = (struct nlmsghdr *)rbuf;

		if (n <= 0)
			return -1;
		for (; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE)
				return ids;
			if (nh->nlmsg_type == NLMSG_ERROR)
				return -1;
			if (nh->nlmsg_type == RTM_NEWNSID && nsid_of(nh) >= 0)
				ids++;
		}
	}
}

/* RTM_GETNSID (id >= -1 unused) or RTM_NEWNSID (set id) for the netns of fd. */
static int nsid_call(int sk, int type, int fd, int id)
{
	struct nsid_req req = {
		.nh = { .nlmsg_len = sizeof(req), .nlmsg_type = type, .nlmsg_flags = NLM_F_REQUEST },
		.g = { .rtgen_family = AF_UNSPEC },
		.fd_attr = { .nla_len = NLA_HDRLEN + 4, .nla_type = NETNSA_FD },
		.fd = (uint32_t)fd,
		.id_attr = { .nla_len = NLA_HDRLEN + 4, .nla_type = NETNSA_NSID },
		.id = id,
	};
	struct nlmsghdr *nh = (struct nlmsghdr *)rbuf;
	ssize_t n;

	if (type == RTM_GETNSID)
		req.nh.nlmsg_len = offsetof(struct nsid_req, id_attr);
	else
		req.nh.nlmsg_flags |= NLM_F_ACK;
	if (send(sk, &req, req.nh.nlmsg_len, 0) < 0 || (n = recv(sk, rbuf, sizeof(rbuf), 0)) <= 0 ||
	    !NLMSG_OK(nh, n))
		return -2;
	if (nh->nlmsg_type == NLMSG_ERROR)
		return ((struct nlmsgerr *)NLMSG_DATA(nh))->error ? -2 : 0;
	return nh->nlmsg_type == RTM_NEWNSID ? nsid_of(nh) : -2;
}

/* ---- list ----------------------------------------------------------------- */

static char obuf[65536];
static size_t olen;

static void out(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf)) {
		if (write(1, obuf, olen) < 0)
			_exit(1);
		olen = 0;
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

/* sk: a rtnetlink socket of the netns whose ids are shown */
static int list(int sk)
{
	struct names nm = { 0 };
	int dirfd = open(RUNDIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ids;

	if (dirfd < 0)
		return 0; /* no /run/netns: nothing to list */
	if (read_names(dirfd, &nm) || (ids = count_ids(sk)) < 0)
		return 1;
	for (char *p = nm.buf; p < nm.buf + nm.len; p += strlen(p) + 1) {
		size_t l = strlen(p);
		char tail[32];
		int id = -1;

		if (ids > 0) {
			int fd = openat(dirfd, p, O_RDONLY | O_CLOEXEC);

			if (fd >= 0) {
				id = nsid_call(sk, RTM_GETNSID, fd, -1);
				close(fd);
			}
		}
		out(p, l);
		if (id >= 0)
			out(tail, (size_t)snprintf(tail, sizeof(tail), " (id: %d)", id));
		out("\n", 1);
	}
	close(dirfd);
	free(nm.buf);
	if (olen && write(1, obuf, olen) < 0)
		return 1;
	olen = 0;
	return 0;
}

/* ---- batch ---------------------------------------------------------------- */

static int batch(const char *file)
{
	static char text[1 << 20];
	int fd = open(file, O_RDONLY | O_CLOEXEC), sk = -1, rc = 0;
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return 1;
	while ((n = read(fd, text + len, sizeof(text) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	if (n < 0)
		return 1;
	text[len] = '\0';
	/* The socket first: it stays in this netns while the adds unshare. */
	if (strstr(text, "list") && (sk = rtnl()) < 0)
		return 1;
	for (char *line = text, *next; *line; line = next) {
		char *w1, *w2, *save;

		next = strchr(line, '\n');
		next = next ? (*next = '\0', next + 1) : line + strlen(line);
		w1 = strtok_r(line, " \t", &save);
		w2 = w1 ? strtok_r(NULL, " \t", &save) : NULL;
		if (!w1 || w1[0] == '#')
			continue;
		if (!strcmp(w1, "add") && w2)
			rc |= add(w2);
		else if (!strcmp(w1, "delete") && w2)
			rc |= del(w2);
		else if (!strcmp(w1, "list"))
			rc |= list(sk);
		else
			return 1;
	}
	return rc;
}

/* ---- helpers -------------------------------------------------------------- */

static int each_name(int set_auto)
{
	struct names nm = { 0 };
	int dirfd = open(RUNDIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC), sk = -1, rc = 0;

	if (dirfd < 0 || read_names(dirfd, &nm) || (set_auto && (sk = rtnl()) < 0))
		return 1;
	for (char *p = nm.buf; p < nm.buf + nm.len; p += strlen(p) + 1) {
		if (set_auto) {
			int fd = openat(dirfd, p, O_RDONLY | O_CLOEXEC);

			if (fd < 0 || nsid_call(sk, RTM_NEWNSID, fd, -1) < 0)
				rc = 1;
			if (fd >= 0)
				close(fd);
		} else {
			rc |= del(p);
		}
	}
	return rc;
}

/* ---- link jobs ------------------------------------------------------------ */

#include <linux/if_link.h>
#include <linux/veth.h>
#include <net/if.h>

#define LINK_GROUP 0x786e7301

struct lreq {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[512];
};

static struct nlattr *lput(struct lreq *r, int type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	a->nla_type = (uint16_t)type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void lend(struct lreq *r, struct nlattr *nest)
{
	nest->nla_len = (uint16_t)((char *)r + r->nh.nlmsg_len - (char *)nest);
}

static void lstart(struct lreq *r, int type, int flags, int index)
{
	memset(r, 0, sizeof(*r));
	r->nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	r->nh.nlmsg_type = (uint16_t)type;
	r->nh.nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK | flags);
	r->ifi.ifi_index = index;
}

/* Send and wait for the ack: 0 or 1. */
static int ltalk(int sk, struct lreq *r)
{
	struct nlmsghdr *nh = (struct nlmsghdr *)rbuf;
	ssize_t n;

	if (send(sk, r, r->nh.nlmsg_len, 0) < 0)
		return 1;
	for (;;) {
		n = recv(sk, rbuf, sizeof(rbuf), 0);
		if (n <= 0)
			return 1;
		for (nh = (struct nlmsghdr *)rbuf; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n))
			if (nh->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(nh))->error ? 1 : 0;
	}
}

static int enter(const char *name)
{
	int fd = open(path_of(name), O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return 1;
	rc = setns(fd, CLONE_NEWNET) ? 1 : 0;
	close(fd);
	return rc;
}

/*
 * RTM_NEWLINK veth @name, peer @peer (in the netns of @nsfd when >= 0),
 * one queue each way per end, as xnetns makes them (see its
 * default_queues(): the kernel's spare queues are half the work).
 */
static int veth(int sk, const char *name, const char *peer, int nsfd)
{
	struct lreq r;
	struct nlattr *li, *data, *p;
	struct ifinfomsg pifi = { 0 };
	uint32_t fd = (uint32_t)nsfd, one = 1;

	lstart(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	lput(&r, IFLA_IFNAME, name, strlen(name) + 1);
	lput(&r, IFLA_NUM_TX_QUEUES, &one, 4);
	lput(&r, IFLA_NUM_RX_QUEUES, &one, 4);
	li = lput(&r, IFLA_LINKINFO | NLA_F_NESTED, NULL, 0);
	lput(&r, IFLA_INFO_KIND, "veth", 5);
	data = lput(&r, IFLA_INFO_DATA | NLA_F_NESTED, NULL, 0);
	p = lput(&r, VETH_INFO_PEER | NLA_F_NESTED, &pifi, sizeof(pifi));
	lput(&r, IFLA_IFNAME, peer, strlen(peer) + 1);
	lput(&r, IFLA_NUM_TX_QUEUES, &one, 4);
	lput(&r, IFLA_NUM_RX_QUEUES, &one, 4);
	if (nsfd >= 0)
		lput(&r, IFLA_NET_NS_FD, &fd, 4);
	lend(&r, p);
	lend(&r, data);
	lend(&r, li);
	return ltalk(sk, &r);
}

static int veth_peers(const char *hub, int n)
{
	char name[32], ns[32];
	int sk, rc = 0;

	if (enter(hub) || (sk = rtnl()) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		int fd;

		snprintf(name, sizeof(name), "v%d", i);
		snprintf(ns, sizeof(ns), "p%d", i);
		fd = open(path_of(ns), O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return 1;
		rc |= veth(sk, name, name, fd);
		close(fd);
	}
	return rc;
}

static int veth_add(const char *hub, int n)
{
	char a[32], b[32];
	int sk, rc = 0;

	if (enter(hub) || (sk = rtnl()) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		snprintf(a, sizeof(a), "d%d", i);
		snprintf(b, sizeof(b), "e%d", i);
		rc |= veth(sk, a, b, -1);
	}
	return rc;
}

static int link_add(const char *hub, const char *name)
{
	char peer[32];
	int sk;

	if (enter(hub) || (sk = rtnl()) < 0)
		return 1;
	snprintf(peer, sizeof(peer), "%.12s-p", name);
	return veth(sk, name, peer, -1);
}

static int del_group(int sk)
{
	struct lreq r;
	uint32_t g = LINK_GROUP;

	lstart(&r, RTM_DELLINK, 0, 0);
	lput(&r, IFLA_GROUP, &g, 4);
	return ltalk(sk, &r);
}

static int veth_del_group(const char *hub, int n)
{
	char name[32];
	uint32_t g = LINK_GROUP;
	struct lreq r;
	int sk, rc = 0;

	if (enter(hub) || (sk = rtnl()) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "d%d", i);
		lstart(&r, RTM_NEWLINK, 0, 0);
		lput(&r, IFLA_IFNAME, name, strlen(name) + 1);
		lput(&r, IFLA_GROUP, &g, 4);
		rc |= ltalk(sk, &r);
	}
	return rc | del_group(sk);
}

/* Every link but lo into the group (indexes from one dump), then delete it. */
static int veth_clean(const char *hub)
{
	static int idx[65536];
	struct lreq r;
	uint32_t g = LINK_GROUP;
	int sk, n = 0, done = 0;

	if (enter(hub) || (sk = rtnl()) < 0)
		return 1;
	lstart(&r, RTM_GETLINK, NLM_F_DUMP, 0);
	r.nh.nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	if (send(sk, &r, r.nh.nlmsg_len, 0) < 0)
		return 1;
	while (!done) {
		ssize_t len = recv(sk, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *nh;

		if (len <= 0)
			return 1;
		for (nh = (struct nlmsghdr *)rbuf; NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			struct ifinfomsg *ifi = NLMSG_DATA(nh);

			if (nh->nlmsg_type == NLMSG_DONE || nh->nlmsg_type == NLMSG_ERROR)
				done = 1;
			else if (nh->nlmsg_type == RTM_NEWLINK &&
				 !(ifi->ifi_flags & IFF_LOOPBACK) && n < 65536)
				idx[n++] = ifi->ifi_index;
		}
	}
	if (n == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		lstart(&r, RTM_NEWLINK, 0, idx[i]);
		lput(&r, IFLA_GROUP, &g, 4);
		(void)ltalk(sk, &r); /* a peer deleted meanwhile: fine */
	}
	return del_group(sk);
}

static int link_mode(int argc, char **argv, int *rc)
{
	const char *mode = argv[1];

	if (!strcmp(mode, "veth-peers") && argc == 4)
		*rc = veth_peers(argv[2], atoi(argv[3]));
	else if (!strcmp(mode, "veth-del-group") && argc == 4)
		*rc = veth_del_group(argv[2], atoi(argv[3]));
	else if (!strcmp(mode, "link-add") && argc == 4)
		*rc = link_add(argv[2], argv[3]);
	else if (!strcmp(mode, "veth-add") && argc == 4)
		*rc = veth_add(argv[2], atoi(argv[3]));
	else if (!strcmp(mode, "veth-clean") && argc == 3)
		*rc = veth_clean(argv[2]);
	else
		return 0;
	return 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int rc = 0;

	if (!strcmp(mode, "add") && argc > 2) {
		for (int i = 2; i < argc; i++)
			rc |= add(argv[i]);
	} else if (!strcmp(mode, "delete") && argc > 2) {
		for (int i = 2; i < argc; i++)
			rc |= del(argv[i]);
	} else if (!strcmp(mode, "list") && argc == 2) {
		int sk = rtnl();

		rc = sk < 0 ? 1 : list(sk);
	} else if (!strcmp(mode, "batch") && argc == 3) {
		rc = batch(argv[2]);
	} else if (!strcmp(mode, "set-auto") && argc == 2) {
		rc = each_name(1);
	} else if (!strcmp(mode, "clean") && argc == 2) {
		rc = each_name(0);
	} else if (argc > 1 && link_mode(argc, argv, &rc)) {
		;
	} else {
		fputs("usage: floor-netns add|delete NAME... | list | batch FILE | set-auto | clean\n",
		      stderr);
		return 2;
	}
	return rc;
}
