#!/bin/sh
# run-fuzz.sh SRCDIR SECONDS TARGET... - `make fuzz`: run each libFuzzer
# target tests/fuzz/fuzz-TARGET for SECONDS on a scratch copy of its corpus
# (new inputs do not pollute the checked-in one) and print one line each:
# executions, coverage (cov: edges, ft: features) and findings. A finding
# (crash, leak, timeout, out of memory) is copied into the checked-in corpus
# as a regression test for `make check`, and fails the run.
set -u
srcdir=$1 seconds=$2
shift 2
status=0
for t in "$@"; do
	dir=tests/fuzz/run/$t
	rm -rf "$dir"
	mkdir -p "$dir/corpus" "$dir/findings"
	cp "$srcdir/tests/fuzz/corpus/$t/"* "$dir/corpus/" 2>/dev/null
	./tests/fuzz/fuzz-"$t" -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$dir/findings/" "$dir/corpus" >"$dir/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$dir/log" | tail -n 1 | cut -d' ' -f2)
	findings=$(find "$dir/findings" -type f | wc -l)
	printf '%-10s %10s execs  cov %5s  ft %5s  findings %s\n' "$t" "${execs:-?}" \
		"${cov:-?}" "${ft:-?}" "$findings"
	if [ "$findings" -gt 0 ] || [ "$rc" -ne 0 ]; then
		status=1
		echo "  log: $dir/log" >&2
		for f in "$dir/findings/"*; do
			[ -f "$f" ] || continue
			cp "$f" "$srcdir/tests/fuzz/corpus/$t/"
			echo "  finding added to the corpus: tests/fuzz/corpus/$t/${f##*/}" >&2
		done
	fi
done
exit $status
