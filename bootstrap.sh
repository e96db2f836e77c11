#!/bin/sh
# bootstrap.sh - install what the build and the tests need (Debian 12 /
# Ubuntu, with apt-get), then configure and build.
#
#   ./bootstrap.sh                  install missing packages, build
#   ./bootstrap.sh CONFIGURE-ARGS   same, passing arguments to ./configure
#
# Only missing packages are installed; apt-get runs as root (or via sudo).
set -eu
cd "$(dirname "$0")"

packages="build-essential autoconf automake autoconf-archive pkg-config
	libcap-ng-dev libbsd-dev libmount-dev libsmartcols-dev
	bats bats-assert bats-support mandoc bash-completion
	util-linux procps uidmap iproute2 iputils-ping jq strace"

missing=
for p in $packages; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "bootstrap: installing:$missing"
	if [ "$(id -u)" = 0 ]; then
		sudo=
	elif command -v sudo >/dev/null; then
		sudo=sudo
	else
		echo "bootstrap: run as root to install:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -q
	# shellcheck disable=SC2086
	$sudo apt-get install -y -q --no-install-recommends $missing
fi

./autogen.sh
./configure --enable-werror "$@"
make -j"$(nproc)"
