/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtnl.c - requests to and replies from the kernel's rtnetlink.
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rtnl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/*
 * The mark of a full request: a flag only the kernel sets, and only on its
 * replies (a dump interrupted by a change), so no request carries it. The
 * length stays that of the attributes that fit, so requests laid back to
 * back (xt_rtnl_talk_many) can still be walked.
 */
#define NLM_F_XT_FULL NLM_F_DUMP_INTR

/* Large enough for any single dump message the kernel sends (it sizes them
 * to at most 32 KiB for a reader offering that much). */
#define RECV_SIZE 32768

int xt_rtnl_open(struct xt_rtnl *r)
{
	int one = 1;

	r->seq = 0;
	r->errmsg[0] = '\0';
	r->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (r->fd < 0)
		return -errno;
	/*
	 * Options only make messages better; kernels without them still
	 * work. CAP_ACK: errors do not echo the request, so the extended-ack
	 * attributes sit at a fixed offset.
	 */
	(void)setsockopt(r->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(r->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	(void)setsockopt(r->fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one));
	return 0;
}

void xt_rtnl_close(struct xt_rtnl *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

void *xt_nlmsg_init(void *buf, uint16_t type, uint16_t flags, size_t hdrlen)
{
	struct nlmsghdr *nlh = buf;

	memset(buf, 0, NLMSG_SPACE(hdrlen));
	nlh->nlmsg_len = NLMSG_LENGTH(hdrlen);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return NLMSG_DATA(nlh);
}

int xt_nlmsg_full(const struct nlmsghdr *nlh)
{
	return (nlh->nlmsg_flags & NLM_F_XT_FULL) != 0;
}

struct nlattr *xt_nla_put(struct nlmsghdr *nlh, uint16_t type, const void *data, size_t len)
{
	size_t at = NLMSG_ALIGN(nlh->nlmsg_len);
	struct nlattr *a = (struct nlattr *)((char *)nlh + at);

	if (xt_nlmsg_full(nlh))
		return NULL;
	if (at + NLA_HDRLEN + NLA_ALIGN(len) > XT_NLMSG_MAX || len > UINT16_MAX - NLA_HDRLEN) {
		nlh->nlmsg_flags |= NLM_F_XT_FULL;
		return NULL;
	}
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len && data)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	else if (len)
		memset((char *)a + NLA_HDRLEN, 0, len);
	memset((char *)a + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	nlh->nlmsg_len = (uint32_t)(at + NLA_HDRLEN + NLA_ALIGN(len));
	return a;
}

struct nlattr *xt_nla_put_str(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	return xt_nla_put(nlh, type, s, strlen(s) + 1);
}

struct nlattr *xt_nla_nest_start(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *a = xt_nla_put(nlh, type, NULL, 0);

	if (a)
		a->nla_type |= NLA_F_NESTED;
	return a;
}

void xt_nla_nest_end(struct nlmsghdr *nlh, struct nlattr *nest)
{
	if (!nest)
		return;
	nest->nla_len = (uint16_t)((char *)nlh + nlh->nlmsg_len - (char *)nest);
}

/* Index the attributes in [p, p + len). */
static void parse_attrs(const char *p, size_t len, const struct nlattr **tb, unsigned int max)
{
	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		unsigned int type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < NLA_HDRLEN || (size_t)a->nla_len > len)
			break;
		if (type <= max)
			tb[type] = a;
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		p += NLA_ALIGN(a->nla_len);
		len -= NLA_ALIGN(a->nla_len);
	}
}

int xt_nla_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
		 unsigned int max)
{
	size_t off = NLMSG_SPACE(hdrlen);

	if (nlh->nlmsg_len < NLMSG_LENGTH(hdrlen))
		return -EINVAL;
	if (nlh->nlmsg_len < off)
		off = nlh->nlmsg_len;
	parse_attrs((const char *)nlh + off, nlh->nlmsg_len - off, tb, max);
	return 0;
}

