/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsprobe - report facts from inside, so that tests do not depend on the
 * host's lsns or findmnt:
 *   nsprobe ns KIND        inode of /proc/self/ns/KIND
 *   nsprobe fds            open descriptors other than 0, 1, 2 ("N TARGET")
 *   nsprobe ids            "ruid euid suid fsuid rgid egid sgid fsgid [groups]"
 *   nsprobe caps           the Cap* lines of /proc/self/status
 *   nsprobe propagation P  the optional fields of P's mountinfo line, or "private"
 *   nsprobe pid | ppid     getpid() / getppid()
 *   nsprobe sig            print "ready", wait for HUP/INT/TERM, exit with its number
 *   nsprobe env            the environment, one variable a line
 *   nsprobe owner [NSFILE] owner uid of a user namespace (ours by default), as we see it
 *   nsprobe clock CLOCK    seconds of CLOCK_MONOTONIC or CLOCK_BOOTTIME
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/nsfs.h>

extern char **environ;

static int usage(void)
{
	fputs("usage: nsprobe ns KIND|fds|ids|caps|propagation PATH|pid|ppid|sig|env|owner|clock C\n",
	      stderr);
	return 2;
}

static int probe_ns(const char *kind)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	if (stat(path, &st) != 0) {
		perror(path);
		return 1;
	}
	printf("%lu\n", (unsigned long)st.st_ino);
	return 0;
}

static int probe_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char path[64], target[PATH_MAX];

	if (!d) {
		perror("/proc/self/fd");
		return 1;
	}
	while ((e = readdir(d))) {
		int fd;
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		fd = atoi(e->d_name);
		if (fd <= 2 || fd == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		printf("%d %s\n", fd, target);
	}
	closedir(d);
	return 0;
}

static int probe_ids(void)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	gid_t groups[256];
	int n;

	getresuid(&ru, &eu, &su);
	getresgid(&rg, &eg, &sg);
	printf("%u %u %u %u %u %u %u %u", ru, eu, su, (unsigned)setfsuid(-1), rg, eg, sg,
	       (unsigned)setfsgid(-1));
	n = getgroups(256, groups);
	for (int i = 0; i < n; i++)
		printf(" %u", groups[i]);
	putchar('\n');
	return 0;
}

static int grep_file(const char *path, const char *prefix)
{
	char line[4096];
	FILE *f = fopen(path, "re");

	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, prefix, strlen(prefix)) == 0)
			fputs(line, stdout);
	fclose(f);
	return 0;
}

/* mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE ... */
static int probe_propagation(const char *target)
{
	char line[8192], *found = NULL;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f) {
		perror("/proc/self/mountinfo");
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *field[6], *save = NULL, *p = line;
		int i;

		for (i = 0; i < 6 && (field[i] = strtok_r(p, " ", &save)); i++)
			p = NULL;
		if (i < 6 || strcmp(field[4], target) != 0)
			continue;
		/* the last mount on a mount point is the visible one */
		free(found);
		found = strdup(save);
	}
	fclose(f);
	if (!found) {
		fprintf(stderr, "%s: not a mount point\n", target);
		return 1;
	}
	char *dash = strstr(found, "- ");
	if (dash)
		*dash = '\0';
	size_t len = strlen(found);
	while (len && found[len - 1] == ' ')
		found[--len] = '\0';
	puts(len ? found : "private");
	free(found);
	return 0;
}

static int probe_sig(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	puts("ready");
	fflush(stdout);
	if (sigwait(&set, &sig) != 0)
		return 1;
	return sig;
}

static int probe_owner(const char *path)
{
	uid_t uid;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || ioctl(fd, NS_GET_OWNER_UID, &uid) != 0) {
		perror("NS_GET_OWNER_UID");
		return 1;
	}
	printf("%u\n", (unsigned)uid);
	return 0;
}

static int probe_clock(const char *name)
{
	struct timespec ts;
	clockid_t id = strcmp(name, "boottime") == 0 ? CLOCK_BOOTTIME : CLOCK_MONOTONIC;

	if (clock_gettime(id, &ts) != 0)
		return 1;
	printf("%lld\n", (long long)ts.tv_sec);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "ns") == 0 && argc == 3)
		return probe_ns(argv[2]);
	if (strcmp(argv[1], "fds") == 0)
		return probe_fds();
	if (strcmp(argv[1], "ids") == 0)
		return probe_ids();
	if (strcmp(argv[1], "caps") == 0)
		return grep_file("/proc/self/status", "Cap");
	if (strcmp(argv[1], "propagation") == 0 && argc == 3)
		return probe_propagation(argv[2]);
	if (strcmp(argv[1], "pid") == 0)
		return printf("%d\n", (int)getpid()) < 0;
	if (strcmp(argv[1], "ppid") == 0)
		return printf("%d\n", (int)getppid()) < 0;
	if (strcmp(argv[1], "sig") == 0)
		return probe_sig();
	if (strcmp(argv[1], "owner") == 0)
		return probe_owner(argc == 3 ? argv[2] : "/proc/self/ns/user");
	if (strcmp(argv[1], "clock") == 0 && argc == 3)
		return probe_clock(argv[2]);
	if (strcmp(argv[1], "env") == 0) {
		for (char **e = environ; *e; e++)
			puts(*e);
		return 0;
	}
	return usage();
}
