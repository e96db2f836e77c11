#!/usr/bin/env bats
# xunshare against the real kernel: as root (tagged root) and as user 65534
# through user namespaces. Mount work happens only inside private mount
# namespaces on our own tmpfs; every process started here is killed by pid.

load helpers/common

setup() {
	MARK="$BATS_TEST_TMPDIR/ran"
}

# The program never ran: it would have created $MARK.
refute_ran() {
	[ ! -e "$MARK" ] || fail "the program ran"
}

# A bad invocation: exit 1, MESSAGE on stderr, nothing on stdout, nothing ran.
refuse() {
	local msg=$1
	shift
	run --separate-stderr xunshare "$@" touch "$MARK"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "$msg"
	refute_ran
}

# Run a script in a private mount namespace of our own (never the host's).
in_private_mountns() {
	unshare -m --propagation private sh -euc "$1"
}

# ---- namespaces -------------------------------------------------------------

# bats test_tags=root
@test "xunshare: each namespace kind is new (root)" {
	require_root
	for kind in mnt:-m uts:-u ipc:-i net:-n cgroup:-C user:-U; do
		run xunshare "${kind#*:}" nsprobe ns "${kind%%:*}"
		assert_success
		refute_output "$(ns_ino "${kind%%:*}")"
	done
	run xunshare -p -f nsprobe ns pid
	assert_success
	refute_output "$(ns_ino pid)"
	require_ns time
	run xunshare -T -f nsprobe ns time
	assert_success
	refute_output "$(ns_ino time)"
}

@test "xunshare: each namespace kind is new (unprivileged, through -U -r)" {
	require_userns
	for kind in mnt:-m uts:-u ipc:-i net:-n cgroup:-C user:-U; do
		run as_nobody xunshare -U -r "${kind#*:}" nsprobe ns "${kind%%:*}"
		assert_success
		refute_output "$(ns_ino "${kind%%:*}")"
	done
	run as_nobody xunshare -U -r -p -f nsprobe pid
	assert_success
	assert_output 1
}

@test "xunshare: without options only a new namespace of nothing: runs the program" {
	run xunshare sh -c 'exit 0'
	assert_success
}

@test "xunshare: -u isolates the hostname" {
	require_userns
	run as_nobody xunshare -U -r -u sh -c 'hostname xt-demo && hostname'
	assert_success
	assert_output xt-demo
	refute [ "$(hostname)" = xt-demo ]
}

# ---- id maps ----------------------------------------------------------------

@test "xunshare: -r maps the caller to root and denies setgroups" {
	require_userns
	run as_nobody xunshare -r cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups
	assert_success
	assert_equal "$(echo "${lines[0]}" | tr -s ' ')" " 0 65534 1"
	assert_equal "$(echo "${lines[1]}" | tr -s ' ')" " 0 65534 1"
	assert_equal "${lines[2]}" deny
}

# bats test_tags=root
@test "xunshare: -r as root maps 0 to 0" {
	require_root
	run xunshare -r sh -c 'id -u; cat /proc/self/uid_map'
	assert_success
	assert_equal "${lines[0]}" 0
	assert_equal "$(echo "${lines[1]}" | tr -s ' ')" " 0 0 1"
}

@test "xunshare: -c maps the caller to itself" {
	require_userns
	run as_nobody xunshare -c nsprobe ids
	assert_success
	assert_output "65534 65534 65534 65534 65534 65534 65534 65534"
}

@test "xunshare: --map-user and --map-group take numbers and names" {
	require_userns
	run as_nobody xunshare --map-user=1000 --map-group=2000 sh -c 'id -u; id -g'
	assert_success
	assert_equal "${lines[0]}" 1000
	assert_equal "${lines[1]}" 2000
	run as_nobody xunshare --map-user=nobody --map-group=nogroup cat /proc/self/uid_map
	assert_success
	assert_equal "$(echo "$output" | tr -s ' ')" " 65534 65534 1"
}

# bats test_tags=root
@test "xunshare: --map-users/--map-groups ranges, colon and legacy comma forms, repeated" {
	require_root
	run xunshare --map-users=0:100000:10 --map-users=100:200000,20 \
		--map-groups=300000,0,5 cat /proc/self/uid_map /proc/self/gid_map
	assert_failure 1
	assert_output --partial "failed to parse --map-users: '100:200000,20'"
	run xunshare --map-users=0:100000:10 --map-users=200000,100,20 \
		--map-groups=300000,0,5 cat /proc/self/uid_map /proc/self/gid_map
	assert_success
	assert_equal "$(echo "${lines[0]}" | tr -s ' ')" " 0 100000 10"
	assert_equal "$(echo "${lines[1]}" | tr -s ' ')" " 100 200000 20"
	assert_equal "$(echo "${lines[2]}" | tr -s ' ')" " 0 300000 5"
}

