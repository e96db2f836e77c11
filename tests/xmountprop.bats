#!/usr/bin/env bats
# xmountprop: setting and showing mount propagation. Everything happens in
# a lab (tests/helpers/lab.bash: a private mount namespace of the test's own,
# with a /run of its own), on tmpfs trees below $T: the machine's mounts are
# never changed. Untagged tests run as root of a new user namespace (userns),
# so they pass as user 65534 too; tests tagged root run as the real root
# (rootns).

load helpers/common
load helpers/lab

setup() {
	export LC_ALL=C
	BASE=$(shared_tmpdir)
	T=$BASE/t
}

# userns SCRIPT [ARG...]: SCRIPT, under set -eu, in a lab (without a network
# namespace of its own) as root of a new user namespace (user 65534), with
# a tmpfs tree of its own on $T as its working directory (on_tree).
userns() {
	lab --rootless --no-net -- 'set -eu; on_tree "$1"; shift
'"$1" "$T" "${@:2}"
}

# rootns SCRIPT [ARG...]: the same as the real root.
rootns() {
	lab --root --no-net -- 'set -eu; on_tree "$1"; shift
'"$1" "$T" "${@:2}"
}

# fails_cleanly SETUP CMD...: after SETUP, CMD; prints "TABLE CHANGED" when
# CMD changed /proc/self/mountinfo; the status is CMD's.
fails_cleanly() {
	local setup=$1
	shift
	userns "$setup"'
		before=$(cat /proc/self/mountinfo)
		rc=0
		"$@" || rc=$?
		[ "$before" = "$(cat /proc/self/mountinfo)" ] || echo "TABLE CHANGED"
		exit $rc' "$@"
}

# ---- setting -------------------------------------------------------------------

@test "xmountprop TYPE: each type changes the named mount only, not its submounts or peers" {
	require_userns
	run userns '
		for t in shared slave private unbindable; do
			base=shared; [ $t != shared ] || base=private
			tree $t $base
			xmountprop $t $t/m
			echo "$t: $(props $t)"
		done
		echo "T: $(prop "$T")"'
	assert_success
	assert_output "shared: shared private private private | private private
slave: private,slave shared shared shared | shared shared
private: private shared shared shared | shared shared
unbindable: private,unbindable shared shared shared | shared shared
T: private"
}

@test "xmountprop -r TYPE: each type changes every mount of the subtree, nothing beside it" {
	require_userns
	run userns '
		for t in shared slave private unbindable; do
			base=shared; [ $t != shared ] || base=private
			tree $t $base
			xmountprop -r $t $t/m
			echo "$t: $(props $t)"
		done
		echo "T: $(prop "$T")"'
	assert_success
	assert_output "shared: shared shared shared shared | private private
slave: private,slave private,slave private,slave private,slave | shared shared
private: private private private private | shared shared
unbindable: private,unbindable private,unbindable private,unbindable private,unbindable | shared shared
T: private"
}

@test "xmountprop --make-*: the mount(8) aliases do what the type words do, --make-r* with -r" {
	require_userns
	run userns '
		for t in shared slave private unbindable; do
			base=shared; [ $t != shared ] || base=private
			tree $t $base
			xmountprop --make-$t $t/m
			echo "--make-$t: $(props $t)"
			tree r$t $base
			xmountprop --make-r$t r$t/m
			echo "--make-r$t: $(props r$t)"
		done
		# -r and a --make-r* together are no contradiction
		tree both private
		xmountprop -r --make-rshared both/m
		echo "both: $(props both)"'
	assert_success
	assert_output "--make-shared: shared private private private | private private
--make-rshared: shared shared shared shared | private private
--make-slave: private,slave shared shared shared | shared shared
--make-rslave: private,slave private,slave private,slave private,slave | shared shared
--make-private: private shared shared shared | shared shared
--make-rprivate: private private private private | shared shared
--make-unbindable: private,unbindable shared shared shared | shared shared
--make-runbindable: private,unbindable private,unbindable private,unbindable private,unbindable | shared shared
both: shared shared shared shared | private private"
}

