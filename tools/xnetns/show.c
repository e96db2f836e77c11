/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * show.c - links and addresses as the kernel reports them, printed in ip's
 * text and JSON layouts (link show, addr show).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_addr.h>
#include <linux/if_link.h>

#include "c.h"
#include "json.h"
#include "xalloc.h"
#include "xnetns.h"

/* <linux/if.h> has these but clashes with <net/if.h> */
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#define IFF_DORMANT 0x20000
#define IFF_ECHO 0x40000
#endif

/* -4/-6 in addr show: only that family, and no link/ line (as ip). */
static uint8_t show_family;

/*
 * The names under /run/netns and their ids as seen from here, read once
 * per show when a link first needs one, through the one batched lookup
 * (name_ids): a hub with 200 peers elsewhere asks each name once, not once
 * per link, and all names in a few system calls.
 */
static struct {
	struct names names;
	int32_t *ids;
	bool read;
} nsmap;

static void forget_nsids(void)
{
	free(nsmap.ids);
	free_names(&nsmap.names);
	memset(&nsmap, 0, sizeof(nsmap));
}

/* The name under /run/netns of the namespace with id @nsid, or NULL. */
static const char *nsid_name(int32_t nsid)
{
	if (!nsmap.read) {
		nsmap.read = true;
		if (read_names(&nsmap.names) == 0)
			nsmap.ids = name_ids(&nsmap.names, NULL);
	}
	for (size_t i = 0; nsmap.ids && i < nsmap.names.n; i++)
		if (nsmap.ids[i] == nsid)
			return nsmap.names.v[i];
	return NULL;
}

static const struct {
	unsigned int bit;
	const char *name;
} flag_names[] = {
	{ IFF_LOOPBACK, "LOOPBACK" },
	{ IFF_BROADCAST, "BROADCAST" },
	{ IFF_POINTOPOINT, "POINTOPOINT" },
	{ IFF_MULTICAST, "MULTICAST" },
	{ IFF_NOARP, "NOARP" },
	{ IFF_ALLMULTI, "ALLMULTI" },
	{ IFF_PROMISC, "PROMISC" },
	{ IFF_MASTER, "MASTER" },
	{ IFF_SLAVE, "SLAVE" },
	{ IFF_DEBUG, "DEBUG" },
	{ IFF_DYNAMIC, "DYNAMIC" },
	{ IFF_AUTOMEDIA, "AUTOMEDIA" },
	{ IFF_PORTSEL, "PORTSEL" },
	{ IFF_NOTRAILERS, "NOTRAILERS" },
	{ IFF_UP, "UP" },
	{ IFF_LOWER_UP, "LOWER_UP" },
	{ IFF_DORMANT, "DORMANT" },
	{ IFF_ECHO, "ECHO" },
};

static const char *const operstates[] = { "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
					  "TESTING", "DORMANT",	   "UP" };

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
	printf("> mtu %u ", k->mtu);
	if (k->has_qdisc)
		printf("qdisc %s ", k->qdisc[0] ? k->qdisc : "noop");
	if (m)
		printf("master %s ", m->name);
	printf("state %s ",
	       k->operstate < ARRAY_SIZE(operstates) ? operstates[k->operstate] : "UNKNOWN");
	if (mode)
		printf("mode %s ", k->linkmode ? "DORMANT" : "DEFAULT");
	if (k->has_group && k->group)
		printf("group %u ", k->group);
	else if (k->has_group)
		fputs("group default ", stdout);
	printf("qlen %u\n", k->txqlen);
	if (show_family)
		return;
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
static void print_link_json(struct xt_json *j, const struct links *all, const struct link *k,
			    bool mode)
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
	if (k->has_qdisc)
		xt_json_kv_string(j, "qdisc", k->qdisc[0] ? k->qdisc : "noop");
	if (m)
		xt_json_kv_string(j, "master", m->name);
	xt_json_kv_string(j, "operstate",
			  k->operstate < ARRAY_SIZE(operstates) ? operstates[k->operstate] :
								  "UNKNOWN");
	if (mode)
		xt_json_kv_string(j, "linkmode", k->linkmode ? "DORMANT" : "DEFAULT");
	if (k->has_group && k->group)
		xt_json_kv_uint(j, "group", k->group);
	else if (k->has_group)
		xt_json_kv_string(j, "group", "default");
	xt_json_kv_uint(j, "txqlen", k->txqlen);
	if (!show_family)
		xt_json_kv_string(j, "link_type", link_type(k->type, tbuf, sizeof(tbuf)));
	if (k->addrlen && !show_family) {
		json_hw(j, "address", k->addr, k->addrlen);
		if (k->brdlen)
			json_hw(j, "broadcast", k->brd, k->brdlen);
	}
	if (k->has_netnsid)
		xt_json_kv_int(j, "link_netnsid", k->netnsid);
}

