/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * route.c - route add, del, show (the main table; -6: IPv6), in ip's text
 * and JSON layouts.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c.h"
#include "json.h"
#include "xnetns.h"

static int bad_address(uint8_t family, const char *s)
{
	warnx("Error: %s address is expected rather than \"%s\".", family_word(family), vis(s));
	return EXIT_FAILURE;
}

/*
 * ip's route types, which may come before the prefix: most may be cut
 * short (ip's "any" is anycast, "a" too), these four may not.
 */
static const struct {
	const char *word;
	uint8_t type;
	bool exact;
} route_type_words[] = {
	{ "local", RTN_LOCAL, true },	       { "nat", RTN_NAT, true },
	{ "broadcast", RTN_BROADCAST, false }, { "brd", RTN_BROADCAST, true },
	{ "anycast", RTN_ANYCAST, false },     { "multicast", RTN_MULTICAST, false },
	{ "prohibit", RTN_PROHIBIT, false },   { "unreachable", RTN_UNREACHABLE, false },
	{ "blackhole", RTN_BLACKHOLE, false }, { "xresolve", RTN_XRESOLVE, false },
	{ "unicast", RTN_UNICAST, false },     { "throw", RTN_THROW, true },
};

/* The route type @w names, or -1. */
static int route_type_word(const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; n && i < ARRAY_SIZE(route_type_words); i++)
		if (route_type_words[i].exact ? strcmp(w, route_type_words[i].word) == 0 :
						strncmp(w, route_type_words[i].word, n) == 0)
			return route_type_words[i].type;
	return -1;
}

/* ip's scope for a route it was given none for. */
static uint8_t route_scope(uint16_t cmd, uint8_t family, uint8_t rtype, bool via, uint8_t dflt)
{
	if (family == AF_INET6)
		return RT_SCOPE_UNIVERSE;
	switch (rtype) {
	case RTN_LOCAL:
	case RTN_NAT:
		return RT_SCOPE_HOST;
	case RTN_BROADCAST:
	case RTN_MULTICAST:
	case RTN_ANYCAST:
		return RT_SCOPE_LINK;
	case RTN_UNICAST:
	case RTN_UNSPEC:
		if (cmd == RTM_DELROUTE)
			return RT_SCOPE_NOWHERE;
		return via ? dflt : RT_SCOPE_LINK;
	}
	return dflt;
}

/*
 * route { add | del } [TYPE] { PREFIX | default } [via ADDR] [dev DEV], read
 * as ip reads it: word by word, each checked when read, the family from
 * -4/-6 or else from the first address.
 */
static int route_change(uint16_t cmd, int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	const char *dst = NULL, *dev = NULL;
	struct inet_prefix pd = { 0 }, pg = { 0 };
	uint8_t family = (uint8_t)opt.family,
		rtype = cmd == RTM_NEWROUTE ? RTN_UNICAST : RTN_UNSPEC;
	bool via = false;
	struct rtmsg *rtm;
	int rc, index = 0, t;

	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (strcmp(w, "via") == 0) {
			if (via)
				return invarg("use nexthop syntax to specify multiple via\n", w);
			if (++i >= argc)
				return incomplete();
			if (parse_prefix(argv[i], family, false, &pg) < 0)
				return bad_address(family, argv[i]);
			family = pg.family;
			via = true;
		} else if (strcmp(w, "dev") == 0) {
			if (++i >= argc)
				return incomplete();
			dev = argv[i];
		} else {
			if (strcmp(w, "to") == 0 && ++i >= argc)
				return incomplete();
			if ((argv[i][0] < '0' || argv[i][0] > '9') &&
			    (t = route_type_word(argv[i])) >= 0) {
				if (++i >= argc)
					return incomplete();
				rtype = (uint8_t)t;
			}
			if (dst) {
				warnx("Error: either \"to\" is duplicate, or \"%s\" is a garbage.",
				      vis(argv[i]));
				return EX_INVARG;
			}
			dst = argv[i];
			if (strcmp(dst, "default") == 0 || strcmp(dst, "all") == 0 ||
			    strcmp(dst, "any") == 0) {
				pd.len = 0; /* no RTA_DST: pd.family stays 0 */
			} else {
				if (parse_prefix(dst, family, true, &pd) < 0)
					return bad_prefix(family, dst);
				family = pd.family;
			}
		}
	}
	if (!dst) {
		warnx("Not enough information: \"to\" argument is required.");
		return EXIT_FAILURE;
	}
	if ((rc = rtnl_ready()))
		return rc;
	if (dev) {
		index = xt_rtnl_link_index(&rtnl, dev);
		if (index == -ENODEV)
			return no_device(dev);
		if (index < 0)
			return rtnl_error(&rtnl, index);
	}
	if (family == AF_UNSPEC)
		family = AF_INET;
	rtm = xt_rtnl_route_req(buf, cmd, cmd == RTM_NEWROUTE ? NLM_F_CREATE | NLM_F_EXCL : 0,
				family, pd.len);
	rtm->rtm_type = rtype;
	if (rtype == RTN_LOCAL || rtype == RTN_BROADCAST || rtype == RTN_NAT ||
	    rtype == RTN_ANYCAST)
		rtm->rtm_table = RT_TABLE_LOCAL;
	rtm->rtm_scope = route_scope(cmd, family, rtype, via, rtm->rtm_scope);
	if (pd.family)
		xt_nla_put(nlh, RTA_DST, pd.addr, family_bytes(pd.family));
	if (via)
		xt_nla_put(nlh, RTA_GATEWAY, pg.addr, family_bytes(pg.family));
	if (index)
		xt_nla_put_u32(nlh, RTA_OIF, (uint32_t)index);
	rc = xt_rtnl_talk(&rtnl, nlh, NULL, NULL);
	if (rc == 0 && opt.atomic && cmd == RTM_NEWROUTE)
		undo_request(nlh);
	return rc < 0 ? rtnl_error(&rtnl, rc) : 0;
}

