/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch.c - -b FILE: the reader (ip's quoting, comments and continued
 * lines), and the grouping of consecutive `link del` lines into one kernel
 * round.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/if_link.h>

#include "c.h"
#include "xalloc.h"
#include "xnetns.h"

struct batch_run batch;

/*
 * Split a batch line into words, in place: blanks separate, "..." and
 * '...' quote, '#' at the start of a word begins a comment. -1 for an
 * unterminated quote.
 */
int split_words(char *p, char ***argvp, int *argcp)
{
	char **argv = *argvp;
	int argc = 0;

	for (;;) {
		char *start;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			break;
		if (*p == '"' || *p == '\'') {
			char *end = strchr(p + 1, *p);

			if (!end) {
				*argvp = argv; /* it may have moved: the caller frees it */
				return -1;
			}
			start = p + 1;
			*end = '\0';
			p = end + 1;
		} else {
			start = p;
			p += strcspn(p, " \t\n\r");
			if (*p)
				*p++ = '\0';
		}
		argv = xreallocarray(argv, (size_t)argc + 2, sizeof(*argv));
		argv[argc++] = start;
	}
	if (argv)
		argv[argc] = NULL;
	*argvp = argv;
	*argcp = argc;
	return 0;
}

/* ---- batch: consecutive `link del` lines in one kernel round ------------ */

/*
 * Each RTM_DELLINK waits for an RCU grace period (~16 ms); a group of links
 * deleted by one RTM_DELLINK waits once. So the `link del` lines of a run
 * are queued, then at its end: one dump resolves every name (in line order,
 * with ip's verdicts: a missing device, or one that an earlier line's veth
 * takes with it, is `Cannot find device`), the links move into a scratch
 * group no link here uses (no wait), and one request deletes the group.
 * Should that fail (a link that cannot be deleted, such as lo), each is
 * deleted on its own, back in its old group when that fails too, so that
 * every line gets its own verdict.
 */
struct del_line {
	char *dev;
	unsigned long lineno;
	int err;       /* 0, -ENODEV (ours), or the kernel's -errno */
	char msg[256]; /* the kernel's extended-ack text */
	const struct link *k;
	bool chosen;
};

static struct {
	struct del_line *v;
	size_t n;
} dq;

/*
 * A line `link del[ete] [dev] NAME` that can join a group. A name ip
 * refuses before asking the kernel (blank, '/') goes the usual way, so
 * that the line gets ip's message for it.
 */
static bool link_del_line(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[0], "link") != 0 ||
	    (strcmp(argv[1], "del") != 0 && strcmp(argv[1], "delete") != 0))
		return false;
	if (!(argc == 3 ? strcmp(argv[2], "dev") != 0 : argc == 4 && strcmp(argv[2], "dev") == 0))
		return false;
	return ifname_fits(argv[argc - 1], SIZE_MAX);
}

static void link_del_queue(int argc, char **argv, unsigned long lineno)
{
	dq.v = xreallocarray(dq.v, dq.n + 1, sizeof(*dq.v));
	memset(&dq.v[dq.n], 0, sizeof(dq.v[0]));
	dq.v[dq.n].dev = xstrdup(argv[argc - 1]);
	dq.v[dq.n].lineno = lineno;
	dq.n++;
}

#define GROUP_CHUNK 128
#define GROUP_REQ_SIZE NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct ifinfomsg)) + NLA_HDRLEN + 4)

struct group_acks {
	struct del_line **lines;
	uint32_t first_seq;
};

static int take_group_ack(const struct nlmsghdr *nlh, void *data)
{
	struct group_acks *g = data;
	struct del_line *d = g->lines[nlh->nlmsg_seq - g->first_seq];
	int e = nlh->nlmsg_type == NLMSG_ERROR ? xt_nlmsg_error(nlh) : 0;

	if (e < 0 && d) {
		d->err = e;
		xt_nlmsg_extack(nlh, d->msg, sizeof(d->msg));
	}
	return 0;
}

/*
 * Put the links of @lines (those chosen, or all when @all) into @group
 * (@restore: each back into its own). Failures land in each line.
 */
