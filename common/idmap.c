/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * idmap.c - uid/gid maps.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "idmap.h"
#include "strutils.h"

/* Split @s at @sep into exactly three strict ids. */
static int parse_triple(const char *s, char sep, uint32_t v[3])
{
	char buf[64], *p = buf, *q;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (int i = 0; i < 3; i++) {
		q = strchr(p, sep);
		if (i < 2) {
			if (!q)
				return -EINVAL;
			*q = '\0';
		} else if (q) {
			return -EINVAL;
		}
		/* ids end at 4294967294, but a count may cover the whole space */
		uint64_t n;
		int rc = xt_strtou64(p, 0, i < 2 ? XT_ID_MAX : UINT32_MAX, &n);
		if (rc < 0)
			return rc;
		v[i] = (uint32_t)n;
		if (q)
			p = q + 1;
	}
	return 0;
}

int xt_idrange_parse(const char *s, struct xt_idrange *out)
{
	uint32_t v[3];
	struct xt_idrange r;
	int rc;

	if (strchr(s, ':')) {
		rc = parse_triple(s, ':', v);
		r = (struct xt_idrange){ .inner = v[0], .outer = v[1], .count = v[2] };
	} else {
		rc = parse_triple(s, ',', v);
		r = (struct xt_idrange){ .outer = v[0], .inner = v[1], .count = v[2] };
	}
	if (rc < 0)
		return rc;
	/* ids run up to 4294967294; the last id of a range may be that */
	if (r.count == 0 || (uint64_t)r.inner + r.count > (uint64_t)XT_ID_MAX + 1 ||
	    (uint64_t)r.outer + r.count > (uint64_t)XT_ID_MAX + 1)
		return -ERANGE;
	*out = r;
	return 0;
}

