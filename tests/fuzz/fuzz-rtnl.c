/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rtnetlink reply walkers of common/rtnl.c on arbitrary bytes: the
 * input is a receive buffer, cut into messages as xt_rtnl_talk() cuts it
 * (NLMSG_OK, NLMSG_NEXT); each message is copied into a buffer of exactly
 * its length, so that AddressSanitizer sees a read past its end, and given
 * to xt_nlmsg_error(), xt_nlmsg_extack(), xt_nla_parse() with the family
 * headers the tools use, and, for every attribute found, the getters and
 * xt_nla_parse_nested(), nests inside nests.
 *
 * Properties: every attribute indexed lies whole inside its message (or
 * its nest) and has the type it is indexed under; a getter copies no more
 * than it is given room for, and a string is always terminated; an error
 * is 0 or a negative errno.
 */
#include <errno.h>

#include "fuzz.h"
#include "rtnl.h"

#define MAX_TYPE 64
#define MAX_DEPTH 4

/* Is [p, p + n) inside [lo, hi)? */
static int inside(const void *p, size_t n, const void *lo, const void *hi)
{
	return (const char *)p >= (const char *)lo && (const char *)p + n <= (const char *)hi;
}

static void check_attr(const struct nlattr *a, unsigned int type, const void *lo, const void *hi,
		       int depth)
{
	const struct nlattr *tb[MAX_TYPE + 1];
	char str[16], bytes[8];
	size_t n;

	FUZZ_CHECK(a->nla_len >= NLA_HDRLEN);
	FUZZ_CHECK(inside(a, a->nla_len, lo, hi));
	FUZZ_CHECK((a->nla_type & NLA_TYPE_MASK) == type);
	FUZZ_CHECK(xt_nla_len(a) == (size_t)a->nla_len - NLA_HDRLEN);

	(void)xt_nla_get_u32(a);
	(void)xt_nla_get_s32(a);
	FUZZ_CHECK(xt_nla_get_u8(a) == (xt_nla_len(a) ? *(const uint8_t *)xt_nla_data(a) : 0));
	memset(str, 'x', sizeof(str));
	FUZZ_CHECK(xt_nla_get_str(a, str, sizeof(str)) == str);
	FUZZ_CHECK(strnlen(str, sizeof(str)) < sizeof(str));
	FUZZ_CHECK(strlen(str) <= xt_nla_len(a));
	FUZZ_CHECK(memcmp(str, xt_nla_data(a), strlen(str)) == 0);
	n = xt_nla_get_bytes(a, bytes, sizeof(bytes));
	FUZZ_CHECK(n <= sizeof(bytes) && n <= xt_nla_len(a));
	FUZZ_CHECK(memcmp(bytes, xt_nla_data(a), n) == 0);
	FUZZ_CHECK(xt_nla_get_payload(a, 4) == (xt_nla_len(a) >= 4 ? xt_nla_data(a) : NULL));

	if (depth >= MAX_DEPTH)
		return;
	xt_nla_parse_nested(a, tb, MAX_TYPE);
	for (unsigned int t = 0; t <= MAX_TYPE; t++)
		if (tb[t])
			check_attr(tb[t], t, xt_nla_data(a), (const char *)a + a->nla_len, depth + 1);
}

static void check_message(const struct nlmsghdr *nlh)
{
	/* the family headers of the replies the tools read */
	static const size_t hdrlens[] = { sizeof(struct ifinfomsg), sizeof(struct ifaddrmsg),
					  sizeof(struct rtmsg), sizeof(struct rtgenmsg), 0 };
	const struct nlattr *tb[MAX_TYPE + 1];
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	char msg[64], tiny[1];
	int e;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		e = xt_nlmsg_error(nlh);
		FUZZ_CHECK(e <= 0);
		FUZZ_CHECK(nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) || e == -EBADMSG);
	}
	if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
		memset(msg, 'x', sizeof(msg));
		xt_nlmsg_extack(nlh, msg, sizeof(msg));
		FUZZ_CHECK(strnlen(msg, sizeof(msg)) < sizeof(msg));
		tiny[0] = 'x';
		xt_nlmsg_extack(nlh, tiny, sizeof(tiny));
		FUZZ_CHECK(tiny[0] == '\0');
	}
	for (size_t i = 0; i < sizeof(hdrlens) / sizeof(hdrlens[0]); i++) {
		if (xt_nla_parse(nlh, hdrlens[i], tb, MAX_TYPE) < 0) {
			FUZZ_CHECK(nlh->nlmsg_len < NLMSG_LENGTH(hdrlens[i]));
			continue;
		}
		for (unsigned int t = 0; t <= MAX_TYPE; t++)
			if (tb[t])
				check_attr(tb[t], t, (const char *)NLMSG_DATA(nlh) + hdrlens[i], end, 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* aligned as the receive buffer of read_replies() is */
	uint32_t *buf = malloc(size + 4);
	const struct nlmsghdr *nlh;
	size_t left = size, total = size;

	FUZZ_CHECK(buf != NULL);
	if (size)
		memcpy(buf, data, size);
	/* as read_replies() walks: left wraps past 0 after an unaligned last message */
	for (nlh = (const struct nlmsghdr *)buf; left <= total && NLMSG_OK(nlh, left);
	     nlh = NLMSG_NEXT(nlh, left)) {
		struct nlmsghdr *m = malloc(nlh->nlmsg_len);

		FUZZ_CHECK(m != NULL);
		memcpy(m, nlh, nlh->nlmsg_len);
		check_message(m);
		free(m);
	}
	free(buf);
	return 0;
}
