#!/usr/bin/env bats
# xnetns -b FILE -atomic: a batch that is all or nothing.
#
# Every test body runs in a lab (tests/helpers/lab.bash): a private mount
# namespace with a /run of its own and a network namespace of its own, so
# no link, address, route or name of the machine is seen or touched.
# Addresses: 192.0.2.0/24 and 2001:db8::/64 only.

load helpers/common
load helpers/lab

# atomic_snap NS...: the names under /run/netns, then, in each NS ("-":
# here), every link with its details, every address and every route,
# ifindex-free and sorted (a link moved away and back may come back under
# another index where its old one is taken; the kernel lists its own IPv6
# routes in the order it made them); IPv6 link-local addresses and their
# routes left out: the kernel makes them anew when a link comes up.
atomic_snap() {
	local n
	echo "names: $(ls -A /run/netns 2>/dev/null | tr '\n' ' ')"
	for n in "$@"; do
		echo "== $n"
		if [ "$n" = - ]; then set -- ; else set -- -n "$n"; fi
		{
			ip "$@" -d -o link
			ip "$@" -o addr
			ip "$@" route
			ip "$@" -6 route
		} | sed 's/^[0-9]*: //' | grep -v -e ' inet6 fe80::' -e '^fe80::' | LC_ALL=C sort
	done
}

# The lab of these tests: a namespace "pre" with lo down, a veth pair
# pre0/pre1 here, up, with addresses and a route through pre0.
lab_pre='
	xnetns add pre || exit 1
	ip link add pre0 type veth peer name pre1 || exit 1
	ip link set pre0 up && ip link set pre1 up
	ip addr add 192.0.2.200/24 dev pre0
	ip addr add 2001:db8::200/64 dev pre0 nodad
	ip addr add 2001:db8::201/64 dev pre1 nodad
	ip route add 192.0.2.192/26 via 192.0.2.201 dev pre0
	# lo up once and down again, here and in pre: the first time a link
	# comes up the kernel gives it a queueing discipline (noqueue for
	# noop) and lo 127.0.0.1, which taking it down again keeps (see
	# xnetns(8), ALL OR NOTHING)
	ip link set lo up && ip link set lo down
	ip -n pre link set lo up && ip -n pre link set lo down
	settle -
'

# The 20 lines of a lab: namespaces, a bridge, veths with peers in
# namespaces, link set (up, master, mtu, name, address, netns), addresses,
# routes, connect (also with a namespace that was there and with this one),
# attach.
lab_batch='add red
add blue
link add br0 type bridge
link set br0 up
link add vr type veth peer name vr-p netns red
link add vb type veth peer name vb-p netns blue
link set vr master br0
link set vr up mtu 1400
link set vb master br0 up
addr add 192.0.2.1/24 dev br0
addr add 2001:db8::1/64 dev br0 nodad
route add 192.0.2.128/25 via 192.0.2.2
route add 2001:db8::1:0/112 via 2001:db8::2
connect red blue 192.0.2.10/24 192.0.2.11/24 --name rb:br
connect pre - 192.0.2.20/30 192.0.2.21/30 --name p0:p1
link set pre0 down mtu 1300 name pre7
link set pre1 netns pre
link set pre7 address 02:00:00:00:00:01
link set br0 name br9
attach green $$'

# ---- without privileges --------------------------------------------------

@test "xnetns -atomic: without -b, or with -force, a usage error (status 1); nothing runs" {
	run -1 --separate-stderr xnetns -atomic add x
	assert_output ''
	assert_equal "${stderr_lines[0]}" 'xnetns: -atomic applies to a batch: use it with -b FILE'
	assert_equal "${stderr_lines[1]}" "Try 'xnetns --help' for more information."
	run -1 --separate-stderr xnetns --atomic -force -b /dev/null
	assert_equal "${stderr_lines[0]}" \
		'xnetns: -atomic and -force exclude each other: one stops and undoes, the other goes on'
	assert_equal "${#stderr_lines[@]}" 2
	run -0 xnetns -atomic -b /dev/null
	assert_output ''
}

