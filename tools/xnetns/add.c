/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * add.c - binding a name to a network namespace, all or nothing: /run/netns
 * set up once under a lock in its own peer group, the name made by a helper
 * that no signal stops half-way, and the long-lived helper that makes the
 * names of a batch, pipelined.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "c.h"
#include "hints.h"
#include "nsfile.h"
#include "procwait.h"
#include "spawn.h"
#include "strutils.h"
#include "xalloc.h"
#include "xnetns.h"

enum add_step {
	ADD_DONE,
	ADD_MKDIR,
	ADD_LOCK,
	ADD_BIND_DIR,
	ADD_SHARED,
	ADD_CREATE,
	ADD_UNSHARE,
	ADD_BIND,
	ADD_HELPER,
	ADD_SKIPPED
};

/* Shared between xnetns and its helper (same memory, CLONE_VM). */
struct add_job {
	const char *path;   /* /run/netns/NAME */
	const char *source; /* NULL: a new namespace; else /proc/PID/ns/net */
	enum add_step step; /* the step that failed */
	int err;
};

static int add_fail(struct add_job *job, enum add_step step)
{
	job->step = step;
	job->err = errno;
	return -1;
}

/*
 * Lock /run/netns (flock @how, waiting through signals); the descriptor, or
 * -1 when the directory cannot be opened (the step that needs it reports).
 */
static int lock_run_dir(int how)
{
	int fd = open(NETNS_RUN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0)
		while (flock(fd, how) < 0 && errno == EINTR)
			;
	return fd;
}

/*
 * Make /run/netns a shared mount, so names made later appear in the mount
 * namespaces of running `exec`s too. Already a mount point: marking it
 * shared is one call (a no-op when it is; a private lab tmpfs gets a peer
 * group of its own). First use: under a lock on the directory, so that
 * parallel first uses make one mount between them, bind it onto itself
 * (recursively: names bound before stay visible), then private before
 * shared, so that it gets a peer group of its own instead of joining /run's
 * (else each name would be mounted twice where /run is shared).
 */
static int setup_run_dir(struct add_job *job)
{
	int fd, rc = 0;

	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED, NULL) == 0)
		return 0;
	if (errno == ENOENT) {
		if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST)
			return add_fail(job, ADD_MKDIR);
	} else if (errno != EINVAL) {
		return add_fail(job, ADD_SHARED);
	}
	fd = lock_run_dir(LOCK_EX);
	if (fd < 0)
		return add_fail(job, ADD_LOCK);
	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED, NULL) == 0)
		goto out; /* made by another process while we waited */
	if (errno != EINVAL)
		rc = add_fail(job, ADD_SHARED);
	else if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL) < 0)
		rc = add_fail(job, ADD_BIND_DIR);
	else if (mount("", NETNS_RUN_DIR, "none", MS_PRIVATE, NULL) < 0 ||
		 mount("", NETNS_RUN_DIR, "none", MS_SHARED, NULL) < 0)
		rc = add_fail(job, ADD_SHARED);
out:
	close(fd); /* and with it the lock */
	return rc;
}

/*
 * Make one name: the steps after /run/netns is ready. mknod is O_EXCL's
 * twin in one call: an existing name is never touched, a dangling symlink
 * never followed. The new namespace is the calling helper's own, so xnetns
 * stays where it is and never has to switch back (which a user namespace
 * may forbid). 0, or -1 with the failed step in @job.
 */
static int add_steps(struct add_job *job)
{
	/*
	 * From creating the file to binding it, under a lock on the
	 * directory: whoever finds the name taken waits for the lock before
	 * telling a name being made from one left half-made (hint_stale).
	 */
	int lock = lock_run_dir(LOCK_EX), rc = -1;

	if (mknod(job->path, S_IFREG, 0) < 0) {
		add_fail(job, ADD_CREATE);
		goto out;
	}
	if (!job->source && unshare(CLONE_NEWNET) < 0) {
		add_fail(job, ADD_UNSHARE);
		goto undo;
	}
	if (mount(job->source ? job->source : "/proc/self/ns/net", job->path, "none", MS_BIND,
		  NULL) < 0) {
		add_fail(job, ADD_BIND);
		goto undo;
	}
	rc = 0;
	goto out;
undo:
	unlink(job->path);
out:
	if (lock >= 0)
		close(lock); /* and with it the lock */
	return rc;
}

