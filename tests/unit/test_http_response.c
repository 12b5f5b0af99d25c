/* http/response: the client's response head parser, one case per rule,
 * each asserting the exact result: status line, field strictness, framing
 * in the order of RFC 9112 6.3, interim responses, limits. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"

#include "http/http.h"

#define BAD WARD_ERR_HTTP_BAD_REQUEST

static ward_http_response resp;

/* Every case is parsed twice: at once, and resumed a byte at a time, which
 * must give the same verdict at the same byte and the same response. */
static ward_err parse_m(const char *s, size_t n, const ward_http_limits *l,
			ward_http_method m)
{
	static ward_http_response resumed;
	const uint8_t *p = (const uint8_t *)s;
	ward_http_head_scan st;
	ward_http_head_scan_init(&st);
	size_t i = 0;
	ward_err r = WARD_ERR_WANT_INPUT;
	while (r == WARD_ERR_WANT_INPUT && i < n) {
		i++;
		r = ward_http_parse_response_resume(p, i, l, m, &resumed, &st);
	}
	assert_int_equal(r, ward_http_parse_response(p, i, l, m, &resp));
	/* each byte was looked at once, and once more for the final walk */
	assert_true(st.examined <= 2 * (uint64_t)i + 2);
	ward_err err = ward_http_parse_response(p, n, l, m, &resp);
	if (r == WARD_OK) {
		assert_int_equal(resumed.head_len, resp.head_len);
		assert_int_equal(resumed.n_headers, resp.n_headers);
		assert_int_equal(resumed.status, resp.status);
		assert_int_equal(resumed.body, resp.body);
		assert_int_equal(resumed.keep_alive, resp.keep_alive);
		assert_true(resumed.reason.p == resp.reason.p);
	}
	return err;
}

static ward_err parse(const char *s)
{
	return parse_m(s, strlen(s), NULL, WARD_HTTP_GET);
}

static ward_err parse_method(const char *s, ward_http_method m)
{
	return parse_m(s, strlen(s), NULL, m);
}

/* "HTTP/1.1 200 OK" and the given fields. */
static ward_err with_fields(const char *version, const char *fields)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s 200 OK\r\n%s\r\n", version, fields);
	return parse(buf);
}

static void assert_slice(ward_slice s, const char *want)
{
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(s.p, want, s.len);
}

static void parses_simple_response(void **state)
{
	(void)state;
	const char *r = "HTTP/1.1 200 OK\r\n"
			"Content-Type: text/plain\r\n"
			"content-length:  5 \t\r\n"
			"\r\n"
			"hello";
	assert_ok(parse(r));
	assert_int_equal(resp.version_minor, 1);
	assert_int_equal(resp.status, 200);
	assert_slice(resp.reason, "OK");
	assert_int_equal(resp.n_headers, 2);
	assert_slice(resp.headers[1].name, "content-length");
	assert_slice(resp.headers[1].value, "5");
	assert_int_equal(resp.head_len, strlen(r) - 5);
	assert_int_equal(resp.body, WARD_HTTP_BODY_LENGTH);
	assert_int_equal(resp.content_length, 5);
	assert_true(resp.keep_alive);
	assert_false(resp.interim);
	assert_false(resp.te_and_length);
	ward_slice v;
	assert_true(ward_http_response_header(&resp, "CONTENT-TYPE", &v));
	assert_slice(v, "text/plain");
	assert_false(ward_http_response_header(&resp, "content-typ", &v));
}