@test "xmountprop slave: a slave receives mounts from its master but does not send its own" {
	require_userns
	run userns '
		mnt m
		mkdir m/x m/y s
		xmountprop shared m
		mount --bind m s
		xmountprop slave s
		echo "s: $(prop s), master $(tag s master:) = peer group $(tag m shared:) of m"
		mount -t tmpfs xt-x m/x
		mount -t tmpfs xt-y s/y
		mountpoint -q s/x && echo "m/x reached s"
		mountpoint -q m/y || echo "s/y did not reach m"'
	assert_success
	assert_output --regexp "^s: private,slave, master ([0-9]+) = peer group \\1 of m
m/x reached s
s/y did not reach m\$"
}

@test "xmountprop slave: a slave of a slave receives from both above, sends to nobody" {
	require_userns
	run userns '
		mnt A
		mkdir A/1 A/2 A/3 B C
		xmountprop shared A
		mount --bind A B
		xmountprop slave B
		xmountprop shared B
		mount --bind B C
		xmountprop slave C
		echo "A $(prop A), B $(prop B), C $(prop C)"
		[ "$(tag B master:)" = "$(tag A shared:)" ] && echo "B receives from A"
		[ "$(tag C master:)" = "$(tag B shared:)" ] && echo "C receives from B"
		mount -t tmpfs xt-1 A/1
		mount -t tmpfs xt-2 B/2
		mount -t tmpfs xt-3 C/3
		for d in A B C; do
			for n in 1 2 3; do mountpoint -q $d/$n && printf " %s" $d/$n; done
		done
		echo'
	assert_success
	assert_output "A shared, B shared,slave, C private,slave
B receives from A
C receives from B
 A/1 B/1 B/2 C/1 C/2 C/3"
}

@test "xmountprop shared: a shared mount propagates both ways across a child mount namespace" {
	require_userns
	run userns '
		mnt sh pr
		mkdir sh/in sh/out pr/in pr/out
		xmountprop shared sh
		# the child: its own mount namespace, mounts copied as they are
		unshare -m --propagation unchanged sh -c "mount -t tmpfs xt-in sh/in; mount -t tmpfs xt-in pr/in"
		mountpoint -q sh/in && echo "sh/in: made in the child, here too"
		mountpoint -q pr/in || echo "pr/in: stayed in the child"
		unshare -m --propagation unchanged sleep 1000 &
		pid=$!
		trap "kill $pid" EXIT
		wait_ns $pid
		mount -t tmpfs xt-out sh/out
		mount -t tmpfs xt-out pr/out
		grep -q " $T/sh/out " /proc/$pid/mountinfo && echo "sh/out: made here, in the child too"
		grep -q " $T/pr/out " /proc/$pid/mountinfo || echo "pr/out: stayed here"'
	assert_success
	assert_output "sh/in: made in the child, here too
pr/in: stayed in the child
sh/out: made here, in the child too
pr/out: stayed here"
}

@test "xmountprop unbindable: binding it fails, a recursive bind of its parent leaves it out" {
	require_userns
	run userns '
		mnt u top top/u top/v
		xmountprop unbindable u
		xmountprop unbindable top/u
		mkdir b copy
		if mount --bind u b 2>/dev/null; then echo "bind: done"; else echo "bind: refused"; fi
		mountpoint -q b || echo "b: nothing mounted"
		mount --rbind top copy
		mountpoint -q copy && echo "copy: mounted"
		mountpoint -q copy/v && echo "copy/v: mounted"
		mountpoint -q copy/u || echo "copy/u: pruned"'
	assert_success
	assert_output "bind: refused
b: nothing mounted
copy: mounted
copy/v: mounted
copy/u: pruned"
}

@test "xmountprop -r: on stacked mounts, reaches the topmost and its subtree, not what it hides" {
	require_userns
	run userns '
		mnt d d/x
		xmountprop -r shared d
		mount -t tmpfs xt-top d
		mnt d/y
		xmountprop -r shared d
		xmountprop -v -r private d | sed "s|^$T/||"
		awk -v t="$T" '"'"'index($5, t "/d") == 1 { print substr($5, length(t) + 2), ($7 ~ /^shared:/ ? "shared" : "private") }'"'"' /proc/self/mountinfo'
	assert_success
	assert_output "d: shared -> private
d/y: shared -> private
d shared
d/x shared
d private
d/y private"
}

@test "xmountprop: several mount points in one call, each changed" {
	require_userns
	run userns '
		mnt a b "c d"
		xmountprop shared a b "c d"
		echo "$(prop a) $(prop b) $(prop "c d") $(prop "$T")"'
	assert_success
	assert_output "shared shared shared private"
}

