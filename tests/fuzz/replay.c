/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * replay.c - a main() for a fuzz target without libFuzzer: runs
 * LLVMFuzzerTestOneInput() once on each file given, or on each file of each
 * folder given, so the checked-in corpus is a regression test under any
 * compiler. Prints "N inputs" and exits 0; a broken property aborts.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static unsigned long inputs;

static void run_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	uint8_t *buf;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(EXIT_FAILURE);
	}
	/* an exactly-sized copy, as libFuzzer hands it */
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf)
		exit(EXIT_FAILURE);
	n = read(fd, buf, (size_t)st.st_size);
	if (n != st.st_size) {
		fprintf(stderr, "replay: %s: short read\n", path);
		exit(EXIT_FAILURE);
	}
	close(fd);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	inputs++;
}

static void run_path(const char *path)
{
	struct dirent **ents;
	struct stat st;
	int n;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(EXIT_FAILURE);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(EXIT_FAILURE);
	}
	for (int i = 0; i < n; i++) {
		char *p;

		if (ents[i]->d_name[0] != '.' &&
		    asprintf(&p, "%s/%s", path, ents[i]->d_name) >= 0) {
			run_file(p);
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%lu inputs\n", inputs);
	return 0;
}