void xt_nla_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max)
{
	parse_attrs(xt_nla_data(nest), xt_nla_len(nest), tb, max);
}

uint32_t xt_nla_get_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	memcpy(&v, xt_nla_data(a), xt_nla_len(a) < sizeof(v) ? xt_nla_len(a) : sizeof(v));
	return v;
}

char *xt_nla_get_str(const struct nlattr *a, char *buf, size_t size)
{
	size_t n = a ? strnlen(xt_nla_data(a), xt_nla_len(a)) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(buf, xt_nla_data(a), n);
	buf[n] = '\0';
	return buf;
}

size_t xt_nla_get_bytes(const struct nlattr *a, void *buf, size_t size)
{
	size_t n = a ? xt_nla_len(a) : 0;

	if (n > size)
		n = size;
	if (n)
		memcpy(buf, xt_nla_data(a), n);
	return n;
}

const void *xt_nla_get_payload(const struct nlattr *a, size_t minlen)
{
	return a && xt_nla_len(a) >= minlen ? xt_nla_data(a) : NULL;
}

int xt_nlmsg_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(int)))
		return -EBADMSG;
	return e->error > 0 ? -e->error : e->error;
}

void xt_nlmsg_extack(const struct nlmsghdr *nlh, char *buf, size_t size)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off;

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	} else {
		const struct nlmsgerr *e = NLMSG_DATA(nlh);

		if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
			return; /* too short for the request's header it echoes */
		off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*e));
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if (off >= nlh->nlmsg_len)
		return;
	parse_attrs((const char *)nlh + off, nlh->nlmsg_len - off, tb, NLMSGERR_ATTR_MAX);
	if (tb[NLMSGERR_ATTR_MSG] && xt_nla_len(tb[NLMSGERR_ATTR_MSG]) > 0) {
		size_t n = strnlen(xt_nla_data(tb[NLMSGERR_ATTR_MSG]),
				   xt_nla_len(tb[NLMSGERR_ATTR_MSG]));

		if (n >= size)
			n = size - 1;
		memcpy(buf, xt_nla_data(tb[NLMSGERR_ATTR_MSG]), n);
		buf[n] = '\0';
	}
}

/*
 * Keep the extended-ack message that follows an error (NLMSG_ERROR) or the
 * status of a failed dump (NLMSG_DONE), when the kernel sent one.
 */
static void keep_extack(struct xt_rtnl *r, const struct nlmsghdr *nlh)
{
	xt_nlmsg_extack(nlh, r->errmsg, sizeof(r->errmsg));
}

static int send_all(struct xt_rtnl *r, const void *buf, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	do
		n = sendto(r->fd, buf, len, 0, (struct sockaddr *)&kernel, sizeof(kernel));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

static ssize_t recv_some(struct xt_rtnl *r, void *buf)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = RECV_SIZE };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1
	};
	ssize_t n;

	do
		n = recvmsg(r->fd, &msg, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	return n;
}

/*
 * A barrier after an overrun: NLMSG_NOOP is a control message, which the
 * kernel does not hand to rtnetlink but acks (error 0) when asked to. Its
 * ack is queued after every reply to the requests sent before it. 0 or
 * -errno; its sequence number in *@seq.
 */
static int send_barrier(struct xt_rtnl *r, uint32_t *seq)
{
	struct nlmsghdr nlh = { .nlmsg_len = NLMSG_LENGTH(0),
				.nlmsg_type = NLMSG_NOOP,
				.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK };

	nlh.nlmsg_seq = *seq = ++r->seq;
	return send_all(r, &nlh, nlh.nlmsg_len);
}

/* How many overruns one answer may meet before it is given up. */
#define MAX_OVERRUNS 4

