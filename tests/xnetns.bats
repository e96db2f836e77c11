#!/usr/bin/env bats
# xnetns against the real kernel, side by side with iproute2's `ip netns`.
# Every test body is a script run by xn() in a lab (tests/helpers/lab.bash):
# a private mount namespace whose /run is a fresh tmpfs of its own (so
# /run/netns is private to the test and starts out missing, whatever the
# machine's /run/netns holds), a network namespace of its own (namespace ids
# stay in it) and a pid namespace of its own (a process a test leaves behind
# dies with it). As root the script runs as real root; when the suite runs
# unprivileged, as root of a user namespace of its own. The tests named
# "rootless" always run there, as user 65534 (xn_rootless).

load helpers/common
load helpers/lab

# xn SCRIPT [ARG...] / xn_rootless SCRIPT [ARG...]: SCRIPT in a lab.
xn() { lab --pid -- "$@"; }
xn_rootless() { lab --rootless --pid -- "$@"; }

setup() {
	require_cmd ip
	[ "$(id -u)" = 0 ] || require_userns
}

# ---- list, add, JSON --------------------------------------------------------

@test "xnetns list: nothing without /run/netns; -j list prints [] (ip prints nothing)" {
	run xn '
		xnetns list; echo "rc=$?"
		xnetns; echo "rc=$?"
		xnetns -j list; echo "rc=$?"
		echo "ip: $(ip -j netns list)"
		ls -d /run/netns 2>&1 | sed "s/^ls: //"'
	assert_success
	assert_output 'rc=0
rc=0
[]
rc=0
ip: 
cannot access '\''/run/netns'\'': No such file or directory'
}

@test "xnetns add: /run/netns/NAME is a bound nsfs file of a new namespace with only lo; /run/netns is a shared mount of its own" {
	run xn '
		# a shared /run (as systemd makes it; here in this mount namespace only)
		mount --make-shared /run
		xnetns add blue; echo "rc=$?"
		stat -f -c %T /run/netns/blue
		[ "$(stat -L -c %i /run/netns/blue)" != "$(stat -L -c %i /proc/self/ns/net)" ] && echo new
		xnetns exec blue ip -brief link | awk "{ print \$1, \$2 }"
		lab_mountinfo | awk "\$5 == \"/run/netns\" { print \$7 ~ /^shared:/ ? \"shared\" : \$7 }"
		# its peer group is not that of /run: names are not mounted twice
		run=$(lab_mountinfo | awk "\$5 == \"/run\" { print \$7 }")
		dir=$(lab_mountinfo | awk "\$5 == \"/run/netns\" { print \$7 }")
		[ "$run" != "$dir" ] && echo own-group
		lab_mountinfo | grep -c " /run/netns "
		residue'
	assert_success
	assert_output 'rc=0
nsfs
new
lo DOWN
shared
own-group
1
names:blue  mounts:1'
}

@test "xnetns list: the same text and JSON as ip netns list, ids included, in readdir order" {
	run xn '
		xnetns add a && ip netns add b && xnetns add c && xnetns set b 7 && xnetns set c auto
		for args in list "" show; do same_as_ip $args || exit 1; done
		xnetns list
		diff <(ip -j netns list) <(xnetns -j list) && diff <(ip -j -p netns list) <(xnetns -j -p list) &&
		diff <(ip netns list) <(xnetns -p list) && echo same-json'
	assert_success
	assert_output 'c (id: 0)
b (id: 7)
a
same-json'
}

@test "xnetns -j list: valid JSON with every name exact, checked with jq" {
	require_cmd jq
	run xn '
		xnetns add plain && xnetns add "q\"uote" && xnetns add "back\\slash" && xnetns add "é ü" &&
			ip netns add "$(printf "tab\tnl\nend")" && xnetns set plain 5 || exit 1
		xnetns -j list | jq -e "length == 5" >/dev/null && echo five
		xnetns -j list | jq -r "map(select(.id == 5))[0].name"
		xnetns -j -p list | jq -c "map(.name) | sort"
		diff <(ip -j netns list) <(xnetns -j list) && echo same-as-ip
		xnetns -j list | jq -e "map(select(has(\"id\"))) | length == 1" >/dev/null && echo one-id'
	assert_success
	assert_output 'five
plain
["back\\slash","plain","q\"uote","tab\tnl\nend","é ü"]
same-as-ip
one-id'
}

@test "xnetns add: spaces, a leading dash, UTF-8 and 255 bytes are names; names are never options" {
	long=$(printf 'n%.0s' $(seq 255))
	run xn '
		for n in "a b" -x --help é "$1" "*"; do xnetns add "$n" || echo "failed: $n"; done
		xnetns list | sort | cut -c1-20
		for n in "a b" -x --help é "$1" "*"; do usable "$n" || echo "unusable: $n"; done
		xnetns delete "a b" -x --help é "$1" "*"; echo "rc=$?"
		residue' "$long"
	assert_success
	assert_output '*
--help
-x
a b
nnnnnnnnnnnnnnnnnnnn
é
rc=0
names: mounts:0'
}

@test "xnetns add: an existing name: File exists, status 1, the namespace untouched" {
	run xn '
		xnetns add x; before=$(stat -L -c %i /run/netns/x)
		same_as_ip add x && echo same
		xnetns add x; echo "rc=$?"
		[ "$(stat -L -c %i /run/netns/x)" = "$before" ] && usable x && echo untouched
		residue'
	assert_success
	assert_output 'same
xnetns: Cannot create namespace file "/run/netns/x": File exists
rc=1
untouched
names:x  mounts:1'
}

# ---- bad input: ip's messages and statuses, nothing left behind ------------

