#!/usr/bin/env bash
# shellcheck disable=SC2086 # word splitting of commands is wanted
# bench/run.sh - side-by-side benchmarks: the anchor tool, ours, and a floor
# program that makes only the system calls the job needs (doc/testing.md,
# "Benchmarks", says why). Each round runs the three in rotating order; we
# report medians of wall time (fork to wait, exec of the final /bin/true
# included), the median of the per-round ratios, the same ratios of CPU time
# (user + system of the whole tree: less disturbed by other load on the
# machine), system calls of one run (strace -f -c, the exec'd program
# included) and the peak RSS of the whole process tree.
#
# The `ip netns` jobs (names start with "ip ") run in a private mount
# namespace with a tmpfs on /run/netns, and in a network namespace of their
# own (its nsids are the bench's alone): this script re-executes itself under
# `unshare -m -n`, so the machine's /run/netns is never touched. Each job first
# makes its names (p0, p1...; with nsids for the "with nsids" jobs) with
# bench/floor-netns, and each round adds or deletes the name "x" outside the
# timed part, so every round sees the same state.
#
#   make bench                      21 rounds (BENCH_ROUNDS=N to change)
#   make bench BENCH_ARGS=--quick   3 rounds: a smoke run
#   bench/run.sh [--quick] [--rounds N] [JOB-NAME-SUBSTRING...]
#   bench/run.sh --quick netns      the ip netns jobs only
#
# Run from the build directory, as root (make bench does both). Environment:
# XUNSHARE, XNSENTER, XNETNS (ours; default ./xunshare, ./xnsenter,
# ./xnetns), UNSHARE, NSENTER, IP (anchors; default from PATH), BENCH_ROUNDS,
# BENCH_OUT (default bench/results-latest.txt in the build directory).
# Nothing of the machine changes: the namespaces made die with each run or
# job; the long-lived target of the nsenter job is killed at the end. Targets
# missed do not fail the run; a target of "-" in the job table is none (the
# figures are reported only).
set -euo pipefail
set -f # commands of the job table are split on blanks, never globbed

usage() {
	sed -n '/^#   make bench/,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p;}' "$0"
	exit "${1:-0}"
}

ROUNDS=${BENCH_ROUNDS:-21}
FILTERS=()
# Set (to a file for the PASS/MISS counts) when this is the re-executed run
# of the ip netns jobs, inside its private mount namespace.
NETNS_INNER=${BENCH_NETNS_INNER:-}
while [ $# -gt 0 ]; do
	case $1 in
	--quick) ROUNDS=3 ;;
	--rounds) [ $# -ge 2 ] || usage 1; ROUNDS=$2; shift ;;
	--rounds=*) ROUNDS=${1#*=} ;;
	-h | --help) usage 0 ;;
	-*) echo "bench: unknown option $1" >&2; usage 1 >&2 ;;
	*) FILTERS+=("$1") ;;
	esac
	shift
done
case $ROUNDS in '' | *[!0-9]* | 0) echo "bench: bad number of rounds: $ROUNDS" >&2; exit 1 ;; esac

# The environment of every run: a UTF-8 locale (util-linux loads it, and a
# real interactive shell has one, so leaving it out would flatter the
# anchors), and a short PATH.
RUNENV=(env -i LANG=C.UTF-8 PATH=/usr/bin:/bin)
BUILD=${BENCH_BUILDDIR:-.}
OUT=${BENCH_OUT:-$BUILD/bench/results-latest.txt}
TRUE=/bin/true
XUNSHARE=${XUNSHARE:-$BUILD/xunshare}
XNSENTER=${XNSENTER:-$BUILD/xnsenter}
XNETNS=${XNETNS:-$BUILD/xnetns}
UNSHARE=${UNSHARE:-$(command -v unshare || echo /usr/bin/unshare)}
NSENTER=${NSENTER:-$(command -v nsenter || true)}
IP=${IP:-$(PATH=$PATH:/usr/sbin:/sbin command -v ip || true)}
FLOOR=$BUILD/bench/floor
FLOOR_NETNS=$BUILD/bench/floor-netns
RUNTIME=$BUILD/bench/runtime
RSS_KIB=1126 # "peak RSS <= 1.1 MB", read as 1.1 MiB

