# tests/helpers/lab.bash - the namespace lab of the xnetns, xnetns-link and
# xmountprop suites: `load helpers/common` then `load helpers/lab`.
#
# lab [OPTION...] [--] SCRIPT [ARG...]
#
# Runs SCRIPT with bash (errexit off unless SCRIPT sets it; ARG... are its
# $1, $2, ...) in a lab: a private mount namespace whose /run is a fresh
# tmpfs of its own, and a network namespace of its own, so that no mount,
# name, link, address or route of the machine is seen or touched. Options:
#   --root      as the real root;
#   --rootless  as user 65534, root of a user namespace of its own that
#               owns the lab's namespaces (always, even when the suite runs
#               as root);
#               with neither: as root when the suite runs as root, else
#               rootless;
#   --pid       in a pid namespace of its own too, with its own /proc (a
#               process the script leaves behind dies with the lab);
#   --no-net    without a network namespace of its own.
# lab runs under bats' `run`, where a skip is lost: a test calls
# require_root or require_userns before, as the lab needs. SCRIPT starts in
# a directory of the test's own that the lab's user may
# write, and finds every function listed in LAB_FUNCS below defined.
#
# The lab's /run, whatever the machine's state: on a host where `ip netns`
# was ever used, /run/netns is a mount of its own (shared, with names bound
# in it), and / may be shared. The lab first detaches every mount it
# inherited at /run or below (lazily, with its submounts) and then mounts
# its tmpfs on /run. Inside a user namespace the kernel locks inherited
# mounts together, so they cannot be detached there: they stay, hidden
# under the lab's tmpfs, and still listed in /proc/self/mountinfo. That is
# why the functions that count mounts read lab_mountinfo, which lists only
# the lab's /run mount and what is mounted below it, never mountinfo whole.

lab() {
	local user=auto pid=() net=(-n) dir
	while :; do
		case $1 in
		--root) user=root ;;
		--rootless) user=rootless ;;
		--pid) pid=(-p -f --mount-proc) ;;
		--no-net) net=() ;;
		--) shift; break ;;
		*) break ;;
		esac
		shift
	done
	if [ "$user" = auto ]; then
		if [ "$(id -u)" = 0 ]; then user=root; else user=rootless; fi
	fi
	local script=$1
	shift
	# The inner bash: the lab's functions, its /run, then SCRIPT.
	local inner
	# shellcheck disable=SC2016 # expanded by the inner bash
	inner="$(declare -f "${LAB_FUNCS[@]}")"'
lab_init || exit 1
cd "$1" || exit 1
lab_script=$2
shift 2
eval "$lab_script"'
	# Called under `run`, a skip would be lost: the test checks first
	# (require_root, require_userns); here a missing privilege fails.
	if [ "$user" = root ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "lab --root: not root (the test must require_root)" >&2
			return 1
		fi
		dir=$BATS_TEST_TMPDIR
		unshare -m "${net[@]}" "${pid[@]}" --propagation private \
			bash -c "$inner" lab "$dir" "$script" "$@"
	else
		dir=$(shared_tmpdir)
		as_nobody unshare -U -r -m "${net[@]}" "${pid[@]}" --propagation private \
			bash -c "$inner" lab "$dir" "$script" "$@"
	fi
}

# Every function the lab's scripts find defined (lab_init is the lab's own;
# wait_for comes from common.bash).
LAB_FUNCS=(
	lab_init lab_detach_run lab_mountinfo wait_for
	as_ip same_as_ip residue usable no_xnetns_left sleeper_in_netns
	nodad snap try settle
	prop mnt tag tree props show_tree wait_root wait_ns on_tree
)

# ---- the lab itself (run inside it) -------------------------------------------

# Make /run the lab's own: detach what was inherited there, mount a tmpfs.
lab_init() {
	lab_detach_run 2>/dev/null
	mount -n -t tmpfs -o mode=0755 xt-run /run
}

