/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pwdutils.c - user and group lookups.
 */
#include <errno.h>
#include <nss.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int xt_exec_login_shell(const char **shell)
{
	const char *path = getenv("SHELL"), *base;
	struct passwd *pw;
	char *argv[2];

	if (!path || !*path)
		path = (pw = xt_getpwuid(getuid())) && pw->pw_shell && *pw->pw_shell ?
			       pw->pw_shell :
			       "/bin/sh";
	*shell = path;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	argv[0] = malloc(strlen(base) + 2);
	if (!argv[0])
		return -ENOMEM;
	argv[0][0] = '-';
	strcpy(argv[0] + 1, base);
	argv[1] = NULL;
	execv(path, argv);
	free(argv[0]);
	return -errno;
}
