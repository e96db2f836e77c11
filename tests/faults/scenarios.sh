# tests/faults/scenarios.sh - the scenarios of the fault-injection campaign.
# shellcheck shell=bash disable=SC2034
#
# Sourced by lab.sh inside a lab (B: the build directory, W: a tmpfs work
# directory, D: where results go). A scenario NAME is a set of functions:
#   NAME_setup   (optional) makes what the command needs; not traced
#   NAME_cmd     sets CMD (the command, traced) and may set PREFIX (what
#                runs strace, e.g. taskset) and STDIN
#   NAME_maystay (optional) prints an ERE: lines of the state after success
#                that a failure may leave too
#   NAME_check   runs after a status 0: succeeds only if the job was
#                really done (the result, not the status)
# A scenario listed in PARTIAL may leave on failure what a part of its job
# made (a batch stops at its first failed line); any other scenario must
# leave on failure exactly what was there before (and MAYSTAY).
#
# Programs that tools run are named by absolute path (no PATH search) and
# make no child of their own.

SCENARIOS="
u_user u_mount u_pid u_uts_file u_net_file u_mnt_file u_map_users u_map_user u_setuid
e_all e_files e_setuid e_root_wd
n_add n_add_second n_delete n_exec n_list n_list_json n_set n_attach n_batch
n_veth n_bridge n_addr n_route n_connect
m_set m_set_r m_show_front m_show m_show_json m_show_tree"
PARTIAL=" n_batch "
# Scenarios whose lab runs on CPU 0 only: a mount namespace can be bound
# only in one older than itself, and namespace ids are handed out per CPU.
PINNED=" u_mnt_file "
# Lines of the state after success that a failure may leave too: xnetns
# makes /run/netns a shared mount once, for every name to come.
MAYSTAY='^file d /run/netns$|^mount /run/netns shared tmpfs$'


# The command again, untraced and now, gives the same output.
same_output() {
	"${CMD[@]}" >"$D/out.ref" 2>/dev/null </dev/null && cmp -s "$D/out" "$D/out.ref"
}

# A running process KIND=ns,... that is not ours: a sleeper in new
# namespaces made by util-linux unshare; prints the sleeper's pid.
start_target() {
	local up kids
	(cd "$W" && exec unshare "$@" sleep 100000) >/dev/null 2>&1 &
	up=$!
	# without --fork unshare becomes the sleeper; with it, its child
	while kill -0 $up 2>/dev/null; do
		for kids in $up $(cat /proc/$up/task/$up/children 2>/dev/null); do
			if [ "$(readlink /proc/"$kids"/exe)" = /usr/bin/sleep ]; then
				echo "$kids" >"$W/target"
				return 0
			fi
		done
		sleep 0.01
	done
	return 1
}
target() { cat "$W/target"; }

is_nsfs_mount() { awk -v p="$1" '$5 == p && $(NF - 2) == "nsfs" { f = 1 } END { exit !f }' /proc/self/mountinfo; }
propagation() { awk -v p="$1" '$5 == p { o = ""; for (i = 7; $i != "-"; i++) o = o $i " "; print o }' /proc/self/mountinfo; }

# ---- xunshare ---------------------------------------------------------------
u_user_cmd() { CMD=("$B/xunshare" -U -r /bin/cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups); }
u_user_check() { [ "$(tr -s ' ' <"$D/out")" = "$(printf ' 0 0 1\n 0 0 1\ndeny\n')" ]; }

u_mount_cmd() { CMD=("$B/xunshare" -m /bin/cat /proc/self/mountinfo); }
u_mount_check() {
	# another mount namespace, in which every mount is private
	! cmp -s "$D/out" /proc/self/mountinfo && [ -s "$D/out" ] && ! grep -Eq 'shared:|master:' "$D/out"
}

u_pid_cmd() { CMD=("$B/xunshare" -p -f --mount-proc /bin/cat /proc/self/stat /proc/1/cmdline); }
u_pid_check() { grep -q '^1 (cat) ' "$D/out" && grep -qa '^/bin/cat' "$D/out"; }

# xunshare binds the namespaces before it runs the program (as util-linux
# unshare): when the program cannot run, the namespace stays persisted.
u_uts_file_maystay() { echo "^mount $W/uts nsfs\$"; }
u_uts_file_setup() { touch "$W/uts"; }
u_uts_file_cmd() { CMD=("$B/xunshare" --uts="$W/uts" /bin/true); }
u_uts_file_check() { is_nsfs_mount "$W/uts" && [ "$(nsenter --uts="$W/uts" readlink /proc/self/ns/uts)" != "$(readlink /proc/self/ns/uts)" ]; }

u_net_file_maystay() { echo "^mount $W/net nsfs\$"; }
u_net_file_setup() { touch "$W/net"; }
u_net_file_cmd() { CMD=("$B/xunshare" --net="$W/net" --uts /bin/true); }
u_net_file_check() { is_nsfs_mount "$W/net" && nsenter --net="$W/net" ip link show lo >/dev/null; }

