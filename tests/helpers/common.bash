# tests/helpers/common.bash - loaded by every suite: `load helpers/common`
#
# Tools come from PATH: `make check` puts $XT_BUILDDIR (and tests/helpers)
# first. Run by hand from the top directory: bats tests/xunshare.bats

BATS_LIB_PATH=${BATS_LIB_PATH:-/usr/lib/bats}
bats_load_library bats-support
bats_load_library bats-assert
bats_require_minimum_version 1.5.0

: "${XT_BUILDDIR:=$(cd "$BATS_TEST_DIRNAME/.." && pwd)}"
: "${XT_SRCDIR:=$(cd "$BATS_TEST_DIRNAME/.." && pwd)}"
export XT_BUILDDIR XT_SRCDIR
case ":$PATH:" in
*":$XT_BUILDDIR:"*) ;;
*) PATH="$XT_BUILDDIR:$XT_BUILDDIR/tests/helpers:$PATH" ;;
esac
export PATH

NOBODY_UID=65534
NOBODY_GID=65534

# Run a command as the unprivileged user 65534 without supplementary groups
# (when the suite itself runs unprivileged: as ourselves).
as_nobody() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=$NOBODY_UID --regid=$NOBODY_GID --clear-groups -- "$@"
	else
		"$@"
	fi
}

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip "needs $c"
	done
}

# Unprivileged user namespaces usable by uid 65534 (and setpriv present).
require_userns() {
	require_cmd setpriv unshare
	if [ "$(id -u)" = 0 ]; then
		as_nobody unshare -U -r true 2>/dev/null ||
			skip "unprivileged user namespaces are not available"
	else
		unshare -U -r true 2>/dev/null ||
			skip "unprivileged user namespaces are not available"
	fi
}

# The kernel knows namespaces of KIND (a /proc/self/ns name).
require_ns() {
	[ -e "/proc/self/ns/$1" ] || skip "the kernel has no $1 namespaces"
}

# A directory user 65534 may use (BATS_TEST_TMPDIR is 0700 root).
shared_tmpdir() {
	local d="$BATS_TEST_TMPDIR/shared"
	mkdir -p "$d"
	chmod 0777 "$d"
	chmod o+x "$BATS_TEST_TMPDIR" "$BATS_RUN_TMPDIR" 2>/dev/null || true
	printf '%s\n' "$d"
}

# Inode of our own namespace of KIND.
ns_ino() {
	stat -L -c %i "/proc/${2:-self}/ns/$1"
}

# Live (non-zombie) processes whose full command line is exactly "$*".
live_procs() {
	ps -eo pid=,stat=,args= | awk -v want="$*" '
		{ pid = $1; stat = $2; $1 = ""; $2 = ""; sub(/^  */, "")
		  if ($0 == want && stat !~ /^Z/) print pid }'
}

# wait_for CODE [TRIES]: wait (TRIES polls of 0.05 s, 100 by default: ~5 s)
# until the shell code CODE succeeds.
wait_for() {
	local _
	for _ in $(seq 1 "${2:-100}"); do
		eval "$1" && return 0
		sleep 0.05
	done
	return 1
}

# Wait (up to ~5 s) until process PID has a child; print the child's pid.
child_of() {
	local _ c
	for _ in $(seq 1 100); do
		c=$(ps -o pid= --ppid "$1" | head -n 1 | tr -d ' ')
		[ -n "$c" ] && { printf '%s\n' "$c"; return 0; }
		sleep 0.05
	done
	return 1
}

# Kill processes this test started (by pid; never by name).
kill_started() {
	local p
	for p in "$@"; do
		[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
	done
	return 0
}

# Two busy loops of our own, as load; stop_load ends them (by pid).
start_load() {
	LOAD=()
	for _ in 1 2; do
		sh -c 'while :; do :; done' &
		LOAD+=($!)
		disown $! # no "Killed" report from the shell when they end
	done
}
stop_load() {
	kill_started "${LOAD[@]}"
}

# ready_of FIFO JOB: read what --ready-fd wrote into FIFO (empty at end of
# file), then wait for JOB, a background job of this shell: READY and RC.
# shellcheck disable=SC2034 # READY and RC are for the caller
ready_of() {
	READY=
	read -r READY <"$1" || true
	RC=0
	wait "$2" || RC=$?
}
