/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtnl.h - the one rtnetlink layer: build a request, send it, read the
 * replies, and keep the kernel's extended-ack text of a refusal.
 *
 * Written directly on AF_NETLINK sockets rather than on libmnl: Debian ships
 * libmnl only as a shared library, and xnetns is linked statically, because
 * a static binary starts without the dynamic loader's work (mapping and
 * relocating each shared library costs more than most xnetns commands do
 * in the kernel). The layer is small and covers what the tools send: one
 * request at a time, dumps, and many one-reply requests in a single send
 * (list with ids).
 *
 * A full request is a sticky error, so that callers need not check every
 * put: once an attribute does not fit, that put and every later one on the
 * same request return NULL and add nothing, and xt_rtnl_talk() or
 * xt_rtnl_talk_many() refuse the request with -EMSGSIZE without sending a
 * byte of it. A request is never sent half-written.
 *
 * For a reader who knows libmnl, the nearest equivalents:
 *
 *   xt_rtnl_open / xt_rtnl_close   mnl_socket_open + mnl_socket_bind /
 *                                  mnl_socket_close
 *   xt_nlmsg_init                  mnl_nlmsg_put_header +
 *                                  mnl_nlmsg_put_extra_header
 *   xt_nlmsg_full                  (none: libmnl's puts are checked one by
 *                                  one, mnl_attr_put_check)
 *   xt_nla_put, _u32, _s32, _str   mnl_attr_put, _u32, _u32, _strz
 *   xt_nla_nest_start, _end        mnl_attr_nest_start, mnl_attr_nest_end
 *   xt_nla_nest_start_hdr          mnl_attr_nest_start + a header copied
 *                                  in by hand
 *   xt_nla_parse, _parse_nested    mnl_attr_parse, mnl_attr_parse_nested
 *                                  (with a callback filling a table)
 *   xt_nla_data, xt_nla_len        mnl_attr_get_payload, mnl_attr_get_payload_len
 *   xt_nla_get_u8, _u32, _s32      mnl_attr_get_u8, mnl_attr_get_u32
 *   xt_nla_get_str                 mnl_attr_get_str (copied, bounded)
 *   xt_nla_get_bytes               mnl_attr_get_payload + memcpy
 *   xt_nla_get_payload             mnl_attr_validate2 + mnl_attr_get_payload
 *   xt_rtnl_talk                   mnl_socket_sendto + mnl_socket_recvfrom +
 *                                  mnl_cb_run, until the ack or NLMSG_DONE
 *   xt_rtnl_talk_many              mnl_nlmsg_batch_* + mnl_cb_run
 *   xt_nlmsg_error, xt_nlmsg_extack  mnl_nlmsg_get_payload (struct nlmsgerr)
 *                                  + the NLMSGERR_ATTR_MSG attribute
 *   xt_rtnl_link_req, _addr_req,   (none: libmnl has no family helpers;
 *   _route_req, _link_index,        iproute2 writes these by hand)
 *   _link_change, _link_del
 */
#ifndef XT_RTNL_H
#define XT_RTNL_H

#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/** Room for one request: ours are a header and a few attributes. */
#define XT_NLMSG_MAX 1024

/**
 * struct xt_rtnl - an open rtnetlink socket
 * @fd: the socket, close-on-exec
 * @seq: sequence number of the last request sent
 * @errmsg: the kernel's extended-ack message of the last refusal, or ""
 */
struct xt_rtnl {
	int fd;
	uint32_t seq;
	char errmsg[256];
};

/**
 * xt_rtnl_open() - open an rtnetlink socket with extended acks and strict
 * checking of dump requests (so dump filters are honoured)
 * Return: 0 or -errno.
 */
int xt_rtnl_open(struct xt_rtnl *r);
/** xt_rtnl_close() - close the socket (no-op when it was never opened). */
void xt_rtnl_close(struct xt_rtnl *r);

/**
 * xt_nlmsg_init() - start a request of @type in @buf (XT_NLMSG_MAX bytes,
 * aligned), with NLM_F_REQUEST and @flags, followed by @hdrlen zeroed bytes of
 * family header (struct ifinfomsg, rtgenmsg...), which it returns.
 */
void *xt_nlmsg_init(void *buf, uint16_t type, uint16_t flags, size_t hdrlen);

