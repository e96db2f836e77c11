/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linkstate.c - what a link loses when it goes down or moves to another
 * namespace (its addresses, the routes through it), kept before and put
 * back after: for the undo of `link set` under -atomic (undo.c). Kept as
 * the kernel's own messages, replayed as requests, as `ip addr save` and
 * `ip route save` do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_addr.h>

#include "c.h"
#include "xalloc.h"
#include "xnetns.h"

/* Append a copy of a dumped message to @k. */
static void keep_msg(struct kept *k, const struct nlmsghdr *nlh)
{
	if (nlh->nlmsg_len > XT_NLMSG_MAX)
		return;
	k->msgs = xreallocarray(k->msgs, k->len + NLMSG_ALIGN(nlh->nlmsg_len), 1);
	memcpy(k->msgs + k->len, nlh, nlh->nlmsg_len);
	k->len += NLMSG_ALIGN(nlh->nlmsg_len);
}

/* An address the kernel makes by itself (IPv6 link-local): never copied. */
static bool own_addr(const struct ifaddrmsg *ifa)
{
	return ifa->ifa_family == AF_INET6 && ifa->ifa_scope == RT_SCOPE_LINK;
}

struct collect {
	struct kept *k;
	int index;
};

static int take_addr_msg(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);

	if (nlh->nlmsg_type == RTM_NEWADDR && (int)ifa->ifa_index == c->index && !own_addr(ifa))
		keep_msg(c->k, nlh);
	return 0;
}

/* A route of the main table through link @c->index that the kernel did not make. */
static int take_route_msg(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct nlattr *tb[RTA_MAX + 1];

	if (nlh->nlmsg_type != RTM_NEWROUTE || xt_nla_parse(nlh, sizeof(*rtm), tb, RTA_MAX) ||
	    !tb[RTA_OIF])
		return 0;
	if ((tb[RTA_TABLE] ? xt_nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table) != RT_TABLE_MAIN ||
	    rtm->rtm_protocol == RTPROT_KERNEL || rtm->rtm_type != RTN_UNICAST ||
	    (rtm->rtm_flags & RTM_F_CLONED) || (int)xt_nla_get_u32(tb[RTA_OIF]) != c->index)
		return 0;
	keep_msg(c->k, nlh);
	return 0;
}

/* The addresses, then the routes, of link @index, appended to @k. 0 or -errno. */
int keep_addrs_routes(struct xt_rtnl *r, int index, struct kept *k)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct collect c = { .k = k, .index = index };
	int rc;

	xt_rtnl_addr_req(buf, RTM_GETADDR, NLM_F_DUMP, AF_UNSPEC, 0, index);
	rc = xt_rtnl_talk(r, (struct nlmsghdr *)buf, take_addr_msg, &c);
	for (int f = 0; f < 2 && rc == 0; f++) {
		xt_rtnl_route_req(buf, RTM_GETROUTE, NLM_F_DUMP, f ? AF_INET6 : AF_INET, 0);
		((struct rtmsg *)NLMSG_DATA((struct nlmsghdr *)buf))->rtm_table = 0;
		rc = xt_rtnl_talk(r, (struct nlmsghdr *)buf, take_route_msg, &c);
	}
	return rc;
}