@test "xnetns: bad names: ip's message and status 255 for every subcommand, nothing created" {
	long=$(printf 'n%.0s' $(seq 256))
	run xn '
		mkdir /run/netns
		for n in "" . .. a/b ../x "$1"; do
			for cmd in "add" "delete" "pids" "set" "exec" "attach"; do
				case $cmd in
				set) extra=1 ;; exec) extra=true ;; attach) extra=1 ;; *) extra= ;;
				esac
				same_as_ip $cmd "$n" $extra || exit 1
			done
			xnetns add "$n" 2>&1 | cut -c1-40; echo "rc=${PIPESTATUS[0]}"
		done 2>&1 | LC_ALL=C sort | uniq -c | sed "s/^ *//"
		residue' "$long"
	assert_success
	assert_output '6 rc=255
1 xnetns: Invalid netns name ""
1 xnetns: Invalid netns name "."
1 xnetns: Invalid netns name ".."
1 xnetns: Invalid netns name "../x"
1 xnetns: Invalid netns name "a/b"
1 xnetns: Invalid netns name "nnnnnnnnnnnn
names: mounts:0'
}

@test "xnetns -n: the name is checked like any other (ip does not), status 255, nothing created" {
	run xn '
		xnetns -n .. list; echo "rc=$?"
		xnetns -n ../../proc/1/ns/net list; echo "rc=$?"
		xnetns -n nope list; echo "rc=$?"
		ip -n nope netns list; echo "ip rc=$?"
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Invalid netns name ".."
rc=255
xnetns: Invalid netns name "../../proc/1/ns/net"
rc=255
xnetns: Cannot open network namespace "nope": No such file or directory
rc=255
Cannot open network namespace "nope": No such file or directory
ip rc=255
names: mounts:0'
}

@test "xnetns: missing arguments and unknown commands: ip's messages and statuses" {
	run xn '
		xnetns add x
		for args in add delete pids set exec attach "attach y" "set x" "exec x" \
			"attach y abc" "attach y 0" "attach y 99999999" "delete nope" \
			"set nope 1" "set x abc" "set x -1" "exec nope true" \
			"identify abc" "identify 99999999" bogus \
			"list-id nsid" "list-id nsid abc"; do
			same_as_ip $args || exit 1
			xnetns $args 2>&1; echo "rc=$?"
		done
		residue'
	assert_success
	assert_output 'xnetns: No netns name specified
rc=1
xnetns: No netns name specified
rc=1
xnetns: No netns name specified
rc=1
xnetns: No netns name specified
rc=1
xnetns: No netns name specified
rc=1
xnetns: No netns name and PID specified
rc=1
xnetns: No netns name and PID specified
rc=1
xnetns: No nsid specified
rc=1
xnetns: No command specified
rc=1
xnetns: Invalid PID: abc
rc=1
xnetns: Invalid PID: 0
rc=1
xnetns: Bind /proc/99999999/ns/net -> /run/netns/y failed: No such file or directory
rc=1
xnetns: Cannot remove namespace file "/run/netns/nope": No such file or directory
rc=1
xnetns: Cannot open network namespace "nope": No such file or directory
rc=1
xnetns: Error: argument "abc" is wrong: Invalid "netnsid" value
rc=255
xnetns: Error: argument "-1" is wrong: "netnsid" value should be >= 0
rc=255
xnetns: Cannot open network namespace "nope": No such file or directory
rc=255
xnetns: Specified string '\''abc'\'' is not a pid
rc=1
xnetns: Cannot open network namespace: No such file or directory
rc=1
xnetns: Command "bogus" is unknown, try "xnetns help".
rc=255
xnetns: Command line is not complete. Try option "help"
rc=255
xnetns: Error: argument "abc" is wrong: "nsid" value is invalid
rc=255
names:x  mounts:1'
}

@test "xnetns: stricter than ip: abbreviations, extra arguments, pids beyond 32 bits, pids of a missing name are errors; nothing created" {
	run xn '
		xnetns a x; echo "rc=$?"
		xnetns lis; echo "rc=$?"
		xnetns add y z; echo "rc=$?"
		xnetns list x; echo "rc=$?"
		xnetns attach y 4294967297; echo "rc=$?"
		xnetns identify 4294967297; echo "rc=$?"
		xnetns pids nope; echo "rc=$?"
		xnetns list-id target-nsid -1; echo "rc=$?"
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Command "a" is unknown, try "xnetns help".
rc=255
xnetns: Command "lis" is unknown, try "xnetns help".
rc=255
xnetns: extra arguments specified
rc=1
xnetns: extra arguments specified
rc=1
xnetns: Invalid PID: 4294967297
rc=1
xnetns: Specified string '\''4294967297'\'' is not a pid
rc=1
xnetns: Cannot open network namespace "nope": No such file or directory
rc=1
xnetns: Error: argument "-1" is wrong: "target-nsid" value is invalid
rc=255
names: mounts:0'
}

@test "xnetns: control characters: refused by add and attach, escaped by list, identify and pids" {
	run xn '
		xnetns add "$(printf "a\nb")"; echo "rc=$?"
		xnetns attach "$(printf "c\td")" $$; echo "rc=$?"
		# C1 (CSI) in UTF-8 and as a lone byte; printable UTF-8 is a name
		xnetns add "$(printf "e\302\23331m")"; echo "rc=$?"
		xnetns add "$(printf "f\23331m")"; echo "rc=$?"
		xnetns add "$(printf "caf\303\251")" && xnetns list && xnetns delete "$(printf "caf\303\251")"
		residue
		# made by ip, which accepts them: one line per name on output
		ip netns add "$(printf "fake\nforged")" || exit 1
		ip netns add "$(printf "g\23331m")" || exit 1
		xnetns list
		xnetns delete "$(printf "g\23331m")"
		xnetns exec "$(printf "fake\nforged")" sh -c "xnetns identify"
		[ "$(ip netns list | wc -l)" = 2 ] && echo "ip: two lines"
		xnetns delete "$(printf "fake\nforged")"; echo "rc=$?"
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Invalid netns name "a\x0ab": control characters are not allowed
rc=255
xnetns: Invalid netns name "c\x09d": control characters are not allowed
rc=255
xnetns: Invalid netns name "e\xc2\x9b31m": control characters are not allowed
rc=255
xnetns: Invalid netns name "f\x9b31m": control characters are not allowed
rc=255
café
names: mounts:0
g\x9b31m
fake\x0aforged
fake\x0aforged
ip: two lines
rc=0
names: mounts:0'
}

