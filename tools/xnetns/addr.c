/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * addr.c - addresses and prefixes as ip reads them; addr add, del, show.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <linux/if_addr.h>

#include "c.h"
#include "strutils.h"
#include "xnetns.h"

size_t family_bytes(uint8_t family)
{
	return family == AF_INET ? 4 : 16;
}

/*
 * ADDR or ADDR/LEN, IPv4 or IPv6 (@family AF_UNSPEC: either). No /LEN: a
 * host prefix. 0 or -1.
 */
int parse_prefix(const char *s, uint8_t family, bool want_len, struct inet_prefix *p)
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

int bad_prefix(const char *s)
{
	warnx("Error: any valid prefix is expected rather than \"%s\".", vis(s));
	return EXIT_FAILURE;
}

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
	if ((rc = rtnl_ready()))
		return rc;
	index = xt_rtnl_link_index(&rtnl, dev);
	if (index == -ENODEV)
		return no_device(dev);
	if (index < 0)
		return rtnl_error(&rtnl, index);
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
	rc = xt_rtnl_talk(&rtnl, nlh, NULL, NULL);
	if (rc == 0 && opt.atomic && type == RTM_NEWADDR)
		undo_request(nlh);
	return rc < 0 ? rtnl_error(&rtnl, rc) : 0;
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

static int addr_help(int argc XT_UNUSED, char **argv XT_UNUSED)
{
	const char *p = program_invocation_short_name;

	printf("Usage: %s addr { add | del } ADDR/PLEN dev DEV [nodad]\n", p);
	printf("       %s addr show [dev DEV]\n", p);
	return 0;
}

static const struct xnetns_cmd addr_cmds[] = {
	{ "add", addr_add },   { "del", addr_del },   { "delete", addr_del }, { "show", addr_show },
	{ "list", addr_show }, { "help", addr_help },
};

int xnetns_addr(int argc, char **argv)
{
	return run_table("addr", addr_cmds, ARRAY_SIZE(addr_cmds), addr_show, argc, argv);
}
