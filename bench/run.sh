#!/usr/bin/env bash
# bench/run.sh - side-by-side benchmarks: the anchor tool, ours, and a floor
# program that makes only the system calls the job needs. Each round runs
# the three in rotating order; we report medians of wall time (fork to
# wait, exec of the final /bin/true included), the median of the per-round
# ratios, system calls of one run (strace -f -c, the exec'd program
# included) and the peak RSS of the whole process tree.
#
#   make bench                 (BENCH_ROUNDS=N to change the 21 rounds)
#   bench/run.sh [JOB-NAME-SUBSTRING]
#
# Run from the build directory, as root. Nothing of the machine changes: the
# namespaces made die with each run; the long-lived target for the nsenter
# job is killed at the end.
set -euo pipefail

ROUNDS=${BENCH_ROUNDS:-21}
# The environment of every run: a UTF-8 locale, as in reference/performance.md
# (util-linux loads it; a real shell has one), and a short PATH.
RUNENV=(env -i LANG=C.UTF-8 PATH=/usr/bin:/bin)
BUILD=${BENCH_BUILDDIR:-.}
OUT=${BENCH_OUT:-$BUILD/bench/results-latest.txt}
FILTER=${1:-}
TRUE=/bin/true
XUNSHARE=${XUNSHARE:-$BUILD/xunshare}
XNSENTER=${XNSENTER:-$BUILD/xnsenter}
UNSHARE=${UNSHARE:-$(command -v unshare)}
NSENTER=${NSENTER:-$(command -v nsenter)}
FLOOR=$BUILD/bench/floor
RUNTIME=$BUILD/bench/runtime

[ "$(id -u)" = 0 ] || { echo "bench: run as root" >&2; exit 1; }
for p in "$XUNSHARE" "$FLOOR" "$RUNTIME"; do
	[ -x "$p" ] || { echo "bench: $p missing (make bench builds it)" >&2; exit 1; }
done

# The long-lived target of the nsenter job, as the issue names it.
TARGET_PARENT= TARGET=
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
	[ -n "$TARGET" ] && kill -KILL "$TARGET" 2>/dev/null || true
	[ -n "$TARGET_PARENT" ] && wait "$TARGET_PARENT" 2>/dev/null || true
}
trap stop_target EXIT

# name | anchor | ours | floor | ours/anchor target | ours/floor target | max syscalls
jobs() {
	cat <<JOBS
unshare -U -r true|$UNSHARE -U -r $TRUE|$XUNSHARE -U -r $TRUE|$FLOOR userns-root $TRUE|0.80|1.15|70
unshare -m true|$UNSHARE -m $TRUE|$XUNSHARE -m $TRUE|$FLOOR mount $TRUE|0.80|1.15|70
unshare -n true|$UNSHARE -n $TRUE|$XUNSHARE -n $TRUE|$FLOOR net $TRUE|0.80|1.15|70
unshare -p -f --mount-proc true|$UNSHARE -p -f --mount-proc $TRUE|$XUNSHARE -p -f --mount-proc $TRUE|$FLOOR pidproc $TRUE|0.80|1.15|70
unshare -UCimnpuT -r -f true|$UNSHARE -UCimnpuT -r -f $TRUE|$XUNSHARE -UCimnpuT -r -f $TRUE|$FLOOR all $TRUE|0.80|1.15|70
JOBS
	if [ -x "$XNSENTER" ] && [ -n "$NSENTER" ]; then
		echo "nsenter -t PID -a true|$NSENTER -t $TARGET -a $TRUE|$XNSENTER -t $TARGET -a $TRUE|$FLOOR enter $TARGET $TRUE|0.70|1.15|70"
	fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

syscalls() {
	local f
	f=$(mktemp)
	"${RUNENV[@]}" strace -f -c -o "$f" $1 >/dev/null 2>&1 || true
	awk '$NF == "total" { print ($5 ~ /^[0-9]+$/ && NF == 6) ? $4 : $4 }' "$f"
	rm -f "$f"
}

start_target
{
	printf '# %s, kernel %s, %s rounds, %s, %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(uname -r)" \
		"$ROUNDS" "$("$UNSHARE" --version)" "${RUNENV[*]}"
	printf '%-34s %9s %9s %9s %9s %9s %17s %19s  %s\n' job anchor_ms ours_ms floor_ms \
		ours/anch ours/floor "syscalls o/a/f" "peakRSS_KiB o/a/f" verdict
} | tee "$OUT"

while IFS='|' read -r name anchor ours floor t_anchor t_floor t_sys; do
	[ -z "$FILTER" ] || [[ $name == *"$FILTER"* ]] || continue
	ta=() to=() tf=() ra=() rf=() rss_a=0 rss_o=0 rss_f=0
	for r in $(seq "$ROUNDS"); do
		# rotate the order, so that no tool always runs first
		order=("a o f" "o f a" "f a o")
		for which in ${order[$((r % 3))]}; do
			case $which in a) cmd=$anchor ;; o) cmd=$ours ;; f) cmd=$floor ;; esac
			read -r ns rss st < <("${RUNENV[@]}" "$RUNTIME" $cmd)
			[ "$st" = 0 ] || { echo "bench: '$cmd' exited $st" >&2; exit 1; }
			case $which in
			a) ta+=("$ns"); ((rss > rss_a)) && rss_a=$rss ;;
			o) to+=("$ns"); ((rss > rss_o)) && rss_o=$rss ;;
			f) tf+=("$ns"); ((rss > rss_f)) && rss_f=$rss ;;
			esac
		done
		ra+=("$(awk -v o="${to[-1]}" -v a="${ta[-1]}" 'BEGIN { print o / a }')")
		rf+=("$(awk -v o="${to[-1]}" -v f="${tf[-1]}" 'BEGIN { print o / f }')")
	done
	ma=$(printf '%s\n' "${ta[@]}" | median) mo=$(printf '%s\n' "${to[@]}" | median)
	mf=$(printf '%s\n' "${tf[@]}" | median)
	rat_a=$(printf '%s\n' "${ra[@]}" | median) rat_f=$(printf '%s\n' "${rf[@]}" | median)
	sa=$(syscalls "$anchor") so=$(syscalls "$ours") sf=$(syscalls "$floor")
	verdict=$(awk -v a="$rat_a" -v f="$rat_f" -v s="$so" -v ta="$t_anchor" -v tf="$t_floor" \
		-v ts="$t_sys" -v rss="$rss_o" 'BEGIN {
		v = (a <= ta ? "PASS" : "MISS") " ratio<=" ta "; "
		v = v (f <= tf ? "PASS" : "MISS") " floor<=" tf "; "
		v = v (s <= ts ? "PASS" : "MISS") " syscalls<=" ts "; "
		v = v (rss <= 1126 ? "PASS" : "MISS") " rss<=1.1MiB"
		print v }')
	printf '%-34s %9.3f %9.3f %9.3f %9.3f %9.3f %17s %19s  %s\n' "$name" \
		"$(awk -v x="$ma" 'BEGIN { print x / 1e6 }')" "$(awk -v x="$mo" 'BEGIN { print x / 1e6 }')" \
		"$(awk -v x="$mf" 'BEGIN { print x / 1e6 }')" "$rat_a" "$rat_f" "$so/$sa/$sf" \
		"$rss_o/$rss_a/$rss_f" "$verdict" | tee -a "$OUT"
done < <(jobs)
echo "results saved to $OUT"
