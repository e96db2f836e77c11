/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef XT_CLOSESTREAM_H
#define XT_CLOSESTREAM_H

/**
 * xt_close_stdout_atexit() - check stdout and stderr when the tool exits
 *
 * Registers an atexit hook that flushes and closes stdout: a write error
 * (full disk, closed pipe, /dev/full) prints "write error" and turns the exit
 * status into 1. A stdout the caller had closed (EBADF) is not an error.
 * First line of every main().
 */
void xt_close_stdout_atexit(void);

/** xt_flush_stdout() - flush stdout now; 0 or -errno. */
int xt_flush_stdout(void);

#endif