int xt_idmap_add(struct xt_idmap *m, struct xt_idrange r)
{
	struct xt_idrange *p;

	if (m->n >= XT_IDMAP_MAX_LINES)
		return -E2BIG;
	p = reallocarray(m->r, m->n + 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p[m->n++] = r;
	m->r = p;
	return 0;
}

void xt_idmap_free(struct xt_idmap *m)
{
	free(m->r);
	m->r = NULL;
	m->n = 0;
}

int xt_idmap_subid_line(char *line, const char *user, uid_t uid, int identity,
			struct xt_idrange *out)
{
	char *name = line, *start, *count, *nl, uidstr[16];
	uint32_t s, c;

	nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';
	start = strchr(name, ':');
	if (!start)
		return -ENOENT;
	*start++ = '\0';
	snprintf(uidstr, sizeof(uidstr), "%u", (unsigned)uid);
	if (strcmp(name, uidstr) != 0 && (!user || strcmp(name, user) != 0))
		return -ENOENT;
	count = strchr(start, ':');
	if (!count)
		return -EINVAL;
	*count++ = '\0';
	if (xt_parse_id(start, &s) < 0 || xt_parse_id(count, &c) < 0 || c == 0 ||
	    (uint64_t)s + c > (uint64_t)XT_ID_MAX + 1)
		return -EINVAL;
	out->outer = s;
	out->count = c;
	out->inner = identity ? s : XT_IDMAP_AUTO;
	return 0;
}

int xt_idmap_subid(const char *path, const char *user, uid_t uid, int identity,
		   struct xt_idrange *out)
{
	char *line = NULL;
	size_t cap = 0;
	FILE *f;
	int rc = -ENOENT;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (rc == -ENOENT && getline(&line, &cap, f) != -1)
		rc = xt_idmap_subid_line(line, user, uid, identity, out);
	free(line);
	fclose(f);
	return rc;
}

int xt_idmap_all(const char *path, struct xt_idmap *m)
{
	unsigned long long inner, outer, count;
	FILE *f = fopen(path, "re");
	int rc = 0;

	if (!f)
		return -errno;
	while (fscanf(f, "%llu %llu %llu", &inner, &outer, &count) == 3) {
		/* our own ids are the inner side of our map */
		if (count == 0 || inner + count > (unsigned long long)XT_ID_MAX + 1)
			count = (unsigned long long)XT_ID_MAX + 1 - inner;
		rc = xt_idmap_add(m, (struct xt_idrange){ .inner = (uint32_t)inner,
							  .outer = (uint32_t)inner,
							  .count = (uint32_t)count });
		if (rc < 0)
			break;
	}
	fclose(f);
	return rc;
}

/* A run of ids from @start upwards that skips @hole (if @hole >= @start). */
struct idseq {
	uint64_t next;
	uint64_t hole; /* UINT64_MAX: none */
};

static void seq_skip_hole(struct idseq *s)
{
	if (s->next == s->hole) {
		s->next++;
		s->hole = UINT64_MAX;
	}
}

/*
 * Pair @n ids of @in with @n ids of @out, appending the runs as ranges
 * (at most three, since each side has at most one hole).
 */
static int zip_ranges(struct xt_idmap *dst, struct idseq in, struct idseq out, uint64_t n)
{
	int rc = 0;

	if (in.hole < in.next)
		in.hole = UINT64_MAX;
	if (out.hole < out.next)
		out.hole = UINT64_MAX;
	while (n > 0 && rc == 0) {
		uint64_t len = n;

		seq_skip_hole(&in);
		seq_skip_hole(&out);
		if (in.hole != UINT64_MAX && in.hole - in.next < len)
			len = in.hole - in.next;
		if (out.hole != UINT64_MAX && out.hole - out.next < len)
			len = out.hole - out.next;
		rc = xt_idmap_add(dst, (struct xt_idrange){ .inner = (uint32_t)in.next,
							    .outer = (uint32_t)out.next,
							    .count = (uint32_t)len });
		in.next += len;
		out.next += len;
		n -= len;
	}
	return rc;
}

static int contains(const struct xt_idrange *r, uint32_t first, uint32_t id)
{
	return id >= first && (uint64_t)id < (uint64_t)first + r->count;
}

int xt_idmap_merge_single(struct xt_idmap *m, uint32_t inner, uint32_t outer)
{
	struct xt_idmap res = { 0 };
	int single = inner != XT_IDMAP_AUTO;
	int rc = 0;

	if (single)
		rc = xt_idmap_add(&res, (struct xt_idrange){ inner, outer, 1 });
	for (size_t i = 0; i < m->n && rc == 0; i++) {
		const struct xt_idrange *r = &m->r[i];
		int is_auto = r->inner == XT_IDMAP_AUTO;
		uint32_t first_in = is_auto ? 0 : r->inner;
		uint64_t n = r->count;
		struct idseq in = { first_in, UINT64_MAX }, out = { r->outer, UINT64_MAX };

		if (single && contains(r, r->outer, outer)) {
			out.hole = outer;
			n--;
		}
		if (single && (is_auto || contains(r, first_in, inner))) {
			in.hole = inner;
			/* an explicit range loses the id; an auto one moves past it */
			if (!is_auto && out.hole == UINT64_MAX)
				n--;
		}
		if (n > 0)
			rc = zip_ranges(&res, in, out, n);
	}
	if (rc < 0) {
		xt_idmap_free(&res);
		return rc;
	}
	xt_idmap_free(m);
	*m = res;
	return 0;
}

int xt_idmap_format(const struct xt_idmap *m, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return -E2BIG;
	buf[0] = '\0';
	for (size_t i = 0; i < m->n; i++) {
		int n = snprintf(buf + len, size - len, "%" PRIu32 " %" PRIu32 " %" PRIu32 "\n",
				 m->r[i].inner, m->r[i].outer, m->r[i].count);
		if (n < 0 || (size_t)n >= size - len)
			return -E2BIG;
		len += (size_t)n;
	}
	return (int)len;
}

int xt_idmap_write(pid_t pid, const char *which, const struct xt_idmap *m)
{
	char buf[4096];
	int len = xt_idmap_format(m, buf, sizeof(buf));

	if (len < 0)
		return len;
	return xt_proc_write(pid, which, buf, (size_t)len);
}

char **xt_idmap_helper_argv(const char *helper, pid_t pid, const struct xt_idmap *m)
{
	size_t n = 2 + 3 * m->n, i = 0;
	char **argv = calloc(n + 1, sizeof(*argv));

	if (!argv)
		return NULL;
	if (!(argv[i++] = strdup(helper)) || asprintf(&argv[i++], "%d", (int)pid) < 0)
		goto fail;
	for (size_t k = 0; k < m->n; k++) {
		if (asprintf(&argv[i++], "%" PRIu32, m->r[k].inner) < 0 ||
		    asprintf(&argv[i++], "%" PRIu32, m->r[k].outer) < 0 ||
		    asprintf(&argv[i++], "%" PRIu32, m->r[k].count) < 0)
			goto fail;
	}
	return argv;
fail:
	argv[i - 1] = NULL; /* asprintf leaves it undefined on failure */
	xt_argv_free(argv);
	return NULL;
}

void xt_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

int xt_setgroups_denied(void)
{
	char buf[16];
	int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	return strncmp(buf, "deny", 4) == 0;
}
