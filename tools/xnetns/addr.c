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
 * An IPv4 address as ip reads it: one to four parts split by dots, each a
 * number written as in C (decimal, 0x hex, 0 octal) up to 255; the parts
 * left out are 0 ("10.8" is 10.8.0.0, not inet_aton's 10.0.0.8). Strict
 * otherwise: no blank, no '+', no trailing garbage. 0, or -1 with @out
 * left alone.
 */
int parse_inet(const char *s, unsigned char out[4])
{
	unsigned char a[4] = { 0 };
	char part[32];

	for (int i = 0; i < 4; i++) {
		size_t n = strcspn(s, ".");
		int64_t v;

		if (n >= sizeof(part))
			return -1;
		memcpy(part, s, n);
		part[n] = '\0';
		if (xt_strtos64_c(part, 0, 255, &v) < 0)
			return -1;
		a[i] = (unsigned char)v;
		if (s[n] == '\0') {
			memcpy(out, a, sizeof(a)); /* a refused word leaves @out alone */
			return 0;
		}
		s += n + 1;
	}
	return -1; /* a fifth part */
}

/* A prefix length: a number written as in C up to @max, or an IPv4 netmask. */
static int parse_plen(const char *s, unsigned int max, uint8_t *len)
{
	unsigned char m[4];
	uint32_t mask, host;
	int64_t v;

	if (xt_strtos64_c(s, 0, max, &v) == 0) {
		*len = (uint8_t)v;
		return 0;
	}
	if (parse_inet(s, m) < 0)
		return -1;
	mask = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
	host = ~mask;
	if (host & (host + 1)) /* not ones then zeros */
		return -1;
	v = 32 - __builtin_popcount(host);
	if (v > max)
		return -1;
	*len = (uint8_t)v;
	return 0;
}

/*
 * ADDR or ADDR/LEN, as ip reads them: IPv6 when it has a ':', else IPv4
 * (parse_inet); @family AF_UNSPEC: either. No /LEN: a host prefix, and
 * p->has_len false. 0, or -1 with *@p left alone.
 */
int parse_prefix(const char *s, uint8_t family, bool want_len, struct inet_prefix *p)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	struct inet_prefix q = { 0 };

	if (n >= sizeof(buf) || (slash && !want_len))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strchr(buf, ':')) {
		if ((family != AF_UNSPEC && family != AF_INET6) ||
		    inet_pton(AF_INET6, buf, q.addr) != 1)
			return -1;
		q.family = AF_INET6;
	} else {
		if ((family != AF_UNSPEC && family != AF_INET) || parse_inet(buf, q.addr) < 0)
			return -1;
		q.family = AF_INET;
	}
	q.len = q.family == AF_INET ? 32 : 128;
	q.has_len = slash != NULL;
	if (slash && parse_plen(slash + 1, q.len, &q.len) < 0)
		return -1;
	*p = q;
	return 0;
}

/* ip's words for a family in its messages. */
const char *family_word(uint8_t family)
{
	return family == AF_INET ? "inet" : family == AF_INET6 ? "inet6" : "any valid";
}

int bad_prefix(uint8_t family, const char *s)
{
	warnx("Error: %s prefix is expected rather than \"%s\".", family_word(family), vis(s));
	return EXIT_FAILURE;
}

/*
 * addr { add | del } [local] CIDR dev DEV [nodad], read as ip reads it: word
 * by word, each checked when it is read (so of two errors, the first word's
 * is told), the family from -4/-6 or else from the address.
 */
static int addr_change(uint16_t type, int argc, char **argv)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	const char *dev = NULL, *cidr = NULL;
	uint8_t family = (uint8_t)opt.family;
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
			/* ip knows the family only from -6 or an address before */
			if (family == AF_INET6)
				flags |= IFA_F_NODAD;
			else
				warnx("Warning: nodad option can be set only for IPv6 addresses");
		} else {
			if (strcmp(argv[i], "local") == 0 && ++i >= argc)
				return incomplete();
			if (cidr) {
				warnx("Error: either \"local\" is duplicate, or \"%s\" is a garbage.",
				      vis(argv[i]));
				return EX_INVARG;
			}
			if (parse_prefix(argv[i], family, true, &p) < 0)
				return bad_prefix(family, argv[i]);
			family = p.family;
			cidr = argv[i];
		}
	}
	if (!dev)
		return no_dev(EXIT_FAILURE);
	if (!cidr) {
		warnx("Not enough information: \"local\" argument is required.");
		return EXIT_FAILURE;
	}
	/*
	 * ip's old-script rule: an IPv4 address deleted without /LEN is
	 * matched on the address alone, whatever its length, with a warning.
	 */
	if (type == RTM_DELADDR && p.family == AF_INET && !p.has_len)
		warnx("Warning: Executing wildcard deletion to stay compatible with old scripts.\n"
		      "         Explicitly specify the prefix length (%s/32) to avoid this warning.\n"
		      "         This special behaviour is likely to disappear in further releases,\n"
		      "         fix your scripts!",
		      vis(cidr));
	if ((rc = rtnl_ready()))
		return rc;
	index = xt_rtnl_link_index(&rtnl, dev);
	if (index == -ENODEV)
		return no_device(dev);
	if (index < 0)
		return rtnl_error(&rtnl, index);
	ifa = xt_rtnl_addr_req(buf, type, type == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0,
			       p.family, p.len, index);
	/* ip's scope when adding: host for 127/8, else global */
	if (type == RTM_NEWADDR && p.family == AF_INET && p.addr[0] == 127)
		ifa->ifa_scope = RT_SCOPE_HOST;
	ifa->ifa_flags = (uint8_t)flags;
	xt_nla_put(nlh, IFA_LOCAL, p.addr, family_bytes(p.family));
	if (!(type == RTM_DELADDR && p.family == AF_INET && !p.has_len))
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
	{ "add", addr_add },   { "del", addr_del },   { "delete", addr_del },
	{ "show", addr_show }, { "list", addr_show }, { "help", addr_help },
};

int xnetns_addr(int argc, char **argv)
{
	return run_table("addr", addr_cmds, ARRAY_SIZE(addr_cmds), addr_show, argc, argv);
}
