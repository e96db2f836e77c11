/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnetns-link.c - the wiring half of xnetns: the `ip link / addr / route`
 * subset (same syntax, output, messages and exit statuses as ip: 1 a check
 * of ours, 2 the kernel refused, 255 an invalid argument), `connect` (a
 * veth pair between two namespaces, up and addressed, in one command, all
 * or nothing), and the grouping of consecutive `link del` lines of a batch
 * into one kernel round.
 *
 * Messages go through common/rtnl.c over the one socket of xnetns.c.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/veth.h>

#include "c.h"
#include "json.h"
#include "rtnl.h"
#include "strutils.h"
#include "xalloc.h"

/* The interface between xnetns.c and this file (no tool-private headers). */
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

/* <linux/if.h> has these but clashes with <net/if.h> */
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#define IFF_DORMANT 0x20000
#define IFF_ECHO 0x40000
#endif

#define NETNS_RUN_DIR "/run/netns"
#define EX_KERNEL 2
#define EX_INVARG 255
#define VIS_MAX (4 * 256 + 1)

static struct {
	struct xt_rtnl *rtnl; /* xnetns.c's: one socket for a whole batch */
	bool json, pretty;
	const char *netns; /* -n NS, or NULL */
	int family;	   /* -4, -6, or AF_UNSPEC */
} lk;

void xnetns_link_init(struct xt_rtnl *r, bool json, bool pretty, const char *netns, int family)
{
	lk.rtnl = r;
	lk.json = json;
	lk.pretty = pretty;
	lk.netns = netns;
	lk.family = family;
}

static const char *vis(const char *s)
{
	static char buf[4][VIS_MAX];
	static unsigned int n;

	return xt_visible(s, buf[n++ % 4], sizeof(buf[0]));
}

/* The socket, opened on first use. 0 or EXIT_FAILURE after the message. */
static int ready(void)
{
	int rc;

	if (lk.rtnl->fd >= 0)
		return 0;
	rc = xt_rtnl_open(lk.rtnl);
	if (rc < 0) {
		warnx("Cannot open netlink socket: %s", strerror(-rc));
		return EXIT_FAILURE;
	}
	return 0;
}

/* A kernel refusal as ip prints it: its extended-ack text, else strerror. */
static int kernel_said(const struct xt_rtnl *r, int rc)
{
	size_t n = strlen(r->errmsg);

	if (n)
		warnx("Error: %s%s", r->errmsg, r->errmsg[n - 1] == '.' ? "" : ".");
	else
		warnx("RTNETLINK answers: %s", strerror(-rc));
	return EX_KERNEL;
}

static int invarg(const char *what, const char *arg)
{
	size_t n = strlen(what);

	/* ip's own texts of some of these end in a newline: the blank line too */
	warnx("Error: argument \"%s\" is wrong: %.*s", vis(arg), (int)(n && what[n - 1] == '\n' ? n - 1 : n), what);
	if (n && what[n - 1] == '\n')
		fputc('\n', stderr);
	return EX_INVARG;
}

static int incomplete(void)
{
	warnx("Command line is not complete. Try option \"help\"");
	return EX_INVARG;
}

static int no_dev(int status)
{
	warnx("Not enough information: \"dev\" argument is required.");
	return status;
}

static int no_device(const char *name)
{
	warnx("Cannot find device \"%s\"", vis(name));
	return EXIT_FAILURE;
}

/* ---- arguments ---------------------------------------------------------- */

/*
 * ip's check of a name: not empty, shorter than @size (IFNAMSIZ; 128 where
 * an alternative name is allowed too), no '/' and no blank. The kernel
 * refuses the rest (':', ".").
 */
static bool ifname_fits(const char *s, size_t size)
{
	size_t n = strlen(s);

	if (n == 0 || n >= size)
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ' ' || (*s >= '\t' && *s <= '\r'))
			return false;
	return true;
}

static bool ifname_valid(const char *s)
{
	return ifname_fits(s, IFNAMSIZ);
}

#define ALTIFNAME_SIZE 128

struct inet_prefix {
	uint8_t family, len;
	unsigned char addr[16];
};

static size_t family_bytes(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

/*
 * ADDR or ADDR/LEN, IPv4 or IPv6 (@family AF_UNSPEC: either). No /LEN: a
 * host prefix. 0 or -1.
 */
static int parse_prefix(const char *s, uint8_t family, bool want_len, struct inet_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	uint64_t len;

	if (n >= sizeof(buf) || (slash && !want_len))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if ((family == AF_UNSPEC || family == AF_INET) && inet_pton(AF_INET, buf, p->addr) == 1)
		p->family = AF_INET;
	else if ((family == AF_UNSPEC || family == AF_INET6) && inet_pton(AF_INET6, buf, p->addr) == 1)
		p->family = AF_INET6;
	else
		return -1;
	p->len = p->family == AF_INET ? 32 : 128;
	if (slash) {
		if (xt_strtou64(slash + 1, 0, p->len, &len) < 0)
			return -1;
		p->len = (uint8_t)len;
	}
	return 0;
}

static int bad_prefix(const char *s)
{
	warnx("Error: any valid prefix is expected rather than \"%s\".", vis(s));
	return EXIT_FAILURE;
}

/* aa:bb:cc:dd:ee:ff. The length, or -1. */
static int parse_lladdr(const char *s, unsigned char *out, size_t size)
{
	size_t n = 0;

	while (*s && n < size) {
		char *end;
		unsigned long v;

		if (!((s[0] >= '0' && s[0] <= '9') || (s[0] >= 'a' && s[0] <= 'f') ||
		      (s[0] >= 'A' && s[0] <= 'F')))
			return -1;
		v = strtoul(s, &end, 16);
		if (v > 0xff || end - s > 2)
			return -1;
		out[n++] = (unsigned char)v;
		s = end;
		if (*s == ':')
			s++;
		else if (*s)
			return -1;
		else
			break;
	}
	return *s ? -1 : (int)n;
}

/*
 * A namespace argument: a name under /run/netns (opened: *fd), else a pid
 * (*pid). 0, or EX_INVARG after ip's message.
 */
static int parse_netns(const char *s, int *fd, uint32_t *pid)
{
	char path[PATH_MAX];

	*fd = -1;
	if (xnetns_name_valid(s)) {
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, s);
		*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (*fd >= 0)
			return 0;
	}
	/* any id goes to the kernel, which tells a pid that is none (as ip) */
	if (xt_parse_id(s, pid) == 0)
		return 0;
	return invarg("Invalid \"netns\" value\n", s);
}

static void put_netns(struct nlmsghdr *nlh, int fd, uint32_t pid)
{
	if (fd >= 0)
		xt_nla_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)fd);
	else
		xt_nla_put_u32(nlh, IFLA_NET_NS_PID, pid);
}

/* ---- reading links, addresses, routes ---------------------------------- */

struct link {
	int index, master, peer; /* peer: IFLA_LINK, 0 if none */
	unsigned int flags, mtu, group, txqlen, type;
	int32_t netnsid; /* IFLA_LINK_NETNSID (may be -1: not assigned) */
	bool has_link, has_netnsid;
	uint8_t operstate, linkmode;
	char name[IFNAMSIZ], qdisc[32], kind[32];
	unsigned char addr[32], brd[32];
	size_t addrlen, brdlen;
};

struct links {
	struct link *v;
	size_t n;
};

static int take_link(const struct nlmsghdr *nlh, void *data)
{
	struct links *l = data;
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);
	struct link *k;

	if (nlh->nlmsg_type != RTM_NEWLINK || xt_nla_parse(nlh, sizeof(*ifi), tb, IFLA_MAX) || !tb[IFLA_IFNAME])
		return 0;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	k = &l->v[l->n++];
	memset(k, 0, sizeof(*k));
	k->index = ifi->ifi_index;
	k->flags = ifi->ifi_flags;
	k->type = ifi->ifi_type;
	xt_nla_get_str(tb[IFLA_IFNAME], k->name, sizeof(k->name));
	xt_nla_get_str(tb[IFLA_QDISC], k->qdisc, sizeof(k->qdisc));
	k->mtu = tb[IFLA_MTU] ? xt_nla_get_u32(tb[IFLA_MTU]) : 0;
	k->master = tb[IFLA_MASTER] ? (int)xt_nla_get_u32(tb[IFLA_MASTER]) : 0;
	k->peer = tb[IFLA_LINK] ? (int)xt_nla_get_u32(tb[IFLA_LINK]) : 0;
	k->group = tb[IFLA_GROUP] ? xt_nla_get_u32(tb[IFLA_GROUP]) : 0;
	k->txqlen = tb[IFLA_TXQLEN] ? xt_nla_get_u32(tb[IFLA_TXQLEN]) : 0;
	k->has_link = tb[IFLA_LINK] != NULL;
	k->has_netnsid = tb[IFLA_LINK_NETNSID] != NULL;
	k->netnsid = k->has_netnsid ? xt_nla_get_s32(tb[IFLA_LINK_NETNSID]) : -1;
	k->operstate = tb[IFLA_OPERSTATE] ? xt_nla_get_u8(tb[IFLA_OPERSTATE]) : 0;
	k->linkmode = tb[IFLA_LINKMODE] ? xt_nla_get_u8(tb[IFLA_LINKMODE]) : 0;
	k->addrlen = xt_nla_get_bytes(tb[IFLA_ADDRESS], k->addr, sizeof(k->addr));
	k->brdlen = xt_nla_get_bytes(tb[IFLA_BROADCAST], k->brd, sizeof(k->brd));
	if (tb[IFLA_LINKINFO]) {
		const struct nlattr *li[IFLA_INFO_MAX + 1];

		xt_nla_parse_nested(tb[IFLA_LINKINFO], li, IFLA_INFO_MAX);
		xt_nla_get_str(li[IFLA_INFO_KIND], k->kind, sizeof(k->kind));
	}
	return 0;
}

