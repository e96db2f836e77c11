/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xt_json_escape(): every string of `xnetns -j` goes through it. Its output
 * must be one JSON string literal (RFC 8259, section 7) that decodes back to
 * the input bytes; checked with the strict decoder below.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "json.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the JSON string literal @lit (exactly @n bytes) into @out. Only
 * \u escapes below U+0100 are expected (the escaper writes no others).
 * Returns false for anything that is not a complete string literal.
 */
static bool json_decode(const char *lit, size_t n, char *out)
{
	size_t i = 1;

	if (n < 2 || lit[0] != '"' || lit[n - 1] != '"')
		return false;
	while (i < n - 1) {
		unsigned char c = (unsigned char)lit[i];

		if (c < 0x20 || c == '"')
			return false;
		if (c != '\\') {
			*out++ = (char)c;
			i++;
			continue;
		}
		if (i + 1 >= n - 1)
			return false;
		switch (lit[i + 1]) {
		case '"':
			*out++ = '"';
			break;
		case '\\':
			*out++ = '\\';
			break;
		case '/':
			*out++ = '/';
			break;
		case 'b':
			*out++ = '\b';
			break;
		case 'f':
			*out++ = '\f';
			break;
		case 'n':
			*out++ = '\n';
			break;
		case 'r':
			*out++ = '\r';
			break;
		case 't':
			*out++ = '\t';
			break;
		case 'u': {
			int v = 0;

			if (i + 6 > n - 1)
				return false;
			for (int k = 2; k < 6; k++) {
				if (hexval(lit[i + k]) < 0)
					return false;
				v = v << 4 | hexval(lit[i + k]);
			}
			if (v == 0 || v > 0xff)
				return false;
			*out++ = (char)v;
			i += 4;
			break;
		}
		default:
			return false;
		}
		i += 2;
	}
	*out = '\0';
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *lit = NULL, *back;
	size_t n = 0;
	FILE *f = open_memstream(&lit, &n);

	FUZZ_CHECK(f != NULL);
	xt_json_escape(f, s);
	FUZZ_CHECK(fclose(f) == 0);
	FUZZ_CHECK(strlen(lit) == n);
	back = malloc(n);
	FUZZ_CHECK(back != NULL);
	FUZZ_CHECK(json_decode(lit, n, back));
	FUZZ_CHECK(strcmp(back, s) == 0);
	free(back);
	free(lit);
	free(s);
	return 0;
}
