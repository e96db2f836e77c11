#!/usr/bin/env bats
# The bash completions offer the right words.

load helpers/common

setup() {
	[ -f /usr/share/bash-completion/bash_completion ] || skip "needs bash-completion"
}

# complete TOOL WORD... -> the candidates for the last word, one a line
complete_words() {
	local tool=$1
	shift
	bash -c '
		source /usr/share/bash-completion/bash_completion
		source "$1"
		shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		"_${1}"
		printf "%s\n" "${COMPREPLY[@]}"' sh "$XT_SRCDIR/bash-completion/$tool" "$tool" "$@"
}

@test "completion: xunshare completes options, propagation, setgroups, signals, map keywords" {
	run complete_words xunshare --map-us
	assert_output "--map-user
--map-users"
	run complete_words xunshare --propagation ""
	assert_output "slave
shared
private
unchanged"
	run complete_words xunshare --setgroups d
	assert_output deny
	run complete_words xunshare --kill-child=TER
	assert_output TERM
	run complete_words xunshare --map-groups s
	assert_output subids
	run complete_words xunshare --map-user nobod
	assert_output nobody
}

@test "completion: xnsenter completes options, pids, follow, namespace files" {
	run complete_words xnsenter --preserve
	assert_output --preserve-credentials
	sleep 100 &
	local p=$!
	# several candidates: each with its command name; one: the bare pid
	run complete_words xnsenter -t ""
	assert_line "$p(sleep)"
	run complete_words xnsenter -t "$p"
	assert_line --regexp "^$p(\(sleep\))?\$"
	kill_started "$p"
	run complete_words xnsenter -S fol
	assert_output follow
	run complete_words xnsenter --net "/proc/$$/ns/ne"
	assert_line "/proc/$$/ns/net"
}

@test "completion: xmountprop completes types, aliases, options, mount points, show options, columns" {
	run complete_words xmountprop ""
	assert_output "shared
slave
private
unbindable
show"
	run complete_words xmountprop -r ""
	assert_output "shared
slave
private
unbindable"
	run complete_words xmountprop --make-r
	assert_output "--make-rshared
--make-rslave
--make-rprivate
--make-runbindable"
	run complete_words xmountprop --verb
	assert_output --verbose
	run complete_words xmountprop shared /pro
	assert_line /proc
	refute_line /
	run complete_words xmountprop -v --make-private /proc /sy
	assert_line /sys
	run complete_words xmountprop -N "$$"
	assert_line "$$"
	run complete_words xmountprop show --tr
	assert_output --tree
	run complete_words xmountprop show -J /pro
	assert_line /proc
	run complete_words xmountprop show -o TARGET,PROPAG
	assert_output "TARGET,PROPAGATION
TARGET,PROPAGATE_FROM"
	run complete_words xmountprop show --output P
	assert_output "PROPAGATION
PARENT
PEER
PROPAGATE_FROM"
}

# CMD... in a private mount namespace whose /run holds the names blue, "a b"
# and red (plain files: enough for the completion).
with_netns_names() {
	local u=()
	[ "$(id -u)" = 0 ] || u=(-U -r)
	export -f complete_words
	unshare "${u[@]}" -m --propagation private bash -c 'mount -t tmpfs xt-run /run && mkdir /run/netns &&
		touch /run/netns/blue "/run/netns/a b" /run/netns/red && "$@"' sh "$@"
}

# CMD... in private mount and network namespaces with links v0, v1 (a veth
# pair) and br0, and the namespaces blue (links b0, b1) and red under a /run
# of their own.
with_links() {
	local u=()
	[ "$(id -u)" = 0 ] || u=(-U -r)
	export -f complete_words
	unshare "${u[@]}" -m -n --propagation private bash -c 'mount -t tmpfs xt-run /run &&
		xnetns link add v0 type veth peer name v1 && xnetns link add br0 type bridge &&
		xnetns add blue && xnetns add red && xnetns -n blue link add b0 type veth peer name b1 &&
		"$@"' sh "$@"
}