/* Every link of this namespace (RTM_GETLINK dump). 0 or -errno. */
static int dump_links(struct xt_rtnl *r, struct links *l)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));

	l->v = NULL;
	l->n = 0;
	xt_rtnl_link_req(buf, RTM_GETLINK, NLM_F_DUMP, 0);
	/* no statistics: only what we print */
	xt_nla_put_u32((struct nlmsghdr *)buf, IFLA_EXT_MASK, 0);
	return xt_rtnl_talk(r, (struct nlmsghdr *)buf, take_link, l);
}

static const struct link *find_index(const struct links *l, int index)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].index == index)
			return &l->v[i];
	return NULL;
}

static const struct link *find_name(const struct links *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

static int take_nsid(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NETNSA_MAX + 1];

	if (nlh->nlmsg_type == RTM_NEWNSID && !xt_nla_parse(nlh, sizeof(struct rtgenmsg), tb, NETNSA_MAX) &&
	    tb[NETNSA_NSID])
		*(int32_t *)data = xt_nla_get_s32(tb[NETNSA_NSID]);
	return 0;
}

/*
 * The ids of the names under /run/netns as seen from here, asked once per
 * show when a link first needs one (a hub with 200 peers elsewhere asks
 * each name once, not once per link).
 */
static struct {
	struct nsid_name {
		int32_t id;
		char *name;
	} *v;
	size_t n;
	bool read;
} nsmap;

static void forget_nsids(void)
{
	for (size_t i = 0; i < nsmap.n; i++)
		free(nsmap.v[i].name);
	free(nsmap.v);
	memset(&nsmap, 0, sizeof(nsmap));
}

static void read_nsids(void)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct dirent *d;
	DIR *dir;

	nsmap.read = true;
	dir = opendir(NETNS_RUN_DIR);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		struct rtgenmsg *g;
		int32_t id = -1;
		int fd;

		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		fd = openat(dirfd(dir), d->d_name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			continue;
		g = xt_nlmsg_init(buf, RTM_GETNSID, 0, sizeof(*g));
		g->rtgen_family = AF_UNSPEC;
		xt_nla_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
		(void)xt_rtnl_talk(lk.rtnl, nlh, take_nsid, &id);
		close(fd);
		if (id < 0)
			continue;
		nsmap.v = xreallocarray(nsmap.v, nsmap.n + 1, sizeof(*nsmap.v));
		nsmap.v[nsmap.n].id = id;
		nsmap.v[nsmap.n++].name = xstrdup(d->d_name);
	}
	closedir(dir);
}

/* The name under /run/netns of the namespace with id @nsid, or NULL. */
static const char *nsid_name(int32_t nsid)
{
	if (!nsmap.read)
		read_nsids();
	for (size_t i = 0; i < nsmap.n; i++)
		if (nsmap.v[i].id == nsid)
			return nsmap.v[i].name;
	return NULL;
}

/* ---- printing, in ip's text and JSON layouts ----------------------------- */

static const struct {
	unsigned int bit;
	const char *name;
} flag_names[] = {
	{ IFF_LOOPBACK, "LOOPBACK" },	{ IFF_BROADCAST, "BROADCAST" }, { IFF_POINTOPOINT, "POINTOPOINT" },
	{ IFF_MULTICAST, "MULTICAST" }, { IFF_NOARP, "NOARP" },		{ IFF_ALLMULTI, "ALLMULTI" },
	{ IFF_PROMISC, "PROMISC" },	{ IFF_MASTER, "MASTER" },	{ IFF_SLAVE, "SLAVE" },
	{ IFF_DEBUG, "DEBUG" },		{ IFF_DYNAMIC, "DYNAMIC" },	{ IFF_AUTOMEDIA, "AUTOMEDIA" },
	{ IFF_PORTSEL, "PORTSEL" },	{ IFF_NOTRAILERS, "NOTRAILERS" }, { IFF_UP, "UP" },
	{ IFF_LOWER_UP, "LOWER_UP" },	{ IFF_DORMANT, "DORMANT" },	{ IFF_ECHO, "ECHO" },
};

static const char *const operstates[] = { "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
					  "TESTING", "DORMANT", "UP" };

static void print_hw(FILE *out, const unsigned char *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%02x", i ? ":" : "", a[i]);
}

static void json_hw(struct xt_json *j, const char *key, const unsigned char *a, size_t n)
{
	char s[3 * 32 + 1];
	size_t k = 0;

	s[0] = '\0';
	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(s + k, sizeof(s) - k, "%s%02x", i ? ":" : "", a[i]);
	xt_json_kv_string(j, key, s);
}

static const char *link_type(unsigned int type, char *buf, size_t size)
{
	switch (type) {
	case ARPHRD_ETHER:
		return "ether";
	case ARPHRD_LOOPBACK:
		return "loopback";
	case ARPHRD_NONE:
		return "none";
	default:
		snprintf(buf, size, "[%u]", type);
		return buf;
	}
}

/* ip's M-DOWN: the link this one sits on (a veth's peer here) is down. */
static bool master_down(const struct links *all, const struct link *k)
{
	const struct link *m = k->peer && !k->has_netnsid ? find_index(all, k->peer) : NULL;

	return m && !(m->flags & IFF_UP);
}

/* One link, as `ip link show` (@mode: the "mode ..." field; addr show has none). */
static void print_link_text(const struct links *all, const struct link *k, bool mode)
{
	const struct link *peer = k->peer && !k->has_netnsid ? find_index(all, k->peer) : NULL;
	const struct link *m = k->master ? find_index(all, k->master) : NULL;
	char tbuf[16];
	bool first = true;

	printf("%d: %s", k->index, k->name);
	if (k->has_link) {
		if (!k->peer)
			fputs("@NONE", stdout);
		else if (peer)
			printf("@%s", peer->name);
		else
			printf("@if%d", k->peer);
	}
	fputs(": <", stdout);
	if ((k->flags & IFF_UP) && !(k->flags & IFF_RUNNING)) {
		fputs("NO-CARRIER", stdout);
		first = false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++) {
		if (k->flags & flag_names[i].bit) {
			printf("%s%s", first ? "" : ",", flag_names[i].name);
			first = false;
		}
	}
	if (master_down(all, k))
		printf("%sM-DOWN", first ? "" : ",");
	printf("> mtu %u qdisc %s ", k->mtu, k->qdisc[0] ? k->qdisc : "noop");
	if (m)
		printf("master %s ", m->name);
	printf("state %s ", k->operstate < ARRAY_SIZE(operstates) ? operstates[k->operstate] : "UNKNOWN");
	if (mode)
		printf("mode %s ", k->linkmode ? "DORMANT" : "DEFAULT");
	if (k->group)
		printf("group %u ", k->group);
	else
		fputs("group default ", stdout);
	printf("qlen %u\n", k->txqlen);
	printf("    link/%s ", link_type(k->type, tbuf, sizeof(tbuf)));
	if (k->addrlen) {
		print_hw(stdout, k->addr, k->addrlen);
		if (k->brdlen) {
			fputs(" brd ", stdout);
			print_hw(stdout, k->brd, k->brdlen);
		}
	}
	if (k->has_netnsid) {
		const char *ns = k->netnsid >= 0 ? nsid_name(k->netnsid) : NULL;

		if (ns)
			printf(" link-netns %s", vis(ns));
		else if (k->netnsid >= 0)
			printf(" link-netnsid %d", k->netnsid);
		else
			fputs(" link-netnsid unknown", stdout);
	}
	putchar('\n');
}

/* The members of a link's JSON object (ip's keys, in ip's order). */
static void print_link_json(struct xt_json *j, const struct links *all, const struct link *k, bool mode)
{
	const struct link *peer = k->peer && !k->has_netnsid ? find_index(all, k->peer) : NULL;
	const struct link *m = k->master ? find_index(all, k->master) : NULL;
	char tbuf[16];

	xt_json_kv_int(j, "ifindex", k->index);
	if (k->has_link) {
		if (peer)
			xt_json_kv_string(j, "link", peer->name);
		else
			xt_json_kv_int(j, "link_index", k->peer);
	}
	xt_json_kv_string(j, "ifname", k->name);
	xt_json_key(j, "flags");
	xt_json_start_array(j);
	if ((k->flags & IFF_UP) && !(k->flags & IFF_RUNNING))
		xt_json_string(j, "NO-CARRIER");
	for (size_t i = 0; i < ARRAY_SIZE(flag_names); i++)
		if (k->flags & flag_names[i].bit)
			xt_json_string(j, flag_names[i].name);
	if (master_down(all, k))
		xt_json_string(j, "M-DOWN");
	xt_json_end_array(j);
	xt_json_kv_uint(j, "mtu", k->mtu);
	xt_json_kv_string(j, "qdisc", k->qdisc[0] ? k->qdisc : "noop");
	if (m)
		xt_json_kv_string(j, "master", m->name);
	xt_json_kv_string(j, "operstate",
			  k->operstate < ARRAY_SIZE(operstates) ? operstates[k->operstate] : "UNKNOWN");
	if (mode)
		xt_json_kv_string(j, "linkmode", k->linkmode ? "DORMANT" : "DEFAULT");
	if (k->group)
		xt_json_kv_uint(j, "group", k->group);
	else
		xt_json_kv_string(j, "group", "default");
	xt_json_kv_uint(j, "txqlen", k->txqlen);
	xt_json_kv_string(j, "link_type", link_type(k->type, tbuf, sizeof(tbuf)));
	if (k->addrlen) {
		json_hw(j, "address", k->addr, k->addrlen);
		if (k->brdlen)
			json_hw(j, "broadcast", k->brd, k->brdlen);
	}
	if (k->has_netnsid)
		xt_json_kv_int(j, "link_netnsid", k->netnsid);
}