static int route_add(int argc, char **argv)
{
	return route_change(RTM_NEWROUTE, argc, argv);
}

static int route_del(int argc, char **argv)
{
	return route_change(RTM_DELROUTE, argc, argv);
}

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
	"none",	     "unicast",	    "local",	"broadcast", "anycast", "multicast",
	"blackhole", "unreachable", "prohibit", "throw",     "nat",	"xresolve",
};

int print_route(const struct nlmsghdr *nlh, void *data)
{
	struct route_show *rs = data;
	const struct rtmsg *rtm = NLMSG_DATA(nlh);
	const struct nlattr *tb[RTA_MAX + 1];
	const struct link *dev = NULL;
	char dst[INET6_ADDRSTRLEN + 8], s[INET6_ADDRSTRLEN], pb[8], sb[8];
	unsigned int table;
	bool linkdown = false;
	const void *dst_a, *gw, *src;
	size_t alen;

	if (nlh->nlmsg_type != RTM_NEWROUTE || xt_nla_parse(nlh, sizeof(*rtm), tb, RTA_MAX))
		return 0;
	table = tb[RTA_TABLE] ? xt_nla_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	if (table != RT_TABLE_MAIN || (rtm->rtm_flags & RTM_F_CLONED) ||
	    rtm->rtm_family != rs->family)
		return 0;
	/* addresses shorter than their family's are taken as absent */
	alen = family_bytes(rtm->rtm_family);
	dst_a = xt_nla_get_payload(tb[RTA_DST], alen);
	gw = xt_nla_get_payload(tb[RTA_GATEWAY], alen);
	src = xt_nla_get_payload(tb[RTA_PREFSRC], alen);
	if (dst_a) {
		inet_ntop(rtm->rtm_family, dst_a, s, sizeof(s));
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
	if (opt.json) {
		xt_json_start_object(&rs->j);
		if (rtm->rtm_type != RTN_UNICAST && rtm->rtm_type < ARRAY_SIZE(route_types))
			xt_json_kv_string(&rs->j, "type", route_types[rtm->rtm_type]);
		xt_json_kv_string(&rs->j, "dst", dst);
		if (gw) {
			inet_ntop(rtm->rtm_family, gw, s, sizeof(s));
			xt_json_kv_string(&rs->j, "gateway", s);
		}
		if (dev)
			xt_json_kv_string(&rs->j, "dev", dev->name);
		if (rtm->rtm_protocol != RTPROT_BOOT)
			xt_json_kv_string(&rs->j, "protocol",
					  proto_name(rtm->rtm_protocol, pb, sizeof(pb)));
		if (rtm->rtm_scope != RT_SCOPE_UNIVERSE)
			xt_json_kv_string(&rs->j, "scope",
					  scope_name(rtm->rtm_scope, sb, sizeof(sb)));
		if (src) {
			inet_ntop(rtm->rtm_family, src, s, sizeof(s));
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
			xt_json_kv_string(&rs->j, "pref",
					  pref_name(xt_nla_get_u8(tb[RTA_PREF]), pb, sizeof(pb)));
		xt_json_end_object(&rs->j);
		return 0;
	}
	if (rtm->rtm_type != RTN_UNICAST && rtm->rtm_type < ARRAY_SIZE(route_types))
		printf("%s ", route_types[rtm->rtm_type]);
	printf("%s ", dst);
	if (gw) {
		inet_ntop(rtm->rtm_family, gw, s, sizeof(s));
		printf("via %s ", s);
	}
	if (dev)
		printf("dev %s ", dev->name);
	if (rtm->rtm_protocol != RTPROT_BOOT)
		printf("proto %s ", proto_name(rtm->rtm_protocol, pb, sizeof(pb)));
	if (rtm->rtm_scope != RT_SCOPE_UNIVERSE)
		printf("scope %s ", scope_name(rtm->rtm_scope, sb, sizeof(sb)));
	if (src) {
		inet_ntop(rtm->rtm_family, src, s, sizeof(s));
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
	if ((rc = rtnl_ready()))
		return rc;
	rc = dump_links(&rtnl, &rs.links);
	if (opt.json) {
		xt_json_init(&rs.j, stdout, opt.pretty);
		xt_json_start_array(&rs.j);
	}
	rs.family = opt.family == AF_INET6 ? AF_INET6 : AF_INET;
	if (rc == 0) {
		xt_rtnl_route_req(buf, RTM_GETROUTE, NLM_F_DUMP, rs.family, 0);
		((struct rtmsg *)NLMSG_DATA((struct nlmsghdr *)buf))->rtm_table = 0;
		rc = xt_rtnl_talk(&rtnl, (struct nlmsghdr *)buf, print_route, &rs);
	}
	if (opt.json) {
		xt_json_end_array(&rs.j);
		putchar('\n');
	}
	free(rs.links.v);
	return rc < 0 ? rtnl_error(&rtnl, rc) : 0;
}

static int route_help(int argc XT_UNUSED, char **argv XT_UNUSED)
{
	const char *p = program_invocation_short_name;

	printf("Usage: %s route { add | del } { PREFIX | default } [via ADDR] [dev DEV]\n", p);
	printf("       %s route show\n", p);
	return 0;
}

static const struct xnetns_cmd route_cmds[] = {
	{ "add", route_add },	{ "del", route_del },	{ "delete", route_del },
	{ "show", route_show }, { "list", route_show }, { "help", route_help },
};

int xnetns_route(int argc, char **argv)
{
	return run_table("route", route_cmds, ARRAY_SIZE(route_cmds), route_show, argc, argv);
}
