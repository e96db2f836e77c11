/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Addresses as xnetns reads them (tools/xnetns/addr.c, link.c):
 * parse_prefix() (ADDR or ADDR/LEN, IPv4 in ip's 1-to-4-part C-number form,
 * IPv6, LEN a number or an IPv4 netmask), parse_inet() and parse_lladdr()
 * (a hardware address: hex bytes split by ':', or a dotted IPv4 address).
 * The first input byte picks the family asked (bits 0-1: AF_UNSPEC,
 * AF_INET, AF_INET6) and whether a /LEN is allowed (bit 2); the rest is
 * the word.
 *
 * Properties: an accepted word prints back (inet_ntop, "/LEN", "%02x:...")
 * to a word accepted again with the same value; each byte of a hardware
 * address is what strtoul() reads in its part; a refused word leaves the
 * output untouched.
 */
#include <arpa/inet.h>

#include "fuzz.h"
#include "xnetns.h"

static void check_prefix(const char *s, uint8_t family, bool want_len)
{
	struct inet_prefix p, q;
	char text[INET6_ADDRSTRLEN + 8];
	size_t n;

	FUZZ_POISON(&p);
	if (parse_prefix(s, family, want_len, &p) < 0) {
		FUZZ_CHECK(FUZZ_UNTOUCHED(&p));
		return;
	}
	FUZZ_CHECK(p.family == AF_INET || p.family == AF_INET6);
	FUZZ_CHECK(family == AF_UNSPEC || p.family == family);
	FUZZ_CHECK(p.len <= family_bytes(p.family) * 8);
	FUZZ_CHECK(p.has_len == (strchr(s, '/') != NULL));
	FUZZ_CHECK(!p.has_len || want_len);
	FUZZ_CHECK(inet_ntop(p.family, p.addr, text, sizeof(text)) != NULL);
	n = strlen(text);
	if (p.has_len)
		snprintf(text + n, sizeof(text) - n, "/%u", p.len);
	FUZZ_POISON(&q);
	FUZZ_CHECK(parse_prefix(text, family, want_len, &q) == 0);
	FUZZ_CHECK(q.family == p.family && q.len == p.len && q.has_len == p.has_len);
	FUZZ_CHECK(memcmp(q.addr, p.addr, sizeof(p.addr)) == 0);
}

static void check_inet(const char *s)
{
	unsigned char a[4], b[4];
	char text[INET_ADDRSTRLEN];

	memset(a, 0xa5, sizeof(a));
	if (parse_inet(s, a) < 0) {
		FUZZ_CHECK(fuzz_is_poisoned(a, sizeof(a)));
		return;
	}
	FUZZ_CHECK(inet_ntop(AF_INET, a, text, sizeof(text)) != NULL);
	FUZZ_CHECK(parse_inet(text, b) == 0);
	FUZZ_CHECK(memcmp(a, b, sizeof(a)) == 0);
}

static void check_lladdr(const char *s, size_t room)
{
	unsigned char a[32], b[32];
	char text[3 * sizeof(a) + 1];
	int n;

	memset(a, 0xa5, sizeof(a));
	n = parse_lladdr(s, a, room);
	if (n < 0) {
		FUZZ_CHECK(fuzz_is_poisoned(a, sizeof(a)));
		return;
	}
	FUZZ_CHECK(n >= 1 && (size_t)n <= room);
	FUZZ_CHECK(fuzz_is_poisoned(a + n, sizeof(a) - (size_t)n));
	/* each byte is the value of its part, as libc reads hex */
	for (int i = 0; !strchr(s, '.') && i < n; i++) {
		FUZZ_CHECK(strtoul(s, NULL, 16) == a[i]);
		s += strcspn(s, ":");
		if (*s)
			s++;
	}
	text[0] = '\0';
	for (int i = 0; i < n; i++)
		sprintf(text + strlen(text), "%s%02x", i ? ":" : "", a[i]);
	FUZZ_CHECK(parse_lladdr(text, b, room) == n);
	FUZZ_CHECK(memcmp(a, b, (size_t)n) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t families[] = { AF_UNSPEC, AF_INET, AF_INET6, AF_UNSPEC };
	char *s;

	if (size == 0)
		return 0;
	s = fuzz_string(data + 1, size - 1);
	check_prefix(s, families[data[0] & 3], data[0] & 4);
	check_inet(s);
	fuzz_quiet();
	check_lladdr(s, 32);
	check_lladdr(s, 6);
	fuzz_loud();
	free(s);
	return 0;
}