struct addr {
	int index;
	uint8_t family, prefixlen, scope;
	uint32_t flags;
	unsigned char local[16], address[16], brd[16];
	bool has_local, has_address, has_brd;
	char label[IFNAMSIZ];
	uint32_t valid, preferred;
};

struct addrs {
	struct addr *v;
	size_t n;
};

static int take_addr(const struct nlmsghdr *nlh, void *data)
{
	struct addrs *l = data;
	const struct nlattr *tb[IFA_MAX + 1];
	const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
	const struct ifa_cacheinfo *ci;
	const void *p;
	size_t n;
	struct addr *a;

	if (nlh->nlmsg_type != RTM_NEWADDR || xt_nla_parse(nlh, sizeof(*ifa), tb, IFA_MAX))
		return 0;
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	n = family_bytes(ifa->ifa_family);
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	a = &l->v[l->n++];
	memset(a, 0, sizeof(*a));
	a->index = (int)ifa->ifa_index;
	a->family = ifa->ifa_family;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	a->flags = tb[IFA_FLAGS] ? xt_nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	if ((p = xt_nla_get_payload(tb[IFA_LOCAL], n)))
		memcpy(a->local, p, n), a->has_local = true;
	if ((p = xt_nla_get_payload(tb[IFA_ADDRESS], n)))
		memcpy(a->address, p, n), a->has_address = true;
	if ((p = xt_nla_get_payload(tb[IFA_BROADCAST], n)))
		memcpy(a->brd, p, n), a->has_brd = true;
	xt_nla_get_str(tb[IFA_LABEL], a->label, sizeof(a->label));
	a->valid = a->preferred = UINT32_MAX;
	if ((ci = xt_nla_get_payload(tb[IFA_CACHEINFO], sizeof(*ci)))) {
		a->valid = ci->ifa_valid;
		a->preferred = ci->ifa_prefered;
	}
	return 0;
}

static const char *scope_name(uint8_t scope, char *buf, size_t size)
{
	switch (scope) {
	case RT_SCOPE_UNIVERSE:
		return "global";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	default:
		snprintf(buf, size, "%u", scope);
		return buf;
	}
}

/* The address flags ip names, in its order (permanent: see addr_flags). */
static const struct {
	uint32_t bit;
	const char *name;
} ifa_flag_names[] = {
	{ IFA_F_SECONDARY, "secondary" }, { IFA_F_NODAD, "nodad" },		{ IFA_F_OPTIMISTIC, "optimistic" },
	{ IFA_F_DADFAILED, "dadfailed" }, { IFA_F_HOMEADDRESS, "home" },	{ IFA_F_DEPRECATED, "deprecated" },
	{ IFA_F_TENTATIVE, "tentative" }, { IFA_F_MANAGETEMPADDR, "mngtmpaddr" }, { IFA_F_NOPREFIXROUTE, "noprefixroute" },
	{ IFA_F_MCAUTOJOIN, "autojoin" },
};

/* IFA_F_SECONDARY is IFA_F_TEMPORARY for IPv6, and ip says so. */
static const char *flag_word(const struct addr *a, size_t i)
{
	if (ifa_flag_names[i].bit == IFA_F_SECONDARY && a->family == AF_INET6)
		return "temporary";
	return ifa_flag_names[i].name;
}

static void print_lft(const char *what, uint32_t v)
{
	if (v == UINT32_MAX)
		printf("%s forever", what);
	else
		printf("%s %usec", what, v);
}

static void print_addr_text(const struct addr *a)
{
	char s[INET6_ADDRSTRLEN], sb[8];

	inet_ntop(a->family, a->has_local ? a->local : a->address, s, sizeof(s));
	printf("    %s %s", a->family == AF_INET ? "inet" : "inet6", s);
	if (a->has_local && a->has_address && memcmp(a->local, a->address, family_bytes(a->family))) {
		inet_ntop(a->family, a->address, s, sizeof(s));
		printf(" peer %s", s);
	}
	printf("/%u ", a->prefixlen);
	if (a->has_brd) {
		inet_ntop(a->family, a->brd, s, sizeof(s));
		printf("brd %s ", s);
	}
	printf("scope %s ", scope_name(a->scope, sb, sizeof(sb)));
	if (!(a->flags & IFA_F_PERMANENT))
		fputs("dynamic ", stdout);
	for (size_t i = 0; i < ARRAY_SIZE(ifa_flag_names); i++)
		if (a->flags & ifa_flag_names[i].bit)
			printf("%s ", flag_word(a, i));
	if (a->family == AF_INET && a->label[0])
		fputs(a->label, stdout);
	putchar('\n');
	fputs("       ", stdout);
	print_lft("valid_lft", a->valid);
	putchar(' ');
	print_lft("preferred_lft", a->preferred);
	putchar('\n');
}

static void print_addr_json(struct xt_json *j, const struct addr *a)
{
	char s[INET6_ADDRSTRLEN], sb[8];

	xt_json_start_object(j);
	xt_json_kv_string(j, "family", a->family == AF_INET ? "inet" : "inet6");
	inet_ntop(a->family, a->has_local ? a->local : a->address, s, sizeof(s));
	xt_json_kv_string(j, "local", s);
	if (a->has_local && a->has_address && memcmp(a->local, a->address, family_bytes(a->family))) {
		inet_ntop(a->family, a->address, s, sizeof(s));
		xt_json_kv_string(j, "address", s);
	}
	xt_json_kv_uint(j, "prefixlen", a->prefixlen);
	if (a->has_brd) {
		inet_ntop(a->family, a->brd, s, sizeof(s));
		xt_json_kv_string(j, "broadcast", s);
	}
	xt_json_kv_string(j, "scope", scope_name(a->scope, sb, sizeof(sb)));
	if (!(a->flags & IFA_F_PERMANENT)) {
		xt_json_key(j, "dynamic");
		xt_json_bool(j, true);
	}
	for (size_t i = 0; i < ARRAY_SIZE(ifa_flag_names); i++) {
		if (a->flags & ifa_flag_names[i].bit) {
			xt_json_key(j, flag_word(a, i));
			xt_json_bool(j, true);
		}
	}
	if (a->family == AF_INET && a->label[0])
		xt_json_kv_string(j, "label", a->label);
	xt_json_kv_uint(j, "valid_life_time", a->valid);
	xt_json_kv_uint(j, "preferred_life_time", a->preferred);
	xt_json_end_object(j);
}

/*
 * link show / addr show: every link (or the one called @dev) of this
 * namespace, with its addresses when @addrs.
 */
static int show_links(const char *dev, bool addrs)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct links l = { 0 };
	struct addrs a = { 0 };
	const struct link *only = NULL;
	struct xt_json j;
	int rc;

	if ((rc = ready()))
		return rc;
	rc = dump_links(lk.rtnl, &l);
	if (rc == 0 && addrs) {
		xt_rtnl_addr_req(buf, RTM_GETADDR, NLM_F_DUMP, AF_UNSPEC, 0, 0);
		rc = xt_rtnl_talk(lk.rtnl, (struct nlmsghdr *)buf, take_addr, &a);
	}
	if (rc < 0) {
		rc = kernel_said(lk.rtnl, rc);
		goto out;
	}
	if (dev && !(only = find_name(&l, dev))) {
		warnx("Device \"%s\" does not exist.", vis(dev));
		rc = EXIT_FAILURE;
		goto out;
	}
	if (lk.json) {
		xt_json_init(&j, stdout, lk.pretty);
		xt_json_start_array(&j);
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct link *k = &l.v[i];

		if (only && k != only)
			continue;
		if (lk.json) {
			xt_json_start_object(&j);
			print_link_json(&j, &l, k, !addrs);
			if (addrs) {
				xt_json_key(&j, "addr_info");
				xt_json_start_array(&j);
				for (size_t n = 0; n < a.n; n++)
					if (a.v[n].index == k->index)
						print_addr_json(&j, &a.v[n]);
				xt_json_end_array(&j);
			}
			xt_json_end_object(&j);
			continue;
		}
		print_link_text(&l, k, !addrs);
		for (size_t n = 0; addrs && n < a.n; n++)
			if (a.v[n].index == k->index)
				print_addr_text(&a.v[n]);
	}
	if (lk.json) {
		xt_json_end_array(&j);
		putchar('\n');
	}
	rc = 0;
out:
	forget_nsids(); /* names and ids may change before the next show (a batch) */
	free(l.v);
	free(a.v);
	return rc;
}

/* ---- link --------------------------------------------------------------- */

/* Attributes of one end of a link: name, mtu, address, namespace. */
struct end_opts {
	const char *name;
	uint32_t mtu;
	bool has_mtu;
	unsigned char mac[32];
	int maclen;
	int nsfd;
	uint32_t nspid;
	bool has_ns;
	uint32_t txq, rxq; /* numtxqueues, numrxqueues */
	bool has_txq, has_rxq;
};

static void close_end(struct end_opts *e)
{
	if (e->nsfd >= 0)
		close(e->nsfd);
	e->nsfd = -1;
}

/*
 * One keyword of an end (mtu, address, netns) at argv[*i]: 1 when it was
 * one (taken), 0 when not, or an exit status + 1000 after the message.
 */
