/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h - what every fuzz target shares.
 *
 * A target is one file, fuzz-NAME.c, defining LLVMFuzzerTestOneInput() on
 * one parser of common/. It is linked twice: with libFuzzer (clang,
 * -fsanitize=fuzzer,address,undefined) for `make fuzz`, and with replay.c
 * (any compiler) for `make check`, which feeds it every file of
 * corpus/NAME/. A target asserts properties with FUZZ_CHECK(): a broken
 * property aborts, which both drivers report as a finding.
 */
#ifndef XT_FUZZ_H
#define XT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The real stderr while fuzz_quiet() sends the parsers' messages nowhere. */
static FILE *fuzz_saved_stderr;

#define FUZZ_CHECK(cond)                                                                    \
	do {                                                                                \
		if (!(cond)) {                                                              \
			fprintf(fuzz_saved_stderr ? fuzz_saved_stderr : stderr,             \
				"%s:%d: property broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                            \
		}                                                                           \
	} while (0)

/*
 * The input as a C string in a buffer of exactly its size plus the NUL, so
 * that AddressSanitizer sees any read past the end. The text stops at the
 * first NUL byte of the input, as it would in an argv or a file line.
 */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_CHECK(s != NULL);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Fill @p with a pattern no parser writes, to tell "left alone" from "written". */
#define FUZZ_POISON(p) memset((p), 0xa5, sizeof(*(p)))

static inline int fuzz_is_poisoned(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i] != 0xa5)
			return 0;
	return 1;
}
#define FUZZ_UNTOUCHED(p) fuzz_is_poisoned((p), sizeof(*(p)))

/*
 * The messages of a tool's parser (warnx) are its business, not the
 * fuzzer's: between fuzz_quiet() and fuzz_loud(), stderr goes nowhere.
 */
static inline void fuzz_quiet(void)
{
	static FILE *null;

	if (!null)
		null = fopen("/dev/null", "we");
	FUZZ_CHECK(null != NULL);
	fuzz_saved_stderr = stderr;
	stderr = null;
}

static inline void fuzz_loud(void)
{
	stderr = fuzz_saved_stderr;
}

#endif
