#!/usr/bin/env bash
# shellcheck disable=SC2086 # word splitting of commands is wanted
# bench/run.sh - side-by-side benchmarks: the anchor tool, ours, and a floor
# program that makes only the system calls the job needs
# (reference/performance.md). Each round runs the three in rotating order;
# we report medians of wall time (fork to wait, exec of the final /bin/true
# included), the median of the per-round ratios, the same ratios of CPU time
# (user + system of the whole tree: less disturbed by other load on the
# machine), system calls of one run (strace -f -c, the exec'd program
# included) and the peak RSS of the whole process tree.
#
#   make bench                      21 rounds (BENCH_ROUNDS=N to change)
#   make bench BENCH_ARGS=--quick   3 rounds: a smoke run
#   bench/run.sh [--quick] [--rounds N] [JOB-NAME-SUBSTRING...]
#
# Run from the build directory, as root (make bench does both). Environment:
# XUNSHARE, XNSENTER (ours; default ./xunshare, ./xnsenter), UNSHARE, NSENTER
# (anchors; default from PATH), BENCH_ROUNDS, BENCH_OUT (default
# bench/results-latest.txt in the build directory). Nothing of the machine
# changes: the namespaces made die with each run; the long-lived target of
# the nsenter job is killed at the end. Targets missed do not fail the run.
set -euo pipefail
set -f # commands of the job table are split on blanks, never globbed

usage() {
	sed -n '/^#   make bench/,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p;}' "$0"
	exit "${1:-0}"
}

ROUNDS=${BENCH_ROUNDS:-21}
FILTERS=()
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

# The environment of every run: a UTF-8 locale, as in reference/performance.md
# (util-linux loads it; a real shell has one), and a short PATH.
RUNENV=(env -i LANG=C.UTF-8 PATH=/usr/bin:/bin)
BUILD=${BENCH_BUILDDIR:-.}
OUT=${BENCH_OUT:-$BUILD/bench/results-latest.txt}
TRUE=/bin/true
XUNSHARE=${XUNSHARE:-$BUILD/xunshare}
XNSENTER=${XNSENTER:-$BUILD/xnsenter}
UNSHARE=${UNSHARE:-$(command -v unshare || echo /usr/bin/unshare)}
NSENTER=${NSENTER:-$(command -v nsenter || true)}
FLOOR=$BUILD/bench/floor
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
# Commands are split on blanks (no quoting). To add a job, add a line (and a
# mode to bench/floor.c); a job for a tool that is not built is skipped.
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

selected() {
	local f
	[ ${#FILTERS[@]} -eq 0 ] && return 0
	for f in "${FILTERS[@]}"; do [[ $1 == *"$f"* ]] && return 0; done
	return 1
}

# System calls of one whole run (every process, the exec'd program included).
syscalls() {
	local f n
	command -v strace >/dev/null || { echo -; return; }
	f=$(mktemp)
	"${RUNENV[@]}" strace -f -c -o "$f" $1 >/dev/null 2>&1 || true
	# "100.00 0.000123 2 52 [errors] total": the calls are field 4
	n=$(awk '$NF == "total" { print $4 }' "$f")
	rm -f "$f"
	echo "${n:--}"
}

# Run one command under the timer: "WALL_NS MAXRSS_KIB STATUS CPU_NS".
timed() {
	local line
	line=$("${RUNENV[@]}" "$RUNTIME" $1)
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

pass=0 miss=0
while IFS='|' read -r name anchor ours floor t_anchor t_floor t_sys t_rss; do
	selected "$name" || continue
	# one untimed run of each: checks the command works, warms the caches
	for cmd in "$anchor" "$ours" "$floor"; do timed "$cmd" >/dev/null; done
	rounds=()
	for r in $(seq "$ROUNDS"); do
		# rotate the order, so that no tool always runs first
		order=("a o f" "o f a" "f a o")
		declare -A res=()
		for which in ${order[$((r % 3))]}; do
			case $which in a) cmd=$anchor ;; o) cmd=$ours ;; f) cmd=$floor ;; esac
			res[$which]=$(timed "$cmd")
		done
		# one line per round: the three "WALL RSS STATUS CPU" groups in a, o, f order
		rounds+=("${res[a]} ${res[o]} ${res[f]}")
		unset res
	done
	sa=$(syscalls "$anchor") so=$(syscalls "$ours") sf=$(syscalls "$floor")
	line=$(printf '%s\n' "${rounds[@]}" | awk -v name="$name" -v ta="$t_anchor" -v tf="$t_floor" \
		-v ts="$t_sys" -v tr="$t_rss" -v sa="$sa" -v so="$so" -v sf="$sf" '
		function median(v, n,   i, j, t) {
			for (i = 2; i <= n; i++)	# insertion sort: n is small
				for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
			return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		}
		function verdict(ok, what) { if (ok) pass++; else miss++; return (ok ? "PASS " : "MISS ") what }
		{
			n++
			wa[n] = $1; wo[n] = $5; wf[n] = $9
			roa[n] = $5 / $1; rof[n] = $5 / $9
			coa[n] = $8 / ($4 ? $4 : 1); cof[n] = $8 / ($12 ? $12 : 1)
			if ($2 > ra) ra = $2; if ($6 > ro) ro = $6; if ($10 > rf) rf = $10
		}
		END {
			oa = median(roa, n); of = median(rof, n)
			v = verdict(oa <= ta, "o/a<=" ta) "; " verdict(of <= tf, "o/f<=" tf) "; "
			v = v (so == "-" ? "SKIP" : verdict(so <= ts, "syscalls<=" ts)) "; " verdict(ro <= tr, "RSS<=" tr)
			printf "%-32s %9.3f %9.3f %9.3f %6.3f %6.3f %7.3f %7.3f %15s %16s  %s\t%d %d\n", name,
				median(wa, n) / 1e6, median(wo, n) / 1e6, median(wf, n) / 1e6, oa, of,
				median(coa, n), median(cof, n), so "/" sa "/" sf, ro "/" ra "/" rf, v, pass, miss
		}')
	counts=${line##*$'\t'} # after the tab: "PASSES MISSES"
	pass=$((pass + ${counts% *})) miss=$((miss + ${counts#* }))
	printf '%s\n' "${line%$'\t'*}" | tee -a "$OUT"
done < <(jobs)
stop_target
load1=$(load)
{
	printf '# targets: %d PASS, %d MISS; load average %s at start, %s at end' "$pass" "$miss" "$load0" "$load1"
	if awk -v a="$load0" -v b="$load1" -v c="$(nproc)" 'BEGIN { exit !(a > c / 4 || b > c / 4) }'; then
		printf ' (other work was running: wall times are noisy, compare the cpu ratios)'
	fi
	printf '\n'
} | tee -a "$OUT"
echo "results saved to $OUT"