static int set_groups(struct del_line **lines, size_t n, uint32_t group, bool restore)
{
	static char buf[GROUP_CHUNK * GROUP_REQ_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct del_line *chunk[GROUP_CHUNK];
	struct group_acks g = { .lines = chunk };
	size_t i = 0;
	int rc = 0;

	while (i < n && rc == 0) {
		size_t len = 0;
		unsigned int count = 0;

		for (; i < n && count < GROUP_CHUNK; i++) {
			struct nlmsghdr *nlh = (struct nlmsghdr *)(buf + len);

			xt_rtnl_link_req(nlh, RTM_NEWLINK, NLM_F_ACK, lines[i]->k->index);
			xt_nla_put_u32(nlh, IFLA_GROUP, restore ? lines[i]->k->group : group);
			len += NLMSG_ALIGN(nlh->nlmsg_len);
			chunk[count++] = lines[i];
		}
		g.first_seq = rtnl.seq + 1;
		rc = xt_rtnl_talk_many(&rtnl, buf, len, count, take_group_ack, &g);
	}
	return rc;
}

/* A group number no link of @l is in. */
static uint32_t scratch_group(const struct links *l)
{
	uint32_t g = 0x786e7300; /* "xns" */
	bool used = true;

	while (used) {
		used = false;
		for (size_t i = 0; i < l->n && !used; i++)
			used = l->v[i].group == g;
		if (used)
			g++;
	}
	return g;
}

/* Would an earlier chosen line's veth take @k with it? */
static bool taken_by_peer(size_t upto, const struct link *k)
{
	for (size_t i = 0; i < upto; i++) {
		const struct link *c = dq.v[i].chosen ? dq.v[i].k : NULL;

		if (c && (c == k || (!c->has_netnsid && c->peer == k->index) ||
			  (!k->has_netnsid && k->peer == c->index)))
			return true;
	}
	return false;
}

static void del_group(bool force)
{
	char buf[XT_NLMSG_MAX] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct links l = { 0 };
	struct del_line **chosen = xreallocarray(NULL, dq.n, sizeof(*chosen));
	size_t nc = 0, stop = dq.n;
	uint32_t group;
	int rc;

	if ((rc = dump_links(&rtnl, &l)) < 0) {
		for (size_t i = 0; i < dq.n; i++) {
			dq.v[i].err = rc;
			snprintf(dq.v[i].msg, sizeof(dq.v[i].msg), "%s", rtnl.errmsg);
		}
		goto out;
	}
	for (size_t i = 0; i < dq.n && i < stop; i++) {
		const struct link *k = find_name(&l, dq.v[i].dev);

		if (!k || taken_by_peer(i, k)) {
			dq.v[i].err = -ENODEV;
			if (!force)
				stop = i; /* ip stops here: later lines never run */
			continue;
		}
		dq.v[i].k = k;
		dq.v[i].chosen = true;
		chosen[nc++] = &dq.v[i];
	}
	group = scratch_group(&l);
	rc = set_groups(chosen, nc, group, false);
	/* without -f, a line the kernel refused ends the batch there too */
	for (size_t i = 0; i < nc; i++) {
		if (chosen[i]->err && !force && (size_t)(chosen[i] - dq.v) < stop)
			stop = (size_t)(chosen[i] - dq.v);
	}
	{
		struct del_line **back = xreallocarray(NULL, nc ? nc : 1, sizeof(*back));
		size_t nb = 0, keep = 0;

		for (size_t i = 0; i < nc; i++) {
			if (chosen[i]->err)
				continue;
			if ((size_t)(chosen[i] - dq.v) > stop)
				back[nb++] = chosen[i];
			else
				chosen[keep++] = chosen[i];
		}
		if (nb)
			(void)set_groups(back, nb, 0, true);
		for (size_t i = 0; i < nb; i++)
			back[i]->err = 0;
		free(back);
		nc = keep;
	}
	if (rc < 0 || nc == 0)
		goto out;
	xt_rtnl_link_req(buf, RTM_DELLINK, 0, 0);
	xt_nla_put_u32((struct nlmsghdr *)buf, IFLA_GROUP, group);
	if (xt_rtnl_talk(&rtnl, (struct nlmsghdr *)buf, NULL, NULL) == 0)
		goto out;
	/* one of them cannot go: each on its own, for its own verdict */
	for (size_t i = 0; i < nc; i++) {
		struct del_line *d = chosen[i];

		if ((size_t)(d - dq.v) > stop)
			break;
		rc = xt_rtnl_link_del(&rtnl, d->k->index, NULL);
		if (rc < 0) {
			d->err = rc;
			snprintf(d->msg, sizeof(d->msg), "%s", rtnl.errmsg);
			(void)set_groups(&chosen[i], 1, 0, true);
			if (!force)
				stop = (size_t)(d - dq.v);
		}
	}
out:
	free(chosen);
	free(l.v);
}

static int link_del_flush(const char *file, bool force)
{
	int failed = 0;

	if (dq.n == 0)
		return 0;
	if (rtnl_ready()) {
		for (size_t i = 0; i < dq.n; i++)
			dq.v[i].err = -EBADF;
	} else if (dq.n == 1) {
		int rc = xt_rtnl_link_del(&rtnl, 0, dq.v[0].dev);

		dq.v[0].err = rc;
		snprintf(dq.v[0].msg, sizeof(dq.v[0].msg), "%s", rtnl.errmsg);
	} else {
		del_group(force);
	}
	/* the verdicts, in line order; without -f only up to the first failure */
	for (size_t i = 0; i < dq.n; i++) {
		struct del_line *d = &dq.v[i];

		if (d->err && (!failed || force)) {
			if (d->err == -ENODEV) {
				no_device(d->dev);
			} else {
				struct xt_rtnl r = { .fd = -1 };

				snprintf(r.errmsg, sizeof(r.errmsg), "%s", d->msg);
				rtnl_error(&r, d->err);
			}
			warnx("Command failed %s:%lu", file, d->lineno);
			failed = 1;
		}
		free(d->dev);
	}
	free(dq.v);
	dq.v = NULL;
	dq.n = 0;
	return failed;
}

/* ---- the run ------------------------------------------------------------- */

/*
 * Delete the `link del` lines queued so far (link_del_flush() reports each
 * failed line). true when the batch must stop there (a failure, no -f).
 */
static bool flush_link_dels(const char *file)
{
	if (link_del_flush(file, opt.force)) {
		batch.failed = true;
		batch.stop = batch.stop || !opt.force;
	}
	return batch.stop;
}

/*
 * The next line of @in into *@line (a trailing backslash joins the next
 * one; *@lineno counts both). 1, 0 at the end, or -1 when the file ends in
 * the middle of a continued line (after ip's message).
 */
int read_line(FILE *in, char **line, size_t *size, unsigned long *lineno)
{
	static char *more;
	static size_t msize;
	size_t len;

	if (getline(line, size, in) < 0) {
		free(more);
		more = NULL;
		return 0;
	}
	++*lineno;
	len = strcspn(*line, "\n");
	(*line)[len] = '\0';
	while (len > 0 && (*line)[len - 1] == '\\' && getline(&more, &msize, in) >= 0) {
		++*lineno;
		(*line)[--len] = '\0';
		more[strcspn(more, "\n")] = '\0';
		*line = xreallocarray(*line, len + strlen(more) + 1, 1);
		*size = len + strlen(more) + 1;
		strcpy(*line + len, more);
		len = strlen(*line);
	}
	if (len > 0 && (*line)[len - 1] == '\\') {
		/* the file ended in the middle of a line: ip's words, and no command */
		warnx("Missing continuation line");
		return -1;
	}
	return 1;
}

static FILE *open_batch(const char *file)
{
	FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "re");

	if (!in)
		warn("Cannot open file \"%s\" for reading", file);
	return in;
}

