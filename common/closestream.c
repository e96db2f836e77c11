/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * closestream.c - report stdout write errors at exit instead of losing them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closestream.h"

/*
 * Flush a stream: 0, or -errno when what was written to it is lost. A
 * stream the caller had closed (EBADF) is not an error, as in util-linux.
 * Nothing written, nothing to do: no system call on the common path.
 */
static int flush_stream(FILE *stream)
{
	errno = 0;
	if (fflush(stream) == 0 && !ferror(stream))
		return 0;
	if (errno == EBADF)
		return 0;
	return errno ? -errno : -EIO;
}

static void close_stdout(void)
{
	int rc = flush_stream(stdout);

	if (rc < 0) {
		if (rc == -EIO)
			fprintf(stderr, "%s: write error\n", program_invocation_short_name);
		else
			fprintf(stderr, "%s: write error: %s\n", program_invocation_short_name,
				strerror(-rc));
		_exit(EXIT_FAILURE);
	}
	if (flush_stream(stderr) < 0)
		_exit(EXIT_FAILURE);
}

void xt_close_stdout_atexit(void)
{
	atexit(close_stdout);
}

int xt_flush_stdout(void)
{
	if (fflush(stdout) != 0)
		return -errno;
	return 0;
}
