/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xmountprop-show - `xmountprop show`: the propagation of mounts, in
 * findmnt's words and shapes (libmount reads the table, libsmartcols prints
 * it, as findmnt does), and --tree: the propagation graph, peer groups with
 * their members and the groups and mounts that receive from them.
 *
 * A program of its own, run by xmountprop, so that setting propagation does
 * not load these libraries.
 */
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>

#include <libmount.h>
#include <libsmartcols.h>

#include "c.h"
#include "closestream.h"
#include "mountinfo.h"
#include "strutils.h"
#include "xalloc.h"

enum {
	COL_TARGET,
	COL_PROPAGATION,
	COL_ID,
	COL_PARENT,
	COL_PEER,
	COL_MASTER,
	COL_PROPAGATE_FROM,
	COL_FSTYPE,
	COL_SOURCE
};

static const struct colinfo {
	const char *name;
	double whint;
	int flags;
	bool number;
	const char *help;
} colinfos[] = {
	[COL_TARGET] = { "TARGET", 0.30, 0, false, "mount point" },
	[COL_PROPAGATION] = { "PROPAGATION", 0.10, 0, false,
			      "shared, private, private,slave, shared,slave, private,unbindable" },
	[COL_ID] = { "ID", 2, SCOLS_FL_RIGHT, true, "mount id" },
	[COL_PARENT] = { "PARENT", 2, SCOLS_FL_RIGHT, true, "mount id of the parent" },
	[COL_PEER] = { "PEER", 0.10, 0, false,
		       "peer group it sends to and receives from (shared:N)" },
	[COL_MASTER] = { "MASTER", 0.10, 0, false, "peer group it receives from (master:N)" },
	[COL_PROPAGATE_FROM] = { "PROPAGATE_FROM", 0.10, 0, false,
				 "nearest peer group under our root it receives from" },
	[COL_FSTYPE] = { "FSTYPE", 0.10, SCOLS_FL_TRUNC, false, "file system type" },
	[COL_SOURCE] = { "SOURCE", 0.25, 0, false, "mounted device or source" },
};

static struct {
	int cols[ARRAY_SIZE(colinfos)];
	size_t ncols;
	bool json, raw, noheadings, graph, output_given;
	pid_t task;
} ctl;

/* One mount of the table, with its optional fields taken apart. */
struct mnt {
	struct libmnt_fs *fs;
	unsigned int id, parent, shared, master, from;
	bool unbindable;
	const char *prop; /* xt_propagation_word() */
};

static struct mnt *mnts;
static size_t nmnts;
/* indices into mnts sorted by parent, then id: the children of a mount, in
 * findmnt's order (by id; ids are reused, so not the table's order) */
static size_t *kids;

static void __attribute__((__noreturn__)) usage(void)
{
	fputs(USAGE_HEADER, stdout);
	printf(" xmountprop show [options] [<mountpoint>...]\n");
	fputs(USAGE_SEPARATOR, stdout);
	fputs("Show the propagation of mounts: every mount as a tree, the given mount\n"
	      "points, or the propagation graph (--tree).\n",
	      stdout);
	fputs(USAGE_OPTIONS, stdout);
	fputs(" -J, --json             JSON output (findmnt's shape)\n", stdout);
	fputs(" -r, --raw              raw output: a flat list, blanks escaped\n", stdout);
	fputs(" -n, --noheadings       no header line\n", stdout);
	fputs(" -o, --output <list>    the columns to show\n", stdout);
	fputs("     --tree             the propagation graph: peer groups, their members,\n"
	      "                          and who receives from them\n",
	      stdout);
	fputs(" -N, --task <pid>       the mount namespace of process <pid>\n", stdout);
	fputs(USAGE_SEPARATOR, stdout);
	USAGE_HELP_OPTIONS(24);
	fputs("\nColumns:\n", stdout);
	for (size_t i = 0; i < ARRAY_SIZE(colinfos); i++)
		printf(" %14s  %s\n", colinfos[i].name, colinfos[i].help);
	USAGE_MAN_TAIL("xmountprop(8)");
	exit(EXIT_SUCCESS);
}

