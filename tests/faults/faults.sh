#!/usr/bin/env bash
# shellcheck disable=SC2317 # run_one and its helpers run under xargs (export -f)
# tests/faults/faults.sh - the fault-injection campaign (make check-faults).
#
#   faults.sh [-j JOBS] [-s SCENARIO]... OUTDIR
#
# For every scenario of scenarios.sh: one baseline run under strace lists
# the system calls the tool makes and how often each process makes each;
# then one run per (system call, occurrence, errno) makes that call fail
# (strace -e inject=SYSCALL:error=ERRNO:when=N; with -f the count is per
# process, so the N-th call fails in every process that makes N of them).
# Every run has a lab of its own (lab.sh). For each injection:
#   crash     a tool process died by a signal of its own (a signal it
#             re-raises after its child died by it is not one), a sanitizer
#             reported an error, or the run did not end in time;
#   silent    status 0 but the scenario's check says the job was not done,
#             or a non-zero status without a message of the tool;
#   leftover  the lab's state afterwards is not the state before (on
#             failure) or the baseline's state after (on success);
#   eintr     an EINTR (injected where a call can be interrupted) was not
#             retried: the command must succeed as in the baseline.
# Prints a table per scenario and a summary line; details of every finding
# go to OUTDIR/faults.log. Exits 1 on any finding, 77 when it cannot run.
set -uo pipefail
export LC_ALL=C

jobs=2 only=()
while getopts j:s: o; do
	case $o in
	j) jobs=$OPTARG ;;
	s) only+=("$OPTARG") ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: faults.sh [-j JOBS] [-s SCENARIO]... OUTDIR" >&2; exit 2; }
OUT=$1
: "${XT_BUILDDIR:?XT_BUILDDIR: the build directory}" "${XT_SRCDIR:?XT_SRCDIR: the source directory}"
export XT_BUILDDIR XT_SRCDIR
HERE=$XT_SRCDIR/tests/faults

if [ "$(id -u)" != 0 ]; then
	echo "check-faults: skipped: needs root (namespaces, mounts, links of a lab)"
	exit 77
fi
for c in strace unshare nsenter ip taskset; do
	command -v $c >/dev/null || { echo "check-faults: skipped: needs $c"; exit 77; }
done
if ! unshare -m -n -p -f --mount-proc --propagation private true 2>/dev/null; then
	echo "check-faults: skipped: cannot make a lab (mount, net and pid namespaces)"
	exit 77
fi

# A sanitizer build (dynamic, ASan+UBSan): its runtime owns the memory
# system calls (shadow memory, allocator): a failed mmap there is ASan's
# out-of-memory abort, not the tool's error path. The static build injects
# those calls; this one leaves them alone.
asan=0
grep -qa __asan_init "$XT_BUILDDIR/xunshare" && asan=1

rm -rf "$OUT"
mkdir -p "$OUT/base" "$OUT/runs"
: >"$OUT/faults.log"

lab() {
	local pin=()
	[[ $PINNED != *" $1 "* ]] || pin=(taskset -c 0)
	# (the lab's own stderr: bash's word on a tool that died by a signal)
	"${pin[@]}" unshare -m -n -p -f --mount-proc --propagation private bash "$HERE/lab.sh" "$@" 2>>"$2/lab.err"
}

