/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xt_signame_to_num(): --kill-child=SIG. A name read is a signal whose
 * name (glibc's sigabbrev_np(), or RTMIN+n / RTMAX-n) reads back to it, with or
 * without "SIG" and in any case; numbers are never names.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "fuzz.h"
#include "signames.h"

static void reads_as(const char *name, int sig)
{
	char buf[32];

	FUZZ_CHECK(xt_signame_to_num(name) == sig);
	snprintf(buf, sizeof(buf), "sig%s", name);
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	FUZZ_CHECK(xt_signame_to_num(buf) == sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), buf[32];
	const char *name;
	int sig = xt_signame_to_num(s);

	if (sig < 0) {
		FUZZ_CHECK(sig == -EINVAL);
		free(s);
		return 0;
	}
	FUZZ_CHECK(sig >= 1 && sig <= SIGRTMAX);
	FUZZ_CHECK(strspn(s, "0123456789") != strlen(s));
	name = sigabbrev_np(sig);
	if (name && !(sig >= SIGRTMIN && sig <= SIGRTMAX)) {
		reads_as(name, sig);
	} else {
		FUZZ_CHECK(sig >= SIGRTMIN && sig <= SIGRTMAX);
		snprintf(buf, sizeof(buf), "RTMIN+%d", sig - SIGRTMIN);
		reads_as(buf, sig);
		snprintf(buf, sizeof(buf), "RTMAX-%d", SIGRTMAX - sig);
		reads_as(buf, sig);
	}
	free(s);
	return 0;
}