# bats test_tags=root
@test "xunshare: --map-users=all as root maps every id onto itself" {
	require_root
	run xunshare --map-users=all --map-groups=all cat /proc/self/uid_map
	assert_success
	assert_equal "$(echo "$output" | tr -s ' ')" " 0 0 4294967295"
}

# bats test_tags=root
@test "xunshare: a single id punches a hole in a range" {
	require_root
	run xunshare -r --map-users=0:100000:65536 --map-groups=0:100000:65536 \
		cat /proc/self/uid_map
	assert_success
	assert_equal "$(echo "${lines[0]}" | tr -s ' ')" " 0 0 1"
	assert_equal "$(echo "${lines[1]}" | tr -s ' ')" " 1 100000 65535"
}

# Run as root inside a private mount namespace with our own /etc/subuid and
# /etc/subgid granting nobody 200000:65536.
with_subids() {
	local d
	d=$(shared_tmpdir)
	echo "nobody:200000:65536" >"$d/subuid"
	echo "nobody:200000:65536" >"$d/subgid"
	echo "root:300000:65536" >>"$d/subuid"
	echo "root:300000:65536" >>"$d/subgid"
	chmod 0644 "$d/subuid" "$d/subgid"
	in_private_mountns "mount --bind $d/subuid /etc/subuid; mount --bind $d/subgid /etc/subgid; $1"
}

# bats test_tags=root
@test "xunshare: --map-auto and --map-subids as root write the maps directly" {
	require_root
	run with_subids 'xunshare --map-auto cat /proc/self/uid_map; xunshare --map-subids cat /proc/self/gid_map'
	assert_success
	assert_equal "$(echo "${lines[0]}" | tr -s ' ')" " 0 300000 65536"
	assert_equal "$(echo "${lines[1]}" | tr -s ' ')" " 300000 300000 65536"
}

# bats test_tags=root
@test "xunshare: --map-auto, -r --map-auto, subids as nobody go through newuidmap" {
	require_root
	require_userns
	require_cmd newuidmap newgidmap
	run with_subids "cd /; setpriv --reuid=65534 --regid=65534 --clear-groups -- xunshare --map-auto cat /proc/self/uid_map /proc/self/gid_map"
	assert_success
	assert_equal "$(echo "${lines[0]}" | tr -s ' ')" " 0 200000 65536"
	assert_equal "$(echo "${lines[1]}" | tr -s ' ')" " 0 200000 65536"
	run with_subids "cd /; setpriv --reuid=65534 --regid=65534 --clear-groups -- xunshare -r --map-auto cat /proc/self/uid_map"
	assert_success
	assert_equal "$(echo "${lines[0]}" | tr -s ' ')" " 0 65534 1"
	assert_equal "$(echo "${lines[1]}" | tr -s ' ')" " 1 200000 65536"
	run with_subids "cd /; setpriv --reuid=65534 --regid=65534 --clear-groups -- xunshare --map-users=subids cat /proc/self/uid_map"
	assert_success
	assert_equal "$(echo "$output" | tr -s ' ')" " 200000 200000 65536"
}

@test "xunshare: auto without a subuid line names the user and the file" {
	require_userns
	run --separate-stderr as_nobody xunshare --map-auto touch "$MARK"
	assert_failure 1
	assert_equal "$stderr" 'xunshare: no line matching user "nobody" in /etc/subuid'
	refute_ran
}

# bats test_tags=root
@test "xunshare: a range newuidmap refuses fails with its message, nothing runs" {
	require_root
	require_userns
	require_cmd newuidmap
	run with_subids "cd /; setpriv --reuid=65534 --regid=65534 --clear-groups -- xunshare --map-users=0:500000:10 touch $MARK"
	assert_failure 1
	assert_output --partial "xunshare: newuidmap failed"
	refute_ran
}

@test "xunshare: --setgroups allow and deny" {
	require_userns
	run as_nobody xunshare -U --setgroups=deny cat /proc/self/setgroups
	assert_success
	assert_output deny
	run as_nobody xunshare -U --setgroups=allow cat /proc/self/setgroups
	assert_success
	assert_output allow
	run as_nobody xunshare -r --setgroups=deny cat /proc/self/setgroups
	assert_success
	assert_output deny
	refuse "xunshare: options --setgroups=allow and --map-group are mutually exclusive" -r --setgroups=allow
	refuse "xunshare: unsupported --setgroups argument 'maybe'" -U --setgroups=maybe
}