[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 1; }
for p in "$XUNSHARE" "$UNSHARE" "$FLOOR" "$RUNTIME"; do
	[ -x "$p" ] || { echo "bench: $p missing (make bench builds ./xunshare and bench/*)" >&2; exit 1; }
done
command -v strace >/dev/null || echo "bench: strace not found: no system call counts" >&2

# The long-lived target of the nsenter job, as the issue names it.
TARGET_PARENT='' TARGET=''
start_target() {
	# (util-linux 2.38 complains when its child is killed by SIGKILL: quiet)
	"$UNSHARE" -Ufirmnpu -r --fork sleep 100000 2>/dev/null &
	TARGET_PARENT=$!
	for _ in $(seq 100); do
		TARGET=$(ps -o pid= --ppid "$TARGET_PARENT" | tr -d ' ')
		[ -n "$TARGET" ] && return 0
		sleep 0.02
	done
	echo "bench: no target" >&2
	exit 1
}
stop_target() {
	if [ -n "$TARGET" ]; then kill -KILL "$TARGET" 2>/dev/null || true; fi
	if [ -n "$TARGET_PARENT" ]; then wait "$TARGET_PARENT" 2>/dev/null || true; fi
	TARGET_PARENT='' TARGET=''
}
trap stop_target EXIT

# The job table, one line per job:
#   name|anchor command|our command|floor command|max ours/anchor|max ours/floor|max syscalls|max RSS KiB
# and for the ip netns jobs four more fields:
#   |names made before the job ("N" or "N ids")|command before each timed run|command after it|out
# where "out" asks for a check that ours prints what the anchor prints (a
# fast `list` that leaves ids out is no gain): a MISS when it does not.
# Commands are split on blanks (no quoting); "-" is no target or no command.
# To add a job, add a line (and a mode to bench/floor.c or
# bench/floor-netns.c); a job for a tool that is not built is skipped.
jobs() {
	local u=$UNSHARE x=$XUNSHARE f=$FLOOR t=$TRUE
	cat <<JOBS
unshare -U -r true|$u -U -r $t|$x -U -r $t|$f userns-root $t|0.80|1.15|70|$RSS_KIB
unshare -m true|$u -m $t|$x -m $t|$f mount $t|0.80|1.15|70|$RSS_KIB
unshare -n true|$u -n $t|$x -n $t|$f net $t|0.80|1.15|70|$RSS_KIB
unshare -p -f --mount-proc true|$u -p -f --mount-proc $t|$x -p -f --mount-proc $t|$f pidproc $t|0.80|1.15|70|$RSS_KIB
unshare -UCimnpuT -r -f true|$u -UCimnpuT -r -f $t|$x -UCimnpuT -r -f $t|$f all $t|0.80|1.15|70|$RSS_KIB
JOBS
	if [ -x "$XNSENTER" ] && [ -n "$NSENTER" ] && [ -n "$TARGET" ]; then
		echo "nsenter -t PID -a true|$NSENTER -t $TARGET -a $t|$XNSENTER -t $TARGET -a $t|$f enter $TARGET $t|0.70|1.15|70|$RSS_KIB"
	fi
}

# The ip netns jobs (run by the re-executed script, see netns_run). Names p0...
# are made before the job; "x" is the name added or deleted in each round.
# The kernel frees deleted namespaces later, in a worker (~0.1 s for the
# batch's 200): the batch job waits for that after each run, so that it does
# not slow down the next one.
BATCH_DIR=''
netns_jobs() {
	local i=$IP x=$XNETNS f=$FLOOR_NETNS bi=${BATCH_DIR:-.}/ip.batch bx=${BATCH_DIR:-.}/xnetns.batch
	cat <<JOBS
ip netns add x, 200 present|$i netns add x|$x add x|$f add x|0.80|-|-|-|200|-|$f delete x
ip netns add x, 1000 present|$i netns add x|$x add x|$f add x|0.80|-|-|-|1000|-|$f delete x
ip netns delete x, 200 present|$i netns delete x|$x delete x|$f delete x|-|-|-|-|200|$f add x|-
ip netns list, 200|$i netns list|$x list|$f list|0.35|-|-|-|200|-|-|out
ip netns list, 1000|$i netns list|$x list|$f list|0.15|-|-|-|1000|-|-|out
ip netns list, 200 with nsids|$i netns list|$x list|$f list|0.50|-|-|-|200 ids|-|-|out
ip netns list, 1000 with nsids|$i netns list|$x list|$f list|0.50|-|-|-|1000 ids|-|-|out
ip -b: 200 netns add, list, del|$i -b $bi|$x -b $bx|$f batch $bx|0.80|-|-|-|0|-|sleep 0.2|out
JOBS
}

