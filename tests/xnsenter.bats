#!/usr/bin/env bats
# xnsenter against the real kernel: targets made with xunshare and with
# util-linux unshare, entered as root (tagged root) and as user 65534 through
# user namespaces. Every process a test starts is killed by pid in teardown;
# mounts are made only inside private mount namespaces that die with the test.

load helpers/common

# The namespace kinds, in the order the checks print them.
KINDS=(mnt uts ipc net pid cgroup user time)
# User 65534 through setpriv itself (not the as_nobody function), so that $!
# is the program's pid.
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
# The caller of the rootless tests: user 65534 when we are root, else ourselves.
if [ "$(id -u)" = 0 ]; then
	UNPRIV=("${NOBODY[@]}")
else
	UNPRIV=()
fi

setup() {
	MARK="$BATS_TEST_TMPDIR/ran"
	JOBS=()   # background jobs of this shell
	OTHERS=() # their descendants
}

teardown() {
	local p
	for p in "${OTHERS[@]}" "${JOBS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	for p in "${JOBS[@]}"; do
		wait "$p" 2>/dev/null
	done
	return 0
}

# Wait (up to ~5 s) until PID has exec'd its final program (every target
# here ends as sleep or python3), so that its setup is complete.
wait_exec() {
	local i comm
	for i in $(seq 1 100); do
		comm=$(cat "/proc/$1/comm" 2>/dev/null) || return 1
		case $comm in
		sleep | python3) return 0 ;;
		*) sleep 0.05 ;;
		esac
	done
	return 1
}

# start_target [-c [-c]] CMD...: run CMD in the background. TARGET is its pid
# or, per -c, its child's (the process that holds a new pid namespace), or
# its grandchild's.
start_target() {
	local depth=0 p
	while [ "$1" = -c ]; do
		depth=$((depth + 1))
		shift
	done
	"$@" 3>&- &
	p=$!
	JOBS+=("$p")
	TARGET=$p
	while [ "$depth" -gt 0 ]; do
		TARGET=$(child_of "$TARGET") || fail "$1 did not fork"
		OTHERS+=("$TARGET")
		depth=$((depth - 1))
	done
	wait_exec "$TARGET" || fail "target $TARGET did not start"
}

# The long option of a namespace kind.
long_of() {
	case $1 in
	mnt) echo mount ;;
	*) echo "$1" ;;
	esac
}

# The short option of a namespace kind.
short_of() {
	case $1 in
	mnt) echo m ;; uts) echo u ;; ipc) echo i ;; net) echo n ;;
	pid) echo p ;; cgroup) echo C ;; user) echo U ;; time) echo T ;;
	esac
}

# What `readlink /proc/self/ns/KIND...` prints in a process that is in
# TARGET's namespaces of the kinds given and in ours for the others.
expected_links() {
	local i s mine theirs
	mapfile -t mine < <(readlink "${KINDS[@]/#//proc/self/ns/}")
	mapfile -t theirs < <(readlink "${KINDS[@]/#//proc/$TARGET/ns/}")
	for i in "${!KINDS[@]}"; do
		for s in "$@"; do
			[ "$s" = "${KINDS[i]}" ] && mine[i]=${theirs[i]}
		done
		printf '%s\n' "${mine[i]}"
	done
}

# The program run inside: one readlink, one line per kind.
ns_links=(readlink /proc/self/ns/mnt /proc/self/ns/uts /proc/self/ns/ipc /proc/self/ns/net
	/proc/self/ns/pid /proc/self/ns/cgroup /proc/self/ns/user /proc/self/ns/time)

# Each kind alone, with -t and with /proc/TARGET/ns/KIND: exactly that kind
# is entered, the others stay ours.
check_each_kind() {
	local k
	for k in "${KINDS[@]}"; do
		[ "$(readlink "/proc/$TARGET/ns/$k")" != "$(readlink "/proc/self/ns/$k")" ] ||
			fail "the target shares our $k namespace"
	done
	for k in "${KINDS[@]}"; do
		run xnsenter -t "$TARGET" "-$(short_of "$k")" "${ns_links[@]}"
		assert_success
		assert_output "$(expected_links "$k")"
		run xnsenter "--$(long_of "$k")=/proc/$TARGET/ns/$k" "${ns_links[@]}"
		assert_success
		assert_output "$(expected_links "$k")"
	done
}

# A bad invocation: exit 1, MESSAGE on stderr, nothing on stdout, nothing ran.
refuse() {
	local msg=$1
	shift
	run --separate-stderr xnsenter "$@" touch "$MARK"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "$msg"
	refute_ran
}

refute_ran() {
	[ ! -e "$MARK" ] || fail "the program ran"
}

# ---- entering, as root -----------------------------------------------------------

# bats test_tags=root
@test "xnsenter: -m -u -i -n -p -C -U -T each enter exactly that namespace (xunshare target)" {
	require_root
	require_ns time
	start_target -c xunshare -U -r -C -i -m -n -p -u -T --fork sleep 1000
	check_each_kind
}

# bats test_tags=root
@test "xnsenter: -m -u -i -n -p -C -U -T each enter exactly that namespace (util-linux unshare target)" {
	require_root
	require_ns time
	start_target -c unshare -U -r -C -i -m -n -p -u -T --fork sleep 1000
	check_each_kind
}

# bats test_tags=root
@test "xnsenter: -a enters every namespace of the target (xunshare and util-linux targets)" {
	require_root
	require_ns time
	start_target -c xunshare -U -r -C -i -m -n -p -u -T --fork --mount-proc sleep 1000
	run xnsenter -t "$TARGET" -a "${ns_links[@]}"
	assert_success
	assert_output "$(expected_links "${KINDS[@]}")"
	start_target -c unshare -U -r -C -i -m -n -p -u -T --fork --mount-proc sleep 1000
	run xnsenter -t "$TARGET" --all "${ns_links[@]}"
	assert_success
	assert_output "$(expected_links "${KINDS[@]}")"
}