# bats test_tags=root
@test "xunshare: --owner makes the user namespace belong to UID and maps it" {
	require_root
	run xunshare --owner=65534:65534 -r cat /proc/self/uid_map
	assert_success
	assert_equal "$(echo "$output" | tr -s ' ')" " 0 65534 1"
	# the owner as seen from outside
	xunshare --owner=65534:65534 -U sleep 5 3>&- &
	local p=$!
	# until it is in its new user namespace
	wait_for "[ \"\$(ns_ino user $p)\" != \"\$(ns_ino user)\" ]"
	run nsprobe owner "/proc/$p/ns/user"
	kill_started "$p"
	assert_success
	assert_output 65534
}

# ---- credentials and capabilities -------------------------------------------

# bats test_tags=root
@test "xunshare: -S and -G set every uid and gid and drop groups" {
	require_root
	run xunshare -S 65534 -G 65534 nsprobe ids
	assert_success
	assert_output "65534 65534 65534 65534 65534 65534 65534 65534"
	run xunshare -S 65534 nsprobe caps
	assert_success
	assert_line "CapEff:	0000000000000000"
}

@test "xunshare: -S/-G inside a user namespace; -G with setgroups denied keeps groups" {
	require_userns
	run as_nobody xunshare -r -G 0 -S 0 nsprobe ids
	assert_success
	assert_output "0 0 0 0 0 0 0 0"
}

@test "xunshare: --keep-caps makes the namespace's capabilities ambient" {
	require_userns
	run as_nobody xunshare -c --keep-caps nsprobe caps
	assert_success
	refute_line "CapAmb:	0000000000000000"
	run as_nobody xunshare -c nsprobe caps
	assert_success
	assert_line "CapAmb:	0000000000000000"
	assert_line "CapInh:	0000000000000000"
}

# ---- strict numbers and bad input -------------------------------------------

@test "xunshare: ids are parsed strictly; nothing runs" {
	refuse "xunshare: failed to parse uid: '4294967296'" -S 4294967296
	refuse "xunshare: failed to parse uid: '4294967295'" -S 4294967295
	refuse "xunshare: failed to parse uid: '-1'" -S -1
	refuse "xunshare: failed to parse uid: ''" -S ''
	refuse "xunshare: failed to parse uid: '12abc'" -S 12abc
	refuse "xunshare: failed to parse uid: ' 1'" -S ' 1'
	refuse "xunshare: failed to parse gid: '4294967296'" -G 4294967296
	refuse "xunshare: failed to parse uid: '-1'" --map-user=-1
	refuse "xunshare: failed to parse uid: '4294967295'" --map-user=4294967295
	refuse "xunshare: failed to parse gid: '+5'" --map-group=+5
	refuse "xunshare: unknown user: 'no-such-user-xt'" --map-user=no-such-user-xt
	refuse "xunshare: unknown group: 'no-such-group-xt'" --map-group=no-such-group-xt
}

@test "xunshare: maps, owner and offsets are parsed strictly; nothing runs" {
	refuse "xunshare: failed to parse --map-users: '0:0:4294967296'" --map-users=0:0:4294967296
	refuse "xunshare: failed to parse --map-users: '0:0:0'" --map-users=0:0:0
	refuse "xunshare: failed to parse --map-users: '1:2'" --map-users=1:2
	refuse "xunshare: failed to parse --map-users: '1:2:3:4'" --map-users=1:2:3:4
	refuse "xunshare: failed to parse --map-users: '4294967294:0:2'" --map-users=4294967294:0:2
	refuse "xunshare: failed to parse --map-groups: 'x'" --map-groups=x
	refuse "xunshare: failed to parse --owner: '1'" --owner=1
	refuse "xunshare: failed to parse --owner: '1:-1'" --owner=1:-1
	refuse "xunshare: failed to parse monotonic offset: '1.5'" -T --monotonic=1.5
	refuse "xunshare: failed to parse boottime offset: '9223372036854775808'" -T --boottime=9223372036854775808
}