u_mnt_file_maystay() { echo "^mount $W/mnt nsfs\$"; }
u_mnt_file_setup() { touch "$W/mnt"; }
# (its lab runs on CPU 0: faults.sh, PINNED)
u_mnt_file_cmd() { CMD=("$B/xunshare" --mount="$W/mnt" /bin/true); }
u_mnt_file_check() { is_nsfs_mount "$W/mnt" && taskset -c 0 nsenter --mount="$W/mnt" true; }

u_map_users_cmd() {
	CMD=("$B/xunshare" -U --map-users=0:100000:65536 --map-groups=0:100000:65536 --map-user=0
		--map-group=0 /bin/cat /proc/self/uid_map /proc/self/gid_map)
}
u_map_users_check() { [ -s "$D/out" ] && same_output; }

u_map_user_cmd() { CMD=("$B/xunshare" -U --map-user=1000 --map-group=1000 /usr/bin/id); }
u_map_user_check() { [ "$(sed 's/([^)]*)//g' "$D/out")" = "uid=1000 gid=1000 groups=1000" ]; }

u_setuid_cmd() { CMD=("$B/xunshare" -u -S 65534 -G 65534 /bin/cat /proc/self/status); }
u_setuid_check() {
	grep -Eq '^Uid:\s+65534\s+65534\s+65534\s+65534$' "$D/out" &&
		grep -Eq '^Gid:\s+65534\s+65534\s+65534\s+65534$' "$D/out"
}

# ---- xnsenter ---------------------------------------------------------------
e_all_setup() { start_target -u -i -n -m -p -f --mount-proc; }
e_all_cmd() { CMD=("$B/xnsenter" -t "$(target)" -a /bin/readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/pid); }
e_all_check() {
	[ "$(cat "$D/out")" = "$(readlink /proc/"$(target)"/ns/net /proc/"$(target)"/ns/uts /proc/"$(target)"/ns/pid)" ]
}

e_files_setup() { touch "$W/net" "$W/uts" && unshare --net="$W/net" --uts="$W/uts" true; }
e_files_cmd() { CMD=("$B/xnsenter" --net="$W/net" --uts="$W/uts" /bin/readlink /proc/self/ns/net /proc/self/ns/uts); }
e_files_check() { [ "$(cat "$D/out")" = "$(nsenter --net="$W/net" --uts="$W/uts" readlink /proc/self/ns/net /proc/self/ns/uts)" ]; }

e_setuid_setup() { start_target -u -m; }
e_setuid_cmd() { CMD=("$B/xnsenter" -t "$(target)" -u -m -S 65534 -G 65534 /bin/cat /proc/self/status); }
e_setuid_check() { u_setuid_check && grep -Eq '^Groups:\s*$' "$D/out"; }

e_root_wd_setup() { mkdir -p "$W/sub" && start_target -m; }
e_root_wd_cmd() { CMD=("$B/xnsenter" -t "$(target)" -m -r -w /bin/pwd); }
e_root_wd_check() { [ "$(cat "$D/out")" = "$W" ]; }

# ---- xnetns -----------------------------------------------------------------
usable_netns() { is_nsfs_mount "/run/netns/$1" && nsenter --net="/run/netns/$1" ip link show lo >/dev/null; }

n_add_cmd() { CMD=("$B/xnetns" add a); }
n_add_check() { usable_netns a; }

n_add_second_setup() { "$B/xnetns" add a; }
n_add_second_cmd() { CMD=("$B/xnetns" add b); }
n_add_second_check() { usable_netns b && usable_netns a; }

n_delete_setup() { "$B/xnetns" add a && "$B/xnetns" add b; }
n_delete_cmd() { CMD=("$B/xnetns" delete a); }
n_delete_check() { [ ! -e /run/netns/a ] && usable_netns b; }

n_exec_setup() { "$B/xnetns" add a; }
n_exec_cmd() { CMD=("$B/xnetns" exec a /bin/readlink /proc/self/ns/net); }
n_exec_check() { [ "$(cat "$D/out")" = "$(nsenter --net=/run/netns/a readlink /proc/self/ns/net)" ]; }

n_list_setup() { "$B/xnetns" add a && "$B/xnetns" add b && "$B/xnetns" set b 7; }
n_list_cmd() { CMD=("$B/xnetns" list); }
n_list_check() { [ "$(cat "$D/out")" = "$(printf 'b (id: 7)\na\n')" ] || [ "$(cat "$D/out")" = "$(printf 'a\nb (id: 7)\n')" ]; }

n_list_json_setup() { n_list_setup; }
n_list_json_cmd() { CMD=("$B/xnetns" -j list); }
n_list_json_check() { [ -s "$D/out" ] && same_output; }

n_set_setup() { "$B/xnetns" add a; }
n_set_cmd() { CMD=("$B/xnetns" set a 5); }
n_set_check() { ip netns list-id | grep -q '^nsid 5 '; }

