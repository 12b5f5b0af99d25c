/* Bytes: borrowed slices, the bounds-checked reader, and the owned growable
 * buffer that doubles as the writer (with length back-patching).
 *
 * Every byte from the network is read through ward_reader. Each read checks
 * what remains and fails with WARD_ERR_DECODE; a length-prefixed vector opens
 * a sub-reader bounded by its length.
 *
 * ward_slice borrows; ward_buf owns. A buffer marked secret is wiped when it
 * is cleared, shrunk or freed. A fixed buffer (ward_buf_init_fixed) never
 * reallocates: writes past its capacity fail with WARD_ERR_OVERFLOW.
 */
#ifndef WARD_BASE_BYTES_H
#define WARD_BASE_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct ward_slice {
	const uint8_t *p;
	size_t len;
} ward_slice;

static inline ward_slice ward_slice_make(const void *p, size_t len)
{
	ward_slice s = {(const uint8_t *)p, len};
	return s;
}

int ward_slice_eq(ward_slice a, ward_slice b);

/* Constant-time equality for secrets (MACs, Finished, tags). */
int ward_ct_eq(const void *a, const void *b, size_t len);

/* Masks for code whose branches and addresses must not depend on secrets
 * (CBC padding, the record MAC): all ones when the condition holds, else
 * zero, computed without a branch. For values below 2^(bits of size_t - 1),
 * as lengths are. */
static inline size_t ward_ct_mask_lt(size_t a, size_t b)
{
	return (size_t)0 - ((a - b) >> (sizeof(size_t) * 8 - 1));
}

static inline size_t ward_ct_mask_nonzero(size_t x)
{
	return (size_t)0 - ((x | ((size_t)0 - x)) >> (sizeof(size_t) * 8 - 1));
}

static inline size_t ward_ct_mask_eq(size_t a, size_t b)
{
	return ~ward_ct_mask_nonzero(a ^ b);
}

/* Wipe memory that held secrets; not optimised away. */
void ward_wipe(void *p, size_t len);

/* ---- reader ---- */

typedef struct ward_reader {
	const uint8_t *p;
	size_t len;
	size_t off;
} ward_reader;

static inline ward_reader ward_reader_make(const void *p, size_t len)
{
	ward_reader r = {(const uint8_t *)p, len, 0};
	return r;
}

static inline size_t ward_reader_left(const ward_reader *r)
{
	return r->len - r->off;
}

WARD_MUST_CHECK ward_err ward_read_u8(ward_reader *r, uint8_t *v);
WARD_MUST_CHECK ward_err ward_read_u16(ward_reader *r, uint16_t *v);
WARD_MUST_CHECK ward_err ward_read_u24(ward_reader *r, uint32_t *v);
WARD_MUST_CHECK ward_err ward_read_u32(ward_reader *r, uint32_t *v);
WARD_MUST_CHECK ward_err ward_read_u64(ward_reader *r, uint64_t *v);
/* Borrow n bytes in place. */
WARD_MUST_CHECK ward_err ward_read_bytes(ward_reader *r, size_t n,
					 const uint8_t **out);
WARD_MUST_CHECK ward_err ward_read_slice(ward_reader *r, size_t n,
					 ward_slice *out);
WARD_MUST_CHECK ward_err ward_read_copy(ward_reader *r, void *dst, size_t n);
WARD_MUST_CHECK ward_err ward_read_skip(ward_reader *r, size_t n);
/* A vector with a len_bytes-byte (1..3) length prefix whose length must lie in
 * [min, max]: opens a sub-reader over its body. */
WARD_MUST_CHECK ward_err ward_read_vec(ward_reader *r, unsigned len_bytes,
				       size_t min, size_t max,
				       ward_reader *sub);
/* The same, returning the body as a slice. */
WARD_MUST_CHECK ward_err ward_read_vec_slice(ward_reader *r,
					     unsigned len_bytes, size_t min,
					     size_t max, ward_slice *out);
