/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * link.c - link add (veth, bridge, ...), del, set, show: ip's syntax,
 * messages and statuses.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/veth.h>

#include "c.h"
#include "strutils.h"
#include "xnetns.h"

/*
 * ip's check of a name: not empty, shorter than @size (IFNAMSIZ; 128 where
 * an alternative name is allowed too), no '/' and no blank. The kernel
 * refuses the rest (':', ".").
 */
bool ifname_fits(const char *s, size_t size)
{
	size_t n = strlen(s);

	if (n == 0 || n >= size)
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ' ' || (*s >= '\t' && *s <= '\r'))
			return false;
	return true;
}

bool ifname_valid(const char *s)
{
	return ifname_fits(s, IFNAMSIZ);
}

/*
 * A hardware address as ip reads it: with a dot, an IPv4 address (4
 * bytes); else bytes split by ':', each hex digits (0x allowed) up to ff.
 * Stricter than ip's sscanf: no blank, no sign, no trailing garbage. The
 * length, or -1 after ip's message, which names the bad part (the whole
 * word for the dotted form), with @out left alone.
 */
int parse_lladdr(const char *s, unsigned char *out, size_t size)
{
	unsigned char a[32];
	char part[64];
	size_t n = 0;

	if (strchr(s, '.')) {
		if (size < 4 || parse_inet(s, out) < 0) {
			warnx("\"%s\" is invalid lladdr.", vis(s));
			return -1;
		}
		return 4;
	}
	if (size > sizeof(a))
		size = sizeof(a);
	for (;;) {
		size_t len = strcspn(s, ":");
		const char *d;
		long v;

		snprintf(part, sizeof(part), "%.*s", (int)len, s);
		if (len >= sizeof(part)) { /* cut short, it would read as another value */
			warnx("\"%s\" is invalid lladdr.", vis(part));
			return -1;
		}
		d = part[0] == '0' && (part[1] == 'x' || part[1] == 'X') ? part + 2 : part;
		if (!*d || strspn(d, "0123456789abcdefABCDEF") != strlen(d)) {
			warnx("\"%s\" is invalid lladdr.", vis(part));
			return -1;
		}
		d += strspn(d, "0"); /* leading zeros: the value, not the width, counts */
		v = *d ? strtol(d, NULL, 16) : 0;
		if (strlen(d) > 2) {
			warnx("\"%s\" is invalid lladdr.", vis(part));
			return -1;
		}
		a[n++] = (unsigned char)v;
		if (!s[len] || n == size) {
			memcpy(out, a, n); /* a refused word leaves @out alone */
			return (int)n;
		}
		s += len + 1;
	}
}

/*
 * A namespace argument: a name under /run/netns (opened: *fd), else a pid
 * written as in C, as large as an int, as ip reads it (a negative one goes
 * to the kernel, which says there is no such process). 0, or EX_INVARG
 * after ip's message.
 */
static int parse_netns(const char *s, int *fd, uint32_t *pid)
{
	int64_t v;

	*fd = -1;
	if (xnetns_name_valid(s)) {
		*fd = open_name(s);
		if (*fd >= 0)
			return 0;
	}
	if (xt_strtos64_c(s, INT_MIN, INT_MAX, &v) == 0) {
		*pid = (uint32_t)(int32_t)v;
		return 0;
	}
	return invarg("Invalid \"netns\" value\n", s);
}

static void put_netns(struct nlmsghdr *nlh, int fd, uint32_t pid)
{
	if (fd >= 0)
		xt_nla_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)fd);
	else
		xt_nla_put_u32(nlh, IFLA_NET_NS_PID, pid);
}

static void close_end(struct end_opts *e)
{
	if (e->nsfd >= 0)
		close(e->nsfd);
	e->nsfd = -1;
}

/* ip's abbreviations: @w is a non-empty beginning of @word. */
static bool abbrev(const char *w, const char *word)
{
	return *w && strncmp(w, word, strlen(w)) == 0;
}

