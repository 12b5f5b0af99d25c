#include "base/bytes.h"

#include <stdlib.h>
#include <string.h>

int ward_slice_eq(ward_slice a, ward_slice b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

int ward_ct_eq(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t acc = 0;
	for (size_t i = 0; i < len; i++)
		acc |= (uint8_t)(x[i] ^ y[i]);
	return acc == 0;
}

void ward_wipe(void *p, size_t len)
{
	volatile uint8_t *v = p;
	while (len--)
		*v++ = 0;
}

int ward_hex_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ---- reader ---- */

static ward_err read_be(ward_reader *r, unsigned n, uint64_t *v)
{
	WARD_ENSURE(ward_reader_left(r) >= n, WARD_ERR_DECODE);
	uint64_t x = 0;
	for (unsigned i = 0; i < n; i++)
		x = (x << 8) | r->p[r->off + i];
	r->off += n;
	*v = x;
	return WARD_OK;
}

ward_err ward_read_u8(ward_reader *r, uint8_t *v)
{
	uint64_t x;
	WARD_TRY(read_be(r, 1, &x));
	*v = (uint8_t)x;
	return WARD_OK;
}

ward_err ward_read_u16(ward_reader *r, uint16_t *v)
{
	uint64_t x;
	WARD_TRY(read_be(r, 2, &x));
	*v = (uint16_t)x;
	return WARD_OK;
}

ward_err ward_read_u24(ward_reader *r, uint32_t *v)
{
	uint64_t x;
	WARD_TRY(read_be(r, 3, &x));
	*v = (uint32_t)x;
	return WARD_OK;
}

ward_err ward_read_u32(ward_reader *r, uint32_t *v)
{
	uint64_t x;
	WARD_TRY(read_be(r, 4, &x));
	*v = (uint32_t)x;
	return WARD_OK;
}

ward_err ward_read_u64(ward_reader *r, uint64_t *v)
{
	return read_be(r, 8, v);
}

ward_err ward_read_bytes(ward_reader *r, size_t n, const uint8_t **out)
{
	WARD_ENSURE(ward_reader_left(r) >= n, WARD_ERR_DECODE);
	*out = r->p + r->off;
	r->off += n;
	return WARD_OK;
}

ward_err ward_read_slice(ward_reader *r, size_t n, ward_slice *out)
{
	out->len = n;
	return ward_read_bytes(r, n, &out->p);
}

ward_err ward_read_copy(ward_reader *r, void *dst, size_t n)
{
	const uint8_t *p;
	WARD_TRY(ward_read_bytes(r, n, &p));
	if (n)
		memcpy(dst, p, n);
	return WARD_OK;
}

ward_err ward_read_skip(ward_reader *r, size_t n)
{
	const uint8_t *p;
	return ward_read_bytes(r, n, &p);
}

ward_err ward_read_vec(ward_reader *r, unsigned len_bytes, size_t min,
		       size_t max, ward_reader *sub)
{
	uint64_t n;
	WARD_ENSURE(len_bytes >= 1 && len_bytes <= 4, WARD_ERR_ARG);
	WARD_TRY(read_be(r, len_bytes, &n));
	WARD_ENSURE(n >= min && n <= max, WARD_ERR_DECODE);
	WARD_ENSURE(ward_reader_left(r) >= n, WARD_ERR_DECODE);
	*sub = ward_reader_make(r->p + r->off, (size_t)n);
	r->off += (size_t)n;
	return WARD_OK;
}

ward_err ward_read_vec_slice(ward_reader *r, unsigned len_bytes, size_t min,
			     size_t max, ward_slice *out)
{
	ward_reader sub;
	WARD_TRY(ward_read_vec(r, len_bytes, min, max, &sub));
	*out = ward_slice_make(sub.p, sub.len);
	return WARD_OK;
}

ward_err ward_read_end(const ward_reader *r)
{
	WARD_ENSURE(r->off == r->len, WARD_ERR_DECODE);
	return WARD_OK;
}

ward_slice ward_read_until(ward_reader *r, uint8_t stop)
{
	const uint8_t *start = r->p + r->off;
	size_t left = r->len - r->off;
	const uint8_t *hit = left ? memchr(start, stop, left) : NULL;
	size_t n = hit ? (size_t)(hit - start) : left;
	r->off += hit ? n + 1 : n;
	return ward_slice_make(start, n);
}

/* ---- buffer ---- */

void ward_buf_init(ward_buf *b)
{
	memset(b, 0, sizeof *b);
}

void ward_buf_init_secret(ward_buf *b)
{
	memset(b, 0, sizeof *b);
	b->secret = 1;
}

void ward_buf_init_fixed(ward_buf *b, void *storage, size_t cap)
{
	memset(b, 0, sizeof *b);
	b->data = storage;
	b->cap = cap;
	b->fixed = 1;
}

void ward_buf_free(ward_buf *b)
{
	if (b->secret && b->data)
		ward_wipe(b->data, b->cap);
	if (!b->fixed)
		free(b->data);
	uint8_t secret = b->secret;
	memset(b, 0, sizeof *b);
	b->secret = secret;
}

void ward_buf_clear(ward_buf *b)
{
	ward_buf_truncate(b, 0);
}

void ward_buf_truncate(ward_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	if (b->secret)
		ward_wipe(b->data + len, b->len - len);
	b->len = len;
}

ward_err ward_buf_reserve(ward_buf *b, size_t n)
{
	WARD_ENSURE(n <= SIZE_MAX - b->len, WARD_ERR_OVERFLOW);
	size_t need = b->len + n;
	if (need <= b->cap)
		return WARD_OK;
	WARD_ENSURE(!b->fixed, WARD_ERR_OVERFLOW);
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	uint8_t *p;
	if (b->secret) {
		/* realloc could leave a copy of the secret behind */
		p = malloc(cap);
		WARD_ENSURE(p != NULL, WARD_ERR_NOMEM);
		if (b->data) {
			memcpy(p, b->data, b->len);
			ward_wipe(b->data, b->cap);
			free(b->data);
		}
	} else {
		p = realloc(b->data, cap);
		WARD_ENSURE(p != NULL, WARD_ERR_NOMEM);
	}
	b->data = p;
	b->cap = cap;
	return WARD_OK;
}

ward_err ward_buf_extend(ward_buf *b, size_t n, uint8_t **at)
{
	WARD_TRY(ward_buf_reserve(b, n));
	*at = b->data + b->len;
	b->len += n;
	return WARD_OK;
}

void ward_buf_consume(ward_buf *b, size_t n)
{
	if (n >= b->len) {
		ward_buf_clear(b);
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	if (b->secret)
		ward_wipe(b->data + b->len - n, n);
	b->len -= n;
}

static ward_err put_be(ward_buf *b, uint64_t v, unsigned n)
{
	uint8_t *p;
	WARD_TRY(ward_buf_extend(b, n, &p));
	for (unsigned i = n; i > 0; i--) {
		p[i - 1] = (uint8_t)v;
		v >>= 8;
	}
	return WARD_OK;
}

ward_err ward_put_u8(ward_buf *b, uint8_t v) { return put_be(b, v, 1); }
ward_err ward_put_u16(ward_buf *b, uint16_t v) { return put_be(b, v, 2); }
ward_err ward_put_u24(ward_buf *b, uint32_t v)
{
	WARD_ENSURE(v < (1u << 24), WARD_ERR_OVERFLOW);
	return put_be(b, v, 3);
}
ward_err ward_put_u32(ward_buf *b, uint32_t v) { return put_be(b, v, 4); }
ward_err ward_put_u64(ward_buf *b, uint64_t v) { return put_be(b, v, 8); }

ward_err ward_put_bytes(ward_buf *b, const void *p, size_t n)
{
	uint8_t *at;
	if (n == 0)
		return WARD_OK;
	WARD_TRY(ward_buf_extend(b, n, &at));
	memcpy(at, p, n);
	return WARD_OK;
}

ward_err ward_put_fill(ward_buf *b, uint8_t v, size_t n)
{
	uint8_t *at;
	if (n == 0)
		return WARD_OK;
	WARD_TRY(ward_buf_extend(b, n, &at));
	memset(at, v, n);
	return WARD_OK;
}

ward_err ward_put_str(ward_buf *b, const char *s)
{
	return ward_put_bytes(b, s, strlen(s));
}

/* The mark encodes the prefix position and its width (low 3 bits). */
ward_err ward_put_vec_begin(ward_buf *b, unsigned len_bytes, size_t *mark)
{
	WARD_ENSURE(len_bytes >= 1 && len_bytes <= 4, WARD_ERR_ARG);
	size_t at = b->len;
	WARD_TRY(put_be(b, 0, len_bytes));
	*mark = (at << 3) | len_bytes;
	return WARD_OK;
}

ward_err ward_put_vec_end(ward_buf *b, size_t mark)
{
	unsigned n = (unsigned)(mark & 7);
	size_t at = mark >> 3;
	WARD_ENSURE(at + n <= b->len, WARD_ERR_ARG);
	uint64_t body = b->len - at - n;
	WARD_ENSURE(n == 4 || body < ((uint64_t)1 << (8 * n)), WARD_ERR_OVERFLOW);
	for (unsigned i = n; i > 0; i--) {
		b->data[at + i - 1] = (uint8_t)body;
		body >>= 8;
	}
	return WARD_OK;
}

ward_err ward_put_vec(ward_buf *b, unsigned len_bytes, const void *p, size_t n)
{
	size_t mark;
	WARD_TRY(ward_put_vec_begin(b, len_bytes, &mark));
	WARD_TRY(ward_put_bytes(b, p, n));
	return ward_put_vec_end(b, mark);
}

ward_err ward_base64_encode(ward_buf *b, const void *p, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const uint8_t *in = p;
	uint8_t *o;
	if (n == 0)
		return WARD_OK; /* nothing to extend: an empty buffer has no data */
	WARD_TRY(ward_buf_extend(b, (n + 2) / 3 * 4, &o));
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		*o++ = (uint8_t)abc[v >> 18];
		*o++ = (uint8_t)abc[(v >> 12) & 63];
		*o++ = i + 1 < n ? (uint8_t)abc[(v >> 6) & 63] : '=';
		*o++ = i + 2 < n ? (uint8_t)abc[v & 63] : '=';
	}
	return WARD_OK;
}

long ward_base64_decode(const uint8_t *in, size_t len, uint8_t *out,
			 size_t cap)
{
	uint32_t acc = 0;
	size_t n = 0, bits = 0, pad = 0;
	if (len % 4 != 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		uint8_t c = in[i];
		int v;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad)
			return -1; /* data after padding */
		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+')
			v = 62;
		else if (c == '/')
			v = 63;
		else
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -1;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	/* what is left must be the zero bits of a final partial group */
	if (pad > 2 || bits >= 6 || (acc & ((1u << bits) - 1)) != 0 ||
	    (pad && pad != (bits == 4 ? 2u : 1u)))
		return -1;
	return (long)n;
}
