#!/bin/sh
# replay.sh - `make check`: every fuzz target's checked-in corpus through
# its harness (tests/fuzz/replay-NAME), one TAP line per target. A corpus
# folder without its harness is a failure too.
set -u
n=0 status=0
for dir in "$XT_SRCDIR"/tests/fuzz/corpus/*/; do
	t=$(basename "$dir")
	n=$((n + 1))
	if out=$("$XT_BUILDDIR/tests/fuzz/replay-$t" "$dir" 2>&1); then
		echo "ok $n - fuzz target $t: $out"
	else
		echo "not ok $n - fuzz target $t"
		echo "$out" | sed 's/^/# /'
		status=1
	fi
done
echo "1..$n"
exit $status
