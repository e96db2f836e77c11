/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fileio.h - whole-file writes and reads of the small files of /proc.
 */
#ifndef XT_FILEIO_H
#define XT_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/**
 * xt_write_file() - write @data to an existing file @path in one write(2)
 *
 * One write matters: uid_map, setgroups, timens_offsets and binfmt_misc's
 * register take exactly one. Return: 0, -errno, or -EIO for a short write.
 */
int xt_write_file(const char *path, const char *data, size_t len);

/** xt_proc_write() - xt_write_file() on /proc/@pid/@name (@pid 0: self). */
int xt_proc_write(pid_t pid, const char *name, const char *data, size_t len);

/** xt_read_long() - the number at the start of a small file, or -errno. */
long xt_read_long(const char *path);

#endif