static int duplicate(const char *key, const char *arg)
{
	warnx("Error: duplicate \"%s\": \"%s\" is the second value.", key, vis(arg));
	return EX_INVARG;
}

/* A number as ip's get_integer() reads it: written as in C, an int. */
static int int_word(const char *w, const char *what, uint32_t *out)
{
	int64_t v;

	if (xt_strtos64_c(w, INT_MIN, INT_MAX, &v) < 0)
		return invarg(what, w);
	*out = (uint32_t)(int32_t)v;
	return 0;
}

/*
 * The words of one end, from argv[*i], as ip reads them: in order, each
 * checked when read (so of two errors the first is told), a duplicate
 * refused, up to `type KIND` (e->type; *i then past it) or the end. Then
 * the name: `name N` and a bare word (or `dev W`) are one and the same
 * link. 0, or the exit status after ip's message.
 */
static int link_parse(int argc, char **argv, int *i, struct end_opts *e)
{
	int rc;

	for (; *i < argc; ++*i) {
		const char *w = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;

		if (strcmp(w, "up") == 0 || strcmp(w, "down") == 0) {
			e->change |= IFF_UP;
			e->flags = w[0] == 'u' ? e->flags | IFF_UP : e->flags & ~IFF_UP;
			continue;
		}
		if ((strcmp(w, "name") == 0 || abbrev(w, "address") || strcmp(w, "mtu") == 0 ||
		     strcmp(w, "netns") == 0 || abbrev(w, "master") || abbrev(w, "type") ||
		     abbrev(w, "numtxqueues") || abbrev(w, "numrxqueues") ||
		     strcmp(w, "dev") == 0) &&
		    !v)
			return incomplete();
		if (strcmp(w, "name") == 0) {
			if (e->name)
				return duplicate("name", v);
			if (!ifname_valid(v))
				return invarg("\"name\" not a valid ifname", v);
			e->name = v;
			if (!e->dev)
				e->dev = v;
		} else if (abbrev(w, "address")) {
			if ((e->maclen = parse_lladdr(v, e->mac, sizeof(e->mac))) < 0)
				return EXIT_FAILURE;
		} else if (strcmp(w, "mtu") == 0) {
			if (e->has_mtu)
				return duplicate("mtu", v);
			if ((rc = int_word(v, "Invalid \"mtu\" value\n", &e->mtu)))
				return rc;
			e->has_mtu = true;
		} else if (strcmp(w, "netns") == 0) {
			if (e->has_ns)
				return duplicate("netns", v);
			if ((rc = parse_netns(v, &e->nsfd, &e->nspid)))
				return rc;
			e->has_ns = true;
		} else if (abbrev(w, "master")) {
			if ((rc = rtnl_ready()))
				return rc;
			e->master = xt_rtnl_link_index(&rtnl, v);
			if (e->master == -ENODEV)
				return invarg("Device does not exist\n", v);
			if (e->master < 0)
				return rtnl_error(&rtnl, e->master);
			e->has_master = true;
		} else if (abbrev(w, "nomaster")) {
			e->master = 0;
			e->has_master = true;
			continue; /* no value */
		} else if (abbrev(w, "type")) {
			e->type = v;
			*i += 2;
			break;
		} else if (abbrev(w, "numtxqueues") || abbrev(w, "numrxqueues")) {
			bool tx = w[3] == 't';

			if (tx ? e->has_txq : e->has_rxq)
				return duplicate(tx ? "numtxqueues" : "numrxqueues", v);
			if ((rc = int_word(v,
					   tx ? "Invalid \"numtxqueues\" value\n" :
						"Invalid \"numrxqueues\" value\n",
					   tx ? &e->txq : &e->rxq)))
				return rc;
			*(tx ? &e->has_txq : &e->has_rxq) = true;
		} else {
			if (strcmp(w, "dev") == 0)
				w = v;
			if (e->dev != e->name) {
				warnx("Error: either \"dev\" is duplicate, or \"%s\" is a garbage.",
				      vis(w));
				return EX_INVARG;
			}
			if (!ifname_fits(w, SIZE_MAX))
				return invarg("\"dev\" not a valid ifname", w);
			e->dev = w;
			if (w != v)
				continue; /* one word */
		}
		++*i; /* the value */
	}
	if (!e->name)
		e->name = e->dev;
	else if (!e->dev)
		e->dev = e->name;
	return 0;
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
	if (e->has_master)
		xt_nla_put_u32(nlh, IFLA_MASTER, (uint32_t)e->master);
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
void build_newlink(void *buf, const struct end_opts *me_in, const char *kind,
		   const struct end_opts *peer_in)
{
	struct end_opts me = *me_in, peer = peer_in ? *peer_in : me;
	struct nlmsghdr *nlh = buf;
	struct ifinfomsg pifi = { .ifi_family = AF_UNSPEC,
				  .ifi_flags = peer.flags,
				  .ifi_change = peer.change };
	struct ifinfomsg *ifi;
	struct nlattr *li, *data, *p;

	if (strcmp(kind, "veth") == 0) {
		default_queues(&me);
		default_queues(&peer);
	}
	ifi = xt_rtnl_link_req(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	ifi->ifi_flags = me.flags;
	ifi->ifi_change = me.change;
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

/* For `link add`: "both name and dev", as ip says it. */
static int name_and_dev(const struct end_opts *e)
{
	if (e->name && e->dev && strcmp(e->name, e->dev) != 0) {
		warnx("both \"name\" and \"dev\" cannot be used when creating devices.");
		return EX_INVARG;
	}
	return 0;
}

/*
 * The words after `type KIND`: a veth's `peer ...` (read as an end of its
 * own); other kinds take none here. 0, or the exit status after ip's
 * message.
 */
static int kind_args(int argc, char **argv, int i, const char *kind, struct end_opts *peer,
		     bool *has_peer)
{
	int rc;

	if (i >= argc)
		return 0;
	if (strcmp(kind, "veth") == 0) {
		if (strcmp(argv[i], "peer") != 0) {
			printf("Usage: %s link <options> type veth [peer <options>]\n"
			       "To get <options> type '%s link help'\n",
			       program_invocation_short_name, program_invocation_short_name);
			return EXIT_FAILURE;
		}
		*has_peer = true;
		i++;
		if ((rc = link_parse(argc, argv, &i, peer)))
			return rc;
		if (peer->type)
			return duplicate("type", argv[i - 1]);
		return name_and_dev(peer);
	}
	if (strcmp(kind, "bridge") == 0)
		warnx("bridge: unknown command \"%s\"?", vis(argv[i]));
	else
		warnx("Garbage instead of arguments \"%s ...\". Try \"%s link help\".",
		      vis(argv[i]), program_invocation_short_name);
	return EXIT_FAILURE;
}

/* link add [name] NAME [up|down] [mtu N] [address MAC] [netns NS] ... type KIND [peer ...] */
static int link_add(int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct end_opts me = { .nsfd = -1 }, peer = { .nsfd = -1 };
	bool has_peer = false;
	int i = 0, rc;

	if ((rc = link_parse(argc, argv, &i, &me)) || (rc = name_and_dev(&me)))
		goto out;
	if (!me.type) {
		warnx("Not enough information: \"type\" argument is required");
		rc = EXIT_FAILURE;
		goto out;
	}
	if ((rc = kind_args(argc, argv, i, me.type, &peer, &has_peer)))
		goto out;
	if ((rc = rtnl_ready()) || (opt.atomic && (rc = undo_link_check(me.name))))
		goto out;
	/* no name: the kernel picks one, as with ip */
	build_newlink(buf, &me, me.type, has_peer || strcmp(me.type, "veth") == 0 ? &peer : NULL);
	rc = xt_rtnl_talk(&rtnl, (struct nlmsghdr *)buf, NULL, NULL);
	rc = rc < 0 ? rtnl_error(&rtnl, rc) : 0;
	if (rc == 0 && opt.atomic)
		undo_link_added(&me);
out:
	close_end(&me);
	close_end(&peer);
	return rc;
}

/* The device argument of show: DEV or `dev DEV`. */
int take_dev(int argc, char **argv, int *i, const char **dev)
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
	int rc = xt_rtnl_link_del(&rtnl, 0, dev);

	if (rc == -ENODEV)
		return no_device(dev);
	return rc < 0 ? rtnl_error(&rtnl, rc) : 0;
}

/* The words of `link set`/`link del`, read as ip reads them; no `type`. */
static int parse_existing(int argc, char **argv, struct end_opts *e)
{
	int i = 0, rc = link_parse(argc, argv, &i, e);

	if (rc)
		return rc;
	if (e->type) {
		warnx("Garbage instead of arguments \"%s ...\". Try \"%s link help\".",
		      vis(i < argc ? argv[i] : e->type), program_invocation_short_name);
		return EXIT_FAILURE;
	}
	if (!e->dev)
		return no_dev(EX_INVARG);
	return 0;
}

static int link_del(int argc, char **argv)
{
	struct end_opts e = { .nsfd = -1 };
	int rc;

	if (!(rc = parse_existing(argc, argv, &e)) && !(rc = rtnl_ready()))
		rc = delete_dev(e.dev);
	close_end(&e);
	return rc;
}

/* The length of @dev's hardware address, or -1 (no such link). */
static int lladdr_len(const char *dev)
{
	struct links l;
	const struct link *k;
	int n = -1;

	if (dump_links(&rtnl, &l) == 0 && (k = find_name(&l, dev)))
		n = (int)k->addrlen;
	free(l.v);
	return n;
}

/*
 * link set DEV { up | down | netns NS | master BR | nomaster | name NEW | mtu N
 *                | address MAC }...
 */
static int link_set(int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct end_opts e = { .nsfd = -1 };
	struct ifinfomsg *ifi;
	int rc, index, n;

	if ((rc = parse_existing(argc, argv, &e)) || (rc = rtnl_ready()))
		goto out;
	if (e.maclen > 0 && (n = lladdr_len(e.dev)) >= 0 && n != e.maclen) {
		warnx("Invalid address length %d - must be %d bytes", e.maclen, n);
		rc = EXIT_FAILURE;
		goto out;
	}
	index = xt_rtnl_link_index(&rtnl, e.dev);
	if (index == -ENODEV) {
		rc = no_device(e.dev);
		goto out;
	}
	if (index < 0) {
		rc = rtnl_error(&rtnl, index);
		goto out;
	}
	if (e.name == e.dev)
		e.name = NULL; /* no rename to the same name */
	/* one request: the kernel applies the namespace first, then the rest */
	ifi = xt_rtnl_link_req(buf, RTM_NEWLINK, 0, index);
	ifi->ifi_flags = e.flags;
	ifi->ifi_change = e.change;
	put_end(nlh, &e);
	if (opt.atomic && (rc = undo_link_save(index, e.change, &e, e.name, e.has_master)))
		goto out;
	rc = xt_rtnl_talk(&rtnl, nlh, NULL, NULL);
	rc = rc < 0 ? rtnl_error(&rtnl, rc) : 0;
	if (rc == 0 && opt.atomic)
		undo_link_commit();
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

static const struct xnetns_cmd link_cmds[] = {
	{ "add", link_add },   { "del", link_del },   { "delete", link_del }, { "set", link_set },
	{ "show", link_show }, { "list", link_show }, { "help", link_help },
};

int xnetns_link(int argc, char **argv)
{
	return run_table("link", link_cmds, ARRAY_SIZE(link_cmds), link_show, argc, argv);
}
