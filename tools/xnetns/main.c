/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - xnetns's entry: usage, the global options (ip's spellings
 * too), the one table of commands, the messages every command shares, and
 * -n NS (a plain setns for the whole run).
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "c.h"
#include "closestream.h"
#include "strutils.h"
#include "xnetns.h"

struct xnetns_opts opt;

static void __attribute__((__noreturn__)) usage(void)
{
	fputs(USAGE_HEADER, stdout);
	printf(" %s [options] [list]\n", program_invocation_short_name);
	printf(" %s [options] add|delete|pids NAME\n", program_invocation_short_name);
	printf(" %s [options] attach NAME PID\n", program_invocation_short_name);
	printf(" %s [options] set NAME NETNSID|auto\n", program_invocation_short_name);
	printf(" %s [options] identify [PID]\n", program_invocation_short_name);
	printf(" %s [options] exec NAME COMMAND [ARG...]\n", program_invocation_short_name);
	printf(" %s [options] monitor\n", program_invocation_short_name);
	printf(" %s [options] list-id [target-nsid ID] [nsid ID]\n", program_invocation_short_name);
	printf(" %s [options] link add NAME type veth peer name PEER [netns NS|PID]\n",
	       program_invocation_short_name);
	printf(" %s [options] link add NAME type bridge\n", program_invocation_short_name);
	printf(" %s [options] link del DEV\n", program_invocation_short_name);
	printf(" %s [options] link set DEV { up | down | netns NS|PID | master BR | nomaster\n"
	       "                         | name NEW | mtu N | address MAC }...\n",
	       program_invocation_short_name);
	printf(" %s [options] link show [DEV]\n", program_invocation_short_name);
	printf(" %s [options] addr { add | del } ADDR/PLEN dev DEV | addr show [dev DEV]\n",
	       program_invocation_short_name);
	printf(" %s [options] route { add | del } { PREFIX | default } [via ADDR] [dev DEV]\n",
	       program_invocation_short_name);
	printf(" %s [options] route show\n", program_invocation_short_name);
	printf(" %s [options] connect NS1 NS2 [ADDR1/PLEN ADDR2/PLEN] [--name IF1:IF2]\n",
	       program_invocation_short_name);
	fputs(USAGE_SEPARATOR, stdout);
	fputs("Manage named network namespaces (/run/netns/NAME), like ip netns, and wire\n"
	      "them with veth pairs, bridges, addresses and routes, like ip link/addr/route.\n"
	      "In connect, '-' is the current namespace, or no address for that end.\n",
	      stdout);
	fputs(USAGE_OPTIONS, stdout);
	fputs(" -n, --netns NS        run the command in network namespace NS\n", stdout);
	fputs(" -j, --json            JSON output (list, list-id, link/addr/route show)\n", stdout);
	fputs(" -p, --pretty          indent the JSON output\n", stdout);
	fputs(" -a, --all             delete or exec: every named namespace\n", stdout);
	fputs(" -b, --batch FILE      read commands from FILE ('-': standard input)\n", stdout);
	fputs(" -f, --force           batch: go on after a failed command\n", stdout);
	fputs("     --atomic          batch: all or nothing; the first failure undoes it all\n",
	      stdout);
	fputs(" -4, -6                one family: IPv4 or IPv6 (addr, route)\n", stdout);
	fputs(USAGE_SEPARATOR, stdout);
	USAGE_HELP_OPTIONS(22);
	fputs("\nThe ip-style spellings -netns -json -pretty -all -batch -force -atomic work too.\n",
	      stdout);
	USAGE_MAN_TAIL("xnetns(8)");
	exit(EXIT_SUCCESS);
}

/* ---- messages every command shares -------------------------------------- */

/*
 * @s made printable for a message (xt_visible()): four buffers used in
 * turn, so one message may show up to four arguments.
 */
const char *vis(const char *s)
{
	static char buf[4][VISIBLE_MAX];
	static unsigned int n;

	return xt_visible(s, buf[n++ % 4], sizeof(buf[0]));
}

int invarg(const char *what, const char *arg)
{
	size_t n = strlen(what);

	/* ip's own texts of some of these end in a newline: the blank line too */
	warnx("Error: argument \"%s\" is wrong: %.*s", vis(arg),
	      (int)(n && what[n - 1] == '\n' ? n - 1 : n), what);
	if (n && what[n - 1] == '\n')
		fputc('\n', stderr);
	return EX_INVARG;
}

int incomplete(void)
{
	warnx("Command line is not complete. Try option \"help\"");
	return EX_INVARG;
}

int no_dev(int status)
{
	warnx("Not enough information: \"dev\" argument is required.");
	return status;
}

int no_device(const char *name)
{
	warnx("Cannot find device \"%s\"", vis(name));
	return EXIT_FAILURE;
}

int too_many(int argc, int max)
{
	if (argc <= max)
		return 0;
	warnx("extra arguments specified");
	return EXIT_FAILURE;
}

static int do_help(int argc XT_UNUSED, char **argv XT_UNUSED)
{
	usage();
}

/* ---- dispatch, -n -------------------------------------------------------- */