# bats test_tags=root
@test "xnsenter: -a into a target that shares our user, cgroup and time namespaces" {
	require_root
	start_target -c xunshare --fork --pid --mount-proc -u -n -i -m sleep 1000
	run xnsenter -t "$TARGET" -a "${ns_links[@]}"
	assert_success
	assert_output "$(expected_links mnt uts ipc net pid)"
	start_target -c unshare --fork --pid --mount-proc -u -n -i -m sleep 1000
	run xnsenter -t "$TARGET" -a "${ns_links[@]}"
	assert_success
	assert_output "$(expected_links mnt uts ipc net pid)"
	# a target that differs from us in its UTS namespace only
	start_target xunshare -u sleep 1000
	run xnsenter -t "$TARGET" -a "${ns_links[@]}"
	assert_success
	assert_output "$(expected_links uts)"
}

# bats test_tags=root
@test "xnsenter: short forms of FILE (-nFILE, -n=FILE) and several files at once" {
	require_root
	start_target xunshare -u -n -i sleep 1000
	run xnsenter "-n/proc/$TARGET/ns/net" "-u=/proc/$TARGET/ns/uts" "--ipc=/proc/$TARGET/ns/ipc" \
		"${ns_links[@]}"
	assert_success
	assert_output "$(expected_links net uts ipc)"
	# a file and the target mixed: the file wins for its kind
	start_target xunshare -u sleep 1000
	local first=$TARGET
	start_target xunshare -u -n sleep 1000
	run xnsenter -t "$TARGET" -n "--uts=/proc/$first/ns/uts" readlink /proc/self/ns/uts /proc/self/ns/net
	assert_success
	assert_output "$(readlink "/proc/$first/ns/uts"; readlink "/proc/$TARGET/ns/net")"
}

# bats test_tags=root
@test "xnsenter: namespaces bound to files by xunshare --uts=FILE --net=FILE --ipc=FILE" {
	require_root
	local d="$BATS_TEST_TMPDIR/bound"
	mkdir "$d"
	run unshare -m --propagation private sh -euc '
		d=$1
		mount -t tmpfs xt-bound "$d"
		touch "$d/uts" "$d/net" "$d/ipc"
		xunshare --uts="$d/uts" --net="$d/net" --ipc="$d/ipc" hostname xt-bound
		for k in uts net ipc; do echo "$k:[$(stat -L -c %i "$d/$k")]"; done
		echo --
		xnsenter --uts="$d/uts" --net="$d/net" --ipc="$d/ipc" sh -c "
			readlink /proc/self/ns/uts /proc/self/ns/net /proc/self/ns/ipc; hostname"
		xnsenter -u"$d/uts" hostname
		xnsenter -u="$d/uts" hostname
		echo --
		# unmounted: the file is a plain file again, nothing runs
		umount "$d/uts"
		xnsenter --uts="$d/uts" echo ran || echo "rc=$?"
		umount "$d/net" "$d/ipc" "$d"
	' sh "$d"
	assert_success
	[ "${lines[3]}" = -- ] || fail "unexpected output: $output"
	assert_equal "${lines[4]}" "${lines[0]}"
	assert_equal "${lines[5]}" "${lines[1]}"
	assert_equal "${lines[6]}" "${lines[2]}"
	assert_equal "${lines[7]}" xt-bound
	assert_equal "${lines[8]}" xt-bound
	assert_equal "${lines[9]}" xt-bound
	assert_equal "${lines[10]}" --
	assert_equal "${lines[11]}" "xnsenter: $d/uts is not a namespace file"
	assert_equal "${lines[12]}" "rc=1"
	assert_equal "${#lines[@]}" 13
	# the private mount namespace is gone, and its mounts with it
	run grep -F " $d" /proc/self/mountinfo
	assert_failure
}

# bats test_tags=root
@test "xnsenter: -t PID:INODE checks the pidfd inode" {
	require_root
	python3 -c 'import os; os.pidfd_open' 2>/dev/null || skip "needs python3 with os.pidfd_open"
	start_target xunshare -u sleep 1000
	local ino
	ino=$(python3 -c "import os; print(os.fstat(os.pidfd_open($TARGET)).st_ino)")
	run xnsenter -t "$TARGET:$ino" -u readlink /proc/self/ns/uts
	assert_success
	assert_output "$(readlink "/proc/$TARGET/ns/uts")"
	refuse "xnsenter: process $TARGET does not have pidfd inode $((ino + 1))" -t "$TARGET:$((ino + 1))" -u
	refuse "xnsenter: failed to parse pidfd inode: '$TARGET:x'" -t "$TARGET:x" -u
	refuse "xnsenter: failed to parse pidfd inode: '$TARGET:'" -t "$TARGET:" -u
}

# ---- pid namespace: fork or not ---------------------------------------------------

# bats test_tags=root
@test "xnsenter: -p forks: the program is in the target's pid namespace" {
	require_root
	start_target -c xunshare --fork --pid --mount-proc -m sleep 1000
	# the target is pid 1 there and nothing else ran: the program is pid 2
	run xnsenter -t "$TARGET" -p -m sh -c 'echo $$'
	assert_success
	assert_output 2
	run xnsenter -t "$TARGET" -p awk '/^NSpid:/ { print NF - 1 }' /proc/self/status
	assert_success
	assert_output 2
	run xnsenter -t "$TARGET" -p readlink /proc/self/ns/pid
	assert_success
	assert_output "$(readlink "/proc/$TARGET/ns/pid")"
	run xnsenter --pid="/proc/$TARGET/ns/pid" readlink /proc/self/ns/pid
	assert_success
	assert_output "$(readlink "/proc/$TARGET/ns/pid")"
}