#define PARSED_ERR 1000
static int parse_end_word(int argc, char **argv, int *i, struct end_opts *e)
{
	const char *w = argv[*i];
	uint64_t v;
	int rc;

	if (strcmp(w, "mtu") != 0 && strcmp(w, "address") != 0 && strcmp(w, "netns") != 0 &&
	    strcmp(w, "numtxqueues") != 0 && strcmp(w, "numrxqueues") != 0)
		return 0;
	if (*i + 1 >= argc)
		return PARSED_ERR + incomplete();
	w = argv[++*i];
	if (strcmp(argv[*i - 1], "numtxqueues") == 0 || strcmp(argv[*i - 1], "numrxqueues") == 0) {
		bool tx = argv[*i - 1][3] == 't';

		if (xt_strtou64(w, 0, UINT32_MAX, &v) < 0)
			return PARSED_ERR + invarg(tx ? "Invalid \"numtxqueues\" value\n"
						      : "Invalid \"numrxqueues\" value\n", w);
		*(tx ? &e->txq : &e->rxq) = (uint32_t)v;
		*(tx ? &e->has_txq : &e->has_rxq) = true;
	} else if (strcmp(argv[*i - 1], "mtu") == 0) {
		if (xt_strtou64(w, 0, UINT32_MAX, &v) < 0)
			return PARSED_ERR + invarg("Invalid \"mtu\" value\n", w);
		e->mtu = (uint32_t)v;
		e->has_mtu = true;
	} else if (strcmp(argv[*i - 1], "address") == 0) {
		e->maclen = parse_lladdr(w, e->mac, sizeof(e->mac));
		if (e->maclen <= 0) {
			warnx("\"%s\" is invalid lladdr.", vis(w));
			return PARSED_ERR + EXIT_FAILURE;
		}
	} else {
		close_end(e);
		if ((rc = parse_netns(w, &e->nsfd, &e->nspid)))
			return PARSED_ERR + rc;
		e->has_ns = true;
	}
	return 1;
}

static void put_end(struct nlmsghdr *nlh, const struct end_opts *e)
{
	if (e->name)
		xt_nla_put_str(nlh, IFLA_IFNAME, e->name);
	if (e->has_mtu)
		xt_nla_put_u32(nlh, IFLA_MTU, e->mtu);
	if (e->maclen > 0)
		xt_nla_put(nlh, IFLA_ADDRESS, e->mac, (size_t)e->maclen);
	if (e->has_ns)
		put_netns(nlh, e->nsfd, e->nspid);
	if (e->has_txq)
		xt_nla_put_u32(nlh, IFLA_NUM_TX_QUEUES, e->txq);
	if (e->has_rxq)
		xt_nla_put_u32(nlh, IFLA_NUM_RX_QUEUES, e->rxq);
}

/*
 * A veth end without numtxqueues/numrxqueues gets one queue each way. The
 * kernel's default is one queue per possible CPU, of which veth then uses
 * one (it cuts the active queues to 1 right after registering them): the
 * spare ones only cost, about half of making a pair (sysfs objects made
 * and removed again). They serve only `ethtool -L` later; the man page
 * says so, and `numtxqueues N numrxqueues N` asks for them as with ip.
 */
static void default_queues(struct end_opts *e)
{
	if (!e->has_txq)
		e->txq = 1, e->has_txq = true;
	if (!e->has_rxq)
		e->rxq = 1, e->has_rxq = true;
}

/*
 * RTM_NEWLINK for a new link of @kind; a veth's peer attributes go inside
 * VETH_INFO_PEER, whose payload starts with a struct ifinfomsg of its own.
 */
static void build_newlink(void *buf, const struct end_opts *me_in, const char *kind,
			  const struct end_opts *peer_in)
{
	struct end_opts me = *me_in, peer = peer_in ? *peer_in : me;
	struct nlmsghdr *nlh = buf;
	struct ifinfomsg pifi = { .ifi_family = AF_UNSPEC };
	struct nlattr *li, *data, *p;

	if (strcmp(kind, "veth") == 0) {
		default_queues(&me);
		default_queues(&peer);
	}
	xt_rtnl_link_req(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	put_end(nlh, &me);
	li = xt_nla_nest_start(nlh, IFLA_LINKINFO);
	xt_nla_put_str(nlh, IFLA_INFO_KIND, kind);
	if (peer_in) {
		data = xt_nla_nest_start(nlh, IFLA_INFO_DATA);
		p = xt_nla_nest_start_hdr(nlh, VETH_INFO_PEER, &pifi, sizeof(pifi));
		put_end(nlh, &peer);
		xt_nla_nest_end(nlh, p);
		xt_nla_nest_end(nlh, data);
	}
	xt_nla_nest_end(nlh, li);
}

/* link add [name] NAME [mtu N] [address MAC] [netns NS] type KIND [peer [name] P [...]] */
static int link_add(int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct end_opts me = { .nsfd = -1 }, peer = { .nsfd = -1 };
	const char *kind = NULL;
	bool has_peer = false;
	int i, rc = 0;

	for (i = 0; i < argc && !kind; i++) {
		if ((rc = parse_end_word(argc, argv, &i, &me)) >= PARSED_ERR)
			goto out;
		if (rc)
			continue;
		if (strcmp(argv[i], "type") == 0) {
			if (i + 1 >= argc) {
				rc = PARSED_ERR + incomplete();
				goto out;
			}
			kind = argv[++i];
		} else if (strcmp(argv[i], "name") == 0 || strcmp(argv[i], "dev") == 0) {
			if (i + 1 >= argc) {
				rc = PARSED_ERR + incomplete();
				goto out;
			}
			me.name = argv[++i];
		} else if (!me.name) {
			me.name = argv[i];
		} else {
			warnx("Error: either \"dev\" is duplicate, or \"%s\" is a garbage.", vis(argv[i]));
			rc = PARSED_ERR + EX_INVARG;
			goto out;
		}
	}
	rc = 0;
	if (!kind) {
		warnx("Not enough information: \"type\" argument is required");
		rc = PARSED_ERR + EXIT_FAILURE;
		goto out;
	}
	/* the type's own arguments: a veth's peer */
	if (i < argc && strcmp(kind, "veth") == 0 && strcmp(argv[i], "peer") == 0) {
		has_peer = true;
		for (i++; i < argc; i++) {
			if ((rc = parse_end_word(argc, argv, &i, &peer)) >= PARSED_ERR)
				goto out;
			if (rc)
				continue;
			if (strcmp(argv[i], "name") == 0) {
				if (i + 1 >= argc) {
					rc = PARSED_ERR + incomplete();
					goto out;
				}
				peer.name = argv[++i];
			} else if (!peer.name) {
				peer.name = argv[i];
			} else {
				break;
			}
		}
		rc = 0;
	}
	if (i < argc) {
		warnx("Error: unknown argument \"%s\" for type %s.", vis(argv[i]), vis(kind));
		rc = PARSED_ERR + EX_INVARG;
		goto out;
	}
	/* no name: the kernel picks one, as with ip */
	if (me.name && !ifname_fits(me.name, ALTIFNAME_SIZE)) {
		rc = invarg("\"dev\" not a valid ifname", me.name);
		goto out;
	}
	if (peer.name && !ifname_valid(peer.name)) {
		rc = invarg("\"name\" not a valid ifname", peer.name);
		goto out;
	}
	if ((rc = ready()))
		goto out;
	build_newlink(buf, &me, kind, has_peer || strcmp(kind, "veth") == 0 ? &peer : NULL);
	rc = xt_rtnl_talk(lk.rtnl, (struct nlmsghdr *)buf, NULL, NULL);
	rc = rc < 0 ? kernel_said(lk.rtnl, rc) : 0;
out:
	close_end(&me);
	close_end(&peer);
	return rc >= PARSED_ERR ? rc - PARSED_ERR : rc;
}

/* The device argument of del/set: DEV or `dev DEV`. */
static int take_dev(int argc, char **argv, int *i, const char **dev)
{
	if (strcmp(argv[*i], "dev") == 0) {
		if (*i + 1 >= argc)
			return incomplete();
		++*i;
	}
	if (*dev) {
		warnx("Error: either \"dev\" is duplicate, or \"%s\" is a garbage.", vis(argv[*i]));
		return EX_INVARG;
	}
	*dev = argv[*i];
	return 0;
}

/* Delete @dev by name: one request (the kernel looks the name up). */
static int delete_dev(const char *dev)
{
	int rc = xt_rtnl_link_del(lk.rtnl, 0, dev);

	if (rc == -ENODEV)
		return no_device(dev);
	return rc < 0 ? kernel_said(lk.rtnl, rc) : 0;
}

static int link_del(int argc, char **argv)
{
	const char *dev = NULL;
	int rc;

	for (int i = 0; i < argc; i++)
		if ((rc = take_dev(argc, argv, &i, &dev)))
			return rc;
	if (!dev)
		return no_dev(EX_INVARG);
	if ((rc = ready()))
		return rc;
	return delete_dev(dev);
}

/* link set DEV { up | down | netns NS | master BR | nomaster | name NEW | mtu N | address MAC }... */
static int link_set(int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct end_opts e = { .nsfd = -1 };
	const char *dev = NULL, *master = NULL, *newname = NULL;
	unsigned int flags = 0, change = 0;
	bool nomaster = false;
	struct ifinfomsg *ifi;
	int rc = 0, index, mindex = 0;

	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];

		if ((rc = parse_end_word(argc, argv, &i, &e)) >= PARSED_ERR) {
			rc -= PARSED_ERR;
			goto out;
		}
		if (rc)
			continue;
		if (strcmp(w, "up") == 0 || strcmp(w, "down") == 0) {
			change |= IFF_UP;
			flags = strcmp(w, "up") == 0 ? flags | IFF_UP : flags & ~IFF_UP;
		} else if (strcmp(w, "nomaster") == 0) {
			nomaster = true;
		} else if (strcmp(w, "master") == 0 || strcmp(w, "name") == 0) {
			if (i + 1 >= argc) {
				rc = incomplete();
				goto out;
			}
			if (strcmp(w, "master") == 0)
				master = argv[++i];
			else
				newname = argv[++i];
		} else if ((rc = take_dev(argc, argv, &i, &dev))) {
			goto out;
		}
	}
	rc = 0;
	if (!dev) {
		rc = no_dev(EX_INVARG);
		goto out;
	}
	if (newname && !ifname_valid(newname)) {
		rc = invarg("\"name\" not a valid ifname", newname);
		goto out;
	}
	if ((rc = ready()))
		goto out;
	index = xt_rtnl_link_index(lk.rtnl, dev);
	if (index == -ENODEV) {
		rc = no_device(dev);
		goto out;
	}
	if (master && (mindex = xt_rtnl_link_index(lk.rtnl, master)) == -ENODEV) {
		rc = invarg("Device does not exist\n", master);
		goto out;
	}
	if (index < 0 || mindex < 0) {
		rc = kernel_said(lk.rtnl, index < 0 ? index : mindex);
		goto out;
	}
	/* one request: the kernel applies the namespace first, then the rest */
	ifi = xt_rtnl_link_req(buf, RTM_NEWLINK, 0, index);
	ifi->ifi_flags = flags;
	ifi->ifi_change = change;
	e.name = newname;
	put_end(nlh, &e);
	if (master || nomaster)
		xt_nla_put_u32(nlh, IFLA_MASTER, (uint32_t)mindex);
	rc = xt_rtnl_talk(lk.rtnl, nlh, NULL, NULL);
	rc = rc < 0 ? kernel_said(lk.rtnl, rc) : 0;