# Detach every mount at /run or below, outermost first (a lazy detach takes
# the submounts along). Fails, leaving the rest, on a mount the kernel
# locked (inherited into a user namespace).
lab_detach_run() {
	local m
	while :; do
		m=$(awk '$5 == "/run" || substr($5, 1, 5) == "/run/" { print $5 }' \
			/proc/self/mountinfo | LC_ALL=C sort | head -n 1)
		[ -n "$m" ] || return 0
		# mountinfo writes a space as \040: make it \0040 for printf's %b
		umount -l "$(printf '%b' "${m//\\/\\0}")" || return 1
	done
}

# lab_mountinfo [FILE]: the lines of mountinfo FILE (default ours) for the
# visible mount on /run (the one no other /run mount covers) and every
# mount below it. Whatever the lab inherited and could not detach is left
# out.
lab_mountinfo() {
	awk '
		{ n++; line[n] = $0; id[n] = $1; parent[$1] = $2
		  if ($5 == "/run") { atrun[$1] = 1; covered[$2] = 1 } }
		END {
			for (m in atrun)
				if (!(m in covered))
					top = m
			if (top == "")
				exit 1
			for (i = 1; i <= n; i++) {
				m = id[i]
				for (k = 0; m != top && (m in parent) && k < 100; k++)
					m = parent[m]
				if (m == top)
					print line[i]
			}
		}' "${1:-/proc/self/mountinfo}"
}

# ---- xnetns: names ---------------------------------------------------------------

# The message of xnetns as ip words it.
as_ip() {
	sed 's/^xnetns: //; s/try "xnetns help"/try "ip netns help"/'
}

# same_as_ip [-j] [-n NS] ARG...: ip [-j] [-n NS] netns ARG... and xnetns
# [-j] [-n NS] ARG... give the same status, stdout and stderr (bar the
# "xnetns: " prefix). Only for commands that change nothing.
same_as_ip() {
	local o1 o2 r1 r2 e1 e2 opts=()
	while :; do
		case $1 in
		-j) opts+=(-j); shift ;;
		-n) opts+=(-n "$2"); shift 2 ;;
		*) break ;;
		esac
	done
	o1=$(ip "${opts[@]}" netns "$@" 2>/run/xt-err1)
	r1=$?
	o2=$(xnetns "${opts[@]}" "$@" 2>/run/xt-err2)
	r2=$?
	e1=$(cat /run/xt-err1)
	e2=$(as_ip </run/xt-err2)
	if [ "$r1" != "$r2" ] || [ "$o1" != "$o2" ] || [ "$e1" != "$e2" ]; then
		printf 'differs: %s\n  ip:     %s [%s] [%s]\n  xnetns: %s [%s] [%s]\n' \
			"$*" "$r1" "$o1" "$e1" "$r2" "$o2" "$e2"
		return 1
	fi
}

# What is left under /run/netns: the names, and the nsfs mounts there.
residue() {
	# shellcheck disable=SC2012 # the names as ls sorts them
	printf 'names:%s mounts:%s\n' "$(ls -A /run/netns 2>/dev/null | tr '\n' ' ')" \
		"$(lab_mountinfo /proc/self/mountinfo | grep -c ' /run/netns/')"
}

# usable NAME: NAME is a usable network namespace.
usable() {
	[ "$(stat -f -c %T "/run/netns/$1")" = nsfs ] && xnetns exec "$1" true
}

# No xnetns process is left in this pid namespace (zombies aside).
no_xnetns_left() {
	[ -z "$(ps -eo stat=,comm= | awk '$2 == "xnetns" && $1 !~ /^Z/')" ]
}

# A sleep in a network namespace of its own, started and waited for (until
# it is in that namespace): its pid in $p.
sleeper_in_netns() {
	unshare -n sleep 100 &
	p=$!
	wait_for "[ \"\$(stat -L -c %i /proc/$p/ns/net)\" != \"\$(stat -L -c %i /proc/self/ns/net)\" ]"
}

# ---- xnetns: links, addresses, routes --------------------------------------------

# nodad NS: no IPv6 duplicate address detection in the lab's namespace NS.
nodad() {
	xnetns exec "$1" sh -c 'echo 0 >/proc/sys/net/ipv6/conf/all/accept_dad;
		echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad'
}