@test "completion: xnetns completes subcommands, options, names, pids, commands, wiring words, links" {
	[ "$(id -u)" = 0 ] || require_userns
	run complete_words xnetns ""
	assert_line list-id
	assert_line monitor
	run complete_words xnetns --ne
	assert_output --netns
	run complete_words xnetns -fo
	assert_output -force
	run complete_words xnetns -at
	assert_output -atomic
	run complete_words xnetns -j list-id t
	assert_output target-nsid
	run complete_words xnetns set blue a
	assert_output auto
	run complete_words xnetns identify "$$"
	assert_line "$$"
	run complete_words xnetns attach new "$$"
	assert_line "$$"
	# (outside a real completion, compopt complains: only the words count)
	run complete_words xnetns exec blue xnetn
	assert_line xnetns
	run complete_words xnetns -all exec xnetn
	assert_line xnetns
	run with_netns_names complete_words xnetns delete ""
	assert_output 'a\ b
blue
red'
	run with_netns_names complete_words xnetns -n b
	assert_output blue
	run with_netns_names complete_words xnetns --netns=r
	assert_output red
	run with_netns_names complete_words xnetns exec r
	assert_output red
	run with_netns_names complete_words xnetns -j set ""
	assert_line blue
	run with_netns_names complete_words xnetns add ""
	assert_output ""

	# the wiring commands
	run complete_words xnetns ""
	assert_line link
	assert_line addr
	assert_line address
	assert_line route
	assert_line connect
	refute_line a
	refute_line r
	run complete_words xnetns link ""
	assert_output "add
del
delete
set
show
list
help"
	run complete_words xnetns route ""
	assert_output "add
del
delete
show
list
help"
	run complete_words xnetns link add v0 ""
	assert_output "name
mtu
address
netns
numtxqueues
numrxqueues
type"
	run complete_words xnetns link add v0 type ""
	assert_output "veth
bridge"
	run complete_words xnetns link add v0 type veth ""
	assert_output peer
	run complete_words xnetns link add v0 type veth peer n
	assert_output "name
netns
numtxqueues
numrxqueues"
	run complete_words xnetns link add v0 type bridge ""
	assert_output ""
	run with_netns_names complete_words xnetns link add v0 type veth peer name v1 netns ""
	assert_output 'a\ b
blue
red'
	run complete_words xnetns link set v0 ""
	assert_output "up
down
netns
master
nomaster
name
mtu
address"
	run complete_words xnetns link set v0 mtu ""
	assert_output ""
	run with_netns_names complete_words xnetns link set v0 netns r
	assert_output red
	run complete_words xnetns addr add 192.0.2.1/24 ""
	assert_output "dev
nodad"
	run complete_words xnetns addr del ""
	assert_output "dev
local"
	run with_links complete_words xnetns address show ""
	assert_line --index 0 dev
	assert_line br0
	run complete_words xnetns route add default ""
	assert_output "to
via
dev"
	run complete_words xnetns route add b
	assert_output "broadcast
blackhole"
	run complete_words xnetns route add 192.0.2.0/25 via ""
	assert_output ""
	run with_netns_names complete_words xnetns connect ""
	assert_output '-
--name
a\ b
blue
red'
	run with_netns_names complete_words xnetns connect red b
	assert_output blue
	run complete_words xnetns connect red blue ""
	assert_output "-
--name"
	run complete_words xnetns connect red blue 192.0.2.1/24 - ""
	assert_output --name
	run complete_words xnetns connect red blue --name ""
	assert_output ""

	# link names: of the current namespace, or of -n's
	run with_links complete_words xnetns link set ""
	assert_success
	assert_line dev
	assert_line lo
	assert_line v0
	assert_line v1
	assert_line br0
	run with_links complete_words xnetns link set v0 master b
	assert_output br0
	run with_links complete_words xnetns link del dev v
	assert_line v0
	assert_line v1
	assert_equal "${#lines[@]}" 2
	run with_links complete_words xnetns route add default via 192.0.2.1 dev b
	assert_output br0
	run with_links complete_words xnetns -n blue link show ""
	assert_line --index 0 dev
	assert_line lo
	assert_line b0
	assert_line b1
	assert_equal "${#lines[@]}" 4
	run with_links complete_words xnetns --netns=blue addr show dev b
	assert_line b0
	assert_line b1
	assert_equal "${#lines[@]}" 2
	run with_links complete_words xnetns -n blue addr add 192.0.2.1/24 dev ""
	refute_line v0
	assert_line b0
}
