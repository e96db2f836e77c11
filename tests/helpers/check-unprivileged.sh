#!/usr/bin/env bash
# tests/helpers/check-unprivileged.sh SRCDIR BUILDDIR - `make check-unprivileged`
#
# The unprivileged half of the suite, as CI runs it: bats as user 65534
# (when run as root; else as ourselves) from a world-readable copy of the
# tests, the tests tagged root filtered out, the tools from BUILDDIR. The
# build and the source tree must be readable by user 65534. Prints the
# failures, then "== unprivileged: N passed, N failed, N skipped"; the
# status is non-zero when a test failed or bats could not run.
set -u

if [ $# != 2 ]; then
	echo "usage: $0 SRCDIR BUILDDIR" >&2
	exit 2
fi
src=$(cd "$1" && pwd) && build=$(cd "$2" && pwd) || exit 2

as_nobody=()
if [ "$(id -u)" = 0 ]; then
	as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
	if ! "${as_nobody[@]}" test -r "$src/README.md" || ! "${as_nobody[@]}" test -x "$build/xnetns"; then
		echo "$0: user 65534 cannot read $build or $src (copy the tree elsewhere)" >&2
		exit 1
	fi
fi

copy=$(mktemp -d /tmp/xt-unpriv.XXXXXX) || exit 1
trap 'rm -rf "$copy"' EXIT
cp -r "$src/tests" "$copy/" && chmod -R a+rX "$copy" || exit 1

# From /: the caller's directory may be closed to user 65534.
rc=0
out=$(cd / && "${as_nobody[@]}" env HOME=/tmp XT_BUILDDIR="$build" XT_SRCDIR="$src" \
	PATH="$build:$build/tests/helpers:/usr/bin:/bin" \
	bats --tap --filter-tags '!root' "$copy"/tests/*.bats </dev/null 2>&1) || rc=$?

p=$(grep '^ok ' <<<"$out" | grep -vc '# skip')
s=$(grep -c '^ok .*# skip' <<<"$out")
f=$(grep -c '^not ok ' <<<"$out")
grep '^not ok' -A8 <<<"$out"
if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
	# bats itself failed (no test to blame): say so, and count it
	tail -n 20 <<<"$out"
	f=1
fi
echo "== unprivileged: $p passed, $f failed, $s skipped"
[ "$f" = 0 ]