# ---- attach, delete --------------------------------------------------------

@test "xnetns attach NAME PID: names the network namespace of a process; a dead pid leaves no file" {
	run xn '
		sleeper_in_netns || exit 1
		xnetns attach lab $p; echo "rc=$?"
		[ "$(stat -L -c %i /run/netns/lab)" = "$(stat -L -c %i /proc/$p/ns/net)" ] && echo same-ns
		xnetns identify $p
		kill $p; wait $p
		xnetns attach gone $p; echo "rc=$?"
		usable lab && echo "lab lives on"
		residue' 2>&1
	assert_success
	assert_line --index 0 'rc=0'
	assert_line --index 1 'same-ns'
	assert_line --index 2 'lab'
	assert_line --index 3 --regexp '^xnetns: Bind /proc/[0-9]+/ns/net -> /run/netns/gone failed: No such file or directory$'
	assert_line --index 4 'rc=1'
	assert_line --index 5 'lab lives on'
	assert_line --index 6 'names:lab  mounts:1'
}

@test "xnetns delete: several names; a busy namespace lives on in its processes; -all delete removes every name" {
	run xn '
		for n in a b c d; do xnetns add $n; done
		xnetns exec a sleep 100 & p=$!
		wait_for "[ \"\$(xnetns identify $p)\" = a ]" || exit 1
		xnetns delete a b; echo "rc=$?"
		[ "$(stat -L -c %i /proc/$p/ns/net)" != "$(stat -L -c %i /proc/self/ns/net)" ] && echo "a lives on"
		kill $p
		xnetns delete c nope d; echo "rc=$?"
		residue
		for n in e f g; do xnetns add $n; done
		xnetns -all delete; echo "rc=$?"
		xnetns -a delete; echo "rc=$?"
		residue' 2>&1
	assert_success
	assert_output 'rc=0
a lives on
xnetns: Cannot remove namespace file "/run/netns/nope": No such file or directory
rc=1
names: mounts:0
rc=0
rc=0
names: mounts:0'
}

@test "xnetns: a symlink to /proc/PID/ns/net is a name for list, exec and identify" {
	run xn '
		sleeper_in_netns || exit 1
		mkdir /run/netns && ln -s /proc/$p/ns/net /run/netns/link
		xnetns list
		xnetns exec link xnetns identify
		xnetns identify $p
		xnetns pids link | grep -c "^$p\$"
		kill $p'
	assert_success
	assert_output 'link
link
link
1'
}

@test "xnetns delete: a symlink planted in /run/netns is removed, never followed" {
	run xn '
		xnetns add real
		mkdir /run/target && mount -t tmpfs xt-target /run/target
		ln -s /run/target /run/netns/evil
		ln -s /run/netns/real /run/netns/alias
		xnetns delete evil alias; echo "rc=$?"
		lab_mountinfo | grep -c " /run/target "
		usable real && echo "real untouched"
		residue'
	assert_success
	assert_output 'rc=0
1
real untouched
names:real  mounts:1'
}

@test "xnetns add: a stale empty entry (an interrupted ip add) is pointed out; delete removes it; exec and pids refuse it" {
	run xn '
		xnetns add ok && install -m 0 /dev/null /run/netns/stale
		xnetns add stale; echo "rc=$?"
		xnetns exec stale echo ran; echo "rc=$?"
		xnetns pids stale; echo "rc=$?"
		xnetns -all exec echo ran; echo "rc=$?"
		xnetns delete stale; echo "rc=$?"
		xnetns add stale && usable stale && echo repaired
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Cannot create namespace file "/run/netns/stale": File exists
xnetns: hint: "/run/netns/stale" is not a network namespace (left by an interrupted add?): '\''xnetns delete stale'\'' removes it
rc=1
xnetns: setting the network namespace "stale" failed: Invalid argument
rc=255
xnetns: "/run/netns/stale" is not a network namespace
rc=1

netns: stale
xnetns: setting the network namespace "stale" failed: Invalid argument

netns: ok
ran
rc=1
rc=0
repaired
names:ok stale  mounts:2'
}

@test "xnetns: a name that is no network namespace (another kind, a directory): exec, -n, pids, set fail; nothing runs" {
	run xn '
		mkdir -p /run/netns/dir && touch /run/netns/uts && mount --bind /proc/self/ns/uts /run/netns/uts || exit 1
		for n in uts dir; do
			xnetns exec $n echo ran; echo "rc=$?"
			xnetns -n $n list; echo "rc=$?"
			xnetns pids $n; echo "rc=$?"
			same_as_ip set $n auto && echo "set: as ip"
		done
		xnetns list' 2>&1
	assert_success
	assert_output 'xnetns: setting the network namespace "uts" failed: Invalid argument
rc=255
xnetns: setting the network namespace "uts" failed: Invalid argument
rc=255
xnetns: "/run/netns/uts" is not a network namespace
rc=1
set: as ip
xnetns: setting the network namespace "dir" failed: Invalid argument
rc=255
xnetns: setting the network namespace "dir" failed: Invalid argument
rc=255
xnetns: "/run/netns/dir" is not a network namespace
rc=1
set: as ip
uts
dir'
}

