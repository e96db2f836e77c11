/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xnetns.h - what the files of xnetns share, and the only place their
 * functions are declared, so the compiler checks every call against its
 * definition. Not installed, not used outside tools/xnetns/.
 *
 * xnetns is `ip netns` of iproute2 plus an `ip link/addr/route` subset and
 * `connect`, with ip's syntax, output, messages and exit statuses. The
 * files, one concern each:
 *
 *   main.c     usage, global options, the command table, messages, main
 *   names.c    name rules and paths, the one rtnetlink socket and its error
 *              messages, the one namespace-id lookup
 *   add.c      the all-or-nothing add (one-shot and batched)
 *   netns.c    list, add, attach, delete, set, identify, pids, monitor, list-id
 *   exec.c     exec NAME CMD: ip's namespace switch
 *   batch.c    -b FILE: the reader, and consecutive `link del` lines deleted
 *              in one kernel round
 *   links.c    the link table: every link or one, read from the kernel
 *   show.c     reading addresses; ip's text and JSON layouts of links
 *   link.c     link add/del/set/show
 *   addr.c     addresses and prefixes; addr add/del/show
 *   route.c    route add/del/show
 *   connect.c  a veth pair between two namespaces, all or nothing
 *   undo.c     -atomic: the undo log of a batch, run newest first
 *   linkstate.c  a link's addresses and routes, kept and put back (undo.c)
 */
#ifndef XNETNS_H
#define XNETNS_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "rtnl.h"

#define NETNS_RUN_DIR "/run/netns"
#define NETNS_ETC_DIR "/etc/netns"

/* ip's statuses beyond 0 and 1: the kernel said no; an invalid argument. */
#define EX_KERNEL 2
#define EX_INVARG 255

/*
 * Room for a name escaped by xt_visible(): 4 bytes a byte of NAME_MAX. Any
 * other argument shown in a message (an interface name, a stray word) is
 * cut at the same length.
 */
#define VISIBLE_MAX (4 * NAME_MAX + 1)

/* The global options (main.c), read by every command. */
struct xnetns_opts {
	const char *netns; /* -n NS */
	const char *batch; /* -b FILE */
	bool json, pretty, all, force;
	bool atomic;   /* -atomic: a batch is all or nothing (undo.c) */
	bool in_batch; /* commands run from -b: exec forks */
	int family;    /* -4, -6: AF_INET, AF_INET6; else AF_UNSPEC (0) */
};
extern struct xnetns_opts opt;

/* One rtnetlink socket for the whole run, a batch included (names.c). */
extern struct xt_rtnl rtnl;

/* A command or subcommand: its word and what runs it (argv after the word). */
struct xnetns_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};

/* ---- main.c: dispatch and messages ---------------------------------------- */

int main(int argc, char **argv); /* tests/fuzz links main.c with it renamed */
int run_command(int argc, char **argv);
int run_table(const char *object, const struct xnetns_cmd *t, size_t n, int (*dflt)(int, char **),
	      int argc, char **argv);
const char *vis(const char *s);
int invarg(const char *what, const char *arg);
int incomplete(void);
int no_dev(int status);
int no_device(const char *name);
int too_many(int argc, int max);

/* ---- names.c -------------------------------------------------------------- */

/* The names under /run/netns, in readdir order; none when it is missing. */
struct names {
	char **v;
	size_t n;
};

bool xnetns_name_valid(const char *name);
int check_name(const char *name, bool creating);
void name_path(char *buf, size_t size, const char *name);
int read_names(struct names *names);
void free_names(struct names *names);
int open_name(const char *name);
int remove_name(const char *path);

int rtnl_ready(void);
int rtnl_error(const struct xt_rtnl *r, int rc);

/* One entry of an RTM_GETNSID answer. */
struct nsid_entry {
	int32_t nsid, current;
	bool has_current;
};

struct nsid_list {
	struct nsid_entry *v;
	size_t n;
};

int get_nsids(int32_t target, int32_t nsid, struct nsid_list *out);
int32_t *name_ids(const struct names *names, int *status);

/* ---- add.c ---------------------------------------------------------------- */

int make_name(const char *name, const char *source);
bool queue_add(int argc, char **argv, unsigned long lineno);
void queue_drain(void);
void batch_helper_done(void);

/* ---- netns.c, exec.c: the `ip netns` commands ----------------------------- */

