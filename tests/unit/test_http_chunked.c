/* http/chunked: the chunked transfer coding decoder, fed whole and in
 * pieces, with extensions, trailers and every way to break the framing. */
#include <stdlib.h>

#include "test.h"

#include "http/http.h"

#define BAD WARD_ERR_HTTP_BAD_REQUEST

typedef struct result {
	ward_err err;
	int done;
	uint8_t body[4096];
	size_t body_len;
	size_t left; /* input bytes not consumed when done */
	ward_buf trailers;
} result;

/* Feed `in` to a fresh decoder `piece` bytes at a time, the way a
 * connection does: new bytes are appended behind what is left, and `used`
 * bytes are dropped after each call. */
static void decode(const char *in, size_t len, size_t piece, uint64_t max_body,
		   size_t max_trailer, result *r)
{
	ward_http_chunked d;
	uint8_t buf[8192];
	size_t have = 0, fed = 0;

	ward_http_chunked_init(&d, max_body, max_trailer);
	memset(r, 0, sizeof *r);
	while (!r->done) {
		size_t n = len - fed < piece ? len - fed : piece;
		assert_true(have + n <= sizeof buf);
		memcpy(buf + have, in + fed, n);
		have += n;
		fed += n;
		size_t used, body_len;
		r->err = ward_http_chunked_decode(&d, buf, have, &used,
						  &body_len, &r->done);
		if (r->err != WARD_OK)
			break;
		assert_true(used <= have && body_len <= used);
		assert_true(r->body_len + body_len <= sizeof r->body);
		memcpy(r->body + r->body_len, buf, body_len);
		r->body_len += body_len;
		memmove(buf, buf + used, have - used);
		have -= used;
		if (fed == len && !r->done)
			break;
	}
	r->left = have + (len - fed);
	r->trailers = d.trailers;
	ward_buf_init(&d.trailers);
	ward_http_chunked_free(&d);
}

static ward_err decode_err(const char *in)
{
	result r;
	decode(in, strlen(in), strlen(in) + 1, UINT64_MAX, 1024, &r);
	ward_buf_free(&r.trailers);
	return r.err;
}

static void assert_body(const result *r, const char *want)
{
	assert_ok(r->err);
	assert_true(r->done);
	assert_int_equal(r->body_len, strlen(want));
	assert_memory_equal(r->body, want, r->body_len);
}

static void decodes_whole(void **state)
{
	(void)state;
	const char *in = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
	result r;
	decode(in, strlen(in), 1000, 1000, 1000, &r);
	assert_body(&r, "hello world");
	assert_int_equal(r.left, 0);
	assert_int_equal(r.trailers.len, 0);
	ward_buf_free(&r.trailers);

	/* hex digits either case, leading zeros, a zero-filled last chunk */
	in = "A\r\n0123456789\r\n0000000000000001\r\nx\r\nb\r\n"
	     "hello world\r\n000\r\n\r\n";
	decode(in, strlen(in), 1000, 1000, 1000, &r);
	assert_body(&r, "0123456789xhello world");
	ward_buf_free(&r.trailers);

	/* an empty body */
	decode("0\r\n\r\n", 5, 1000, 0, 0, &r);
	assert_body(&r, "");
	ward_buf_free(&r.trailers);
}

static void every_split_gives_the_same_body(void **state)
{
	(void)state;
	const char *in = "4;ext=1\r\nWiki\r\n7\r\npedia i\r\n"
			 "B ; a = \"q;\\\"x\" ;b\r\nn \r\nchunks.\r\n"
			 "0\r\nX-Sum: 3\r\n\r\n";
	size_t len = strlen(in);
	for (size_t piece = 1; piece <= len; piece++) {
		result r;
		decode(in, len, piece, 1000, 1000, &r);
		assert_body(&r, "Wikipedia in \r\nchunks.");
		assert_int_equal(r.left, 0);
		assert_int_equal(r.trailers.len, strlen("X-Sum: 3\r\n"));
		ward_buf_free(&r.trailers);
	}
	/* and a split at every single position */
	for (size_t k = 0; k <= len; k++) {
		ward_http_chunked d;
		uint8_t buf[256];
		size_t used, body_len, total = 0;
		int done;
		memcpy(buf, in, len);
		ward_http_chunked_init(&d, 1000, 1000);
		assert_ok(ward_http_chunked_decode(&d, buf, k, &used, &body_len,
						   &done));
		assert_int_equal(used, k);
		memmove(buf + body_len, buf + used, len - used);
		total = body_len;
		assert_ok(ward_http_chunked_decode(&d, buf + total, len - used,
						   &used, &body_len, &done));
		assert_true(done);
		total += body_len;
		assert_int_equal(total, 22);
		assert_memory_equal(buf, "Wikipedia in \r\nchunks.", 22);
		ward_http_chunked_free(&d);
	}
}