# bats test_tags=root
@test "xnsenter: -F does not fork: the program stays in our pid namespace, its children do not" {
	require_root
	start_target -c xunshare --fork --pid -m sleep 1000
	run xnsenter -t "$TARGET" -p -F sh -c 'echo $$; readlink /proc/$$/ns/pid; readlink /proc/self/ns/pid'
	assert_success
	assert_equal "${#lines[@]}" 3
	[ "${lines[0]}" -gt 2 ] || fail "the program has pid ${lines[0]} in a new pid namespace"
	assert_equal "${lines[1]}" "$(readlink /proc/self/ns/pid)"
	assert_equal "${lines[2]}" "$(readlink "/proc/$TARGET/ns/pid")"
}

# ---- credentials --------------------------------------------------------------------

# bats test_tags=root
@test "xnsenter: -S/-G set the ids and drop the groups; follow takes the target's owner" {
	require_root
	start_target xunshare -u "${NOBODY[@]}" sleep 1000
	run xnsenter -t "$TARGET" -u -S 123 -G 456 nsprobe ids
	assert_success
	assert_output "123 123 123 123 456 456 456 456"
	run xnsenter -t "$TARGET" -u --setuid=7 --setgid=8 nsprobe ids
	assert_success
	assert_output "7 7 7 7 8 8 8 8"
	run xnsenter -t "$TARGET" -u -S follow -G follow nsprobe ids
	assert_success
	assert_output "65534 65534 65534 65534 65534 65534 65534 65534"
	run xnsenter -t "$TARGET" -u -S 4294967294 -G 4294967294 nsprobe ids
	assert_success
	assert_output "4294967294 4294967294 4294967294 4294967294 4294967294 4294967294 4294967294 4294967294"
	# -S alone changes only the uid (as util-linux nsenter)
	run xnsenter -t "$TARGET" -u -S 123 nsprobe ids
	assert_success
	assert_output "$(nsenter -t "$TARGET" -u -S 123 nsprobe ids)"
}

# bats test_tags=root
@test "xnsenter: -U makes us root inside; --preserve-credentials keeps our ids; -S/-G inside" {
	require_root
	start_target -c xunshare -U --map-users=0:100000:65536 --map-groups=0:100000:65536 --fork sleep 1000
	run xnsenter -t "$TARGET" -U nsprobe ids
	assert_success
	assert_output "0 0 0 0 0 0 0 0"
	# our uid 0 is not mapped there: the overflow id
	run xnsenter -t "$TARGET" -U --preserve-credentials nsprobe ids
	assert_success
	assert_output "65534 65534 65534 65534 65534 65534 65534 65534"
	run xnsenter -t "$TARGET" -U -S 5 -G 6 nsprobe ids
	assert_success
	assert_output "5 5 5 5 6 6 6 6"
	# util-linux agrees
	run nsenter -t "$TARGET" -U --preserve-credentials nsprobe ids
	assert_output "65534 65534 65534 65534 65534 65534 65534 65534"
}

# bats test_tags=root
@test "xnsenter: --keep-caps without a user namespace adds no ambient capability" {
	require_root
	start_target xunshare -n sleep 1000
	run xnsenter -t "$TARGET" -n --keep-caps nsprobe caps
	assert_success
	assert_line "CapAmb:	0000000000000000"
	assert_line "CapInh:	0000000000000000"
}

# bats test_tags=root
@test "xnsenter: --user-parent enters the parent of the target's user namespace" {
	require_root
	start_target -c -c xunshare -U -r --fork xunshare -U -r --fork sleep 1000
	local outer=${JOBS[0]} inner=$TARGET
	[ "$(readlink "/proc/$inner/ns/user")" != "$(readlink "/proc/$outer/ns/user")" ] ||
		fail "no nested user namespace"
	run xnsenter -t "$inner" --user-parent readlink /proc/self/ns/user
	assert_success
	assert_output "$(readlink "/proc/$outer/ns/user")"
	run xnsenter -t "$inner" -U --user-parent --preserve-credentials readlink /proc/self/ns/user
	assert_success
	assert_output "$(readlink "/proc/$outer/ns/user")"
	# the parent of a -U FILE (util-linux too wants -t with --user-parent)
	run xnsenter -t "$outer" --user="/proc/$inner/ns/user" --user-parent readlink /proc/self/ns/user
	assert_success
	assert_output "$(readlink "/proc/$outer/ns/user")"
	# the initial user namespace has no parent
	refuse "xnsenter: cannot open the parent user namespace: Operation not permitted" \
		-t $$ --user-parent
}

# ---- root, working directory, environment -------------------------------------------

# bats test_tags=root
@test "xnsenter: -r keeps the cwd inside the new root (else goes to its /), -w stays inside it, -W resolves inside" {
	require_root
	start_target xunshare -u sleep 1000
	local r="$BATS_TEST_TMPDIR/root"
	mkdir "$r"
	run unshare -m --propagation private sh -uc '
		r=$1 t=$2
		mount -t tmpfs xt-root "$r" || exit 99
		mkdir "$r/usr" "$r/tmp" "$r/etc"
		mount --bind /usr "$r/usr" || exit 99
		ln -s usr/bin "$r/bin"; ln -s usr/lib "$r/lib"; ln -s usr/lib64 "$r/lib64"
		cd /tmp
		xnsenter -t "$t" -u -r pwd
		xnsenter -t "$t" -u -r="$r" pwd
		cd "$r/tmp"
		xnsenter -t "$t" -u -r="$r" pwd
		xnsenter -t "$t" -u -r="$r" -w=. pwd
		xnsenter -t "$t" -u -r="$r" -w="$r/tmp" pwd
		xnsenter -t "$t" -u -r="$r" -W=/etc pwd
		echo --
		cd /
		xnsenter -t "$t" -u -r="$r" -w=/etc echo ran 2>&1; echo "rc=$?"
		xnsenter -t "$t" -u -r="$r" -w echo ran 2>&1; echo "rc=$?"
		xnsenter -t "$t" -u -r="$r" -W=/nonexistent echo ran 2>&1; echo "rc=$?"
		umount "$r/usr" "$r"
	' sh "$r" "$TARGET"
	assert_success
	assert_output "/tmp
/
/tmp
/tmp
/tmp
/etc
--
xnsenter: the working directory is outside the new root
rc=1
xnsenter: the working directory is outside the new root
rc=1
xnsenter: cannot change directory to /nonexistent: No such file or directory
rc=1"
}