@test "xmountprop -v: one 'PATH: old -> new' line for each mount that changed" {
	require_userns
	run --separate-stderr userns '
		mnt a a/b c $'"'"'n\nl'"'"'
		echo "#1"; xmountprop -v shared a
		echo "#2"; xmountprop -v shared a
		echo "#3"; xmountprop -v -r unbindable a
		echo "#4"; xmountprop -v --make-private a c
		echo "#5"; xmountprop -v shared $'"'"'n\nl'"'"''
	assert_success
	assert_equal "$stderr" ""
	assert_output "#1
$T/a: private -> shared
#2
#3
$T/a: shared -> private,unbindable
$T/a/b: private -> private,unbindable
#4
$T/a: private,unbindable -> private
#5
$T/n\\x0al: private -> shared"
}

@test "xmountprop -q: no message, the exit status tells" {
	require_userns
	run --separate-stderr fails_cleanly 'mkdir d' xmountprop -q private "$T/d" "$T/missing"
	assert_failure 1
	assert_equal "$stderr" ""
	assert_output ""
}

@test "xmountprop -N PID: acts in the mount namespace of another process" {
	require_userns
	run userns '
		mnt a
		unshare -m --propagation unchanged sleep 1000 &
		pid=$!
		trap "kill $pid" EXIT
		wait_ns $pid
		xmountprop -N $pid shared "$T/a"
		echo "there: $(findmnt -N $pid -no PROPAGATION --mountpoint "$T/a")"
		echo "here: $(prop a)"
		xmountprop show -N $pid -n -r -o TARGET,PROPAGATION "$T/a"
		xmountprop -v --task $pid private "$T/a"
		echo "there: $(findmnt -N $pid -no PROPAGATION --mountpoint "$T/a")"'
	assert_success
	assert_output "there: shared
here: private
$T/a shared
$T/a: shared -> private
there: private"
}

# bats test_tags=root
@test "xmountprop: as root, outside any user namespace: types, -r, -N" {
	require_root
	run rootns '
		tree t shared
		xmountprop slave t/m
		echo "slave: $(props t)"
		xmountprop -r private t/m
		echo "-r private: $(props t)"
		unshare -m --propagation private sleep 1000 &
		pid=$!
		trap "kill $pid" EXIT
		wait_ns $pid
		xmountprop -N $pid -r shared "$T/t/m"
		echo "there: $(findmnt -N $pid -no PROPAGATION --mountpoint "$T/t/m/s1")"
		echo "here: $(prop t/m/s1)"'
	assert_success
	assert_output "slave: private,slave shared shared shared | shared shared
-r private: private private private private | shared shared
there: shared
here: private"
}

# ---- setting: bad input ------------------------------------------------------------

@test "xmountprop: a path that is not a mount point is an error with a hint, never its mount" {
	require_userns
	run --separate-stderr fails_cleanly 'mkdir d' xmountprop shared "$T/d"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: $T/d: not a mount point
xmountprop: hint: make it one first: mount --bind $T/d $T/d"
	# -r does not help: still not the mount that contains it
	run --separate-stderr fails_cleanly 'mkdir d' xmountprop -r private "$T/d"
	assert_failure 1
	assert_output ""
	assert_equal "${stderr_lines[0]}" "xmountprop: $T/d: not a mount point"
}

@test "xmountprop: a missing path is an error, nothing changes" {
	require_userns
	run --separate-stderr fails_cleanly '' xmountprop --make-shared "$T/missing"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: cannot change the propagation of $T/missing: No such file or directory"
}

@test "xmountprop: unknown type, no type, no mount point, two types: usage errors, nothing changes" {
	require_userns
	run --separate-stderr fails_cleanly 'mnt a' xmountprop bogus "$T/a"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: unknown propagation type 'bogus' (shared, slave, private or unbindable)
Try 'xmountprop --help' for more information."

	run --separate-stderr fails_cleanly 'mnt a' xmountprop
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: no propagation type specified
Try 'xmountprop --help' for more information."

	for cmd in "shared" "-r shared" "--make-rslave" "-v --make-private"; do
		run --separate-stderr fails_cleanly 'mnt a' xmountprop $cmd
		assert_failure 1
		assert_output ""
		assert_equal "$stderr" "xmountprop: no mount point specified
Try 'xmountprop --help' for more information."
	done

	run --separate-stderr fails_cleanly 'mnt a' xmountprop shared private "$T/a"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: only one propagation type per call (shared and private given)
Try 'xmountprop --help' for more information."

	run --separate-stderr fails_cleanly 'mnt a' xmountprop --make-shared --make-rprivate "$T/a"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: only one propagation type per call (shared and private given)
Try 'xmountprop --help' for more information."

	run --separate-stderr fails_cleanly 'mnt a' xmountprop --make-slave unbindable "$T/a"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: only one propagation type per call (slave and unbindable given)
Try 'xmountprop --help' for more information."
}

