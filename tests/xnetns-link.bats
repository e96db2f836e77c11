#!/usr/bin/env bats
# xnetns, the wiring half: link / addr / route, connect, grouped deletes.
#
# Every test body runs in a lab (tests/helpers/lab.bash): a private mount
# namespace with a /run of its own and a network namespace of its own, as
# the real root (lab --root) or, for the untagged rootless tests, as user
# 65534 in a user namespace of its own (lab --rootless), so no link,
# address or name of the machine is seen or touched. Addresses:
# 192.0.2.0/24 and 2001:db8::/64 only. IPv6 DAD is switched off inside the
# lab's own namespaces only (nodad).

load helpers/common
load helpers/lab

# ---- without privileges --------------------------------------------------

@test "xnetns link: an unknown subcommand is ip's message, 255" {
	run -255 xnetns link bogus
	assert_output 'xnetns: Command "bogus" is unknown, try "xnetns link help".'
	run -255 xnetns addr bogus
	assert_output 'xnetns: Command "bogus" is unknown, try "xnetns addr help".'
	run -255 xnetns route bogus
	assert_output 'xnetns: Command "bogus" is unknown, try "xnetns route help".'
}

@test "xnetns link: bad arguments are refused before anything is asked" {
	run -1 xnetns link add x
	assert_output 'xnetns: Not enough information: "type" argument is required'
	run -255 xnetns link del
	assert_output 'xnetns: Not enough information: "dev" argument is required.'
	run -255 --separate-stderr xnetns link set lo mtu abc
	assert_equal "${stderr_lines[0]}" 'xnetns: Error: argument "abc" is wrong: Invalid "mtu" value'
	run -1 xnetns link set lo address zz
	assert_output 'xnetns: "zz" is invalid lladdr.'
	run -255 xnetns link set lo name abcdefghijklmnopq
	assert_output 'xnetns: Error: argument "abcdefghijklmnopq" is wrong: "name" not a valid ifname'
	run -1 xnetns addr add 192.0.2.1/33 dev lo
	assert_output 'xnetns: Error: any valid prefix is expected rather than "192.0.2.1/33".'
	run -1 xnetns addr add 192.0.2.1/24
	assert_output 'xnetns: Not enough information: "dev" argument is required.'
	run -1 xnetns route add foo dev lo
	assert_output 'xnetns: Error: any valid prefix is expected rather than "foo".'
	run -1 xnetns route add 192.0.2.0/24 via 2001:db8::1
	assert_output 'xnetns: Error: inet address is expected rather than "2001:db8::1".'
	run -1 xnetns connect a
	assert_output --partial 'Usage: xnetns connect NS1 NS2'
	run -1 xnetns connect a b 192.0.2.1/24 nonsense
	assert_output 'xnetns: Error: any valid prefix is expected rather than "nonsense".'
}

@test "xnetns connect: rootless, inside a user namespace that owns the network namespaces" {
	require_cmd ping
	require_userns
	run lab --rootless '
		xnetns add a && xnetns add b || exit 1
		nodad a; nodad b
		xnetns connect a b 192.0.2.1/24 192.0.2.2/24 && echo connected
		settle a b
		xnetns exec a ping -c1 -W2 192.0.2.2 >/dev/null && echo ping4
		diff <(xnetns -n a link show) <(ip -n a link show) && echo same
		xnetns -n a link show veth-b | head -n 1 | sed "s/^[0-9]*: //"
	'
	assert_success
	assert_line connected
	assert_line ping4
	assert_line same
	assert_line --regexp '^veth-b(@if[0-9]+)?: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000$'
}

@test "xnetns link: rootless veth and bridge, output as ip's" {
	require_userns
	run lab --rootless '
		xnetns link add v0 type veth peer name v1 && xnetns link add br0 type bridge &&
		xnetns link set v0 master br0 up && xnetns link set lo up || exit 1
		diff <(xnetns link show) <(ip link show) && echo same-text
		diff <(xnetns -j link show) <(ip -j link show) && echo same-json
		xnetns link del v1 && ip -o link | grep -c veth
	'
	assert_line same-text
	assert_line same-json
	assert_line 0
}

# ---- link --------------------------------------------------------------------