# bats test_tags=root
@test "xnsenter: -w is the caller's view of DIR, -W the target's; without DIR the target's cwd" {
	require_root
	local d="$BATS_TEST_TMPDIR/wd"
	mkdir "$d"
	# a directory that exists only in the target's (private) mount namespace
	start_target xunshare -m sh -c 'mount -t tmpfs xt-wd "$1" && mkdir "$1/inner" &&
		cd "$1/inner" && exec sleep 1000' sh "$d"
	run xnsenter -t "$TARGET" -m -W="$d/inner" pwd
	assert_success
	assert_output "$d/inner"
	run xnsenter -t "$TARGET" -m --wdns="$d/inner" pwd
	assert_success
	assert_output "$d/inner"
	run xnsenter -t "$TARGET" -m -W pwd
	assert_success
	assert_output "$d/inner"
	run xnsenter -t "$TARGET" -m -w pwd
	assert_success
	assert_output "$d/inner"
	run --separate-stderr xnsenter -t "$TARGET" -m -w="$d/inner" touch "$MARK"
	assert_failure 1
	assert_equal "$stderr" "xnsenter: cannot open $d/inner: No such file or directory"
	refute_ran
	# entering a mount namespace moves the cwd to its root, as nsenter does
	run sh -c "cd /tmp && xnsenter -t $TARGET -m pwd"
	assert_output /
	# our tree never saw the target's tmpfs
	run ls "$d"
	assert_output ""
}

# bats test_tags=root
@test "xnsenter: -e takes the target's environment" {
	require_root
	start_target env -i FOO=bar 'A B=c d' "$(command -v xunshare)" -u sleep 1000
	run xnsenter -t "$TARGET" -u -e /usr/bin/env
	assert_success
	assert_output "FOO=bar
A B=c d"
	run env -i XT_MINE=1 "$(command -v xnsenter)" -t "$TARGET" -u --env /usr/bin/env
	assert_success
	assert_output "FOO=bar
A B=c d"
}

# bats test_tags=root
@test "xnsenter: without -e the environment passes byte for byte" {
	require_root
	start_target env -i FOO=bar "$(command -v xunshare)" -u sleep 1000
	local big want="$BATS_TEST_TMPDIR/want" got="$BATS_TEST_TMPDIR/got"
	big=$(head -c 100000 /dev/zero | tr '\0' x)
	env -i "A=1" $'NL=a\nb\tc' "not-an-identifier=yes" "EMPTY=" "BIG=$big" \
		"$(command -v xnsenter)" -t "$TARGET" -u /usr/bin/cat /proc/self/environ >"$got"
	printf '%s\0' "A=1" $'NL=a\nb\tc' "not-an-identifier=yes" "EMPTY=" "BIG=$big" >"$want"
	cmp "$want" "$got"
	# and a -p fork passes it on the same way
	start_target -c xunshare -p --fork sleep 1000
	env -i "A=1" $'NL=a\nb\tc' "not-an-identifier=yes" "EMPTY=" "BIG=$big" \
		"$(command -v xnsenter)" -t "$TARGET" -p /usr/bin/cat /proc/self/environ >"$got"
	cmp "$want" "$got"
}

# ---- -N, -c, -Z ----------------------------------------------------------------------

# bats test_tags=root
@test "xnsenter: -N enters the network namespace of a target's socket" {
	require_root
	require_cmd python3
	local out="$BATS_TEST_TMPDIR/fd" sockfd i
	start_target -c xunshare -n --fork python3 -c 'import socket, sys, time
s = socket.socket()
print(s.fileno(), flush=True)
time.sleep(1000)' >"$out"
	for i in $(seq 1 100); do
		[ -s "$out" ] && break
		sleep 0.05
	done
	read -r sockfd <"$out"
	[ -n "$sockfd" ] || fail "no socket"
	# the socket was made in the target's netns; we enter it from the socket
	run xnsenter -t "$TARGET" -N "$sockfd" readlink /proc/self/ns/net /proc/self/ns/uts
	assert_success
	assert_output "$(readlink "/proc/$TARGET/ns/net"; readlink /proc/self/ns/uts)"
	run xnsenter -t "$TARGET" --net-socket="$sockfd" readlink /proc/self/ns/net
	assert_success
	assert_output "$(readlink "/proc/$TARGET/ns/net")"
	refuse "xnsenter: cannot get descriptor 99 of process $TARGET: Bad file descriptor" -t "$TARGET" -N 99
	refuse "xnsenter: no target PID specified" -N "$sockfd"
}

@test "xnsenter: -c needs cgroup v2 (the clear error on cgroup v1)" {
	sleep 1000 3>&- &
	JOBS+=($!)
	if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
		require_root
		run xnsenter -t $! -c -u=/proc/self/ns/uts sh -c 'cat /proc/self/cgroup'
		assert_success
		assert_output "$(cat "/proc/$!/cgroup")"
	else
		refuse "xnsenter: --join-cgroup is only supported in cgroup v2" -t $! -c -n
		refuse "xnsenter: --join-cgroup is only supported in cgroup v2" -t $! --join-cgroup -n
	fi
}