int do_list(int argc, char **argv);
int do_add(int argc, char **argv);
int do_attach(int argc, char **argv);
int do_delete(int argc, char **argv);
int do_set(int argc, char **argv);
int do_identify(int argc, char **argv);
int do_pids(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_list_id(int argc, char **argv);
int do_exec(int argc, char **argv);

/* ---- batch.c -------------------------------------------------------------- */

/*
 * The state of a -b run that the pipelined adds (add.c) share: the file
 * (for "Command failed FILE:LINE"), whether a line failed, whether the
 * batch must stop (a failure without -f).
 */
struct batch_run {
	const char *file;
	bool failed, stop;
};
extern struct batch_run batch;

int run_batch(const char *file);
/* the reader, callable alone (tests/fuzz/fuzz-batch.c) */
int read_line(FILE *in, char **line, size_t *size, unsigned long *lineno);
int split_words(char *p, char ***argvp, int *argcp);

/* ---- links.c, show.c: links and addresses as read from the kernel -------- */

struct link {
	int index, master, peer; /* peer: IFLA_LINK, 0 if none */
	unsigned int flags, mtu, group, txqlen, type;
	int32_t netnsid; /* IFLA_LINK_NETNSID (may be -1: not assigned) */
	bool has_link, has_netnsid;
	bool has_qdisc, has_group; /* absent from an IPv6 dump (-6 addr show) */
	uint8_t operstate, linkmode;
	char name[IFNAMSIZ], qdisc[32], kind[32];
	unsigned char addr[32], brd[32];
	size_t addrlen, brdlen;
};

struct links {
	struct link *v;
	size_t n;
};

/* links.c; @family of dump_links_af: AF_INET6 asks for the IPv6 view */
int dump_links(struct xt_rtnl *r, struct links *l);
int dump_links_af(struct xt_rtnl *r, struct links *l, uint8_t family);
int read_link(struct xt_rtnl *r, int index, struct link *k);
const struct link *find_index(const struct links *l, int index);
const struct link *find_name(const struct links *l, const char *name);
int show_links(const char *dev, bool addrs);

/* An address as the kernel reports it (RTM_NEWADDR). */
struct addr {
	int index;
	uint8_t family, prefixlen, scope;
	uint32_t flags;
	unsigned char local[16], address[16], brd[16];
	bool has_local, has_address, has_brd;
	char label[IFNAMSIZ];
	uint32_t valid, preferred;
};

struct addrs {
	struct addr *v;
	size_t n;
};

/*
 * What show_links() is made of, callable without a socket
 * (tests/fuzz/fuzz-rtnl-show.c): the dump callbacks that collect one
 * message each, and the printers of what they collected (@family: -4/-6
 * of addr show, else AF_UNSPEC; @only: the one link to show, or NULL).
 */
int take_link(const struct nlmsghdr *nlh, void *data);
int take_addr(const struct nlmsghdr *nlh, void *data);
void print_links(const struct links *l, const struct addrs *a, const struct link *only, bool addrs,
		 uint8_t family);
const char *scope_name(uint8_t scope, char *buf, size_t size);

/* ---- link.c --------------------------------------------------------------- */

/*
 * Attributes of one end of a link as ip's words gave them: name, mtu,
 * address, namespace, queues, up/down, master.
 */
struct end_opts {
	const char *name;
	const char *dev; /* the bare word or `dev W` (link_parse) */
	uint32_t mtu;
	bool has_mtu;
	unsigned char mac[32];
	int maclen;
	int nsfd;
	uint32_t nspid;
	bool has_ns;
	uint32_t txq, rxq; /* numtxqueues, numrxqueues */
	bool has_txq, has_rxq;
	unsigned int flags, change; /* up, down */
	int master;		    /* master BR (its index), nomaster (0) */
	bool has_master;
	const char *type; /* the word after `type` */
};

bool ifname_fits(const char *s, size_t size);
bool ifname_valid(const char *s);
int parse_lladdr(const char *s, unsigned char *out, size_t size);
void build_newlink(void *buf, const struct end_opts *me_in, const char *kind,
		   const struct end_opts *peer_in);
int take_dev(int argc, char **argv, int *i, const char **dev);
int xnetns_link(int argc, char **argv);

/* ---- addr.c --------------------------------------------------------------- */

struct inet_prefix {
	uint8_t family, len;
	bool has_len; /* ADDR/LEN, not ADDR alone */
	unsigned char addr[16];
};

size_t family_bytes(uint8_t family);
int parse_inet(const char *s, unsigned char out[4]);
int parse_prefix(const char *s, uint8_t family, bool want_len, struct inet_prefix *p);
const char *family_word(uint8_t family);
int bad_prefix(uint8_t family, const char *s);
int xnetns_addr(int argc, char **argv);

/* ---- route.c, connect.c --------------------------------------------------- */

int xnetns_route(int argc, char **argv);

/* route show's state, and its callback that prints one route (route.c). */
struct route_show {
	struct links links;
	struct xt_json j;
	uint8_t family; /* AF_INET, or AF_INET6 with -6 */
};
int print_route(const struct nlmsghdr *nlh, void *data);
int xnetns_connect(int argc, char **argv);
/* Remove the 127.0.0.1/8 bringing lo up added (connect.c). 0 or -errno. */
int lo_drop_addr(struct xt_rtnl *r, int lo_index);

/* ---- undo.c: -atomic; linkstate.c ---------------------------------------- */

/* Messages of the kernel (addresses, routes) or a request, back to back. */
struct kept {
	char *msgs;
	size_t len;
};

int keep_addrs_routes(struct xt_rtnl *r, int index, struct kept *k);
int put_back_addrs_routes(struct xt_rtnl *r, int index, const struct kept *k, const void *step);
struct nlmsghdr *kept_as_request(void *buf, const struct nlmsghdr *m, uint16_t type, uint16_t flags,
				 int index);
void undo_failed(const void *step, const char *what, const struct xt_rtnl *r, int rc);

int undo_start(const char *file);
int undo_signal(void);
void undo_hold_signals(void);
void undo_line(unsigned long lineno, int argc, char **argv);
void undo_name(const char *path);
void undo_link_at(int nsfd, const char *name);
int undo_link_check(const char *name);
void undo_link_added(const struct end_opts *me);
void undo_request(const struct nlmsghdr *req);
void undo_down(int nsfd, int index, bool drop_addr);
int undo_link_save(int index, unsigned int change, const struct end_opts *e, const char *newname,
		   bool master);
void undo_link_commit(void);
int undo_run(void);
void undo_die(void);

#endif
