/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef XT_EXITCODES_H
#define XT_EXITCODES_H

/*
 * Exit statuses shared by all tools, beyond EXIT_SUCCESS and EXIT_FAILURE
 * (a tool's own failure, usage errors included): a program that could not
 * be run ends with the shell's statuses.
 */
#define XT_EX_NOEXEC 126   /* program found but could not be executed */
#define XT_EX_NOTFOUND 127 /* program not found */

#endif
