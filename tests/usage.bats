#!/usr/bin/env bats
# The command-line contract of every tool (util-linux's checkusage):
# --help and --version on stdout with exit 0; a bad option gives exactly two
# lines on stderr and exit 1; every long option in --help is in the man page
# and the completion, and the other way round; stdout write errors fail.

load helpers/common

TOOLS="xunshare xnsenter xnetns xmountprop"

# Long options named in a --help text, a man page or a completion file.
help_longopts() { "$1" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u; }
man_longopts() {
	# every section named ... OPTIONS (xmountprop has SHOW OPTIONS too)
	awk '/^\.SH/ { on = /OPTIONS/ } on' "$XT_SRCDIR/man/$1".[18] |
		sed 's/\\-/-/g' | grep -oE -- '--[a-z][a-z-]+' | sort -u
}
completion_longopts() { grep -v '^[[:space:]]*#' "$XT_SRCDIR/bash-completion/$1" | grep -oE -- '--[a-z][a-z-]+' | sort -u; }

@test "usage: --help and -h print usage on stdout, exit 0, nothing on stderr" {
	for t in $TOOLS; do
		for opt in --help -h; do
			run --separate-stderr "$t" "$opt"
			assert_success
			assert_equal "$stderr" ""
			assert_equal "${lines[0]}" "Usage:"
			assert_output --partial "For more details see $t("
			assert_output --partial " -V, --version"
		done
	done
}

@test "usage: --version and -V print 'TOOL from xnsutils VERSION', exit 0" {
	for t in $TOOLS; do
		for opt in --version -V; do
			run --separate-stderr "$t" "$opt"
			assert_success
			assert_equal "$stderr" ""
			assert_output --regexp "^$t from xnsutils [0-9][0-9.]*\$"
		done
	done
}

@test "usage: a bad option gives two stderr lines, empty stdout, exit 1" {
	for t in $TOOLS; do
		for opt in --bogus -Y; do
			run --separate-stderr "$t" "$opt"
			assert_failure 1
			assert_equal "$output" ""
			assert_equal "${#stderr_lines[@]}" 2
			assert_equal "${stderr_lines[1]}" "Try '$t --help' for more information."
		done
	done
}

@test "usage: a missing option argument gives two stderr lines, exit 1" {
	run --separate-stderr xunshare --map-users
	assert_failure 1
	assert_equal "${#stderr_lines[@]}" 2
	run --separate-stderr xnsenter -t
	assert_failure 1
	assert_equal "${#stderr_lines[@]}" 2
}

@test "usage: every long option in --help is in the man page, and back" {
	for t in $TOOLS; do
		[ -f "$XT_SRCDIR/man/$t.1" ] || [ -f "$XT_SRCDIR/man/$t.8" ] || continue
		run diff <(help_longopts "$t") <(man_longopts "$t")
		assert_success
	done
}

@test "usage: every long option in --help is in the bash completion, and back" {
	for t in $TOOLS; do
		[ -f "$XT_SRCDIR/bash-completion/$t" ] || continue
		run diff <(help_longopts "$t") <(completion_longopts "$t")
		assert_success
	done
}

@test "usage: --help and --version to a full stdout fail with 'write error'" {
	[ -w /dev/full ] || skip "no /dev/full"
	for t in $TOOLS; do
		for opt in --help --version; do
			run --separate-stderr sh -c "$t $opt >/dev/full"
			assert_failure 1
			assert_equal "$stderr" "$t: write error: No space left on device"
		done
	done
}

@test "usage: a closed stdout is not an error for --version" {
	run --separate-stderr sh -c 'xunshare --version >&-'
	assert_success
}
