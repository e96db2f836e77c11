/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hints.h - one line of explanation for an errno with a known cause.
 */
#ifndef XT_HINTS_H
#define XT_HINTS_H

#include <stddef.h>
#include <sys/types.h>

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

/**
 * xt_setns_hint() - why setns(2) may have failed with @err
 * @kinds: the CLONE_NEW* kinds that were to be entered and were not
 * @target: the process whose namespaces they are, or 0 when unknown or no
 *          longer comparable (namespace files, or some already entered)
 *
 * Compares the user namespace of @target with ours and looks at who owns
 * /proc/@target (never changes anything).
 * Return: one line (a constant), or NULL when there is nothing useful to say.
 */
const char *xt_setns_hint(int err, int kinds, pid_t target);

#endif