# bats test_tags=root
@test "xnetns link show: ip's text, -j and -j -p, for lo, veth, bridge, a peer elsewhere" {
	run lab --root '
		xnetns add a
		xnetns link add v0 type veth peer name v1 && xnetns link add v2 type veth peer name v3 netns a &&
		xnetns link add br0 type bridge && xnetns link set v0 master br0 && xnetns link set lo up &&
		xnetns link set v0 up || exit 1
		for o in "" "-j" "-j -p"; do
			diff <(xnetns $o link show) <(ip $o link show) && echo "same $o"
			diff <(xnetns -n a $o link show) <(ip -n a $o link show) && echo "same -n $o"
		done
		diff <(xnetns link show v2) <(ip link show v2) && echo same-dev
		diff <(xnetns link) <(ip link) && echo same-bare
		xnetns link show v2
		xnetns -n a link show v3
	'
	assert_success
	for o in "" "-j" "-j -p"; do
		assert_line "same $o"
		assert_line "same -n $o"
	done
	assert_line same-dev
	assert_line same-bare
	assert_line --regexp '^[0-9]+: v2@if[0-9]+: <BROADCAST,MULTICAST> mtu 1500 '
	assert_line --regexp 'link/ether .* brd ff:ff:ff:ff:ff:ff link-netns a$'
	assert_line --regexp 'link/ether .* brd ff:ff:ff:ff:ff:ff link-netnsid [0-9]+$'
}

# bats test_tags=root
@test "xnetns link add: the peer goes to a named namespace or a pid's, inside VETH_INFO_PEER" {
	run lab --root '
		xnetns add a
		sleeper_in_netns || exit 1
		pid2=$p
		xnetns link add v0 type veth peer name v1 netns a && echo named
		xnetns -n a link show v1 >/dev/null && echo in-a
		ip link show v1 >/dev/null 2>&1 || echo not-here
		xnetns link add v2 type veth peer name v3 netns $pid2 && echo by-pid
		nsenter -t $pid2 -n ip -o link show v3 >/dev/null && echo in-pid
		kill $pid2
	'
	assert_success
	assert_line named
	assert_line in-a
	assert_line not-here
	assert_line by-pid
	assert_line in-pid
}

# bats test_tags=root
@test "xnetns link set: up, down, name, mtu, address, master, nomaster, netns by name and pid" {
	run lab --root '
		xnetns add a
		xnetns link add v0 type veth peer name v1 && xnetns link add br0 type bridge || exit 1
		xnetns link set v0 mtu 1400 address 02:00:00:00:00:01 up && ip -o link show v0
		xnetns link set v0 down name w0 && ip -o link show w0
		xnetns link set dev w0 master br0 && ip -o link show w0 | grep -o "master br0"
		xnetns link set w0 nomaster && { ip -o link show w0 | grep -c master; true; }
		xnetns link set w0 netns a && ip -n a -o link show w0 >/dev/null && echo moved
		sleeper_in_netns || exit 1
		xnetns link set v1 netns $p && nsenter -t $p -n ip -o link show v1 >/dev/null && echo moved-pid
		kill $p
	'
	assert_success
	assert_line --regexp '^[0-9]+: v0@v1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1400 .*link/ether 02:00:00:00:00:01 '
	assert_line --regexp '^[0-9]+: w0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1400 qdisc noqueue state DOWN'
	assert_line 'master br0'
	assert_line 0
	assert_line moved
	assert_line moved-pid
}

# bats test_tags=root
@test "xnetns link del: one veth end takes its peer along, even in another namespace" {
	run lab --root '
		xnetns add a
		xnetns link add v0 type veth peer name v1 netns a && xnetns link delete v0 || exit 1
		snap - a | grep -c veth
		xnetns link add b0 type bridge && xnetns link del dev b0 && { ip -o link | grep -c b0; true; }
	'
	assert_success
	assert_output $'0\n0'
}

# ---- errors: ip's message and status, nothing left behind ------------------