out:
	close_end(&e);
	return rc;
}

static int link_show(int argc, char **argv)
{
	const char *dev = NULL;
	int rc;

	for (int i = 0; i < argc; i++)
		if ((rc = take_dev(argc, argv, &i, &dev)))
			return rc;
	return show_links(dev, false);
}

/* ---- addr --------------------------------------------------------------- */

/* addr { add | del } CIDR dev DEV [nodad] */
static int addr_change(uint16_t type, int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	const char *dev = NULL, *cidr = NULL;
	struct inet_prefix p;
	struct ifaddrmsg *ifa;
	uint32_t flags = 0;
	int rc, index;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "dev") == 0) {
			if (i + 1 >= argc)
				return incomplete();
			dev = argv[++i];
		} else if (strcmp(argv[i], "nodad") == 0) {
			flags |= IFA_F_NODAD;
		} else if (strcmp(argv[i], "local") == 0 && i + 1 < argc && !cidr) {
			cidr = argv[++i];
		} else if (!cidr) {
			cidr = argv[i];
		} else {
			warnx("Error: either \"local\" is duplicate, or \"%s\" is a garbage.", vis(argv[i]));
			return EX_INVARG;
		}
	}
	if (cidr && parse_prefix(cidr, AF_UNSPEC, true, &p) < 0)
		return bad_prefix(cidr);
	if (!dev)
		return no_dev(EXIT_FAILURE);
	if (!cidr) {
		warnx("Not enough information: \"local\" argument is required.");
		return EXIT_FAILURE;
	}
	if ((rc = ready()))
		return rc;
	index = xt_rtnl_link_index(lk.rtnl, dev);
	if (index == -ENODEV)
		return no_device(dev);
	if (index < 0)
		return kernel_said(lk.rtnl, index);
	ifa = xt_rtnl_addr_req(buf, type, type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0, p.family, p.len,
			       index);
	/* ip's scope: host for 127/8, else global */
	if (p.family == AF_INET && p.addr[0] == 127)
		ifa->ifa_scope = RT_SCOPE_HOST;
	ifa->ifa_flags = (uint8_t)flags;
	xt_nla_put(nlh, IFA_LOCAL, p.addr, family_bytes(p.family));
	xt_nla_put(nlh, IFA_ADDRESS, p.addr, family_bytes(p.family));
	if (flags)
		xt_nla_put_u32(nlh, IFA_FLAGS, flags);
	rc = xt_rtnl_talk(lk.rtnl, nlh, NULL, NULL);
	return rc < 0 ? kernel_said(lk.rtnl, rc) : 0;
}

static int addr_add(int argc, char **argv)
{
	return addr_change(RTM_NEWADDR, argc, argv);
}

static int addr_del(int argc, char **argv)
{
	return addr_change(RTM_DELADDR, argc, argv);
}

static int addr_show(int argc, char **argv)
{
	const char *dev = NULL;
	int rc;

	for (int i = 0; i < argc; i++)
		if ((rc = take_dev(argc, argv, &i, &dev)))
			return rc;
	return show_links(dev, true);
}

/* ---- route -------------------------------------------------------------- */

static int bad_address(uint8_t family, const char *s)
{
	warnx("Error: %s address is expected rather than \"%s\".",
	      family == AF_INET ? "inet" : family == AF_INET6 ? "inet6" : "any valid", vis(s));
	return EXIT_FAILURE;
}

/* route { add | del } { PREFIX | default } [via ADDR] [dev DEV] */
static int route_change(uint16_t type, int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	const char *dst = NULL, *via = NULL, *dev = NULL;
	struct inet_prefix pd = { 0 }, pg = { 0 };
	bool is_default = false;
	struct rtmsg *rtm;
	int rc, index = 0;

	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (strcmp(w, "via") == 0 || strcmp(w, "dev") == 0 || strcmp(w, "to") == 0) {
			if (i + 1 >= argc)
				return incomplete();
			if (strcmp(w, "via") == 0)
				via = argv[++i];
			else if (strcmp(w, "dev") == 0)
				dev = argv[++i];
			else
				dst = argv[++i];
		} else if (!dst) {
			dst = w;
		} else {
			warnx("Error: either \"to\" is duplicate, or \"%s\" is a garbage.", vis(w));
			return EX_INVARG;
		}
	}
	if (!dst) {
		warnx("Not enough information: \"to\" argument is required.");
		return EXIT_FAILURE;
	}
	if (strcmp(dst, "default") == 0 || strcmp(dst, "all") == 0 || strcmp(dst, "any") == 0)
		is_default = true;
	else if (parse_prefix(dst, AF_UNSPEC, true, &pd) < 0)
		return bad_prefix(dst);
	if (via && parse_prefix(via, is_default ? AF_UNSPEC : pd.family, false, &pg) < 0)
		return bad_address(is_default ? AF_UNSPEC : pd.family, via);
	if (is_default)
		pd.family = via ? pg.family : AF_INET, pd.len = 0;
	if ((rc = ready()))
		return rc;
	if (dev) {
		index = xt_rtnl_link_index(lk.rtnl, dev);
		if (index == -ENODEV)
			return no_device(dev);
		if (index < 0)
			return kernel_said(lk.rtnl, index);
	}
	rtm = xt_rtnl_route_req(buf, type, type == RTM_NEWROUTE ? NLM_F_CREATE | NLM_F_EXCL : 0, pd.family, pd.len);
	/* ip's scope: a route without a gateway reaches its hosts directly */
	if (type == RTM_NEWROUTE && !via)
		rtm->rtm_scope = RT_SCOPE_LINK;
	if (!is_default)
		xt_nla_put(nlh, RTA_DST, pd.addr, family_bytes(pd.family));
	if (via)
		xt_nla_put(nlh, RTA_GATEWAY, pg.addr, family_bytes(pg.family));
	if (index)
		xt_nla_put_u32(nlh, RTA_OIF, (uint32_t)index);
	rc = xt_rtnl_talk(lk.rtnl, nlh, NULL, NULL);
	return rc < 0 ? kernel_said(lk.rtnl, rc) : 0;
}

static int route_add(int argc, char **argv)
{
	return route_change(RTM_NEWROUTE, argc, argv);
}

static int route_del(int argc, char **argv)
{
	return route_change(RTM_DELROUTE, argc, argv);
}

struct route_show {
	struct links links;
	struct xt_json j;
	uint8_t family; /* AF_INET, or AF_INET6 with -6 */
};

/* An IPv6 route's router preference (RFC 4191), in ip's words. */
static const char *pref_name(uint8_t pref, char *buf, size_t size)
{
	switch (pref) {
	case 0x3: /* ICMPV6_ROUTER_PREF_LOW */
		return "low";
	case 0x0: /* ICMPV6_ROUTER_PREF_MEDIUM */
		return "medium";
	case 0x1: /* ICMPV6_ROUTER_PREF_HIGH */
		return "high";
	}
	snprintf(buf, size, "%u", pref);
	return buf;
}

/* Seconds until an IPv6 route expires (its cacheinfo, in USER_HZ), or 0. */
static unsigned int route_expires(const struct nlattr *ci)
{
	const struct rta_cacheinfo *c = xt_nla_get_payload(ci, sizeof(*c));

	return c ? c->rta_expires / 100 : 0;
}

static const char *proto_name(uint8_t p, char *buf, size_t size)
{
	switch (p) {
	case RTPROT_REDIRECT:
		return "redirect";
	case RTPROT_KERNEL:
		return "kernel";
	case RTPROT_BOOT:
		return "boot";
	case RTPROT_STATIC:
		return "static";
	case RTPROT_RA:
		return "ra";
	case RTPROT_DHCP:
		return "dhcp";
	default:
		snprintf(buf, size, "%u", p);
		return buf;
	}
}

static const char *const route_types[] = {
	"none", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit",
	"throw", "nat", "xresolve",
};