int take_addr(const struct nlmsghdr *nlh, void *data)
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

const char *scope_name(uint8_t scope, char *buf, size_t size)
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
	{ IFA_F_SECONDARY, "secondary" },
	{ IFA_F_NODAD, "nodad" },
	{ IFA_F_OPTIMISTIC, "optimistic" },
	{ IFA_F_DADFAILED, "dadfailed" },
	{ IFA_F_HOMEADDRESS, "home" },
	{ IFA_F_DEPRECATED, "deprecated" },
	{ IFA_F_TENTATIVE, "tentative" },
	{ IFA_F_MANAGETEMPADDR, "mngtmpaddr" },
	{ IFA_F_NOPREFIXROUTE, "noprefixroute" },
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
	if (a->has_local && a->has_address &&
	    memcmp(a->local, a->address, family_bytes(a->family))) {
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
	if (a->has_local && a->has_address &&
	    memcmp(a->local, a->address, family_bytes(a->family))) {
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

/* Has link @index an address in @a (of the family asked)? */
static bool has_addr(const struct addrs *a, int index)
{
	for (size_t n = 0; n < a->n; n++)
		if (a->v[n].index == index && (!show_family || a->v[n].family == show_family))
			return true;
	return false;
}

/* The links collected in @l (only @only, if not NULL), with their addresses in @a when @addrs. */
void print_links(const struct links *l, const struct addrs *a, const struct link *only, bool addrs,
		 uint8_t family)
{
	struct xt_json j;

	show_family = family;
	if (opt.json) {
		xt_json_init(&j, stdout, opt.pretty);
		xt_json_start_array(&j);
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct link *k = &l->v[i];

		if ((only && k != only) || (show_family && !has_addr(a, k->index)))
			continue;
		if (opt.json) {
			xt_json_start_object(&j);
			print_link_json(&j, l, k, !addrs);
			if (addrs) {
				xt_json_key(&j, "addr_info");
				xt_json_start_array(&j);
				for (size_t n = 0; n < a->n; n++)
					if (a->v[n].index == k->index)
						print_addr_json(&j, &a->v[n]);
				xt_json_end_array(&j);
			}
			xt_json_end_object(&j);
			continue;
		}
		print_link_text(l, k, !addrs);
		for (size_t n = 0; addrs && n < a->n; n++)
			if (a->v[n].index == k->index)
				print_addr_text(&a->v[n]);
	}
	if (opt.json) {
		xt_json_end_array(&j);
		putchar('\n');
	}
	forget_nsids(); /* names and ids may change before the next show (a batch) */
}

/*
 * link show / addr show: every link (or the one called @dev) of this
 * namespace, with its addresses when @addrs.
 */
int show_links(const char *dev, bool addrs)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct links l = { 0 };
	struct addrs a = { 0 };
	const struct link *only = NULL;
	int rc;

	if ((rc = rtnl_ready()))
		return rc;
	show_family = addrs ? (uint8_t)opt.family : AF_UNSPEC;
	/* ip asks the kernel's IPv6 view of the links for -6 without a device */
	rc = dump_links_af(&rtnl, &l, show_family == AF_INET6 && !dev ? AF_INET6 : AF_UNSPEC);
	if (rc == 0 && addrs) {
		xt_rtnl_addr_req(buf, RTM_GETADDR, NLM_F_DUMP, show_family, 0, 0);
		rc = xt_rtnl_talk(&rtnl, (struct nlmsghdr *)buf, take_addr, &a);
	}
	if (rc < 0) {
		rc = rtnl_error(&rtnl, rc);
		goto out;
	}
	if (dev && !(only = find_name(&l, dev))) {
		warnx("Device \"%s\" does not exist.", vis(dev));
		rc = EXIT_FAILURE;
		goto out;
	}
	print_links(&l, &a, only, addrs, show_family);
	rc = 0;
out:
	free(l.v);
	free(a.v);
	return rc;
}
