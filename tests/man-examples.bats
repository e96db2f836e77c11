#!/usr/bin/env bats
# Every EXAMPLES block of the man pages works as written. In an .EX block,
# a line "$ CMD" runs as user 65534, "# CMD" as root; a command ending in a
# backslash goes on on the next line; every other line is expected output.
# The blocks of a page run in order, in one private mount namespace with its
# own /run and with /etc/subuid and /etc/subgid granting 65534
# 100000:65536, so they touch nothing of the machine's; and in a pid
# namespace of their own: a process an example leaves behind is an error,
# and dies with the namespace.

load helpers/common

# Split the EXAMPLES of man page $1 into $2/N.sh, $2/N.out, $2/N.who.
extract_examples() {
	awk -v dir="$2" '
	function unescape(s) {
		gsub(/\\-/, "-", s); gsub(/\\\(aq/, "\047", s); gsub(/\\e/, "\\", s)
		gsub(/\\\(dq/, "\"", s); gsub(/\\\(ga/, "`", s); gsub(/\\ /, " ", s)
		# the box lines of a tree (a UTF-8 locale: see run_examples)
		gsub(/\\\[u251C\]/, "├", s); gsub(/\\\[u2514\]/, "└", s)
		gsub(/\\\[u2500\]/, "─", s); gsub(/\\\[u2502\]/, "│", s)
		return s
	}
	/^\.SH EXAMPLES/ { on = 1; next }
	/^\.SH / { on = 0 }
	on && /^\.EX/ { n++; inex = 1; cont = 0; next }
	on && /^\.EE/ { inex = 0; next }
	on && inex {
		line = unescape($0)
		if (cont) { print line > (dir "/" n ".sh"); cont = (line ~ /\\$/); next }
		if (line ~ /^[$#] /) {
			print (substr(line, 1, 1) == "#" ? "root" : "user") > (dir "/" n ".who")
			print substr(line, 3) > (dir "/" n ".sh")
			cont = (line ~ /\\$/)
		} else {
			print line > (dir "/" n ".out")
		}
	}' "$1"
}

run_examples() {
	local page=$1 d="$BATS_TEST_TMPDIR/examples" shared
	shared=$(shared_tmpdir)
	mkdir -p "$d"
	extract_examples "$XT_SRCDIR/man/$page" "$d"
	cp "$d"/* "$shared"/
	chmod 0644 "$shared"/*
	printf 'nobody:100000:65536\n' >"$shared/subid"
	chmod 0644 "$shared/subid"
	# in a UTF-8 locale, as most users have (xmountprop show draws its
	# trees with box lines there, as findmnt does)
	LC_ALL=C.UTF-8 unshare -m -p -f --mount-proc --propagation private sh -c '
		mount -t tmpfs xt-run /run
		mount --bind "$1/subid" /etc/subuid
		mount --bind "$1/subid" /etc/subgid
		cd /
		fails=0
		for sh in $(ls "$1"/*.sh | sort -V); do
			n=${sh%.sh}
			# output to a file: a process left behind cannot hold a pipe open
			if grep -q root "$n.who"; then
				timeout 30 sh -e "$sh" >"$n.got" 2>&1
			else
				timeout 30 setpriv --reuid=65534 --regid=65534 --clear-groups -- \
					sh -e "$sh" >"$n.got" 2>&1
			fi
			rc=$?
			out=$(cat "$n.got")
			if [ $rc != 0 ]; then
				echo "example $(basename "$n"): exit $rc: $out"
				fails=1
			fi
			ps -eo pid=,args= >"$1/ps.txt"
			left=$(awk "\$1 != 1 && \$2 != \"ps\"" "$1/ps.txt")
			if [ -n "$left" ]; then
				printf "example %s left processes behind:\n%s\n" "$(basename "$n")" "$left"
				fails=1
			fi
			want=$(cat "$n.out" 2>/dev/null)
			if [ "$out" != "$want" ]; then
				printf "example %s: want:\n%s\ngot:\n%s\n" "$(basename "$n")" "$want" "$out"
				fails=1
			fi
		done
		exit $fails' sh "$shared"
}

# bats test_tags=root
@test "man-examples: every example of xunshare(1) works as written" {
	require_root
	require_userns
	require_cmd newuidmap
	run run_examples xunshare.1
	assert_success
	assert_output ""
}

# bats test_tags=root
@test "man-examples: every example of xnsenter(1) works as written" {
	require_root
	require_userns
	run run_examples xnsenter.1
	assert_success
	assert_output ""
}

# bats test_tags=root
@test "man-examples: every example of xmountprop(8) works as written" {
	require_root
	require_userns
	run run_examples xmountprop.8
	assert_success
	assert_output ""
}

# bats test_tags=root
@test "man-examples: every example of xnetns(8) works as written" {
	require_root
	require_userns
	run run_examples xnetns.8
	assert_success
	assert_output ""
}

# bats test_tags=root
@test "man-examples: every example of xnsutils(7) works as written" {
	require_root
	require_userns
	require_cmd newuidmap ping mountpoint
	run run_examples xnsutils.7
	assert_success
	assert_output ""
}