@test "xunshare: option conflicts and bad values; nothing runs" {
	refuse "xunshare: options --monotonic and --boottime require unsharing of a time namespace (-T)" --monotonic=10
	refuse "xunshare: unsupported propagation mode: bogus" -m --propagation=bogus
	refuse "xunshare: unknown signal: FOO" --kill-child=FOO
	refuse "xunshare: unknown signal: 15" --kill-child=15
	refuse "xunshare: --pid=FILE requires --fork" --pid=/nonexistent
	# no new user namespace: our own, whose setgroups the kernel keeps (as
	# util-linux): EPERM for root, EACCES for others
	run --separate-stderr xunshare --setgroups=deny touch "$MARK"
	assert_failure 1
	assert_equal "$output" ""
	assert_regex "$stderr" '^xunshare: cannot write /proc/self/setgroups: (Operation not permitted|Permission denied)$'
	refute_ran
}

@test "xunshare: without privilege, unshare fails with a hint" {
	require_userns
	run --separate-stderr as_nobody xunshare -n touch "$MARK"
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "xunshare: unshare failed: Operation not permitted"
	assert_regex "${stderr_lines[1]}" '^xunshare: hint: .*--user'
	refute_ran
}

@test "xunshare: a namespace limit gives ENOSPC and names the sysctl" {
	require_userns
	# the limits are per user namespace: this one is ours alone
	run --separate-stderr as_nobody xunshare -U -r sh -c \
		'echo 0 >/proc/sys/user/max_net_namespaces && xunshare -n true'
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "xunshare: unshare failed: No space left on device"
	assert_equal "${stderr_lines[1]}" "xunshare: hint: sysctl user.max_net_namespaces is 0: such namespaces cannot be created"
}

# ---- fork, exit status and signals ------------------------------------------

@test "xunshare: exit statuses: the program's own, 126, 127" {
	for rc in 0 3 255; do
		run xunshare -f sh -c "exit $rc"
		assert_equal "$status" "$rc"
		run xunshare sh -c "exit $rc"
		assert_equal "$status" "$rc"
	done
	run -127 --separate-stderr xunshare -f /nonexistent/prog
	assert_equal "$stderr" "xunshare: failed to execute /nonexistent/prog: No such file or directory"
	run -127 --separate-stderr xunshare /nonexistent/prog
	run --separate-stderr xunshare -f /etc/passwd
	assert_equal "$status" 126
	assert_equal "$stderr" "xunshare: failed to execute /etc/passwd: Permission denied"
}

@test "xunshare: a forked child killed by a signal kills xunshare with it" {
	run xunshare -f sh -c 'kill -KILL $$'
	assert_equal "$status" 137
	run xunshare -f sh -c 'kill -TERM $$'
	assert_equal "$status" 143
	run xunshare -f sh -c 'kill -SEGV $$'
	assert_equal "$status" 139
}

@test "xunshare: pid 1 of a new pid namespace killed from outside: 137" {
	require_userns
	as_nobody xunshare -U -r -p -f sleep 100 3>&- &
	local p=$! c rc=0
	c=$(child_of "$p")
	kill -KILL "$c"
	wait "$p" || rc=$?
	assert_equal "$rc" 137
}

@test "xunshare: SIGHUP is forwarded to the child" {
	xunshare -f nsprobe sig >"$BATS_TEST_TMPDIR/out" 3>&- &
	local p=$!
	for _ in $(seq 50); do [ -s "$BATS_TEST_TMPDIR/out" ] && break; sleep 0.05; done
	kill -HUP "$p"
	local rc=0
	wait "$p" || rc=$?
	# nsprobe sig exits with the number of the signal it got
	assert_equal "$rc" 1
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ready
}

@test "xunshare: --forward-signals passes SIGTERM and SIGINT on" {
	for sig in TERM INT; do
		: >"$BATS_TEST_TMPDIR/out"
		xunshare --forward-signals nsprobe sig >"$BATS_TEST_TMPDIR/out" 3>&- &
		local p=$!
		for _ in $(seq 50); do [ -s "$BATS_TEST_TMPDIR/out" ] && break; sleep 0.05; done
		kill -"$sig" "$p"
		local rc=0
		wait "$p" || rc=$?
		assert_equal "$rc" "$(kill -l "$sig")"
	done
}

@test "xunshare: without --forward-signals SIGTERM is ignored while waiting" {
	xunshare -f sleep 1.5 3>&- &
	local p=$!
	# its child exists: it forked, so it waits, with SIGTERM held
	child_of "$p" >/dev/null
	kill -TERM "$p"
	local rc=0
	wait "$p" || rc=$?
	assert_equal "$rc" 0
}

@test "xunshare: --kill-child leaves no survivor however soon xunshare dies" {
	local i u delays=(0 0 0.001 0.002 0.005 0.01 0.02 0.05)
	for i in $(seq 0 23); do
		u="10$i.$RANDOM"
		xunshare --kill-child sleep "$u" 3>&- &
		local p=$!
		sleep "${delays[$((i % 8))]}"
		kill -KILL "$p"
		wait "$p" || true
		sleep 0.05
		local left
		left=$(live_procs sleep "$u")
		kill_started $left
		[ -z "$left" ] || fail "a child survived after $i (delay ${delays[$((i % 8))]})"
	done
}