static int print_route(const struct nlmsghdr *nlh, void *data)
{
	struct route_show *rs = data;
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	const struct link *dev = NULL;
	char dst[INET6_ADDRSTRLEN + 8], s[INET6_ADDRSTRLEN], pb[8], sb[8];
	unsigned int table;
	bool linkdown = false;

	if (nlh->nlmsg_type != RTM_NEWROUTE || xt_nla_parse(nlh, sizeof(*rtm), tb, RTA_MAX))
		return 0;
	table = tb[RTA_TABLE] ? xt_nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	if (table != RT_TABLE_MAIN || (rtm->rtm_flags & RTM_F_CLONED) || rtm->rtm_family != rs->family)
		return 0;
	if (tb[RTA_DST]) {
		inet_ntop(rtm->rtm_family, xt_nla_data(tb[RTA_DST]), s, sizeof(s));
		if (rtm->rtm_dst_len == family_bytes(rtm->rtm_family) * 8)
			snprintf(dst, sizeof(dst), "%s", s);
		else
			snprintf(dst, sizeof(dst), "%s/%u", s, rtm->rtm_dst_len);
	} else {
		snprintf(dst, sizeof(dst), "%s", rtm->rtm_dst_len ? "0/0" : "default");
	}
	if (tb[RTA_OIF])
		dev = find_index(&rs->links, (int)xt_nla_get_u32(tb[RTA_OIF]));
	linkdown = rtm->rtm_flags & RTNH_F_LINKDOWN;
	if (lk.json) {
		xt_json_start_object(&rs->j);
		if (rtm->rtm_type != RTN_UNICAST && rtm->rtm_type < ARRAY_SIZE(route_types))
			xt_json_kv_string(&rs->j, "type", route_types[rtm->rtm_type]);
		xt_json_kv_string(&rs->j, "dst", dst);
		if (tb[RTA_GATEWAY]) {
			inet_ntop(rtm->rtm_family, xt_nla_data(tb[RTA_GATEWAY]), s, sizeof(s));
			xt_json_kv_string(&rs->j, "gateway", s);
		}
		if (dev)
			xt_json_kv_string(&rs->j, "dev", dev->name);
		if (rtm->rtm_protocol != RTPROT_BOOT)
			xt_json_kv_string(&rs->j, "protocol", proto_name(rtm->rtm_protocol, pb, sizeof(pb)));
		if (rtm->rtm_scope != RT_SCOPE_UNIVERSE)
			xt_json_kv_string(&rs->j, "scope", scope_name(rtm->rtm_scope, sb, sizeof(sb)));
		if (tb[RTA_PREFSRC]) {
			inet_ntop(rtm->rtm_family, xt_nla_data(tb[RTA_PREFSRC]), s, sizeof(s));
			xt_json_kv_string(&rs->j, "prefsrc", s);
		}
		if (tb[RTA_PRIORITY])
			xt_json_kv_uint(&rs->j, "metric", xt_nla_get_u32(tb[RTA_PRIORITY]));
		xt_json_key(&rs->j, "flags");
		xt_json_start_array(&rs->j);
		if (rtm->rtm_flags & RTNH_F_ONLINK)
			xt_json_string(&rs->j, "onlink");
		if (linkdown)
			xt_json_string(&rs->j, "linkdown");
		xt_json_end_array(&rs->j);
		if (route_expires(tb[RTA_CACHEINFO]))
			xt_json_kv_uint(&rs->j, "expires", route_expires(tb[RTA_CACHEINFO]));
		if (tb[RTA_PREF])
			xt_json_kv_string(&rs->j, "pref", pref_name(xt_nla_get_u8(tb[RTA_PREF]), pb, sizeof(pb)));
		xt_json_end_object(&rs->j);
		return 0;
	}
	if (rtm->rtm_type != RTN_UNICAST && rtm->rtm_type < ARRAY_SIZE(route_types))
		printf("%s ", route_types[rtm->rtm_type]);
	printf("%s ", dst);
	if (tb[RTA_GATEWAY]) {
		inet_ntop(rtm->rtm_family, xt_nla_data(tb[RTA_GATEWAY]), s, sizeof(s));
		printf("via %s ", s);
	}
	if (dev)
		printf("dev %s ", dev->name);
	if (rtm->rtm_protocol != RTPROT_BOOT)
		printf("proto %s ", proto_name(rtm->rtm_protocol, pb, sizeof(pb)));
	if (rtm->rtm_scope != RT_SCOPE_UNIVERSE)
		printf("scope %s ", scope_name(rtm->rtm_scope, sb, sizeof(sb)));
	if (tb[RTA_PREFSRC]) {
		inet_ntop(rtm->rtm_family, xt_nla_data(tb[RTA_PREFSRC]), s, sizeof(s));
		printf("src %s ", s);
	}
	if (tb[RTA_PRIORITY])
		printf("metric %u ", xt_nla_get_u32(tb[RTA_PRIORITY]));
	if (rtm->rtm_flags & RTNH_F_ONLINK)
		fputs("onlink ", stdout);
	if (linkdown)
		fputs("linkdown ", stdout);
	if (route_expires(tb[RTA_CACHEINFO]))
		printf("expires %usec ", route_expires(tb[RTA_CACHEINFO]));
	/* ip ends an IPv6 line with its preference, and no blank after it */
	if (tb[RTA_PREF])
		printf("pref %s", pref_name(xt_nla_get_u8(tb[RTA_PREF]), pb, sizeof(pb)));
	putchar('\n');
	return 0;
}

/* route show: the IPv4 (-6: IPv6) routes of the main table, as `ip [-6] route show`. */
static int route_show(int argc, char **argv XT_UNUSED)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct route_show rs = { 0 };
	int rc;

	if (argc > 0) {
		warnx("Error: unknown argument \"%s\".", vis(argv[0]));
		return EX_INVARG;
	}
	if ((rc = ready()))
		return rc;
	rc = dump_links(lk.rtnl, &rs.links);
	if (lk.json) {
		xt_json_init(&rs.j, stdout, lk.pretty);
		xt_json_start_array(&rs.j);
	}
	rs.family = lk.family == AF_INET6 ? AF_INET6 : AF_INET;
	if (rc == 0) {
		xt_rtnl_route_req(buf, RTM_GETROUTE, NLM_F_DUMP, rs.family, 0);
		((struct rtmsg *)NLMSG_DATA((struct nlmsghdr *)buf))->rtm_table = 0;
		rc = xt_rtnl_talk(lk.rtnl, (struct nlmsghdr *)buf, print_route, &rs);
	}
	if (lk.json) {
		xt_json_end_array(&rs.j);
		putchar('\n');
	}
	free(rs.links.v);
	return rc < 0 ? kernel_said(lk.rtnl, rc) : 0;
}

/* ---- connect ------------------------------------------------------------ */

/*
 * One side of a connect: the namespace ("-": the current one), a socket
 * in it, the interface made there and its address.
 */
struct side {
	const char *ns;
	int nsfd;
	struct xt_rtnl sock, *r;
	char ifname[IFNAMSIZ];
	struct inet_prefix addr;
	bool has_addr;
	int index;
	unsigned int lo_flags;
	int lo_index;
};

static int take_flags(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);

	if (nlh->nlmsg_type == RTM_NEWLINK)
		*(unsigned int *)data = ifi->ifi_flags;
	return 0;
}

/* A socket in @s's namespace: made after a setns there and back. 0 or -errno. */
static int open_side(struct side *s, int home)
{
	int rc;

	if (s->nsfd < 0) {
		s->r = lk.rtnl;
		return 0;
	}
	/* Nobody in that namespace may read our memory meanwhile. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (setns(s->nsfd, CLONE_NEWNET) < 0)
		return -errno;
	rc = xt_rtnl_open(&s->sock);
	if (setns(home, CLONE_NEWNET) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0)
		return rc;
	s->r = &s->sock;
	return 0;
}

static void usage_connect(void)
{
	warnx("Usage: %s connect NS1 NS2 [ADDR1/PLEN ADDR2/PLEN] [--name IF1:IF2]",
	      program_invocation_short_name);
}

/* The default name of the end in one namespace: veth-OTHER ("-": host or -n's). */
/*
 * A name for an end of connect: a valid name and no kernel template ("%d"):
 * connect finds and, after a failure, removes its links by these names.
 */
static bool connect_ifname_valid(const char *s)
{
	return ifname_valid(s) && !strchr(s, '%');
}

static int default_ifname(char *buf, const char *other)
{
	const char *o = strcmp(other, "-") != 0 ? other : lk.netns ? lk.netns : "host";

	if ((size_t)snprintf(buf, IFNAMSIZ, "veth-%s", o) >= IFNAMSIZ || !connect_ifname_valid(buf)) {
		warnx("cannot derive an interface name from \"%s\": use --name IF1:IF2", vis(o));
		return EXIT_FAILURE;
	}
	return 0;
}

/* Steps after the pair exists, on one side: address, up. 0 or -errno. */
static int finish_side(struct side *s, const char **step)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	int rc;

	*step = "find";
	s->index = xt_rtnl_link_index(s->r, s->ifname);
	if (s->index < 0)
		return s->index;
	if (s->has_addr) {
		struct ifaddrmsg *ifa;

		*step = "address";
		ifa = xt_rtnl_addr_req(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, s->addr.family, s->addr.len,
				       s->index);
		xt_nla_put(nlh, IFA_LOCAL, s->addr.addr, family_bytes(s->addr.family));
		xt_nla_put(nlh, IFA_ADDRESS, s->addr.addr, family_bytes(s->addr.family));
		/*
		 * The pair is new and its two ends are all there is on this
		 * link (the addresses differ: checked first), so duplicate
		 * address detection can find nothing: an IPv6 address is
		 * usable when connect returns instead of seconds later.
		 */
		if (s->addr.family == AF_INET6) {
			ifa->ifa_flags = IFA_F_NODAD;
			xt_nla_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
		}
		if ((rc = xt_rtnl_talk(s->r, nlh, NULL, NULL)) < 0)
			return rc;
	}
	*step = "up";
	return xt_rtnl_link_change(s->r, s->index, IFF_UP, IFF_UP);
}

