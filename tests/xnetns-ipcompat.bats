#!/usr/bin/env bats
# xnetns link/addr/route read their words as ip (iproute2 6.1) does: each
# case runs the same command line through ip and through xnetns, in a lab
# (tests/helpers/lab.bash), and compares status, stdout, stderr (bar the
# "xnetns: " prefix) and, for commands that change something, what the
# namespace holds afterwards. Where xnetns stays different on purpose, the
# case checks xnetns's own answer and man/xnetns.8's NOTES says why.
# Addresses: 192.0.2.0/24 and 2001:db8::/64 only.

load helpers/common
load helpers/lab

# The lab script's helpers: side-by-side runs, defined inside the lab.
SIDE='
# The namespace as ip sees it, without what differs from run to run
# (ifindex, random hardware addresses, DAD states, link-local addresses).
state() {
	{ ip -o link; ip -o addr; ip route show table all; } |
		sed "s/^[0-9]*: //; s/link\/ether [0-9a-f:]*/link\/ether -/; s/ tentative//" | grep -v fe80
}
# both "ARGS" ["UNDO"]: ip ARGS, then UNDO (ip words), then xnetns ARGS and
# UNDO again; "same: ARGS" when status, output, message and state agree.
both() {
	local a o s1 s2
	a=$(eval "ip $1" 2>&1; echo "rc=$?"); s1=$(state); eval "ip ${2:-link show}" >/dev/null 2>&1
	o=$(eval "xnetns $1" 2>&1 | sed "s/^xnetns: //"; echo "rc=${PIPESTATUS[0]}"); s2=$(state)
	eval "ip ${2:-link show}" >/dev/null 2>&1
	if [ "$a" = "$o" ] && [ "$s1" = "$s2" ]; then
		echo "same: $1"
	else
		printf "differs: %s\n  ip:     %s\n  xnetns: %s\n" "$1" "$a" "$o"
		diff <(echo "$s1") <(echo "$s2")
	fi
}
ip link set lo up
'

# bats test_tags=root
@test "xnetns ipcompat: C-style numbers as ip reads them, and no more" {
	run lab --root "$SIDE"'
		ip link add X type bridge && ip link add v0 type veth peer name v1 || exit 1
		both "link add Y mtu 0x5dc type bridge" "link del Y"
		both "link set X mtu 0x5dc"
		both "link set X mtu 02734"
		both "link set X mtu 1500x"
		both "link set X mtu 4294967295"
		both "link set X mtu -1"
		both "addr add 192.0.2.1/0x18 dev X" "addr del 192.0.2.1/24 dev X"
		both "addr add 0xc0.0.2.5/24 dev lo" "addr del 192.0.2.5/24 dev lo"
		both "addr add 0300.0.2.6/030 dev lo" "addr del 192.0.2.6/24 dev lo"
		both "addr add 192.0.2.7/255.255.255.0 dev lo" "addr del 192.0.2.7/24 dev lo"
		both "addr add 192.0.2/24 dev v1" "addr del 192.0.2.0/24 dev v1"
		for bad in 192.0.2.9.1/24 192.0.2.09/24 192.0.2.11/24x 192.0.2.12/ 192.0.2.14/0x21 \
			   192.0.2.256/24 192.0.2.15/255.0.255.0 0x100.0.2.1/24; do
			both "addr add $bad dev lo"
		done
		both "route add 0xc0.0.2.0/0x19 dev v0" "route del 192.0.2.0/25 dev v0"
		both "link add v2 type veth peer name v3 netns 0x7fffffff"
		both "link add v2 type veth peer name v3 netns 4294967294"
		both "link add v2 type veth peer name v3 netns -5"
		# stricter than ip (NOTES): no blank, no sign
		try xnetns link set X mtu " 1500"
		try xnetns addr add +192.0.2.1/24 dev lo
	'
	assert_success
	refute_output --partial differs
	assert_output --partial - <<'OUT'
rc=255
Error: argument " 1500" is wrong: Invalid "mtu" value

rc=1
Error: any valid prefix is expected rather than "+192.0.2.1/24".
OUT
}