# The errno a call fails with in real life, and whether it can be
# interrupted by a signal (then EINTR too). The tools install no signal
# handler, so a signal interrupts a call only as signal(7) says it does
# without one: after a stop and a continue, socket calls (with timeouts),
# sigtimedwait, epoll_wait, nanosleep and reads of inotify descriptors
# fail with EINTR; read, write, wait4, flock are restarted by the kernel.
errno_for() {
	case $1 in
	openat | open | creat | access | faccessat | faccessat2 | newfstatat | stat | lstat | statx | \
		readlink | readlinkat | chdir | fchdir | statfs | fstatfs | unlink | unlinkat | rmdir | \
		rename | renameat | renameat2 | linkat | symlinkat) echo EACCES ;;
	read | pread64 | readv | write | pwrite64 | writev | fstat | getdents64 | fsync | sendfile) echo EIO ;;
	mkdir | mkdirat | mknod | mknodat | ftruncate | fallocate) echo ENOSPC ;;
	mount | open_tree | move_mount | fsopen | fsmount | fsconfig) echo ENOSPC ;;
	unshare) echo ENOSPC ;;
	umount2 | umount) echo EBUSY ;;
	# ENOSYS: an older kernel; xmountprop falls back to mount(2)
	mount_setattr) echo EPERM ENOSYS ;;
	setns | chroot | pivot_root | setuid | setgid | setresuid | setresgid | \
		setreuid | setregid | setgroups | capset | capget | sethostname | prctl | \
		setpriority | sched_setaffinity | kill | tgkill | pidfd_send_signal) echo EPERM ;;
	clone | clone3 | fork | vfork) echo EAGAIN ;;
	socket | socketpair | pipe | pipe2 | dup | dup2 | dup3 | pidfd_open | pidfd_getfd | \
		eventfd2 | signalfd4 | inotify_init1 | epoll_create1 | timerfd_create | memfd_create) echo EMFILE ;;
	sendmsg | sendto | recvmsg | recvfrom | getsockname | bind | setsockopt | getsockopt) echo ENOBUFS ;;
	connect) echo ECONNREFUSED ;;
	mmap | munmap | mremap | mprotect | madvise | brk) echo ENOMEM ;;
	flock | fcntl) echo ENOLCK ;;
	ioctl) echo ENOTTY ;;
	getrandom) echo EAGAIN ;;
	execve | execveat) echo EACCES ;;
	wait4 | waitid | rt_sigtimedwait | poll | ppoll | pause | rt_sigsuspend | nanosleep | \
		clock_nanosleep | epoll_wait | epoll_pwait | select | pselect6) echo ;;
	*) echo EINVAL ;;
	esac
}
interruptible() {
	case $1 in
	recvmsg | recvfrom | sendmsg | sendto | rt_sigtimedwait | epoll_wait | epoll_pwait | \
		nanosleep | clock_nanosleep) return 0 ;;
	esac
	return 1
}
# Never injected: calls that cannot fail (getpid...; rt_sigprocmask,
# rt_sigaction, rt_sigpending fail only on arguments no caller passes), that end a process,
# close (below), and the C library's process start-up (it handles their
# failure itself: set_robust_list, rseq; or there is no way on: arch_prctl).
excluded() {
	case $1 in
	exit | exit_group | rt_sigreturn | getpid | getppid | gettid | getuid | geteuid | getgid | \
		getegid | getresuid | getresgid | umask | sched_yield | set_tid_address | \
		rt_sigprocmask | rt_sigaction | rt_sigpending | sigaltstack | \
		set_robust_list | rseq | arch_prctl) return 0 ;;
	# Linux frees the descriptor even when close reports an error; an
	# injected failure skips the call and leaves it open, a state the
	# kernel never makes (a pipe that never sees its end of file).
	close) return 0 ;;
	mmap | munmap | mremap | mprotect | madvise | brk) [ $asan = 1 ] && return 0 ;;
	esac
	return 1
}