/* lo's flags and index in @s's namespace. 0 or -errno. */
static int read_lo(struct side *s)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	s->lo_index = xt_rtnl_link_index(s->r, "lo");
	if (s->lo_index < 0)
		return s->lo_index;
	xt_rtnl_link_req(buf, RTM_GETLINK, 0, s->lo_index);
	return xt_rtnl_talk(s->r, nlh, take_flags, &s->lo_flags);
}

/*
 * connect NS1 NS2 [A1/P A2/P] [--name IF1:IF2]: a veth pair with one end
 * in each namespace, both ends and both lo up, addressed ("-" for a
 * namespace: the current one; for an address: none). The pair is made
 * in place by one request (the first end's namespace outside, the peer's
 * inside VETH_INFO_PEER), so no end ever sits in the wrong namespace; after
 * any later failure the pair is deleted and lo put back as it was.
 */
int xnetns_connect(int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct side s[2] = { { .nsfd = -1, .sock = { .fd = -1 } }, { .nsfd = -1, .sock = { .fd = -1 } } };
	struct end_opts e[2] = { { .nsfd = -1 }, { .nsfd = -1 } };
	const char *names = NULL, *pos[4], *step = "";
	int npos = 0, home = -1, rc, k, i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0) {
			if (i + 1 >= argc) {
				usage_connect();
				return EXIT_FAILURE;
			}
			names = argv[++i];
		} else if (strncmp(argv[i], "--name=", 7) == 0) {
			names = argv[i] + 7;
		} else if (npos < 4) {
			pos[npos++] = argv[i];
		} else {
			usage_connect();
			return EXIT_FAILURE;
		}
	}
	if (npos != 2 && npos != 4) {
		usage_connect();
		return EXIT_FAILURE;
	}
	for (k = 0; k < 2; k++) {
		s[k].ns = pos[k];
		/* "-" for an address: that end gets none (a bridge port) */
		if (npos == 4 && strcmp(pos[2 + k], "-") != 0) {
			if (parse_prefix(pos[2 + k], AF_UNSPEC, true, &s[k].addr) < 0)
				return bad_prefix(pos[2 + k]);
			s[k].has_addr = true;
		}
	}
	if (s[0].has_addr && s[1].has_addr && s[0].addr.family == s[1].addr.family &&
	    memcmp(s[0].addr.addr, s[1].addr.addr, family_bytes(s[0].addr.family)) == 0) {
		warnx("both ends would have the address %s", vis(pos[2]));
		return EXIT_FAILURE;
	}
	if (names) {
		const char *colon = strchr(names, ':');

		if (!colon || (size_t)(colon - names) >= IFNAMSIZ) {
			warnx("--name wants IF1:IF2, not \"%s\"", vis(names));
			return EXIT_FAILURE;
		}
		memcpy(s[0].ifname, names, (size_t)(colon - names));
		s[0].ifname[colon - names] = '\0';
		if (strlcpy(s[1].ifname, colon + 1, IFNAMSIZ) >= IFNAMSIZ)
			s[1].ifname[0] = '\0';
		for (k = 0; k < 2; k++) {
			if (!connect_ifname_valid(s[k].ifname)) {
				warnx("--name: \"%s\" is not a valid interface name%s", vis(names),
				      strchr(s[k].ifname, '%') ? " (no templates: connect needs fixed names)" : "");
				return EXIT_FAILURE;
			}
		}
	} else if (default_ifname(s[0].ifname, s[1].ns) || default_ifname(s[1].ifname, s[0].ns)) {
		return EXIT_FAILURE;
	}
	if (strcmp(s[0].ns, s[1].ns) == 0 && strcmp(s[0].ifname, s[1].ifname) == 0) {
		warnx("both ends would be called \"%s\" in one namespace: use --name IF1:IF2", vis(s[0].ifname));
		return EXIT_FAILURE;
	}
	/* prepare: both namespaces and a socket in each */
	for (k = 0; k < 2; k++) {
		char path[PATH_MAX];

		if (strcmp(s[k].ns, "-") == 0)
			continue;
		if (!*s[k].ns || strcmp(s[k].ns, ".") == 0 || strcmp(s[k].ns, "..") == 0 || strchr(s[k].ns, '/') ||
		    strlen(s[k].ns) > NAME_MAX) {
			warnx("Invalid netns name \"%s\"", vis(s[k].ns));
			rc = EX_INVARG;
			goto out;
		}
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, s[k].ns);
		s[k].nsfd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (s[k].nsfd < 0) {
			warn("Cannot open network namespace \"%s\"", vis(s[k].ns));
			rc = EX_INVARG;
			goto out;
		}
	}
	if ((rc = ready()))
		goto out;
	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		warn("cannot open /proc/self/ns/net");
		rc = EXIT_FAILURE;
		goto out;
	}
	for (k = 0; k < 2; k++) {
		if ((rc = open_side(&s[k], home)) < 0) {
			errno = -rc;
			warn("setting the network namespace \"%s\" failed", vis(s[k].ns));
			rc = EX_INVARG;
			goto out;
		}
		if ((rc = read_lo(&s[k])) < 0) {
			rc = kernel_said(s[k].r, rc);
			goto out;
		}
	}
	/* act: the pair, in place */
	for (k = 0; k < 2; k++) {
		e[k].name = s[k].ifname;
		e[k].has_ns = s[k].nsfd >= 0;
		e[k].nsfd = s[k].nsfd; /* borrowed: closed with s[] */
	}
	build_newlink(buf, &e[0], "veth", &e[1]);
	rc = xt_rtnl_talk(lk.rtnl, (struct nlmsghdr *)buf, NULL, NULL);
	if (rc < 0) {
		rc = kernel_said(lk.rtnl, rc);
		goto out;
	}
	for (k = 0; k < 2; k++) {
		if ((rc = finish_side(&s[k], &step)) < 0)
			goto undo;
	}
	for (k = 0; k < 2; k++) {
		step = "lo";
		if (!(s[k].lo_flags & IFF_UP) && (rc = xt_rtnl_link_change(s[k].r, s[k].lo_index, IFF_UP, IFF_UP)) < 0)
			goto undo;
	}
	rc = 0;
	goto out;
undo:
	{
		char ifn[IFNAMSIZ + 2];
		int status;

		snprintf(ifn, sizeof(ifn), "%s", s[k].ifname);
		if (strcmp(step, "address") == 0)
			warnx("cannot add %s to %s in %s:", vis(pos[2 + k]), vis(ifn), vis(s[k].ns));
		else
			warnx("cannot bring %s up in %s:", vis(strcmp(step, "lo") == 0 ? "lo" : ifn), vis(s[k].ns));
		status = kernel_said(s[k].r, rc);
		/* deleting one end deletes both, wherever the other is */
		(void)xt_rtnl_link_del(s[0].r, 0, s[0].ifname);
		for (int n = 0; n < k && strcmp(step, "lo") == 0; n++)
			if (!(s[n].lo_flags & IFF_UP))
				(void)xt_rtnl_link_change(s[n].r, s[n].lo_index, 0, IFF_UP);
		rc = status;
	}
out:
	for (k = 0; k < 2; k++) {
		if (s[k].r == &s[k].sock)
			xt_rtnl_close(&s[k].sock);
		if (s[k].nsfd >= 0)
			close(s[k].nsfd);
	}
	if (home >= 0)
		close(home);
	return rc;
}

/* ---- batch: consecutive `link del` lines in one kernel round ------------ */

/*
 * Each RTM_DELLINK waits for an RCU grace period (~16 ms); a group of links
 * deleted by one RTM_DELLINK waits once. So the `link del` lines of a run
 * are queued, then at its end: one dump resolves every name (in line order,
 * with ip's verdicts: a missing device, or one that an earlier line's veth
 * takes with it, is `Cannot find device`), the links move into a scratch
 * group no link here uses (no wait), and one request deletes the group.
 * Should that fail (a link that cannot be deleted, such as lo), each is
 * deleted on its own, back in its old group when that fails too, so that
 * every line gets its own verdict.
 */
struct del_line {
	char *dev;
	unsigned long lineno;
	int err;	   /* 0, -ENODEV (ours), or the kernel's -errno */
	char msg[256];	   /* the kernel's extended-ack text */
	const struct link *k;
	bool chosen;
};

static struct {
	struct del_line *v;
	size_t n;
} dq;

bool xnetns_link_del_line(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[0], "link") != 0 ||
	    (strcmp(argv[1], "del") != 0 && strcmp(argv[1], "delete") != 0))
		return false;
	return argc == 3 ? strcmp(argv[2], "dev") != 0 : argc == 4 && strcmp(argv[2], "dev") == 0;
}

void xnetns_link_del_queue(int argc, char **argv, unsigned long lineno)
{
	dq.v = xreallocarray(dq.v, dq.n + 1, sizeof(*dq.v));
	memset(&dq.v[dq.n], 0, sizeof(dq.v[0]));
	dq.v[dq.n].dev = xstrdup(argv[argc - 1]);
	dq.v[dq.n].lineno = lineno;
	dq.n++;
}

#define GROUP_CHUNK 128
#define GROUP_REQ_SIZE NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct ifinfomsg)) + NLA_HDRLEN + 4)

struct group_acks {
	struct del_line **lines;
	uint32_t first_seq;
};