# bats test_tags=root
@test "xnsenter: -Z without SELinux does nothing, as util-linux (a script for a mixed fleet runs)" {
	require_root
	[ ! -e /sys/fs/selinux/enforce ] || skip "SELinux is enabled here"
	sleep 1000 3>&- &
	JOBS+=($!)
	run --separate-stderr xnsenter -t $! -Z -n echo ran
	assert_success
	assert_output ran
	assert_equal "$stderr" ""
	run --separate-stderr xnsenter -t $! --follow-context -u echo ran
	assert_success
	assert_output ran
	# without -t, with a namespace file: nothing to follow either
	run --separate-stderr xnsenter -Z --uts=/proc/$!/ns/uts echo ran
	assert_success
	assert_output ran
	refuse "xnsenter: no target PID specified" -Z -u
}

# ---- background start: --ready-fd -------------------------------------------------

# bats test_tags=root
@test "xnsenter --ready-fd: the pid that runs the program (forked with -p), 50 in a row under load" {
	require_root
	local i pid fails=0
	start_target -c xunshare -p -u --fork --mount-proc sleep 1000
	start_load
	for i in $(seq 1 50); do
		pid=$(sh -c 'xnsenter -t "$1" -a --ready-fd=3 sleep 1000 3>&1 >/dev/null &' sh "$TARGET")
		# already the program, already in the target's pid namespace
		if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm")" != sleep ] ||
			[ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink "/proc/$TARGET/ns/pid")" ]; then
			fails=$((fails + 1))
		fi
		[ -z "$pid" ] || kill -KILL "$pid"
	done
	stop_load
	[ "$fails" = 0 ]
}

@test "xnsenter --ready-fd: without a fork our own pid; a failed set-up writes nothing; no leak" {
	local d pid x
	start_target -c "${UNPRIV[@]}" xunshare -r -p -u --fork sleep 1000
	d=$(shared_tmpdir)
	mkfifo "$d/f"
	"${UNPRIV[@]}" xnsenter -t "$TARGET" -U -u --ready-fd=3 sleep 1000 3>"$d/f" &
	x=$!
	JOBS+=("$x")
	read -r pid <"$d/f"
	assert_equal "$pid" "$x"
	"${UNPRIV[@]}" xnsenter -t "$TARGET" -U -u -w=/nonexistent --ready-fd=3 touch "$MARK" \
		3>"$d/f" 2>"$d/err" &
	ready_of "$d/f" $!
	assert_equal "$RC" 1
	assert_equal "$READY" ""
	assert_equal "$(cat "$d/err")" "xnsenter: cannot open /nonexistent: No such file or directory"
	refute_ran
	for f in -F ""; do
		run "${UNPRIV[@]}" xnsenter -t "$TARGET" -U -u -p $f --ready-fd=5 \
			sh -c '[ -e /proc/self/fd/5 ] && echo leaked || echo closed' 5>/dev/null
		assert_success
		assert_output closed
	done
	refuse "xnsenter: --ready-fd: '2' is not a descriptor above 2" -t "$TARGET" -u --ready-fd=2
	refuse "xnsenter: --ready-fd 4000: Bad file descriptor" -t "$TARGET" -u --ready-fd=4000
}

# ---- exit status and signals --------------------------------------------------------

# bats test_tags=root
@test "xnsenter: exit status is the program's; 126 and 127 with a message" {
	require_root
	start_target -c xunshare -p -u --fork sleep 1000
	local how opts
	for how in -p -u "-p -F"; do
		read -ra opts <<<"$how"
		run xnsenter -t "$TARGET" "${opts[@]}" sh -c 'exit 7'
		assert_equal "$status" 7
		run -127 --separate-stderr xnsenter -t "$TARGET" "${opts[@]}" /nonexistent/prog
		assert_equal "$output" ""
		assert_equal "$stderr" "xnsenter: failed to execute /nonexistent/prog: No such file or directory"
		run -127 --separate-stderr xnsenter -t "$TARGET" "${opts[@]}" xt-no-such-program
		assert_equal "$stderr" "xnsenter: failed to execute xt-no-such-program: No such file or directory"
		run -126 --separate-stderr xnsenter -t "$TARGET" "${opts[@]}" /etc/passwd
		assert_equal "$stderr" "xnsenter: failed to execute /etc/passwd: Permission denied"
		run -0 xnsenter -t "$TARGET" "${opts[@]}" true
	done
}

# bats test_tags=root
@test "xnsenter: a child killed by SIGKILL ends xnsenter by SIGKILL (137)" {
	require_root
	start_target -c xunshare -p --fork sleep 1000
	run --separate-stderr xnsenter -t "$TARGET" -p sh -c 'kill -9 $$'
	assert_equal "$status" 137
	assert_equal "$stderr" ""
	run xnsenter -t "$TARGET" -p sh -c 'kill -TERM $$'
	assert_equal "$status" 143
}

# bats test_tags=root
@test "xnsenter: SIGTERM to xnsenter is forwarded to the child (143)" {
	require_root
	start_target -c xunshare -p --fork sleep 1000
	xnsenter -t "$TARGET" -p sleep 5 3>&- &
	local x=$! c rc=0
	JOBS+=("$x")
	c=$(child_of "$x") || fail "xnsenter did not fork"
	OTHERS+=("$c")
	wait_exec "$c"
	kill -TERM "$x"
	wait "$x" || rc=$?
	assert_equal "$rc" 143
	# the child is gone too (a zombie at most)
	run ps -o stat= -p "$c"
	[[ -z $output || $output == Z* ]] || fail "the child still runs: $output"
}

