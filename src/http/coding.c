/* gzip and deflate content codings through zlib: the one file that
 * includes <zlib.h>. The output goes to the caller through a fixed
 * window, so memory stays bounded whatever the ratio. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "http/coding.h"

#define WINDOW 16384

struct ward_inflate {
	z_stream zs;
	ward_coding coding;
	int started; /* inflateInit2 done */
	int done;    /* the stream (or the last gzip member) ended */
	/* deflate: the first two bytes tell a zlib header from raw deflate */
	uint8_t head[2];
	size_t head_len;
	uint8_t out[WINDOW];
};

ward_coding ward_coding_parse(ward_slice v)
{
	const char *p = (const char *)v.p;
	size_t n = v.len;
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n == 0 || (n == 8 && !strncasecmp(p, "identity", 8)))
		return WARD_CODING_IDENTITY;
	if ((n == 4 && !strncasecmp(p, "gzip", 4)) ||
	    (n == 6 && !strncasecmp(p, "x-gzip", 6)))
		return WARD_CODING_GZIP;
	if (n == 7 && !strncasecmp(p, "deflate", 7))
		return WARD_CODING_DEFLATE;
	return WARD_CODING_UNKNOWN;
}

ward_inflate *ward_inflate_new(ward_coding coding)
{
	if (coding != WARD_CODING_GZIP && coding != WARD_CODING_DEFLATE)
		return NULL;
	ward_inflate *z = calloc(1, sizeof *z);
	if (z)
		z->coding = coding;
	return z;
}

void ward_inflate_free(ward_inflate *z)
{
	if (!z)
		return;
	if (z->started)
		inflateEnd(&z->zs);
	free(z);
}

int ward_inflate_done(const ward_inflate *z)
{
	return z->done;
}

static ward_err start(ward_inflate *z)
{
	int bits = 16 + MAX_WBITS; /* gzip only */
	if (z->coding == WARD_CODING_DEFLATE) {
		unsigned h = (unsigned)z->head[0] << 8 | z->head[1];
		int zlib = (z->head[0] & 0x0f) == Z_DEFLATED && h % 31 == 0;
		bits = zlib ? MAX_WBITS : -MAX_WBITS;
	}
	if (inflateInit2(&z->zs, bits) != Z_OK)
		return WARD_ERR_NOMEM;
	z->started = 1;
	return WARD_OK;
}

/* Inflate p[0..n) and pass the output on. */
static ward_err run(ward_inflate *z, const uint8_t *p, size_t n,
		    int (*out)(void *, const uint8_t *, size_t), void *ctx,
		    int *stopped)
{
	z->zs.next_in = (Bytef *)p;
	z->zs.avail_in = (uInt)n;
	while (z->zs.avail_in > 0) {
		if (z->done) {
			/* RFC 1952 2.2: a gzip file may hold several members */
			if (z->coding != WARD_CODING_GZIP)
				return WARD_ERR_DECODE;
			if (inflateReset(&z->zs) != Z_OK)
				return WARD_ERR_DECODE;
			z->done = 0;
		}
		z->zs.next_out = z->out;
		z->zs.avail_out = WINDOW;
		int r = inflate(&z->zs, Z_NO_FLUSH);
		if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
			return WARD_ERR_DECODE;
		size_t got = WINDOW - z->zs.avail_out;
		if (got && out(ctx, z->out, got)) {
			*stopped = 1;
			return WARD_OK;
		}
		if (r == Z_STREAM_END)
			z->done = 1;
		else if (r == Z_BUF_ERROR && got == 0)
			return WARD_ERR_DECODE; /* no progress possible */
	}
	return WARD_OK;
}

ward_err ward_inflate_feed(ward_inflate *z, const uint8_t *p, size_t n,
			   int (*out)(void *, const uint8_t *, size_t),
			   void *ctx, int *stopped)
{
	*stopped = 0;
	if (n > UINT32_MAX)
		return WARD_ERR_ARG;
	if (!z->started) {
		if (z->coding == WARD_CODING_DEFLATE) {
			while (z->head_len < 2 && n > 0) {
				z->head[z->head_len++] = *p++;
				n--;
			}
			if (z->head_len < 2)
				return WARD_OK;
		}
		WARD_TRY(start(z));
		if (z->coding == WARD_CODING_DEFLATE) {
			WARD_TRY(run(z, z->head, 2, out, ctx, stopped));
			if (*stopped)
				return WARD_OK;
		}
	}
	return run(z, p, n, out, ctx, stopped);
}
