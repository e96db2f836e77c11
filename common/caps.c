/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * caps.c - capabilities through libcap-ng.
 */
#include <errno.h>

#include <cap-ng.h>

#include "caps.h"

/*
 * In the static tools, libcap-ng's constructor was moved out of
 * .init_array into this section at build time (configure.ac), so that runs
 * which never touch capabilities do not pay its eight system calls. The
 * linker provides the bounds; weak, so that a dynamic build (where the
 * constructor ran at load time) sees none.
 */
typedef void (*xt_ctor)(void);
extern const xt_ctor __start_xt_capng_ctors[] __attribute__((__weak__));
extern const xt_ctor __stop_xt_capng_ctors[] __attribute__((__weak__));

static void init_capng(void)
{
	static int done;

	if (done++)
		return;
	for (const xt_ctor *f = __start_xt_capng_ctors; f && f < __stop_xt_capng_ctors; f++)
		(*f)();
}

int xt_caps_keep_ambient(void)
{
	init_capng();
	if (capng_get_caps_process() != 0)
		return -EPERM;
	/* the running kernel may know more capabilities than our headers */
	for (unsigned int cap = 0; cap < 64; cap++) {
		if (!capng_have_capability(CAPNG_PERMITTED, cap))
			continue;
		if (capng_update(CAPNG_ADD, CAPNG_INHERITABLE | CAPNG_AMBIENT, cap) != 0)
			return -EPERM;
	}
	/* ambient capabilities must be inheritable first, hence two applies */
	if (capng_apply(CAPNG_SELECT_CAPS) != 0 || capng_apply(CAPNG_SELECT_AMBIENT) != 0)
		return -EPERM;
	return 0;
}