static int take_group_ack(const struct nlmsghdr *nlh, void *data)
{
	struct group_acks *g = data;
	struct del_line *d = g->lines[nlh->nlmsg_seq - g->first_seq];
	int e = nlh->nlmsg_type == NLMSG_ERROR ? xt_nlmsg_error(nlh) : 0;

	if (e < 0 && d) {
		d->err = e;
		xt_nlmsg_extack(nlh, d->msg, sizeof(d->msg));
	}
	return 0;
}

/*
 * Put the links of @lines (those chosen, or all when @all) into @group
 * (@restore: each back into its own). Failures land in each line.
 */
static int set_groups(struct del_line **lines, size_t n, uint32_t group, bool restore)
{
	static char buf[GROUP_CHUNK * GROUP_REQ_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct del_line *chunk[GROUP_CHUNK];
	struct group_acks g = { .lines = chunk };
	size_t i = 0;
	int rc = 0;

	while (i < n && rc == 0) {
		size_t len = 0;
		unsigned int count = 0;

		for (; i < n && count < GROUP_CHUNK; i++) {
			struct nlmsghdr *nlh = (struct nlmsghdr *)(buf + len);

			xt_rtnl_link_req(nlh, RTM_NEWLINK, NLM_F_ACK, lines[i]->k->index);
			xt_nla_put_u32(nlh, IFLA_GROUP, restore ? lines[i]->k->group : group);
			len += NLMSG_ALIGN(nlh->nlmsg_len);
			chunk[count++] = lines[i];
		}
		g.first_seq = lk.rtnl->seq + 1;
		rc = xt_rtnl_talk_many(lk.rtnl, buf, len, count, take_group_ack, &g);
	}
	return rc;
}

/* A group number no link of @l is in. */
static uint32_t scratch_group(const struct links *l)
{
	uint32_t g = 0x786e7300; /* "xns" */
	bool used = true;

	while (used) {
		used = false;
		for (size_t i = 0; i < l->n && !used; i++)
			used = l->v[i].group == g;
		if (used)
			g++;
	}
	return g;
}

/* Would an earlier chosen line's veth take @k with it? */
static bool taken_by_peer(size_t upto, const struct link *k)
{
	for (size_t i = 0; i < upto; i++) {
		const struct link *c = dq.v[i].chosen ? dq.v[i].k : NULL;

		if (c && (c == k || (!c->has_netnsid && c->peer == k->index) ||
			  (!k->has_netnsid && k->peer == c->index)))
			return true;
	}
	return false;
}

static void del_group(bool force)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct links l = { 0 };
	struct del_line **chosen = xreallocarray(NULL, dq.n, sizeof(*chosen));
	size_t nc = 0, stop = dq.n;
	uint32_t group;
	int rc;

	if ((rc = dump_links(lk.rtnl, &l)) < 0) {
		for (size_t i = 0; i < dq.n; i++) {
			dq.v[i].err = rc;
			snprintf(dq.v[i].msg, sizeof(dq.v[i].msg), "%s", lk.rtnl->errmsg);
		}
		goto out;
	}
	for (size_t i = 0; i < dq.n && i < stop; i++) {
		const struct link *k = find_name(&l, dq.v[i].dev);

		if (!k || taken_by_peer(i, k)) {
			dq.v[i].err = -ENODEV;
			if (!force)
				stop = i; /* ip stops here: later lines never run */
			continue;
		}
		dq.v[i].k = k;
		dq.v[i].chosen = true;
		chosen[nc++] = &dq.v[i];
	}
	group = scratch_group(&l);
	rc = set_groups(chosen, nc, group, false);
	/* without -f, a line the kernel refused ends the batch there too */
	for (size_t i = 0; i < nc; i++) {
		if (chosen[i]->err && !force && (size_t)(chosen[i] - dq.v) < stop)
			stop = (size_t)(chosen[i] - dq.v);
	}
	{
		struct del_line **back = xreallocarray(NULL, nc ? nc : 1, sizeof(*back));
		size_t nb = 0, keep = 0;

		for (size_t i = 0; i < nc; i++) {
			if (chosen[i]->err)
				continue;
			if ((size_t)(chosen[i] - dq.v) > stop)
				back[nb++] = chosen[i];
			else
				chosen[keep++] = chosen[i];
		}
		if (nb)
			(void)set_groups(back, nb, 0, true);
		for (size_t i = 0; i < nb; i++)
			back[i]->err = 0;
		free(back);
		nc = keep;
	}
	if (rc < 0 || nc == 0)
		goto out;
	xt_rtnl_link_req(buf, RTM_DELLINK, 0, 0);
	xt_nla_put_u32((struct nlmsghdr *)buf, IFLA_GROUP, group);
	if (xt_rtnl_talk(lk.rtnl, (struct nlmsghdr *)buf, NULL, NULL) == 0)
		goto out;
	/* one of them cannot go: each on its own, for its own verdict */
	for (size_t i = 0; i < nc; i++) {
		struct del_line *d = chosen[i];

		if ((size_t)(d - dq.v) > stop)
			break;
		rc = xt_rtnl_link_del(lk.rtnl, d->k->index, NULL);
		if (rc < 0) {
			d->err = rc;
			snprintf(d->msg, sizeof(d->msg), "%s", lk.rtnl->errmsg);
			(void)set_groups(&chosen[i], 1, 0, true);
			if (!force)
				stop = (size_t)(d - dq.v);
		}
	}
out:
	free(chosen);
	free(l.v);
}

int xnetns_link_del_flush(const char *file, bool force)
{
	int failed = 0;

	if (dq.n == 0)
		return 0;
	if (ready()) {
		for (size_t i = 0; i < dq.n; i++)
			dq.v[i].err = -EBADF;
	} else if (dq.n == 1) {
		int rc = xt_rtnl_link_del(lk.rtnl, 0, dq.v[0].dev);

		dq.v[0].err = rc;
		snprintf(dq.v[0].msg, sizeof(dq.v[0].msg), "%s", lk.rtnl->errmsg);
	} else {
		del_group(force);
	}
	/* the verdicts, in line order; without -f only up to the first failure */
	for (size_t i = 0; i < dq.n; i++) {
		struct del_line *d = &dq.v[i];

		if (d->err && (!failed || force)) {
			if (d->err == -ENODEV) {
				no_device(d->dev);
			} else {
				struct xt_rtnl r = { .fd = -1 };

				snprintf(r.errmsg, sizeof(r.errmsg), "%s", d->msg);
				kernel_said(&r, d->err);
			}
			warnx("Command failed %s:%lu", file, d->lineno);
			failed = 1;
		}
		free(d->dev);
	}
	free(dq.v);
	dq.v = NULL;
	dq.n = 0;
	return failed;
}

/* ---- dispatch ----------------------------------------------------------- */

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static int link_help(int argc, char **argv);
static int addr_help(int argc, char **argv);
static int route_help(int argc, char **argv);

static const struct subcommand link_cmds[] = {
	{ "add", link_add },   { "del", link_del },   { "delete", link_del }, { "set", link_set },
	{ "show", link_show }, { "list", link_show }, { "help", link_help },
};
static const struct subcommand addr_cmds[] = {
	{ "add", addr_add },   { "del", addr_del },   { "delete", addr_del }, { "show", addr_show },
	{ "list", addr_show }, { "help", addr_help },
};
static const struct subcommand route_cmds[] = {
	{ "add", route_add },	{ "del", route_del },	{ "delete", route_del }, { "show", route_show },
	{ "list", route_show }, { "help", route_help },
};

static int link_help(int argc XT_UNUSED, char **argv XT_UNUSED)
{
	const char *p = program_invocation_short_name;

	printf("Usage: %s link add NAME type veth peer name PEER [netns NS|PID]\n", p);
	printf("       %s link add NAME type bridge\n", p);
	printf("       %s link del DEV\n", p);
	printf("       %s link set DEV { up | down | netns NS|PID | master BR | nomaster |\n", p);
	printf("                       name NEW | mtu N | address MAC }...\n");
	printf("       %s link show [DEV]\n", p);
	return 0;
}

static int addr_help(int argc XT_UNUSED, char **argv XT_UNUSED)
{
	const char *p = program_invocation_short_name;

	printf("Usage: %s addr { add | del } ADDR/PLEN dev DEV [nodad]\n", p);
	printf("       %s addr show [dev DEV]\n", p);
	return 0;
}

static int route_help(int argc XT_UNUSED, char **argv XT_UNUSED)
{
	const char *p = program_invocation_short_name;

	printf("Usage: %s route { add | del } { PREFIX | default } [via ADDR] [dev DEV]\n", p);
	printf("       %s route show\n", p);
	return 0;
}

static int dispatch(const char *object, const struct subcommand *t, size_t n, int (*dflt)(int, char **),
		    int argc, char **argv)
{
	if (argc == 0)
		return dflt(0, argv);
	for (size_t i = 0; i < n; i++)
		if (strcmp(argv[0], t[i].name) == 0)
			return t[i].fn(argc - 1, argv + 1);
	warnx("Command \"%s\" is unknown, try \"%s %s help\".", vis(argv[0]), program_invocation_short_name,
	      object);
	return EX_INVARG;
}

int xnetns_link(int argc, char **argv)
{
	return dispatch("link", link_cmds, ARRAY_SIZE(link_cmds), link_show, argc, argv);
}

int xnetns_addr(int argc, char **argv)
{
	return dispatch("addr", addr_cmds, ARRAY_SIZE(addr_cmds), addr_show, argc, argv);
}

int xnetns_route(int argc, char **argv)
{
	return dispatch("route", route_cmds, ARRAY_SIZE(route_cmds), route_show, argc, argv);
}
