/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn.h - start a child that runs a function on our memory, vfork-style.
 */
#ifndef XT_SPAWN_H
#define XT_SPAWN_H

#include <sys/types.h>

/* xt_spawn() flags */
#define XT_SPAWN_SHARE_VM 0x1 /* share our memory in a sanitizer build too */

/**
 * xt_spawn() - run @fn(@arg) in a child process that borrows our memory
 * until it execs or exits (clone(2) with CLONE_VM | CLONE_VFORK)
 * @fn: the child's body: it ends in execve() or _exit(), or returns the
 *      child's exit status
 * @arg: passed to @fn
 * @flags: 0 or XT_SPAWN_SHARE_VM
 *
 * Borrowing our memory spares copying our page tables, the largest part of
 * a fork(). We sleep until the child has exec'd or exited, so when this
 * returns the child's stack (a static one of 64 KiB here) is free again and
 * what the child wrote in memory is there to read. Meanwhile the child may
 * touch nothing of ours but what @arg lends it, and must call only what is
 * safe in a process that shares memory with another: plain system calls
 * rather than libc's wrappers that keep process-wide state (setuid() and
 * friends synchronise all threads, for instance), no malloc(), no stdio.
 *
 * A build with AddressSanitizer (XT_ASAN in c.h) cannot follow a process
 * that runs on our memory on a stack of its own: there the child is a plain
 * fork() copy, we do not wait for its exec, and what it writes in memory
 * stays in its copy, so it must answer through a descriptor. With
 * XT_SPAWN_SHARE_VM the child shares our memory in that build too (for a
 * child that answers in memory; it must then avoid noreturn calls, which
 * make the sanitizer warn about the unknown stack).
 *
 * The child's exit signal is SIGCHLD: reap it with xt_waitpid().
 * Return: the child's pid, or -errno.
 */
pid_t xt_spawn(int (*fn)(void *arg), void *arg, unsigned int flags);

#endif