# bats test_tags=root
@test "xnsenter: a stopped child stops xnsenter; continuing xnsenter continues it" {
	require_root
	start_target -c xunshare -p --fork sleep 1000
	xnsenter -t "$TARGET" -p sleep 1000 3>&- &
	local x=$! c st rc=0
	JOBS+=("$x")
	c=$(child_of "$x") || fail "xnsenter did not fork"
	OTHERS+=("$c")
	wait_exec "$c"
	kill -STOP "$c"
	# (bounds of 15 s: a loaded machine is slower, not red)
	wait_for '[[ $(ps -o stat= -p "$x") == T* ]]' 300 ||
		fail "xnsenter did not stop (state $(ps -o stat= -p "$x"))"
	kill -CONT "$x"
	wait_for '[[ $(ps -o stat= -p "$c") != T* ]]' 300 ||
		fail "the child was not continued (state $(ps -o stat= -p "$c"))"
	st=$(ps -o stat= -p "$x")
	[[ $st != T* ]] || fail "xnsenter still stopped (state $st)"
	kill -TERM "$x"
	wait "$x" || rc=$?
	assert_equal "$rc" 143
}

# ---- rootless -------------------------------------------------------------------------

@test "xnsenter: rootless: -U into one's own container is root there, without --preserve-credentials" {
	require_userns
	local t
	for t in xunshare unshare; do
		start_target -c "${UNPRIV[@]}" "$t" -U -r --fork sleep 1000
		run "${UNPRIV[@]}" xnsenter -t "$TARGET" -U -- id -u
		assert_success
		assert_output 0
		run "${UNPRIV[@]}" xnsenter -t "$TARGET" -U nsprobe ids
		assert_success
		assert_output "0 0 0 0 0 0 0 0"
		run "${UNPRIV[@]}" xnsenter -t "$TARGET" -U --preserve-credentials readlink /proc/self/ns/user
		assert_success
		assert_output "$(readlink "/proc/$TARGET/ns/user")"
	done
}

@test "xnsenter: rootless: -a into one's own container (xunshare and util-linux targets)" {
	require_userns
	local t
	for t in xunshare unshare; do
		start_target -c "${UNPRIV[@]}" "$t" -U -r -m -u -i -n -p --fork --mount-proc sleep 1000
		# nothing ran there yet: the program is pid 2
		run "${UNPRIV[@]}" xnsenter -t "$TARGET" -a sh -c 'echo $$; id -u'
		assert_success
		assert_output "2
0"
		run "${UNPRIV[@]}" xnsenter -t "$TARGET" -a "${ns_links[@]}"
		assert_success
		assert_output "$(expected_links mnt uts ipc net pid user)"
	done
}

@test "xnsenter: rootless: files of one's own container, user namespace entered first" {
	require_userns
	start_target -c "${UNPRIV[@]}" xunshare -U -r -n -u --fork sleep 1000
	run "${UNPRIV[@]}" xnsenter --net="/proc/$TARGET/ns/net" --user="/proc/$TARGET/ns/user" \
		--uts="/proc/$TARGET/ns/uts" "${ns_links[@]}"
	assert_success
	assert_output "$(expected_links net user uts)"
	# without -U the owner's privilege is missing: message, hint, nothing ran
	local m
	m="$(shared_tmpdir)/ran"
	run --separate-stderr "${UNPRIV[@]}" xnsenter -t "$TARGET" -n touch "$m"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "${stderr_lines[0]}" "xnsenter: reassociate to namespaces failed: Operation not permitted"
	assert_regex "${stderr_lines[1]}" '^xnsenter: hint: .*-U'
	assert_equal "${#stderr_lines[@]}" 2
	[ ! -e "$m" ] || fail "the program ran"
	run --separate-stderr "${UNPRIV[@]}" xnsenter --net="/proc/$TARGET/ns/net" touch "$m"
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "xnsenter: reassociate to namespace 'ns/net' failed: Operation not permitted"
	assert_regex "${stderr_lines[1]}" '^xnsenter: hint: '
	[ ! -e "$m" ] || fail "the program ran"
}

@test "xnsenter: rootless: --keep-caps raises the ambient set inside, only when asked" {
	require_userns
	start_target -c "${UNPRIV[@]}" xunshare -U -r -n --fork sleep 1000
	local prm
	run "${UNPRIV[@]}" xnsenter -t "$TARGET" -U --keep-caps nsprobe caps
	assert_success
	prm=$(awk '/^CapPrm:/ { print $2 }' <<<"$output")
	[ "$prm" != 0000000000000000 ] || fail "no capability inside: $output"
	assert_line "CapAmb:	$prm"
	run "${UNPRIV[@]}" xnsenter -t "$TARGET" -U -n --keep-caps nsprobe caps
	assert_success
	assert_line "CapAmb:	$prm"
	run "${UNPRIV[@]}" xnsenter -t "$TARGET" -U nsprobe caps
	assert_success
	assert_line "CapAmb:	0000000000000000"
	assert_line "CapInh:	0000000000000000"
}

@test "xnsenter: rootless: --user-parent into one's own outer user namespace" {
	require_userns
	start_target -c -c "${UNPRIV[@]}" xunshare -U -r --fork xunshare -U -r --fork sleep 1000
	local outer=${JOBS[0]} inner=$TARGET
	run "${UNPRIV[@]}" xnsenter -t "$inner" --user-parent sh -c 'readlink /proc/self/ns/user; id -u'
	assert_success
	assert_output "$(readlink "/proc/$outer/ns/user")
0"
}

# bats test_tags=root
@test "xnsenter: rootless: a root-owned target is refused with a hint; nothing runs" {
	require_root
	require_userns
	local m
	m="$(shared_tmpdir)/ran"
	start_target xunshare -u -n sleep 1000
	run --separate-stderr "${UNPRIV[@]}" xnsenter -t "$TARGET" -n -u touch "$m"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "${stderr_lines[0]}" "xnsenter: reassociate to namespaces failed: Operation not permitted"
	assert_equal "${stderr_lines[1]}" "xnsenter: hint: the target belongs to another user: only root may join its namespaces"
	assert_equal "${#stderr_lines[@]}" 2
	[ ! -e "$m" ] || fail "the program ran"
}

