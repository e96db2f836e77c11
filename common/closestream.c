/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * closestream.c - report stdout write errors at exit instead of losing them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "closestream.h"

/* Close a stream; -errno when anything written to it was lost. */
static int close_stream(FILE *stream)
{
	int had_error = ferror(stream);
	int pending = __fpending(stream) != 0;
	int rc = fclose(stream);

	if (had_error || (rc != 0 && (pending || errno != EBADF))) {
		if (!had_error && rc != 0)
			return -errno;
		return -EIO;
	}
	return 0;
}

static void close_stdout(void)
{
	int rc = close_stream(stdout);

	if (rc < 0) {
		/* stderr may be gone too: only the status is sure to arrive */
		if (rc == -EPIPE || rc == -EIO)
			fprintf(stderr, "%s: write error\n", program_invocation_short_name);
		else
			fprintf(stderr, "%s: write error: %s\n",
				program_invocation_short_name, strerror(-rc));
		_exit(EXIT_FAILURE);
	}
	if (close_stream(stderr) < 0)
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