# ---- the xnetns link jobs (issue 5) -----------------------------------------
# Run with the ip netns jobs, in the same private mount + net namespace. The
# hub is a name of the job's setup: p200 for the veth batch (peers in
# p0..p199), p0 for the others. Each round starts with what the job needs
# and ends with the hub emptied again (bench/floor-netns veth-clean: one
# grouped delete, untimed). The delete job's pre-hook makes d0..d99 (with
# peers e0..e99); the one-shot job is a shell loop of 200 processes, the
# same loop for the three (bench/floor-netns link-add for the floor).
link_jobs() {
	local i=$IP x=$XNETNS f=$FLOOR_NETNS d=${BATCH_DIR:-.}
	cat <<JOBS
ip -b: 200 veth, peers in 200 netns|$i -n p200 -b $d/veth.batch|$x -n p200 -b $d/veth.batch|$f veth-peers p200 200|0.75|-|-|-|201|-|$f veth-clean p200|-
ip -b: 100 link del|$i -n p0 -b $d/del.batch|$x -n p0 -b $d/del.batch|$f veth-del-group p0 100|0.10|-|-|-|1|$f veth-add p0 100|$f veth-clean p0|-
200 one-shot link add (loop)|sh $d/loop-ip.sh|sh $d/loop-xnetns.sh|sh $d/loop-floor.sh|0.60|-|-|-|1|-|$f veth-clean p0|-
JOBS
}

# The batch files and loops of link_jobs, in BATCH_DIR.
link_files() {
	local n cmd
	for n in $(seq 0 199); do echo "link add v$n type veth peer name v$n netns p$n"; done >"$BATCH_DIR/veth.batch"
	for n in $(seq 0 99); do echo "link del d$n"; done >"$BATCH_DIR/del.batch"
	for n in ip xnetns floor; do
		case $n in
		ip) cmd="$IP -n p0 link add l\$i type veth peer name m\$i" ;;
		xnetns) cmd="$XNETNS -n p0 link add l\$i type veth peer name m\$i" ;;
		floor) cmd="$FLOOR_NETNS link-add p0 l\$i" ;;
		esac
		# $i is for the generated script, not for us
		# shellcheck disable=SC2016
		printf 'i=0\nwhile [ $i -lt 200 ]; do\n\t%s || exit 1\n\ti=$((i + 1))\ndone\n' "$cmd" >"$BATCH_DIR/loop-$n.sh"
	done
}