/* ---- -atomic: read it all, refuse what cannot be undone, run, undo ------ */

struct atomic_line {
	unsigned long lineno;
	char *text; /* split into argv in place */
	char **argv;
	int argc; /* -1: an unterminated quote */
};

/*
 * The command of a line whose effect cannot be undone, in @buf, or NULL:
 * deleting (names, links, addresses, routes), an id (set), and what runs
 * or waits without end (exec, monitor).
 */
static const char *not_undoable(int argc, char **argv, char *buf, size_t size)
{
	static const char *const top[] = { "delete", "del", "set", "exec", "monitor" };
	static const char *const objects[] = { "link", "addr", "address", "route" };

	for (size_t i = 0; i < ARRAY_SIZE(top); i++) {
		if (strcmp(argv[0], top[i]) == 0) {
			snprintf(buf, size, "%s%s",
				 opt.all && strcmp(top[i], "set") != 0 &&
						 strcmp(top[i], "monitor") != 0 ?
					 "-all " :
					 "",
				 top[i]);
			return buf;
		}
	}
	for (size_t i = 0; argc >= 2 && i < ARRAY_SIZE(objects); i++) {
		if (strcmp(argv[0], objects[i]) == 0 &&
		    (strcmp(argv[1], "del") == 0 || strcmp(argv[1], "delete") == 0)) {
			snprintf(buf, size, "%s %s", objects[i], argv[1]);
			return buf;
		}
	}
	return NULL;
}