@test "xunshare: --kill-child=SIGNAL takes names, SIG prefix, any case, RTMIN+n" {
	for s in TERM SIGTERM sigterm term RTMIN+1 HUP; do
		run xunshare --kill-child="$s" true
		assert_success
	done
}

# bats test_tags=root
@test "xunshare: --kill-child with --pid kills the whole namespace" {
	require_root
	local u="$RANDOM.7"
	xunshare --kill-child --pid --mount-proc sh -c "sleep $u & sleep $u" 3>&- &
	local p=$!
	# both children have started
	wait_for "[ \$(live_procs sleep $u | wc -l) = 2 ]" || fail "the children did not start"
	kill -KILL "$p"
	wait "$p" || true
	# they die with the namespace (its init is killed): until none is left
	local left=
	wait_for "[ -z \"\$(live_procs sleep $u)\" ]" || left=$(live_procs sleep "$u")
	kill_started $left
	[ -z "$left" ]
}

# ---- mounts -------------------------------------------------------------------

# bats test_tags=root
@test "xunshare: --mount-proc shows the new pid namespace" {
	require_root
	run xunshare -p -f --mount-proc sh -c 'readlink /proc/self; ls /proc | grep -c "^[0-9]"'
	assert_success
	assert_equal "${lines[0]}" 2
}

@test "xunshare: --mount-proc rootless, with --pid" {
	require_userns
	run as_nobody xunshare -r -p -f --mount-proc readlink /proc/self
	assert_success
	assert_output 1
}

# bats test_tags=root
@test "xunshare: --propagation private (default), slave, shared, unchanged" {
	require_root
	local d="$BATS_TEST_TMPDIR/prop"
	mkdir -p "$d"
	run in_private_mountns "
		mount -t tmpfs xt-prop $d
		mount --make-shared $d
		xunshare -m nsprobe propagation $d
		xunshare -m --propagation private nsprobe propagation $d
		xunshare -m --propagation slave nsprobe propagation $d
		xunshare -m --propagation shared nsprobe propagation $d
		xunshare -m --propagation unchanged nsprobe propagation $d
		umount $d"
	assert_success
	assert_equal "${lines[0]}" private
	assert_equal "${lines[1]}" private
	assert_regex "${lines[2]}" '^master:[0-9]+$'
	assert_regex "${lines[3]}" '^shared:[0-9]+$'
	assert_regex "${lines[4]}" '^shared:[0-9]+$'
}

# bats test_tags=root
@test "xunshare: a mount made under -m does not appear outside" {
	require_root
	local d="$BATS_TEST_TMPDIR/leak"
	mkdir -p "$d"
	run in_private_mountns "
		mount -t tmpfs xt-leak $d && mount --make-shared $d && mkdir $d/sub
		xunshare -m sh -c 'mount -t tmpfs xt-inner $d/sub'
		grep -c xt-inner /proc/self/mountinfo || true
		umount $d"
	assert_success
	assert_output 0
}

@test "xunshare: -R and -w" {
	require_userns
	run as_nobody xunshare -r -R / -w /tmp pwd
	assert_success
	assert_output /tmp
	run sh -c 'cd /tmp && xunshare -r -R / pwd'
	assert_success
	assert_output /
	run as_nobody xunshare -r -w /etc pwd
	assert_success
	assert_output /etc
	refuse "xunshare: cannot change directory to /nonexistent: No such file or directory" -r -w /nonexistent
	refuse "xunshare: cannot change root directory to '/nonexistent': No such file or directory" -r -R /nonexistent
	run --separate-stderr xunshare -r -f -w /nonexistent touch "$MARK"
	assert_failure 1
	assert_equal "$stderr" "xunshare: cannot change directory to /nonexistent: No such file or directory"
	refute_ran
}

@test "xunshare: --mount-binfmt and --load-interp in a user namespace" {
	require_userns
	# the kernel's answer, not ours: util-linux unshare and mount
	as_nobody unshare -r -m -p -f --mount-proc \
		mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null ||
		skip "binfmt_misc in a user namespace needs Linux 6.7"
	run as_nobody xunshare -r -p -f --mount-binfmt ls /proc/sys/fs/binfmt_misc
	assert_success
	assert_line register
	run as_nobody xunshare -r -p -f -l ':xt-test:E::xtst::/bin/cat:' \
		sh -c 'head -n 2 /proc/sys/fs/binfmt_misc/xt-test'
	assert_success
	assert_line enabled
	assert_line "interpreter /bin/cat"
}

