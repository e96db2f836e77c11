/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of common/signames.c. */
#include <errno.h>
#include <signal.h>

#include "signames.h"
#include "tap.h"

int main(void)
{
	ok(xt_signame_to_num("TERM") == SIGTERM, "TERM");
	ok(xt_signame_to_num("SIGTERM") == SIGTERM, "SIGTERM");
	ok(xt_signame_to_num("sigterm") == SIGTERM, "sigterm");
	ok(xt_signame_to_num("kill") == SIGKILL, "kill");
	ok(xt_signame_to_num("CHLD") == SIGCHLD && xt_signame_to_num("CLD") == SIGCHLD,
	   "CHLD, CLD");
	ok(xt_signame_to_num("RTMIN") == SIGRTMIN, "RTMIN");
	ok(xt_signame_to_num("RTMIN+1") == SIGRTMIN + 1, "RTMIN+1");
	ok(xt_signame_to_num("SIGRTMAX-2") == SIGRTMAX - 2, "SIGRTMAX-2");
	ok(xt_signame_to_num("RTMIN-1") == -EINVAL, "RTMIN-1 refused");
	ok(xt_signame_to_num("RTMIN+99") == -EINVAL, "RTMIN+99 refused");
	ok(xt_signame_to_num("15") == -EINVAL, "numbers refused");
	ok(xt_signame_to_num("") == -EINVAL, "empty refused");
	ok(xt_signame_to_num("SIG") == -EINVAL, "bare SIG refused");
	ok(xt_signame_to_num("FOO") == -EINVAL, "unknown refused");
	return tap_done();
}