/*
 * Read replies to the requests with sequence numbers [first, last]:
 * @one_reply: each request is answered by
 * exactly one message (talk_many), else by an ack or NLMSG_DONE (talk);
 * @dump: the request is a dump.
 *
 * ENOBUFS from recvmsg says that the socket's receive queue overflowed and
 * the kernel dropped a message meant for it: the error is reported once,
 * and the messages still queued can be read as before. It does not say
 * whether the request was done, and failing there would report a change
 * the kernel made as not made. A request that is not a dump is handled
 * within the send, so its whole answer (a reply, the ack) is queued by
 * then; the only messages this socket gets are answers to its own
 * requests (it joins no multicast group). So, after an overrun, a barrier
 * request (send_barrier) goes out and the replies are read up to the
 * barrier's ack: if every answer came before it, none was dropped and the
 * result stands, the change made or refused as the ack says. If one is
 * missing (it was the dropped message), the outcome is not known: -ENOBUFS,
 * as rare as an overflow of a queue that holds only our own few answers.
 * A dump's parts are made as the reader reads, and one may be lost: the
 * caller gets -ENOBUFS rather than a listing with a hole in it.
 */
static int read_replies(struct xt_rtnl *r, uint32_t first, uint32_t last, int one_reply, int dump,
			xt_rtnl_cb cb, void *data)
{
	static char buf[RECV_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	unsigned int want = last - first + 1, answered = 0, replies = 0, overruns = 0;
	uint32_t barrier = 0;
	int rc = 0;

	while (answered < want || barrier) {
		ssize_t n = recv_some(r, buf);
		const struct nlmsghdr *nlh;
		size_t left;

		if (n == -ENOBUFS && !dump && ++overruns <= MAX_OVERRUNS) {
			if (send_barrier(r, &barrier) < 0)
				return -ENOBUFS;
			continue;
		}
		if (n < 0)
			return (int)n;
		left = (size_t)n;
		/* left <= n: NLMSG_NEXT wraps it past 0 after a last message of unaligned length */
		for (nlh = (const struct nlmsghdr *)buf; left <= (size_t)n && NLMSG_OK(nlh, left);
		     nlh = NLMSG_NEXT(nlh, left)) {
			if (barrier && nlh->nlmsg_seq == barrier) {
				barrier = 0; /* everything before it has come */
				continue;
			}
			if (nlh->nlmsg_seq < first || nlh->nlmsg_seq > last)
				continue; /* a late answer to an earlier request */
			if (one_reply) {
				answered++;
				if (rc == 0 && cb)
					rc = cb(nlh, data);
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
				int e = nlh->nlmsg_type == NLMSG_ERROR ? xt_nlmsg_error(nlh) : 0;

				if (nlh->nlmsg_type == NLMSG_DONE &&
				    nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
					e = *(const int *)NLMSG_DATA(nlh);
					e = e > 0 ? -e : e;
				}
				if (e < 0)
					keep_extack(r, nlh);
				answered++;
				if (rc == 0)
					rc = e;
				continue;
			}
			replies++;
			if (rc == 0 && cb)
				rc = cb(nlh, data);
		}
		if (overruns && !barrier)
			break;
	}
	/*
	 * After an overrun: an answer that never came, or a get acked
	 * without its reply (@cb: the caller waits for one), was dropped.
	 */
	if (overruns && (answered < want || (!one_reply && cb && rc == 0 && replies == 0)))
		return -ENOBUFS;
	return rc;
}

int xt_rtnl_talk(struct xt_rtnl *r, struct nlmsghdr *req, xt_rtnl_cb cb, void *data)
{
	int rc;

	r->errmsg[0] = '\0';
	if (xt_nlmsg_full(req))
		return -EMSGSIZE;
	req->nlmsg_seq = ++r->seq;
	/* A dump ends with NLMSG_DONE; anything else is acked. */
	if ((req->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		req->nlmsg_flags |= NLM_F_ACK;
	rc = send_all(r, req, req->nlmsg_len);
	if (rc < 0)
		return rc;
	return read_replies(r, req->nlmsg_seq, req->nlmsg_seq, 0,
			    (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP, cb, data);
}

int xt_rtnl_talk_many(struct xt_rtnl *r, void *buf, size_t len, unsigned int count, xt_rtnl_cb cb,
		      void *data)
{
	struct nlmsghdr *nlh;
	size_t left = len;
	uint32_t first = r->seq + 1;
	int rc;

	if (count == 0)
		return 0;
	r->errmsg[0] = '\0';
	for (nlh = buf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left))
		if (xt_nlmsg_full(nlh))
			return -EMSGSIZE;
	left = len;
	for (nlh = buf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left))
		nlh->nlmsg_seq = ++r->seq;
	rc = send_all(r, buf, len);
	if (rc < 0)
		return rc;
	return read_replies(r, first, first + count - 1, 1, 0, cb, data);
}

struct nlattr *xt_nla_nest_start_hdr(struct nlmsghdr *nlh, uint16_t type, const void *hdr,
				     size_t hdrlen)
{
	struct nlattr *a = xt_nla_put(nlh, type, hdr, hdrlen);

	if (a)
		a->nla_type |= NLA_F_NESTED;
	return a;
}

struct ifinfomsg *xt_rtnl_link_req(void *buf, uint16_t type, uint16_t flags, int ifindex)
{
	struct ifinfomsg *ifi = xt_nlmsg_init(buf, type, flags, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return ifi;
}

struct ifaddrmsg *xt_rtnl_addr_req(void *buf, uint16_t type, uint16_t flags, uint8_t family,
				   uint8_t prefixlen, int ifindex)
{
	struct ifaddrmsg *ifa = xt_nlmsg_init(buf, type, flags, sizeof(*ifa));

	ifa->ifa_family = family;
	ifa->ifa_prefixlen = prefixlen;
	ifa->ifa_index = (uint32_t)ifindex;
	return ifa;
}

struct rtmsg *xt_rtnl_route_req(void *buf, uint16_t type, uint16_t flags, uint8_t family,
				uint8_t dst_len)
{
	struct rtmsg *rtm = xt_nlmsg_init(buf, type, flags, sizeof(*rtm));

	rtm->rtm_family = family;
	rtm->rtm_dst_len = dst_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	if (type == RTM_NEWROUTE) {
		rtm->rtm_protocol = RTPROT_BOOT;
		rtm->rtm_scope = RT_SCOPE_UNIVERSE;
		rtm->rtm_type = RTN_UNICAST;
	} else if (type == RTM_DELROUTE) {
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	}
	return rtm;
}

static int take_index(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(nlh);

	if (nlh->nlmsg_type == RTM_NEWLINK && nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*ifi)))
		*(int *)data = ifi->ifi_index;
	return 0;
}

int xt_rtnl_link_index(struct xt_rtnl *r, const char *name)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	int ifindex = 0, rc;

	/* no link has a name that long (the kernel would call it invalid) */
	if (strlen(name) >= IFNAMSIZ)
		return -ENODEV;
	xt_rtnl_link_req(buf, RTM_GETLINK, 0, 0);
	xt_nla_put_str(nlh, IFLA_IFNAME, name);
	rc = xt_rtnl_talk(r, nlh, take_index, &ifindex);
	if (rc < 0)
		return rc == -EINVAL || rc == -ERANGE ? -ENODEV : rc;
	return ifindex > 0 ? ifindex : -ENODEV;
}

int xt_rtnl_link_change(struct xt_rtnl *r, int ifindex, unsigned int flags, unsigned int change)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct ifinfomsg *ifi = xt_rtnl_link_req(buf, RTM_NEWLINK, 0, ifindex);

	ifi->ifi_flags = flags;
	ifi->ifi_change = change;
	return xt_rtnl_talk(r, (struct nlmsghdr *)buf, NULL, NULL);
}

int xt_rtnl_link_del(struct xt_rtnl *r, int ifindex, const char *name)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	if (!ifindex && strlen(name) >= IFNAMSIZ)
		return -ENODEV;
	xt_rtnl_link_req(buf, RTM_DELLINK, 0, ifindex);
	if (!ifindex)
		xt_nla_put_str(nlh, IFLA_IFNAME, name);
	return xt_rtnl_talk(r, nlh, NULL, NULL);
}