# bats test_tags=root
@test "xnetns link: every refusal is ip's message and status and leaves nothing behind" {
	run lab --root '
		xnetns add a
		xnetns link add v0 type veth peer name v1 && xnetns link add br0 type bridge || exit 1
		before=$(snap - a)
		try xnetns link del nosuch
		try xnetns link set nosuch up
		try xnetns link show nosuch
		try xnetns link set v0 netns nosuch
		try xnetns link add v2 type veth peer name v3 netns nosuch
		try xnetns link add v2 type veth peer name v3 netns 4294967294
		try xnetns link set br0 netns a
		try xnetns link set lo netns a
		try xnetns link set br0 mtu 100000
		try xnetns link add br0 type bridge
		try xnetns link add v2 type veth peer name v0
		try xnetns link set v0 master nosuch
		try xnetns -n nosuch link show
		[ "$(snap - a)" = "$before" ] && echo unchanged
	'
	assert_success
	assert_output - <<'EOF'
rc=1
Cannot find device "nosuch"
rc=1
Cannot find device "nosuch"
rc=1
Device "nosuch" does not exist.
rc=255
Error: argument "nosuch" is wrong: Invalid "netns" value

rc=255
Error: argument "nosuch" is wrong: Invalid "netns" value

rc=255
Error: argument "4294967294" is wrong: Invalid "netns" value

rc=2
Error: The interface netns is immutable.
rc=2
Error: The interface netns is immutable.
rc=2
Error: mtu greater than device maximum.
rc=2
RTNETLINK answers: File exists
rc=2
RTNETLINK answers: File exists
rc=255
Error: argument "nosuch" is wrong: Device does not exist

rc=255
Cannot open network namespace "nosuch": No such file or directory
unchanged
EOF
}

# bats test_tags=root
@test "xnetns link: its refusals match ip's word for word and status for status" {
	run lab --root '
		xnetns add a
		ip link add v0 type veth peer name v1 && ip link add br0 type bridge || exit 1
		for c in "link del nosuch" "link set br0 netns a" "link set v0 netns nosuch" "link set br0 mtu 100000" \
			 "link add br0 type bridge" "addr add 192.0.2.1/33 dev lo" "addr add 192.0.2.1/24 dev nosuch" \
			 "route add 192.0.2.0/24 via 192.0.2.1 dev nosuch" "route del 198.51.100.0/24"; do
			a=$(ip $c 2>&1; echo "rc=$?") o=$(xnetns $c 2>&1 | sed "s/^xnetns: //"; echo "rc=${PIPESTATUS[0]}")
			[ "$a" = "$o" ] && echo "same: $c" || echo "differs: $c: ip [$a] xnetns [$o]"
		done
	'
	assert_success
	refute_output --partial differs
}

# ---- addr and route --------------------------------------------------------

# bats test_tags=root
@test "xnetns addr: IPv4 and IPv6 add, show (text, -j), del, as ip" {
	run lab --root '
		xnetns link add v0 type veth peer name v1 && xnetns link set lo up || exit 1
		xnetns addr add 192.0.2.1/24 dev v0 && xnetns addr add 2001:db8::1/64 dev v0 nodad &&
		xnetns address add 192.0.2.5/32 dev lo || exit 1
		diff <(xnetns addr show) <(ip addr show) && echo same
		diff <(xnetns -j addr show dev v0) <(ip -j addr show dev v0) && echo same-json
		diff <(xnetns -j -p addr show dev lo) <(ip -j -p a show dev lo) && echo same-pretty
		ip -o addr show dev v0 | awk "{print \$3, \$4}"
		xnetns addr del 2001:db8::1/64 dev v0 && xnetns addr del 192.0.2.1/24 dev v0 &&
		{ ip -o addr show dev v0 | grep -c global; true; }
		try xnetns addr add 192.0.2.5/32 dev lo
		try xnetns addr del 192.0.2.99/24 dev lo
		try xnetns addr show dev nosuch
	'
	assert_success
	assert_line same
	assert_line same-json
	assert_line same-pretty
	assert_line 'inet 192.0.2.1/24'
	assert_line 'inet6 2001:db8::1/64'
	assert_line 0
	assert_line 'Error: ipv4: Address already assigned.'
	assert_line 'Error: ipv4: Address not found.'
	assert_line 'Device "nosuch" does not exist.'
}

# bats test_tags=root
@test "xnetns addr: a duplicate or a missing device creates nothing" {
	run lab --root '
		xnetns link add v0 type veth peer name v1 && xnetns addr add 2001:db8::1/64 dev v0 nodad || exit 1
		before=$(snap -)
		try xnetns addr add 2001:db8::1/64 dev v0
		try xnetns addr add 192.0.2.1/24 dev nosuch
		try xnetns addr add 192.0.2.256/24 dev v0
		[ "$(snap -)" = "$before" ] && echo unchanged
	'
	assert_success
	assert_output - <<'EOF'
rc=2
Error: ipv6: address already assigned.
rc=1
Cannot find device "nosuch"
rc=1
Error: any valid prefix is expected rather than "192.0.2.256/24".
unchanged
EOF
}

