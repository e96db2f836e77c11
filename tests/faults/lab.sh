#!/usr/bin/env bash
# tests/faults/lab.sh - one run of one scenario in a lab of its own.
#
# Called by faults.sh as the first process of a fresh mount, network and pid
# namespace (unshare -m -n -p -f --mount-proc --propagation private), so
# nothing it makes reaches the host: /run is a tmpfs of the lab (a private
# /run/netns), the work directory W is another tmpfs, and every process left
# dies with the lab.
#
#   lab.sh SCENARIO DIR [SYSCALL ERRNO N]
#
# Without SYSCALL: the baseline run. With it: strace makes the N-th call of
# SYSCALL in each traced process fail with ERRNO. Results go to DIR: pre and
# post (the lab's state before and after: see residue), out, err, status,
# trace (strace's log), check (the scenario's verdict on a status 0).
set -u
scen=$1 D=$2 sc=${3:-} errno=${4:-} nth=${5:-}
: "${XT_BUILDDIR:?}" "${XT_SRCDIR:?}"
# shellcheck disable=SC2034 # B and W are the scenarios' (scenarios.sh)
B=$XT_BUILDDIR
export LC_ALL=C

mount -t tmpfs -o mode=0755 xt-run /run || exit 2
mkdir /run/xt-w && mount -t tmpfs -o mode=0755 xt-w /run/xt-w || exit 2
# shellcheck disable=SC2034
W=/run/xt-w
cd /

# shellcheck source=scenarios.sh
# shellcheck source-path=SCRIPTDIR source=scenarios.sh
. "$XT_SRCDIR/tests/faults/scenarios.sh"

# The state a command may leave behind, in words stable across labs: files
# under /run (names in /run/netns, temporary files, work files), mounts with
# their propagation, links, addresses and routes of the lab and of every
# named namespace, and live processes. One line each, tagged, sorted.
# A link's operational state, its qdisc and NO-CARRIER (IFF_RUNNING is the
# operational state too) follow a link's change later (linkwatch), so a
# run may or may not see them: left out.
residue() {
	local f ns
	ps -e -o stat=,args= >"$D/ps.tmp"
	{
		# (/run/mount: libmount's own, made by the util-linux tools of the checks)
		find /run -mindepth 1 -path /run/mount -prune -o -printf 'file %y %p\n'
		awk '{ opt = ""; for (i = 7; $i != "-"; i++) { o = $i; sub(/:[0-9]+$/, "", o); opt = opt " " o }
		       print "mount", $5, opt, $(i + 1) }' /proc/self/mountinfo
		for f in "" /run/netns/*; do
			[ -z "$f" ] || [ -e "$f" ] || continue
			ns=${f:+-n ${f##*/}}
			# shellcheck disable=SC2086
			printf '%s\n' 'link show' 'addr show' 'route show' | ip $ns -o -b - 2>&1 |
				sed -E -e "s|^|net ${f:-lab} |" -e 's/ [0-9]+: / /' -e 's/@if[0-9]+/@if/' \
					-e 's/link-netnsid [0-9]+//' -e 's/ (state|qdisc) [A-Za-z_-]+//g' -e 's/<NO-CARRIER,/</' -e 's/link\/ether [0-9a-f:]+ brd [0-9a-f:]+//' \
					-e 's/\\ +valid_lft.*//' -e '/fe80::/d'
		done
		awk '$1 !~ /^Z/ && $0 !~ /lab\.sh/ && $2 != "ps" { print "process", $0 }' "$D/ps.tmp"
	} 2>&1 | tr -s ' ' | LC_ALL=C sort
	rm -f "$D/ps.tmp"
}

if declare -F "${scen}_setup" >/dev/null; then
	"${scen}_setup" >"$D/setup.log" 2>&1 || { echo "setup failed" >"$D/check"; exit 3; }
fi
CMD=() PREFIX=()
"${scen}_cmd"
printf "%q " "${PREFIX[@]}" "${CMD[@]}" >"$D/cmd"
# an injection's state before is the baseline's
[ -n "$sc" ] || residue >"$D/pre"
# what a failure may leave: the scenario's own (NAME_maystay prints an ERE)
[ -n "$sc" ] || ! declare -F "${scen}_maystay" >/dev/null || "${scen}_maystay" >"$D/maystay"

bflag=(-b execve)
inject=()
if [ -n "$sc" ]; then
	inject=(-e "inject=$sc:error=$errno:when=$nth")
	# An execve injection must see the tool's execve: no detaching there.
	[ "$sc" != execve ] || bflag=()
fi
# The tool runs in a fixed environment, the same in every run: the start-up
# code reads /proc/self/environ (a sanitizer runtime does, in 4 KiB reads),
# so a larger environment (the campaign exports its functions to xargs)
# would add calls to the start-up and move every occurrence after them.
clean=(env -i PATH="$PATH" LC_ALL=C)
[ -z "${ASAN_OPTIONS:-}" ] || clean+=(ASAN_OPTIONS="$ASAN_OPTIONS")
[ -z "${UBSAN_OPTIONS:-}" ] || clean+=(UBSAN_OPTIONS="$UBSAN_OPTIONS")
# -b execve: strace lets go of a process when it runs a program, so faults
# reach the tools only, never the program a tool runs for the scenario.
t0=$SECONDS
timeout -k 5 "${XT_FAULTS_TIMEOUT:-15}" "${PREFIX[@]}" "${clean[@]}" strace -f -qq "${bflag[@]}" -o "$D/trace" \
	"${inject[@]}" -- "${CMD[@]}" <"${STDIN:-/dev/null}" >"$D/out" 2>"$D/err"
echo $? >"$D/status"
[ $((SECONDS - t0)) -lt "${XT_FAULTS_TIMEOUT:-15}" ] || echo "did not end in ${XT_FAULTS_TIMEOUT:-15} s" >"$D/timedout"
# The baseline's TOOL --version, in the same lab and environment: the calls
# it shares from the start with the run above are the start-up's (faults.sh).
if [ -z "$sc" ]; then
	tool=$(awk 'NR == 1 { sub(/^[^"]*"/, ""); sub(/".*/, ""); print }' "$D/trace")
	"${PREFIX[@]}" "${clean[@]}" strace -f -qq -o "$D/vtrace" -- "$tool" --version >/dev/null 2>&1 </dev/null
fi
if [ "$(cat "$D/status")" = 0 ]; then
	if "${scen}_check" >"$D/check" 2>&1; then echo ok >>"$D/check"; else echo FAILED >>"$D/check"; fi
fi
residue >"$D/post"
exit 0
