/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hints.h - one line of explanation for an errno with a known cause.
 */
#ifndef XT_HINTS_H
#define XT_HINTS_H

#include <stddef.h>

/**
 * xt_unshare_hint() - why unshare(@flags) may have failed with @err
 * @buf: room for the text
 *
 * Reads the sysctls under /proc/sys that decide it (never changes them).
 * Return: @buf holding one line, or NULL when there is nothing useful to say.
 */
const char *xt_unshare_hint(int err, int flags, char *buf, size_t size);

/** xt_mount_hint() - the same for mount(2): ENOSPC means fs.mount-max. */
const char *xt_mount_hint(int err, char *buf, size_t size);

#endif