# snap NS...: everything ip sees of links, addresses and routes in NS ("-":
# here), ifindex-free, so it compares across runs; without the link-local
# addresses and DAD states, which change by themselves.
snap() {
	local n
	for n in "$@"; do
		if [ "$n" = - ]; then
			ip -o link; ip -o addr; ip route; ip -6 route
		else
			ip -n "$n" -o link; ip -n "$n" -o addr; ip -n "$n" route; ip -n "$n" -6 route
		fi
	done | sed 's/^[0-9]*: //; s/ tentative//' | grep -v ' inet6 fe80::'
}

# try CMD...: run CMD; print "rc=STATUS", then its stderr without "xnetns: ".
try() {
	"$@" 2>/run/xt-err
	echo "rc=$?"
	sed 's/^xnetns: //' /run/xt-err
}

# settle NS...: wait (3 s at most) until the carrier of every link that is
# up has settled in NS ("-": here); the kernel reports it a moment later.
settle() {
	local _ n busy
	for _ in $(seq 30); do
		busy=
		for n in "$@"; do
			if [ "$n" = - ]; then ip -o link; else ip -n "$n" -o link; fi |
				grep -q -e NO-CARRIER -e 'state LOWERLAYERDOWN' && busy=1
		done
		[ -z "$busy" ] && return 0
		sleep 0.1
	done
}

# ---- xmountprop: mount trees -------------------------------------------------------

# on_tree DIR: a tmpfs of the lab's own on DIR (made first), the working
# directory there, and T=DIR.
on_tree() {
	T=$1
	mkdir -p "$T"
	mount -t tmpfs xt-tree "$T"
	cd "$T" || return 1
}

# prop DIR: findmnt's word for the propagation of the mount on DIR.
prop() {
	findmnt -no PROPAGATION --mountpoint "$1"
}

# mnt DIR...: a tmpfs on each, made first.
mnt() {
	local d
	for d in "$@"; do
		mkdir -p "$d"
		mount -t tmpfs "xt-${d##*/}" "$d"
	done
}

# tag DIR TAG [FILE]: the number of tag TAG (shared: master:
# propagate_from:) of the mount on DIR in mountinfo FILE (default ours).
tag() {
	awk -v t="$(realpath "$1")" -v tag="$2" '$5 == t {
		for (i = 7; $i != "-"; i++)
			if (index($i, tag) == 1)
				v = substr($i, length(tag) + 1)
	} END { print v }' "${3:-/proc/self/mountinfo}"
}

# tree DIR BASE: DIR/m with m/s1, m/s1/s2 and m/s3, all of type BASE, and
# DIR/peer, a recursive bind of DIR/m (so shared mounts have peers).
tree() {
	mnt "$1/m" "$1/m/s1" "$1/m/s1/s2" "$1/m/s3"
	xmountprop -r "$2" "$1/m"
	mkdir "$1/peer"
	mount --rbind "$1/m" "$1/peer"
}

# props DIR: the propagation of DIR's tree (see tree), and of its peer.
props() {
	echo "$(prop "$1/m") $(prop "$1/m/s1") $(prop "$1/m/s1/s2") $(prop "$1/m/s3") |" \
		"$(prop "$1/peer") $(prop "$1/peer/s1")"
}

# show_tree: in the working directory, a tree with every kind of mount:
# shared (a), its peers (b, c), shared and slave (c), slave (d), unbindable
# (u) and private (p).
show_tree() {
	mnt a p u
	mkdir b c d
	xmountprop shared a
	mount --bind a b
	mount --bind a c
	xmountprop slave c
	xmountprop shared c
	mount --bind c d
	xmountprop slave d
	xmountprop unbindable u
}

# wait_root PID DIR: until the root directory of PID is DIR (5 s at most).
wait_root() {
	local _
	for _ in $(seq 500); do
		[ "$(readlink "/proc/$1/root")" != "$2" ] || return 0
		sleep 0.01
	done
	return 1
}

# wait_ns PID: until PID is in a mount namespace other than ours (5 s at most).
wait_ns() {
	local _
	for _ in $(seq 500); do
		[ "$(readlink "/proc/$1/ns/mnt")" = "$(readlink /proc/self/ns/mnt)" ] || return 0
		sleep 0.01
	done
	return 1
}
