/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * c.h - attributes, usage strings and the small CLI helpers every tool uses.
 */
#ifndef XT_C_H
#define XT_C_H

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcodes.h"

#define XT_UNUSED __attribute__((__unused__))

/* Built with AddressSanitizer (gcc defines the first, clang has the second). */
#if defined(__SANITIZE_ADDRESS__)
#define XT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XT_ASAN 1
#endif
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* The usage() layout of util-linux: blank line, heading, aligned options. */
#define USAGE_HEADER "\nUsage:\n"
#define USAGE_OPTIONS "\nOptions:\n"
#define USAGE_SEPARATOR "\n"
#define USAGE_HELP_OPTIONS(marg)                                                       \
	printf("%-" #marg "s%s\n%-" #marg "s%s\n", " -h, --help", "display this help", \
	       " -V, --version", "display version")
#define USAGE_MAN_TAIL(man) printf("\nFor more details see %s.\n", man)

/* `TOOL from xnsutils VERSION`, then exit 0 (closestream checks stdout). */
#define xt_print_version()                                                             \
	do {                                                                           \
		printf("%s from %s\n", program_invocation_short_name, PACKAGE_STRING); \
		exit(EXIT_SUCCESS);                                                    \
	} while (0)

/* The second line of every usage error. */
#define xt_errtryhelp(status)                                              \
	do {                                                               \
		fprintf(stderr, "Try '%s --help' for more information.\n", \
			program_invocation_short_name);                    \
		exit(status);                                              \
	} while (0)

/* After a failed execvp: 127 when the program is missing, else 126. */
#define xt_exec_status(e) (((e) == ENOENT || (e) == ENOTDIR) ? XT_EX_NOTFOUND : XT_EX_NOEXEC)

#endif
