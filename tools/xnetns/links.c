/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * links.c - the link table as the kernel reports it: every link of a
 * namespace (one dump) or one link, collected into struct links, and looked
 * up by index or name. show.c prints them; link set, route show, the batch's
 * grouped deletes and the -atomic undo read them.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_link.h>

#include "c.h"
#include "xalloc.h"
#include "xnetns.h"

/* The queue length the IPv6 view of a link leaves out: asked as ip asks it. */
static unsigned int ioctl_txqlen(const char *name)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return 0;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFTXQLEN, &ifr) < 0)
		ifr.ifr_qlen = 0;
	close(fd);
	return (unsigned int)ifr.ifr_qlen;
}

int take_link(const struct nlmsghdr *nlh, void *data)
{
	struct links *l = data;
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);
	struct link *k;

	if (nlh->nlmsg_type != RTM_NEWLINK || xt_nla_parse(nlh, sizeof(*ifi), tb, IFLA_MAX) ||
	    !tb[IFLA_IFNAME])
		return 0;
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	k = &l->v[l->n++];
	memset(k, 0, sizeof(*k));
	k->index = ifi->ifi_index;
	k->flags = ifi->ifi_flags;
	k->type = ifi->ifi_type;
	xt_nla_get_str(tb[IFLA_IFNAME], k->name, sizeof(k->name));
	xt_nla_get_str(tb[IFLA_QDISC], k->qdisc, sizeof(k->qdisc));
	k->has_qdisc = tb[IFLA_QDISC] != NULL;
	k->has_group = tb[IFLA_GROUP] != NULL;
	k->mtu = tb[IFLA_MTU] ? xt_nla_get_u32(tb[IFLA_MTU]) : 0;
	k->master = tb[IFLA_MASTER] ? (int)xt_nla_get_u32(tb[IFLA_MASTER]) : 0;
	k->peer = tb[IFLA_LINK] ? (int)xt_nla_get_u32(tb[IFLA_LINK]) : 0;
	k->group = tb[IFLA_GROUP] ? xt_nla_get_u32(tb[IFLA_GROUP]) : 0;
	k->txqlen = tb[IFLA_TXQLEN] ? xt_nla_get_u32(tb[IFLA_TXQLEN]) : ioctl_txqlen(k->name);
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

/*
 * Every link of this namespace (RTM_GETLINK dump), as the kernel tells them
 * for @family (AF_INET6: its IPv6 view, without qdisc or group, as ip -6
 * addr show asks). 0 or -errno.
 */
int dump_links_af(struct xt_rtnl *r, struct links *l, uint8_t family)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));

	l->v = NULL;
	l->n = 0;
	((struct ifinfomsg *)xt_rtnl_link_req(buf, RTM_GETLINK, NLM_F_DUMP, 0))->ifi_family =
		family;
	/* no statistics: only what we print (the IPv6 view takes no attribute) */
	if (family == AF_UNSPEC)
		xt_nla_put_u32((struct nlmsghdr *)buf, IFLA_EXT_MASK, 0);
	return xt_rtnl_talk(r, (struct nlmsghdr *)buf, take_link, l);
}

int dump_links(struct xt_rtnl *r, struct links *l)
{
	return dump_links_af(r, l, AF_UNSPEC);
}

/* Link @index of this namespace (one RTM_GETLINK) into @k. 0 or -errno. */
int read_link(struct xt_rtnl *r, int index, struct link *k)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct links l = { 0 };
	int rc;

	xt_rtnl_link_req(buf, RTM_GETLINK, 0, index);
	xt_nla_put_u32((struct nlmsghdr *)buf, IFLA_EXT_MASK, 0);
	rc = xt_rtnl_talk(r, (struct nlmsghdr *)buf, take_link, &l);
	if (rc == 0 && l.n == 0)
		rc = -ENODEV;
	if (rc == 0)
		*k = l.v[0];
	free(l.v);
	return rc;
}

const struct link *find_index(const struct links *l, int index)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].index == index)
			return &l->v[i];
	return NULL;
}

const struct link *find_name(const struct links *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}