# bats test_tags=root
@test "xnetns route: add, show (text, -j), del, default; off-link gateway refused" {
	run lab --root '
		xnetns link add v0 type veth peer name v1 && xnetns link set v0 up && xnetns link set v1 up &&
		xnetns addr add 192.0.2.1/25 dev v0 || exit 1
		xnetns route add 192.0.2.128/26 via 192.0.2.2 && xnetns route add default via 192.0.2.3 dev v0 &&
		xnetns route add 192.0.2.192/26 dev v1 || exit 1
		settle -
		diff <(xnetns route show) <(ip route show) && echo same
		diff <(xnetns -j route) <(ip -j route) && echo same-json
		xnetns route show
		before=$(snap -)
		try xnetns route add 192.0.2.200/32 via 198.51.100.1
		try xnetns route del 198.51.100.0/24
		try xnetns route add 192.0.2.128/26 via 192.0.2.2
		[ "$(snap -)" = "$before" ] && echo unchanged
		xnetns route del default && xnetns route del 192.0.2.128/26 via 192.0.2.2 && xnetns route delete 192.0.2.192/26 &&
		xnetns route show
	'
	assert_success
	assert_line same
	assert_line same-json
	assert_line 'default via 192.0.2.3 dev v0 '
	assert_line '192.0.2.128/26 via 192.0.2.2 dev v0 '
	assert_line 'Error: Nexthop has invalid gateway.'
	assert_line 'RTNETLINK answers: No such process'
	assert_line 'RTNETLINK answers: File exists'
	assert_line unchanged
	assert_line --index -1 '192.0.2.0/25 dev v0 proto kernel scope link src 192.0.2.1 '
}

# bats test_tags=root
@test "xnetns -6 route: IPv6 routes added and shown as ip -6 shows them (text, -j, -j -p); -4 is the default" {
	run lab --root '
		xnetns link add v0 type veth peer name v1 && xnetns link set v0 up && xnetns link set v1 up &&
		xnetns addr add 2001:db8::1/64 dev v0 nodad && xnetns addr add 192.0.2.1/24 dev v0 || exit 1
		xnetns route add 2001:db8:5::/64 via 2001:db8::2 && xnetns route add default via 2001:db8::2 &&
		xnetns route add 2001:db8:6::/64 dev v1 || exit 1
		ip route add 2001:db8:7::/64 dev v0 metric 50 pref high && ip route add unreachable 2001:db8:8::/64 || exit 1
		settle -
		for args in "-6 route show" "-6 -j route show" "-6 -j -p route show" "-4 route show" "route show"; do
			diff <(xnetns $args) <(ip $args) && echo "same: $args"
		done
		xnetns -6 route show | grep -v fe80
		xnetns route del 2001:db8:5::/64 via 2001:db8::2 && xnetns -6 route show | grep -c 2001:db8:5:: || true
	'
	assert_success
	assert_output "same: -6 route show
same: -6 -j route show
same: -6 -j -p route show
same: -4 route show
same: route show
2001:db8::/64 dev v0 proto kernel metric 256 pref medium
2001:db8:5::/64 via 2001:db8::2 dev v0 metric 1024 pref medium
2001:db8:6::/64 dev v1 metric 1024 pref medium
2001:db8:7::/64 dev v0 metric 50 pref high
unreachable 2001:db8:8::/64 dev lo metric 1024 pref medium
default via 2001:db8::2 dev v0 metric 1024 pref medium
0"
}

# ---- real traffic ----------------------------------------------------------

# bats test_tags=root
@test "xnetns: ping over a direct veth, the classic veth0/veth1 recipe (IPv4 and IPv6)" {
	require_cmd ping
	run lab --root '
		xnetns add red && xnetns add blue && nodad red && nodad blue
		xnetns link add veth0 type veth peer name veth1 &&
		xnetns link set veth0 netns red && xnetns link set veth1 netns blue &&
		xnetns -n red addr add 192.0.2.1/24 dev veth0 && xnetns -n blue addr add 192.0.2.2/24 dev veth1 &&
		xnetns -n red addr add 2001:db8::1/64 dev veth0 && xnetns -n blue addr add 2001:db8::2/64 dev veth1 &&
		xnetns -n red link set veth0 up && xnetns -n blue link set veth1 up || exit 1
		xnetns exec red ping -c1 -W2 192.0.2.2 >/dev/null && echo ping4
		xnetns exec blue ping -c1 -W2 2001:db8::1 >/dev/null && echo ping6
		ip -o link | grep -c veth; true
	'
	assert_success
	assert_output $'ping4\nping6\n0'
}