# -a skips the namespaces identical to ours; those it cannot even compare
# (another user's /proc/PID/ns) are not identical, and the program never
# runs in our own namespaces instead.
# bats test_tags=root
@test "xnsenter: rootless: -a into a root-owned target is refused; nothing runs" {
	require_root
	require_userns
	local m
	m="$(shared_tmpdir)/ran"
	start_target xunshare -u -n sleep 1000
	run --separate-stderr "${UNPRIV[@]}" xnsenter -t "$TARGET" -a touch "$m"
	[ ! -e "$m" ] || fail "the program ran"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "${stderr_lines[0]}" "xnsenter: reassociate to namespaces failed: Operation not permitted"
	assert_regex "${stderr_lines[1]}" '^xnsenter: hint: '
}

# bats test_tags=root
@test "xnsenter: rootless: -a --preserve-credentials into a root-owned target is refused; nothing runs" {
	require_root
	require_userns
	local m
	m="$(shared_tmpdir)/ran"
	start_target xunshare -u -n sleep 1000
	run --separate-stderr "${UNPRIV[@]}" xnsenter -t "$TARGET" -a --preserve-credentials \
		sh -c 'touch "$1"; readlink /proc/self/ns/uts' sh "$m"
	[ ! -e "$m" ] || fail "the program ran, in $output (ours: $(readlink /proc/self/ns/uts), the target's: $(readlink "/proc/$TARGET/ns/uts")), rc $status"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "${stderr_lines[0]}" "xnsenter: reassociate to namespaces failed: Operation not permitted"
	assert_regex "${stderr_lines[1]}" '^xnsenter: hint: '
}

# ---- bad input ------------------------------------------------------------------------

@test "xnsenter: bad target pids; nothing runs" {
	sh -c 'exit 0' &
	local dead=$!
	wait "$dead"
	refuse "xnsenter: cannot open process $dead: No such process" -t "$dead" -n
	refuse "xnsenter: failed to parse pid: '4294967297'" -t 4294967297 -n
	refuse "xnsenter: failed to parse pid: '0'" -t 0 -n
	refuse "xnsenter: failed to parse pid: '-1'" -t -1 -n
	refuse "xnsenter: failed to parse pid: '12x'" -t 12x -n
	refuse "xnsenter: failed to parse pid: ''" -t '' -n
	refuse "xnsenter: failed to parse pid: '+1'" -t +1 -n
	refuse "xnsenter: failed to parse pid: ' 1'" -t ' 1' -n
	refuse "xnsenter: option --target may be given only once" -t 1 -t 1 -n
	refuse "xnsenter: option --target may be given only once" -t 1 --target=2 -n
}

@test "xnsenter: another user's pid (1) as an unprivileged user; nothing runs" {
	require_userns
	local m
	m="$(shared_tmpdir)/ran"
	run --separate-stderr "${UNPRIV[@]}" xnsenter -t 1 -n -u touch "$m"
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "${stderr_lines[0]}" "xnsenter: reassociate to namespaces failed: Operation not permitted"
	assert_regex "${stderr_lines[1]}" '^xnsenter: hint: '
	assert_equal "${#stderr_lines[@]}" 2
	[ ! -e "$m" ] || fail "the program ran"
}

@test "xnsenter: bad ids and descriptors; nothing runs" {
	refuse "xnsenter: failed to parse uid: '4294967296'" -t 1 -n -S 4294967296
	refuse "xnsenter: failed to parse uid: '4294967295'" -t 1 -n -S 4294967295
	refuse "xnsenter: failed to parse uid: 'root'" -t 1 -n -S root
	refuse "xnsenter: failed to parse gid: '-1'" -t 1 -n -G -1
	refuse "xnsenter: failed to parse gid: ''" -t 1 -n -G ''
	refuse "xnsenter: failed to parse file descriptor: 'x'" -t 1 -N x
	refuse "xnsenter: failed to parse file descriptor: '-1'" -t 1 -N -1
}

@test "xnsenter: no namespace, no target, both -w and -W; nothing runs" {
	refuse "xnsenter: no namespace specified" -t 1
	refuse "xnsenter: no namespace specified" -t 1 -r -w
	refuse "xnsenter: no target PID specified" -n
	refuse "xnsenter: no target PID specified" -a
	refuse "xnsenter: no target PID specified" --uts=/proc/self/ns/uts -n
	refuse "xnsenter: no target PID specified" --uts=/proc/self/ns/uts -e
	refuse "xnsenter: no target PID specified" --user-parent
	refuse "xnsenter: options --wd and --wdns cannot be combined" -t 1 -n -w -W
	refuse "xnsenter: options --wd and --wdns cannot be combined" -t 1 -n --wd=/ --wdns=/
}

@test "xnsenter: files that are not namespaces, or of another kind; nothing runs" {
	mkdir "$BATS_TEST_TMPDIR/dir"
	refuse "xnsenter: /etc/passwd is not a namespace file" --net=/etc/passwd
	refuse "xnsenter: /dev/null is not a namespace file" --net=/dev/null
	refuse "xnsenter: $BATS_TEST_TMPDIR/dir is not a namespace file" --uts="$BATS_TEST_TMPDIR/dir"
	refuse "xnsenter: /proc/self/ns/mnt is a mount namespace, not a network namespace" \
		--net=/proc/self/ns/mnt
	refuse "xnsenter: /proc/self/ns/net is a network namespace, not a UTS namespace" \
		-u/proc/self/ns/net
	refuse "xnsenter: /proc/self/ns/uts is a UTS namespace, not a user namespace" \
		--user=/proc/self/ns/uts
	refuse "xnsenter: cannot open /nonexistent: No such file or directory" --uts=/nonexistent
}

