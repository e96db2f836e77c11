/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json.c - the JSON writer of json.h.
 *
 * Layout rules (they reproduce ip's output byte for byte): a value or a
 * container opening is preceded by the pending separator; in pretty mode a
 * member name starts a new line indented four blanks a level, a container's
 * closing bracket goes on its own line when it has members, and arrays get a
 * blank inside their brackets.
 */
#include <inttypes.h>

#include "json.h"

void xt_json_init(struct xt_json *j, FILE *out, bool pretty)
{
	j->out = out;
	j->pretty = pretty;
	j->depth = 0;
	j->sep = '\0';
}

/* Before a member or value: the pending separator, then the next one is ','. */
static void before_item(struct xt_json *j)
{
	if (j->sep)
		putc(j->sep, j->out);
	j->sep = ',';
}

static void newline(struct xt_json *j)
{
	if (j->pretty)
		fprintf(j->out, "\n%*s", 4 * j->depth, "");
}

static void open_container(struct xt_json *j, int c)
{
	before_item(j);
	putc(c, j->out);
	j->depth++;
	j->sep = '\0';
}

static void close_container(struct xt_json *j, int c)
{
	j->depth--;
	if (j->sep)
		newline(j);
	putc(c, j->out);
	j->sep = ',';
}

void xt_json_start_array(struct xt_json *j)
{
	open_container(j, '[');
	if (j->pretty)
		putc(' ', j->out);
}

void xt_json_end_array(struct xt_json *j)
{
	if (j->pretty && j->sep)
		putc(' ', j->out);
	j->sep = '\0';
	close_container(j, ']');
}

void xt_json_start_object(struct xt_json *j)
{
	open_container(j, '{');
}

void xt_json_end_object(struct xt_json *j)
{
	close_container(j, '}');
}

void xt_json_key(struct xt_json *j, const char *key)
{
	before_item(j);
	newline(j);
	j->sep = '\0';
	xt_json_escape(j->out, key);
	putc(':', j->out);
	if (j->pretty)
		putc(' ', j->out);
}

void xt_json_string(struct xt_json *j, const char *s)
{
	before_item(j);
	xt_json_escape(j->out, s);
}

void xt_json_int(struct xt_json *j, int64_t v)
{
	before_item(j);
	fprintf(j->out, "%" PRId64, v);
}

void xt_json_uint(struct xt_json *j, uint64_t v)
{
	before_item(j);
	fprintf(j->out, "%" PRIu64, v);
}

void xt_json_bool(struct xt_json *j, bool v)
{
	before_item(j);
	fputs(v ? "true" : "false", j->out);
}

void xt_json_escape(FILE *out, const char *s)
{
	const unsigned char *p;

	putc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				putc(*p, out);
		}
	}
	putc('"', out);
}
