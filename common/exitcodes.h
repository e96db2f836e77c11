/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef XT_EXITCODES_H
#define XT_EXITCODES_H

/* Exit statuses shared by all tools (SPEC: common contract). */
#define XT_EX_OK 0
#define XT_EX_FAILURE 1	  /* own failure, usage errors included */
#define XT_EX_NOEXEC 126  /* program found but could not be executed */
#define XT_EX_NOTFOUND 127 /* program not found */

#endif
