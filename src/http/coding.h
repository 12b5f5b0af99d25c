/* Content codings a client decodes (RFC 9110 8.4.1): gzip and deflate,
 * streaming through a fixed window, for `ward get --compressed`. */
#ifndef WARD_HTTP_CODING_H
#define WARD_HTTP_CODING_H

#include <stddef.h>
#include <stdint.h>

#include "base/bytes.h"

typedef enum ward_coding {
	WARD_CODING_IDENTITY = 0,
	WARD_CODING_GZIP,    /* "gzip", "x-gzip" */
	WARD_CODING_DEFLATE, /* "deflate": zlib, or raw deflate as
				some servers send it */
	WARD_CODING_UNKNOWN, /* anything else, or several codings */
} ward_coding;

/* The coding a Content-Encoding value names (case-insensitive, spaces
 * around it allowed). */
ward_coding ward_coding_parse(ward_slice value);

typedef struct ward_inflate ward_inflate;

/* A decoder for gzip or deflate; NULL when out of memory. */
ward_inflate *ward_inflate_new(ward_coding coding);
void ward_inflate_free(ward_inflate *z);
/* Decode the next n bytes; out() receives the decoded bytes (a nonzero
 * return stops and is returned). WARD_ERR_DECODE when the stream is
 * corrupt or has bytes after its end. */
WARD_MUST_CHECK ward_err ward_inflate_feed(
    ward_inflate *z, const uint8_t *p, size_t n,
    int (*out)(void *ctx, const uint8_t *p, size_t n), void *ctx, int *stopped);
/* Whether the whole stream arrived (its end and checksum). */
int ward_inflate_done(const ward_inflate *z);

#endif