static void extensions_are_checked_and_ignored(void **state)
{
	(void)state;
	static const char *const good[] = {
	    "1;a\r\nx\r\n0\r\n\r\n",
	    "1;a=b\r\nx\r\n0\r\n\r\n",
	    "1 ;a\r\nx\r\n0\r\n\r\n",
	    "1\t; a ; b = c;d=\"\"\r\nx\r\n0\r\n\r\n",
	    "1;a=\"x y\\\\\\\"z\t\xe9\"\r\nx\r\n0;last=1\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		result r;
		decode(good[i], strlen(good[i]), 1000, 1000, 1000, &r);
		assert_body(&r, "x");
		ward_buf_free(&r.trailers);
	}
	assert_err(decode_err("1;\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;=b\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;a=\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;a=b c\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;a=\"b\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;a=\"b\"c\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;a \r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;a=b \r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;a(b\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1;a=\"\x01\"\r\nx\r\n0\r\n\r\n"), BAD);
	/* BWS only before ';': no trailing whitespace on the size */
	assert_err(decode_err("1 \r\nx\r\n0\r\n\r\n"), BAD);
}

static void size_lines_are_strict(void **state)
{
	(void)state;
	assert_err(decode_err("g\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("-1\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("+1\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("0x1\r\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err(" 1\r\nx\r\n0\r\n\r\n"), BAD);
	/* RFC 9112 2.2: bare LF and bare CR */
	assert_err(decode_err("1\nx\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("1\rx\r\n0\r\n\r\n"), BAD);
	/* 16 hex digits fit in 64 bits; a 17th overflows */
	ward_http_chunked d;
	uint8_t buf[64];
	size_t used, body_len;
	int done;
	memcpy(buf, "ffffffffffffffff\r\nab", 20);
	ward_http_chunked_init(&d, UINT64_MAX, 0);
	assert_ok(
	    ward_http_chunked_decode(&d, buf, 20, &used, &body_len, &done));
	assert_int_equal(body_len, 2);
	assert_false(done);
	ward_http_chunked_free(&d);
	assert_err(decode_err("10000000000000000\r\n"), BAD);
	assert_err(decode_err("00000000000000001\r\nx\r\n0\r\n\r\n"), BAD);
	/* an endless size line fails */
	char *big = malloc(5000);
	assert_non_null(big);
	memcpy(big, "1;a=", 4);
	memset(big + 4, 'b', 4995);
	big[4999] = 0;
	assert_err(decode_err(big), BAD);
	free(big);
}

static void data_is_followed_by_crlf(void **state)
{
	(void)state;
	assert_err(decode_err("5\r\nhelloX\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("5\r\nhello\n0\r\n\r\n"), BAD);
	assert_err(decode_err("5\r\nhello\rX0\r\n\r\n"), BAD);
	assert_err(decode_err("5\r\nhello world\r\n0\r\n\r\n"), BAD);
	assert_err(decode_err("0\r\n\n"), BAD);
	assert_err(decode_err("0\r\n\rX"), BAD);
}

static void trailers_are_captured(void **state)
{
	(void)state;
	const char *in = "1\r\nx\r\n0\r\nExpires: never\r\n"
			 "X-Checksum:\tabc \xff\r\n\r\n";
	result r;
	decode(in, strlen(in), 1000, 1000, 1000, &r);
	assert_body(&r, "x");
	const char *want = "Expires: never\r\nX-Checksum:\tabc \xff\r\n";
	assert_int_equal(r.trailers.len, strlen(want));
	assert_memory_equal(r.trailers.data, want, strlen(want));
	ward_buf_free(&r.trailers);

	/* RFC 9112 5.2: obs-fold */
	assert_err(decode_err("0\r\nA: b\r\n c\r\n\r\n"), BAD);
	assert_err(decode_err("0\r\n A: b\r\n\r\n"), BAD);
	/* RFC 9112 5.1: no whitespace before the colon */
	assert_err(decode_err("0\r\nA : b\r\n\r\n"), BAD);
	assert_err(decode_err("0\r\nA b\r\n\r\n"), BAD);
	assert_err(decode_err("0\r\n: b\r\n\r\n"), BAD);
	assert_err(decode_err("0\r\nA: b\x01\r\n\r\n"), BAD);
	assert_err(decode_err("0\r\nA: b\x7f\r\n\r\n"), BAD);
	assert_err(decode_err("0\r\nA: b\n\r\n"), BAD);
	assert_err(decode_err("0\r\nA: b\r\r\n\r\n"), BAD);
}

static void trailer_section_is_bounded(void **state)
{
	(void)state;
	const char *in = "0\r\nA: 12345\r\n\r\n"; /* 10 bytes of trailer */
	result r;
	decode(in, strlen(in), 1000, 1000, 10, &r);
	assert_body(&r, "");
	ward_buf_free(&r.trailers);
	decode(in, strlen(in), 1000, 1000, 9, &r);
	assert_err(r.err, WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	ward_buf_free(&r.trailers);
	/* no trailers at all needs no room */
	decode("0\r\n\r\n", 5, 1000, 1000, 0, &r);
	assert_body(&r, "");
	ward_buf_free(&r.trailers);
}

static void body_over_max_is_413(void **state)
{
	(void)state;
	const char *in = "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n";
	result r;
	decode(in, strlen(in), 1000, 10, 0, &r);
	assert_body(&r, "helloworld");
	ward_buf_free(&r.trailers);
	decode(in, strlen(in), 1, 9, 0, &r);
	assert_err(r.err, WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);
	/* refused at the size, before any of the chunk's data */
	assert_int_equal(r.body_len, 5);
	ward_buf_free(&r.trailers);
	decode("ffffffff\r\n", 10, 1000, (uint64_t)1 << 30, 0, &r);
	assert_err(r.err, WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);
	ward_buf_free(&r.trailers);
}

static void bytes_after_the_end_are_left(void **state)
{
	(void)state;
	uint8_t buf[64];
	const char *in = "2\r\nab\r\n0\r\n\r\nGET / HTTP/1.1\r\n";
	size_t len = strlen(in), used, body_len;
	int done;
	ward_http_chunked d;
	memcpy(buf, in, len);
	ward_http_chunked_init(&d, 100, 100);
	assert_ok(
	    ward_http_chunked_decode(&d, buf, len, &used, &body_len, &done));
	assert_true(done);
	assert_int_equal(used, 12);
	assert_int_equal(body_len, 2);
	assert_memory_equal(buf, "ab", 2);
	assert_memory_equal(buf + used, "GET / HTTP/1.1\r\n", len - used);
	/* once done, nothing more is taken */
	assert_ok(ward_http_chunked_decode(&d, buf + used, len - used, &used,
					   &body_len, &done));
	assert_true(done);
	assert_int_equal(used, 0);
	assert_int_equal(body_len, 0);
	ward_http_chunked_free(&d);
}

static void failure_is_final(void **state)
{
	(void)state;
	uint8_t buf[16];
	size_t used, body_len;
	int done;
	ward_http_chunked d;
	ward_http_chunked_init(&d, 100, 100);
	memcpy(buf, "z\r\n", 3);
	assert_err(
	    ward_http_chunked_decode(&d, buf, 3, &used, &body_len, &done), BAD);
	memcpy(buf, "0\r\n\r\n", 5);
	assert_err(
	    ward_http_chunked_decode(&d, buf, 5, &used, &body_len, &done),
	    WARD_ERR_STATE);
	ward_http_chunked_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(decodes_whole),
	    cmocka_unit_test(every_split_gives_the_same_body),
	    cmocka_unit_test(extensions_are_checked_and_ignored),
	    cmocka_unit_test(size_lines_are_strict),
	    cmocka_unit_test(data_is_followed_by_crlf),
	    cmocka_unit_test(trailers_are_captured),
	    cmocka_unit_test(trailer_section_is_bounded),
	    cmocka_unit_test(body_over_max_is_413),
	    cmocka_unit_test(bytes_after_the_end_are_left),
	    cmocka_unit_test(failure_is_final),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
