/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The name rule of xnetns (tools/xnetns/names.c: xnetns_name_valid(),
 * check_name()) and the escaping of a name for a message (main.c: vis()).
 *
 * Properties: check_name() accepts exactly the names xnetns_name_valid()
 * accepts, and for a new name, exactly those without a control character;
 * a valid name stays inside /run/netns (one path component, not . or ..)
 * and fits a file name; vis() prints no control character, gives the name
 * itself when nothing needs escaping, and four calls in a row do not
 * overwrite each other.
 */
#include <limits.h>
#include <stdbool.h>

#include "fuzz.h"
#include "strutils.h"
#include "xnetns.h"

/* @v with its \\xHH escapes undone equals @s? */
static bool unescapes_to(const char *v, const char *s)
{
	while (*v) {
		unsigned int c;

		if (*v == '\\') {
			FUZZ_CHECK(sscanf(v, "\\x%2x", &c) == 1);
			v += 4;
		} else {
			c = (unsigned char)*v++;
		}
		if ((unsigned char)*s++ != c)
			return false;
	}
	return *s == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), path[PATH_MAX];
	const char *v[4];
	char *keep[4];
	bool valid = xnetns_name_valid(s);

	fuzz_quiet();
	FUZZ_CHECK((check_name(s, false) == 0) == valid);
	FUZZ_CHECK((check_name(s, true) == 0) == (valid && !xt_has_control(s)));
	fuzz_loud();
	if (valid) {
		FUZZ_CHECK(*s && !strchr(s, '/') && strlen(s) <= NAME_MAX);
		FUZZ_CHECK(strcmp(s, ".") != 0 && strcmp(s, "..") != 0);
		name_path(path, sizeof(path), s);
		FUZZ_CHECK(strncmp(path, NETNS_RUN_DIR "/", sizeof(NETNS_RUN_DIR)) == 0);
		FUZZ_CHECK(strcmp(path + sizeof(NETNS_RUN_DIR), s) == 0);
	}
	for (int i = 0; i < 4; i++) {
		v[i] = vis(s);
		FUZZ_CHECK(!xt_has_control(v[i]));
		FUZZ_CHECK((v[i] == s) == (!xt_has_control(s) && !strchr(s, '\\')));
		/* a valid name is shown whole */
		FUZZ_CHECK(!valid || unescapes_to(v[i], s));
		keep[i] = strdup(v[i]);
		FUZZ_CHECK(keep[i] != NULL);
	}
	for (int i = 0; i < 4; i++) {
		FUZZ_CHECK(strcmp(v[i], keep[i]) == 0);
		free(keep[i]);
	}
	free(s);
	return 0;
}
