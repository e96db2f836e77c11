/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * signames.c - signal names.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <strings.h>

#include "c.h"
#include "signames.h"
#include "strutils.h"

static const struct {
	const char *name;
	int num;
} signames[] = {
	{ "HUP", SIGHUP },	 { "INT", SIGINT },	  { "QUIT", SIGQUIT },
	{ "ILL", SIGILL },	 { "TRAP", SIGTRAP },	  { "ABRT", SIGABRT },
	{ "IOT", SIGIOT },	 { "BUS", SIGBUS },	  { "FPE", SIGFPE },
	{ "KILL", SIGKILL },	 { "USR1", SIGUSR1 },	  { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },	 { "PIPE", SIGPIPE },	  { "ALRM", SIGALRM },
	{ "TERM", SIGTERM },	 { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD },
	{ "CLD", SIGCHLD },	 { "CONT", SIGCONT },	  { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },	 { "TTIN", SIGTTIN },	  { "TTOU", SIGTTOU },
	{ "URG", SIGURG },	 { "XCPU", SIGXCPU },	  { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },	  { "WINCH", SIGWINCH },
	{ "IO", SIGIO },	 { "POLL", SIGPOLL },	  { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};

/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n" within the real-time range. */
static int rt_signal(const char *name)
{
	uint64_t off = 0;
	int base, sign;

	if (strncasecmp(name, "RTMIN", 5) == 0) {
		base = SIGRTMIN;
		sign = 1;
	} else if (strncasecmp(name, "RTMAX", 5) == 0) {
		base = SIGRTMAX;
		sign = -1;
	} else {
		return -EINVAL;
	}
	name += 5;
	if (*name) {
		if (*name != (sign > 0 ? '+' : '-'))
			return -EINVAL;
		if (xt_strtou64(name + 1, 0, (uint64_t)(SIGRTMAX - SIGRTMIN), &off) < 0)
			return -EINVAL;
	}
	return base + sign * (int)off;
}

int xt_signame_to_num(const char *name)
{
	if (strncasecmp(name, "SIG", 3) == 0)
		name += 3;
	for (size_t i = 0; i < ARRAY_SIZE(signames); i++)
		if (strcasecmp(name, signames[i].name) == 0)
			return signames[i].num;
	return rt_signal(name);
}