selected() {
	local f
	[ ${#FILTERS[@]} -eq 0 ] && return 0
	for f in "${FILTERS[@]}"; do [[ $1 == *"$f"* ]] && return 0; done
	return 1
}

# The untimed command before or after a timed run ("-": none).
hook() {
	[ -z "$1" ] || [ "$1" = - ] || $1 >/dev/null </dev/null
}

# What a command prints (a checksum), between its hooks.
output() {
	hook "$2"
	"${RUNENV[@]}" $1 </dev/null 2>/dev/null | md5sum
	hook "$3"
}

# "1" when ours prints what the anchor prints, "0" when not; "" unasked.
same_output() {
	local a o f
	[ "$4" = out ] || return 0
	a=$(output "$1" "$5" "$6") o=$(output "$2" "$5" "$6") f=$(output "$3" "$5" "$6")
	[ "$a" = "$f" ] || echo "bench: the floor does not print what the anchor prints: $3" >&2
	if [ "$a" = "$o" ]; then echo 1; else echo 0; fi
}

# System calls of one whole run (every process, the exec'd program included).
syscalls() {
	local f n
	command -v strace >/dev/null || { echo -; return; }
	f=$(mktemp)
	hook "$2"
	"${RUNENV[@]}" strace -f -c -o "$f" $1 >/dev/null 2>&1 </dev/null || true
	hook "$3"
	# "100.00 0.000123 2 52 [errors] total": the calls are field 4
	n=$(awk '$NF == "total" { print $4 }' "$f")
	rm -f "$f"
	echo "${n:--}"
}

# Run one command under the timer: "WALL_NS MAXRSS_KIB STATUS CPU_NS".
timed() {
	local line
	line=$("${RUNENV[@]}" "$RUNTIME" $1 </dev/null)
	local cmd=$1
	set -- $line
	[ "${3:-}" = 0 ] || { echo "bench: '$cmd' exited ${3:-?}" >&2; exit 1; }
	echo "$line"
}

load() { cut -d' ' -f1 /proc/loadavg; }
linkage() {
	if ! command -v readelf >/dev/null; then echo "?"
	elif readelf -l "$1" 2>/dev/null | grep -q INTERP; then echo dynamic
	else echo static
	fi
}

# Run the jobs of a table (read on fd 3: the timed commands get /dev/null
# as stdin), print one line each, add to pass/miss; MEDIANS[name] gets
# "ours_ms ours_cpu_ms ours_syscalls anchor_ms anchor_syscalls floor_ms".
pass=0 miss=0
declare -A MEDIANS=()
run_jobs() {
	local name anchor ours floor t_anchor t_floor t_sys t_rss setup pre post check
	local cmd r which sa so sf same line tail counts
	while IFS='|' read -r -u 3 name anchor ours floor t_anchor t_floor t_sys t_rss setup pre post check; do
		selected "$name" || continue
		[ -z "$setup" ] || netns_setup $setup
		same=$(same_output "$anchor" "$ours" "$floor" "$check" "$pre" "$post")
		# one untimed run of each: checks the command works, warms the caches
		for cmd in "$anchor" "$ours" "$floor"; do
			hook "$pre"; timed "$cmd" >/dev/null; hook "$post"
		done
		rounds=()
		for r in $(seq "$ROUNDS"); do
			# rotate the order, so that no tool always runs first
			order=("a o f" "o f a" "f a o")
			declare -A res=()
			for which in ${order[$((r % 3))]}; do
				case $which in a) cmd=$anchor ;; o) cmd=$ours ;; f) cmd=$floor ;; esac
				hook "$pre"
				res[$which]=$(timed "$cmd")
				hook "$post"
			done
			# one line per round: the three "WALL RSS STATUS CPU" groups in a, o, f order
			rounds+=("${res[a]} ${res[o]} ${res[f]}")
			unset res
		done
		sa=$(syscalls "$anchor" "$pre" "$post")
		so=$(syscalls "$ours" "$pre" "$post")
		sf=$(syscalls "$floor" "$pre" "$post")
		[ -z "$setup" ] || "$FLOOR_NETNS" clean
		line=$(printf '%s\n' "${rounds[@]}" | awk -v name="$name" -v ta="$t_anchor" -v tf="$t_floor" \
			-v ts="$t_sys" -v tr="$t_rss" -v sa="$sa" -v so="$so" -v sf="$sf" -v same="$same" '
			function median(v, n,   i, j, t) {
				for (i = 2; i <= n; i++)	# insertion sort: n is small
					for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
				return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
			}
			function verdict(ok, what) { if (ok) pass++; else miss++; return (ok ? "PASS " : "MISS ") what }
			function target(t) { return t != "" && t != "-" }
			function put(s) { v = v (v == "" ? "" : "; ") s }
			{
				n++
				wa[n] = $1; wo[n] = $5; wf[n] = $9
				ca[n] = $4; co[n] = $8; cf[n] = $12
				roa[n] = $5 / $1; rof[n] = $5 / $9
				coa[n] = $8 / ($4 ? $4 : 1); cof[n] = $8 / ($12 ? $12 : 1)
				if ($2 > ra) ra = $2; if ($6 > ro) ro = $6; if ($10 > rf) rf = $10
			}
			END {
				oa = median(roa, n); of = median(rof, n)
				if (target(ta)) put(verdict(oa <= ta, "o/a<=" ta))
				if (target(tf)) put(verdict(of <= tf, "o/f<=" tf))
				if (target(ts)) put(so == "-" ? "SKIP syscalls" : verdict(so <= ts, "syscalls<=" ts))
				if (target(tr)) put(verdict(ro <= tr, "RSS<=" tr))
				if (same != "") put(verdict(same, "output as anchor"))
				if (v == "") v = "(no target)"
				printf "%-32s %9.3f %9.3f %9.3f %6.3f %6.3f %7.3f %7.3f %15s %16s  %s", name,
					median(wa, n) / 1e6, median(wo, n) / 1e6, median(wf, n) / 1e6, oa, of,
					median(coa, n), median(cof, n), so "/" sa "/" sf, ro "/" ra "/" rf, v
				printf "\t%d %d %.3f %.3f %s %.3f %s %.3f\n", pass, miss, median(wo, n) / 1e6,
					median(co, n) / 1e6, so, median(wa, n) / 1e6, sa, median(wf, n) / 1e6
			}')
		tail=${line##*$'\t'} # after the tab: "PASSES MISSES" and the medians
		counts=${tail%% *} && tail=${tail#* }
		pass=$((pass + counts)) && counts=${tail%% *} && tail=${tail#* }
		miss=$((miss + counts))
		MEDIANS[$name]=$tail
		printf '%s\n' "${line%$'\t'*}" | tee -a "$OUT"
	done 3< <("$@")
}

# ---- the ip netns jobs ------------------------------------------------------

# Any ip netns job selected, and the tools there?
netns_wanted() {
	local name rest
	while IFS='|' read -r name rest; do
		selected "$name" && break
	done < <(netns_jobs; link_jobs)
	[ -n "$rest" ] || return 1
	for p in "$XNETNS" "$IP" "$FLOOR_NETNS"; do
		[ -n "$p" ] && [ -x "$p" ] && continue
		echo "bench: ${p:-ip} missing: ip netns jobs skipped (make bench builds ./xnetns and bench/*)" >&2
		return 1
	done
}

# The names of a job: N names p0..p(N-1) ("N"), with nsids ("N ids"). The
# first `ip netns add` makes /run/netns a shared mount: so does this.
netns_setup() {
	"$FLOOR_NETNS" clean
	mount -n --make-shared /run/netns
	[ "$1" -eq 0 ] || "$FLOOR_NETNS" add $(seq -f 'p%.0f' 0 $(($1 - 1)))
	[ "${2:-}" != ids ] || "$FLOOR_NETNS" set-auto
}

# In the private mount namespace: a tmpfs on /run/netns (on /run first if
# /run/netns does not exist: mkdir on the real /run would change the
# machine), the batch files, the jobs, the add O(1) line.
netns_inner() {
	local a b add200='ip netns add x, 200 present' add1000='ip netns add x, 1000 present'
	[ "$(findmnt -no PROPAGATION /)" = private ] || { echo "bench: not in a private mount namespace" >&2; exit 1; }
	if [ ! -d /run/netns ]; then
		mount -n -t tmpfs -o mode=0755,size=1m bench-run /run
		mkdir /run/netns
	fi
	mount -n -t tmpfs -o mode=0755,size=1m bench-netns /run/netns
	BATCH_DIR=$(mktemp -d)
	trap 'rm -rf "$BATCH_DIR"' EXIT
	{
		for i in $(seq 0 199); do echo "netns add ns$i"; done
		echo "netns list"
		for i in $(seq 0 199); do echo "netns delete ns$i"; done
	} >"$BATCH_DIR/ip.batch"
	sed 's/^netns //' "$BATCH_DIR/ip.batch" >"$BATCH_DIR/xnetns.batch"
	printf '# ip netns jobs: private mount namespace, tmpfs on /run/netns; %s; ours: %s (%s)\n' \
		"$("$IP" -V)" "$XNETNS" "$(linkage "$XNETNS")" | tee -a "$OUT"
	run_jobs netns_jobs
	link_files
	run_jobs link_jobs
	"$FLOOR_NETNS" clean
	# add must not depend on the number of names: same system calls, same time
	if [ -n "${MEDIANS[$add200]:-}" ] && [ -n "${MEDIANS[$add1000]:-}" ]; then
		a=${MEDIANS[$add200]} b=${MEDIANS[$add1000]}
		line=$(awk -v a="$a" -v b="$b" 'BEGIN {
			split(a, x, " "); split(b, y, " ")
			ok = x[3] == y[3] && y[1] / x[1] <= 1.20
			printf "%s add O(1): ours %.3f ms with 200 names, %.3f with 1000 (x%.2f, cpu x%.2f), syscalls %s/%s;",
				ok ? "PASS" : "MISS", x[1], y[1], y[1] / x[1], y[2] / (x[2] ? x[2] : 1), x[3], y[3]
			printf " ip x%.2f, syscalls %s/%s; floor x%.2f (PASS: same syscalls, x1.20 at most)\t%d\n",
				y[4] / x[4], x[5], y[5], y[6] / x[6], ok }')
		if [ "${line##*$'\t'}" = 1 ]; then pass=$((pass + 1)); else miss=$((miss + 1)); fi
		printf '# %s\n' "${line%$'\t'*}" | tee -a "$OUT"
	fi
	echo "$pass $miss" >"$NETNS_INNER"
}

# Re-execute this script for the ip netns jobs in a private mount namespace
# and a new network namespace: nsids that other work on the machine makes in
# the initial one (veth peers...) would change what `list` has to ask.
netns_run() {
	local counts
	counts=$(mktemp)
	# shellcheck disable=SC2097,SC2098 # BENCH_OUT: the inner run appends to our file
	BENCH_NETNS_INNER=$counts BENCH_OUT=$OUT BENCH_BUILDDIR=$BUILD XNETNS=$XNETNS IP=$IP \
		unshare -m -n --propagation private bash "$0" --rounds "$ROUNDS" "${FILTERS[@]}" ||
		echo "bench: the ip netns jobs failed" >&2
	read -r p m <"$counts" || p=0 m=1
	rm -f "$counts"
	pass=$((pass + p)) miss=$((miss + m))
}

if [ -n "$NETNS_INNER" ]; then
	netns_inner
	exit 0
fi

# ---- the mount propagation jobs (xmountprop) ----------------------------------
#
# `mount --make-*` against `xmountprop` and `floor setprop` (one
# mount_setattr), on one mount and recursively over a tree of 1000 mounts.
# They run in a private mount namespace (this script re-executes itself under
# `unshare -m --propagation private`, as for the ip netns jobs), on a tmpfs
# tree of the bench's own mounted on an empty directory: no mount of the
# machine is touched. Every round sets what is already set (private), so
# every round sees the same state. MOUNT, XMOUNTPROP: the anchor and ours.
MOUNT=${MOUNT:-$(command -v mount || echo /usr/bin/mount)}
XMOUNTPROP=${XMOUNTPROP:-$BUILD/xmountprop}
# Set (to a file for the PASS/MISS counts) in the re-executed run, and the
# directory its tree is mounted on.
MOUNT_INNER=${BENCH_MOUNT_INNER:-}
MOUNT_DIR=${BENCH_MOUNT_DIR:-}

mount_jobs() {
	local m=$MOUNT x=$XMOUNTPROP f=$FLOOR d=$MOUNT_DIR
	cat <<JOBS
mount --make-private, one mount|$m --make-private $d/one|$x --make-private $d/one|$f setprop private $d/one|0.55|1.15|-|-
mount --make-rprivate, 1000 mnts|$m --make-rprivate $d/tree|$x -r private $d/tree|$f setprop rprivate $d/tree|0.55|1.15|-|-
JOBS
}

mount_wanted() {
	local name rest
	while IFS='|' read -r name rest; do
		selected "$name" && break
	done < <(mount_jobs)
	[ -n "$rest" ] || return 1
	for p in "$XMOUNTPROP" "$MOUNT"; do
		[ -x "$p" ] && continue
		echo "bench: $p missing: mount jobs skipped (make bench builds ./xmountprop)" >&2
		return 1
	done
}

# In the private mount namespace: the tree (a tmpfs, "one" and "tree" on it,
# 999 mounts below "tree"), then the jobs.
mount_inner() {
	[ "$(findmnt -no PROPAGATION /)" = private ] || { echo "bench: not in a private mount namespace" >&2; exit 1; }
	mount -n -t tmpfs -o mode=0755,size=1m bench-mount "$MOUNT_DIR"
	mkdir "$MOUNT_DIR/one" "$MOUNT_DIR/tree"
	mount -n -t tmpfs -o size=16k bench-one "$MOUNT_DIR/one"
	mount -n -t tmpfs -o size=1m bench-tree "$MOUNT_DIR/tree"
	"$FLOOR" mounttree "$MOUNT_DIR/tree" 999
	printf '# mount jobs: private mount namespace, %s mounts under %s; %s; ours: %s (%s)\n' \
		"$(grep -c " $MOUNT_DIR/tree" /proc/self/mountinfo)" "$MOUNT_DIR/tree" \
		"$("$MOUNT" --version)" "$XMOUNTPROP" "$(linkage "$XMOUNTPROP")" | tee -a "$OUT"
	run_jobs mount_jobs
	echo "$pass $miss" >"$MOUNT_INNER"
}

mount_run() {
	local counts dir p m
	counts=$(mktemp)
	dir=$(mktemp -d)
	# shellcheck disable=SC2097,SC2098 # BENCH_OUT: the inner run appends to our file
	BENCH_MOUNT_INNER=$counts BENCH_MOUNT_DIR=$dir BENCH_OUT=$OUT BENCH_BUILDDIR=$BUILD \
		XMOUNTPROP=$XMOUNTPROP MOUNT=$MOUNT \
		unshare -m --propagation private bash "$0" --rounds "$ROUNDS" "${FILTERS[@]}" ||
		echo "bench: the mount jobs failed" >&2
	read -r p m <"$counts" || p=0 m=1
	rm -f "$counts"
	rmdir "$dir"
	pass=$((pass + p)) miss=$((miss + m))
}

if [ -n "$MOUNT_INNER" ]; then
	mount_inner
	exit 0
fi
# ---- end of the mount propagation jobs -----------------------------------------

mkdir -p "$(dirname "$OUT")"
load0=$(load)
if [ ${#FILTERS[@]} -eq 0 ] || selected nsenter; then start_target; fi
{
	printf '# %s, kernel %s, %s CPUs, %s rounds, load %s; %s; ours: %s (%s); %s\n' \
		"$(date -u +%Y-%m-%dT%H:%MZ)" "$(uname -r)" "$(nproc)" "$ROUNDS" "$load0" \
		"$("$UNSHARE" --version)" "$XUNSHARE" "$(linkage "$XUNSHARE")" "${RUNENV[*]}"
	printf '# ms: median wall time, fork to wait; o/a, o/f: median of per-round ratios ours/anchor, ours/floor\n'
	printf '# cpu o/a, cpu o/f: the same for user+system CPU time; syscalls: strace -f -c, one run; RSS: max ru_maxrss\n'
	printf '%-32s %9s %9s %9s %6s %6s %7s %7s %15s %16s  %s\n' job anchor_ms ours_ms floor_ms \
		o/a o/f "cpu o/a" "cpu o/f" "syscalls o/a/f" "RSS KiB o/a/f" verdict
} | tee "$OUT"

run_jobs jobs
stop_target
if netns_wanted; then netns_run; fi
if mount_wanted; then mount_run; fi
load1=$(load)
{
	printf '# targets: %d PASS, %d MISS; load average %s at start, %s at end' "$pass" "$miss" "$load0" "$load1"
	if awk -v a="$load0" -v b="$load1" -v c="$(nproc)" 'BEGIN { exit !(a > c / 4 || b > c / 4) }'; then
		printf ' (other work was running: wall times are noisy, compare the cpu ratios)'
	fi
	printf '\n'
} | tee -a "$OUT"
echo "results saved to $OUT"
