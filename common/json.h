/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json.h - a small JSON writer that lays documents out as iproute2 does
 * (compact, or "pretty" with ip's indentation), so `xnetns -j` output has
 * ip's shapes: [{"name":"a","id":7}].
 */
#ifndef XT_JSON_H
#define XT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/**
 * struct xt_json - writer state
 * @out: where the document goes
 * @pretty: ip's -p layout: four blanks a level, "[ {" and "} ]"
 * @depth: current nesting
 * @sep: what goes before the next member: ',' or nothing
 */
struct xt_json {
	FILE *out;
	bool pretty;
	int depth;
	char sep;
};

void xt_json_init(struct xt_json *j, FILE *out, bool pretty);
void xt_json_start_array(struct xt_json *j);
void xt_json_end_array(struct xt_json *j);
void xt_json_start_object(struct xt_json *j);
void xt_json_end_object(struct xt_json *j);
/** xt_json_key() - the name of the next member of the current object. */
void xt_json_key(struct xt_json *j, const char *key);
void xt_json_string(struct xt_json *j, const char *s);
void xt_json_int(struct xt_json *j, int64_t v);
void xt_json_uint(struct xt_json *j, uint64_t v);
void xt_json_bool(struct xt_json *j, bool v);

static inline void xt_json_kv_string(struct xt_json *j, const char *k, const char *v)
{
	xt_json_key(j, k);
	xt_json_string(j, v);
}
static inline void xt_json_kv_int(struct xt_json *j, const char *k, int64_t v)
{
	xt_json_key(j, k);
	xt_json_int(j, v);
}
static inline void xt_json_kv_uint(struct xt_json *j, const char *k, uint64_t v)
{
	xt_json_key(j, k);
	xt_json_uint(j, v);
}

/**
 * xt_json_escape() - write @s as a JSON string literal, quotes included:
 * '"' and '\' escaped, control characters as \b \f \n \r \t or \u00XX,
 * other bytes (UTF-8 included) as they are.
 */
void xt_json_escape(FILE *out, const char *s);

#endif