static const struct xnetns_cmd commands[] = {
	{ "list", do_list },	    { "show", do_list },	 { "add", do_add },
	{ "attach", do_attach },    { "delete", do_delete },	 { "del", do_delete },
	{ "set", do_set },	    { "identify", do_identify }, { "pids", do_pids },
	{ "exec", do_exec },	    { "monitor", do_monitor },	 { "list-id", do_list_id },
	{ "help", do_help },	    { "link", xnetns_link },	 { "addr", xnetns_addr },
	{ "address", xnetns_addr }, { "route", xnetns_route },	 { "connect", xnetns_connect },
	/*
	 * No one-letter forms (ip's "a", "r"): here the netns words stand
	 * beside these, and "a" would be add, attach or addr.
	 */
};

/*
 * Run the command of @t named by argv[0] (@dflt without one). @object: the
 * word before it ("link"...), for the message about an unknown one; NULL
 * at the top. The command's exit status.
 */
int run_table(const char *object, const struct xnetns_cmd *t, size_t n, int (*dflt)(int, char **),
	      int argc, char **argv)
{
	if (argc == 0)
		return dflt(0, argv);
	for (size_t i = 0; i < n; i++)
		if (strcmp(argv[0], t[i].name) == 0)
			return t[i].fn(argc - 1, argv + 1);
	if (object)
		warnx("Command \"%s\" is unknown, try \"%s %s help\".", vis(argv[0]),
		      program_invocation_short_name, object);
	else
		warnx("Command \"%s\" is unknown, try \"%s help\".", vis(argv[0]),
		      program_invocation_short_name);
	return EX_INVARG;
}

/* Run one command line (argv[0] is the subcommand). Its exit status. */
int run_command(int argc, char **argv)
{
	return run_table(NULL, commands, ARRAY_SIZE(commands), do_list, argc, argv);
}

/*
 * -n NS: a plain setns into NS's network namespace for the whole run; no
 * mount namespace is made (ip's full switch is what leaves dead files
 * behind after `ip -n X netns add Y`).
 */
static int enter_named_netns(const char *name)
{
	int fd, rc = check_name(name, false);

	if (rc)
		return rc;
	fd = open_name(name);
	if (fd < 0) {
		warn("Cannot open network namespace \"%s\"", vis(name));
		return EX_INVARG;
	}
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	rc = setns(fd, CLONE_NEWNET);
	if (rc < 0)
		warn("setting the network namespace \"%s\" failed", vis(name));
	close(fd);
	return rc < 0 ? EX_INVARG : 0;
}

/* ip's spellings of an option: -x, -word, --word. */
static bool is_opt(const char *arg, const char *shrt, const char *word)
{
	return strcmp(arg, shrt) == 0 || (arg[0] == '-' && strcmp(arg + 1, word) == 0) ||
	       (arg[0] == '-' && arg[1] == '-' && strcmp(arg + 2, word) == 0);
}

/* The options before the subcommand; returns the index of the subcommand. */
static int parse_options(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;

		if (a[0] != '-' || a[1] == '\0')
			break;
		if (strcmp(a, "--") == 0)
			return i + 1;
		if (is_opt(a, "-n", "netns"))
			val = &opt.netns;
		else if (is_opt(a, "-b", "batch"))
			val = &opt.batch;
		else if (strncmp(a, "--netns=", 8) == 0)
			opt.netns = a + 8;
		else if (strncmp(a, "--batch=", 8) == 0)
			opt.batch = a + 8;
		else if (is_opt(a, "-j", "json"))
			opt.json = true;
		else if (is_opt(a, "-p", "pretty"))
			opt.pretty = true;
		else if (is_opt(a, "-a", "all"))
			opt.all = true;
		else if (is_opt(a, "-f", "force"))
			opt.force = true;
		else if (is_opt(a, "--atomic", "atomic"))
			opt.atomic = true;
		else if (strcmp(a, "-4") == 0)
			opt.family = AF_INET;
		else if (strcmp(a, "-6") == 0)
			opt.family = AF_INET6;
		else if (is_opt(a, "-h", "help"))
			usage();
		else if (is_opt(a, "-V", "version"))
			xt_print_version();
		else {
			if (a[1] == '-' || a[2] != '\0')
				warnx("unrecognized option '%s'", a);
			else
				warnx("invalid option -- '%c'", a[1]);
			xt_errtryhelp(EXIT_FAILURE);
		}
		if (val) {
			if (i + 1 >= argc) {
				warnx("option requires an argument -- '%c'",
				      a[1] == '-' ? a[2] : a[1]);
				xt_errtryhelp(EXIT_FAILURE);
			}
			*val = argv[++i];
		}
	}
	return i;
}

int main(int argc, char **argv)
{
	int first, rc;

	xt_close_stdout_atexit();
	first = parse_options(argc, argv);
	/* usage errors: checked before anything is done */
	if (opt.atomic && !opt.batch) {
		warnx("-atomic applies to a batch: use it with -b FILE");
		xt_errtryhelp(EXIT_FAILURE);
	}
	if (opt.atomic && opt.force) {
		warnx("-atomic and -force exclude each other: one stops and undoes, the other goes on");
		xt_errtryhelp(EXIT_FAILURE);
	}
	/* -n first: ids, `set` and `list-id` answer as seen from NS. */
	if (opt.netns && (rc = enter_named_netns(opt.netns)))
		return rc;
	if (opt.batch) {
		if (first < argc) {
			warnx("a batch file and a command cannot be combined");
			xt_errtryhelp(EXIT_FAILURE);
		}
		return run_batch(opt.batch);
	}
	return run_command(argc - first, argv + first);
}