static int column_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(colinfos); i++)
		if (strlen(colinfos[i].name) == len &&
		    strncasecmp(colinfos[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static void parse_columns(const char *list)
{
	const char *p = list;

	ctl.ncols = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int c = column_by_name(p, len);

		if (c < 0 || ctl.ncols >= ARRAY_SIZE(ctl.cols))
			errx(EXIT_FAILURE, "unknown column: %.*s", (int)len, p);
		ctl.cols[ctl.ncols++] = c;
		p += len;
		if (*p == ',')
			p++;
	}
	if (ctl.ncols == 0)
		errx(EXIT_FAILURE, "no columns given to --output");
}

static void parse_args(int argc, char **argv)
{
	enum { OPT_TREE = CHAR_MAX + 1 };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "tree", no_argument, NULL, OPT_TREE },
		{ "task", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	program_invocation_short_name = (char *)"xmountprop";
	while ((c = getopt_long(argc, argv, "Jrno:N:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			ctl.json = true;
			break;
		case 'r':
			ctl.raw = true;
			break;
		case 'n':
			ctl.noheadings = true;
			break;
		case 'o':
			parse_columns(optarg);
			ctl.output_given = true;
			break;
		case OPT_TREE:
			ctl.graph = true;
			break;
		case 'N':
			ctl.task = xt_pid_or_err(optarg);
			break;
		case 'h':
			usage();
		case 'V':
			xt_print_version();
		default:
			xt_errtryhelp(EXIT_FAILURE);
		}
	}
	if (ctl.ncols == 0) {
		static const int defaults[] = { COL_TARGET, COL_ID, COL_PROPAGATION, COL_PEER,
						COL_MASTER };

		memcpy(ctl.cols, defaults, sizeof(defaults));
		ctl.ncols = ARRAY_SIZE(defaults);
	}
}

/* ---- the mount table ------------------------------------------------------- */

static unsigned int field_value(const char *fields, const char *tag)
{
	size_t n = strlen(tag);

	for (const char *p = fields; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL)
		if (strncmp(p, tag, n) == 0)
			return (unsigned int)strtoul(p + n, NULL, 10);
	return 0;
}

static bool field_present(const char *fields, const char *tag)
{
	size_t n = strlen(tag);

	for (const char *p = fields; p && *p; p = strchr(p, ' '), p = p ? p + 1 : NULL)
		if (strncmp(p, tag, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static struct libmnt_table *read_table(void)
{
	struct libmnt_table *tb = mnt_new_table();
	struct libmnt_iter *itr = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;
	char path[64];
	int rc;

	if (!tb || !itr)
		err(EXIT_FAILURE, "cannot allocate the mount table");
	if (ctl.task)
		snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)ctl.task);
	else
		snprintf(path, sizeof(path), "/proc/self/mountinfo");
	rc = mnt_table_parse_file(tb, path);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc == ENOENT && ctl.task ? ESRCH : -rc, "cannot read %s", path);
	while (mnt_table_next_fs(tb, itr, &fs) == 0) {
		const char *f = mnt_fs_get_optional_fields(fs);
		struct mnt *m;

		mnts = xreallocarray(mnts, nmnts + 1, sizeof(*mnts));
		m = &mnts[nmnts++];
		m->fs = fs;
		m->id = (unsigned int)mnt_fs_get_id(fs);
		m->parent = (unsigned int)mnt_fs_get_parent_id(fs);
		m->shared = field_value(f, "shared:");
		m->master = field_value(f, "master:");
		m->from = field_value(f, "propagate_from:");
		m->unbindable = field_present(f, "unbindable");
		m->prop = xt_propagation_word(m->shared, m->master, m->unbindable);
	}
	mnt_free_iter(itr);
	return tb;
}

static int by_parent_then_id(const void *a, const void *b)
{
	const struct mnt *x = &mnts[*(const size_t *)a], *y = &mnts[*(const size_t *)b];

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static void sort_children(void)
{
	kids = xreallocarray(NULL, nmnts + 1, sizeof(*kids));
	for (size_t i = 0; i < nmnts; i++)
		kids[i] = i;
	qsort(kids, nmnts, sizeof(*kids), by_parent_then_id);
}

/* The first position in kids of a child of mount @id (nmnts if none). */
static size_t first_child(unsigned int id)
{
	size_t lo = 0, hi = nmnts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mnts[kids[mid]].parent < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct mnt *mnt_by_id(unsigned int id)
{
	for (size_t i = 0; i < nmnts; i++)
		if (mnts[i].id == id)
			return &mnts[i];
	return NULL;
}

/* ---- output ------------------------------------------------------------------ */

static struct libscols_table *new_table(const char *name)
{
	struct libscols_table *tb;

	scols_init_debug(0);
	tb = scols_new_table();
	if (!tb)
		err(EXIT_FAILURE, "cannot allocate the output table");
	scols_table_set_name(tb, name);
	scols_table_enable_json(tb, ctl.json);
	scols_table_enable_raw(tb, ctl.raw);
	scols_table_enable_noheadings(tb, ctl.noheadings);
	return tb;
}

static void set_cell(struct libscols_line *ln, size_t col, const char *fmt, ...)
	__attribute__((__format__(__printf__, 3, 4)));
static void set_cell(struct libscols_line *ln, size_t col, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		err(EXIT_FAILURE, "cannot allocate string");
	va_end(ap);
	if (scols_line_refer_data(ln, col, s) != 0)
		err(EXIT_FAILURE, "cannot add output data");
}

/*
 * A path or source: in the default text output libsmartcols writes
 * control characters as \xHH but a backslash as it is (unless an x follows).
 * Write every backslash as \x5c there (findmnt does not), so that a reader
 * never has to guess; the column lets it through (safechars). Raw output
 * escapes it already, and JSON is exact.
 */
static void set_path_cell(struct libscols_line *ln, size_t col, const char *path)
{
	size_t n = 0;
	char *s, *w;

	if (ctl.json || ctl.raw || !strchr(path, '\\')) {
		set_cell(ln, col, "%s", path);
		return;
	}
	for (const char *p = path; *p; p++)
		n += *p == '\\' ? 4 : 1;
	s = w = xmalloc(n + 1);
	for (const char *p = path; *p; p++) {
		if (*p == '\\') {
			memcpy(w, "\\x5c", 4);
			w += 4;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	if (scols_line_refer_data(ln, col, s) != 0)
		err(EXIT_FAILURE, "cannot add output data");
}

static void add_mount_line(struct libscols_table *tb, struct libscols_line *parent,
			   const struct mnt *m)
{
	struct libscols_line *ln = scols_table_new_line(tb, parent);
	const char *s;

	if (!ln)
		err(EXIT_FAILURE, "cannot add output line");
	for (size_t i = 0; i < ctl.ncols; i++) {
		switch (ctl.cols[i]) {
		case COL_TARGET:
			set_path_cell(ln, i, mnt_fs_get_target(m->fs) ?: "");
			break;
		case COL_PROPAGATION:
			set_cell(ln, i, "%s", m->prop);
			break;
		case COL_ID:
			set_cell(ln, i, "%u", m->id);
			break;
		case COL_PARENT:
			set_cell(ln, i, "%u", m->parent);
			break;
		case COL_PEER:
			if (m->shared)
				set_cell(ln, i, "shared:%u", m->shared);
			break;
		case COL_MASTER:
			if (m->master)
				set_cell(ln, i, "master:%u", m->master);
			break;
		case COL_PROPAGATE_FROM:
			if (m->from)
				set_cell(ln, i, "propagate_from:%u", m->from);
			break;
		case COL_FSTYPE:
			set_cell(ln, i, "%s", mnt_fs_get_fstype(m->fs) ?: "");
			break;
		case COL_SOURCE:
			s = mnt_fs_get_source(m->fs);
			set_path_cell(ln, i, s ? s : "none");
			break;
		}
	}
	/* children, for the tree of every mount */
	if (parent || scols_table_is_tree(tb))
		for (size_t k = first_child(m->id); k < nmnts && mnts[kids[k]].parent == m->id; k++)
			if (mnts[kids[k]].id != m->id)
				add_mount_line(tb, ln, &mnts[kids[k]]);
}

static void add_columns(struct libscols_table *tb, bool tree)
{
	for (size_t i = 0; i < ctl.ncols; i++) {
		const struct colinfo *ci = &colinfos[ctl.cols[i]];
		int flags = ci->flags;
		struct libscols_column *cl;

		if (tree && ctl.cols[i] == COL_TARGET)
			flags |= SCOLS_FL_TREE;
		cl = scols_table_new_column(tb, ci->name, ci->whint, flags);
		if (!cl)
			err(EXIT_FAILURE, "cannot add output column");
		/* set_path_cell() writes backslashes as \x5c itself */
		if (ctl.cols[i] == COL_TARGET || ctl.cols[i] == COL_SOURCE)
			scols_column_set_safechars(cl, "\\");
		if (ctl.json && ci->number)
			scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	}
}

/*
 * The given mount points, or every mount: as a tree by parent (findmnt's
 * default), flat with -r. A path that is not a mount point is an error.
 */
static int show_table(char **targets, int ntargets)
{
	struct libscols_table *tb = new_table("filesystems");
	bool tree = ntargets == 0 && !ctl.raw;
	int rc = 0;

	add_columns(tb, tree);
	if (ntargets == 0) {
		for (size_t i = 0; i < nmnts; i++) {
			/* roots: mounts whose parent is not in the table */
			if (tree && mnt_by_id(mnts[i].parent) && mnts[i].parent != mnts[i].id)
				continue;
			add_mount_line(tb, NULL, &mnts[i]);
		}
	}
	for (int t = 0; t < ntargets; t++) {
		char buf[PATH_MAX];
		const char *want = targets[t];
		const struct mnt *found = NULL;

		/* our own namespace: the real path; another's: as written */
		if (!ctl.task) {
			if (!realpath(targets[t], buf)) {
				warn("%s", targets[t]);
				rc = 1;
				continue;
			}
			want = buf;
		}
		for (size_t i = 0; i < nmnts; i++)
			if (strcmp(mnt_fs_get_target(mnts[i].fs) ?: "", want) == 0)
				found = &mnts[i]; /* the last: the one on top */
		if (!found) {
			warnx("%s: not a mount point", targets[t]);
			rc = 1;
			continue;
		}
		add_mount_line(tb, NULL, found);
	}
	if (rc == 0 || ntargets > 1)
		scols_print_table(tb);
	scols_unref_table(tb);
	return rc;
}

/* ---- --tree: the propagation graph -------------------------------------------- */

enum { G_NODE, G_ID, G_PROPAGATION };

static struct libscols_line *graph_line(struct libscols_table *tb, struct libscols_line *parent,
					const char *node, const struct mnt *m)
{
	struct libscols_line *ln = scols_table_new_line(tb, parent);

	if (!ln)
		err(EXIT_FAILURE, "cannot add output line");
	if (m)
		set_path_cell(ln, G_NODE, node);
	else
		set_cell(ln, G_NODE, "%s", node);
	if (m) {
		set_cell(ln, G_ID, "%u", m->id);
		set_cell(ln, G_PROPAGATION, "%s", m->prop);
	}
	return ln;
}

static bool group_here(unsigned int g);

/* Peer group @g: its members, then the mounts and groups that receive from it. */
static void graph_group(struct libscols_table *tb, struct libscols_line *parent, unsigned int g,
			int depth)
{
	char name[64];
	struct libscols_line *ln;

	if (group_here(g))
		snprintf(name, sizeof(name), "peer group shared:%u", g);
	else
		snprintf(name, sizeof(name), "peer group shared:%u (not in this mount table)", g);
	ln = graph_line(tb, parent, name, NULL);
	for (size_t i = 0; i < nmnts; i++)
		if (mnts[i].shared == g)
			graph_line(tb, ln, mnt_fs_get_target(mnts[i].fs) ?: "", &mnts[i]);
	if (depth > 64)
		return; /* the kernel has no cycles; a broken table might */
	for (size_t i = 0; i < nmnts; i++) {
		const struct mnt *m = &mnts[i];
		bool first = true;

		if (m->master != g)
			continue;
		if (!m->shared) {
			graph_line(tb, ln, mnt_fs_get_target(m->fs) ?: "", m);
			continue;
		}
		/* a shared slave: its group once, under the group it receives from */
		for (size_t k = 0; k < i; k++)
			if (mnts[k].shared == m->shared && mnts[k].master == g)
				first = false;
		if (first)
			graph_group(tb, ln, m->shared, depth + 1);
	}
}

static bool group_here(unsigned int g)
{
	for (size_t i = 0; i < nmnts; i++)
		if (mnts[i].shared == g)
			return true;
	return false;
}

static bool group_has_master(unsigned int g)
{
	for (size_t i = 0; i < nmnts; i++)
		if (mnts[i].shared == g && mnts[i].master)
			return true;
	return false;
}

/*
 * The roots of the graph: peer groups that receive from nobody, and peer
 * groups outside this namespace that mounts here receive from; each once,
 * in the order the table first names them.
 */
static int show_graph(void)
{
	struct libscols_table *tb = new_table("propagation");
	struct libscols_line *priv = NULL;
	struct libscols_column *cl, *node;
	unsigned int *done = xreallocarray(NULL, nmnts + 1, sizeof(*done));
	size_t ndone = 0;

	if (!(node = scols_table_new_column(tb, "NODE", 0.5, SCOLS_FL_TREE)) ||
	    !(cl = scols_table_new_column(tb, "ID", 2, SCOLS_FL_RIGHT)) ||
	    !scols_table_new_column(tb, "PROPAGATION", 0.2, 0))
		err(EXIT_FAILURE, "cannot add output column");
	scols_column_set_safechars(node, "\\"); /* see set_path_cell() */
	if (ctl.json)
		scols_column_set_json_type(cl, SCOLS_JSON_NUMBER);
	for (size_t i = 0; i < nmnts; i++) {
		unsigned int root = 0;
		bool again = false;

		if (mnts[i].shared && !group_has_master(mnts[i].shared))
			root = mnts[i].shared;
		else if (mnts[i].master && !group_here(mnts[i].master))
			root = mnts[i].master;
		if (!root)
			continue;
		for (size_t k = 0; k < ndone; k++)
			again |= done[k] == root;
		if (again)
			continue;
		done[ndone++] = root;
		graph_group(tb, NULL, root, 0);
	}
	free(done);
	for (size_t i = 0; i < nmnts; i++) {
		if (mnts[i].shared || mnts[i].master)
			continue;
		if (!priv)
			priv = graph_line(tb, NULL, "private: neither receive nor send", NULL);
		graph_line(tb, priv, mnt_fs_get_target(mnts[i].fs) ?: "", &mnts[i]);
	}
	scols_print_table(tb);
	scols_unref_table(tb);
	return 0;
}

int main(int argc, char **argv)
{
	struct libmnt_table *tb;
	int rc;

	/*
	 * The user's locale, as findmnt: in a UTF-8 one, names in other
	 * scripts print as they are and the tree is drawn with box lines;
	 * the setting half (xmountprop) prints nothing that needs one.
	 */
	setlocale(LC_ALL, "");
	xt_close_stdout_atexit();
	parse_args(argc, argv);
	if (ctl.graph && optind < argc)
		errx(EXIT_FAILURE, "--tree shows the whole graph: no mount point may be given");
	if (ctl.graph && ctl.output_given)
		errx(EXIT_FAILURE,
		     "--tree has its own columns (NODE, ID, PROPAGATION): no --output");
	tb = read_table();
	sort_children();
	rc = ctl.graph ? show_graph() : show_table(argv + optind, argc - optind);
	free(kids);
	free(mnts);
	mnt_unref_table(tb);
	return rc;
}
