/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * connect.c - connect NS1 NS2: a veth pair with one end in each namespace,
 * both ends and both lo up, addressed, all or nothing. In four steps:
 * parse the arguments, open both sides (a socket in each namespace), make
 * the pair in place and finish each end, and undo it all after a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_addr.h>

#include "c.h"
#include "strutils.h"
#include "xnetns.h"

/*
 * One side of a connect: the namespace ("-": the current one), a socket
 * in it, the interface made there and its address.
 */
struct side {
	const char *ns;
	int nsfd;
	struct xt_rtnl sock, *r;
	char ifname[IFNAMSIZ];
	const char *addr_arg; /* as given, for messages */
	struct inet_prefix addr;
	bool has_addr;
	int index;
	unsigned int lo_flags;
	int lo_index;
	bool lo_addr; /* lo had 127.0.0.1/8 (lo down: bringing it up adds it) */
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
		s->r = &rtnl;
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

/*
 * A name for an end of connect: a valid name and no kernel template ("%d"):
 * connect finds and, after a failure, removes its links by these names.
 */
static bool connect_ifname_valid(const char *s)
{
	return ifname_valid(s) && !strchr(s, '%');
}

/* The default name of the end in one namespace: veth-OTHER ("-": host or -n's). */
static int default_ifname(char *buf, const char *other)
{
	const char *o = strcmp(other, "-") != 0 ? other : opt.netns ? opt.netns : "host";

	if ((size_t)snprintf(buf, IFNAMSIZ, "veth-%s", o) >= IFNAMSIZ ||
	    !connect_ifname_valid(buf)) {
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
		ifa = xt_rtnl_addr_req(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, s->addr.family,
				       s->addr.len, s->index);
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

/* Does an address dump show 127.0.0.1/8 on lo (the side's lo_index)? */
static int take_lo_addr(const struct nlmsghdr *nlh, void *data)
{
	struct side *s = data;
	const struct ifaddrmsg *ifa = NLMSG_DATA(nlh);
	const struct nlattr *tb[IFA_MAX + 1];
	const uint32_t *local;

	if (nlh->nlmsg_type != RTM_NEWADDR || xt_nla_parse(nlh, sizeof(*ifa), tb, IFA_MAX) ||
	    ifa->ifa_family != AF_INET || (int)ifa->ifa_index != s->lo_index ||
	    ifa->ifa_prefixlen != 8)
		return 0;
	local = xt_nla_get_payload(tb[IFA_LOCAL], sizeof(*local));
	if (local && *local == htonl(INADDR_LOOPBACK))
		s->lo_addr = true;
	return 0;
}

/*
 * lo's flags and index in @s's namespace, and when lo is down, whether it
 * has 127.0.0.1/8: bringing lo up adds that address and putting it down
 * does not remove it, so an undo must know. 0 or -errno.
 */
static int read_lo(struct side *s)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	int rc;

	s->lo_index = xt_rtnl_link_index(s->r, "lo");
	if (s->lo_index < 0)
		return s->lo_index;
	xt_rtnl_link_req(buf, RTM_GETLINK, 0, s->lo_index);
	rc = xt_rtnl_talk(s->r, nlh, take_flags, &s->lo_flags);
	if (rc < 0 || (s->lo_flags & IFF_UP))
		return rc;
	xt_rtnl_addr_req(buf, RTM_GETADDR, NLM_F_DUMP, AF_INET, 0, s->lo_index);
	return xt_rtnl_talk(s->r, nlh, take_lo_addr, s);
}

/*
 * Remove 127.0.0.1/8 from lo (@lo_index), which bringing lo up added: lo
 * goes back as it was (putting it down leaves the address). 0 or -errno;
 * -EADDRNOTAVAIL when it is not there.
 */
int lo_drop_addr(struct xt_rtnl *r, int lo_index)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	uint32_t lo = htonl(INADDR_LOOPBACK);

	xt_rtnl_addr_req(buf, RTM_DELADDR, 0, AF_INET, 8, lo_index);
	xt_nla_put(nlh, IFA_LOCAL, &lo, sizeof(lo));
	return xt_rtnl_talk(r, nlh, NULL, NULL);
}

/* Put lo of side @s back down, as it was, without the address up added. */
static void lo_back_down(struct side *s)
{
	(void)xt_rtnl_link_change(s->r, s->lo_index, 0, IFF_UP);
	if (!s->lo_addr)
		(void)lo_drop_addr(s->r, s->lo_index); /* (none: lo never came up) */
}

/* ---- parse ------------------------------------------------------------- */

/*
 * The arguments: NS1 NS2 [A1/P A2/P] [--name IF1:IF2], into @s. Nothing
 * is opened yet. 0, or the exit status after the message.
 */
static int parse_connect(int argc, char **argv, struct side s[2])
{
	const char *names = NULL, *pos[4];
	int npos = 0, k;

	for (int i = 0; i < argc; i++) {
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
				return bad_prefix(AF_UNSPEC, pos[2 + k]);
			s[k].addr_arg = pos[2 + k];
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
				      strchr(s[k].ifname, '%') ?
					      " (no templates: connect needs fixed names)" :
					      "");
				return EXIT_FAILURE;
			}
		}
	} else if (default_ifname(s[0].ifname, s[1].ns) || default_ifname(s[1].ifname, s[0].ns)) {
		return EXIT_FAILURE;
	}
	if (strcmp(s[0].ns, s[1].ns) == 0 && strcmp(s[0].ifname, s[1].ifname) == 0) {
		warnx("both ends would be called \"%s\" in one namespace: use --name IF1:IF2",
		      vis(s[0].ifname));
		return EXIT_FAILURE;
	}
	return 0;
}

