#!/bin/sh
# check-cloexec.sh SRCDIR - every descriptor the tools create must be
# close-on-exec on the line that creates it (doc/contracts.md). A line may be
# exempted with a comment "cloexec-ok: <reason>".
set -u
src=${1:-.}
cd "$src" || exit 1
files=$(ls common/*.c tools/*.c tools/*/*.c 2>/dev/null)
[ -n "$files" ] || exit 0

# shellcheck disable=SC2086 # $files: the list of sources, split on purpose
bad=$(grep -HnE '(^|[^A-Za-z0-9_])(open|openat|open_tree|socket|socketpair|accept4?|eventfd|signalfd|timerfd_create|inotify_init1?|memfd_create|epoll_create1?|dup|fopen|pipe2?)\(' $files |
	grep -v 'cloexec-ok:' |
	grep -vE '^[^:]+:[0-9]+:\s*(\*|/\*|//)' |
	grep -vE '(\bxt_[a-z_]*|\.[a-z_]+|->[a-z_]+)\(' |
	awk '
	/(^|[^A-Za-z0-9_])pipe\(/ { print; next }
	/(^|[^A-Za-z0-9_])dup\(/ { print; next }
	/(^|[^A-Za-z0-9_])fopen\(/ { if ($0 !~ /"[rwa+]*e[rwa+]*"/) print; next }
	/(^|[^A-Za-z0-9_])(socket|socketpair)\(/ { if ($0 !~ /SOCK_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])accept4?\(/ { if ($0 !~ /SOCK_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])eventfd\(/ { if ($0 !~ /EFD_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])signalfd\(/ { if ($0 !~ /SFD_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])timerfd_create\(/ { if ($0 !~ /TFD_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])inotify_init1?\(/ { if ($0 !~ /IN_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])memfd_create\(/ { if ($0 !~ /MFD_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])epoll_create1?\(/ { if ($0 !~ /EPOLL_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])pipe2\(/ { if ($0 !~ /O_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])open_tree\(/ { if ($0 !~ /OPEN_TREE_CLOEXEC/) print; next }
	/(^|[^A-Za-z0-9_])(open|openat)\(/ { if ($0 !~ /O_CLOEXEC/) print; next }
	')
if [ -n "$bad" ]; then
	echo "descriptors created without close-on-exec (doc/contracts.md):" >&2
	echo "$bad" >&2
	exit 1
fi
exit 0