# bats test_tags=root
@test "xnetns: ping across a bridge namespace and through a router namespace (IPv4 and IPv6)" {
	require_cmd ping
	run lab --root '
		for n in h1 h2 h3 sw r; do xnetns add $n && nodad $n; done
		# h1 and h2 on a bridge in sw; r routes between that LAN and h3
		xnetns -n sw link add br0 type bridge && xnetns -n sw link set br0 up || exit 1
		xnetns connect h1 sw 192.0.2.1/26 2>/dev/null && echo bad-arity
		xnetns connect h1 sw --name eth0:p1 && xnetns connect h2 sw --name eth0:p2 &&
		xnetns connect r sw --name lan:p3 || exit 1
		for p in p1 p2 p3; do xnetns -n sw link set $p master br0 || exit 1; done
		xnetns -n h1 addr add 192.0.2.1/26 dev eth0 && xnetns -n h2 addr add 192.0.2.2/26 dev eth0 &&
		xnetns -n r addr add 192.0.2.62/26 dev lan &&
		xnetns -n h1 addr add 2001:db8::1/64 dev eth0 && xnetns -n h2 addr add 2001:db8::2/64 dev eth0 &&
		xnetns -n r addr add 2001:db8::ff/64 dev lan || exit 1
		xnetns connect r h3 192.0.2.65/26 192.0.2.66/26 --name wan:eth0 &&
		xnetns -n r addr add 2001:db8:0:0:1::1/80 dev wan && xnetns -n h3 addr add 2001:db8:0:0:1::2/80 dev eth0 || exit 1
		xnetns exec r sh -c "echo 1 >/proc/sys/net/ipv4/ip_forward; echo 1 >/proc/sys/net/ipv6/conf/all/forwarding"
		xnetns -n h1 route add default via 192.0.2.62 && xnetns -n h3 route add default via 192.0.2.65 &&
		xnetns -n h1 route add 2001:db8:0:0:1::/80 via 2001:db8::ff &&
		xnetns -n h3 route add 2001:db8::/80 via 2001:db8:0:0:1::1 || exit 1
		xnetns exec h1 ping -c1 -W2 192.0.2.2 >/dev/null && echo bridge4
		xnetns exec h2 ping -c1 -W2 2001:db8::1 >/dev/null && echo bridge6
		xnetns exec h1 ping -c1 -W2 192.0.2.66 >/dev/null && echo router4
		xnetns exec h3 ping -c1 -W2 2001:db8::1 >/dev/null && echo router6
		ip -o link | grep -c veth; true
	'
	assert_success
	refute_line bad-arity
	assert_line bridge4
	assert_line bridge6
	assert_line router4
	assert_line router6
	assert_line 0
}

# ---- connect ---------------------------------------------------------------

# bats test_tags=root
@test "xnetns connect: one pair, an end in each namespace, up, addressed, lo up; '-' is here" {
	run lab --root '
		xnetns add a && xnetns add b || exit 1
		xnetns connect a b 192.0.2.1/24 192.0.2.2/24 && echo ok
		settle a b
		ip -n a -o link show veth-b | grep -o "UP,LOWER_UP"
		ip -n a -o link show lo | grep -o ",UP,"; ip -n b -o link show lo | grep -o ",UP,"
		ip -n a -o addr show dev veth-b | awk "{print \$4}"; ip -n b -o addr show dev veth-a | awk "{print \$4}"
		xnetns connect - a --name h0:h1 && ip -o link show h0 >/dev/null && ip -n a -o link show h1 >/dev/null && echo here
		# with -n b, "-" is b: the default names clash (veth-a is in b
		# already), the pair is refused, and nothing is left
		links() { ip -o link | cut -d: -f2; ip -n a -o link | cut -d: -f2; ip -n b -o link | cut -d: -f2; }
		before=$(links)
		xnetns -n b connect - a; echo "clash rc=$?"
		[ "$(links)" = "$before" ] && echo clash-left-nothing
		xnetns -n b connect - a --name c0:c1 && ip -n b -o link show c0 >/dev/null &&
			ip -n a -o link show c1 >/dev/null && ! ip -o link show c0 >/dev/null 2>&1 && echo dash-is-n
	'
	assert_success
	assert_line ok
	assert_line UP,LOWER_UP
	assert_line 192.0.2.1/24
	assert_line 192.0.2.2/24
	assert_line here
	assert_line 'xnetns: RTNETLINK answers: File exists'
	assert_line 'clash rc=2'
	assert_line clash-left-nothing
	assert_line dash-is-n
}