# ---- time -----------------------------------------------------------------------

@test "xunshare: --monotonic and --boottime shift the clocks of a time namespace" {
	require_userns
	require_ns time
	local mono boot
	mono=$(nsprobe clock monotonic)
	boot=$(nsprobe clock boottime)
	run as_nobody xunshare -r -T --monotonic=86400 --boottime=-100 -f sh -c \
		'nsprobe clock monotonic; nsprobe clock boottime'
	assert_success
	[ "${lines[0]}" -ge $((mono + 86400)) ] && [ "${lines[0]}" -le $((mono + 86410)) ]
	[ "${lines[1]}" -ge $((boot - 100)) ] && [ "${lines[1]}" -le $((boot - 90)) ]
}

# ---- environment and shell --------------------------------------------------------

@test "xunshare: --clear-env and --whitelist-env" {
	run env -i A=1 B=2 C=3 "$(command -v xunshare)" --clear-env "$(command -v nsprobe)" env
	assert_success
	assert_output ""
	run env -i A=1 B=2 C=3 "$(command -v xunshare)" --whitelist-env=A,C,ZZ "$(command -v nsprobe)" env
	assert_success
	assert_output "$(printf 'A=1\nC=3')"
}

@test "xunshare: the environment reaches the program byte for byte" {
	local v=$'line1\nline2 \t= x'
	run env -i "X=$v" "1WEIRD=ok" "$(command -v xunshare)" "$(command -v nsprobe)" env
	assert_success
	assert_output "$(printf 'X=%s\n1WEIRD=ok' "$v")"
}

@test "xunshare: no program runs the user's shell as a login shell" {
	run sh -c 'echo "echo \$0; exit 4" | SHELL=/bin/sh xunshare'
	assert_equal "$status" 4
	assert_output -- -sh
}

# ---- persistence -------------------------------------------------------------------

# bats test_tags=root
@test "xunshare: --TYPE=FILE binds every kind; nsenter enters the files" {
	require_root
	require_ns time
	local d="$BATS_TEST_TMPDIR/persist"
	mkdir -p "$d"
	run in_private_mountns "
		mount -t tmpfs xt-persist $d
		cd $d && touch uts ipc net cgroup user pid time
		xunshare --uts=uts --ipc=ipc --net=net --cgroup=cgroup --user=user --pid=pid \
			-T --time=time -r -f sh -c 'hostname xt-persisted'
		for k in uts ipc net cgroup user pid time; do
			[ \$(stat -f -c %T \$k) = nsfs ] || echo \"\$k not bound\"
		done
		nsenter --uts=uts hostname
		umount uts ipc net cgroup user pid time
		cd / && umount $d"
	assert_success
	assert_output xt-persisted
}

# bats test_tags=root
@test "xunshare: --mount=FILE binds the mount namespace (pinned to one CPU)" {
	require_root
	require_cmd taskset
	local d="$BATS_TEST_TMPDIR/pmnt"
	mkdir -p "$d"
	# namespace ids are handed out per CPU here: pin, as SPEC says
	run taskset -c 0 unshare -m --propagation private sh -euc "
		mount -t tmpfs xt-pmnt $d && touch $d/mnt
		xunshare --mount=$d/mnt sh -c 'mount -t tmpfs xt-inside /mnt'
		nsenter --mount=$d/mnt sh -c 'grep -c xt-inside /proc/self/mountinfo'
		umount $d/mnt && umount $d"
	assert_success
	assert_output 1
}

# bats test_tags=root
@test "xunshare: --user=FILE alone" {
	require_root
	local d="$BATS_TEST_TMPDIR/puser"
	mkdir -p "$d"
	run in_private_mountns "
		mount -t tmpfs xt-puser $d && touch $d/user
		xunshare --user=$d/user -r true
		stat -f -c %T $d/user
		umount $d/user && umount $d"
	assert_success
	assert_output nsfs
}

# bats test_tags=root
@test "xunshare: a failed bind leaves no mount and runs nothing (with and without -f)" {
	require_root
	local d="$BATS_TEST_TMPDIR/pfail"
	mkdir -p "$d"
	for f in "" -f; do
		run in_private_mountns "
			mount -t tmpfs xt-pfail $d && touch $d/net
			xunshare $f --net=$d/net --uts=$d/missing touch $MARK || echo rc=\$?
			grep -c ' $d/net ' /proc/self/mountinfo || true
			umount $d"
		assert_success
		assert_line --partial "xunshare: mount /proc/"
		assert_line --partial "/ns/uts on $d/missing failed: No such file or directory"
		assert_line rc=1
		assert_line 0
		refute_ran
	done
}

