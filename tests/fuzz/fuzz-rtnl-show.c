/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The printers of xnetns link show, addr show and route show
 * (tools/xnetns/show.c, route.c) on arbitrary dump messages: the input is a
 * receive buffer, cut into messages as xt_rtnl_talk() cuts it; each message
 * (copied into a buffer of exactly its length, for AddressSanitizer) goes to
 * the dump callbacks take_link() and take_addr(), then what they collected
 * is printed as link show, addr show (all, -4, -6) and route show (IPv4,
 * IPv6) print it, in text and in JSON. The first input byte is pretty
 * printing (bit 0); the rest is the buffer.
 *
 * Properties: the JSON output is well formed (strings closed, no raw
 * control character in them, brackets balanced, one value); the text output
 * is lines.
 */
#include <arpa/inet.h>

#include "fuzz.h"
#include "xnetns.h"

/*
 * A structural check of JSON: strings closed and free of raw control
 * characters and bad escapes, [] and {} balanced and nested right, exactly
 * one top-level value, ending in a newline.
 */
static int json_well_formed(const char *s, size_t n)
{
	char stack[64];
	int depth = 0, values = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '"') {
			for (i++; i < n && s[i] != '"'; i++) {
				if ((unsigned char)s[i] < 0x20)
					return 0;
				if (s[i] == '\\') {
					if (++i >= n || !strchr("\"\\/bfnrtu", s[i]))
						return 0;
				}
			}
			if (i >= n)
				return 0;
		} else if (c == '[' || c == '{') {
			if (depth == 0)
				values++;
			if (depth >= (int)sizeof(stack))
				return 0;
			stack[depth++] = c == '[' ? ']' : '}';
		} else if (c == ']' || c == '}') {
			if (depth == 0 || stack[--depth] != c)
				return 0;
		}
	}
	return depth == 0 && values == 1 && n > 0 && s[n - 1] == '\n';
}

/* Run @print with stdout into memory; check the output. */
static void printed(void (*print)(void *), void *arg, bool json)
{
	FILE *saved = stdout;
	char *out = NULL;
	size_t n = 0;

	stdout = open_memstream(&out, &n);
	FUZZ_CHECK(stdout != NULL);
	print(arg);
	FUZZ_CHECK(fclose(stdout) == 0);
	stdout = saved;
	FUZZ_CHECK(strlen(out) == n);
	if (json)
		FUZZ_CHECK(json_well_formed(out, n));
	else
		FUZZ_CHECK(n == 0 || out[n - 1] == '\n');
	free(out);
}

struct shown {
	struct links links;
	struct addrs addrs;
	const struct nlmsghdr **msgs;
	size_t nmsgs;
	bool addr_show;
	uint8_t family;
};

static void print_show(void *arg)
{
	struct shown *s = arg;

	print_links(&s->links, &s->addrs, NULL, s->addr_show, s->family);
}

static void print_routes(void *arg)
{
	struct shown *s = arg;
	struct route_show rs = { .links = s->links, .family = s->family };

	if (opt.json) {
		xt_json_init(&rs.j, stdout, opt.pretty);
		xt_json_start_array(&rs.j);
	}
	for (size_t i = 0; i < s->nmsgs; i++)
		FUZZ_CHECK(print_route(s->msgs[i], &rs) == 0);
	if (opt.json) {
		xt_json_end_array(&rs.j);
		putchar('\n');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct shown s = { 0 };
	uint32_t *buf;
	const struct nlmsghdr *nlh;
	size_t left, total;

	if (size == 0)
		return 0;
	opt.pretty = data[0] & 1;
	total = left = size - 1;
	buf = malloc(left + 4);
	FUZZ_CHECK(buf != NULL);
	if (left)
		memcpy(buf, data + 1, left);
	/* as read_replies() walks: left wraps past 0 after an unaligned last message */
	for (nlh = (const struct nlmsghdr *)buf; left <= total && NLMSG_OK(nlh, left);
	     nlh = NLMSG_NEXT(nlh, left)) {
		struct nlmsghdr *m = malloc(nlh->nlmsg_len);

		FUZZ_CHECK(m != NULL);
		memcpy(m, nlh, nlh->nlmsg_len);
		FUZZ_CHECK(take_link(m, &s.links) == 0);
		FUZZ_CHECK(take_addr(m, &s.addrs) == 0);
		s.msgs = realloc(s.msgs, (s.nmsgs + 1) * sizeof(*s.msgs));
		FUZZ_CHECK(s.msgs != NULL);
		s.msgs[s.nmsgs++] = m;
	}
	for (int json = 0; json <= 1; json++) {
		opt.json = json;
		s.addr_show = false;
		s.family = AF_UNSPEC;
		printed(print_show, &s, json);
		s.addr_show = true;
		printed(print_show, &s, json);
		s.family = AF_INET;
		printed(print_show, &s, json);
		printed(print_routes, &s, json);
		s.family = AF_INET6;
		printed(print_show, &s, json);
		printed(print_routes, &s, json);
	}
	for (size_t i = 0; i < s.nmsgs; i++)
		free((void *)s.msgs[i]);
	free(s.msgs);
	free(s.links.v);
	free(s.addrs.v);
	free(buf);
	return 0;
}