# bats test_tags=root
@test "xnetns connect: IPv6 addresses are usable at once (no DAD on the new pair); one address twice is refused" {
	require_cmd ping
	run lab --root '
		xnetns add a && xnetns add b || exit 1
		xnetns connect a b 2001:db8::1/64 2001:db8::2/64 || exit 1
		xnetns exec a ping -c1 -W2 2001:db8::2 >/dev/null && echo reachable
		ip -n a -o addr show dev veth-b | grep -F 2001:db8:: | grep -c tentative
		xnetns connect a b 192.0.2.9/24 192.0.2.9/24 --name y1:y2; echo "rc=$?"
		ip -n a -o link show y1 2>/dev/null; ip -n b -o link show y2 2>/dev/null; true
	'
	assert_success
	assert_output 'reachable
0
xnetns: both ends would have the address 192.0.2.9/24
rc=1'
}

# bats test_tags=root
@test "xnetns connect: every failure leaves nothing: clash, missing namespace, refused address, bad name, templates" {
	run lab --root '
		xnetns add a && xnetns add b && xnetns connect a b || exit 1
		settle a b
		before=$(snap - a b)
		try xnetns connect a b
		try xnetns connect a nosuch
		try xnetns connect a b 192.0.2.1/24 ff02::1/64 --name x1:x2
		try xnetns connect a b --name toolongtoolongxx:y
		try xnetns connect - - 
		try xnetns connect a b --name "x%d:y"
		xnetns add "c%d" && try xnetns connect "c%d" b && xnetns delete "c%d"
		[ "$(snap - a b)" = "$before" ] && echo unchanged || diff <(echo "$before") <(snap - a b)
	'
	assert_success
	assert_output - <<'EOF'
rc=2
RTNETLINK answers: File exists
rc=255
Cannot open network namespace "nosuch": No such file or directory
rc=2
cannot add ff02::1/64 to x2 in b:
Error: ipv6: Cannot assign multicast address without "IFA_F_MCAUTOJOIN" flag.
rc=1
--name wants IF1:IF2, not "toolongtoolongxx:y"
rc=1
both ends would be called "veth-host" in one namespace: use --name IF1:IF2
rc=1
--name: "x%d:y" is not a valid interface name (no templates: connect needs fixed names)
rc=1
cannot derive an interface name from "c%d": use --name IF1:IF2
unchanged
EOF
}

# ---- batch -----------------------------------------------------------------

# bats test_tags=root
@test "xnetns -b: consecutive link del lines go in one group; per-line verdicts as ip's" {
	run lab --root '
		for i in 1 2 3 4 5 6; do xnetns link add d$i type veth peer name e$i || exit 1; done
		printf "link del d1\nlink del d2\nlink del nosuch\nlink del d3\n" >b1
		try xnetns -b b1
		ip -o link | awk -F": " "{print \$2}" | tr "\n" " "; echo
		# -f: every line; e4 went with d4 on an earlier line (as with ip); lo cannot go
		printf "link del d3\nlink delete d4\nlink del e4\nlink del dev d5\nlink del lo\nlink del d6\n" >b2
		try xnetns -f -b b2
		ip -o link | awk -F": " "{print \$2}" | tr "\n" " "; echo
		ip -j link show lo | grep -o "\"group\":\"default\""
	'
	assert_success
	assert_output - <<'EOF'
rc=1
Cannot find device "nosuch"
Command failed b1:3
lo e3@d3 d3@e3 e4@d4 d4@e4 e5@d5 d5@e5 e6@d6 d6@e6 
rc=1
Cannot find device "e4"
Command failed b2:3
RTNETLINK answers: Operation not supported
Command failed b2:5
lo 
"group":"default"
EOF
}

