/* RESP (the Redis serialization protocol, version 2): the reader of one
 * reply, for the replay store's Redis client (redis.h).
 *
 * A reply is parsed from the start of the bytes received so far; a
 * partial one says WARD_ERR_WANT_INPUT (parse again with more bytes, from
 * the start), a malformed one WARD_ERR_DECODE. Nested arrays are walked
 * (bounded in depth and count) and only counted. Strings in the result
 * point into the input: valid while it is unchanged.
 */
#ifndef WARD_SERVER_RESP_H
#define WARD_SERVER_RESP_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"

/* the longest simple string, error or bulk string taken */
#define WARD_RESP_MAX_STRING 4096
#define WARD_RESP_MAX_DEPTH 4
#define WARD_RESP_MAX_ELEMENTS 64

typedef enum ward_resp_type {
	WARD_RESP_SIMPLE,  /* +OK */
	WARD_RESP_ERROR,   /* -ERR ... */
	WARD_RESP_INTEGER, /* :12 */
	WARD_RESP_BULK,	   /* $3 abc */
	WARD_RESP_NULL,	   /* $-1 or *-1 */
	WARD_RESP_ARRAY,   /* *2 ... */
} ward_resp_type;

typedef struct ward_resp_value {
	ward_resp_type type;
	ward_slice str;	 /* SIMPLE, ERROR, BULK */
	int64_t integer; /* INTEGER; ARRAY: its element count */
} ward_resp_value;

/* One reply at the start of in[0..len); *used: its length. */
WARD_MUST_CHECK ward_err ward_resp_parse(const uint8_t *in, size_t len,
					 ward_resp_value *v, size_t *used);

#endif
