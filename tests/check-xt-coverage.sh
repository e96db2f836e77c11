#!/bin/sh
# check-xt-coverage.sh - every exported xt_ function of common/libxcommon.a
# (nm: global T symbols) must be called by a unit test or a fuzz target
# (nm -u of tests/unit/*.o and tests/fuzz/*.o), except those listed in
# tests/xt-untested.txt. Fails for a new untested function, and for a listed
# one that has gained a test (take it off the list) or no longer exists.
# TAP; run from make check with XT_SRCDIR and XT_BUILDDIR set.
set -u
nm=${NM:-nm}
b=$XT_BUILDDIR
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xt-coverage.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

"$nm" -g --defined-only "$b/common/libxcommon.a" 2>/dev/null |
	awk '$2 == "T" && $3 ~ /^xt_/ { print $3 }' | sort -u >"$tmp/exported"
"$nm" -u "$b"/tests/unit/*.o "$b"/tests/fuzz/*.o 2>/dev/null |
	awk '$1 == "U" && $2 ~ /^xt_/ { print $2 }' | sort -u >"$tmp/called"
sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$XT_SRCDIR/tests/xt-untested.txt" |
	sort -u >"$tmp/allowed"

status=0
if [ ! -s "$tmp/exported" ] || [ ! -s "$tmp/called" ]; then
	echo "not ok 1 - no symbols read from the library or the test objects"
	echo "1..1"
	exit 1
fi
comm -23 "$tmp/exported" "$tmp/called" >"$tmp/untested"
new=$(comm -23 "$tmp/untested" "$tmp/allowed")
if [ -z "$new" ]; then
	echo "ok 1 - every exported xt_ function is tested ($(wc -l <"$tmp/allowed") allow-listed)"
else
	echo "not ok 1 - exported xt_ functions no unit test or fuzz target calls:"
	echo "$new" | sed 's/^/#   /'
	status=1
fi
stale=$(comm -13 "$tmp/untested" "$tmp/allowed")
if [ -z "$stale" ]; then
	echo "ok 2 - tests/xt-untested.txt lists only untested functions"
else
	echo "not ok 2 - tested or gone, take them off tests/xt-untested.txt:"
	echo "$stale" | sed 's/^/#   /'
	status=1
fi
echo "1..2"
exit $status