/* ---- open both sides ---------------------------------------------------- */

/*
 * Both namespaces, a socket in each, and lo's state there (to put back
 * after a failure). @home gets our own namespace. 0, or the exit status
 * after the message; what was opened is closed by close_sides().
 */
static int open_sides(struct side s[2], int *home)
{
	int rc, k;

	for (k = 0; k < 2; k++) {
		if (strcmp(s[k].ns, "-") == 0)
			continue;
		if ((rc = check_name(s[k].ns, false)))
			return rc;
		s[k].nsfd = open_name(s[k].ns);
		if (s[k].nsfd < 0) {
			warn("Cannot open network namespace \"%s\"", vis(s[k].ns));
			return EX_INVARG;
		}
	}
	if ((rc = rtnl_ready()))
		return rc;
	*home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*home < 0) {
		warn("cannot open /proc/self/ns/net");
		return EXIT_FAILURE;
	}
	for (k = 0; k < 2; k++) {
		if ((rc = open_side(&s[k], *home)) < 0) {
			errno = -rc;
			warn("setting the network namespace \"%s\" failed", vis(s[k].ns));
			return EX_INVARG;
		}
		if ((rc = read_lo(&s[k])) < 0)
			return rtnl_error(s[k].r, rc);
	}
	return 0;
}

static void close_sides(struct side s[2], int home)
{
	for (int k = 0; k < 2; k++) {
		if (s[k].r == &s[k].sock)
			xt_rtnl_close(&s[k].sock);
		if (s[k].nsfd >= 0)
			close(s[k].nsfd);
	}
	if (home >= 0)
		close(home);
}

/* ---- undo --------------------------------------------------------------- */

/*
 * Side @k failed at @step with -errno @rc: say so, delete the pair (one
 * end takes the other with it, wherever it is) and, when lo was the step,
 * put lo back down (and its address away) on the sides up to @k that had
 * it down: @k's own too, since a request whose answer was lost (-ENOBUFS)
 * may have been done, and setting down a link that is down changes
 * nothing. The status.
 */
static int undo_pair(struct side s[2], int k, const char *step, int rc)
{
	char ifn[IFNAMSIZ + 2];
	int status;

	snprintf(ifn, sizeof(ifn), "%s", s[k].ifname);
	if (strcmp(step, "address") == 0)
		warnx("cannot add %s to %s in %s:", vis(s[k].addr_arg), vis(ifn), vis(s[k].ns));
	else
		warnx("cannot bring %s up in %s:", vis(strcmp(step, "lo") == 0 ? "lo" : ifn),
		      vis(s[k].ns));
	status = rtnl_error(s[k].r, rc);
	(void)xt_rtnl_link_del(s[0].r, 0, s[0].ifname);
	for (int n = 0; n <= k && strcmp(step, "lo") == 0; n++)
		if (!(s[n].lo_flags & IFF_UP))
			lo_back_down(&s[n]);
	return status;
}

/* ---- make the pair ------------------------------------------------------ */

/*
 * The pair, made in place by one request (the first end's namespace
 * outside, the peer's inside VETH_INFO_PEER), so no end ever sits in the
 * wrong namespace; then each end addressed and up, then lo up on both
 * sides. 0, or the exit status (after any later failure, undone).
 */
static int make_pair(struct side s[2])
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct end_opts e[2] = { { .nsfd = -1 }, { .nsfd = -1 } };
	const char *step = "";
	int rc, k;

	for (k = 0; k < 2; k++) {
		e[k].name = s[k].ifname;
		e[k].has_ns = s[k].nsfd >= 0;
		e[k].nsfd = s[k].nsfd; /* borrowed: closed with s[] */
	}
	build_newlink(buf, &e[0], "veth", &e[1]);
	rc = xt_rtnl_talk(&rtnl, (struct nlmsghdr *)buf, NULL, NULL);
	if (rc < 0)
		return rtnl_error(&rtnl, rc);
	for (k = 0; k < 2; k++)
		if ((rc = finish_side(&s[k], &step)) < 0)
			return undo_pair(s, k, step, rc);
	step = "lo";
	for (k = 0; k < 2; k++)
		if (!(s[k].lo_flags & IFF_UP) &&
		    (rc = xt_rtnl_link_change(s[k].r, s[k].lo_index, IFF_UP, IFF_UP)) < 0)
			return undo_pair(s, k, step, rc);
	return 0;
}

/*
 * connect NS1 NS2 [A1/P A2/P] [--name IF1:IF2]: a veth pair with one end
 * in each namespace, both ends and both lo up, addressed ("-" for a
 * namespace: the current one; for an address: none); all or nothing.
 */
int xnetns_connect(int argc, char **argv)
{
	struct side s[2] = { { .nsfd = -1, .sock = { .fd = -1 } },
			     { .nsfd = -1, .sock = { .fd = -1 } } };
	int home = -1, rc;

	rc = parse_connect(argc, argv, s);
	if (rc == 0)
		rc = open_sides(s, &home);
	if (rc == 0)
		rc = make_pair(s);
	for (int k = 0; rc == 0 && opt.atomic && k < 2; k++)
		if (!(s[k].lo_flags & IFF_UP))
			undo_down(s[k].nsfd, s[k].lo_index, !s[k].lo_addr);
	if (rc == 0 && opt.atomic)
		undo_link_at(s[0].nsfd, s[0].ifname);
	close_sides(s, home);
	return rc;
}
