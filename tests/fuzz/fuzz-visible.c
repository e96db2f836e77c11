/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xt_visible() and xt_has_control(): names (netns names, paths, program
 * names) made safe to print. The first input byte picks the size of the
 * output buffer, the rest is the name.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "strutils.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Undo the \xHH escapes of @v into @out; false when an escape is malformed. */
static bool unescape(const char *v, char *out)
{
	while (*v) {
		if (*v != '\\') {
			*out++ = *v++;
			continue;
		}
		if (v[1] != 'x' || hexval(v[2]) < 0 || hexval(v[3]) < 0)
			return false;
		*out++ = (char)(hexval(v[2]) << 4 | hexval(v[3]));
		v += 4;
	}
	*out = '\0';
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *buf, *full, *back;
	const char *v, *fv;
	size_t len, bufsize, fullsize;

	if (size == 0)
		return 0;
	s = fuzz_string(data + 1, size - 1);
	len = strlen(s);
	/* the whole escaped text, in a buffer big enough for it */
	fullsize = 4 * len + 1;
	full = malloc(fullsize);
	back = malloc(len + 1);
	FUZZ_CHECK(full && back);
	fv = xt_visible(s, full, fullsize);
	/* the input itself exactly when nothing needs escaping */
	FUZZ_CHECK((fv == s) == (!xt_has_control(s) && !strchr(s, '\\')));
	/* the output holds no control character, and reads back to the input */
	FUZZ_CHECK(!xt_has_control(fv));
	FUZZ_CHECK(unescape(fv, back) && strcmp(back, s) == 0);

	/* a short buffer: never overrun, a prefix of the whole, cut between characters */
	bufsize = data[0] % 64;
	buf = malloc(bufsize ? bufsize : 1);
	FUZZ_CHECK(buf != NULL);
	v = xt_visible(s, buf, bufsize);
	if (v != s) {
		FUZZ_CHECK(strlen(v) < (bufsize ? bufsize : 1));
		FUZZ_CHECK(strncmp(v, fv, strlen(v)) == 0);
		FUZZ_CHECK(!xt_has_control(v));
		FUZZ_CHECK(unescape(v, back) && strncmp(back, s, strlen(back)) == 0);
	}
	free(buf);
	free(back);
	free(full);
	free(s);
	return 0;
}
