#!/usr/bin/env bash
# tests/helpers/admin-host.sh [--private-root] COMMAND [ARG...]
#
# Runs COMMAND (as root) as on an admin's machine where `ip netns` has
# been used, without changing the machine: in a private mount namespace of
# its own, /run becomes a tmpfs of that namespace (as systemd makes it; so
# nothing is left in the machine's /run), / is made shared there (as
# systemd makes it; --private-root keeps it private), and `ip netns add`
# itself makes /run/netns a mount of its own with a few names bound in it
# (beside a login's /run/user/0).
# The suites must give the same results there as on a fresh machine:
#   tests/helpers/admin-host.sh bats tests/xnetns.bats
# The names' namespaces die with the mount namespace.
set -eu

shared=1
if [ "${1:-}" = --private-root ]; then
	shared=
	shift
fi
if [ $# = 0 ]; then
	echo "usage: $0 [--private-root] COMMAND [ARG...]" >&2
	exit 2
fi
if [ "$(id -u)" != 0 ]; then
	echo "$0: needs root" >&2
	exit 1
fi

# shellcheck disable=SC2016 # expanded by the inner bash
exec unshare -m --propagation private -- bash -euc '
	mount -t tmpfs -o mode=0755 xt-admin-run /run
	[ -z "$1" ] || mount --make-rshared /
	mkdir -p /run/user/0 && mount -t tmpfs -o mode=0700 xt-admin-user /run/user/0
	for n in xt-admin-a xt-admin-b xt-admin-c; do ip netns add "$n"; done
	shift
	exec "$@"' admin-host "$shared" "$@"
