/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runtime - run PROG once: print "NANOSECONDS MAXRSS_KIB STATUS CPU_NANOSECONDS",
 * where the time runs from fork to wait, and the RSS and the CPU time (user +
 * system) cover the whole tree (wait4 reports the child and its reaped
 * children). PROG's standard output goes to /dev/null (`list` jobs print).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int status;
	pid_t pid;
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (argc < 2 || null < 0)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid == 0) {
		if (dup2(null, 1) < 0)
			_exit(127);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%lld %ld %d %lld\n",
	       (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec),
	       ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	       ((long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
		ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) *
		       1000LL);
	return 0;
}
