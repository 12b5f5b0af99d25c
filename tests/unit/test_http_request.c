/* http/request: the strict request head parser, one positive and one
 * negative case per rule, each asserting the exact status. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"

#include "http/http.h"

#define BAD WARD_ERR_HTTP_BAD_REQUEST

static ward_http_request req;

/* Every case is parsed twice: at once, and resumed as the bytes arrive
 * (one at a time for small heads), which must give the same verdict at
 * the same byte and the same request. */
static ward_err parse_both(const char *s, size_t n, const ward_http_limits *l)
{
	static ward_http_request resumed;
	const uint8_t *p = (const uint8_t *)s;
	ward_http_head_scan st;
	ward_http_head_scan_init(&st);
	size_t step = n <= 4096 ? 1 : 61, i = 0;
	ward_err r = WARD_ERR_WANT_INPUT;
	while (r == WARD_ERR_WANT_INPUT && i < n) {
		i = n - i < step ? n : i + step;
		r = ward_http_parse_request_resume(p, i, l, &resumed, &st);
	}
	if (n == 0)
		r = ward_http_parse_request_resume(p, 0, l, &resumed, &st);
	/* the same verdict on the bytes it stopped at */
	assert_int_equal(r, ward_http_parse_request(p, i, l, &req));
	ward_err err = ward_http_parse_request(p, n, l, &req);
	if (r == WARD_OK) {
		assert_int_equal(resumed.head_len, req.head_len);
		assert_int_equal(resumed.n_headers, req.n_headers);
		assert_int_equal(resumed.method, req.method);
		assert_true(resumed.target.p == req.target.p);
		assert_int_equal(resumed.content_length, req.content_length);
		assert_int_equal(resumed.keep_alive, req.keep_alive);
	}
	return err;
}

static ward_err parse_n(const char *s, size_t n)
{
	return parse_both(s, n, NULL);
}

static ward_err parse(const char *s)
{
	return parse_n(s, strlen(s));
}

static ward_err parse_lim(const char *s, const ward_http_limits *l)
{
	return parse_both(s, strlen(s), l);
}

/* A request line plus "Host: a" and the given fields. */
static ward_err with_fields(const char *fields)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "GET / HTTP/1.1\r\nHost: a\r\n%s\r\n",
		 fields);
	return parse(buf);
}

static void assert_slice(ward_slice s, const char *want)
{
	assert_int_equal(s.len, strlen(want));
	assert_memory_equal(s.p, want, s.len);
}