@test "xmountprop: a directory named like a type is a mount point, not a second type" {
	require_userns
	run userns '
		mnt private
		xmountprop shared private
		prop private'
	assert_success
	assert_output shared
}

@test "xmountprop: several targets, some failing: each failure reported, the others changed, exit 1" {
	require_userns
	run --separate-stderr userns '
		mnt a b
		mkdir d
		rc=0
		xmountprop shared a d missing b || rc=$?
		echo "rc=$rc a=$(prop a) b=$(prop b) T=$(prop "$T")"'
	assert_success
	assert_output "rc=1 a=shared b=shared T=private"
	assert_equal "$stderr" "xmountprop: d: not a mount point
xmountprop: hint: make it one first: mount --bind d d
xmountprop: cannot change the propagation of missing: No such file or directory"
}

@test "xmountprop -N: a bad or gone pid is an error, nothing changes" {
	require_userns
	run --separate-stderr fails_cleanly 'mnt a' xmountprop -N abc shared "$T/a"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: failed to parse pid: 'abc'"
	run --separate-stderr fails_cleanly 'mnt a' xmountprop -N 4294967296 shared "$T/a"
	assert_failure 1
	assert_equal "$stderr" "xmountprop: failed to parse pid: '4294967296'"
	run --separate-stderr fails_cleanly 'mnt a; true & gone=$!; wait $gone; set -- "$@" -N $gone shared "$T/a"' xmountprop
	assert_failure 1
	assert_output ""
	assert_regex "$stderr" "^xmountprop: cannot open process [0-9]+: No such process\$"
}

@test "xmountprop: without CAP_SYS_ADMIN: permission denied with a hint, nothing changes" {
	require_userns
	require_cmd setpriv
	# root of the user namespace, but with every capability dropped
	run --separate-stderr fails_cleanly 'mnt a' setpriv --bounding-set=-all --inh-caps=-all xmountprop shared "$T/a"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: cannot change the propagation of $T/a: Operation not permitted
xmountprop: hint: this needs CAP_SYS_ADMIN in the user namespace that owns the mount namespace"
}

# ---- showing ----------------------------------------------------------------------

@test "xmountprop show: TARGET PROPAGATION ID PARENT FSTYPE SOURCE as findmnt, for every mount" {
	require_userns
	run userns 'show_tree
		cols=TARGET,PROPAGATION,ID,PARENT,FSTYPE
		diff <(findmnt -r -o $cols) <(xmountprop show -r -o $cols) && echo "table: same"
		cols=$cols,SOURCE
		for m in "$T" a b c d p u; do
			diff <(findmnt -r -o $cols --mountpoint $m) <(xmountprop show -r -o $cols $m) && echo "$m: same"
		done
		xmountprop show -n -o PROPAGATION a b c d p u | tr "\n" " "'
	assert_success
	assert_output "table: same
$T: same
a: same
b: same
c: same
d: same
p: same
u: same
shared shared shared,slave private,slave private private,unbindable "
}

@test "xmountprop show: ID PARENT PEER MASTER PROPAGATE_FROM FSTYPE SOURCE as in mountinfo" {
	require_userns
	run userns 'show_tree
		awk '"'"'{ peer = master = from = ""
			for (i = 7; $i != "-"; i++) {
				if ($i ~ /^shared:/) peer = $i
				if ($i ~ /^master:/) master = $i
				if ($i ~ /^propagate_from:/) from = $i
			}
			print $1, $2, peer, master, from, $(i + 1), $(i + 2) }'"'"' /proc/self/mountinfo >want
		xmountprop show -r -n -o ID,PARENT,PEER,MASTER,PROPAGATE_FROM,FSTYPE,SOURCE >got
		diff want got && echo same
		grep -c shared: got
		grep -c master: got'
	assert_success
	assert_output "same
3
2"
}