/* WARD_ERR_DECODE if any byte is left: closes a (sub-)reader. */
WARD_MUST_CHECK ward_err ward_read_end(const ward_reader *r);
/* The bytes up to the next `stop`, which is consumed but not returned;
 * without one, all that is left. For text fields (cookies, lines). */
ward_slice ward_read_until(ward_reader *r, uint8_t stop);

/* ---- owned buffer and writer ---- */

typedef struct ward_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
	uint8_t secret; /* wipe on clear/free */
	uint8_t fixed;  /* storage is the caller's; never realloc or free */
} ward_buf;

#define WARD_BUF_INIT {0}

void ward_buf_init(ward_buf *b);
void ward_buf_init_secret(ward_buf *b);
/* Borrow caller storage of cap bytes; the buffer never grows. */
void ward_buf_init_fixed(ward_buf *b, void *storage, size_t cap);
void ward_buf_free(ward_buf *b);
/* len = 0, keeps the storage (wiped if secret). */
void ward_buf_clear(ward_buf *b);
/* Make room for n more bytes. */
WARD_MUST_CHECK ward_err ward_buf_reserve(ward_buf *b, size_t n);
/* Reserve n bytes at the end, return where they start, advance len. */
WARD_MUST_CHECK ward_err ward_buf_extend(ward_buf *b, size_t n, uint8_t **at);
/* Drop the first n bytes. */
void ward_buf_consume(ward_buf *b, size_t n);
/* Drop bytes past len (wiping them if secret). */
void ward_buf_truncate(ward_buf *b, size_t len);

static inline ward_slice ward_buf_slice(const ward_buf *b)
{
	return ward_slice_make(b->data, b->len);
}

WARD_MUST_CHECK ward_err ward_put_u8(ward_buf *b, uint8_t v);
WARD_MUST_CHECK ward_err ward_put_u16(ward_buf *b, uint16_t v);
WARD_MUST_CHECK ward_err ward_put_u24(ward_buf *b, uint32_t v);
WARD_MUST_CHECK ward_err ward_put_u32(ward_buf *b, uint32_t v);
WARD_MUST_CHECK ward_err ward_put_u64(ward_buf *b, uint64_t v);
WARD_MUST_CHECK ward_err ward_put_bytes(ward_buf *b, const void *p, size_t n);
WARD_MUST_CHECK ward_err ward_put_fill(ward_buf *b, uint8_t v, size_t n);
WARD_MUST_CHECK ward_err ward_put_str(ward_buf *b, const char *s);

/* Length-prefixed vectors: reserve the length, write the body, back-patch.
 *   size_t mark;
 *   WARD_TRY(ward_put_vec_begin(b, 2, &mark));
 *   ... body ...
 *   WARD_TRY(ward_put_vec_end(b, mark));
 * vec_end fails with WARD_ERR_OVERFLOW if the body does not fit the prefix. */
WARD_MUST_CHECK ward_err ward_put_vec_begin(ward_buf *b, unsigned len_bytes,
					    size_t *mark);
WARD_MUST_CHECK ward_err ward_put_vec_end(ward_buf *b, size_t mark);
/* A whole vector at once. */
WARD_MUST_CHECK ward_err ward_put_vec(ward_buf *b, unsigned len_bytes,
				      const void *p, size_t n);

/* Base64 (RFC 4648 4, padded) of p[0..n), appended to b. */
WARD_MUST_CHECK ward_err ward_base64_encode(ward_buf *b, const void *p,
					    size_t n);
/* Strict base64 (RFC 4648 4: padded to a multiple of 4) of in[0..len)
 * into out; its length, or -1 when malformed or over cap. */
long ward_base64_decode(const uint8_t *in, size_t len, uint8_t *out,
			size_t cap);

/* The value of one hex digit, or -1. */
int ward_hex_value(uint8_t c);

/* Big-endian helpers for fixed fields in memory. */
static inline uint16_t ward_load_u16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t ward_load_u24(const uint8_t *p)
{
	return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
}
static inline void ward_store_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void ward_store_u24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16);
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)v;
}
static inline void ward_store_u64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

#endif
