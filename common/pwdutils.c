/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pwdutils.c - user and group lookups.
 */
#include <nss.h>

#include "pwdutils.h"

static void nss_setup(void)
{
#ifdef XT_STATIC_NSS
	static int done;

	if (!done++) {
		__nss_configure_lookup("passwd", "files");
		__nss_configure_lookup("group", "files");
	}
#endif
}

struct passwd *xt_getpwnam(const char *name)
{
	nss_setup();
	return getpwnam(name);
}

struct passwd *xt_getpwuid(uid_t uid)
{
	nss_setup();
	return getpwuid(uid);
}

struct group *xt_getgrnam(const char *name)
{
	nss_setup();
	return getgrnam(name);
}