/**
 * xt_nlmsg_full() - has a put on request @nlh failed for want of room? Then
 * the request is refused by xt_rtnl_talk() and xt_rtnl_talk_many().
 */
int xt_nlmsg_full(const struct nlmsghdr *nlh);

/**
 * xt_nla_put() - append attribute @type with @len bytes of @data (zeroes
 * when @data is NULL) to the request @nlh (XT_NLMSG_MAX bytes of room)
 *
 * Return: the attribute, or NULL when it does not fit or an earlier put on
 * @nlh did not (the request is then full for good: see xt_nlmsg_full()).
 */
struct nlattr *xt_nla_put(struct nlmsghdr *nlh, uint16_t type, const void *data, size_t len);
static inline struct nlattr *xt_nla_put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	return xt_nla_put(nlh, type, &v, sizeof(v));
}
static inline struct nlattr *xt_nla_put_s32(struct nlmsghdr *nlh, uint16_t type, int32_t v)
{
	return xt_nla_put(nlh, type, &v, sizeof(v));
}
/** xt_nla_put_str() - a NUL-terminated string attribute. */
struct nlattr *xt_nla_put_str(struct nlmsghdr *nlh, uint16_t type, const char *s);
/**
 * xt_nla_nest_start() - open a nested attribute; close with
 * xt_nla_nest_end(). Return: the nest, or NULL when the request is full.
 */
struct nlattr *xt_nla_nest_start(struct nlmsghdr *nlh, uint16_t type);
/** xt_nla_nest_end() - close @nest (a no-op for NULL: a full request). */
void xt_nla_nest_end(struct nlmsghdr *nlh, struct nlattr *nest);

/**
 * xt_nla_parse() - index the attributes of a message: @tb[type] points at the
 * last attribute of each type up to @max, the others are NULL
 * @nlh: the message; its attributes follow @hdrlen bytes of family header
 * Return: 0, or -EINVAL when the message is too short for its header.
 */
int xt_nla_parse(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
		 unsigned int max);
/** xt_nla_parse_nested() - the same for the payload of a nested attribute. */
void xt_nla_parse_nested(const struct nlattr *nest, const struct nlattr **tb, unsigned int max);

static inline const void *xt_nla_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}
static inline size_t xt_nla_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}
/**
 * xt_nla_get_u32() - the payload of @a as a u32 (a shorter payload is
 * zero-extended)
 */
uint32_t xt_nla_get_u32(const struct nlattr *a);
static inline int32_t xt_nla_get_s32(const struct nlattr *a)
{
	return (int32_t)xt_nla_get_u32(a);
}
/** xt_nla_get_u8() - the first byte of @a's payload, 0 when it is empty. */
static inline uint8_t xt_nla_get_u8(const struct nlattr *a)
{
	return xt_nla_len(a) ? *(const uint8_t *)xt_nla_data(a) : 0;
}

/**
 * xt_nla_get_str() - copy the string in @a into @buf
 * @a: a string attribute, or NULL (then @buf gets "")
 * @size: room in @buf (> 0); a longer string is cut, always terminated
 *
 * The payload need not be terminated: the copy stops at its end.
 * Return: @buf.
 */
char *xt_nla_get_str(const struct nlattr *a, char *buf, size_t size);

/**
 * xt_nla_get_bytes() - copy at most @size bytes of @a's payload into @buf
 * @a: the attribute, or NULL (nothing is copied)
 * Return: the number of bytes copied.
 */
size_t xt_nla_get_bytes(const struct nlattr *a, void *buf, size_t size);

/**
 * xt_nla_get_payload() - @a's payload, when @a is there and carries at
 * least @minlen bytes (a struct the kernel sends whole, an address)
 * Return: the payload, or NULL.
 */
const void *xt_nla_get_payload(const struct nlattr *a, size_t minlen);

/**
 * typedef xt_rtnl_cb - called for each reply message that is not an ack
 * Return: 0 to go on, or a negative value to stop and return it.
 */
typedef int (*xt_rtnl_cb)(const struct nlmsghdr *nlh, void *data);