/* Read every line of @file into *@v (*@n lines). 0, or 1 after the messages. */
static int read_all(const char *file, struct atomic_line **v, size_t *n)
{
	FILE *in = open_batch(file);
	char *line = NULL, what[32];
	size_t size = 0;
	unsigned long lineno = 0;
	int rc, refused = 0;

	if (!in)
		return EXIT_FAILURE;
	while ((rc = read_line(in, &line, &size, &lineno)) > 0) {
		struct atomic_line *l;

		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		l = &(*v)[*n];
		l->lineno = lineno;
		l->text = xstrdup(line);
		l->argv = NULL;
		if (split_words(l->text, &l->argv, &l->argc) < 0)
			l->argc = -1;
		if (l->argc != 0) {
			++*n;
			continue;
		}
		free(l->argv);
		free(l->text);
	}
	free(line);
	if (in != stdin)
		fclose(in);
	if (rc < 0)
		return EXIT_FAILURE; /* Missing continuation line: said */
	for (size_t i = 0; i < *n; i++) {
		struct atomic_line *l = &(*v)[i];
		const char *cmd;

		if (l->argc < 0)
			warnx("Unterminated quoted string");
		else if ((cmd = not_undoable(l->argc, l->argv, what, sizeof(what))))
			warnx("-atomic: \"%s\" cannot be undone: nothing was run", cmd);
		else
			continue;
		warnx("Command failed %s:%lu", file, l->lineno);
		refused = 1;
	}
	return refused;
}

/*
 * -b FILE -atomic: the whole file read and checked first; then each line,
 * its changes logged (undo.c); at the first failure, or after a
 * termination signal (once the line under way is done), everything undone,
 * newest first. 0, 1, or death by that signal.
 */
static int run_atomic(const char *file)
{
	struct atomic_line *v = NULL;
	size_t n = 0;
	int rc, status = 0;

	rc = read_all(file, &v, &n);
	if (rc == 0) {
		opt.in_batch = true;
		batch.file = file;
		rc = undo_start(file);
	}
	for (size_t i = 0; rc == 0 && i < n && !undo_signal(); i++) {
		undo_line(v[i].lineno, v[i].argc, v[i].argv);
		if (run_command(v[i].argc, v[i].argv) != 0) {
			warnx("Command failed %s:%lu", file, v[i].lineno);
			status = 1;
			break;
		}
	}
	if (rc == 0) {
		undo_hold_signals();
		batch_helper_done();
		if (status || undo_signal()) {
			if (undo_run())
				status = 1;
			undo_die();
		}
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].argv);
		free(v[i].text);
	}
	free(v);
	return rc ? rc : status;
}

int run_batch(const char *file)
{
	FILE *in;
	char *line = NULL, **argv = NULL;
	size_t size = 0;
	unsigned long lineno = 0;
	int failed = 0, read_err;

	if (opt.atomic)
		return run_atomic(file);
	if (!(in = open_batch(file)))
		return EXIT_FAILURE;
	opt.in_batch = true;
	batch.file = file;
	while (read_line(in, &line, &size, &lineno) > 0) {
		int argc, rc;

		if (split_words(line, &argv, &argc) < 0) {
			(void)flush_link_dels(file);
			queue_drain();
			warnx("Unterminated quoted string");
			rc = EXIT_FAILURE;
		} else if (argc == 0) {
			continue;
		} else if (link_del_line(argc, argv)) {
			/* grouped with the next ones (below); adds report first */
			queue_drain();
			if (!batch.stop)
				link_del_queue(argc, argv, lineno);
			rc = 0;
		} else if (flush_link_dels(file)) {
			break;
		} else if (queue_add(argc, argv, lineno)) {
			rc = 0;
		} else {
			queue_drain();
			rc = batch.stop ? 0 : run_command(argc, argv);
		}
		if (rc != 0) {
			warnx("Command failed %s:%lu", file, lineno);
			failed = 1;
			if (!opt.force)
				break;
		}
		if (batch.stop)
			break;
	}
	/* a read error is not the end of the file: what was not read was not done */
	read_err = ferror(in) ? (errno ? errno : EIO) : 0;
	(void)flush_link_dels(file);
	queue_drain();
	batch_helper_done();
	if (read_err) {
		warnc(read_err, "Cannot read file \"%s\"", file);
		failed = 1;
	}
	failed |= batch.failed;
	free(argv);
	free(line);
	if (in != stdin)
		fclose(in);
	return failed;
}