# ---- background start: --ready-fd ------------------------------------------------------

# bats test_tags=root
@test "xunshare --ready-fd: 50 started in a row under load, each joined at once, all set up" {
	require_root
	local i pid got fails=0
	start_load
	for i in $(seq 1 50); do
		# as a script would, in plain sh: no fifo, no sleep, no ps
		pid=$(sh -c 'xunshare --fork --pid --mount-proc --uts --ready-fd=3 sleep 1000 \
			3>&1 >/dev/null &')
		if [ -z "$pid" ]; then
			fails=$((fails + 1))
			continue
		fi
		# pid 1 of its own /proc is the program already: namespaces, mount, exec done
		got=$(xnsenter -t "$pid" -a cat /proc/1/comm) || got="join failed"
		[ "$got" = sleep ] || { fails=$((fails + 1)); echo "round $i: $got"; }
		kill_started "$pid"
	done
	stop_load
	[ "$fails" = 0 ]
}

@test "xunshare --ready-fd: rootless, with --fork the child's pid, without it our own" {
	require_userns
	local d
	d=$(shared_tmpdir)
	run as_nobody sh -euc '
		d=$1
		touch "$d/uts"
		pid=$(xunshare -r --fork --pid --mount-proc --ready-fd=3 sleep 1000 3>&1 >/dev/null &)
		xnsenter -t "$pid" -U -p -m cat /proc/1/comm
		# pid 1 of a pid namespace takes only SIGKILL from outside
		kill -KILL "$pid"
		# without --fork the pid is xunshare'\''s own, which becomes the program
		mkfifo "$d/f"
		xunshare -r -u --ready-fd=3 sleep 1000 3>"$d/f" &
		read -r pid <"$d/f"
		[ "$pid" = "$!" ] && echo same-pid
		xnsenter -t "$pid" -U -u cat /proc/self/comm
		kill "$pid"' sh "$d"
	assert_success
	assert_output "sleep
same-pid
cat"
}

# bats test_tags=root
@test "xunshare --ready-fd: binds are in place when the pid arrives" {
	require_root
	local d="$BATS_TEST_TMPDIR/ready"
	mkdir -p "$d"
	run in_private_mountns "
		mount -t tmpfs xt-ready $d && touch $d/uts $d/net
		pid=\$(xunshare --uts=$d/uts --net=$d/net --fork --ready-fd=3 sleep 1000 3>&1 >/dev/null &)
		stat -f -c %T $d/uts $d/net
		kill \$pid
		umount $d/uts $d/net $d"
	assert_success
	assert_output "nsfs
nsfs"
}

@test "xunshare --ready-fd: a failed set-up writes nothing; the program never gets the descriptor" {
	require_userns
	local d
	d=$(shared_tmpdir)
	mkfifo "$d/f"
	for f in --fork ""; do
		as_nobody xunshare -r $f -R /nonexistent --ready-fd=3 touch "$MARK" \
			3>"$d/f" 2>"$d/err" &
		ready_of "$d/f" $!
		assert_equal "$RC" 1
		assert_equal "$READY" ""
		assert_equal "$(cat "$d/err")" "xunshare: cannot change root directory to '/nonexistent': No such file or directory"
		refute_ran
		run as_nobody xunshare -r $f --ready-fd=5 \
			sh -c '[ -e /proc/self/fd/5 ] && echo leaked || echo closed' 5>/dev/null
		assert_success
		assert_output closed
	done
	refuse "xunshare: --ready-fd: '1' is not a descriptor above 2" --ready-fd=1
	refuse "xunshare: --ready-fd: '-3' is not a descriptor above 2" --ready-fd=-3
	refuse "xunshare: --ready-fd: '3x' is not a descriptor above 2" --ready-fd=3x
	refuse "xunshare: --ready-fd 4000: Bad file descriptor" --ready-fd=4000
}

# ---- descriptors ----------------------------------------------------------------------

@test "xunshare: the program gets exactly the caller's descriptors" {
	require_userns
	local base
	base=$(nsprobe fds 5</dev/null)
	grep -qx '5 /dev/null' <<<"$base"
	for opts in "-r" "-r -f" "-r --kill-child" "-r -p -f --mount-proc" "-r --map-user=0"; do
		run as_nobody xunshare $opts nsprobe fds 5</dev/null
		assert_success
		assert_output "$base"
	done
}

