/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The xnetns -b reader (tools/xnetns/batch.c) on an arbitrary file: its
 * lines, joined by a trailing backslash (read_line), each split into words
 * (split_words: blanks, "..." and '...' quotes, # comments).
 *
 * Properties: a line holds no newline, and the line count grows by at least
 * one a line; words hold no blank unless quoted and lie inside their line;
 * argv ends with NULL; and the words, each quoted again and joined by one
 * blank, split back into the same words.
 */
#include "fuzz.h"
#include "xnetns.h"

/* The words of @argv, each quoted with a quote it does not hold; NULL if it holds both. */
static char *requote(int argc, char **argv)
{
	size_t len = 1;
	char *s, *p;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 3;
	p = s = malloc(len);
	FUZZ_CHECK(s != NULL);
	for (int i = 0; i < argc; i++) {
		char q = strchr(argv[i], '"') ? '\'' : '"';

		if (strchr(argv[i], q)) {
			free(s);
			return NULL;
		}
		p += sprintf(p, "%s%c%s%c", i ? " " : "", q, argv[i], q);
	}
	*p = '\0';
	return s;
}

static void check_line(const char *line)
{
	char *text = strdup(line), *again;
	char **argv = NULL, **argv2 = NULL;
	int argc = -1, argc2 = -1;

	FUZZ_CHECK(text != NULL);
	if (split_words(text, &argv, &argc) < 0) {
		free(argv);
		free(text);
		return;
	}
	FUZZ_CHECK(argc >= 0);
	FUZZ_CHECK(argc == 0 || argv[argc] == NULL);
	for (int i = 0; i < argc; i++) {
		FUZZ_CHECK(argv[i] >= text && argv[i] + strlen(argv[i]) <= text + strlen(line));
		/* an unquoted word: no blank, no quote at its start */
		if (argv[i] == text || (argv[i][-1] != '"' && argv[i][-1] != '\''))
			FUZZ_CHECK(!strpbrk(argv[i], " \t\n\r"));
	}
	again = requote(argc, argv);
	if (again) {
		FUZZ_CHECK(split_words(again, &argv2, &argc2) == 0);
		FUZZ_CHECK(argc2 == argc);
		for (int i = 0; i < argc; i++)
			FUZZ_CHECK(strcmp(argv2[i], argv[i]) == 0);
	}
	free(argv2);
	free(again);
	free(argv);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy, *line = NULL;
	size_t linesize = 0;
	unsigned long lineno = 0, before;
	FILE *in;
	int rc;

	if (size == 0)
		return 0;
	copy = malloc(size);
	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data, size);
	in = fmemopen(copy, size, "r");
	FUZZ_CHECK(in != NULL);
	fuzz_quiet();
	for (;;) {
		before = lineno;
		rc = read_line(in, &line, &linesize, &lineno);
		if (rc == 0)
			break;
		FUZZ_CHECK(lineno > before);
		if (rc < 0)
			continue; /* the end, in the middle of a continued line */
		FUZZ_CHECK(rc == 1);
		FUZZ_CHECK(!strchr(line, '\n'));
		check_line(line);
	}
	fuzz_loud();
	free(line);
	fclose(in);
	free(copy);
	return 0;
}