static void status_line_rules(void **state)
{
	(void)state;
	/* the reason phrase may be empty, with or without its SP */
	assert_ok(parse("HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n"));
	assert_int_equal(resp.status, 404);
	assert_int_equal(resp.reason.len, 0);
	assert_ok(parse("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n"));
	assert_int_equal(resp.reason.len, 0);
	/* reason-phrase: SP, HTAB, VCHAR, obs-text */
	assert_ok(parse("HTTP/1.1 200 Tr\xe8s\tbien OK\r\n\r\n"));
	assert_slice(resp.reason, "Tr\xe8s\tbien OK");
	assert_ok(parse("HTTP/1.0 599 x\r\n\r\n"));
	assert_int_equal(resp.version_minor, 0);
	assert_int_equal(resp.status, 599);
	/* three digits, 100..599 */
	assert_err(parse("HTTP/1.1 20 OK\r\n\r\n"), BAD);
	assert_err(parse("HTTP/1.1 2000 OK\r\n\r\n"), BAD);
	assert_err(parse("HTTP/1.1 099 OK\r\n\r\n"), BAD);
	assert_err(parse("HTTP/1.1 600 OK\r\n\r\n"), BAD);
	assert_err(parse("HTTP/1.1 2x0 OK\r\n\r\n"), BAD);
	/* single SPs, case-sensitive version */
	assert_err(parse("HTTP/1.1  200 OK\r\n\r\n"), BAD);
	assert_err(parse("HTTP/1.1\t200 OK\r\n\r\n"), BAD);
	assert_err(parse("http/1.1 200 OK\r\n\r\n"), BAD);
	assert_err(parse("HTTP/1.1 200\tOK\r\n\r\n"), BAD);
	assert_err(parse("HTTP/11 200 OK\r\n\r\n"), BAD);
	/* other versions */
	assert_err(parse("HTTP/2.0 200 OK\r\n\r\n"),
		   WARD_ERR_HTTP_VERSION_NOT_SUPPORTED);
	assert_err(parse("HTTP/1.2 200 OK\r\n\r\n"),
		   WARD_ERR_HTTP_VERSION_NOT_SUPPORTED);
	/* control characters and bare line ends */
	assert_err(parse("HTTP/1.1 200 O\x01K\r\n\r\n"), BAD);
	assert_err(parse("HTTP/1.1 200 O\x7fK\r\n\r\n"), BAD);
	assert_err(
	    parse_m("HTTP/1.1 200 O\0K\r\n\r\n", 21, NULL, WARD_HTTP_GET), BAD);
	assert_err(parse("HTTP/1.1 200 OK\n\r\n"), BAD);
	assert_err(parse("HTTP/1.1 200 OK\rX\r\n"), BAD);
	/* garbage fails at once, not at the end of the head */
	assert_err(parse("<html>"), BAD);
	assert_err(parse("\r\nHTTP/1.1 200 OK\r\n\r\n"), BAD);
}

static void field_rules(void **state)
{
	(void)state;
	const char *v11 = "HTTP/1.1";
	/* RFC 9112 5.2: obs-fold refused */
	assert_err(with_fields(v11, "A: b\r\n c\r\n"), BAD);
	assert_err(with_fields(v11, " A: b\r\n"), BAD);
	/* RFC 9112 5.1: no whitespace before the colon */
	assert_err(with_fields(v11, "A : b\r\n"), BAD);
	assert_err(with_fields(v11, "Content-Length : 0\r\n"), BAD);
	/* a name is a token, with a colon */
	assert_err(with_fields(v11, "A\r\n"), BAD);
	assert_err(with_fields(v11, ": b\r\n"), BAD);
	assert_err(with_fields(v11, "A(b): c\r\n"), BAD);
	/* RFC 9110 5.5: no CTL in values */
	assert_err(with_fields(v11, "A: b\x01\r\n"), BAD);
	assert_err(with_fields(v11, "A: b\x1b[0m\r\n"), BAD);
	assert_err(with_fields(v11, "A: b\nC: d\r\n"), BAD);
	/* what is allowed: empty values, HTAB, obs-text */
	assert_ok(with_fields(v11, "A:\r\nB: \tx\ty\t\r\nC: \xff\r\n"));
	assert_int_equal(resp.n_headers, 3);
	assert_slice(resp.headers[0].value, "");
	assert_slice(resp.headers[1].value, "x\ty");
}

