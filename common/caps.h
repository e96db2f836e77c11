/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * caps.h - the thin libcap-ng layer.
 */
#ifndef XT_CAPS_H
#define XT_CAPS_H

/**
 * xt_caps_keep_ambient() - make every permitted capability inheritable and
 * ambient, so that it survives execve() for a non-zero uid (--keep-caps).
 * Only meaningful inside a user namespace we own: the capabilities are
 * relative to it. Return: 0, or -EPERM when libcap-ng refused (it does not
 * set errno; its own code is lost).
 */
int xt_caps_keep_ambient(void);

#endif
