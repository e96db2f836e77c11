/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef XT_SIGNAMES_H
#define XT_SIGNAMES_H

/**
 * xt_signame_to_num() - a signal name to its number
 *
 * Case-insensitive, "SIG" prefix optional, "RTMIN+n"/"RTMAX-n" accepted;
 * numbers are not (as util-linux's --kill-child). Return: the number, or
 * -EINVAL.
 */
int xt_signame_to_num(const char *name);

#endif
