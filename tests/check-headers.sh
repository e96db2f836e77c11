#!/bin/sh
# check-headers.sh SRCDIR - every header of common/ must stand alone and
# survive being included twice: it includes what it uses, and its include
# guard wraps all of it (the first directive is the #ifndef of the guard,
# the last line its #endif). Each header is compiled on its own, twice, in
# a file of its own.
#
# Run from the build directory (make check does): the compiler and flags
# come from the environment, as the Makefile passes them (CC, CPPFLAGS with
# `-include config.h` and -I for common/, CFLAGS with the warnings), so a
# header is checked exactly as the tools see it. Only temporary files are
# written, under $TMPDIR.
set -u
src=${1:-.}
: "${CC:=cc}" "${CPPFLAGS:=}" "${CFLAGS:=}"

headers=$(cd "$src" && ls common/*.h 2>/dev/null)
[ -n "$headers" ] || exit 0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/xt-headers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

status=0
for h in $headers; do
	name=${h#common/}
	if ! awk '
		/^[ \t]*#/ && !guard { guard = $0 ~ /^#ifndef XT_[A-Z0-9_]+_H$/ ? 1 : -1 }
		NF { last = $0 }
		END { exit !(guard == 1 && last ~ /^#endif/) }' "$src/$h"; then
		echo "check-headers: $h: the include guard does not wrap the whole header"
		status=1
	fi
	c=$tmp/${name%.h}-twice.c
	printf '#include "%s"\n#include "%s"\ntypedef int xt_header_check;\n' \
		"$name" "$name" >"$c"
	# shellcheck disable=SC2086 # the flags are lists of words
	if ! out=$($CC $CPPFLAGS $CFLAGS -fsyntax-only "$c" 2>&1); then
		echo "check-headers: $h does not compile alone, included twice:"
		echo "$out"
		status=1
	fi
done
exit $status