@test "xmountprop show: PROPAGATE_FROM of a slave whose master is out of sight; -N reads that process's table" {
	require_userns
	run userns '
		O=$1
		mkdir -p "$O" root/usr root/x root/z
		mount -t tmpfs xt-out "$O"
		ln -s usr/bin root/bin; ln -s usr/lib root/lib; ln -s usr/lib64 root/lib64
		mount --bind /usr root/usr
		mnt root/x
		xmountprop shared root/x
		mkdir "$O/y"
		mount --bind root/x "$O/y"
		xmountprop slave "$O/y"
		xmountprop shared "$O/y"
		mount --bind "$O/y" root/z
		xmountprop slave root/z
		echo "here: $(xmountprop show -n -r -o MASTER,PROPAGATE_FROM root/z)"
		# a process whose root is $T/root: its mountinfo cannot see $O/y
		unshare --root=root sleep 1000 &
		pid=$!
		trap "kill $pid" EXIT
		wait_root $pid "$T/root"
		echo "there: $(xmountprop show -N $pid -n -r -o TARGET,MASTER,PROPAGATE_FROM /z)"
		[ "$(tag root/z master:)" = "$(tag "$O/y" shared:)" ] && echo "master: the group of $O/y"
		[ "$(tag /z propagate_from: /proc/$pid/mountinfo)" = "$(tag root/x shared:)" ] && echo "propagate_from: the group of root/x"
		diff <(findmnt -N $pid -r -o TARGET,PROPAGATION,ID,PARENT) <(xmountprop show -N $pid -r -o TARGET,PROPAGATION,ID,PARENT) && echo "-N: as findmnt -N"' "$BASE/o"
	assert_success
	assert_output --regexp "^here: master:[0-9]+ 
there: /z master:[0-9]+ propagate_from:[0-9]+
master: the group of $BASE/o/y
propagate_from: the group of root/x
-N: as findmnt -N\$"
}