# bats test_tags=root
@test "xnsenter: joins the kernel refuses give one message and a hint; nothing runs" {
	require_root
	# our own user namespace cannot be re-entered
	refuse "xnsenter: reassociate to namespaces failed: Invalid argument
xnsenter: hint: a process cannot re-enter the user namespace it is in" -t $$ -U
	# a pid namespace that is not a descendant of ours
	run --separate-stderr xunshare -p --fork xnsenter --pid=/proc/self/fd/5 touch "$MARK" 5</proc/self/ns/pid
	assert_failure 1
	assert_equal "$output" ""
	assert_equal "$stderr" "xnsenter: reassociate to namespace 'ns/pid' failed: Invalid argument
xnsenter: hint: a pid namespace can be joined only if it is the caller's own or a descendant of it"
	refute_ran
}

# ---- descriptors ----------------------------------------------------------------------

# bats test_tags=root
@test "xnsenter: the program gets exactly the caller's descriptors" {
	require_root
	start_target -c xunshare -U -r -n -u -p --fork sleep 1000
	local base
	base=$(nsprobe fds 5</dev/null)
	[[ $base == *"5 /dev/null"* ]] || fail "the baseline lacks fd 5: $base"
	run xnsenter -t "$TARGET" -a nsprobe fds 5</dev/null
	assert_success
	assert_output "$base"
	run xnsenter -t "$TARGET" -n -u -r -w -e -S follow -G follow nsprobe fds 5</dev/null
	assert_success
	assert_output "$base"
	run xnsenter --net="/proc/$TARGET/ns/net" --uts="/proc/$TARGET/ns/uts" nsprobe fds 5</dev/null
	assert_success
	assert_output "$base"
	run xnsenter -t "$TARGET" -p nsprobe fds 5</dev/null
	assert_success
	assert_output "$base"
	run xnsenter -t "$TARGET" -p -F nsprobe fds 5</dev/null
	assert_success
	assert_output "$base"
	# with stdin closed nothing of ours lands on fd 0
	# (bats' run puts a pipe on fd 0: close it in a shell of our own)
	run sh -c 'xnsenter -t "$1" -a sh -c "[ -e /proc/self/fd/0 ] && echo open || echo closed" <&-' \
		sh "$TARGET"
	assert_success
	assert_output closed
}

# ---- -S and the supplementary groups ---------------------------------------------------

# The program of these tests: its Uid, Gid and Groups lines, blanks squeezed.
IDS='/^(Uid|Gid|Groups):/ { $1 = $1; print }'

# bats test_tags=root
@test "xnsenter: -S to a non-zero uid drops root's supplementary groups, without -G" {
	require_root
	require_cmd setpriv
	start_target -c xunshare -m -p --fork sleep 1000
	run setpriv --groups=4,42 -- awk "$IDS" /proc/self/status
	assert_line "Groups: 4 42"
	# exec'd directly (-m), and from the forked child (-p)
	for opts in "-m" "-m -p" "-a"; do
		run --separate-stderr setpriv --groups=4,42 -- xnsenter -t "$TARGET" $opts -S 65534 \
			awk "$IDS" /proc/self/status
		assert_success
		assert_equal "$stderr" ""
		assert_output "Uid: 65534 65534 65534 65534
Gid: 0 0 0 0
Groups:"
	done
}

# bats test_tags=root
@test "xnsenter: -S 0 keeps the groups; -S with -G and -G alone drop them as before" {
	require_root
	require_cmd setpriv
	start_target -c xunshare -m -p --fork sleep 1000
	for opts in "-m" "-m -p"; do
		run setpriv --groups=4,42 -- xnsenter -t "$TARGET" $opts -S 0 awk "$IDS" /proc/self/status
		assert_success
		assert_output "Uid: 0 0 0 0
Gid: 0 0 0 0
Groups: 4 42"
		run setpriv --groups=4,42 -- xnsenter -t "$TARGET" $opts -S 65534 -G 65534 \
			awk "$IDS" /proc/self/status
		assert_success
		assert_output "Uid: 65534 65534 65534 65534
Gid: 65534 65534 65534 65534
Groups:"
		run setpriv --groups=4,42 -- xnsenter -t "$TARGET" $opts -G 42 awk "$IDS" /proc/self/status
		assert_success
		assert_output "Uid: 0 0 0 0
Gid: 42 42 42 42
Groups:"
	done
	# no -S at all: nothing changes
	run setpriv --groups=4,42 -- xnsenter -t "$TARGET" -m awk "$IDS" /proc/self/status
	assert_success
	assert_line "Groups: 4 42"
}

# bats test_tags=root
@test "xnsenter: -S with --preserve-credentials into a user namespace drops the groups too" {
	require_root
	require_cmd setpriv
	start_target -c xunshare -U --map-users=0:0:65536 --map-groups=0:0:65536 -p --fork sleep 1000
	run --separate-stderr setpriv --groups=4,42 -- xnsenter -t "$TARGET" -U -p --preserve-credentials \
		-S 65534 awk "$IDS" /proc/self/status
	assert_success
	assert_equal "$stderr" ""
	assert_output "Uid: 65534 65534 65534 65534
Gid: 0 0 0 0
Groups:"
	# --preserve-credentials alone touches nothing
	run setpriv --groups=4,42 -- xnsenter -t "$TARGET" -U -p --preserve-credentials \
		awk "$IDS" /proc/self/status
	assert_success
	assert_line "Groups: 4 42"
}

# bats test_tags=root
@test "xnsenter: -S alone where setgroups is denied keeps the caller's groups" {
	require_root
	require_cmd setpriv
	# inside a user namespace (all of ids 0-65535 mapped) that denies setgroups,
	# entering a (UTS) namespace it owns, by its file
	run --separate-stderr setpriv --groups=4,42 -- \
		xunshare -U -u --map-users=0:0:65536 --map-groups=0:0:65536 --setgroups=deny \
		xnsenter --uts=/proc/self/ns/uts -S 65534 awk "$IDS" /proc/self/status
	assert_success
	assert_equal "$stderr" ""
	assert_output "Uid: 65534 65534 65534 65534
Gid: 0 0 0 0
Groups: 4 42"
}