@test "xnetns -all delete: goes on past a name it cannot remove and says so, status 1 (ip stops, and says 0)" {
	run xn '
		for n in a b c; do xnetns add $n; done
		# b mounted twice: one unmount leaves it busy, and b is bound
		# back as it was (a failed delete leaves the name usable)
		mount --bind /run/netns/b /run/netns/b && mkdir /run/netns/dir || exit 1
		xnetns -all delete; echo "rc=$?"
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Cannot remove namespace file "/run/netns/dir": Is a directory
xnetns: Cannot remove namespace file "/run/netns/b": Device or resource busy
rc=1
names:b dir  mounts:2'
}

# ---- set, list-id, -n, identify, pids --------------------------------------

@test "xnetns set and list-id: ids as ip sets and shows them, seen from here and from -n NS" {
	require_cmd jq
	run xn '
		xnetns add a && xnetns add b && xnetns add c || exit 1
		xnetns set a 7; echo "rc=$?"
		xnetns set b auto; echo "rc=$?"
		xnetns -n a set b 3; echo "rc=$?"
		xnetns set a 8; echo "rc=$?"
		for args in list list-id "list-id nsid 7" "list-id target-nsid 7" "list-id nsid 99"; do
			same_as_ip $args && same_as_ip -j $args && same_as_ip -n a $args && same_as_ip -n c $args || exit 1
		done
		xnetns list-id
		xnetns -n a list-id
		xnetns list-id target-nsid 7
		xnetns -j list-id | jq -c "sort_by(.nsid)"' 2>&1
	assert_success
	assert_output 'rc=0
rc=0
rc=0
xnetns: Error: Peer netns already has a nsid assigned.
rc=2
nsid 0 (iproute2 netns name: b)
nsid 7 (iproute2 netns name: a)
nsid 3 (iproute2 netns name: b)
nsid 3 current-nsid 0 (iproute2 netns name: b)
[{"nsid":0,"name":"b"},{"nsid":7,"name":"a"}]'
}

@test "xnetns set, list-id, attach: numbers as ip reads them (010 is 8, 0x10 is 16), nothing else" {
	run xn '
		xnetns add a && xnetns add b && xnetns add c || exit 1
		xnetns set a 010 && xnetns set b 0x10 && xnetns list | sort
		same_as_ip list-id nsid 010 && same_as_ip list-id nsid 0x10 && echo "list-id as ip"
		xnetns attach d 0x1 && xnetns attach e 01 && echo attached
		xnetns set c 09; echo "rc=$?"
		xnetns set c " 1"; echo "rc=$?"
		xnetns attach f 0x; echo "rc=$?"
		ls /run/netns | sort | tr "\n" " "' 2>&1
	assert_success
	assert_output 'a (id: 8)
b (id: 16)
c
list-id as ip
attached
xnetns: Error: argument "09" is wrong: Invalid "netnsid" value
rc=255
xnetns: Error: argument " 1" is wrong: Invalid "netnsid" value
rc=255
xnetns: Invalid PID: 0x
rc=1
a b c d e '
}

@test "xnetns -n NS: a plain setns; -n X add Y leaves no dead file (ip's does)" {
	run xn '
		xnetns add x
		xnetns -n x add y; echo "rc=$?"
		usable y && echo "y usable"
		xnetns -n x exec y true; echo "rc=$?"
		xnetns --netns x list; xnetns --netns=x list; xnetns -netns x list' 2>&1
	assert_success
	assert_output 'rc=0
y usable
rc=0
y
x
y
x
y
x'
}

@test "xnetns identify [PID], pids NAME: what ip prints, every name of a namespace, and no more" {
	run xn '
		xnetns add a && xnetns add b || exit 1
		xnetns exec a sleep 100 & p1=$!
		xnetns exec a sleep 101 & p2=$!
		wait_for "[ \"\$(xnetns identify $p1)\" = a ] && [ \"\$(xnetns identify $p2)\" = a ]" || exit 1
		same_as_ip identify $p1 && same_as_ip identify && same_as_ip pids a && same_as_ip pids b || exit 1
		[ "$(xnetns pids a | sort -n | tr "\n" " ")" = "$(printf "%s\n" $p1 $p2 | sort -n | tr "\n" " ")" ] && echo both
		xnetns pids b | wc -l
		xnetns identify | od -An -c
		xnetns exec b xnetns identify
		# a second name for a namespace: ip prints one, xnetns both
		xnetns attach a2 $p1
		xnetns identify $p1 | sort | tr "\n" " "; echo
		ip netns identify $p1 | wc -l
		kill $p1 $p2' 2>&1
	assert_success
	assert_output 'both
0
  \n
b
a a2 
1'
}

# ---- exec ------------------------------------------------------------------

