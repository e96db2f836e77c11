/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pwdutils.h - user and group lookups that are safe in a static program.
 */
#ifndef XT_PWDUTILS_H
#define XT_PWDUTILS_H

#include <grp.h>
#include <pwd.h>

/*
 * A statically linked glibc cannot safely dlopen NSS modules (a lookup
 * that reaches libnss_systemd crashes), so static builds resolve names from
 * the files service built into libc: /etc/passwd and /etc/group. Dynamic
 * builds use the full nsswitch.conf.
 */
struct passwd *xt_getpwnam(const char *name);
struct passwd *xt_getpwuid(uid_t uid);
struct group *xt_getgrnam(const char *name);

/**
 * xt_exec_login_shell() - exec the user's shell as a login shell (argv[0]
 * "-sh"): $SHELL, else the passwd entry's, else /bin/sh
 * @shell: set to the path tried, for the message
 *
 * Return: only on failure, -errno.
 */
int xt_exec_login_shell(const char **shell);

#endif
