/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-rtnl.c - the request builder of common/rtnl.c: a full request is a
 * sticky error that the sends refuse without sending anything; the
 * attribute getters stay inside the attribute. No kernel is needed: a
 * refused request never reaches the socket (there is none: fd -1).
 */
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <string.h>

#include "rtnl.h"
#include "tap.h"

static char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));

static void sticky_full(void)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct xt_rtnl r = { .fd = -1 };
	char big[XT_NLMSG_MAX];
	struct nlattr *nest;
	uint32_t len;

	memset(big, 'x', sizeof(big));
	xt_rtnl_link_req(buf, RTM_NEWLINK, 0, 1);
	ok(xt_nla_put_u32(nlh, IFLA_MTU, 1500) != NULL, "a small put fits");
	ok(!xt_nlmsg_full(nlh), "the request is not full");
	len = nlh->nlmsg_len;
	ok(xt_nla_put(nlh, IFLA_IFALIAS, big, sizeof(big) - 16) == NULL, "a put too large fails");
	ok(xt_nlmsg_full(nlh), "and marks the request full");
	ok(nlh->nlmsg_len == len, "without adding to it");
	ok(xt_nla_put_u32(nlh, IFLA_MTU, 1500) == NULL, "a later small put fails too (sticky)");
	nest = xt_nla_nest_start(nlh, IFLA_LINKINFO);
	ok(nest == NULL, "so does a nest");
	xt_nla_nest_end(nlh, nest);
	ok(nlh->nlmsg_len == len, "closing a failed nest is a no-op");
	ok(xt_rtnl_talk(&r, nlh, NULL, NULL) == -EMSGSIZE,
	   "talk refuses a full request: -EMSGSIZE");
	ok(r.seq == 0, "before numbering or sending it");
	ok(xt_rtnl_talk_many(&r, buf, NLMSG_ALIGN(nlh->nlmsg_len), 1, NULL, NULL) == -EMSGSIZE,
	   "talk_many refuses it too");
	xt_rtnl_link_req(buf, RTM_NEWLINK, 0, 1);
	ok(!xt_nlmsg_full(nlh), "a new request starts empty");
}

static void getters(void)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	const struct nlattr *tb[IFLA_MAX + 1];
	unsigned char mac[6] = { 2, 0, 0, 0, 0, 1 }, got[32];
	char s[8];

	xt_rtnl_link_req(buf, RTM_NEWLINK, 0, 1);
	xt_nla_put(nlh, IFLA_IFNAME, "veth-abcdefgh", 13); /* not terminated */
	xt_nla_put(nlh, IFLA_ADDRESS, mac, sizeof(mac));
	xt_nla_put_u32(nlh, IFLA_MTU, 1400);
	ok(xt_nla_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX) == 0, "parse");
	ok(strcmp(xt_nla_get_str(tb[IFLA_IFNAME], s, sizeof(s)), "veth-ab") == 0,
	   "get_str cuts to the buffer, terminated");
	ok(strcmp(xt_nla_get_str(NULL, s, sizeof(s)), "") == 0, "get_str of no attribute: \"\"");
	ok(xt_nla_get_bytes(tb[IFLA_ADDRESS], got, sizeof(got)) == 6 && memcmp(got, mac, 6) == 0,
	   "get_bytes copies the payload");
	ok(xt_nla_get_bytes(tb[IFLA_ADDRESS], got, 4) == 4, "get_bytes stops at the buffer");
	ok(xt_nla_get_bytes(NULL, got, 4) == 0, "get_bytes of no attribute: 0");
	ok(xt_nla_get_payload(tb[IFLA_ADDRESS], 6) != NULL, "get_payload: long enough");
	ok(xt_nla_get_payload(tb[IFLA_ADDRESS], 16) == NULL, "get_payload: too short");
	ok(xt_nla_get_u32(tb[IFLA_MTU]) == 1400, "get_u32");
}

/* The request builders: headers where they belong, attributes after them. */
static void builders(void)
{
	char req[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)req;
	struct ifaddrmsg *ifa;
	struct rtmsg *rtm;
	struct nlattr *a, *n;
	const char hdr[4] = { 1, 2, 3, 4 };

	xt_nlmsg_init(req, RTM_GETLINK, NLM_F_DUMP, sizeof(struct ifinfomsg));
	ok(nlh->nlmsg_type == RTM_GETLINK && (nlh->nlmsg_flags & NLM_F_DUMP) &&
		   nlh->nlmsg_len == NLMSG_LENGTH(sizeof(struct ifinfomsg)),
	   "nlmsg_init: type, flags and length");
	a = xt_nla_put_str(nlh, IFLA_IFNAME, "veth0");
	ok(a && a->nla_len == NLA_HDRLEN + 6 && strcmp((char *)a + NLA_HDRLEN, "veth0") == 0,
	   "put_str: the string and its NUL");
	n = xt_nla_nest_start_hdr(nlh, IFLA_LINKINFO, hdr, sizeof(hdr));
	ok(n && memcmp((char *)n + NLA_HDRLEN, hdr, sizeof(hdr)) == 0,
	   "nest_start_hdr: the header copied");
	xt_nla_nest_end(nlh, n);
	ok(n->nla_len == NLA_HDRLEN + sizeof(hdr), "nest_end: the nest's length");
	ifa = xt_rtnl_addr_req(req, RTM_NEWADDR, NLM_F_CREATE, AF_INET, 24, 7);
	ok(ifa && ifa->ifa_family == AF_INET && ifa->ifa_prefixlen == 24 && ifa->ifa_index == 7 &&
		   nlh->nlmsg_type == RTM_NEWADDR,
	   "addr_req");
	rtm = xt_rtnl_route_req(req, RTM_NEWROUTE, NLM_F_CREATE, AF_INET6, 64);
	ok(rtm && rtm->rtm_family == AF_INET6 && rtm->rtm_dst_len == 64 &&
		   nlh->nlmsg_type == RTM_NEWROUTE,
	   "route_req");
}

/* A real socket: lo is there; a link that is not is ENODEV. */
static void socket_calls(void)
{
	struct xt_rtnl r;
	int lo, rc;

	memset(&r, 0, sizeof(r));
	rc = xt_rtnl_open(&r);
	ok(rc == 0, "rtnl_open");
	if (rc < 0)
		return;
	lo = xt_rtnl_link_index(&r, "lo");
	ok(lo > 0 && lo == (int)if_nametoindex("lo"), "link_index of lo");
	ok(xt_rtnl_link_index(&r, "xt-no-such-0") == -ENODEV, "link_index of a missing link");
	rc = xt_rtnl_link_change(&r, INT32_MAX, 0, 0);
	ok(rc == -ENODEV || rc == -EPERM, "link_change of a missing link: refused");
	rc = xt_rtnl_link_del(&r, INT32_MAX, NULL);
	ok(rc == -ENODEV || rc == -EPERM || rc == -EINVAL, "link_del of a missing link: refused");
	xt_rtnl_close(&r);
	ok(1, "rtnl_close");
}

int main(void)
{
	sticky_full();
	getters();
	builders();
	socket_calls();
	return tap_done();
}