/* A copy of a kept message as a request of @type with @flags, for link @index (0: as it was). */
struct nlmsghdr *kept_as_request(void *buf, const struct nlmsghdr *m, uint16_t type, uint16_t flags,
				 int index)
{
	struct nlmsghdr *nlh = buf;

	memcpy(buf, m, m->nlmsg_len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	if (index && (type == RTM_NEWADDR || type == RTM_DELADDR)) {
		struct ifaddrmsg *ifa = NLMSG_DATA(nlh);

		ifa->ifa_index = (uint32_t)index;
	} else if (index) {
		const struct nlattr *tb[RTA_MAX + 1];

		if (xt_nla_parse(nlh, sizeof(struct rtmsg), tb, RTA_MAX) == 0 && tb[RTA_OIF])
			memcpy((char *)xt_nla_data(tb[RTA_OIF]), &index, sizeof(index));
	}
	return nlh;
}

/* Two address messages for the same address (IFA_LOCAL, else IFA_ADDRESS, and prefix). */
static bool same_addr(const struct nlmsghdr *a, const struct nlmsghdr *b)
{
	const struct ifaddrmsg *ia = NLMSG_DATA(a), *ib = NLMSG_DATA(b);
	const struct nlattr *ta[IFA_MAX + 1], *tbb[IFA_MAX + 1];
	const struct nlattr *la, *lb;

	if (ia->ifa_family != ib->ifa_family || ia->ifa_prefixlen != ib->ifa_prefixlen ||
	    xt_nla_parse(a, sizeof(*ia), ta, IFA_MAX) || xt_nla_parse(b, sizeof(*ib), tbb, IFA_MAX))
		return false;
	la = ta[IFA_LOCAL] ? ta[IFA_LOCAL] : ta[IFA_ADDRESS];
	lb = tbb[IFA_LOCAL] ? tbb[IFA_LOCAL] : tbb[IFA_ADDRESS];
	return la && lb && xt_nla_len(la) == xt_nla_len(lb) &&
	       memcmp(xt_nla_data(la), xt_nla_data(lb), xt_nla_len(la)) == 0;
}

static bool kept_has(const struct kept *kk, const struct nlmsghdr *m)
{
	size_t left = kk->len;

	for (const struct nlmsghdr *k = (const void *)kk->msgs; NLMSG_OK(k, left);
	     k = NLMSG_NEXT(k, left))
		if (k->nlmsg_type == RTM_NEWADDR && same_addr(k, m))
			return true;
	return false;
}

/*
 * The addresses of link @index as @k kept them: those it gained since are
 * deleted, those it lost are added again; then the routes it lost. 0, or
 * 1 after a message for each failure (undo_failed() of @step).
 */
int put_back_addrs_routes(struct xt_rtnl *r, int index, const struct kept *k, const void *step)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct kept now = { 0 };
	size_t left;
	int rc, failed = 0;

	xt_rtnl_addr_req(buf, RTM_GETADDR, NLM_F_DUMP, AF_UNSPEC, 0, index);
	rc = xt_rtnl_talk(r, (struct nlmsghdr *)buf, take_addr_msg,
			  &(struct collect){ .k = &now, .index = index });
	if (rc < 0) {
		undo_failed(step, "cannot read its addresses", r, rc);
		return 1;
	}
	left = now.len;
	for (const struct nlmsghdr *m = (const void *)now.msgs; NLMSG_OK(m, left);
	     m = NLMSG_NEXT(m, left)) {
		if (kept_has(k, m))
			continue;
		rc = xt_rtnl_talk(r, kept_as_request(buf, m, RTM_DELADDR, 0, 0), NULL, NULL);
		if (rc < 0 && rc != -EADDRNOTAVAIL && rc != -ENODEV)
			failed = 1, undo_failed(step, "cannot remove an address it gained", r, rc);
	}
	left = k->len;
	for (const struct nlmsghdr *m = (const void *)k->msgs; NLMSG_OK(m, left);
	     m = NLMSG_NEXT(m, left)) {
		bool addr = m->nlmsg_type == RTM_NEWADDR;

		if (addr && kept_has(&now, m))
			continue;
		rc = xt_rtnl_talk(
			r, kept_as_request(buf, m, m->nlmsg_type, NLM_F_CREATE | NLM_F_EXCL, index),
			NULL, NULL);
		if (rc < 0 && rc != -EEXIST)
			failed = 1,
			undo_failed(step,
				    addr ? "cannot add back an address" : "cannot add back a route",
				    r, rc);
	}
	free(now.msgs);
	return failed;
}