static void no_body_statuses_and_methods(void **state)
{
	(void)state;
	/* 6.3 item 1: whatever the fields say */
	assert_ok(parse_method("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n",
			       WARD_HTTP_HEAD));
	assert_int_equal(resp.body, WARD_HTTP_BODY_NONE);
	assert_true(resp.keep_alive);
	assert_ok(parse_method("HTTP/1.1 200 OK\r\n"
			       "Transfer-Encoding: chunked\r\n\r\n",
			       WARD_HTTP_HEAD));
	assert_int_equal(resp.body, WARD_HTTP_BODY_NONE);
	assert_ok(
	    parse("HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_NONE);
	assert_true(resp.keep_alive);
	assert_ok(parse("HTTP/1.1 304 Not Modified\r\n"
			"Transfer-Encoding: chunked\r\n\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_NONE);
	/* 6.3 item 2: a 2xx to CONNECT starts a tunnel */
	assert_ok(parse_method("HTTP/1.1 200 OK\r\n\r\n", WARD_HTTP_CONNECT));
	assert_int_equal(resp.body, WARD_HTTP_BODY_NONE);
	assert_ok(parse_method("HTTP/1.1 407 No\r\nContent-Length: 2\r\n\r\n",
			       WARD_HTTP_CONNECT));
	assert_int_equal(resp.body, WARD_HTTP_BODY_LENGTH);
	/* 205 and 200 without fields are not exempt: close-delimited */
	assert_ok(parse("HTTP/1.1 200 OK\r\n\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CLOSE);
}

static void interim_responses(void **state)
{
	(void)state;
	const char *r = "HTTP/1.1 100 Continue\r\n\r\n"
			"HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
			"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
	size_t off = 0, n = strlen(r);
	assert_ok(parse_m(r, n, NULL, WARD_HTTP_PUT));
	assert_true(resp.interim);
	assert_int_equal(resp.status, 100);
	assert_int_equal(resp.body, WARD_HTTP_BODY_NONE);
	off += resp.head_len;
	assert_ok(parse_m(r + off, n - off, NULL, WARD_HTTP_PUT));
	assert_true(resp.interim);
	assert_int_equal(resp.status, 103);
	assert_int_equal(resp.n_headers, 1);
	off += resp.head_len;
	assert_ok(parse_m(r + off, n - off, NULL, WARD_HTTP_PUT));
	assert_false(resp.interim);
	assert_int_equal(resp.status, 201);
	assert_int_equal(resp.body, WARD_HTTP_BODY_LENGTH);
	assert_int_equal(off + resp.head_len, n);
	/* RFC 9110 15.2.2: 101 without an Upgrade request */
	assert_err(parse("HTTP/1.1 101 Switching Protocols\r\n"
			 "Upgrade: h2c\r\n\r\n"),
		   BAD);
}

static void chunked_framing(void **state)
{
	(void)state;
	/* 6.3 item 4: chunked as the final coding */
	assert_ok(with_fields("HTTP/1.1", "Transfer-Encoding: chunked\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CHUNKED);
	assert_true(resp.keep_alive);
	assert_ok(with_fields("HTTP/1.1", "Transfer-Encoding: gzip\r\n"
					  "Transfer-Encoding: Chunked\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CHUNKED);
	/* ... not last: read until close (for a response, not an error) */
	assert_ok(
	    with_fields("HTTP/1.1", "Transfer-Encoding: chunked, gzip\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CLOSE);
	assert_false(resp.keep_alive);
	assert_ok(with_fields("HTTP/1.1", "Transfer-Encoding: gzip\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CLOSE);
	assert_false(resp.keep_alive);
	/* RFC 9112 6.1: in HTTP/1.0 the framing is faulty */
	assert_ok(with_fields("HTTP/1.0", "Transfer-Encoding: chunked\r\n"
					  "Connection: keep-alive\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CLOSE);
	assert_false(resp.keep_alive);
	/* malformed codings */
	assert_err(
	    with_fields("HTTP/1.1", "Transfer-Encoding: chunked, chunked\r\n"),
	    BAD);
	assert_err(
	    with_fields("HTTP/1.1", "Transfer-Encoding: chunked;q=1\r\n"), BAD);
	assert_err(with_fields("HTTP/1.1", "Transfer-Encoding: ,chunked\r\n"),
		   BAD);
	assert_err(with_fields("HTTP/1.1", "Transfer-Encoding: \r\n"), BAD);
}

static void te_and_length(void **state)
{
	(void)state;
	/* 6.3 item 3: Transfer-Encoding wins; the connection is not reused */
	assert_ok(with_fields("HTTP/1.1", "Content-Length: 10\r\n"
					  "Transfer-Encoding: chunked\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CHUNKED);
	assert_true(resp.te_and_length);
	assert_false(resp.keep_alive);
	assert_ok(with_fields("HTTP/1.1", "Transfer-Encoding: gzip\r\n"
					  "Content-Length: 10\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CLOSE);
	assert_true(resp.te_and_length);
	assert_false(resp.keep_alive);
	/* an invalid length is still an error */
	assert_err(with_fields("HTTP/1.1", "Content-Length: x\r\n"
					   "Transfer-Encoding: chunked\r\n"),
		   BAD);
}

static void content_length_rules(void **state)
{
	(void)state;
	assert_ok(with_fields("HTTP/1.1", "Content-Length: 0\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_LENGTH);
	assert_int_equal(resp.content_length, 0);
	assert_ok(with_fields("HTTP/1.1",
			      "Content-Length: 18446744073709551615\r\n"));
	assert_int_equal(resp.content_length, UINT64_MAX);
	/* identical repeated values fold into one (RFC 9110 8.6) */
	assert_ok(with_fields("HTTP/1.1", "Content-Length: 5, 5\r\n"));
	assert_int_equal(resp.content_length, 5);
	assert_ok(with_fields("HTTP/1.1",
			      "Content-Length: 5\r\nContent-Length: 5\r\n"));
	assert_int_equal(resp.content_length, 5);
	/* 6.3 item 5: conflicting or invalid: an error */
	assert_err(with_fields("HTTP/1.1", "Content-Length: 5, 6\r\n"), BAD);
	assert_err(with_fields("HTTP/1.1",
			       "Content-Length: 5\r\nContent-Length: 6\r\n"),
		   BAD);
	assert_err(with_fields("HTTP/1.1", "Content-Length: -1\r\n"), BAD);
	assert_err(with_fields("HTTP/1.1", "Content-Length: +1\r\n"), BAD);
	assert_err(with_fields("HTTP/1.1", "Content-Length: 0x10\r\n"), BAD);
	assert_err(with_fields("HTTP/1.1", "Content-Length: 1 2\r\n"), BAD);
	assert_err(with_fields("HTTP/1.1", "Content-Length:\r\n"), BAD);
	assert_err(with_fields("HTTP/1.1", "Content-Length: 5,\r\n"), BAD);
	assert_err(
	    with_fields("HTTP/1.1", "Content-Length: 18446744073709551616\r\n"),
	    BAD);
	/* even where there is no body: malformed is malformed */
	assert_err(
	    parse_method("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n",
			 WARD_HTTP_HEAD),
	    BAD);
	/* 6.3 item 8: neither field: until the server closes */
	assert_ok(with_fields("HTTP/1.1", "Content-Type: text/html\r\n"));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CLOSE);
	assert_false(resp.keep_alive);
}

static void persistence(void **state)
{
	(void)state;
	const char *cl = "Content-Length: 0\r\n";
	assert_ok(with_fields("HTTP/1.1", cl));
	assert_true(resp.keep_alive);
	assert_ok(with_fields("HTTP/1.1", "Connection: Close\r\n"
					  "Content-Length: 0\r\n"));
	assert_false(resp.keep_alive);
	assert_ok(with_fields("HTTP/1.1", "Connection: upgrade, close\r\n"
					  "Content-Length: 0\r\n"));
	assert_false(resp.keep_alive);
	assert_ok(with_fields("HTTP/1.0", cl));
	assert_false(resp.keep_alive);
	assert_ok(with_fields("HTTP/1.0", "Connection: keep-alive\r\n"
					  "Content-Length: 0\r\n"));
	assert_true(resp.keep_alive);
	assert_ok(with_fields("HTTP/1.0", "Connection: keep-alive, close\r\n"
					  "Content-Length: 0\r\n"));
	assert_false(resp.keep_alive);
	assert_err(with_fields("HTTP/1.1", "Connection: close;x=1\r\n"), BAD);
}

static void limits(void **state)
{
	(void)state;
	ward_http_limits l;
	ward_http_limits_default(&l);
	char buf[512];
	/* the status line is bounded by max_request_line, before it ends */
	l.max_request_line = 32;
	memset(buf, 'x', sizeof buf);
	memcpy(buf, "HTTP/1.1 200 ", 13);
	assert_err(parse_m(buf, 200, &l, WARD_HTTP_GET),
		   WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	assert_err(parse_m(buf, 32, &l, WARD_HTTP_GET), WARD_ERR_WANT_INPUT);
	/* the whole head by max_header_bytes */
	ward_http_limits_default(&l);
	l.max_header_bytes = 64;
	snprintf(buf, sizeof buf,
		 "HTTP/1.1 200 OK\r\nA: %040d\r\nContent-Length: 0\r\n\r\n", 0);
	assert_err(parse_m(buf, strlen(buf), &l, WARD_HTTP_GET),
		   WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	l.max_header_bytes = strlen(buf);
	assert_ok(parse_m(buf, strlen(buf), &l, WARD_HTTP_GET));
	l.max_header_bytes = strlen(buf) - 1;
	assert_err(parse_m(buf, strlen(buf), &l, WARD_HTTP_GET),
		   WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	/* the field count by max_headers */
	ward_http_limits_default(&l);
	l.max_headers = 2;
	assert_ok(parse_m("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n", 31, &l,
			  WARD_HTTP_GET));
	assert_err(parse_m("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
			   38, &l, WARD_HTTP_GET),
		   WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	/* and never more than WARD_HTTP_MAX_HEADERS */
	static char many[8192];
	size_t n = (size_t)snprintf(many, sizeof many, "HTTP/1.1 200 OK\r\n");
	for (int i = 0; i <= WARD_HTTP_MAX_HEADERS; i++)
		n +=
		    (size_t)snprintf(many + n, sizeof many - n, "X: %d\r\n", i);
	n += (size_t)snprintf(many + n, sizeof many - n, "\r\n");
	assert_err(parse_m(many, n, NULL, WARD_HTTP_GET),
		   WARD_ERR_HTTP_HEADERS_TOO_LARGE);
}

static void incomplete_heads_wait(void **state)
{
	(void)state;
	const char *r = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n";
	size_t n = strlen(r);
	for (size_t i = 0; i < n; i++)
		assert_err(ward_http_parse_response((const uint8_t *)r, i, NULL,
						    WARD_HTTP_GET, &resp),
			   WARD_ERR_WANT_INPUT);
	assert_ok(ward_http_parse_response((const uint8_t *)r, n, NULL,
					   WARD_HTTP_GET, &resp));
	assert_int_equal(resp.head_len, n);
}

/* A chunked response whose trailers the decoder keeps. */
static void chunked_body_with_trailers(void **state)
{
	(void)state;
	char r[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
		   "Trailer: X-Sum\r\n\r\n"
		   "5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\nX-Sum: 42\r\n\r\n";
	size_t n = strlen(r);
	assert_ok(parse(r));
	assert_int_equal(resp.body, WARD_HTTP_BODY_CHUNKED);
	ward_http_chunked d;
	size_t used, body_len;
	int done = 0;
	ward_http_chunked_init(&d, UINT64_MAX, 4096);
	uint8_t *body = (uint8_t *)r + resp.head_len;
	assert_ok(ward_http_chunked_decode(&d, body, n - resp.head_len, &used,
					   &body_len, &done));
	assert_true(done);
	assert_int_equal(used, n - resp.head_len);
	assert_int_equal(body_len, 6);
	assert_memory_equal(body, "hello!", 6);
	assert_int_equal(d.trailers.len, strlen("X-Sum: 42\r\n"));
	assert_memory_equal(d.trailers.data, "X-Sum: 42\r\n", d.trailers.len);
	ward_http_chunked_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_simple_response),
	    cmocka_unit_test(status_line_rules),
	    cmocka_unit_test(field_rules),
	    cmocka_unit_test(no_body_statuses_and_methods),
	    cmocka_unit_test(interim_responses),
	    cmocka_unit_test(chunked_framing),
	    cmocka_unit_test(te_and_length),
	    cmocka_unit_test(content_length_rules),
	    cmocka_unit_test(persistence),
	    cmocka_unit_test(limits),
	    cmocka_unit_test(incomplete_heads_wait),
	    cmocka_unit_test(chunked_body_with_trailers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