# ---- 1. baselines -------------------------------------------------------------
# shellcheck disable=SC1091
SCENARIOS=$(bash -c ". '$HERE/scenarios.sh'; echo \$SCENARIOS")
PARTIAL=$(bash -c ". '$HERE/scenarios.sh'; echo \" \$PARTIAL \"")
PINNED=$(bash -c ". '$HERE/scenarios.sh'; echo \" \$PINNED \"")
MAYSTAY=$(bash -c ". '$HERE/scenarios.sh'; echo \"\$MAYSTAY\"")
[ ${#only[@]} -eq 0 ] || SCENARIOS=${only[*]}
broken=0
for s in $SCENARIOS; do
	mkdir -p "$OUT/base/$s"
	lab "$s" "$OUT/base/$s"
	if [ "$(cat "$OUT/base/$s/status" 2>/dev/null)" != 0 ] || [ "$(tail -n1 "$OUT/base/$s/check")" != ok ]; then
		echo "check-faults: baseline of $s failed:" >&2
		cat "$OUT/base/$s/err" "$OUT/base/$s/check" >&2
		broken=$((broken + 1))
		continue
	fi
	# The system calls of each process and how often: the first line is
	# strace's own execve of the tool (not counted by when=N).
	# The calls before the tool's main does anything are the start-up
	# (C library, dynamic loader, sanitizer runtime): no error path of
	# ours. They are the longest common prefix (by system call) of the
	# first process's trace and of TOOL --version's (lab.sh runs it in the
	# same lab and environment); those occurrences are not injected: the
	# first one injected is "from". The calls never injected (excluded)
	# are left out of the comparison: where a sanitizer's allocator maps
	# its memory may take one mmap more or less.
	awk -v asan=$asan 'FNR == 1 { next } $2 ~ /^(\+\+\+|---|<\.\.\.)/ { next }
	     { name = $2; sub(/\(.*/, "", name)
	       skip = asan && name ~ /^(mmap|munmap|mremap|mprotect|madvise|brk)$/ }
	     FILENAME ~ /vtrace$/ { if (!skip) v[++nv] = name; next }
	     !(1 in first) { first[1] = $1 }
	     { n[$1 " " name]++
	       if ($1 == first[1] && !diverged && !skip) { if (v[++i] == name) pre[name]++; else diverged = 1 } }
	     END { for (k in n) { split(k, a, " "); if (n[k] > m[a[2]]) m[a[2]] = n[k] }
		   for (c in m) print c, m[c], pre[c] + 1 }' "$OUT/base/$s/vtrace" "$OUT/base/$s/trace" |
		sort >"$OUT/base/$s/calls"
done

# ---- 2. the injections --------------------------------------------------------
# Occurrences: the first three (after the start-up) and the last. A call repeated in a loop
# (read of a file, recvmsg of a dump) fails in the same way at every turn
# but the first and the last: those four cover start, middle and end.
: >"$OUT/jobs"
for s in $SCENARIOS; do
	[ -s "$OUT/base/$s/calls" ] || continue
	while read -r c m from; do
		excluded "$c" && continue
		occ=$(printf '%s\n' $((from)) $((from + 1)) $((from + 2)) "$m" | awk -v m="$m" -v from="$from" '$1 >= from && $1 <= m' | sort -nu)
		for n in $occ; do
			for e in $(errno_for "$c"); do
				echo "$s $c $e $n" >>"$OUT/jobs"
			done
			! interruptible "$c" || echo "$s $c EINTR $n" >>"$OUT/jobs"
		done
	done <"$OUT/base/$s/calls"
done

# What a failed command may leave: the state before, and what success
# leaves too and the scenario says may stay (MAYSTAY: e.g. /run/netns, made
# a shared mount once for all names; NAME_maystay: the scenario's own).
maystay() {
	local re=$MAYSTAY
	[ ! -s "$1/maystay" ] || re="$re|$(cat "$1/maystay")"
	{ cat "$1/pre"; grep -E "$re" "$1/post"; } | sort -u
}

# The state's objects: a line each, a link or an address by its netns and name.
objects() {
	awk '$1 == "net" { print $1, $2, $3; next } { print }' | sort -u
}

# One injection: run it in a lab, judge it, print one verdict line
#   SCENARIO SYSCALL ERRNO N CRASH SILENT LEFTOVER EINTR
run_one() {
	local s=$1 c=$2 e=$3 n=$4 d="$OUT/runs/$1/$2.$3.$4" base="$OUT/base/$1"
	local st crash=0 silent=0 left=0 eintr=0 why=() nomsg=0
	mkdir -p "$d"
	lab "$s" "$d" "$c" "$e" "$n"
	st=$(cat "$d/status" 2>/dev/null || echo none)
	# a process killed by a signal of its own: not one it got from its child
	if awk '/--- SIGCHLD .*si_code=CLD_(KILLED|DUMPED)/ { match($0, /si_status=SIG[A-Z0-9]+/); got[$1] = substr($0, RSTART + 10, RLENGTH - 10) }
		/\+\+\+ killed by SIG(SEGV|BUS|FPE|ILL|SYS|ABRT|TRAP)/ { if (got[$1] != $5) bad = 1 }
		END { exit !bad }' "$d/trace" 2>/dev/null; then
		crash=1 why+=("killed: $(grep -h '+++ killed' "$d/trace" | head -n3 | tr '\n' ' ')")
	fi
	if grep -Eq 'ERROR: AddressSanitizer|runtime error:|SUMMARY: (Address|Undefined)' "$d/err" 2>/dev/null; then
		crash=1 why+=("sanitizer report")
	fi
	# a message cannot be asked of a process whose writes to stderr fail
	if grep -Eq '^[0-9]+ +(<\.\.\. )?write(\(2,| resumed).*INJECTED' "$d/trace" 2>/dev/null; then
		nomsg=1
	fi
	if [ -e "$d/timedout" ] || [ "$st" = none ]; then
		crash=1 why+=("did not end")
	elif [ "$st" = 0 ]; then
		if [ "$(tail -n1 "$d/check")" != ok ]; then
			silent=1 why+=("status 0 but the check failed")
		fi
		if ! cmp -s "$d/post" "$base/post"; then
			left=1 why+=("state after success differs from the baseline's")
		fi
	else
		if [ "$nomsg" = 0 ] && ! grep -Eq '^(xunshare|xnsenter|xnetns|xmountprop|xmountprop-show): |error while loading shared libraries' "$d/err"; then
			silent=1 why+=("status $st without a message")
		fi
		if [[ $PARTIAL == *" $s "* ]]; then
			# a link a batch made but did not finish (no address, not
			# up yet) is the same link: links compare by name
			if [ -n "$(cat "$base/pre" "$base/post" | objects | comm -13 - <(objects <"$d/post"))" ]; then
				left=1 why+=("state after failure has what neither the state before nor after success has")
			fi
		elif [ -n "$(maystay "$base" "$s" | comm -13 - <(sort -u "$d/post"))" ]; then
			left=1 why+=("state after failure differs from the state before")
		fi
	fi
	if [ "$e" = EINTR ] && { [ "$st" != 0 ] || [ "$(tail -n1 "$d/check")" != ok ]; }; then
		eintr=1 why+=("EINTR not retried")
	fi
	echo "$s $c $e $n $crash $silent $left $eintr"
	if [ $((crash + silent + left + eintr)) -gt 0 ]; then
		{
			echo "=== $s: $c fails with $e at occurrence $n: ${why[*]}"
			echo "command: $(cat "$d/cmd" 2>/dev/null)"
			echo "status: $st"
			echo "stderr:"; sed 's/^/  /' "$d/err"
			[ "$st" != 0 ] || { echo "check:"; sed 's/^/  /' "$d/check"; }
			echo "state diff (expected -> got):"
			if [ "$st" = 0 ] || [[ $PARTIAL == *" $s "* ]]; then
				diff "$base/post" "$d/post" | sed 's/^/  /'
			else
				diff "$base/pre" "$d/post" | sed 's/^/  /'
			fi
			echo "injected at:"; grep -h 'INJECTED' "$d/trace" | head -n4 | sed 's/^/  /'
			echo "run directory: $d"
		} | flock "$OUT/faults.log" tee -a "$OUT/faults.log" >/dev/null
	else
		rm -rf "$d"
	fi
}
export -f run_one lab maystay objects
export OUT HERE PARTIAL MAYSTAY PINNED

echo "check-faults: $(wc -l <"$OUT/jobs") injections in $(wc -w <<<"$SCENARIOS") scenarios, $jobs at a time"
[ -z "${XT_FAULTS_DRYRUN:-}" ] || exit 0
start=$SECONDS
xargs -P "$jobs" -L 1 bash -c 'run_one "$@"' _ <"$OUT/jobs" >"$OUT/verdicts"

# ---- 3. the report ------------------------------------------------------------
sort -k1,1 -k2,2 "$OUT/verdicts" | awk -v scen="$SCENARIOS" '
	{ k = $1 SUBSEP $2; if (!(k in runs)) order[$1] = order[$1] " " $2
	  runs[k]++; cr[k] += $5; si[k] += $6; le[k] += $7; ei[k] += $8
	  T++; C += $5; S += $6; L += $7; E += $8 }
	END {
		n = split(scen, list, /[ \n]+/)
		for (i = 1; i <= n; i++) {
			s = list[i]; if (s == "" || !(s in order)) continue
			printf "\n%s\n  %-18s %10s %8s %8s %9s %6s\n", s, "syscall", "injections", "crashes", "silent", "leftovers", "eintr"
			m = split(order[s], cs, " ")
			for (j = 1; j <= m; j++) { k = s SUBSEP cs[j]
				printf "  %-18s %10d %8d %8d %9d %6d\n", cs[j], runs[k], cr[k], si[k], le[k], ei[k] }
		}
		printf "\n%d injections, %d crashes, %d silent failures, %d leftovers, %d EINTR not retried\n", T, C, S, L, E
		exit (C + S + L + E > 0)
	}'
status=$?
echo "($((SECONDS - start)) s of injections; details: $OUT/faults.log)"
if [ $broken -gt 0 ]; then
	echo "check-faults: $broken scenario baseline(s) failed"
	status=1
fi
exit $status