# ---- as root ---------------------------------------------------------------

# bats test_tags=root
@test "xnetns -atomic: a 20-line lab failing after each of its lines leaves everything as it was" {
	require_root
	run lab --root "$(declare -f atomic_snap)"'
		'"$lab_pre"'
		printf "%s\n" "$1" | sed "s/\\\$\\\$/$$/" >/run/lab
		[ "$(wc -l </run/lab)" = 20 ] || exit 1
		atomic_snap - pre >/run/before
		for n in $(seq 0 20); do
			{ head -n "$n" /run/lab; echo "link set nothere up"; } >/run/b
			xnetns -atomic -b /run/b 2>/run/err
			echo "$n rc=$? $(tail -n 1 /run/err)"
			settle - pre
			atomic_snap - pre >/run/after
			diff /run/before /run/after || echo "$n: differs"
		done
		# and the whole batch works: the lab is made
		xnetns -atomic -b /run/lab && echo built
		ls /run/netns | LC_ALL=C sort | tr "\n" " "; echo
		ip -br link show br9 | cut -d" " -f1
		' "$lab_batch" 2>&1
	assert_success
	local want='' n
	for n in $(seq 0 20); do
		want+="$n rc=1 xnetns: Command failed /run/b:$((n + 1))"$'\n'
	done
	assert_output "${want}built
blue green pre red 
br9"
}

# bats test_tags=root
@test "xnetns -atomic: what cannot be undone is refused before anything runs, each line named" {
	require_root
	run lab --root '
		xnetns add keep || exit 1
		for cmd in "delete keep" "del keep" "set keep 1" "exec keep true" "monitor" \
			"link del lo" "link delete dev lo" "addr del 192.0.2.1/24 dev lo" \
			"address delete 192.0.2.1/24 dev lo" "route del default" "route delete default"; do
			printf "add x\nlink add b0 type bridge\n%s\n" "$cmd" >/run/b
			try xnetns -atomic -b /run/b
			echo "$(xnetns list | tr "\n" " ")$(ip -br link show b0 2>/dev/null)"
		done
		printf "add x\ndelete keep\n" | try xnetns -all -atomic -b -
		printf "add x\nexec keep true\n" | try xnetns -all -atomic -b -
		printf "add x\nadd \"open\n" | try xnetns -atomic -b -
		printf "add x\nadd y \\\\\n" | try xnetns -atomic -b -
		xnetns list' 2>&1
	assert_success
	assert_output 'rc=1
-atomic: "delete" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "del" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "set" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "exec" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "monitor" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "link del" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "link delete" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "addr del" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "address delete" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "route del" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "route delete" cannot be undone: nothing was run
Command failed /run/b:3
keep 
rc=1
-atomic: "-all delete" cannot be undone: nothing was run
Command failed -:2
rc=1
-atomic: "-all exec" cannot be undone: nothing was run
Command failed -:2
rc=1
Unterminated quoted string
Command failed -:2
rc=1
Missing continuation line
keep'
}

# bats test_tags=root
@test "xnetns -atomic: the failing line's message and status; -n NS applies; a nameless link add is refused" {
	require_root
	run lab --root "$(declare -f atomic_snap)"'
		xnetns add ns || exit 1
		atomic_snap - ns >/run/before
		printf "link add b0 type bridge\nlink set b0 up\naddr add 192.0.2.1/24 dev b0\nlink add b0 type bridge\n" |
			try xnetns -n ns -atomic -b -
		printf "add x\nlink add type bridge\n" | try xnetns -atomic -b -
		printf "add x\nlink add br%%d type bridge\n" | try xnetns -atomic -b -
		printf "add x\nadd x\n" | try xnetns -atomic -b -
		atomic_snap - ns >/run/after
		diff /run/before /run/after && echo same' 2>&1
	assert_success
	assert_line --index 0 'rc=1'
	assert_line --index 1 --regexp '^Error: .*exists.*|^RTNETLINK answers: File exists$'
	assert_line --index 2 'Command failed -:4'
	assert_line --index 3 'rc=1'
	assert_line --index 4 '-atomic: link add needs the name of the new link (no template), to undo it'
	assert_line --index 5 'Command failed -:2'
	assert_line --index 7 '-atomic: link add needs the name of the new link (no template), to undo it'
	assert_line --index 9 'rc=1'
	assert_line --index 10 'Cannot create namespace file "/run/netns/x": File exists'
	assert_line --index 11 'Command failed -:2'
	assert_line --index 12 'same'
}