@test "xnetns exec: own mount namespace, / a slave, /sys of the namespace, the program's status and descriptors" {
	run xn '
		# a shared / (in this mount namespace only): exec makes its copy a slave
		mount --make-rshared /
		xnetns add blue
		outer=$(readlink /proc/self/ns/mnt)
		xnetns exec blue sh -c "
			[ \"\$(readlink /proc/self/ns/mnt)\" != \"$outer\" ] && echo own-mnt
			grep -E \"^[0-9]+ [0-9]+ [^ ]+ / / .* master:[0-9]+ \" /proc/self/mountinfo >/dev/null && echo slave
			grep \" /sys \" /proc/self/mountinfo | tail -n 1 | sed \"s/.* - //\" | cut -d\" \" -f1,2
			ls /sys/class/net
			mount -t tmpfs xt-inside /mnt"
		grep -c xt-inside /proc/self/mountinfo
		[ "$(sh -c "ls /proc/\$\$/fd")" = "$(xnetns exec blue sh -c "ls /proc/\$\$/fd")" ] && echo same-fds
		[ "$(sh -c "ls /proc/\$\$/fd" 3<&- 4<&- 5<&-)" = "$(xnetns exec blue sh -c "ls /proc/\$\$/fd" 3<&- 4<&- 5<&-)" ] && echo same-fds
		xnetns exec blue sh -c "exit 7"; echo "rc=$?"
		(xnetns exec blue sh -c "kill -TERM \$\$"; echo "rc=$?") 2>/dev/null
		xnetns exec blue /nonexistent; echo "rc=$?"
		xnetns exec blue /etc/passwd; echo "rc=$?"
		ip netns exec blue /nonexistent; echo "ip rc=$?"
		echo "outside: $(readlink /proc/self/ns/mnt | cut -c1-3)"
		residue' 2>&1
	assert_success
	assert_output 'own-mnt
slave
sysfs blue
lo
0
same-fds
same-fds
rc=7
rc=143
xnetns: exec of "/nonexistent" failed: No such file or directory
rc=127
xnetns: exec of "/etc/passwd" failed: Permission denied
rc=126
exec of "/nonexistent" failed: No such file or directory
ip rc=1
outside: mnt
names:blue  mounts:1'
}

@test "xnetns exec: a read-only /sys stays read-only (ip mounts it read-write when it could unmount the old one)" {
	run xn '
		mount -o remount,bind,ro /sys 2>/dev/null || mount -t sysfs -o ro xt-sys /sys || exit 1
		xnetns add ro
		xnetns exec ro grep " /sys " /proc/self/mountinfo | tail -n 1 | sed "s/ - / /" | cut -d" " -f6-8'
	assert_success
	assert_output 'ro,relatime sysfs ro'
}

@test "xnetns exec: /etc/netns/NAME/* is bound over /etc/* for the program only; a missing target warns as ip" {
	run xn '
		# our own /etc: an overlay whose changes stay in this mount namespace
		mkdir -p /run/xt-etc/u /run/xt-etc/w
		mount -t overlay xt-etc -o lowerdir=/etc,upperdir=/run/xt-etc/u,workdir=/run/xt-etc/w /etc || exit 1
		mkdir -p /etc/netns/blue/xt-dir /etc/xt-dir
		echo "blue hosts" >/etc/netns/blue/hosts
		echo "in dir" >/etc/netns/blue/xt-dir/f
		xnetns add blue
		xnetns exec blue sh -c "cat /etc/hosts /etc/xt-dir/f"
		ip netns exec blue sh -c "cat /etc/hosts /etc/xt-dir/f"
		[ "$(head -n 1 /etc/hosts)" != "blue hosts" ] && [ ! -e /etc/xt-dir/f ] && echo "outside untouched"
		echo x >/etc/netns/blue/xt-missing
		xnetns exec blue echo ran; echo "rc=$?"
		ip netns exec blue echo ran; echo "ip rc=$?"' 2>&1
	assert_success
	assert_output 'blue hosts
in dir
blue hosts
in dir
outside untouched
xnetns: Bind /etc/netns/blue/xt-missing -> /etc/xt-missing failed: No such file or directory
ran
rc=0
Bind /etc/netns/blue/xt-missing -> /etc/xt-missing failed: No such file or directory
ran
ip rc=0'
}

@test "xnetns -all exec: once per namespace, ip's headers; fails when any command failed (ip says 0)" {
	run xn '
		for n in a b c; do xnetns add $n; done
		diff <(ip -all netns exec sh -c "xnetns identify" 2>&1) <(xnetns -all exec sh -c "xnetns identify" 2>&1) && echo same
		xnetns -a exec sh -c "echo \$(xnetns identify) >>/run/ran; [ \$(xnetns identify) != b ]"; echo "rc=$?"
		sort /run/ran | tr "\n" " "; echo
		ip -all netns exec sh -c "[ \$(ip netns identify) != b ]" >/dev/null; echo "ip rc=$?"
		xnetns -all exec; echo "rc=$?"' 2>&1
	assert_success
	assert_output 'same

netns: c

netns: b

netns: a
rc=1
a b c 
ip rc=0
xnetns: No command specified
rc=1'
}

# ---- monitor, write errors -------------------------------------------------

@test "xnetns monitor: makes /run/netns, and each event reaches a pipe at once, escaped" {
	run xn '
		mkfifo /run/fifo
		xnetns monitor >/run/fifo 2>/run/monitor.err & m=$!
		cat /run/fifo >/run/monitor.out & c=$!
		wait_for "grep -qs \"^inotify wd\" /proc/$m/fdinfo/*" || exit 1
		xnetns add m1 && xnetns delete m1 && ip netns add "$(printf "t\tx")" || exit 1
		wait_for "[ \$(wc -l </run/monitor.out) -ge 3 ]" || echo "lines missing"
		kill $m; wait $c
		cat /run/monitor.out /run/monitor.err'
	assert_success
	assert_output 'add m1
delete m1
add t\x09x'
}

@test "xnetns list, monitor >/dev/full: one write error, status 1 (ip says 0)" {
	[ -w /dev/full ] || skip "no /dev/full"
	run xn '
		xnetns add x
		xnetns list >/dev/full; echo "rc=$?"
		xnetns -j list >/dev/full; echo "rc=$?"
		xnetns identify >/dev/full; echo "rc=$?"
		ip netns list >/dev/full; echo "ip rc=$?"
		xnetns monitor >/dev/full 2>/run/monitor.err & m=$!
		wait_for "grep -qs \"^inotify wd\" /proc/$m/fdinfo/*" || exit 1
		xnetns add y
		wait $m; echo "monitor rc=$?"
		cat /run/monitor.err' 2>&1
	assert_success
	assert_output 'xnetns: write error: No space left on device
rc=1
xnetns: write error: No space left on device
rc=1
xnetns: write error: No space left on device
rc=1
ip rc=0
monitor rc=1
xnetns: write error: No space left on device'
}

# ---- batch -------------------------------------------------------------------

@test "xnetns -b: comments, quotes, continued lines; stops at the first failure with Command failed FILE:LINE, as ip -b" {
	run xn '
		cat >/run/cmds <<-"EOF"
		# a comment
		add a
		add "b c"   # and another
		add '"'"'d'"'"' \
		  # continued
		add a
		add e
		EOF
		sed "s/^add/netns add/" /run/cmds >/run/cmds.ip
		xnetns -b /run/cmds; echo "rc=$?"
		xnetns list
		xnetns -a delete
		ip -b /run/cmds.ip; echo "ip rc=$?"
		ip netns list
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Cannot create namespace file "/run/netns/a": File exists
xnetns: Command failed /run/cmds:6
rc=1
d
b c
a
Cannot create namespace file "/run/netns/a": File exists
Command failed /run/cmds.ip:6
ip rc=1
d
b c
a
names:a b c d  mounts:3'
}

@test "xnetns -b: a file that ends in a continued line: ip's Missing continuation line, and no command" {
	run xn '
		printf "add a\\nadd b\\\\\\n" >/run/cmds
		sed "s/^add/netns add/" /run/cmds >/run/cmds.ip
		xnetns -b /run/cmds; echo "rc=$?"
		xnetns list
		xnetns -a delete
		ip -b /run/cmds.ip; echo "ip rc=$?"
		ip netns list
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Missing continuation line
rc=0
a
Missing continuation line
ip rc=0
a
names:a  mounts:1'
}

@test "xnetns -b -f: every line runs, each failure reported, status 1; exec forks and returns the status" {
	run xn '
		printf "%s\n" "add a" "add a" "exec a sh -c \"exit 3\"" "bogus" "add ." "add \"open" "delete nope" \
			"exec a sh -c \"echo in \$(xnetns identify)\"" "add b" "add h#i # a comment" "list" |
			xnetns -force -b -; echo "rc=$?"
		printf "%s\n" "add c" "exec c sh -c \"exit 3\"" "add d" | xnetns -b -; echo "rc=$?"
		xnetns list
		xnetns -b /run/nope; echo "rc=$?"
		xnetns -b - list </dev/null; echo "rc=$?"
		xnetns -b /dev/null; echo "rc=$?"' 2>&1
	assert_success
	assert_output 'xnetns: Cannot create namespace file "/run/netns/a": File exists
xnetns: Command failed -:2
xnetns: Command failed -:3
xnetns: Command "bogus" is unknown, try "xnetns help".
xnetns: Command failed -:4
xnetns: Invalid netns name "."
xnetns: Command failed -:5
xnetns: Unterminated quoted string
xnetns: Command failed -:6
xnetns: Cannot remove namespace file "/run/netns/nope": No such file or directory
xnetns: Command failed -:7
in a
h#i
b
a
rc=1
xnetns: Command failed -:2
rc=1
c
h#i
b
a
xnetns: Cannot open file "/run/nope" for reading: No such file or directory
rc=1
xnetns: a batch file and a command cannot be combined
Try '\''xnetns --help'\'' for more information.
rc=1
rc=0'
}

@test "xnetns: 200 namespaces: batch and one-shot adds, list as ip, ids, JSON, -all delete" {
	require_cmd jq
	run xn '
		seq -f "add n%g" 1 150 | xnetns -b - || exit 1
		for i in $(seq 151 200); do xnetns add n$i || exit 1; done
		ls /run/netns | wc -l; lab_mountinfo | grep -c " /run/netns/"
		diff <(ip netns list) <(xnetns list) && echo same
		seq 1 40 | awk "{ print \"set n\" \$1, \$1 }" | xnetns -b - || exit 1
		diff <(ip netns list) <(xnetns list) && diff <(ip -j netns list) <(xnetns -j list) && echo same-with-ids
		xnetns -j list | jq "length, map(select(has(\"id\"))) | length" | tr "\n" " "; echo
		xnetns exec n77 xnetns identify
		xnetns -all delete; echo "rc=$?"
		residue'
	assert_success
	assert_output '200
200
same
same-with-ids
200 40 
n77
rc=0
names: mounts:0'
}

# ---- concurrency and interruptions ------------------------------------------

@test "xnetns add: parallel adds of one name: exactly one winner, the rest File exists, one mount" {
	run xn '
		mkdir /run/res
		for i in $(seq 1 20); do (xnetns add same 2>/run/res/$i.err; echo $? >/run/res/$i.rc) & done
		wait
		cat /run/res/*.rc | sort | uniq -c | sed "s/^ *//"
		cat /run/res/*.err | sort | uniq -c | sed "s/^ *//"
		residue'
	assert_success
	assert_output '1 0
19 1
19 xnetns: Cannot create namespace file "/run/netns/same": File exists
names:same  mounts:1'
}

@test "xnetns add: 20 parallel first uses leave exactly one /run/netns mount and 20 names" {
	run xn '
		for i in $(seq 1 20); do xnetns add n$i & done
		wait
		lab_mountinfo | grep -c " /run/netns "
		ls /run/netns | wc -l
		lab_mountinfo | grep -c " /run/netns/"'
	assert_success
	assert_output '1
20
20'
}

@test "xnetns add: killed at random moments (KILL, TERM, INT, HUP), a name is a usable namespace or absent" {
	run xn '
		# the moments: up to twice the time an add takes here (in microseconds)
		xnetns add first; t=$(date +%s%N); xnetns add second; t=$((($(date +%s%N) - t) / 500))
		xnetns delete first second
		set -- KILL TERM INT HUP
		for i in $(seq 1 60); do
			sig=${@:$((i % 4 + 1)):1}
			# (at least 1 us: timeout 0 would be no timeout at all)
			us=$((RANDOM * 32768 % t + 1)); d=$(printf "%d.%06d" $((us / 1000000)) $((us % 1000000)))
			(timeout -s $sig $d xnetns add n$i; echo $? >/run/rc) 2>/dev/null
			[ "$(cat /run/rc)" != 0 ] || [ -e /run/netns/n$i ] || echo "n$i: status 0 but missing"
		done
		# batches killed half-way
		for i in $(seq 1 10); do
			us=$((RANDOM * 32768 % (t * 8) + 1)); d=$(printf "%d.%06d" $((us / 1000000)) $((us % 1000000)))
			(seq -f "add b$i-%g" 1 50 | timeout -s KILL $d xnetns -b -) 2>/dev/null
		done
		# a helper busy with a name when xnetns was killed finishes it
		wait_for no_xnetns_left || echo "an xnetns process is left"
		n=0
		shopt -s nullglob
		for f in /run/netns/*; do
			n=$((n + 1))
			usable "${f#/run/netns/}" || echo "not a usable namespace: $f"
		done
		m=$(lab_mountinfo | grep -c " /run/netns/")
		[ "$m" = $n ] || echo "$n names but $m mounts"
		xnetns -all delete
		residue' 2>&1
	assert_success
	assert_output 'names: mounts:0'
}

@test "xnetns: add/exec/delete cycles leave the mount table as it was; names appear in running execs" {
	run xn '
		xnetns add first && xnetns delete first
		before=$(wc -l </proc/self/mountinfo)
		for i in $(seq 1 20); do xnetns add c && xnetns exec c true && xnetns delete c || exit 1; done
		[ "$(wc -l </proc/self/mountinfo)" = "$before" ] && echo same-mounts
		xnetns add a
		xnetns exec a sleep 100 & p=$!
		wait_for "[ \"\$(xnetns identify $p)\" = a ]" || exit 1
		xnetns add later
		lab_mountinfo /proc/$p/mountinfo | grep -c " /run/netns/later "
		xnetns delete later
		lab_mountinfo /proc/$p/mountinfo | grep -c " /run/netns/later "
		kill $p'
	assert_success
	assert_output 'same-mounts
1
0'
}

@test "xnetns list: under a low ulimit -n, ids are still found for every name" {
	run xn '
		seq -f "add n%g" 1 30 | xnetns -b - && seq 1 30 | awk "{ print \"set n\" \$1, \$1 }" | xnetns -b - || exit 1
		for fd in $(ls /proc/$$/fd); do [ "$fd" -le 2 ] || eval "exec $fd>&-"; done
		for n in 5 6 9; do (ulimit -n $n; xnetns list) | grep -c "(id: "; done'
	assert_success
	assert_output '30
30
30'
}

# ---- options, help, rootless, unprivileged -----------------------------------

@test "xnetns: ip-style and long options; help; -p without -j changes nothing" {
	require_cmd jq
	run xn '
		xnetns add a
		xnetns -json list; xnetns --json --pretty list | jq -c .; xnetns -pretty list
		xnetns help | grep -c "^Usage:"
		printf "add b\n" | xnetns --batch=-; printf "add a\nadd c\n" | xnetns -force -batch -
		xnetns --all delete; xnetns list' 2>&1
	assert_success
	assert_output '[{"name":"a"}]
[{"name":"a"}]
a
1
xnetns: Cannot create namespace file "/run/netns/a": File exists
xnetns: Command failed -:1'
}

@test "xnetns rootless: add, exec, set, delete inside unshare -U -r -m -n, as user 65534" {
	require_userns
	run xn_rootless '
		[ "$(id -u)" = 0 ] && [ "$(awk "{ print \$2 }" /proc/self/uid_map)" != 0 ] && echo in-userns
		xnetns add lab; echo "rc=$?"
		xnetns exec lab ip -brief link | awk "{ print \$1 }"
		xnetns exec lab sh -c "exit 5"; echo "rc=$?"
		xnetns set lab auto && xnetns list
		printf "add b1\nadd b2\nexec b2 true\ndelete b1 b2\n" | xnetns -b -; echo "rc=$?"
		xnetns delete lab; echo "rc=$?"
		residue' 2>&1
	assert_success
	assert_output 'in-userns
rc=0
lo
rc=5
lab (id: 0)
rc=0
rc=0
names: mounts:0'
}

@test "xnetns rootless: at the namespace limit of its user namespace, add fails with a hint and leaves nothing" {
	require_userns
	run xn_rootless '
		# the limit of this user namespace only
		echo 0 >/proc/sys/user/max_net_namespaces || exit 1
		xnetns add full; echo "rc=$?"
		printf "add full\n" | xnetns -b -; echo "rc=$?"
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Failed to create a new network namespace "full": No space left on device
xnetns: hint: sysctl user.max_net_namespaces is 0: such namespaces cannot be created
rc=1
xnetns: Failed to create a new network namespace "full": No space left on device
xnetns: hint: sysctl user.max_net_namespaces is 0: such namespaces cannot be created
xnetns: Command failed -:1
rc=1
names: mounts:0'
}

@test "xnetns rootless: inside xunshare -U -r -m -n with its own /run" {
	require_userns
	run as_nobody xunshare -U -r -m -n sh -c 'mount -t tmpfs xt-run /run && xnetns add lab && xnetns list &&
		xnetns exec lab true && xnetns delete lab && ls -A /run/netns'
	assert_success
	assert_output 'lab'
}

# bats test_tags=root
@test "xnetns add without privilege: ip's message, status 1, nothing created" {
	require_root
	run xn '
		mkdir -m 0777 /run/netns
		setpriv --reuid=65534 --regid=65534 --clear-groups xnetns add x; echo "rc=$?"
		setpriv --reuid=65534 --regid=65534 --clear-groups ip netns add x; echo "ip rc=$?"
		rm -f /run/netns/x
		xnetns add y
		setpriv --reuid=65534 --regid=65534 --clear-groups xnetns delete y; echo "rc=$?"
		setpriv --reuid=65534 --regid=65534 --clear-groups ip netns delete y; echo "ip rc=$?"
		usable y && echo "y untouched"
		residue' 2>&1
	assert_success
	assert_output 'xnetns: mount --make-shared /run/netns failed: Operation not permitted
rc=1
mount --make-shared /run/netns failed: Operation not permitted
ip rc=1
xnetns: Cannot remove namespace file "/run/netns/y": Device or resource busy
rc=1
Cannot remove namespace file "/run/netns/y": Device or resource busy
ip rc=1
y untouched
names:y  mounts:1'
}

# ---- failures made on purpose (strace -e inject): what check-faults found ---

@test "xnetns delete: an unlink that fails leaves the name a usable namespace, ip's message, status 1" {
	require_cmd strace
	run xn '
		xnetns add a && xnetns add b || exit 1
		strace -f -qq -o /dev/null -e inject=unlink:error=EACCES:when=1 xnetns delete a; echo "rc=$?"
		usable a && echo "a usable"
		residue' 2>&1
	assert_success
	assert_output 'xnetns: Cannot remove namespace file "/run/netns/a": Permission denied
rc=1
a usable
names:a b  mounts:2'
}

@test "xnetns list: a directory that cannot be read, a name that cannot be asked its id: said, status 1" {
	require_cmd strace
	require_cmd jq
	run xn '
		xnetns add a && xnetns add b && xnetns set b 7 || exit 1
		strace -f -qq -o /dev/null -e inject=getdents64:error=EIO:when=1 xnetns list; echo "rc=$?"
		strace -f -qq -o /dev/null -e inject=socket:error=EMFILE:when=1 xnetns -j list | jq -c "sort_by(.name)"
		echo "rc=${PIPESTATUS[0]}"
		# an overrun while the ids are read is not a lost answer: the ids are all there
		for n in 2 3; do
			strace -f -qq -o /dev/null -e inject=recvmsg:error=ENOBUFS:when=$n xnetns list | sort
			echo "rc=${PIPESTATUS[0]}"
		done' 2>&1
	assert_success
	assert_output 'xnetns: Failed to read directory /run/netns: Input/output error
rc=1
xnetns: Cannot open netlink socket: Too many open files
[{"name":"a"},{"name":"b"}]
rc=1
a
b (id: 7)
rc=0
a
b (id: 7)
rc=0'
}

@test "xnetns: an overrun (ENOBUFS) before the kernel's answer is read is not a failure of the request" {
	require_cmd strace
	run xn '
		xnetns add a || exit 1
		for n in 1 2; do
			strace -f -qq -o /dev/null -e inject=recvmsg:error=ENOBUFS:when=$n xnetns -n a link add br$n type bridge
			echo "rc=$?"
		done
		ip -n a link add va type veth peer name vb || exit 1
		strace -f -qq -o /dev/null -e inject=recvmsg:error=ENOBUFS:when=1 xnetns -n a addr add 192.0.2.1/24 dev va
		echo "rc=$?"
		ip -n a -br link | awk "{ print \$1 }"
		ip -n a -o -4 addr show dev va | awk "{ print \$4 }"' 2>&1
	assert_success
	assert_output 'rc=0
rc=0
rc=0
lo
br1
br2
vb@va
va@vb
192.0.2.1/24'
}

@test "xnetns -b: a read error fails the batch; an interrupted send or receive to the add helper is made again" {
	require_cmd strace
	run xn '
		printf "%s\n" "add a" "add b" >/run/batch
		# only the reads of the batch file (-P): a dynamic build reads its libraries too
		strace -f -qq -o /dev/null -P /run/batch -e trace=read -e inject=read:error=EIO:when=1 \
			xnetns -b /run/batch; echo "rc=$?"
		residue
		for c in sendto recvfrom; do
			strace -f -qq -o /dev/null -e inject=$c:error=EINTR:when=1 xnetns -b /run/batch; echo "rc=$?"
			residue
			xnetns delete a b || exit 1
		done' 2>&1
	assert_success
	assert_output 'xnetns: Cannot read file "/run/batch": Input/output error
rc=1
names: mounts:0
rc=0
names:a b  mounts:2
rc=0
names:a b  mounts:2'
}

@test "xnetns connect: a failure bringing lo up in the second namespace puts lo back as it was in the first" {
	require_cmd strace
	run xn '
		for n in a b c d; do xnetns add $n || exit 1; done
		# the last request of a connect: lo up in the second namespace
		strace -qq -e trace=sendto -o /run/trace xnetns connect c d 192.0.2.1/24 192.0.2.2/24 || exit 1
		last=$(grep -c "^sendto" /run/trace)
		strace -qq -o /dev/null -e inject=sendto:error=ENOBUFS:when=$last xnetns connect a b 192.0.2.1/24 192.0.2.2/24
		echo "rc=$?"
		for n in a b; do ip -n $n -br link; ip -n $n -o addr; done' 2>&1
	assert_success
	assert_output 'xnetns: cannot bring lo up in b:
xnetns: RTNETLINK answers: No buffer space available
rc=2
lo               DOWN           00:00:00:00:00:00 <LOOPBACK> 
lo               DOWN           00:00:00:00:00:00 <LOOPBACK> '
}