n_attach_setup() { start_target -n; }
n_attach_cmd() { CMD=("$B/xnetns" attach x "$(target)"); }
n_attach_check() { is_nsfs_mount /run/netns/x && [ "$(stat -L -c %i /run/netns/x)" = "$(stat -L -c %i /proc/"$(target)"/ns/net)" ]; }

n_batch_setup() { printf '%s\n' 'add a' 'add b' 'set a 3' 'link add va type veth peer name vb netns b' \
	'addr add 192.0.2.1/24 dev va' 'link set va up' >"$W/batch"; }
n_batch_cmd() { CMD=("$B/xnetns" -b "$W/batch"); }
n_batch_check() {
	usable_netns a && usable_netns b && ip netns list-id | grep -q '^nsid 3 ' &&
		ip -n b link show vb >/dev/null && ip -o addr show dev va | grep -q 192.0.2.1/24 &&
		ip -o link show va | grep -q '[<,]UP[,>]'
}

n_veth_setup() { "$B/xnetns" add a && "$B/xnetns" add b; }
n_veth_cmd() { CMD=("$B/xnetns" -n a link add va type veth peer name vb netns b); }
n_veth_check() { ip -n a link show va >/dev/null && ip -n b link show vb >/dev/null; }

n_bridge_setup() { "$B/xnetns" add a; }
n_bridge_cmd() { CMD=("$B/xnetns" -n a link add br0 type bridge); }
n_bridge_check() { ip -n a -d link show br0 | grep -q bridge; }

n_addr_setup() { "$B/xnetns" add a && ip -n a link add va type veth peer name vb; }
n_addr_cmd() { CMD=("$B/xnetns" -n a addr add 192.0.2.1/24 dev va); }
n_addr_check() { ip -n a -o addr show dev va | grep -q 'inet 192.0.2.1/24'; }

n_route_setup() { "$B/xnetns" add a && ip -n a link add va type veth peer name vb &&
	ip -n a link set va up && ip -n a link set vb up && ip -n a addr add 192.0.2.1/24 dev va; }
n_route_cmd() { CMD=("$B/xnetns" -n a route add default via 192.0.2.2 dev va); }
n_route_check() { ip -n a route show default | grep -q 'via 192.0.2.2 dev va'; }

n_connect_setup() { "$B/xnetns" add a && "$B/xnetns" add b; }
n_connect_cmd() { CMD=("$B/xnetns" connect a b 192.0.2.1/24 192.0.2.2/24); }
n_connect_check() {
	local ns addr
	for ns in a:192.0.2.1/24 b:192.0.2.2/24; do
		addr=${ns#*:} ns=${ns%%:*}
		ip -n "$ns" -o addr | grep -q "inet $addr" || return 1
		# UP among the flags: the operational state follows later (linkwatch)
		ip -n "$ns" -o link | grep -v 'lo:' | grep -q '[<,]UP[,>]' || return 1
		ip -n "$ns" -o link show lo | grep -q UP || return 1
	done
}

# ---- xmountprop -------------------------------------------------------------
m_set_setup() { mkdir "$W/m" && mount -t tmpfs xt-m "$W/m"; }
m_set_cmd() { CMD=("$B/xmountprop" shared "$W/m"); }
m_set_check() { propagation "$W/m" | grep -q 'shared:'; }

m_set_r_setup() { m_set_setup && mkdir "$W/m/s" && mount -t tmpfs xt-s "$W/m/s"; }
m_set_r_cmd() { CMD=("$B/xmountprop" -r shared "$W/m"); }
m_set_r_check() { m_set_check && propagation "$W/m/s" | grep -q 'shared:'; }

# show: a shared mount with a peer and a slave of it
m_show_setup() {
	m_set_r_setup && mount --make-shared "$W/m" && mkdir "$W/p" "$W/sl" &&
		mount --bind "$W/m" "$W/p" && mount --bind "$W/m" "$W/sl" && mount --make-slave "$W/sl"
}
m_show_front_setup() { m_show_setup; }
m_show_front_cmd() { CMD=("$B/xmountprop" show "$W/m"); }
m_show_front_check() { [ -s "$D/out" ] && same_output; }
# The front end runs xmountprop-show: the show scenarios trace it directly.
# shellcheck disable=SC2054 # -o takes a comma-separated list
m_show_cmd() { CMD=("$B/xmountprop-show" -o TARGET,PROPAGATION,PEER,MASTER "$W/m" "$W/p" "$W/sl"); }
m_show_check() { [ -s "$D/out" ] && same_output; }
m_show_json_setup() { m_show_setup; }
m_show_json_cmd() { CMD=("$B/xmountprop-show" -J "$W/m" "$W/sl"); }
m_show_json_check() { [ -s "$D/out" ] && same_output; }
m_show_tree_setup() { m_show_setup; }
m_show_tree_cmd() { CMD=("$B/xmountprop-show" --tree); }
m_show_tree_check() { [ -s "$D/out" ] && same_output; }
