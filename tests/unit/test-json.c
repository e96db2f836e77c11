/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test-json.c - the JSON writer lays documents out as ip does, and escapes
 * strings per RFC 8259; xt_visible() escapes names for text output.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "strutils.h"
#include "tap.h"

/* Run @fn on a memory stream and compare what it wrote with @want. */
static void check(const char *what, void (*fn)(struct xt_json *), bool pretty, const char *want)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	struct xt_json j;

	xt_json_init(&j, f, pretty);
	fn(&j);
	fclose(f);
	if (!ok(strcmp(buf, want) == 0, "%s", what))
		printf("# got  '%s'\n# want '%s'\n", buf, want);
	free(buf);
}

static void empty(struct xt_json *j)
{
	xt_json_start_array(j);
	xt_json_end_array(j);
}

static void two(struct xt_json *j)
{
	xt_json_start_array(j);
	xt_json_start_object(j);
	xt_json_kv_string(j, "name", "c");
	xt_json_end_object(j);
	xt_json_start_object(j);
	xt_json_kv_string(j, "name", "b");
	xt_json_kv_int(j, "id", 0);
	xt_json_end_object(j);
	xt_json_end_array(j);
}

static void escapes(struct xt_json *j)
{
	xt_json_string(j, "a\"b\\c\nd\te\x01"
			  "f\x7f\xc3\xa9");
}

int main(void)
{
	char buf[64];

	check("empty array, compact", empty, false, "[]");
	check("empty array, pretty", empty, true, "[ ]");
	check("ip's compact list", two, false, "[{\"name\":\"c\"},{\"name\":\"b\",\"id\":0}]");
	check("ip's pretty list", two, true,
	      "[ {\n        \"name\": \"c\"\n    },{\n        \"name\": \"b\",\n        \"id\": 0\n    } ]");
	check("string escapes", escapes, false, "\"a\\\"b\\\\c\\nd\\te\\u0001f\\u007f\xc3\xa9\"");

	ok(strcmp(xt_visible("plain name", buf, sizeof(buf)), "plain name") == 0,
	   "plain name unchanged");
	ok(xt_visible("plain", buf, sizeof(buf)) != buf, "plain name not copied");
	ok(strcmp(xt_visible("a\nb", buf, sizeof(buf)), "a\\x0ab") == 0, "newline escaped");
	ok(strcmp(xt_visible("a\\b\x7f", buf, sizeof(buf)), "a\\x5cb\\x7f") == 0,
	   "backslash and DEL escaped");
	ok(strcmp(xt_visible("\x01\x01\x01", buf, 6), "\\x01") == 0, "cut short, never overflows");
	ok(xt_has_control("a\tb") && !xt_has_control("a b\xc3\xa9"), "control characters found");
	ok(xt_has_control("c1\xc2\x9b"
			  "31m") &&
		   xt_has_control("raw\x9b"
				  "31m"),
	   "C1 controls found, UTF-8 or raw");
	ok(!xt_has_control("\xc2\xa0\xe2\x80\x94\xf0\x9f\x98\x80") &&
		   !xt_has_control("latin1 \xe9"),
	   "printable UTF-8 (continuation bytes 0x80..0x9f too) and Latin-1 letters are no controls");
	ok(strcmp(xt_visible("c\xc2\x9bx", buf, sizeof(buf)), "c\\xc2\\x9bx") == 0,
	   "UTF-8 C1 escaped, every byte");
	ok(strcmp(xt_visible("r\x9bx", buf, sizeof(buf)), "r\\x9bx") == 0, "raw C1 byte escaped");
	ok(xt_visible("caf\xc3\xa9 \xe2\x80\x94", buf, sizeof(buf)) != buf,
	   "printable UTF-8 left as it is");
	ok(strcmp(xt_visible("\xe2\x80", buf, sizeof(buf)), "\xe2\\x80") == 0,
	   "a cut-off sequence: its stray byte");
	return tap_done();
}