# bats test_tags=root
@test "xnetns ipcompat: addr (and any other start of address) and ip's lladdr checks" {
	run lab --root "$SIDE"'
		ip link add X type bridge || exit 1
		both "link set X addr 02:00:00:00:00:01"
		both "link set X a 02:00:00:00:00:02"
		both "link set X address 0x2:00:00:00:00:03"
		both "link set X address 002:00:00:00:00:04"
		for bad in 02:00:00:00:00:01: 02:00:00:00:00 02:zz:00:00:00:01 02:100:00:00:00:01 1.2.3.4 \
			   1.2.3.x "\"\"" : 02:00:00:00:00:01:02 -1:00:00:00:00:01; do
			both "link set X address $bad"
		done
		# stricter than ip (NOTES): garbage after the hex digits
		try xnetns link set X address 02zz:00:00:00:00:01
	'
	assert_success
	refute_output --partial differs
	assert_output --partial $'rc=1\n"02zz" is invalid lladdr.'
}

# bats test_tags=root
@test "xnetns ipcompat: -4 and -6 as ip: addr show of one family, prefixes of the other refused" {
	run lab --root "$SIDE"'
		ip link add v0 type veth peer name v1 && ip link add br0 type bridge &&
		ip link set v0 master br0 && ip link set v0 up || exit 1
		ip addr add 192.0.2.1/24 dev v0 && ip addr add 2001:db8::1/64 dev br0 nodad || exit 1
		for o in "" "-j" "-j -p"; do
			for c in "-6 addr show" "-4 addr show" "-6 addr show dev v1" "-4 addr show dev v1" \
				 "-6 addr show dev lo" "-6 addr"; do
				both "$o $c"
			done
		done
		both "-6 route del 192.0.2.0/24"
		both "-6 route add 192.0.2.0/24 dev v0"
		both "-4 route add 2001:db8::/64 dev v0"
		both "-6 addr add 192.0.2.3/24 dev v0"
		both "-4 addr add 2001:db8::3/64 dev v0"
		both "-6 route add default via 192.0.2.2"
		xnetns -6 addr show | grep -c "inet "
	'
	refute_output --partial differs
	assert_line "same: -6 route del 192.0.2.0/24"
	assert_line 0
}

# bats test_tags=root
@test "xnetns ipcompat: route types before the prefix, as ip: any is anycast, all is default" {
	run lab --root "$SIDE"'
		ip link add v0 type veth peer name v1 && ip link set v0 up && ip addr add 192.0.2.1/24 dev v0 || exit 1
		both "route add any 192.0.2.128/25 dev v0" "route del any 192.0.2.128/25 dev v0"
		both "route add a 192.0.2.128/25 dev v0" "route del anycast 192.0.2.128/25 dev v0"
		both "route add all dev v0" "route del all dev v0"
		both "route add any dev v0"
		both "route add any"
		both "route add unreachable 192.0.2.64/26" "route del unreachable 192.0.2.64/26"
		both "route add prohibit 192.0.2.64/26" "route del 192.0.2.64/26"
		both "route add local 192.0.2.200 dev v0" "route del local 192.0.2.200 dev v0"
		ip route add any 192.0.2.128/25 dev v0
		both "route del any 192.0.2.128/25 dev v0" "route add any 192.0.2.128/25 dev v0"
		both "route del 192.0.2.128/25 dev v0"
	'
	assert_success
	refute_output --partial differs
}