# bats test_tags=root
@test "xnetns -b: link and addr lines in one batch, and -n runs the batch inside NS" {
	run lab --root '
		xnetns add a
		cat >b <<EOB
link add v0 type veth peer name v1
addr add 192.0.2.1/24 dev v0
link set v0 up
link del v0
link add br0 type bridge
link del br0
addr add 192.0.2.2/24 dev nosuch
link show
EOB
		try xnetns -n a -b b
		snap a | grep -c -e v0 -e br0; true
	'
	assert_success
	assert_line rc=1
	assert_line 'Cannot find device "nosuch"'
	assert_line 'Command failed b:7'
	assert_line 0
}

# bats test_tags=root
@test "xnetns -b: one netlink socket for the whole batch; 20 deletes in three sends" {
	require_cmd strace
	run lab --root '
		xnetns add a
		for i in $(seq 0 19); do echo "link add d$i type veth peer name e$i netns a"; done >add.b
		echo "link show" >>add.b
		strace -f -e trace=socket -o add.trace xnetns -b add.b >/dev/null && echo added
		grep -c "socket(AF_NETLINK" add.trace
		for i in $(seq 0 19); do echo "link del d$i"; done >del.b
		strace -f -e trace=sendto,sendmsg -o del.trace xnetns -b del.b && echo deleted
		grep -c -E "send(to|msg)\(" del.trace
		snap - a | grep -c -e "d[0-9]" -e "e[0-9]"; true
	'
	assert_success
	assert_output $'added\n1\ndeleted\n3\n0'
}

# bats test_tags=root
@test "xnetns connect: '-' for an address leaves that end unaddressed; a bridge port" {
	run lab --root '
		xnetns add h && xnetns add sw && xnetns -n sw link add br0 type bridge || exit 1
		xnetns connect h sw 192.0.2.1/24 - --name eth0:p1 && xnetns -n sw link set p1 master br0 || exit 1
		ip -n h -o addr show dev eth0 scope global | awk "{print \$4}"
		ip -n sw -o addr show dev p1 scope global | grep -c inet; true
		ip -n sw -o link show p1 | grep -o "master br0"
	'
	assert_success
	assert_output $'192.0.2.1/24\n0\nmaster br0'
}

# bats test_tags=root
@test "xnetns link add: invalid interface names get ip's verdicts and make nothing" {
	run lab --root '
		before=$(snap -)
		for n in "a b" "a/b" "a:b" "." "abcdefghijklmnop" ""; do
			a=$(ip link add "$n" type bridge 2>&1; echo "rc=$?")
			o=$(xnetns link add "$n" type bridge 2>&1 | sed "s/^xnetns: //"; echo "rc=${PIPESTATUS[0]}")
			[ "$a" = "$o" ] && echo "same [$n]" || echo "differs [$n]: ip [$a] xnetns [$o]"
			a=$(ip link add v0 type veth peer name "$n" 2>&1; echo "rc=$?")
			o=$(xnetns link add v0 type veth peer name "$n" 2>&1 | sed "s/^xnetns: //"; echo "rc=${PIPESTATUS[0]}")
			[ "$a" = "$o" ] && echo "same peer [$n]" || echo "differs peer [$n]: ip [$a] xnetns [$o]"
		done
		[ "$(snap -)" = "$before" ] && echo unchanged
	'
	assert_success
	refute_output --partial differs
	assert_line unchanged
}

# bats test_tags=root
@test "xnetns link add: a veth end has one queue each way unless numtxqueues/numrxqueues ask for more" {
	run lab --root '
		xnetns link add v0 type veth peer name v1 &&
		xnetns link add v2 numtxqueues 2 numrxqueues 2 type veth peer name v3 numtxqueues 2 || exit 1
		for d in v0 v1 v2 v3; do echo "$d $(ip -d link show $d | grep -o "num[tr]xqueues [0-9]*" | tr "\n" " ")"; done
		try xnetns link add v4 type veth peer name v5 numrxqueues 0
		try xnetns link add v4 type veth peer name v5 numrxqueues x
		ip -o link | grep -c v4; true
	'
	assert_success
	assert_output - <<'EOF'
v0 numtxqueues 1 numrxqueues 1 
v1 numtxqueues 1 numrxqueues 1 
v2 numtxqueues 2 numrxqueues 2 
v3 numtxqueues 2 numrxqueues 1 
rc=2
Error: Invalid number of receive queues.
rc=255
Error: argument "x" is wrong: Invalid "numrxqueues" value

0
EOF
}