@test "xmountprop show -J: findmnt's JSON shape, numbers as numbers, null for empty" {
	require_userns
	require_cmd jq
	run userns 'show_tree
		# mount ids are reused: rc most likely gets the id of ra, below that
		# of rb, and the tree lists children by id, as findmnt does
		mnt ra rb
		umount ra
		mnt rc
		cols=TARGET,PROPAGATION,ID,PARENT,FSTYPE
		diff <(findmnt -J -o $cols | jq -S .) <(xmountprop show -J -o $cols | jq -S .) && echo "tree: same"
		diff <(findmnt -o $cols) <(xmountprop show -o $cols) >&2 || echo "text tree differs"
		diff <(findmnt -J -o $cols,SOURCE --mountpoint c | jq -S .) <(xmountprop show -J -o $cols,SOURCE c | jq -S .) && echo "c: same"
		xmountprop show -J a d | jq -c .filesystems[]
		xmountprop show -J -o ID a | jq -r "[.filesystems[0].id | type] | .[0]"'
	assert_success
	assert_output --regexp "^tree: same
c: same
\\{\"target\":\"$T/a\",\"id\":[0-9]+,\"propagation\":\"shared\",\"peer\":\"shared:[0-9]+\",\"master\":null\\}
\\{\"target\":\"$T/d\",\"id\":[0-9]+,\"propagation\":\"private,slave\",\"peer\":null,\"master\":\"master:[0-9]+\"\\}
number\$"
}

@test "xmountprop show: default columns, -o in the order given, -n, -r, several mount points in one table" {
	require_userns
	run userns 'show_tree
		xmountprop show a d | head -n 1 | tr -s " "
		xmountprop show -r a d | sed -E "s/[0-9]+( |\$)/N\1/g"
		echo "#"
		xmountprop show -o propagation,target a u
		echo "#"
		xmountprop show -n -o TARGET,PROPAGATION a u
		echo "#"
		xmountprop show -r -o TARGET,PROPAGATION a u'
	assert_success
	assert_output "TARGET ID PROPAGATION PEER MASTER
TARGET ID PROPAGATION PEER MASTER
$T/a N shared shared:N 
$T/d N private,slave  master:N
#
PROPAGATION        TARGET
shared             $T/a
private,unbindable $T/u
#
$T/a shared
$T/u private,unbindable
#
TARGET PROPAGATION
$T/a shared
$T/u private,unbindable"
}

@test "xmountprop show: blanks, control characters and backslashes in paths are escaped, JSON exact" {
	require_userns
	require_cmd jq
	run userns '
		# in the order of a sorted glob
		mnt '"'"'back\slash'"'"' '"'"'lit\x0a'"'"' $'"'"'nl\nx'"'"' "sp ace"
		xmountprop shared "sp ace"
		xmountprop show -n -o TARGET,PROPAGATION "$T"/* | tr -s " "
		echo "# raw"
		xmountprop show -n -r -o TARGET "$T"/*
		# (mount ids, and so the order of the table, need not follow the order of making)
		diff <(findmnt -n -r -o TARGET -R "$T" | tail -n +2 | sort) <(xmountprop show -n -r -o TARGET "$T"/* | sort) &&
			echo "raw: as findmnt -r"
		echo "# json"
		xmountprop show -J -o TARGET "$T"/* | jq -c "[.filesystems[].target | ltrimstr(\"$T/\")]"
		echo "# tree"
		xmountprop show -o TARGET | grep -F "$T/" | sed "s|^.*$T/||" | sort'
	assert_success
	assert_output "$T/back\\x5cslash private
$T/lit\\x5cx0a private
$T/nl\\x0ax private
$T/sp ace shared
# raw
$T/back\\x5cslash
$T/lit\\x5cx0a
$T/nl\\x0ax
$T/sp\\x20ace
raw: as findmnt -r
# json
[\"back\\\\slash\",\"lit\\\\x0a\",\"nl\\nx\",\"sp ace\"]
# tree
back\\x5cslash
lit\\x5cx0a
nl\\x0ax
sp ace"
}

@test "xmountprop show: in a UTF-8 locale, as findmnt: names as they are, trees in box lines" {
	require_userns
	locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' || skip "no C.UTF-8 locale"
	run userns '
		mnt café café/b
		export LC_ALL=C.UTF-8
		[ "$(xmountprop show -n -o TARGET "$T/café")" = "$(findmnt -n -o TARGET --mountpoint "$T/café")" ] &&
			echo "as findmnt"
		# (the connector before each name; how deep $T is depends on the machine)
		xmountprop show -o TARGET | grep -F "$T/" | sed "s|^.*\\(..\\)$T/|\\1|"
		LC_ALL=C xmountprop show -o TARGET | grep -F "$T/" | sed "s|^.*\\(..\\)$T/|\\1|"'
	assert_success
	assert_output 'as findmnt
└─café
└─café/b
`-caf\xc3\xa9
`-caf\xc3\xa9/b'
}

@test "xmountprop show --tree: the propagation graph of a known tree, exactly" {
	require_userns
	require_cmd jq
	run userns '
		mkdir usr
		ln -s usr/bin bin; ln -s usr/lib lib; ln -s usr/lib64 lib64
		mount --bind /usr usr
		show_tree
		# a slave whose master group is not in the table: outside the root
		O=$1
		mkdir -p "$O" x z
		mount -t tmpfs xt-out "$O"
		mnt x
		xmountprop shared x
		mkdir "$O/y"
		mount --bind x "$O/y"
		xmountprop slave "$O/y"
		xmountprop shared "$O/y"
		mount --bind "$O/y" z
		xmountprop slave z
		unshare --root=. sleep 1000 &
		pid=$!
		trap "kill $pid" EXIT
		wait_root $pid "$T"
		id() { awk -v t="$1" '"'"'$5 == t { print $1 }'"'"' /proc/$pid/mountinfo; }
		echo "ids $(id /) $(id /usr) $(id /a) $(id /b) $(id /c) $(id /d) $(id /p) $(id /u) $(id /x) $(id /z)"
		echo "groups $(tag a shared:) $(tag c shared:) $(tag x shared:) $(tag "$O/y" shared:)"
		xmountprop show -N $pid --tree -r
		xmountprop show -N $pid --tree -J | jq -c .' "$BASE/o"
	assert_success
	local r usr a b c d p u x z ga gc gx gy
	read -r _ r usr a b c d p u x z <<<"${lines[0]}"
	read -r _ ga gc gx gy <<<"${lines[1]}"
	assert_equal "$(printf '%s\n' "${lines[@]:2:16}")" "NODE ID PROPAGATION
peer\\x20group\\x20shared:$ga  
|-/a $a shared
|-/b $b shared
\`-peer\\x20group\\x20shared:$gc  
\\x20\\x20|-/c $c shared,slave
\\x20\\x20\`-/d $d private,slave
peer\\x20group\\x20shared:$gx  
\`-/x $x shared
peer\\x20group\\x20shared:$gy\\x20(not\\x20in\\x20this\\x20mount\\x20table)  
\`-/z $z private,slave
private:\\x20neither\\x20receive\\x20nor\\x20send  
|-/ $r private
|-/usr $usr private
|-/p $p private
\`-/u $u private,unbindable"
	local g='"id":null,"propagation":null'
	assert_equal "${lines[18]}" "{\"propagation\":[\
{\"node\":\"peer group shared:$ga\",$g,\"children\":[\
{\"node\":\"/a\",\"id\":$a,\"propagation\":\"shared\"},\
{\"node\":\"/b\",\"id\":$b,\"propagation\":\"shared\"},\
{\"node\":\"peer group shared:$gc\",$g,\"children\":[\
{\"node\":\"/c\",\"id\":$c,\"propagation\":\"shared,slave\"},\
{\"node\":\"/d\",\"id\":$d,\"propagation\":\"private,slave\"}]}]},\
{\"node\":\"peer group shared:$gx\",$g,\"children\":[\
{\"node\":\"/x\",\"id\":$x,\"propagation\":\"shared\"}]},\
{\"node\":\"peer group shared:$gy (not in this mount table)\",$g,\"children\":[\
{\"node\":\"/z\",\"id\":$z,\"propagation\":\"private,slave\"}]},\
{\"node\":\"private: neither receive nor send\",$g,\"children\":[\
{\"node\":\"/\",\"id\":$r,\"propagation\":\"private\"},\
{\"node\":\"/usr\",\"id\":$usr,\"propagation\":\"private\"},\
{\"node\":\"/p\",\"id\":$p,\"propagation\":\"private\"},\
{\"node\":\"/u\",\"id\":$u,\"propagation\":\"private,unbindable\"}]}]}"
	assert_equal "${#lines[@]}" 19
}

# ---- showing: bad input ---------------------------------------------------------------

@test "xmountprop show: not a mount point, a missing path: an error each, the rest still shown" {
	require_userns
	run --separate-stderr fails_cleanly 'mkdir d' xmountprop show "$T/d"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: $T/d: not a mount point"
	run --separate-stderr fails_cleanly '' xmountprop show "$T/missing"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: $T/missing: No such file or directory"
	run --separate-stderr fails_cleanly 'mkdir d' xmountprop show -n -o TARGET "$T" "$T/d"
	assert_failure 1
	assert_output "$T"
	assert_equal "$stderr" "xmountprop: $T/d: not a mount point"
}

@test "xmountprop show: unknown column, --tree with a mount point or -o, bad option: usage errors" {
	require_userns
	run --separate-stderr fails_cleanly '' xmountprop show -o TARGET,BOGUS
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: unknown column: BOGUS"
	run --separate-stderr fails_cleanly '' xmountprop show --tree "$T"
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: --tree shows the whole graph: no mount point may be given"
	run --separate-stderr fails_cleanly '' xmountprop show --tree -o TARGET
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: --tree has its own columns (NODE, ID, PROPAGATION): no --output"
	run --separate-stderr fails_cleanly '' xmountprop show --bogus
	assert_failure 1
	assert_output ""
	assert_equal "$stderr" "xmountprop: unrecognized option '--bogus'
Try 'xmountprop --help' for more information."
	run --separate-stderr fails_cleanly '' xmountprop show -N 0
	assert_failure 1
	assert_equal "$stderr" "xmountprop: failed to parse pid: '0'"
}

@test "xmountprop show >/dev/full fails with 'write error'" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr sh -c 'xmountprop show >/dev/full'
	assert_failure 1
	assert_equal "$stderr" "xmountprop: write error: No space left on device"
	run --separate-stderr sh -c 'xmountprop show --tree >/dev/full'
	assert_failure 1
	assert_equal "$stderr" "xmountprop: write error: No space left on device"
}

@test "xmountprop show --help: the show options and every column" {
	run --separate-stderr xmountprop show --help
	assert_success
	assert_equal "$stderr" ""
	for w in --json --raw --noheadings --output --tree --task TARGET PROPAGATION ID PARENT PEER MASTER PROPAGATE_FROM FSTYPE SOURCE; do
		assert_output --partial " $w"
	done
}