# bats test_tags=root
@test "xnetns ipcompat: interface names checked where ip checks them, before any request" {
	run lab --root "$SIDE"'
		ip link add X type bridge || exit 1
		both "link set X name abcdefghijklmnop"
		both "link add name abcdefghijklmnop type bridge"
		both "link add v0 type veth peer name abcdefghijklmnop"
		both "link add v0 type veth peer abcdefghijklmnop"
		both "link del '\''X '\''"
		both "link del '\''X/'\''"
		both "link set '\''X '\'' up"
		# in a batch too (consecutive link del lines go together):
		# the same message; then ip ends the batch with 255 where
		# xnetns reports the line (NOTES)
		for n in "X " "X/"; do
			printf "link del dev X\nlink del '\''%s'\''\n" "$n" >/run/b
			ip link add X type bridge
			ip -b /run/b 2>&1; echo "rc=$?"
			ip link add X type bridge
			xnetns -b /run/b 2>&1; echo "rc=$?"
		done
	'
	assert_success
	refute_output --partial differs
	assert_output --partial 'Error: argument "X " is wrong: "dev" not a valid ifname
rc=255
xnetns: Error: argument "X " is wrong: "dev" not a valid ifname
xnetns: Command failed /run/b:2
rc=1'
	assert_output --partial 'Error: argument "X/" is wrong: "dev" not a valid ifname
rc=255
xnetns: Error: argument "X/" is wrong: "dev" not a valid ifname
xnetns: Command failed /run/b:2
rc=1'
}

# bats test_tags=root
@test "xnetns ipcompat: of two errors, the one ip reports" {
	run lab --root "$SIDE"'
		ip link add X type bridge && ip link add v0 type veth peer name v1 || exit 1
		for c in "link set nosuch down master nosuchbr" "link set X down master nosuchbr" \
			 "link set X mtu 1400 mtu 1300" "link set X name A name B" "link set X netns 1 netns 2" \
			 "link set X address zz mtu abc" "link set X mtu abc address zz" \
			 "link add '\''a/b'\'' type bridge extra" "link add Y mtu abc type bridge extra" \
			 "link add v2 type veth peer extra name v5 foo" "link add v2 type veth peer name v5 foo" \
			 "link add v2 type veth peer name v5 type veth" "link add name Y Z type bridge" \
			 "link set" "link del" "link set X mtu" "link add" "link add Y" "link del X Y" \
			 "addr add 192.0.2.9/24 bad dev v0" "addr add bad1 bad2 dev v0" \
			 "addr add 192.0.2.9/24 local 192.0.2.10 dev v0" "addr add local dev v0" \
			 "addr add 192.0.2.9/24 dev" "route add 192.0.2.0/24 dev v0 extra" \
			 "route add bad dev v0 extra" "route add 192.0.2.0/24 192.0.2.0/25" \
			 "route add 192.0.2.0/25 via 192.0.2.2 via 192.0.2.3"; do
			both "$c"
		done
		both "link add Y up type bridge" "link del Y"
		# the kind'"'"'s own words: ip'"'"'s first line (NOTES)
		try xnetns link add Y type bridge extra
		try xnetns link add v2 type veth extra
	'
	assert_success
	refute_output --partial differs
	assert_output --partial - <<'OUT'
rc=1
bridge: unknown command "extra"?
Usage: xnetns link <options> type veth [peer <options>]
To get <options> type 'xnetns link help'
rc=1
OUT
}

# bats test_tags=root
@test "xnetns ipcompat: ip's warnings: nodad on IPv4, an IPv4 address deleted without its length" {
	run lab --root "$SIDE"'
		ip link add v0 type veth peer name v1 && ip addr add 192.0.2.1/24 dev v0 || exit 1
		both "addr del 192.0.2.1 dev v0" "addr add 192.0.2.1/24 dev v0"
		both "addr del 192.0.2.7 dev v0"
		both "addr add 192.0.2.20/24 dev v0 nodad" "addr del 192.0.2.20/24 dev v0"
		both "addr add nodad 2001:db8::2/64 dev v0" "addr del 2001:db8::2/64 dev v0"
		both "-6 addr add nodad 2001:db8::3/64 dev v0" "addr del 2001:db8::3/64 dev v0"
	'
	assert_success
	refute_output --partial differs
	assert_output --partial 'same: addr del 192.0.2.1 dev v0'
}

@test "xnetns ipcompat: an unknown global option is refused as the house style says (NOTES)" {
	run -255 ip -x link show
	assert_output 'Option "-x" is unknown, try "ip -help".'
	run -1 xnetns -x link show
	assert_output $'xnetns: invalid option -- \'x\'\nTry \'xnetns --help\' for more information.'
}