static void parses_simple_get(void **state)
{
	(void)state;
	const char *r = "GET /a/b?x=1&y HTTP/1.1\r\n"
			"Host: example.com\r\n"
			"User-Agent:  curl/8 \t\r\n"
			"Accept:*/*\r\n"
			"\r\n";
	assert_ok(parse(r));
	assert_int_equal(req.method, WARD_HTTP_GET);
	assert_slice(req.method_name, "GET");
	assert_slice(req.target, "/a/b?x=1&y");
	assert_slice(req.path, "/a/b");
	assert_slice(req.query, "x=1&y");
	assert_int_equal(req.version_minor, 1);
	assert_int_equal(req.n_headers, 3);
	assert_slice(req.headers[1].name, "User-Agent");
	assert_slice(req.headers[1].value, "curl/8");
	assert_slice(req.headers[2].value, "*/*");
	assert_slice(req.host, "example.com");
	assert_int_equal(req.head_len, strlen(r));
	assert_int_equal(req.keep_alive, 1);
	assert_int_equal(req.has_length, 0);
	assert_int_equal(req.chunked, 0);
	assert_int_equal(req.asterisk, 0);

	assert_ok(parse("GET /plain HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_slice(req.path, "/plain");
	assert_int_equal(req.query.len, 0);
}

static void every_prefix_wants_input(void **state)
{
	(void)state;
	const char *r = "\r\nPOST /upload?a HTTP/1.1\r\n"
			"Host: example.com:8443\r\n"
			"Content-Length: 3\r\n"
			"Connection: keep-alive\r\n"
			"\r\n";
	size_t n = strlen(r);
	for (size_t k = 0; k < n; k++)
		assert_err(parse_n(r, k), WARD_ERR_WANT_INPUT);
	assert_ok(parse_n(r, n));
	assert_int_equal(req.head_len, n);
	assert_int_equal(req.content_length, 3);
}

static void pipelined_requests_walk_by_head_len(void **state)
{
	(void)state;
	const char *r =
	    "POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n"
	    "abcd"
	    "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n"
	    "GET /3 HTTP/1.1\r\nHo";
	size_t n = strlen(r), off = 0;
	assert_ok(parse_n(r, n));
	assert_slice(req.path, "/1");
	off = req.head_len + (size_t)req.content_length;
	assert_ok(parse_n(r + off, n - off));
	assert_slice(req.path, "/2");
	off += req.head_len;
	assert_err(parse_n(r + off, n - off), WARD_ERR_WANT_INPUT);
}

static void methods_map_case_sensitively(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		ward_http_method m;
	} t[] = {
	    {"GET", WARD_HTTP_GET},	   {"HEAD", WARD_HTTP_HEAD},
	    {"POST", WARD_HTTP_POST},	   {"PUT", WARD_HTTP_PUT},
	    {"DELETE", WARD_HTTP_DELETE},  {"OPTIONS", WARD_HTTP_OPTIONS},
	    {"TRACE", WARD_HTTP_TRACE},	   {"PATCH", WARD_HTTP_PATCH},
	    {"get", WARD_HTTP_OTHER},	   {"BREW", WARD_HTTP_OTHER},
	    {"M-SEARCH", WARD_HTTP_OTHER}, {"GETS", WARD_HTTP_OTHER},
	};
	char buf[128];
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		snprintf(buf, sizeof buf, "%s / HTTP/1.1\r\nHost: a\r\n\r\n",
			 t[i].name);
		assert_ok(parse(buf));
		assert_int_equal(req.method, t[i].m);
		assert_slice(req.method_name, t[i].name);
	}
	/* a method is a token */
	assert_err(parse("GE(T / HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GE:T / HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse(" / HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
}

static void request_line_has_single_spaces(void **state)
{
	(void)state;
	assert_err(parse("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET /  HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1 \r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET /\tHTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET /\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET\r\n\r\n"), BAD);
	/* a space inside the target leaves garbage where the version is */
	assert_err(parse("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
}

static void target_bytes_are_visible_ascii(void **state)
{
	(void)state;
	assert_ok(parse("GET /~a-b_c.d!$&'()*+,;=:@%20?/? HTTP/1.1\r\n"
			"Host: a\r\n\r\n"));
	assert_err(parse("GET /\x01 HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET /\x80 HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	static const char nul[] = "GET /\0 HTTP/1.1\r\nHost: a\r\n\r\n";
	assert_err(parse_n(nul, sizeof nul - 1), BAD);
	/* refused as soon as seen, before the line ends */
	assert_err(parse("GET /\x01"), BAD);
	/* no fragment in a request-target */
	assert_err(parse("GET /a#frag HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	/* origin-form starts with '/' */
	assert_err(parse("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
}

static void asterisk_form_only_with_options(void **state)
{
	(void)state;
	assert_ok(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_int_equal(req.asterisk, 1);
	assert_int_equal(req.method, WARD_HTTP_OPTIONS);
	assert_err(parse("GET * HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
}

static void absolute_form_gives_path_and_host(void **state)
{
	(void)state;
	assert_ok(parse("GET http://example.com:8080/a/b?q=1 HTTP/1.1\r\n"
			"Host: other\r\n\r\n"));
	assert_slice(req.path, "/a/b");
	assert_slice(req.query, "q=1");
	/* RFC 9112 3.2.2: the target's authority wins over Host */
	assert_slice(req.host, "example.com:8080");
	assert_ok(parse("GET HTTPS://example.com HTTP/1.1\r\nHost: x\r\n\r\n"));
	assert_slice(req.path, "/");
	assert_int_equal(req.query.len, 0);
	assert_ok(parse("GET http://h?x HTTP/1.1\r\nHost: h\r\n\r\n"));
	assert_slice(req.path, "/");
	assert_slice(req.query, "x");
	assert_ok(
	    parse("OPTIONS http://[::1]:443/ HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_slice(req.host, "[::1]:443");

	assert_err(parse("GET ftp://h/ HTTP/1.1\r\nHost: h\r\n\r\n"), BAD);
	assert_err(parse("GET http:/h/ HTTP/1.1\r\nHost: h\r\n\r\n"), BAD);
	assert_err(parse("GET http:// HTTP/1.1\r\nHost: h\r\n\r\n"), BAD);
	assert_err(parse("GET http:///x HTTP/1.1\r\nHost: h\r\n\r\n"), BAD);
	assert_err(parse("GET http://u:p@h/ HTTP/1.1\r\nHost: h\r\n\r\n"), BAD);
	assert_err(parse("GET http://h:x/ HTTP/1.1\r\nHost: h\r\n\r\n"), BAD);
	/* a 1.1 request still needs Host (RFC 9112 3.2) */
	assert_err(parse("GET http://h/ HTTP/1.1\r\n\r\n"), BAD);
}

static void authority_form_only_with_connect(void **state)
{
	(void)state;
	assert_ok(parse("CONNECT example.com:443 HTTP/1.1\r\n"
			"Host: example.com:443\r\n\r\n"));
	assert_int_equal(req.method, WARD_HTTP_CONNECT);
	assert_slice(req.target, "example.com:443");
	assert_ok(
	    parse("CONNECT [2001:db8::1]:443 HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_err(parse("CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n"),
		   BAD);
	assert_err(parse("CONNECT example.com: HTTP/1.1\r\nHost: a\r\n\r\n"),
		   BAD);
	assert_err(parse("CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("CONNECT http://a:1/ HTTP/1.1\r\nHost: a\r\n\r\n"),
		   BAD);
	assert_err(parse("GET example.com:443 HTTP/1.1\r\nHost: a\r\n\r\n"),
		   BAD);
	assert_err(parse("CONNECT a:65536 HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
}

static void version_is_1_0_or_1_1(void **state)
{
	(void)state;
	assert_ok(parse("GET / HTTP/1.0\r\n\r\n"));
	assert_int_equal(req.version_minor, 0);
	assert_ok(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_int_equal(req.version_minor, 1);
	assert_err(parse("GET / HTTP/2.0\r\nHost: a\r\n\r\n"),
		   WARD_ERR_HTTP_VERSION_NOT_SUPPORTED);
	assert_err(parse("GET / HTTP/0.9\r\n\r\n"),
		   WARD_ERR_HTTP_VERSION_NOT_SUPPORTED);
	assert_err(parse("GET / HTTP/1.2\r\nHost: a\r\n\r\n"),
		   WARD_ERR_HTTP_VERSION_NOT_SUPPORTED);
	assert_err(parse("GET / http/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/11.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1x\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1,1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / FOO\r\nHost: a\r\n\r\n"), BAD);
}

static void lines_end_in_crlf(void **state)
{
	(void)state;
	assert_err(parse("GET / HTTP/1.1\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a\r\n\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n"), BAD);
	assert_err(parse("GET /\r HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a\r\n\rX"), BAD);
}

static void leading_empty_lines_are_ignored_but_bounded(void **state)
{
	(void)state;
	const char *r = "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n";
	assert_ok(parse(r));
	assert_int_equal(req.head_len, strlen(r));
	assert_ok(parse("\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n"
			"GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
	assert_err(parse("\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n"
			 "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
		   BAD);
	assert_err(parse("\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("\rGET / HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse(" GET / HTTP/1.1\r\nHost: a\r\n\r\n"), BAD);
}

static void long_request_line_is_414_while_incomplete(void **state)
{
	(void)state;
	char *big = malloc(10000);
	assert_non_null(big);
	memcpy(big, "GET /", 5);
	memset(big + 5, 'a', 9000 - 5);
	/* only part of the line has arrived */
	assert_err(parse_n(big, 9000), WARD_ERR_HTTP_URI_TOO_LONG);
	/* 8192 bytes of request line is still fine */
	size_t tail = strlen(" HTTP/1.1\r\nHost: a\r\n\r\n");
	memcpy(big + 8192 - 9, " HTTP/1.1\r\nHost: a\r\n\r\n", tail);
	assert_ok(parse_n(big, 8192 - 9 + tail));
	assert_err(parse_n(big, 8000), WARD_ERR_WANT_INPUT);
	memset(big + 5, 'a', 9000 - 5);
	memcpy(big + 8193 - 9, " HTTP/1.1\r\nHost: a\r\n\r\n", tail);
	assert_err(parse_n(big, 8193 - 9 + tail), WARD_ERR_HTTP_URI_TOO_LONG);
	free(big);

	ward_http_limits l;
	ward_http_limits_default(&l);
	l.max_request_line = 21;
	assert_ok(parse_lim("GET /0123456 HTTP/1.1\r\nHost: a\r\n\r\n", &l));
	assert_err(parse_lim("GET /01234567 HTTP/1.1\r\nHost: a\r\n\r\n", &l),
		   WARD_ERR_HTTP_URI_TOO_LONG);
	assert_err(parse_lim("GET /0123456789012345", &l), WARD_ERR_WANT_INPUT);
	assert_err(parse_lim("GET /01234567890123456", &l),
		   WARD_ERR_HTTP_URI_TOO_LONG);
}

static void field_syntax_is_strict(void **state)
{
	(void)state;
	assert_ok(with_fields("X-A: \t v a l \t\r\n"));
	assert_slice(req.headers[1].value, "v a l");
	assert_ok(with_fields("X-Empty:\r\n"));
	assert_int_equal(req.headers[1].value.len, 0);
	assert_ok(with_fields("X-Obs: caf\xc3\xa9\r\n"));
	assert_slice(req.headers[1].value, "caf\xc3\xa9");
	assert_ok(with_fields("!#$%&'*+-.^_`|~09az:x\r\n"));

	/* RFC 9112 5.1: no whitespace between name and colon */
	assert_err(with_fields("X-A : v\r\n"), BAD);
	assert_err(with_fields("X-A\t: v\r\n"), BAD);
	/* RFC 9112 5.2: obs-fold */
	assert_err(with_fields("X-A: v\r\n w\r\n"), BAD);
	assert_err(with_fields("X-A: v\r\n\tw\r\n"), BAD);
	/* RFC 9112 2.2: whitespace before the first field */
	assert_err(parse("GET / HTTP/1.1\r\n Host: a\r\n\r\n"), BAD);
	assert_err(with_fields(": v\r\n"), BAD);
	assert_err(with_fields("X-A v\r\n"), BAD);
	assert_err(with_fields("X(A): v\r\n"), BAD);
	assert_err(with_fields("X-\xc3\xa9: v\r\n"), BAD);
	/* control characters in values, except HTAB */
	assert_err(with_fields("X-A: a\x01z\r\n"), BAD);
	assert_err(with_fields("X-A: a\x1bz\r\n"), BAD);
	assert_err(with_fields("X-A: a\x7fz\r\n"), BAD);
	static const char nul_value[] = "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n";
	assert_err(parse_n(nul_value, sizeof nul_value - 1), BAD);
	static const char nul_name[] = "GET / HTTP/1.1\r\nHo\0st: a\r\n\r\n";
	assert_err(parse_n(nul_name, sizeof nul_name - 1), BAD);
}

static void too_many_fields_is_431(void **state)
{
	(void)state;
	char *buf = malloc(8192);
	assert_non_null(buf);
	size_t n = (size_t)sprintf(buf, "GET / HTTP/1.1\r\nHost: a\r\n");
	for (int i = 1; i < 100; i++)
		n += (size_t)sprintf(buf + n, "X-%d: v\r\n", i);
	memcpy(buf + n, "\r\n", 3);
	assert_ok(parse(buf));
	assert_int_equal(req.n_headers, 100);
	/* the 101st field fails as soon as it starts */
	n += (size_t)sprintf(buf + n, "X");
	assert_err(parse(buf), WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	for (int i = 100; i < 200; i++)
		n += (size_t)sprintf(buf + n, "X-%d: v\r\n", i);
	memcpy(buf + n, "\r\n", 3);
	assert_err(parse(buf), WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	free(buf);

	ward_http_limits l;
	ward_http_limits_default(&l);
	l.max_headers = 2;
	assert_ok(parse_lim("GET / HTTP/1.1\r\nHost: a\r\nB: b\r\n\r\n", &l));
	assert_err(
	    parse_lim("GET / HTTP/1.1\r\nHost: a\r\nB: b\r\nC: c\r\n\r\n", &l),
	    WARD_ERR_HTTP_HEADERS_TOO_LARGE);
}

static void big_head_is_431_while_incomplete(void **state)
{
	(void)state;
	char *buf = malloc(40000);
	assert_non_null(buf);
	size_t n = (size_t)sprintf(buf, "GET / HTTP/1.1\r\nHost: a\r\nX: ");
	memset(buf + n, 'v', 40000 - n);
	assert_err(parse_n(buf, 40000), WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	assert_err(parse_n(buf, 32768), WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	assert_err(parse_n(buf, 32767), WARD_ERR_WANT_INPUT);
	/* exactly max_header_bytes, CRLFCRLF included, is accepted */
	memcpy(buf + 32768 - 4, "\r\n\r\n", 4);
	assert_ok(parse_n(buf, 32768));
	assert_int_equal(req.head_len, 32768);
	memset(buf + 32768 - 4, 'v', 4);
	memcpy(buf + 32769 - 4, "\r\n\r\n", 4);
	assert_err(parse_n(buf, 32769), WARD_ERR_HTTP_HEADERS_TOO_LARGE);
	free(buf);
}

static void content_length_rules(void **state)
{
	(void)state;
	assert_ok(with_fields("Content-Length: 5\r\n"));
	assert_int_equal(req.has_length, 1);
	assert_int_equal(req.content_length, 5);
	assert_ok(with_fields("Content-Length: 0\r\n"));
	assert_int_equal(req.has_length, 1);
	assert_int_equal(req.content_length, 0);
	assert_ok(with_fields("Content-Length: 007\r\n"));
	assert_int_equal(req.content_length, 7);
	/* a repeated length, even an identical one, is refused: the
	 * stricter of RFC 9110 8.6's two choices */
	assert_err(with_fields("Content-Length: 5, 5\r\n"), BAD);
	assert_err(with_fields("content-length: 5\r\nCONTENT-LENGTH: 5\r\n"),
		   BAD);

	assert_err(with_fields("Content-Length: 5, 6\r\n"), BAD);
	assert_err(with_fields("Content-Length: 5\r\nContent-Length: 6\r\n"),
		   BAD);
	assert_err(with_fields("Content-Length: \r\n"), BAD);
	assert_err(with_fields("Content-Length: 5,\r\n"), BAD);
	assert_err(with_fields("Content-Length: -1\r\n"), BAD);
	assert_err(with_fields("Content-Length: +5\r\n"), BAD);
	assert_err(with_fields("Content-Length: 0x5\r\n"), BAD);
	assert_err(with_fields("Content-Length: 5 5\r\n"), BAD);
	assert_err(with_fields("Content-Length: 5.0\r\n"), BAD);
	assert_err(with_fields("Content-Length: 18446744073709551616\r\n"),
		   BAD);
	assert_err(with_fields("Content-Length: 99999999999999999999999\r\n"),
		   BAD);
}

static void body_limit_is_413_at_head_time(void **state)
{
	(void)state;
	assert_ok(with_fields("Content-Length: 1073741824\r\n"));
	assert_err(with_fields("Content-Length: 1073741825\r\n"),
		   WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);
	assert_err(with_fields("Content-Length: 18446744073709551615\r\n"),
		   WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);
	ward_http_limits l;
	ward_http_limits_default(&l);
	l.max_body = 10;
	assert_ok(parse_lim("PUT /f HTTP/1.1\r\nHost: a\r\n"
			    "Content-Length: 10\r\n\r\n",
			    &l));
	assert_err(parse_lim("PUT /f HTTP/1.1\r\nHost: a\r\n"
			     "Content-Length: 11\r\n\r\n",
			     &l),
		   WARD_ERR_HTTP_PAYLOAD_TOO_LARGE);
}

static void transfer_encoding_rules(void **state)
{
	(void)state;
	assert_ok(with_fields("Transfer-Encoding: chunked\r\n"));
	assert_int_equal(req.chunked, 1);
	assert_int_equal(req.has_length, 0);
	assert_ok(with_fields("Transfer-Encoding: Chunked\r\n"));
	assert_int_equal(req.chunked, 1);

	/* RFC 9112 6.1: both framings at once */
	assert_err(parse("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
			 "Transfer-Encoding: chunked\r\n\r\n"),
		   BAD);
	assert_err(with_fields("Transfer-Encoding: chunked\r\n"
			       "Content-Length: 5\r\n"),
		   BAD);
	/* RFC 9112 6.1: not in HTTP/1.0 */
	assert_err(
	    parse("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"),
	    BAD);
	/* RFC 9112 6.3: the final coding of a request must be chunked */
	assert_err(with_fields("Transfer-Encoding: gzip\r\n"), BAD);
	assert_err(with_fields("Transfer-Encoding: chunked, gzip\r\n"), BAD);
	assert_err(with_fields("Transfer-Encoding: chunked\r\n"
			       "Transfer-Encoding: gzip\r\n"),
		   BAD);
	/* RFC 9112 7.1: chunked once */
	assert_err(with_fields("Transfer-Encoding: chunked, chunked\r\n"), BAD);
	assert_err(with_fields("Transfer-Encoding: chunked\r\n"
			       "Transfer-Encoding: chunked\r\n"),
		   BAD);
	assert_err(with_fields("Transfer-Encoding: chunked;x=1\r\n"), BAD);
	assert_err(with_fields("Transfer-Encoding: \r\n"), BAD);
	assert_err(with_fields("Transfer-Encoding: , chunked\r\n"), BAD);
	assert_err(with_fields("Transfer-Encoding: chu nked\r\n"), BAD);
	assert_err(with_fields("Transfer-Encoding: gzip;=1, chunked\r\n"), BAD);
	/* other codings are valid but not implemented */
	assert_err(with_fields("Transfer-Encoding: gzip, chunked\r\n"),
		   WARD_ERR_HTTP_NOT_IMPLEMENTED);
	assert_err(with_fields("Transfer-Encoding: gzip\r\n"
			       "Transfer-Encoding: chunked\r\n"),
		   WARD_ERR_HTTP_NOT_IMPLEMENTED);
	assert_err(with_fields("Transfer-Encoding: x;a=\"b,c\" ; d = e, "
			       "chunked\r\n"),
		   WARD_ERR_HTTP_NOT_IMPLEMENTED);
}

static void host_rules(void **state)
{
	(void)state;
	assert_ok(parse("GET / HTTP/1.1\r\nHost: example.com:8443\r\n\r\n"));
	assert_slice(req.host, "example.com:8443");
	assert_ok(parse("GET / HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n"));
	assert_ok(parse("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
	assert_ok(
	    parse("GET / HTTP/1.1\r\nHost: xn--bcher-kva.example\r\n\r\n"));
	/* RFC 9112 3.2: empty when the URI has no authority */
	assert_ok(parse("GET / HTTP/1.1\r\nHost:\r\n\r\n"));
	assert_ok(parse("GET / HTTP/1.0\r\n\r\n"));
	assert_int_equal(req.host.len, 0);

	/* RFC 9112 3.2: 1.1 needs exactly one */
	assert_err(parse("GET / HTTP/1.1\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a b\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: u@a\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a:b\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: [::1\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a%zz\r\n\r\n"), BAD);
	assert_err(parse("GET / HTTP/1.1\r\nHost: a,b\xc3\xa9\r\n\r\n"), BAD);
}

static void connection_decides_keep_alive(void **state)
{
	(void)state;
	assert_ok(with_fields(""));
	assert_int_equal(req.keep_alive, 1);
	assert_ok(with_fields("Connection: close\r\n"));
	assert_int_equal(req.keep_alive, 0);
	assert_ok(with_fields("Connection: Upgrade, CLOSE\r\n"));
	assert_int_equal(req.keep_alive, 0);
	assert_ok(with_fields("Connection: keep-alive, , upgrade\r\n"));
	assert_int_equal(req.keep_alive, 1);
	assert_ok(parse("GET / HTTP/1.0\r\n\r\n"));
	assert_int_equal(req.keep_alive, 0);
	assert_ok(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
	assert_int_equal(req.keep_alive, 1);
	assert_ok(
	    parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n"));
	assert_int_equal(req.keep_alive, 0);
	/* connection-option = token */
	assert_err(with_fields("Connection: clo se\r\n"), BAD);
	assert_err(with_fields("Connection: close;x=1\r\n"), BAD);
}

static void expect_rules(void **state)
{
	(void)state;
	assert_ok(with_fields("Expect: 100-continue\r\n"));
	assert_int_equal(req.expect_continue, 1);
	assert_ok(with_fields("Expect: 100-Continue\r\n"));
	assert_int_equal(req.expect_continue, 1);
	assert_ok(with_fields(""));
	assert_int_equal(req.expect_continue, 0);
	/* RFC 9110 10.1.1: ignored in HTTP/1.0 */
	assert_ok(parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n"));
	assert_int_equal(req.expect_continue, 0);

	assert_err(with_fields("Expect: foo\r\n"),
		   WARD_ERR_HTTP_EXPECTATION_FAILED);
	assert_err(with_fields("Expect: 100-continue, foo\r\n"),
		   WARD_ERR_HTTP_EXPECTATION_FAILED);
	assert_err(with_fields("Expect: 100-continue;x=1\r\n"),
		   WARD_ERR_HTTP_EXPECTATION_FAILED);
	/* broken framing is reported before the expectation */
	assert_err(with_fields("Expect: foo\r\nContent-Length: 1, 2\r\n"), BAD);
}

static void te_trailers(void **state)
{
	(void)state;
	assert_ok(with_fields("TE: trailers\r\n"));
	assert_int_equal(req.te_trailers, 1);
	assert_ok(with_fields("TE: deflate;q=0.5, Trailers\r\n"));
	assert_int_equal(req.te_trailers, 1);
	assert_ok(with_fields("TE: trailersx\r\n"));
	assert_int_equal(req.te_trailers, 0);
	assert_ok(with_fields(""));
	assert_int_equal(req.te_trailers, 0);
}

static void header_get_ignores_case(void **state)
{
	(void)state;
	ward_slice v;
	assert_ok(with_fields("X-Thing: one\r\nx-thing: two\r\n"));
	assert_true(ward_http_header_get(&req, "x-THING", &v));
	assert_slice(v, "one");
	assert_true(ward_http_header_get(&req, "host", &v));
	assert_slice(v, "a");
	assert_false(ward_http_header_get(&req, "X-Thin", &v));
	assert_false(ward_http_header_get(&req, "X-Things", &v));
}

static void limits_default(void **state)
{
	(void)state;
	ward_http_limits l;
	ward_http_limits_default(&l);
	assert_int_equal(l.max_request_line, 8192);
	assert_int_equal(l.max_header_bytes, 32768);
	assert_int_equal(l.max_headers, 100);
	assert_true(l.max_body == (uint64_t)1 << 30);
}

/* A 32 KiB head that arrives a byte at a time is scanned once (and walked
 * once more when whole), not from the start on every byte. */
static void resumed_scan_is_linear(void **state)
{
	(void)state;
	enum { N = 32768 };
	static char buf[N];
	const char *line = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: ";
	size_t k = strlen(line);
	memcpy(buf, line, k);
	memset(buf + k, 'v', N - k - 4);
	memcpy(buf + N - 4, "\r\n\r\n", 4);
	ward_http_head_scan st;
	ward_http_head_scan_init(&st);
	size_t pos = 0;
	for (size_t i = 1; i < N; i++) {
		assert_err(ward_http_parse_request_resume((const uint8_t *)buf,
							  i, NULL, &req, &st),
			   WARD_ERR_WANT_INPUT);
		/* the resume point follows the bytes */
		assert_true(st.pos >= pos && st.pos + 1 >= i);
		pos = st.pos;
	}
	assert_ok(ward_http_parse_request_resume((const uint8_t *)buf, N, NULL,
						 &req, &st));
	assert_int_equal(req.head_len, N);
	assert_int_equal(req.n_headers, 2);
	/* each byte once while incomplete (a CR at the end twice), once in
	 * the final walk */
	assert_true(st.examined <= 2 * (uint64_t)N + 8);
	/* the bytes may move between calls: offsets, not pointers */
	static char moved[N];
	memcpy(moved, buf, N);
	ward_http_head_scan_init(&st);
	assert_err(ward_http_parse_request_resume((const uint8_t *)buf, N / 2,
						  NULL, &req, &st),
		   WARD_ERR_WANT_INPUT);
	assert_ok(ward_http_parse_request_resume((const uint8_t *)moved, N,
						 NULL, &req, &st));
	assert_true(req.headers[1].value.p > (const uint8_t *)moved);
	assert_int_equal(req.headers[1].value.len, N - k - 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parses_simple_get),
	    cmocka_unit_test(resumed_scan_is_linear),
	    cmocka_unit_test(every_prefix_wants_input),
	    cmocka_unit_test(pipelined_requests_walk_by_head_len),
	    cmocka_unit_test(methods_map_case_sensitively),
	    cmocka_unit_test(request_line_has_single_spaces),
	    cmocka_unit_test(target_bytes_are_visible_ascii),
	    cmocka_unit_test(asterisk_form_only_with_options),
	    cmocka_unit_test(absolute_form_gives_path_and_host),
	    cmocka_unit_test(authority_form_only_with_connect),
	    cmocka_unit_test(version_is_1_0_or_1_1),
	    cmocka_unit_test(lines_end_in_crlf),
	    cmocka_unit_test(leading_empty_lines_are_ignored_but_bounded),
	    cmocka_unit_test(long_request_line_is_414_while_incomplete),
	    cmocka_unit_test(field_syntax_is_strict),
	    cmocka_unit_test(too_many_fields_is_431),
	    cmocka_unit_test(big_head_is_431_while_incomplete),
	    cmocka_unit_test(content_length_rules),
	    cmocka_unit_test(body_limit_is_413_at_head_time),
	    cmocka_unit_test(transfer_encoding_rules),
	    cmocka_unit_test(host_rules),
	    cmocka_unit_test(connection_decides_keep_alive),
	    cmocka_unit_test(expect_rules),
	    cmocka_unit_test(te_trailers),
	    cmocka_unit_test(header_get_ignores_case),
	    cmocka_unit_test(limits_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
