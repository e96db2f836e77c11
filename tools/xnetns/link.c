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

bool ifname_valid(const char *s)
{
	return ifname_fits(s, IFNAMSIZ);
}

/* Room for an alternative name (IFLA_ALT_IFNAME), which `link add` accepts. */
#define ALTIFNAME_SIZE 128

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
	*fd = -1;
	if (xnetns_name_valid(s)) {
		*fd = open_name(s);
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

static void close_end(struct end_opts *e)
{
	if (e->nsfd >= 0)
		close(e->nsfd);
	e->nsfd = -1;
}

/* Added to an exit status to tell it from parse_end_word()'s 0 and 1. */
#define PARSED_ERR 1000

/*
 * One keyword of an end (mtu, address, netns) at argv[*i]: 1 when it was
 * one (taken), 0 when not, or an exit status + PARSED_ERR after the message.
 */
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
void build_newlink(void *buf, const struct end_opts *me_in, const char *kind,
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
	if ((rc = rtnl_ready()) || (opt.atomic && (rc = undo_link_check(me.name))))
		goto out;
	build_newlink(buf, &me, kind, has_peer || strcmp(kind, "veth") == 0 ? &peer : NULL);
	rc = xt_rtnl_talk(&rtnl, (struct nlmsghdr *)buf, NULL, NULL);
	rc = rc < 0 ? rtnl_error(&rtnl, rc) : 0;
	if (rc == 0 && opt.atomic)
		undo_link_added(&me);
out:
	close_end(&me);
	close_end(&peer);
	return rc >= PARSED_ERR ? rc - PARSED_ERR : rc;
}

/* The device argument of del/set: DEV or `dev DEV`. */
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

static int link_del(int argc, char **argv)
{
	const char *dev = NULL;
	int rc;

	for (int i = 0; i < argc; i++)
		if ((rc = take_dev(argc, argv, &i, &dev)))
			return rc;
	if (!dev)
		return no_dev(EX_INVARG);
	if ((rc = rtnl_ready()))
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
	if ((rc = rtnl_ready()))
		goto out;
	index = xt_rtnl_link_index(&rtnl, dev);
	if (index == -ENODEV) {
		rc = no_device(dev);
		goto out;
	}
	if (master && (mindex = xt_rtnl_link_index(&rtnl, master)) == -ENODEV) {
		rc = invarg("Device does not exist\n", master);
		goto out;
	}
	if (index < 0 || mindex < 0) {
		rc = rtnl_error(&rtnl, index < 0 ? index : mindex);
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
	if (opt.atomic && (rc = undo_link_save(index, change, &e, newname, master || nomaster)))
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