# bats test_tags=root
@test "xunshare: no descriptor leaks with a helper (ranges, persistence)" {
	require_root
	local base
	base=$(nsprobe fds)
	run xunshare --map-users=0:100000:10 -f nsprobe fds
	assert_success
	assert_output "$base"
}

# ---- -S and the supplementary groups ---------------------------------------------------

# The program of these tests: its Uid, Gid and Groups lines, blanks squeezed.
IDS='/^(Uid|Gid|Groups):/ { $1 = $1; print }'

# bats test_tags=root
@test "xunshare: -S to a non-zero uid drops root's supplementary groups, without -G" {
	require_root
	require_cmd setpriv
	# the caller has groups 4 and 42
	run setpriv --groups=4,42 -- awk "$IDS" /proc/self/status
	assert_line "Groups: 4 42"
	for opts in "-S 65534" "-u -S 65534" "-U --map-users=0:0:65536 --map-groups=0:0:65536 -S 65534"; do
		run --separate-stderr setpriv --groups=4,42 -- xunshare $opts awk "$IDS" /proc/self/status
		assert_success
		assert_equal "$stderr" ""
		assert_output "Uid: 65534 65534 65534 65534
Gid: 0 0 0 0
Groups:"
	done
	# through a forked child too
	run setpriv --groups=4,42 -- xunshare -p -f -S 65534 awk "$IDS" /proc/self/status
	assert_success
	assert_line "Groups:"
}

# bats test_tags=root
@test "xunshare: -S 0 keeps the groups; -S with -G and -G alone drop them as before" {
	require_root
	require_cmd setpriv
	run setpriv --groups=4,42 -- xunshare -u -S 0 awk "$IDS" /proc/self/status
	assert_success
	assert_output "Uid: 0 0 0 0
Gid: 0 0 0 0
Groups: 4 42"
	run setpriv --groups=4,42 -- xunshare -u -S 65534 -G 65534 awk "$IDS" /proc/self/status
	assert_success
	assert_output "Uid: 65534 65534 65534 65534
Gid: 65534 65534 65534 65534
Groups:"
	run setpriv --groups=4,42 -- xunshare -u -G 42 awk "$IDS" /proc/self/status
	assert_success
	assert_output "Uid: 0 0 0 0
Gid: 42 42 42 42
Groups:"
}

# bats test_tags=root
@test "xunshare: -S alone where setgroups is denied keeps the caller's groups, -G still fails there" {
	require_root
	require_cmd setpriv
	# an outer user namespace (all of ids 0-65535 mapped) that denies setgroups
	local outer="xunshare -U --map-users=0:0:65536 --map-groups=0:0:65536 --setgroups=deny"
	run --separate-stderr setpriv --groups=4,42 -- $outer xunshare -S 65534 awk "$IDS" /proc/self/status
	assert_success
	assert_equal "$stderr" ""
	assert_output "Uid: 65534 65534 65534 65534
Gid: 0 0 0 0
Groups: 4 42"
	run --separate-stderr setpriv --groups=4,42 -- $outer xunshare -G 0 touch "$MARK"
	assert_failure 1
	assert_equal "$stderr" "xunshare: setgroups failed: Operation not permitted"
	refute_ran
	# a new user namespace with a single group map denies it too
	run --separate-stderr setpriv --groups=4,42 -- xunshare -U --map-user=1000 --map-group=1000 -S 1000 \
		awk "$IDS" /proc/self/status
	assert_success
	assert_equal "$stderr" ""
	assert_output "Uid: 1000 1000 1000 1000
Gid: 1000 1000 1000 1000
Groups: 65534 65534"
}

# bats test_tags=root
@test "xunshare: rootless -S with subordinate ids drops the caller's groups; with one id they stay" {
	require_root
	require_userns
	require_cmd newuidmap newgidmap
	local nobody="setpriv --reuid=65534 --regid=65534 --groups=4,42 --"
	run with_subids "cd /; $nobody xunshare --map-auto -r -S 1000 awk '$IDS' /proc/self/status"
	assert_success
	assert_output "Uid: 1000 1000 1000 1000
Gid: 0 0 0 0
Groups:"
	run --separate-stderr $nobody xunshare -U --map-user=1000 --map-group=1000 -S 1000 \
		awk "$IDS" /proc/self/status
	assert_success
	assert_equal "$stderr" ""
	assert_output "Uid: 1000 1000 1000 1000
Gid: 1000 1000 1000 1000
Groups: 65534 65534"
}