# bats test_tags=root
@test "xnetns -atomic: the undo of connect takes away the 127.0.0.1/8 lo got by coming up for the first time" {
	require_root
	run lab --root '
		xnetns add fresh || exit 1
		printf "%s\n" "connect fresh - 192.0.2.20/30 192.0.2.21/30" "link set nothere up" |
			xnetns -atomic -b - 2>/dev/null
		echo "rc=$?"
		for n in fresh; do
			ip -n $n -o addr show dev lo | grep -c " inet " || true
			ip -n $n -br link show dev lo | awk "{ print \$1, \$2 }"
		done
		ip -o addr show dev lo | grep -c " inet " || true
		ip -br link show dev lo | awk "{ print \$1, \$2 }"
		ip -br link | wc -l' 2>&1
	assert_success
	assert_output 'rc=1
0
lo DOWN
0
lo DOWN
1'
}

# bats test_tags=root
@test "xnetns -atomic: SIGTERM in the middle undoes everything, then xnetns dies by it; a second signal waits" {
	require_root
	run lab --root "$(declare -f atomic_snap)"'
		'"$lab_pre"'
		printf "%s\n" "link add br0 type bridge" "link set br0 up" \
			"link add vr type veth peer name vr-p netns pre" "link set vr master br0 up mtu 1400" \
			"addr add 192.0.2.1/24 dev br0" "route add 192.0.2.128/25 via 192.0.2.2" \
			"connect pre - 192.0.2.20/30 192.0.2.21/30 --name p0:p1" \
			"link set pre0 down mtu 1300 name pre7" "link set pre1 netns pre" "link set br0 name br9" \
			>/run/b
		# a long tail: an add that waits for the lock on /run/netns
		# (held here), then many more lines
		echo "add late" >>/run/b
		for i in $(seq 100); do echo "link add x$i type bridge"; done >>/run/b
		atomic_snap - pre >/run/before
		exec 9</run/netns
		flock 9
		xnetns -atomic -b /run/b 2>/run/err &
		p=$!
		# the marker: the last line before the add has run
		wait_for "ip -br link show br9 >/dev/null 2>&1" || echo "no marker"
		kill -TERM $p
		kill -INT $p
		flock -u 9
		exec 9<&-
		wait $p
		echo "rc=$?"
		cat /run/err
		settle - pre
		atomic_snap - pre >/run/after
		diff /run/before /run/after && echo same' 2>&1
	assert_success
	assert_output 'rc=143
same'
}

@test "xnetns -atomic: rootless, in a user namespace that owns the lab; a failure undoes names, pair and links" {
	require_userns
	run lab --rootless "$(declare -f atomic_snap)"'
		xnetns add pre || exit 1
		ip link set lo up && ip link set lo down
		ip -n pre link set lo up && ip -n pre link set lo down
		atomic_snap - pre >/run/before
		printf "%s\n" "add a" "add b" "connect a b 192.0.2.1/24 192.0.2.2/24" "connect pre -" \
			"link add br0 type bridge" "link set br0 up" "link add v0 type veth peer name v1 netns a" \
			"link set v0 master br0 up" "addr add 192.0.2.9/24 dev br0" "route add 192.0.2.128/25 via 192.0.2.2" \
			"link set v0 netns pre" "bogus" >/run/b
		try xnetns -atomic -b /run/b
		atomic_snap - pre >/run/after
		diff /run/before /run/after && echo same' 2>&1
	assert_success
	assert_output 'rc=1
Command "bogus" is unknown, try "xnetns help".
Command failed /run/b:12
same'
}