/*
 * The helper of a one-shot add: runs in xnetns's memory while xnetns waits
 * (vfork), but as a process of its own in a session of its own, so that no
 * signal sent to xnetns or its process group stops it half-way: it always
 * ends with the name either bound to a namespace or removed. Only plain
 * system calls here.
 */
static int add_helper(void *arg)
{
	struct add_job *job = arg;

	setsid();
	if (setup_run_dir(job) < 0 || add_steps(job) < 0)
		return 1;
	return 0;
}

/*
 * A batch makes its names through one long-lived helper (a process per
 * name would cost more than the name), with the same guarantees. Requests
 * go over a socket pair: a kind, the source ("" for a new namespace), NUL,
 * the path. Kinds: 'A' make it, answer only a failure (batches send these
 * on without waiting); 'S' make it and answer; 'Y' answer at once (a
 * marker: every request before it has been answered). An answer is the
 * step that failed (ADD_DONE: none, -1: the marker), its errno, and the
 * number of the request it answers.
 */
struct add_answer {
	int step, err;
	unsigned long seq;
};

/*
 * Every send and receive on the helper's socket pair goes through these: a
 * call interrupted by a signal (a stop and a continue) is made again, never
 * taken for the helper's end.
 */
static ssize_t pair_send(int fd, const void *buf, size_t len)
{
	ssize_t n;

	do
		n = send(fd, buf, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n;
}

static ssize_t pair_recv(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = recv(fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	return n;
}

static int batch_helper_fd = -1;
static pid_t batch_helper_pid = -1;
static unsigned long batch_helper_sent; /* requests sent to it */

static void __attribute__((__noreturn__)) batch_helper(int fd)
{
	char req[PATH_MAX + 64];
	bool ready = false, skipping = false;
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	pid_t parent = getppid();
	unsigned long seq = 0;

	setsid();
	for (;;) {
		struct add_job job = { .step = ADD_DONE };
		struct add_answer ans;
		ssize_t n = pair_recv(fd, req, sizeof(req) - 1);

		/* xnetns was killed: what it had sent stays undone */
		if (getppid() != parent)
			n = 0;
		if (n <= 0) {
			/*
			 * xnetns is done (or gone): so are we. Leaving the
			 * last namespace made first, where we may: exiting
			 * as its last user would make our exit (and so the
			 * batch) wait for its teardown.
			 */
			if (home >= 0)
				(void)setns(home, CLONE_NEWNET);
			_exit(0);
		}
		req[n] = '\0';
		ans.seq = ++seq;
		if (req[0] == 'Y') {
			ans.step = -1;
			ans.err = 0;
		} else {
			job.source = req[1] ? req + 1 : NULL;
			job.path = req + 1 + strlen(req + 1) + 1;
			if (skipping)
				job.step = ADD_SKIPPED;
			else if (ready || (ready = setup_run_dir(&job) == 0))
				(void)add_steps(&job);
			/* Without -f a batch ends at its first failure: what
			 * was sent after it is never done. */
			if (job.step != ADD_DONE && !opt.force)
				skipping = true;
			if (req[0] == 'A' && (job.step == ADD_DONE || job.step == ADD_SKIPPED))
				continue;
			ans.step = job.step;
			ans.err = job.err;
		}
		if (pair_send(fd, &ans, sizeof(ans)) < 0)
			_exit(1);
	}
}

/* End the batch helper: it leaves at end of file; reap it. */
void batch_helper_done(void)
{
	int status;

	if (batch_helper_fd < 0)
		return;
	close(batch_helper_fd);
	batch_helper_fd = -1;
	(void)xt_waitpid(batch_helper_pid, &status, 0);
}

/* Start the batch helper unless it runs. 0 or -errno. */
static int batch_helper_start(void)
{
	pid_t pid;
	int sv[2];

	if (batch_helper_fd >= 0)
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close(sv[0]);
		close(sv[1]);
		return -e;
	}
	if (pid == 0) {
		close(sv[0]);
		batch_helper(sv[1]);
	}
	close(sv[1]);
	batch_helper_fd = sv[0];
	batch_helper_pid = pid;
	batch_helper_sent = 0;
	return 0;
}

/* Send the helper a request of @kind for @path (from @source). 0 or -errno. */
static int batch_helper_send(char kind, const char *source, const char *path)
{
	char req[PATH_MAX + 64];
	size_t slen = source ? strlen(source) : 0;

	req[0] = kind;
	memcpy(req + 1, source ? source : "", slen + 1);
	strcpy(req + 2 + slen, path);
	if (pair_send(batch_helper_fd, req, slen + 2 + strlen(path)) < 0)
		return -errno;
	batch_helper_sent++;
	return 0;
}

/* Ask the batch helper (started on first use) to make @job, and wait. */
static void batch_add(struct add_job *job)
{
	struct add_answer ans;

	if (batch_helper_start() < 0) {
		add_fail(job, ADD_HELPER);
		return;
	}
	if (batch_helper_send('S', job->source, job->path) < 0 ||
	    pair_recv(batch_helper_fd, &ans, sizeof(ans)) != (ssize_t)sizeof(ans)) {
		/* the helper was killed: the next add starts another */
		add_fail(job, ADD_HELPER);
		batch_helper_done();
		return;
	}
	job->step = ans.step;
	job->err = ans.err;
}

/* After "File exists": say so when the entry is not a usable namespace. */
static void hint_stale(const char *path, const char *name)
{
	char vpath[VISIBLE_MAX + sizeof(NETNS_RUN_DIR)];
	/* an add of this name under way holds the lock until it is bound */
	int lock = lock_run_dir(LOCK_SH);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	int type = fd < 0 ? -errno : xt_ns_type(fd);

	if (fd >= 0)
		close(fd);
	if (lock >= 0)
		close(lock);
	if (type == CLONE_NEWNET)
		return;
	warnx("hint: \"%s\" is not a network namespace (left by an interrupted add?): "
	      "'%s delete %s' removes it",
	      xt_visible(path, vpath, sizeof(vpath)), program_invocation_short_name, vis(name));
}

static int report_add_failure(const struct add_job *job, const char *name)
{
	char hint[256];
	const char *h = NULL;

	errno = job->err;
	switch (job->step) {
	case ADD_MKDIR:
		warn("mkdir %s failed", NETNS_RUN_DIR);
		break;
	case ADD_LOCK:
		warn("Cannot open netns runtime directory \"%s\"", NETNS_RUN_DIR);
		break;
	case ADD_BIND_DIR:
		warn("mount --bind %s %s failed", NETNS_RUN_DIR, NETNS_RUN_DIR);
		h = xt_mount_hint(job->err, hint, sizeof(hint));
		break;
	case ADD_SHARED:
		warn("mount --make-shared %s failed", NETNS_RUN_DIR);
		break;
	case ADD_CREATE:
		warn("Cannot create namespace file \"%s/%s\"", NETNS_RUN_DIR, vis(name));
		if (job->err == EEXIST)
			hint_stale(job->path, name);
		break;
	case ADD_UNSHARE:
		warn("Failed to create a new network namespace \"%s\"", vis(name));
		h = xt_unshare_hint(job->err, CLONE_NEWNET, hint, sizeof(hint));
		break;
	case ADD_BIND:
		warn("Bind %s -> %s/%s failed", job->source ? job->source : "/proc/self/ns/net",
		     NETNS_RUN_DIR, vis(name));
		h = xt_mount_hint(job->err, hint, sizeof(hint));
		break;
	case ADD_HELPER:
		warn("Cannot make namespace file \"%s/%s\"", NETNS_RUN_DIR, vis(name));
		break;
	case ADD_DONE:
	case ADD_SKIPPED:
		break;
	}
	if (h)
		warnx("hint: %s", h);
	return EXIT_FAILURE;
}

/*
 * Bind NAME to a new network namespace (@source NULL) or to @source, all or
 * nothing. The termination signals are held while the helper works; one
 * that arrived meanwhile undoes the name, then ends xnetns as it would have.
 */
int make_name(const char *name, const char *source)
{
	char path[PATH_MAX];
	struct add_job job = { .path = path, .source = source, .step = ADD_DONE };
	sigset_t term, old, pending;
	pid_t pid;
	int status = 0;

	name_path(path, sizeof(path), name);
	sigemptyset(&term);
	sigaddset(&term, SIGINT);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGHUP);
	sigaddset(&term, SIGQUIT);
	sigprocmask(SIG_BLOCK, &term, &old);
	if (opt.in_batch) {
		batch_add(&job);
	} else {
		/*
		 * The helper shares our memory (its verdict lands straight in
		 * job, in a sanitizer build too) while we are suspended, and is
		 * a process of its own: it leaves our session (setsid), out of
		 * reach of the signals sent to us.
		 */
		pid = xt_spawn(add_helper, &job, XT_SPAWN_SHARE_VM);
		if (pid < 0) {
			warnc(-pid, "fork failed");
			sigprocmask(SIG_SETMASK, &old, NULL);
			return EXIT_FAILURE;
		}
		(void)xt_waitpid(pid, &status, 0);
		if (job.step == ADD_DONE && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
			job.step = ADD_HELPER, job.err = EINTR; /* the helper was killed */
	}
	if (job.step != ADD_DONE) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return report_add_failure(&job, name);
	}
	if (opt.atomic)
		undo_name(path); /* and a signal meanwhile is the batch's (undo.c) */
	/*
	 * (sigpending fails only on a bad pointer; were it to fail, a
	 * signal pending is delivered at the unmask below, as one that came
	 * just after the add: the name stays, made whole.)
	 */
	if (sigpending(&pending) < 0)
		sigemptyset(&pending);
	for (int sig = 1; sig < NSIG && !opt.atomic; sig++) {
		if (sigismember(&term, sig) == 1 && sigismember(&pending, sig) == 1) {
			(void)remove_name(path);
			xt_die_by_signal(sig);
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

/*
 * The adds of a batch are pipelined: each `add` line goes to the helper
 * and the batch reads on while the helper makes the names; the helper
 * speaks only of failures. Before any other command runs, before an error
 * of a later line is printed, and at the end, a marker collects those
 * failures, in line order. At most QUEUE_MAX adds are in flight, so that
 * the answers can never fill the socket while we are sending.
 */
#define QUEUE_MAX 128

static struct {
	unsigned long line[QUEUE_MAX], seq[QUEUE_MAX];
	char *name[QUEUE_MAX];
	unsigned int head, count;
} queue;

/* Report the failed add at the head of the queue (or all, helper gone). */
static void queue_report(const struct add_answer *ans)
{
	unsigned int i = queue.head;
	struct add_job job = { .step = (enum add_step)ans->step, .err = ans->err };
	char path[PATH_MAX];

	name_path(path, sizeof(path), queue.name[i]);
	job.path = path;
	report_add_failure(&job, queue.name[i]);
	warnx("Command failed %s:%lu", batch.file, queue.line[i]);
	batch.failed = true;
	batch.stop = !opt.force;
}

static void queue_pop(void)
{
	free(queue.name[queue.head]);
	queue.head = (queue.head + 1) % QUEUE_MAX;
	queue.count--;
}

/* Collect the answers of every add in flight. */
void queue_drain(void)
{
	struct add_answer ans;

	if (queue.count == 0)
		return;
	if (batch_helper_send('Y', NULL, "") < 0)
		goto gone;
	for (;;) {
		if (pair_recv(batch_helper_fd, &ans, sizeof(ans)) != (ssize_t)sizeof(ans))
			goto gone;
		if (ans.step < 0)
			break;
		while (queue.count && queue.seq[queue.head] < ans.seq)
			queue_pop(); /* made */
		if (queue.count && queue.seq[queue.head] == ans.seq) {
			queue_report(&ans);
			queue_pop();
		}
	}
	while (queue.count)
		queue_pop();
	return;
gone:
	/* the helper was killed: what it had not answered counts as failed */
	ans.step = ADD_HELPER;
	ans.err = EPIPE;
	if (queue.count) {
		queue_report(&ans);
		batch.stop = true;
	}
	while (queue.count)
		queue_pop();
	batch_helper_done();
}

/* `add NAME` with a good name: sent on. false when it must run as usual. */
bool queue_add(int argc, char **argv, unsigned long lineno)
{
	char path[PATH_MAX];
	unsigned int i;

	if (argc != 2 || strcmp(argv[0], "add") != 0 || !xnetns_name_valid(argv[1]) ||
	    xt_has_control(argv[1]))
		return false;
	if (queue.count == QUEUE_MAX)
		queue_drain();
	if (batch_helper_start() < 0)
		return false;
	name_path(path, sizeof(path), argv[1]);
	if (batch_helper_send('A', NULL, path) < 0) {
		queue_drain();
		return false;
	}
	i = (queue.head + queue.count++) % QUEUE_MAX;
	queue.name[i] = xstrdup(argv[1]);
	queue.line[i] = lineno;
	queue.seq[i] = batch_helper_sent;
	return true;
}