/**
 * xt_rtnl_talk() - send one request and read its answer
 * @req: the request; NLM_F_ACK is added, the sequence number is set
 * @cb: gets every reply message (a dump's parts, a get's reply); may be NULL
 *
 * Ends at the kernel's ack (or, for a dump, at NLMSG_DONE).
 * Return: 0, the negative value @cb returned, or -errno: -EMSGSIZE with
 * nothing sent when @req is full (xt_nlmsg_full()), the kernel's refusal
 * (its extended-ack text, if any, in @r->errmsg) or a socket error.
 * An overflow of the socket's receive queue (ENOBUFS) is not an answer:
 * the replies are read on up to a barrier request, and the kernel's answer
 * stands when none was lost; -ENOBUFS when one was, or for a dump.
 */
int xt_rtnl_talk(struct xt_rtnl *r, struct nlmsghdr *req, xt_rtnl_cb cb, void *data);

/**
 * xt_rtnl_talk_many() - send @count requests that get exactly one reply
 * each (gets without NLM_F_ACK), laid out back to back in @buf (@len bytes),
 * in one system call, and pass every reply to @cb, errors (NLMSG_ERROR)
 * included. Sequence numbers are set here, in order.
 * Return: 0, @cb's negative value, or -errno: -EMSGSIZE with nothing sent
 * when one of the requests is full, else an error of the socket.
 */
int xt_rtnl_talk_many(struct xt_rtnl *r, void *buf, size_t len, unsigned int count, xt_rtnl_cb cb,
		      void *data);

/**
 * xt_nlmsg_error() - the error an NLMSG_ERROR reply carries: 0 (an ack) or
 * -errno.
 */
int xt_nlmsg_error(const struct nlmsghdr *nlh);

/**
 * xt_nla_nest_start_hdr() - open a nested attribute whose payload starts
 * with a family header, then attributes: the layout of VETH_INFO_PEER (a
 * struct ifinfomsg, then the peer's attributes)
 * @hdr: the header, @hdrlen bytes, copied in
 * Return: the nest (close with xt_nla_nest_end()), or NULL when full.
 */
struct nlattr *xt_nla_nest_start_hdr(struct nlmsghdr *nlh, uint16_t type, const void *hdr,
				     size_t hdrlen);

/**
 * xt_nlmsg_extack() - copy the extended-ack text of an error reply (or of a
 * failed dump's NLMSG_DONE) into @buf (always terminated; "" when the
 * kernel sent none)
 */
void xt_nlmsg_extack(const struct nlmsghdr *nlh, char *buf, size_t size);

/*
 * Requests of the link, address and route families. Each starts a request
 * in @buf (XT_NLMSG_MAX bytes, aligned) like xt_nlmsg_init() and fills the
 * family header; attributes follow with xt_nla_put*().
 */
/** xt_rtnl_link_req() - RTM_NEWLINK/DELLINK/GETLINK for @ifindex (0: by name). */
struct ifinfomsg *xt_rtnl_link_req(void *buf, uint16_t type, uint16_t flags, int ifindex);
/** xt_rtnl_addr_req() - RTM_NEWADDR/DELADDR/GETADDR. */
struct ifaddrmsg *xt_rtnl_addr_req(void *buf, uint16_t type, uint16_t flags, uint8_t family,
				   uint8_t prefixlen, int ifindex);
/**
 * xt_rtnl_route_req() - RTM_NEWROUTE/DELROUTE/GETROUTE in the main table;
 * a new route is a static unicast one of protocol "boot" (ip's defaults),
 * a deleted one matches any scope
 */
struct rtmsg *xt_rtnl_route_req(void *buf, uint16_t type, uint16_t flags, uint8_t family,
				uint8_t dst_len);

/**
 * xt_rtnl_link_index() - the index of the link called @name, asked of the
 * kernel (RTM_GETLINK by IFLA_IFNAME)
 * Return: the index (> 0), -ENODEV when there is no such link, or -errno.
 */
int xt_rtnl_link_index(struct xt_rtnl *r, const char *name);

/**
 * xt_rtnl_link_change() - set the interface flags in @change to @flags
 * (IFF_UP...) on link @ifindex. 0 or -errno (extack in @r->errmsg).
 */
int xt_rtnl_link_change(struct xt_rtnl *r, int ifindex, unsigned int flags, unsigned int change);

/**
 * xt_rtnl_link_del() - delete link @ifindex, or when 0 the link called
 * @name. 0 or -errno (-ENODEV: no such link).
 */
int xt_rtnl_link_del(struct xt_rtnl *r, int ifindex, const char *name);

#endif
